//! [`Password`]: a new password that satisfies the policy (ACC-9).

use super::DomainError;

/// A password has at least this many characters (Unicode scalar values, not bytes).
pub const PASSWORD_MIN_LEN: usize = 8;
/// A password has at most this many characters: long enough for any passphrase, short
/// enough that hashing it costs no more than any other.
pub const PASSWORD_MAX_LEN: usize = 128;

/// A new password that satisfies the policy shared by the SPA and the server:
/// [`PASSWORD_MIN_LEN`]..=[`PASSWORD_MAX_LEN`] characters, and not the account's email address
/// or the part of it before the `@` (compared case-insensitively).
///
/// The password is kept exactly as typed — no trimming, no case change: spaces are allowed
/// and significant. The server additionally rejects common passwords
/// ([`DomainError::CommonPassword`]); that list is not shipped to the browser.
///
/// Only for passwords being *set* (registration, reset, change). A login compares whatever
/// was typed against the stored hash and never parses it: an old password that predates a
/// policy change must still log in.
///
/// No `Serialize`/`Deserialize` (the policy needs the email, so a request DTO carries a plain
/// string and the handler parses it) and no `Display`; `Debug` prints `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Checks `pw` against the policy; `email` is the account's address as typed, if known.
    pub fn parse(pw: &str, email: Option<&str>) -> Result<Self, DomainError> {
        if pw.is_empty() {
            return Err(DomainError::Required);
        }
        let len = pw.chars().count();
        if len < PASSWORD_MIN_LEN {
            return Err(DomainError::TooShort { min: PASSWORD_MIN_LEN });
        }
        if len > PASSWORD_MAX_LEN {
            return Err(DomainError::TooLong { max: PASSWORD_MAX_LEN });
        }
        if let Some(email) = email.map(|e| e.trim().to_lowercase()).filter(|e| !e.is_empty()) {
            let pw = pw.to_lowercase();
            let local = email.split_once('@').map_or(email.as_str(), |(local, _)| local);
            if pw == email || pw == local {
                return Err(DomainError::SameAsEmail);
            }
        }
        Ok(Self(pw.to_owned()))
    }

    /// The password itself, to be hashed. Never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const EMAIL: &str = "anna.petrova@example.org";

    #[test]
    fn length_is_counted_in_characters() {
        assert_eq!(Password::parse("", None), Err(DomainError::Required));
        assert_eq!(Password::parse("1234567", None), Err(DomainError::TooShort { min: 8 }));
        assert!(Password::parse("12345678", None).is_ok());
        // 7 Cyrillic letters are 14 bytes but still too short; 8 are fine.
        assert_eq!(Password::parse("пароль1", None), Err(DomainError::TooShort { min: 8 }));
        assert!(Password::parse("парольчик", None).is_ok());
        assert!(Password::parse(&"ж".repeat(128), None).is_ok());
        assert_eq!(Password::parse(&"ж".repeat(129), None), Err(DomainError::TooLong { max: 128 }));
    }

    #[test]
    fn kept_as_typed() {
        assert_eq!(Password::parse("  Spaces Count  ", None).unwrap().expose(), "  Spaces Count  ");
    }

    #[test]
    fn must_not_be_the_email() {
        assert_eq!(Password::parse(EMAIL, Some(EMAIL)), Err(DomainError::SameAsEmail));
        assert_eq!(Password::parse("Anna.Petrova@Example.org", Some(EMAIL)), Err(DomainError::SameAsEmail));
        assert_eq!(Password::parse("ANNA.PETROVA", Some(EMAIL)), Err(DomainError::SameAsEmail));
        assert_eq!(Password::parse("anna.petrova", Some(" Anna.Petrova@Example.ORG ")), Err(DomainError::SameAsEmail));
        assert!(Password::parse("anna.petrova1", Some(EMAIL)).is_ok());
        assert!(Password::parse("anna.petrova", None).is_ok());
        assert!(Password::parse("anna.petrova", Some("")).is_ok());
    }

    #[test]
    fn debug_is_redacted() {
        let pw = Password::parse("correct horse battery", None).unwrap();
        assert_eq!(format!("{pw:?}"), "Password(<redacted>)");
    }

    proptest! {
        #[test]
        fn accepts_every_long_enough_non_email_string(pw in "\\PC{8,128}") {
            prop_assume!(pw.to_lowercase() != EMAIL && pw.to_lowercase() != "anna.petrova");
            let parsed = Password::parse(&pw, Some(EMAIL)).unwrap();
            prop_assert_eq!(parsed.expose(), pw.as_str());
        }

        #[test]
        fn rejects_every_short_string(pw in "\\PC{1,7}") {
            prop_assert_eq!(Password::parse(&pw, None), Err(DomainError::TooShort { min: PASSWORD_MIN_LEN }));
        }

        #[test]
        fn rejects_every_too_long_string(pw in "\\PC{129,200}") {
            prop_assert_eq!(Password::parse(&pw, None), Err(DomainError::TooLong { max: PASSWORD_MAX_LEN }));
        }
    }
}
