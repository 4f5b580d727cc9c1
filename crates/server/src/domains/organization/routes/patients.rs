//! `/api/v1/patients`: patient cards for the organizer (all of them), doctors (their own) and
//! assistants (their doctors'), ORG-2, ORG-7, ORG-8, PREG-1, ACC-4, ACC-5. Every read is
//! audited with the ids it returned; every change is audited in its transaction; an id outside
//! the caller's reach answers 404 and is audited as denied.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, HttpResponse, get, post, put, web};
use common::admin::{
    InvitePatientRequest, PatientCardInput, PatientDto, PatientListKind, PatientQuery, PatientStatus,
    SetDoctorsRequest, SortOrder,
};
use common::audit::AuditAction;
use common::auth::Role;
use common::domain::search_key;
use common::ids::{MembershipId, PatientId};
use common::page::{DEFAULT_PAGE_SIZE, Page, PageParams};
use common::{ErrorCode, FieldError, Problem};
use db::entities::{doctor_patient, membership, organization, patient_card};
use db::sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use crate::auth::{PatientScope, PatientStaff, Staff, role};
use crate::domains::accounts::invitations::parse_email;
use crate::domains::organization::patients::{self, CardFields};
use crate::http::concurrency::{check_if_match, etag_header};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::http::paging::contains_text;
use crate::http::paging::page_params;
use crate::platform::audit::{self, AuditEvent};
use crate::state::AppState;

/// The patient list's caller with his query, its role-bound parts checked before the handler
/// runs: one doctor's patients (`doctor=`) is the organizer's filter, an organization-wide
/// search (`all=true`) is the organizer's list and a doctor's search; an assistant asking for
/// either, or a doctor for `doctor=`, is refused with 403.
pub struct PatientListing {
    who: PatientStaff,
    q: PatientQuery,
}

impl FromRequest for PatientListing {
    type Error = actix_web::Error;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, p: &mut Payload) -> Self::Future {
        let who = PatientStaff::from_request(req, p);
        let q = web::Query::<PatientQuery>::from_request(req, p);
        Box::pin(async move {
            let who = who.await?;
            let q = q.await?.into_inner();
            let allowed = match who.scope {
                PatientScope::Organization => true,
                PatientScope::Doctor(_) => q.doctor.is_none(),
                PatientScope::Assistant(_) => q.doctor.is_none() && q.all != Some(true),
            };
            if !allowed {
                return Err(ApiError::forbidden().into());
            }
            Ok(PatientListing { who, q })
        })
    }
}

/// Patient cards: search, "Deleted patients", sorting, pagination.
#[utoipa::path(
    tag = "patients",
    params(PatientQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of patient cards", body = Page<PatientDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer, doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid page, or a doctor's organization-wide search without 3 characters", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/patients")]
pub async fn list(state: web::Data<AppState>, listing: PatientListing) -> ApiResult<web::Json<Page<PatientDto>>> {
    let PatientListing { who, q } = listing;
    let p = page_params(&PageParams { page: q.page.unwrap_or(1), per_page: q.per_page.unwrap_or(DEFAULT_PAGE_SIZE) })?;
    let text = q.q.as_deref().map(search_key).unwrap_or_default();
    let mut cond = Condition::all().add(db::Org::new(who.org).owns::<patient_card::Entity>());
    let whole_org = q.all == Some(true);
    if whole_org && matches!(who.scope, PatientScope::Doctor(_)) {
        if text.chars().count() < 3 {
            return Err(ApiError::field("q", "too_short", "an organization-wide search needs 3 characters"));
        }
    } else if let Some(c) = patients::scope_condition(who.scope) {
        cond = cond.add(c);
    }
    if let Some(doctor) = q.doctor {
        cond = cond.add(patients::of_doctor(doctor.0));
    }
    if let Some(status) = q.status {
        cond = cond.add(patient_card::Column::Status.eq(status.as_str()));
    }
    if q.consents_missing == Some(true) {
        cond = cond.add(patients::lacks_consents());
    }
    cond = match q.list.unwrap_or_default() {
        PatientListKind::Current => cond.add(patient_card::Column::Status.ne(PatientStatus::Archived.as_str())),
        PatientListKind::Deleted => cond.add(patient_card::Column::Status.eq(PatientStatus::Archived.as_str())),
    };
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        cond = cond.add(contains_text(patient_card::Column::SearchKey, word));
    }
    let mut base = patient_card::Entity::find().filter(cond);
    base = match q.sort.unwrap_or_default() {
        SortOrder::Name => base
            .order_by_asc(patient_card::Column::LastName)
            .order_by_asc(patient_card::Column::FirstName)
            .order_by_asc(patient_card::Column::Id),
        SortOrder::Newest => {
            base.order_by_desc(patient_card::Column::CreatedAt).order_by_desc(patient_card::Column::Id)
        }
        SortOrder::Oldest => base.order_by_asc(patient_card::Column::CreatedAt).order_by_asc(patient_card::Column::Id),
    };
    let total = base.clone().count(&state.db).await?;
    let rows = base.offset(p.offset()).limit(u64::from(p.per_page)).all(&state.db).await?;
    let items = patients::dtos(&state.db, &rows).await?;
    let now = state.clock.now();
    state
        .audit
        .read(AuditEvent::by(&who.ctx, AuditAction::PatientList, "patient", now).patients(rows.iter().map(|r| r.id)))
        .await?;
    Ok(web::Json(Page { items, page: p.page, per_page: p.per_page, total }))
}

/// A card the caller may see, or 404 — the refusal audited.
async fn visible(
    state: &AppState,
    db: &impl ConnectionTrait,
    who: &PatientStaff,
    id: PatientId,
    action: AuditAction,
) -> ApiResult<patient_card::Model> {
    match patients::find_visible(db, who.org, who.scope, id).await? {
        Some(card) => Ok(card),
        None => {
            let event = AuditEvent::by(&who.ctx, action, "patient", state.clock.now()).entity_id(id).denied();
            state.audit.read(event).await?;
            Err(ApiError::not_found())
        }
    }
}

/// Sends the card's invitation through the transaction (after the card was changed in it).
async fn invite_now(
    state: &AppState,
    txn: &impl ConnectionTrait,
    who: &PatientStaff,
    card: Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    let card = patient_card::Entity::find_by_id(card).one(txn).await?.ok_or_else(ApiError::not_found)?;
    let org = organization::Entity::find_by_id(who.org.0).one(txn).await?.ok_or_else(ApiError::not_found)?;
    patients::send_invitation(txn, &state.settings.base_url, &card, &org, now).await
}

/// The end of every change to one card: its audit row in the change's transaction, the
/// commit, and the card as it now is (`queued_email` wakes the job worker).
async fn finish(
    state: &AppState,
    txn: db::sea_orm::DatabaseTransaction,
    who: &PatientStaff,
    card: Uuid,
    action: AuditAction,
    queued_email: bool,
) -> ApiResult<web::Json<PatientDto>> {
    let now = state.clock.now();
    audit::record(&txn, AuditEvent::by(&who.ctx, action, "patient", now).entity_id(card).patients([card])).await?;
    let dto = one_dto(&txn, card).await?;
    txn.commit().await?;
    if queued_email {
        state.jobs_notify.notify_one();
    }
    Ok(web::Json(dto))
}

async fn one_dto(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<PatientDto> {
    let card = patient_card::Entity::find_by_id(id).one(db).await?.ok_or_else(ApiError::not_found)?;
    patients::dtos(db, &[card]).await?.pop().ok_or_else(ApiError::not_found)
}

/// One patient card.
#[utoipa::path(
    tag = "patients",
    params(("id" = PatientId, Path, description = "The patient card")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The card", body = PatientDto,
            headers(("ETag" = String, description = "The version of what the card form edits; send it as `If-Match` with `PUT`"))),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer, doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such card within the caller's reach", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/patients/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    who: PatientStaff,
    id: web::Path<PatientId>,
) -> ApiResult<HttpResponse> {
    let card = visible(&state, &state.db, &who, *id, AuditAction::PatientRead).await?;
    let dto = patients::dtos(&state.db, std::slice::from_ref(&card)).await?.pop().ok_or_else(ApiError::not_found)?;
    let event = AuditEvent::by(&who.ctx, AuditAction::PatientRead, "patient", state.clock.now())
        .entity_id(card.id)
        .patients([card.id]);
    state.audit.read(event).await?;
    Ok(HttpResponse::Ok().insert_header(etag_header(card_etag(&dto))).json(dto))
}

/// The card's `ETag`: its version, quoted.
fn card_etag(dto: &PatientDto) -> String {
    format!("\"{}\"", dto.version)
}

/// Add a patient card with its consents (ORG-2, ORG-7). With all three consents the
/// invitation goes out at once; otherwise the card says what is missing.
#[utoipa::path(
    tag = "patients",
    request_body(content = PatientCardInput, example = json!({
        "last_name": "Смирнова", "first_name": "Ольга", "middle_name": "Павловна", "birth_date": "1968-04-12",
        "sex": "female", "email": "smirnova@example.org", "phone": "+7 912 345-67-89", "snils": "112-233-445 95",
        "external_id": "MIS-000123", "consents": ["telemedicine", "email_results", "personal_data"]
    })),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created (and invited when the consents are complete)", body = PatientDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/patients")]
pub async fn create(
    state: web::Data<AppState>,
    who: Staff<role::Organizer>,
    body: Json<PatientCardInput>,
) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let fields = CardFields::parse(&body.0, now.date_naive())?;
    let txn = db::begin_write(&state.db).await?;
    let org = organization::Entity::find_by_id(who.org.0).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let id = patients::insert_card(&txn, org.id, who.ctx.membership_id.0, &fields, now).await?;
    let card = patient_card::Entity::find_by_id(id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let mut events =
        vec![AuditEvent::by(&who.ctx, AuditAction::PatientCreate, "patient", now).entity_id(id).patients([id])];
    if fields.consents.len() == common::admin::ConsentKind::ALL.len() {
        patients::send_invitation(&txn, &state.settings.base_url, &card, &org, now).await?;
        events.push(AuditEvent::by(&who.ctx, AuditAction::PatientInvite, "patient", now).entity_id(id).patients([id]));
    }
    audit::record_all(&txn, events).await?;
    let dto = one_dto(&txn, id).await?;
    txn.commit().await?;
    state.jobs_notify.notify_one();
    tracing::info!(org.id = %who.org, patient.id = %id, "patient card created");
    Ok(HttpResponse::Created().json(dto))
}

/// Edit a patient card and its consents (the consents listed are kept or recorded now; those
/// left out are withdrawn).
#[utoipa::path(
    tag = "patients",
    request_body = PatientCardInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved", body = PatientDto,
            headers(("ETag" = String, description = "The card's new version"))),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such card in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an older version: someone else changed the card (`precondition_failed`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    params(
        ("id" = PatientId, Path, description = "The patient card"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the card as the form read it; a stale one answers 412"),
    ),
)]
#[put("/patients/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    who: Staff<role::Organizer>,
    id: web::Path<PatientId>,
    body: Json<PatientCardInput>,
) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let fields = CardFields::parse(&body.0, now.date_naive())?;
    let txn = db::begin_write(&state.db).await?;
    let card = visible(&state, &txn, &who, *id, AuditAction::PatientUpdate).await?;
    // Lock the row before comparing versions: two updates of one version cannot both pass.
    patient_card::Entity::update_many()
        .col_expr(patient_card::Column::UpdatedAt, Expr::col(patient_card::Column::UpdatedAt))
        .filter(patient_card::Column::Id.eq(card.id))
        .exec(&txn)
        .await?;
    check_if_match(&req, &card_etag(&one_dto(&txn, card.id).await?))?;
    save_fields(&txn, &who, &card, &fields, now).await?;
    let web::Json(dto) = finish(&state, txn, &who, card.id, AuditAction::PatientUpdate, false).await?;
    Ok(HttpResponse::Ok().insert_header(etag_header(card_etag(&dto))).json(dto))
}

async fn save_fields(
    db: &impl ConnectionTrait,
    who: &PatientStaff,
    card: &patient_card::Model,
    fields: &CardFields,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    let mut am: patient_card::ActiveModel = card.clone().into();
    fields.apply(&mut am);
    am.updated_at = Set(now);
    patient_card::Entity::update(am).exec(db).await?;
    patients::sync_consents(db, card.id, &fields.consents, fields.email.as_str(), who.ctx.membership_id.0, now).await?;
    Ok(())
}

/// Send or resend the invitation, to the same or a corrected address (ACC-4). A corrected
/// address corrects the card and its email-results consent. Needs all three consents.
#[utoipa::path(
    tag = "patients",
    params(("id" = PatientId, Path, description = "The patient card")),
    request_body = InvitePatientRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Sent", body = PatientDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such card in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Consents missing (`consents_missing`, `errors` names them) or not pending (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid email", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/patients/{id}/invite")]
pub async fn invite(
    state: web::Data<AppState>,
    who: Staff<role::Organizer>,
    id: web::Path<PatientId>,
    body: Json<InvitePatientRequest>,
) -> ApiResult<web::Json<PatientDto>> {
    let now = state.clock.now();
    let email = parse_email("email", &body.0.email)?;
    let txn = db::begin_write(&state.db).await?;
    let card = visible(&state, &txn, &who, *id, AuditAction::PatientInvite).await?;
    if card.email.as_deref() != Some(email.as_str()) {
        let mut am: patient_card::ActiveModel = card.clone().into();
        am.email = Set(Some(email.as_str().to_owned()));
        am.search_key = Set(card.search_key.replace(card.email.as_deref().unwrap_or("\u{0}"), email.as_str()));
        patient_card::Entity::update(am).exec(&txn).await?;
        patients::correct_consent_email(&txn, card.id, email.as_str()).await?;
    }
    invite_now(&state, &txn, &who, card.id, now).await?;
    finish(&state, txn, &who, card.id, AuditAction::PatientInvite, true).await
}

/// "Register again" a card from "Deleted patients" (ACC-5): the form comes prefilled and
/// editable; saving sends a fresh invitation.
#[utoipa::path(
    tag = "patients",
    params(("id" = PatientId, Path, description = "The patient card")),
    request_body = PatientCardInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Back in the patient list, invitation sent", body = PatientDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such card in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a deleted patient (`conflict`) or consents missing (`consents_missing`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/patients/{id}/register-again")]
pub async fn register_again(
    state: web::Data<AppState>,
    who: Staff<role::Organizer>,
    id: web::Path<PatientId>,
    body: Json<PatientCardInput>,
) -> ApiResult<web::Json<PatientDto>> {
    let now = state.clock.now();
    let fields = CardFields::parse(&body.0, now.date_naive())?;
    let txn = db::begin_write(&state.db).await?;
    let card = visible(&state, &txn, &who, *id, AuditAction::PatientRegisterAgain).await?;
    if patients::status_of(&card) != PatientStatus::Archived {
        return Err(ApiError::code(ErrorCode::Conflict, "Only a deleted patient is registered again."));
    }
    save_fields(&txn, &who, &card, &fields, now).await?;
    patient_card::Entity::update_many()
        .col_expr(patient_card::Column::Status, Expr::value(PatientStatus::Pending.as_str()))
        .col_expr(patient_card::Column::ArchivedAt, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
        .filter(patient_card::Column::Id.eq(card.id))
        .exec(&txn)
        .await?;
    invite_now(&state, &txn, &who, card.id, now).await?;
    finish(&state, txn, &who, card.id, AuditAction::PatientRegisterAgain, true).await
}

/// Deactivate a patient card: its cabinet stops working on the next request (ACC-11).
#[utoipa::path(
    tag = "patients",
    params(("id" = PatientId, Path, description = "The patient card")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Deactivated", body = PatientDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such card in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A deleted patient (register again instead)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/patients/{id}/deactivate")]
pub async fn deactivate(
    state: web::Data<AppState>,
    who: Staff<role::Organizer>,
    id: web::Path<PatientId>,
) -> ApiResult<web::Json<PatientDto>> {
    set_status(&state, &who, *id, true).await
}

/// Reactivate a deactivated card: active again when registered, otherwise back to "not
/// activated" (the organizer resends the invitation).
#[utoipa::path(
    tag = "patients",
    params(("id" = PatientId, Path, description = "The patient card")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Active again", body = PatientDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such card in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A deleted patient (register again instead)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/patients/{id}/activate")]
pub async fn activate(
    state: web::Data<AppState>,
    who: Staff<role::Organizer>,
    id: web::Path<PatientId>,
) -> ApiResult<web::Json<PatientDto>> {
    set_status(&state, &who, *id, false).await
}

async fn set_status(
    state: &AppState,
    who: &PatientStaff,
    id: PatientId,
    off: bool,
) -> ApiResult<web::Json<PatientDto>> {
    let now = state.clock.now();
    let action = if off { AuditAction::PatientDeactivate } else { AuditAction::PatientActivate };
    let txn = db::begin_write(&state.db).await?;
    let card = visible(state, &txn, who, id, action).await?;
    if patients::status_of(&card) == PatientStatus::Archived {
        return Err(ApiError::code(ErrorCode::Conflict, "A deleted patient is registered again, not activated."));
    }
    let target = match (off, card.account_id) {
        (true, _) => PatientStatus::Deactivated,
        (false, Some(_)) => PatientStatus::Active,
        (false, None) => PatientStatus::Pending,
    };
    patient_card::Entity::update_many()
        .col_expr(patient_card::Column::Status, Expr::value(target.as_str()))
        .col_expr(patient_card::Column::UpdatedAt, Expr::value(now))
        .filter(patient_card::Column::Id.eq(card.id))
        .exec(&txn)
        .await?;
    if let Some(account) = card.account_id {
        patients::sync_patient_membership(&txn, who.org.0, account, now).await?;
    }
    finish(state, txn, who, card.id, action, false).await
}

/// The doctors of the organization among `ids`, or 422 naming the first that is not one.
pub async fn org_doctors(
    db: &impl ConnectionTrait,
    org: Uuid,
    ids: &[MembershipId],
    field: &str,
) -> ApiResult<Vec<Uuid>> {
    let wanted: std::collections::BTreeSet<Uuid> = ids.iter().map(|d| d.0).collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let found: Vec<Uuid> = membership::Entity::find()
        .select_only()
        .column(membership::Column::Id)
        .filter(db::Org::new(org).owns::<membership::Entity>())
        .filter(membership::Column::Role.eq(Role::Doctor.as_str()))
        .filter(membership::Column::Id.is_in(wanted.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    // Named by its place in the request, not in the de-duplicated set.
    let bad: Vec<FieldError> = ids
        .iter()
        .enumerate()
        .filter(|(_, id)| !found.contains(&id.0))
        .map(|(i, _)| FieldError {
            field: format!("{field}[{i}]"),
            code: "not_a_doctor".into(),
            message: "is not a doctor of this organization".into(),
        })
        .collect();
    if bad.is_empty() { Ok(wanted.into_iter().collect()) } else { Err(ApiError::Validation(bad)) }
}

/// The patient's doctors (ORG-8): the organizer sets the whole list.
#[utoipa::path(
    tag = "patients",
    params(("id" = PatientId, Path, description = "The patient card")),
    request_body = SetDoctorsRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved", body = PatientDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such card in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An id that is not a doctor of this organization", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[put("/patients/{id}/doctors")]
pub async fn set_doctors(
    state: web::Data<AppState>,
    who: Staff<role::Organizer>,
    id: web::Path<PatientId>,
    body: Json<SetDoctorsRequest>,
) -> ApiResult<web::Json<PatientDto>> {
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let card = visible(&state, &txn, &who, *id, AuditAction::PatientDoctors).await?;
    let doctors = org_doctors(&txn, who.org.0, &body.0.doctor_ids, "doctor_ids").await?;
    doctor_patient::Entity::delete_many()
        .filter(doctor_patient::Column::PatientCardId.eq(card.id))
        .filter(doctor_patient::Column::DoctorId.is_not_in(doctors.clone()))
        .exec(&txn)
        .await?;
    for d in doctors {
        patients::assign(&txn, who.org.0, who.ctx.membership_id.0, card.id, d, now).await?;
    }
    finish(&state, txn, &who, card.id, AuditAction::PatientDoctors, false).await
}

/// A doctor takes a patient of his organization (ORG-8); find him with `GET /patients?all=true`.
#[utoipa::path(
    tag = "patients",
    params(("id" = PatientId, Path, description = "The patient card")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Now one of his patients", body = PatientDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such card in this organization", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/patients/{id}/take")]
pub async fn take(
    state: web::Data<AppState>,
    who: Staff<role::Doctor>,
    id: web::Path<PatientId>,
) -> ApiResult<web::Json<PatientDto>> {
    let me = who.ctx.membership_id.0;
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let Some(card) = patients::find_visible(&txn, who.org, PatientScope::Organization, *id).await? else {
        let event = AuditEvent::by(&who.ctx, AuditAction::PatientTake, "patient", now).entity_id(*id).denied();
        state.audit.read(event).await?;
        return Err(ApiError::not_found());
    };
    if patients::status_of(&card) == PatientStatus::Archived {
        return Err(ApiError::code(ErrorCode::Conflict, "A deleted patient cannot be taken."));
    }
    patients::assign(&txn, who.org.0, who.ctx.membership_id.0, card.id, me, now).await?;
    finish(&state, txn, &who, card.id, AuditAction::PatientTake, false).await
}
