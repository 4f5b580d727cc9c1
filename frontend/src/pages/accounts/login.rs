//! `/login`: email + password (ACC-6). On success the session is kept (access token in memory)
//! and the user goes to `?next=` or the home of the role. `?register=1` (the invitation links
//! sent before the registration step had its own link) opens the registration step instead.

use common::ErrorCode;
use common::auth::LoginRequest;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, ApiError, ErrorKind};
use crate::components::feedback::error_message;
use crate::components::form::{FormAlert, Sender, SubmitButton};
use crate::components::icons::EyeIcon;
use crate::i18n::*;
use crate::routes::{AppRoute, safe_next};
use crate::session::{SessionState, use_session};

/// What is wrong with a field, before anything is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldProblem {
    EmailRequired,
    EmailInvalid,
    PasswordRequired,
}

/// A light check of the address: something@something.something, no spaces. The server decides.
pub fn email_looks_valid(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}

pub fn validate(email: &str, password: &str) -> (Option<FieldProblem>, Option<FieldProblem>) {
    let email = email.trim();
    let email_problem = if email.is_empty() {
        Some(FieldProblem::EmailRequired)
    } else if !email_looks_valid(email) {
        Some(FieldProblem::EmailInvalid)
    } else {
        None
    };
    let password_problem = password.is_empty().then_some(FieldProblem::PasswordRequired);
    (email_problem, password_problem)
}

/// The message for a failed login. Unknown address and wrong password read the same (ACC-10).
pub fn login_error_message(i18n: I18nContext<Locale>, error: &ApiError) -> String {
    match error.code() {
        Some(ErrorCode::InvalidCredentials | ErrorCode::Unauthorized) => {
            t_string!(i18n, login.wrong_credentials).to_owned()
        }
        Some(ErrorCode::MembershipInactive) => t_string!(i18n, login.membership_inactive).to_owned(),
        Some(ErrorCode::ConsentsWithdrawn) => t_string!(i18n, login.consents_withdrawn).to_owned(),
        Some(ErrorCode::RateLimited) => rate_limited_message(i18n, error.retry_after()),
        Some(ErrorCode::ValidationFailed) => t_string!(i18n, login.validation_failed).to_owned(),
        _ if error.kind() == ErrorKind::Unauthorized => t_string!(i18n, login.wrong_credentials).to_owned(),
        _ => error_message(i18n, error.kind()).to_owned(),
    }
}

/// "Too many attempts, try again in N s" when the server said how long, else the general text.
pub fn rate_limited_message(i18n: I18nContext<Locale>, retry_after: Option<u64>) -> String {
    match retry_after {
        Some(seconds) => t_string!(i18n, login.rate_limited_wait, seconds = seconds).to_string(),
        None => t_string!(i18n, login.rate_limited).to_owned(),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let session = use_session();
    let query = use_query_map();
    let next = move || safe_next(query.read_untracked().get("next"));
    // A `Sender`, not an `ActionForm`: the refusal shares its live region with the "signed out
    // because…" note, the password's label row holds "Forgot your password?", and the restore
    // effect below reads `pending` so a login in flight is not redirected twice.
    let on_login = navigate.clone();
    let sender = Sender::new(move |request: LoginRequest| {
        let navigate = on_login.clone();
        async move {
            let result = match api::accounts::login(&request).await {
                Ok(s) => session.establish(s).await,
                Err(e) => Err(e),
            };
            match result {
                Ok(me) => {
                    let to = next().unwrap_or_else(|| AppRoute::home_of(me.current.role).path().to_owned());
                    navigate(&to, NavigateOptions::default());
                    None
                }
                Err(error) => Some(login_error_message(i18n, &error)),
            }
        }
    });
    let pending = sender.pending();
    // The server ended the session and said why (`?reason=`, or remembered by the API client
    // when another redirect won the race): tell the user until he tries again.
    let remembered = api::sign_out_reason() == Some(ErrorCode::ConsentsWithdrawn);
    let signed_out_for_consents =
        move || remembered || query.read().get("reason").as_deref() == Some(ErrorCode::ConsentsWithdrawn.as_str());

    // An older invitation's link: straight to the registration step (issue 12).
    if query.read_untracked().get("register").as_deref() == Some("1") {
        let to_register = navigate.clone();
        request_animation_frame(move || {
            to_register(AppRoute::Register.path(), NavigateOptions { replace: true, ..NavigateOptions::default() });
        });
    }

    // Already logged in (e.g. the session was restored from the cookie): straight on.
    let nav_on_restore = navigate.clone();
    Effect::new(move |_| {
        if let SessionState::Active(me) = session.state.get()
            && !pending.get_untracked()
        {
            let to = next().unwrap_or_else(|| AppRoute::home_of(me.current.role).path().to_owned());
            nav_on_restore(&to, NavigateOptions { replace: true, ..NavigateOptions::default() });
        }
    });

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let show_password = RwSignal::new(false);
    let email_problem = RwSignal::new(None::<FieldProblem>);
    let password_problem = RwSignal::new(None::<FieldProblem>);

    let email_ref = NodeRef::<leptos::html::Input>::new();
    let password_ref = NodeRef::<leptos::html::Input>::new();

    let field_message = move |p: FieldProblem| match p {
        FieldProblem::EmailRequired => t_string!(i18n, login.email_required),
        FieldProblem::EmailInvalid => t_string!(i18n, login.email_invalid),
        FieldProblem::PasswordRequired => t_string!(i18n, login.password_required),
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sender.busy() {
            return;
        }
        sender.alert().set(None);
        let (e, p) = validate(&email.get_untracked(), &password.get_untracked());
        email_problem.set(e);
        password_problem.set(p);
        if e.is_some() || p.is_some() {
            // Keyboard and screen-reader users land on the first field to fix.
            let first = if e.is_some() { email_ref.get_untracked() } else { password_ref.get_untracked() };
            if let Some(input) = first {
                let _ = input.focus();
            }
            return;
        }
        sender.send(LoginRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            membership_id: None,
        });
    };

    let described_by = |hint: &'static str, error: &'static str, has_error: bool| {
        if has_error { format!("{hint} {error}") } else { hint.to_owned() }
    };

    view! {
        <Title text=move || t_string!(i18n, login.page_title).to_owned() />
        <section class="auth-page">
            <div class="card auth-card">
                <h1 class="auth-card__title">{t!(i18n, login.title)}</h1>
                <p class="auth-card__lead">{t!(i18n, login.lead)}</p>

                <div aria-live="assertive">
                    {move || (sender.alert().with(Option::is_none) && signed_out_for_consents()).then(|| view! {
                        <div class="alert alert--info" role="status" data-testid="signed-out-reason">
                            <p class="alert__body">{t!(i18n, login.signed_out_consents_withdrawn)}</p>
                        </div>
                    })}
                    <FormAlert message=sender.alert() testid="login-error" />
                </div>

                <form class="form" novalidate on:submit=on_submit>
                    <div class="field" class:field--invalid=move || email_problem.get().is_some()>
                        <label class="field__label" for="login-email">{t!(i18n, login.email_label)}</label>
                        <p class="field__hint" id="login-email-hint">{t!(i18n, login.email_hint)}</p>
                        <input
                            id="login-email"
                            class="input"
                            type="email"
                            name="email"
                            autocomplete="username"
                            inputmode="email"
                            autocapitalize="none"
                            spellcheck="false"
                            required
                            node_ref=email_ref
                            aria-invalid=move || if email_problem.get().is_some() { "true" } else { "false" }
                            aria-describedby=move || described_by("login-email-hint", "login-email-error", email_problem.get().is_some())
                            prop:value=move || email.get()
                            on:input=move |ev| {
                                email.set(event_target_value(&ev));
                                email_problem.set(None);
                            }
                        />
                        {move || email_problem.get().map(|p| view! {
                            <p class="field__error" id="login-email-error">{move || field_message(p)}</p>
                        })}
                    </div>

                    <div class="field" class:field--invalid=move || password_problem.get().is_some()>
                        <div class="field__label-row">
                            <label class="field__label" for="login-password">{t!(i18n, login.password_label)}</label>
                            <A href=AppRoute::PasswordReset.path() attr:class="link">{t!(i18n, login.forgot_password)}</A>
                        </div>
                        <div class="password-input">
                            <input
                                id="login-password"
                                class="input"
                                type=move || if show_password.get() { "text" } else { "password" }
                                name="password"
                                autocomplete="current-password"
                                required
                                node_ref=password_ref
                                aria-invalid=move || if password_problem.get().is_some() { "true" } else { "false" }
                                aria-describedby=move || password_problem.get().map(|_| "login-password-error")
                                prop:value=move || password.get()
                                on:input=move |ev| {
                                    password.set(event_target_value(&ev));
                                    password_problem.set(None);
                                }
                            />
                            <button
                                type="button"
                                class="btn btn--ghost password-input__toggle"
                                aria-controls="login-password"
                                title=move || if show_password.get() {
                                    t_string!(i18n, login.hide_password)
                                } else {
                                    t_string!(i18n, login.show_password)
                                }
                                on:click=move |_| show_password.update(|s| *s = !*s)
                            >
                                <EyeIcon open=show_password />
                                <span class="visually-hidden">{move || if show_password.get() {
                                    t_string!(i18n, login.hide_password)
                                } else {
                                    t_string!(i18n, login.show_password)
                                }}</span>
                            </button>
                        </div>
                        {move || password_problem.get().map(|p| view! {
                            <p class="field__error" id="login-password-error">{move || field_message(p)}</p>
                        })}
                    </div>

                    <SubmitButton pending=pending label=move || t_string!(i18n, login.submit)
                        busy=move || t_string!(i18n, login.submitting) class="btn btn--primary btn--block" />
                </form>
                <p class="auth-card__footer">
                    {t!(i18n, register.new_patient)}" "
                    <A href=AppRoute::Register.path() attr:class="link" attr:data-testid="register-link">{t!(i18n, register.link)}</A>
                </p>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_email_and_password() {
        assert_eq!(validate("", ""), (Some(FieldProblem::EmailRequired), Some(FieldProblem::PasswordRequired)));
        assert_eq!(validate("ivanov", "x").0, Some(FieldProblem::EmailInvalid));
        assert_eq!(validate("a@b", "x").0, Some(FieldProblem::EmailInvalid));
        assert_eq!(validate("a b@c.ru", "x").0, Some(FieldProblem::EmailInvalid));
        assert_eq!(validate(" ivanov@clinic.ru ", "secret"), (None, None));
    }
}
