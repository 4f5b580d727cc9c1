//! `/api/v1/alerts`: the alerts of the caller's patients (MON-5) — a doctor's patients', an
//! assistant's doctors' patients', and for a covering doctor also those escalated to him. The
//! organizer is refused (alerts are medical data). Reads are audited with the patients they
//! show; an acknowledgement is audited in its transaction and goes out on the live channel.

use std::collections::{BTreeSet, HashMap};

use actix_web::{get, post, web};
use common::audit::AuditAction;
use common::ids::AlertId;
use common::monitoring::{AlertAckInput, AlertDto, AlertQuery, AlertStatus, LiveEventKind};
use common::page::{DEFAULT_PAGE_SIZE, Page, PageParams};
use common::{ErrorCode, Problem};
use db::entities::{alert, patient_card};
use db::sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use uuid::Uuid;

use crate::auth::scope;
use crate::auth::{PatientStaff, Staff, role};
use crate::domains::monitoring::alerts::{self, alert_dto, item_labels, staff_name, visible_condition};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::http::paging::page_params;
use crate::platform::audit::{self, AuditEvent};
use crate::state::AppState;

/// Alerts are for the patients' clinicians: the organizer is refused (403, audited).
mod action {
    crate::audit_action!(AlertList, "alert", "Alerts are open to the patients' clinicians only.");
    crate::audit_action!(AlertRead, "alert", "Alerts are open to the patients' clinicians only.");
    crate::audit_action!(AlertAcknowledge, "alert", "Alerts are open to the patients' clinicians only.");
}

/// Alerts as the API shows them, with their patients' names and item labels.
async fn dtos(conn: &impl ConnectionTrait, org: Uuid, rows: &[alert::Model]) -> ApiResult<Vec<AlertDto>> {
    let ids: BTreeSet<Uuid> = rows.iter().map(|a| a.patient_card_id).collect();
    let names: HashMap<Uuid, String> = patient_card::Entity::find()
        .filter(patient_card::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.full_name().full()))
        .collect();
    let labels = item_labels(conn, org).await?;
    Ok(rows.iter().map(|a| alert_dto(a, names.get(&a.patient_card_id).map_or("", String::as_str), &labels)).collect())
}

/// An alert the caller may see, or 404 audited as denied.
async fn visible_alert(
    state: &AppState,
    who: &PatientStaff,
    id: AlertId,
    action: AuditAction,
) -> ApiResult<alert::Model> {
    let found = alert::Entity::find_by_id(id.0)
        .filter(visible_condition(who.org, who.scope, who.ctx.membership_id))
        .one(&state.db)
        .await?;
    match found {
        Some(a) => Ok(a),
        None => {
            let event = AuditEvent::by(&who.ctx, action, "alert", state.clock.now()).entity_id(id).denied();
            state.audit.read(event).await?;
            Err(ApiError::not_found())
        }
    }
}

/// Alerts of the caller's patients and those escalated to him: open before acknowledged; open
/// ones escalated first, then the oldest; acknowledged ones newest first. `patient` narrows to
/// one patient (404 if the caller may not see him).
#[utoipa::path(
    tag = "monitoring",
    params(AlertQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of alerts", body = Page<AlertDto>),
        (status = 400, description = "An unknown status", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`patient` is not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`page` or `per_page` out of range", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/alerts")]
pub async fn list(
    state: web::Data<AppState>,
    who: Staff<role::Clinician, action::AlertList>,
    q: web::Query<AlertQuery>,
) -> ApiResult<web::Json<Page<AlertDto>>> {
    let p = page_params(&PageParams { page: q.page.unwrap_or(1), per_page: q.per_page.unwrap_or(DEFAULT_PAGE_SIZE) })?;
    let org = who.org;
    let me = who.ctx.membership_id.0;
    let mut cond = visible_condition(org, who.scope, who.ctx.membership_id);
    if let Some(status) = q.status {
        cond = cond.add(alert::Column::Status.eq(status.as_str()));
    }
    if let Some(patient) = q.patient {
        let mine = scope::find_visible(&state.db, org, who.scope, patient).await?.is_some();
        let escalated = || async {
            db::Org::new(org)
                .find::<alert::Entity>()
                .filter(alert::Column::PatientCardId.eq(patient.0))
                .filter(alert::Column::EscalatedTo.eq(me))
                .count(&state.db)
                .await
        };
        if !mine && escalated().await? == 0 {
            let event = AuditEvent::by(&who.ctx, AuditAction::AlertList, "patient", state.clock.now())
                .entity_id(patient)
                .denied();
            state.audit.read(event).await?;
            return Err(ApiError::not_found());
        }
        cond = cond.add(alert::Column::PatientCardId.eq(patient.0));
    }
    let open = "status = 'open'";
    let base = alert::Entity::find()
        .filter(cond)
        .order_by(Expr::cust(format!("CASE WHEN {open} THEN 0 ELSE 1 END")), Order::Asc)
        .order_by(Expr::cust(format!("CASE WHEN {open} AND escalated_at IS NOT NULL THEN 0 ELSE 1 END")), Order::Asc)
        .order_by(Expr::cust(format!("CASE WHEN {open} THEN opened_at END")), Order::Asc)
        .order_by_desc(alert::Column::OpenedAt)
        .order_by_asc(alert::Column::Id);
    let total = base.clone().count(&state.db).await?;
    let rows = base.offset(p.offset()).limit(u64::from(p.per_page)).all(&state.db).await?;
    let items = dtos(&state.db, org.0, &rows).await?;
    let cards: BTreeSet<Uuid> = rows.iter().map(|a| a.patient_card_id).collect();
    state
        .audit
        .read(AuditEvent::by(&who.ctx, AuditAction::AlertList, "alert", state.clock.now()).patients(cards))
        .await?;
    Ok(web::Json(Page { items, page: p.page, per_page: p.per_page, total }))
}

/// One alert.
#[utoipa::path(
    tag = "monitoring",
    params(("id" = AlertId, Path, description = "The alert")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The alert", body = AlertDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an alert the caller may see", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/alerts/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    who: Staff<role::Clinician, action::AlertRead>,
    id: web::Path<AlertId>,
) -> ApiResult<web::Json<AlertDto>> {
    let a = visible_alert(&state, &who, *id, AuditAction::AlertRead).await?;
    let dto = dtos(&state.db, who.org.0, std::slice::from_ref(&a)).await?.pop().ok_or_else(ApiError::not_found)?;
    let event = AuditEvent::by(&who.ctx, AuditAction::AlertRead, "alert", state.clock.now())
        .entity_id(a.id)
        .patients([a.patient_card_id]);
    state.audit.read(event).await?;
    Ok(web::Json(dto))
}

/// Acknowledge an alert with a note on what was done. The time to acknowledge is kept; the
/// acknowledgement goes out on the live channel. An alert is acknowledged once.
#[utoipa::path(
    tag = "monitoring",
    params(("id" = AlertId, Path, description = "The alert")),
    request_body(content = AlertAckInput, example = json!({"note": "Called the patient: paracetamol, a visit tomorrow."})),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Acknowledged", body = AlertDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an alert the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already acknowledged (`alert_acknowledged`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The note is empty or too long (`note`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/alerts/{id}/acknowledge")]
pub async fn acknowledge(
    state: web::Data<AppState>,
    who: Staff<role::Clinician, action::AlertAcknowledge>,
    id: web::Path<AlertId>,
    body: Json<AlertAckInput>,
) -> ApiResult<web::Json<AlertDto>> {
    let action = AuditAction::AlertAcknowledge;
    let a = visible_alert(&state, &who, *id, action).await?;
    let note = body.0.check().map_err(|e| ApiError::Validation(vec![e]))?;
    let by = who.membership(&state.db).await?;
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let done = alert::Entity::update_many()
        .col_expr(alert::Column::Status, Expr::value(AlertStatus::Acknowledged.as_str()))
        .col_expr(alert::Column::AcknowledgedAt, Expr::value(now))
        .col_expr(alert::Column::AcknowledgedBy, Expr::value(by.id))
        .col_expr(alert::Column::AcknowledgedByName, Expr::value(staff_name(&by)))
        .col_expr(alert::Column::Note, Expr::value(note))
        .filter(alert::Column::Id.eq(a.id))
        .filter(alert::Column::Status.eq(AlertStatus::Open.as_str()))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(ApiError::code(ErrorCode::AlertAcknowledged, "The alert was already acknowledged."));
    }
    alerts::event(&txn, a.id, None, "acknowledged", &a.item, None, now).await?;
    let event = AuditEvent::by(&who.ctx, action, "alert", now).entity_id(a.id).patients([a.patient_card_id]);
    audit::record(&txn, event).await?;
    let updated = alert::Entity::find_by_id(a.id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let card = patient_card::Entity::find_by_id(a.patient_card_id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    txn.commit().await?;
    alerts::publish(&state, &card, &updated, LiveEventKind::AlertAcknowledged).await;
    let dto =
        dtos(&state.db, who.org.0, std::slice::from_ref(&updated)).await?.pop().ok_or_else(ApiError::not_found)?;
    Ok(web::Json(dto))
}
