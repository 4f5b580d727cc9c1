//! Dates and times as people read them (SPEC X-3). Every instant is shown in the display zone
//! the server names (`MeDto::time_zone`: the organization's, a patient's own), whatever the
//! browser's; a calendar day (a birth date, a due day) is shown as it is, in no zone.
//!
//! The wasm carries no time-zone database: the browser's `Intl.DateTimeFormat` formats with its
//! `timeZone` option, gives an instant's wall clock there (`formatToParts`, for "today" and the
//! first instant of a day) and names the zone's offset (`timeZoneName: 'shortOffset'`:
//! "GMT+3", shown as "UTC+3"). Before a session is known, or in a browser that does not know
//! the zone, the browser's own zone is used.

use std::cell::RefCell;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::i18n::*;

thread_local! {
    static ZONE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Sets the zone times are shown in (the session's); `None`: the browser's. A zone the
/// browser does not know is ignored.
pub fn set_display_zone(zone: Option<&str>) {
    let zone = zone.filter(|z| js::knows_zone(z)).map(str::to_owned);
    ZONE.with(|z| *z.borrow_mut() = zone);
}

/// The zone times are shown in; `None`: the browser's.
pub fn display_zone() -> Option<String> {
    ZONE.with(|z| z.borrow().clone())
}

/// The BCP 47 tag of the reader's language.
fn locale_tag(i18n: I18nContext<Locale>) -> &'static str {
    match i18n.get_locale() {
        Locale::ru => "ru-RU",
        Locale::en => "en-GB",
    }
}

const DATE: &[(&str, &str)] = &[("day", "numeric"), ("month", "short"), ("year", "numeric")];
const DATETIME: &[(&str, &str)] =
    &[("day", "numeric"), ("month", "short"), ("year", "numeric"), ("hour", "2-digit"), ("minute", "2-digit")];
const SHORT_DAY: &[(&str, &str)] = &[("day", "numeric"), ("month", "short")];

/// A date in the reader's language and display zone: "5 мар. 2026 г." / "5 Mar 2026".
pub fn format_date(i18n: I18nContext<Locale>, at: DateTime<Utc>) -> String {
    js::format(locale_tag(i18n), DATE, display_zone().as_deref(), at)
        .unwrap_or_else(|| at.format("%d.%m.%Y").to_string())
}

/// A date and time in the reader's language and display zone: "5 мар. 2026 г., 14:05".
pub fn format_datetime(i18n: I18nContext<Locale>, at: DateTime<Utc>) -> String {
    js::format(locale_tag(i18n), DATETIME, display_zone().as_deref(), at)
        .unwrap_or_else(|| at.format("%d.%m.%Y %H:%M").to_string())
}

/// A calendar day (no time zone) in the reader's language: "5 мар. 2026 г.".
pub fn format_day(i18n: I18nContext<Locale>, day: NaiveDate) -> String {
    // Noon UTC formatted in UTC: the day itself in every browser.
    day.and_hms_opt(12, 0, 0)
        .and_then(|t| js::format(locale_tag(i18n), DATE, Some("UTC"), t.and_utc()))
        .unwrap_or_else(|| day.format("%d.%m.%Y").to_string())
}

/// A short calendar day for chart axes in the reader's language: "5 дек." / "5 Dec".
pub fn short_day(day: NaiveDate, locale: common::Locale) -> String {
    let tag = match locale {
        common::Locale::En => "en-GB",
        common::Locale::Ru => "ru-RU",
    };
    day.and_hms_opt(12, 0, 0)
        .and_then(|t| js::format(tag, SHORT_DAY, Some("UTC"), t.and_utc()))
        .unwrap_or_else(|| day.format("%d.%m").to_string())
}

/// The current instant, from the browser's `Date.now()` (chrono's `Utc::now` has no clock in
/// wasm32-unknown-unknown).
pub fn now() -> DateTime<Utc> {
    js::now()
}

/// Today in the display zone.
pub fn today() -> NaiveDate {
    local_day(now())
}

/// The calendar day of an instant in the display zone.
pub fn local_day(at: DateTime<Utc>) -> NaiveDate {
    wall_clock(at).map_or_else(|| at.date_naive(), |t| t.date())
}

/// The wall clock of the display zone at an instant.
fn wall_clock(at: DateTime<Utc>) -> Option<NaiveDateTime> {
    js::wall_clock(display_zone().as_deref(), at)
}

/// The instant a calendar day begins in the display zone (midnight UTC if the browser
/// cannot say).
pub fn local_day_start(day: NaiveDate) -> DateTime<Utc> {
    day_start(day, wall_clock).unwrap_or_else(|| day.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// The instant a calendar day begins in the display zone, as RFC 3339 (for filters).
pub fn local_midnight_rfc3339(day: NaiveDate) -> String {
    local_day_start(day).to_rfc3339()
}

/// The first instant of `day` in the zone whose wall clock at an instant `wall` gives: its
/// midnight less the zone's offset, the offset taken again at that instant (a change of
/// offset the day before), and if the zone skips midnight, the first instant after it.
fn day_start(day: NaiveDate, wall: impl Fn(DateTime<Utc>) -> Option<NaiveDateTime>) -> Option<DateTime<Utc>> {
    let midnight = day.and_hms_opt(0, 0, 0)?;
    let offset = |at: DateTime<Utc>| wall(at).map(|w| w - at.naive_utc());
    let mut guess = midnight.and_utc();
    for _ in 0..3 {
        let next = midnight.checked_sub_signed(offset(guess)?)?.and_utc();
        if next == guess {
            break;
        }
        guess = next;
    }
    // A day that begins later than midnight (skipped by a change of offset): its first hour.
    for _ in 0..48 {
        if wall(guess)?.date() >= day {
            return Some(guess);
        }
        guess = guess.checked_add_signed(chrono::Duration::minutes(30))?;
    }
    None
}

/// "UTC+3" from the browser's `shortOffset` zone name ("GMT+3", "GMT-4:30", "GMT").
pub fn offset_label(short_offset: &str) -> Option<String> {
    let rest = short_offset.trim().strip_prefix("GMT").or_else(|| short_offset.trim().strip_prefix("UTC"))?;
    let valid = rest.is_empty()
        || (rest.starts_with(['+', '-', '\u{2212}'])
            && rest.chars().skip(1).all(|c| c.is_ascii_digit() || c == ':')
            && rest.chars().nth(1).is_some_and(|c| c.is_ascii_digit()));
    valid.then(|| format!("UTC{}", rest.replace('\u{2212}', "-")))
}

/// The display zone's offset at an instant: "UTC+3" (the browser's zone when none is set).
pub fn zone_label(at: DateTime<Utc>) -> Option<String> {
    js::short_offset(display_zone().as_deref(), at).and_then(|s| offset_label(&s))
}

/// "Часовой пояс: UTC+3" — the zone the page's times are in, for pages that list times.
#[component]
pub fn TimeZoneNote() -> impl IntoView {
    let i18n = use_i18n();
    zone_label(now()).map(|offset| {
        let zone = display_zone().unwrap_or_default();
        view! {
            <p class="time-zone-note" data-testid="time-zone" title=zone.clone() data-zone=zone>
                {move || t_string!(i18n, tz.shown_in, offset = offset.clone()).to_string()}
            </p>
        }
    })
}

/// The wall clock from `formatToParts`' (type, value) pairs of the `en-US` numeric format.
#[cfg(any(target_arch = "wasm32", test))]
fn wall_from_parts<'a>(parts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<NaiveDateTime> {
    let (mut y, mut mo, mut d, mut h, mut mi, mut s) = (None, None, None, Some(0), Some(0), Some(0));
    for (kind, value) in parts {
        let n = || value.trim().parse::<u32>().ok();
        match kind {
            "year" => y = value.trim().parse::<i32>().ok(),
            "month" => mo = n(),
            "day" => d = n(),
            // Some engines write midnight as "24" in a 23-hour cycle.
            "hour" => h = n().map(|h| h % 24),
            "minute" => mi = n(),
            "second" => s = n(),
            _ => {}
        }
    }
    NaiveDate::from_ymd_opt(y?, mo?, d?)?.and_hms_opt(h?, mi?, s?)
}

#[cfg(target_arch = "wasm32")]
mod js {
    use chrono::{DateTime, NaiveDateTime, Utc};
    use wasm_bindgen::{JsCast, JsValue};

    const WALL: &[(&str, &str)] = &[
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "numeric"),
        ("second", "numeric"),
        ("hourCycle", "h23"),
    ];

    /// An `Intl.DateTimeFormat` in `zone` (`None`: the browser's); `None` when the browser
    /// refuses the options (a zone it does not know).
    fn formatter(locale: &str, options: &[(&str, &str)], zone: Option<&str>) -> Option<JsValue> {
        let opts = js_sys::Object::new();
        for (k, v) in options {
            js_sys::Reflect::set(&opts, &JsValue::from_str(k), &JsValue::from_str(v)).ok()?;
        }
        if let Some(zone) = zone {
            js_sys::Reflect::set(&opts, &JsValue::from_str("timeZone"), &JsValue::from_str(zone)).ok()?;
        }
        let intl = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
        let ctor = js_sys::Reflect::get(&intl, &JsValue::from_str("DateTimeFormat"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let args = js_sys::Array::of2(&JsValue::from_str(locale), &opts);
        js_sys::Reflect::construct(&ctor, &args).ok()
    }

    /// A JS `Date` of an instant.
    fn date(at: DateTime<Utc>) -> JsValue {
        #[expect(clippy::cast_precision_loss, reason = "milliseconds since 1970 fit a double exactly")]
        let ms = at.timestamp_millis() as f64;
        js_sys::Date::new(&JsValue::from_f64(ms)).into()
    }

    /// Calls a method of the formatter with the instant; `None` if it throws.
    fn call(f: &JsValue, method: &str, at: DateTime<Utc>) -> Option<JsValue> {
        let m = js_sys::Reflect::get(f, &JsValue::from_str(method)).ok()?.dyn_into::<js_sys::Function>().ok()?;
        m.call1(f, &date(at)).ok()
    }

    pub fn knows_zone(zone: &str) -> bool {
        formatter("en-US", &[], Some(zone)).is_some()
    }

    pub fn format(locale: &str, options: &[(&str, &str)], zone: Option<&str>, at: DateTime<Utc>) -> Option<String> {
        let f = formatter(locale, options, zone).or_else(|| formatter(locale, options, None))?;
        call(&f, "format", at)?.as_string()
    }

    fn parts(options: &[(&str, &str)], zone: Option<&str>, at: DateTime<Utc>) -> Option<Vec<(String, String)>> {
        let f = formatter("en-US", options, zone).or_else(|| formatter("en-US", options, None))?;
        let parts = js_sys::Array::from(&call(&f, "formatToParts", at)?);
        Some(
            parts
                .iter()
                .filter_map(|p| {
                    let get = |k: &str| js_sys::Reflect::get(&p, &JsValue::from_str(k)).ok()?.as_string();
                    Some((get("type")?, get("value")?))
                })
                .collect(),
        )
    }

    pub fn wall_clock(zone: Option<&str>, at: DateTime<Utc>) -> Option<NaiveDateTime> {
        let parts = parts(WALL, zone, at)?;
        super::wall_from_parts(parts.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    pub fn short_offset(zone: Option<&str>, at: DateTime<Utc>) -> Option<String> {
        let parts = parts(&[("timeZoneName", "shortOffset")], zone, at)?;
        parts.into_iter().find(|(k, _)| k == "timeZoneName").map(|(_, v)| v)
    }

    pub fn now() -> DateTime<Utc> {
        #[expect(clippy::cast_possible_truncation, reason = "Date.now() is whole milliseconds")]
        let ms = js_sys::Date::now() as i64;
        DateTime::from_timestamp_millis(ms).unwrap_or_default()
    }
}

/// Off the browser (unit tests): UTC, and the zone named by [`set_display_zone`] taken as is.
#[cfg(not(target_arch = "wasm32"))]
mod js {
    use chrono::{DateTime, NaiveDateTime, Utc};

    pub fn knows_zone(_zone: &str) -> bool {
        true
    }

    pub fn format(_locale: &str, _options: &[(&str, &str)], _zone: Option<&str>, _at: DateTime<Utc>) -> Option<String> {
        None
    }

    pub fn wall_clock(_zone: Option<&str>, at: DateTime<Utc>) -> Option<NaiveDateTime> {
        Some(at.naive_utc())
    }

    pub fn short_offset(_zone: Option<&str>, _at: DateTime<Utc>) -> Option<String> {
        Some("GMT".to_owned())
    }

    pub fn now() -> DateTime<Utc> {
        Utc::now()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn offsets_read_as_utc() {
        assert_eq!(offset_label("GMT+3").as_deref(), Some("UTC+3"));
        assert_eq!(offset_label("GMT+10").as_deref(), Some("UTC+10"));
        assert_eq!(offset_label("GMT-4").as_deref(), Some("UTC-4"));
        assert_eq!(offset_label("GMT\u{2212}5").as_deref(), Some("UTC-5"));
        assert_eq!(offset_label("GMT+5:30").as_deref(), Some("UTC+5:30"));
        assert_eq!(offset_label("GMT").as_deref(), Some("UTC"));
        assert_eq!(offset_label("MSK"), None);
        assert_eq!(offset_label("GMT+"), None);
    }

    #[test]
    fn wall_clock_from_parts() {
        let parts = [
            ("month", "12"),
            ("literal", "/"),
            ("day", "1"),
            ("literal", "/"),
            ("year", "2026"),
            ("literal", ", "),
            ("hour", "24"),
            ("literal", ":"),
            ("minute", "05"),
            ("literal", ":"),
            ("second", "09"),
        ];
        assert_eq!(wall_from_parts(parts), d("2026-12-01").and_hms_opt(0, 5, 9));
        assert_eq!(wall_from_parts([("year", "2026"), ("month", "2"), ("day", "30")]), None);
        assert_eq!(wall_from_parts([("month", "2"), ("day", "3")]), None);
    }

    #[test]
    fn a_day_starts_at_the_zones_midnight() {
        // Vladivostok: UTC+10 all year.
        let vvo = |at: DateTime<Utc>| Some(at.naive_utc() + chrono::Duration::hours(10));
        assert_eq!(day_start(d("2026-12-01"), vvo), Some(utc("2026-11-30T14:00:00Z")));
        // New York on the day it moves from UTC-5 to UTC-4 (2 a.m., 8 March 2026).
        let ny = |at: DateTime<Utc>| {
            let h = if at >= utc("2026-03-08T07:00:00Z") { 4 } else { 5 };
            Some(at.naive_utc() - chrono::Duration::hours(h))
        };
        assert_eq!(day_start(d("2026-03-08"), ny), Some(utc("2026-03-08T05:00:00Z")));
        assert_eq!(day_start(d("2026-03-09"), ny), Some(utc("2026-03-09T04:00:00Z")));
        // A zone that skips its midnight: the day begins at 01:00.
        let skip = |at: DateTime<Utc>| {
            let h = if at >= utc("2026-03-08T00:00:00Z") { 1 } else { 0 };
            Some(at.naive_utc() + chrono::Duration::hours(h))
        };
        let start = day_start(d("2026-03-08"), skip).unwrap();
        assert_eq!(skip(start).unwrap().date(), d("2026-03-08"));
        assert!(skip(start - chrono::Duration::minutes(30)).unwrap().date() < d("2026-03-08"));
        // The browser cannot say: nothing.
        assert_eq!(day_start(d("2026-03-08"), |_| None), None);
    }

    #[test]
    fn days_and_instants_off_the_browser() {
        set_display_zone(Some("Asia/Vladivostok"));
        assert_eq!(display_zone().as_deref(), Some("Asia/Vladivostok"));
        assert_eq!(local_day(utc("2026-12-01T23:30:00Z")), d("2026-12-01"));
        assert_eq!(local_midnight_rfc3339(d("2026-12-01")), "2026-12-01T00:00:00+00:00");
        assert_eq!(zone_label(utc("2026-12-01T23:30:00Z")).as_deref(), Some("UTC"));
        set_display_zone(None);
        assert_eq!(display_zone(), None);
    }
}
