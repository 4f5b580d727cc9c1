//! The questionnaire library (MON-1), the organization's monitoring settings and a patient's
//! alert rules (MON-5) as staff manage them: `/questionnaires…`, `/settings/monitoring`,
//! `/patients/{id}/monitoring/settings`. DTOs: `common::monitoring`.

use common::ids::{PatientId, QuestionnaireId};
use common::monitoring::{
    MonitoringSettingsDto, PatientMonitoringDto, PatientMonitoringInput, QuestionnaireCopyInput, QuestionnaireDto,
    QuestionnaireInput, QuestionnaireSummaryDto, QuestionnaireVersionInput,
};

use crate::api::ApiError;
use crate::api::http::{self, Access};

/// `GET /api/v1/questionnaires` (`?archived=true` includes the archived ones).
pub async fn questionnaires(archived: bool) -> Result<Vec<QuestionnaireSummaryDto>, ApiError> {
    let path = if archived { "/questionnaires?archived=true" } else { "/questionnaires" };
    http::get_json(Access::Session, path).await
}

/// `GET /api/v1/questionnaires/{id}`: the current version.
pub async fn questionnaire(id: QuestionnaireId) -> Result<QuestionnaireDto, ApiError> {
    http::get_json(Access::Session, &format!("/questionnaires/{id}")).await
}

/// `GET /api/v1/questionnaires/{id}/versions/{version}`: an earlier (or the current) version.
pub async fn questionnaire_version(id: QuestionnaireId, version: i32) -> Result<QuestionnaireDto, ApiError> {
    http::get_json(Access::Session, &format!("/questionnaires/{id}/versions/{version}")).await
}

/// `POST /api/v1/questionnaires`: a new questionnaire (version 1).
pub async fn create_questionnaire(input: &QuestionnaireInput) -> Result<QuestionnaireDto, ApiError> {
    http::post_json(Access::Session, "/questionnaires", input).await
}

/// `PUT /api/v1/questionnaires/{id}`: a new version (built-in templates answer 409).
pub async fn save_questionnaire(
    id: QuestionnaireId,
    input: &QuestionnaireVersionInput,
) -> Result<QuestionnaireDto, ApiError> {
    http::put_json(Access::Session, &format!("/questionnaires/{id}"), input).await
}

/// `POST /api/v1/questionnaires/{id}/copy` under a new code.
pub async fn copy_questionnaire(id: QuestionnaireId, code: &str) -> Result<QuestionnaireDto, ApiError> {
    let body = QuestionnaireCopyInput { code: code.to_owned() };
    http::post_json(Access::Session, &format!("/questionnaires/{id}/copy"), &body).await
}

/// `POST /api/v1/questionnaires/{id}/archive` or `/restore`.
pub async fn set_archived(id: QuestionnaireId, archived: bool) -> Result<QuestionnaireDto, ApiError> {
    let action = if archived { "archive" } else { "restore" };
    http::post_empty(Access::Session, &format!("/questionnaires/{id}/{action}")).await
}

/// `GET /api/v1/settings/monitoring` (organizer).
pub async fn monitoring_settings() -> Result<MonitoringSettingsDto, ApiError> {
    http::get_json(Access::Session, "/settings/monitoring").await
}

/// `PUT /api/v1/settings/monitoring` (organizer).
pub async fn save_monitoring_settings(settings: &MonitoringSettingsDto) -> Result<MonitoringSettingsDto, ApiError> {
    http::put_json(Access::Session, "/settings/monitoring", settings).await
}

/// `GET /api/v1/patients/{id}/monitoring/settings`: the organization's rules, the patient's
/// overrides, what applies, and his time zone.
pub async fn patient_monitoring(id: PatientId) -> Result<PatientMonitoringDto, ApiError> {
    http::get_json(Access::Session, &format!("/patients/{id}/monitoring/settings")).await
}

/// `PUT /api/v1/patients/{id}/monitoring/settings` (his doctor).
pub async fn save_patient_monitoring(
    id: PatientId,
    input: &PatientMonitoringInput,
) -> Result<PatientMonitoringDto, ApiError> {
    http::put_json(Access::Session, &format!("/patients/{id}/monitoring/settings"), input).await
}
