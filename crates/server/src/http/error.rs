//! `ApiError`: every failure of a request becomes one RFC 9457 problem+json answer.
//!
//! Database errors are mapped here and nowhere else. A 5xx answer says nothing about
//! internals; the cause chain goes to the log, once, here.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use common::{ErrorCode, FieldError, Problem};
use db::sea_orm::{DbErr, SqlErr};

pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A known failure with its stable code and an optional human detail.
    #[error("{code}: {detail:?}")]
    Code { code: ErrorCode, detail: Option<String> },
    /// Invalid input: each failing field.
    #[error("validation failed: {0:?}")]
    Validation(Vec<FieldError>),
    /// A known failure that names the fields behind it (e.g. `consents_missing`).
    #[error("{code}: {errors:?}")]
    CodeWithFields { code: ErrorCode, detail: String, errors: Vec<FieldError> },
    /// Too many attempts; retry after this many seconds.
    #[error("rate limited for {0} s")]
    RateLimited(u64),
    #[error("database error")]
    Db(#[from] DbErr),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn code(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::Code { code, detail: Some(detail.into()) }
    }
    pub fn not_found() -> Self {
        Self::Code { code: ErrorCode::NotFound, detail: None }
    }
    pub fn forbidden() -> Self {
        Self::Code { code: ErrorCode::Forbidden, detail: None }
    }
    pub fn unauthorized() -> Self {
        Self::Code { code: ErrorCode::Unauthorized, detail: None }
    }
    /// One invalid field.
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError { field: field.to_owned(), code: code.to_owned(), message: message.into() }])
    }

    fn error_code(&self) -> ErrorCode {
        match self {
            Self::Code { code, .. } | Self::CodeWithFields { code, .. } => *code,
            Self::Validation(_) => ErrorCode::ValidationFailed,
            Self::RateLimited(_) => ErrorCode::RateLimited,
            Self::Db(DbErr::RecordNotFound(_)) => ErrorCode::NotFound,
            Self::Db(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => ErrorCode::Conflict,
            Self::Db(e) if is_unavailable(e) => ErrorCode::ServiceUnavailable,
            Self::Db(_) | Self::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn problem(&self) -> Problem {
        let code = self.error_code();
        match self {
            Self::Code { detail, .. } => Problem::new(code, detail.clone()),
            Self::CodeWithFields { detail, errors, .. } => {
                Problem::new(code, Some(detail.clone())).with_errors(errors.clone())
            }
            Self::Validation(errors) => {
                Problem::new(code, Some("The request has invalid fields.".to_owned())).with_errors(errors.clone())
            }
            Self::RateLimited(secs) => Problem::new(code, Some(format!("Too many attempts; try again in {secs} s."))),
            Self::Db(_) if code == ErrorCode::Conflict => {
                Problem::new(code, Some("The record conflicts with an existing one.".to_owned()))
            }
            Self::Db(_) | Self::Internal(_) => Problem::new(code, None),
        }
    }
}

fn is_unavailable(e: &DbErr) -> bool {
    matches!(e, DbErr::ConnectionAcquire(_) | DbErr::Conn(_))
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.error_code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if status.is_server_error() {
            // The one place a request's error is logged, with its cause chain.
            tracing::error!(error = ?anyhow_chain(self), "request failed");
        }
        let mut resp = problem_response(&self.problem());
        if let Self::RateLimited(secs) = self
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        resp
    }
}

fn anyhow_chain(e: &ApiError) -> String {
    match e {
        ApiError::Internal(inner) => format!("{inner:#}"),
        ApiError::Db(inner) => format!("{inner}"),
        other => other.to_string(),
    }
}

/// Renders a problem with its status and content type.
pub fn problem_response(problem: &Problem) -> HttpResponse {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    HttpResponse::build(status).content_type(PROBLEM_JSON).json(problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_say_nothing_of_their_cause() {
        let e = ApiError::Internal(anyhow::anyhow!("password column missing in table accounts"));
        let p = e.problem();
        assert_eq!(p.status, 500);
        assert_eq!(p.code, ErrorCode::Internal);
        assert!(p.detail.is_none());
    }

    #[test]
    fn record_not_found_is_404() {
        let e = ApiError::Db(DbErr::RecordNotFound("job".into()));
        assert_eq!(e.status_code(), StatusCode::NOT_FOUND);
    }

    #[test]
    fn rate_limit_sets_retry_after() {
        let resp = ApiError::RateLimited(30).error_response();
        assert_eq!(resp.status(), 429);
        assert_eq!(resp.headers().get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()), Some("30"));
    }
}
