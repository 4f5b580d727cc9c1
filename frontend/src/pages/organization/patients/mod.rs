//! The organizer's patient lists (ORG-1, ORG-2, ORG-8, PREG-1, ACC-5): `/admin/patients` —
//! search, sort, filters (status, doctor, consents missing), pagination; a row opens the
//! patient's card (`/admin/patients/:id`, [`detail`]) and keeps its six actions in one menu:
//! edit, send the invitation, doctors, representatives, the audit of a patient, deactivate /
//! activate — and `/admin/patients/deleted` ("Deleted patients", lapsed invitations) with
//! "Register again".

use common::admin::{PatientDto, PatientListKind, PatientStatus, SortOrder};
use common::auth::Role;
use common::ids::MembershipId;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use crate::api;
use crate::api::organization::PatientListQuery;
use crate::components::datetime::format_date;
use crate::components::list_controls::{SearchBox, SortSelect};
use crate::components::menu::RowMenu;
use crate::components::page::{ActionModal, EmptyPanel, PageHeader, Paged, PagedView, RolePage, RowDialog};
use crate::components::patient::{
    DOCTORS_COL, DoctorNames, MissingConsentsMarker, PATIENT_COL, PatientCell, PatientStatusBadge,
};
use crate::components::patient_form::{PatientCardForm, PatientFormMode};
use crate::components::table::{ACTIONS, CardTable, Cell, Column, InvitationDates, RowButton, ToggleRowButton};
use crate::i18n::*;
use crate::routes::AppRoute;

pub mod detail;
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
pub enum RowAction {
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
    let status = RwSignal::new(None::<PatientStatus>);
    let doctor = RwSignal::new(None::<MembershipId>);
    let consents_missing = RwSignal::new(false);
    let dialog = RowDialog::new();
    let list = Paged::new(PER_PAGE, move |page| {
        let request = PatientListQuery {
            q: query.get(),
            list: kind,
            sort: sort.get(),
            page,
            per_page: PER_PAGE,
            status: status.get(),
            doctor: doctor.get(),
            consents_missing: consents_missing.get(),
            ..PatientListQuery::default()
        };
        async move { api::organization::patients(&request).await }
    });
    let filtered = move || status.get().is_some() || doctor.get().is_some() || consents_missing.get();
    let refresh = list.refresher();
    let open_action = dialog.opener();

    let title = move || if deleted { t_string!(i18n, nav.deleted_patients) } else { t_string!(i18n, nav.patients) };
    let lead = move || if deleted { t_string!(i18n, patients.deleted_lead) } else { t_string!(i18n, patients.lead) };
    let on_add = (!deleted).then(|| Callback::new(move |()| open_action.run(RowAction::Add)));
    let empty = move || {
        let searching = !query.get_untracked().trim().is_empty() || filtered();
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
                {(!deleted).then(|| view! { <PatientFilters status=status doctor=doctor consents_missing=consents_missing page=list.page /> })}
            </div>
            <PagedView paged=list empty=empty render=render />
        </section>
        <PatientActionModal dialog=dialog on_done=refresh />
    }
}

/// The dialogs of a patient's actions, for the list's rows and the card page.
#[component]
pub fn PatientActionModal(dialog: RowDialog<RowAction>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let refresh = on_done;
    view! {
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

/// The six actions of a current patient, as buttons (a row's menu, the card page's bar).
#[component]
pub fn PatientActions(patient: PatientDto, on_action: Callback<RowAction>) -> impl IntoView {
    let i18n = use_i18n();
    let p = patient;
    let status = p.status;
    let can_invite = status == PatientStatus::Pending;
    let invite_label: fn(leptos_i18n::I18nContext<Locale>) -> &'static str = if p.invitation_sent_at.is_some() {
        |i| t_string!(i, patients.resend)
    } else {
        |i| t_string!(i, patients.invite)
    };
    let audit = audit_href(&p);
    view! {
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
    }
}

/// `/admin/patients/:id`: the organizer's page of one patient card.
pub fn admin_patient_href(id: common::ids::PatientId) -> String {
    format!("{}/{id}", AppRoute::AdminPatients.path())
}

/// Whether a click landed on something of its own (a link, a button, a menu, a field) rather
/// than on the row around it.
fn on_control(ev: &leptos::ev::MouseEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a, button, summary, details, input, select, label, textarea").ok().flatten())
        .is_some()
}

/// The organizer's filters of the current list: a status, a doctor, cards lacking a consent.
#[component]
fn PatientFilters(
    status: RwSignal<Option<PatientStatus>>,
    doctor: RwSignal<Option<MembershipId>>,
    consents_missing: RwSignal<bool>,
    page: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let doctors = LocalResource::new(move || api::organization::all_staff(Some(Role::Doctor)));
    let statuses = [PatientStatus::Pending, PatientStatus::Active, PatientStatus::Deactivated];
    let status_label = move |s: PatientStatus| match s {
        PatientStatus::Pending => t_string!(i18n, membership_status.pending),
        PatientStatus::Active => t_string!(i18n, membership_status.active),
        PatientStatus::Deactivated => t_string!(i18n, membership_status.deactivated),
        PatientStatus::Archived => t_string!(i18n, patients.status_archived),
    };
    view! {
        <div class="toolbar__item toolbar__item--sort">
            <label class="toolbar__label" for="patient-status">{t!(i18n, patients.filter_status)}</label>
            <select id="patient-status" class="select" on:change=move |ev| {
                let v = event_target_value(&ev);
                page.set(1);
                status.set(statuses.into_iter().find(|s| s.as_str() == v));
            }>
                <option value="" selected=move || status.get().is_none()>{t!(i18n, patients.filter_any_status)}</option>
                {statuses.into_iter().map(|st| view! {
                    <option value=st.as_str() selected=move || status.get() == Some(st)>{move || status_label(st)}</option>
                }).collect_view()}
            </select>
        </div>
        <div class="toolbar__item toolbar__item--sort">
            <label class="toolbar__label" for="patient-doctor">{t!(i18n, patients.filter_doctor)}</label>
            <select id="patient-doctor" class="select" on:change=move |ev| {
                let v = event_target_value(&ev);
                page.set(1);
                doctor.set(v.parse::<MembershipId>().ok());
            }>
                <option value="" selected=move || doctor.get().is_none()>{t!(i18n, patients.filter_any_doctor)}</option>
                {move || doctors.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|d| {
                    let id = d.id;
                    view! { <option value=id.to_string() selected=move || doctor.get() == Some(id)>{d.name.full()}</option> }
                }).collect_view()}
            </select>
        </div>
        <label class="toolbar__item toolbar__check">
            <input type="checkbox" id="patient-consents-missing" prop:checked=move || consents_missing.get() on:change=move |ev| {
                page.set(1);
                consents_missing.set(event_target_checked(&ev));
            } />
            <span>{t!(i18n, patients.filter_consents_missing)}</span>
        </label>
    }
}

#[component]
fn PatientTable(items: Vec<PatientDto>, on_action: Callback<RowAction>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    view! {
        <CardTable columns=&[PATIENT_COL, STATUS_INVITATION, DOCTORS_COL, ACTIONS] caption=move || t_string!(i18n, nav.patients) testid="patients">
                    {items.into_iter().map(|p| {
                        let status = p.status;
                        let (for_name, for_invitation, for_doctors, for_menu) = (p.clone(), p.clone(), p.clone(), p.clone());
                        let missing = p.missing_consents.clone();
                        let href = admin_patient_href(p.id);
                        let open_card = {
                            let navigate = navigate.clone();
                            let href = href.clone();
                            move |ev: leptos::ev::MouseEvent| {
                                if !on_control(&ev) {
                                    navigate(&href, Default::default());
                                }
                            }
                        };
                        let name = p.name.full();
                        view! {
                            <tr class="table__row--link" data-email=p.email.clone().unwrap_or_default() data-patient=p.id.to_string() on:click=open_card>
                                <Cell label=PATIENT_COL.label>
                                    <PatientCell patient=for_name />
                                    <A href=href.clone() attr:class="link row-open" attr:data-testid="open-card">
                                        {t!(i18n, patients.open_card)}
                                        <span class="visually-hidden">": "{name}</span>
                                    </A>
                                </Cell>
                                <Cell label=STATUS_INVITATION.label>
                                    <span class="stack stack--gap">
                                        <PatientStatusBadge status=status />
                                        <MissingConsentsMarker missing=missing />
                                        <InvitationCell patient=for_invitation />
                                    </span>
                                </Cell>
                                <Cell label=DOCTORS_COL.label><DoctorNames patient=for_doctors /></Cell>
                                <td class="table__actions">
                                    <RowMenu label=move || t_string!(i18n, patients.actions) testid="row-actions">
                                        <PatientActions patient=for_menu on_action=on_action />
                                    </RowMenu>
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
