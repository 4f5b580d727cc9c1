//! `/api/v1/auth/*`, invitations, registration and the caller's profile.

pub mod invitations;
pub mod login;
pub mod password_reset;
pub mod profile;
pub mod registration;
pub mod session;
