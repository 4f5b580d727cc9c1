//! Password hashing (argon2id) and the server-side half of the password policy.
//!
//! Hashing is deliberately slow (~20–50 ms of CPU and 19 MiB of memory each), so it runs in
//! `spawn_blocking`, never on an async worker, and at most one hash per CPU core runs at a
//! time: a burst of logins queues on the semaphore instead of exhausting memory or the
//! blocking pool.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use anyhow::Context as _;
use argon2::password_hash::Error as HashError;
use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use common::domain::{DomainError, Password};
use tokio::sync::Semaphore;

/// argon2id memory cost in KiB (19 MiB) — the OWASP minimum recommendation.
pub const M_COST_KIB: u32 = 19_456;
/// argon2id iterations.
pub const T_COST: u32 = 2;
/// argon2id lanes.
pub const P_COST: u32 = 1;

/// A hash of a random password nobody knows, with the same algorithm and parameters as
/// [`PasswordHasher::hash`] produces. [`PasswordHasher::verify`] checks against it when the
/// email is unknown, so a missing account costs exactly one hash too (no timing oracle,
/// ACC-10). A constant rather than computed at startup: the first unknown-email login must not
/// cost two hashes either. A test checks its parameters match the ones above — if they change,
/// regenerate it by hashing 32 random hex-encoded bytes with `PasswordHasher::hash`.
const DUMMY_PHC: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$g7YEh7uX1T4V+eS1Upqfcw$tXuKhptySp9gc3HsAIzZTmCt9Rqts1FPY8mIS3VPIs4";

/// Hashes and verifies passwords off the async runtime, at most one per CPU core at a time.
/// Cheap to clone (shares the semaphore); build one at startup and keep it in the app state.
#[derive(Clone, Debug)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl PasswordHasher {
    /// A hasher allowing as many concurrent hashes as there are CPU cores.
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        Self { permits: Arc::new(Semaphore::new(cores)) }
    }

    /// Hashes a password with a fresh random salt; returns the PHC string
    /// (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) to store.
    pub async fn hash(&self, pw: &str) -> anyhow::Result<String> {
        let pw = pw.to_owned();
        self.run_blocking(move || {
            let phc = argon2()?.hash_password(pw.as_bytes()).context("argon2 hashing failed")?;
            Ok(phc.to_string())
        })
        .await
    }

    /// Whether `pw` matches the stored PHC string.
    ///
    /// `phc` is `None` when there is no account (or no password) for the address: the password
    /// is then checked against a dummy hash, taking the same time, and the answer is `false`.
    /// An `Err` means the stored hash is malformed or the hashing itself failed — a server
    /// fault, not a wrong password.
    pub async fn verify(&self, pw: &str, phc: Option<&str>) -> anyhow::Result<bool> {
        let pw = pw.to_owned();
        let stored = phc.map(str::to_owned);
        self.run_blocking(move || {
            let matches = check(&pw, stored.as_deref().unwrap_or(DUMMY_PHC))?;
            Ok(matches && stored.is_some())
        })
        .await
    }

    /// Runs `f` on the blocking pool once a permit is free; the permit is held until `f`
    /// returns, even if the caller's future is dropped meanwhile.
    async fn run_blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let permit = Arc::clone(&self.permits).acquire_owned().await.context("password hasher closed")?;
        tokio::task::spawn_blocking(move || {
            let result = f();
            drop(permit);
            result
        })
        .await
        .context("password hashing task failed")?
    }
}

/// argon2id v19 with the parameters above, set explicitly rather than relying on the crate's
/// defaults (which could change in a future version).
fn argon2() -> anyhow::Result<Argon2<'static>> {
    let params = Params::new(M_COST_KIB, T_COST, P_COST, None).map_err(|e| anyhow::anyhow!("argon2 params: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Verifies against a PHC string; the cost comes from the string's own parameters.
fn check(pw: &str, phc: &str) -> anyhow::Result<bool> {
    match argon2()?.verify_password(pw.as_bytes(), phc) {
        Ok(()) => Ok(true),
        Err(HashError::PasswordInvalid) => Ok(false),
        Err(e) => Err(anyhow::Error::new(e).context("stored password hash is unusable")),
    }
}

/// The embedded list of common passwords, lowercased.
static COMMON_PASSWORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("common_passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_lowercase)
        .collect()
});

/// Whether `pw` is on the embedded list of common passwords (compared case-insensitively, so
/// `Qwerty123` counts as `qwerty123`).
pub fn is_common_password(pw: &str) -> bool {
    COMMON_PASSWORDS.contains(&pw.to_lowercase())
}

/// The whole password policy for a password being set (registration, reset, change): the
/// shared rules of [`Password::parse`] plus the common-password list, which only the server
/// has. Map the error to a field with [`DomainError::field_error`].
pub fn parse_new_password(pw: &str, email: Option<&str>) -> Result<Password, DomainError> {
    let password = Password::parse(pw, email)?;
    if is_common_password(pw) {
        return Err(DomainError::CommonPassword);
    }
    Ok(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PHC_PREFIX: &str = "$argon2id$v=19$m=19456,t=2,p=1$";

    #[tokio::test]
    async fn hash_then_verify() {
        let hasher = PasswordHasher::new();
        let phc = hasher.hash("correct horse battery staple").await.unwrap();
        assert!(phc.starts_with(PHC_PREFIX), "{phc}");
        assert!(hasher.verify("correct horse battery staple", Some(&phc)).await.unwrap());
        assert!(!hasher.verify("correct horse battery stapler", Some(&phc)).await.unwrap());
        assert!(!hasher.verify("", Some(&phc)).await.unwrap());
    }

    #[tokio::test]
    async fn two_hashes_of_one_password_differ() {
        let hasher = PasswordHasher::new();
        let (a, b) = tokio::join!(hasher.hash("same password"), hasher.hash("same password"));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_ne!(a, b);
        assert!(hasher.verify("same password", Some(&a)).await.unwrap());
        assert!(hasher.verify("same password", Some(&b)).await.unwrap());
    }

    #[tokio::test]
    async fn unknown_account_is_never_a_match() {
        let hasher = PasswordHasher::new();
        assert!(!hasher.verify("anything at all", None).await.unwrap());
        assert!(!hasher.verify("", None).await.unwrap());
    }

    #[tokio::test]
    async fn malformed_stored_hash_is_an_error_not_a_mismatch() {
        let hasher = PasswordHasher::new();
        assert!(hasher.verify("password", Some("not a phc string")).await.is_err());
    }

    #[test]
    fn dummy_hash_has_the_current_parameters() {
        // Same algorithm and cost as a real hash, so an unknown email takes the same time.
        assert!(
            DUMMY_PHC.starts_with(PHC_PREFIX),
            "regenerate DUMMY_PHC: hash a random secret with PasswordHasher::hash"
        );
        assert!(argon2::PasswordHash::new(DUMMY_PHC).is_ok());
    }

    #[test]
    fn common_passwords_are_found_case_insensitively() {
        for pw in
            ["123456", "password", "Password", "QWERTY123", "qwerty123", "1q2w3e4r", "йцукен", "ПАРОЛЬ", "1qaz2wsx"]
        {
            assert!(is_common_password(pw), "{pw} should be common");
        }
        assert!(!is_common_password("correct horse battery staple"));
        assert!(!is_common_password(""));
        assert!(COMMON_PASSWORDS.len() >= 900, "{}", COMMON_PASSWORDS.len());
    }

    #[test]
    fn new_password_policy() {
        assert_eq!(parse_new_password("password1", None).unwrap_err(), DomainError::CommonPassword);
        assert_eq!(parse_new_password("QWERTY123", None).unwrap_err(), DomainError::CommonPassword);
        assert_eq!(parse_new_password("short", None).unwrap_err(), DomainError::TooShort { min: 8 });
        assert_eq!(
            parse_new_password("anna.petrova", Some("anna.petrova@example.org")).unwrap_err(),
            DomainError::SameAsEmail
        );
        assert_eq!(parse_new_password("Ракета-носитель 7", None).unwrap().expose(), "Ракета-носитель 7");
    }
}
