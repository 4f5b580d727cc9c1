//! `/representation#token=…`: the link of an invitation to represent a patient (CAB-10). It
//! shows who invites, whom to represent and until when. Logged in with the invited address:
//! "Accept" / "Decline". Not logged in: "Log in" (and back here), or — when the address has no
//! account — a short form that creates one and accepts. Logged in with another address: a
//! clear refusal. The token stays in the fragment and, across the login, in `sessionStorage`:
//! it never reaches a server log or a query string.

use common::ErrorCode;
use common::cabinet::{RepresentationInviteDto, RepresentationRegisterInput};
use common::domain::PersonName;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiError};
use crate::components::datetime::{format_date, format_day};
use crate::components::feedback::{ErrorPanel, Skeleton, error_message};
use crate::components::form::{ActionForm, NewPassword, NewPasswordFields, Refused, password_policy, show_at_fields};
use crate::components::ui::{FieldErr, FieldKind, FormAlert, TextField};
use crate::i18n::*;
use crate::pages::accounts::activate::token_from_hash;
use crate::pages::accounts::{AuthPage, LinkButton, Outcome};
use crate::routes::{AppRoute, login_with_next};
use crate::session::{SessionState, use_session};

const STORAGE_KEY: &str = "oncocenter.representation";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

/// The token of the link: from the fragment (kept for the way back from the login page), else
/// the one kept earlier in this tab.
fn current_token() -> Option<String> {
    let hash = leptos::prelude::window().location().hash().unwrap_or_default();
    match token_from_hash(&hash) {
        Some(t) => {
            if let Some(s) = storage() {
                let _ = s.set_item(STORAGE_KEY, &t);
            }
            Some(t)
        }
        None => storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()),
    }
}

fn forget_token() {
    if let Some(s) = storage() {
        let _ = s.remove_item(STORAGE_KEY);
    }
}

/// Which panel a failed load (or action) shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gone {
    Invalid,
    Expired,
    WrongAccount,
    Declined,
}

fn gone_of(e: &ApiError) -> Option<Gone> {
    match e.code() {
        Some(ErrorCode::InvitationInvalid) => Some(Gone::Invalid),
        Some(ErrorCode::InvitationExpired) => Some(Gone::Expired),
        Some(ErrorCode::InvitationWrongAccount) => Some(Gone::WrongAccount),
        _ => None,
    }
}

#[component]
pub fn RepresentationPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let token = current_token();
    let restored = Memo::new(move |_| !matches!(session.state.get(), SessionState::Restoring));
    let logged_in = Memo::new(move |_| matches!(session.state.get(), SessionState::Active(_)));
    let token_for_load = token.clone();
    let token_store = StoredValue::new(token);
    let invitation = LocalResource::new(move || {
        let token = token_for_load.clone();
        let ready = restored.get();
        let logged_in = logged_in.get();
        async move {
            match (token, ready) {
                (Some(t), true) => api::accounts::representation_invitation(&t, logged_in).await.map(Some),
                _ => Ok(None),
            }
        }
    });
    view! {
        <AuthPage title=move || t_string!(i18n, representation.page_title) page="representation">
                <Show when=move || restored.get() fallback=|| view! { <Skeleton lines=5 /> }>
                    <Suspense fallback=|| view! { <Skeleton lines=5 /> }>
                        {move || {
                                let token = token_store.get_value();
                                Suspend::new(async move {
                                    match (invitation.await, token) {
                                        (Ok(Some(inv)), Some(token)) => {
                                            view! { <Invitation token=token invitation=inv logged_in=logged_in.get_untracked() /> }.into_any()
                                        }
                                        (Ok(_), _) => view! { <GonePanel gone=Gone::Invalid /> }.into_any(),
                                        (Err(e), _) => match gone_of(&e) {
                                            Some(g) => view! { <GonePanel gone=g /> }.into_any(),
                                            None => view! {
                                                <h1 class="auth-card__title">{t!(i18n, representation.title)}</h1>
                                                <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| invitation.refetch()) />
                                            }.into_any(),
                                        },
                                    }
                                })
                        }}
                    </Suspense>
                </Show>
        </AuthPage>
    }
}

#[component]
fn GonePanel(gone: Gone) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    if gone != Gone::WrongAccount {
        forget_token();
    }
    let (title, text) = match gone {
        Gone::Invalid => (t_string!(i18n, representation.invalid_title), t_string!(i18n, representation.invalid_text)),
        Gone::Expired => (t_string!(i18n, representation.expired_title), t_string!(i18n, representation.expired_text)),
        Gone::WrongAccount => (t_string!(i18n, representation.wrong_title), t_string!(i18n, representation.wrong_text)),
        Gone::Declined => {
            (t_string!(i18n, representation.declined_title), t_string!(i18n, representation.declined_text))
        }
    };
    let logout = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = api::accounts::logout().await;
            session.clear();
            navigate(&login_with_next(AppRoute::Representation.path()), NavigateOptions::default());
        });
    };
    view! {
        <Outcome testid=format!("representation-{gone:?}").to_lowercase() title=title text=text>
            {if gone == Gone::WrongAccount {
                view! {
                    <button type="button" class="btn btn--primary btn--block" on:click=logout>{t!(i18n, representation.logout)}</button>
                }.into_any()
            } else {
                view! {
                    <LinkButton href=AppRoute::Login.path().to_owned() text=move || t_string!(i18n, representation.to_login) />
                }.into_any()
            }}
        </Outcome>
    }
}

#[component]
fn Invitation(token: String, invitation: RepresentationInviteDto, logged_in: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let gone = RwSignal::new(None::<Gone>);
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(None::<&'static str>);

    let accept_token = token.clone();
    let nav_accept = navigate.clone();
    let accept = move |_| {
        if pending.get_untracked().is_some() {
            return;
        }
        pending.set(Some("accept"));
        error.set(None);
        let token = accept_token.clone();
        let navigate = nav_accept.clone();
        spawn_local(async move {
            let result = match api::accounts::accept_representation(&token).await {
                Ok(s) => session.establish(s).await,
                Err(e) => Err(e),
            };
            pending.set(None);
            match result {
                Ok(_) => {
                    forget_token();
                    navigate(AppRoute::CabinetRecord.path(), NavigateOptions::default());
                }
                Err(e) => match gone_of(&e) {
                    Some(g) => gone.set(Some(g)),
                    None => error.set(Some(error_message(i18n, e.kind()).to_owned())),
                },
            }
        });
    };
    let decline_token = token.clone();
    let decline = move |_| {
        if pending.get_untracked().is_some() {
            return;
        }
        pending.set(Some("decline"));
        error.set(None);
        let token = decline_token.clone();
        spawn_local(async move {
            let result = api::accounts::decline_representation(&token, logged_in).await;
            pending.set(None);
            match result {
                Ok(()) => gone.set(Some(Gone::Declined)),
                Err(e) => match gone_of(&e) {
                    Some(g) => gone.set(Some(g)),
                    None => error.set(Some(error_message(i18n, e.kind()).to_owned())),
                },
            }
        });
    };
    let nav_login = navigate.clone();
    let to_login = move |_| nav_login(&login_with_next(AppRoute::Representation.path()), NavigateOptions::default());

    let email = invitation.email.clone();
    let until = invitation.until;
    let expires = invitation.expires_at;
    let exists = invitation.account_exists;
    let email_for_login = email.clone();
    let email_for_register = email.clone();
    view! {
        {move || gone.get().map(|g| view! { <GonePanel gone=g /> })}
        <div hidden=move || gone.get().is_some()>
            <h1 class="auth-card__title">{t!(i18n, representation.title)}</h1>
            <p class="auth-card__lead">{t!(i18n, representation.lead)}</p>
            <dl class="facts" data-testid="representation">
                <div class="facts__row"><dt>{t!(i18n, representation.organization)}</dt><dd>{invitation.organization_name.clone()}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, representation.patient)}</dt><dd>{invitation.patient_name.clone()}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, representation.until)}</dt><dd>{move || format_day(i18n, until)}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, representation.email)}</dt><dd class="representation__email">{email.clone()}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, representation.valid_until)}</dt><dd>{move || format_date(i18n, expires)}</dd></div>
            </dl>
            <FormAlert message=Signal::derive(move || error.get()) testid="representation-error" />
            {if logged_in {
                view! {
                    <div class="form__actions">
                        <button type="button" class="btn btn--primary btn--block" data-testid="representation-accept"
                            aria-disabled=move || pending.get().is_some().then_some("true") on:click=accept>
                            {move || if pending.get() == Some("accept") { t_string!(i18n, representation.accepting) } else { t_string!(i18n, representation.accept) }}
                        </button>
                    </div>
                }.into_any()
            } else if exists {
                view! {
                    <p>{move || t_string!(i18n, representation.login_text, email = email_for_login.clone()).to_string()}</p>
                    <button type="button" class="btn btn--primary btn--block" data-testid="representation-login" on:click=to_login>
                        {t!(i18n, representation.login)}
                    </button>
                }.into_any()
            } else {
                view! { <RegisterForm token=token.clone() email=email_for_register.clone() gone=gone /> }.into_any()
            }}
            <button type="button" class="btn btn--secondary btn--block representation__decline" data-testid="representation-decline"
                aria-disabled=move || pending.get().is_some().then_some("true") on:click=decline>
                {move || if pending.get() == Some("decline") { t_string!(i18n, representation.declining) } else { t_string!(i18n, representation.decline) }}
            </button>
        </div>
    }
}

/// An address without an account: name and password → the account, accepted, logged in.
#[component]
fn RegisterForm(token: String, email: String, gone: RwSignal<Option<Gone>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let last = RwSignal::new(String::new());
    let first = RwSignal::new(String::new());
    let middle = RwSignal::new(String::new());
    let new_password = NewPassword::new();
    let last_error = RwSignal::new(None::<FieldErr>);
    let first_error = RwSignal::new(None::<FieldErr>);
    let middle_error = RwSignal::new(None::<FieldErr>);
    let email_for_check = email.clone();
    let check = move || {
        let name_err = |v: &str, required: bool| {
            if v.trim().is_empty() {
                return required.then_some(FieldErr::Required);
            }
            PersonName::parse(v).err().map(|e| FieldErr::from_domain(FieldKind::Name, e))
        };
        last_error.set(name_err(&last.get_untracked(), true));
        first_error.set(name_err(&first.get_untracked(), true));
        middle_error.set(name_err(&middle.get_untracked(), false));
        let pw = new_password.check(|pw| password_policy(pw, Some(&email_for_check)));
        let errors = [last_error, first_error, middle_error];
        let pw = pw.filter(|_| errors.iter().all(|e| e.get_untracked().is_none()))?;
        let middle_name = Some(middle.get_untracked()).filter(|m| !m.trim().is_empty());
        Some(RepresentationRegisterInput {
            last_name: last.get_untracked(),
            first_name: first.get_untracked(),
            middle_name,
            password: pw,
        })
    };
    let call = move |input: RepresentationRegisterInput| {
        let token = token.clone();
        async move {
            let s = api::accounts::register_representation(&token, &input).await?;
            session.establish(s).await
        }
    };
    let on_ok = move |_| {
        forget_token();
        navigate(AppRoute::CabinetRecord.path(), NavigateOptions::default());
    };
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::Conflict) => Refused::Alert(t_string!(i18n, representation.has_account).to_owned()),
        Some(ErrorCode::ValidationFailed)
            if show_at_fields(
                &e,
                &[
                    ("last_name", FieldKind::Name, last_error),
                    ("first_name", FieldKind::Name, first_error),
                    ("middle_name", FieldKind::Name, middle_error),
                    ("password", FieldKind::Password, new_password.error),
                ],
            ) =>
        {
            Refused::AtField
        }
        _ => match gone_of(&e) {
            Some(g) => {
                gone.set(Some(g));
                Refused::AtField
            }
            None => Refused::Alert(error_message(i18n, e.kind()).to_owned()),
        },
    });
    view! {
        <ActionForm
            check=check
            call=call
            on_ok=on_ok
            refused=refused
            submit=move || t_string!(i18n, representation.register)
            submitting=move || t_string!(i18n, representation.registering)
            block=true
            testid="representation-register"
            heading=move || t_string!(i18n, representation.register_title)
            lead=move || t_string!(i18n, representation.register_text, email = email.clone()).to_string()
        >
            <TextField id="rep-last" label=move || t_string!(i18n, representation.last_name) value=last error=last_error autocomplete="family-name" required=true />
            <TextField id="rep-first" label=move || t_string!(i18n, representation.first_name) value=first error=first_error autocomplete="given-name" required=true />
            <TextField id="rep-middle" label=move || t_string!(i18n, representation.middle_name) value=middle error=middle_error autocomplete="additional-name" />
            <NewPasswordFields
                state=new_password
                id="rep"
                label=move || t_string!(i18n, representation.password)
                repeat_label=move || t_string!(i18n, representation.repeat_password)
            />
        </ActionForm>
    }
}
