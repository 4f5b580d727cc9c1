//! The email outbox: every message is stored with the change that causes it and sent by a job.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "emails")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Option<Uuid>,
    pub to_address: String,
    /// `ru` or `en`.
    pub locale: String,
    /// The template it was rendered from (`test_message`, …).
    pub template: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// `queued` or `sent`.
    pub status: String,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub const STATUS_QUEUED: &str = "queued";
pub const STATUS_SENT: &str = "sent";
