//! Small building blocks of the staff and account pages: a modal dialog, toasts, badges,
//! pagination, role names. The form fields live in [`crate::components::form`] (re-exported
//! here for the pages that import them from this module); dates and times in [`super::datetime`].

use common::auth::{MembershipStatus, Role};
use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_i18n::I18nContext;

pub use crate::components::form::{
    CheckboxField, FieldErr, FieldKind, FormAlert, PasswordField, TextAreaField, TextField, too_long_text,
};
pub use crate::components::icons::AlertIcon;
use crate::i18n::*;

/// The Russian / English name of a role (GLOSSARY).
pub fn role_label(i18n: I18nContext<Locale>, role: Role) -> &'static str {
    match role {
        Role::Operator => t_string!(i18n, roles.operator),
        Role::Organizer => t_string!(i18n, roles.organizer),
        Role::Doctor => t_string!(i18n, roles.doctor),
        Role::Instructor => t_string!(i18n, roles.instructor),
        Role::Assistant => t_string!(i18n, roles.assistant),
        Role::Patient => t_string!(i18n, roles.patient),
    }
}

/// A status badge: text and an icon-like dot, never color alone.
#[component]
pub fn StatusBadge(status: MembershipStatus) -> impl IntoView {
    let (class, text): (&str, fn(I18nContext<Locale>) -> &'static str) = match status {
        MembershipStatus::Pending => ("badge badge--warning", |i| t_string!(i, membership_status.pending)),
        MembershipStatus::Active => ("badge badge--success", |i| t_string!(i, membership_status.active)),
        MembershipStatus::Deactivated => ("badge badge--danger", |i| t_string!(i, membership_status.deactivated)),
    };
    view! { <DotBadge class=class status=status.as_str() text=text /> }
}

/// A badge with a dot (its state in words, never color alone): `data-status` for the tests.
#[component]
pub fn DotBadge(
    class: &'static str,
    status: &'static str,
    text: fn(I18nContext<Locale>) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=class data-status=status>
            <span class="badge__dot" aria-hidden="true"></span>
            {move || text(i18n)}
        </span>
    }
}

/// A modal dialog (native `<dialog>`: focus kept inside, Escape closes). The content is
/// mounted while open, so every opening starts with a fresh form.
#[component]
pub fn Modal(
    id: &'static str,
    open: RwSignal<bool>,
    #[prop(into)] title: TextProp,
    children: ChildrenFn,
) -> impl IntoView {
    let dialog_ref = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let is_open = open.get();
        if let Some(dialog) = dialog_ref.get() {
            if is_open && !dialog.open() {
                let _ = dialog.show_modal();
            } else if !is_open && dialog.open() {
                dialog.close();
            }
        }
    });
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <dialog id=id class="dialog" node_ref=dialog_ref aria-labelledby=labelled_by on:close=move |_| open.set(false)>
            <h2 id=title_id class="dialog__title">{move || title.get()}</h2>
            <Show when=move || open.get()>{children()}</Show>
        </dialog>
    }
}

/// One toast: a confirmation that goes away by itself, or a notice with a link (a live alert)
/// that stays until closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    /// `(href, link text)`.
    pub link: Option<(String, String)>,
}

/// The toast context: short confirmations at the bottom of the screen.
#[derive(Debug, Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next: RwSignal<u64>,
}

/// At most this many notices with a link stay on screen (the oldest goes first).
const MAX_NOTICES: usize = 3;

impl Toasts {
    pub fn push(self, text: impl Into<String>) {
        let id = self.add(text.into(), None);
        let items = self.items;
        set_timeout(move || items.update(|items| items.retain(|t| t.id != id)), std::time::Duration::from_secs(6));
    }

    /// A notice with a link (e.g. to the patient of a new alert): it stays until closed, since
    /// it asks for an action.
    pub fn push_link(self, text: impl Into<String>, href: impl Into<String>, link_text: impl Into<String>) {
        self.add(text.into(), Some((href.into(), link_text.into())));
        self.items.update(|items| {
            while items.iter().filter(|t| t.link.is_some()).count() > MAX_NOTICES {
                if let Some(pos) = items.iter().position(|t| t.link.is_some()) {
                    items.remove(pos);
                }
            }
        });
    }

    pub fn dismiss(self, id: u64) {
        self.items.update(|items| items.retain(|t| t.id != id));
    }

    fn add(self, text: String, link: Option<(String, String)>) -> u64 {
        let id = self.next.get_untracked();
        self.next.set(id + 1);
        self.items.update(|items| items.push(Toast { id, text, link }));
        id
    }
}

pub fn provide_toasts() {
    provide_context(Toasts { items: RwSignal::new(Vec::new()), next: RwSignal::new(0) });
}

pub fn use_toasts() -> Toasts {
    use_context::<Toasts>().unwrap_or(Toasts { items: RwSignal::new(Vec::new()), next: RwSignal::new(0) })
}

/// Where toasts appear; a polite live region.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            <For each=move || toasts.items.get() key=|t| t.id let:item>
                {match item.link {
                    None => view! {
                        <div class="toast" data-testid="toast">
                            <crate::components::icons::Icon d=crate::components::icons::CHECK_PATH stroke_width="2.5" />
                            <span>{item.text}</span>
                        </div>
                    }.into_any(),
                    Some((href, link_text)) => {
                        let id = item.id;
                        view! {
                            <div class="toast toast--notice" data-testid="toast">
                                <crate::components::icons::WarningIcon />
                                <span class="toast__text">
                                    <span>{item.text}</span>
                                    <a class="toast__link" href=href on:click=move |_| toasts.dismiss(id)>{link_text}</a>
                                </span>
                                <button type="button" class="toast__close" on:click=move |_| toasts.dismiss(id)
                                    aria-label=move || t_string!(i18n, common.close)>
                                    <crate::components::icons::CloseIcon />
                                </button>
                            </div>
                        }.into_any()
                    }
                }}
            </For>
        </div>
    }
}

/// "1–20 of 45" with previous / next buttons.
#[component]
pub fn Pagination(page: RwSignal<u32>, per_page: u32, #[prop(into)] total: Signal<u64>) -> impl IntoView {
    let i18n = use_i18n();
    let range = move || {
        let p = u64::from(page.get());
        let total = total.get();
        let from = if total == 0 { 0 } else { (p - 1) * u64::from(per_page) + 1 };
        let to = (p * u64::from(per_page)).min(total);
        t_string!(i18n, pagination.range, from = from, to = to, total = total).to_string()
    };
    // Comparisons stay out of `view!` attributes: a bare `>` there closes the tag (issue 12).
    let pages = move || total.get().div_ceil(u64::from(per_page)).max(1);
    let on_first = move || page.get() <= 1;
    let on_last = move || u64::from(page.get()) >= pages();
    view! {
        <Show when=move || { total.get() > u64::from(per_page) }>
            <nav class="pagination" aria-label=move || t_string!(i18n, pagination.label)>
                <button
                    type="button"
                    class="btn btn--secondary"
                    data-testid="page-previous"
                    disabled=on_first
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))
                >
                    {move || t_string!(i18n, pagination.previous)}
                </button>
                <span class="pagination__range">{range}</span>
                <button
                    type="button"
                    class="btn btn--secondary"
                    data-testid="page-next"
                    disabled=on_last
                    on:click=move |_| page.update(|p| *p += 1)
                >
                    {move || t_string!(i18n, pagination.next)}
                </button>
            </nav>
        </Show>
    }
}

/// Moves the focus to the first link or button inside `el` (a sheet or a drawer just opened).
pub fn focus_first(el: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    if let Ok(Some(first)) = el.query_selector("a[href], button:not([disabled])")
        && let Ok(first) = first.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = first.focus();
    }
}
