//! `/api/v1/alerts`: the alerts of the caller's patients (MON-5) — a doctor's patients', an
//! assistant's doctors' patients', and for a covering doctor also those escalated to him. The
//! organizer is refused (alerts are medical data). Reads are audited with the patients they
//! show; an acknowledgement is audited in its transaction and goes out on the live channel.

use std::collections::{BTreeSet, HashMap};

use actix_web::{delete, get, post, web};
use common::alerts::Urgency;
use common::audit::AuditAction;
use common::cabinet::NotificationKind;
use common::ids::{AlertId, OrganizationId};
use common::monitoring::{AlertAckInput, AlertDto, AlertQuery, AlertState, AlertStatus, LiveEventKind};
use common::page::{DEFAULT_PAGE_SIZE, Page, PageParams};
use common::{ErrorCode, Problem};
use db::entities::{alert, membership, notification, patient_card};
use db::sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use uuid::Uuid;

use crate::auth::scope;
use crate::auth::{PatientStaff, Staff, role};
use crate::domains::monitoring::alerts::{
    self, AlertContext, alert_dto, staff_name, visible_condition, with_patient_words,
};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::http::paging::page_params;
use crate::platform::audit::{self, AuditEvent};
use crate::platform::notifications::{self, Notice};
use crate::state::AppState;

/// Alerts are for the patients' clinicians: the organizer is refused (403, audited).
mod action {
    crate::audit_action!(AlertList, "alert", "Alerts are open to the patients' clinicians only.");
    crate::audit_action!(AlertRead, "alert", "Alerts are open to the patients' clinicians only.");
    crate::audit_action!(AlertAcknowledge, "alert", "Alerts are open to the patients' clinicians only.");
    crate::audit_action!(AlertTake, "alert", "Alerts are open to the patients' clinicians only.");
    crate::audit_action!(AlertRelease, "alert", "Alerts are open to the patients' clinicians only.");
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
    let ctx = AlertContext::load(conn, OrganizationId(org)).await?;
    let mut dtos: Vec<AlertDto> =
        rows.iter().map(|a| alert_dto(a, names.get(&a.patient_card_id).map_or("", String::as_str), &ctx)).collect();
    with_patient_words(conn, &ctx.labels, &mut dtos).await?;
    Ok(dtos)
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

/// The triage worklist: alerts of the caller's patients and those escalated to him. Open before
/// closed; open ones escalated first, then the most urgent, then the oldest; closed ones newest
/// first. Filters: `status`, `state` (new / in progress / closed), `urgency` (at least),
/// `mine` (taken by the caller), `patient` (404 if the caller may not see him).
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
    match q.state {
        None => {}
        Some(AlertState::New) => {
            cond = cond.add(alert::Column::Status.eq(AlertStatus::Open.as_str())).add(alert::Column::TakenBy.is_null());
        }
        Some(AlertState::InProgress) => {
            cond = cond
                .add(alert::Column::Status.eq(AlertStatus::Open.as_str()))
                .add(alert::Column::TakenBy.is_not_null());
        }
        Some(AlertState::Closed) => cond = cond.add(alert::Column::Status.eq(AlertStatus::Acknowledged.as_str())),
    }
    if let Some(least) = q.urgency {
        let at_least: Vec<&str> = Urgency::ALL.into_iter().filter(|u| *u >= least).map(Urgency::as_str).collect();
        cond = cond.add(alert::Column::Urgency.is_in(at_least));
    }
    if q.mine == Some(true) {
        cond = cond.add(alert::Column::TakenBy.eq(me));
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
        .order_by(
            Expr::cust(format!(
                "CASE WHEN {open} THEN (CASE urgency WHEN 'emergency' THEN 0 WHEN 'call_clinic' THEN 1 ELSE 2 END) END"
            )),
            Order::Asc,
        )
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

/// Acknowledge an alert with a note on what was done and, optionally, a note for the patient.
/// The time to acknowledge is kept; the acknowledgement goes out on the live channel; the
/// patient gets a cabinet notification (and an email without medical content, at most one per
/// ten minutes) and sees who looked, when, and the note meant for him. An alert is
/// acknowledged once.
#[utoipa::path(
    tag = "monitoring",
    params(("id" = AlertId, Path, description = "The alert")),
    request_body(content = AlertAckInput, example = json!({"note": "Called the patient: paracetamol, a visit tomorrow.", "patient_note": "Принимайте парацетамол, завтра ждём вас на приём."})),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Acknowledged", body = AlertDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an alert the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already acknowledged (`alert_acknowledged`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A note is empty or too long (`note`, `patient_note`)", body = Problem, content_type = "application/problem+json"),
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
    let ack = body.0.check().map_err(ApiError::Validation)?;
    let by = who.membership(&state.db).await?;
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let done = alert::Entity::update_many()
        .col_expr(alert::Column::Status, Expr::value(AlertStatus::Acknowledged.as_str()))
        .col_expr(alert::Column::AcknowledgedAt, Expr::value(now))
        .col_expr(alert::Column::AcknowledgedBy, Expr::value(by.id))
        .col_expr(alert::Column::AcknowledgedByName, Expr::value(staff_name(&by)))
        .col_expr(alert::Column::AcknowledgedByRole, Expr::value(by.role.as_str()))
        .col_expr(alert::Column::Note, Expr::value(ack.note))
        .col_expr(alert::Column::PatientNote, Expr::value(ack.patient_note))
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
    tell_patient(&txn, &state.settings.base_url, &card, &by, now).await?;
    txn.commit().await?;
    state.jobs_notify.notify_one();
    alerts::publish(&state, &card, &updated, LiveEventKind::AlertAcknowledged).await;
    let dto =
        dtos(&state.db, who.org.0, std::slice::from_ref(&updated)).await?.pop().ok_or_else(ApiError::not_found)?;
    Ok(web::Json(dto))
}

/// A patient is told once for a round of acknowledgements: no second notice within this time.
const NOTICE_QUIET_MINUTES: i64 = 10;

/// The patient's notice that his answers were looked at: in the cabinet, and by email (which
/// names no value and no symptom), unless he was told in the last ten minutes.
async fn tell_patient(
    conn: &impl ConnectionTrait,
    base_url: &str,
    card: &patient_card::Model,
    by: &membership::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    let recent = notification::Entity::find()
        .filter(notification::Column::PatientCardId.eq(card.id))
        .filter(notification::Column::Kind.eq(NotificationKind::AnswersReviewed.as_str()))
        .filter(notification::Column::CreatedAt.gt(now - chrono::Duration::minutes(NOTICE_QUIET_MINUTES)))
        .count(conn)
        .await?;
    if recent > 0 {
        return Ok(());
    }
    let name = by.full_name().short();
    let notice = Notice {
        kind: NotificationKind::AnswersReviewed,
        subject: &name,
        link: Some("/cabinet/today".into()),
        email: true,
    };
    notifications::notify(conn, base_url, card, notice, now).await?;
    Ok(())
}

/// Who took an alert, as stored.
fn taken(by: &membership::Model, now: chrono::DateTime<chrono::Utc>) -> [(alert::Column, Expr); 3] {
    [
        (alert::Column::TakenBy, Expr::value(by.id)),
        (alert::Column::TakenByName, Expr::value(staff_name(by))),
        (alert::Column::TakenAt, Expr::value(now)),
    ]
}

/// Take an alert: it is "in progress", with the caller's name visible to his colleagues (and
/// live). Taking one's own again is a no-op; one taken by a colleague is 409 `alert_taken`
/// (he lets it go first); a closed one is 409 `alert_acknowledged`.
#[utoipa::path(
    tag = "monitoring",
    params(("id" = AlertId, Path, description = "The alert")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Taken by the caller", body = AlertDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an alert the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Taken by a colleague (`alert_taken`) or closed (`alert_acknowledged`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/alerts/{id}/take")]
pub async fn take(
    state: web::Data<AppState>,
    who: Staff<role::Clinician, action::AlertTake>,
    id: web::Path<AlertId>,
) -> ApiResult<web::Json<AlertDto>> {
    let by = who.membership(&state.db).await?;
    let a = visible_alert(&state, &who, *id, AuditAction::AlertTake).await?;
    change_taker(&state, &who, a, Some(&by)).await
}

/// Let an alert go: it is "new" again. Only who took it lets it go (a colleague's: 409
/// `alert_taken`); one nobody took is a no-op.
#[utoipa::path(
    tag = "monitoring",
    params(("id" = AlertId, Path, description = "The alert")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Nobody has it now", body = AlertDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an alert the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Taken by a colleague (`alert_taken`) or closed (`alert_acknowledged`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[delete("/alerts/{id}/take")]
pub async fn release(
    state: web::Data<AppState>,
    who: Staff<role::Clinician, action::AlertRelease>,
    id: web::Path<AlertId>,
) -> ApiResult<web::Json<AlertDto>> {
    let a = visible_alert(&state, &who, *id, AuditAction::AlertRelease).await?;
    change_taker(&state, &who, a, None).await
}

/// Sets (`Some`) or clears (`None`) who has an open alert, when it is free or the caller's.
async fn change_taker(
    state: &AppState,
    who: &PatientStaff,
    a: alert::Model,
    to: Option<&membership::Model>,
) -> ApiResult<web::Json<AlertDto>> {
    let me = who.ctx.membership_id.0;
    if a.status != AlertStatus::Open {
        return Err(ApiError::code(ErrorCode::AlertAcknowledged, "The alert was already acknowledged."));
    }
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let mut update = alert::Entity::update_many();
    match to {
        Some(by) => {
            for (col, value) in taken(by, now) {
                update = update.col_expr(col, value);
            }
        }
        None => {
            // Typed NULLs: PostgreSQL checks each SET against its column's type.
            update = update
                .col_expr(alert::Column::TakenBy, Expr::value(Option::<Uuid>::None))
                .col_expr(alert::Column::TakenByName, Expr::value(Option::<String>::None))
                .col_expr(alert::Column::TakenAt, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None));
        }
    }
    let done = update
        .filter(alert::Column::Id.eq(a.id))
        .filter(alert::Column::Status.eq(AlertStatus::Open.as_str()))
        .filter(Condition::any().add(alert::Column::TakenBy.is_null()).add(alert::Column::TakenBy.eq(me)))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        let now_row = alert::Entity::find_by_id(a.id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
        return Err(if now_row.status == AlertStatus::Open {
            ApiError::code(ErrorCode::AlertTaken, "A colleague has taken this alert.")
        } else {
            ApiError::code(ErrorCode::AlertAcknowledged, "The alert was already acknowledged.")
        });
    }
    let (action, kind, what) = match to {
        Some(_) => (AuditAction::AlertTake, LiveEventKind::AlertTaken, "taken"),
        None => (AuditAction::AlertRelease, LiveEventKind::AlertReleased, "released"),
    };
    alerts::event(&txn, a.id, None, what, &a.item, None, now).await?;
    audit::record(&txn, AuditEvent::by(&who.ctx, action, "alert", now).entity_id(a.id).patients([a.patient_card_id]))
        .await?;
    let updated = alert::Entity::find_by_id(a.id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let card = patient_card::Entity::find_by_id(a.patient_card_id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    txn.commit().await?;
    alerts::publish(state, &card, &updated, kind).await;
    let dto =
        dtos(&state.db, who.org.0, std::slice::from_ref(&updated)).await?.pop().ok_or_else(ApiError::not_found)?;
    Ok(web::Json(dto))
}
