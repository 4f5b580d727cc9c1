//! `/api/v1/news`: the organization's news, shown in patient cabinets when visible and
//! published (ORG-5, CAB-7).

use actix_web::{HttpResponse, delete, get, post, put, web};
use common::admin::{NEWS_BODY_MAX, NEWS_TITLE_MAX, NewsDto, NewsInput};
use common::audit::AuditAction;
use common::ids::NewsId;
use common::page::{Page, PageParams};
use common::{FieldError, Problem};
use db::entities::news;
use db::sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, PaginatorTrait, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::auth::Organizer;
use crate::domains::organization::dto::news_dto;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::http::paging::page_params;
use crate::platform::audit::{self, AuditEvent};
use crate::state::AppState;

struct Parsed {
    title: String,
    body: String,
}

fn parse(input: &NewsInput) -> ApiResult<Parsed> {
    let mut errors = Vec::new();
    let title = input.title.trim().to_owned();
    let body = input.body.trim().to_owned();
    for (field, value, max) in [("title", &title, NEWS_TITLE_MAX), ("body", &body, NEWS_BODY_MAX)] {
        if value.is_empty() {
            errors.push(FieldError { field: field.into(), code: "required".into(), message: "is required".into() });
        } else if value.chars().count() > max {
            errors.push(FieldError {
                field: field.into(),
                code: "too_long".into(),
                message: format!("must be at most {max} characters long"),
            });
        }
    }
    if errors.is_empty() { Ok(Parsed { title, body }) } else { Err(ApiError::Validation(errors)) }
}

async fn own(db: &impl ConnectionTrait, who: &Organizer, id: NewsId) -> ApiResult<news::Model> {
    db::Org::new(who.org).find_by_id::<news::Entity>(id.0).one(db).await?.ok_or_else(ApiError::not_found)
}

/// The organization's news, newest publish date first.
#[utoipa::path(
    tag = "news",
    params(PageParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of news", body = Page<NewsDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/news")]
pub async fn list(
    state: web::Data<AppState>,
    who: Organizer,
    q: web::Query<PageParams>,
) -> ApiResult<web::Json<Page<NewsDto>>> {
    let p = page_params(&q)?;
    let base = db::Org::new(who.org)
        .find::<news::Entity>()
        .order_by_desc(news::Column::PublishOn)
        .order_by_desc(news::Column::CreatedAt);
    let total = base.clone().count(&state.db).await?;
    let items = base.offset(p.offset()).limit(u64::from(p.per_page)).all(&state.db).await?;
    Ok(web::Json(Page { items: items.into_iter().map(news_dto).collect(), page: p.page, per_page: p.per_page, total }))
}

/// Publish a news item.
#[utoipa::path(
    tag = "news",
    request_body = NewsInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = NewsDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/news")]
pub async fn create(state: web::Data<AppState>, who: Organizer, body: Json<NewsInput>) -> ApiResult<HttpResponse> {
    let parsed = parse(&body.0)?;
    let now = state.clock.now();
    let id = Uuid::now_v7();
    let txn = db::begin_write(&state.db).await?;
    news::Entity::insert(news::ActiveModel {
        id: Set(id),
        organization_id: Set(who.org.0),
        title: Set(parsed.title),
        body: Set(parsed.body),
        publish_on: Set(body.0.publish_on),
        visible: Set(body.0.visible),
        created_by: Set(Some(who.ctx.membership_id.0)),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    audit::record(&txn, AuditEvent::by(&who.ctx, AuditAction::NewsCreate, "news", now).entity_id(id)).await?;
    let n = news::Entity::find_by_id(id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(news_dto(n)))
}

/// Edit a news item (hide it with `visible: false`).
#[utoipa::path(
    tag = "news",
    params(("id" = NewsId, Path, description = "The news item")),
    request_body = NewsInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved", body = NewsDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such news item in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[put("/news/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: Organizer,
    id: web::Path<NewsId>,
    body: Json<NewsInput>,
) -> ApiResult<web::Json<NewsDto>> {
    let parsed = parse(&body.0)?;
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let n = own(&txn, &who, *id).await?;
    let mut am: news::ActiveModel = n.into();
    am.title = Set(parsed.title);
    am.body = Set(parsed.body);
    am.publish_on = Set(body.0.publish_on);
    am.visible = Set(body.0.visible);
    am.updated_at = Set(now);
    let n = news::Entity::update(am).exec(&txn).await?;
    audit::record(&txn, AuditEvent::by(&who.ctx, AuditAction::NewsUpdate, "news", now).entity_id(id.0)).await?;
    txn.commit().await?;
    Ok(web::Json(news_dto(n)))
}

/// Delete a news item.
#[utoipa::path(
    tag = "news",
    params(("id" = NewsId, Path, description = "The news item")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such news item in this organization", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[delete("/news/{id}")]
pub async fn remove(state: web::Data<AppState>, who: Organizer, id: web::Path<NewsId>) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let n = own(&txn, &who, *id).await?;
    news::Entity::delete_by_id(n.id).exec(&txn).await?;
    audit::record(&txn, AuditEvent::by(&who.ctx, AuditAction::NewsDelete, "news", now).entity_id(n.id)).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
