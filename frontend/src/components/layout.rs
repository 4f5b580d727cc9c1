//! The page frame: header (product, language), an optional side menu for staff pages, the
//! content, and a footer with the service status.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::lang_switch::LangSwitch;
use crate::components::service_status::ServiceStatus;
use crate::i18n::*;
use crate::routes::AppRoute;

#[component]
pub fn Layout(
    /// The side menu of staff pages; pages without one use the full width.
    #[prop(optional)]
    sidebar: Option<Children>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let has_sidebar = sidebar.is_some();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="app-header">
            <div class="app-header__inner">
                <A href=AppRoute::Home.path() attr:class="brand" attr:aria-label=move || t_string!(i18n, nav.home_link)>
                    <Logo />
                    <span class="brand__name">{t!(i18n, app_name)}</span>
                </A>
                <div class="app-header__actions">
                    <LangSwitch />
                </div>
            </div>
        </header>
        <div class="app-body" class:app-body--with-sidebar=has_sidebar>
            {sidebar.map(|s| view! {
                <nav class="sidebar" aria-label=move || t_string!(i18n, nav.main_menu)>{s()}</nav>
            })}
            <main id="main" class="app-main" tabindex="-1">{children()}</main>
        </div>
        <footer class="app-footer">
            <div class="app-footer__inner">
                <span class="app-footer__name">{t!(i18n, app_tagline)}</span>
                <ServiceStatus />
            </div>
        </footer>
    }
}

/// The product mark: a calm cross inside a circle; decorative (the name is next to it).
#[component]
fn Logo() -> impl IntoView {
    view! {
        <svg class="brand__logo" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
            <circle cx="16" cy="16" r="15" fill="currentColor" />
            <path d="M13 8h6v5h5v6h-5v5h-6v-5H8v-6h5z" fill="#fff" />
        </svg>
    }
}
