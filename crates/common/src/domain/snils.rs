//! [`Snils`]: the Russian individual insurance account number (СНИЛС), checksum validated.

use serde::{Deserialize, Serialize};

use super::DomainError;

const EXPECTED: DomainError = DomainError::InvalidFormat { expected: "11 digits of a SNILS, e.g. 112-233-445 95" };

/// A SNILS: 11 digits whose last two are the checksum of the first nine.
///
/// Parsing accepts digits with any spaces and hyphens between them and keeps the canonical
/// `XXX-XXX-XXX YY` form. The checksum: the sum of each of the first nine digits times its
/// weight (9 for the first … 1 for the ninth); below 100 it is the checksum, 100 and 101 give
/// 00, above 101 the remainder of division by 101 (a remainder of 100 gives 00). Numbers up to
/// 001-001-998 predate the checksum and are accepted as they are.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "server", schema(value_type = String, example = "112-233-445 95"))]
#[serde(try_from = "String", into = "String")]
pub struct Snils(String);

impl Snils {
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(DomainError::Required);
        }
        if !trimmed.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ') {
            return Err(EXPECTED);
        }
        let digits: Vec<u32> = trimmed.chars().filter_map(|c| c.to_digit(10)).collect();
        if digits.len() != 11 {
            return Err(EXPECTED);
        }
        let number = digits[..9].iter().fold(0u32, |acc, d| acc * 10 + d);
        let check = digits[9] * 10 + digits[10];
        if number > 1_001_998 && check != checksum(&digits[..9]) {
            return Err(DomainError::InvalidFormat { expected: "a SNILS whose check digits match" });
        }
        let s: String = digits.iter().filter_map(|d| char::from_digit(*d, 10)).collect();
        Ok(Self(format!("{}-{}-{} {}", &s[0..3], &s[3..6], &s[6..9], &s[9..11])))
    }

    /// An optional SNILS: empty input is `None`.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, DomainError> {
        if input.trim().is_empty() { Ok(None) } else { Self::parse(input).map(Some) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn checksum(nine: &[u32]) -> u32 {
    let sum: u32 = nine.iter().zip((1..=9).rev()).map(|(d, w)| d * w).sum();
    match sum {
        0..=99 => sum,
        100 | 101 => 0,
        _ => match sum % 101 {
            100 => 0,
            r => r,
        },
    }
}

impl std::fmt::Debug for Snils {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Snils(***)")
    }
}

impl TryFrom<String> for Snils {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Snils> for String {
    fn from(s: Snils) -> Self {
        s.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_numbers() {
        // 1*9+1*8+2*7+2*6+3*5+3*4+4*3+4*2+5*1 = 95
        assert_eq!(Snils::parse("112-233-445 95").unwrap().as_str(), "112-233-445 95");
        assert_eq!(Snils::parse("11223344595").unwrap().as_str(), "112-233-445 95");
        assert_eq!(Snils::parse(" 112 233 445-95 ").unwrap().as_str(), "112-233-445 95");
        assert_eq!(Snils::parse("112-233-445 96").unwrap_err().code(), "invalid_format");
        assert_eq!(Snils::parse("112-233-44595x").unwrap_err().code(), "invalid_format");
        assert_eq!(Snils::parse("1122334459").unwrap_err().code(), "invalid_format");
        assert_eq!(Snils::parse("").unwrap_err().code(), "required");
        assert_eq!(Snils::parse_optional("  ").unwrap(), None);
    }

    #[test]
    fn checksum_boundaries() {
        // Weighted sums: 99 → 99, 100 → 00, 101 → 00, 102 → 01, 201 (remainder 100) → 00.
        assert_eq!(checksum(&[0, 0, 0, 0, 0, 0, 0, 0, 9]), 9);
        assert_eq!(checksum(&[9, 2, 0, 0, 0, 0, 0, 0, 2]), 99); // 81 + 16 + 2
        assert_eq!(checksum(&[9, 2, 0, 0, 0, 0, 0, 0, 3]), 0); // 100
        assert_eq!(checksum(&[9, 2, 0, 0, 0, 0, 0, 0, 4]), 0); // 101
        assert_eq!(checksum(&[9, 2, 0, 0, 0, 0, 0, 0, 5]), 1); // 102
        assert_eq!(checksum(&[9, 9, 9, 9, 9, 0, 0, 0, 6]), 18); // 321 % 101
        assert_eq!(checksum(&[9, 9, 6, 1, 0, 0, 0, 0, 0]), 0); // 201 % 101 = 100 → 00

        let s = |d: [u32; 9]| d.iter().zip((1..=9).rev()).map(|(d, w)| d * w).sum::<u32>();
        for d in [[9, 9, 9, 9, 9, 9, 9, 9, 9], [1, 2, 3, 4, 5, 6, 7, 8, 9], [9, 1, 1, 1, 1, 1, 1, 0, 0]] {
            let sum = s(d);
            let expected = if sum < 100 {
                sum
            } else if sum <= 101 {
                0
            } else {
                (sum % 101) % 100
            };
            assert_eq!(checksum(&d), expected, "{d:?}");
        }
    }

    #[test]
    fn old_numbers_skip_the_checksum() {
        assert!(Snils::parse("001-001-998 00").is_ok());
        assert!(Snils::parse("001-001-999 00").is_err());
    }

    proptest! {
        #[test]
        fn a_computed_checksum_always_parses(nine in proptest::collection::vec(0u32..10, 9)) {
            let c = checksum(&nine);
            let s: String = nine.iter().map(|d| d.to_string()).collect::<String>() + &format!("{c:02}");
            let parsed = Snils::parse(&s).unwrap();
            prop_assert_eq!(parsed.as_str().len(), 14);
        }
    }
}
