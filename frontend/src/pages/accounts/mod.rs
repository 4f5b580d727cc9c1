//! The accounts domain: logging in, registering, a forgotten password, an invitation's
//! activation, an email change, one's profile, and acting for a represented patient.

pub mod activate;
pub mod email_change;
pub mod login;
pub mod password_reset;
pub mod profile;
pub mod register;
pub mod representation;
