//! The organizer's side of representatives and dependents (CAB-10): who may act for a card and
//! until when, and the patients' requests to add a dependent's card. Organizer only (anyone
//! else 403); a card or request of another organization is 404.

use std::collections::HashMap;

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::NaiveDate;
use common::admin::PatientStatus;
use common::audit::AuditAction;
use common::auth::Role;
use common::cabinet::{
    DependentConfirmInput, DependentRequestDto, DependentRequestStatus, NotificationKind, RepresentativeDto,
    RepresentativeInput, RepresentativeInvitationDto,
};
use common::ids::{DependentRequestId, PatientId, RepresentativeId};
use common::{ErrorCode, Problem};
use db::entities::{account, dependent_request, membership, patient_card, representative};
use db::sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};
use serde::Deserialize;
use uuid::Uuid;

use super::dependents::dtos;
use super::organization;
use crate::auth::{Organizer, Patient};
use crate::domains::accounts::invitations::{Name, parse_email};
use crate::domains::accounts::service as accounts;
use crate::domains::cabinet::representation;
use crate::domains::organization::patients;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::platform::audit::{self, AuditEvent};
use crate::platform::notifications::{Notice, notify};
use crate::state::AppState;

pub(crate) async fn card_of(
    db: &impl ConnectionTrait,
    who: &Organizer,
    id: PatientId,
) -> ApiResult<patient_card::Model> {
    db::Org::new(who.org).find_by_id::<patient_card::Entity>(id.0).one(db).await?.ok_or_else(ApiError::not_found)
}

/// `until` must be the organization's today or later.
async fn check_until(
    db: &impl ConnectionTrait,
    who: &Organizer,
    until: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    if !common::domain::in_calendar(until) {
        return Err(ApiError::Validation(vec![common::domain::day_out_of_range("until")]));
    }
    let org = organization(db, who.org).await?;
    if until < Patient::today(&org, now) {
        return Err(ApiError::field("until", "out_of_range", "must be today or later"));
    }
    Ok(())
}

async fn representative_dtos(
    db: &impl ConnectionTrait,
    org: Uuid,
    rows: Vec<representative::Model>,
) -> ApiResult<Vec<RepresentativeDto>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.account_id).collect();
    let emails: HashMap<Uuid, String> = account::Entity::find()
        .filter(account::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.email))
        .collect();
    let names: HashMap<Uuid, String> = db::Org::new(org)
        .find::<membership::Entity>()
        .filter(membership::Column::Role.eq(Role::Patient.as_str()))
        .filter(membership::Column::AccountId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|m| m.account_id.map(|a| (a, m.full_name().full())))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| RepresentativeDto {
            id: RepresentativeId(r.id),
            patient_id: PatientId(r.patient_card_id),
            email: emails.get(&r.account_id).cloned().unwrap_or_default(),
            name: names.get(&r.account_id).cloned().unwrap_or_default(),
            until: r.until,
            created_at: r.created_at,
        })
        .collect())
}

/// A card's representatives (current and past), oldest first.
#[utoipa::path(
    tag = "representatives",
    params(("id" = PatientId, Path, description = "The patient card")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The representatives", body = Vec<RepresentativeDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such card in this organization", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/patients/{id}/representatives")]
pub async fn list(
    state: web::Data<AppState>,
    who: Organizer,
    id: web::Path<PatientId>,
) -> ApiResult<web::Json<Vec<RepresentativeDto>>> {
    let card = card_of(&state.db, &who, *id).await?;
    let rows = representative::Entity::find()
        .filter(representative::Column::PatientCardId.eq(card.id))
        .order_by_asc(representative::Column::CreatedAt)
        .order_by_asc(representative::Column::Id)
        .all(&state.db)
        .await?;
    let dtos = representative_dtos(&state.db, who.org.0, rows).await?;
    let event = AuditEvent::by(&who.ctx, AuditAction::RepresentativeList, "patient", state.clock.now())
        .entity_id(card.id)
        .patients([card.id]);
    state.audit.read(event).await?;
    Ok(web::Json(dtos))
}

/// The names a new patient membership of `acc` gets: his most recent other membership's, or
/// his email's local part when he has none.
pub(crate) async fn names_of(
    db: &impl ConnectionTrait,
    acc: &account::Model,
) -> ApiResult<(String, String, Option<String>)> {
    let m = membership::Entity::find()
        .filter(membership::Column::AccountId.eq(acc.id))
        .order_by_desc(membership::Column::CreatedAt)
        .one(db)
        .await?;
    Ok(match m {
        Some(m) => (m.last_name, m.first_name, m.middle_name),
        None => (acc.email.split('@').next().unwrap_or(&acc.email).to_owned(), String::new(), None),
    })
}

/// Links `acc` to `card` until `until` and opens the organization's cabinet to him (an active
/// patient membership), through `txn`.
async fn link(
    txn: &DatabaseTransaction,
    who: &Organizer,
    card: &patient_card::Model,
    acc: &account::Model,
    until: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<Uuid> {
    let taken = representative::Entity::find()
        .filter(representative::Column::PatientCardId.eq(card.id))
        .filter(representative::Column::AccountId.eq(acc.id))
        .one(txn)
        .await?;
    if taken.is_some() {
        return Err(ApiError::code(ErrorCode::Conflict, "This account already represents the card."));
    }
    let (last, first, middle) = names_of(txn, acc).await?;
    accounts::patient_membership(txn, acc, who.org.0, (&last, &first, middle.as_deref()), now).await?;
    let id = Uuid::now_v7();
    representative::Entity::insert(representative::ActiveModel {
        id: Set(id),
        organization_id: Set(who.org.0),
        patient_card_id: Set(card.id),
        account_id: Set(acc.id),
        until: Set(until),
        created_by: Set(Some(who.ctx.membership_id.0)),
        created_at: Set(now),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(id)
}

/// Invite an address to represent the card until a day (CAB-10). Nothing is linked: the
/// person gets an emailed link, and only when he accepts it (logged in with that address, or
/// creating an account for it) does he become a representative. The answer is the same
/// whether or not the address has an account on the platform (SPEC §1): it names only what
/// the organizer typed.
#[utoipa::path(
    tag = "representatives",
    params(("id" = PatientId, Path, description = "The patient card")),
    request_body(content = RepresentativeInput, example = json!({ "email": "belov@example.org", "until": "2027-12-31" })),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Invited: the email is queued", body = RepresentativeInvitationDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such card in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "This address already has a pending invitation to the card (`conflict`): resend it", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A malformed email, the card's own email (`email`: `own_card`), or `until` before today", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/patients/{id}/representatives")]
pub async fn create(
    state: web::Data<AppState>,
    who: Organizer,
    id: web::Path<PatientId>,
    body: Json<RepresentativeInput>,
) -> ApiResult<HttpResponse> {
    let email = parse_email("email", &body.0.email)?;
    let now = state.clock.now();
    let card = card_of(&state.db, &who, *id).await?;
    check_until(&state.db, &who, body.0.until, now).await?;
    if card.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(email.as_str())) {
        return Err(ApiError::field("email", "own_card", "is the card's own email"));
    }
    let txn = db::begin_write(&state.db).await?;
    let by = who.ctx.membership_id.0;
    let m =
        representation::create(&txn, &state.settings.base_url, &card, email.as_str(), body.0.until, by, now).await?;
    let event = AuditEvent::by(&who.ctx, AuditAction::RepresentativeInvite, "representative_invitation", now)
        .entity_id(m.id)
        .patients([card.id]);
    audit::record(&txn, event).await?;
    txn.commit().await?;
    state.jobs_notify.notify_one();
    Ok(HttpResponse::Created().json(representation::dto(&m)))
}

/// End a representation at once.
#[utoipa::path(
    tag = "representatives",
    params(
        ("id" = PatientId, Path, description = "The patient card"),
        ("rid" = RepresentativeId, Path, description = "The representation"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such card or representation in this organization", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[delete("/patients/{id}/representatives/{rid}")]
pub async fn remove(
    state: web::Data<AppState>,
    who: Organizer,
    path: web::Path<(PatientId, RepresentativeId)>,
) -> ApiResult<HttpResponse> {
    let (id, rid) = path.into_inner();
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let card = card_of(&txn, &who, id).await?;
    let rep = representative::Entity::find_by_id(rid.0)
        .filter(representative::Column::PatientCardId.eq(card.id))
        .one(&txn)
        .await?
        .ok_or_else(ApiError::not_found)?;
    representative::Entity::delete_by_id(rep.id).exec(&txn).await?;
    let event = AuditEvent::by(&who.ctx, AuditAction::RepresentativeDelete, "representative", now)
        .entity_id(rep.id)
        .patients([card.id]);
    audit::record(&txn, event).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Query of `GET /dependent-requests`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DependentRequestQuery {
    /// Only requests in this state.
    #[serde(default)]
    pub status: Option<DependentRequestStatus>,
}

/// The organization's requests to add dependents, newest first.
#[utoipa::path(
    tag = "representatives",
    params(DependentRequestQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The requests", body = Vec<DependentRequestDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/dependent-requests")]
pub async fn requests(
    state: web::Data<AppState>,
    who: Organizer,
    q: web::Query<DependentRequestQuery>,
) -> ApiResult<web::Json<Vec<DependentRequestDto>>> {
    let mut query = db::Org::new(who.org).find::<dependent_request::Entity>();
    if let Some(status) = q.status {
        query = query.filter(dependent_request::Column::Status.eq(status.as_str()));
    }
    let rows = query
        .order_by_desc(dependent_request::Column::CreatedAt)
        .order_by_desc(dependent_request::Column::Id)
        .all(&state.db)
        .await?;
    Ok(web::Json(dtos(&state.db, who.org.0, rows).await?))
}

/// A request still waiting, for deciding it through `txn`: 404 outside the organization, 409
/// once decided.
async fn open_request(
    txn: &DatabaseTransaction,
    who: &Organizer,
    id: DependentRequestId,
) -> ApiResult<dependent_request::Model> {
    let r = db::Org::new(who.org)
        .find_by_id::<dependent_request::Entity>(id.0)
        .one(txn)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if r.status != DependentRequestStatus::Requested {
        return Err(ApiError::code(ErrorCode::Conflict, "This request is already decided."));
    }
    Ok(r)
}

/// Marks a request decided; 409 when a parallel decision came first.
async fn decide(
    txn: &DatabaseTransaction,
    who: &Organizer,
    r: &dependent_request::Model,
    status: DependentRequestStatus,
    card: Option<Uuid>,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    let changed = dependent_request::Entity::update_many()
        .col_expr(dependent_request::Column::Status, Expr::value(status.as_str()))
        .col_expr(dependent_request::Column::PatientCardId, Expr::value(card))
        .col_expr(dependent_request::Column::DecidedAt, Expr::value(now))
        .col_expr(dependent_request::Column::DecidedBy, Expr::value(who.ctx.membership_id.0))
        .filter(dependent_request::Column::Id.eq(r.id))
        .filter(dependent_request::Column::Status.eq(DependentRequestStatus::Requested.as_str()))
        .exec(txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(ApiError::code(ErrorCode::Conflict, "This request is already decided."));
    }
    Ok(())
}

/// The requester's own card in the organization (the first open one), to notify.
async fn requester_card(db: &impl ConnectionTrait, org: Uuid, account: Uuid) -> ApiResult<Option<patient_card::Model>> {
    let open = [PatientStatus::Pending.as_str(), PatientStatus::Active.as_str()];
    Ok(db::Org::new(org)
        .find::<patient_card::Entity>()
        .filter(patient_card::Column::AccountId.eq(account))
        .filter(patient_card::Column::Status.is_in(open))
        .order_by_asc(patient_card::Column::CreatedAt)
        .one(db)
        .await?)
}

async fn finish(
    state: &AppState,
    txn: DatabaseTransaction,
    who: &Organizer,
    id: Uuid,
    kind: NotificationKind,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<web::Json<DependentRequestDto>> {
    let r = dependent_request::Entity::find_by_id(id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let mut queued = false;
    if let Some(card) = requester_card(&txn, who.org.0, r.account_id).await? {
        let name = r.full_name().full();
        let notice = Notice { kind, subject: &name, link: Some("/cabinet/dependents".to_owned()), email: true };
        notify(&txn, &state.settings.base_url, &card, notice, now).await?;
        queued = card.email.is_some();
    }
    let dto = dtos(&txn, who.org.0, vec![r]).await?.pop().ok_or_else(ApiError::not_found)?;
    txn.commit().await?;
    if queued {
        state.jobs_notify.notify_one();
    }
    Ok(web::Json(dto))
}

/// Confirm a request: the dependent's card is created (no email, pending) and the requester
/// represents it until the given day — in one transaction; his own card is notified.
#[utoipa::path(
    tag = "representatives",
    params(("id" = DependentRequestId, Path, description = "The request")),
    request_body(content = DependentConfirmInput, example = json!({ "until": "2033-06-01" })),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Confirmed; `patient_id` is the new card", body = DependentRequestDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`until` before today", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/dependent-requests/{id}/confirm")]
pub async fn confirm(
    state: web::Data<AppState>,
    who: Organizer,
    id: web::Path<DependentRequestId>,
    body: Json<DependentConfirmInput>,
) -> ApiResult<web::Json<DependentRequestDto>> {
    let now = state.clock.now();
    check_until(&state.db, &who, body.0.until, now).await?;
    let txn = db::begin_write(&state.db).await?;
    let r = open_request(&txn, &who, *id).await?;
    let name = Name::parse(&r.last_name, &r.first_name, r.middle_name.as_deref())?;
    let sex = r.sex;
    let by = who.ctx.membership_id.0;
    let card = patients::insert_dependent_card(&txn, who.org.0, by, &name, r.birth_date, sex, now).await?;
    let card_model = patient_card::Entity::find_by_id(card).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let acc = account::Entity::find_by_id(r.account_id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let rid = link(&txn, &who, &card_model, &acc, body.0.until, now).await?;
    decide(&txn, &who, &r, DependentRequestStatus::Confirmed, Some(card), now).await?;
    let events = vec![
        AuditEvent::by(&who.ctx, AuditAction::DependentConfirm, "dependent_request", now)
            .entity_id(r.id)
            .patients([card]),
        AuditEvent::by(&who.ctx, AuditAction::PatientCreate, "patient", now).entity_id(card).patients([card]),
        AuditEvent::by(&who.ctx, AuditAction::RepresentativeCreate, "representative", now)
            .entity_id(rid)
            .patients([card]),
    ];
    audit::record_all(&txn, events).await?;
    finish(&state, txn, &who, r.id, NotificationKind::DependentConfirmed, now).await
}

/// Reject a request; the requester's own card is notified.
#[utoipa::path(
    tag = "representatives",
    params(("id" = DependentRequestId, Path, description = "The request")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Rejected", body = DependentRequestDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/dependent-requests/{id}/reject")]
pub async fn reject(
    state: web::Data<AppState>,
    who: Organizer,
    id: web::Path<DependentRequestId>,
) -> ApiResult<web::Json<DependentRequestDto>> {
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let r = open_request(&txn, &who, *id).await?;
    decide(&txn, &who, &r, DependentRequestStatus::Rejected, None, now).await?;
    audit::record(
        &txn,
        AuditEvent::by(&who.ctx, AuditAction::DependentReject, "dependent_request", now).entity_id(r.id),
    )
    .await?;
    finish(&state, txn, &who, r.id, NotificationKind::DependentRejected, now).await
}
