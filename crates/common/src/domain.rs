//! Domain values that parse, never "validate": a value of one of these types is valid by
//! construction, so a handler or a form holding an [`Email`] needs no further checks.
//!
//! They live in `common`, so the SPA form and the API reject exactly the same inputs. Each
//! failure is a [`DomainError`] with a stable machine code ([`DomainError::code`]) that the
//! API puts into a [`FieldError`] and the SPA matches on.

mod calendar;
mod email;
mod money;
mod name;
mod password;
mod phone;
mod search_key;
mod snils;
mod time_zone;

pub use calendar::{FIRST_DAY, LAST_DAY, day_out_of_range, in_calendar, instant_in_calendar};
pub use email::{EMAIL_MAX_LEN, EMAIL_MAX_LOCAL_LEN, Email};
pub use money::{Kopecks, MAX_PRICE_KOPECKS};
pub use name::{PERSON_NAME_MAX_LEN, PersonName};
pub use password::{PASSWORD_MAX_LEN, PASSWORD_MIN_LEN, Password};
pub use phone::Phone;
pub use search_key::search_key;
pub use snils::Snils;
pub use time_zone::{RUSSIAN_TIME_ZONES, russian_zone_offset};

use crate::FieldError;

/// The OpenAPI `pattern` of a required text that the server trims: "holds a character that
/// is not whitespace", where whitespace is exactly what Rust's `str::trim` removes (Unicode
/// `White_Space`; the `\s` of Python's and of ECMA-262's regexes each differ from it). utoipa
/// takes only a literal, so DTO attributes repeat it; a test checks every copy.
pub const NOT_BLANK_PATTERN: &str =
    "[^\t-\r \u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]";

/// Why a string is not a valid domain value.
///
/// Each variant has a stable machine code ([`Self::code`]); never change a code once
/// released — the SPA matches on it. The `Display` text is English and meant for logs and API
/// messages; the SPA shows its own translation keyed by the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DomainError {
    /// Empty (or only whitespace) where a value is required.
    #[error("is required")]
    Required,
    /// Fewer characters than allowed.
    #[error("must be at least {min} characters long")]
    TooShort { min: usize },
    /// More characters than allowed.
    #[error("must be at most {max} characters long")]
    TooLong { max: usize },
    /// Not of the expected shape; `expected` names what was expected ("an email address").
    #[error("must be {expected}")]
    InvalidFormat { expected: &'static str },
    /// A password equal to the account's email or its local part.
    #[error("must not be the same as the email address")]
    SameAsEmail,
    /// A password from the list of common passwords. Only the server knows the list, so only
    /// the server produces this (see `server::auth::password::is_common_password`).
    #[error("is too common; choose a less predictable password")]
    CommonPassword,
}

impl DomainError {
    /// The stable machine code (`"too_short"`), as sent in [`FieldError::code`].
    pub fn code(&self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::TooShort { .. } => "too_short",
            Self::TooLong { .. } => "too_long",
            Self::InvalidFormat { .. } => "invalid_format",
            Self::SameAsEmail => "same_as_email",
            Self::CommonPassword => "common_password",
        }
    }

    /// This error as the failure of the request field `field` (its JSON path, e.g. `email`).
    pub fn field_error(&self, field: impl Into<String>) -> FieldError {
        FieldError { field: field.into(), code: self.code().to_owned(), message: self.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable() {
        let cases = [
            (DomainError::Required, "required"),
            (DomainError::TooShort { min: 8 }, "too_short"),
            (DomainError::TooLong { max: 100 }, "too_long"),
            (DomainError::InvalidFormat { expected: "an email address" }, "invalid_format"),
            (DomainError::SameAsEmail, "same_as_email"),
            (DomainError::CommonPassword, "common_password"),
        ];
        for (err, code) in cases {
            assert_eq!(err.code(), code);
        }
    }

    #[test]
    fn field_error_carries_code_and_message() {
        let fe = DomainError::TooShort { min: 8 }.field_error("password");
        assert_eq!(fe.field, "password");
        assert_eq!(fe.code, "too_short");
        assert_eq!(fe.message, "must be at least 8 characters long");
    }
}

#[cfg(test)]
mod not_blank_tests {
    use super::NOT_BLANK_PATTERN;

    /// The characters the pattern's class excludes, read from the pattern itself.
    fn excluded(c: char) -> bool {
        let class = NOT_BLANK_PATTERN.trim_start_matches("[^").trim_end_matches(']');
        let chars: Vec<char> = class.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if i + 2 < chars.len() && chars[i + 1] == '-' {
                if (chars[i]..=chars[i + 2]).contains(&c) {
                    return true;
                }
                i += 3;
            } else {
                if chars[i] == c {
                    return true;
                }
                i += 1;
            }
        }
        false
    }

    #[test]
    fn the_pattern_excludes_exactly_what_trim_removes() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(excluded(c), c.is_whitespace(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn every_copy_in_the_dtos_is_the_pattern() {
        let mut copies = 0;
        for (file, src) in [
            ("admin.rs", include_str!("admin.rs")),
            ("auth.rs", include_str!("auth.rs")),
            ("cabinet.rs", include_str!("cabinet.rs")),
        ] {
            for (i, part) in src.split("pattern = \"").enumerate().skip(1) {
                let literal = part.split('"').next().unwrap_or_default();
                let unescaped = literal
                    .replace("\\t", "\t")
                    .replace("\\r", "\r")
                    .replace("\\u{85}", "\u{85}")
                    .replace("\\u{a0}", "\u{a0}")
                    .replace("\\u{1680}", "\u{1680}")
                    .replace("\\u{2000}", "\u{2000}")
                    .replace("\\u{200a}", "\u{200a}")
                    .replace("\\u{2028}", "\u{2028}")
                    .replace("\\u{2029}", "\u{2029}")
                    .replace("\\u{202f}", "\u{202f}")
                    .replace("\\u{205f}", "\u{205f}")
                    .replace("\\u{3000}", "\u{3000}");
                assert_eq!(unescaped, NOT_BLANK_PATTERN, "{file}: pattern #{i}");
                copies += 1;
            }
        }
        assert!(copies >= 6, "the not-blank texts of news, prices, feedback and organizations");
    }
}
