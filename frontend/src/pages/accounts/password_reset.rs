//! `/password-reset`: a forgotten password (ACC-6). Step 1: the email — the answer is always
//! "if the address is registered, we sent a code". Step 2: the 6-digit code and a new password.

use common::auth::{PasswordResetConfirm, PasswordResetRequest};
use common::domain::Email;
use leptos::prelude::*;

use crate::api;
use crate::components::form::{CodeAnswer, CodeStep, NewPassword, password_policy};
use crate::components::ui::{FieldErr, FieldKind, TextField};
use crate::i18n::*;
use crate::pages::accounts::login::login_error_message;
use crate::pages::accounts::{AuthPage, CodeRequest, DoneStep};
use crate::routes::AppRoute;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Email,
    Code,
    Done,
}

/// Focuses an input on the next frame (after the step that holds it is drawn).
pub fn focus_soon(input: NodeRef<leptos::html::Input>) {
    request_animation_frame(move || {
        if let Some(input) = input.get_untracked() {
            let _ = input.focus();
        }
    });
}

#[component]
pub fn PasswordResetPage() -> impl IntoView {
    let i18n = use_i18n();
    let step = RwSignal::new(Step::Email);
    let email = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<FieldErr>);
    let new_password = NewPassword::new();
    let email_ref = NodeRef::<leptos::html::Input>::new();
    let code_ref = NodeRef::<leptos::html::Input>::new();
    let check_email = move || match Email::parse(&email.get_untracked()) {
        Ok(e) => Some(e),
        Err(e) => {
            email_error.set(Some(FieldErr::from_domain(FieldKind::Email, e)));
            if let Some(input) = email_ref.get_untracked() {
                let _ = input.focus();
            }
            None
        }
    };
    let on_sent = Callback::new(move |()| {
        step.set(Step::Code);
        focus_soon(code_ref);
    });
    let confirm = |a: CodeAnswer| async move {
        let request = PasswordResetConfirm { email: a.email, code: a.code, new_password: a.password };
        api::accounts::confirm_password_reset(&request).await
    };

    view! {
        <AuthPage title=move || t_string!(i18n, reset.page_title) page="password-reset">
                <h1 class="auth-card__title">{t!(i18n, reset.title)}</h1>
                {move || match step.get() {
                    Step::Email => view! {
                        <CodeRequest
                            lead=move || t_string!(i18n, reset.lead)
                            check=check_email
                            call=|e: Email| async move {
                                api::accounts::request_password_reset(&PasswordResetRequest { email: e.into_string() }).await
                            }
                            on_sent=on_sent
                            submit=move || t_string!(i18n, reset.send_code)
                            submitting=move || t_string!(i18n, reset.sending)
                        >
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
                        </CodeRequest>
                    }.into_any(),
                    Step::Code => view! {
                        <CodeStep
                            email=email
                            sent=|i18n, email| t_string!(i18n, reset.code_sent, email = email).to_string()
                            id="reset"
                            password=new_password
                            policy=|pw, email| password_policy(pw, Some(email))
                            password_path="new_password"
                            password_label=move || t_string!(i18n, reset.new_password)
                            repeat_label=move || t_string!(i18n, reset.repeat_password)
                            submit=move || t_string!(i18n, reset.save)
                            submitting=move || t_string!(i18n, reset.saving)
                            call=confirm
                            on_ok=move |()| step.set(Step::Done)
                            alert=login_error_message
                            again=move || t_string!(i18n, reset.again)
                            on_again=Callback::new(move |()| step.set(Step::Email))
                            code_ref=code_ref
                        />
                    }.into_any(),
                    Step::Done => view! {
                        <DoneStep
                            testid="reset-done"
                            text=move || t_string!(i18n, reset.done)
                            href=AppRoute::Login.path().to_owned()
                            link=move || t_string!(i18n, reset.to_login)
                        />
                    }.into_any(),
                }}
        </AuthPage>
    }
}
