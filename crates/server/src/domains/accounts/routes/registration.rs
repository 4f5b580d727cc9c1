//! `/api/v1/registration`: a patient registers his cabinet (PREG-2…6).
//!
//! Step 1 compares email, last name, first name and birth date with the organization's patient
//! cards that hold all three consents (names case- and ё/е-insensitive). On a match a 6-digit
//! code is emailed (24 hours, 5 tries, stored hashed). A mismatch answers exactly the same, in
//! the same time: the request does the same work for any data (it is recorded as a job that
//! does the comparing, `services::address_codes`), every answer waits until the configured
//! minimum answer time, and every request counts against the client. Step 2 takes the code and a password: a new account, or the existing account of that
//! address once its password is confirmed; the matched cards are linked to it, a patient
//! membership per organization is activated, and the patient is logged in.

use actix_web::{HttpRequest, HttpResponse, post, web};
use common::admin::PatientStatus;
use common::audit::AuditAction;
use common::auth::{RegistrationComplete, RegistrationStart};
use common::{ErrorCode, Problem};
use db::entities::{membership, organization, patient_card, registration_code};
use db::sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::auth::client_ip::client_ip;
use crate::auth::password::parse_new_password;
use crate::auth::{secret, throttle};
use crate::domains::accounts::address_codes;
use crate::domains::accounts::invitations;
use crate::domains::accounts::service as accounts;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::platform::audit::{self, AuditEvent};
use crate::state::AppState;

pub const MAX_TRIES: i32 = 5;

/// Step 1: the card's data → a code by email when it matches. Always 202.
#[utoipa::path(
    tag = "registration",
    request_body(content = RegistrationStart, example = json!({
        "email": "belova@example.org", "last_name": "Белова", "first_name": "Ирина", "birth_date": "1968-04-12"
    })),
    responses(
        (status = 202, description = "If the data matches a card with all three consents, a code was emailed"),
        (status = 422, description = "A field is missing or malformed", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this client", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/registration")]
pub async fn start(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<RegistrationStart>,
) -> ApiResult<HttpResponse> {
    throttle::with_floor(state.settings.answer_floor, start_inner(&state, &req, &body.0)).await
}

/// The same work whether or not the data matches: count the request against the client and
/// record it as a job, which compares it with the cards and emails the code.
async fn start_inner(state: &AppState, req: &HttpRequest, body: &RegistrationStart) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let email = invitations::parse_email("email", &body.email);
    let name = invitations::Name::parse(&body.last_name, &body.first_name, None);
    let email = match (email, name) {
        (Ok(email), Ok(_)) => email,
        (email, name) => {
            let errors = [email.err(), name.err()]
                .into_iter()
                .flatten()
                .flat_map(|e| match e {
                    ApiError::Validation(v) => v,
                    _ => Vec::new(),
                })
                .collect();
            return Err(ApiError::Validation(errors));
        }
    };
    let key = throttle::registration_key(client_ip(req, &state.settings.trusted_proxies));
    if let Some(secs) = throttle::blocked_for(&state.db, &[&key], now).await? {
        return Err(ApiError::RateLimited(secs));
    }
    throttle::record_failure(&state.db, &key, throttle::PER_CLIENT, now).await?;
    let request = RegistrationStart { email: email.as_str().to_owned(), ..body.clone() };
    address_codes::request_registration(&state.db, &request, now).await?;
    state.jobs_notify.notify_one();
    Ok(HttpResponse::Accepted().finish())
}

fn invalid_code() -> ApiError {
    ApiError::code(ErrorCode::InvalidCode, "The code is wrong or has expired; request a new one.")
}

/// Step 2: the code and a password → the cards are linked to the account, the patient is
/// logged in.
#[utoipa::path(
    tag = "registration",
    request_body(content = RegistrationComplete, example = json!({
        "email": "belova@example.org", "code": "042917", "password": "a long pass phrase"
    })),
    responses(
        (status = 200, description = "Registered and logged in (the refresh cookie is set)", body = common::auth::SessionDto),
        (status = 400, description = "Wrong, used or expired code, or too many tries (`invalid_code`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "The address has an account and this is not its password (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A new password breaks the policy (`password`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/registration/complete")]
pub async fn complete(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<RegistrationComplete>,
) -> ApiResult<HttpResponse> {
    throttle::with_floor(state.settings.answer_floor, complete_inner(&state, &req, body.0)).await
}

async fn complete_inner(state: &AppState, req: &HttpRequest, body: RegistrationComplete) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let email = invitations::parse_email("email", &body.email)?;
    let existing = accounts::find_account_by_email(&state.db, email.as_str()).await?;
    if existing.is_none() {
        // A new account: the policy first, so a weak password does not burn a try of the code.
        parse_new_password(&body.password, Some(email.as_str()))
            .map_err(|e| ApiError::Validation(vec![e.field_error("password")]))?;
    }
    let row = registration_code::Entity::find()
        .filter(registration_code::Column::Email.eq(email.as_str()))
        .filter(registration_code::Column::UsedAt.is_null())
        .order_by_desc(registration_code::Column::CreatedAt)
        .one(&state.db)
        .await?
        .ok_or_else(invalid_code)?;
    if row.expires_at <= now {
        return Err(invalid_code());
    }
    // Claim a try before comparing, atomically, so parallel guesses cannot exceed MAX_TRIES.
    let claimed = registration_code::Entity::update_many()
        .col_expr(registration_code::Column::Attempts, Expr::col(registration_code::Column::Attempts).add(1))
        .filter(registration_code::Column::Id.eq(row.id))
        .filter(registration_code::Column::UsedAt.is_null())
        .filter(registration_code::Column::Attempts.lt(MAX_TRIES))
        .exec(&state.db)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(invalid_code());
    }
    if !secret::same(&secret::hash(&[&row.id.to_string(), body.code.trim()]), &row.code_hash) {
        return Err(invalid_code());
    }
    let account = match existing {
        Some(acc) => {
            if !throttle::check_password(state, req, &acc.email, acc.password_hash.as_deref(), &body.password).await? {
                return Err(ApiError::code(
                    ErrorCode::InvalidCredentials,
                    "This address already has an account: enter its password.",
                ));
            }
            acc
        }
        None => {
            let hash = state.hasher.hash(&body.password).await?;
            let txn = db::begin_write(&state.db).await?;
            let acc = accounts::create_account(&txn, email.as_str(), hash, now).await?;
            txn.commit().await?;
            acc
        }
    };
    let txn = db::begin_write(&state.db).await?;
    let used = registration_code::Entity::update_many()
        .col_expr(registration_code::Column::UsedAt, Expr::value(now))
        .filter(registration_code::Column::Id.eq(row.id))
        .filter(registration_code::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        return Err(invalid_code());
    }
    let ids: Vec<Uuid> = serde_json::from_str(&row.card_ids).map_err(|e| ApiError::Internal(e.into()))?;
    let mut first: Option<membership::Model> = None;
    for id in ids {
        // Only cards still waiting for their patient: one deactivated or archived meanwhile
        // is not linked.
        let linked = patient_card::Entity::update_many()
            .col_expr(patient_card::Column::AccountId, Expr::value(account.id))
            .col_expr(patient_card::Column::Status, Expr::value(PatientStatus::Active.as_str()))
            .col_expr(patient_card::Column::UpdatedAt, Expr::value(now))
            .filter(patient_card::Column::Id.eq(id))
            .filter(patient_card::Column::Status.eq(PatientStatus::Pending.as_str()))
            .exec(&txn)
            .await?;
        if linked.rows_affected != 1 {
            continue;
        }
        let Some(card) = patient_card::Entity::find_by_id(id).one(&txn).await? else { continue };
        let names = (card.last_name.as_str(), card.first_name.as_str(), card.middle_name.as_deref());
        let m = accounts::patient_membership(&txn, &account, card.organization_id, names, now).await?;
        audit::record(
            &txn,
            AuditEvent::system(card.organization_id, AuditAction::PatientRegister, "patient", now)
                .entity_id(id)
                .patients([id]),
        )
        .await?;
        first.get_or_insert(m);
    }
    let Some(m) = first else { return Err(invalid_code()) };
    txn.commit().await?;
    let org = organization::Entity::find_by_id(m.organization_id.unwrap_or_default()).one(&state.db).await?;
    let (dto, cookie) = accounts::log_in(state, &account, &m, org.as_ref(), now).await?;
    tracing::info!(account.id = %account.id, membership.id = %m.id, "patient registered");
    Ok(HttpResponse::Ok().cookie(cookie).json(dto))
}
