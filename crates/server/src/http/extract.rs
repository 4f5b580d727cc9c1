//! Request extractors whose failures are problem+json with the failing field named.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use common::{ErrorCode, FieldError};
use serde::de::DeserializeOwned;

use crate::http::error::ApiError;

/// The default limit of a JSON body.
pub const JSON_LIMIT: usize = 256 * 1024;

/// A JSON body. Malformed JSON → 400 `malformed_json`; a missing field, a wrong type or an
/// invalid value → 422 `validation_failed` naming the field's path; over the limit → 413;
/// another content type → 415.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let content_type_ok = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|ct| {
                let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            })
            .unwrap_or(false);
        // The limit is the app's `web::PayloadConfig` (set to JSON_LIMIT in startup).
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !content_type_ok {
                return Err(ApiError::code(ErrorCode::UnsupportedMediaType, "Send the body as application/json."));
            }
            let body = bytes.await.map_err(payload_error)?;
            parse_json(&body).map(Json)
        })
    }
}

/// Parses a JSON body with the error mapping of [`Json`].
///
/// A number with a zero fraction (`1800.0`) is read as the integer it is: JSON has one number
/// type, and the OpenAPI document's `type: integer` (JSON Schema) includes `1800.0` — a client
/// that writes every number as a float must not be refused for it.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let mut value: serde_json::Value = serde_json::from_slice(body).map_err(|err| json_error(String::new(), err))?;
    integral_floats_to_integers(&mut value);
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        json_error(path, err.into_inner())
    })
}

fn integral_floats_to_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
            {
                // In range, the conversions are exact (an integral f64 fits exactly).
                if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
                    *value = Value::from(f as i64);
                } else if (0.0..18_446_744_073_709_551_616.0).contains(&f) {
                    *value = Value::from(f as u64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_to_integers),
        Value::Object(map) => map.values_mut().for_each(integral_floats_to_integers),
        _ => {}
    }
}

fn json_error(path: String, inner: serde_json::Error) -> ApiError {
    match inner.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof | serde_json::error::Category::Io => {
            ApiError::code(ErrorCode::MalformedJson, format!("The body is not valid JSON: {inner}"))
        }
        serde_json::error::Category::Data => {
            let msg = inner.to_string();
            // serde names a missing field in its message, at the parent's path.
            let (field, code) = match missing_field(&msg) {
                Some(name) if path == "." => (name.to_owned(), "required"),
                Some(name) => (format!("{path}.{name}"), "required"),
                None => (path, "invalid"),
            };
            ApiError::Validation(vec![FieldError { field, code: code.to_owned(), message: strip_position(&msg) }])
        }
    }
}

fn missing_field(msg: &str) -> Option<&str> {
    let rest = msg.strip_prefix("missing field `")?;
    rest.split('`').next()
}

fn strip_position(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

fn payload_error(e: actix_web::Error) -> ApiError {
    let status = e.as_response_error().status_code();
    if status == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::code(ErrorCode::PayloadTooLarge, format!("The body is larger than {} KiB.", JSON_LIMIT / 1024))
    } else {
        ApiError::code(ErrorCode::MalformedJson, "The body could not be read.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        count: u32,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        email: String,
        inner: Inner,
    }

    fn fields(e: ApiError) -> Vec<(String, String)> {
        match e {
            ApiError::Validation(v) => v.into_iter().map(|f| (f.field, f.code)).collect(),
            other => panic!("expected validation, got {other:?}"),
        }
    }

    #[test]
    fn names_missing_and_invalid_fields() {
        let e = parse_json::<Body>(br#"{"inner":{"count":1}}"#).unwrap_err();
        assert_eq!(fields(e), vec![("email".to_owned(), "required".to_owned())]);
        let e = parse_json::<Body>(br#"{"email":"a","inner":{"count":"x"}}"#).unwrap_err();
        assert_eq!(fields(e), vec![("inner.count".to_owned(), "invalid".to_owned())]);
        let e = parse_json::<Body>(br#"{"email":"a","inner":{}}"#).unwrap_err();
        assert_eq!(fields(e), vec![("inner.count".to_owned(), "required".to_owned())]);
    }

    #[test]
    fn an_integral_float_is_an_integer() {
        let body = parse_json::<Body>(br#"{"email":"a","inner":{"count":1800.0}}"#).unwrap();
        assert_eq!(body.inner.count, 1800);
        let e = parse_json::<Body>(br#"{"email":"a","inner":{"count":1800.5}}"#).unwrap_err();
        assert_eq!(fields(e), vec![("inner.count".to_owned(), "invalid".to_owned())]);
        let e = parse_json::<Body>(br#"{"email":"a","inner":{"count":-1.0}}"#).unwrap_err();
        assert_eq!(fields(e), vec![("inner.count".to_owned(), "invalid".to_owned())]);
        let floats = parse_json::<Vec<f64>>(b"[1.0, 2.5, 1e300]").unwrap();
        assert_eq!(floats, vec![1.0, 2.5, 1e300]);
    }

    #[test]
    fn malformed_json_is_400() {
        let e = parse_json::<Body>(b"{\"email\":").unwrap_err();
        assert!(matches!(e, ApiError::Code { code: ErrorCode::MalformedJson, .. }));
    }
}
