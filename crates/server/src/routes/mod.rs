//! The API under `/api/v1`. A module per resource, a function per action; every handler is
//! registered through utoipa so the OpenAPI document cannot miss it.

pub mod health;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every `/api/v1` endpoint.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::health).service(health::ready);
}
