//! `/home`: the instructor's home. At this release an instructor has an account in his
//! organization and his own data to keep (name, email, password); the page says so and leads
//! there, and promises nothing that does not exist yet. A patient lands in his cabinet instead.

use common::auth::Role;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::page::{EmptyPanel, RolePage};
use crate::components::ui::role_label;
use crate::i18n::*;
use crate::routes::AppRoute;
use crate::session::use_session;

#[component]
pub fn WorkplacePage() -> impl IntoView {
    view! {
        <RolePage title=|i| t_string!(i, workplace.page_title) roles=&[Role::Instructor]>
            <Workplace />
        </RolePage>
    }
}

#[component]
fn Workplace() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    move || {
        session.me().map(|me| {
            let role = me.current.role;
            let org = me.current.organization_name.clone().unwrap_or_default();
            view! {
                <section class="page" data-page="workplace">
                    <header class="page-header">
                        <p class="page-header__eyebrow">{org}" · "{move || role_label(i18n, role)}</p>
                        <h1>{let n = me.display_name.clone(); move || t_string!(i18n, workplace.greeting, name = n.clone()).to_string()}</h1>
                    </header>
                    <EmptyPanel
                        icon="M4 20V9l8-5 8 5v11M9 20v-6h6v6"
                        title=move || t_string!(i18n, workplace.active_title)
                        text=move || t_string!(i18n, workplace.profile_text)
                    >
                        <A href=AppRoute::Profile.path() attr:class="btn btn--primary">{t!(i18n, nav.profile_edit)}</A>
                        <p class="hint">{t!(i18n, workplace.roles_hint)}</p>
                    </EmptyPanel>
                </section>
            }
        })
    }
}
