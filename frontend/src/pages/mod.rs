//! One module per page.

pub mod activate;
pub mod admin;
pub mod admin_dependents;
pub mod admin_feedback;
pub mod admin_settings;
pub mod audit;
pub mod cabinet;
pub mod email_change;
pub mod home;
pub mod login;
pub mod monitoring;
pub mod news;
pub mod not_found;
pub mod operator;
pub mod password_reset;
pub mod patients;
pub mod prices;
pub mod prices_import;
pub mod profile;
pub mod questionnaires;
pub mod register;
pub mod representation;
pub mod staff;
pub mod staff_dialogs;
pub mod staff_patients;
pub mod workplace;
