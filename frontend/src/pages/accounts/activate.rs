//! `/activate#token=…`: the link of an invitation email (the token stays in the fragment, so
//! it never reaches a server log). Shows what the invitation is for; a new account sets its
//! password, an existing account confirms with its password; either way the person is then
//! logged in, into the invited membership.

use common::ErrorCode;
use common::auth::{AcceptInvitationRequest, InvitationDto, MeDto};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiError};
use crate::components::datetime::format_date;
use crate::components::form::{
    ActionForm, NewPassword, NewPasswordFields, Refused, not_empty, password_policy, show_at_fields,
};
use crate::components::ui::{FieldKind, PasswordField, role_label};
use crate::i18n::*;
use crate::pages::accounts::login::login_error_message;
use crate::pages::accounts::{AuthPage, InvalidLink, LinkAnswer};
use crate::routes::AppRoute;
use crate::session::use_session;

/// The token of `#token=…` (also accepts a bare fragment).
pub fn token_from_hash(hash: &str) -> Option<String> {
    let fragment = hash.trim_start_matches('#');
    let token = fragment.split('&').find_map(|kv| kv.strip_prefix("token=")).unwrap_or(fragment);
    (!token.is_empty() && !token.contains('=')).then(|| token.to_owned())
}

fn current_hash() -> String {
    leptos::prelude::window().location().hash().unwrap_or_default()
}

#[component]
pub fn ActivatePage() -> impl IntoView {
    let i18n = use_i18n();
    let token = token_from_hash(&current_hash());
    let token_for_load = token.clone();
    let invitation = LocalResource::new(move || {
        let token = token_for_load.clone();
        async move {
            match token {
                Some(t) => api::accounts::invitation(&t).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let render = move |answer: Result<Option<InvitationDto>, ApiError>| match answer {
        Ok(Some(inv)) => {
            Ok(view! { <ActivateForm token=token.clone().unwrap_or_default() invitation=inv /> }.into_any())
        }
        Ok(None) => Ok(view! { <InvitationInvalid /> }.into_any()),
        Err(e) if e.code() == Some(ErrorCode::InvitationInvalid) || e.status() == Some(404) => {
            Ok(view! { <InvitationInvalid /> }.into_any())
        }
        Err(e) => Err(e),
    };
    view! {
        <AuthPage title=move || t_string!(i18n, activate.page_title) page="activate">
            <LinkAnswer title=move || t_string!(i18n, activate.title) resource=invitation render=render />
        </AuthPage>
    }
}

#[component]
fn InvitationInvalid() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <InvalidLink
            testid="invitation-invalid"
            title=move || t_string!(i18n, activate.invalid_title)
            text=move || t_string!(i18n, activate.invalid_text)
            to_login=move || t_string!(i18n, activate.to_login)
        />
    }
}

#[component]
fn ActivateForm(token: String, invitation: InvitationDto) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let existing = invitation.account_exists;
    let email = invitation.email.clone();

    let state = NewPassword::new();
    let gone = RwSignal::new(false);
    let password_ref = NodeRef::<leptos::html::Input>::new();

    let email_for_check = email.clone();
    let check = move || {
        let pw = if existing {
            let pw = state.password.get_untracked();
            state.error.set(not_empty(&pw));
            Some(pw).filter(|pw| !pw.is_empty())
        } else {
            state.check(|pw| password_policy(pw, Some(&email_for_check)))
        };
        if state.error.get_untracked().is_some()
            && let Some(input) = password_ref.get_untracked()
        {
            let _ = input.focus();
        }
        pw
    };
    let call = move |pw: String| {
        let token = token.clone();
        async move {
            let s = api::accounts::accept_invitation(&token, &AcceptInvitationRequest { password: pw }).await?;
            session.establish(s).await
        }
    };
    let on_ok = move |me: MeDto| navigate(AppRoute::home_of(me.current.role).path(), NavigateOptions::default());
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::InvitationInvalid) => {
            gone.set(true);
            Refused::AtField
        }
        Some(ErrorCode::ValidationFailed) if show_at_fields(&e, &[("password", FieldKind::Password, state.error)]) => {
            Refused::AtField
        }
        Some(ErrorCode::InvalidCredentials) => Refused::Alert(t_string!(i18n, activate.wrong_password).to_owned()),
        _ => Refused::Alert(login_error_message(i18n, &e)),
    });

    let role = invitation.role;
    let org = invitation.organization_name.clone();
    let expires = invitation.expires_at;
    view! {
        <Show when=move || gone.get()>
            <InvitationInvalid />
        </Show>
        <div hidden=move || gone.get()>
            <h1 class="auth-card__title">{t!(i18n, activate.title)}</h1>
            <p class="auth-card__lead">{t!(i18n, activate.lead)}</p>
            <dl class="facts" data-testid="invitation">
                {org.clone().map(|org| view! {
                    <div class="facts__row"><dt>{t!(i18n, activate.organization)}</dt><dd>{org}</dd></div>
                })}
                <div class="facts__row"><dt>{t!(i18n, activate.role)}</dt><dd>{move || role_label(i18n, role)}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, activate.name)}</dt><dd>{invitation.full_name.clone()}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, activate.email)}</dt><dd>{email.clone()}</dd></div>
                <div class="facts__row">
                    <dt>{t!(i18n, activate.valid_until)}</dt>
                    <dd>{move || format_date(i18n, expires)}</dd>
                </div>
            </dl>
            <ActionForm
                check=check
                call=call
                on_ok=on_ok
                refused=refused
                submit=move || if existing { t_string!(i18n, activate.submit_existing) } else { t_string!(i18n, activate.submit_new) }
                submitting=move || t_string!(i18n, activate.submitting)
                block=true
                alert_testid="activate-error"
            >
                {if existing {
                    view! {
                        <div class="alert alert--info">
                            <crate::components::icons::InfoIcon />
                            <p class="alert__body">{t!(i18n, activate.existing_text)}</p>
                        </div>
                        <input type="email" class="visually-hidden" autocomplete="username" aria-hidden="true" tabindex="-1" readonly prop:value=email.clone() />
                        <PasswordField
                            id="activate-password"
                            label=move || t_string!(i18n, activate.existing_password)
                            value=state.password
                            error=state.error
                            show=state.show
                            node_ref=password_ref
                        />
                    }.into_any()
                } else {
                    view! {
                        <h2 class="form__title">{t!(i18n, activate.set_password)}</h2>
                        <input type="email" class="visually-hidden" autocomplete="username" aria-hidden="true" tabindex="-1" readonly prop:value=email.clone() />
                        <NewPasswordFields
                            state=state
                            id="activate"
                            label=move || t_string!(i18n, activate.new_password)
                            repeat_label=move || t_string!(i18n, activate.repeat_password)
                            node_ref=password_ref
                        />
                    }.into_any()
                }}
            </ActionForm>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_token_from_the_fragment() {
        assert_eq!(token_from_hash("#token=abc_DEF-1").as_deref(), Some("abc_DEF-1"));
        assert_eq!(token_from_hash("#x=1&token=t").as_deref(), Some("t"));
        assert_eq!(token_from_hash("#abc").as_deref(), Some("abc"));
        assert_eq!(token_from_hash(""), None);
        assert_eq!(token_from_hash("#token="), None);
    }
}
