//! The accounts domain: logging in, sessions, password reset, invitations, registration, profile.

mod auth;
mod invitations;
mod password_reset;
mod profile;
mod refresh;
mod registration;
