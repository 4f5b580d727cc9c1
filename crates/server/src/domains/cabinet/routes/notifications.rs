//! The current card's notifications (CAB-8): a page newest first with the unread count, and
//! marking them read. Another card's notification is 404.

use actix_web::{HttpResponse, get, post, web};
use common::Problem;
use common::audit::AuditAction;
use common::cabinet::{NotificationChannel, NotificationDto, NotificationPageDto};
use common::ids::{NotificationId, PatientId};
use common::page::PageParams;
use db::entities::notification;
use db::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr};

use crate::auth::Patient;
use crate::http::error::{ApiError, ApiResult};
use crate::http::paging::page_params;
use crate::platform::audit;
use crate::state::AppState;

fn dto(n: notification::Model) -> ApiResult<NotificationDto> {
    let kind = n.kind;
    Ok(NotificationDto {
        id: NotificationId(n.id),
        kind,
        channel: if n.channel == "email" { NotificationChannel::Email } else { NotificationChannel::InApp },
        subject: n.subject,
        link: n.link,
        created_at: n.created_at,
        read_at: n.read_at,
    })
}

/// The card's notifications, newest first, and how many are unread.
#[utoipa::path(
    tag = "cabinet",
    params(PageParams, ("X-Patient-Id" = Option<PatientId>, Header, description = "The card to act for; his own when absent")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of notifications", body = NotificationPageDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A card he neither owns nor represents", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid page parameters", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/cabinet/notifications")]
pub async fn list(
    state: web::Data<AppState>,
    who: Patient,
    q: web::Query<PageParams>,
) -> ApiResult<web::Json<NotificationPageDto>> {
    let p = page_params(&q)?;
    let base = notification::Entity::find().filter(notification::Column::PatientCardId.eq(who.card.id));
    let total = base.clone().count(&state.db).await?;
    let unread = base.clone().filter(notification::Column::ReadAt.is_null()).count(&state.db).await?;
    let rows = base
        .order_by_desc(notification::Column::CreatedAt)
        .order_by_desc(notification::Column::Id)
        .offset(p.offset())
        .limit(u64::from(p.per_page))
        .all(&state.db)
        .await?;
    let items = rows.into_iter().map(dto).collect::<ApiResult<Vec<_>>>()?;
    state.audit.read(who.audit(AuditAction::CabinetNotifications, "notification", state.clock.now())).await?;
    Ok(web::Json(NotificationPageDto { items, page: p.page, per_page: p.per_page, total, unread }))
}

/// Mark one notification read (again is a no-op).
#[utoipa::path(
    tag = "cabinet",
    params(
        ("id" = NotificationId, Path, description = "The notification"),
        ("X-Patient-Id" = Option<PatientId>, Header, description = "The card to act for; his own when absent"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Read"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such notification of this card", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/cabinet/notifications/{id}/read")]
pub async fn read(state: web::Data<AppState>, who: Patient, id: web::Path<NotificationId>) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let n = notification::Entity::find_by_id(id.0)
        .filter(notification::Column::PatientCardId.eq(who.card.id))
        .one(&txn)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if n.read_at.is_none() {
        notification::Entity::update_many()
            .col_expr(notification::Column::ReadAt, Expr::value(now))
            .filter(notification::Column::Id.eq(n.id))
            .exec(&txn)
            .await?;
        audit::record(&txn, who.audit(AuditAction::NotificationRead, "notification", now).entity_id(n.id)).await?;
    }
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mark every notification of the card read.
#[utoipa::path(
    tag = "cabinet",
    params(("X-Patient-Id" = Option<PatientId>, Header, description = "The card to act for; his own when absent")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "All read"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A card he neither owns nor represents", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/cabinet/notifications/read-all")]
pub async fn read_all(state: web::Data<AppState>, who: Patient) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let changed = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::Column::PatientCardId.eq(who.card.id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(&txn)
        .await?;
    if changed.rows_affected > 0 {
        audit::record(&txn, who.audit(AuditAction::NotificationReadAll, "notification", now)).await?;
    }
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
