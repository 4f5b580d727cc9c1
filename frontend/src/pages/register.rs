//! `/register`: a patient registers his cabinet (PREG-2…5). Step 1: email, last name, first
//! name and birth date as the organization recorded them — the answer never says whether they
//! matched. Step 2: the emailed code and a password (a new one, or the existing account's).
//! Then "Go to the main page", already logged in.
//!
//! The emailed invitation links here as `/register#email=…`: the address is filled in and the
//! cursor waits in "Last name" (the address stays editable: the match happens on the server).

use chrono::NaiveDate;
use common::ErrorCode;
use common::auth::{RegistrationComplete, RegistrationStart, Role};
use common::domain::{Email, PASSWORD_MIN_LEN, PersonName};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::api::{self, ApiError};
use crate::components::form::{NewPassword, NewPasswordFields, not_empty};
use crate::components::ui::{FieldErr, FieldKind, FormAlert, TextField};
use crate::i18n::*;
use crate::pages::login::login_error_message;
use crate::pages::password_reset::normalize_code;
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
    let code = RwSignal::new(String::new());
    let code_error = RwSignal::new(None::<FieldErr>);
    let new_password = NewPassword::new();
    let pending = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<ApiError>);
    let code_ref = NodeRef::<leptos::html::Input>::new();
    let last_ref = NodeRef::<leptos::html::Input>::new();
    if has_invitation {
        // The address came with the link: the next thing to type is the last name.
        request_animation_frame(move || {
            if let Some(input) = last_ref.get_untracked() {
                let _ = input.focus();
            }
        });
    }

    let send_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submit_error.set(None);
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
        let (Some(e), Some(l), Some(f), Some(b)) = (parsed_email, parsed_last, parsed_first, parsed_birth) else {
            return;
        };
        pending.set(true);
        spawn_local(async move {
            let request = RegistrationStart {
                email: e.into_string(),
                last_name: l.into_string(),
                first_name: f.into_string(),
                birth_date: b,
            };
            let result = api::public::start_registration(&request).await;
            pending.set(false);
            match result {
                Ok(()) => {
                    step.set(Step::Code);
                    request_animation_frame(move || {
                        if let Some(input) = code_ref.get_untracked() {
                            let _ = input.focus();
                        }
                    });
                }
                Err(e) => submit_error.set(Some(e)),
            }
        });
    };

    let register = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submit_error.set(None);
        let the_email = email.get_untracked().trim().to_lowercase();
        let the_code = normalize_code(&code.get_untracked());
        if the_code.is_none() {
            code_error.set(Some(if code.get_untracked().trim().is_empty() {
                FieldErr::Required
            } else {
                FieldErr::CodeFormat
            }));
        }
        // An existing account's password need not meet today's policy, so only emptiness and
        // the repeat are checked here; the server checks a new password's policy.
        let pw = new_password.check(not_empty);
        let (Some(the_code), Some(pw)) = (the_code, pw) else { return };
        pending.set(true);
        spawn_local(async move {
            let request = RegistrationComplete { email: the_email, code: the_code, password: pw };
            let result = match api::public::complete_registration(&request).await {
                Ok(s) => session.establish(s).await.map(|_| ()),
                Err(e) => Err(e),
            };
            pending.set(false);
            match result {
                Ok(()) => step.set(Step::Done),
                Err(e) if e.code() == Some(ErrorCode::InvalidCode) => code_error.set(Some(FieldErr::InvalidCode)),
                Err(e) if e.code() == Some(ErrorCode::InvalidCredentials) => {
                    new_password.error.set(Some(FieldErr::WrongPassword));
                }
                Err(e) if e.code() == Some(ErrorCode::ValidationFailed) => {
                    let mut shown = false;
                    for (field, c) in e.field_errors() {
                        if field == "password" {
                            new_password.error.set(Some(FieldErr::from_code(FieldKind::Password, &c)));
                            shown = true;
                        }
                    }
                    if !shown {
                        submit_error.set(Some(e));
                    }
                }
                Err(e) => submit_error.set(Some(e)),
            }
        });
    };

    let message = Signal::derive(move || submit_error.get().map(|e| login_error_message(i18n, &e)));

    view! {
        <Title text=move || t_string!(i18n, register.page_title).to_owned() />
        <section class="auth-page" data-page="register">
            <div class="card auth-card">
                <h1 class="auth-card__title">{t!(i18n, register.title)}</h1>
                {move || match step.get() {
                    Step::Details => view! {
                        <p class="auth-card__lead">{t!(i18n, register.lead)}</p>
                        <FormAlert message=message />
                        <form class="form" novalidate on:submit=send_code data-testid="register-details">
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
                            <button type="submit" class="btn btn--primary btn--block" aria-disabled=move || pending.get().then_some("true")>
                                {move || if pending.get() { t_string!(i18n, register.sending) } else { t_string!(i18n, register.send_code) }}
                            </button>
                        </form>
                        <A href=AppRoute::Login.path() attr:class="link">{t!(i18n, reset.back_to_login)}</A>
                    }.into_any(),
                    Step::Code => view! {
                        <div class="alert alert--info" role="status" data-testid="code-sent">
                            <crate::components::icons::MailIcon />
                            <p class="alert__body">{move || t_string!(i18n, register.code_sent, email = email.get().trim().to_owned()).to_string()}</p>
                        </div>
                        <FormAlert message=message />
                        <form class="form" novalidate on:submit=register data-testid="register-code">
                            <TextField
                                id="register-code"
                                label=move || t_string!(i18n, reset.code_label)
                                hint=move || t_string!(i18n, reset.code_hint)
                                value=code
                                error=code_error
                                autocomplete="one-time-code"
                                inputmode="numeric"
                                maxlength=7
                                required=true
                                node_ref=code_ref
                            />
                            <input type="email" class="visually-hidden" autocomplete="username" aria-hidden="true" tabindex="-1" readonly prop:value=move || email.get() />
                            <NewPasswordFields
                                state=new_password
                                id="register"
                                label=move || t_string!(i18n, register.password)
                                repeat_label=move || t_string!(i18n, register.repeat_password)
                                hint=move || t_string!(i18n, register.password_hint, min = PASSWORD_MIN_LEN).to_string()
                            />
                            <button type="submit" class="btn btn--primary btn--block" aria-disabled=move || pending.get().then_some("true")>
                                {move || if pending.get() { t_string!(i18n, register.submitting) } else { t_string!(i18n, register.submit) }}
                            </button>
                        </form>
                        <button type="button" class="btn btn--ghost" on:click=move |_| {
                            submit_error.set(None);
                            code.set(String::new());
                            code_error.set(None);
                            step.set(Step::Details);
                        }>{t!(i18n, register.again)}</button>
                    }.into_any(),
                    Step::Done => view! {
                        <div class="alert alert--success" role="status" data-testid="register-done">
                            <crate::components::icons::SuccessIcon />
                            <p class="alert__body">{t!(i18n, register.done)}</p>
                        </div>
                        <A href=AppRoute::home_of(Role::Patient).path() attr:class="btn btn--primary btn--block">{t!(i18n, register.to_home)}</A>
                    }.into_any(),
                }}
            </div>
        </section>
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
