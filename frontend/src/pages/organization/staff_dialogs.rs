//! Dialogs of the staff lists added by the admin panel: correct a staff member's name, and an
//! assistant's access to patients (the doctors whose patients he works with, ORG-3).

use common::ErrorCode;
use common::admin::UpdateStaffRequest;
use common::auth::StaffMemberDto;
use common::ids::MembershipId;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::doctor_checklist::DoctorChecklist;
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::components::form::{ActionForm, Refused};
use crate::components::person_form::{NameFields, PersonForm};
use crate::components::ui::use_toasts;
use crate::i18n::*;

/// `PUT /staff/{id}`: the name as it appears everywhere.
#[component]
pub fn EditStaffForm(member: StaffMemberDto, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let person = PersonForm::with(&member.name, Some(&member.email));
    let id = member.id;
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::ValidationFailed) if person.show_server_errors(&e, "email") => Refused::AtField,
        _ => Refused::Default,
    });
    let on_ok = move |m: StaffMemberDto| {
        toasts.push(t_string!(i18n, staff.edited, name = m.name.full()).to_string());
        on_done.run(());
    };
    view! {
        <ActionForm
            check=move || person.parse_name().map(|name| UpdateStaffRequest { name })
            call=move |request: UpdateStaffRequest| async move { api::organization::update_staff(id, &request).await }
            on_ok=on_ok
            refused=refused
            open=open
            lead=move || t_string!(i18n, staff.edit_lead, email = member.email.clone()).to_string()
        >
            <NameFields form=person ids=["edit-last", "edit-first", "edit-middle"] />
        </ActionForm>
    }
}

/// `GET`/`PUT /staff/{id}/access`: tick the doctors whose patients the assistant may see.
#[component]
pub fn AccessForm(member: StaffMemberDto, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = member.id;
    let access = LocalResource::new(move || api::organization::assistant_access(id));
    let name = member.name.full();
    view! {
        <p class="dialog__lead">{move || t_string!(i18n, staff.access_lead, name = name.clone()).to_string()}</p>
        <Suspense fallback=|| view! { <Skeleton lines=4 /> }>
            {move || Suspend::new(async move {
                match access.await {
                    Ok(a) => view! { <AccessChecklist id=id initial=a.doctor_ids open=open on_done=on_done /> }.into_any(),
                    Err(e) => view! {
                        <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| access.refetch()) />
                        <div class="dialog__actions">
                            <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>{t!(i18n, common.close)}</button>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccessChecklist(
    id: MembershipId,
    initial: Vec<MembershipId>,
    open: RwSignal<bool>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let selected = RwSignal::new(initial);
    let on_ok = move |_| {
        toasts.push(t_string!(i18n, staff.access_saved).to_owned());
        on_done.run(());
    };
    view! {
        <ActionForm
            check=move || Some(selected.get_untracked())
            call=move |ids| api::organization::set_assistant_access(id, ids)
            on_ok=on_ok
            open=open
        >
            <DoctorChecklist
                id="access-doctors"
                legend=move || t_string!(i18n, staff.access_legend)
                hint=move || t_string!(i18n, staff.access_hint)
                selected=selected
            />
        </ActionForm>
    }
}
