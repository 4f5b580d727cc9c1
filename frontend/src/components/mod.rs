//! Building blocks shared by the pages.

pub mod care;
pub mod chart;
pub mod datetime;
pub mod doctor_checklist;
pub mod entry_text;
pub mod feedback;
pub mod form;
pub mod icons;
pub mod lang_switch;
pub mod latest;
pub mod layout;
pub mod list_controls;
pub mod long_text;
pub mod menu;
pub mod page;
pub mod patient;
pub mod patient_form;
pub mod person_form;
pub mod readings;
pub mod service_status;
pub mod symptoms;
pub mod table;
pub mod time_zone;
pub mod ui;
