//! A patient's answers to one version of a questionnaire (MON-3, MON-6).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "submissions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    pub patient_card_id: Uuid,
    pub questionnaire_id: Uuid,
    pub version_id: Uuid,
    pub assignment_id: Option<Uuid>,
    /// The assignment's due day it answers (one submission per due day).
    pub due_on: Option<Date>,
    /// The patient's day when it was given.
    pub local_date: Date,
    /// `Vec<common::questionnaire::Answer>` as JSON.
    pub answers: String,
    /// Its "entered by patient" record entry.
    pub entry_id: Uuid,
    /// The account that submitted it.
    pub submitted_by: Uuid,
    /// Set when a representative submitted it.
    pub acting_for: Option<Uuid>,
    pub submitted_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
