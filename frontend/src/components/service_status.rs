//! The footer line "the service is up, version …", from `GET /api/v1/health`.

use leptos::prelude::*;

use crate::api;
use crate::i18n::*;

#[component]
pub fn ServiceStatus() -> impl IntoView {
    let i18n = use_i18n();
    let health = LocalResource::new(api::public::health);
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
                                <span data-status="ok">{t!(i18n, status.ok, version = move || version.clone())}</span>
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
