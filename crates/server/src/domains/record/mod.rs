//! The record domain: the medical record and prescriptions (the clinicians' side and the
//! patient's cabinet), attachments.

mod routes;

pub mod service;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the domain's endpoints (in this order: the first matching route wins).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(routes::read::list)
        .service(routes::write::create)
        .service(routes::read::get_one)
        .service(routes::write::update)
        .service(routes::write::sign)
        .service(routes::write::amend)
        .service(routes::summary::get_one)
        .service(routes::summary::update)
        .service(routes::prescriptions::list)
        .service(routes::prescriptions::create)
        .service(routes::prescriptions::set_status)
        .service(routes::cabinet_record::list)
        .service(routes::cabinet_record::print)
        .service(routes::cabinet_record::get_one)
        .service(routes::cabinet_record::prescriptions)
        .service(routes::cabinet_record::done)
        .service(routes::attachments::upload::create)
        .service(routes::attachments::download::get_link)
        .service(routes::attachments::download::get_file);
}
