//! Silence (MON-5): a patient who is expected to report — at least one active assignment — and
//! has sent nothing for the `days` of his effective `silence` rule gets a `silence` alert, once.
//!
//! An hourly sweep ([`SilenceSweep`]). The days are counted from the latest of: his last
//! submission, his first active assignment's creation (nothing was asked of him before), and
//! the acknowledgement of his previous silence alert of that rule (an acknowledged silence
//! starts counting again). A patient whose silence alert is still open is skipped, so a sweep
//! never opens a second one nor re-notifies for the same silence.
//!
//! The common case — nobody is silent — costs three set-based queries plus one per organization
//! whatever the number of patients; only patients who fall silent are then handled one by one,
//! each in its own transaction (locked card, alert, emails to the care team, audit), and
//! published on the live channel after the commit.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use common::admin::PatientStatus;
use common::alerts::{AlertRule, Firing, RuleKind, effective_rules};
use common::audit::AuditAction;
use common::ids::OrganizationId;
use common::monitoring::AlertStatus;
use db::entities::{alert, assignment, job, patient_card, patient_monitoring, submission};
use db::sea_orm::{
    ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, Func, Query, SelectStatement},
};
use uuid::Uuid;

use super::alerts::{apply, care_team, email_staff, lock_card, publish};
use super::service::{OrgMonitoring, org_settings, parse_json};
use crate::platform::audit::{self, AuditEvent};
use crate::platform::jobs::Job;
use crate::state::AppState;

/// How often it runs.
pub fn every() -> Duration {
    Duration::hours(1)
}

/// The hourly sweep's job (no payload).
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct SilenceSweep;

impl Job for SilenceSweep {
    const KIND: &'static str = "monitoring.silence";

    async fn run(self, state: &AppState, job: &job::Model) -> anyhow::Result<()> {
        let now = state.clock.now().max(job.run_at);
        let opened = sweep(state, now).await?;
        if opened > 0 {
            tracing::info!(alerts = opened, "silence alerts opened");
        }
        Ok(())
    }
}

/// Cards with an active assignment (not ended, its last day not long past).
fn expecting(now: DateTime<Utc>) -> SelectStatement {
    Query::select()
        .column(assignment::Column::PatientCardId)
        .from(assignment::Entity)
        .and_where(assignment::Column::EndedAt.is_null())
        .cond_where(
            Condition::any()
                .add(assignment::Column::UntilDate.is_null())
                .add(assignment::Column::UntilDate.gte((now - Duration::days(1)).date_naive())),
        )
        .to_owned()
}

/// Whole days from `since` to `now`.
pub fn days_between(since: DateTime<Utc>, now: DateTime<Utc>) -> u32 {
    u32::try_from((now - since).num_days()).unwrap_or(0)
}

/// One candidate: a card, its organization, when counting starts without alerts, and its last
/// submission.
struct Candidate {
    card: Uuid,
    org: Uuid,
    first_assigned: DateTime<Utc>,
    last_submission: Option<DateTime<Utc>>,
}

/// card, organization, first active assignment, last submission.
type CandidateRow = (Uuid, Uuid, Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// Opens the silence alerts due at `now`; returns how many.
pub async fn sweep(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let db = &state.db;
    // 1. Patients expected to report, with their first active assignment and last submission.
    let rows: Vec<CandidateRow> = assignment::Entity::find()
        .select_only()
        .column(assignment::Column::PatientCardId)
        .column(assignment::Column::OrganizationId)
        .column_as(Expr::from(Func::min(Expr::col(assignment::Column::CreatedAt))), "first_assigned")
        .column_as(
            Expr::cust(
                "(SELECT MAX(s.submitted_at) FROM submissions s WHERE s.patient_card_id = assignments.patient_card_id)",
            ),
            "last_submission",
        )
        .filter(assignment::Column::EndedAt.is_null())
        .filter(
            Condition::any()
                .add(assignment::Column::UntilDate.is_null())
                .add(assignment::Column::UntilDate.gte((now - Duration::days(1)).date_naive())),
        )
        .filter(
            assignment::Column::PatientCardId.in_subquery(
                Query::select()
                    .column(patient_card::Column::Id)
                    .from(patient_card::Entity)
                    .and_where(patient_card::Column::Status.eq(PatientStatus::Active.as_str()))
                    .to_owned(),
            ),
        )
        .group_by(assignment::Column::PatientCardId)
        .group_by(assignment::Column::OrganizationId)
        .into_tuple()
        .all(db)
        .await?;
    let candidates: Vec<Candidate> = rows
        .into_iter()
        .filter_map(|(card, org, first, last)| {
            Some(Candidate { card, org, first_assigned: first?, last_submission: last })
        })
        .collect();
    if candidates.is_empty() {
        return Ok(0);
    }
    // 2. Their silence alerts: open ones, and the last acknowledgement, by card and rule.
    let silence: Vec<(Uuid, String, String, Option<DateTime<Utc>>)> = alert::Entity::find()
        .select_only()
        .column(alert::Column::PatientCardId)
        .column(alert::Column::Rule)
        .column(alert::Column::Status)
        .column_as(Expr::from(Func::max(Expr::col(alert::Column::AcknowledgedAt))), "acknowledged")
        .filter(alert::Column::RuleKind.eq("silence"))
        .filter(alert::Column::PatientCardId.in_subquery(expecting(now)))
        .group_by(alert::Column::PatientCardId)
        .group_by(alert::Column::Rule)
        .group_by(alert::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let mut open: std::collections::HashSet<(Uuid, String)> = std::collections::HashSet::new();
    let mut acknowledged: HashMap<(Uuid, String), DateTime<Utc>> = HashMap::new();
    for (card, rule, status, ack) in silence {
        if status == AlertStatus::Open.as_str() {
            open.insert((card, rule));
        } else if let Some(at) = ack {
            acknowledged.insert((card, rule), at);
        }
    }
    // 3. Patients' own rules.
    let overrides: HashMap<Uuid, Vec<AlertRule>> = patient_monitoring::Entity::find()
        .filter(patient_monitoring::Column::PatientCardId.in_subquery(expecting(now)))
        .all(db)
        .await?
        .into_iter()
        .map(|r| Ok((r.patient_card_id, parse_json(&r.overrides, "patient rules")?)))
        .collect::<Result<_, crate::http::error::ApiError>>()?;
    // 4. Each organization's settings, once.
    let mut orgs: HashMap<Uuid, OrgMonitoring> = HashMap::new();
    for c in &candidates {
        if let std::collections::hash_map::Entry::Vacant(e) = orgs.entry(c.org) {
            e.insert(org_settings(db, OrganizationId(c.org)).await?);
        }
    }
    let mut opened = 0;
    for c in &candidates {
        let Some(settings) = orgs.get(&c.org) else { continue };
        let own = overrides.get(&c.card).map(Vec::as_slice).unwrap_or_default();
        for rule in effective_rules(&settings.rules, own) {
            if !matches!(rule.kind, RuleKind::Silence { .. }) || open.contains(&(c.card, rule.code.clone())) {
                continue;
            }
            let mut since = c.last_submission.map_or(c.first_assigned, |s| s.max(c.first_assigned));
            if let Some(ack) = acknowledged.get(&(c.card, rule.code.clone())) {
                since = since.max(*ack);
            }
            if let Some(firing) = rule.fire_silence(days_between(since, now))
                && open_one(state, settings, c.card, &rule, &firing, now).await?
            {
                opened += 1;
            }
        }
    }
    Ok(opened)
}

/// Opens one patient's silence alert in its own transaction, unless he submitted meanwhile.
async fn open_one(
    state: &AppState,
    settings: &OrgMonitoring,
    card_id: Uuid,
    rule: &AlertRule,
    firing: &Firing,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let txn = db::begin_write(&state.db).await?;
    lock_card(&txn, card_id).await?;
    let Some(card) = patient_card::Entity::find_by_id(card_id).one(&txn).await? else { return Ok(false) };
    let last: Option<DateTime<Utc>> = submission::Entity::find()
        .select_only()
        .column_as(Expr::from(Func::max(Expr::col(submission::Column::SubmittedAt))), "last")
        .filter(submission::Column::PatientCardId.eq(card_id))
        .into_tuple::<Option<DateTime<Utc>>>()
        .one(&txn)
        .await?
        .flatten();
    if last.is_some_and(|l| days_between(l, now) < days_of(rule)) {
        return Ok(false);
    }
    let (a, change) = apply(&txn, settings, &card, rule, firing, None, now).await?;
    if change.notifies() {
        let team = care_team(&txn, card.id).await?;
        email_staff(&txn, &state.settings.base_url, card.organization_id, card.id, &team, false, now).await?;
    }
    let event = AuditEvent::system(card.organization_id, AuditAction::AlertSilence, "alert", now)
        .entity_id(a.id)
        .patients([card.id]);
    audit::record(&txn, event).await?;
    txn.commit().await?;
    state.jobs_notify.notify_one();
    if let Some(kind) = change.live_kind() {
        publish(state, &card, &a, kind).await;
    }
    Ok(true)
}

fn days_of(rule: &AlertRule) -> u32 {
    match rule.kind {
        RuleKind::Silence { days } => days,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn whole_days_are_counted() {
        let t = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
        assert_eq!(days_between(t, t + Duration::hours(167)), 6);
        assert_eq!(days_between(t, t + Duration::hours(168)), 7);
        assert_eq!(days_between(t + Duration::hours(1), t), 0, "never negative");
    }
}
