//! The organization's doctors as checkboxes: an assistant's access to patients, a patient's
//! doctors, the course doctors of the class settings. Loads every doctor (all pages).

use common::auth::{MembershipStatus, StaffMemberDto};
use common::ids::MembershipId;
use leptos::prelude::*;
use leptos::text_prop::TextProp;

use crate::api;
use crate::components::page::Loaded;
use crate::i18n::*;

/// Ticks `selected` on and off; the ids of doctors not in the list (e.g. since removed) are
/// kept as they are.
#[component]
pub fn DoctorChecklist(
    /// Unique per page, for the checkbox ids.
    id: &'static str,
    #[prop(into)] legend: TextProp,
    selected: RwSignal<Vec<MembershipId>>,
    #[prop(optional, into)] hint: Option<TextProp>,
) -> impl IntoView {
    let i18n = use_i18n();
    let doctors = LocalResource::new(|| api::organization::all_staff(Some(common::auth::Role::Doctor)));
    let hint_id = format!("{id}-hint");
    let described = hint.is_some().then(|| hint_id.clone());
    view! {
        <fieldset class="fieldset checklist" aria-describedby=described data-testid=id>
            <legend class="field__label">{move || legend.get()}</legend>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{move || h.get()}</p> })}
            <Loaded resource=doctors skeleton=3 render=move |value| match value {
                list if list.is_empty() => view! {
                    <p class="hint checklist__empty">{t!(i18n, doctors_list.empty)}</p>
                }.into_any(),
                list => view! { <DoctorBoxes id=id doctors=list selected=selected /> }.into_any(),
            } />
        </fieldset>
    }
}

#[component]
fn DoctorBoxes(id: &'static str, doctors: Vec<StaffMemberDto>, selected: RwSignal<Vec<MembershipId>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="checklist__list" role="list">
            {doctors.into_iter().enumerate().map(|(n, d)| {
                let doctor = d.id;
                let box_id = format!("{id}-{n}");
                let inactive = d.status != MembershipStatus::Active;
                let status = d.status;
                view! {
                    <li class="check">
                        <input
                            id=box_id.clone()
                            class="check__input"
                            type="checkbox"
                            value=doctor.to_string()
                            prop:checked=move || selected.with(|s| s.contains(&doctor))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected.update(|s| {
                                    s.retain(|x| *x != doctor);
                                    if on {
                                        s.push(doctor);
                                    }
                                });
                            }
                        />
                        <label class="check__label" for=box_id>
                            <span>{d.name.full()}</span>
                            <span class="check__hint">
                                {d.email.clone()}
                                {inactive.then(|| view! {
                                    " · "
                                    {move || match status {
                                        MembershipStatus::Pending => t_string!(i18n, membership_status.pending),
                                        _ => t_string!(i18n, membership_status.deactivated),
                                    }}
                                })}
                            </span>
                        </label>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
