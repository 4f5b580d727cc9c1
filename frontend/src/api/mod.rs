//! The typed API client: one place that talks to `/api/v1`, over the DTOs of `common`.
//!
//! Two halves: [`public`] for calls without a session (health, login), [`session`] for calls
//! made on behalf of a logged-in user — a 401 there ends the session and sends the user to
//! the login page (see [`on_session_expired`]). Both return [`ApiError`] on failure.

mod error;
mod http;

pub use error::{ApiError, ErrorKind};
pub use http::{API_BASE, Access, on_session_expired};

/// Calls that need no session.
pub mod public {
    use common::auth::LoginRequest;
    use common::health::Health;

    use super::ApiError;
    use super::http::{Access, get_json, post_json};

    /// `GET /api/v1/health`.
    pub async fn health() -> Result<Health, ApiError> {
        get_json(Access::Public, "/health").await
    }

    /// `POST /api/v1/auth/login`. The answer's shape arrives with the session issue; until
    /// then any 2xx body is accepted as JSON.
    pub async fn login(request: &LoginRequest) -> Result<serde_json::Value, ApiError> {
        post_json(Access::Public, "/auth/login", request).await
    }
}

/// Calls made for a logged-in user: a 401 runs the session-expired handler.
/// The endpoints themselves arrive with the issues that need them.
pub mod session {
    use serde::Serialize;
    use serde::de::DeserializeOwned;

    use super::ApiError;
    use super::http::{self, Access};

    /// `GET /api/v1{path}` for the logged-in user.
    pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
        http::get_json(Access::Session, path).await
    }

    /// `POST /api/v1{path}` for the logged-in user.
    pub async fn post_json<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
        http::post_json(Access::Session, path, body).await
    }
}
