//! Long user text (news) collapsed to its first lines with "Читать далее" / "Read more",
//! expanded in place by a real button that says whether the text is expanded.

use leptos::prelude::*;

use crate::i18n::*;

/// More than this many characters, or lines, and the text starts collapsed.
const LONG_CHARS: usize = 400;
const LONG_LINES: usize = 6;

/// Whether `text` starts collapsed.
pub fn is_long(text: &str) -> bool {
    text.chars().count() > LONG_CHARS || text.lines().count() > LONG_LINES
}

/// `text` in a `<p class=class>`; a long one is clamped to a few lines (CSS) with a toggle.
/// `id` must be unique on the page (the toggle's `aria-controls`).
#[component]
pub fn LongText(text: String, id: String, #[prop(default = "")] class: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let long = is_long(&text);
    let expanded = RwSignal::new(false);
    let collapsed = move || long && !expanded.get();
    let toggle_label =
        move || if expanded.get() { t_string!(i18n, common.read_less) } else { t_string!(i18n, common.read_more) };
    let aria_expanded = move || if expanded.get() { "true" } else { "false" };
    view! {
        <p id=id.clone() class=class class:long-text--collapsed=collapsed data-testid="long-text">{text}</p>
        {long.then(|| view! {
            <button
                type="button"
                class="btn btn--ghost btn--small long-text__toggle"
                aria-expanded=aria_expanded
                aria-controls=id.clone()
                on:click=move |_| expanded.update(|e| *e = !*e)
            >
                {toggle_label}
            </button>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_means_many_characters_or_many_lines() {
        assert!(!is_long("Короткая новость."));
        assert!(is_long(&"щ".repeat(401)));
        assert!(!is_long(&"щ".repeat(400)));
        assert!(is_long("1\n2\n3\n4\n5\n6\n7"));
    }
}
