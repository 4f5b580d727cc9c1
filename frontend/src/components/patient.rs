//! Patient-card building blocks shared by the organizer's lists and the staff workplaces:
//! the status badge, consent names, the missing-consents marker, the doctors line.

use common::admin::{ConsentKind, PatientDto, PatientStatus};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::api::ApiError;
use crate::i18n::*;

/// The full name of a consent, as on the paper form (GLOSSARY).
pub fn consent_label(i18n: I18nContext<Locale>, kind: ConsentKind) -> &'static str {
    match kind {
        ConsentKind::Telemedicine => t_string!(i18n, consents.telemedicine),
        ConsentKind::EmailResults => t_string!(i18n, consents.email_results),
        ConsentKind::PersonalData => t_string!(i18n, consents.personal_data),
    }
}

/// A short name of a consent, for lists.
pub fn consent_short(i18n: I18nContext<Locale>, kind: ConsentKind) -> &'static str {
    match kind {
        ConsentKind::Telemedicine => t_string!(i18n, consents.telemedicine_short),
        ConsentKind::EmailResults => t_string!(i18n, consents.email_results_short),
        ConsentKind::PersonalData => t_string!(i18n, consents.personal_data_short),
    }
}

/// "«A», «B»" — the short names, quoted.
pub fn consent_list(i18n: I18nContext<Locale>, kinds: &[ConsentKind]) -> String {
    kinds.iter().map(|k| format!("«{}»", consent_short(i18n, *k))).collect::<Vec<_>>().join(", ")
}

/// The consents a 409 `consents_missing` names (the field, code or message mentions the
/// consent's wire name); `fallback` when it names none that this client knows.
pub fn missing_consents_of(error: &ApiError, fallback: &[ConsentKind]) -> Vec<ConsentKind> {
    let named: Vec<ConsentKind> = ConsentKind::ALL
        .into_iter()
        .filter(|k| error.field_errors().iter().any(|(f, c)| f.contains(k.as_str()) || c == k.as_str()))
        .collect();
    if named.is_empty() { fallback.to_vec() } else { named }
}

/// Not activated / active / deactivated / deleted: text and a dot, never color alone.
#[component]
pub fn PatientStatusBadge(status: PatientStatus) -> impl IntoView {
    let (class, text): (&str, fn(I18nContext<Locale>) -> &'static str) = match status {
        PatientStatus::Pending => ("badge badge--warning", |i| t_string!(i, membership_status.pending)),
        PatientStatus::Active => ("badge badge--success", |i| t_string!(i, membership_status.active)),
        PatientStatus::Deactivated => ("badge badge--danger", |i| t_string!(i, membership_status.deactivated)),
        PatientStatus::Archived => ("badge", |i| t_string!(i, patients.status_archived)),
    };
    view! { <crate::components::ui::DotBadge class=class status=status.as_str() text=text /> }
}

/// "No consents: «…»" under a patient whose invitation cannot go out (PREG-1).
#[component]
pub fn MissingConsentsMarker(missing: Vec<ConsentKind>) -> impl IntoView {
    let i18n = use_i18n();
    (!missing.is_empty()).then(|| {
        let list = missing.clone();
        view! {
            <span class="consent-marker" data-testid="consents-missing">
                <span class="badge badge--warning">
                    <crate::components::icons::WarningIcon size=14 stroke_width="2.4" />
                    {t!(i18n, patients.consents_missing_badge)}
                </span>
                <span class="hint">{move || consent_list(i18n, &list)}</span>
            </span>
        }
    })
}

/// The patient's doctors, one per line, or "—".
#[component]
pub fn DoctorNames(patient: PatientDto) -> impl IntoView {
    let i18n = use_i18n();
    if patient.doctors.is_empty() {
        view! { <span class="hint">{t!(i18n, patients.no_doctors)}</span> }.into_any()
    } else {
        view! {
            <span class="stack">
                {patient.doctors.into_iter().map(|d| view! { <span>{d.name}</span> }).collect_view()}
            </span>
        }
        .into_any()
    }
}

/// Name with email and birth date, for the first column of a patient table.
#[component]
pub fn PatientCell(patient: PatientDto) -> impl IntoView {
    let i18n = use_i18n();
    let born = patient.birth_date;
    view! {
        <div class="person">
            <span class="person__name">{patient.name.full()}</span>
            <span class="person__email">
                {move || t_string!(i18n, patients.born, date = crate::components::datetime::format_day(i18n, born)).to_string()}
            </span>
            {patient.email.clone().map(|e| view! { <span class="person__email">{e}</span> })}
        </div>
    }
}

/// The "Patient" column of a list of patients.
pub const PATIENT_COL: crate::components::table::Column =
    crate::components::table::Column::new(|i| t_string!(i, patients.col_patient));
/// The "Doctors" column of a list of patients.
pub const DOCTORS_COL: crate::components::table::Column =
    crate::components::table::Column::new(|i| t_string!(i, patients.col_doctors));
