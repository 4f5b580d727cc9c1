//! `/staff/monitoring/:id` — one patient's monitoring page: his name and a link to his record;
//! open alerts first (with "Подтвердить"), then charts over a chosen period, the answered
//! questionnaires and the assignments.

use common::admin::PatientDto;
use common::alerts::AlertRule;
use common::ids::PatientId;
use leptos::prelude::*;
use leptos_meta::Title;

use super::alerts::AlertsSection;
use super::assignments::AssignmentsSection;
use super::charts::ChartsSection;
use super::submissions::SubmissionsSection;
use crate::api;
use crate::components::datetime::{TimeZoneNote, format_day, today};
use crate::components::page::Loaded;
use crate::i18n::*;
use crate::pages::record::{StaffPatientRoute, age_on};
use crate::routes::{staff_monitoring_href, staff_patient_href};

#[component]
pub fn PatientMonitoringPage() -> impl IntoView {
    view! { <StaffPatientRoute page=|id| view! { <PatientLoaded id=id /> }.into_any() /> }
}

#[component]
fn PatientLoaded(id: PatientId) -> impl IntoView {
    let i18n = use_i18n();
    let patient = LocalResource::new(move || api::record::patient(id));
    let settings = LocalResource::new(move || api::monitoring::patient_settings(id));
    // The rules that apply to him, for the alerts' texts; without them the texts say less.
    let rules: Signal<Vec<AlertRule>> =
        Signal::derive(move || settings.get().and_then(Result::ok).map(|s| s.effective).unwrap_or_default());
    let title = move || {
        patient
            .get()
            .and_then(Result::ok)
            .map_or_else(|| t_string!(i18n, monitoring.title).to_owned(), |p| p.name.full())
    };
    view! {
        <Title text=title />
        <section class="page" data-page="patient-monitoring">
            <a class="link back-link" href=staff_monitoring_href(None)>{t!(i18n, monitoring.back)}</a>
            <Loaded resource=patient skeleton=3 render=move |p| view! {
                    <PatientHeader patient=p />
                    <TimeZoneNote />
                    <AlertsSection id=id rules=rules />
                    <ChartsSection id=id />
                    <SubmissionsSection id=id />
                    <AssignmentsSection id=id />
                }.into_any() />
        </section>
    }
}

#[component]
fn PatientHeader(patient: PatientDto) -> impl IntoView {
    let i18n = use_i18n();
    let born = patient.birth_date;
    let years = age_on(born, today());
    view! {
        <header class="page-header page-header--actions patient-head" data-testid="monitoring-header">
            <div>
                <p class="page-header__eyebrow">{t!(i18n, monitoring.eyebrow)}</p>
                <h1>{patient.name.full()}</h1>
                <p class="page-header__lead">
                    {move || t_string!(i18n, record.age, date = format_day(i18n, born), years = super::years_count(i18n, i64::from(years))).to_string()}
                </p>
            </div>
            <a class="btn btn--secondary" href=staff_patient_href(patient.id, None)>{t!(i18n, monitoring.open_record)}</a>
        </header>
    }
}
