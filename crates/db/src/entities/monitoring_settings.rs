//! An organization's monitoring settings. No row means the defaults.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "monitoring_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: Uuid,
    /// `Vec<common::alerts::AlertRule>` as JSON.
    pub rules: String,
    /// What a patient is told for each action: review, call the department, emergency.
    pub advice_ru: String,
    pub advice_en: String,
    pub advice_call_ru: String,
    pub advice_call_en: String,
    pub advice_emergency_ru: String,
    pub advice_emergency_en: String,
    pub department_phone: Option<String>,
    pub hotline_phone: Option<String>,
    /// The care team looks at a report within this many hours.
    pub answer_hours: i32,
    /// `Vec<String>` as JSON: ready notes for the patient.
    pub reply_templates: String,
    pub escalation_minutes: i32,
    /// The covering doctor's membership.
    pub covering_doctor_id: Option<Uuid>,
    pub reminder_hour: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
