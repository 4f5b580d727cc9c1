//! A patient's message to his organization (CAB-11).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    pub patient_card_id: Uuid,
    /// The account that wrote it: the patient, or his representative.
    pub account_id: Uuid,
    /// The representative's name when written for a dependent.
    pub written_by: Option<String>,
    /// `common::cabinet::FeedbackCategory` as text.
    pub category: common::cabinet::FeedbackCategory,
    pub subject: String,
    pub text: String,
    /// `new` or `answered`.
    pub status: common::cabinet::FeedbackStatus,
    pub answer_note: Option<String>,
    pub answered_at: Option<DateTimeUtc>,
    pub answered_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
