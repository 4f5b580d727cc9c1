//! The append-only audit log (X-2, ORG-6): who read or changed which patient's data.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Option<Uuid>,
    pub at: DateTimeUtc,
    /// `None` for the system (a background job).
    pub account_id: Option<Uuid>,
    pub membership_id: Option<Uuid>,
    /// The patient card a representative acts for.
    pub acting_for: Option<Uuid>,
    /// e.g. `patient.read`, `patient.update`.
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    /// JSON array of the patient card ids the request returned or touched.
    pub patient_ids: String,
    pub client_ip: Option<String>,
    /// `ok` or `denied`.
    pub outcome: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
