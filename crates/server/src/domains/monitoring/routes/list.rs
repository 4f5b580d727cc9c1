//! `GET /api/v1/monitoring/patients`: "Monitoring" (MON-4) — a doctor's patients, an
//! assistant's doctors' patients, attention first.

use actix_web::{get, web};
use common::Problem;
use common::audit::AuditAction;
use common::monitoring::{MonitoringQuery, MonitoringRowDto};
use common::page::{DEFAULT_PAGE_SIZE, Page, PageParams};
use db::entities::organization;
use db::sea_orm::EntityTrait;

use crate::auth::{Staff, role};
use crate::domains::monitoring::monitoring_list;
use crate::http::error::{ApiError, ApiResult};
use crate::http::paging::page_params;
use crate::platform::audit::AuditEvent;
use crate::state::AppState;

mod action {
    crate::audit_action!(
        /// Monitoring is for the patients' clinicians: the organizer is refused (403, audited).
        MonitoringList,
        "patient",
        "Monitoring is open to the patients' clinicians only."
    );
}

/// The caller's active patients with their last submission, adherence over the last 30 days,
/// open alerts and trend, sorted attention-first (open alerts — escalated, then the oldest —,
/// then a worsening trend, then the lowest adherence, then the name). `q` searches names.
#[utoipa::path(
    tag = "monitoring",
    params(MonitoringQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of patients", body = Page<MonitoringRowDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`page` or `per_page` out of range", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/monitoring/patients")]
pub async fn list(
    state: web::Data<AppState>,
    who: Staff<role::Clinician, action::MonitoringList>,
    q: web::Query<MonitoringQuery>,
) -> ApiResult<web::Json<Page<MonitoringRowDto>>> {
    let now = state.clock.now();
    let p = page_params(&PageParams { page: q.page.unwrap_or(1), per_page: q.per_page.unwrap_or(DEFAULT_PAGE_SIZE) })?;
    let org = organization::Entity::find_by_id(who.org.0).one(&state.db).await?.ok_or_else(ApiError::unauthorized)?;
    let rows = monitoring_list::rows(&state.db, &org, who.scope, q.q.as_deref(), now).await?;
    let total = rows.len() as u64;
    let start = usize::try_from(p.offset()).unwrap_or(usize::MAX).min(rows.len());
    let items: Vec<MonitoringRowDto> = rows.into_iter().skip(start).take(p.per_page as usize).collect();
    let event = AuditEvent::by(&who.ctx, AuditAction::MonitoringList, "patient", now)
        .patients(items.iter().map(|r| r.patient_id.0));
    state.audit.read(event).await?;
    Ok(web::Json(Page { items, page: p.page, per_page: p.per_page, total }))
}
