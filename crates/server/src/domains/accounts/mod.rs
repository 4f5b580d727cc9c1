//! The accounts domain: logging in, sessions and the role switch, forgotten passwords,
//! accepting an invitation, a patient's registration of his cabinet, the caller's own profile.

pub mod address_codes;
pub mod invitations;
pub mod lapse;
mod routes;
pub mod service;

use utoipa_actix_web::service_config::ServiceConfig;

use crate::platform::jobs::Registry;

/// Registers the domain's endpoints (in this order: the first matching route wins).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(routes::login::login)
        .service(routes::session::refresh)
        .service(routes::session::logout)
        .service(routes::session::switch)
        .service(routes::session::me)
        .service(routes::password_reset::request)
        .service(routes::password_reset::confirm)
        .service(routes::invitations::get_invitation)
        .service(routes::invitations::accept)
        .service(routes::profile::change_name)
        .service(routes::profile::change_email)
        .service(routes::profile::confirm_email)
        .service(routes::profile::revert_email)
        .service(routes::profile::change_password)
        .service(routes::registration::start)
        .service(routes::registration::complete);
}

/// Registers the domain's job kinds.
pub fn register_jobs(r: &mut Registry) {
    r.job::<address_codes::PasswordResetCode>();
    r.job::<address_codes::RegistrationCode>();
    r.job::<lapse::LapseInvitation>();
}
