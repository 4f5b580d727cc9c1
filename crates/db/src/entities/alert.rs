//! A rule that fired for a patient (MON-5): one open alert per patient and rule; new values join it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "alerts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    pub patient_card_id: Uuid,
    pub rule: String,
    pub rule_kind: String,
    /// The item of the worst value; empty for silence.
    pub item: String,
    /// Stored as `open` or `acknowledged`.
    pub status: common::monitoring::AlertStatus,
    pub opened_at: DateTimeUtc,
    pub first_value: f64,
    pub worst_value: f64,
    pub last_value: f64,
    pub reference: f64,
    pub worst_severity: f64,
    pub last_at: DateTimeUtc,
    pub values_count: i32,
    pub notified: i32,
    pub acknowledged_at: Option<DateTimeUtc>,
    pub acknowledged_by: Option<Uuid>,
    pub acknowledged_by_name: Option<String>,
    /// The care team's internal note.
    pub note: Option<String>,
    /// The note meant for the patient (issue 14).
    pub patient_note: Option<String>,
    /// The reviewer's role (`doctor`, `assistant`), for "Врач Петров И. И. просмотрел…".
    pub acknowledged_by_role: Option<common::auth::Role>,
    /// What the patient was asked to do for the worst value.
    pub urgency: common::alerts::Urgency,
    /// Who has taken it in the worklist (a membership), and when.
    pub taken_by: Option<Uuid>,
    pub taken_by_name: Option<String>,
    pub taken_at: Option<DateTimeUtc>,
    pub escalated_at: Option<DateTimeUtc>,
    pub escalated_to: Option<Uuid>,
    pub escalated_to_name: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
