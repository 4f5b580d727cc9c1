//! The patient's answers (CAB-4, MON-3): a new submission — stored with its record entry,
//! observations and alerts in one transaction — and his answers so far.

use actix_web::{HttpResponse, get, post, web};
use common::Problem;
use common::audit::AuditAction;
use common::ids::PatientId;
use common::monitoring::{SubmissionDto, SubmissionInput, SubmissionResultDto};
use common::page::{Page, PageParams};

use crate::auth::Patient;
use crate::domains::monitoring::submissions;
use crate::http::error::ApiResult;
use crate::http::extract::Json;
use crate::http::paging::page_params;
use crate::state::AppState;

/// Answers a questionnaire: a diary at any time, or one assigned to him (with `assignment_id`,
/// that assignment; without, his active assignment of it). The answer to an assignment's latest
/// due day, if it was not answered yet, marks that day answered. The answers are checked
/// against the current version's items (fields `answers.<item code>`); the submission becomes
/// an "entered by patient" record entry, its numbers become observations, and the alert rules
/// run on them in the same transaction. The result carries advice for each rule that fired.
#[utoipa::path(
    tag = "questionnaires",
    params(("X-Patient-Id" = Option<PatientId>, Header, description = "The card to act for; his own when absent")),
    request_body(content = SubmissionInput, example = json!({
        "questionnaire_id": "0193a5b2-7c1e-7a10-9b1e-2f4d5c6e7f80",
        "answers": [ { "code": "pain.now", "value": 8 }, { "code": "pain.where", "value": "поясница" } ]
    })),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Stored; advice for each rule that fired", body = SubmissionResultDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such questionnaire in his organization, or neither a diary nor assigned to him (or the named assignment is not his active one of it)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The questionnaire is archived (`questionnaire_archived`), or this due day was answered at the same moment (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid answers (`answers`, `answers.<code>`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/cabinet/submissions")]
pub async fn create(state: web::Data<AppState>, who: Patient, body: Json<SubmissionInput>) -> ApiResult<HttpResponse> {
    let result = submissions::submit(&state, &who, body.0).await?;
    Ok(HttpResponse::Created().json(result))
}

/// His answers, newest first, each with the items of the version it answered.
#[utoipa::path(
    tag = "questionnaires",
    params(PageParams, ("X-Patient-Id" = Option<PatientId>, Header, description = "The card to act for; his own when absent")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of submissions", body = Page<SubmissionDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A card he neither owns nor represents", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`page` or `per_page` out of range", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/cabinet/submissions")]
pub async fn list(
    state: web::Data<AppState>,
    who: Patient,
    q: web::Query<PageParams>,
) -> ApiResult<web::Json<Page<SubmissionDto>>> {
    let p = page_params(&q)?;
    let page = submissions::page(&state.db, who.card.id, None, p).await?;
    state.audit.read(who.audit(AuditAction::MonitoringSubmissions, "submission", state.clock.now())).await?;
    Ok(web::Json(page))
}
