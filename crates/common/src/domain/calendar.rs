//! The calendar days and instants a request may carry ([`in_calendar`]).
//!
//! chrono reads any day from −262,143 to +262,143, but the databases do not store them all
//! (PostgreSQL's `date` and `timestamptz` begin in 4713 BC, SQLite compares dates as text, so
//! `+10000-01-01` sorts before `2026-…`), and arithmetic on a day at chrono's edge overflows.
//! So a request's days are years 1 to 9999, and whatever is computed from them stays within
//! chrono's range.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::FieldError;

/// The first day a request may name: 1 January of year 1.
pub const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The last day a request may name: 31 December 9999.
pub const LAST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// Whether a request's day is one the API accepts (years 1 to 9999).
pub fn in_calendar(day: NaiveDate) -> bool {
    (FIRST_DAY..=LAST_DAY).contains(&day)
}

/// The error of a request's day outside years 1 to 9999 (`out_of_range`).
pub fn day_out_of_range(field: &str) -> FieldError {
    FieldError { field: field.into(), code: "out_of_range".into(), message: "must be a day of years 1 to 9999".into() }
}

/// Whether a request's instant falls on such a day (in UTC).
pub fn instant_in_calendar(at: DateTime<Utc>) -> bool {
    (1..=9999).contains(&at.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_one_to_9999() {
        assert!(in_calendar(FIRST_DAY) && in_calendar(LAST_DAY));
        assert_eq!(FIRST_DAY.to_string(), "0001-01-01");
        assert_eq!(LAST_DAY.to_string(), "9999-12-31");
        assert!(!in_calendar(NaiveDate::MIN) && !in_calendar(NaiveDate::MAX));
        assert!(!in_calendar(FIRST_DAY.pred_opt().unwrap_or(NaiveDate::MIN)));
        assert!(!in_calendar(LAST_DAY.succ_opt().unwrap_or(NaiveDate::MAX)));
        assert!(instant_in_calendar(DateTime::<Utc>::UNIX_EPOCH));
        assert!(!instant_in_calendar(DateTime::<Utc>::MAX_UTC) && !instant_in_calendar(DateTime::<Utc>::MIN_UTC));
    }

    #[test]
    fn a_day_in_the_calendar_has_neighbours_a_year_away() {
        for d in [FIRST_DAY, LAST_DAY] {
            assert!(d.checked_sub_days(chrono::Days::new(366)).is_some());
            assert!(d.checked_add_days(chrono::Days::new(366)).is_some());
        }
    }
}
