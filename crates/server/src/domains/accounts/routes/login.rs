//! `POST /auth/login` (ACC-6, ACC-10).

use actix_web::{HttpRequest, HttpResponse, post, web};
use common::auth::{LoginRequest, MembershipStatus, SessionDto};
use common::{ErrorCode, Problem};

use crate::auth::consents;
use crate::auth::extract::consents_withdrawn;
use crate::auth::throttle;
use crate::domains::accounts::invitations;
use crate::domains::accounts::service as accounts;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::state::AppState;

/// Log in with email and password.
///
/// Unknown addresses, wrong passwords and accounts in any state get the same answer in the
/// same time (one password hash each, and a common minimum answer time); the specific reason
/// (`membership_inactive`, `consents_withdrawn`) comes only after a correct password. Failures slow further attempts per address and per client
/// (429 with `Retry-After`). The refresh token is set as an HttpOnly cookie.
#[utoipa::path(
    tag = "auth",
    request_body(content = LoginRequest, example = json!({"email": "ivanova@example.org", "password": "correct horse battery"})),
    responses(
        (status = 200, description = "Logged in; the refresh cookie is set", body = SessionDto),
        (status = 401, description = "Wrong email or password (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Right password, but the access is deactivated (`membership_inactive`), the patient's consents were withdrawn (`consents_withdrawn`), or the requested membership is not the account's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid email format", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/auth/login")]
pub async fn login(state: web::Data<AppState>, req: HttpRequest, body: Json<LoginRequest>) -> ApiResult<HttpResponse> {
    throttle::with_floor(state.settings.answer_floor, login_inner(&state, &req, body.0)).await
}

async fn login_inner(state: &AppState, req: &HttpRequest, body: LoginRequest) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let email = invitations::parse_email("email", &body.email)?;
    let account = accounts::find_account_by_email(&state.db, email.as_str()).await?;
    let stored = account.as_ref().and_then(|a| a.password_hash.as_deref());
    let ok = throttle::check_password(state, req, email.as_str(), stored, &body.password).await?;
    let Some(account) = account.filter(|_| ok) else {
        return Err(ApiError::code(ErrorCode::InvalidCredentials, "Wrong email or password."));
    };

    let memberships = accounts::memberships_of(&state.db, account.id).await?;
    // A patient membership whose consents were withdrawn opens no cabinet (PREG-1): the default
    // choice skips it for another active membership, and says why when there is none.
    let mut closed = Vec::new();
    for (m, _) in &memberships {
        if accounts::status_of(m) == MembershipStatus::Active && consents::consents_withdrawn(&state.db, m).await? {
            closed.push(m.id);
        }
    }
    let usable = |m: &db::entities::membership::Model| {
        accounts::status_of(m) == MembershipStatus::Active && !closed.contains(&m.id)
    };
    let chosen = match body.membership_id {
        Some(wanted) => memberships.iter().find(|(m, _)| m.id == wanted.0).ok_or_else(ApiError::forbidden)?,
        None => memberships
            .iter()
            .find(|(m, _)| usable(m))
            .or_else(|| memberships.iter().find(|(m, _)| closed.contains(&m.id)))
            .or_else(|| memberships.first())
            .ok_or_else(inactive)?,
    };
    if accounts::status_of(&chosen.0) != MembershipStatus::Active {
        return Err(inactive());
    }
    if closed.contains(&chosen.0.id) {
        return Err(consents_withdrawn());
    }
    let (dto, cookie) = accounts::log_in(state, &account, &chosen.0, chosen.1.as_ref(), now).await?;
    tracing::info!(account.id = %account.id, membership.id = %chosen.0.id, "logged in");
    Ok(HttpResponse::Ok().cookie(cookie).json(dto))
}

fn inactive() -> ApiError {
    ApiError::code(ErrorCode::MembershipInactive, "This access was deactivated by the organization.")
}
