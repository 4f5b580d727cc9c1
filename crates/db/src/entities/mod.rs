//! One module per table.

pub mod account;
pub mod assistant_doctor;
pub mod attachment;
pub mod audit_log;
pub mod audit_patient;
pub mod auth_throttle;
pub mod course_doctor;
pub mod dependent_request;
pub mod doctor_patient;
pub mod email;
pub mod feedback;
pub mod job;
pub mod membership;
pub mod news;
pub mod notification;
pub mod one_time_token;
pub mod organization;
pub mod organization_settings;
pub mod patient_card;
pub mod patient_consent;
pub mod prescription;
pub mod price_item;
pub mod record_entry;
pub mod refresh_token;
pub mod registration_code;
pub mod representative;
