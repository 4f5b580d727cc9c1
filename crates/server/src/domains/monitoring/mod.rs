//! The monitoring domain: questionnaires and assignments, submissions and their series,
//! alerts and escalation, lapse and silence sweeps, reminders, the live channel of alerts.

pub mod alerts;
pub mod escalation;
pub mod monitoring_list;
pub mod questionnaires;
pub mod reminders;
pub(crate) mod routes;
pub mod series;
pub mod service;
pub mod silence;
pub mod submissions;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the domain's endpoints (in this order: the first matching route wins).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(routes::questionnaires::read::list)
        .service(routes::questionnaires::write::create)
        .service(routes::questionnaires::read::get_one)
        .service(routes::questionnaires::write::new_version)
        .service(routes::questionnaires::read::get_version)
        .service(routes::questionnaires::write::copy)
        .service(routes::questionnaires::archive::archive)
        .service(routes::questionnaires::archive::restore)
        .service(routes::assignments::list)
        .service(routes::assignments::create)
        .service(routes::assignments::end)
        .service(routes::assignments::submissions_of)
        .service(routes::list::list)
        .service(routes::series::staff)
        .service(routes::series::cabinet)
        .service(routes::settings::get_patient)
        .service(routes::settings::put_patient)
        .service(routes::settings::get_org)
        .service(routes::settings::put_org)
        .service(routes::alerts::list)
        .service(routes::alerts::get_one)
        .service(routes::alerts::acknowledge)
        .service(routes::live::ticket)
        .service(routes::live::stream);
}
