//! A prescription or a recommendation for a patient (CAB-2).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "prescriptions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    pub patient_card_id: Uuid,
    /// `prescribed` or `recommended`.
    pub kind: common::record::PrescriptionKind,
    /// `todo` or `done`.
    pub status: common::record::PrescriptionStatus,
    pub title: String,
    pub details: String,
    pub due_on: Option<Date>,
    pub prescribed_by: Option<Uuid>,
    pub prescribed_by_name: String,
    pub created_at: DateTimeUtc,
    pub done_at: Option<DateTimeUtc>,
    /// The membership that marked it done (staff or the patient).
    pub done_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
