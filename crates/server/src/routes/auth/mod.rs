//! `/api/v1/auth/*`, `/api/v1/me`: logging in and out, refreshing, switching roles, resetting
//! a forgotten password.

pub mod login;
pub mod password_reset;
pub mod session;
