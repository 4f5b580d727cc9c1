//! What was sent to a patient (CAB-8): in the cabinet, and by email when `email_id` is set.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    pub patient_card_id: Uuid,
    /// `common::cabinet::NotificationKind` as text.
    pub kind: common::cabinet::NotificationKind,
    /// `in_app` or `email`.
    pub channel: String,
    pub subject: String,
    pub link: Option<String>,
    pub email_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
