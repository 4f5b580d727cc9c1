//! Refresh sessions: an opaque 256-bit token in an HttpOnly cookie, stored hashed, rotated on
//! every use. A token used again within a short grace window (two tabs refreshing at once)
//! gets a fresh sibling; used again later it is a theft signal and revokes its whole family.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use chrono::{DateTime, Duration, Utc};
use db::entities::refresh_token;
use db::sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

use super::secret;

pub const COOKIE_NAME: &str = "oncocenter_refresh";
pub const COOKIE_PATH: &str = "/api/v1/auth";
/// How long a login lasts without activity.
pub const REFRESH_TTL: Duration = Duration::days(30);
/// A rotated token still accepted this long (concurrent refreshes from several tabs).
pub const GRACE: Duration = Duration::seconds(30);

/// A newly issued refresh token: the secret for the cookie and its row.
pub struct Issued {
    pub token: String,
    pub row: refresh_token::Model,
}

/// Starts a session (a new family) for `membership`.
pub async fn start(
    db: &impl ConnectionTrait,
    account: Uuid,
    membership: Uuid,
    now: DateTime<Utc>,
) -> Result<Issued, DbErr> {
    insert(db, Uuid::now_v7(), account, membership, now).await
}

async fn insert(
    db: &impl ConnectionTrait,
    family: Uuid,
    account: Uuid,
    membership: Uuid,
    now: DateTime<Utc>,
) -> Result<Issued, DbErr> {
    let token = secret::new_token();
    let row = refresh_token::Model {
        id: Uuid::now_v7(),
        family_id: family,
        account_id: account,
        membership_id: membership,
        token_hash: secret::hash(&[&token]),
        expires_at: now + REFRESH_TTL,
        rotated_at: None,
        revoked_at: None,
        created_at: now,
    };
    refresh_token::Entity::insert(refresh_token::ActiveModel {
        id: Set(row.id),
        family_id: Set(row.family_id),
        account_id: Set(row.account_id),
        membership_id: Set(row.membership_id),
        token_hash: Set(row.token_hash.clone()),
        expires_at: Set(row.expires_at),
        rotated_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(Issued { token, row })
}

/// Why a refresh token was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    Unknown,
    Expired,
    Revoked,
    /// Used again after the grace window: the family is now revoked.
    Reused,
}

/// Exchanges a refresh token for its successor.
pub async fn rotate(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Result<Issued, Refused>, DbErr> {
    let Some(row) = find(db, token).await? else { return Ok(Err(Refused::Unknown)) };
    if row.revoked_at.is_some() {
        return Ok(Err(Refused::Revoked));
    }
    if row.expires_at <= now {
        return Ok(Err(Refused::Expired));
    }
    if row.rotated_at.is_none() {
        // Claim the rotation; if another request claimed it first, fall through to the grace rule.
        let claimed = refresh_token::Entity::update_many()
            .col_expr(refresh_token::Column::RotatedAt, Expr::value(now))
            .filter(refresh_token::Column::Id.eq(row.id))
            .filter(refresh_token::Column::RotatedAt.is_null())
            .exec(db)
            .await?;
        if claimed.rows_affected == 1 {
            return insert(db, row.family_id, row.account_id, row.membership_id, now).await.map(Ok);
        }
    }
    let rotated_at = match find(db, token).await? {
        Some(r) => r.rotated_at.unwrap_or(now),
        None => return Ok(Err(Refused::Unknown)),
    };
    if now - rotated_at <= GRACE {
        // The same membership as the newest token of the family (a role switch may have moved it).
        let membership =
            newest_in_family(db, row.family_id).await?.map(|r| r.membership_id).unwrap_or(row.membership_id);
        return insert(db, row.family_id, row.account_id, membership, now).await.map(Ok);
    }
    revoke_family(db, row.family_id, now).await?;
    tracing::warn!(account.id = %row.account_id, "refresh token reused after rotation: session family revoked");
    Ok(Err(Refused::Reused))
}

async fn newest_in_family(db: &impl ConnectionTrait, family: Uuid) -> Result<Option<refresh_token::Model>, DbErr> {
    use db::sea_orm::QueryOrder;
    refresh_token::Entity::find()
        .filter(refresh_token::Column::FamilyId.eq(family))
        .order_by_desc(refresh_token::Column::CreatedAt)
        .order_by_desc(refresh_token::Column::Id)
        .one(db)
        .await
}

/// The row of a presented token, if any.
pub async fn find(db: &impl ConnectionTrait, token: &str) -> Result<Option<refresh_token::Model>, DbErr> {
    refresh_token::Entity::find().filter(refresh_token::Column::TokenHash.eq(secret::hash(&[token]))).one(db).await
}

/// Moves a live session to another membership of the same account (role switch).
pub async fn switch_membership(
    db: &impl ConnectionTrait,
    token: &str,
    account: Uuid,
    membership: Uuid,
) -> Result<(), DbErr> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::MembershipId, Expr::value(membership))
        .filter(refresh_token::Column::TokenHash.eq(secret::hash(&[token])))
        .filter(refresh_token::Column::AccountId.eq(account))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn revoke_family(db: &impl ConnectionTrait, family: Uuid, now: DateTime<Utc>) -> Result<(), DbErr> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::FamilyId.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Ends the session `family` of `account` (logout with an access token of it).
pub async fn revoke_session_of(
    db: &impl ConnectionTrait,
    family: Uuid,
    account: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::FamilyId.eq(family))
        .filter(refresh_token::Column::AccountId.eq(account))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of an account (password change or reset).
pub async fn revoke_account(db: &impl ConnectionTrait, account: Uuid, now: DateTime<Utc>) -> Result<(), DbErr> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::AccountId.eq(account))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The refresh cookie: HttpOnly, SameSite=Strict, only sent to `/api/v1/auth`.
pub fn cookie(token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(COOKIE_NAME, token.to_owned())
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::seconds(REFRESH_TTL.num_seconds()))
        .finish()
}

/// A cookie that deletes the refresh cookie.
pub fn removal_cookie(secure: bool) -> Cookie<'static> {
    let mut c = cookie("", secure);
    c.make_removal();
    c
}
