//! `/register`: a patient registers his cabinet (PREG-2…5). Step 1: email, last name, first
//! name and birth date as the organization recorded them — the answer never says whether they
//! matched. Step 2: the emailed code and a password (a new one, or the existing account's).
//! Then "Go to the main page", already logged in.
//!
//! The emailed invitation links here as `/register#email=…`: the address is filled in and the
//! cursor waits in "Last name" (the address stays editable: the match happens on the server).

use chrono::NaiveDate;
use common::auth::{RegistrationComplete, RegistrationStart, Role};
use common::domain::{Email, PASSWORD_MIN_LEN, PersonName};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api;
use crate::components::form::{CodeAnswer, CodeStep, NewPassword, not_empty};
use crate::components::ui::{FieldErr, FieldKind, TextField};
use crate::i18n::*;
use crate::pages::accounts::login::login_error_message;
use crate::pages::accounts::password_reset::focus_soon;
use crate::pages::accounts::{AuthPage, CodeRequest, DoneStep};
use crate::routes::AppRoute;
use crate::session::use_session;

/// The invited address from the link's fragment (`#email=belova%2B1@example.org`), if any.
pub fn invited_email(fragment: &str) -> Option<String> {
    let raw = fragment.trim_start_matches('#').split('&').find_map(|kv| kv.strip_prefix("email="))?;
    let decoded = percent_decode(raw)?;
    let trimmed = decoded.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// `%XX` escapes to bytes, then UTF-8; a broken escape or invalid UTF-8 gives `None`.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Details,
    Code,
    Done,
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let step = RwSignal::new(Step::Details);
    let invited = invited_email(&use_location().hash.get_untracked());
    let has_invitation = invited.is_some();
    let email = RwSignal::new(invited.unwrap_or_default());
    let email_error = RwSignal::new(None::<FieldErr>);
    let last = RwSignal::new(String::new());
    let last_error = RwSignal::new(None::<FieldErr>);
    let first = RwSignal::new(String::new());
    let first_error = RwSignal::new(None::<FieldErr>);
    let birth = RwSignal::new(String::new());
    let birth_error = RwSignal::new(None::<FieldErr>);
    let new_password = NewPassword::new();
    let code_ref = NodeRef::<leptos::html::Input>::new();
    let last_ref = NodeRef::<leptos::html::Input>::new();
    if has_invitation {
        // The address came with the link: the next thing to type is the last name.
        focus_soon(last_ref);
    }

    let check_details = move || {
        let parsed_email = Email::parse(&email.get_untracked())
            .map_err(|e| email_error.set(Some(FieldErr::from_domain(FieldKind::Email, e))))
            .ok();
        let parsed_last = PersonName::parse(&last.get_untracked())
            .map_err(|e| last_error.set(Some(FieldErr::from_domain(FieldKind::Name, e))))
            .ok();
        let parsed_first = PersonName::parse(&first.get_untracked())
            .map_err(|e| first_error.set(Some(FieldErr::from_domain(FieldKind::Name, e))))
            .ok();
        let raw_birth = birth.get_untracked();
        let parsed_birth = NaiveDate::parse_from_str(raw_birth.trim(), "%Y-%m-%d")
            .map_err(|_| {
                birth_error.set(Some(if raw_birth.trim().is_empty() {
                    FieldErr::Required
                } else {
                    FieldErr::DateFormat
                }))
            })
            .ok();
        Some(RegistrationStart {
            email: parsed_email?.into_string(),
            last_name: parsed_last?.into_string(),
            first_name: parsed_first?.into_string(),
            birth_date: parsed_birth?,
        })
    };
    let on_sent = Callback::new(move |()| {
        step.set(Step::Code);
        focus_soon(code_ref);
    });
    // An existing account's password need not meet today's policy, so only emptiness and the
    // repeat are checked here; the server checks a new password's policy.
    let register = move |a: CodeAnswer| async move {
        let request = RegistrationComplete { email: a.email, code: a.code, password: a.password };
        let s = api::accounts::complete_registration(&request).await?;
        session.establish(s).await.map(|_| ())
    };

    view! {
        <AuthPage title=move || t_string!(i18n, register.page_title) page="register">
                <h1 class="auth-card__title">{t!(i18n, register.title)}</h1>
                {move || match step.get() {
                    Step::Details => view! {
                        <CodeRequest
                            lead=move || t_string!(i18n, register.lead)
                            check=check_details
                            call=|request: RegistrationStart| async move { api::accounts::start_registration(&request).await }
                            on_sent=on_sent
                            submit=move || t_string!(i18n, register.send_code)
                            submitting=move || t_string!(i18n, register.sending)
                            testid="register-details"
                        >
                            <TextField
                                id="register-email"
                                label=move || t_string!(i18n, login.email_label)
                                hint=move || t_string!(i18n, register.email_hint)
                                value=email
                                error=email_error
                                input_type="email"
                                autocomplete="username"
                                inputmode="email"
                                required=true
                            />
                            <TextField
                                id="register-last"
                                label=move || t_string!(i18n, person.last_name)
                                value=last
                                error=last_error
                                autocomplete="family-name"
                                required=true
                                node_ref=last_ref
                            />
                            <TextField
                                id="register-first"
                                label=move || t_string!(i18n, person.first_name)
                                value=first
                                error=first_error
                                autocomplete="given-name"
                                required=true
                            />
                            <TextField
                                id="register-birth"
                                label=move || t_string!(i18n, register.birth_date)
                                value=birth
                                error=birth_error
                                input_type="date"
                                autocomplete="bday"
                                required=true
                            />
                        </CodeRequest>
                    }.into_any(),
                    Step::Code => view! {
                        <CodeStep
                            email=email
                            sent=|i18n, email| t_string!(i18n, register.code_sent, email = email).to_string()
                            id="register"
                            password=new_password
                            policy=|pw, _| not_empty(pw)
                            password_path="password"
                            password_label=move || t_string!(i18n, register.password)
                            repeat_label=move || t_string!(i18n, register.repeat_password)
                            hint=move || t_string!(i18n, register.password_hint, min = PASSWORD_MIN_LEN).to_string()
                            submit=move || t_string!(i18n, register.submit)
                            submitting=move || t_string!(i18n, register.submitting)
                            call=register
                            on_ok=move |()| step.set(Step::Done)
                            alert=login_error_message
                            again=move || t_string!(i18n, register.again)
                            on_again=Callback::new(move |()| step.set(Step::Details))
                            code_ref=code_ref
                            testid="register-code"
                        />
                    }.into_any(),
                    Step::Done => view! {
                        <DoneStep
                            testid="register-done"
                            text=move || t_string!(i18n, register.done)
                            href=AppRoute::home_of(Role::Patient).path().to_owned()
                            link=move || t_string!(i18n, register.to_home)
                        />
                    }.into_any(),
                }}
        </AuthPage>
    }
}

#[cfg(test)]
mod tests {
    use super::invited_email;

    #[test]
    fn reads_the_invited_address_from_the_fragment() {
        assert_eq!(invited_email("#email=belova@example.org").as_deref(), Some("belova@example.org"));
        assert_eq!(invited_email("#email=a%2Bb%26c%23d@x.ru").as_deref(), Some("a+b&c#d@x.ru"));
        assert_eq!(invited_email("#x=1&email=%D0%B8%D0%B2@x.ru").as_deref(), Some("ив@x.ru"));
        assert_eq!(invited_email(""), None);
        assert_eq!(invited_email("#email="), None);
        assert_eq!(invited_email("#email=%ZZ"), None);
        assert_eq!(invited_email("#email=%4"), None);
    }
}
