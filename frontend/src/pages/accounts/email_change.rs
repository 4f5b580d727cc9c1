//! `/email/confirm#token=…` and `/email/revert#token=…` (ACC-8): the links of an email change.
//! The token stays in the fragment (never in a server log); the page posts it once and says
//! whether the address changed or the link is no longer valid.

use common::ErrorCode;
use common::admin::EmailChangedDto;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::i18n::*;
use crate::pages::accounts::activate::token_from_hash;
use crate::pages::accounts::{AuthPage, InvalidLink, LinkAnswer, LinkButton, Outcome};
use crate::routes::AppRoute;
use crate::session::{SessionState, use_session};

#[component]
pub fn EmailConfirmPage() -> impl IntoView {
    view! { <EmailLink revert=false /> }
}

#[component]
pub fn EmailRevertPage() -> impl IntoView {
    view! { <EmailLink revert=true /> }
}

#[component]
fn EmailLink(revert: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let token = token_from_hash(&leptos::prelude::window().location().hash().unwrap_or_default());
    let result = LocalResource::new(move || {
        let token = token.clone();
        async move {
            match token {
                Some(t) => api::accounts::email_token(revert, &t).await.map(Some),
                None => Ok(None),
            }
        }
    });
    // A revert ends every session; a confirmation changes the address of this one.
    Effect::new(move |_| {
        if let Some(Ok(Some(changed))) = result.get() {
            if revert {
                if matches!(session.state.get_untracked(), SessionState::Active(_)) {
                    session.clear();
                }
            } else {
                session.state.update(|s| {
                    if let SessionState::Active(me) = s {
                        me.email = changed.email.clone();
                    }
                });
            }
        }
    });
    let title = move || {
        if revert { t_string!(i18n, email_change.revert_title) } else { t_string!(i18n, email_change.confirm_title) }
    };
    let render = move |answer: Result<Option<EmailChangedDto>, ApiError>| match answer {
        Ok(Some(changed)) => {
            let email = changed.email;
            let next = if revert { AppRoute::Login.path() } else { AppRoute::Profile.path() };
            let text = move || {
                if revert {
                    t_string!(i18n, email_change.reverted, email = email.clone()).to_string()
                } else {
                    t_string!(i18n, email_change.confirmed, email = email.clone()).to_string()
                }
            };
            let link = move || {
                if revert { t_string!(i18n, email_change.to_login) } else { t_string!(i18n, email_change.to_profile) }
            };
            Ok(view! {
                <Outcome testid="email-changed" title=title text=text>
                    <LinkButton href=next.to_owned() text=link />
                </Outcome>
            }
            .into_any())
        }
        Ok(None) => Ok(view! { <InvalidEmailLink /> }.into_any()),
        Err(e)
            if matches!(
                e.code(),
                Some(
                    ErrorCode::InvalidCode
                        | ErrorCode::InvitationInvalid
                        | ErrorCode::NotFound
                        | ErrorCode::ValidationFailed
                )
            ) || e.status() == Some(410) =>
        {
            Ok(view! { <InvalidEmailLink /> }.into_any())
        }
        Err(e) => Err(e),
    };
    view! {
        <AuthPage title=title page=if revert { "email-revert" } else { "email-confirm" }>
            <LinkAnswer title=title resource=result render=render lines=3 />
        </AuthPage>
    }
}

#[component]
fn InvalidEmailLink() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <InvalidLink
            testid="email-link-invalid"
            title=move || t_string!(i18n, email_change.invalid_title)
            text=move || t_string!(i18n, email_change.invalid_text)
            to_login=move || t_string!(i18n, email_change.to_login)
        />
    }
}
