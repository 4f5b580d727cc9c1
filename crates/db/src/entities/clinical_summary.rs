//! What the patient's clinicians write of him for the header of his page (issue 14): the
//! diagnosis as text. No row: nothing written yet.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "clinical_summaries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub patient_card_id: Uuid,
    pub organization_id: Uuid,
    pub diagnosis: String,
    /// The clinician's membership.
    pub updated_by: Option<Uuid>,
    pub updated_by_name: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
