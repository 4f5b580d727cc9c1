//! Liveness and readiness probes for load balancers and orchestrators.

use actix_web::{get, web};
use common::health::{Health, Readiness};
use common::{ErrorCode, Problem};

use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Liveness: the process answers.
#[utoipa::path(
    tag = "system",
    responses((status = 200, description = "The process is alive", body = Health,
        example = json!({"status": "ok", "version": "0.1.0"}))),
)]
#[get("/health")]
pub async fn health() -> web::Json<Health> {
    web::Json(Health { status: "ok".to_owned(), version: env!("CARGO_PKG_VERSION").to_owned() })
}

/// Readiness: the database answers a query.
#[utoipa::path(
    tag = "system",
    responses(
        (status = 200, description = "Ready to serve", body = Readiness,
            example = json!({"status": "ok", "database": "ok"})),
        (status = 503, description = "The database is unreachable", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> ApiResult<web::Json<Readiness>> {
    match db::ping(&state.db).await {
        Ok(()) => Ok(web::Json(Readiness { status: "ok".to_owned(), database: "ok".to_owned() })),
        Err(e) => {
            tracing::error!(error = %e, "readiness: database unreachable");
            Err(ApiError::code(ErrorCode::ServiceUnavailable, "The database is unreachable."))
        }
    }
}
