//! `/api/v1/staff`: the organizer's staff lists and invitations (ACC-3, ACC-4, ORG-1, ORG-2,
//! ORG-9). Everything is scoped to the organizer's own organization; another
//! organization's ids answer 404.

use actix_web::{HttpResponse, get, post, put, web};
use common::admin::{AssistantAccessDto, SortOrder, UpdateStaffRequest};
use common::audit::AuditAction;
use common::auth::{InviteStaffRequest, MembershipStatus, ResendInvitationRequest, Role, StaffMemberDto, StaffQuery};
use common::domain::search_key;
use common::ids::MembershipId;
use common::page::{DEFAULT_PAGE_SIZE, Page, PageParams};
use common::{ErrorCode, FieldError, Problem};
use db::entities::{assistant_doctor, membership, organization};
use db::sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use crate::auth::Organizer;
use crate::domains::accounts::invitations;
use crate::domains::accounts::service as accounts;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::http::paging::contains_text;
use crate::http::paging::page_params;
use crate::state::AppState;

const STAFF_ROLES: [Role; 4] = [Role::Organizer, Role::Doctor, Role::Instructor, Role::Assistant];

/// Staff of the organization: search by name or email, filter by role, paginated.
#[utoipa::path(
    tag = "staff",
    params(StaffQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of staff memberships, by name", body = Page<StaffMemberDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid page or role", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/staff")]
pub async fn list(
    state: web::Data<AppState>,
    who: Organizer,
    q: web::Query<StaffQuery>,
) -> ApiResult<web::Json<Page<StaffMemberDto>>> {
    let q = q.into_inner();
    let p = page_params(&PageParams { page: q.page.unwrap_or(1), per_page: q.per_page.unwrap_or(DEFAULT_PAGE_SIZE) })?;
    let roles: Vec<&str> = match q.role {
        Some(r) if STAFF_ROLES.contains(&r) => vec![r.as_str()],
        Some(_) => {
            return Err(ApiError::Validation(vec![FieldError {
                field: "role".into(),
                code: "invalid".into(),
                message: "organizer, doctor, instructor or assistant".into(),
            }]));
        }
        None => STAFF_ROLES.iter().map(|r| r.as_str()).collect(),
    };
    let mut cond = Condition::all()
        .add(db::Org::new(who.org).owns::<membership::Entity>())
        .add(membership::Column::Role.is_in(roles));
    if let Some(text) = q.q.as_deref().map(search_key).filter(|k| !k.is_empty()) {
        for word in text.split(' ') {
            cond = cond.add(contains_text(membership::Column::SearchKey, word));
        }
    }
    let base = membership::Entity::find().filter(cond);
    let base = match q.sort.unwrap_or_default() {
        SortOrder::Name => base
            .order_by_asc(membership::Column::LastName)
            .order_by_asc(membership::Column::FirstName)
            .order_by_asc(membership::Column::Id),
        SortOrder::Newest => base.order_by_desc(membership::Column::CreatedAt).order_by_desc(membership::Column::Id),
        SortOrder::Oldest => base.order_by_asc(membership::Column::CreatedAt).order_by_asc(membership::Column::Id),
    };
    let total = base.clone().count(&state.db).await?;
    let rows = base.offset(p.offset()).limit(u64::from(p.per_page)).all(&state.db).await?;
    let mut items = rows.iter().map(accounts::staff_dto).collect::<ApiResult<Vec<_>>>()?;
    mark_last_organizer(&state.db, who.org.0, &mut items).await?;
    Ok(web::Json(Page { items, page: p.page, per_page: p.per_page, total }))
}

/// Flags the organization's only active organizer among `items` (ORG-9): deactivating her
/// is refused, so the list does not offer it.
async fn mark_last_organizer(db: &impl ConnectionTrait, org: Uuid, items: &mut [StaffMemberDto]) -> ApiResult<()> {
    if !items.iter().any(|m| m.role == Role::Organizer && m.status == MembershipStatus::Active) {
        return Ok(());
    }
    let active: Vec<Uuid> = membership::Entity::find()
        .select_only()
        .column(membership::Column::Id)
        .filter(db::Org::new(org).owns::<membership::Entity>())
        .filter(membership::Column::Role.eq(Role::Organizer.as_str()))
        .filter(membership::Column::Status.eq(MembershipStatus::Active.as_str()))
        .limit(2)
        .into_tuple()
        .all(db)
        .await?;
    if let [only] = active.as_slice() {
        for m in items.iter_mut().filter(|m| m.id.0 == *only) {
            m.last_active_organizer = true;
        }
    }
    Ok(())
}

/// Invite a doctor, instructor, assistant or another organizer by email and full name. The
/// answer is the same whether or not the address already has an account elsewhere.
#[utoipa::path(
    tag = "staff",
    request_body(content = InviteStaffRequest, example = json!({
        "role": "doctor", "email": "petrov@onko.example.org", "last_name": "Петров", "first_name": "Иван", "middle_name": "Ильич"
    })),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Invited; the email is on its way", body = StaffMemberDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "This address is already invited to this role here (`already_member`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/staff")]
pub async fn invite(
    state: web::Data<AppState>,
    who: Organizer,
    body: Json<InviteStaffRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.0;
    let now = state.clock.now();
    let mut errors = Vec::new();
    if !STAFF_ROLES.contains(&body.role) {
        errors.push(FieldError { field: "role".into(), code: "invalid".into(), message: "a staff role".into() });
    }
    let email = invitations::parse_email("email", &body.email).map_err(|e| extend(&mut errors, e)).ok();
    let name = invitations::Name::parse(&body.name.last_name, &body.name.first_name, body.name.middle_name.as_deref())
        .map_err(|e| extend(&mut errors, e))
        .ok();
    let (Some(email), Some(name)) = (email, name) else { return Err(ApiError::Validation(errors)) };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let txn = db::begin_write(&state.db).await?;
    let org = organization::Entity::find_by_id(who.org.0).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let m = invitations::create_pending(&txn, Some(org.id), body.role, &email, &name, now).await?;
    invitations::send(&txn, &state.settings.base_url, &m, Some(&org), now).await?;
    let m = reload(&txn, m.id).await?;
    txn.commit().await?;
    state.jobs_notify.notify_one();
    tracing::info!(org.id = %org.id, membership.id = %m.id, "staff invited");
    Ok(HttpResponse::Created().json(accounts::staff_dto(&m)?))
}

fn extend(errors: &mut Vec<FieldError>, e: ApiError) {
    if let ApiError::Validation(v) = e {
        errors.extend(v);
    }
}

async fn reload(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<membership::Model> {
    membership::Entity::find_by_id(id).one(db).await?.ok_or_else(ApiError::not_found)
}

/// A staff membership of the organizer's organization, or 404.
async fn own(db: &impl ConnectionTrait, who: &Organizer, id: MembershipId) -> ApiResult<membership::Model> {
    let m =
        db::Org::new(who.org).find_by_id::<membership::Entity>(id.0).one(db).await?.ok_or_else(ApiError::not_found)?;
    match m.role {
        r if STAFF_ROLES.contains(&r) => Ok(m),
        _ => Err(ApiError::not_found()),
    }
}

/// Resend the activation link, to the same or a corrected address; older links stop working.
/// Correcting the address changes only the invitation, never an account.
#[utoipa::path(
    tag = "staff",
    params(("id" = MembershipId, Path, description = "The staff membership")),
    request_body = ResendInvitationRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Sent", body = StaffMemberDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such staff member in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already activated (`conflict`), or the corrected address is already invited to this role (`already_member`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid email", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/staff/{id}/resend")]
pub async fn resend(
    state: web::Data<AppState>,
    who: Organizer,
    id: web::Path<MembershipId>,
    body: Json<ResendInvitationRequest>,
) -> ApiResult<web::Json<StaffMemberDto>> {
    let now = state.clock.now();
    let email = invitations::parse_email("email", &body.0.email)?;
    let txn = db::begin_write(&state.db).await?;
    let m = own(&txn, &who, *id).await?;
    if accounts::status_of(&m) != MembershipStatus::Pending {
        return Err(ApiError::code(ErrorCode::Conflict, "This invitation was already accepted."));
    }
    if m.invited_email != email.as_str() {
        let name = m.full_name().full();
        membership::Entity::update_many()
            .col_expr(membership::Column::InvitedEmail, Expr::value(email.as_str()))
            .col_expr(membership::Column::SearchKey, Expr::value(search_key(&format!("{name} {}", email.as_str()))))
            .filter(membership::Column::Id.eq(m.id))
            .exec(&txn)
            .await
            .map_err(invitations::unique_as_already_member)?;
    }
    let m = reload(&txn, m.id).await?;
    let org = organization::Entity::find_by_id(who.org.0).one(&txn).await?;
    invitations::send(&txn, &state.settings.base_url, &m, org.as_ref(), now).await?;
    let m = reload(&txn, m.id).await?;
    txn.commit().await?;
    state.jobs_notify.notify_one();
    Ok(web::Json(accounts::staff_dto(&m)?))
}

/// Deactivate a staff membership: it stops working on the very next request (ACC-11). The
/// last active organizer cannot be deactivated (ORG-9).
#[utoipa::path(
    tag = "staff",
    params(("id" = MembershipId, Path, description = "The staff membership")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Deactivated", body = StaffMemberDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such staff member in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The last active organizer (`last_organizer`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/staff/{id}/deactivate")]
pub async fn deactivate(
    state: web::Data<AppState>,
    who: Organizer,
    id: web::Path<MembershipId>,
) -> ApiResult<web::Json<StaffMemberDto>> {
    set_status(&state, &who, *id, MembershipStatus::Deactivated).await
}

/// Reactivate a deactivated staff membership (a never-accepted invitation stays pending).
#[utoipa::path(
    tag = "staff",
    params(("id" = MembershipId, Path, description = "The staff membership")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Active again", body = StaffMemberDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such staff member in this organization", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/staff/{id}/activate")]
pub async fn activate(
    state: web::Data<AppState>,
    who: Organizer,
    id: web::Path<MembershipId>,
) -> ApiResult<web::Json<StaffMemberDto>> {
    set_status(&state, &who, *id, MembershipStatus::Active).await
}

async fn set_status(
    state: &AppState,
    who: &Organizer,
    id: MembershipId,
    to: MembershipStatus,
) -> ApiResult<web::Json<StaffMemberDto>> {
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let m = own(&txn, who, id).await?;
    let from = accounts::status_of(&m);
    // A never-accepted invitation has no account to activate: "activating" it makes it pending
    // again (the organizer resends the link); deactivating it kills its links.
    let target = match to {
        MembershipStatus::Active if m.account_id.is_none() => MembershipStatus::Pending,
        t => t,
    };
    if target == MembershipStatus::Deactivated && m.account_id.is_none() {
        invitations::revoke_links(&txn, m.id, now).await?;
    }
    if target == MembershipStatus::Deactivated && from == MembershipStatus::Active && m.role == Role::Organizer {
        let others = db::Org::new(who.org)
            .find::<membership::Entity>()
            .filter(membership::Column::Role.eq(Role::Organizer.as_str()))
            .filter(membership::Column::Status.eq(MembershipStatus::Active.as_str()))
            .filter(membership::Column::Id.ne(m.id))
            .count(&txn)
            .await?;
        if others == 0 {
            return Err(ApiError::code(
                ErrorCode::LastOrganizer,
                "An organization keeps at least one active organizer.",
            ));
        }
    }
    membership::Entity::update_many()
        .col_expr(membership::Column::Status, Expr::value(target.as_str()))
        .col_expr(membership::Column::UpdatedAt, Expr::value(now))
        .filter(membership::Column::Id.eq(m.id))
        .exec(&txn)
        .await?;
    let m = reload(&txn, m.id).await?;
    let mut dto = [accounts::staff_dto(&m)?];
    mark_last_organizer(&txn, who.org.0, &mut dto).await?;
    txn.commit().await?;
    tracing::info!(org.id = %who.org, membership.id = %m.id, status = %target.as_str(), "staff status changed");
    let [dto] = dto;
    Ok(web::Json(dto))
}

/// Correct a staff member's name (ORG-2).
#[utoipa::path(
    tag = "staff",
    params(("id" = MembershipId, Path, description = "The staff membership")),
    request_body = UpdateStaffRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved", body = StaffMemberDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such staff member in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[put("/staff/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: Organizer,
    id: web::Path<MembershipId>,
    body: Json<UpdateStaffRequest>,
) -> ApiResult<web::Json<StaffMemberDto>> {
    let now = state.clock.now();
    let n = &body.0.name;
    let name = invitations::Name::parse(&n.last_name, &n.first_name, n.middle_name.as_deref())?;
    let txn = db::begin_write(&state.db).await?;
    let m = own(&txn, &who, *id).await?;
    accounts::rename(&txn, &[m.id], &name, now).await?;
    let m = reload(&txn, m.id).await?;
    txn.commit().await?;
    Ok(web::Json(accounts::staff_dto(&m)?))
}

async fn own_assistant(db: &impl ConnectionTrait, who: &Organizer, id: MembershipId) -> ApiResult<membership::Model> {
    let m = own(db, who, id).await?;
    if m.role == Role::Assistant { Ok(m) } else { Err(ApiError::not_found()) }
}

async fn access_of(db: &impl ConnectionTrait, assistant: Uuid) -> ApiResult<AssistantAccessDto> {
    let rows = assistant_doctor::Entity::find()
        .filter(assistant_doctor::Column::AssistantId.eq(assistant))
        .order_by_asc(assistant_doctor::Column::DoctorId)
        .all(db)
        .await?;
    Ok(AssistantAccessDto { doctor_ids: rows.into_iter().map(|r| MembershipId(r.doctor_id)).collect() })
}

/// The doctors whose patients an assistant works with (ORG-3).
#[utoipa::path(
    tag = "staff",
    params(("id" = MembershipId, Path, description = "The assistant's membership")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The doctors", body = AssistantAccessDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such assistant in this organization", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/staff/{id}/access")]
pub async fn get_access(
    state: web::Data<AppState>,
    who: Organizer,
    id: web::Path<MembershipId>,
) -> ApiResult<web::Json<AssistantAccessDto>> {
    let m = own_assistant(&state.db, &who, *id).await?;
    Ok(web::Json(access_of(&state.db, m.id).await?))
}

/// Tick the doctors whose patients an assistant works with (ORG-3). His patient queries then
/// return exactly their patients, from the very next request.
#[utoipa::path(
    tag = "staff",
    params(("id" = MembershipId, Path, description = "The assistant's membership")),
    request_body = AssistantAccessDto,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved", body = AssistantAccessDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such assistant in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An id that is not a doctor of this organization", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[put("/staff/{id}/access")]
pub async fn set_access(
    state: web::Data<AppState>,
    who: Organizer,
    id: web::Path<MembershipId>,
    body: Json<AssistantAccessDto>,
) -> ApiResult<web::Json<AssistantAccessDto>> {
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let m = own_assistant(&txn, &who, *id).await?;
    let doctors = super::patients::org_doctors(&txn, who.org.0, &body.0.doctor_ids, "doctor_ids").await?;
    assistant_doctor::Entity::delete_many().filter(assistant_doctor::Column::AssistantId.eq(m.id)).exec(&txn).await?;
    if !doctors.is_empty() {
        assistant_doctor::Entity::insert_many(doctors.iter().map(|d| assistant_doctor::ActiveModel {
            organization_id: Set(who.org.0),
            assistant_id: Set(m.id),
            doctor_id: Set(*d),
            granted_at: Set(now),
            granted_by: Set(Some(who.ctx.membership_id.0)),
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    crate::platform::audit::record(
        &txn,
        crate::platform::audit::AuditEvent::by(&who.ctx, AuditAction::StaffAccess, "membership", now).entity_id(m.id),
    )
    .await?;
    let dto = access_of(&txn, m.id).await?;
    txn.commit().await?;
    Ok(web::Json(dto))
}
