//! `/`: what OncoCenter is, for whom, and the way in. The patient's part lists only what the
//! cabinet offers at this release ([`common::features::CABINET`]).

use common::features::{CABINET, CabinetFeature};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::i18n::*;
use crate::routes::AppRoute;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, home.page_title).to_owned() />
        <section class="hero" aria-labelledby="hero-title">
            <div class="hero__text">
                <h1 id="hero-title" class="hero__title">{t!(i18n, home.hero_title)}</h1>
                <p class="hero__lead">{t!(i18n, home.hero_lead)}</p>
                <div class="hero__actions">
                    <A href=AppRoute::Login.path() attr:class="btn btn--primary btn--large">
                        {t!(i18n, home.login_button)}
                    </A>
                    <p class="hint">{t!(i18n, home.login_hint)}</p>
                </div>
            </div>
            <HeroIllustration />
        </section>
        <section class="audiences" aria-labelledby="audiences-title">
            <h2 id="audiences-title" class="section-title">{t!(i18n, home.audiences_title)}</h2>
            <ul class="card-grid" role="list">
                <li class="card feature">
                    <FeatureIcon path="M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8a7 7 0 0 1 14 0" />
                    <h3 class="feature__title">{t!(i18n, home.patient_title)}</h3>
                    <p>{t!(i18n, home.patient_lead)}</p>
                    <ul class="feature__list" data-testid="cabinet-features">
                        {CABINET.iter().map(|&f| view! {
                            <li data-feature=f.as_str()>{move || feature_text(i18n, f)}</li>
                        }).collect_view()}
                    </ul>
                </li>
                <li class="card feature">
                    <FeatureIcon path="M3 12h4l2-5 4 10 2-5h6" />
                    <h3 class="feature__title">{t!(i18n, home.doctor_title)}</h3>
                    <p>{t!(i18n, home.doctor_text)}</p>
                </li>
                <li class="card feature">
                    <FeatureIcon path="M4 20V9l8-5 8 5v11M9 20v-6h6v6" />
                    <h3 class="feature__title">{t!(i18n, home.organizer_title)}</h3>
                    <p>{t!(i18n, home.organizer_text)}</p>
                </li>
                <li class="card feature">
                    <FeatureIcon path="M8 8l-4 4 4 4M16 8l4 4-4 4M13.5 6l-3 12" />
                    <h3 class="feature__title">{t!(i18n, home.it_title)}</h3>
                    <p>{t!(i18n, home.it_text)}</p>
                </li>
            </ul>
        </section>
    }
}

/// A cabinet feature in words.
fn feature_text(i18n: I18nContext<Locale>, f: CabinetFeature) -> &'static str {
    match f {
        CabinetFeature::MedicalRecord => t_string!(i18n, home.feature_medical_record),
        CabinetFeature::Prescriptions => t_string!(i18n, home.feature_prescriptions),
        CabinetFeature::Monitoring => t_string!(i18n, home.feature_monitoring),
        CabinetFeature::Documents => t_string!(i18n, home.feature_documents),
        CabinetFeature::News => t_string!(i18n, home.feature_news),
        CabinetFeature::Feedback => t_string!(i18n, home.feature_feedback),
    }
}

#[component]
fn FeatureIcon(path: &'static str) -> impl IntoView {
    view! {
        <span class="feature__icon" aria-hidden="true">
            <svg viewBox="0 0 24 24" width="24" height="24" focusable="false">
                <path d=path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
            </svg>
        </span>
    }
}

/// A calm picture of a symptom-diary curve under a threshold: decorative.
#[component]
fn HeroIllustration() -> impl IntoView {
    view! {
        <svg class="hero__art" viewBox="0 0 320 220" aria-hidden="true" focusable="false">
            <rect x="8" y="8" width="304" height="204" rx="16" class="art-card" />
            <line x1="32" y1="70" x2="288" y2="70" class="art-threshold" />
            <polyline points="32,160 72,140 112,150 152,110 192,120 232,90 288,100" class="art-line" />
            <g class="art-dots">
                <circle cx="32" cy="160" r="5" />
                <circle cx="72" cy="140" r="5" />
                <circle cx="112" cy="150" r="5" />
                <circle cx="152" cy="110" r="5" />
                <circle cx="192" cy="120" r="5" />
                <circle cx="232" cy="90" r="5" />
                <circle cx="288" cy="100" r="5" />
            </g>
            <rect x="32" y="180" width="96" height="10" rx="5" class="art-bar" />
            <rect x="140" y="180" width="60" height="10" rx="5" class="art-bar art-bar--light" />
        </svg>
    }
}
