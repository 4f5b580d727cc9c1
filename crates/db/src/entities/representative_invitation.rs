//! An invitation to represent a patient card (CAB-10): an address, a period and an emailed
//! single-use secret (only its hash is stored). No account is linked until it is accepted.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "representative_invitations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    pub patient_card_id: Uuid,
    /// The invited address, as the organizer typed it (lowercased).
    pub email: String,
    /// The right ends after this day.
    pub until: Date,
    /// Stored as `pending`, `accepted`, `declined` or `revoked`.
    pub status: common::cabinet::RepresentativeInvitationStatus,
    /// SHA-256 of the emailed secret; a resend replaces it.
    pub token_hash: String,
    pub sent_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
    /// The account that accepted.
    pub account_id: Option<Uuid>,
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
