//! `/api/v1/prices`: the organization's price list (ORG-5, CAB-5) with a CSV import that is
//! all or nothing.

use std::collections::{BTreeMap, HashMap};

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use common::admin::{PriceImportResult, PriceItemDto, PriceItemInput, PriceQuery};
use common::domain::{Kopecks, MAX_PRICE_KOPECKS, search_key};
use common::ids::PriceItemId;
use common::{ErrorCode, FieldError, Problem};
use db::entities::price_item;
use db::sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, SqlErr};
use futures_util::StreamExt;
use uuid::Uuid;

use crate::audit::{self, AuditEvent};
use crate::auth::Organizer;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::state::AppState;

/// The largest CSV accepted.
pub const CSV_LIMIT: usize = 2 * 1024 * 1024;
const SECTION_MAX: usize = 200;
const CODE_MAX: usize = 50;
const NAME_MAX: usize = 500;

fn dto(p: price_item::Model) -> PriceItemDto {
    PriceItemDto {
        id: PriceItemId(p.id),
        section: p.section,
        code: p.code,
        name: p.name,
        price: Kopecks(p.price_kopecks),
        active: p.active,
    }
}

/// A service's fields, checked; `field` names each failing one (`section` or `line[3].section`).
struct Item {
    section: String,
    code: String,
    name: String,
    price: Kopecks,
    active: bool,
}

fn text_field(errors: &mut Vec<FieldError>, field: String, raw: &str, max: usize) -> String {
    let v = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if v.is_empty() {
        errors.push(FieldError { field, code: "required".into(), message: "is required".into() });
    } else if v.chars().count() > max {
        errors.push(FieldError {
            field,
            code: "too_long".into(),
            message: format!("must be at most {max} characters long"),
        });
    }
    v
}

fn check(errors: &mut Vec<FieldError>, prefix: &str, input: &PriceItemInput) -> Item {
    let section = text_field(errors, format!("{prefix}section"), &input.section, SECTION_MAX);
    let code = text_field(errors, format!("{prefix}code"), &input.code, CODE_MAX);
    let name = text_field(errors, format!("{prefix}name"), &input.name, NAME_MAX);
    if !(0..=MAX_PRICE_KOPECKS).contains(&input.price.0) {
        errors.push(FieldError {
            field: format!("{prefix}price"),
            code: "out_of_range".into(),
            message: "must be between 0 and 100 000 000 roubles".into(),
        });
    }
    Item { section, code, name, price: input.price, active: input.active }
}

fn duplicate_code(e: db::sea_orm::DbErr) -> ApiError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => ApiError::field("code", "taken", "another service has this code"),
        _ => ApiError::Db(e),
    }
}

async fn own(db: &impl ConnectionTrait, who: &Organizer, id: PriceItemId) -> ApiResult<price_item::Model> {
    price_item::Entity::find_by_id(id.0)
        .filter(price_item::Column::OrganizationId.eq(who.org.0))
        .one(db)
        .await?
        .ok_or_else(ApiError::not_found)
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
    Ok(web::Json(search(&state.db, who.org.0, false, q.q.as_deref()).await?))
}

/// An organization's services by section, then code (only active ones when `active_only`),
/// those whose code or name contains `q` (case- and ё/е-insensitive, through `search_key`):
/// the organizer's list and the patient's cabinet (CAB-5) search alike.
pub async fn search(
    db: &impl ConnectionTrait,
    org: Uuid,
    active_only: bool,
    q: Option<&str>,
) -> ApiResult<Vec<PriceItemDto>> {
    let mut query = price_item::Entity::find().filter(price_item::Column::OrganizationId.eq(org));
    if active_only {
        query = query.filter(price_item::Column::Active.eq(true));
    }
    let rows = query.order_by_asc(price_item::Column::Section).order_by_asc(price_item::Column::Code).all(db).await?;
    let needle = q.map(search_key).unwrap_or_default();
    Ok(rows
        .into_iter()
        .filter(|p| needle.is_empty() || search_key(&format!("{} {}", p.code, p.name)).contains(&needle))
        .map(dto)
        .collect())
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
    audit::record(&txn, AuditEvent::by(&who.ctx, "price.create", "price_item", now).entity_id(id)).await?;
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
    audit::record(&txn, AuditEvent::by(&who.ctx, "price.update", "price_item", now).entity_id(id.0)).await?;
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
    audit::record(&txn, AuditEvent::by(&who.ctx, "price.delete", "price_item", now).entity_id(p.id)).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

const COLUMNS: [&str; 5] = ["section", "code", "name", "price", "active"];

fn parse_active(raw: &str) -> Option<bool> {
    match raw.trim().to_lowercase().as_str() {
        "" | "да" | "yes" | "true" | "1" | "y" | "д" => Some(true),
        "нет" | "no" | "false" | "0" | "n" | "н" => Some(false),
        _ => None,
    }
}

fn row_error(line: u64, column: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: format!("line[{line}].{column}"), code: code.into(), message: message.into() }
}

/// Parses a price-list CSV (see docs/admin-panel.md): every row, or every problem by line.
pub fn parse_csv(text: &str) -> Result<Vec<(u64, PriceItemInput)>, Vec<FieldError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = if header_line.matches(';').count() >= header_line.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) => return Err(vec![row_error(1, "header", "invalid_format", e.to_string())]),
    };
    let index: HashMap<&str, usize> =
        COLUMNS.iter().filter_map(|c| headers.iter().position(|h| h == c).map(|i| (*c, i))).collect();
    let missing: Vec<FieldError> = COLUMNS[..4]
        .iter()
        .filter(|c| !index.contains_key(**c))
        .map(|c| row_error(1, c, "required", "the header has no such column"))
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut codes: BTreeMap<String, u64> = BTreeMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                errors.push(row_error(line, "row", "invalid_format", e.to_string()));
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |c: &str| index.get(c).and_then(|i| record.get(*i)).unwrap_or("");
        let price = match Kopecks::parse_roubles(cell("price")) {
            Ok(p) => p,
            Err(e) => {
                errors.push(row_error(line, "price", e.code(), e.to_string()));
                Kopecks(0)
            }
        };
        let active = parse_active(cell("active")).unwrap_or_else(|| {
            errors.push(row_error(line, "active", "invalid_format", "must be да/нет, yes/no, true/false or 1/0"));
            true
        });
        let input = PriceItemInput {
            section: cell("section").to_owned(),
            code: cell("code").to_owned(),
            name: cell("name").to_owned(),
            price,
            active,
        };
        let mut row_errors = Vec::new();
        let item = check(&mut row_errors, &format!("line[{line}]."), &input);
        errors.extend(row_errors);
        if !item.code.is_empty()
            && let Some(first) = codes.insert(item.code.clone(), line)
        {
            errors.push(row_error(line, "code", "duplicate", format!("the same code as line {first}")));
        }
        rows.push((line, input));
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// Import a price list from CSV (`Content-Type: text/csv`, UTF-8, at most 2 MiB): rows whose
/// code exists update that service, the others are added. Any bad row fails the whole
/// import, naming every bad cell as `line[N].column`; nothing changes.
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
        (status = 422, description = "Bad rows, each cell named `line[N].column`", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/prices/import")]
pub async fn import(
    state: web::Data<AppState>,
    who: Organizer,
    req: HttpRequest,
    mut payload: web::Payload,
) -> ApiResult<web::Json<PriceImportResult>> {
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
    let text = std::str::from_utf8(&body).map_err(|e| {
        ApiError::Validation(vec![FieldError {
            field: "file".into(),
            code: "invalid_encoding".into(),
            message: format!("the file is not UTF-8 (byte {})", e.valid_up_to()),
        }])
    })?;
    let rows = parse_csv(text).map_err(ApiError::Validation)?;
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let existing: HashMap<String, price_item::Model> = price_item::Entity::find()
        .filter(price_item::Column::OrganizationId.eq(who.org.0))
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| (p.code.clone(), p))
        .collect();
    let (mut created, mut updated) = (0u32, 0u32);
    let mut fresh = Vec::new();
    for (_, input) in rows {
        let item = check(&mut Vec::new(), "", &input);
        match existing.get(&item.code) {
            Some(p) => {
                let mut am: price_item::ActiveModel = p.clone().into();
                am.section = Set(item.section);
                am.name = Set(item.name);
                am.price_kopecks = Set(item.price.0);
                am.active = Set(item.active);
                am.updated_at = Set(now);
                price_item::Entity::update(am).exec(&txn).await?;
                updated += 1;
            }
            None => {
                fresh.push(new_row(who.org.0, Uuid::now_v7(), item, now));
                created += 1;
            }
        }
    }
    for chunk in fresh.chunks(500) {
        price_item::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
    }
    audit::record(&txn, AuditEvent::by(&who.ctx, "price.import", "price_item", now)).await?;
    txn.commit().await?;
    tracing::info!(org.id = %who.org, created, updated, "price list imported");
    Ok(web::Json(PriceImportResult { created, updated }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_semicolon_csv_with_bom_and_russian_prices() {
        let csv = "\u{feff}Section;Code;Name;Price;Active\nКонсультации;B01;Приём;2 500,50;да\nАнализы;A09;\"Анализ; крови\";300;нет\n";
        let rows = parse_csv(csv).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].1.price, Kopecks(250_050));
        assert_eq!(rows[1].1.name, "Анализ; крови");
        assert!(!rows[1].1.active);
    }

    #[test]
    fn comma_csv_and_optional_active_column() {
        let rows = parse_csv("code,name,section,price\nX1,Name,Sec,\"1 000\"\n").unwrap();
        assert_eq!(rows[0].1.price, Kopecks(100_000));
        assert!(rows[0].1.active);
    }

    #[test]
    fn reports_every_bad_cell_by_line() {
        let csv = "section;code;name;price\nS;C1;N;100\nS;;N;abc\nS;C1;N;5\n";
        let errors = parse_csv(csv).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["line[3].price", "line[3].code", "line[4].code"]);
        assert_eq!(errors[2].code, "duplicate");
    }

    #[test]
    fn a_header_without_columns_is_refused() {
        let errors = parse_csv("foo;bar\n1;2\n").unwrap_err();
        assert_eq!(errors.len(), 4);
        assert!(errors.iter().all(|e| e.field.starts_with("line[1].")));
    }
}
