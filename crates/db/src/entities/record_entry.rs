//! An entry of a patient's medical record (CAB-1, X-8): append-only once signed; a correction
//! is an amendment (`amends_id`) that leaves the original as it was.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "record_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    pub patient_card_id: Uuid,
    /// `common::record::EntryKind` as text.
    pub kind: common::record::EntryKind,
    /// `common::record::EntryStatus` as text: `draft` or `signed`.
    pub status: common::record::EntryStatus,
    pub occurred_on: Date,
    pub title: String,
    pub body: String,
    /// For an amendment: the entry it corrects.
    pub amends_id: Option<Uuid>,
    /// The membership that wrote it; the name and role as they were then.
    pub author_membership_id: Option<Uuid>,
    pub author_name: String,
    /// `doctor`, `assistant`, `patient` or `representative`.
    pub author_role: String,
    /// The doctor's membership that signed it.
    pub signed_by: Option<Uuid>,
    pub signed_by_name: Option<String>,
    pub signed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
