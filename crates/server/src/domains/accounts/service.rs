//! Accounts, memberships and sessions.

use actix_web::cookie::Cookie;
use chrono::{DateTime, Utc};
use common::auth::{MembershipDto, MembershipStatus, Role, SessionDto, StaffMemberDto};
use common::domain::search_key;
use common::ids::{MembershipId, OrganizationId};
use db::entities::{account, membership, organization};
use db::sea_orm::sea_query::ExprTrait;
use db::sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};
use uuid::Uuid;

use crate::auth::{jwt, session};
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

pub fn status_of(m: &membership::Model) -> MembershipStatus {
    m.status
}

pub fn membership_dto(m: &membership::Model, org: Option<&organization::Model>) -> ApiResult<MembershipDto> {
    Ok(MembershipDto {
        id: MembershipId(m.id),
        role: m.role,
        status: status_of(m),
        organization_id: m.organization_id.map(OrganizationId),
        organization_name: org.map(|o| o.name.clone()),
    })
}

/// The organizer's view of a membership. Pending: the invitation's address; active: the
/// account's address is not shown to the organization beyond what it invited.
pub fn staff_dto(m: &membership::Model) -> ApiResult<StaffMemberDto> {
    let pending = status_of(m) == MembershipStatus::Pending;
    Ok(StaffMemberDto {
        id: MembershipId(m.id),
        role: m.role,
        status: status_of(m),
        email: m.invited_email.clone(),
        name: m.full_name(),
        invitation_sent_at: if pending { m.invitation_sent_at } else { None },
        invitation_expires_at: if pending { m.invitation_expires_at } else { None },
        created_at: m.created_at,
        last_active_organizer: false,
    })
}

/// The account's memberships with their organizations, newest use first.
pub async fn memberships_of(
    db: &impl ConnectionTrait,
    account: Uuid,
) -> Result<Vec<(membership::Model, Option<organization::Model>)>, DbErr> {
    membership::Entity::find()
        .find_also_related(organization::Entity)
        .filter(membership::Column::AccountId.eq(account))
        .order_by_desc(membership::Column::LastUsedAt)
        .order_by_asc(membership::Column::CreatedAt)
        .all(db)
        .await
}

/// An access token for `m` in the login session `session` (its refresh-token family), and marks
/// `m` as the most recently used.
pub async fn access_for(
    state: &AppState,
    acc: &account::Model,
    m: &membership::Model,
    org: Option<&organization::Model>,
    session: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<SessionDto> {
    membership::Entity::update_many()
        .col_expr(membership::Column::LastUsedAt, Expr::value(now))
        .filter(membership::Column::Id.eq(m.id))
        .exec(&state.db)
        .await?;
    let token = jwt::issue(state.settings.jwt_secret.expose(), acc.id, m.id, acc.session_version, session, now)?;
    Ok(SessionDto {
        access_token: token,
        token_type: "Bearer".to_owned(),
        expires_in: jwt::ACCESS_TTL_SECS as u64,
        membership: membership_dto(m, org)?,
    })
}

/// Starts a new login session: an access token and the refresh cookie.
pub async fn log_in(
    state: &AppState,
    acc: &account::Model,
    m: &membership::Model,
    org: Option<&organization::Model>,
    now: DateTime<Utc>,
) -> ApiResult<(SessionDto, Cookie<'static>)> {
    let issued = session::start(&state.db, acc.id, m.id, now).await?;
    let dto = access_for(state, acc, m, org, issued.row.family_id, now).await?;
    Ok((dto, session::cookie(&issued.token, secure_cookies(state))))
}

pub fn secure_cookies(state: &AppState) -> bool {
    state.settings.base_url.starts_with("https://")
}

pub async fn find_account_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<account::Model>, DbErr> {
    account::Entity::find().filter(account::Column::Email.eq(email.to_lowercase())).one(db).await
}

/// Creates an account with a password hash.
pub async fn create_account(
    db: &impl ConnectionTrait,
    email: &str,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<account::Model, DbErr> {
    let model = account::Model {
        id: Uuid::now_v7(),
        email: email.to_lowercase(),
        password_hash: Some(password_hash),
        session_version: 0,
        locale: "ru".to_owned(),
        created_at: now,
        updated_at: now,
    };
    account::Entity::insert(account::ActiveModel {
        id: Set(model.id),
        email: Set(model.email.clone()),
        password_hash: Set(model.password_hash.clone()),
        session_version: Set(0),
        locale: Set(model.locale.clone()),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(model)
}

/// Sets a new password and ends every other session (ACC-8, ACC-11).
pub async fn set_password(db: &impl ConnectionTrait, acc: Uuid, hash: String, now: DateTime<Utc>) -> Result<(), DbErr> {
    account::Entity::update_many()
        .col_expr(account::Column::PasswordHash, Expr::value(hash))
        .col_expr(account::Column::SessionVersion, Expr::col(account::Column::SessionVersion).add(1))
        .col_expr(account::Column::UpdatedAt, Expr::value(now))
        .filter(account::Column::Id.eq(acc))
        .exec(db)
        .await?;
    session::revoke_account(db, acc, now).await
}

/// The account's active patient membership in `org`, created with `names` (last, first,
/// middle) if it has none, activated if it was deactivated: the patient registration and the
/// organizer linking a representative (CAB-10) both open the organization's cabinet this way.
pub async fn patient_membership(
    db: &impl ConnectionTrait,
    acc: &account::Model,
    org: Uuid,
    names: (&str, &str, Option<&str>),
    now: DateTime<Utc>,
) -> ApiResult<membership::Model> {
    let existing = db::Org::new(org)
        .find::<membership::Entity>()
        .filter(membership::Column::Role.eq(Role::Patient.as_str()))
        .filter(membership::Column::AccountId.eq(acc.id))
        .one(db)
        .await?;
    let id = match existing {
        Some(m) if status_of(&m) == MembershipStatus::Active => return Ok(m),
        Some(m) => {
            membership::Entity::update_many()
                .col_expr(membership::Column::Status, Expr::value(MembershipStatus::Active.as_str()))
                .col_expr(membership::Column::UpdatedAt, Expr::value(now))
                .filter(membership::Column::Id.eq(m.id))
                .exec(db)
                .await?;
            m.id
        }
        None => {
            let id = Uuid::now_v7();
            let (last, first, middle) = names;
            let name = format!("{last} {first}");
            membership::Entity::insert(membership::ActiveModel {
                id: Set(id),
                organization_id: Set(Some(org)),
                account_id: Set(Some(acc.id)),
                role: Set(Role::Patient),
                status: Set(MembershipStatus::Active),
                invited_email: Set(acc.email.clone()),
                last_name: Set(last.to_owned()),
                first_name: Set(first.to_owned()),
                middle_name: Set(middle.map(str::to_owned)),
                search_key: Set(common::domain::search_key(&format!("{name} {}", acc.email))),
                invitation_sent_at: Set(None),
                invitation_expires_at: Set(None),
                activated_at: Set(Some(now)),
                last_used_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            })
            .exec_without_returning(db)
            .await
            .map_err(crate::domains::accounts::invitations::unique_as_already_member)?;
            id
        }
    };
    membership::Entity::find_by_id(id).one(db).await?.ok_or_else(ApiError::not_found)
}

/// Renames memberships, keeping their search keys in step.
pub async fn rename(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    name: &super::invitations::Name,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    for m in membership::Entity::find().filter(membership::Column::Id.is_in(ids.iter().copied())).all(db).await? {
        membership::Entity::update_many()
            .col_expr(membership::Column::LastName, Expr::value(name.last.as_str()))
            .col_expr(membership::Column::FirstName, Expr::value(name.first.as_str()))
            .col_expr(membership::Column::MiddleName, Expr::value(name.middle.as_ref().map(|x| x.as_str().to_owned())))
            .col_expr(
                membership::Column::SearchKey,
                Expr::value(search_key(&format!("{} {}", name.full(), m.invited_email))),
            )
            .col_expr(membership::Column::UpdatedAt, Expr::value(now))
            .filter(membership::Column::Id.eq(m.id))
            .exec(db)
            .await?;
    }
    Ok(())
}
