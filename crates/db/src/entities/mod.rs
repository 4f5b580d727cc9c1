//! One module per table.

pub mod account;
pub mod assistant_doctor;
pub mod audit_log;
pub mod audit_patient;
pub mod auth_throttle;
pub mod course_doctor;
pub mod doctor_patient;
pub mod email;
pub mod job;
pub mod membership;
pub mod news;
pub mod one_time_token;
pub mod organization;
pub mod organization_settings;
pub mod patient_card;
pub mod patient_consent;
pub mod price_item;
pub mod refresh_token;
pub mod registration_code;
