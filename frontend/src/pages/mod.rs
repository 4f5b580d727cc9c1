//! One module per page.

pub mod activate;
pub mod admin;
pub mod doctor;
pub mod home;
pub mod login;
pub mod not_found;
pub mod operator;
pub mod password_reset;
pub mod workplace;
