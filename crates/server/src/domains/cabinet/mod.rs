//! The cabinet domain: the patient's cabinet (context, notifications, feedback, dependents,
//! data entry), representatives and representation.

pub mod representation;
mod routes;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the domain's endpoints (in this order: the first matching route wins).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(routes::context::context)
        .service(routes::context::profile)
        .service(routes::context::news_list)
        .service(routes::context::price_list)
        .service(routes::notifications::list)
        .service(routes::notifications::read_all)
        .service(routes::notifications::read)
        .service(routes::feedback::create)
        .service(routes::feedback::list)
        .service(routes::dependents::create)
        .service(routes::dependents::list)
        .service(routes::representatives::list)
        .service(routes::representatives::create)
        .service(routes::representatives::remove)
        .service(routes::representation::list)
        .service(routes::representation::resend)
        .service(routes::representation::revoke)
        .service(routes::representation::get_one)
        .service(routes::representation::accept)
        .service(routes::representation::register)
        .service(routes::representation::decline)
        .service(routes::representatives::requests)
        .service(routes::representatives::confirm)
        .service(routes::representatives::reject)
        .service(routes::today::today)
        .service(routes::data_entry::data_entry)
        .service(routes::data_entry::get_questionnaire)
        .service(routes::submissions::create)
        .service(routes::submissions::list);
}
