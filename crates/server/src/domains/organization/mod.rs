//! The organization domain: staff, patient cards, the organization's settings, news and
//! price list, the organizer's side of feedback, the audit log.

pub mod dto;
pub mod patients;
pub mod price_list;
mod routes;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the domain's endpoints (in this order: the first matching route wins).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(routes::staff::list)
        .service(routes::staff::invite)
        .service(routes::staff::resend)
        .service(routes::staff::deactivate)
        .service(routes::staff::activate)
        .service(routes::staff::update)
        .service(routes::staff::get_access)
        .service(routes::staff::set_access)
        .service(routes::patients::list)
        .service(routes::patients::create)
        .service(routes::patients::get_one)
        .service(routes::patients::update)
        .service(routes::patients::invite)
        .service(routes::patients::register_again)
        .service(routes::patients::deactivate)
        .service(routes::patients::activate)
        .service(routes::patients::set_doctors)
        .service(routes::patients::take)
        .service(routes::settings::get_classes)
        .service(routes::settings::put_classes)
        .service(routes::news::list)
        .service(routes::news::create)
        .service(routes::news::update)
        .service(routes::news::remove)
        .service(routes::prices::list)
        .service(routes::prices::create)
        .service(routes::prices::import_preview)
        .service(routes::prices::import)
        .service(routes::prices::update)
        .service(routes::prices::remove)
        .service(routes::audit::list)
        .service(routes::feedback::list)
        .service(routes::feedback::answered);
}
