//! The doctor's and the assistant's side of a patient (ORG-8, X-8): the patient page with the
//! medical record and prescriptions, an entry with its amendments, and the entry editors.
//! The organizer has no medical-record pages (the API answers him 403).

pub mod editor;
pub mod entry;
pub mod patient;
pub mod prescriptions;

use chrono::Datelike;
use common::auth::Role;
use common::ids::{EntryId, PatientId};
use common::record::{AuthorDto, EntryKind, EntryStatus};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_params_map;

use crate::i18n::*;
use crate::routes::AppRoute;
use crate::session::RequireRole;

/// Who may open these pages.
pub const STAFF_ROLES: &[Role] = &[Role::Doctor, Role::Assistant];

/// The kinds staff write, in the order of the editor's select.
pub const STAFF_KINDS: [EntryKind; 3] = [EntryKind::Outpatient, EntryKind::Inpatient, EntryKind::Telemedicine];

/// The name of an entry kind (GLOSSARY).
pub fn kind_label(i18n: I18nContext<Locale>, kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Outpatient => t_string!(i18n, record.kind_outpatient),
        EntryKind::Inpatient => t_string!(i18n, record.kind_inpatient),
        EntryKind::Patient => t_string!(i18n, record.kind_patient),
        EntryKind::Telemedicine => t_string!(i18n, record.kind_telemedicine),
    }
}

/// "Петров Иван Ильич (врач)".
pub fn author_line(i18n: I18nContext<Locale>, author: &AuthorDto) -> String {
    let role = match author.role.as_str() {
        "doctor" => t_string!(i18n, record.role_doctor),
        "assistant" => t_string!(i18n, record.role_assistant),
        "patient" => t_string!(i18n, record.role_patient),
        "representative" => t_string!(i18n, record.role_representative),
        other => return format!("{} ({other})", author.name),
    };
    t_string!(i18n, record.author_line, name = author.name.clone(), role = role).to_string()
}

/// Full years between a birth date and a day.
pub fn age_on(birth: chrono::NaiveDate, day: chrono::NaiveDate) -> i32 {
    let mut years = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years.max(0)
}

/// The staff home a back link returns to.
pub fn patients_home(role: Option<Role>) -> &'static str {
    match role {
        Some(Role::Assistant) => AppRoute::AssistantPatients.path(),
        _ => AppRoute::Doctor.path(),
    }
}

/// Draft / signed: text and a dot, never color alone.
#[component]
pub fn EntryStatusBadge(status: EntryStatus) -> impl IntoView {
    let i18n = use_i18n();
    let (class, text): (&str, fn(I18nContext<Locale>) -> &'static str) = match status {
        EntryStatus::Draft => ("badge badge--warning", |i| t_string!(i, record.status_draft)),
        EntryStatus::Signed => ("badge badge--success", |i| t_string!(i, record.status_signed)),
    };
    view! {
        <span class=class data-status=status.as_str()>
            <span class="badge__dot" aria-hidden="true"></span>
            {move || text(i18n)}
        </span>
    }
}

/// The `:id` of the route as a patient id (tracked).
pub fn patient_param() -> Memo<Option<PatientId>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<PatientId>().ok())))
}

/// A staff page of the patient in the path: the role guard, "not found" without a valid id,
/// else `page(id)`.
#[component]
pub fn StaffPatientRoute(page: fn(PatientId) -> AnyView) -> impl IntoView {
    let id = patient_param();
    view! {
        <RequireRole roles=STAFF_ROLES>
            {move || match id.get() {
                Some(id) => page(id),
                None => view! { <crate::components::feedback::ErrorPanel kind=crate::api::ErrorKind::NotFound /> }.into_any(),
            }}
        </RequireRole>
    }
}

/// The `:entry` of the route as an entry id (tracked).
pub fn entry_param() -> Memo<Option<EntryId>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("entry").and_then(|s| s.parse::<EntryId>().ok())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn age_counts_full_years() {
        assert_eq!(age_on(d(1956, 3, 14), d(2026, 3, 13)), 69);
        assert_eq!(age_on(d(1956, 3, 14), d(2026, 3, 14)), 70);
        assert_eq!(age_on(d(2030, 1, 1), d(2026, 1, 1)), 0);
    }

    #[test]
    fn staff_never_write_patient_entries() {
        assert!(STAFF_KINDS.iter().all(|k| k.staff_writable()));
        assert_eq!(patients_home(Some(Role::Assistant)), "/assistant/patients");
        assert_eq!(patients_home(Some(Role::Doctor)), "/doctor");
    }
}
