//! `/api/v1/operator/*`: the platform operator registers medical organizations and their
//! organizers (ACC-1). Organizers cannot self-register.

use std::collections::HashMap;

use actix_web::{HttpResponse, get, post, web};
use common::auth::{CreateOrganizationRequest, OrganizationDto, Role};
use common::ids::OrganizationId;
use common::page::{Page, PageParams};
use common::{FieldError, Problem};
use db::entities::{membership, organization};
use db::sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::auth::Operator;
use crate::domains::accounts::invitations;
use crate::domains::accounts::service as accounts;
use crate::domains::monitoring::questionnaires;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::http::paging::page_params;
use crate::state::AppState;

/// The organizations on the platform, newest first, with their organizers.
#[utoipa::path(
    tag = "operator",
    params(PageParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of organizations", body = Page<OrganizationDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the platform operator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid page parameters", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/operator/organizations")]
pub async fn list(
    state: web::Data<AppState>,
    _op: Operator,
    q: web::Query<PageParams>,
) -> ApiResult<web::Json<Page<OrganizationDto>>> {
    let p = page_params(&q)?;
    let base = organization::Entity::find()
        .order_by_desc(organization::Column::CreatedAt)
        .order_by_desc(organization::Column::Id);
    let total = base.clone().count(&state.db).await?;
    let orgs = base.offset(p.offset()).limit(u64::from(p.per_page)).all(&state.db).await?;
    let ids: Vec<Uuid> = orgs.iter().map(|o| o.id).collect();
    let organizers = membership::Entity::find()
        .filter(membership::Column::OrganizationId.is_in(ids))
        .filter(membership::Column::Role.eq(Role::Organizer.as_str()))
        .order_by_asc(membership::Column::CreatedAt)
        .all(&state.db)
        .await?;
    let mut by_org: HashMap<Uuid, Vec<_>> = HashMap::new();
    for m in &organizers {
        if let Some(org) = m.organization_id {
            by_org.entry(org).or_default().push(accounts::staff_dto(m)?);
        }
    }
    let items = orgs
        .into_iter()
        .map(|o| OrganizationDto {
            id: OrganizationId(o.id),
            organizers: by_org.remove(&o.id).unwrap_or_default(),
            name: o.name,
            time_zone: o.time_zone,
            created_at: o.created_at,
        })
        .collect();
    Ok(web::Json(Page { items, page: p.page, per_page: p.per_page, total }))
}

/// Register an organization and invite its organizer; the organizer gets the email
/// "you are registered as organizer of a medical organization" with an activation link.
#[utoipa::path(
    tag = "operator",
    request_body(content = CreateOrganizationRequest, example = json!({
        "name": "Областной онкологический диспансер", "time_zone": "Europe/Moscow",
        "organizer_email": "admin@onko.example.org", "last_name": "Иванова", "first_name": "Анна", "middle_name": "Сергеевна"
    })),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created; the invitation is on its way", body = OrganizationDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the platform operator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/operator/organizations")]
pub async fn create(
    state: web::Data<AppState>,
    _op: Operator,
    body: Json<CreateOrganizationRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.0;
    let now = state.clock.now();
    let mut errors = Vec::new();
    let name = body.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > 300 {
        errors.push(FieldError { field: "name".into(), code: "invalid".into(), message: "1 to 300 characters".into() });
    }
    if body.time_zone.parse::<chrono_tz::Tz>().is_err() {
        errors.push(FieldError {
            field: "time_zone".into(),
            code: "invalid_format".into(),
            message: "an IANA time zone such as Europe/Moscow".into(),
        });
    }
    let email = invitations::parse_email("organizer_email", &body.organizer_email).map_err(|e| collect(&mut errors, e));
    let person = invitations::Name::parse(
        &body.organizer_name.last_name,
        &body.organizer_name.first_name,
        body.organizer_name.middle_name.as_deref(),
    )
    .map_err(|e| collect(&mut errors, e));
    let (Ok(email), Ok(person)) = (email, person) else { return Err(ApiError::Validation(errors)) };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }

    let txn = db::begin_write(&state.db).await?;
    let org =
        organization::Model { id: Uuid::now_v7(), name, time_zone: body.time_zone, created_at: now, updated_at: now };
    organization::Entity::insert(organization::ActiveModel {
        id: Set(org.id),
        name: Set(org.name.clone()),
        time_zone: Set(org.time_zone.clone()),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    questionnaires::ensure_templates(&txn, org.id, now).await?;
    let m = invitations::create_pending(&txn, Some(org.id), Role::Organizer, &email, &person, now).await?;
    invitations::send(&txn, &state.settings.base_url, &m, Some(&org), now).await?;
    txn.commit().await?;
    state.jobs_notify.notify_one();
    let m = membership::Entity::find_by_id(m.id).one(&state.db).await?.ok_or_else(ApiError::not_found)?;
    tracing::info!(org.id = %org.id, "organization registered");
    let dto = OrganizationDto {
        id: OrganizationId(org.id),
        name: org.name,
        time_zone: org.time_zone,
        created_at: org.created_at,
        organizers: vec![accounts::staff_dto(&m)?],
    };
    Ok(HttpResponse::Created().json(dto))
}

fn collect(errors: &mut Vec<FieldError>, e: ApiError) {
    if let ApiError::Validation(v) = e {
        errors.extend(v);
    }
}
