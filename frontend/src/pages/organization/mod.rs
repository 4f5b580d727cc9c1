//! The organization domain: the organizer's staff, patients, news, prices, settings,
//! feedback, dependents' requests and audit log, and the staff workplaces' patient lists.

pub mod admin;
pub mod admin_dependents;
pub mod admin_feedback;
pub mod admin_settings;
pub mod audit;
pub mod news;
pub mod patients;
pub mod prices;
pub mod prices_import;
pub mod staff_dialogs;
pub mod staff_patients;
