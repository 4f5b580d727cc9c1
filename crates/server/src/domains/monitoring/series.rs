//! Chart data (MON-4, MON-3): a patient's numeric answers by item code over a period of his own
//! days, with each item's labels and limits and the thresholds of the rules that apply to him.

use std::collections::BTreeMap;

use chrono::{DateTime, Days, Duration, NaiveDate, TimeZone, Utc};
use common::FieldError;
use common::alerts::thresholds_for;
use common::domain::{day_out_of_range, in_calendar};
use common::ids::{OrganizationId, PatientId};
use common::monitoring::{Point, SeriesDto, SeriesQuery, SeriesSetDto, ThresholdDto};
use common::questionnaire::{I18nText, Item, ItemKind, valid_code};
use db::entities::{alert, alert_event, observation, organization, patient_card};
use db::sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::domains::monitoring::alerts::item_labels;
use crate::domains::monitoring::service::{patient_today, rules_for};
use crate::http::error::{ApiError, ApiResult};

/// The period when none is asked: the last 30 days, today included.
pub const DEFAULT_DAYS: i64 = 30;
/// The longest period: a year (a leap year's days).
pub const MAX_DAYS: i64 = 366;
/// The most codes one request may name.
pub const MAX_CODES: usize = 50;

/// The period and codes of a request, checked: `(from, to, codes)`.
pub fn parse_query(q: &SeriesQuery, today: NaiveDate) -> ApiResult<(NaiveDate, NaiveDate, Vec<String>)> {
    let e = |field: &str, code: &str, m: &str| FieldError { field: field.into(), code: code.into(), message: m.into() };
    // Days beyond years 1..=9999 are refused before any arithmetic: the period's ends, its
    // default start and the day after its end must all exist.
    let to = q.to.unwrap_or(today);
    let from = q.from.or_else(|| to.checked_sub_days(Days::new(DEFAULT_DAYS.unsigned_abs() - 1)));
    let mut errors = Vec::new();
    if q.from.is_some_and(|d| !in_calendar(d)) {
        errors.push(day_out_of_range("from"));
    }
    if !in_calendar(to) {
        errors.push(day_out_of_range("to"));
    }
    let from = match from {
        Some(from) if errors.is_empty() => from,
        _ => return Err(ApiError::Validation(errors)),
    };
    if to < from {
        errors.push(e("to", "out_of_range", "the last day is before the first"));
    } else if (to - from).num_days() + 1 > MAX_DAYS {
        errors.push(e("from", "out_of_range", "at most 366 days"));
    }
    let mut codes: Vec<String> = Vec::new();
    for c in q.codes.as_deref().unwrap_or("").split(',').map(str::trim).filter(|c| !c.is_empty()) {
        if !valid_code(c, 2) {
            errors.push(e("codes", "invalid_format", "item codes separated by commas"));
            break;
        }
        if !codes.iter().any(|x| x == c) {
            codes.push(c.to_owned());
        }
    }
    if codes.len() > MAX_CODES {
        errors.push(e("codes", "too_many", "at most 50 codes"));
    }
    if errors.is_empty() { Ok((from, to, codes)) } else { Err(ApiError::Validation(errors)) }
}

/// The first instant of local day `d` in `tz`.
pub fn day_start(tz: chrono_tz::Tz, d: NaiveDate) -> DateTime<Utc> {
    let midnight = d.and_time(chrono::NaiveTime::MIN);
    match tz.from_local_datetime(&midnight).earliest() {
        Some(t) => t.with_timezone(&Utc),
        // A zone that skips midnight (a DST change at 00:00): the hour after.
        None => midnight
            .checked_add_signed(Duration::hours(1))
            .and_then(|t| tz.from_local_datetime(&t).earliest())
            .map_or_else(|| Utc.from_utc_datetime(&midnight), |t| t.with_timezone(&Utc)),
    }
}

/// The axis limits of an item: 0–10 for scales, the limits of a number, the range of a
/// scored choice's scores.
pub fn limits(item: &Item) -> (Option<f64>, Option<f64>) {
    match item.kind {
        ItemKind::Scale => (Some(0.0), Some(10.0)),
        ItemKind::Number => (item.min, item.max),
        ItemKind::SingleChoice => {
            let scores: Vec<f64> = item.options.iter().filter_map(|o| o.score).collect();
            (scores.iter().copied().reduce(f64::min), scores.iter().copied().reduce(f64::max))
        }
        _ => (None, None),
    }
}

/// The series of `card` for the request `q` (checked here; 422 on a bad period or codes).
pub async fn series(
    conn: &impl ConnectionTrait,
    org: &organization::Model,
    card: &patient_card::Model,
    q: &SeriesQuery,
    now: DateTime<Utc>,
) -> ApiResult<SeriesSetDto> {
    let (tz, today) = patient_today(conn, org, card.id, now).await?;
    let (from, to, codes) = parse_query(q, today)?;
    let mut query = observation::Entity::find()
        .select_only()
        .columns([observation::Column::Code, observation::Column::Value, observation::Column::At])
        .filter(observation::Column::PatientCardId.eq(card.id))
        .filter(observation::Column::At.gte(day_start(tz, from)))
        .filter(observation::Column::At.lt(day_start(tz, to.succ_opt().unwrap_or(NaiveDate::MAX))));
    if !codes.is_empty() {
        query = query.filter(observation::Column::Code.is_in(codes.iter().cloned()));
    }
    let rows: Vec<(String, f64, DateTime<Utc>)> = query
        .order_by_asc(observation::Column::Code)
        .order_by_asc(observation::Column::At)
        .order_by_asc(observation::Column::Id)
        .into_tuple()
        .all(conn)
        .await?;
    let mut points: BTreeMap<String, Vec<Point>> = BTreeMap::new();
    for (code, value, at) in rows {
        points.entry(code).or_default().push(Point { at, value });
    }
    let mut alert_at =
        alert_marks(conn, card.id, day_start(tz, from), day_start(tz, to.succ_opt().unwrap_or(NaiveDate::MAX))).await?;
    let order: Vec<String> = if codes.is_empty() { points.keys().cloned().collect() } else { codes };
    let labels = item_labels(conn, org.id).await?;
    let rules = rules_for(conn, OrganizationId(org.id), PatientId(card.id)).await?;
    let series = order
        .into_iter()
        .map(|code| {
            let item = labels.get(&code);
            let (min, max) = item.map(|(_, _, i)| limits(i)).unwrap_or((None, None));
            SeriesDto {
                label: item.map_or_else(|| I18nText::new(&code, &code), |l| l.0.clone()),
                unit: item.and_then(|l| l.1.clone()),
                min,
                max,
                points: points.remove(&code).unwrap_or_default(),
                thresholds: thresholds_for(&rules, &code)
                    .into_iter()
                    .map(|(rule, compare, value)| ThresholdDto { rule, compare, value })
                    .collect(),
                alert_at: alert_at.remove(&code).unwrap_or_default(),
                code,
            }
        })
        .collect();
    Ok(SeriesSetDto { from, to, series })
}

/// The times a value of each item opened or joined one of the card's alerts in `[start, end)`:
/// the card's alerts that overlap the period, then their value events in it (two queries).
async fn alert_marks(
    conn: &impl ConnectionTrait,
    card: uuid::Uuid,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> ApiResult<BTreeMap<String, Vec<DateTime<Utc>>>> {
    let ids: Vec<uuid::Uuid> = alert::Entity::find()
        .select_only()
        .column(alert::Column::Id)
        .filter(alert::Column::PatientCardId.eq(card))
        .filter(alert::Column::OpenedAt.lt(end))
        .filter(alert::Column::LastAt.gte(start))
        .into_tuple()
        .all(conn)
        .await?;
    let mut out: BTreeMap<String, Vec<DateTime<Utc>>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let events: Vec<(String, DateTime<Utc>)> = alert_event::Entity::find()
        .select_only()
        .columns([alert_event::Column::Item, alert_event::Column::At])
        .filter(alert_event::Column::AlertId.is_in(ids))
        .filter(alert_event::Column::SubmissionId.is_not_null())
        .filter(alert_event::Column::At.gte(start))
        .filter(alert_event::Column::At.lt(end))
        .order_by_asc(alert_event::Column::At)
        .into_tuple()
        .all(conn)
        .await?;
    for (item, at) in events {
        let marks = out.entry(item).or_default();
        if !marks.contains(&at) {
            marks.push(at);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn q(from: Option<&str>, to: Option<&str>, codes: Option<&str>) -> SeriesQuery {
        SeriesQuery { from: from.map(d), to: to.map(d), codes: codes.map(str::to_owned) }
    }

    #[test]
    fn the_default_period_is_the_last_30_days() {
        let (from, to, codes) = parse_query(&q(None, None, None), d("2026-11-22")).unwrap();
        assert_eq!((from, to), (d("2026-10-24"), d("2026-11-22")));
        assert!(codes.is_empty());
    }

    #[test]
    fn a_year_at_most_and_in_order() {
        assert!(parse_query(&q(Some("2025-11-22"), Some("2026-11-22"), None), d("2026-11-22")).is_ok(), "366 days");
        let too_long = parse_query(&q(Some("2025-11-21"), Some("2026-11-22"), None), d("2026-11-22"));
        assert!(matches!(too_long, Err(ApiError::Validation(e)) if e[0].field == "from"));
        let reversed = parse_query(&q(Some("2026-11-22"), Some("2026-11-21"), None), d("2026-11-22"));
        assert!(matches!(reversed, Err(ApiError::Validation(e)) if e[0].field == "to"));
    }

    #[test]
    fn codes_are_checked_and_deduplicated() {
        let (_, _, codes) =
            parse_query(&q(None, None, Some("vitals.temp_c, esas.pain,vitals.temp_c,")), d("2026-11-22")).unwrap();
        assert_eq!(codes, vec!["vitals.temp_c", "esas.pain"]);
        let bad = parse_query(&q(None, None, Some("Temp C")), d("2026-11-22"));
        assert!(matches!(bad, Err(ApiError::Validation(e)) if e[0].field == "codes"));
    }

    #[test]
    fn days_at_chronos_limits_are_refused_not_computed() {
        let field = |r: ApiResult<(NaiveDate, NaiveDate, Vec<String>)>| match r {
            Err(ApiError::Validation(e)) => e.iter().map(|e| e.field.clone()).collect::<Vec<_>>(),
            other => panic!("not refused: {other:?}"),
        };
        let (min, max) = (Some(NaiveDate::MIN), Some(NaiveDate::MAX));
        let today = d("2026-11-22");
        for (from, to, want) in [
            (None, min, vec!["to"]),
            (None, max, vec!["to"]),
            (min, None, vec!["from"]),
            (max, max, vec!["from", "to"]),
            (min, min, vec!["from", "to"]),
            (Some(d("9999-12-31")), Some(d("+10000-01-01")), vec!["to"]),
        ] {
            let q = SeriesQuery { from, to, codes: None };
            assert_eq!(field(parse_query(&q, today)), want, "{from:?}..{to:?}");
        }
        // The calendar's own ends are fine.
        let q = SeriesQuery { from: None, to: Some(d("0001-01-01")), codes: None };
        assert_eq!(parse_query(&q, today).unwrap().0, d("0000-12-03"));
        let q = SeriesQuery { from: Some(d("9999-12-31")), to: Some(d("9999-12-31")), codes: None };
        assert!(parse_query(&q, today).is_ok());
        let vvo: chrono_tz::Tz = "Asia/Vladivostok".parse().unwrap();
        assert_eq!(
            day_start(vvo, NaiveDate::MIN),
            Utc.from_utc_datetime(&NaiveDate::MIN.and_time(chrono::NaiveTime::MIN))
        );
        assert!(day_start(vvo, NaiveDate::MAX) > day_start(vvo, d("9999-12-31")));
    }

    #[test]
    fn days_start_at_local_midnight() {
        let msk: chrono_tz::Tz = "Europe/Moscow".parse().unwrap();
        assert_eq!(day_start(msk, d("2026-11-22")).to_rfc3339(), "2026-11-21T21:00:00+00:00");
    }
}
