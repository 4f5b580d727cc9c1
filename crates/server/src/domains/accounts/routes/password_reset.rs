//! Forgotten password (ACC-6): an emailed 6-digit code valid 30 minutes, at most 5 tries, then
//! a new password. The same two steps for every account; step 1 never tells whether the
//! address exists.

use actix_web::{HttpRequest, HttpResponse, post, web};
use common::auth::{PasswordResetConfirm, PasswordResetRequest};
use common::{ErrorCode, Problem};
use db::entities::one_time_token;
use db::sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait},
};

use crate::auth::client_ip::client_ip;
use crate::auth::password::parse_new_password;
use crate::auth::{secret, throttle};
use crate::domains::accounts::address_codes;
use crate::domains::accounts::invitations;
use crate::domains::accounts::service as accounts;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::state::AppState;

pub const MAX_TRIES: i32 = 5;

/// Step 1: email a verification code. Always 202, whether or not the address has an account,
/// in the same time (the code is issued by a background job; every answer waits until the
/// configured minimum answer time).
#[utoipa::path(
    tag = "auth",
    request_body(content = PasswordResetRequest, example = json!({"email": "ivanova@example.org"})),
    responses(
        (status = 202, description = "If the address has an account, a code was emailed"),
        (status = 422, description = "Not an email address", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this client", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/auth/password-reset")]
pub async fn request(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<PasswordResetRequest>,
) -> ApiResult<HttpResponse> {
    throttle::with_floor(state.settings.answer_floor, request_inner(&state, &req, &body.0)).await
}

/// The same work for every address: count the request against the client, record it as a job.
async fn request_inner(state: &AppState, req: &HttpRequest, body: &PasswordResetRequest) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let email = invitations::parse_email("email", &body.email)?;
    let client_key = throttle::reset_key(client_ip(req, &state.settings.trusted_proxies));
    if let Some(secs) = throttle::blocked_for(&state.db, &[&client_key], now).await? {
        return Err(ApiError::RateLimited(secs));
    }
    // Each request counts against the client, so the endpoint cannot be used to flood mailboxes.
    throttle::record_failure(&state.db, &client_key, throttle::PER_CLIENT, now).await?;
    address_codes::request_password_reset(&state.db, email.as_str(), now).await?;
    state.jobs_notify.notify_one();
    Ok(HttpResponse::Accepted().finish())
}

fn invalid_code() -> ApiError {
    ApiError::code(ErrorCode::InvalidCode, "The code is wrong or has expired; request a new one.")
}

/// Step 2: the code and a new password. Every other session of the account ends.
#[utoipa::path(
    tag = "auth",
    request_body(content = PasswordResetConfirm, example = json!({"email": "ivanova@example.org", "code": "042917", "new_password": "a long new password"})),
    responses(
        (status = 204, description = "The password is changed; log in with it"),
        (status = 400, description = "Wrong, used or expired code, or too many tries (`invalid_code`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The new password breaks the policy (`new_password`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/auth/password-reset/confirm")]
pub async fn confirm(state: web::Data<AppState>, body: Json<PasswordResetConfirm>) -> ApiResult<HttpResponse> {
    throttle::with_floor(state.settings.answer_floor, confirm_inner(&state, body.0)).await
}

async fn confirm_inner(state: &AppState, body: PasswordResetConfirm) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let email = invitations::parse_email("email", &body.email)?;
    // The policy first, so a weak password does not burn a try of the code.
    parse_new_password(&body.new_password, Some(email.as_str()))
        .map_err(|e| ApiError::Validation(vec![e.field_error("new_password")]))?;
    let Some(account) = accounts::find_account_by_email(&state.db, email.as_str()).await? else {
        return Err(invalid_code());
    };
    let row = one_time_token::Entity::find()
        .filter(one_time_token::Column::AccountId.eq(account.id))
        .filter(one_time_token::Column::Purpose.eq(one_time_token::PURPOSE_PASSWORD_RESET))
        .filter(one_time_token::Column::UsedAt.is_null())
        .order_by_desc(one_time_token::Column::CreatedAt)
        .one(&state.db)
        .await?
        .ok_or_else(invalid_code)?;
    if row.expires_at <= now {
        return Err(invalid_code());
    }
    // Claim a try before comparing, atomically, so parallel guesses cannot exceed MAX_TRIES.
    let claimed = one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::Attempts, Expr::col(one_time_token::Column::Attempts).add(1))
        .filter(one_time_token::Column::Id.eq(row.id))
        .filter(one_time_token::Column::UsedAt.is_null())
        .filter(one_time_token::Column::Attempts.lt(MAX_TRIES))
        .exec(&state.db)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(invalid_code());
    }
    let presented = secret::hash(&[&row.id.to_string(), body.code.trim()]);
    if !secret::same(&presented, &row.token_hash) {
        return Err(invalid_code());
    }
    let hash = state.hasher.hash(&body.new_password).await?;
    let txn = db::begin_write(&state.db).await?;
    if !secret::consume(&txn, row.id, now).await? {
        return Err(invalid_code());
    }
    accounts::set_password(&txn, account.id, hash, now).await?;
    txn.commit().await?;
    tracing::info!(account.id = %account.id, "password reset");
    Ok(HttpResponse::NoContent().finish())
}
