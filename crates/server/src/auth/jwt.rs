//! Short-lived access tokens: HS256 JWTs with pinned algorithm, issuer, audience and type.
//! Expiry is checked against the application's [`Clock`](crate::platform::clock::Clock), not the
//! system time, so tests can move time.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Lifetime of an access token.
pub const ACCESS_TTL_SECS: i64 = 15 * 60;
const ISSUER: &str = "oncocenter";
const AUDIENCE: &str = "oncocenter-api";
const TYPE_ACCESS: &str = "access";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The account.
    pub sub: Uuid,
    /// The membership the token is for.
    pub mid: Uuid,
    /// The account's session version when issued (ACC-11).
    pub sv: i32,
    /// The login session (refresh-token family) the token belongs to: logging out of it ends
    /// the token on its next use.
    pub sid: Uuid,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
    pub typ: String,
}

pub fn issue(
    secret: &[u8],
    account: Uuid,
    membership: Uuid,
    session_version: i32,
    session: Uuid,
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    let claims = Claims {
        sub: account,
        mid: membership,
        sv: session_version,
        sid: session,
        iat: now.timestamp(),
        exp: now.timestamp() + ACCESS_TTL_SECS,
        iss: ISSUER.to_owned(),
        aud: AUDIENCE.to_owned(),
        typ: TYPE_ACCESS.to_owned(),
    };
    Ok(encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(secret))?)
}

/// Verifies signature, algorithm, issuer, audience, type and expiry; `None` for any failure.
pub fn verify(secret: &[u8], token: &str, now: DateTime<Utc>) -> Option<Claims> {
    let mut v = Validation::new(Algorithm::HS256);
    v.set_issuer(&[ISSUER]);
    v.set_audience(&[AUDIENCE]);
    v.validate_exp = false;
    v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    // `sid` is a required field of `Claims`: a token without it does not decode.
    let data = decode::<Claims>(token, &DecodingKey::from_secret(secret), &v).ok()?;
    let c = data.claims;
    (c.typ == TYPE_ACCESS && c.exp > now.timestamp()).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn issued_tokens_verify_until_they_expire() {
        let now = Utc::now();
        let (a, m, s) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let t = issue(KEY, a, m, 3, s, now).unwrap();
        let c = verify(KEY, &t, now).unwrap();
        assert_eq!((c.sub, c.mid, c.sv, c.sid), (a, m, 3, s));
        assert!(verify(KEY, &t, now + chrono::Duration::seconds(ACCESS_TTL_SECS)).is_none());
        assert!(verify(b"another-key-another-key-another-k", &t, now).is_none());
    }

    #[test]
    fn the_none_algorithm_and_other_algorithms_are_refused() {
        let now = Utc::now();
        let claims = Claims {
            sub: Uuid::now_v7(),
            mid: Uuid::now_v7(),
            sv: 0,
            sid: Uuid::now_v7(),
            iat: now.timestamp(),
            exp: now.timestamp() + 60,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            typ: TYPE_ACCESS.into(),
        };
        let hs512 = encode(&Header::new(Algorithm::HS512), &claims, &EncodingKey::from_secret(KEY)).unwrap();
        assert!(verify(KEY, &hs512, now).is_none());
        // An unsigned token: header {"alg":"none"}.
        let body = base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            serde_json::to_vec(&claims).unwrap(),
        );
        assert!(verify(KEY, &format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{body}."), now).is_none());
    }
}
