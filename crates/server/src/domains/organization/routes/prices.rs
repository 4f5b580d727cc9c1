//! `/api/v1/prices`: the organization's price list (ORG-5, CAB-5) with a CSV import that is
//! all or nothing.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use common::admin::{PriceImportPreview, PriceImportResult, PriceItemDto, PriceItemInput, PriceQuery};
use common::audit::AuditAction;
use common::ids::PriceItemId;
use common::{ErrorCode, Problem};
use db::entities::price_item;
use db::sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, SqlErr};
use futures_util::StreamExt;
use uuid::Uuid;

use crate::auth::Organizer;
use crate::domains::organization::price_list::{self, Item, Plan, check, dto};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::platform::audit::{self, AuditEvent};
use crate::state::AppState;

/// The largest CSV accepted.
pub const CSV_LIMIT: usize = 2 * 1024 * 1024;

fn duplicate_code(e: db::sea_orm::DbErr) -> ApiError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => ApiError::field("code", "taken", "another service has this code"),
        _ => ApiError::Db(e),
    }
}

async fn own(db: &impl ConnectionTrait, who: &Organizer, id: PriceItemId) -> ApiResult<price_item::Model> {
    db::Org::new(who.org).find_by_id::<price_item::Entity>(id.0).one(db).await?.ok_or_else(ApiError::not_found)
}

/// The price list by section, then code; `q` searches code and name.
#[utoipa::path(
    tag = "prices",
    params(PriceQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The services", body = Vec<PriceItemDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/prices")]
pub async fn list(
    state: web::Data<AppState>,
    who: Organizer,
    q: web::Query<PriceQuery>,
) -> ApiResult<web::Json<Vec<PriceItemDto>>> {
    Ok(web::Json(price_list::search(&state.db, who.org, false, q.q.as_deref()).await?))
}

/// Add a service.
#[utoipa::path(
    tag = "prices",
    request_body(content = PriceItemInput, example = json!({
        "section": "Консультации", "code": "B01.027.001", "name": "Приём врача-онколога первичный", "price": 250000, "active": true
    })),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = PriceItemDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or the code is taken (`code`: `taken`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/prices")]
pub async fn create(state: web::Data<AppState>, who: Organizer, body: Json<PriceItemInput>) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let item = check(&mut errors, "", &body.0);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let now = state.clock.now();
    let id = Uuid::now_v7();
    let txn = db::begin_write(&state.db).await?;
    price_item::Entity::insert(new_row(who.org.0, id, item, now))
        .exec_without_returning(&txn)
        .await
        .map_err(duplicate_code)?;
    audit::record(&txn, AuditEvent::by(&who.ctx, AuditAction::PriceCreate, "price_item", now).entity_id(id)).await?;
    let p = price_item::Entity::find_by_id(id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(dto(p)))
}

fn new_row(org: Uuid, id: Uuid, item: Item, now: chrono::DateTime<chrono::Utc>) -> price_item::ActiveModel {
    price_item::ActiveModel {
        id: Set(id),
        organization_id: Set(org),
        section: Set(item.section),
        code: Set(item.code),
        name: Set(item.name),
        price_kopecks: Set(item.price.0),
        active: Set(item.active),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// Edit a service.
#[utoipa::path(
    tag = "prices",
    params(("id" = PriceItemId, Path, description = "The service")),
    request_body = PriceItemInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved", body = PriceItemDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or the code is taken", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[put("/prices/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: Organizer,
    id: web::Path<PriceItemId>,
    body: Json<PriceItemInput>,
) -> ApiResult<web::Json<PriceItemDto>> {
    let mut errors = Vec::new();
    let item = check(&mut errors, "", &body.0);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let p = own(&txn, &who, *id).await?;
    let mut am: price_item::ActiveModel = p.into();
    am.section = Set(item.section);
    am.code = Set(item.code);
    am.name = Set(item.name);
    am.price_kopecks = Set(item.price.0);
    am.active = Set(item.active);
    am.updated_at = Set(now);
    let p = price_item::Entity::update(am).exec(&txn).await.map_err(duplicate_code)?;
    audit::record(&txn, AuditEvent::by(&who.ctx, AuditAction::PriceUpdate, "price_item", now).entity_id(id.0)).await?;
    txn.commit().await?;
    Ok(web::Json(dto(p)))
}

/// Delete a service.
#[utoipa::path(
    tag = "prices",
    params(("id" = PriceItemId, Path, description = "The service")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service in this organization", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[delete("/prices/{id}")]
pub async fn remove(state: web::Data<AppState>, who: Organizer, id: web::Path<PriceItemId>) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let p = own(&txn, &who, *id).await?;
    price_item::Entity::delete_by_id(p.id).exec(&txn).await?;
    audit::record(&txn, AuditEvent::by(&who.ctx, AuditAction::PriceDelete, "price_item", now).entity_id(p.id)).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The body of an import: a `text/csv` (or `text/plain`) file of at most 2 MiB, as bytes.
async fn csv_body(req: &HttpRequest, payload: &mut web::Payload) -> ApiResult<web::BytesMut> {
    let content_type = req.headers().get(actix_web::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let is_csv = content_type
        .map(|ct| ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .is_some_and(|ct| ct == "text/csv" || ct == "text/plain");
    if !is_csv {
        return Err(ApiError::code(ErrorCode::UnsupportedMediaType, "Send the file as text/csv."));
    }
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| ApiError::code(ErrorCode::MalformedJson, format!("cannot read the body: {e}")))?;
        if body.len() + chunk.len() > CSV_LIMIT {
            return Err(ApiError::code(ErrorCode::PayloadTooLarge, "The file is larger than 2 MiB."));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// What importing `bytes` would do to the organization's list, read through `db`.
async fn plan_of(db: &impl ConnectionTrait, org: Uuid, bytes: &[u8]) -> ApiResult<Plan> {
    let (text, encoding) = price_list::decode(bytes).map_err(|e| ApiError::Validation(vec![e]))?;
    let parsed = price_list::parse_csv(&text);
    let existing = db::Org::new(org).find::<price_item::Entity>().all(db).await?;
    Ok(price_list::plan(parsed, encoding, existing))
}

/// What importing this CSV file would do, nothing written: the rows it would add, the services
/// it would change (as they are and as they would be), how many it finds as they are, the
/// services the file does not name (kept), and every bad cell by line. Send the same file to
/// `POST /prices/import` to apply it.
#[utoipa::path(
    tag = "prices",
    request_body(content = String, content_type = "text/csv", example = "section;code;name;price;active\nКонсультации;B01.027.001;Приём врача-онколога первичный;2 500,00;да\n"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "What the import would do", body = PriceImportPreview),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 2 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not text/csv", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The file is unreadable (`file`: `invalid_encoding` — neither UTF-8 nor Windows-1251; `spreadsheet` — an Excel workbook)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/prices/import/preview")]
pub async fn import_preview(
    state: web::Data<AppState>,
    who: Organizer,
    req: HttpRequest,
    mut payload: web::Payload,
) -> ApiResult<web::Json<PriceImportPreview>> {
    let body = csv_body(&req, &mut payload).await?;
    let plan = plan_of(&state.db, who.org.0, &body).await?;
    Ok(web::Json(plan.preview))
}

/// Import a price list from CSV (`Content-Type: text/csv`, UTF-8 with or without a BOM or
/// Windows-1251, `;` or `,` separated, at most 2 MiB), in one transaction: rows whose code
/// exists change that service (rows that match it leave it as it is), the others are added;
/// services the file does not name stay. Any bad row fails the whole import, naming every bad
/// cell as `line[N].column`; nothing changes. `POST /prices/import/preview` shows what it
/// would do first.
#[utoipa::path(
    tag = "prices",
    request_body(content = String, content_type = "text/csv", example = "section;code;name;price;active\nКонсультации;B01.027.001;Приём врача-онколога первичный;2 500,00;да\n"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Imported", body = PriceImportResult),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 2 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not text/csv", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unreadable file (`file`), or bad rows, each cell named `line[N].column`", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/prices/import")]
pub async fn import(
    state: web::Data<AppState>,
    who: Organizer,
    req: HttpRequest,
    mut payload: web::Payload,
) -> ApiResult<web::Json<PriceImportResult>> {
    let body = csv_body(&req, &mut payload).await?;
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let Plan { preview, add, change } = plan_of(&txn, who.org.0, &body).await?;
    if !preview.errors.is_empty() {
        return Err(ApiError::Validation(preview.errors));
    }
    let result = PriceImportResult {
        created: u32::try_from(add.len()).unwrap_or(u32::MAX),
        updated: u32::try_from(change.len()).unwrap_or(u32::MAX),
        unchanged: preview.unchanged,
    };
    for (id, item) in change {
        let am = price_item::ActiveModel {
            id: Set(id),
            section: Set(item.section),
            name: Set(item.name),
            price_kopecks: Set(item.price.0),
            active: Set(item.active),
            updated_at: Set(now),
            ..Default::default()
        };
        price_item::Entity::update(am).exec(&txn).await?;
    }
    let fresh: Vec<price_item::ActiveModel> =
        add.into_iter().map(|item| new_row(who.org.0, Uuid::now_v7(), item, now)).collect();
    for chunk in fresh.chunks(500) {
        price_item::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
    }
    audit::record(&txn, AuditEvent::by(&who.ctx, AuditAction::PriceImport, "price_item", now)).await?;
    txn.commit().await?;
    tracing::info!(org.id = %who.org, created = result.created, updated = result.updated, "price list imported");
    Ok(web::Json(result))
}
