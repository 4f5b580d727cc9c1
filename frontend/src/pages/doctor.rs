//! `/doctor`: the doctor's landing page. "My patients" is empty until the organizer assigns
//! patients (a later release); the page says so.

use common::auth::Role;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::*;
use crate::session::{RequireRole, use_session};

#[component]
pub fn DoctorPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, doctor.page_title).to_owned() />
        <RequireRole roles=&[Role::Doctor]>
            <DoctorHome />
        </RequireRole>
    }
}

#[component]
fn DoctorHome() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    move || {
        session.me().map(|me| {
            let org = me.current.organization_name.clone().unwrap_or_default();
            view! {
                <section class="page" data-page="doctor">
                    <header class="page-header">
                        <p class="page-header__eyebrow">{org}" · "{t!(i18n, roles.doctor)}</p>
                        <h1>{let n = me.display_name.clone(); move || t_string!(i18n, doctor.greeting, name = n.clone()).to_string()}</h1>
                    </header>
                    <section class="card" aria-labelledby="my-patients">
                        <h2 id="my-patients">{t!(i18n, doctor.patients_title)}</h2>
                        <div class="empty-panel empty-panel--flat" data-testid="patients-empty">
                            <span class="empty-panel__icon" aria-hidden="true">
                                <svg viewBox="0 0 24 24" width="28" height="28" focusable="false">
                                    <path d="M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8a7 7 0 0 1 14 0" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
                                </svg>
                            </span>
                            <p class="empty-panel__title">{t!(i18n, doctor.patients_empty)}</p>
                            <p class="hint">{t!(i18n, doctor.patients_hint)}</p>
                        </div>
                    </section>
                </section>
            }
        })
    }
}
