//! A patient's own alert rules (overrides) and time zone. No row: the organization's.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "patient_monitoring")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub patient_card_id: Uuid,
    pub organization_id: Uuid,
    /// `Vec<common::alerts::AlertRule>` as JSON.
    pub overrides: String,
    pub time_zone: Option<String>,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
