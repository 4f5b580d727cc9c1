//! Remote monitoring's API (MON-1…6, CAB-4): the questionnaire library, assignments, the
//! patient's "Data entry" tab, submissions, the doctor's "Monitoring" list, chart series,
//! alerts, the monitoring settings and the live channel.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::alerts::{AlertRule, Compare};
use crate::ids::{
    AlertId, AssignmentId, EntryId, MembershipId, PatientId, QuestionnaireId, QuestionnaireVersionId, SubmissionId,
};
use crate::questionnaire::{Answer, Definition, I18nText, Schedule};
use crate::templates::Purpose;

// ---------------------------------------------------------------- the library (MON-1)

/// A questionnaire in the library list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct QuestionnaireSummaryDto {
    pub id: QuestionnaireId,
    /// Stable in the organization (`esas_r`).
    pub code: String,
    pub title: I18nText,
    pub purpose: Purpose,
    /// The current version's number (1, 2, …).
    pub version: i32,
    /// The built-in template it is (not a copy of one): `ecog`, `esas_r`, `pain`, `vitals`.
    pub template: Option<String>,
    pub archived: bool,
    pub item_count: u32,
    pub updated_at: DateTime<Utc>,
}

/// A questionnaire with its current version's items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct QuestionnaireDto {
    pub id: QuestionnaireId,
    pub code: String,
    pub purpose: Purpose,
    pub version: i32,
    pub version_id: QuestionnaireVersionId,
    pub template: Option<String>,
    pub archived: bool,
    pub definition: Definition,
    pub updated_at: DateTime<Utc>,
}

/// A new questionnaire (`POST /questionnaires`), or a copy of one
/// (`POST /questionnaires/{id}/copy`, which takes only `code`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct QuestionnaireInput {
    pub code: String,
    pub purpose: Purpose,
    pub definition: Definition,
}

/// A copy of a questionnaire under a new code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct QuestionnaireCopyInput {
    pub code: String,
}

/// A new version (`PUT /questionnaires/{id}`): answers keep the version they answered. Item
/// codes should stay as they were; a removed code simply stops getting values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct QuestionnaireVersionInput {
    pub definition: Definition,
}

// ---------------------------------------------------------------- assignments (MON-2)

/// An assignment of a questionnaire to a patient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AssignmentDto {
    pub id: AssignmentId,
    pub patient_id: PatientId,
    pub questionnaire_id: QuestionnaireId,
    pub title: I18nText,
    pub schedule: Schedule,
    pub assigned_by_name: String,
    pub created_at: DateTime<Utc>,
    /// Set when a doctor ended it.
    pub ended_at: Option<DateTime<Utc>>,
    /// The latest due day on or before the patient's today, and whether it was answered.
    pub last_due: Option<NaiveDate>,
    pub last_due_answered: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AssignmentInput {
    pub questionnaire_id: QuestionnaireId,
    pub schedule: Schedule,
}

// ---------------------------------------------------------------- the patient (CAB-4, MON-3)

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DueStatus {
    /// Due today.
    Due,
    /// Due on an earlier day and not answered yet.
    Overdue,
}

/// A questionnaire the patient should answer: the latest due day of an assignment, unanswered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DueItemDto {
    pub assignment_id: AssignmentId,
    pub questionnaire_id: QuestionnaireId,
    pub title: I18nText,
    pub due_on: NaiveDate,
    pub status: DueStatus,
}

/// What a patient is told for a rule that fired (MON-5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AdviceDto {
    pub alert_id: AlertId,
    pub rule: String,
    pub opened_at: DateTime<Utc>,
    pub text: I18nText,
}

/// The "Data entry" tab (`GET /cabinet/data-entry`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DataEntryDto {
    /// The patient's today in his time zone.
    pub today: NaiveDate,
    pub time_zone: String,
    pub due: Vec<DueItemDto>,
    /// Diaries: open at any time.
    pub diaries: Vec<QuestionnaireSummaryDto>,
    /// Other questionnaires assigned to him (answerable at any time, not due now).
    pub assigned: Vec<QuestionnaireSummaryDto>,
    /// Advice for his alerts that are still open.
    pub advice: Vec<AdviceDto>,
    pub last_submissions: Vec<SubmissionDto>,
}

/// A submission (`POST /cabinet/submissions`). With `assignment_id`, it answers that
/// assignment's latest due day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SubmissionInput {
    pub questionnaire_id: QuestionnaireId,
    #[serde(default)]
    pub assignment_id: Option<AssignmentId>,
    pub answers: Vec<Answer>,
}

/// A stored submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SubmissionDto {
    pub id: SubmissionId,
    pub questionnaire_id: QuestionnaireId,
    pub version: i32,
    pub title: I18nText,
    pub answers: Vec<Answer>,
    /// The items of the version answered, to show the answers with their labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<Definition>,
    pub submitted_at: DateTime<Utc>,
    /// The patient's day it was given on.
    pub local_date: NaiveDate,
    /// The due day it answered, if any.
    pub answers_due: Option<NaiveDate>,
    /// Its "entered by patient" record entry (MON-6).
    pub entry_id: EntryId,
}

/// The answer to a submission: what was stored, and advice for each rule that fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SubmissionResultDto {
    pub submission: SubmissionDto,
    pub advice: Vec<AdviceDto>,
}

// ---------------------------------------------------------------- charts (MON-4)

/// `?from=YYYY-MM-DD&to=YYYY-MM-DD&codes=a,b` (defaults: the last 30 days, every code).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "server", into_params(parameter_in = Query))]
pub struct SeriesQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Comma-separated item codes.
    pub codes: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Point {
    pub at: DateTime<Utc>,
    pub value: f64,
}

/// A threshold line drawn on a chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ThresholdDto {
    pub rule: String,
    pub compare: Compare,
    pub value: f64,
}

/// One item's values over the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SeriesDto {
    pub code: String,
    pub label: I18nText,
    pub unit: Option<String>,
    /// The item's own limits (for the axis): 0–10 for scales.
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub points: Vec<Point>,
    pub thresholds: Vec<ThresholdDto>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SeriesSetDto {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub series: Vec<SeriesDto>,
}

// ---------------------------------------------------------------- the doctor (MON-4)

/// Where a patient's symptom scores are heading: the mean of his 0–10 answers over the last 7
/// days against the 7 days before (a change of 1 point or more).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Worse,
    Stable,
    Better,
    /// Not enough answers to say.
    Unknown,
}

/// A row of "Monitoring" (`GET /monitoring/patients`), sorted attention-first: open alerts
/// (escalated, then oldest), then a worsening trend, then the lowest adherence, then name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MonitoringRowDto {
    pub patient_id: PatientId,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    pub last_submission_at: Option<DateTime<Utc>>,
    /// Due days in the last 30 days (today excluded unless answered) and how many were answered.
    pub due_30d: u32,
    pub answered_30d: u32,
    /// `answered_30d / due_30d`, when anything was due.
    pub adherence: Option<f64>,
    pub open_alerts: u32,
    pub oldest_open_alert_at: Option<DateTime<Utc>>,
    pub escalated: bool,
    pub trend: Trend,
}

/// `?q=name&page=&per_page=` of "Monitoring".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "server", into_params(parameter_in = Query))]
pub struct MonitoringQuery {
    pub q: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

// ---------------------------------------------------------------- alerts (MON-5)

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "db",
    derive(sea_orm::DeriveValueType),
    sea_orm(value_type = "String", from_str = "AlertStatus::from_stored", to_str = "AlertStatus::to_stored")
)]
pub enum AlertStatus {
    Open,
    Acknowledged,
}

impl AlertStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Acknowledged => "acknowledged",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Open, Self::Acknowledged].into_iter().find(|x| x.as_str() == s)
    }
}

/// An alert: one per patient and rule while open; new values join it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AlertDto {
    pub id: AlertId,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub rule: String,
    /// The rule's kind: `threshold`, `worsening`, `drop`, `silence`.
    pub rule_kind: String,
    /// The item of the worst value (empty for silence) and its label.
    pub item: String,
    pub item_label: Option<I18nText>,
    pub unit: Option<String>,
    pub status: AlertStatus,
    pub opened_at: DateTime<Utc>,
    pub first_value: f64,
    pub worst_value: f64,
    pub last_value: f64,
    /// What the worst value was measured against (see `Firing::reference`).
    pub reference: f64,
    pub last_at: DateTime<Utc>,
    /// Values gathered while open (the first included).
    pub values: u32,
    /// Emails and live notifications sent: the first, and one for each worse value.
    pub notified: u32,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub acknowledged_by_name: Option<String>,
    pub note: Option<String>,
    /// Seconds from opening to acknowledgement.
    pub time_to_ack_secs: Option<i64>,
    pub escalated_at: Option<DateTime<Utc>>,
    pub escalated_to_name: Option<String>,
}

/// `?status=open|acknowledged&patient=<id>` of `GET /alerts`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "server", into_params(parameter_in = Query))]
pub struct AlertQuery {
    pub status: Option<AlertStatus>,
    pub patient: Option<PatientId>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

pub const MAX_ACK_NOTE: usize = 2000;

/// `POST /alerts/{id}/acknowledge`: what was done, required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AlertAckInput {
    pub note: String,
}

impl AlertAckInput {
    pub fn check(&self) -> Result<String, crate::FieldError> {
        let note = self.note.trim();
        let e = |code: &str, m: &str| crate::FieldError { field: "note".into(), code: code.into(), message: m.into() };
        if note.is_empty() {
            Err(e("required", "say what was done"))
        } else if note.chars().count() > MAX_ACK_NOTE {
            Err(e("too_long", "at most 2000 characters"))
        } else {
            Ok(note.to_owned())
        }
    }
}

// ---------------------------------------------------------------- settings

/// The organization's monitoring settings (`GET/PUT /settings/monitoring`, organizer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MonitoringSettingsDto {
    pub rules: Vec<AlertRule>,
    /// Shown to a patient when a rule without its own advice fires.
    pub advice: I18nText,
    /// An alert unacknowledged this long escalates (5 minutes to 7 days).
    #[cfg_attr(feature = "server", schema(minimum = 5, maximum = 10080))]
    pub escalation_minutes: u32,
    /// The doctor alerts escalate to; none = no escalation.
    pub covering_doctor_id: Option<MembershipId>,
    /// The local hour (0–23) reminders for questionnaires due today go out.
    #[cfg_attr(feature = "server", schema(minimum = 0, maximum = 23))]
    pub reminder_hour: u8,
}

impl MonitoringSettingsDto {
    pub fn check(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut e = crate::alerts::check_rules("rules", &self.rules).err().unwrap_or_default();
        let f = |field: &str, code: &str, m: &str| crate::FieldError {
            field: field.into(),
            code: code.into(),
            message: m.into(),
        };
        if !(5..=7 * 24 * 60).contains(&self.escalation_minutes) {
            e.push(f("escalation_minutes", "out_of_range", "5 minutes to 7 days"));
        }
        if self.reminder_hour > 23 {
            e.push(f("reminder_hour", "out_of_range", "0 to 23"));
        }
        if self.advice.ru.trim().is_empty() && self.advice.en.trim().is_empty() {
            e.push(f("advice", "required", "the advice text is required"));
        } else if self.advice.ru.chars().count() > 2000 || self.advice.en.chars().count() > 2000 {
            e.push(f("advice", "too_long", "at most 2000 characters"));
        }
        if e.is_empty() { Ok(()) } else { Err(e) }
    }
}

/// A patient's monitoring settings (`GET/PUT /patients/{id}/monitoring/settings`, his doctor).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PatientMonitoringDto {
    /// The organization's rules.
    pub organization_rules: Vec<AlertRule>,
    /// This patient's overrides.
    pub overrides: Vec<AlertRule>,
    /// What applies to him.
    pub effective: Vec<AlertRule>,
    /// His own IANA time zone, when it is not the organization's.
    pub time_zone: Option<String>,
    pub organization_time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PatientMonitoringInput {
    pub overrides: Vec<AlertRule>,
    pub time_zone: Option<String>,
}

// ---------------------------------------------------------------- the live channel

/// A one-time ticket for `GET /live?ticket=…` (server-sent events): valid for a minute, once,
/// so an access token never travels in a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LiveTicketDto {
    pub ticket: String,
    pub expires_at: DateTime<Utc>,
}

/// What happened to an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LiveEventKind {
    AlertOpened,
    /// A worse value joined it.
    AlertWorse,
    AlertAcknowledged,
    AlertEscalated,
}

/// One event on the live channel (the SSE `data:` line).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LiveEvent {
    pub kind: LiveEventKind,
    pub alert: AlertDto,
}
