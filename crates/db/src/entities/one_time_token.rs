//! An emailed link or code: single-use, expiring, stored only as a SHA-256 hash (ACC-9).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "one_time_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `invitation`, `password_reset`, `email_change`, `email_revert` or `live`.
    pub purpose: String,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub account_id: Option<Uuid>,
    pub membership_id: Option<Uuid>,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    /// Wrong guesses so far (codes allow a few).
    pub attempts: i32,
    /// Purpose-specific data: the new address of an email change, the old one of a revert.
    pub payload: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub const PURPOSE_INVITATION: &str = "invitation";
pub const PURPOSE_PASSWORD_RESET: &str = "password_reset";
pub const PURPOSE_EMAIL_CHANGE: &str = "email_change";
pub const PURPOSE_EMAIL_REVERT: &str = "email_revert";
/// A one-time ticket for the live channel (`GET /live?ticket=`), valid for a minute.
pub const PURPOSE_LIVE: &str = "live";
