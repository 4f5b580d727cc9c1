//! A person's platform-wide account (email + password). Organizations never see or change it
//! beyond their own memberships.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Lowercased (`common::domain::Email`).
    #[sea_orm(unique)]
    pub email: String,
    /// argon2id PHC string; `None` until the first activation sets a password.
    pub password_hash: Option<String>,
    /// Access tokens carry it; bumping it ends every session at once (ACC-11).
    pub session_version: i32,
    pub locale: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
