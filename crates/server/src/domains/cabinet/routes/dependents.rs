//! Dependents (CAB-10): a patient asks his organization to add a dependent's card; the
//! organizer confirms it (routes/representatives.rs). A dependent does not add dependents.

use std::collections::HashMap;

use actix_web::{HttpResponse, get, post, web};
use chrono::Datelike;
use common::audit::AuditAction;
use common::cabinet::{DependentInput, DependentRequestDto, DependentRequestStatus};
use common::ids::{DependentRequestId, PatientId};
use common::{FieldError, Problem};
use db::entities::{account, dependent_request, membership};
use db::sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::organization;
use crate::auth::Patient;
use crate::domains::accounts::invitations::Name;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::platform::audit;
use crate::state::AppState;

/// A request as both sides see it; `requested_by` is the requester's (name, email).
pub fn dto(r: dependent_request::Model, requested_by: (String, String)) -> ApiResult<DependentRequestDto> {
    let status = r.status;
    Ok(DependentRequestDto {
        id: DependentRequestId(r.id),
        last_name: r.last_name,
        first_name: r.first_name,
        middle_name: r.middle_name,
        birth_date: r.birth_date,
        sex: r.sex,
        requested_by_name: requested_by.0,
        requested_by_email: requested_by.1,
        status,
        patient_id: r.patient_card_id.map(PatientId),
        created_at: r.created_at,
        decided_at: r.decided_at,
    })
}

/// The requests with their requesters' names (their patient membership in `org`) and emails.
pub async fn dtos(
    db: &impl ConnectionTrait,
    org: Uuid,
    rows: Vec<dependent_request::Model>,
) -> ApiResult<Vec<DependentRequestDto>> {
    let accounts: Vec<Uuid> = rows.iter().map(|r| r.account_id).collect();
    let emails: HashMap<Uuid, String> = account::Entity::find()
        .filter(account::Column::Id.is_in(accounts.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.email))
        .collect();
    let names: HashMap<Uuid, String> = db::Org::new(org)
        .find::<membership::Entity>()
        .filter(membership::Column::Role.eq(common::auth::Role::Patient.as_str()))
        .filter(membership::Column::AccountId.is_in(accounts))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|m| m.account_id.map(|a| (a, m.full_name().full())))
        .collect();
    rows.into_iter()
        .map(|r| {
            let by = (
                names.get(&r.account_id).cloned().unwrap_or_default(),
                emails.get(&r.account_id).cloned().unwrap_or_default(),
            );
            dto(r, by)
        })
        .collect()
}

/// Ask the organization to add a dependent (a child, a relative in one's care). The
/// organizer confirms it, creating the card, or rejects it.
#[utoipa::path(
    tag = "cabinet",
    request_body(content = DependentInput, example = json!({
        "last_name": "Белов", "first_name": "Павел", "middle_name": "Сергеевич", "birth_date": "2015-06-01", "sex": "male"
    })),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Requested", body = DependentRequestDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient, or acting for a dependent (`acting_for_dependent`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A card he neither owns nor represents", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid names or a birth date in the future", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/cabinet/dependents")]
pub async fn create(state: web::Data<AppState>, who: Patient, body: Json<DependentInput>) -> ApiResult<HttpResponse> {
    who.own_account()?;
    let input = body.0;
    let now = state.clock.now();
    let org = organization(&state.db, who.org).await?;
    let today = Patient::today(&org, now);
    let mut errors: Vec<FieldError> = Vec::new();
    let name = match Name::parse(&input.last_name, &input.first_name, input.middle_name.as_deref()) {
        Ok(n) => Some(n),
        Err(ApiError::Validation(v)) => {
            errors.extend(v);
            None
        }
        Err(e) => return Err(e),
    };
    if input.birth_date > today || input.birth_date.year() < 1900 {
        errors.push(FieldError {
            field: "birth_date".into(),
            code: "out_of_range".into(),
            message: "must be between 1900-01-01 and today".into(),
        });
    }
    let Some(name) = name.filter(|_| errors.is_empty()) else { return Err(ApiError::Validation(errors)) };
    let id = Uuid::now_v7();
    let txn = db::begin_write(&state.db).await?;
    dependent_request::Entity::insert(dependent_request::ActiveModel {
        id: Set(id),
        organization_id: Set(who.org.0),
        account_id: Set(who.ctx.account_id.0),
        last_name: Set(name.last.as_str().to_owned()),
        first_name: Set(name.first.as_str().to_owned()),
        middle_name: Set(name.middle.as_ref().map(|m| m.as_str().to_owned())),
        birth_date: Set(input.birth_date),
        sex: Set(input.sex),
        status: Set(DependentRequestStatus::Requested),
        patient_card_id: Set(None),
        created_at: Set(now),
        decided_at: Set(None),
        decided_by: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    audit::record(&txn, who.audit(AuditAction::DependentRequest, "dependent_request", now).entity_id(id)).await?;
    let row = dependent_request::Entity::find_by_id(id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let dto = dtos(&txn, who.org.0, vec![row]).await?.pop().ok_or_else(ApiError::not_found)?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(dto))
}

/// The caller's requests to add dependents in this organization, newest first.
#[utoipa::path(
    tag = "cabinet",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The requests", body = Vec<DependentRequestDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/cabinet/dependents")]
pub async fn list(state: web::Data<AppState>, who: Patient) -> ApiResult<web::Json<Vec<DependentRequestDto>>> {
    let rows = db::Org::new(who.org)
        .find::<dependent_request::Entity>()
        .filter(dependent_request::Column::AccountId.eq(who.ctx.account_id.0))
        .order_by_desc(dependent_request::Column::CreatedAt)
        .order_by_desc(dependent_request::Column::Id)
        .all(&state.db)
        .await?;
    Ok(web::Json(dtos(&state.db, who.org.0, rows).await?))
}
