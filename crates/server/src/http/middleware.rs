//! Cross-cutting HTTP behavior: security headers, the request timeout, and problem+json for
//! every error answer that a handler did not shape itself (unknown route, wrong method …).

use std::time::Duration;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{ErrorHandlerResponse, Next};
use common::{ErrorCode, Problem};

use crate::http::error::{ApiError, PROBLEM_JSON, problem_response};

/// How long a request may take before it is answered with 503 `timeout`.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// An upload streams up to 10 files of 50 MB (CAB-12): it may take this long.
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(15 * 60);

const CSP_APP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; media-src 'self' blob:; object-src 'none'; \
frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
// Swagger UI runs an inline bootstrap and inline styles.
const CSP_DOCS: &str = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'";

/// Adds the security headers to every response.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let https = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .map(|s| s.settings.base_url.starts_with("https://"))
        .unwrap_or(false);
    let docs = req.path().starts_with("/api/docs");
    let mut res = next.call(req).await?;
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin"));
    h.insert(
        header::HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(self), microphone=(self), geolocation=(), payment=()"),
    );
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(if docs { CSP_DOCS } else { CSP_APP }));
    if https {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    Ok(res)
}

/// Answers 405 (with `Allow`) before routing when an `/api/v1` path is documented but not with
/// this method; see [`crate::http::api_index::ApiIndex::method_not_allowed`].
pub async fn method_not_allowed(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if req.path().starts_with("/api/v1/")
        && let Some(index) = req.app_data::<actix_web::web::Data<crate::http::api_index::ApiIndex>>()
        && let Some(res) = index.method_not_allowed(req.request())
    {
        return Ok(req.into_response(res).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// Answers 503 `timeout` when a request takes longer than [`REQUEST_TIMEOUT`].
pub async fn timeout(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    // Never clone the request here: routing needs to own it.
    let path = req.path().to_owned();
    let limit = if path.ends_with("/cabinet/record/uploads") { UPLOAD_TIMEOUT } else { REQUEST_TIMEOUT };
    match tokio::time::timeout(limit, next.call(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!(path = %path, "request timed out");
            Err(ApiError::code(ErrorCode::Timeout, "The request took too long.").into())
        }
    }
}

/// Turns an error answer without a problem body into one, keeping its status and headers.
pub fn problem_for_bare_errors<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|ct| ct.starts_with(PROBLEM_JSON))
        .unwrap_or(false);
    if is_problem {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let code = match res.status().as_u16() {
        400 => ErrorCode::InvalidParameter,
        401 => ErrorCode::Unauthorized,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        405 => ErrorCode::MethodNotAllowed,
        409 => ErrorCode::Conflict,
        412 => ErrorCode::PreconditionFailed,
        413 => ErrorCode::PayloadTooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        428 => ErrorCode::PreconditionRequired,
        422 => ErrorCode::ValidationFailed,
        429 => ErrorCode::RateLimited,
        503 => ErrorCode::ServiceUnavailable,
        _ => ErrorCode::Internal,
    };
    let mut problem = Problem::new(code, None);
    problem.status = res.status().as_u16();
    let (req, old) = res.into_parts();
    let mut new = problem_response(&problem);
    for (name, value) in old.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            new.headers_mut().insert(name.clone(), value.clone());
        }
    }
    Ok(ErrorHandlerResponse::Response(ServiceResponse::new(req, new).map_into_right_body()))
}
