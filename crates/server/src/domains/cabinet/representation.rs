//! Invitations to represent a patient card (CAB-10, SPEC §1). The organizer names an address
//! and a period; the platform emails a single-use link (hashed, expiring) and links nothing.
//! Only the person who accepts — logged in with that address, or creating an account for it
//! — becomes a representative. The organizer's answer is the same whether or not the address
//! has an account: the same rows are written and the same email is queued either way.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use common::cabinet::{RepresentativeInvitationDto, RepresentativeInvitationStatus as Status};
use common::ids::{PatientId, RepresentativeInvitationId};
use common::{ErrorCode, Locale};
use db::entities::{account, membership, organization, patient_card, representative, representative_invitation as inv};
use db::sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};
use uuid::Uuid;

use crate::auth::secret;
use crate::domains::accounts::service as accounts;
use crate::http::error::{ApiError, ApiResult};
use crate::platform::email::outbox::{EmailRequest, queue_email};
use crate::platform::email::templates::Template;

/// A link lapses this long after it was last sent (as staff invitations, ACC-5).
pub const TTL: Duration = Duration::days(10);

/// The link the email carries; the token rides in the fragment, so it never reaches a log.
pub fn url(base_url: &str, token: &str) -> String {
    format!("{base_url}/representation#token={token}")
}

pub fn dto(m: &inv::Model) -> RepresentativeInvitationDto {
    RepresentativeInvitationDto {
        id: RepresentativeInvitationId(m.id),
        patient_id: PatientId(m.patient_card_id),
        email: m.email.clone(),
        until: m.until,
        status: m.status,
        sent_at: m.sent_at,
        expires_at: m.expires_at,
        created_at: m.created_at,
    }
}

/// The email's language: the recipient's own when the address has an account, else the
/// organization's (Russian: organizations have no language of their own yet). One lookup
/// either way, and nothing of it reaches the answer.
async fn locale_for(db: &impl ConnectionTrait, email: &str) -> ApiResult<Locale> {
    let acc = accounts::find_account_by_email(db, email).await?;
    Ok(acc.and_then(|a| Locale::parse(&a.locale)).unwrap_or_default())
}

/// Queues the email with a fresh `token` for invitation `m` through `db`.
async fn queue(
    db: &impl ConnectionTrait,
    base_url: &str,
    m: &inv::Model,
    token: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let org = organization::Entity::find_by_id(m.organization_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let locale = locale_for(db, &m.email).await?;
    let template = Template::RepresentativeInvitation {
        organization: org.name,
        link: url(base_url, token),
        until: m.until.to_string(),
        expires_on: m.expires_at.date_naive().to_string(),
    };
    let request = EmailRequest {
        organization_id: Some(common::ids::OrganizationId(m.organization_id)),
        to: m.email.clone(),
        locale,
        template,
    };
    queue_email(db, base_url, request, now).await?;
    Ok(())
}

/// Creates a pending invitation of `email` to represent `card` until `until`, and queues its
/// email — all through `db` (the caller's transaction). A pending invitation of the same
/// address to the same card is a conflict (resend it instead).
pub async fn create(
    db: &impl ConnectionTrait,
    base_url: &str,
    card: &patient_card::Model,
    email: &str,
    until: NaiveDate,
    by: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<inv::Model> {
    let open = inv::Entity::find()
        .filter(inv::Column::PatientCardId.eq(card.id))
        .filter(inv::Column::Email.eq(email))
        .filter(inv::Column::Status.eq(Status::Pending.as_str()))
        .one(db)
        .await?;
    if open.is_some() {
        return Err(ApiError::code(ErrorCode::Conflict, "This address is already invited to represent the card."));
    }
    let token = secret::new_token();
    let m = inv::Model {
        id: Uuid::now_v7(),
        organization_id: card.organization_id,
        patient_card_id: card.id,
        email: email.to_owned(),
        until,
        status: Status::Pending,
        token_hash: secret::hash(&[&token]),
        sent_at: now,
        expires_at: now + TTL,
        created_by: Some(by),
        created_at: now,
        decided_at: None,
        account_id: None,
    };
    inv::Entity::insert(inv::ActiveModel {
        id: Set(m.id),
        organization_id: Set(m.organization_id),
        patient_card_id: Set(m.patient_card_id),
        email: Set(m.email.clone()),
        until: Set(m.until),
        status: Set(m.status),
        token_hash: Set(m.token_hash.clone()),
        sent_at: Set(m.sent_at),
        expires_at: Set(m.expires_at),
        created_by: Set(m.created_by),
        created_at: Set(m.created_at),
        decided_at: Set(None),
        account_id: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    queue(db, base_url, &m, &token, now).await?;
    Ok(m)
}

/// A new link for a pending invitation (the older one stops working), sent again.
pub async fn resend(
    db: &impl ConnectionTrait,
    base_url: &str,
    m: &inv::Model,
    now: DateTime<Utc>,
) -> ApiResult<inv::Model> {
    let token = secret::new_token();
    let changed = inv::Entity::update_many()
        .col_expr(inv::Column::TokenHash, Expr::value(secret::hash(&[&token])))
        .col_expr(inv::Column::SentAt, Expr::value(now))
        .col_expr(inv::Column::ExpiresAt, Expr::value(now + TTL))
        .filter(inv::Column::Id.eq(m.id))
        .filter(inv::Column::Status.eq(Status::Pending.as_str()))
        .exec(db)
        .await?;
    if changed.rows_affected != 1 {
        return Err(not_pending());
    }
    let m = inv::Entity::find_by_id(m.id).one(db).await?.ok_or_else(ApiError::not_found)?;
    queue(db, base_url, &m, &token, now).await?;
    Ok(m)
}

pub fn not_pending() -> ApiError {
    ApiError::code(ErrorCode::Conflict, "This invitation is no longer pending.")
}

/// The card's pending invitations, newest first.
pub async fn pending_of(db: &impl ConnectionTrait, card: Uuid) -> ApiResult<Vec<inv::Model>> {
    Ok(inv::Entity::find()
        .filter(inv::Column::PatientCardId.eq(card))
        .filter(inv::Column::Status.eq(Status::Pending.as_str()))
        .order_by_desc(inv::Column::CreatedAt)
        .order_by_desc(inv::Column::Id)
        .all(db)
        .await?)
}

/// Marks a pending invitation decided (`status`, by `account` when accepted). False when a
/// parallel decision, a resend or a revocation came first (the link is then spent).
pub async fn decide(
    db: &impl ConnectionTrait,
    m: &inv::Model,
    status: Status,
    account: Option<Uuid>,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let changed = inv::Entity::update_many()
        .col_expr(inv::Column::Status, Expr::value(status.as_str()))
        .col_expr(inv::Column::DecidedAt, Expr::value(now))
        .col_expr(inv::Column::AccountId, Expr::value(account))
        .filter(inv::Column::Id.eq(m.id))
        .filter(inv::Column::TokenHash.eq(m.token_hash.clone()))
        .filter(inv::Column::Status.eq(Status::Pending.as_str()))
        .exec(db)
        .await?;
    Ok(changed.rows_affected == 1)
}

pub fn invalid() -> ApiError {
    ApiError::code(ErrorCode::InvitationInvalid, "This invitation link is no longer valid.")
}

/// The pending invitation a live link points to, with its card and organization: 410
/// `invitation_invalid` when unknown, used, replaced or revoked, `invitation_expired` when
/// it lapsed.
pub async fn find_live(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> ApiResult<(inv::Model, patient_card::Model, organization::Model)> {
    let (m, card) = inv::Entity::find()
        .filter(inv::Column::TokenHash.eq(secret::hash(&[token])))
        .find_also_related(patient_card::Entity)
        .one(db)
        .await?
        .ok_or_else(invalid)?;
    if m.status != Status::Pending {
        return Err(invalid());
    }
    if m.expires_at <= now {
        return Err(ApiError::code(ErrorCode::InvitationExpired, "This invitation has expired; ask for a new one."));
    }
    let card = card.ok_or_else(invalid)?;
    let org = organization::Entity::find_by_id(m.organization_id).one(db).await?.ok_or_else(invalid)?;
    Ok((m, card, org))
}

/// Links `acc` to the invitation's card until its day and opens the organization's cabinet to
/// him (an active patient membership named `names`), through `db`. An account that already
/// represents the card gets the invitation's period. Returns the patient membership and the
/// representation.
pub async fn link(
    db: &impl ConnectionTrait,
    m: &inv::Model,
    acc: &account::Model,
    names: (&str, &str, Option<&str>),
    now: DateTime<Utc>,
) -> ApiResult<(membership::Model, Uuid)> {
    let pm = accounts::patient_membership(db, acc, m.organization_id, names, now).await?;
    let existing = representative::Entity::find()
        .filter(representative::Column::PatientCardId.eq(m.patient_card_id))
        .filter(representative::Column::AccountId.eq(acc.id))
        .one(db)
        .await?;
    let rid = match existing {
        Some(r) => {
            representative::Entity::update_many()
                .col_expr(representative::Column::Until, Expr::value(m.until))
                .filter(representative::Column::Id.eq(r.id))
                .exec(db)
                .await?;
            r.id
        }
        None => {
            let id = Uuid::now_v7();
            representative::Entity::insert(representative::ActiveModel {
                id: Set(id),
                organization_id: Set(m.organization_id),
                patient_card_id: Set(m.patient_card_id),
                account_id: Set(acc.id),
                until: Set(m.until),
                created_by: Set(m.created_by),
                created_at: Set(now),
            })
            .exec_without_returning(db)
            .await?;
            id
        }
    };
    Ok((pm, rid))
}
