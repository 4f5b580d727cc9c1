//! The doctor's "Monitoring" list (MON-4): every active patient in the caller's reach with his
//! last submission, adherence over the last 30 days, open alerts and a trend mark, sorted so
//! that patients needing attention come first.
//!
//! Built from a fixed handful of set-based queries over the whole scope (cards with their last
//! submission, open alerts, assignments, answered due days of the window, score sums of two
//! weeks, time-zone overrides), then computed and sorted in Rust: a doctor with 500 patients and
//! a year of diaries each costs the same 7 queries as one with 5 (see docs/benchmarks.md).

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use common::admin::PatientStatus;
use common::domain::search_key;
use common::ids::PatientId;
use common::monitoring::{AlertStatus, MonitoringRowDto, Trend};
use common::questionnaire::{ItemKind, Schedule};
use db::entities::{alert, assignment, observation, organization, patient_card, patient_monitoring, submission};
use db::sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, Func, SelectStatement},
};
use uuid::Uuid;

use crate::auth::PatientScope;
use crate::auth::scope::scope_subquery;
use crate::domains::monitoring::alerts::{AlertContext, item_labels};
use crate::domains::monitoring::service::{local_day, parse_json, zone};
use crate::http::error::ApiResult;
use crate::http::paging::contains_text;

/// The adherence window: the last 30 of the patient's days, today included.
pub const ADHERENCE_DAYS: i64 = 30;
/// Each trend window needs this many 0–10 answers, or the trend is unknown.
pub const MIN_TREND_VALUES: i64 = 2;
/// A change of the mean by this much (0–10 points) is a trend.
pub const TREND_STEP: f64 = 1.0;

/// id, last, first and middle name, birth date, last submission.
type CardRow = (Uuid, String, String, Option<String>, NaiveDate, Option<DateTime<Utc>>);

/// Up to this many cards are named by id in the later queries (the planner then probes the
/// indexes card by card); a larger scope is named by its subquery.
const MAX_LISTED_IDS: usize = 2000;

/// A condition on a table's `patient_card_id` column: the listed cards `ids` (those of the
/// first query), or for a very large list the cards of the scope.
fn in_cards<C: ColumnTrait>(col: C, ids: &[Uuid], scope: &Option<SelectStatement>) -> Condition {
    match scope {
        Some(sub) if ids.len() > MAX_LISTED_IDS => Condition::all().add(col.in_subquery(sub.clone())),
        None if ids.len() > MAX_LISTED_IDS => Condition::all(),
        _ => Condition::all().add(col.is_in(ids.iter().copied())),
    }
}

/// The trend from two windows' (sum, count) of 0–10 answers.
pub fn trend(recent: Option<(f64, i64)>, previous: Option<(f64, i64)>) -> Trend {
    match (recent, previous) {
        (Some((rs, rn)), Some((ps, pn))) if rn >= MIN_TREND_VALUES && pn >= MIN_TREND_VALUES => {
            #[expect(clippy::cast_precision_loss, reason = "counts of answers are small")]
            let change = rs / rn as f64 - ps / pn as f64;
            if change >= TREND_STEP - 1e-9 {
                Trend::Worse
            } else if change <= -TREND_STEP + 1e-9 {
                Trend::Better
            } else {
                Trend::Stable
            }
        }
        _ => Trend::Unknown,
    }
}

/// An assignment's due days in `from..=today` and how many were answered. A day counts from
/// the assignment's creation and until it ended; today and the day it ended count only when
/// answered (the patient still has time).
pub fn adherence(
    schedule: &Schedule,
    created: NaiveDate,
    ended: Option<NaiveDate>,
    from: NaiveDate,
    today: NaiveDate,
    answered: impl Fn(NaiveDate) -> bool,
) -> (u32, u32) {
    let last = ended.map_or(today, |e| e.min(today));
    let (mut due, mut done) = (0, 0);
    for d in schedule.occurrences(from.max(created), last) {
        let yes = answered(d);
        if yes || (d < today && ended.is_none_or(|e| d < e)) {
            due += 1;
            done += u32::from(yes);
        }
    }
    (due, done)
}

/// Which of two open alerts is the worse: the more urgent, then escalated, then the further
/// past its rule, then the older.
fn worse(a: &alert::Model, b: &alert::Model) -> Ordering {
    a.urgency
        .cmp(&b.urgency)
        .then(a.escalated_at.is_some().cmp(&b.escalated_at.is_some()))
        .then(a.worst_severity.partial_cmp(&b.worst_severity).unwrap_or(Ordering::Equal))
        .then(b.opened_at.cmp(&a.opened_at))
}

/// Attention first: open alerts (escalated, then the most urgent, then the oldest), then a
/// worsening trend, then the lowest adherence (none due: last), then the name.
pub fn attention_order(a: &MonitoringRowDto, b: &MonitoringRowDto) -> Ordering {
    let adherence = |r: &MonitoringRowDto| r.adherence.unwrap_or(f64::INFINITY);
    let urgency = |r: &MonitoringRowDto| r.worst.as_ref().map(|w| w.urgency);
    (b.open_alerts > 0)
        .cmp(&(a.open_alerts > 0))
        .then(b.escalated.cmp(&a.escalated))
        .then(urgency(b).cmp(&urgency(a)))
        .then(a.oldest_open_alert_at.cmp(&b.oldest_open_alert_at))
        .then((b.trend == Trend::Worse).cmp(&(a.trend == Trend::Worse)))
        .then(adherence(a).partial_cmp(&adherence(b)).unwrap_or(Ordering::Equal))
        .then(a.name.cmp(&b.name))
        .then(a.patient_id.0.cmp(&b.patient_id.0))
}

/// Every row of the list for `scope` in `org` matching the search `q`, attention first.
pub async fn rows(
    conn: &impl ConnectionTrait,
    org: &organization::Model,
    scope: PatientScope,
    q: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<Vec<MonitoringRowDto>> {
    let sub = scope_subquery(scope);
    let mut cond = Condition::all()
        .add(db::Org::new(org.id).owns::<patient_card::Entity>())
        .add(patient_card::Column::Status.eq(PatientStatus::Active.as_str()))
        .add(match &sub {
            Some(q) => Condition::all().add(patient_card::Column::Id.in_subquery(q.clone())),
            None => Condition::all(),
        });
    let text = q.map(search_key).unwrap_or_default();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        cond = cond.add(contains_text(patient_card::Column::SearchKey, word));
    }
    // 1. The cards, each with its last submission (an index probe per card).
    let cards: Vec<CardRow> = patient_card::Entity::find()
        .select_only()
        .columns([
            patient_card::Column::Id,
            patient_card::Column::LastName,
            patient_card::Column::FirstName,
            patient_card::Column::MiddleName,
            patient_card::Column::BirthDate,
        ])
        .column_as(
            Expr::cust("(SELECT MAX(s.submitted_at) FROM submissions s WHERE s.patient_card_id = patient_cards.id)"),
            "last_submission_at",
        )
        .filter(cond)
        .into_tuple::<CardRow>()
        .all(conn)
        .await?;
    if cards.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: HashSet<Uuid> = cards.iter().map(|c| c.0).collect();
    let ids: Vec<Uuid> = cards.iter().map(|c| c.0).collect();
    let org_today = local_day(zone(&org.time_zone, None), now);
    // Every patient's window starts within a day of the organization's.
    let window_start = org_today - Duration::days(ADHERENCE_DAYS + 1);

    // 2. Open alerts.
    let open = db::Org::new(org.id)
        .find::<alert::Entity>()
        .filter(alert::Column::Status.eq(AlertStatus::Open.as_str()))
        .filter(in_cards(alert::Column::PatientCardId, &ids, &sub))
        .all(conn)
        .await?;
    // 3. Assignments that may have had due days in the window.
    let assignments = db::Org::new(org.id)
        .find::<assignment::Entity>()
        .filter(in_cards(assignment::Column::PatientCardId, &ids, &sub))
        .filter(
            Condition::any()
                .add(assignment::Column::EndedAt.is_null())
                .add(assignment::Column::EndedAt.gte(now - Duration::days(ADHERENCE_DAYS + 2))),
        )
        .all(conn)
        .await?;
    // 4. The due days answered in the window. A due day is answered on or after it, so only
    //    the window's submissions are read (`ix_submissions_card_time`), not a year of diaries.
    let answered: HashSet<(Uuid, NaiveDate)> = submission::Entity::find()
        .select_only()
        .columns([submission::Column::AssignmentId, submission::Column::DueOn])
        .filter(db::Org::new(org.id).owns::<submission::Entity>())
        .filter(in_cards(submission::Column::PatientCardId, &ids, &sub))
        .filter(submission::Column::SubmittedAt.gte(now - Duration::days(ADHERENCE_DAYS + 2)))
        .filter(submission::Column::AssignmentId.is_not_null())
        .filter(submission::Column::DueOn.gte(window_start))
        .into_tuple::<(Option<Uuid>, Option<NaiveDate>)>()
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|(a, d)| Some((a?, d?)))
        .collect();
    // 5. Sums of the 0–10 answers of the last 7 days and the 7 before.
    let labels = AlertContext { labels: item_labels(conn, org.id).await?, escalate_after: None };
    let scale_codes: Vec<String> = labels
        .labels
        .iter()
        .filter(|(_, (_, _, item))| item.kind == ItemKind::Scale)
        .map(|(code, _)| code.clone())
        .collect();
    let sums =
        score_sums(conn, org.id, &in_cards(observation::Column::PatientCardId, &ids, &sub), &scale_codes, now).await?;
    // 6. Patients' own time zones.
    let zones: HashMap<Uuid, String> = patient_monitoring::Entity::find()
        .select_only()
        .columns([patient_monitoring::Column::PatientCardId, patient_monitoring::Column::TimeZone])
        .filter(in_cards(patient_monitoring::Column::PatientCardId, &ids, &sub))
        .filter(patient_monitoring::Column::TimeZone.is_not_null())
        .into_tuple::<(Uuid, Option<String>)>()
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|(c, z)| Some((c, z?)))
        .collect();

    let mut alerts_of: HashMap<Uuid, Vec<&alert::Model>> = HashMap::new();
    for a in open.iter().filter(|a| wanted.contains(&a.patient_card_id)) {
        alerts_of.entry(a.patient_card_id).or_default().push(a);
    }
    let mut assignments_of: HashMap<Uuid, Vec<(&assignment::Model, Schedule)>> = HashMap::new();
    for a in assignments.iter().filter(|a| wanted.contains(&a.patient_card_id)) {
        let schedule: Schedule = parse_json(&a.schedule, "schedule")?;
        assignments_of.entry(a.patient_card_id).or_default().push((a, schedule));
    }
    let mut out = Vec::with_capacity(cards.len());
    for (id, last_name, first_name, middle_name, birth_date, last_submission_at) in cards {
        let tz = zone(&org.time_zone, zones.get(&id).map(String::as_str));
        let today = local_day(tz, now);
        let from = today - Duration::days(ADHERENCE_DAYS - 1);
        let (mut due, mut done) = (0, 0);
        for (a, schedule) in assignments_of.get(&id).map(Vec::as_slice).unwrap_or_default() {
            let (d, n) = adherence(
                schedule,
                local_day(tz, a.created_at),
                a.ended_at.map(|e| local_day(tz, e)),
                from,
                today,
                |day| answered.contains(&(a.id, day)),
            );
            due += d;
            done += n;
        }
        let open = alerts_of.get(&id).map(Vec::as_slice).unwrap_or_default();
        out.push(MonitoringRowDto {
            patient_id: PatientId(id),
            name: common::person::FullName { last_name, first_name, middle_name }.full(),
            birth_date: Some(birth_date),
            last_submission_at,
            due_30d: due,
            answered_30d: done,
            adherence: (due > 0).then(|| f64::from(done) / f64::from(due)),
            open_alerts: u32::try_from(open.len()).unwrap_or(u32::MAX),
            oldest_open_alert_at: open.iter().map(|a| a.opened_at).min(),
            escalated: open.iter().any(|a| a.escalated_at.is_some()),
            trend: sums.get(&id).map_or(Trend::Unknown, |(r, p)| trend(Some(*r), Some(*p))),
            worst: open.iter().copied().max_by(|a, b| worse(a, b)).map(|a| labels.reason(a)),
        });
    }
    out.sort_by(attention_order);
    Ok(out)
}

/// card, sum and count of the last 7 days, sum and count of the 7 before.
type ScoreRow = (Uuid, Option<f64>, i64, Option<f64>, i64);

/// Per card: the sum and count of the values of `codes` observed in the last 7 days, and in the
/// 7 days before — one scan of the two weeks.
async fn score_sums(
    conn: &impl ConnectionTrait,
    org: Uuid,
    cards: &Condition,
    codes: &[String],
    now: DateTime<Utc>,
) -> ApiResult<HashMap<Uuid, ((f64, i64), (f64, i64))>> {
    if codes.is_empty() {
        return Ok(HashMap::new());
    }
    let mid = now - Duration::days(7);
    let recent = || observation::Column::At.gte(mid);
    let previous = || observation::Column::At.lt(mid);
    let value = || Expr::col(observation::Column::Value);
    let sum = |c: Expr| Expr::from(Func::sum(Expr::case(c, value())));
    let count = |c: Expr| Expr::from(Func::count(Expr::case(c, 1)));
    let rows: Vec<ScoreRow> = observation::Entity::find()
        .select_only()
        .column(observation::Column::PatientCardId)
        .column_as(sum(recent()), "recent_sum")
        .column_as(count(recent()), "recent_n")
        .column_as(sum(previous()), "previous_sum")
        .column_as(count(previous()), "previous_n")
        .filter(db::Org::new(org).owns::<observation::Entity>())
        .filter(cards.clone())
        .filter(observation::Column::Code.is_in(codes.iter().cloned()))
        .filter(observation::Column::At.gte(now - Duration::days(14)))
        .filter(observation::Column::At.lt(now + Duration::days(1)))
        .group_by(observation::Column::PatientCardId)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|(c, rs, rn, ps, pn)| (c, ((rs.unwrap_or(0.0), rn), (ps.unwrap_or(0.0), pn)))).collect())
}

#[cfg(test)]
mod tests {
    use common::questionnaire::Repeat;

    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn trend_needs_two_values_a_window_and_a_point_of_change() {
        assert_eq!(trend(None, Some((10.0, 2))), Trend::Unknown);
        assert_eq!(trend(Some((10.0, 1)), Some((10.0, 2))), Trend::Unknown);
        assert_eq!(trend(Some((12.0, 2)), Some((10.0, 2))), Trend::Worse, "6 against 5");
        assert_eq!(trend(Some((11.0, 2)), Some((10.0, 2))), Trend::Stable, "5.5 against 5");
        assert_eq!(trend(Some((8.0, 2)), Some((10.0, 2))), Trend::Better, "4 against 5");
    }

    #[test]
    fn adherence_counts_past_due_days_and_today_only_when_answered() {
        let daily = Schedule { repeat: Repeat::Daily, start: d("2026-11-01"), until: None };
        let today = d("2026-11-22");
        let from = today - Duration::days(29);
        // Created on the 20th: the 20th and 21st are due, today is not yet.
        let (due, done) = adherence(&daily, d("2026-11-20"), None, from, today, |x| x == d("2026-11-21"));
        assert_eq!((due, done), (2, 1));
        // Answered today: today counts.
        let (due, done) = adherence(&daily, d("2026-11-20"), None, from, today, |x| x == today);
        assert_eq!((due, done), (3, 1));
        // Ended on the 21st: the 20th only.
        let (due, done) = adherence(&daily, d("2026-11-20"), Some(d("2026-11-21")), from, today, |_| false);
        assert_eq!((due, done), (1, 0));
        // Started and created long ago: the window is 30 days, today excluded.
        let long = Schedule { repeat: Repeat::Daily, start: d("2026-01-01"), until: None };
        let (due, _) = adherence(&long, d("2026-01-01"), None, from, today, |_| false);
        assert_eq!(due, 29);
    }
}
