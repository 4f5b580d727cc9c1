//! Random secrets for emails and cookies, and their hashes — only hashes are stored (ACC-9).

use base64::Engine;
use sha2::{Digest, Sha256};

/// A URL-safe random secret of 256 bits.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A 6-digit numeric code (for codes a person types).
pub fn new_code() -> String {
    format!("{:06}", rand::random_range(0..1_000_000u32))
}

/// SHA-256 hex of the parts joined by `:`. High-entropy tokens need no slow hash; short codes
/// are salted with their row id and limited to a few attempts.
pub fn hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update(b":");
        }
        h.update(p.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Compares two hashes in constant time.
pub fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Marks a one-time token used, once: `false` when it was already used (a concurrent request
/// won), so a link or code works exactly one time.
pub async fn consume(
    db: &impl db::sea_orm::ConnectionTrait,
    id: uuid::Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, db::sea_orm::DbErr> {
    use db::entities::one_time_token;
    use db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let used = one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
        .filter(one_time_token::Column::Id.eq(id))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(used.rows_affected == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_distinct() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }

    #[test]
    fn codes_have_six_digits() {
        for _ in 0..100 {
            let c = new_code();
            assert_eq!(c.len(), 6);
            assert!(c.chars().all(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn hashes_compare() {
        assert!(same(&hash(&["a", "b"]), &hash(&["a", "b"])));
        assert!(!same(&hash(&["a", "b"]), &hash(&["ab"])));
    }
}
