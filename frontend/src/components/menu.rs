//! A row's actions in one menu ("Действия ▾", issue 14): a `<details>` disclosure, so it works
//! with the keyboard and a screen reader without script; it closes after a choice, on Escape
//! (focus back on its button) and when focus leaves it.

use leptos::ev::{FocusEvent, KeyboardEvent};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn RowMenu(
    #[prop(into)] label: TextProp,
    #[prop(optional)] testid: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let details = NodeRef::<leptos::html::Details>::new();
    let close = move || {
        if let Some(d) = details.get() {
            d.set_open(false);
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        let Some(d) = details.get().filter(|d| ev.key() == "Escape" && d.open()) else { return };
        ev.prevent_default();
        d.set_open(false);
        if let Some(summary) =
            d.query_selector("summary").ok().flatten().and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = summary.focus();
        }
    };
    let on_focusout = move |ev: FocusEvent| {
        let Some(d) = details.get() else { return };
        let inside =
            ev.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()).is_some_and(|n| d.contains(Some(&n)));
        if !inside {
            d.set_open(false);
        }
    };
    view! {
        <details class="row-menu" node_ref=details on:keydown=on_keydown on:focusout=on_focusout data-testid=testid>
            <summary class="btn btn--secondary btn--small row-menu__toggle">
                {move || label.get()}<span aria-hidden="true">" ▾"</span>
            </summary>
            <div class="row-menu__list" on:click=move |_| close()>{children()}</div>
        </details>
    }
}
