//! The organizer's patient lists (ORG-1, ORG-2, ORG-8, PREG-1, ACC-5): `/admin/patients` —
//! search, sort, pagination, status, invitation, doctors, missing consents; add, edit, send
//! the invitation, doctors, deactivate / activate, the audit of a patient — and
//! `/admin/patients/deleted` ("Deleted patients", lapsed invitations) with "Register again".

use common::admin::{PatientDto, PatientListKind, PatientStatus, SortOrder};
use common::auth::Role;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api;
use crate::api::admin::PatientListQuery;
use crate::components::datetime::format_date;
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::components::icons::PlusIcon;
use crate::components::list_controls::{SearchBox, SortSelect};
use crate::components::patient::{DoctorNames, MissingConsentsMarker, PatientCell, PatientStatusBadge};
use crate::components::patient_form::{PatientCardForm, PatientFormMode};
use crate::components::ui::{Modal, Pagination};
use crate::i18n::*;
use crate::pages::patient_dialogs::{InvitePatientForm, PatientDoctorsForm, PatientToggleForm, RepresentativesForm};
use crate::routes::AppRoute;
use crate::session::RequireRole;

const PER_PAGE: u32 = 20;

#[component]
pub fn PatientsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, nav.patients).to_owned() />
        <RequireRole roles=&[Role::Organizer]>
            <PatientList kind=PatientListKind::Current />
        </RequireRole>
    }
}

#[component]
pub fn DeletedPatientsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, nav.deleted_patients).to_owned() />
        <RequireRole roles=&[Role::Organizer]>
            <PatientList kind=PatientListKind::Deleted />
        </RequireRole>
    }
}

/// What a row action dialog is about.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RowAction {
    Add,
    Edit(PatientDto),
    Invite(PatientDto),
    Doctors(PatientDto),
    Deactivate(PatientDto),
    Activate(PatientDto),
    RegisterAgain(PatientDto),
    /// "Представители" (CAB-10).
    Representatives(PatientDto),
}

#[component]
fn PatientList(kind: PatientListKind) -> impl IntoView {
    let i18n = use_i18n();
    let deleted = kind == PatientListKind::Deleted;
    let page = RwSignal::new(1u32);
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new(if deleted { SortOrder::Newest } else { SortOrder::Name });
    let version = RwSignal::new(0u32);
    let action = RwSignal::new(None::<RowAction>);
    let action_open = RwSignal::new(false);
    Effect::new(move |_| {
        if !action_open.get() {
            action.set(None);
        }
    });

    let list = LocalResource::new(move || {
        let request = PatientListQuery {
            q: query.get(),
            list: kind,
            sort: sort.get(),
            all: false,
            page: page.get(),
            per_page: PER_PAGE,
        };
        version.track();
        async move { api::admin::patients(&request).await }
    });
    let total = Signal::derive(move || list.get().and_then(|r| r.ok()).map_or(0, |p| p.total));
    let refresh = Callback::new(move |()| version.update(|v| *v += 1));
    let open_action = Callback::new(move |a: RowAction| {
        action.set(Some(a));
        action_open.set(true);
    });

    let title = move || if deleted { t_string!(i18n, nav.deleted_patients) } else { t_string!(i18n, nav.patients) };
    view! {
        <section class="page" data-page=if deleted { "deleted-patients" } else { "patients" }>
            <header class="page-header page-header--actions">
                <div>
                    <h1>{title}</h1>
                    <p class="page-header__lead">
                        {move || if deleted { t_string!(i18n, patients.deleted_lead) } else { t_string!(i18n, patients.lead) }}
                    </p>
                </div>
                {(!deleted).then(|| view! {
                    <button type="button" class="btn btn--primary" on:click=move |_| open_action.run(RowAction::Add)>
                        <PlusIcon />
                        {t!(i18n, patients.add)}
                    </button>
                })}
            </header>
            <div class="toolbar" role="search">
                <SearchBox
                    id="patient-search"
                    label=move || t_string!(i18n, patients.search_label)
                    query=query
                    page=page
                />
                <SortSelect id="patient-sort" sort=sort page=page />
            </div>
            <Suspense fallback=|| view! { <Skeleton lines=6 /> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(p) if p.items.is_empty() => {
                            let searching = !query.get_untracked().trim().is_empty();
                            view! {
                                <div class="card empty-panel" data-testid="patients-empty">
                                    <h2>{move || match (searching, deleted) {
                                        (true, _) => t_string!(i18n, patients.nothing_found),
                                        (false, true) => t_string!(i18n, patients.deleted_empty_title),
                                        (false, false) => t_string!(i18n, patients.empty_title),
                                    }}</h2>
                                    <p>{move || match (searching, deleted) {
                                        (true, _) => t_string!(i18n, patients.nothing_found_text),
                                        (false, true) => t_string!(i18n, patients.deleted_empty_text),
                                        (false, false) => t_string!(i18n, patients.empty_text),
                                    }}</p>
                                </div>
                            }.into_any()
                        }
                        Ok(p) if deleted => view! { <DeletedTable items=p.items on_action=open_action /> }.into_any(),
                        Ok(p) => view! { <PatientTable items=p.items on_action=open_action /> }.into_any(),
                        Err(e) => view! {
                            <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| list.refetch()) />
                        }.into_any(),
                    }
                })}
            </Suspense>
            <Pagination page=page per_page=PER_PAGE total=total />
        </section>
        <Modal id="patient-action" open=action_open title=move || match action.get() {
            Some(RowAction::Add) => t_string!(i18n, patients.add_title),
            Some(RowAction::Edit(_)) => t_string!(i18n, patients.edit_title),
            Some(RowAction::Invite(p)) if p.invitation_sent_at.is_some() => t_string!(i18n, patients.resend_title),
            Some(RowAction::Invite(_)) => t_string!(i18n, patients.invite_title),
            Some(RowAction::Doctors(_)) => t_string!(i18n, patients.doctors_title),
            Some(RowAction::Deactivate(_)) => t_string!(i18n, patients.deactivate_title),
            Some(RowAction::Activate(_)) => t_string!(i18n, patients.activate_title),
            Some(RowAction::RegisterAgain(_)) => t_string!(i18n, patients.register_again_title),
            Some(RowAction::Representatives(_)) => t_string!(i18n, org_cabinet.rep_title),
            None => "",
        }>
            {move || action.get().map(|a| match a {
                RowAction::Add => view! {
                    <PatientCardForm mode=PatientFormMode::Add patient=None open=action_open on_done=refresh />
                }.into_any(),
                RowAction::Edit(p) => view! {
                    <PatientCardForm mode=PatientFormMode::Edit(p.id) patient=Some(p) open=action_open on_done=refresh />
                }.into_any(),
                RowAction::RegisterAgain(p) => view! {
                    <PatientCardForm mode=PatientFormMode::RegisterAgain(p.id) patient=Some(p) open=action_open on_done=refresh />
                }.into_any(),
                RowAction::Invite(p) => view! { <InvitePatientForm patient=p open=action_open on_done=refresh /> }.into_any(),
                RowAction::Doctors(p) => view! { <PatientDoctorsForm patient=p open=action_open on_done=refresh /> }.into_any(),
                RowAction::Deactivate(p) => view! { <PatientToggleForm patient=p active=false open=action_open on_done=refresh /> }.into_any(),
                RowAction::Activate(p) => view! { <PatientToggleForm patient=p active=true open=action_open on_done=refresh /> }.into_any(),
                RowAction::Representatives(p) => view! { <RepresentativesForm patient=p open=action_open /> }.into_any(),
            })}
        </Modal>
    }
}

/// The link to the audit log of one patient.
pub fn audit_href(patient: &PatientDto) -> String {
    format!("{}?patient={}", AppRoute::AdminAudit.path(), patient.id)
}

#[component]
fn InvitationCell(patient: PatientDto) -> impl IntoView {
    let i18n = use_i18n();
    match (patient.status, patient.invitation_sent_at) {
        (PatientStatus::Pending, Some(sent)) => {
            let expires = patient.invitation_expires_at;
            view! {
                <span class="stack">
                    <span>{move || t_string!(i18n, staff.sent_on, date = format_date(i18n, sent)).to_string()}</span>
                    {expires.map(|x| view! {
                        <span class="hint">{move || t_string!(i18n, staff.valid_until, date = format_date(i18n, x)).to_string()}</span>
                    })}
                </span>
            }
            .into_any()
        }
        (PatientStatus::Pending, None) => view! { <span class="hint">{t!(i18n, patients.not_sent)}</span> }.into_any(),
        _ => view! { <span class="hint">"—"</span> }.into_any(),
    }
}

#[component]
fn PatientTable(items: Vec<PatientDto>, on_action: Callback<RowAction>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="patients">
                <caption class="visually-hidden">{t!(i18n, nav.patients)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, patients.col_patient)}</th>
                        <th scope="col">{t!(i18n, patients.col_status_invitation)}</th>
                        <th scope="col">{t!(i18n, patients.col_doctors)}</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, staff.col_actions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|p| {
                        let status = p.status;
                        let act = move |a: RowAction| move |_| on_action.run(a.clone());
                        let can_invite = status == PatientStatus::Pending;
                        let invite_label: fn(leptos_i18n::I18nContext<Locale>) -> &'static str =
                            if p.invitation_sent_at.is_some() {
                                |i| t_string!(i, patients.resend)
                            } else {
                                |i| t_string!(i, patients.invite)
                            };
                        let audit = audit_href(&p);
                        view! {
                            <tr data-email=p.email.clone().unwrap_or_default() data-patient=p.id.to_string()>
                                <td data-label=move || t_string!(i18n, patients.col_patient)><PatientCell patient=p.clone() /></td>
                                <td data-label=move || t_string!(i18n, patients.col_status_invitation)>
                                    <span class="stack stack--gap">
                                        <PatientStatusBadge status=status />
                                        <MissingConsentsMarker missing=p.missing_consents.clone() />
                                        <InvitationCell patient=p.clone() />
                                    </span>
                                </td>
                                <td data-label=move || t_string!(i18n, patients.col_doctors)><DoctorNames patient=p.clone() /></td>
                                <td class="table__actions table__actions--stack">
                                    <button type="button" class="btn btn--secondary btn--small" on:click=act(RowAction::Edit(p.clone()))>
                                        {t!(i18n, common.edit)}
                                    </button>
                                    {can_invite.then(|| view! {
                                        <button type="button" class="btn btn--secondary btn--small" on:click=act(RowAction::Invite(p.clone()))>
                                            {move || invite_label(i18n)}
                                        </button>
                                    })}
                                    <button type="button" class="btn btn--secondary btn--small" on:click=act(RowAction::Doctors(p.clone()))>
                                        {t!(i18n, patients.doctors)}
                                    </button>
                                    <button type="button" class="btn btn--secondary btn--small" on:click=act(RowAction::Representatives(p.clone()))>
                                        {t!(i18n, org_cabinet.rep_action)}
                                    </button>
                                    <A href=audit attr:class="btn btn--ghost btn--small">{t!(i18n, patients.audit)}</A>
                                    {if status == PatientStatus::Deactivated {
                                        view! {
                                            <button type="button" class="btn btn--secondary btn--small" on:click=act(RowAction::Activate(p.clone()))>
                                                {t!(i18n, staff.activate)}
                                            </button>
                                        }.into_any()
                                    } else {
                                        view! {
                                            <button type="button" class="btn btn--ghost btn--small btn--danger-text" on:click=act(RowAction::Deactivate(p.clone()))>
                                                {t!(i18n, staff.deactivate)}
                                            </button>
                                        }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn DeletedTable(items: Vec<PatientDto>, on_action: Callback<RowAction>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="deleted-patients">
                <caption class="visually-hidden">{t!(i18n, nav.deleted_patients)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, patients.col_patient)}</th>
                        <th scope="col">{t!(i18n, patients.col_archived)}</th>
                        <th scope="col">{t!(i18n, patients.col_last_invitation)}</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, staff.col_actions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|p| {
                        let archived = p.archived_at;
                        let sent = p.invitation_sent_at;
                        let again = p.clone();
                        let audit = audit_href(&p);
                        view! {
                            <tr data-email=p.email.clone().unwrap_or_default() data-patient=p.id.to_string()>
                                <td data-label=move || t_string!(i18n, patients.col_patient)><PatientCell patient=p.clone() /></td>
                                <td data-label=move || t_string!(i18n, patients.col_archived)>
                                    {move || archived.map_or_else(|| "—".to_owned(), |a| format_date(i18n, a))}
                                </td>
                                <td data-label=move || t_string!(i18n, patients.col_last_invitation)>
                                    {move || sent.map_or_else(|| "—".to_owned(), |a| format_date(i18n, a))}
                                </td>
                                <td class="table__actions">
                                    <button type="button" class="btn btn--primary btn--small"
                                        on:click=move |_| on_action.run(RowAction::RegisterAgain(again.clone()))>
                                        {t!(i18n, patients.register_again)}
                                    </button>
                                    <A href=audit attr:class="btn btn--ghost btn--small">{t!(i18n, patients.audit)}</A>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
