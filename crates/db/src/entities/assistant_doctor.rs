//! An assistant's access to one doctor's patients (ORG-3).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "assistant_doctors")]
pub struct Model {
    pub organization_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub assistant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub doctor_id: Uuid,
    pub granted_at: DateTimeUtc,
    pub granted_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
