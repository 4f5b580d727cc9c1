//! `/password-reset`: a forgotten password (ACC-6). Step 1: the email — the answer is always
//! "if the address is registered, we sent a code". Step 2: the 6-digit code and a new password.

use common::ErrorCode;
use common::auth::{PasswordResetConfirm, PasswordResetRequest};
use common::domain::Email;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::form::{NewPassword, NewPasswordFields, password_policy};
use crate::components::ui::{FieldErr, FieldKind, FormAlert, TextField};
use crate::i18n::*;
use crate::pages::login::login_error_message;
use crate::routes::AppRoute;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Email,
    Code,
    Done,
}

/// Six digits, spaces ignored (people copy "123 456").
pub fn normalize_code(input: &str) -> Option<String> {
    let code: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    (code.len() == 6 && code.chars().all(|c| c.is_ascii_digit())).then_some(code)
}

#[component]
pub fn PasswordResetPage() -> impl IntoView {
    let i18n = use_i18n();
    let step = RwSignal::new(Step::Email);
    let email = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<FieldErr>);
    let code = RwSignal::new(String::new());
    let code_error = RwSignal::new(None::<FieldErr>);
    let new_password = NewPassword::new();
    let pending = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<ApiError>);
    let email_ref = NodeRef::<leptos::html::Input>::new();
    let code_ref = NodeRef::<leptos::html::Input>::new();

    let send_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submit_error.set(None);
        let parsed = match Email::parse(&email.get_untracked()) {
            Ok(e) => e,
            Err(e) => {
                email_error.set(Some(FieldErr::from_domain(FieldKind::Email, e)));
                if let Some(input) = email_ref.get_untracked() {
                    let _ = input.focus();
                }
                return;
            }
        };
        pending.set(true);
        spawn_local(async move {
            let result =
                api::public::request_password_reset(&PasswordResetRequest { email: parsed.into_string() }).await;
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

    let confirm = move |ev: leptos::ev::SubmitEvent| {
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
        let pw = new_password.check(|pw| password_policy(pw, Some(&the_email)));
        let (Some(the_code), Some(pw)) = (the_code, pw) else { return };
        pending.set(true);
        spawn_local(async move {
            let request = PasswordResetConfirm { email: the_email, code: the_code, new_password: pw };
            let result = api::public::confirm_password_reset(&request).await;
            pending.set(false);
            match result {
                Ok(()) => step.set(Step::Done),
                Err(e) if e.code() == Some(ErrorCode::InvalidCode) => code_error.set(Some(FieldErr::InvalidCode)),
                Err(e) if e.code() == Some(ErrorCode::ValidationFailed) => {
                    let mut shown = false;
                    for (field, c) in e.field_errors() {
                        match field.as_str() {
                            "new_password" => {
                                new_password.error.set(Some(FieldErr::from_code(FieldKind::Password, &c)));
                                shown = true;
                            }
                            "code" => {
                                code_error.set(Some(FieldErr::CodeFormat));
                                shown = true;
                            }
                            _ => {}
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
        <Title text=move || t_string!(i18n, reset.page_title).to_owned() />
        <section class="auth-page" data-page="password-reset">
            <div class="card auth-card">
                <h1 class="auth-card__title">{t!(i18n, reset.title)}</h1>
                {move || match step.get() {
                    Step::Email => view! {
                        <p class="auth-card__lead">{t!(i18n, reset.lead)}</p>
                        <FormAlert message=message />
                        <form class="form" novalidate on:submit=send_code>
                            <TextField
                                id="reset-email"
                                label=move || t_string!(i18n, login.email_label)
                                hint=move || t_string!(i18n, reset.email_hint)
                                value=email
                                error=email_error
                                input_type="email"
                                autocomplete="username"
                                inputmode="email"
                                required=true
                                node_ref=email_ref
                            />
                            <button type="submit" class="btn btn--primary btn--block" aria-disabled=move || pending.get().then_some("true")>
                                {move || if pending.get() { t_string!(i18n, reset.sending) } else { t_string!(i18n, reset.send_code) }}
                            </button>
                        </form>
                        <A href=AppRoute::Login.path() attr:class="link">{t!(i18n, reset.back_to_login)}</A>
                    }.into_any(),
                    Step::Code => view! {
                        <div class="alert alert--info" role="status" data-testid="code-sent">
                            <crate::components::icons::MailIcon />
                            <p class="alert__body">{move || t_string!(i18n, reset.code_sent, email = email.get().trim().to_owned()).to_string()}</p>
                        </div>
                        <FormAlert message=message />
                        <form class="form" novalidate on:submit=confirm>
                            <TextField
                                id="reset-code"
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
                                id="reset"
                                label=move || t_string!(i18n, reset.new_password)
                                repeat_label=move || t_string!(i18n, reset.repeat_password)
                            />
                            <button type="submit" class="btn btn--primary btn--block" aria-disabled=move || pending.get().then_some("true")>
                                {move || if pending.get() { t_string!(i18n, reset.saving) } else { t_string!(i18n, reset.save) }}
                            </button>
                        </form>
                        <button type="button" class="btn btn--ghost" on:click=move |_| {
                            submit_error.set(None);
                            code.set(String::new());
                            code_error.set(None);
                            step.set(Step::Email);
                        }>{t!(i18n, reset.again)}</button>
                    }.into_any(),
                    Step::Done => view! {
                        <div class="alert alert--success" role="status" data-testid="reset-done">
                            <crate::components::icons::SuccessIcon />
                            <p class="alert__body">{t!(i18n, reset.done)}</p>
                        </div>
                        <A href=AppRoute::Login.path() attr:class="btn btn--primary btn--block">{t!(i18n, reset.to_login)}</A>
                    }.into_any(),
                }}
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_code;

    #[test]
    fn codes_are_six_digits() {
        assert_eq!(normalize_code(" 123 456 ").as_deref(), Some("123456"));
        assert_eq!(normalize_code("123-456").as_deref(), Some("123456"));
        assert_eq!(normalize_code("12345"), None);
        assert_eq!(normalize_code("12345a"), None);
    }
}
