//! Row dialogs of the organizer's patient list: send (or resend) the invitation to a checked
//! or corrected address, the patient's doctors, deactivate / activate.

use common::ErrorCode;
use common::admin::PatientDto;
use common::domain::Email;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::doctor_checklist::DoctorChecklist;
use crate::components::feedback::error_message;
use crate::components::patient::{consent_list, missing_consents_of};
use crate::components::ui::{FieldErr, FieldKind, FormAlert, TextField, use_toasts};
use crate::i18n::*;

/// `POST /patients/{id}/invite`: the address is shown for checking and may be corrected; a
/// card without all three consents says so and sends nothing (PREG-1).
#[component]
pub fn InvitePatientForm(patient: PatientDto, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let email = RwSignal::new(patient.email.clone().unwrap_or_default());
    let email_error = RwSignal::new(None::<FieldErr>);
    let pending = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<String>);
    let id = patient.id;
    let missing = patient.missing_consents.clone();
    let missing_for_error = missing.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submit_error.set(None);
        let parsed = match Email::parse(&email.get_untracked()) {
            Ok(e) => e,
            Err(e) => {
                email_error.set(Some(FieldErr::from_domain(FieldKind::Email, e)));
                return;
            }
        };
        pending.set(true);
        let fallback = missing_for_error.clone();
        spawn_local(async move {
            let result = api::admin::invite_patient(id, parsed.as_str()).await;
            pending.set(false);
            match result {
                Ok(p) => {
                    let to = p.email.unwrap_or_else(|| parsed.into_string());
                    toasts.push(t_string!(i18n, patients.invited, email = to).to_string());
                    open.set(false);
                    on_done.run(());
                }
                Err(e) if e.code() == Some(ErrorCode::ConsentsMissing) => {
                    let list = consent_list(i18n, &missing_consents_of(&e, &fallback));
                    submit_error.set(Some(t_string!(i18n, patients.consents_missing_error, list = list).to_string()));
                }
                Err(e) if e.code() == Some(ErrorCode::AlreadyMember) => email_error.set(Some(FieldErr::PatientExists)),
                Err(e) if e.code() == Some(ErrorCode::Conflict) => {
                    submit_error.set(Some(t_string!(i18n, patients.conflict).to_owned()));
                }
                Err(e) if e.code() == Some(ErrorCode::ValidationFailed) => {
                    match e.field_errors().into_iter().find(|(f, _)| f == "email") {
                        Some((_, c)) => email_error.set(Some(FieldErr::from_code(FieldKind::Email, &c))),
                        None => submit_error.set(Some(error_message(i18n, e.kind()).to_owned())),
                    }
                }
                Err(e) => submit_error.set(Some(error_message(i18n, e.kind()).to_owned())),
            }
        });
    };
    let name = patient.name.display();
    let blocked = !missing.is_empty();
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="invite-patient">
            <p class="dialog__lead">{move || t_string!(i18n, patients.invite_lead, name = name.clone()).to_string()}</p>
            {blocked.then(|| {
                let missing = missing.clone();
                view! {
                    <div class="alert alert--warning" role="note" data-testid="invite-consents-missing">
                        <crate::components::ui::AlertIcon />
                        <p class="alert__body">
                            {move || t_string!(i18n, patients.invite_blocked, list = consent_list(i18n, &missing)).to_string()}
                        </p>
                    </div>
                }
            })}
            <FormAlert message=Signal::derive(move || submit_error.get()) testid="invite-error" />
            <TextField
                id="invite-patient-email"
                label=move || t_string!(i18n, person.email)
                hint=move || t_string!(i18n, patients.invite_email_hint)
                value=email
                error=email_error
                input_type="email"
                inputmode="email"
                required=true
            />
            <div class="dialog__actions">
                <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                <button type="submit" class="btn btn--primary" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { t_string!(i18n, staff.resending) } else { t_string!(i18n, staff.resend_submit) }}
                </button>
            </div>
        </form>
    }
}

/// `PUT /patients/{id}/doctors`: tick the patient's doctors (ORG-8).
#[component]
pub fn PatientDoctorsForm(patient: PatientDto, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let selected = RwSignal::new(patient.doctors.iter().map(|d| d.id).collect::<Vec<_>>());
    let pending = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<ApiError>);
    let id = patient.id;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submit_error.set(None);
        pending.set(true);
        let ids = selected.get_untracked();
        spawn_local(async move {
            let result = api::admin::set_patient_doctors(id, ids).await;
            pending.set(false);
            match result {
                Ok(p) => {
                    toasts.push(t_string!(i18n, patients.doctors_saved, name = p.name.display()).to_string());
                    open.set(false);
                    on_done.run(());
                }
                Err(e) => submit_error.set(Some(e)),
            }
        });
    };
    let message = Signal::derive(move || submit_error.get().map(|e| error_message(i18n, e.kind()).to_owned()));
    let name = patient.name.display();
    view! {
        <form class="form" novalidate on:submit=on_submit>
            <p class="dialog__lead">{move || t_string!(i18n, patients.doctors_lead, name = name.clone()).to_string()}</p>
            <FormAlert message=message />
            <DoctorChecklist id="patient-doctors" legend=move || t_string!(i18n, patients.col_doctors) selected=selected />
            <div class="dialog__actions">
                <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                <button type="submit" class="btn btn--primary" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { t_string!(i18n, common.saving) } else { t_string!(i18n, common.save) }}
                </button>
            </div>
        </form>
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
    let toasts = use_toasts();
    let pending = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<ApiError>);
    let id = patient.id;
    let name = patient.name.display();
    let name_for_toast = name.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submit_error.set(None);
        pending.set(true);
        let name = name_for_toast.clone();
        spawn_local(async move {
            let result = api::admin::set_patient_active(id, active).await;
            pending.set(false);
            match result {
                Ok(_) => {
                    let text = if active {
                        t_string!(i18n, staff.activated, name = name).to_string()
                    } else {
                        t_string!(i18n, staff.deactivated, name = name).to_string()
                    };
                    toasts.push(text);
                    open.set(false);
                    on_done.run(());
                }
                Err(e) => submit_error.set(Some(e)),
            }
        });
    };
    let message = Signal::derive(move || {
        submit_error.get().map(|e| match e.code() {
            Some(ErrorCode::Conflict) => t_string!(i18n, patients.conflict).to_owned(),
            _ => error_message(i18n, e.kind()).to_owned(),
        })
    });
    view! {
        <form class="form" novalidate on:submit=on_submit>
            <p class="dialog__lead">
                {move || if active {
                    t_string!(i18n, patients.activate_text, name = name.clone()).to_string()
                } else {
                    t_string!(i18n, patients.deactivate_text, name = name.clone()).to_string()
                }}
            </p>
            <FormAlert message=message testid="action-error" />
            <div class="dialog__actions">
                <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                <button type="submit" class=if active { "btn btn--primary" } else { "btn btn--danger" } aria-disabled=move || pending.get().then_some("true")>
                    {move || if active { t_string!(i18n, staff.activate) } else { t_string!(i18n, staff.deactivate) }}
                </button>
            </div>
        </form>
    }
}
