//! Feedback to the organization (CAB-11): the card's messages and a new one, at most
//! [`PER_DAY`] per card in 24 hours.

use actix_web::{HttpResponse, get, post, web};
use chrono::Duration;
use common::audit::AuditAction;
use common::cabinet::{FEEDBACK_SUBJECT_MAX, FEEDBACK_TEXT_MAX, FeedbackDto, FeedbackInput, FeedbackStatus};
use common::ids::PatientId;
use common::{FieldError, Problem};
use db::entities::feedback;
use db::sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::caller_name;
use crate::auth::Patient;
use crate::domains::organization::dto::feedback_dto as dto;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::platform::audit;
use crate::state::AppState;

/// At most this many messages per card in any 24 hours.
pub const PER_DAY: u64 = 10;

/// A trimmed text of 1..=`max` characters, or the field's error.
pub fn text(errors: &mut Vec<FieldError>, field: &str, raw: &str, max: usize) -> String {
    let v = raw.trim().to_owned();
    if v.is_empty() {
        errors.push(FieldError { field: field.into(), code: "required".into(), message: "is required".into() });
    } else if v.chars().count() > max {
        errors.push(FieldError {
            field: field.into(),
            code: "too_long".into(),
            message: format!("must be at most {max} characters long"),
        });
    }
    v
}

/// Write to the organization. A representative's message names him (`written_by`).
#[utoipa::path(
    tag = "cabinet",
    params(("X-Patient-Id" = Option<PatientId>, Header, description = "The card to act for; his own when absent")),
    request_body(content = FeedbackInput, example = json!({
        "category": "question", "subject": "Запись на приём", "text": "Можно ли перенести приём на пятницу?"
    })),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Sent", body = FeedbackDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A card he neither owns nor represents", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid subject or text", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "More than 10 messages of this card in 24 hours (`rate_limited`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/cabinet/feedback")]
pub async fn create(state: web::Data<AppState>, who: Patient, body: Json<FeedbackInput>) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let subject = text(&mut errors, "subject", &body.0.subject, FEEDBACK_SUBJECT_MAX);
    let message = text(&mut errors, "text", &body.0.text, FEEDBACK_TEXT_MAX);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let now = state.clock.now();
    let written_by = match who.acting_for {
        Some(_) => Some(caller_name(&state.db, who.ctx.membership_id.0).await?),
        None => None,
    };
    let txn = db::begin_write(&state.db).await?;
    let since = now - Duration::days(1);
    let recent = feedback::Entity::find()
        .filter(feedback::Column::PatientCardId.eq(who.card.id))
        .filter(feedback::Column::CreatedAt.gt(since));
    if recent.clone().count(&txn).await? >= PER_DAY {
        let oldest = recent.order_by_asc(feedback::Column::CreatedAt).one(&txn).await?;
        let retry = oldest.map(|f| (f.created_at + Duration::days(1) - now).num_seconds().max(1)).unwrap_or(1);
        return Err(ApiError::RateLimited(u64::try_from(retry).unwrap_or(1)));
    }
    let id = Uuid::now_v7();
    let row = feedback::Model {
        id,
        organization_id: who.org.0,
        patient_card_id: who.card.id,
        account_id: who.ctx.account_id.0,
        written_by,
        category: body.0.category,
        subject,
        text: message,
        status: FeedbackStatus::New,
        answer_note: None,
        answered_at: None,
        answered_by: None,
        created_at: now,
    };
    feedback::Entity::insert(feedback::ActiveModel {
        id: Set(row.id),
        organization_id: Set(row.organization_id),
        patient_card_id: Set(row.patient_card_id),
        account_id: Set(row.account_id),
        written_by: Set(row.written_by.clone()),
        category: Set(row.category),
        subject: Set(row.subject.clone()),
        text: Set(row.text.clone()),
        status: Set(row.status),
        answer_note: Set(None),
        answered_at: Set(None),
        answered_by: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    audit::record(&txn, who.audit(AuditAction::FeedbackCreate, "feedback", now).entity_id(id)).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(dto(row, who.card.full_name().full())))
}

/// The card's messages, newest first, with the organization's answers.
#[utoipa::path(
    tag = "cabinet",
    params(("X-Patient-Id" = Option<PatientId>, Header, description = "The card to act for; his own when absent")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The messages", body = Vec<FeedbackDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A card he neither owns nor represents", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/cabinet/feedback")]
pub async fn list(state: web::Data<AppState>, who: Patient) -> ApiResult<web::Json<Vec<FeedbackDto>>> {
    let rows = feedback::Entity::find()
        .filter(feedback::Column::PatientCardId.eq(who.card.id))
        .order_by_desc(feedback::Column::CreatedAt)
        .order_by_desc(feedback::Column::Id)
        .all(&state.db)
        .await?;
    let name = who.card.full_name().full();
    let items = rows.into_iter().map(|f| dto(f, name.clone())).collect::<Vec<_>>();
    state.audit.read(who.audit(AuditAction::CabinetFeedback, "feedback", state.clock.now())).await?;
    Ok(web::Json(items))
}
