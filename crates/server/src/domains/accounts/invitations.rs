//! Invitations live on the membership: a pending membership with the invited address, and a
//! single-use emailed link (hashed, expiring after 10 days). Resending kills older links;
//! correcting the address changes only the invitation, never an account (ACC-3, ACC-4).

use chrono::{DateTime, Duration, Utc};
use common::auth::{MembershipStatus, Role};
use common::domain::{Email, PersonName, search_key};
use common::person::FullName;
use common::{ErrorCode, Locale};
use db::entities::{membership, one_time_token, organization};
use db::sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, SqlErr, sea_query::Expr,
};
use uuid::Uuid;

use crate::auth::secret;
use crate::http::error::{ApiError, ApiResult};
use crate::platform::email::outbox::{EmailRequest, queue_email};
use crate::platform::email::templates::Template;

/// A pending invitation lapses this long after it was last sent (ACC-5).
pub const INVITATION_TTL: Duration = Duration::days(10);

/// The activation link; the token rides in the fragment, so it never reaches a server log.
pub fn link(base_url: &str, token: &str) -> String {
    format!("{base_url}/activate#token={token}")
}

/// A person's name as parsed input.
pub struct Name {
    pub last: PersonName,
    pub first: PersonName,
    pub middle: Option<PersonName>,
}

impl Name {
    /// Parses the three parts, naming each failing field.
    pub fn parse(last: &str, first: &str, middle: Option<&str>) -> ApiResult<Self> {
        let mut errors = Vec::new();
        let last = PersonName::parse(last).map_err(|e| errors.push(e.field_error("last_name"))).ok();
        let first = PersonName::parse(first).map_err(|e| errors.push(e.field_error("first_name"))).ok();
        let middle = PersonName::parse_optional(middle.unwrap_or(""))
            .map_err(|e| errors.push(e.field_error("middle_name")))
            .ok();
        match (last, first, middle) {
            (Some(last), Some(first), Some(middle)) if errors.is_empty() => Ok(Self { last, first, middle }),
            _ => Err(ApiError::Validation(errors)),
        }
    }

    /// The parsed name as the shared [`FullName`] type.
    pub fn full_name(&self) -> FullName {
        FullName::of(self.last.as_str(), self.first.as_str(), self.middle.as_ref().map(PersonName::as_str))
    }

    /// "Last First Middle", by [`FullName::full`].
    pub fn full(&self) -> String {
        self.full_name().full()
    }
}

pub fn parse_email(field: &str, raw: &str) -> ApiResult<Email> {
    Email::parse(raw).map_err(|e| ApiError::Validation(vec![e.field_error(field)]))
}

/// Creates a pending membership. The same address invited twice to one role of one
/// organization is `already_member`.
pub async fn create_pending(
    db: &impl ConnectionTrait,
    org: Option<Uuid>,
    role: Role,
    email: &Email,
    name: &Name,
    now: DateTime<Utc>,
) -> ApiResult<membership::Model> {
    if let Some(org) = org {
        let existing = db::Org::new(org)
            .find::<membership::Entity>()
            .filter(membership::Column::InvitedEmail.eq(email.as_str()))
            .filter(membership::Column::Role.eq(role.as_str()))
            .one(db)
            .await?;
        if existing.is_some() {
            return Err(already_member());
        }
    }
    let model = membership::Model {
        id: Uuid::now_v7(),
        organization_id: org,
        account_id: None,
        role,
        status: MembershipStatus::Pending,
        invited_email: email.as_str().to_owned(),
        last_name: name.last.as_str().to_owned(),
        first_name: name.first.as_str().to_owned(),
        middle_name: name.middle.as_ref().map(|m| m.as_str().to_owned()),
        search_key: search_key(&format!("{} {}", name.full(), email.as_str())),
        invitation_sent_at: None,
        invitation_expires_at: None,
        activated_at: None,
        last_used_at: None,
        created_at: now,
        updated_at: now,
    };
    let am = membership::ActiveModel {
        id: Set(model.id),
        organization_id: Set(model.organization_id),
        account_id: Set(None),
        role: Set(model.role),
        status: Set(model.status),
        invited_email: Set(model.invited_email.clone()),
        last_name: Set(model.last_name.clone()),
        first_name: Set(model.first_name.clone()),
        middle_name: Set(model.middle_name.clone()),
        search_key: Set(model.search_key.clone()),
        invitation_sent_at: Set(None),
        invitation_expires_at: Set(None),
        activated_at: Set(None),
        last_used_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    membership::Entity::insert(am).exec_without_returning(db).await.map_err(unique_as_already_member)?;
    Ok(model)
}

fn already_member() -> ApiError {
    ApiError::code(ErrorCode::AlreadyMember, "This address is already invited to this role here.")
}

pub fn unique_as_already_member(e: DbErr) -> ApiError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => already_member(),
        _ => ApiError::Db(e),
    }
}

/// Issues a fresh link for a pending membership (older links stop working), records when it
/// was sent and when it lapses, and queues the email — all through `db` (a transaction).
/// Returns the link.
/// Marks every unused link of a membership used.
pub async fn revoke_links(db: &impl ConnectionTrait, membership: Uuid, now: DateTime<Utc>) -> Result<(), DbErr> {
    one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
        .filter(one_time_token::Column::MembershipId.eq(membership))
        .filter(one_time_token::Column::Purpose.eq(one_time_token::PURPOSE_INVITATION))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn send(
    db: &impl ConnectionTrait,
    base_url: &str,
    m: &membership::Model,
    org: Option<&organization::Model>,
    now: DateTime<Utc>,
) -> ApiResult<String> {
    revoke_links(db, m.id, now).await?;
    let token = secret::new_token();
    let expires = now + INVITATION_TTL;
    one_time_token::Entity::insert(one_time_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        purpose: Set(one_time_token::PURPOSE_INVITATION.to_owned()),
        token_hash: Set(secret::hash(&[&token])),
        account_id: Set(None),
        membership_id: Set(Some(m.id)),
        expires_at: Set(expires),
        used_at: Set(None),
        attempts: Set(0),
        payload: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    membership::Entity::update_many()
        .col_expr(membership::Column::InvitationSentAt, Expr::value(now))
        .col_expr(membership::Column::InvitationExpiresAt, Expr::value(expires))
        .col_expr(membership::Column::UpdatedAt, Expr::value(now))
        .filter(membership::Column::Id.eq(m.id))
        .exec(db)
        .await?;
    super::lapse::schedule_lapse(db, super::lapse::LapseTarget::Membership, m.id, expires, now).await?;
    let url = link(base_url, &token);
    let role = m.role;
    let full_name = m.full_name().full();
    let template = Template::Invitation {
        role,
        organization: org.map(|o| o.name.clone()),
        full_name,
        link: url.clone(),
        expires_on: expires.date_naive().to_string(),
    };
    queue_email(
        db,
        base_url,
        EmailRequest {
            organization_id: m.organization_id.map(common::ids::OrganizationId),
            to: m.invited_email.clone(),
            locale: Locale::Ru,
            template,
        },
        now,
    )
    .await?;
    Ok(url)
}

/// The pending membership a live invitation token points to.
pub async fn find_live(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> ApiResult<(one_time_token::Model, membership::Model, Option<organization::Model>)> {
    let invalid = || ApiError::code(ErrorCode::InvitationInvalid, "This invitation link is no longer valid.");
    let row = one_time_token::Entity::find()
        .filter(one_time_token::Column::TokenHash.eq(secret::hash(&[token])))
        .filter(one_time_token::Column::Purpose.eq(one_time_token::PURPOSE_INVITATION))
        .one(db)
        .await?
        .ok_or_else(invalid)?;
    if row.used_at.is_some() || row.expires_at <= now {
        return Err(invalid());
    }
    let Some(mid) = row.membership_id else { return Err(invalid()) };
    let (m, org) = membership::Entity::find_by_id(mid)
        .find_also_related(organization::Entity)
        .one(db)
        .await?
        .ok_or_else(invalid)?;
    if crate::domains::accounts::service::status_of(&m) != MembershipStatus::Pending {
        return Err(invalid());
    }
    Ok((row, m, org))
}
