//! [`Phone`]: a phone number as a person types it.

use serde::{Deserialize, Serialize};

use super::DomainError;

const EXPECTED: DomainError =
    DomainError::InvalidFormat { expected: "a phone number: digits, optionally +, spaces, hyphens and parentheses" };

/// A phone number: 10 to 15 digits, an optional leading `+`, and spaces, hyphens and
/// parentheses as typed. Kept as typed (trimmed); no national format is imposed.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "server", schema(value_type = String, example = "+7 (912) 345-67-89"))]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(DomainError::Required);
        }
        if s.chars().count() > 32 {
            return Err(DomainError::TooLong { max: 32 });
        }
        let body = s.strip_prefix('+').unwrap_or(s);
        if !body.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')')) {
            return Err(EXPECTED);
        }
        let digits = body.chars().filter(char::is_ascii_digit).count();
        if !(10..=15).contains(&digits) {
            return Err(EXPECTED);
        }
        Ok(Self(s.to_owned()))
    }

    pub fn parse_optional(input: &str) -> Result<Option<Self>, DomainError> {
        if input.trim().is_empty() { Ok(None) } else { Self::parse(input).map(Some) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Phone(***)")
    }
}

impl TryFrom<String> for Phone {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> Self {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(Phone::parse(" +7 (912) 345-67-89 ").unwrap().as_str(), "+7 (912) 345-67-89");
        assert!(Phone::parse("89123456789").is_ok());
        assert_eq!(Phone::parse("12345").unwrap_err().code(), "invalid_format");
        assert_eq!(Phone::parse("+7 912 abc").unwrap_err().code(), "invalid_format");
        assert_eq!(Phone::parse("").unwrap_err().code(), "required");
        assert_eq!(Phone::parse_optional(" ").unwrap(), None);
    }
}
