//! `/api/v1/feedback`: the organizer reads his organization's feedback (CAB-11) and marks a
//! message answered, which notifies the card.

use std::collections::HashMap;

use actix_web::{get, post, web};
use common::audit::AuditAction;
use common::cabinet::{
    FEEDBACK_TEXT_MAX, FeedbackAnswerInput, FeedbackDto, FeedbackQuery, FeedbackStatus, NotificationKind,
};
use common::ids::FeedbackId;
use common::page::{DEFAULT_PAGE_SIZE, Page, PageParams};
use common::{ErrorCode, Problem};
use db::entities::{feedback, patient_card};
use db::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr};

use crate::auth::Organizer;
use crate::domains::organization::dto::feedback_dto;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::http::paging::page_params;
use crate::platform::audit::{self, AuditEvent};
use crate::platform::notifications::{Notice, notify};
use crate::state::AppState;

/// The organization's feedback, newest first; `status` filters.
#[utoipa::path(
    tag = "feedback",
    params(FeedbackQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of messages", body = Page<FeedbackDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid page parameters", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/feedback")]
pub async fn list(
    state: web::Data<AppState>,
    who: Organizer,
    q: web::Query<FeedbackQuery>,
) -> ApiResult<web::Json<Page<FeedbackDto>>> {
    let p = page_params(&PageParams { page: q.page.unwrap_or(1), per_page: q.per_page.unwrap_or(DEFAULT_PAGE_SIZE) })?;
    let mut base = db::Org::new(who.org).find::<feedback::Entity>();
    if let Some(status) = q.status {
        base = base.filter(feedback::Column::Status.eq(status.as_str()));
    }
    let total = base.clone().count(&state.db).await?;
    let rows = base
        .order_by_desc(feedback::Column::CreatedAt)
        .order_by_desc(feedback::Column::Id)
        .offset(p.offset())
        .limit(u64::from(p.per_page))
        .all(&state.db)
        .await?;
    let ids: Vec<_> = rows.iter().map(|f| f.patient_card_id).collect();
    let names: HashMap<_, _> = patient_card::Entity::find()
        .filter(patient_card::Column::Id.is_in(ids.clone()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.full_name().full()))
        .collect();
    let items = rows
        .into_iter()
        .map(|f| {
            let name = names.get(&f.patient_card_id).cloned().unwrap_or_default();
            feedback_dto(f, name)
        })
        .collect::<Vec<_>>();
    let event = AuditEvent::by(&who.ctx, AuditAction::FeedbackList, "feedback", state.clock.now()).patients(ids);
    state.audit.read(event).await?;
    Ok(web::Json(Page { items, page: p.page, per_page: p.per_page, total }))
}

/// Mark a message answered (with an optional note the patient sees); the card is notified,
/// by email too. Answering twice is 409 `conflict`.
#[utoipa::path(
    tag = "feedback",
    params(("id" = FeedbackId, Path, description = "The message")),
    request_body(content = FeedbackAnswerInput, example = json!({ "note": "Перезвонили пациенту, приём перенесён." })),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Answered", body = FeedbackDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such message in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already answered (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The note is longer than 4,000 characters", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/feedback/{id}/answered")]
pub async fn answered(
    state: web::Data<AppState>,
    who: Organizer,
    id: web::Path<FeedbackId>,
    body: Json<FeedbackAnswerInput>,
) -> ApiResult<web::Json<FeedbackDto>> {
    let note = body.0.note.trim().to_owned();
    if note.chars().count() > FEEDBACK_TEXT_MAX {
        return Err(ApiError::field(
            "note",
            "too_long",
            format!("must be at most {FEEDBACK_TEXT_MAX} characters long"),
        ));
    }
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let f =
        db::Org::new(who.org).find_by_id::<feedback::Entity>(id.0).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let changed = feedback::Entity::update_many()
        .col_expr(feedback::Column::Status, Expr::value(FeedbackStatus::Answered.as_str()))
        .col_expr(feedback::Column::AnswerNote, Expr::value((!note.is_empty()).then_some(note)))
        .col_expr(feedback::Column::AnsweredAt, Expr::value(now))
        .col_expr(feedback::Column::AnsweredBy, Expr::value(who.ctx.membership_id.0))
        .filter(feedback::Column::Id.eq(f.id))
        .filter(feedback::Column::Status.eq(FeedbackStatus::New.as_str()))
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(ApiError::code(ErrorCode::Conflict, "This message is already answered."));
    }
    let card = patient_card::Entity::find_by_id(f.patient_card_id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let notice = Notice {
        kind: NotificationKind::FeedbackAnswered,
        subject: &f.subject,
        link: Some("/cabinet/feedback".to_owned()),
        email: true,
    };
    notify(&txn, &state.settings.base_url, &card, notice, now).await?;
    let event = AuditEvent::by(&who.ctx, AuditAction::FeedbackAnswer, "feedback", now)
        .entity_id(f.id)
        .patients([f.patient_card_id]);
    audit::record(&txn, event).await?;
    let f = feedback::Entity::find_by_id(f.id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    txn.commit().await?;
    state.jobs_notify.notify_one();
    Ok(web::Json(feedback_dto(f, card.full_name().full())))
}
