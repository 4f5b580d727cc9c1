//! [`PersonName`]: one part of a person's name (last, first or middle name).

use serde::{Deserialize, Serialize};

use super::DomainError;

/// At most this many characters in one name part.
pub const PERSON_NAME_MAX_LEN: usize = 100;

const EXPECTED: DomainError =
    DomainError::InvalidFormat { expected: "a name of letters, spaces, hyphens, apostrophes and dots" };

/// One part of a person's name: a last, first or middle name.
///
/// Parsing trims the input and collapses each run of inner whitespace into one space; the
/// letter case is kept as typed. The result has 1..=[`PERSON_NAME_MAX_LEN`] characters, at
/// least one letter, and only letters of any script (Cyrillic including `ё`, Latin with
/// diacritics, …), combining accents, spaces, hyphens, apostrophes (`'` and `’`) and dots
/// (`Jr.`, initials).
///
/// For search, store [`super::search_key`] of the full name beside it.
///
/// `Debug` does not print the name (personal data must not reach a log).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "server", schema(value_type = String, example = "Пётр"))]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    /// Parses a required name part.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        Self::parse_optional(input)?.ok_or(DomainError::Required)
    }

    /// Parses an optional name part (a middle name): empty or whitespace-only input is `None`.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, DomainError> {
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Ok(None);
        }
        if name.chars().count() > PERSON_NAME_MAX_LEN {
            return Err(DomainError::TooLong { max: PERSON_NAME_MAX_LEN });
        }
        if !name.chars().any(char::is_alphabetic) || !name.chars().all(is_name_char) {
            return Err(EXPECTED);
        }
        Ok(Some(Self(name)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphabetic()
        || matches!(c, ' ' | '-' | '\'' | '’' | '.')
        // Combining diacritical marks: a name typed on a system that sends decomposed
        // letters (`й` as `и` + U+0306) still parses.
        || ('\u{0300}'..='\u{036F}').contains(&c)
}

impl std::fmt::Display for PersonName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Redacted: a name is personal data and must not reach a log through `{:?}`.
impl std::fmt::Debug for PersonName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PersonName(<redacted>)")
    }
}

impl std::str::FromStr for PersonName {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for PersonName {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<PersonName> for String {
    fn from(name: PersonName) -> String {
        name.0
    }
}

impl AsRef<str> for PersonName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_names_of_any_script() {
        for ok in [
            "Пётр",
            "Ёлкина",
            "Салтыков-Щедрин",
            "Anna",
            "O'Brien",
            "D’Artagnan",
            "Jean-Luc",
            "Martin Luther King Jr.",
            "Zoë",
            "Müller",
            "Ľudovít",
            "Ганиев Ғайрат",
            "и\u{0306}",
        ] {
            assert_eq!(PersonName::parse(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn trims_and_collapses_whitespace() {
        assert_eq!(PersonName::parse("  Анна \t Мария\n").unwrap().as_str(), "Анна Мария");
        assert_eq!(PersonName::parse("\u{a0}Анна\u{a0}").unwrap().as_str(), "Анна");
    }

    #[test]
    fn rejects_bad_names() {
        assert_eq!(PersonName::parse(""), Err(DomainError::Required));
        assert_eq!(PersonName::parse(" \t "), Err(DomainError::Required));
        for bad in ["Anna1", "R2D2", "a@b", "Анна!", "-", "'.'", "Иван_Иванов", "<script>", "Анна\u{0}"]
        {
            assert_eq!(PersonName::parse(bad), Err(EXPECTED), "{bad:?} should be rejected");
        }
        assert!(PersonName::parse(&"я".repeat(100)).is_ok());
        assert_eq!(PersonName::parse(&"я".repeat(101)), Err(DomainError::TooLong { max: 100 }));
    }

    #[test]
    fn optional_middle_name() {
        assert_eq!(PersonName::parse_optional(""), Ok(None));
        assert_eq!(PersonName::parse_optional("   "), Ok(None));
        assert_eq!(PersonName::parse_optional(" Ильич ").unwrap().unwrap().as_str(), "Ильич");
        assert_eq!(PersonName::parse_optional("123"), Err(EXPECTED));
    }

    #[test]
    fn serde_goes_through_parse() {
        let n: PersonName = serde_json::from_str("\"  Пётр  Ильич \"").unwrap();
        assert_eq!(n.as_str(), "Пётр Ильич");
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"Пётр Ильич\"");
        assert!(serde_json::from_str::<PersonName>("\"\"").is_err());
        assert!(serde_json::from_str::<PersonName>("\"X Æ A-12\"").is_err());
        let none: Option<PersonName> = serde_json::from_str("null").unwrap();
        assert_eq!(none, None);
    }

    #[test]
    fn debug_is_redacted() {
        assert!(!format!("{:?}", PersonName::parse("Секретов").unwrap()).contains("Секретов"));
    }

    proptest! {
        #[test]
        fn never_keeps_outer_or_doubled_whitespace(s in "\\PC{0,120}") {
            if let Ok(n) = PersonName::parse(&s) {
                let v = n.as_str();
                prop_assert_eq!(v.trim(), v);
                prop_assert!(!v.contains("  "));
                prop_assert!(v.chars().all(|c| c == ' ' || !c.is_whitespace()));
                prop_assert!((1..=PERSON_NAME_MAX_LEN).contains(&v.chars().count()));
                prop_assert_eq!(PersonName::parse(v), Ok(n.clone()));
            }
        }

        #[test]
        fn accepts_padded_cyrillic_names(
            words in prop::collection::vec("[А-ЯЁ][а-яё]{1,12}", 1..4),
            pad in "[ \t\n]{0,3}",
            sep in "[ \t]{1,3}",
        ) {
            let input = format!("{pad}{}{pad}", words.join(&sep));
            let n = PersonName::parse(&input).unwrap();
            prop_assert_eq!(n.as_str(), words.join(" "));
        }
    }
}
