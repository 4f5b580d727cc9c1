//! Slowing down password guessing (ACC-10), with counters in the database so they hold across
//! server processes.
//!
//! - Per email (hashed): 5 failures within 15 minutes block that address for 30 s; each
//!   further failure doubles the block, at most 5 minutes — so nobody can lock another person
//!   out for more than minutes, while guessing stays hopeless.
//! - Per client address: 30 failures within 15 minutes block for 1 min, doubling, at most
//!   15 minutes. Password-reset requests have their own per-client key, so they never block
//!   logins from a shared address.
//!
//! A success clears the email's counter. Blocked attempts answer 429 with `Retry-After`, whether
//! or not the password is right, and are not verified (no oracle while blocked).

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use db::entities::auth_throttle;
use db::sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use db::sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::client_ip::client_ip;
use super::secret;
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub free_failures: i32,
    pub first_block: Duration,
    pub max_block: Duration,
    pub window: Duration,
}

pub const PER_EMAIL: Policy = Policy {
    free_failures: 5,
    first_block: Duration::seconds(30),
    max_block: Duration::minutes(5),
    window: Duration::minutes(15),
};

pub const PER_CLIENT: Policy = Policy {
    free_failures: 30,
    first_block: Duration::minutes(1),
    max_block: Duration::minutes(15),
    window: Duration::minutes(15),
};

pub fn email_key(email: &str) -> String {
    format!("email:{}", &secret::hash(&[&email.to_lowercase()])[..40])
}

pub fn client_key(ip: Option<IpAddr>) -> String {
    format!("ip:{}", ip.map(|i| i.to_string()).unwrap_or_else(|| "unknown".to_owned()))
}

/// Password-reset requests per client address (kept apart from login failures).
pub fn reset_key(ip: Option<IpAddr>) -> String {
    format!("reset-ip:{}", ip.map(|i| i.to_string()).unwrap_or_else(|| "unknown".to_owned()))
}

/// Patient-registration requests per client address (PREG-6).
pub fn registration_key(ip: Option<IpAddr>) -> String {
    format!("reg-ip:{}", ip.map(|i| i.to_string()).unwrap_or_else(|| "unknown".to_owned()))
}

/// Runs `answer` and answers no sooner than `floor` after it started: public answers that
/// touch an address (login, password reset, registration) take the same time whether or not
/// the address has an account (ACC-10, PREG-6). The floor is `ONCOCENTER_ANSWER_FLOOR_MS`.
pub async fn with_floor<T>(floor: std::time::Duration, answer: impl std::future::Future<Output = T>) -> T {
    let until = tokio::time::Instant::now() + floor;
    let result = answer.await;
    tokio::time::sleep_until(until).await;
    result
}

/// Seconds until the longest of the keys' blocks ends, if any is blocked.
pub async fn blocked_for(db: &impl ConnectionTrait, keys: &[&str], now: DateTime<Utc>) -> Result<Option<u64>, DbErr> {
    let mut longest: Option<u64> = None;
    for key in keys {
        if let Some(row) = auth_throttle::Entity::find_by_id((*key).to_owned()).one(db).await?
            && let Some(until) = row.blocked_until
            && until > now
        {
            let secs = std::cmp::max((until - now).num_seconds(), 1) as u64;
            longest = Some(longest.map_or(secs, |l| std::cmp::max(l, secs)));
        }
    }
    Ok(longest)
}

/// Counts one failure against `key` (atomically: concurrent failures all count) and blocks
/// the key once its failures reach the policy's free allowance.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    key: &str,
    policy: Policy,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let bumped = auth_throttle::Entity::update_many()
        .col_expr(auth_throttle::Column::Failures, Expr::col(auth_throttle::Column::Failures).add(1))
        .filter(auth_throttle::Column::Key.eq(key))
        .filter(auth_throttle::Column::WindowStart.gt(now - policy.window))
        .exec(db)
        .await?;
    if bumped.rows_affected == 0 {
        // No counter, or an old window: start a new one.
        let fresh = auth_throttle::ActiveModel {
            key: Set(key.to_owned()),
            failures: Set(1),
            window_start: Set(now),
            blocked_until: Set(None),
        };
        auth_throttle::Entity::insert(fresh)
            .on_conflict(
                OnConflict::column(auth_throttle::Column::Key)
                    .update_columns([
                        auth_throttle::Column::Failures,
                        auth_throttle::Column::WindowStart,
                        auth_throttle::Column::BlockedUntil,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    let failures = auth_throttle::Entity::find_by_id(key.to_owned()).one(db).await?.map_or(1, |r| r.failures);
    if failures >= policy.free_failures {
        let exp = (failures - policy.free_failures).clamp(0, 16) as u32;
        let block = (policy.first_block * 2i32.pow(exp)).min(policy.max_block);
        auth_throttle::Entity::update_many()
            .col_expr(auth_throttle::Column::BlockedUntil, Expr::value(now + block))
            .filter(auth_throttle::Column::Key.eq(key))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Forgets the failures of `key` (after a correct password).
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    auth_throttle::Entity::delete_by_id(key.to_owned()).exec(db).await?;
    Ok(())
}

/// Checks a password for `email` under the throttle: refuses while the address or the client
/// is blocked (429, without verifying), always costs exactly one hash (an unknown address is
/// verified against a dummy), counts a failure against both keys, and clears the address's
/// counter on success.
pub async fn check_password(
    state: &AppState,
    req: &actix_web::HttpRequest,
    email: &str,
    stored_hash: Option<&str>,
    password: &str,
) -> ApiResult<bool> {
    let now = state.clock.now();
    let email_key = email_key(email);
    let client_key = client_key(client_ip(req, &state.settings.trusted_proxies));
    if let Some(secs) = blocked_for(&state.db, &[&email_key, &client_key], now).await? {
        return Err(ApiError::RateLimited(secs));
    }
    let ok = state.hasher.verify(password, stored_hash).await?;
    if ok {
        clear(&state.db, &email_key).await?;
    } else {
        record_failure(&state.db, &email_key, PER_EMAIL, now).await?;
        record_failure(&state.db, &client_key, PER_CLIENT, now).await?;
    }
    Ok(ok)
}
