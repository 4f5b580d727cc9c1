//! The languages of the product: Russian (default) and English.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Ru,
    En,
}

impl Locale {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ru => "ru",
            Self::En => "en",
        }
    }

    /// `ru`/`en` (also `ru-RU`, `en-GB` …); anything else is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        let lang = s.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match lang.as_str() {
            "ru" => Some(Self::Ru),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The grammatical number a count of `n` takes in this language.
    pub fn plural(self, n: f64) -> Plural {
        match self {
            Self::Ru => plural_ru(n),
            Self::En if n == 1.0 => Plural::One,
            Self::En => Plural::Many,
        }
    }

    /// The word form for a count of `n`: `Ru.pick(5.0, "минута", "минуты", "минут")` is
    /// "минут"; English passes its plural as both `few` and `many`.
    pub fn pick<'a>(self, n: f64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
        match self.plural(n) {
            Plural::One => one,
            Plural::Few => few,
            Plural::Many => many,
        }
    }

    /// A date in words, as a letter writes it: "11 декабря 2026 г.", "11 December 2026".
    pub fn date_in_words(self, date: NaiveDate) -> String {
        let month = date.month0() as usize;
        match self {
            Self::Ru => format!("{} {} {} г.", date.day(), MONTHS_RU_GENITIVE[month], date.year()),
            Self::En => format!("{} {} {}", date.day(), MONTHS_EN[month], date.year()),
        }
    }
}

const MONTHS_RU_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The grammatical number a count takes (Russian has three; English uses `One` and `Many`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    One,
    Few,
    Many,
}

/// Russian: 1, 21, 101 → one ("1 год"); 2–4, 22–24 → few ("3 года"); 0, 5–20, 11–14, 25–30 →
/// many ("70 лет"); a fraction → few ("2,5 балла").
pub fn plural_ru(n: f64) -> Plural {
    if n.fract() != 0.0 {
        return Plural::Few;
    }
    // Counts are whole; the cast keeps the last digits, which are all the rule reads.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a whole count; only its last digits matter"
    )]
    let n = n.abs() as u64;
    let (m10, m100) = (n % 10, n % 100);
    if m10 == 1 && m100 != 11 {
        Plural::One
    } else if (2..=4).contains(&m10) && !(12..=14).contains(&m100) {
        Plural::Few
    } else {
        Plural::Many
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_language_tags() {
        assert_eq!(Locale::parse("ru-RU"), Some(Locale::Ru));
        assert_eq!(Locale::parse("EN"), Some(Locale::En));
        assert_eq!(Locale::parse("de"), None);
        assert_eq!(Locale::default(), Locale::Ru);
    }

    #[test]
    fn russian_plurals_follow_the_last_two_digits() {
        use Plural::*;
        let cases = [
            (0.0, Many),
            (1.0, One),
            (2.0, Few),
            (4.0, Few),
            (5.0, Many),
            (11.0, Many),
            (12.0, Many),
            (14.0, Many),
            (20.0, Many),
            (21.0, One),
            (22.0, Few),
            (25.0, Many),
            (70.0, Many),
            (101.0, One),
            (111.0, Many),
            (112.0, Many),
            (122.0, Few),
            (2.5, Few),
        ];
        for (n, form) in cases {
            assert_eq!(plural_ru(n), form, "{n}");
        }
    }

    #[test]
    fn picks_the_word_for_a_count() {
        let years = |l: Locale, n: f64| format!("{n} {}", l.pick(n, "год", "года", "лет"));
        assert_eq!(years(Locale::Ru, 1.0), "1 год");
        assert_eq!(years(Locale::Ru, 3.0), "3 года");
        assert_eq!(years(Locale::Ru, 70.0), "70 лет");
        assert_eq!(years(Locale::Ru, 21.0), "21 год");
        let values = |n: f64| Locale::En.pick(n, "value", "values", "values");
        assert_eq!((values(1.0), values(0.0), values(2.0), values(21.0)), ("value", "values", "values", "values"));
    }

    #[test]
    fn dates_in_words() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(Locale::Ru.date_in_words(d(2026, 12, 11)), "11 декабря 2026 г.");
        assert_eq!(Locale::En.date_in_words(d(2026, 12, 11)), "11 December 2026");
        assert_eq!(Locale::Ru.date_in_words(d(2027, 1, 1)), "1 января 2027 г.");
        assert_eq!(Locale::Ru.date_in_words(d(2026, 5, 9)), "9 мая 2026 г.");
        assert_eq!(Locale::En.date_in_words(d(2026, 3, 31)), "31 March 2026");
    }
}
