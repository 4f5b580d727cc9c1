//! Signed download links: `/api/v1/files/<token>`, where the token is
//! base64url(attachment id ‖ expiry as unix seconds ‖ HMAC-SHA256 of both). The key is derived
//! from the JWT secret under its own label, so a link can never pass for anything else. The
//! access token never travels in a URL.

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

type HmacSha256 = Hmac<Sha256>;

/// How long a link works.
pub const LINK_TTL: Duration = Duration::minutes(5);

const LABEL: &[u8] = b"oncocenter/attachment-download-link/v1";
const BODY: usize = 16 + 8;
const MAC: usize = 32;

/// The link key: HMAC-SHA256(JWT secret, label). HMAC takes keys of any length, so the
/// `InvalidLength` branches never happen; they still answer an error rather than panic.
fn mac(jwt_secret: &[u8]) -> Option<HmacSha256> {
    let mut derive = <HmacSha256 as Mac>::new_from_slice(jwt_secret).ok()?;
    derive.update(LABEL);
    <HmacSha256 as Mac>::new_from_slice(&derive.finalize().into_bytes()).ok()
}

/// A token for `attachment` valid until `expires_at`.
pub fn sign(jwt_secret: &[u8], attachment: Uuid, expires_at: DateTime<Utc>) -> anyhow::Result<String> {
    let mut body = Vec::with_capacity(BODY + MAC);
    body.extend_from_slice(attachment.as_bytes());
    body.extend_from_slice(&expires_at.timestamp().to_be_bytes());
    let mut m = mac(jwt_secret).ok_or_else(|| anyhow::anyhow!("HMAC refused the link key"))?;
    m.update(&body);
    body.extend_from_slice(&m.finalize().into_bytes());
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(body))
}

/// The attachment a token names, when its signature holds and it has not expired at `now`.
pub fn verify(jwt_secret: &[u8], token: &str, now: DateTime<Utc>) -> Option<Uuid> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(token).ok()?;
    if raw.len() != BODY + MAC {
        return None;
    }
    let (body, sig) = raw.split_at(BODY);
    let mut m = mac(jwt_secret)?;
    m.update(body);
    m.verify_slice(sig).ok()?;
    let id = Uuid::from_slice(&body[..16]).ok()?;
    let expires = i64::from_be_bytes(body[16..].try_into().ok()?);
    (now.timestamp() < expires).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const SECRET: &[u8] = b"test-secret-test-secret-test-secret!";

    fn t() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
    }

    #[test]
    fn a_link_works_until_it_expires() {
        let id = Uuid::now_v7();
        let token = sign(SECRET, id, t() + LINK_TTL).unwrap();
        assert_eq!(verify(SECRET, &token, t()), Some(id));
        assert_eq!(verify(SECRET, &token, t() + LINK_TTL - Duration::seconds(1)), Some(id));
        assert_eq!(verify(SECRET, &token, t() + LINK_TTL), None);
    }

    #[test]
    fn tampered_or_foreign_links_fail() {
        let id = Uuid::now_v7();
        let token = sign(SECRET, id, t() + LINK_TTL).unwrap();
        let mut raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(&token).unwrap();
        raw[20] ^= 1; // a later expiry
        let forged = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&raw);
        assert_eq!(verify(SECRET, &forged, t()), None);
        assert_eq!(verify(b"another-secret-another-secret-another", &token, t()), None);
        assert_eq!(verify(SECRET, "not a token", t()), None);
        assert_eq!(verify(SECRET, &token[..token.len() - 2], t()), None);
    }
}
