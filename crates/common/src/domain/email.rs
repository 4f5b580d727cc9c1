//! [`Email`]: an email address, trimmed and lowercased.

use serde::{Deserialize, Serialize};

use super::DomainError;

/// At most this many characters in a whole address (RFC 5321 path limit, minus the brackets).
pub const EMAIL_MAX_LEN: usize = 254;
/// At most this many characters before the `@` (RFC 5321).
pub const EMAIL_MAX_LOCAL_LEN: usize = 64;

const EXPECTED: DomainError = DomainError::InvalidFormat { expected: "an email address" };

/// Characters allowed in the local part besides letters, digits and dots (RFC 5322 `atext`).
const LOCAL_SPECIALS: &str = "!#$%&'*+-/=?^_`{|}~";

/// An email address, trimmed and **lowercased as a whole**.
///
/// The platform treats addresses case-insensitively (RFC 5321 allows a case-sensitive local
/// part, but no real provider uses one, and people do type `Anna.Petrova@Mail.ru`), so the
/// stored form is lowercase and a unique index on it is enough to find a duplicate.
///
/// Accepted shape — deliberately the common subset, not all of RFC 5322:
/// - one `@`; no whitespace or control characters anywhere; at most [`EMAIL_MAX_LEN`] characters;
/// - local part: 1..=[`EMAIL_MAX_LOCAL_LEN`] characters: letters (any script), digits, dots and
///   ``!#$%&'*+-/=?^_`{|}~``; no leading, trailing or doubled dot; no quoted local parts;
/// - domain: at least two dot-separated labels of 1..=63 letters (any script, so `почта.рф`
///   works), digits and hyphens, not starting or ending with a hyphen; the last label
///   contains a letter (so `user@1.2.3.4` is rejected); no IP-literal domains.
///
/// `Debug` does not print the address (it must not end up in a log); use [`Email::as_str`] or
/// `Display` where the address is really meant.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "server", schema(value_type = String, format = Email, example = "anna.petrova@example.org"))]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Parses user input: trims it, lowercases it, and checks its shape (see [`Email`]).
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(DomainError::Required);
        }
        let email = trimmed.to_lowercase();
        if email.chars().count() > EMAIL_MAX_LEN {
            return Err(DomainError::TooLong { max: EMAIL_MAX_LEN });
        }
        let (local, domain) = email.split_once('@').ok_or(EXPECTED)?;
        if !is_local_part(local) || !is_domain(domain) {
            return Err(EXPECTED);
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map_or(self.0.as_str(), |(local, _)| local)
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, domain)| domain)
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

fn is_local_part(local: &str) -> bool {
    let len = local.chars().count();
    (1..=EMAIL_MAX_LOCAL_LEN).contains(&len)
        && local.split('.').all(|atom| {
            !atom.is_empty()
                && atom.chars().all(|c| c.is_alphabetic() || c.is_ascii_digit() || LOCAL_SPECIALS.contains(c))
        })
}

fn is_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let tld_has_letter = labels.last().is_some_and(|tld| tld.chars().any(char::is_alphabetic));
    labels.len() >= 2 && tld_has_letter && labels.iter().all(|label| is_label(label))
}

fn is_label(label: &str) -> bool {
    (1..=63).contains(&label.chars().count())
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.chars().all(|c| c.is_alphabetic() || c.is_ascii_digit() || c == '-')
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Redacted: an address is personal data and must not reach a log through `{:?}`.
impl std::fmt::Debug for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Email(<redacted>)")
    }
}

impl std::str::FromStr for Email {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Email {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> String {
        email.0
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_ordinary_addresses_and_normalizes_them() {
        let e = Email::parse("  Anna.Petrova@Mail.RU \n").unwrap();
        assert_eq!(e.as_str(), "anna.petrova@mail.ru");
        assert_eq!(e.local_part(), "anna.petrova");
        assert_eq!(e.domain(), "mail.ru");
        for ok in [
            "a@b.co",
            "user+tag@example.org",
            "o'brien@example.ie",
            "first_last-1@sub.domain.example.com",
            "x@xn--80ak6aa92e.com",
            "иван@почта.рф",
            "ИВАН@ПОЧТА.РФ",
            "user@my-host.example",
        ] {
            assert!(Email::parse(ok).is_ok(), "{ok} should parse");
        }
        assert_eq!(Email::parse("ИВАН@ПОЧТА.РФ").unwrap().as_str(), "иван@почта.рф");
    }

    #[test]
    fn rejects_malformed_addresses() {
        assert_eq!(Email::parse(""), Err(DomainError::Required));
        assert_eq!(Email::parse("   "), Err(DomainError::Required));
        for bad in [
            "plainaddress",
            "@example.com",
            "user@",
            "user@localhost",
            "user@@example.com",
            "a@b@example.com",
            "user name@example.com",
            "user@exa mple.com",
            "user\t@example.com",
            "user\u{0}@example.com",
            ".user@example.com",
            "user.@example.com",
            "us..er@example.com",
            "user@.example.com",
            "user@example.com.",
            "user@example..com",
            "user@-example.com",
            "user@example-.com",
            "user@exa_mple.com",
            "user@1.2.3.4",
            "user@[127.0.0.1]",
            "\"quoted\"@example.com",
            "user(comment)@example.com",
            "user<x>@example.com",
        ] {
            assert_eq!(Email::parse(bad), Err(EXPECTED), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn length_limits() {
        let local64 = "a".repeat(64);
        assert!(Email::parse(&format!("{local64}@example.com")).is_ok());
        assert_eq!(Email::parse(&format!("{local64}a@example.com")), Err(EXPECTED));
        // 254 characters exactly: 64 + 1 + 189.
        let domain = format!("{}.{}.{}.com", "b".repeat(60), "c".repeat(60), "d".repeat(63));
        let max = format!("{local64}@{domain}");
        assert_eq!(max.chars().count(), 254);
        assert!(Email::parse(&max).is_ok());
        assert_eq!(Email::parse(&format!("{max}x")), Err(DomainError::TooLong { max: 254 }));
        // A label over 63 characters.
        assert_eq!(Email::parse(&format!("a@{}.com", "b".repeat(64))), Err(EXPECTED));
    }

    #[test]
    fn serde_goes_through_parse() {
        let e: Email = serde_json::from_str("\" Anna@Example.ORG \"").unwrap();
        assert_eq!(e.as_str(), "anna@example.org");
        assert_eq!(serde_json::to_string(&e).unwrap(), "\"anna@example.org\"");
        assert!(serde_json::from_str::<Email>("\"not an email\"").is_err());
        assert!(serde_json::from_str::<Email>("\"\"").is_err());
    }

    #[test]
    fn debug_is_redacted() {
        let e = Email::parse("secret@example.org").unwrap();
        assert!(!format!("{e:?}").contains("secret"));
        assert_eq!(e.to_string(), "secret@example.org");
    }

    proptest! {
        #[test]
        fn parsed_email_round_trips(s in "\\PC{0,80}") {
            if let Ok(e) = Email::parse(&s) {
                prop_assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
                let json = serde_json::to_string(&e).unwrap();
                prop_assert_eq!(serde_json::from_str::<Email>(&json).unwrap(), e);
            }
        }

        #[test]
        fn generated_addresses_parse_lowercased_and_round_trip(
            local in "[A-Za-z0-9_+-]{1,20}(\\.[A-Za-z0-9_+-]{1,10}){0,2}",
            labels in prop::collection::vec("[A-Za-zА-Яа-яЁё0-9]{1,10}", 1..4),
            tld in "[A-Za-zА-Яа-я]{2,6}",
            pad in "[ \t\n]{0,3}",
        ) {
            let input = format!("{pad}{local}@{}.{tld}{pad}", labels.join("."));
            let e = Email::parse(&input).unwrap();
            prop_assert_eq!(e.as_str(), input.trim().to_lowercase());
            prop_assert_eq!(Email::parse(&format!("{e}")), Ok(e.clone()));
        }

        #[test]
        fn never_accepts_whitespace_inside(a in "[a-z]{1,8}", b in "[a-z]{1,8}", ws in "[ \t\u{a0}\u{2003}]") {
            let with_ws_in_local = format!("{a}{ws}{b}@example.com");
            let with_ws_in_domain = format!("{a}@{b}{ws}x.com");
            prop_assert!(Email::parse(&with_ws_in_local).is_err());
            prop_assert!(Email::parse(&with_ws_in_domain).is_err());
        }
    }
}
