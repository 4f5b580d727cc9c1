//! The caller's own profile (ACC-8): display name, email change with confirmation and revert,
//! password change. An organization never changes an account; only its owner does, here.

use actix_web::{HttpRequest, HttpResponse, post, put, web};
use chrono::Duration;
use common::admin::{ChangeEmailRequest, ChangeNameRequest, ChangePasswordRequest, EmailChangedDto, EmailTokenRequest};
use common::audit::AuditAction;
use common::auth::{MeDto, Role, SessionDto};
use common::{ErrorCode, Locale, Problem};
use db::entities::{account, membership, one_time_token, organization, patient_card};
use db::sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::auth::password::parse_new_password;
use crate::auth::{AuthContext, StaffOrOperator, secret, session, throttle};
use crate::domains::accounts::invitations;
use crate::domains::accounts::service as accounts;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::platform::email::outbox::{EmailRequest, queue_email};
use crate::platform::email::templates::Template;
use crate::state::AppState;

/// How long the confirmation link to a new address works.
pub const CONFIRM_TTL: Duration = Duration::hours(24);
/// How long the old address may revert a change.
pub const REVERT_TTL: Duration = Duration::days(7);

const STAFF: [Role; 5] = [Role::Operator, Role::Organizer, Role::Doctor, Role::Instructor, Role::Assistant];

/// Change the display name on every staff membership of the caller (ACC-8).
#[utoipa::path(
    tag = "profile",
    request_body = ChangeNameRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved; the caller as `/me` shows him", body = MeDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A patient (his name is on his card, changed by the organization)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[put("/me/name")]
pub async fn change_name(
    state: web::Data<AppState>,
    StaffOrOperator(ctx): StaffOrOperator,
    body: Json<ChangeNameRequest>,
) -> ApiResult<web::Json<MeDto>> {
    let n = &body.0.name;
    let name = invitations::Name::parse(&n.last_name, &n.first_name, n.middle_name.as_deref())?;
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let ids: Vec<Uuid> = membership::Entity::find()
        .filter(membership::Column::AccountId.eq(ctx.account_id.0))
        .filter(membership::Column::Role.is_in(STAFF.iter().map(|r| r.as_str())))
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    crate::domains::accounts::service::rename(&txn, &ids, &name, now).await?;
    txn.commit().await?;
    Ok(web::Json(super::session::me_of(&state, ctx).await?))
}

/// Ask to change the account's email (ACC-8): the password again, then a link to the new
/// address. The answer is the same whether or not the new address is taken; a taken address
/// gets a notice instead of a link.
#[utoipa::path(
    tag = "profile",
    request_body = ChangeEmailRequest,
    security(("bearer" = [])),
    responses(
        (status = 202, description = "A message is on its way to the new address"),
        (status = 401, description = "Not logged in, or a wrong password (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid email, or the current one", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/me/email")]
pub async fn change_email(
    state: web::Data<AppState>,
    ctx: AuthContext,
    req: HttpRequest,
    body: Json<ChangeEmailRequest>,
) -> ApiResult<HttpResponse> {
    refuse_acting_for_dependent(&state, &ctx, &req).await?;
    let new = invitations::parse_email("new_email", &body.0.new_email)?;
    let acc = account::Entity::find_by_id(ctx.account_id.0).one(&state.db).await?.ok_or_else(ApiError::unauthorized)?;
    if new.as_str() == acc.email {
        return Err(ApiError::field("new_email", "unchanged", "is the current address"));
    }
    if !throttle::check_password(&state, &req, &acc.email, acc.password_hash.as_deref(), &body.0.password).await? {
        return Err(ApiError::code(ErrorCode::InvalidCredentials, "The password is wrong."));
    }
    let now = state.clock.now();
    let base = &state.settings.base_url;
    let txn = db::begin_write(&state.db).await?;
    let taken = accounts::find_account_by_email(&txn, new.as_str()).await?.is_some();
    let template = if taken {
        Template::EmailChangeTaken
    } else {
        // One live change at a time: older links stop working.
        one_time_token::Entity::update_many()
            .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
            .filter(one_time_token::Column::AccountId.eq(acc.id))
            .filter(one_time_token::Column::Purpose.eq(one_time_token::PURPOSE_EMAIL_CHANGE))
            .filter(one_time_token::Column::UsedAt.is_null())
            .exec(&txn)
            .await?;
        let token =
            issue(&txn, one_time_token::PURPOSE_EMAIL_CHANGE, acc.id, new.as_str(), now + CONFIRM_TTL, now).await?;
        Template::EmailChangeConfirm {
            link: format!("{base}/email/confirm#token={token}"),
            valid_hours: CONFIRM_TTL.num_hours(),
        }
    };
    queue_email(
        &txn,
        base,
        EmailRequest { organization_id: None, to: new.as_str().to_owned(), locale: locale_of(&acc), template },
        now,
    )
    .await?;
    txn.commit().await?;
    state.jobs_notify.notify_one();
    Ok(HttpResponse::Accepted().finish())
}

/// A patient whose request names (`X-Patient-Id`) a card that is not his own acts for a
/// dependent: account actions are refused with 403 `acting_for_dependent` (CAB-10). Whether he
/// may open that card at all does not matter here — either way the account is not the card's.
async fn refuse_acting_for_dependent(state: &AppState, ctx: &AuthContext, req: &HttpRequest) -> ApiResult<()> {
    if ctx.role != Role::Patient {
        return Ok(());
    }
    let Some(card) = crate::auth::extract::patient_header(req)? else { return Ok(()) };
    let own = patient_card::Entity::find_by_id(card)
        .one(&state.db)
        .await?
        .is_some_and(|c| c.account_id == Some(ctx.account_id.0));
    if own {
        Ok(())
    } else {
        let event =
            crate::platform::audit::AuditEvent::by(ctx, AuditAction::AccountChange, "account", state.clock.now())
                .denied();
        state.audit.read(event).await?;
        Err(ApiError::code(ErrorCode::ActingForDependent, "Switch back to your own cabinet first."))
    }
}

fn locale_of(acc: &account::Model) -> Locale {
    Locale::parse(&acc.locale).unwrap_or(Locale::Ru)
}

async fn issue(
    db: &impl ConnectionTrait,
    purpose: &str,
    account: Uuid,
    payload: &str,
    expires: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<String> {
    let token = secret::new_token();
    one_time_token::Entity::insert(one_time_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        purpose: Set(purpose.to_owned()),
        token_hash: Set(secret::hash(&[&token])),
        account_id: Set(Some(account)),
        membership_id: Set(None),
        expires_at: Set(expires),
        used_at: Set(None),
        attempts: Set(0),
        payload: Set(Some(payload.to_owned())),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(token)
}

/// Takes a live one-time token of `purpose` once: its row, or `invitation_invalid`.
async fn take(
    db: &impl ConnectionTrait,
    purpose: &str,
    token: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<one_time_token::Model> {
    let invalid = || ApiError::code(ErrorCode::InvitationInvalid, "This link is no longer valid.");
    let row = one_time_token::Entity::find()
        .filter(one_time_token::Column::TokenHash.eq(secret::hash(&[token.trim()])))
        .filter(one_time_token::Column::Purpose.eq(purpose))
        .one(db)
        .await?
        .ok_or_else(invalid)?;
    if row.used_at.is_some() || row.expires_at <= now || row.account_id.is_none() || row.payload.is_none() {
        return Err(invalid());
    }
    if !secret::consume(db, row.id, now).await? {
        return Err(invalid());
    }
    Ok(row)
}

async fn set_email(
    db: &impl ConnectionTrait,
    acc: Uuid,
    email: &str,
    end_sessions: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    let mut q = account::Entity::update_many()
        .col_expr(account::Column::Email, Expr::value(email))
        .col_expr(account::Column::UpdatedAt, Expr::value(now));
    if end_sessions {
        q = q.col_expr(account::Column::SessionVersion, Expr::col(account::Column::SessionVersion).add(1));
    }
    q.filter(account::Column::Id.eq(acc)).exec(db).await.map_err(|e| match e.sql_err() {
        // Taken in the meantime: the link cannot be honoured.
        Some(db::sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
            ApiError::code(ErrorCode::InvitationInvalid, "This link is no longer valid.")
        }
        _ => ApiError::Db(e),
    })?;
    if end_sessions {
        session::revoke_account(db, acc, now).await?;
    }
    Ok(())
}

/// Confirm a new address from the emailed link: the account's email changes, and the old
/// address gets a notice with a revert link.
#[utoipa::path(
    tag = "profile",
    request_body = EmailTokenRequest,
    responses(
        (status = 200, description = "Changed", body = EmailChangedDto),
        (status = 410, description = "The link is unknown, used, expired, or the address was taken meanwhile (`invitation_invalid`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/account/email/confirm")]
pub async fn confirm_email(
    state: web::Data<AppState>,
    body: Json<EmailTokenRequest>,
) -> ApiResult<web::Json<EmailChangedDto>> {
    let now = state.clock.now();
    let base = &state.settings.base_url;
    let txn = db::begin_write(&state.db).await?;
    let row = take(&txn, one_time_token::PURPOSE_EMAIL_CHANGE, &body.0.token, now).await?;
    let (Some(acc_id), Some(new)) = (row.account_id, row.payload) else { return Err(ApiError::not_found()) };
    let acc = account::Entity::find_by_id(acc_id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    set_email(&txn, acc.id, &new, false, now).await?;
    let revert = issue(&txn, one_time_token::PURPOSE_EMAIL_REVERT, acc.id, &acc.email, now + REVERT_TTL, now).await?;
    queue_email(
        &txn,
        base,
        EmailRequest {
            organization_id: None,
            to: acc.email.clone(),
            locale: locale_of(&acc),
            template: Template::EmailChangedNotice {
                new_email: new.clone(),
                revert_link: format!("{base}/email/revert#token={revert}"),
                valid_days: REVERT_TTL.num_days(),
            },
        },
        now,
    )
    .await?;
    txn.commit().await?;
    state.jobs_notify.notify_one();
    tracing::info!(account.id = %acc.id, "account email changed");
    Ok(web::Json(EmailChangedDto { email: new }))
}

/// Restore the old address from the notice's link: every session ends (someone else may hold
/// one); the owner then logs in with the old address, or resets the password.
#[utoipa::path(
    tag = "profile",
    request_body = EmailTokenRequest,
    responses(
        (status = 200, description = "Restored", body = EmailChangedDto),
        (status = 410, description = "The link is unknown, used, expired, or the old address was taken meanwhile (`invitation_invalid`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/account/email/revert")]
pub async fn revert_email(
    state: web::Data<AppState>,
    body: Json<EmailTokenRequest>,
) -> ApiResult<web::Json<EmailChangedDto>> {
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let row = take(&txn, one_time_token::PURPOSE_EMAIL_REVERT, &body.0.token, now).await?;
    let (Some(acc_id), Some(old)) = (row.account_id, row.payload) else { return Err(ApiError::not_found()) };
    set_email(&txn, acc_id, &old, true, now).await?;
    // Pending changes die with the revert.
    one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
        .filter(one_time_token::Column::AccountId.eq(acc_id))
        .filter(one_time_token::Column::Purpose.eq(one_time_token::PURPOSE_EMAIL_CHANGE))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    tracing::info!(account.id = %acc_id, "account email reverted");
    Ok(web::Json(EmailChangedDto { email: old }))
}

/// Change the password (ACC-8): the old one is required; every other session ends at once;
/// this one continues with the returned token and a new refresh cookie.
#[utoipa::path(
    tag = "profile",
    request_body = ChangePasswordRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Changed; a fresh session", body = SessionDto),
        (status = 401, description = "Not logged in, or a wrong old password (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The new password breaks the policy", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    ctx: AuthContext,
    req: HttpRequest,
    body: Json<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    refuse_acting_for_dependent(&state, &ctx, &req).await?;
    let acc = account::Entity::find_by_id(ctx.account_id.0).one(&state.db).await?.ok_or_else(ApiError::unauthorized)?;
    parse_new_password(&body.0.new_password, Some(&acc.email))
        .map_err(|e| ApiError::Validation(vec![e.field_error("new_password")]))?;
    if !throttle::check_password(&state, &req, &acc.email, acc.password_hash.as_deref(), &body.0.old_password).await? {
        return Err(ApiError::code(ErrorCode::InvalidCredentials, "The old password is wrong."));
    }
    let now = state.clock.now();
    let hash = state.hasher.hash(&body.0.new_password).await?;
    let txn = db::begin_write(&state.db).await?;
    accounts::set_password(&txn, acc.id, hash, now).await?;
    txn.commit().await?;
    let acc = account::Entity::find_by_id(acc.id).one(&state.db).await?.ok_or_else(ApiError::unauthorized)?;
    let (m, org) = membership::Entity::find_by_id(ctx.membership_id.0)
        .find_also_related(organization::Entity)
        .one(&state.db)
        .await?
        .ok_or_else(ApiError::unauthorized)?;
    let (dto, cookie) = accounts::log_in(&state, &acc, &m, org.as_ref(), now).await?;
    tracing::info!(account.id = %acc.id, "password changed");
    Ok(HttpResponse::Ok().cookie(cookie).json(dto))
}
