//! Optimistic concurrency for records several people edit (the patient card, the organization's
//! settings): `GET` answers with a strong `ETag` — a hash of what the form edits — and an update
//! that sends `If-Match` with a stale tag is refused with 412 `precondition_failed`, so two
//! organizers editing at once cannot silently overwrite each other. The tag is computed from
//! the content, not a counter: it changes exactly when the edited data does, on any clock.
//!
//! `If-Match` is optional: an update without it (an integration that does not read first) is
//! applied as sent. The handler takes a row lock before comparing (see the callers), so two
//! updates with the same tag cannot both pass.

use actix_web::HttpRequest;
use actix_web::http::header::{ETAG, IF_MATCH};
use common::ErrorCode;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::http::error::ApiError;

/// The version of `content`: 32 hex digits of its hash.
pub fn version_of(content: &impl Serialize) -> Result<String, ApiError> {
    let bytes = serde_json::to_vec(content).map_err(|e| ApiError::Internal(e.into()))?;
    let digest = Sha256::digest(&bytes);
    Ok(hex::encode(&digest[..16]))
}

/// The strong entity tag of `content`: its version, quoted.
pub fn etag_of(content: &impl Serialize) -> Result<String, ApiError> {
    Ok(format!("\"{}\"", version_of(content)?))
}

/// The `ETag` header of a response.
pub fn etag_header(tag: String) -> (actix_web::http::header::HeaderName, String) {
    (ETAG, tag)
}

/// Refuses the update with 412 when the request's `If-Match` names neither `current` nor `*`
/// (a weak tag never matches, RFC 9110 §13.1.1). No `If-Match`: the update goes on.
pub fn check_if_match(req: &HttpRequest, current: &str) -> Result<(), ApiError> {
    let values: Vec<&str> = req.headers().get_all(IF_MATCH).filter_map(|v| v.to_str().ok()).collect();
    if values.is_empty() {
        return Ok(());
    }
    let matches = values.iter().flat_map(|v| v.split(',')).map(str::trim).any(|tag| tag == "*" || tag == current);
    if matches {
        Ok(())
    } else {
        Err(ApiError::code(
            ErrorCode::PreconditionFailed,
            "Someone else changed this record since you opened it; reload it and make your change again.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn if_match_compares_strong_tags() {
        let tag = etag_of(&("a", 1)).unwrap();
        assert_eq!(tag.len(), 34);
        assert_ne!(tag, etag_of(&("a", 2)).unwrap());
        let with = |v: &str| TestRequest::default().insert_header((IF_MATCH, v)).to_http_request();
        assert!(check_if_match(&TestRequest::default().to_http_request(), &tag).is_ok(), "no If-Match");
        assert!(check_if_match(&with(&tag), &tag).is_ok());
        assert!(check_if_match(&with("*"), &tag).is_ok());
        assert!(check_if_match(&with(&format!("\"x\", {tag}")), &tag).is_ok());
        assert!(check_if_match(&with("\"0123\""), &tag).is_err());
        assert!(check_if_match(&with(&format!("W/{tag}")), &tag).is_err(), "a weak tag never matches");
    }
}
