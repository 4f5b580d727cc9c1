//! A questionnaire assigned to a patient with a schedule (MON-2).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "assignments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    pub patient_card_id: Uuid,
    pub questionnaire_id: Uuid,
    /// `common::questionnaire::Schedule` as JSON.
    pub schedule: String,
    pub start_date: Date,
    pub until_date: Option<Date>,
    pub assigned_by: Option<Uuid>,
    pub assigned_by_name: String,
    pub created_at: DateTimeUtc,
    pub ended_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
