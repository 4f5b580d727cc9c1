//! [`Kopecks`]: a price in roubles with kopecks, held as an integer number of kopecks.

use serde::{Deserialize, Serialize};

use super::DomainError;

const EXPECTED: DomainError = DomainError::InvalidFormat { expected: "a price in roubles, e.g. 1500 or 1 250,50" };

/// The largest price accepted: 100 million roubles.
pub const MAX_PRICE_KOPECKS: i64 = 10_000_000_000;

/// A non-negative price in kopecks (1 rouble = 100 kopecks). Never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Kopecks(pub i64);

impl Kopecks {
    /// Parses roubles as people write them: `1500`, `1500.5`, `1 250,50`, `1 250,50 ₽`
    /// (a space or a no-break space groups thousands; a dot or a comma starts at most two
    /// kopeck digits).
    pub fn parse_roubles(input: &str) -> Result<Self, DomainError> {
        let s: String = input
            .trim()
            .trim_end_matches(['₽', 'р', '.'])
            .trim_end_matches("руб")
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        if s.is_empty() {
            return Err(DomainError::Required);
        }
        let (whole, frac) = match s.split_once([',', '.']) {
            Some((w, f)) => (w, f),
            None => (s.as_str(), ""),
        };
        let digits_only = |t: &str| t.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !digits_only(whole) || !digits_only(frac) || frac.len() > 2 || whole.len() > 12 {
            return Err(EXPECTED);
        }
        let roubles: i64 = whole.parse().map_err(|_| EXPECTED)?;
        let kopecks: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| EXPECTED)? * 10,
            _ => frac.parse::<i64>().map_err(|_| EXPECTED)?,
        };
        let total = roubles.checked_mul(100).and_then(|r| r.checked_add(kopecks)).ok_or(EXPECTED)?;
        if total > MAX_PRICE_KOPECKS {
            return Err(DomainError::InvalidFormat { expected: "a price of at most 100 000 000 roubles" });
        }
        Ok(Self(total))
    }

    /// `1 250,50` — roubles with a space between thousands and a decimal comma (Russian style).
    pub fn display_ru(self) -> String {
        let r = (self.0 / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in r.chars().enumerate() {
            if i > 0 && (r.len() - i).is_multiple_of(3) {
                grouped.push('\u{a0}');
            }
            grouped.push(c);
        }
        format!("{grouped},{:02}", self.0 % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_prices() {
        assert_eq!(Kopecks::parse_roubles("1500").unwrap(), Kopecks(150_000));
        assert_eq!(Kopecks::parse_roubles("1500.5").unwrap(), Kopecks(150_050));
        assert_eq!(Kopecks::parse_roubles("1 250,50").unwrap(), Kopecks(125_050));
        assert_eq!(Kopecks::parse_roubles("1\u{a0}250,05 ₽").unwrap(), Kopecks(125_005));
        assert_eq!(Kopecks::parse_roubles("0").unwrap(), Kopecks(0));
        for bad in ["-5", "12,345", "abc", ",5", "1e3", "1.2.3"] {
            assert_eq!(Kopecks::parse_roubles(bad).unwrap_err().code(), "invalid_format", "{bad}");
        }
        assert_eq!(Kopecks::parse_roubles(" ").unwrap_err().code(), "required");
        assert!(Kopecks::parse_roubles("100000001").is_err());
    }

    #[test]
    fn displays_russian_style() {
        assert_eq!(Kopecks(125_050).display_ru(), "1\u{a0}250,50");
        assert_eq!(Kopecks(5).display_ru(), "0,05");
        assert_eq!(Kopecks(100_000_000).display_ru(), "1\u{a0}000\u{a0}000,00");
    }

    proptest! {
        #[test]
        fn display_parses_back(k in 0i64..MAX_PRICE_KOPECKS) {
            prop_assert_eq!(Kopecks::parse_roubles(&Kopecks(k).display_ru()).unwrap(), Kopecks(k));
        }
    }
}
