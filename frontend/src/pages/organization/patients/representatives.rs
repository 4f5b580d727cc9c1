//! "Представители" (CAB-10) of a patient's row: who may open his cabinet, the invitations
//! waiting for an answer, and "Invite".

use common::ErrorCode;
use common::admin::PatientDto;
use common::domain::Email;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::feedback::error_message;
use crate::components::form::{ActionForm, FieldErr, FieldKind, FormAlert, Refused, TextField};
use crate::components::ui::use_toasts;
use crate::i18n::*;

/// "Представители" (CAB-10): the accounts that may open this card's cabinet, until a date —
/// the list with "Remove"; the invitations still waiting for an answer, with "Resend" and
/// "Revoke"; and "Invite" by an email address (the person becomes a representative when he
/// accepts; the answer never tells whether the address has an account).
#[component]
pub fn RepresentativesForm(patient: PatientDto, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = patient.id;
    let version = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        version.track();
        api::organization::representatives(id)
    });
    let busy = RwSignal::new(None::<common::ids::RepresentativeId>);
    let list_error = RwSignal::new(None::<String>);
    let remove = move |rid: common::ids::RepresentativeId| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(rid));
        list_error.set(None);
        spawn_local(async move {
            let result = api::organization::remove_representative(id, rid).await;
            busy.set(None);
            match result {
                Ok(()) => {
                    toasts.push(t_string!(i18n, org_cabinet.rep_removed).to_owned());
                    version.update(|v| *v += 1);
                }
                Err(e) => list_error.set(Some(error_message(i18n, e.kind()).to_owned())),
            }
        });
    };
    let name = patient.name.full();
    view! {
        <div class="representatives" data-testid="representatives">
            <p class="dialog__lead">{move || t_string!(i18n, org_cabinet.rep_lead, name = name.clone()).to_string()}</p>
            <h3 class="representatives__title">{t!(i18n, org_cabinet.rep_list)}</h3>
            <FormAlert message=Signal::derive(move || list_error.get()) />
                <Suspense fallback=|| view! { <crate::components::feedback::Skeleton lines=2 /> }>
                    {move || Suspend::new(async move {
                        match list.await {
                            Ok(items) if items.is_empty() => view! {
                                <p class="hint" data-testid="representatives-empty">{t!(i18n, org_cabinet.rep_none)}</p>
                            }.into_any(),
                            Ok(items) => view! {
                                <ul class="rep-list" role="list" data-testid="representative-list">
                                    {items.into_iter().map(|r| {
                                        let rid = r.id;
                                        let until = r.until;
                                        let who = if r.name.trim().is_empty() { r.email.clone() } else { r.name.clone() };
                                        let who_label = who.clone();
                                        view! {
                                            <li class="rep-list__item" data-email=r.email.clone()>
                                                <span class="person">
                                                    <span class="person__name">{who.clone()}</span>
                                                    <span class="person__email">{r.email.clone()}</span>
                                                    <span class="person__email">
                                                        {move || t_string!(i18n, org_cabinet.rep_until, date = crate::components::datetime::format_day(i18n, until)).to_string()}
                                                    </span>
                                                </span>
                                                <button type="button" class="btn btn--ghost btn--small btn--danger-text"
                                                    aria-label=move || t_string!(i18n, org_cabinet.rep_remove_of, name = who_label.clone()).to_string()
                                                    aria-disabled=move || (busy.get() == Some(rid)).then_some("true")
                                                    on:click=move |_| remove(rid)>
                                                    {t!(i18n, org_cabinet.rep_remove)}
                                                </button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => view! {
                                <crate::components::feedback::ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| list.refetch()) />
                            }.into_any(),
                        }
                    })}
                </Suspense>
            <PendingInvitations id=id version=version />
            <AddRepresentative id=id on_added=Callback::new(move |()| version.update(|v| *v += 1)) />
            <div class="dialog__actions">
                <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>{t!(i18n, org_cabinet.close)}</button>
            </div>
        </div>
    }
}

/// The card's invitations still waiting for an answer: address, period, when sent (and
/// whether the link expired), with "Resend" and "Revoke". Nothing when there are none.
#[component]
fn PendingInvitations(id: common::ids::PatientId, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let list = LocalResource::new(move || {
        version.track();
        api::organization::representative_invitations(id)
    });
    let busy = RwSignal::new(None::<common::ids::RepresentativeInvitationId>);
    let error = RwSignal::new(None::<String>);
    let act = move |iid: common::ids::RepresentativeInvitationId, email: String, resend: bool| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(iid));
        error.set(None);
        spawn_local(async move {
            let result = if resend {
                api::organization::resend_representative_invitation(id, iid).await.map(|_| ())
            } else {
                api::organization::revoke_representative_invitation(id, iid).await
            };
            busy.set(None);
            match result {
                Ok(()) => {
                    let note = if resend {
                        t_string!(i18n, org_cabinet.rep_resent, email = email).to_string()
                    } else {
                        t_string!(i18n, org_cabinet.rep_revoked).to_owned()
                    };
                    toasts.push(note);
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(error_message(i18n, e.kind()).to_owned())),
            }
        });
    };
    view! {
        <FormAlert message=Signal::derive(move || error.get()) />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(items) if items.is_empty() => ().into_any(),
                    Ok(items) => view! {
                        <h3 class="representatives__title">{t!(i18n, org_cabinet.rep_pending_title)}</h3>
                        <ul class="rep-list" role="list" data-testid="representative-invitations">
                            {items.into_iter().map(|inv| {
                                let iid = inv.id;
                                let until = inv.until;
                                let sent = inv.sent_at;
                                let expired = crate::components::datetime::local_day(inv.expires_at) < crate::components::datetime::today();
                                let email = inv.email.clone();
                                let (e1, e2, e3, e4) = (email.clone(), email.clone(), email.clone(), email.clone());
                                view! {
                                    <li class="rep-list__item rep-list__item--pending" data-email=email.clone()>
                                        <span class="person">
                                            <span class="person__name">{email.clone()}</span>
                                            <span class="person__email">
                                                {move || t_string!(i18n, org_cabinet.rep_until, date = crate::components::datetime::format_day(i18n, until)).to_string()}
                                            </span>
                                            <span class="person__email">
                                                {move || t_string!(i18n, org_cabinet.rep_sent, date = crate::components::datetime::format_date(i18n, sent)).to_string()}
                                            </span>
                                            {expired.then(|| view! { <span class="person__email rep-list__expired">{t!(i18n, org_cabinet.rep_expired)}</span> })}
                                        </span>
                                        <span class="rep-list__actions">
                                            <button type="button" class="btn btn--ghost btn--small"
                                                aria-label=move || t_string!(i18n, org_cabinet.rep_resend_of, email = e1.clone()).to_string()
                                                aria-disabled=move || (busy.get() == Some(iid)).then_some("true")
                                                on:click=move |_| act(iid, e2.clone(), true)>
                                                {t!(i18n, org_cabinet.rep_resend)}
                                            </button>
                                            <button type="button" class="btn btn--ghost btn--small btn--danger-text"
                                                aria-label=move || t_string!(i18n, org_cabinet.rep_revoke_of, email = e3.clone()).to_string()
                                                aria-disabled=move || (busy.get() == Some(iid)).then_some("true")
                                                on:click=move |_| act(iid, e4.clone(), false)>
                                                {t!(i18n, org_cabinet.rep_revoke)}
                                            </button>
                                        </span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! {
                        <crate::components::feedback::ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| list.refetch()) />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What is wrong with the representative's email: a field error of the shared kinds, or the
/// card's own address / a pending invitation, which read as sentences of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RepEmailError {
    Field(FieldErr),
    /// The card's own email (`own_card`).
    OwnCard,
    Already,
}

#[component]
fn AddRepresentative(id: common::ids::PatientId, on_added: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let email = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<RepEmailError>);
    let until = RwSignal::new(
        crate::components::datetime::today()
            .checked_add_months(chrono::Months::new(12))
            .unwrap_or_else(crate::components::datetime::today)
            .format("%Y-%m-%d")
            .to_string(),
    );
    let until_error = RwSignal::new(None::<FieldErr>);
    let check = move || {
        let parsed = Email::parse(&email.get_untracked())
            .map_err(|e| email_error.set(Some(RepEmailError::Field(FieldErr::from_domain(FieldKind::Email, e)))))
            .ok();
        let day = match chrono::NaiveDate::parse_from_str(until.get_untracked().trim(), "%Y-%m-%d") {
            Ok(d) if d < crate::components::datetime::today() => {
                until_error.set(Some(FieldErr::OutOfRange));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                let empty = until.get_untracked().trim().is_empty();
                until_error.set(Some(if empty { FieldErr::Required } else { FieldErr::DateFormat }));
                None
            }
        };
        Some(common::cabinet::RepresentativeInput { email: parsed?.as_str().to_owned(), until: day? })
    };
    let on_ok = move |r: common::cabinet::RepresentativeInvitationDto| {
        toasts.push(t_string!(i18n, org_cabinet.rep_added, email = r.email).to_string());
        email.set(String::new());
        on_added.run(());
    };
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::Conflict) => {
            email_error.set(Some(RepEmailError::Already));
            Refused::AtField
        }
        Some(ErrorCode::ValidationFailed) => {
            let mut shown = false;
            for (field, code) in e.field_errors() {
                match (field.as_str(), code.as_str()) {
                    ("email", "own_card") => email_error.set(Some(RepEmailError::OwnCard)),
                    ("email", c) => {
                        email_error.set(Some(RepEmailError::Field(FieldErr::from_code(FieldKind::Email, c))))
                    }
                    ("until", c) => until_error.set(Some(FieldErr::from_code(FieldKind::Date, c))),
                    _ => continue,
                }
                shown = true;
            }
            if shown { Refused::AtField } else { Refused::Alert(error_message(i18n, e.kind()).to_owned()) }
        }
        _ => Refused::Alert(error_message(i18n, e.kind()).to_owned()),
    });
    let email_message = move || {
        email_error.get().map(|e| match e {
            RepEmailError::Field(f) => f.message(i18n),
            RepEmailError::OwnCard => t_string!(i18n, org_cabinet.rep_own_card).to_owned(),
            RepEmailError::Already => t_string!(i18n, org_cabinet.rep_conflict).to_owned(),
        })
    };
    view! {
        <ActionForm
            check=check
            call=move |input: common::cabinet::RepresentativeInput| async move {
                api::organization::invite_representative(id, &input).await
            }
            on_ok=on_ok
            refused=refused
            submit=move || t_string!(i18n, org_cabinet.rep_add)
            submitting=move || t_string!(i18n, org_cabinet.rep_adding)
            class="form representatives__add"
            actions_class="form__actions"
            testid="representative-add"
            heading=move || t_string!(i18n, org_cabinet.rep_add_title)
            minor_heading=true
            minor_heading_class="representatives__title"
        >
            <TextField
                id="rep-email"
                label=move || t_string!(i18n, org_cabinet.rep_email)
                hint=move || t_string!(i18n, org_cabinet.rep_email_hint)
                value=email
                error=Signal::derive(email_message)
                on_edit=Callback::new(move |()| email_error.set(None))
                input_type="email"
                inputmode="email"
                required=true
            />
            <TextField id="rep-until" label=move || t_string!(i18n, org_cabinet.rep_until_label) value=until error=until_error input_type="date" required=true />
        </ActionForm>
    }
}
