//! JSON over `fetch` (gloo-net): sends, then turns every answer into `Result<T, ApiError>`.
//!
//! The authorized half sends `Authorization: Bearer <access token>`. The token lives in memory
//! only (never in `localStorage`); the refresh token is an HttpOnly cookie the script never sees.
//! A 401 on an authorized call refreshes the session once — single-flight: concurrent 401s
//! share one `POST /auth/refresh` — and repeats the call; when the refresh fails too, the
//! session-expired handler runs (the app goes to the login page).

use std::cell::RefCell;
use std::rc::Rc;

use common::Problem;
use common::auth::SessionDto;
use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
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
    /// Needs the session: sends the Bearer token; a 401 refreshes the session once and
    /// repeats the call; if that fails the session-expired handler runs, then the error is
    /// returned as well.
    Session,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    Post,
    Put,
    Delete,
}

/// A request body: text of a media type, bytes of one (a file sent as it is, whatever its
/// encoding), or a multipart form (the browser sets its `Content-Type` with the boundary).
#[derive(Debug, Clone)]
enum Body {
    Text { text: String, content_type: &'static str },
    Bytes { bytes: js_sys::Uint8Array, content_type: &'static str },
    Form(web_sys::FormData),
}

impl Body {
    fn json<B: Serialize>(body: &B) -> Result<Self, ApiError> {
        let text = serde_json::to_string(body).map_err(|e| ApiError::Network(e.to_string()))?;
        Ok(Self::Text { text, content_type: "application/json" })
    }
}

type Handler = Rc<dyn Fn(Option<common::ErrorCode>)>;
type RenewedHandler = Rc<dyn Fn(&SessionDto)>;
type RefreshFuture = Shared<LocalBoxFuture<'static, Result<SessionDto, ApiError>>>;

thread_local! {
    // The browser runs the SPA on one thread; the app registers its handlers once at start.
    static ON_SESSION_EXPIRED: RefCell<Option<Handler>> = const { RefCell::new(None) };
    static ON_SESSION_RENEWED: RefCell<Option<RenewedHandler>> = const { RefCell::new(None) };
    static ACCESS_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    static REFRESHING: RefCell<Option<RefreshFuture>> = const { RefCell::new(None) };
    static ACTING_FOR: RefCell<Option<String>> = const { RefCell::new(None) };
    static SIGN_OUT_REASON: RefCell<Option<common::ErrorCode>> = const { RefCell::new(None) };
}

/// Why the server last ended the session (e.g. `consents_withdrawn`), until a new session
/// starts: the login page says it, whichever redirect brought the user there.
pub fn sign_out_reason() -> Option<common::ErrorCode> {
    SIGN_OUT_REASON.with(|r| *r.borrow())
}

/// The card a patient's cabinet acts for (CAB-10): while set, every `/cabinet/*` and
/// `/attachments/*` call sends it as `X-Patient-Id`; `None` is his own card. In memory only;
/// forgotten with the access token.
pub fn set_acting_for(card: Option<String>) {
    ACTING_FOR.with(|a| *a.borrow_mut() = card);
}

/// The card set by [`set_acting_for`].
pub fn acting_for() -> Option<String> {
    ACTING_FOR.with(|a| a.borrow().clone())
}

/// Whether a call to `path` names the card it acts for.
pub(crate) fn carries_patient(path: &str) -> bool {
    path.starts_with("/cabinet/") || path == "/cabinet" || path.starts_with("/attachments/")
}

/// Registers what happens when the session has ended for good (the refresh failed too, or the
/// server ended it for a reason the user must read — see [`ApiError::session_end_reason`]):
/// the router navigates to the login page, which says the reason. Replaces any earlier handler.
pub fn on_session_expired(handler: impl Fn(Option<common::ErrorCode>) + 'static) {
    ON_SESSION_EXPIRED.with(|h| *h.borrow_mut() = Some(Rc::new(handler)));
}

/// Registers what happens after a silent refresh issued a new access token.
pub fn on_session_renewed(handler: impl Fn(&SessionDto) + 'static) {
    ON_SESSION_RENEWED.with(|h| *h.borrow_mut() = Some(Rc::new(handler)));
}

/// Keeps (or forgets) the access token of the current session, in memory only.
pub fn set_access_token(token: Option<String>) {
    if token.is_none() {
        set_acting_for(None);
    } else {
        SIGN_OUT_REASON.with(|r| *r.borrow_mut() = None);
    }
    ACCESS_TOKEN.with(|t| *t.borrow_mut() = token);
}

fn access_token() -> Option<String> {
    ACCESS_TOKEN.with(|t| t.borrow().clone())
}

fn session_expired(reason: Option<common::ErrorCode>) {
    set_access_token(None);
    SIGN_OUT_REASON.with(|r| *r.borrow_mut() = reason);
    let handler = ON_SESSION_EXPIRED.with(|h| h.borrow().clone());
    if let Some(handler) = handler {
        handler(reason);
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
    send(access, Method::Get, path, None, None).await.map(|t| t.value)
}

/// An answer with its `ETag`: the version of the record, to send back as `If-Match`.
#[derive(Debug, Clone)]
pub struct Tagged<T> {
    pub value: T,
    pub etag: Option<String>,
}

/// `GET {API_BASE}{path}`, answer parsed as `T`, with its `ETag`.
pub async fn get_json_tagged<T: DeserializeOwned>(access: Access, path: &str) -> Result<Tagged<T>, ApiError> {
    send(access, Method::Get, path, None, None).await
}

/// `PUT {API_BASE}{path}` with a JSON body and `If-Match: if_match` (the `ETag` the form read):
/// someone else's change since then answers 412 `precondition_failed`.
pub async fn put_json_if_match<B: Serialize, T: DeserializeOwned>(
    access: Access,
    path: &str,
    body: &B,
    if_match: &str,
) -> Result<Tagged<T>, ApiError> {
    send(access, Method::Put, path, Some(Body::json(body)?), Some(if_match)).await
}

/// `POST {API_BASE}{path}` with a JSON body, answer parsed as `T` (`()` for 204).
pub async fn post_json<B: Serialize, T: DeserializeOwned>(access: Access, path: &str, body: &B) -> Result<T, ApiError> {
    send(access, Method::Post, path, Some(Body::json(body)?), None).await.map(|t| t.value)
}

/// `PUT {API_BASE}{path}` with a JSON body, answer parsed as `T`.
pub async fn put_json<B: Serialize, T: DeserializeOwned>(access: Access, path: &str, body: &B) -> Result<T, ApiError> {
    send(access, Method::Put, path, Some(Body::json(body)?), None).await.map(|t| t.value)
}

/// `DELETE {API_BASE}{path}`, answer parsed as `T` (`()` for 204).
pub async fn delete<T: DeserializeOwned>(access: Access, path: &str) -> Result<T, ApiError> {
    send(access, Method::Delete, path, None, None).await.map(|t| t.value)
}

/// `POST {API_BASE}{path}` with the bytes of a file as they are, as `content_type` (the server
/// finds the file's text encoding).
pub async fn post_bytes<T: DeserializeOwned>(
    access: Access,
    path: &str,
    bytes: js_sys::Uint8Array,
    content_type: &'static str,
) -> Result<T, ApiError> {
    send(access, Method::Post, path, Some(Body::Bytes { bytes, content_type }), None).await.map(|t| t.value)
}

/// `POST {API_BASE}{path}` with a `multipart/form-data` body (uploads).
pub async fn post_form<T: DeserializeOwned>(
    access: Access,
    path: &str,
    form: web_sys::FormData,
) -> Result<T, ApiError> {
    send(access, Method::Post, path, Some(Body::Form(form)), None).await.map(|t| t.value)
}

/// `POST {API_BASE}{path}` without a body (refresh, logout, actions on a resource).
pub async fn post_empty<T: DeserializeOwned>(access: Access, path: &str) -> Result<T, ApiError> {
    send(access, Method::Post, path, None, None).await.map(|t| t.value)
}

fn build(
    method: Method,
    path: &str,
    body: Option<&Body>,
    token: Option<&str>,
    if_match: Option<&str>,
) -> Result<Request, ApiError> {
    let builder = match method {
        Method::Get => Request::get(&url(path)),
        Method::Post => Request::post(&url(path)),
        Method::Put => Request::put(&url(path)),
        Method::Delete => Request::delete(&url(path)),
    };
    let mut builder = accept(builder);
    if let Some(tag) = if_match {
        builder = builder.header("If-Match", tag);
    }
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
        if carries_patient(path)
            && let Some(card) = acting_for()
        {
            builder = builder.header(common::cabinet::PATIENT_HEADER, &card);
        }
    }
    let request = match body {
        Some(Body::Text { text, content_type }) => builder.header("Content-Type", content_type).body(text.clone()),
        Some(Body::Bytes { bytes, content_type }) => builder.header("Content-Type", content_type).body(bytes.clone()),
        Some(Body::Form(form)) => builder.body(form.clone()),
        None => builder.build(),
    };
    request.map_err(|e| ApiError::Network(e.to_string()))
}

async fn send_once<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&Body>,
    token: Option<&str>,
    if_match: Option<&str>,
) -> Result<Tagged<T>, ApiError> {
    let request = build(method, path, body, token, if_match)?;
    let response = request.send().await.map_err(|e| ApiError::Network(e.to_string()))?;
    let etag = response.headers().get("etag");
    read(response).await.map(|value| Tagged { value, etag })
}

async fn send<T: DeserializeOwned>(
    access: Access,
    method: Method,
    path: &str,
    body: Option<Body>,
    if_match: Option<&str>,
) -> Result<Tagged<T>, ApiError> {
    if access == Access::Public {
        return send_once(method, path, body.as_ref(), None, if_match).await;
    }
    let token = access_token();
    let first = match token.as_deref() {
        Some(token) => send_once(method, path, body.as_ref(), Some(token), if_match).await,
        None => {
            Err(ApiError::Problem { problem: Problem::new(common::ErrorCode::Unauthorized, None), retry_after: None })
        }
    };
    if let Some(reason) = first.as_ref().err().and_then(ApiError::session_end_reason) {
        // The server ended the session and said why (e.g. the patient's consents were
        // withdrawn): no refresh can cure it.
        session_expired(Some(reason));
        return first;
    }
    if !first.as_ref().err().is_some_and(ApiError::is_session_refused) {
        return first;
    }
    match refresh_after(token).await {
        Ok(new_token) => {
            let second = send_once(method, path, body.as_ref(), Some(&new_token), if_match).await;
            if let Some(e) = second.as_ref().err()
                && (e.is_session_refused() || e.session_end_reason().is_some())
            {
                session_expired(e.session_end_reason());
            }
            second
        }
        Err(e) => {
            session_expired(e.session_end_reason());
            first
        }
    }
}

/// A fresh access token after `stale` was refused: another call may already have refreshed
/// (then its token is used), or be refreshing right now (then its answer is awaited).
async fn refresh_after(stale: Option<String>) -> Result<String, ApiError> {
    if let Some(current) = access_token()
        && Some(&current) != stale.as_ref()
    {
        return Ok(current);
    }
    refresh().await.map(|s| s.access_token)
}

/// `POST /auth/refresh`, single-flight: while one is under way, every caller awaits it.
/// On success the new token is kept and the renewed-session handler runs.
pub async fn refresh() -> Result<SessionDto, ApiError> {
    let shared = REFRESHING.with(|r| {
        r.borrow_mut()
            .get_or_insert_with(|| {
                async {
                    let result =
                        send_once::<SessionDto>(Method::Post, "/auth/refresh", None, None, None).await.map(|t| t.value);
                    REFRESHING.with(|r| *r.borrow_mut() = None);
                    match &result {
                        Ok(session) => {
                            set_access_token(Some(session.access_token.clone()));
                            let handler = ON_SESSION_RENEWED.with(|h| h.borrow().clone());
                            if let Some(handler) = handler {
                                handler(session);
                            }
                        }
                        Err(_) => set_access_token(None),
                    }
                    result
                }
                .boxed_local()
                .shared()
            })
            .clone()
    });
    shared.await
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    let headers = response.headers();
    let content_type = headers.get("content-type").unwrap_or_default();
    let retry_after = headers.get("retry-after").and_then(|v| v.trim().parse::<u64>().ok());
    let body = response.text().await.map_err(|e| ApiError::Network(e.to_string()))?;
    parse(status, &content_type, &body).map_err(|e| e.with_retry_after(retry_after))
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
        return Err(ApiError::Problem { problem, retry_after: None });
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
        assert_eq!(err.as_ref().and_then(ApiError::code), Some(ErrorCode::RateLimited));
        assert_eq!(err.map(|e| e.with_retry_after(Some(30)).retry_after()), Some(Some(30)));

        let html = parse::<Health>(502, "text/html", "<html>bad gateway</html>").err();
        assert!(matches!(html, Some(ApiError::Unexpected { status: 502, .. })));

        let unit: Result<(), _> = parse(204, "", "");
        assert!(carries_patient("/cabinet/record?kind=patient"));
        assert!(carries_patient("/attachments/1/link"));
        assert!(!carries_patient("/me"));
        assert!(!carries_patient("/cabinetx"));
        assert!(unit.is_ok());

        let wrong_shape = parse::<Health>(200, "application/json", "[]").err();
        assert!(matches!(wrong_shape, Some(ApiError::Unexpected { status: 200, .. })));
    }
}
