//! One role of an account in one organization, with its invitation. The operator's
//! membership has no organization.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "memberships")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Option<Uuid>,
    /// Set when the invitation is accepted.
    pub account_id: Option<Uuid>,
    /// `common::auth::Role` as text.
    pub role: common::auth::Role,
    /// Stored as text (`pending`, `active`, `deactivated`).
    pub status: common::auth::MembershipStatus,
    /// Where the invitation goes; correcting it never touches an account (ACC-4).
    pub invited_email: String,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    /// `common::domain::search_key` of "last first middle email".
    pub search_key: String,
    pub invitation_sent_at: Option<DateTimeUtc>,
    pub invitation_expires_at: Option<DateTimeUtc>,
    pub activated_at: Option<DateTimeUtc>,
    /// The last time a session entered it (login picks the most recent).
    pub last_used_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::account::Entity", from = "Column::AccountId", to = "super::account::Column::Id")]
    Account,
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::OrganizationId",
        to = "super::organization::Column::Id"
    )]
    Organization,
}

impl Related<super::account::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Account.def()
    }
}

impl Related<super::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organization.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The person's name, for [`common::person::FullName::full`] and `short`.
    pub fn full_name(&self) -> common::person::FullName {
        common::person::FullName::of(&self.last_name, &self.first_name, self.middle_name.as_deref())
    }
}
