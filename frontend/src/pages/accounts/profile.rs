//! `/profile` (ACC-8): every user's own data — the display name (staff), the email address
//! (password asked again; a link goes to the new address) and the password (the old one
//! required; other sessions end, this one continues with the fresh token).

use common::ErrorCode;
use common::admin::{ChangeEmailRequest, ChangeNameRequest, ChangePasswordRequest};
use common::auth::{MeDto, Role};
use common::domain::Email;
use common::person::FullName;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{self, ApiError};
use crate::components::feedback::error_message;
use crate::components::form::{ActionForm, NewPassword, NewPasswordFields, Refused, password_policy};
use crate::components::person_form::{NameFields, PersonForm};
use crate::components::ui::{FieldErr, FieldKind, PasswordField, TextField, role_label, use_toasts};
use crate::i18n::*;
use crate::pages::accounts::login::rate_limited_message;
use crate::session::{RequireRole, SessionState, use_session};

const EVERY_ROLE: &[Role] =
    &[Role::Operator, Role::Organizer, Role::Doctor, Role::Instructor, Role::Assistant, Role::Patient];

#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // Re-rendered (and the forms reset) only when the person's data changes, not on every
    // silent token refresh.
    let me = Memo::new(move |_| session.me());
    view! {
        <Title text=move || t_string!(i18n, nav.profile).to_owned() />
        <RequireRole roles=EVERY_ROLE>
            {move || me.get().map(|me| view! { <Profile me=me /> })}
        </RequireRole>
    }
}

#[component]
fn Profile(me: MeDto) -> impl IntoView {
    let i18n = use_i18n();
    let role = me.current.role;
    let is_staff = matches!(role, Role::Organizer | Role::Doctor | Role::Instructor | Role::Assistant);
    let name = me.name.clone();
    let email = me.email.clone();
    view! {
        <section class="page page--narrow" data-page="profile">
            <header class="page-header">
                <p class="page-header__eyebrow">{move || role_label(i18n, role)}</p>
                <h1>{t!(i18n, profile.title)}</h1>
                <p class="page-header__lead">{t!(i18n, profile.lead)}</p>
            </header>
            {is_staff.then(|| view! { <NameCard name=name.clone() /> })}
            <EmailCard current=email.clone() />
            <PasswordCard email=email.clone() />
        </section>
    }
}

#[component]
fn NameCard(name: FullName) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let session = use_session();
    let person = PersonForm::with(&name, None);
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::ValidationFailed) if person.show_server_errors(&e, "email") => Refused::AtField,
        Some(ErrorCode::ValidationFailed) => Refused::Alert(error_message(i18n, e.kind()).to_owned()),
        _ => Refused::Default,
    });
    let on_ok = move |me| {
        session.state.set(SessionState::Active(Box::new(me)));
        toasts.push(t_string!(i18n, profile.name_saved).to_owned());
    };
    view! {
        <section class="card" aria-labelledby="profile-name">
            <ActionForm
                check=move || person.parse_name()
                call=|name| async move { api::accounts::change_name(&ChangeNameRequest { name }).await }
                on_ok=on_ok
                refused=refused
                actions_class="form__actions"
                testid="profile-name"
                heading=move || t_string!(i18n, profile.name_title)
                heading_id="profile-name"
                heading_hint=move || t_string!(i18n, profile.name_hint)
            >
                <NameFields form=person ids=["profile-last", "profile-first", "profile-middle"] />
            </ActionForm>
        </section>
    }
}

/// The message for a failed password check in the profile forms.
fn credentials_message(i18n: leptos_i18n::I18nContext<Locale>, e: &ApiError) -> String {
    match e.code() {
        Some(ErrorCode::RateLimited) => rate_limited_message(i18n, e.retry_after()),
        _ => error_message(i18n, e.kind()).to_owned(),
    }
}

/// The email change form (also in the patient's cabinet profile).
#[component]
pub fn EmailCard(current: String) -> impl IntoView {
    let i18n = use_i18n();
    let password = RwSignal::new(String::new());
    let password_error = RwSignal::new(None::<FieldErr>);
    let show = RwSignal::new(false);
    let new_email = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<FieldErr>);
    let sent_to = RwSignal::new(None::<String>);
    let current_for_check = current.clone();
    let check = move || {
        sent_to.set(None);
        let email = match Email::parse(&new_email.get_untracked()) {
            Ok(e) if e.as_str() == current_for_check.to_lowercase() => {
                email_error.set(Some(FieldErr::SameEmail));
                None
            }
            Ok(e) => Some(e),
            Err(e) => {
                email_error.set(Some(FieldErr::from_domain(FieldKind::Email, e)));
                None
            }
        };
        let pw = password.get_untracked();
        if pw.is_empty() {
            password_error.set(Some(FieldErr::Required));
        }
        let email = email?;
        (!pw.is_empty()).then(|| ChangeEmailRequest { password: pw, new_email: email.into_string() })
    };
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::InvalidCredentials) => {
            password_error.set(Some(FieldErr::WrongPassword));
            Refused::AtField
        }
        Some(ErrorCode::ValidationFailed) => {
            let mut shown = false;
            for (field, code) in e.field_errors() {
                match field.as_str() {
                    "new_email" | "email" => email_error.set(Some(FieldErr::from_code(FieldKind::Email, &code))),
                    "password" => password_error.set(Some(FieldErr::from_code(FieldKind::Password, &code))),
                    _ => continue,
                }
                shown = true;
            }
            if shown { Refused::AtField } else { Refused::Alert(credentials_message(i18n, &e)) }
        }
        _ => Refused::Alert(credentials_message(i18n, &e)),
    });
    let on_ok = move |address: String| {
        password.set(String::new());
        new_email.set(String::new());
        sent_to.set(Some(address));
    };
    view! {
        <section class="card" aria-labelledby="profile-email">
            <ActionForm
                check=check
                call=|request: ChangeEmailRequest| async move {
                    let address = request.new_email.clone();
                    api::accounts::change_email(&request).await.map(|()| address)
                }
                on_ok=on_ok
                refused=refused
                submit=move || t_string!(i18n, profile.email_submit)
                submitting=move || t_string!(i18n, profile.sending)
                actions_class="form__actions"
                testid="profile-email"
                heading=move || t_string!(i18n, profile.email_title)
                heading_id="profile-email"
                heading_hint=move || t_string!(i18n, profile.email_current, email = current.clone()).to_string()
            >
                <div aria-live="polite">
                    {move || sent_to.get().map(|to| view! {
                        <div class="alert alert--success" role="status" data-testid="email-sent">
                            <crate::components::icons::AlertIcon />
                            <p class="alert__body">{move || t_string!(i18n, profile.email_sent, email = to.clone()).to_string()}</p>
                        </div>
                    })}
                </div>
                <TextField
                    id="profile-new-email"
                    label=move || t_string!(i18n, profile.new_email)
                    hint=move || t_string!(i18n, profile.new_email_hint)
                    value=new_email
                    error=email_error
                    input_type="email"
                    inputmode="email"
                    autocomplete="email"
                    required=true
                />
                <PasswordField
                    id="profile-email-password"
                    label=move || t_string!(i18n, profile.password_confirm)
                    hint=move || t_string!(i18n, profile.password_confirm_hint)
                    value=password
                    error=password_error
                    show=show
                />
            </ActionForm>
        </section>
    }
}

/// The password change form (also in the patient's cabinet profile).
#[component]
pub fn PasswordCard(email: String) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let session = use_session();
    let old = RwSignal::new(String::new());
    let old_error = RwSignal::new(None::<FieldErr>);
    let new_password = NewPassword::new();
    let show_old = RwSignal::new(false);
    let email_for_check = email.clone();
    let check = move || {
        let old_pw = old.get_untracked();
        if old_pw.is_empty() {
            old_error.set(Some(FieldErr::Required));
        }
        let new_pw = new_password.check(|pw| password_policy(pw, Some(&email_for_check)));
        let (Some(new_pw), None) = (new_pw, old_error.get_untracked()) else { return None };
        Some(ChangePasswordRequest { old_password: old_pw, new_password: new_pw })
    };
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::InvalidCredentials) => {
            old_error.set(Some(FieldErr::WrongPassword));
            Refused::AtField
        }
        Some(ErrorCode::ValidationFailed) => {
            let mut shown = false;
            for (field, code) in e.field_errors() {
                match field.as_str() {
                    "new_password" => new_password.error.set(Some(FieldErr::from_code(FieldKind::Password, &code))),
                    "old_password" => old_error.set(Some(FieldErr::from_code(FieldKind::Password, &code))),
                    _ => continue,
                }
                shown = true;
            }
            if shown { Refused::AtField } else { Refused::Alert(credentials_message(i18n, &e)) }
        }
        _ => Refused::Alert(credentials_message(i18n, &e)),
    });
    let on_ok = move |_| {
        old.set(String::new());
        new_password.reset();
        toasts.push(t_string!(i18n, profile.password_changed).to_owned());
    };
    view! {
        <section class="card" aria-labelledby="profile-password">
            <ActionForm
                check=check
                call=move |request: ChangePasswordRequest| async move {
                    let s = api::accounts::change_password(&request).await?;
                    session.establish(s).await
                }
                on_ok=on_ok
                refused=refused
                submit=move || t_string!(i18n, profile.password_submit)
                submitting=move || t_string!(i18n, common.saving)
                actions_class="form__actions"
                testid="profile-password"
                heading=move || t_string!(i18n, profile.password_title)
                heading_id="profile-password"
                heading_hint=move || t_string!(i18n, profile.password_lead)
            >
                <input type="email" class="visually-hidden" autocomplete="username" aria-hidden="true" tabindex="-1" readonly prop:value=email.clone() />
                <PasswordField id="profile-old-password" label=move || t_string!(i18n, profile.old_password) value=old error=old_error show=show_old />
                <NewPasswordFields
                    state=new_password
                    id="profile"
                    password_id="profile-new-password"
                    repeat_id="profile-repeat-password"
                    label=move || t_string!(i18n, profile.new_password)
                    repeat_label=move || t_string!(i18n, profile.repeat_password)
                />
            </ActionForm>
        </section>
    }
}
