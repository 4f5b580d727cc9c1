//! The organizer's staff pages (ACC-3, ACC-4, ORG-1…3): all staff, doctors, instructors,
//! assistants — search, sort, pagination, invite, edit the name, resend the activation link
//! (with a corrected address), deactivate / activate, an assistant's access to patients.

use common::ErrorCode;
use common::admin::SortOrder;
use common::auth::{InviteStaffRequest, MembershipStatus, Role, StaffMemberDto};
use common::domain::Email;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::admin::StaffListQuery;
use crate::api::{self, ApiError};
use crate::components::datetime::format_date;
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::components::form::{ActionForm, ConfirmForm, FieldErrors, Refused};
use crate::components::icons::PlusIcon;
use crate::components::list_controls::{SearchBox, SortSelect};
use crate::components::person_form::{PersonFields, PersonForm};
use crate::components::ui::{FieldErr, FieldKind, Modal, Pagination, StatusBadge, TextField, role_label, use_toasts};
use crate::i18n::*;
use crate::pages::staff_dialogs::{AccessForm, EditStaffForm};
use crate::session::RequireRole;

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

fn title(i18n: leptos_i18n::I18nContext<Locale>, role: Option<Role>) -> &'static str {
    match role {
        Some(Role::Doctor) => t_string!(i18n, nav.doctors),
        Some(Role::Instructor) => t_string!(i18n, nav.instructors),
        Some(Role::Assistant) => t_string!(i18n, nav.assistants),
        _ => t_string!(i18n, nav.staff),
    }
}

#[component]
fn StaffSection(role: Option<Role>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || title(i18n, role).to_owned() />
        <RequireRole roles=&[Role::Organizer]>
            <StaffList role=role />
        </RequireRole>
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
fn StaffList(role: Option<Role>) -> impl IntoView {
    let i18n = use_i18n();
    let page = RwSignal::new(1u32);
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new(SortOrder::Name);
    let version = RwSignal::new(0u32);
    let add_open = RwSignal::new(false);
    let action = RwSignal::new(None::<RowAction>);
    let action_open = RwSignal::new(false);
    Effect::new(move |_| {
        if !action_open.get() {
            action.set(None);
        }
    });

    let list = LocalResource::new(move || {
        let request = StaffListQuery { role, q: query.get(), sort: sort.get(), page: page.get(), per_page: PER_PAGE };
        version.track();
        async move { api::admin::staff(&request).await }
    });
    let total = Signal::derive(move || list.get().and_then(|r| r.ok()).map_or(0, |p| p.total));
    let refresh = Callback::new(move |()| version.update(|v| *v += 1));
    let open_action = Callback::new(move |a: RowAction| {
        action.set(Some(a));
        action_open.set(true);
    });

    view! {
        <section class="page" data-page="staff">
            <header class="page-header page-header--actions">
                <div>
                    <h1>{move || title(i18n, role)}</h1>
                    <p class="page-header__lead">{t!(i18n, staff.lead)}</p>
                </div>
                <button type="button" class="btn btn--primary" on:click=move |_| add_open.set(true)>
                    <PlusIcon />
                    {t!(i18n, staff.add)}
                </button>
            </header>
            <div class="toolbar" role="search">
                <SearchBox
                    id="staff-search"
                    label=move || t_string!(i18n, staff.search_label)
                    placeholder=move || t_string!(i18n, staff.search_placeholder)
                    query=query
                    page=page
                />
                <SortSelect id="staff-sort" sort=sort page=page />
            </div>
            <Suspense fallback=|| view! { <Skeleton lines=6 /> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(p) if p.items.is_empty() => {
                            let searching = !query.get_untracked().trim().is_empty();
                            view! {
                                <div class="card empty-panel" data-testid="staff-empty">
                                    <h2>{move || if searching { t_string!(i18n, staff.nothing_found) } else { t_string!(i18n, staff.empty_title) }}</h2>
                                    <p>{move || if searching { t_string!(i18n, staff.nothing_found_text) } else { t_string!(i18n, staff.empty_text) }}</p>
                                </div>
                            }.into_any()
                        }
                        Ok(p) => view! { <StaffTable items=p.items show_role=role.is_none() on_action=open_action /> }.into_any(),
                        Err(e) => view! {
                            <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| list.refetch()) />
                        }.into_any(),
                    }
                })}
            </Suspense>
            <Pagination page=page per_page=PER_PAGE total=total />
        </section>
        <Modal id="invite-staff" open=add_open title=move || t_string!(i18n, staff.add_title)>
            <InviteForm role=role open=add_open on_done=refresh />
        </Modal>
        <Modal id="staff-action" open=action_open title=move || match action.get() {
            Some(RowAction::Edit(_)) => t_string!(i18n, staff.edit_title),
            Some(RowAction::Access(_)) => t_string!(i18n, staff.access_title),
            Some(RowAction::Resend(_)) => t_string!(i18n, staff.resend_title),
            Some(RowAction::Deactivate(_)) => t_string!(i18n, staff.deactivate_title),
            Some(RowAction::Activate(_)) => t_string!(i18n, staff.activate_title),
            None => "",
        }>
            {move || action.get().map(|a| match a {
                RowAction::Edit(m) => view! { <EditStaffForm member=m open=action_open on_done=refresh /> }.into_any(),
                RowAction::Access(m) => view! { <AccessForm member=m open=action_open on_done=refresh /> }.into_any(),
                RowAction::Resend(m) => view! { <ResendForm member=m open=action_open on_done=refresh /> }.into_any(),
                RowAction::Deactivate(m) => view! { <ToggleForm member=m active=false open=action_open on_done=refresh /> }.into_any(),
                RowAction::Activate(m) => view! { <ToggleForm member=m active=true open=action_open on_done=refresh /> }.into_any(),
            })}
        </Modal>
    }
}

#[component]
fn StaffTable(items: Vec<StaffMemberDto>, show_role: bool, on_action: Callback<RowAction>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="staff">
                <caption class="visually-hidden">{t!(i18n, staff.table_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, staff.col_name)}</th>
                        {show_role.then(|| view! { <th scope="col">{t!(i18n, staff.col_role)}</th> })}
                        <th scope="col">{t!(i18n, staff.col_status)}</th>
                        <th scope="col">{t!(i18n, staff.col_invitation)}</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, staff.col_actions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|m| {
                        let role = m.role;
                        let status = m.status;
                        let sent = m.invitation_sent_at;
                        let expires = m.invitation_expires_at;
                        let m_resend = m.clone();
                        let m_toggle = m.clone();
                        let m_edit = m.clone();
                        let m_access = (role == Role::Assistant).then(|| m.clone());
                        view! {
                            <tr data-email=m.email.clone()>
                                <td data-label=move || t_string!(i18n, staff.col_name)>
                                    <div class="person">
                                        <span class="person__name">{m.name.full()}</span>
                                        <span class="person__email">{m.email.clone()}</span>
                                    </div>
                                </td>
                                {show_role.then(|| view! {
                                    <td data-label=move || t_string!(i18n, staff.col_role)>{move || role_label(i18n, role)}</td>
                                })}
                                <td data-label=move || t_string!(i18n, staff.col_status)><StatusBadge status=status /></td>
                                <td data-label=move || t_string!(i18n, staff.col_invitation)>
                                    {match (status, sent) {
                                        (MembershipStatus::Pending, Some(sent)) => view! {
                                            <span class="stack">
                                                <span>{move || t_string!(i18n, staff.sent_on, date = format_date(i18n, sent)).to_string()}</span>
                                                {expires.map(|x| view! {
                                                    <span class="hint">{move || t_string!(i18n, staff.valid_until, date = format_date(i18n, x)).to_string()}</span>
                                                })}
                                            </span>
                                        }.into_any(),
                                        _ => view! { <span class="hint">"—"</span> }.into_any(),
                                    }}
                                </td>
                                <td class="table__actions">
                                    <button type="button" class="btn btn--secondary btn--small"
                                        on:click=move |_| on_action.run(RowAction::Edit(m_edit.clone()))>
                                        {t!(i18n, staff.edit)}
                                    </button>
                                    {m_access.map(|m| view! {
                                        <button type="button" class="btn btn--secondary btn--small"
                                            on:click=move |_| on_action.run(RowAction::Access(m.clone()))>
                                            {t!(i18n, staff.access)}
                                        </button>
                                    })}
                                    {(status == MembershipStatus::Pending).then(|| {
                                        let m = m_resend.clone();
                                        view! {
                                            <button type="button" class="btn btn--secondary btn--small"
                                                on:click=move |_| on_action.run(RowAction::Resend(m.clone()))>
                                                {t!(i18n, staff.resend)}
                                            </button>
                                        }
                                    })}
                                    {match status {
                                        MembershipStatus::Deactivated => {
                                            let m = m_toggle.clone();
                                            view! {
                                                <button type="button" class="btn btn--secondary btn--small"
                                                    on:click=move |_| on_action.run(RowAction::Activate(m.clone()))>
                                                    {t!(i18n, staff.activate)}
                                                </button>
                                            }.into_any()
                                        }
                                        // ORG-9: the only active organizer cannot leave; say why instead.
                                        _ if m_toggle.last_active_organizer => view! {
                                            <span class="hint" data-testid="last-organizer-hint">
                                                {t!(i18n, staff.last_organizer_hint)}
                                            </span>
                                        }.into_any(),
                                        _ => {
                                            let m = m_toggle.clone();
                                            view! {
                                                <button type="button" class="btn btn--ghost btn--small btn--danger-text"
                                                    on:click=move |_| on_action.run(RowAction::Deactivate(m.clone()))>
                                                    {t!(i18n, staff.deactivate)}
                                                </button>
                                            }.into_any()
                                        }
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
            call=|request: InviteStaffRequest| async move { api::session::invite_staff(&request).await }
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
        <ActionForm
            check=move || errors.check("email", FieldKind::Email, Email::parse(&email.get_untracked()))
            call=move |to: Email| async move { api::session::resend_invitation(id, to.as_str()).await }
            on_ok=on_ok
            errors=errors
            refused=refused
            open=open
            submit=move || t_string!(i18n, staff.resend_submit)
            submitting=move || t_string!(i18n, staff.resending)
            lead=move || t_string!(i18n, staff.resend_lead, name = name.clone()).to_string()
        >
            <TextField
                id="resend-email"
                label=move || t_string!(i18n, person.email)
                hint=move || t_string!(i18n, staff.resend_hint)
                value=email
                error=errors.at("email", FieldKind::Email)
                input_type="email"
                inputmode="email"
                required=true
            />
        </ActionForm>
    }
}

#[component]
fn ToggleForm(member: StaffMemberDto, active: bool, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = member.id;
    let name = member.name.full();
    let name_for_toast = name.clone();
    let on_ok = move |_| {
        let name = name_for_toast.clone();
        toasts.push(if active {
            t_string!(i18n, staff.activated, name = name).to_string()
        } else {
            t_string!(i18n, staff.deactivated, name = name).to_string()
        });
        on_done.run(());
    };
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::LastOrganizer) => Refused::Alert(t_string!(i18n, staff.last_organizer).to_owned()),
        _ => Refused::Default,
    });
    let label = move || if active { t_string!(i18n, staff.activate) } else { t_string!(i18n, staff.deactivate) };
    view! {
        <ConfirmForm
            lead=move || if active {
                t_string!(i18n, staff.activate_text, name = name.clone()).to_string()
            } else {
                t_string!(i18n, staff.deactivate_text, name = name.clone()).to_string()
            }
            call=move || api::session::set_staff_active(id, active)
            on_ok=on_ok
            open=open
            refused=refused
            submit=label
            submitting=label
            submit_class=if active { "btn btn--primary" } else { "btn btn--danger" }
            alert_testid="action-error"
        />
    }
}
