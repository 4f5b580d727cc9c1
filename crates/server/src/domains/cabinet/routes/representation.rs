//! Invitations to represent a patient card (CAB-10). The organizer's side: the card's pending
//! invitations, resend, revoke (`POST /patients/{id}/representatives` creates one). The invited
//! person's side, by the emailed link: see the invitation, accept it logged in with the
//! invited address (or create an account for it), or decline. Only acceptance links an
//! account (SPEC §1: the organization learns nothing of accounts).

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use common::audit::AuditAction;
use common::auth::SessionDto;
use common::cabinet::{
    RepresentationInviteDto, RepresentationRegisterInput, RepresentativeInvitationDto,
    RepresentativeInvitationStatus as Status,
};
use common::ids::{PatientId, RepresentativeInvitationId};
use common::{ErrorCode, Problem};
use db::entities::{account, organization, patient_card, representative_invitation as inv};
use db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::representatives::{card_of, names_of};
use crate::auth::password::parse_new_password;
use crate::auth::session::{self as sessions, COOKIE_NAME};
use crate::auth::{AuthContext, Organizer};
use crate::domains::accounts::invitations::Name;
use crate::domains::accounts::service as accounts;
use crate::domains::cabinet::representation;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::platform::audit::{self, AuditEvent};
use crate::state::AppState;

/// The card's pending invitations (address, period, when sent), newest first.
#[utoipa::path(
    tag = "representatives",
    params(("id" = PatientId, Path, description = "The patient card")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The pending invitations", body = Vec<RepresentativeInvitationDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such card in this organization", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/patients/{id}/representative-invitations")]
pub async fn list(
    state: web::Data<AppState>,
    who: Organizer,
    id: web::Path<PatientId>,
) -> ApiResult<web::Json<Vec<RepresentativeInvitationDto>>> {
    let card = card_of(&state.db, &who, *id).await?;
    let rows = representation::pending_of(&state.db, card.id).await?;
    Ok(web::Json(rows.iter().map(representation::dto).collect()))
}

/// A pending invitation of the card through `db`: 404 outside the card or organization, 409
/// once decided or revoked.
async fn pending(
    db: &impl db::sea_orm::ConnectionTrait,
    who: &Organizer,
    id: PatientId,
    iid: RepresentativeInvitationId,
) -> ApiResult<(patient_card::Model, inv::Model)> {
    let card = card_of(db, who, id).await?;
    let m = inv::Entity::find_by_id(iid.0)
        .filter(inv::Column::PatientCardId.eq(card.id))
        .one(db)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if m.status != Status::Pending {
        return Err(representation::not_pending());
    }
    Ok((card, m))
}

/// Send a pending invitation again with a new link (the older link stops working) and a new
/// expiry.
#[utoipa::path(
    tag = "representatives",
    params(
        ("id" = PatientId, Path, description = "The patient card"),
        ("iid" = RepresentativeInvitationId, Path, description = "The invitation"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Sent again", body = RepresentativeInvitationDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such card or invitation in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No longer pending (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/patients/{id}/representative-invitations/{iid}/resend")]
pub async fn resend(
    state: web::Data<AppState>,
    who: Organizer,
    path: web::Path<(PatientId, RepresentativeInvitationId)>,
) -> ApiResult<web::Json<RepresentativeInvitationDto>> {
    let (id, iid) = path.into_inner();
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let (card, m) = pending(&txn, &who, id, iid).await?;
    let m = representation::resend(&txn, &state.settings.base_url, &m, now).await?;
    let event = AuditEvent::by(&who.ctx, AuditAction::RepresentativeResend, "representative_invitation", now)
        .entity_id(m.id)
        .patients([card.id]);
    audit::record(&txn, event).await?;
    txn.commit().await?;
    state.jobs_notify.notify_one();
    Ok(web::Json(representation::dto(&m)))
}

/// Withdraw a pending invitation: its link stops working.
#[utoipa::path(
    tag = "representatives",
    params(
        ("id" = PatientId, Path, description = "The patient card"),
        ("iid" = RepresentativeInvitationId, Path, description = "The invitation"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such card or invitation in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No longer pending (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[delete("/patients/{id}/representative-invitations/{iid}")]
pub async fn revoke(
    state: web::Data<AppState>,
    who: Organizer,
    path: web::Path<(PatientId, RepresentativeInvitationId)>,
) -> ApiResult<HttpResponse> {
    let (id, iid) = path.into_inner();
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let (card, m) = pending(&txn, &who, id, iid).await?;
    if !representation::decide(&txn, &m, Status::Revoked, None, now).await? {
        return Err(representation::not_pending());
    }
    let event = AuditEvent::by(&who.ctx, AuditAction::RepresentativeRevoke, "representative_invitation", now)
        .entity_id(m.id)
        .patients([card.id]);
    audit::record(&txn, event).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

fn wrong_account() -> ApiError {
    ApiError::code(
        ErrorCode::InvitationWrongAccount,
        "This invitation is for another address: log in with the invited address to accept it.",
    )
}

/// A logged-in caller must be the invited address.
fn check_caller(ctx: Option<&AuthContext>, m: &inv::Model) -> ApiResult<()> {
    match ctx {
        Some(ctx) if !ctx.email.eq_ignore_ascii_case(&m.email) => Err(wrong_account()),
        _ => Ok(()),
    }
}

/// An audit row of the invited person's decision, in the inviting organization.
fn decision_event(
    m: &inv::Model,
    action: AuditAction,
    account: Option<uuid::Uuid>,
    membership: Option<uuid::Uuid>,
    ip: Option<String>,
    now: chrono::DateTime<chrono::Utc>,
) -> AuditEvent {
    let mut e = AuditEvent::system(m.organization_id, action, "representative_invitation", now)
        .entity_id(m.id)
        .patients([m.patient_card_id]);
    e.account_id = account;
    e.membership_id = membership;
    e.client_ip = ip;
    e
}

fn client_ip(state: &AppState, req: &HttpRequest) -> Option<String> {
    crate::auth::client_ip::client_ip(req, &state.settings.trusted_proxies).map(|ip| ip.to_string())
}

/// What the emailed link shows: who invites, whom to represent, until when, and whether the
/// address has an account (log in, or create one). A caller logged in with another address is
/// refused.
#[utoipa::path(
    tag = "invitations",
    params(("token" = String, Path, description = "The secret from the emailed link")),
    responses(
        (status = 200, description = "The invitation", body = RepresentationInviteDto),
        (status = 403, description = "Logged in with another address (`invitation_wrong_account`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Unknown, used, replaced or revoked link (`invitation_invalid`), or expired (`invitation_expired`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/representation-invitations/{token}")]
pub async fn get_one(
    state: web::Data<AppState>,
    ctx: Option<AuthContext>,
    token: web::Path<String>,
) -> ApiResult<web::Json<RepresentationInviteDto>> {
    let now = state.clock.now();
    let (m, card, org) = representation::find_live(&state.db, &token, now).await?;
    check_caller(ctx.as_ref(), &m)?;
    let acc = accounts::find_account_by_email(&state.db, &m.email).await?;
    let patient_name = card.full_name().full();
    Ok(web::Json(RepresentationInviteDto {
        email: m.email.clone(),
        organization_name: org.name,
        patient_name,
        until: m.until,
        expires_at: m.expires_at,
        account_exists: acc.is_some(),
    }))
}

/// The card's own account cannot represent it.
fn check_not_own(card: &patient_card::Model, acc: uuid::Uuid) -> ApiResult<()> {
    if card.account_id == Some(acc) {
        return Err(ApiError::code(ErrorCode::Conflict, "This is the patient's own account."));
    }
    Ok(())
}

/// Accept, logged in with the invited address: the caller becomes the card's representative
/// until the day and gets (or keeps) a patient membership in the organization; the answer is
/// an access token for it, as a role switch (ACC-7).
#[utoipa::path(
    tag = "invitations",
    params(("token" = String, Path, description = "The secret from the emailed link")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Accepted: an access token for the patient membership in the organization", body = SessionDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Logged in with another address (`invitation_wrong_account`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The patient's own account (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Unknown, used, replaced or revoked link (`invitation_invalid`), or expired (`invitation_expired`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/representation-invitations/{token}/accept")]
pub async fn accept(
    state: web::Data<AppState>,
    req: HttpRequest,
    ctx: AuthContext,
    token: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let (m, card, org) = representation::find_live(&state.db, &token, now).await?;
    check_caller(Some(&ctx), &m)?;
    check_not_own(&card, ctx.account_id.0)?;
    let acc = account::Entity::find_by_id(ctx.account_id.0).one(&state.db).await?.ok_or_else(ApiError::unauthorized)?;
    let txn = db::begin_write(&state.db).await?;
    if !representation::decide(&txn, &m, Status::Accepted, Some(acc.id), now).await? {
        return Err(representation::invalid());
    }
    let (last, first, middle) = names_of(&txn, &acc).await?;
    let (pm, _rid) = representation::link(&txn, &m, &acc, (&last, &first, middle.as_deref()), now).await?;
    let ip = ctx.client_ip.clone();
    audit::record(&txn, decision_event(&m, AuditAction::RepresentativeAccept, Some(acc.id), Some(pm.id), ip, now))
        .await?;
    txn.commit().await?;
    if let Some(c) = req.cookie(COOKIE_NAME) {
        sessions::switch_membership(&state.db, c.value(), acc.id, pm.id).await?;
    }
    let dto: SessionDto = accounts::access_for(&state, &acc, &pm, Some(&org), ctx.session_id, now).await?;
    tracing::info!(account.id = %acc.id, membership.id = %pm.id, "representation accepted");
    Ok(HttpResponse::Ok().json(dto))
}

/// Accept for an address without an account: create the account (name and password) and
/// accept in one step; the caller is logged in to the patient membership.
#[utoipa::path(
    tag = "invitations",
    params(("token" = String, Path, description = "The secret from the emailed link")),
    request_body = RepresentationRegisterInput,
    responses(
        (status = 200, description = "Account created, invitation accepted, logged in (the refresh cookie is set)", body = SessionDto),
        (status = 409, description = "The address already has an account: log in and accept (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Unknown, used, replaced or revoked link (`invitation_invalid`), or expired (`invitation_expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A name or the password breaks the rules", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/representation-invitations/{token}/register")]
pub async fn register(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    body: Json<RepresentationRegisterInput>,
) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let body = body.0;
    let (m, _card, org) = representation::find_live(&state.db, &token, now).await?;
    if accounts::find_account_by_email(&state.db, &m.email).await?.is_some() {
        return Err(ApiError::code(ErrorCode::Conflict, "This address has an account: log in to accept."));
    }
    let name = Name::parse(&body.last_name, &body.first_name, body.middle_name.as_deref());
    let password = parse_new_password(&body.password, Some(&m.email)).map_err(|e| e.field_error("password"));
    let name = match (name, password) {
        (Ok(name), Ok(_)) => name,
        (name, password) => {
            let mut errors = match name {
                Err(ApiError::Validation(v)) => v,
                _ => Vec::new(),
            };
            errors.extend(password.err());
            return Err(ApiError::Validation(errors));
        }
    };
    let hash = state.hasher.hash(&body.password).await?;
    let txn = db::begin_write(&state.db).await?;
    if !representation::decide(&txn, &m, Status::Accepted, None, now).await? {
        return Err(representation::invalid());
    }
    let acc = accounts::create_account(&txn, &m.email, hash, now).await.map_err(|e| match e.sql_err() {
        Some(db::sea_orm::SqlErr::UniqueConstraintViolation(_)) => representation::invalid(),
        _ => ApiError::Db(e),
    })?;
    inv::Entity::update_many()
        .col_expr(inv::Column::AccountId, db::sea_orm::sea_query::Expr::value(acc.id))
        .filter(inv::Column::Id.eq(m.id))
        .exec(&txn)
        .await?;
    let names = (name.last.as_str(), name.first.as_str(), name.middle.as_ref().map(|n| n.as_str()));
    let (pm, _rid) = representation::link(&txn, &m, &acc, names, now).await?;
    let ip = client_ip(&state, &req);
    audit::record(&txn, decision_event(&m, AuditAction::RepresentativeAccept, Some(acc.id), Some(pm.id), ip, now))
        .await?;
    txn.commit().await?;
    let org: Option<&organization::Model> = Some(&org);
    let (dto, cookie) = accounts::log_in(&state, &acc, &pm, org, now).await?;
    tracing::info!(account.id = %acc.id, membership.id = %pm.id, "representation accepted with a new account");
    Ok(HttpResponse::Ok().cookie(cookie).json(dto))
}

/// Decline: the link stops working and nothing is linked. A caller logged in with another
/// address is refused.
#[utoipa::path(
    tag = "invitations",
    params(("token" = String, Path, description = "The secret from the emailed link")),
    responses(
        (status = 204, description = "Declined"),
        (status = 403, description = "Logged in with another address (`invitation_wrong_account`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Unknown, used, replaced or revoked link (`invitation_invalid`), or expired (`invitation_expired`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/representation-invitations/{token}/decline")]
pub async fn decline(
    state: web::Data<AppState>,
    req: HttpRequest,
    ctx: Option<AuthContext>,
    token: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let (m, _card, _org) = representation::find_live(&state.db, &token, now).await?;
    check_caller(ctx.as_ref(), &m)?;
    let txn = db::begin_write(&state.db).await?;
    if !representation::decide(&txn, &m, Status::Declined, None, now).await? {
        return Err(representation::invalid());
    }
    let account = ctx.as_ref().map(|c| c.account_id.0);
    let ip = client_ip(&state, &req);
    audit::record(&txn, decision_event(&m, AuditAction::RepresentativeDecline, account, None, ip, now)).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
