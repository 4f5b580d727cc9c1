//! Any client route the router does not know.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::i18n::*;
use crate::routes::AppRoute;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, not_found.page_title).to_owned() />
        <section class="narrow-page empty-state" data-page="not-found">
            <p class="empty-state__code" aria-hidden="true">"404"</p>
            <h1>{t!(i18n, not_found.title)}</h1>
            <p>{t!(i18n, not_found.text)}</p>
            <A href=AppRoute::Home.path() attr:class="btn btn--primary">{t!(i18n, not_found.home)}</A>
        </section>
    }
}
