//! A patient card: the organization's record of a patient (SPEC §1). Linked to an account by
//! the patient registration.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "patient_cards")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    pub account_id: Option<Uuid>,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub search_key: String,
    pub birth_date: Date,
    /// Stored as `male` or `female`.
    pub sex: common::admin::Sex,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub snils: Option<String>,
    pub external_id: Option<String>,
    /// `common::admin::PatientStatus` as text: `pending`, `active`, `deactivated` or
    /// `archived` ("Deleted patients").
    pub status: common::admin::PatientStatus,
    pub invitation_sent_at: Option<DateTimeUtc>,
    pub invitation_expires_at: Option<DateTimeUtc>,
    /// When the lapse (ACC-5) moved it to "Deleted patients".
    pub archived_at: Option<DateTimeUtc>,
    /// The staff membership that created it.
    pub created_by: Option<Uuid>,
    /// When the organization recorded that a consent was withdrawn (PREG-1); cleared when all
    /// three are recorded again. Closes the card to its representatives.
    pub consents_withdrawn_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
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
