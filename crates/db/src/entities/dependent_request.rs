//! A representative's request to add a dependent: a new card the organizer confirms (CAB-10).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "dependent_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    /// The representative's account.
    pub account_id: Uuid,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub birth_date: Date,
    /// Stored as `male` or `female`.
    pub sex: common::admin::Sex,
    /// `requested`, `confirmed` or `rejected`.
    pub status: common::cabinet::DependentRequestStatus,
    /// The card created on confirmation.
    pub patient_card_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The person's name, for [`common::person::FullName::full`] and `short`.
    pub fn full_name(&self) -> common::person::FullName {
        common::person::FullName::of(&self.last_name, &self.first_name, self.middle_name.as_deref())
    }
}
