//! The session after login: refresh, logout, role switch, and who am I.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use common::auth::{MeDto, MembershipStatus, SessionDto, SwitchRequest};
use common::ids::AccountId;
use common::person::FullName;
use common::{ErrorCode, Problem};
use db::entities::{account, membership, organization};
use db::sea_orm::EntityTrait;

use crate::auth::AuthContext;
use crate::auth::consents;
use crate::auth::extract::{check_origin, consents_withdrawn};
use crate::auth::session::{self as sessions, COOKIE_NAME, Refused};
use crate::domains::accounts::service as accounts;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::state::AppState;

fn expired() -> ApiError {
    ApiError::code(ErrorCode::SessionExpired, "The session has ended; log in again.")
}

/// Exchange the refresh cookie for a new access token (and a rotated cookie).
///
/// A same-origin request only (`Origin` checked). Two tabs refreshing at once both succeed;
/// a refresh token reused later ends the whole session.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "A new access token; the refresh cookie is rotated", body = SessionDto),
        (status = 401, description = "No, expired, revoked or reused refresh token (`session_expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cross-origin request (`forbidden`), or a patient whose consents were withdrawn (`consents_withdrawn`; the session ends)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/auth/refresh")]
pub async fn refresh(state: web::Data<AppState>, req: HttpRequest) -> ApiResult<HttpResponse> {
    check_origin(&req, &state.settings)?;
    let now = state.clock.now();
    let token = req.cookie(COOKIE_NAME).map(|c| c.value().to_owned()).ok_or_else(expired)?;
    let issued = match sessions::rotate(&state.db, &token, now).await? {
        Ok(issued) => issued,
        Err(Refused::Reused) | Err(Refused::Revoked) | Err(Refused::Expired) | Err(Refused::Unknown) => {
            return Ok(expired_response(&state));
        }
    };
    let row = &issued.row;
    let found = membership::Entity::find_by_id(row.membership_id)
        .find_also_related(organization::Entity)
        .one(&state.db)
        .await?;
    let acc = account::Entity::find_by_id(row.account_id).one(&state.db).await?;
    let (Some((m, org)), Some(acc)) = (found, acc) else { return Ok(expired_response(&state)) };
    if accounts::status_of(&m) != MembershipStatus::Active || m.account_id != Some(acc.id) {
        sessions::revoke_family(&state.db, row.family_id, now).await?;
        return Ok(expired_response(&state));
    }
    if consents::consents_withdrawn(&state.db, &m).await? {
        // No cabinet without the consents (PREG-1): the session ends, and says why.
        sessions::revoke_family(&state.db, row.family_id, now).await?;
        return Ok(with_removed_cookie(&state, consents_withdrawn()));
    }
    let dto = accounts::access_for(&state, &acc, &m, org.as_ref(), row.family_id, now).await?;
    Ok(HttpResponse::Ok().cookie(sessions::cookie(&issued.token, accounts::secure_cookies(&state))).json(dto))
}

fn expired_response(state: &AppState) -> HttpResponse {
    with_removed_cookie(state, expired())
}

/// The problem answer for `error`, clearing the refresh cookie.
fn with_removed_cookie(state: &AppState, error: ApiError) -> HttpResponse {
    use actix_web::ResponseError;
    let mut res = error.error_response();
    let _ = res.add_cookie(&sessions::removal_cookie(accounts::secure_cookies(state)));
    res
}

/// The verified claims of the request's access token, if it carries a valid one.
fn bearer_claims(req: &HttpRequest, state: &AppState) -> Option<crate::auth::jwt::Claims> {
    let value = req.headers().get(actix_web::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    crate::auth::jwt::verify(state.settings.jwt_secret.expose(), token.trim(), state.clock.now())
}

/// Log out: ends this session (the refresh cookie's family, and the session of the access token
/// sent with it) and clears the cookie. The session's access tokens are refused from the next
/// request on; the account's other sessions go on.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 204, description = "Logged out (also when there was no session)"),
        (status = 403, description = "Cross-origin request", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, req: HttpRequest) -> ApiResult<HttpResponse> {
    check_origin(&req, &state.settings)?;
    let now = state.clock.now();
    if let Some(c) = req.cookie(COOKIE_NAME)
        && let Some(row) = sessions::find(&state.db, c.value()).await?
    {
        sessions::revoke_family(&state.db, row.family_id, now).await?;
    }
    // The access token's session ends too, even when the cookie is gone: the token is refused
    // on its next use; other sessions of the account go on.
    if let Some(claims) = bearer_claims(&req, &state) {
        sessions::revoke_session_of(&state.db, claims.sid, claims.sub, now).await?;
    }
    Ok(HttpResponse::NoContent().cookie(sessions::removal_cookie(accounts::secure_cookies(&state))).finish())
}

/// Switch to another membership of the same account without the password (ACC-7).
#[utoipa::path(
    tag = "auth",
    request_body = SwitchRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "An access token for the other membership", body = SessionDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an active membership of this account", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/auth/switch")]
pub async fn switch(
    state: web::Data<AppState>,
    req: HttpRequest,
    ctx: AuthContext,
    body: Json<SwitchRequest>,
) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let acc = account::Entity::find_by_id(ctx.account_id.0).one(&state.db).await?.ok_or_else(ApiError::unauthorized)?;
    let target = membership::Entity::find_by_id(body.0.membership_id.0)
        .find_also_related(organization::Entity)
        .one(&state.db)
        .await?;
    let Some((m, org)) = target.filter(|(m, _)| m.account_id == Some(acc.id)) else {
        return Err(ApiError::forbidden());
    };
    if accounts::status_of(&m) != MembershipStatus::Active {
        return Err(ApiError::code(ErrorCode::MembershipInactive, "This access was deactivated by the organization."));
    }
    if consents::consents_withdrawn(&state.db, &m).await? {
        return Err(consents_withdrawn());
    }
    if let Some(c) = req.cookie(COOKIE_NAME) {
        sessions::switch_membership(&state.db, c.value(), acc.id, m.id).await?;
    }
    let dto = accounts::access_for(&state, &acc, &m, org.as_ref(), ctx.session_id, now).await?;
    tracing::info!(account.id = %acc.id, membership.id = %m.id, "switched role");
    Ok(HttpResponse::Ok().json(dto))
}

/// The account and its memberships.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = MeDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, ctx: AuthContext) -> ApiResult<web::Json<MeDto>> {
    Ok(web::Json(me_of(&state, ctx).await?))
}

/// The caller as `GET /me` shows him.
pub async fn me_of(state: &AppState, ctx: AuthContext) -> ApiResult<MeDto> {
    let all = accounts::memberships_of(&state.db, ctx.account_id.0).await?;
    let mut current = None;
    let mut memberships = Vec::new();
    let mut name = FullName { last_name: String::new(), first_name: String::new(), middle_name: None };
    let mut time_zone = chrono_tz::UTC;
    for (m, org) in &all {
        let dto = accounts::membership_dto(m, org.as_ref())?;
        if m.id == ctx.membership_id.0 {
            name = m.full_name();
            current = Some(dto.clone());
            time_zone = crate::platform::time_zone::display_zone(&state.db, m, org.as_ref()).await?;
        }
        if dto.status == MembershipStatus::Active {
            memberships.push(dto);
        }
    }
    let current = current.ok_or_else(ApiError::unauthorized)?;
    Ok(MeDto {
        account_id: AccountId(ctx.account_id.0),
        email: ctx.email,
        display_name: name.full(),
        name,
        current,
        memberships,
        time_zone: time_zone.name().to_owned(),
    })
}
