//! Remote monitoring's API (MON-1…6, CAB-4): the questionnaire library, assignments, the
//! patient's "Data entry" tab, submissions, the doctor's "Monitoring" list, chart series,
//! alerts, the monitoring settings and the live channel.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::alerts::{AdviceTexts, AlertRule, ClinicContacts, Compare, Urgency};
use crate::auth::Role;
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

/// The one thing a patient is asked to do about his open alerts (MON-5, issue 14): the most
/// urgent action of the rules that fired, in the organization's words, with the number to
/// call. Never two instructions: see `common::alerts::select_advice`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PatientAdviceDto {
    pub urgency: Urgency,
    pub text: I18nText,
    /// The number to call now (the 24-hour line, else the department), for `call_clinic`.
    pub phone: Option<String>,
    /// Home-care advice of the rules that fired, with a review only.
    pub tips: Vec<I18nText>,
    /// The care team looks within this many hours (the organization's promise).
    pub answer_hours: u32,
    /// The open alerts it is about, and when the first of them opened.
    pub alert_ids: Vec<AlertId>,
    pub since: DateTime<Utc>,
}

/// A report the care team has looked at, as the patient sees it: who, when, and the note
/// meant for him (never the team's internal note).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ReviewDto {
    pub alert_id: AlertId,
    pub reviewed_at: DateTime<Utc>,
    /// "Петров И. И."
    pub reviewer_name: String,
    pub reviewer_role: Role,
    pub note: Option<String>,
}

/// The organization's numbers, as the cabinet shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CareContactsDto {
    pub organization: String,
    pub department_phone: Option<String>,
    pub hotline_phone: Option<String>,
    pub answer_hours: u32,
}

/// "Сегодня", the cabinet's home (`GET /cabinet/today`): what is due, the one action for open
/// alerts, the care team's latest replies, and whom to call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TodayDto {
    pub today: NaiveDate,
    pub time_zone: String,
    pub due: Vec<DueItemDto>,
    pub diaries: Vec<QuestionnaireSummaryDto>,
    pub advice: Option<PatientAdviceDto>,
    /// Reviews of the last 14 days, newest first (at most 5).
    pub reviews: Vec<ReviewDto>,
    pub contacts: CareContactsDto,
    pub last_submission_at: Option<DateTime<Utc>>,
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
    /// The one action for his alerts that are still open.
    pub advice: Option<PatientAdviceDto>,
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

/// The answer to a submission: what was stored, and the one action for what fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SubmissionResultDto {
    pub submission: SubmissionDto,
    pub advice: Option<PatientAdviceDto>,
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
    /// When a value of this item opened or joined an alert (its submission's time): the days a
    /// chart or the ESAS-r table marks, whatever the rule (a threshold, a worsening, a drop).
    #[serde(default)]
    pub alert_at: Vec<DateTime<Utc>>,
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
    /// The worst open alert: its reason and value, shown instead of a count.
    pub worst: Option<AlertReasonDto>,
}

/// Why an alert is open, enough to write "🌡 38,6 °C", "боль 8/10 ↑2" or "нет дневника 4 дня".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AlertReasonDto {
    pub alert_id: AlertId,
    pub rule: String,
    /// `threshold`, `worsening`, `drop`, `silence`.
    pub rule_kind: String,
    pub item: String,
    pub item_label: Option<I18nText>,
    pub unit: Option<String>,
    pub value: f64,
    pub reference: f64,
    pub urgency: Urgency,
    pub opened_at: DateTime<Utc>,
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

/// Where an alert is in the care team's worklist: new (nobody has taken it), in progress
/// (taken by someone, visible to colleagues), closed (acknowledged with a note).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlertState {
    New,
    InProgress,
    Closed,
}

impl AlertState {
    pub const ALL: [Self; 3] = [Self::New, Self::InProgress, Self::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::InProgress => "in_progress",
            Self::Closed => "closed",
        }
    }

    pub fn of(status: AlertStatus, taken: bool) -> Self {
        match (status, taken) {
            (AlertStatus::Acknowledged, _) => Self::Closed,
            (AlertStatus::Open, true) => Self::InProgress,
            (AlertStatus::Open, false) => Self::New,
        }
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
    /// The care team's internal note.
    pub note: Option<String>,
    /// The note meant for the patient, shown in his cabinet.
    pub patient_note: Option<String>,
    /// Seconds from opening to acknowledgement.
    pub time_to_ack_secs: Option<i64>,
    pub escalated_at: Option<DateTime<Utc>>,
    pub escalated_to_name: Option<String>,
    /// When it escalates if nobody acknowledges it (open, with a covering doctor set).
    pub escalates_at: Option<DateTime<Utc>>,
    /// What the patient was asked to do for its worst value.
    pub urgency: Urgency,
    pub state: AlertState,
    pub taken_by: Option<MembershipId>,
    pub taken_by_name: Option<String>,
    pub taken_at: Option<DateTime<Utc>>,
    /// The patient's own words sent with the latest answers behind the alert (his free-text
    /// answers, such as the diary's note or "where does it hurt?").
    #[serde(default)]
    pub patient_words: Vec<PatientWordsDto>,
}

/// One free-text answer of the patient, with its question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PatientWordsDto {
    pub item: String,
    pub label: Option<I18nText>,
    pub text: String,
    pub at: DateTime<Utc>,
}

/// `?status=open|acknowledged&state=new|in_progress|closed&urgency=…&mine=true&patient=<id>` of
/// `GET /alerts` (the triage worklist). `urgency`: at least this urgent; `mine`: only those the
/// caller has taken.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "server", into_params(parameter_in = Query))]
pub struct AlertQuery {
    pub status: Option<AlertStatus>,
    pub state: Option<AlertState>,
    /// At least this urgent.
    pub urgency: Option<Urgency>,
    pub mine: Option<bool>,
    pub patient: Option<PatientId>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

pub const MAX_ACK_NOTE: usize = 2000;

/// `POST /alerts/{id}/acknowledge`: what was done (the team's note, required) and, optionally,
/// a note for the patient, shown in his cabinet with the reviewer's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AlertAckInput {
    pub note: String,
    #[serde(default)]
    pub patient_note: Option<String>,
}

/// A checked acknowledgement: the internal note and the patient's (trimmed, empty = none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertAck {
    pub note: String,
    pub patient_note: Option<String>,
}

impl AlertAckInput {
    pub fn check(&self) -> Result<AlertAck, Vec<crate::FieldError>> {
        let e = |field: &str, code: &str, m: &str| crate::FieldError {
            field: field.into(),
            code: code.into(),
            message: m.into(),
        };
        let mut errors = Vec::new();
        let note = self.note.trim();
        if note.is_empty() {
            errors.push(e("note", "required", "say what was done"));
        } else if note.chars().count() > MAX_ACK_NOTE {
            errors.push(e("note", "too_long", "at most 2000 characters"));
        }
        let patient_note = self.patient_note.as_deref().map(str::trim).filter(|n| !n.is_empty());
        if patient_note.is_some_and(|n| n.chars().count() > MAX_ACK_NOTE) {
            errors.push(e("patient_note", "too_long", "at most 2000 characters"));
        }
        if errors.is_empty() {
            Ok(AlertAck { note: note.to_owned(), patient_note: patient_note.map(str::to_owned) })
        } else {
            Err(errors)
        }
    }
}

// ---------------------------------------------------------------- settings

pub const MAX_REPLY_TEMPLATES: usize = 20;

/// The reply templates every organization starts with (in Russian, the organizations' language;
/// an organization edits them in its settings).
pub fn default_reply_templates() -> Vec<String> {
    [
        "Я посмотрел(а) ваши ответы. Продолжайте лечение по назначениям.",
        "Я позвоню вам сегодня.",
        "Пожалуйста, приходите на приём в ближайшие дни.",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}

/// The organization's monitoring settings (`GET/PUT /settings/monitoring`, organizer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MonitoringSettingsDto {
    pub rules: Vec<AlertRule>,
    /// What a patient is told for each action (review, call the department, emergency).
    pub advice: AdviceTexts,
    /// The numbers a patient calls and the promised answer time.
    pub contacts: ClinicContacts,
    /// Ready notes for the patient when acknowledging an alert (at most 20).
    #[serde(default)]
    pub reply_templates: Vec<String>,
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
        for urgency in Urgency::ALL {
            let text = self.advice.for_urgency(urgency);
            let field = format!("advice.{}", urgency.as_str());
            if text.ru.trim().is_empty() && text.en.trim().is_empty() {
                e.push(f(&field, "required", "the advice text is required"));
            } else if text.ru.chars().count() > 2000 || text.en.chars().count() > 2000 {
                e.push(f(&field, "too_long", "at most 2000 characters"));
            }
        }
        if !(1..=168).contains(&self.contacts.answer_hours) {
            e.push(f("contacts.answer_hours", "out_of_range", "1 to 168 hours"));
        }
        if self.reply_templates.len() > MAX_REPLY_TEMPLATES {
            e.push(f("reply_templates", "too_many", "at most 20 templates"));
        }
        for (i, t) in self.reply_templates.iter().enumerate() {
            let field = format!("reply_templates[{i}]");
            if t.trim().is_empty() {
                e.push(f(&field, "required", "a template has text"));
            } else if t.chars().count() > 500 {
                e.push(f(&field, "too_long", "at most 500 characters"));
            }
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
    /// The organization's ready notes for the patient, offered when acknowledging his alerts.
    #[serde(default)]
    pub reply_templates: Vec<String>,
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
    /// A member of the care team took it, or let it go (the worklist's "in progress").
    AlertTaken,
    AlertReleased,
}

/// One event on the live channel (the SSE `data:` line).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LiveEvent {
    pub kind: LiveEventKind,
    pub alert: AlertDto,
}
