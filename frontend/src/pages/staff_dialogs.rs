//! Dialogs of the staff lists added by the admin panel: correct a staff member's name, and an
//! assistant's access to patients (the doctors whose patients he works with, ORG-3).

use common::ErrorCode;
use common::admin::UpdateStaffRequest;
use common::auth::StaffMemberDto;
use common::ids::MembershipId;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::doctor_checklist::DoctorChecklist;
use crate::components::feedback::{ErrorPanel, Skeleton, error_message};
use crate::components::person_form::{NameFields, PersonForm};
use crate::components::ui::{FormAlert, use_toasts};
use crate::i18n::*;

/// `PUT /staff/{id}`: the name as it appears everywhere.
#[component]
pub fn EditStaffForm(member: StaffMemberDto, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let person = PersonForm::with(&member.name, Some(&member.email));
    let pending = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<ApiError>);
    let id = member.id;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submit_error.set(None);
        let Some(name) = person.parse_name() else { return };
        pending.set(true);
        spawn_local(async move {
            let result = api::admin::update_staff(id, &UpdateStaffRequest { name }).await;
            pending.set(false);
            match result {
                Ok(m) => {
                    toasts.push(t_string!(i18n, staff.edited, name = m.name.full()).to_string());
                    open.set(false);
                    on_done.run(());
                }
                Err(e) if e.code() == Some(ErrorCode::ValidationFailed) => {
                    if !person.show_server_errors(&e, "email") {
                        submit_error.set(Some(e));
                    }
                }
                Err(e) => submit_error.set(Some(e)),
            }
        });
    };
    let message = Signal::derive(move || submit_error.get().map(|e| error_message(i18n, e.kind()).to_owned()));
    view! {
        <form class="form" novalidate on:submit=on_submit>
            <p class="dialog__lead">{move || t_string!(i18n, staff.edit_lead, email = member.email.clone()).to_string()}</p>
            <FormAlert message=message />
            <NameFields form=person ids=["edit-last", "edit-first", "edit-middle"] />
            <div class="dialog__actions">
                <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                <button type="submit" class="btn btn--primary" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { t_string!(i18n, common.saving) } else { t_string!(i18n, common.save) }}
                </button>
            </div>
        </form>
    }
}

/// `GET`/`PUT /staff/{id}/access`: tick the doctors whose patients the assistant may see.
#[component]
pub fn AccessForm(member: StaffMemberDto, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = member.id;
    let access = LocalResource::new(move || api::admin::assistant_access(id));
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
    let pending = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<ApiError>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submit_error.set(None);
        pending.set(true);
        let ids = selected.get_untracked();
        spawn_local(async move {
            let result = api::admin::set_assistant_access(id, ids).await;
            pending.set(false);
            match result {
                Ok(_) => {
                    toasts.push(t_string!(i18n, staff.access_saved).to_owned());
                    open.set(false);
                    on_done.run(());
                }
                Err(e) => submit_error.set(Some(e)),
            }
        });
    };
    let message = Signal::derive(move || submit_error.get().map(|e| error_message(i18n, e.kind()).to_owned()));
    view! {
        <form class="form" novalidate on:submit=on_submit>
            <FormAlert message=message />
            <DoctorChecklist
                id="access-doctors"
                legend=move || t_string!(i18n, staff.access_legend)
                hint=move || t_string!(i18n, staff.access_hint)
                selected=selected
            />
            <div class="dialog__actions">
                <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                <button type="submit" class="btn btn--primary" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { t_string!(i18n, common.saving) } else { t_string!(i18n, common.save) }}
                </button>
            </div>
        </form>
    }
}
