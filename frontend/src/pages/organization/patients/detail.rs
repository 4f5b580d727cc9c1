//! `/admin/patients/:id`: the organizer's page of one patient card (issue 14) — what the card
//! holds (birth date, sex, contacts, SNILS, the MIS number), its status and invitation, the
//! consents with who recorded them, the doctors — and the same six actions as the list's row
//! menu. Medical data is not here: the organizer does not read records (docs/decisions.md).

use common::admin::{PatientDto, PatientStatus, Sex};
use common::auth::Role;
use common::ids::PatientId;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{PatientActionModal, PatientActions, RowAction};
use crate::api;
use crate::components::datetime::{format_date, format_day};
use crate::components::page::{Loaded, Reloaded, RowDialog};
use crate::components::patient::{MissingConsentsMarker, PatientStatusBadge, consent_label};
use crate::components::table::InvitationDates;
use crate::i18n::*;
use crate::pages::record::patient_param;
use crate::routes::AppRoute;

#[component]
pub fn AdminPatientPage() -> impl IntoView {
    let id = patient_param();
    view! {
        <crate::components::page::RolePage title=|i| t_string!(i, nav.patients) roles=&[Role::Organizer]>
            {move || match id.get() {
                Some(id) => view! { <CardPage id=id /> }.into_any(),
                None => view! { <crate::components::feedback::ErrorPanel kind=crate::api::ErrorKind::NotFound /> }.into_any(),
            }}
        </crate::components::page::RolePage>
    }
}

#[component]
fn CardPage(id: PatientId) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = Reloaded::new(move || api::record::patient(id));
    let (patient, refresh) = (loaded.resource, loaded.refresher());
    let dialog = RowDialog::<RowAction>::new();
    let on_action = dialog.opener();
    let title = move || patient.get().and_then(Result::ok).map(|p| p.name.full()).unwrap_or_default();
    view! {
        <Title text=title />
        <section class="page" data-page="admin-patient">
            <a class="link back-link" href=AppRoute::AdminPatients.path()>{t!(i18n, record.back_to_patients)}</a>
            <Loaded resource=patient skeleton=6 render=move |p| view! { <Card patient=p on_action=on_action /> }.into_any() />
        </section>
        <PatientActionModal dialog=dialog on_done=refresh />
    }
}

#[component]
fn Card(patient: PatientDto, on_action: Callback<RowAction>) -> impl IntoView {
    let i18n = use_i18n();
    let p = patient.clone();
    let born = p.birth_date;
    let dash = || "—".to_owned();
    let sex = p.sex;
    let invitation = (p.status == PatientStatus::Pending).then_some((p.invitation_sent_at, p.invitation_expires_at));
    let consents = p.consents.clone();
    let doctors: Vec<String> = p.doctors.iter().map(|d| d.name.clone()).collect();
    let created = p.created_at;
    view! {
        <header class="page-header patient-head" data-testid="admin-patient-header">
            <div class="patient-head__top">
                <div>
                    <p class="page-header__eyebrow">{t!(i18n, record.eyebrow)}</p>
                    <h1>{p.name.full()}</h1>
                    <p class="stack stack--gap">
                        <PatientStatusBadge status=p.status />
                        <MissingConsentsMarker missing=p.missing_consents.clone() />
                    </p>
                </div>
            </div>
            <div class="action-bar" data-testid="card-actions">
                <PatientActions patient=patient on_action=on_action />
            </div>
        </header>
        <section class="card stack-card" aria-labelledby="card-facts-title">
            <h2 id="card-facts-title">{t!(i18n, patients.card_title)}</h2>
            <dl class="facts">
                <div class="facts__row"><dt>{t!(i18n, patients.birth_date)}</dt><dd>{move || format_day(i18n, born)}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, patients.sex)}</dt><dd>{move || match sex {
                    Sex::Male => t_string!(i18n, patients.sex_male),
                    Sex::Female => t_string!(i18n, patients.sex_female),
                }}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, record.email)}</dt><dd>{p.email.clone().unwrap_or_else(dash)}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, patients.phone)}</dt><dd>{p.phone.clone().unwrap_or_else(dash)}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, patients.snils)}</dt><dd>{p.snils.clone().unwrap_or_else(dash)}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, patients.external_id)}</dt><dd>{p.external_id.clone().unwrap_or_else(dash)}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, patients.doctors)}</dt><dd>{if doctors.is_empty() {
                    t_string!(i18n, patients.no_doctors).to_owned()
                } else {
                    doctors.join(", ")
                }}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, patients.card_created)}</dt><dd>{move || format_date(i18n, created)}</dd></div>
                {invitation.map(|(sent, expires)| view! {
                    <div class="facts__row"><dt>{t!(i18n, patients.col_last_invitation)}</dt><dd>{match sent {
                        Some(sent) => view! { <InvitationDates sent=sent expires=expires /> }.into_any(),
                        None => view! { <span class="hint">{t!(i18n, patients.not_sent)}</span> }.into_any(),
                    }}</dd></div>
                })}
            </dl>
        </section>
        <section class="card stack-card" aria-labelledby="card-consents-title" data-testid="card-consents">
            <h2 id="card-consents-title">{t!(i18n, patients.consents_legend)}</h2>
            <ul class="plain-list" role="list">
                {common::admin::ConsentKind::ALL.into_iter().map(|kind| {
                    let given = consents.iter().find(|c| c.kind == kind).cloned();
                    let is_given = given.is_some().to_string();
                    view! {
                        <li data-consent=kind.as_str() data-given=is_given>
                            <strong>{move || consent_label(i18n, kind)}</strong>
                            <br />
                            {match given {
                                Some(c) => {
                                    let by = c.recorded_by.clone().unwrap_or_default();
                                    let at = c.recorded_at;
                                    view! { <span class="hint">{move || t_string!(i18n, patients.consent_recorded, date = format_date(i18n, at), by = by.clone()).to_string()}</span> }.into_any()
                                }
                                None => view! { <span class="badge badge--warning">{t!(i18n, patients.consent_not_given)}</span> }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
