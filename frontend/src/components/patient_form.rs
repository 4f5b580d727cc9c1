//! The patient card form (ORG-2, PREG-1): one form for "Add patient", "Edit" and "Register
//! again". Fields are parsed with the domain types of `common`, as the server parses them; the
//! server's 422 field errors are shown next to the same fields.

use common::ErrorCode;
use common::admin::{ConsentKind, PatientCardInput, PatientDto, Sex};
use common::domain::{Phone, Snils};
use common::ids::PatientId;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::datetime::{format_date, today};
use crate::components::feedback::error_message;
use crate::components::form::{ActionForm, Refused};
use crate::components::patient::{consent_label, consent_list, missing_consents_of};
use crate::components::person_form::{NameFields, PersonForm, SexField};
use crate::components::ui::{FieldErr, FieldKind, TextField, use_toasts};
use crate::i18n::*;

/// What the form does on submit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatientFormMode {
    /// `POST /patients`.
    Add,
    /// `PUT /patients/{id}`.
    Edit(PatientId),
    /// `POST /patients/{id}/register-again`.
    RegisterAgain(PatientId),
}

/// The longest external MIS id the form accepts.
const EXTERNAL_ID_MAX: usize = 64;

#[derive(Debug, Clone, Copy)]
struct CardFields {
    person: PersonForm,
    birth: RwSignal<String>,
    birth_error: RwSignal<Option<FieldErr>>,
    sex: RwSignal<Option<Sex>>,
    sex_error: RwSignal<Option<FieldErr>>,
    phone: RwSignal<String>,
    phone_error: RwSignal<Option<FieldErr>>,
    snils: RwSignal<String>,
    snils_error: RwSignal<Option<FieldErr>>,
    external: RwSignal<String>,
    external_error: RwSignal<Option<FieldErr>>,
    consents: RwSignal<Vec<ConsentKind>>,
    consents_error: RwSignal<bool>,
}

impl CardFields {
    fn new(patient: Option<&PatientDto>) -> Self {
        let person = match patient {
            Some(p) => PersonForm::with(&p.name, p.email.as_deref()),
            None => PersonForm::new(),
        };
        Self {
            person,
            birth: RwSignal::new(patient.map(|p| p.birth_date.format("%Y-%m-%d").to_string()).unwrap_or_default()),
            birth_error: RwSignal::new(None),
            sex: RwSignal::new(patient.map(|p| p.sex)),
            sex_error: RwSignal::new(None),
            phone: RwSignal::new(patient.and_then(|p| p.phone.clone()).unwrap_or_default()),
            phone_error: RwSignal::new(None),
            snils: RwSignal::new(patient.and_then(|p| p.snils.clone()).unwrap_or_default()),
            snils_error: RwSignal::new(None),
            external: RwSignal::new(patient.and_then(|p| p.external_id.clone()).unwrap_or_default()),
            external_error: RwSignal::new(None),
            consents: RwSignal::new(patient.map(|p| p.consents.iter().map(|c| c.kind).collect()).unwrap_or_default()),
            consents_error: RwSignal::new(false),
        }
    }

    /// The card as the server takes it, or the errors shown next to the fields.
    fn parse(self) -> Option<PatientCardInput> {
        let set = |target: RwSignal<Option<FieldErr>>, kind: FieldKind| {
            move |e: common::domain::DomainError| target.set(Some(FieldErr::from_domain(kind, e)))
        };
        let person = self.person.parse();
        let birth = match chrono::NaiveDate::parse_from_str(self.birth.get_untracked().trim(), "%Y-%m-%d") {
            _ if self.birth.get_untracked().trim().is_empty() => {
                self.birth_error.set(Some(FieldErr::Required));
                None
            }
            Ok(d) if d > today() => {
                self.birth_error.set(Some(FieldErr::DateInFuture));
                None
            }
            Ok(d) if d < chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default() => {
                self.birth_error.set(Some(FieldErr::DateFormat));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                self.birth_error.set(Some(FieldErr::DateFormat));
                None
            }
        };
        let sex = self.sex.get_untracked();
        if sex.is_none() {
            self.sex_error.set(Some(FieldErr::Required));
        }
        let phone =
            Phone::parse_optional(&self.phone.get_untracked()).map_err(set(self.phone_error, FieldKind::Phone)).ok();
        let snils =
            Snils::parse_optional(&self.snils.get_untracked()).map_err(set(self.snils_error, FieldKind::Snils)).ok();
        let external = self.external.get_untracked().trim().to_owned();
        if external.chars().count() > EXTERNAL_ID_MAX {
            self.external_error.set(Some(FieldErr::TooLongMax(EXTERNAL_ID_MAX)));
        }
        let (email, name) = person?;
        if self.external_error.get_untracked().is_some() {
            return None;
        }
        let mut consents = self.consents.get_untracked();
        consents.sort();
        consents.dedup();
        Some(PatientCardInput {
            name,
            birth_date: birth?,
            sex: sex?,
            email: email.into_string(),
            phone: phone?.map(String::from),
            snils: snils?.map(String::from),
            external_id: (!external.is_empty()).then_some(external),
            consents,
        })
    }

    /// Puts a 422's field errors next to the fields; true when any was recognised.
    fn show_server_errors(self, error: &ApiError) -> bool {
        let mut shown = self.person.show_server_errors(error, "email");
        for (field, code) in error.field_errors() {
            let (target, kind) = match field.as_str() {
                "birth_date" => (self.birth_error, FieldKind::Date),
                "sex" => (self.sex_error, FieldKind::Text),
                "phone" => (self.phone_error, FieldKind::Phone),
                "snils" => (self.snils_error, FieldKind::Snils),
                "external_id" => (self.external_error, FieldKind::Text),
                f if f.starts_with("consents") => {
                    self.consents_error.set(true);
                    shown = true;
                    continue;
                }
                _ => continue,
            };
            target.set(Some(FieldErr::from_code(kind, &code)));
            shown = true;
        }
        shown
    }

    fn missing(self) -> Vec<ConsentKind> {
        let given = self.consents.get();
        ConsentKind::ALL.into_iter().filter(|k| !given.contains(k)).collect()
    }
}

/// The card form in a dialog; `patient` prefills it (edit, register again).
#[component]
pub fn PatientCardForm(
    mode: PatientFormMode,
    patient: Option<PatientDto>,
    open: RwSignal<bool>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let fields = CardFields::new(patient.as_ref());
    let recorded = patient.as_ref().map(|p| p.consents.clone()).unwrap_or_default();
    // The version of the card this form was opened on: saving over someone else's change is
    // refused (412) instead of silently overwriting it.
    let version = StoredValue::new(patient.as_ref().map(|p| p.version.clone()).unwrap_or_default());

    let check = move || {
        fields.consents_error.set(false);
        fields.parse()
    };
    let call = move |input: PatientCardInput| async move {
        match mode {
            PatientFormMode::Add => api::organization::create_patient(&input).await,
            PatientFormMode::Edit(id) => api::organization::update_patient(id, &input, &version.get_value()).await,
            PatientFormMode::RegisterAgain(id) => api::organization::register_patient_again(id, &input).await,
        }
    };
    let on_ok = move |p: PatientDto| {
        let email = p.email.clone().unwrap_or_default();
        let sent = p.invitation_sent_at.is_some() && p.missing_consents.is_empty();
        let text = match mode {
            PatientFormMode::Add if sent => t_string!(i18n, patients.created_invited, email = email).to_string(),
            PatientFormMode::Add => t_string!(i18n, patients.created_not_invited).to_owned(),
            PatientFormMode::Edit(_) => t_string!(i18n, patients.saved).to_owned(),
            PatientFormMode::RegisterAgain(_) => t_string!(i18n, patients.registered_again, email = email).to_string(),
        };
        toasts.push(text);
        on_done.run(());
    };
    let has_errors = move || t_string!(i18n, patients.form_has_errors);
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::ConsentsMissing) => {
            fields.consents_error.set(true);
            let missing = missing_consents_of(&e, &fields.missing());
            Refused::Alert(
                t_string!(i18n, patients.consents_missing_error, list = consent_list(i18n, &missing)).to_string(),
            )
        }
        Some(ErrorCode::AlreadyMember) => {
            fields.person.email_error.set(Some(FieldErr::PatientExists));
            Refused::AtField
        }
        Some(ErrorCode::ValidationFailed) if fields.show_server_errors(&e) => Refused::Alert(has_errors().to_owned()),
        Some(ErrorCode::Conflict) => Refused::Alert(t_string!(i18n, patients.conflict).to_owned()),
        _ => Refused::Alert(error_message(i18n, e.kind()).to_owned()),
    });

    let lead = move || match mode {
        PatientFormMode::Add => t_string!(i18n, patients.add_lead),
        PatientFormMode::Edit(_) => t_string!(i18n, patients.edit_lead),
        PatientFormMode::RegisterAgain(_) => t_string!(i18n, patients.register_again_lead),
    };
    let submit_text = move || match mode {
        PatientFormMode::Add => t_string!(i18n, patients.add_submit),
        PatientFormMode::Edit(_) => t_string!(i18n, patients.edit_submit),
        PatientFormMode::RegisterAgain(_) => t_string!(i18n, patients.register_again_submit),
    };
    let consent_box = move |kind: ConsentKind| {
        let id = format!("patient-consent-{}", kind.as_str());
        let given = recorded.iter().find(|c| c.kind == kind).cloned();
        let hint = move || {
            let mut parts = Vec::new();
            if kind == ConsentKind::EmailResults {
                let email = fields.person.email.get();
                if !email.trim().is_empty() {
                    parts.push(
                        t_string!(i18n, patients.consent_email_address, email = email.trim().to_owned()).to_string(),
                    );
                }
            }
            if let Some(c) = &given {
                let by = c.recorded_by.clone().unwrap_or_else(|| "—".to_owned());
                parts.push(
                    t_string!(i18n, patients.consent_recorded, date = format_date(i18n, c.recorded_at), by = by)
                        .to_string(),
                );
            }
            parts.join(" · ")
        };
        let hint_id = format!("{id}-hint");
        view! {
            <div class="check">
                <input
                    id=id.clone()
                    class="check__input"
                    type="checkbox"
                    aria-describedby=hint_id.clone()
                    prop:checked=move || fields.consents.with(|c| c.contains(&kind))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        fields.consents_error.set(false);
                        fields.consents.update(|c| {
                            c.retain(|k| *k != kind);
                            if on {
                                c.push(kind);
                            }
                        });
                    }
                />
                <label class="check__label" for=id>
                    <span>{move || consent_label(i18n, kind)}</span>
                    <span class="check__hint" id=hint_id>{hint}</span>
                </label>
            </div>
        }
    };
    let consent_notice = move || {
        let missing = fields.missing();
        if missing.is_empty() {
            let text = match mode {
                PatientFormMode::Edit(_) => t_string!(i18n, patients.consents_complete_edit),
                _ => t_string!(i18n, patients.consents_complete),
            };
            view! { <p class="consent-notice consent-notice--ok" data-testid="consents-complete">{text}</p> }.into_any()
        } else {
            view! {
                <p class="consent-notice" class:consent-notice--error=move || fields.consents_error.get() data-testid="consents-notice">
                    {t_string!(i18n, patients.consents_incomplete, list = consent_list(i18n, &missing)).to_string()}
                </p>
            }
            .into_any()
        }
    };

    view! {
        <ActionForm
            check=check
            invalid=has_errors
            call=call
            on_ok=on_ok
            refused=refused
            open=open
            submit=submit_text
            submitting=move || t_string!(i18n, patients.saving)
            testid="patient-form"
            alert_testid="patient-form-error"
            lead=lead
        >
            <NameFields form=fields.person ids=["patient-last", "patient-first", "patient-middle"] />
            <div class="form__row">
                <TextField
                    id="patient-birth"
                    label=move || t_string!(i18n, patients.birth_date)
                    value=fields.birth
                    error=fields.birth_error
                    input_type="date"
                    required=true
                />
                <SexField id="patient-sex" label=move || t_string!(i18n, patients.sex) value=fields.sex error=fields.sex_error />
            </div>
            <TextField
                id="patient-email"
                label=move || t_string!(i18n, person.email)
                hint=move || t_string!(i18n, patients.email_hint)
                value=fields.person.email
                error=fields.person.email_error
                input_type="email"
                inputmode="email"
                required=true
                node_ref=fields.person.email_ref
            />
            <div class="form__row">
                <TextField
                    id="patient-phone"
                    label=move || t_string!(i18n, patients.phone)
                    hint=move || t_string!(i18n, patients.phone_hint)
                    value=fields.phone
                    error=fields.phone_error
                    input_type="tel"
                    inputmode="tel"
                    maxlength=32
                />
                <TextField
                    id="patient-snils"
                    label=move || t_string!(i18n, patients.snils)
                    hint=move || t_string!(i18n, patients.snils_hint)
                    value=fields.snils
                    error=fields.snils_error
                    inputmode="numeric"
                    maxlength=20
                />
            </div>
            <TextField
                id="patient-external"
                label=move || t_string!(i18n, patients.external_id)
                hint=move || t_string!(i18n, patients.external_id_hint)
                value=fields.external
                error=fields.external_error
                maxlength=EXTERNAL_ID_MAX as u32
            />
            <fieldset class="fieldset" data-testid="patient-consents">
                <legend class="fieldset__legend">{t!(i18n, patients.consents_legend)}</legend>
                {consent_box(ConsentKind::Telemedicine)}
                {consent_box(ConsentKind::EmailResults)}
                {consent_box(ConsentKind::PersonalData)}
                {consent_notice}
            </fieldset>
        </ActionForm>
    }
}
