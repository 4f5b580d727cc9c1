//! The root component: translations, router, layout.

use leptos::prelude::*;
use leptos_i18n::context::CookieOptions;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::{NavigateOptions, StaticSegment};

use crate::api;
use crate::components::layout::Layout;
use crate::i18n::*;
use crate::pages::{home::HomePage, login::LoginPage, not_found::NotFoundPage, password_reset::PasswordResetPage};
use crate::routes::AppRoute;

/// The cookie that remembers the chosen language in this browser.
const LANG_COOKIE: &str = "oncocenter_lang";
/// One year, in milliseconds (leptos-use's unit).
const LANG_COOKIE_MAX_AGE_MS: i64 = 365 * 24 * 60 * 60 * 1000;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Russian unless this browser chose otherwise (not the browser's language: the product's
    // users are Russian-speaking first).
    let cookie_options = CookieOptions::<Locale>::default()
        .max_age(LANG_COOKIE_MAX_AGE_MS)
        .path("/".to_owned())
        .default_value(Some(Locale::ru));

    view! {
        <I18nContextProvider cookie_name=LANG_COOKIE cookie_options=cookie_options>
            <AppTitle />
            <Router>
                <SessionExpiredRedirect />
                <Layout>
                    <Routes fallback=NotFoundPage>
                        <Route path=StaticSegment(AppRoute::Home.segment()) view=HomePage />
                        <Route path=StaticSegment(AppRoute::Login.segment()) view=LoginPage />
                        <Route
                            path=StaticSegment(AppRoute::PasswordReset.segment())
                            view=PasswordResetPage
                        />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}

/// `<title>`: "page — ОнкоЦентр"; pages set their part with `<Title text=…>`.
#[component]
fn AppTitle() -> impl IntoView {
    let i18n = use_i18n();
    let formatter = move |page: String| {
        let app = t_string!(i18n, app_name).to_string();
        if page.is_empty() { app } else { format!("{page} — {app}") }
    };
    view! { <Title formatter=formatter /> }
}

/// A 401 on an authorized API call sends the user to the login page.
#[component]
fn SessionExpiredRedirect() -> impl IntoView {
    let navigate = use_navigate();
    api::on_session_expired(move || navigate(AppRoute::Login.path(), NavigateOptions::default()));
}
