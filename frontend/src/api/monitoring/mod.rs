//! Remote monitoring as the doctor and the assistant work with it (MON-2, MON-4, MON-5): the
//! "Monitoring" list, a patient's chart series, submissions, assignments, alerts and their
//! acknowledgement, and the one-time ticket of the live channel. DTOs: `common::monitoring`.

pub mod admin;
pub mod cabinet;

use chrono::NaiveDate;
use common::alerts::Urgency;
use common::ids::{AlertId, AssignmentId, PatientId};
use common::monitoring::{
    AlertAckInput, AlertDto, AlertState, AlertStatus, AssignmentDto, AssignmentInput, LiveTicketDto, MonitoringRowDto,
    PatientMonitoringDto, QuestionnaireSummaryDto, SeriesSetDto, SubmissionDto,
};
use common::page::Page;

use crate::api::ApiError;
use crate::api::http::{self, Access};
use crate::api::query_string;

/// `GET /api/v1/monitoring/patients?q&page&per_page`: attention-first, as the server sorts.
pub async fn patients(q: &str, page: u32, per_page: u32) -> Result<Page<MonitoringRowDto>, ApiError> {
    let qs = query_string(&[
        ("q", Some(q.to_owned())),
        ("page", Some(page.to_string())),
        ("per_page", Some(per_page.to_string())),
    ]);
    http::get_json(Access::Session, &format!("/monitoring/patients{qs}")).await
}

/// `GET /api/v1/alerts?status&patient&page&per_page`.
pub async fn alerts(
    patient: PatientId,
    status: AlertStatus,
    page: u32,
    per_page: u32,
) -> Result<Page<AlertDto>, ApiError> {
    let qs = query_string(&[
        ("status", Some(status.as_str().to_owned())),
        ("patient", Some(patient.to_string())),
        ("page", Some(page.to_string())),
        ("per_page", Some(per_page.to_string())),
    ]);
    http::get_json(Access::Session, &format!("/alerts{qs}")).await
}

/// `POST /api/v1/alerts/{id}/acknowledge` with what was done and the note for the patient (409
/// `alert_acknowledged` when someone was quicker).
pub async fn acknowledge(id: AlertId, input: &AlertAckInput) -> Result<AlertDto, ApiError> {
    http::post_json(Access::Session, &format!("/alerts/{id}/acknowledge"), input).await
}

/// The triage worklist's filters (`GET /api/v1/alerts`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Worklist {
    pub state: Option<AlertState>,
    pub urgency: Option<Urgency>,
    pub mine: bool,
}

/// `GET /api/v1/alerts?state&urgency&mine&page&per_page`: the caller's patients' alerts, open
/// first, escalated and most urgent first.
pub async fn worklist(filter: &Worklist, page: u32, per_page: u32) -> Result<Page<AlertDto>, ApiError> {
    let qs = query_string(&[
        ("state", filter.state.map(|s| s.as_str().to_owned())),
        ("urgency", filter.urgency.map(|u| u.as_str().to_owned())),
        ("mine", filter.mine.then(|| "true".to_owned())),
        ("page", Some(page.to_string())),
        ("per_page", Some(per_page.to_string())),
    ]);
    http::get_json(Access::Session, &format!("/alerts{qs}")).await
}

/// `POST /api/v1/alerts/{id}/take`: in progress, by the caller (409 `alert_taken` when a
/// colleague has it).
pub async fn take(id: AlertId) -> Result<AlertDto, ApiError> {
    http::post_empty(Access::Session, &format!("/alerts/{id}/take")).await
}

/// `DELETE /api/v1/alerts/{id}/take`: new again.
pub async fn release(id: AlertId) -> Result<AlertDto, ApiError> {
    http::delete(Access::Session, &format!("/alerts/{id}/take")).await
}

/// `GET /api/v1/patients/{id}/monitoring/series?from&to`: every charted item of the period.
pub async fn series(patient: PatientId, from: NaiveDate, to: NaiveDate) -> Result<SeriesSetDto, ApiError> {
    let qs = query_string(&[("from", Some(from.to_string())), ("to", Some(to.to_string()))]);
    http::get_json(Access::Session, &format!("/patients/{patient}/monitoring/series{qs}")).await
}

/// `GET /api/v1/patients/{id}/monitoring/settings`: the rules that apply to him (for the alert
/// texts: which way a threshold points, a worsening's step).
pub async fn patient_settings(patient: PatientId) -> Result<PatientMonitoringDto, ApiError> {
    http::get_json(Access::Session, &format!("/patients/{patient}/monitoring/settings")).await
}

/// `GET /api/v1/patients/{id}/submissions?page&per_page`, newest first, with the definitions.
pub async fn submissions(patient: PatientId, page: u32, per_page: u32) -> Result<Page<SubmissionDto>, ApiError> {
    let qs = query_string(&[("page", Some(page.to_string())), ("per_page", Some(per_page.to_string()))]);
    http::get_json(Access::Session, &format!("/patients/{patient}/submissions{qs}")).await
}

/// `GET /api/v1/patients/{id}/assignments`.
pub async fn assignments(patient: PatientId) -> Result<Vec<AssignmentDto>, ApiError> {
    http::get_json(Access::Session, &format!("/patients/{patient}/assignments")).await
}

/// `POST /api/v1/patients/{id}/assignments` (a doctor; 403 `doctor_only` for an assistant).
pub async fn assign(patient: PatientId, input: &AssignmentInput) -> Result<AssignmentDto, ApiError> {
    http::post_json(Access::Session, &format!("/patients/{patient}/assignments"), input).await
}

/// `POST /api/v1/patients/{id}/assignments/{assignment}/end`.
pub async fn end_assignment(patient: PatientId, assignment: AssignmentId) -> Result<AssignmentDto, ApiError> {
    http::post_empty(Access::Session, &format!("/patients/{patient}/assignments/{assignment}/end")).await
}

/// `GET /api/v1/questionnaires`: the library without the archived ones.
pub async fn questionnaires() -> Result<Vec<QuestionnaireSummaryDto>, ApiError> {
    http::get_json(Access::Session, "/questionnaires").await
}

/// `POST /api/v1/live/ticket`: a one-time ticket for `GET /live?ticket=…`.
pub async fn live_ticket() -> Result<LiveTicketDto, ApiError> {
    http::post_empty(Access::Session, "/live/ticket").await
}
