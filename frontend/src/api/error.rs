//! The one error type of the API client.

use common::{ErrorCode, Problem};

/// What went wrong with an API call. Components match on this, never on human text.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The request never got an answer: offline, DNS, connection refused, CORS, aborted.
    Network(String),
    /// The server answered with RFC 9457 problem details (`application/problem+json`);
    /// `retry_after` is the `Retry-After` header in seconds, when sent (429).
    Problem { problem: Problem, retry_after: Option<u64> },
    /// The server answered with something the client cannot read: an HTML error page of a
    /// proxy, a body of the wrong shape, an unexpected status.
    Unexpected { status: u16, detail: String },
}

impl ApiError {
    /// The HTTP status, when the server answered at all.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Network(_) => None,
            Self::Problem { problem, .. } => Some(problem.status),
            Self::Unexpected { status, .. } => Some(*status),
        }
    }

    /// The stable machine code, when the server sent problem details.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Problem { problem, .. } => Some(problem.code),
            _ => None,
        }
    }

    /// The failing fields of a `validation_failed` answer: (field, code) pairs.
    pub fn field_errors(&self) -> Vec<(String, String)> {
        match self {
            Self::Problem { problem, .. } => problem.errors.iter().map(|e| (e.field.clone(), e.code.clone())).collect(),
            _ => Vec::new(),
        }
    }

    /// Seconds to wait before trying again (`Retry-After` of a 429), when the server said.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::Problem { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The same error, carrying the `Retry-After` seconds of its answer.
    #[must_use]
    pub fn with_retry_after(self, seconds: Option<u64>) -> Self {
        match self {
            Self::Problem { problem, .. } => Self::Problem { problem, retry_after: seconds },
            other => other,
        }
    }

    /// The server failed (5xx): the user can only wait and retry.
    pub fn is_server_error(&self) -> bool {
        self.status().is_some_and(|s| s >= 500)
    }

    /// Authentication is missing or no longer valid.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// The session (access token) was refused — not a password check of the request itself
    /// (`invalid_credentials`, e.g. a wrong old password in the profile), which is an ordinary
    /// answer and must not end the session.
    pub fn is_session_refused(&self) -> bool {
        self.is_unauthorized() && self.code() != Some(ErrorCode::InvalidCredentials)
    }

    /// A refusal that ends the session for a reason the user must be told on the login page:
    /// the patient's consents were withdrawn (PREG-1). A refresh cannot cure it.
    pub fn session_end_reason(&self) -> Option<ErrorCode> {
        match self.code() {
            Some(code @ ErrorCode::ConsentsWithdrawn) => Some(code),
            _ => None,
        }
    }

    /// The kind of message the user should see; the UI translates it.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Network(_) => ErrorKind::Network,
            Self::Problem { problem: p, .. } => match p.code {
                ErrorCode::Unauthorized | ErrorCode::SessionExpired => ErrorKind::Unauthorized,
                ErrorCode::Forbidden => ErrorKind::Forbidden,
                ErrorCode::NotFound => ErrorKind::NotFound,
                ErrorCode::RateLimited => ErrorKind::RateLimited,
                ErrorCode::PreconditionFailed => ErrorKind::Stale,
                ErrorCode::Timeout | ErrorCode::ServiceUnavailable => ErrorKind::Unavailable,
                _ if p.status >= 500 => ErrorKind::Server,
                _ => ErrorKind::Unexpected,
            },
            Self::Unexpected { status, .. } => match status {
                401 => ErrorKind::Unauthorized,
                502..=504 => ErrorKind::Unavailable,
                s if *s >= 500 => ErrorKind::Server,
                _ => ErrorKind::Unexpected,
            },
        }
    }
}

/// A user-facing classification of [`ApiError`], one translated message each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Network,
    Server,
    Unavailable,
    Unauthorized,
    Forbidden,
    NotFound,
    RateLimited,
    /// Someone else changed the record since it was read (412): reload, then change again.
    Stale,
    Unexpected,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Network(e) => write!(f, "network error: {e}"),
            Self::Problem { problem, .. } => write!(f, "{} ({})", problem.title, problem.code),
            Self::Unexpected { status, detail } => {
                write!(f, "unexpected answer {status}: {detail}")
            }
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let p = |c| ApiError::Problem { problem: Problem::new(c, None), retry_after: None };
        assert_eq!(p(ErrorCode::Internal).kind(), ErrorKind::Server);
        assert!(p(ErrorCode::Internal).is_server_error());
        assert_eq!(p(ErrorCode::RateLimited).kind(), ErrorKind::RateLimited);
        assert_eq!(p(ErrorCode::ServiceUnavailable).kind(), ErrorKind::Unavailable);
        assert!(p(ErrorCode::Unauthorized).is_unauthorized());
        assert!(p(ErrorCode::Unauthorized).is_session_refused());
        assert!(p(ErrorCode::SessionExpired).is_session_refused());
        assert!(!p(ErrorCode::InvalidCredentials).is_session_refused());
        assert_eq!(p(ErrorCode::ConsentsWithdrawn).session_end_reason(), Some(ErrorCode::ConsentsWithdrawn));
        assert_eq!(p(ErrorCode::Forbidden).session_end_reason(), None);
        assert_eq!(p(ErrorCode::PreconditionFailed).kind(), ErrorKind::Stale);
        assert_eq!(p(ErrorCode::Unauthorized).session_end_reason(), None);
        assert_eq!(ApiError::Network("x".into()).kind(), ErrorKind::Network);
        let html = ApiError::Unexpected { status: 502, detail: String::new() };
        assert_eq!(html.kind(), ErrorKind::Unavailable);
        assert_eq!(ApiError::Unexpected { status: 200, detail: String::new() }.kind(), ErrorKind::Unexpected);
    }
}
