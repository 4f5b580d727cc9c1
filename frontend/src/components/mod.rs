//! Building blocks shared by the pages.

pub mod feedback;
pub mod lang_switch;
pub mod layout;
pub mod person_form;
pub mod service_status;
pub mod ui;
