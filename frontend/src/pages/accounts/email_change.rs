//! `/email/confirm#token=…` and `/email/revert#token=…` (ACC-8): the links of an email change.
//! The token stays in the fragment (never in a server log); the page posts it once and says
//! whether the address changed or the link is no longer valid.

use common::ErrorCode;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api;
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::i18n::*;
use crate::pages::accounts::activate::token_from_hash;
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
                Some(t) => api::admin::email_token(revert, &t).await.map(Some),
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
    view! {
        <Title text=move || title().to_owned() />
        <section class="auth-page" data-page=if revert { "email-revert" } else { "email-confirm" }>
            <div class="card auth-card">
                <Suspense fallback=move || view! {
                    <h1 class="auth-card__title">{title}</h1>
                    <Skeleton lines=3 />
                }>
                    {move || Suspend::new(async move {
                        match result.await {
                            Ok(Some(changed)) => {
                                let email = changed.email;
                                let next = if revert { AppRoute::Login.path() } else { AppRoute::Profile.path() };
                                view! {
                                    <div class="empty-state" data-testid="email-changed">
                                        <h1 class="auth-card__title">{title}</h1>
                                        <p>{move || if revert {
                                            t_string!(i18n, email_change.reverted, email = email.clone()).to_string()
                                        } else {
                                            t_string!(i18n, email_change.confirmed, email = email.clone()).to_string()
                                        }}</p>
                                        <A href=next attr:class="btn btn--primary btn--block">
                                            {move || if revert { t_string!(i18n, email_change.to_login) } else { t_string!(i18n, email_change.to_profile) }}
                                        </A>
                                    </div>
                                }.into_any()
                            }
                            Ok(None) => view! { <InvalidEmailLink /> }.into_any(),
                            Err(e) if matches!(e.code(), Some(ErrorCode::InvalidCode | ErrorCode::InvitationInvalid | ErrorCode::NotFound | ErrorCode::ValidationFailed)) || e.status() == Some(410) => {
                                view! { <InvalidEmailLink /> }.into_any()
                            }
                            Err(e) => view! {
                                <h1 class="auth-card__title">{title}</h1>
                                <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| result.refetch()) />
                            }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </section>
    }
}

#[component]
fn InvalidEmailLink() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="empty-state" data-testid="email-link-invalid">
            <h1 class="auth-card__title">{t!(i18n, email_change.invalid_title)}</h1>
            <p>{t!(i18n, email_change.invalid_text)}</p>
            <A href=AppRoute::Login.path() attr:class="btn btn--primary btn--block">{t!(i18n, email_change.to_login)}</A>
        </div>
    }
}
