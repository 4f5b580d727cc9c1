//! Building blocks shared by the pages.

pub mod feedback;
pub mod lang_switch;
pub mod layout;
pub mod service_status;
