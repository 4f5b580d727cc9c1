//! The organizer's patient lists (ORG-1, ORG-2, ORG-8, PREG-1, ACC-5): `/admin/patients` —
//! search, sort, pagination, status, invitation, doctors, missing consents; add, edit, send
//! the invitation, doctors, deactivate / activate, the audit of a patient — and
//! `/admin/patients/deleted` ("Deleted patients", lapsed invitations) with "Register again".

use common::admin::{PatientDto, PatientListKind, PatientStatus, SortOrder};
use common::auth::Role;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::api::admin::PatientListQuery;
use crate::components::datetime::format_date;
use crate::components::list_controls::{SearchBox, SortSelect};
use crate::components::page::{ActionModal, EmptyPanel, PageHeader, Paged, PagedView, RolePage, RowDialog};
use crate::components::patient::{
    DOCTORS_COL, DoctorNames, MissingConsentsMarker, PATIENT_COL, PatientCell, PatientStatusBadge,
};
use crate::components::patient_form::{PatientCardForm, PatientFormMode};
use crate::components::table::{ACTIONS, CardTable, Cell, Column, InvitationDates, RowButton, ToggleRowButton};
use crate::i18n::*;
use crate::routes::AppRoute;

mod dialogs;
mod representatives;

use dialogs::{InvitePatientForm, PatientDoctorsForm, PatientToggleForm};
use representatives::RepresentativesForm;

const PER_PAGE: u32 = 20;

#[component]
pub fn PatientsPage() -> impl IntoView {
    view! {
        <RolePage title=|i| t_string!(i, nav.patients) roles=&[Role::Organizer]>
            <PatientList kind=PatientListKind::Current />
        </RolePage>
    }
}

#[component]
pub fn DeletedPatientsPage() -> impl IntoView {
    view! {
        <RolePage title=|i| t_string!(i, nav.deleted_patients) roles=&[Role::Organizer]>
            <PatientList kind=PatientListKind::Deleted />
        </RolePage>
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
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new(if deleted { SortOrder::Newest } else { SortOrder::Name });
    let dialog = RowDialog::new();
    let list = Paged::new(PER_PAGE, move |page| {
        let request =
            PatientListQuery { q: query.get(), list: kind, sort: sort.get(), all: false, page, per_page: PER_PAGE };
        async move { api::admin::patients(&request).await }
    });
    let refresh = list.refresher();
    let open_action = dialog.opener();

    let title = move || if deleted { t_string!(i18n, nav.deleted_patients) } else { t_string!(i18n, nav.patients) };
    let lead = move || if deleted { t_string!(i18n, patients.deleted_lead) } else { t_string!(i18n, patients.lead) };
    let on_add = (!deleted).then(|| Callback::new(move |()| open_action.run(RowAction::Add)));
    let empty = move || {
        let searching = !query.get_untracked().trim().is_empty();
        view! {
            <EmptyPanel
                testid="patients-empty"
                title=move || match (searching, deleted) {
                    (true, _) => t_string!(i18n, patients.nothing_found),
                    (false, true) => t_string!(i18n, patients.deleted_empty_title),
                    (false, false) => t_string!(i18n, patients.empty_title),
                }
                text=move || match (searching, deleted) {
                    (true, _) => t_string!(i18n, patients.nothing_found_text),
                    (false, true) => t_string!(i18n, patients.deleted_empty_text),
                    (false, false) => t_string!(i18n, patients.empty_text),
                }
            />
        }
        .into_any()
    };
    let render = move |items: Vec<PatientDto>| {
        if deleted {
            view! { <DeletedTable items=items on_action=open_action /> }.into_any()
        } else {
            view! { <PatientTable items=items on_action=open_action /> }.into_any()
        }
    };
    view! {
        <section class="page" data-page=if deleted { "deleted-patients" } else { "patients" }>
            <PageHeader title=title lead=lead add=move || t_string!(i18n, patients.add) on_add=on_add />
            <div class="toolbar" role="search">
                <SearchBox
                    id="patient-search"
                    label=move || t_string!(i18n, patients.search_label)
                    query=query
                    page=list.page
                />
                <SortSelect id="patient-sort" sort=sort page=list.page />
            </div>
            <PagedView paged=list empty=empty render=render />
        </section>
        <ActionModal id="patient-action" dialog=dialog
            title=move |a: &RowAction| match a {
                RowAction::Add => t_string!(i18n, patients.add_title),
                RowAction::Edit(_) => t_string!(i18n, patients.edit_title),
                RowAction::Invite(p) if p.invitation_sent_at.is_some() => t_string!(i18n, patients.resend_title),
                RowAction::Invite(_) => t_string!(i18n, patients.invite_title),
                RowAction::Doctors(_) => t_string!(i18n, patients.doctors_title),
                RowAction::Deactivate(_) => t_string!(i18n, patients.deactivate_title),
                RowAction::Activate(_) => t_string!(i18n, patients.activate_title),
                RowAction::RegisterAgain(_) => t_string!(i18n, patients.register_again_title),
                RowAction::Representatives(_) => t_string!(i18n, org_cabinet.rep_title),
            }
            content=move |a| {
                let open = dialog.open;
                match a {
                    RowAction::Add => view! {
                        <PatientCardForm mode=PatientFormMode::Add patient=None open=open on_done=refresh />
                    }.into_any(),
                    RowAction::Edit(p) => view! {
                        <PatientCardForm mode=PatientFormMode::Edit(p.id) patient=Some(p) open=open on_done=refresh />
                    }.into_any(),
                    RowAction::RegisterAgain(p) => view! {
                        <PatientCardForm mode=PatientFormMode::RegisterAgain(p.id) patient=Some(p) open=open on_done=refresh />
                    }.into_any(),
                    RowAction::Invite(p) => view! { <InvitePatientForm patient=p open=open on_done=refresh /> }.into_any(),
                    RowAction::Doctors(p) => view! { <PatientDoctorsForm patient=p open=open on_done=refresh /> }.into_any(),
                    RowAction::Deactivate(p) => view! { <PatientToggleForm patient=p active=false open=open on_done=refresh /> }.into_any(),
                    RowAction::Activate(p) => view! { <PatientToggleForm patient=p active=true open=open on_done=refresh /> }.into_any(),
                    RowAction::Representatives(p) => view! { <RepresentativesForm patient=p open=open /> }.into_any(),
                }
            }
        />
    }
}

/// The link to the audit log of one patient.
pub fn audit_href(patient: &PatientDto) -> String {
    format!("{}?patient={}", AppRoute::AdminAudit.path(), patient.id)
}

const STATUS_INVITATION: Column = Column::new(|i| t_string!(i, patients.col_status_invitation));
const ARCHIVED: Column = Column::new(|i| t_string!(i, patients.col_archived));
const LAST_INVITATION: Column = Column::new(|i| t_string!(i, patients.col_last_invitation));

#[component]
fn InvitationCell(patient: PatientDto) -> impl IntoView {
    let i18n = use_i18n();
    match (patient.status, patient.invitation_sent_at) {
        (PatientStatus::Pending, Some(sent)) => {
            view! { <InvitationDates sent=sent expires=patient.invitation_expires_at /> }.into_any()
        }
        (PatientStatus::Pending, None) => view! { <span class="hint">{t!(i18n, patients.not_sent)}</span> }.into_any(),
        _ => view! { <span class="hint">"—"</span> }.into_any(),
    }
}

#[component]
fn PatientTable(items: Vec<PatientDto>, on_action: Callback<RowAction>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <CardTable columns=&[PATIENT_COL, STATUS_INVITATION, DOCTORS_COL, ACTIONS] caption=move || t_string!(i18n, nav.patients) testid="patients">
                    {items.into_iter().map(|p| {
                        let status = p.status;
                        let can_invite = status == PatientStatus::Pending;
                        let invite_label: fn(leptos_i18n::I18nContext<Locale>) -> &'static str =
                            if p.invitation_sent_at.is_some() {
                                |i| t_string!(i, patients.resend)
                            } else {
                                |i| t_string!(i, patients.invite)
                            };
                        let audit = audit_href(&p);
                        let (for_name, for_invitation, for_doctors) = (p.clone(), p.clone(), p.clone());
                        let missing = p.missing_consents.clone();
                        view! {
                            <tr data-email=p.email.clone().unwrap_or_default() data-patient=p.id.to_string()>
                                <Cell label=PATIENT_COL.label><PatientCell patient=for_name /></Cell>
                                <Cell label=STATUS_INVITATION.label>
                                    <span class="stack stack--gap">
                                        <PatientStatusBadge status=status />
                                        <MissingConsentsMarker missing=missing />
                                        <InvitationCell patient=for_invitation />
                                    </span>
                                </Cell>
                                <Cell label=DOCTORS_COL.label><DoctorNames patient=for_doctors /></Cell>
                                <td class="table__actions table__actions--stack">
                                    <RowButton on_action=on_action action=RowAction::Edit(p.clone()) text=move || t_string!(i18n, common.edit) />
                                    {can_invite.then(|| view! {
                                        <RowButton on_action=on_action action=RowAction::Invite(p.clone()) text=move || invite_label(i18n) />
                                    })}
                                    <RowButton on_action=on_action action=RowAction::Doctors(p.clone()) text=move || t_string!(i18n, patients.doctors) />
                                    <RowButton on_action=on_action action=RowAction::Representatives(p.clone()) text=move || t_string!(i18n, org_cabinet.rep_action) />
                                    <A href=audit attr:class="btn btn--ghost btn--small">{t!(i18n, patients.audit)}</A>
                                    <ToggleRowButton
                                        deactivated=status == PatientStatus::Deactivated
                                        on_action=on_action
                                        activate=RowAction::Activate(p.clone())
                                        deactivate=RowAction::Deactivate(p.clone())
                                    />
                                </td>
                            </tr>
                        }
                    }).collect_view()}
        </CardTable>
    }
}

#[component]
fn DeletedTable(items: Vec<PatientDto>, on_action: Callback<RowAction>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <CardTable columns=&[PATIENT_COL, ARCHIVED, LAST_INVITATION, ACTIONS] caption=move || t_string!(i18n, nav.deleted_patients) testid="deleted-patients">
                    {items.into_iter().map(|p| {
                        let archived = p.archived_at;
                        let sent = p.invitation_sent_at;
                        let again = p.clone();
                        let audit = audit_href(&p);
                        let for_name = p.clone();
                        view! {
                            <tr data-email=p.email.clone().unwrap_or_default() data-patient=p.id.to_string()>
                                <Cell label=PATIENT_COL.label><PatientCell patient=for_name /></Cell>
                                <Cell label=ARCHIVED.label>
                                    {move || archived.map_or_else(|| "—".to_owned(), |a| format_date(i18n, a))}
                                </Cell>
                                <Cell label=LAST_INVITATION.label>
                                    {move || sent.map_or_else(|| "—".to_owned(), |a| format_date(i18n, a))}
                                </Cell>
                                <td class="table__actions">
                                    <RowButton
                                        on_action=on_action
                                        action=RowAction::RegisterAgain(again)
                                        text=move || t_string!(i18n, patients.register_again)
                                        class="btn btn--primary btn--small"
                                    />
                                    <A href=audit attr:class="btn btn--ghost btn--small">{t!(i18n, patients.audit)}</A>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
        </CardTable>
    }
}
