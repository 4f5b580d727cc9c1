//! The monitoring domain: questionnaires and assignments, submissions and their series,
//! alerts and escalation, lapse and silence sweeps, reminders, the live channel of alerts.

pub mod advice;
pub mod alerts;
pub mod escalation;
pub mod monitoring_list;
pub mod questionnaires;
pub mod reminders;
mod routes;
pub mod series;
pub mod service;
pub mod silence;
pub mod submissions;

use std::sync::Arc;

use utoipa_actix_web::service_config::ServiceConfig;

use crate::platform::jobs::Registry;
use crate::platform::live::LoadAlert;

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
        .service(routes::alerts::take)
        .service(routes::alerts::release)
        .service(routes::live::ticket)
        .service(routes::live::stream);
}

/// Registers the domain's job kinds.
pub fn register_jobs(r: &mut Registry) {
    r.periodic_job::<reminders::Sweep>(reminders::EVERY);
    r.job::<reminders::Remind>();
    r.job::<escalation::EscalateAlert>();
    r.periodic_job::<silence::SilenceSweep>(silence::every());
}

/// The live channel's loader of an alert that a notification names instead of carrying.
pub fn live_alert_loader() -> LoadAlert {
    Arc::new(|db, alert_id, kind| {
        Box::pin(async move { alerts::envelope(&db, alert_id, kind).await.map_err(|e| format!("{e:?}")) })
    })
}
