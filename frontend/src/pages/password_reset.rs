//! `/password-reset`: the target of "Forgot password?"; the two-step reset by an emailed code
//! (ACC-6) replaces this page when the server offers it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::i18n::*;
use crate::routes::AppRoute;

#[component]
pub fn PasswordResetPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, reset.page_title).to_owned() />
        <section class="narrow-page card">
            <h1>{t!(i18n, reset.title)}</h1>
            <p>{t!(i18n, reset.text)}</p>
            <A href=AppRoute::Login.path() attr:class="btn btn--secondary">{t!(i18n, reset.back_to_login)}</A>
        </section>
    }
}
