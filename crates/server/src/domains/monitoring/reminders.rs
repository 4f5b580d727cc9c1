//! Reminders of questionnaires due today (MON-2). A sweep every 15 minutes finds, in one
//! query, the active assignments that may be due today somewhere on Earth; for each one due
//! today in the patient's own zone, past the organization's reminder hour and not answered, it
//! queues a `monitoring.remind` job keyed by assignment and day — so a patient gets at most one
//! reminder of an assignment a day, however many sweeps and processes run. The job checks again
//! and stores the notification with its email in one transaction.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Timelike, Utc};
use common::Locale;
use common::admin::PatientStatus;
use common::audit::AuditAction;
use common::cabinet::NotificationKind;
use db::entities::{
    account, assignment, job, monitoring_settings, notification, organization, patient_card, patient_monitoring,
    questionnaire,
};
use db::sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    sea_query::{Expr, ExprTrait, Query},
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domains::monitoring::questionnaires;
use crate::domains::monitoring::service::{self as monitoring, DEFAULT_REMINDER_HOUR};
use crate::domains::monitoring::submissions::{answered, schedule_of};
use crate::platform::audit::{self, AuditEvent};
use crate::platform::jobs::{Job, NewJob, enqueue_many};
use crate::platform::notifications::{Notice, notify};
use crate::state::AppState;

/// How often the sweep runs.
pub const EVERY: Duration = Duration::minutes(15);

/// Where the reminder's link leads.
pub const LINK: &str = "/cabinet/data-entry";

/// The periodic sweep (no payload).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Sweep;

/// One reminder of one assignment on one day.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Remind {
    pub assignment_id: Uuid,
    pub day: NaiveDate,
}

fn open_statuses() -> [&'static str; 2] {
    [PatientStatus::Pending.as_str(), PatientStatus::Active.as_str()]
}

/// The assignments to remind of at `now`: `(assignment, the patient's day)`.
pub async fn due_now(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> anyhow::Result<Vec<(Uuid, NaiveDate)>> {
    // Every zone's day at `now` lies within these (UTC−12 … UTC+14).
    let earliest = (now - Duration::hours(12)).date_naive();
    let latest = (now + Duration::hours(14)).date_naive();
    let a = assignment::Entity;
    let q = Query::select()
        .column((a, assignment::Column::Id))
        .column((a, assignment::Column::Schedule))
        .expr_as(Expr::col((organization::Entity, organization::Column::TimeZone)), "org_zone")
        .expr_as(Expr::col((patient_monitoring::Entity, patient_monitoring::Column::TimeZone)), "own_zone")
        .expr_as(Expr::col((monitoring_settings::Entity, monitoring_settings::Column::ReminderHour)), "reminder_hour")
        .from(a)
        .inner_join(
            questionnaire::Entity,
            Expr::col((questionnaire::Entity, questionnaire::Column::Id))
                .equals((a, assignment::Column::QuestionnaireId)),
        )
        .inner_join(
            patient_card::Entity,
            Expr::col((patient_card::Entity, patient_card::Column::Id)).equals((a, assignment::Column::PatientCardId)),
        )
        .inner_join(
            organization::Entity,
            Expr::col((organization::Entity, organization::Column::Id)).equals((a, assignment::Column::OrganizationId)),
        )
        .left_join(
            patient_monitoring::Entity,
            Expr::col((patient_monitoring::Entity, patient_monitoring::Column::PatientCardId))
                .equals((a, assignment::Column::PatientCardId)),
        )
        .left_join(
            monitoring_settings::Entity,
            Expr::col((monitoring_settings::Entity, monitoring_settings::Column::OrganizationId))
                .equals((a, assignment::Column::OrganizationId)),
        )
        .and_where(Expr::col((a, assignment::Column::EndedAt)).is_null())
        .and_where(Expr::col((a, assignment::Column::StartDate)).lte(latest))
        .and_where(
            Expr::col((a, assignment::Column::UntilDate))
                .is_null()
                .or(Expr::col((a, assignment::Column::UntilDate)).gte(earliest)),
        )
        .and_where(Expr::col((questionnaire::Entity, questionnaire::Column::ArchivedAt)).is_null())
        .and_where(Expr::col((patient_card::Entity, patient_card::Column::Status)).is_in(open_statuses()))
        .to_owned();
    let mut due = Vec::new();
    for row in conn.query_all(&q).await? {
        let id: Uuid = row.try_get("", "id")?;
        let schedule: String = row.try_get("", "schedule")?;
        let org_zone: String = row.try_get("", "org_zone")?;
        let own_zone: Option<String> = row.try_get("", "own_zone")?;
        let hour: Option<i32> = row.try_get("", "reminder_hour")?;
        let tz = monitoring::zone(&org_zone, own_zone.as_deref());
        let local = now.with_timezone(&tz);
        let hour = hour.and_then(|h| u32::try_from(h).ok()).unwrap_or(u32::from(DEFAULT_REMINDER_HOUR));
        if local.hour() < hour {
            continue;
        }
        let Ok(schedule) = serde_json::from_str::<common::questionnaire::Schedule>(&schedule) else {
            tracing::warn!(assignment.id = %id, "unreadable schedule; no reminder");
            continue;
        };
        let today = local.date_naive();
        if schedule.occurs_on(today) {
            due.push((id, today));
        }
    }
    let done = answered(conn, &due).await?;
    due.retain(|d| !done.contains(d));
    Ok(due)
}

fn remind_job(assignment_id: Uuid, day: NaiveDate, now: DateTime<Utc>) -> Result<NewJob, db::sea_orm::DbErr> {
    let job = NewJob::of(&Remind { assignment_id, day }, now)?;
    Ok(NewJob { max_attempts: 5, ..job }.idempotency_key(format!("{}:{assignment_id}:{day}", Remind::KIND)))
}

/// Queues the reminders due at `now` (each once a day, by its idempotency key) in batches;
/// returns how many were new.
pub async fn sweep(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let due = due_now(&state.db, now).await?;
    let mut queued = 0;
    for chunk in due.chunks(200) {
        let jobs = chunk.iter().map(|(a, d)| remind_job(*a, *d, now)).collect::<Result<Vec<_>, _>>()?;
        queued += enqueue_many(&state.db, jobs, now).await?;
    }
    if queued > 0 {
        tracing::info!(reminders = queued, "questionnaire reminders queued");
        state.jobs_notify.notify_one();
    }
    Ok(queued)
}

/// Sends one reminder, unless it no longer applies: the assignment ended, the questionnaire
/// was archived, the day passed in the patient's zone, it was answered, or he was already
/// reminded of this questionnaire today (a job run again after a crash).
pub async fn remind(state: &AppState, assignment_id: Uuid, day: NaiveDate, now: DateTime<Utc>) -> anyhow::Result<bool> {
    let txn = db::begin_write(&state.db).await?;
    let Some(a) = assignment::Entity::find_by_id(assignment_id).one(&txn).await? else { return Ok(false) };
    let q = questionnaire::Entity::find_by_id(a.questionnaire_id).one(&txn).await?;
    let card = patient_card::Entity::find_by_id(a.patient_card_id).one(&txn).await?;
    let org = organization::Entity::find_by_id(a.organization_id).one(&txn).await?;
    let (Some(q), Some(card), Some(org)) = (q, card, org) else { return Ok(false) };
    if a.ended_at.is_some() || q.archived_at.is_some() || !open_statuses().contains(&card.status.as_str()) {
        return Ok(false);
    }
    let (tz, today) = monitoring::patient_today(&txn, &org, card.id, now).await?;
    if today != day || !schedule_of(&a)?.occurs_on(day) || !answered(&txn, &[(a.id, day)]).await?.is_empty() {
        return Ok(false);
    }
    let locale = match card.account_id {
        Some(acc) => account::Entity::find_by_id(acc).one(&txn).await?.and_then(|x| Locale::parse(&x.locale)),
        None => None,
    }
    .unwrap_or_default();
    let title = questionnaires::title_of(&q).get(locale).to_owned();
    let day_start = day
        .and_hms_opt(0, 0, 0)
        .and_then(|t| tz.from_local_datetime(&t).earliest())
        .map_or(now - Duration::days(1), |t| t.with_timezone(&Utc));
    let already = notification::Entity::find()
        .filter(notification::Column::PatientCardId.eq(card.id))
        .filter(notification::Column::Kind.eq(NotificationKind::QuestionnaireDue.as_str()))
        .filter(notification::Column::Subject.eq(title.as_str()))
        .filter(notification::Column::CreatedAt.gte(day_start))
        .count(&txn)
        .await?;
    if already > 0 {
        return Ok(false);
    }
    let notice =
        Notice { kind: NotificationKind::QuestionnaireDue, subject: &title, link: Some(LINK.to_owned()), email: true };
    notify(&txn, &state.settings.base_url, &card, notice, now).await?;
    let event = AuditEvent::system(org.id, AuditAction::MonitoringRemind, "assignment", now)
        .entity_id(a.id)
        .patients([card.id]);
    audit::record(&txn, event).await?;
    txn.commit().await?;
    state.jobs_notify.notify_one();
    Ok(true)
}

impl Job for Sweep {
    const KIND: &'static str = "monitoring.reminders";

    async fn run(self, state: &AppState, job: &job::Model) -> anyhow::Result<()> {
        // A job runs only once due, so its due time is a lower bound of "now".
        let now = std::cmp::max(state.clock.now(), job.run_at);
        sweep(state, now).await.map(|_| ())
    }
}

impl Job for Remind {
    const KIND: &'static str = "monitoring.remind";

    async fn run(self, state: &AppState, job: &job::Model) -> anyhow::Result<()> {
        let now = std::cmp::max(state.clock.now(), job.run_at);
        let sent = remind(state, self.assignment_id, self.day, now).await?;
        tracing::info!(assignment.id = %self.assignment_id, sent, "questionnaire reminder");
        Ok(())
    }
}
