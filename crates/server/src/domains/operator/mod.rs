//! The operator domain: the platform operator creates medical organizations and their
//! organizers.

mod routes;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the domain's endpoints (in this order: the first matching route wins).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(routes::list).service(routes::create);
}
