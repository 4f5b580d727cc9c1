//! Row dialogs of the organizer's patient list: send (or resend) the invitation to a checked
//! or corrected address, the patient's doctors, deactivate / activate. The representatives'
//! dialog is [`super::representatives`].

use common::ErrorCode;
use common::admin::PatientDto;
use common::domain::Email;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::doctor_checklist::DoctorChecklist;
use crate::components::form::{ActionForm, FieldErr, FieldErrors, Member, Refused, ToggleActiveForm};
use crate::components::icons::AlertIcon;
use crate::components::patient::{consent_list, missing_consents_of};
use crate::components::person_form::InviteEmailForm;
use crate::components::ui::use_toasts;
use crate::i18n::*;

/// `POST /patients/{id}/invite`: the address is shown for checking and may be corrected; a
/// card without all three consents says so and sends nothing (PREG-1).
#[component]
pub fn InvitePatientForm(patient: PatientDto, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let email = RwSignal::new(patient.email.clone().unwrap_or_default());
    let errors = FieldErrors::new();
    let id = patient.id;
    let missing = patient.missing_consents.clone();
    let fallback = missing.clone();
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::ConsentsMissing) => {
            let list = consent_list(i18n, &missing_consents_of(&e, &fallback));
            Refused::Alert(t_string!(i18n, patients.consents_missing_error, list = list).to_string())
        }
        Some(ErrorCode::AlreadyMember) => {
            errors.put("email", FieldErr::PatientExists);
            Refused::AtField
        }
        Some(ErrorCode::Conflict) => Refused::Alert(t_string!(i18n, patients.conflict).to_owned()),
        _ => Refused::Default,
    });
    let call = move |to: Email| async move {
        let p = api::organization::invite_patient(id, to.as_str()).await?;
        Ok(p.email.unwrap_or_else(|| to.into_string()))
    };
    let on_ok = move |to: String| {
        toasts.push(t_string!(i18n, patients.invited, email = to).to_string());
        on_done.run(());
    };
    let name = patient.name.full();
    let blocked = !missing.is_empty();
    view! {
        <InviteEmailForm
            id="invite-patient-email"
            email=email
            errors=errors
            lead=move || t_string!(i18n, patients.invite_lead, name = name.clone()).to_string()
            hint=move || t_string!(i18n, patients.invite_email_hint)
            call=call
            on_ok=on_ok
            refused=refused
            open=open
            testid="invite-patient"
            alert_testid="invite-error"
        >
            {blocked.then(|| {
                let missing = missing.clone();
                view! {
                    <div class="alert alert--warning" role="note" data-testid="invite-consents-missing">
                        <AlertIcon />
                        <p class="alert__body">
                            {move || t_string!(i18n, patients.invite_blocked, list = consent_list(i18n, &missing)).to_string()}
                        </p>
                    </div>
                }
            })}
        </InviteEmailForm>
    }
}

/// `PUT /patients/{id}/doctors`: tick the patient's doctors (ORG-8).
#[component]
pub fn PatientDoctorsForm(patient: PatientDto, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let selected = RwSignal::new(patient.doctors.iter().map(|d| d.id).collect::<Vec<_>>());
    let id = patient.id;
    let on_ok = move |p: PatientDto| {
        toasts.push(t_string!(i18n, patients.doctors_saved, name = p.name.full()).to_string());
        on_done.run(());
    };
    let name = patient.name.full();
    view! {
        <ActionForm
            check=move || Some(selected.get_untracked())
            call=move |ids| api::organization::set_patient_doctors(id, ids)
            on_ok=on_ok
            open=open
            lead=move || t_string!(i18n, patients.doctors_lead, name = name.clone()).to_string()
        >
            <DoctorChecklist id="patient-doctors" legend=move || t_string!(i18n, patients.col_doctors) selected=selected />
        </ActionForm>
    }
}

/// `POST /patients/{id}/deactivate` or `/activate`.
#[component]
pub fn PatientToggleForm(
    patient: PatientDto,
    active: bool,
    open: RwSignal<bool>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = patient.id;
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::Conflict) => Refused::Alert(t_string!(i18n, patients.conflict).to_owned()),
        _ => Refused::Default,
    });
    view! {
        <ToggleActiveForm
            name=patient.name.full()
            active=active
            member=Member::Patient
            call=move || api::organization::set_patient_active(id, active)
            open=open
            on_done=on_done
            refused=refused
        />
    }
}
