//! The typed API client: one place that talks to `/api/v1`, over the DTOs of `common`.
//!
//! A module per domain, as `pages/` has: [`accounts`], [`organization`], [`record`],
//! [`cabinet`], [`monitoring`] (with its `admin` and `cabinet` halves). Each call says its
//! access: `Access::Public` without a session, `Access::Session` on behalf of a logged-in user
//! — the Bearer token; a 401 refreshes the session once (single-flight) and repeats the call,
//! and when that fails the session-expired handler sends the user to the login page (see
//! [`on_session_expired`]). Every call returns [`ApiError`] on failure. `http` and `error` are
//! shared by all.

pub mod accounts;
pub mod cabinet;
mod error;
mod http;
pub mod monitoring;
pub mod organization;
pub mod record;

use common::health::Health;
pub use error::{ApiError, ErrorKind};
pub use http::{
    API_BASE, Access, Tagged, acting_for, on_session_expired, on_session_renewed, set_access_token, set_acting_for,
    sign_out_reason,
};

/// Percent-encodes a query value or path segment (RFC 3986 unreserved characters stay).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `?a=1&b=x` from the pairs that have a value (values percent-encoded; empty ones skipped).
pub fn query_string(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(|v| format!("{k}={}", encode(v)))
        })
        .collect();
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

/// `GET /api/v1/health`.
pub async fn health() -> Result<Health, ApiError> {
    http::get_json(Access::Public, "/health").await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_skip_empty_values_and_encode() {
        assert_eq!(query_string(&[]), "");
        assert_eq!(query_string(&[("q", Some("  ".into())), ("page", None)]), "");
        assert_eq!(
            query_string(&[("q", Some("Ёлкина А".into())), ("page", Some("2".into()))]),
            "?q=%D0%81%D0%BB%D0%BA%D0%B8%D0%BD%D0%B0%20%D0%90&page=2"
        );
        assert_eq!(
            query_string(&[("from", Some("2026-03-01T00:00:00+03:00".into()))]),
            "?from=2026-03-01T00%3A00%3A00%2B03%3A00"
        );
    }
}
