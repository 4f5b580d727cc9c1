//! An account's right to act for a patient card until a day (CAB-10).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "representatives")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    pub patient_card_id: Uuid,
    pub account_id: Uuid,
    /// The right ends after this day.
    pub until: Date,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::patient_card::Entity",
        from = "Column::PatientCardId",
        to = "super::patient_card::Column::Id"
    )]
    PatientCard,
}

impl Related<super::patient_card::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PatientCard.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
