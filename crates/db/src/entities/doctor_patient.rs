//! A patient assigned to a doctor (ORG-8).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "doctor_patients")]
pub struct Model {
    pub organization_id: Uuid,
    /// The doctor's membership.
    #[sea_orm(primary_key, auto_increment = false)]
    pub doctor_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub patient_card_id: Uuid,
    pub assigned_at: DateTimeUtc,
    pub assigned_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
