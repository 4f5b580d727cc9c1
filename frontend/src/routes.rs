//! The client routes: one enum, so links and the router cannot disagree.

use common::auth::Role;
use leptos_router::{PartialPathMatch, PathSegment, PossibleRouteMatch, StaticSegment};

/// Every page of the SPA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppRoute {
    Home,
    Login,
    PasswordReset,
    /// The patient's registration (PREG-3, PREG-4).
    Register,
    Activate,
    /// The link of an invitation to represent a patient (CAB-10).
    Representation,
    /// The workplace of roles whose pages arrive later (instructor, assistant, patient).
    Workplace,
    Doctor,
    OperatorOrganizations,
    AdminStaff,
    AdminDoctors,
    AdminInstructors,
    AdminAssistants,
    AdminPatients,
    AdminDeletedPatients,
    AdminSettings,
    AdminNews,
    AdminPrices,
    AdminAudit,
    /// The assistant's list of his doctors' patients.
    AssistantPatients,
    /// Every role's own data: name, email, password (ACC-8).
    Profile,
    /// The link sent to a new email address.
    EmailConfirm,
    /// The revert link sent to the old address.
    EmailRevert,
    /// "Сегодня": where a patient lands in his cabinet (issue 14) — what is due, the advice.
    CabinetToday,
    /// The patient's medical record (issue 5).
    CabinetRecord,
    /// "Add documents" to the record (CAB-12).
    CabinetUpload,
    /// The print view of the record (`?kind=`).
    CabinetPrint,
    CabinetPrescriptions,
    CabinetPrices,
    CabinetNews,
    CabinetNotifications,
    /// Feedback to the organization (CAB-11).
    CabinetFeedback,
    CabinetProfile,
    /// The organizer's inbox of the patients' feedback (CAB-11).
    AdminFeedback,
    /// The organizer's requests to add a dependent (CAB-10).
    AdminDependentRequests,
    /// The questionnaire library (MON-1), the organizer's way in (the admin side menu).
    AdminQuestionnaires,
    /// The same library for doctors and assistants.
    StaffQuestionnaires,
    /// The organization's monitoring settings: alert rules, advice, escalation (MON-5).
    AdminMonitoring,
    /// "Ввод данных" (CAB-4): what is due, the diary, other questionnaires; a questionnaire to
    /// answer is [`cabinet_questionnaire`].
    CabinetDataEntry,
    /// "Мои показатели": the patient's own charts (MON-3).
    CabinetDataEntryCharts,
    /// Every answer the patient gave.
    CabinetDataEntryHistory,
    /// "Monitoring" of the doctor and the assistant (MON-4): patients needing attention first.
    StaffMonitoring,
}

impl AppRoute {
    pub const ALL: [Self; 42] = [
        Self::Home,
        Self::Login,
        Self::PasswordReset,
        Self::Register,
        Self::Activate,
        Self::Representation,
        Self::Workplace,
        Self::Doctor,
        Self::OperatorOrganizations,
        Self::AdminStaff,
        Self::AdminDoctors,
        Self::AdminInstructors,
        Self::AdminAssistants,
        Self::AdminPatients,
        Self::AdminDeletedPatients,
        Self::AdminSettings,
        Self::AdminNews,
        Self::AdminPrices,
        Self::AdminAudit,
        Self::AssistantPatients,
        Self::Profile,
        Self::EmailConfirm,
        Self::EmailRevert,
        Self::CabinetToday,
        Self::CabinetRecord,
        Self::CabinetUpload,
        Self::CabinetPrint,
        Self::CabinetPrescriptions,
        Self::CabinetPrices,
        Self::CabinetNews,
        Self::CabinetNotifications,
        Self::CabinetFeedback,
        Self::CabinetProfile,
        Self::AdminFeedback,
        Self::AdminDependentRequests,
        Self::AdminQuestionnaires,
        Self::StaffQuestionnaires,
        Self::AdminMonitoring,
        Self::CabinetDataEntry,
        Self::CabinetDataEntryCharts,
        Self::CabinetDataEntryHistory,
        Self::StaffMonitoring,
    ];

    /// The absolute path, for links, navigation and the router.
    pub const fn path(self) -> &'static str {
        match self {
            Self::Home => "/",
            Self::Login => "/login",
            Self::PasswordReset => "/password-reset",
            Self::Register => "/register",
            Self::Activate => "/activate",
            Self::Representation => "/representation",
            Self::Workplace => "/home",
            Self::Doctor => "/doctor",
            Self::OperatorOrganizations => "/operator/organizations",
            Self::AdminStaff => "/admin/staff",
            Self::AdminDoctors => "/admin/doctors",
            Self::AdminInstructors => "/admin/instructors",
            Self::AdminAssistants => "/admin/assistants",
            Self::AdminPatients => "/admin/patients",
            Self::AdminDeletedPatients => "/admin/patients/deleted",
            Self::AdminSettings => "/admin/settings",
            Self::AdminNews => "/admin/news",
            Self::AdminPrices => "/admin/prices",
            Self::AdminAudit => "/admin/audit",
            Self::AssistantPatients => "/assistant/patients",
            Self::Profile => "/profile",
            Self::EmailConfirm => "/email/confirm",
            Self::EmailRevert => "/email/revert",
            Self::CabinetToday => "/cabinet/today",
            Self::CabinetRecord => "/cabinet/record",
            Self::CabinetUpload => "/cabinet/record/upload",
            Self::CabinetPrint => "/cabinet/record/print",
            Self::CabinetPrescriptions => "/cabinet/prescriptions",
            Self::CabinetPrices => "/cabinet/prices",
            Self::CabinetNews => "/cabinet/news",
            Self::CabinetNotifications => "/cabinet/notifications",
            Self::CabinetFeedback => "/cabinet/feedback",
            Self::CabinetProfile => "/cabinet/profile",
            Self::AdminFeedback => "/admin/feedback",
            Self::AdminDependentRequests => "/admin/dependent-requests",
            Self::AdminQuestionnaires => "/admin/questionnaires",
            Self::StaffQuestionnaires => "/staff/questionnaires",
            Self::AdminMonitoring => "/admin/monitoring",
            Self::CabinetDataEntry => "/cabinet/data-entry",
            Self::CabinetDataEntryCharts => "/cabinet/data-entry/charts",
            Self::CabinetDataEntryHistory => "/cabinet/data-entry/history",
            Self::StaffMonitoring => "/staff/monitoring",
        }
    }

    /// The router's matcher of this route's path: the router writes no path of its own.
    pub const fn segments(self) -> Segments {
        Segments(self.path())
    }

    /// The matcher of this route's path below its parent route's (`CABINET`), for a nested route.
    pub fn segments_under(self, parent: &'static str) -> Segments {
        Segments(self.path().strip_prefix(parent).unwrap_or(self.path()))
    }

    /// Where a membership of this role starts.
    pub const fn home_of(role: Role) -> Self {
        match role {
            Role::Operator => Self::OperatorOrganizations,
            Role::Organizer => Self::AdminStaff,
            Role::Doctor => Self::StaffMonitoring,
            Role::Assistant => Self::AssistantPatients,
            Role::Instructor => Self::Workplace,
            Role::Patient => Self::CabinetToday,
        }
    }
}

/// The parent route of the patient's cabinet: its tabs are the `Cabinet…` routes below it.
pub const CABINET: &str = "/cabinet";
/// The doctor's (and assistant's) patients, `/staff/patients/:id` and the record below it.
pub const STAFF_PATIENTS: &str = "/staff/patients";
/// The last segment of a page that creates (`…/new`), edits a draft (`…/edit`) or amends a
/// signed entry (`…/amend`).
pub const NEW: &str = "new";
pub const EDIT: &str = "edit";
pub const AMEND: &str = "amend";
/// A questionnaire to fill in, below "Ввод данных" (`/cabinet/data-entry/q/:id`).
pub const QUESTIONNAIRE: &str = "q";
/// A patient's record below his page (`/staff/patients/:id/record/:entry`).
pub const RECORD: &str = "record";

/// A path of static segments (`/admin/patients/deleted`) as one matcher of the router, so
/// that a path is written once, in [`AppRoute::path`], and the router takes it from there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segments(&'static str);

impl Segments {
    /// The matcher of a path that is not a page of its own (a prefix of pages with parameters).
    pub const fn of(path: &'static str) -> Self {
        Self(path)
    }

    fn parts(self) -> impl Iterator<Item = &'static str> {
        self.0.split('/').filter(|s| !s.is_empty())
    }
}

impl PossibleRouteMatch for Segments {
    fn optional(&self) -> bool {
        false
    }

    fn test<'a>(&self, path: &'a str) -> Option<PartialPathMatch<'a>> {
        let mut rest = path;
        for part in self.parts() {
            rest = StaticSegment(part).test(rest)?.remaining();
        }
        // `/` matches every path and consumes nothing, as the router's own `path!("/")`.
        let matched = &path[..path.len() - rest.len()];
        Some(PartialPathMatch::new(rest, vec![], matched))
    }

    fn generate_path(&self, path: &mut Vec<PathSegment>) {
        path.extend(self.parts().map(|p| PathSegment::Static(p.into())));
    }
}

/// `/cabinet/record/<id>`: one entry of the patient's record.
pub fn cabinet_entry(id: common::ids::EntryId) -> String {
    format!("{}/{id}", AppRoute::CabinetRecord.path())
}

/// `/cabinet/data-entry/q/<id>`: a questionnaire or diary to fill in; with the assignment
/// whose due day it answers.
pub fn cabinet_questionnaire(
    id: common::ids::QuestionnaireId,
    assignment: Option<common::ids::AssignmentId>,
) -> String {
    let base = format!("{}/{QUESTIONNAIRE}/{id}", AppRoute::CabinetDataEntry.path());
    match assignment {
        Some(a) => format!("{base}?assignment={a}"),
        None => base,
    }
}

/// The address of the current page from the router's `pathname` and `search` (which the
/// router gives without its `?`): what a `next` parameter brings the user back to.
pub fn path_with_search(pathname: &str, search: &str) -> String {
    let search = search.trim_start_matches('?');
    if search.is_empty() { pathname.to_owned() } else { format!("{pathname}?{search}") }
}

/// `/login?next=<path>`, for a page that needs a session.
pub fn login_with_next(path: &str) -> String {
    format!("{}?next={}", AppRoute::Login.path(), crate::api::encode(path))
}

/// The login page after the server ended the session for `reason` (the page says it), coming
/// back to `path` after logging in.
pub fn login_after_sign_out(path: &str, reason: Option<common::ErrorCode>) -> String {
    match reason {
        Some(code) => format!("{}&reason={}", login_with_next(path), code.as_str()),
        None => login_with_next(path),
    }
}

/// A `next` parameter is followed only to a path of this site (never `//host` or a scheme).
pub fn safe_next(next: Option<String>) -> Option<String> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && !n.starts_with("/login"))
}

/// The doctor's (and assistant's) patient page, `/staff/patients/:id` (ORG-8, issue 14): its
/// overview, or the tab `tab` (`charts`, `answers`, `record`, `prescriptions`,
/// `monitoring-rules`).
pub fn staff_patient_href(patient: common::ids::PatientId, tab: Option<&str>) -> String {
    match tab {
        Some(tab) => format!("{STAFF_PATIENTS}/{patient}?tab={tab}"),
        None => format!("{STAFF_PATIENTS}/{patient}"),
    }
}

/// "Monitoring" (`/staff/monitoring`), or `/staff/monitoring/:id`, which older links name and
/// which leads to the patient's page.
pub fn staff_monitoring_href(patient: Option<common::ids::PatientId>) -> String {
    match patient {
        Some(patient) => format!("{}/{patient}", AppRoute::StaffMonitoring.path()),
        None => AppRoute::StaffMonitoring.path().to_owned(),
    }
}

/// A medical-record entry of a patient: `/staff/patients/:id/record/:entry`, and its `edit`
/// (a draft) and `amend` (a signed entry) pages; `new` for a new entry.
pub fn staff_entry_href(
    patient: common::ids::PatientId,
    entry: Option<common::ids::EntryId>,
    action: Option<&str>,
) -> String {
    let entry = entry.map_or_else(|| NEW.to_owned(), |e| e.to_string());
    match action {
        Some(action) => format!("{STAFF_PATIENTS}/{patient}/{RECORD}/{entry}/{action}"),
        None => format!("{STAFF_PATIENTS}/{patient}/{RECORD}/{entry}"),
    }
}

/// The questionnaire library of a role: the organizer's under `/admin`, the staff's under
/// `/staff`.
pub const fn questionnaires_of(role: Option<Role>) -> AppRoute {
    match role {
        Some(Role::Organizer) => AppRoute::AdminQuestionnaires,
        _ => AppRoute::StaffQuestionnaires,
    }
}

/// A questionnaire of the library (`/…/questionnaires/:id`), its editor (`action` = `edit`),
/// or, without an id, the form of a new one (`/…/questionnaires/new`).
pub fn questionnaire_href(
    role: Option<Role>,
    id: Option<common::ids::QuestionnaireId>,
    action: Option<&str>,
) -> String {
    let base = questionnaires_of(role).path();
    match (id, action) {
        (None, _) => format!("{base}/{NEW}"),
        (Some(id), None) => format!("{base}/{id}"),
        (Some(id), Some(action)) => format!("{base}/{id}/{action}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_absolute_and_distinct() {
        let mut seen = std::collections::HashSet::new();
        for r in AppRoute::ALL {
            assert!(r.path().starts_with('/'));
            assert!(seen.insert(r.path()));
        }
    }

    #[test]
    fn every_route_is_listed() {
        // A route missing from ALL would be missed by the checks above.
        assert_eq!(AppRoute::ALL.len(), 42);
        assert!(AppRoute::ALL.contains(&AppRoute::CabinetDataEntryCharts));
    }

    #[test]
    fn questionnaire_links() {
        let q: common::ids::QuestionnaireId = "0190f0a2-0000-7000-8000-000000000001".parse().unwrap();
        let a: common::ids::AssignmentId = "0190f0a2-0000-7000-8000-000000000002".parse().unwrap();
        assert_eq!(cabinet_questionnaire(q, None), format!("/cabinet/data-entry/q/{q}"));
        assert_eq!(cabinet_questionnaire(q, Some(a)), format!("/cabinet/data-entry/q/{q}?assignment={a}"));
    }

    #[test]
    fn every_role_has_a_home() {
        assert_eq!(AppRoute::home_of(Role::Assistant), AppRoute::AssistantPatients);
        assert_eq!(AppRoute::home_of(Role::Organizer), AppRoute::AdminStaff);
        assert_eq!(AppRoute::home_of(Role::Doctor), AppRoute::StaffMonitoring);
        assert_eq!(AppRoute::home_of(Role::Doctor).path(), "/staff/monitoring");
        assert_eq!(AppRoute::home_of(Role::Patient).path(), "/cabinet/today");
        assert_eq!(AppRoute::home_of(Role::Instructor), AppRoute::Workplace);
    }

    #[test]
    fn the_library_lives_under_the_role_s_own_section() {
        let id = "00000000-0000-0000-0000-000000000001".parse::<common::ids::QuestionnaireId>().unwrap();
        assert_eq!(questionnaire_href(Some(Role::Organizer), None, None), "/admin/questionnaires/new");
        assert_eq!(
            questionnaire_href(Some(Role::Doctor), Some(id), Some("edit")),
            format!("/staff/questionnaires/{id}/edit")
        );
        assert_eq!(questionnaire_href(Some(Role::Assistant), Some(id), None), format!("/staff/questionnaires/{id}"));
    }

    #[test]
    fn monitoring_links() {
        let id = "00000000-0000-0000-0000-000000000007".parse::<common::ids::PatientId>().unwrap();
        assert_eq!(staff_monitoring_href(None), "/staff/monitoring");
        assert_eq!(staff_monitoring_href(Some(id)), "/staff/monitoring/00000000-0000-0000-0000-000000000007");
    }

    #[test]
    fn next_is_only_a_local_path() {
        assert_eq!(safe_next(Some("/admin/staff".into())).as_deref(), Some("/admin/staff"));
        assert_eq!(safe_next(Some("//evil.example".into())), None);
        assert_eq!(safe_next(Some("https://evil.example".into())), None);
        assert_eq!(safe_next(Some("/login?next=/x".into())), None);
        assert_eq!(login_with_next("/admin/staff?q=a b"), "/login?next=%2Fadmin%2Fstaff%3Fq%3Da%20b");
        assert_eq!(path_with_search("/admin/staff", "q=a"), "/admin/staff?q=a");
        assert_eq!(path_with_search("/admin/staff", "?q=a"), "/admin/staff?q=a");
        assert_eq!(path_with_search("/admin/staff", ""), "/admin/staff");
    }
}
