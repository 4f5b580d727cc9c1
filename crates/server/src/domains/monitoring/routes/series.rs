//! Chart series: `GET /api/v1/patients/{id}/monitoring/series` (the patient's clinicians) and
//! `GET /api/v1/cabinet/monitoring/series` (the patient himself, or his representative).

use actix_web::{get, web};
use common::Problem;
use common::audit::AuditAction;
use common::ids::PatientId;
use common::monitoring::{SeriesQuery, SeriesSetDto};
use db::entities::organization;
use db::sea_orm::EntityTrait;

use crate::auth::{Patient, StaffCard, role};
use crate::domains::monitoring::series;
use crate::http::error::{ApiError, ApiResult};
use crate::platform::audit::AuditEvent;
use crate::state::AppState;

mod action {
    crate::audit_action!(MonitoringSeries);
}

async fn org(state: &AppState, id: uuid::Uuid) -> ApiResult<organization::Model> {
    organization::Entity::find_by_id(id).one(&state.db).await?.ok_or_else(ApiError::unauthorized)
}

/// A patient's numeric answers by item code over a period of his own days (default: the last
/// 30; at most 366), with labels, limits and the alert thresholds that apply to him. `codes`
/// narrows to these items (each asked code gets a series, empty if it has no values).
#[utoipa::path(
    tag = "monitoring",
    params(("id" = PatientId, Path, description = "The patient card"), SeriesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The series", body = SeriesSetDto),
        (status = 400, description = "A date that is not YYYY-MM-DD", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` before `from`, more than 366 days (`from`), or bad `codes`", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/patients/{id}/monitoring/series")]
pub async fn staff(
    state: web::Data<AppState>,
    staff: StaffCard<role::Clinician, action::MonitoringSeries>,
    q: web::Query<SeriesQuery>,
) -> ApiResult<web::Json<SeriesSetDto>> {
    let (who, card) = staff.into_parts();
    let now = state.clock.now();
    let dto = series::series(&state.db, &org(&state, who.org.0).await?, &card, &q, now).await?;
    let event = AuditEvent::by(&who.ctx, AuditAction::MonitoringSeries, "observation", now).patients([card.id]);
    state.audit.read(event).await?;
    Ok(web::Json(dto))
}

/// The patient's own chart series (CAB-4, MON-3), as for his clinicians.
#[utoipa::path(
    tag = "monitoring",
    params(SeriesQuery, ("X-Patient-Id" = Option<PatientId>, Header, description = "A represented card (CAB-10)")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The series", body = SeriesSetDto),
        (status = 400, description = "A date that is not YYYY-MM-DD", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`X-Patient-Id` names a card he may not open", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` before `from`, more than 366 days (`from`), or bad `codes`", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/cabinet/monitoring/series")]
pub async fn cabinet(
    state: web::Data<AppState>,
    who: Patient,
    q: web::Query<SeriesQuery>,
) -> ApiResult<web::Json<SeriesSetDto>> {
    let now = state.clock.now();
    let dto = series::series(&state.db, &org(&state, who.org.0).await?, &who.card, &q, now).await?;
    state.audit.read(who.audit(AuditAction::MonitoringSeries, "observation", now)).await?;
    Ok(web::Json(dto))
}
