//! The fields of a person being invited: email, last / first / middle name, parsed with the
//! domain types of `common` exactly as the server parses them.

use common::admin::Sex;
use common::domain::{Email, PersonName};
use common::person::FullName;
use leptos::prelude::*;
use leptos::text_prop::TextProp;

use crate::api::ApiError;
use crate::components::form::{ActionForm, Refused};
use crate::components::ui::{FieldErr, FieldKind, TextField};
use crate::i18n::*;

#[derive(Debug, Clone, Copy)]
pub struct PersonForm {
    pub email: RwSignal<String>,
    pub email_error: RwSignal<Option<FieldErr>>,
    pub last: RwSignal<String>,
    pub last_error: RwSignal<Option<FieldErr>>,
    pub first: RwSignal<String>,
    pub first_error: RwSignal<Option<FieldErr>>,
    pub middle: RwSignal<String>,
    pub middle_error: RwSignal<Option<FieldErr>>,
    pub email_ref: NodeRef<leptos::html::Input>,
}

impl Default for PersonForm {
    fn default() -> Self {
        Self::new()
    }
}

impl PersonForm {
    pub fn new() -> Self {
        Self {
            email: RwSignal::new(String::new()),
            email_error: RwSignal::new(None),
            last: RwSignal::new(String::new()),
            last_error: RwSignal::new(None),
            first: RwSignal::new(String::new()),
            first_error: RwSignal::new(None),
            middle: RwSignal::new(String::new()),
            middle_error: RwSignal::new(None),
            email_ref: NodeRef::new(),
        }
    }

    /// A form prefilled with a name (and an email, when given).
    pub fn with(name: &FullName, email: Option<&str>) -> Self {
        let form = Self::new();
        form.last.set(name.last_name.clone());
        form.first.set(name.first_name.clone());
        form.middle.set(name.middle_name.clone().unwrap_or_default());
        form.email.set(email.unwrap_or_default().to_owned());
        form
    }

    /// The parsed email and name, or the errors shown next to the fields.
    pub fn parse(self) -> Option<(Email, FullName)> {
        let email = Email::parse(&self.email.get_untracked())
            .map_err(|e| self.email_error.set(Some(FieldErr::from_domain(FieldKind::Email, e))))
            .ok();
        let name = self.parse_name();
        Some((email?, name?))
    }

    /// The parsed name alone (the email is not looked at).
    pub fn parse_name(self) -> Option<FullName> {
        let last = PersonName::parse(&self.last.get_untracked())
            .map_err(|e| self.last_error.set(Some(FieldErr::from_domain(FieldKind::Name, e))))
            .ok();
        let first = PersonName::parse(&self.first.get_untracked())
            .map_err(|e| self.first_error.set(Some(FieldErr::from_domain(FieldKind::Name, e))))
            .ok();
        let middle = PersonName::parse_optional(&self.middle.get_untracked())
            .map_err(|e| self.middle_error.set(Some(FieldErr::from_domain(FieldKind::Name, e))))
            .ok();
        match (last, first, middle) {
            (Some(last), Some(first), Some(middle)) => Some(FullName {
                last_name: last.into_string(),
                first_name: first.into_string(),
                middle_name: middle.map(PersonName::into_string),
            }),
            _ => None,
        }
    }

    /// Puts the field errors of a 422 next to the fields; true when any was recognised.
    pub fn show_server_errors(self, error: &ApiError, email_field: &str) -> bool {
        let mut shown = false;
        for (field, code) in error.field_errors() {
            let (target, kind) = match field.as_str() {
                f if f == email_field => (self.email_error, FieldKind::Email),
                "last_name" => (self.last_error, FieldKind::Name),
                "first_name" => (self.first_error, FieldKind::Name),
                "middle_name" => (self.middle_error, FieldKind::Name),
                _ => continue,
            };
            target.set(Some(FieldErr::from_code(kind, &code)));
            shown = true;
        }
        shown
    }
}

/// The four inputs; `ids` (email, last, first, middle) keep them unique per dialog.
#[component]
pub fn PersonFields(form: PersonForm, ids: [&'static str; 4]) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <TextField
            id=ids[0]
            label=move || t_string!(i18n, person.email)
            hint=move || t_string!(i18n, person.email_hint)
            value=form.email
            error=form.email_error
            input_type="email"
            inputmode="email"
            required=true
            node_ref=form.email_ref
        />
        <NameFields form=form ids=[ids[1], ids[2], ids[3]] />
    }
}

/// The three name inputs; `ids` (last, first, middle) keep them unique per dialog.
#[component]
pub fn NameFields(form: PersonForm, ids: [&'static str; 3]) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form__row">
            <TextField id=ids[0] label=move || t_string!(i18n, person.last_name) value=form.last error=form.last_error required=true />
            <TextField id=ids[1] label=move || t_string!(i18n, person.first_name) value=form.first error=form.first_error required=true />
        </div>
        <TextField id=ids[2] label=move || t_string!(i18n, person.middle_name) value=form.middle error=form.middle_error />
    }
}

/// "Send the invitation to this address": the address on file, shown for checking and
/// correcting, parsed as `common` parses it; `call` sends the invitation to it. A refusal the
/// page reads itself (`refused`) may put its error at `errors`' `email`.
#[component]
pub fn InviteEmailForm<T, K, Fut, O>(
    /// The input's id.
    id: &'static str,
    email: RwSignal<String>,
    errors: crate::components::form::FieldErrors,
    #[prop(into)] lead: TextProp,
    #[prop(into)] hint: TextProp,
    call: K,
    on_ok: O,
    refused: Callback<ApiError, Refused>,
    open: RwSignal<bool>,
    #[prop(optional, into)] testid: MaybeProp<&'static str>,
    #[prop(optional, into)] alert_testid: MaybeProp<&'static str>,
    /// Said above the field (what stops the invitation).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView
where
    T: 'static,
    K: Fn(Email) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<T, ApiError>> + 'static,
    O: Fn(T) + 'static,
{
    let i18n = use_i18n();
    view! {
        <ActionForm
            check=move || errors.check("email", FieldKind::Email, Email::parse(&email.get_untracked()))
            call=call
            on_ok=on_ok
            errors=errors
            refused=refused
            open=open
            submit=move || t_string!(i18n, staff.resend_submit)
            submitting=move || t_string!(i18n, staff.resending)
            testid=testid
            alert_testid=alert_testid
            lead=lead
        >
            {children.map(|c| c())}
            <TextField
                id=id
                label=move || t_string!(i18n, person.email)
                hint=hint
                value=email
                error=errors.at("email", FieldKind::Email)
                input_type="email"
                inputmode="email"
                required=true
            />
        </ActionForm>
    }
}

/// "Sex": two radios (`{id}-female`, `{id}-male`) in a fieldset with its error (`{id}-error`).
#[component]
pub fn SexField(
    id: &'static str,
    #[prop(into)] label: TextProp,
    value: RwSignal<Option<Sex>>,
    error: RwSignal<Option<FieldErr>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let radio = move |sex: Sex| {
        let radio_id = format!("{id}-{}", if sex == Sex::Female { "female" } else { "male" });
        let label_for = radio_id.clone();
        view! {
            <label class="radio" for=label_for>
                <input
                    id=radio_id
                    type="radio"
                    name=id
                    value=sex.as_str()
                    aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                    prop:checked=move || value.get() == Some(sex)
                    on:change=move |_| {
                        value.set(Some(sex));
                        error.set(None);
                    }
                />
                <span>{move || match sex {
                    Sex::Male => t_string!(i18n, patients.sex_male),
                    Sex::Female => t_string!(i18n, patients.sex_female),
                }}</span>
            </label>
        }
    };
    view! {
        <fieldset class="fieldset fieldset--inline" class:field--invalid=move || error.get().is_some()
            aria-describedby=move || error.get().map(|_| described.clone())>
            <legend class="field__label">{move || label.get()}</legend>
            <div class="radio-row">
                {radio(Sex::Female)}
                {radio(Sex::Male)}
            </div>
            {move || error.get().map(|e| view! { <p class="field__error" id=error_id.clone()>{move || e.message(i18n)}</p> })}
        </fieldset>
    }
}
