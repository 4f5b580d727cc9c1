//! One module per page.

pub mod accounts;
pub mod cabinet;
pub mod home;
pub mod monitoring;
pub mod not_found;
pub mod operator;
pub mod organization;
pub mod record;
pub mod workplace;
