//! `/admin/settings`: group-class settings (ORG-4) — self-enrollment of new patients into LFK
//! groups, the maximum participants of a class, the course doctors.

use common::ErrorCode;
use common::admin::{ClassSettingsDto, MAX_CLASS_PARTICIPANTS};
use common::auth::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::doctor_checklist::DoctorChecklist;
use crate::components::feedback::{ErrorPanel, Skeleton, error_message};
use crate::components::page::{PageHeader, RolePage};
use crate::components::ui::{CheckboxField, FieldErr, FieldKind, FormAlert, TextField, use_toasts};
use crate::i18n::*;

#[component]
pub fn ClassSettingsPage() -> impl IntoView {
    view! {
        <RolePage title=|i| t_string!(i, nav.settings) roles=&[Role::Organizer]>
            <ClassSettings />
        </RolePage>
    }
}

#[component]
fn ClassSettings() -> impl IntoView {
    let i18n = use_i18n();
    let settings = LocalResource::new(api::admin::class_settings);
    view! {
        <section class="page" data-page="settings">
            <PageHeader title=move || t_string!(i18n, settings.title) lead=move || t_string!(i18n, settings.lead) />
            <Suspense fallback=|| view! { <div class="card"><Skeleton lines=6 /></div> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(s) => view! { <SettingsForm initial=s.value etag=s.etag /> }.into_any(),
                        Err(e) => view! {
                            <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| settings.refetch()) />
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The number of participants as typed, checked against 1..=100.
pub fn parse_participants(text: &str) -> Result<u32, FieldErr> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldErr::Required);
    }
    match text.parse::<u32>() {
        Ok(n) if (1..=MAX_CLASS_PARTICIPANTS).contains(&n) => Ok(n),
        _ => Err(FieldErr::OutOfRange),
    }
}

#[component]
fn SettingsForm(initial: ClassSettingsDto, etag: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    // The version the form shows: another organizer's save since then is refused (412).
    let etag = StoredValue::new(etag);
    let toasts = use_toasts();
    let self_enroll = RwSignal::new(initial.lfk_self_enroll);
    let max = RwSignal::new(initial.max_class_participants.to_string());
    let max_error = RwSignal::new(None::<FieldErr>);
    let doctors = RwSignal::new(initial.course_doctor_ids);
    let pending = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<ApiError>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submit_error.set(None);
        let participants = match parse_participants(&max.get_untracked()) {
            Ok(n) => n,
            Err(e) => {
                max_error.set(Some(e));
                return;
            }
        };
        let request = ClassSettingsDto {
            lfk_self_enroll: self_enroll.get_untracked(),
            max_class_participants: participants,
            course_doctor_ids: doctors.get_untracked(),
        };
        pending.set(true);
        spawn_local(async move {
            let result = api::admin::save_class_settings(&request, etag.get_value().as_deref()).await;
            pending.set(false);
            match result {
                Ok(api::Tagged { value: saved, etag: new_etag }) => {
                    etag.set_value(new_etag);
                    max.set(saved.max_class_participants.to_string());
                    doctors.set(saved.course_doctor_ids);
                    self_enroll.set(saved.lfk_self_enroll);
                    toasts.push(t_string!(i18n, settings.saved).to_owned());
                }
                Err(e) if e.code() == Some(ErrorCode::ValidationFailed) => {
                    match e.field_errors().into_iter().find(|(f, _)| f == "max_class_participants") {
                        Some((_, c)) => max_error.set(Some(match FieldErr::from_code(FieldKind::Text, &c) {
                            FieldErr::Invalid => FieldErr::OutOfRange,
                            other => other,
                        })),
                        None => submit_error.set(Some(e)),
                    }
                }
                Err(e) => submit_error.set(Some(e)),
            }
        });
    };
    let message = Signal::derive(move || submit_error.get().map(|e| error_message(i18n, e.kind()).to_owned()));
    view! {
        <form class="card form form--page" novalidate on:submit=on_submit data-testid="class-settings">
            <FormAlert message=message />
            <CheckboxField
                id="settings-self-enroll"
                label=move || t_string!(i18n, settings.self_enroll)
                hint=move || t_string!(i18n, settings.self_enroll_hint)
                checked=self_enroll
            />
            <div class="field--narrow">
                <TextField
                    id="settings-max"
                    label=move || t_string!(i18n, settings.max_participants)
                    hint=move || t_string!(i18n, settings.max_participants_hint, max = MAX_CLASS_PARTICIPANTS).to_string()
                    value=max
                    error=max_error
                    input_type="number"
                    inputmode="numeric"
                    required=true
                />
            </div>
            <DoctorChecklist
                id="settings-course-doctors"
                legend=move || t_string!(i18n, settings.course_doctors)
                hint=move || t_string!(i18n, settings.course_doctors_hint)
                selected=doctors
            />
            <div class="form__actions">
                <button type="submit" class="btn btn--primary" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { t_string!(i18n, common.saving) } else { t_string!(i18n, common.save) }}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participants_are_one_to_a_hundred() {
        assert_eq!(parse_participants(" 12 "), Ok(12));
        assert_eq!(parse_participants("100"), Ok(100));
        assert_eq!(parse_participants(""), Err(FieldErr::Required));
        assert_eq!(parse_participants("0"), Err(FieldErr::OutOfRange));
        assert_eq!(parse_participants("101"), Err(FieldErr::OutOfRange));
        assert_eq!(parse_participants("-3"), Err(FieldErr::OutOfRange));
        assert_eq!(parse_participants("abc"), Err(FieldErr::OutOfRange));
    }
}
