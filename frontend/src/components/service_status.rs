//! The footer line "the service is up", from `GET /api/v1/health`. The version is for staff
//! (it helps a support call); a patient or a visitor reads only that the service works.

use common::auth::Role;
use leptos::prelude::*;

use crate::api;
use crate::i18n::*;
use crate::session::use_session;

#[component]
pub fn ServiceStatus() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let staff = move || session.role().is_some_and(|r| r != Role::Patient);
    let health = LocalResource::new(api::health);
    view! {
        <p class="service-status" aria-live="polite">
            <span class="visually-hidden">{t!(i18n, status.label)}</span>
            <Suspense fallback=move || view! {
                <span class="service-status__dot service-status__dot--unknown" aria-hidden="true"></span>
                <span data-status="checking">{t!(i18n, status.checking)}</span>
            }>
                {move || Suspend::new(async move {
                    match health.await {
                        Ok(h) => {
                            let version = h.version;
                            view! {
                                <span class="service-status__dot service-status__dot--ok" aria-hidden="true"></span>
                                <span data-status="ok">{move || if staff() {
                                    t_string!(i18n, status.ok, version = version.clone()).to_string()
                                } else {
                                    t_string!(i18n, status.ok_plain).to_owned()
                                }}</span>
                            }.into_any()
                        }
                        Err(_) => view! {
                            <span class="service-status__dot service-status__dot--down" aria-hidden="true"></span>
                            <span data-status="down">{t!(i18n, status.down)}</span>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </p>
    }
}
