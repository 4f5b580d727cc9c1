//! The organizer's staff pages (ACC-3, ACC-4, ORG-1…3): all staff, doctors, instructors,
//! assistants — search, sort, pagination, invite, edit the name, resend the activation link
//! (with a corrected address), deactivate / activate, an assistant's access to patients.

use common::ErrorCode;
use common::admin::SortOrder;
use common::auth::{InviteStaffRequest, MembershipStatus, Role, StaffMemberDto};
use common::domain::Email;
use leptos::prelude::*;

use crate::api::organization::StaffListQuery;
use crate::api::{self, ApiError};
use crate::components::form::{ActionForm, FieldErrors, Member, Refused, ToggleActiveForm};
use crate::components::list_controls::{SearchBox, SortSelect};
use crate::components::page::{ActionModal, EmptyPanel, PageHeader, Paged, PagedView, RolePage, RowDialog};
use crate::components::person_form::{InviteEmailForm, PersonFields, PersonForm};
use crate::components::table::{ACTIONS, CardTable, Cell, Column, InvitationDates, Label, RowButton, ToggleRowButton};
use crate::components::ui::{FieldErr, Modal, StatusBadge, role_label, use_toasts};
use crate::i18n::*;
use crate::pages::organization::staff_dialogs::{AccessForm, EditStaffForm};

const PER_PAGE: u32 = 20;
/// Roles an organizer invites from the all-staff list.
const INVITABLE: [Role; 4] = [Role::Doctor, Role::Instructor, Role::Assistant, Role::Organizer];

#[component]
pub fn StaffPage() -> impl IntoView {
    view! { <StaffSection role=None /> }
}

#[component]
pub fn DoctorsPage() -> impl IntoView {
    view! { <StaffSection role=Some(Role::Doctor) /> }
}

#[component]
pub fn InstructorsPage() -> impl IntoView {
    view! { <StaffSection role=Some(Role::Instructor) /> }
}

#[component]
pub fn AssistantsPage() -> impl IntoView {
    view! { <StaffSection role=Some(Role::Assistant) /> }
}

#[component]
fn StaffSection(role: Option<Role>) -> impl IntoView {
    let title: Label = match role {
        Some(Role::Doctor) => |i| t_string!(i, nav.doctors),
        Some(Role::Instructor) => |i| t_string!(i, nav.instructors),
        Some(Role::Assistant) => |i| t_string!(i, nav.assistants),
        _ => |i| t_string!(i, nav.staff),
    };
    view! {
        <RolePage title=title roles=&[Role::Organizer]>
            <StaffList role=role title=title />
        </RolePage>
    }
}

/// What a row action dialog is about.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RowAction {
    Edit(StaffMemberDto),
    Access(StaffMemberDto),
    Resend(StaffMemberDto),
    Deactivate(StaffMemberDto),
    Activate(StaffMemberDto),
}

#[component]
fn StaffList(role: Option<Role>, title: Label) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new(SortOrder::Name);
    let add_open = RwSignal::new(false);
    let dialog = RowDialog::new();
    let list = Paged::new(PER_PAGE, move |page| {
        let request = StaffListQuery { role, q: query.get(), sort: sort.get(), page, per_page: PER_PAGE };
        async move { api::organization::staff(&request).await }
    });
    let refresh = list.refresher();
    let open_action = dialog.opener();
    let empty = move || {
        let searching = !query.get_untracked().trim().is_empty();
        view! {
            <EmptyPanel
                testid="staff-empty"
                title=move || if searching { t_string!(i18n, staff.nothing_found) } else { t_string!(i18n, staff.empty_title) }
                text=move || if searching { t_string!(i18n, staff.nothing_found_text) } else { t_string!(i18n, staff.empty_text) }
            />
        }
        .into_any()
    };
    let render =
        move |items| view! { <StaffTable items=items show_role=role.is_none() on_action=open_action /> }.into_any();
    view! {
        <section class="page" data-page="staff">
            <PageHeader
                title=move || title(i18n)
                lead=move || t_string!(i18n, staff.lead)
                add=move || t_string!(i18n, staff.add)
                on_add=Some(Callback::new(move |()| add_open.set(true)))
            />
            <div class="toolbar" role="search">
                <SearchBox
                    id="staff-search"
                    label=move || t_string!(i18n, staff.search_label)
                    placeholder=move || t_string!(i18n, staff.search_placeholder)
                    query=query
                    page=list.page
                />
                <SortSelect id="staff-sort" sort=sort page=list.page />
            </div>
            <PagedView paged=list empty=empty render=render />
        </section>
        <Modal id="invite-staff" open=add_open title=move || t_string!(i18n, staff.add_title)>
            <InviteForm role=role open=add_open on_done=refresh />
        </Modal>
        <ActionModal id="staff-action" dialog=dialog
            title=move |a: &RowAction| match a {
                RowAction::Edit(_) => t_string!(i18n, staff.edit_title),
                RowAction::Access(_) => t_string!(i18n, staff.access_title),
                RowAction::Resend(_) => t_string!(i18n, staff.resend_title),
                RowAction::Deactivate(_) => t_string!(i18n, staff.deactivate_title),
                RowAction::Activate(_) => t_string!(i18n, staff.activate_title),
            }
            content=move |a| {
                let open = dialog.open;
                match a {
                    RowAction::Edit(m) => view! { <EditStaffForm member=m open=open on_done=refresh /> }.into_any(),
                    RowAction::Access(m) => view! { <AccessForm member=m open=open on_done=refresh /> }.into_any(),
                    RowAction::Resend(m) => view! { <ResendForm member=m open=open on_done=refresh /> }.into_any(),
                    RowAction::Deactivate(m) => view! { <ToggleForm member=m active=false open=open on_done=refresh /> }.into_any(),
                    RowAction::Activate(m) => view! { <ToggleForm member=m active=true open=open on_done=refresh /> }.into_any(),
                }
            }
        />
    }
}

const NAME: Column = Column::new(|i| t_string!(i, staff.col_name));
const ROLE: Column = Column::new(|i| t_string!(i, staff.col_role));
const STATUS: Column = Column::new(|i| t_string!(i, staff.col_status));
const INVITATION: Column = Column::new(|i| t_string!(i, staff.col_invitation));

#[component]
fn StaffTable(items: Vec<StaffMemberDto>, show_role: bool, on_action: Callback<RowAction>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <CardTable
            columns=if show_role { &[NAME, ROLE, STATUS, INVITATION, ACTIONS] } else { &[NAME, STATUS, INVITATION, ACTIONS] }
            caption=move || t_string!(i18n, staff.table_caption)
            testid="staff"
        >
                    {items.into_iter().map(|m| {
                        let role = m.role;
                        let status = m.status;
                        let sent = m.invitation_sent_at;
                        let expires = m.invitation_expires_at;
                        let m_resend = m.clone();
                        let m_toggle = m.clone();
                        let m_edit = m.clone();
                        let m_access = (role == Role::Assistant).then(|| m.clone());
                        let (full_name, email) = (m.name.full(), m.email.clone());
                        view! {
                            <tr data-email=m.email.clone()>
                                <Cell label=NAME.label>
                                    <div class="person">
                                        <span class="person__name">{full_name}</span>
                                        <span class="person__email">{email}</span>
                                    </div>
                                </Cell>
                                {show_role.then(|| view! {
                                    <Cell label=ROLE.label>{move || role_label(i18n, role)}</Cell>
                                })}
                                <Cell label=STATUS.label><StatusBadge status=status /></Cell>
                                <Cell label=INVITATION.label>
                                    {match (status, sent) {
                                        (MembershipStatus::Pending, Some(sent)) => view! { <InvitationDates sent=sent expires=expires /> }.into_any(),
                                        _ => view! { <span class="hint">"—"</span> }.into_any(),
                                    }}
                                </Cell>
                                <td class="table__actions">
                                    <RowButton on_action=on_action action=RowAction::Edit(m_edit) text=move || t_string!(i18n, staff.edit) />
                                    {m_access.map(|m| view! {
                                        <RowButton on_action=on_action action=RowAction::Access(m) text=move || t_string!(i18n, staff.access) />
                                    })}
                                    {(status == MembershipStatus::Pending).then(|| view! {
                                        <RowButton on_action=on_action action=RowAction::Resend(m_resend) text=move || t_string!(i18n, staff.resend) />
                                    })}
                                    {if m_toggle.last_active_organizer && status != MembershipStatus::Deactivated {
                                        // ORG-9: the only active organizer cannot leave; say why instead.
                                        view! {
                                            <span class="hint" data-testid="last-organizer-hint">
                                                {t!(i18n, staff.last_organizer_hint)}
                                            </span>
                                        }.into_any()
                                    } else {
                                        view! {
                                            <ToggleRowButton
                                                deactivated=status == MembershipStatus::Deactivated
                                                on_action=on_action
                                                activate=RowAction::Activate(m_toggle.clone())
                                                deactivate=RowAction::Deactivate(m_toggle)
                                            />
                                        }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
        </CardTable>
    }
}

#[component]
fn InviteForm(role: Option<Role>, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let person = PersonForm::new();
    let chosen = RwSignal::new(role.unwrap_or(Role::Doctor));
    let check = move || {
        let (email, name) = person.parse()?;
        Some(InviteStaffRequest { role: chosen.get_untracked(), email: email.into_string(), name })
    };
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::AlreadyMember) => {
            person.email_error.set(Some(FieldErr::AlreadyMember));
            Refused::AtField
        }
        Some(ErrorCode::ValidationFailed) if person.show_server_errors(&e, "email") => Refused::AtField,
        _ => Refused::Default,
    });
    let on_ok = move |m: StaffMemberDto| {
        toasts.push(t_string!(i18n, staff.invited, email = m.email).to_string());
        on_done.run(());
    };
    view! {
        <ActionForm
            check=check
            call=|request: InviteStaffRequest| async move { api::organization::invite_staff(&request).await }
            on_ok=on_ok
            refused=refused
            open=open
            submit=move || t_string!(i18n, staff.invite_submit)
            submitting=move || t_string!(i18n, staff.inviting)
            lead=move || t_string!(i18n, staff.add_lead)
        >
            {match role {
                None => view! {
                    <div class="field">
                        <label class="field__label" for="invite-role">{t!(i18n, staff.col_role)}</label>
                        <select id="invite-role" class="select" on:change=move |ev| {
                            if let Some(r) = Role::parse(&event_target_value(&ev)) { chosen.set(r) }
                        }>
                            {INVITABLE.iter().map(|r| {
                                let r = *r;
                                view! { <option value=r.as_str() selected=r == Role::Doctor>{move || role_label(i18n, r)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                }.into_any(),
                Some(r) => view! {
                    <p class="facts__inline">
                        <span class="hint">{t!(i18n, staff.col_role)}": "</span>
                        <strong>{move || role_label(i18n, r)}</strong>
                    </p>
                }.into_any(),
            }}
            <PersonFields form=person ids=["invite-email", "invite-last", "invite-first", "invite-middle"] />
        </ActionForm>
    }
}

#[component]
fn ResendForm(member: StaffMemberDto, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let email = RwSignal::new(member.email.clone());
    let errors = FieldErrors::new();
    let id = member.id;
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::AlreadyMember) => {
            errors.put("email", FieldErr::AlreadyMember);
            Refused::AtField
        }
        _ => Refused::Default,
    });
    let on_ok = move |m: StaffMemberDto| {
        toasts.push(t_string!(i18n, staff.resent, email = m.email).to_string());
        on_done.run(());
    };
    let name = member.name.full();
    view! {
        <InviteEmailForm
            id="resend-email"
            email=email
            errors=errors
            lead=move || t_string!(i18n, staff.resend_lead, name = name.clone()).to_string()
            hint=move || t_string!(i18n, staff.resend_hint)
            call=move |to: Email| async move { api::organization::resend_invitation(id, to.as_str()).await }
            on_ok=on_ok
            refused=refused
            open=open
        />
    }
}

#[component]
fn ToggleForm(member: StaffMemberDto, active: bool, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = member.id;
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::LastOrganizer) => Refused::Alert(t_string!(i18n, staff.last_organizer).to_owned()),
        _ => Refused::Default,
    });
    view! {
        <ToggleActiveForm
            name=member.name.full()
            active=active
            member=Member::Staff
            call=move || api::organization::set_staff_active(id, active)
            open=open
            on_done=on_done
            refused=refused
        />
    }
}
