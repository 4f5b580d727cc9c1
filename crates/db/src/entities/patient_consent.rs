//! A consent recorded on a patient card (PREG-1): who recorded it and when.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "patient_consents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub patient_card_id: Uuid,
    /// `common::admin::ConsentKind` as text.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: common::admin::ConsentKind,
    /// For `email_results`: the address the consent covers.
    pub email: Option<String>,
    pub recorded_at: DateTimeUtc,
    /// The staff membership that recorded it.
    pub recorded_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
