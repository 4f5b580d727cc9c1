//! `/admin/settings`: group-class settings (ORG-4) — self-enrollment of new patients into LFK
//! groups, the maximum participants of a class, the course doctors.

use common::ErrorCode;
use common::admin::{ClassSettingsDto, MAX_CLASS_PARTICIPANTS};
use common::auth::Role;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::doctor_checklist::DoctorChecklist;
use crate::components::feedback::error_message;
use crate::components::form::{ActionForm, Refused};
use crate::components::page::{Loaded, PageHeader, RolePage};
use crate::components::ui::{CheckboxField, FieldErr, FieldKind, TextField, use_toasts};
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
    let settings = LocalResource::new(api::organization::class_settings);
    view! {
        <section class="page" data-page="settings">
            <PageHeader title=move || t_string!(i18n, settings.title) lead=move || t_string!(i18n, settings.lead) />
            <Loaded resource=settings render=|s| view! { <SettingsForm initial=s.value etag=s.etag /> }.into_any() />
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
    let check = move || {
        let participants = parse_participants(&max.get_untracked()).map_err(|e| max_error.set(Some(e))).ok()?;
        Some(ClassSettingsDto {
            lfk_self_enroll: self_enroll.get_untracked(),
            max_class_participants: participants,
            course_doctor_ids: doctors.get_untracked(),
        })
    };
    let refused = Callback::new(move |e: ApiError| {
        if e.code() != Some(ErrorCode::ValidationFailed) {
            return Refused::Default;
        }
        match e.field_errors().into_iter().find(|(f, _)| f == "max_class_participants") {
            Some((_, c)) => {
                max_error.set(Some(match FieldErr::from_code(FieldKind::Text, &c) {
                    FieldErr::Invalid => FieldErr::OutOfRange,
                    other => other,
                }));
                Refused::AtField
            }
            None => Refused::Alert(error_message(i18n, e.kind()).to_owned()),
        }
    });
    let on_ok = move |api::Tagged { value: saved, etag: new_etag }: api::Tagged<ClassSettingsDto>| {
        etag.set_value(new_etag);
        max.set(saved.max_class_participants.to_string());
        doctors.set(saved.course_doctor_ids);
        self_enroll.set(saved.lfk_self_enroll);
        toasts.push(t_string!(i18n, settings.saved).to_owned());
    };
    view! {
        <ActionForm
            check=check
            call=move |request: ClassSettingsDto| async move {
                api::organization::save_class_settings(&request, etag.get_value().as_deref()).await
            }
            on_ok=on_ok
            refused=refused
            class="card form form--page"
            actions_class="form__actions"
            testid="class-settings"
        >
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
        </ActionForm>
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
