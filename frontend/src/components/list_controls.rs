//! The toolbar of a list: a search box that waits for the typing to pause, and a sort selector.

use common::admin::SortOrder;
use leptos::prelude::*;
use leptos::text_prop::TextProp;

use crate::api::organization::sort_str;
use crate::i18n::*;

/// A search input: `value` follows every keystroke; `query` is set 300 ms after the last one
/// (and `page` goes back to 1), so the list reloads once per pause.
#[component]
pub fn SearchBox(
    id: &'static str,
    #[prop(into)] label: TextProp,
    query: RwSignal<String>,
    page: RwSignal<u32>,
    #[prop(optional, into)] placeholder: Option<TextProp>,
) -> impl IntoView {
    let value = RwSignal::new(query.get_untracked());
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        value.set(text.clone());
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                page.set(1);
                query.set(text.clone());
            },
            std::time::Duration::from_millis(300),
        )
        .ok();
        timer.set_value(handle);
    };
    let label_for_placeholder = label.clone();
    view! {
        <div class="toolbar__item toolbar__item--grow">
            <label class="visually-hidden" for=id>{move || label.get()}</label>
            <input
                id=id
                class="input toolbar__search"
                type="search"
                autocomplete="off"
                placeholder=move || placeholder.as_ref().unwrap_or(&label_for_placeholder).get()
                prop:value=move || value.get()
                on:input=on_input
            />
        </div>
    }
}

/// "Sort: by name / newest first / oldest first"; changing it goes back to page 1.
#[component]
pub fn SortSelect(id: &'static str, sort: RwSignal<SortOrder>, page: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let option = move |order: SortOrder| {
        let text = move || match order {
            SortOrder::Name => t_string!(i18n, list.sort_name),
            SortOrder::Newest => t_string!(i18n, list.sort_newest),
            SortOrder::Oldest => t_string!(i18n, list.sort_oldest),
        };
        view! { <option value=sort_str(order) selected=move || sort.get() == order>{text}</option> }
    };
    view! {
        <div class="toolbar__item toolbar__item--sort">
            <label class="toolbar__label" for=id>{t!(i18n, list.sort_label)}</label>
            <select
                id=id
                class="select"
                on:change=move |ev| {
                    let order = match event_target_value(&ev).as_str() {
                        "newest" => SortOrder::Newest,
                        "oldest" => SortOrder::Oldest,
                        _ => SortOrder::Name,
                    };
                    page.set(1);
                    sort.set(order);
                }
            >
                {option(SortOrder::Name)}
                {option(SortOrder::Newest)}
                {option(SortOrder::Oldest)}
            </select>
        </div>
    }
}
