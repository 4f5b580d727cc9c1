//! One module per table.

pub mod account;
pub mod auth_throttle;
pub mod email;
pub mod job;
pub mod membership;
pub mod one_time_token;
pub mod organization;
pub mod patient_card;
pub mod refresh_token;
