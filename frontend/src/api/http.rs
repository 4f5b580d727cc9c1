//! JSON over `fetch` (gloo-net): sends, then turns every answer into `Result<T, ApiError>`.

use std::cell::RefCell;
use std::rc::Rc;

use common::Problem;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// Prefix of every API path.
pub const API_BASE: &str = "/api/v1";

/// Whether a request belongs to the public or the authorized half of the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No session needed (health, login, password reset). A 401 is an ordinary answer,
    /// e.g. wrong credentials.
    Public,
    /// Needs the session. A 401 means it has ended: the session-expired handler runs (the
    /// app sends the user to the login page), then the error is returned as well.
    Session,
}

type Handler = Rc<dyn Fn()>;

thread_local! {
    // The browser runs the SPA on one thread; the app registers its handler once at start.
    static ON_SESSION_EXPIRED: RefCell<Option<Handler>> = const { RefCell::new(None) };
}

/// Registers what happens when an authorized request answers 401 (the router navigates to
/// the login page). Replaces any earlier handler.
pub fn on_session_expired(handler: impl Fn() + 'static) {
    ON_SESSION_EXPIRED.with(|h| *h.borrow_mut() = Some(Rc::new(handler)));
}

fn session_expired() {
    let handler = ON_SESSION_EXPIRED.with(|h| h.borrow().clone());
    if let Some(handler) = handler {
        handler();
    }
}

fn url(path: &str) -> String {
    format!("{API_BASE}{path}")
}

fn accept(builder: RequestBuilder) -> RequestBuilder {
    builder.header("Accept", "application/json, application/problem+json")
}

/// `GET {API_BASE}{path}`, answer parsed as `T`.
pub async fn get_json<T: DeserializeOwned>(access: Access, path: &str) -> Result<T, ApiError> {
    let request = accept(Request::get(&url(path))).build().map_err(|e| ApiError::Network(e.to_string()))?;
    send(access, request).await
}

/// `POST {API_BASE}{path}` with a JSON body, answer parsed as `T` (`()` for 204).
pub async fn post_json<B: Serialize, T: DeserializeOwned>(access: Access, path: &str, body: &B) -> Result<T, ApiError> {
    let request = accept(Request::post(&url(path))).json(body).map_err(|e| ApiError::Network(e.to_string()))?;
    send(access, request).await
}

async fn send<T: DeserializeOwned>(access: Access, request: Request) -> Result<T, ApiError> {
    let response = request.send().await.map_err(|e| ApiError::Network(e.to_string()))?;
    let result = read(response).await;
    if access == Access::Session && result.as_ref().err().is_some_and(ApiError::is_unauthorized) {
        session_expired();
    }
    result
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    let content_type = response.headers().get("content-type").unwrap_or_default();
    let body = response.text().await.map_err(|e| ApiError::Network(e.to_string()))?;
    parse(status, &content_type, &body)
}

/// Turns a status, content type and body into the typed answer or the typed error.
pub(crate) fn parse<T: DeserializeOwned>(status: u16, content_type: &str, body: &str) -> Result<T, ApiError> {
    let is_json = content_type.contains("json");
    if (200..300).contains(&status) {
        let text = if body.trim().is_empty() { "null" } else { body };
        if !is_json && text != "null" {
            return Err(ApiError::Unexpected { status, detail: format!("content type {content_type:?}") });
        }
        return serde_json::from_str(text).map_err(|e| ApiError::Unexpected { status, detail: e.to_string() });
    }
    if is_json && let Ok(problem) = serde_json::from_str::<Problem>(body) {
        return Err(ApiError::Problem(problem));
    }
    Err(ApiError::Unexpected { status, detail: format!("content type {content_type:?}") })
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::{ErrorCode, health::Health};

    #[test]
    fn parses_success_problem_and_garbage() {
        let ok: Result<Health, _> = parse(200, "application/json", r#"{"status":"ok","version":"0.1.0"}"#);
        assert_eq!(ok.map(|h| h.version).ok().as_deref(), Some("0.1.0"));

        let problem = serde_json::to_string(&Problem::new(ErrorCode::RateLimited, None)).unwrap_or_default();
        let err = parse::<Health>(429, "application/problem+json", &problem).err();
        assert_eq!(err.and_then(|e| e.code()), Some(ErrorCode::RateLimited));

        let html = parse::<Health>(502, "text/html", "<html>bad gateway</html>").err();
        assert!(matches!(html, Some(ApiError::Unexpected { status: 502, .. })));

        let unit: Result<(), _> = parse(204, "", "");
        assert!(unit.is_ok());

        let wrong_shape = parse::<Health>(200, "application/json", "[]").err();
        assert!(matches!(wrong_shape, Some(ApiError::Unexpected { status: 200, .. })));
    }
}
