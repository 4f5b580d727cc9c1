//! `/api/v1/invitations/{token}`: the activation page (ACC-2). The token is the emailed
//! secret; it is single-use, replaced by a resend, and lapses after 10 days.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use common::auth::{AcceptInvitationRequest, InvitationDto, MembershipStatus, SessionDto};
use common::{ErrorCode, Problem};
use db::entities::{account, membership};
use db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

use crate::auth::password::parse_new_password;
use crate::auth::{secret, throttle};
use crate::domains::accounts::invitations;
use crate::domains::accounts::service as accounts;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::state::AppState;

/// What the activation page shows for a live invitation link.
#[utoipa::path(
    tag = "invitations",
    params(("token" = String, Path, description = "The secret from the emailed link")),
    responses(
        (status = 200, description = "The invitation", body = InvitationDto),
        (status = 410, description = "Unknown, used, replaced or expired link (`invitation_invalid`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/invitations/{token}")]
pub async fn get_invitation(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> ApiResult<web::Json<InvitationDto>> {
    let now = state.clock.now();
    let (row, m, org) = invitations::find_live(&state.db, &token, now).await?;
    let existing = accounts::find_account_by_email(&state.db, &m.invited_email).await?;
    Ok(web::Json(InvitationDto {
        email: m.invited_email.clone(),
        role: m.role,
        organization_name: org.map(|o| o.name),
        full_name: m.full_name().full(),
        account_exists: existing.is_some_and(|a| a.password_hash.is_some()),
        expires_at: row.expires_at,
    }))
}

/// Accept the invitation: set a password (a new account) or confirm the existing account's
/// password. The caller is logged in to the new membership.
#[utoipa::path(
    tag = "invitations",
    params(("token" = String, Path, description = "The secret from the emailed link")),
    request_body = AcceptInvitationRequest,
    responses(
        (status = 200, description = "Accepted and logged in; the refresh cookie is set", body = SessionDto),
        (status = 401, description = "Wrong password of the existing account (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Unknown, used, replaced or expired link (`invitation_invalid`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The new password breaks the policy (`password`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/invitations/{token}/accept")]
pub async fn accept(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    body: Json<AcceptInvitationRequest>,
) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let (row, m, org) = invitations::find_live(&state.db, &token, now).await?;
    let existing = accounts::find_account_by_email(&state.db, &m.invited_email).await?;
    let password = body.0.password;

    // An existing account proves itself with its password (throttled like a login).
    let (account, new_hash) = match existing.filter(|a| a.password_hash.is_some()) {
        Some(acc) => {
            if !throttle::check_password(&state, &req, &acc.email, acc.password_hash.as_deref(), &password).await? {
                return Err(ApiError::code(ErrorCode::InvalidCredentials, "Wrong password."));
            }
            (Some(acc), None)
        }
        None => {
            parse_new_password(&password, Some(&m.invited_email))
                .map_err(|e| ApiError::Validation(vec![e.field_error("password")]))?;
            (None, Some(state.hasher.hash(&password).await?))
        }
    };

    let txn = db::begin_write(&state.db).await?;
    if !secret::consume(&txn, row.id, now).await? {
        return Err(ApiError::code(ErrorCode::InvitationInvalid, "This invitation link is no longer valid."));
    }
    let account = match (account, new_hash) {
        (Some(acc), _) => acc,
        (None, Some(hash)) => accounts::create_account(&txn, &m.invited_email, hash, now).await?,
        (None, None) => return Err(ApiError::Internal(anyhow::anyhow!("neither an account nor a new password"))),
    };
    membership::Entity::update_many()
        .col_expr(membership::Column::AccountId, Expr::value(account.id))
        .col_expr(membership::Column::Status, Expr::value(MembershipStatus::Active.as_str()))
        .col_expr(membership::Column::ActivatedAt, Expr::value(now))
        .col_expr(membership::Column::UpdatedAt, Expr::value(now))
        .filter(membership::Column::Id.eq(m.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    let m = membership::Entity::find_by_id(m.id).one(&state.db).await?.ok_or_else(ApiError::not_found)?;
    let account = account::Entity::find_by_id(account.id).one(&state.db).await?.ok_or_else(ApiError::not_found)?;
    let (dto, cookie) = accounts::log_in(&state, &account, &m, org.as_ref(), now).await?;
    tracing::info!(account.id = %account.id, membership.id = %m.id, "invitation accepted");
    Ok(HttpResponse::Ok().cookie(cookie).json(dto))
}
