//! Assignments' due days and submissions (MON-2, MON-3, MON-5, MON-6).
//!
//! A submission is one transaction: the "entered by patient" record entry, the submission, one
//! observation per numeric answer, and the alert rules evaluated on them — a submission is never
//! stored without its alerts, nor an alert without its submission. Live events go out after the
//! commit.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use common::alerts::{AlertRule, Firing, RuleKind, evaluate};
use common::audit::AuditAction;
use common::ids::{AssignmentId, EntryId, PatientId, QuestionnaireId, SubmissionId};
use common::monitoring::{AssignmentDto, SubmissionDto, SubmissionInput, SubmissionResultDto};
use common::page::{Page, PageParams};
use common::questionnaire::{Answer, Definition, Schedule};
use common::record::{ENTRY_BODY_MAX, ENTRY_TITLE_MAX, EntryKind, EntryStatus};
use common::templates::Purpose;
use common::{ErrorCode, FieldError, Locale};
use db::entities::{
    account, alert, assignment, membership, observation, organization, patient_card, questionnaire, submission,
};
use db::sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr,
    sea_query::{Expr, Func},
};
use uuid::Uuid;

use crate::auth::Patient;
use crate::domains::monitoring::alerts::{self, Change};
use crate::domains::monitoring::questionnaires;
use crate::domains::monitoring::service::{self as monitoring, local_day, parse_json, to_json};
use crate::http::error::{ApiError, ApiResult};
use crate::platform::audit;
use crate::state::AppState;

pub fn schedule_of(a: &assignment::Model) -> ApiResult<Schedule> {
    parse_json(&a.schedule, "assignment schedule")
}

/// The active assignments of a card (not ended), oldest first.
pub async fn active_assignments(conn: &impl ConnectionTrait, card: Uuid) -> ApiResult<Vec<assignment::Model>> {
    Ok(assignment::Entity::find()
        .filter(assignment::Column::PatientCardId.eq(card))
        .filter(assignment::Column::EndedAt.is_null())
        .order_by_asc(assignment::Column::CreatedAt)
        .all(conn)
        .await?)
}

/// The latest due day of `a` on or before `today` — for an ended assignment, on or before the
/// day it ended.
pub fn last_due(a: &assignment::Model, schedule: &Schedule, tz: chrono_tz::Tz, today: NaiveDate) -> Option<NaiveDate> {
    let upto = a.ended_at.map_or(today, |t| local_day(tz, t).min(today));
    schedule.last_on_or_before(upto)
}

/// Which `(assignment, due day)` pairs were answered (one query per 500 pairs).
pub async fn answered(
    conn: &impl ConnectionTrait,
    days: &[(Uuid, NaiveDate)],
) -> ApiResult<HashSet<(Uuid, NaiveDate)>> {
    let mut out = HashSet::new();
    for chunk in days.chunks(500) {
        let ids: Vec<Uuid> = chunk.iter().map(|(a, _)| *a).collect();
        let Some(earliest) = chunk.iter().map(|(_, d)| *d).min() else { continue };
        let rows: Vec<(Option<Uuid>, Option<NaiveDate>)> = submission::Entity::find()
            .select_only()
            .column(submission::Column::AssignmentId)
            .column(submission::Column::DueOn)
            .filter(submission::Column::AssignmentId.is_in(ids))
            .filter(submission::Column::DueOn.gte(earliest))
            .into_tuple()
            .all(conn)
            .await?;
        let wanted: HashSet<&(Uuid, NaiveDate)> = chunk.iter().collect();
        out.extend(rows.into_iter().filter_map(|(a, d)| Some((a?, d?))).filter(|p| wanted.contains(p)));
    }
    Ok(out)
}

/// Assignments as the API shows them, with their latest due day and whether it was answered.
pub async fn assignment_dtos(
    conn: &impl ConnectionTrait,
    rows: &[assignment::Model],
    tz: chrono_tz::Tz,
    today: NaiveDate,
) -> ApiResult<Vec<AssignmentDto>> {
    let ids: Vec<Uuid> = rows.iter().map(|a| a.questionnaire_id).collect();
    let qs: HashMap<Uuid, questionnaire::Model> = questionnaire::Entity::find()
        .filter(questionnaire::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|q| (q.id, q))
        .collect();
    let mut parsed = Vec::with_capacity(rows.len());
    for a in rows {
        let schedule = schedule_of(a)?;
        let due = last_due(a, &schedule, tz, today);
        parsed.push((a, schedule, due));
    }
    let days: Vec<(Uuid, NaiveDate)> = parsed.iter().filter_map(|(a, _, d)| Some((a.id, (*d)?))).collect();
    let done = answered(conn, &days).await?;
    parsed
        .into_iter()
        .map(|(a, schedule, due)| {
            let q = qs.get(&a.questionnaire_id).ok_or_else(|| monitoring::corrupt("assignment"))?;
            Ok(AssignmentDto {
                id: AssignmentId(a.id),
                patient_id: PatientId(a.patient_card_id),
                questionnaire_id: QuestionnaireId(a.questionnaire_id),
                title: questionnaires::title_of(q),
                schedule,
                assigned_by_name: a.assigned_by_name.clone(),
                created_at: a.created_at,
                ended_at: a.ended_at,
                last_due: due,
                last_due_answered: due.is_some_and(|d| done.contains(&(a.id, d))),
            })
        })
        .collect()
}

/// Submissions as the API shows them, each with the definition of the version it answered.
pub async fn submission_dtos(conn: &impl ConnectionTrait, rows: &[submission::Model]) -> ApiResult<Vec<SubmissionDto>> {
    let versions: Vec<Uuid> = rows.iter().map(|s| s.version_id).collect::<HashSet<_>>().into_iter().collect();
    let defs = questionnaires::definitions(conn, versions).await?;
    rows.iter()
        .map(|s| {
            let (version, def) = defs.get(&s.version_id).ok_or_else(|| monitoring::corrupt("submission version"))?;
            Ok(SubmissionDto {
                id: SubmissionId(s.id),
                questionnaire_id: QuestionnaireId(s.questionnaire_id),
                version: *version,
                title: def.title.clone(),
                answers: parse_json(&s.answers, "answers")?,
                definition: Some(def.clone()),
                submitted_at: s.submitted_at,
                local_date: s.local_date,
                answers_due: s.due_on,
                entry_id: EntryId(s.entry_id),
            })
        })
        .collect()
}

/// A page of a card's submissions (of one questionnaire, if named), newest first
/// (`ix_submissions_card_time`).
pub async fn page(
    conn: &impl ConnectionTrait,
    card: Uuid,
    questionnaire: Option<QuestionnaireId>,
    p: PageParams,
) -> ApiResult<Page<SubmissionDto>> {
    let mut query = submission::Entity::find().filter(submission::Column::PatientCardId.eq(card));
    if let Some(qid) = questionnaire {
        query = query.filter(submission::Column::QuestionnaireId.eq(qid.0));
    }
    let total = query.clone().count(conn).await?;
    let rows = query
        .order_by_desc(submission::Column::SubmittedAt)
        .order_by_desc(submission::Column::Id)
        .offset(p.offset())
        .limit(u64::from(p.per_page))
        .all(conn)
        .await?;
    let items = submission_dtos(conn, &rows).await?;
    Ok(Page { items, page: p.page, per_page: p.per_page, total })
}

/// What the rules compare a value with: for a worsening rule the card's previous value of the
/// item, for a drop rule its highest value in the rule's window — both before this submission.
async fn references(
    conn: &impl ConnectionTrait,
    card: Uuid,
    submission: Uuid,
    rules: &[AlertRule],
    values: &[(String, f64)],
    now: DateTime<Utc>,
) -> ApiResult<HashMap<(String, String), f64>> {
    let mut previous: HashMap<String, Option<f64>> = HashMap::new();
    let mut out = HashMap::new();
    for rule in rules.iter().filter(|r| r.enabled) {
        for (code, _) in values.iter().filter(|(c, _)| rule.watches(c)) {
            let reference = match rule.kind {
                RuleKind::Worsening { .. } => match previous.get(code) {
                    Some(v) => *v,
                    None => {
                        let v: Option<f64> = observation::Entity::find()
                            .select_only()
                            .column(observation::Column::Value)
                            .filter(observation::Column::PatientCardId.eq(card))
                            .filter(observation::Column::Code.eq(code.as_str()))
                            .filter(observation::Column::At.lte(now))
                            .filter(observation::Column::SubmissionId.ne(submission))
                            .order_by_desc(observation::Column::At)
                            .order_by_desc(observation::Column::Id)
                            .into_tuple()
                            .one(conn)
                            .await?;
                        previous.insert(code.clone(), v);
                        v
                    }
                },
                RuleKind::Drop { days, .. } => {
                    let since = now - Duration::days(i64::from(days));
                    let max: Option<Option<f64>> = observation::Entity::find()
                        .select_only()
                        .expr(Func::max(Expr::col(observation::Column::Value)))
                        .filter(observation::Column::PatientCardId.eq(card))
                        .filter(observation::Column::Code.eq(code.as_str()))
                        .filter(observation::Column::At.gte(since))
                        .filter(observation::Column::At.lte(now))
                        .filter(observation::Column::SubmissionId.ne(submission))
                        .into_tuple()
                        .one(conn)
                        .await?;
                    max.flatten()
                }
                _ => None,
            };
            if let Some(r) = reference {
                out.insert((rule.code.clone(), code.clone()), r);
            }
        }
    }
    Ok(out)
}

/// The language of a card's own account, else of the caller's (a representative of a card
/// without an account).
async fn language(conn: &impl ConnectionTrait, card: &patient_card::Model, caller: Uuid) -> ApiResult<Locale> {
    let acc = account::Entity::find_by_id(card.account_id.unwrap_or(caller)).one(conn).await?;
    Ok(acc.and_then(|a| Locale::parse(&a.locale)).unwrap_or_default())
}

fn not_found() -> ApiError {
    ApiError::not_found()
}

/// The assignment a submission answers: the one named (an active assignment of this
/// questionnaire for this card, else 404), else the card's active assignment of the
/// questionnaire — for a diary, which is open at any time, none when it is not assigned to him;
/// for anything else none is 404 (he may not answer it).
async fn assignment_answered(
    conn: &impl ConnectionTrait,
    who: &Patient,
    q: &questionnaire::Model,
    named: Option<AssignmentId>,
) -> ApiResult<Option<assignment::Model>> {
    let base = assignment::Entity::find()
        .filter(assignment::Column::PatientCardId.eq(who.card.id))
        .filter(assignment::Column::QuestionnaireId.eq(q.id))
        .filter(assignment::Column::EndedAt.is_null());
    match named {
        Some(id) => Ok(Some(base.filter(assignment::Column::Id.eq(id.0)).one(conn).await?.ok_or_else(not_found)?)),
        None => {
            let assigned = base.order_by_asc(assignment::Column::CreatedAt).one(conn).await?;
            match assigned {
                Some(a) => Ok(Some(a)),
                None if questionnaires::purpose_of(q)? == Purpose::Diary => Ok(None),
                None => Err(not_found()),
            }
        }
    }
}

/// The kept answers, or every failing field.
fn checked_answers(def: &Definition, answers: &[Answer]) -> ApiResult<Vec<Answer>> {
    let required = || {
        ApiError::Validation(vec![FieldError {
            field: "answers".into(),
            code: "required".into(),
            message: "answer at least one item".into(),
        }])
    };
    if answers.is_empty() {
        return Err(required());
    }
    let kept = def.check_answers(answers).map_err(ApiError::Validation)?;
    if kept.is_empty() {
        return Err(required());
    }
    Ok(kept)
}

fn double_answer(e: DbErr) -> ApiError {
    if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
        ApiError::code(ErrorCode::Conflict, "This due day was answered a moment ago.")
    } else {
        ApiError::Db(e)
    }
}

/// Stores a patient's answers (see the module's notes) and returns what was stored with the
/// one action for his open alerts when a rule fired.
pub async fn submit(state: &AppState, who: &Patient, input: SubmissionInput) -> ApiResult<SubmissionResultDto> {
    let now = state.clock.now();
    let card = &who.card;
    let txn = db::begin_write(&state.db).await?;
    let q = questionnaires::find(&txn, who.org, input.questionnaire_id).await?.ok_or_else(not_found)?;
    if q.archived_at.is_some() {
        return Err(ApiError::code(ErrorCode::QuestionnaireArchived, "This questionnaire is no longer in use."));
    }
    let assigned = assignment_answered(&txn, who, &q, input.assignment_id).await?;
    let version = questionnaires::version(&txn, q.current_version_id).await?;
    let def: Definition = parse_json(&version.definition, "questionnaire")?;
    let answers = checked_answers(&def, &input.answers)?;

    alerts::lock_card(&txn, card.id).await?;
    let org = organization::Entity::find_by_id(who.org.0).one(&txn).await?.ok_or_else(not_found)?;
    let (_, today) = monitoring::patient_today(&txn, &org, card.id, now).await?;
    let due_on = match &assigned {
        None => None,
        Some(a) => match schedule_of(a)?.last_on_or_before(today) {
            Some(day) if answered(&txn, &[(a.id, day)]).await?.is_empty() => Some(day),
            _ => None,
        },
    };

    // The "entered by patient" record entry (MON-6), written as a patient's upload is.
    let locale = language(&txn, card, who.ctx.account_id.0).await?;
    let (author_name, author_role) = match who.acting_for {
        None => (card.full_name().full(), "patient"),
        Some(_) => {
            let m = membership::Entity::find_by_id(who.ctx.membership_id.0)
                .one(&txn)
                .await?
                .ok_or_else(ApiError::unauthorized)?;
            (m.full_name().full(), "representative")
        }
    };
    let entry_id = EntryId::new().0;
    let title: String = def.title.get(locale).chars().take(ENTRY_TITLE_MAX).collect();
    let body: String = def.summary(&answers, locale).chars().take(ENTRY_BODY_MAX).collect();
    db::entities::record_entry::Entity::insert(db::entities::record_entry::ActiveModel {
        id: Set(entry_id),
        organization_id: Set(who.org.0),
        patient_card_id: Set(card.id),
        kind: Set(EntryKind::Patient),
        status: Set(EntryStatus::Signed),
        occurred_on: Set(today),
        title: Set(title),
        body: Set(body),
        amends_id: Set(None),
        author_membership_id: Set(Some(who.ctx.membership_id.0)),
        author_name: Set(author_name),
        author_role: Set(author_role.to_owned()),
        signed_by: Set(None),
        signed_by_name: Set(None),
        signed_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;

    let id = SubmissionId::new().0;
    submission::Entity::insert(submission::ActiveModel {
        id: Set(id),
        organization_id: Set(who.org.0),
        patient_card_id: Set(card.id),
        questionnaire_id: Set(q.id),
        version_id: Set(version.id),
        assignment_id: Set(assigned.as_ref().map(|a| a.id)),
        due_on: Set(due_on),
        local_date: Set(today),
        answers: Set(to_json(&answers)?),
        entry_id: Set(entry_id),
        submitted_by: Set(who.ctx.membership_id.0),
        acting_for: Set(who.acting_for),
        submitted_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await
    .map_err(double_answer)?;

    let values = def.numeric_values(&answers);
    if !values.is_empty() {
        let rows = values.iter().map(|(code, value)| observation::ActiveModel {
            id: Set(Uuid::now_v7()),
            organization_id: Set(who.org.0),
            patient_card_id: Set(card.id),
            submission_id: Set(id),
            code: Set(code.clone()),
            value: Set(*value),
            at: Set(now),
        });
        observation::Entity::insert_many(rows).exec_without_returning(&txn).await?;
    }

    // The rules, in this transaction.
    let settings = monitoring::org_settings(&txn, who.org).await?;
    let rules = monitoring::rules_for(&txn, who.org, PatientId(card.id)).await?;
    let refs = references(&txn, card.id, id, &rules, &values, now).await?;
    let firings: Vec<Firing> =
        evaluate(&rules, &values, |rule, code| refs.get(&(rule.code.clone(), code.to_owned())).copied());
    let mut changes: Vec<(alert::Model, Change)> = Vec::with_capacity(firings.len());
    for firing in &firings {
        let Some(rule) = rules.iter().find(|r| r.code == firing.rule) else { continue };
        let (a, change) = alerts::apply(&txn, &settings, card, rule, firing, Some(id), now).await?;
        changes.push((a, change));
    }
    // The one action for everything open now, this submission's alerts included.
    let advice = if changes.is_empty() {
        None
    } else {
        crate::domains::monitoring::advice::open_advice(&txn, who.org, PatientId(card.id)).await?
    };
    let notifying = changes.iter().any(|(_, c)| c.notifies());
    if notifying {
        let team = alerts::care_team(&txn, card.id).await?;
        alerts::email_staff(&txn, &state.settings.base_url, who.org.0, card.id, &team, false, now).await?;
    }
    audit::record(&txn, who.audit(AuditAction::MonitoringSubmit, "submission", now).entity_id(id)).await?;
    txn.commit().await?;
    if notifying {
        // Emails to send, and an escalation to schedule for a new alert.
        state.jobs_notify.notify_one();
    }
    for (a, change) in &changes {
        if let Some(kind) = change.live_kind() {
            alerts::publish(state, card, a, kind).await;
        }
    }
    tracing::info!(
        org.id = %who.org,
        patient.id = %card.id,
        submission.id = %id,
        alerts = changes.len(),
        "submission stored"
    );
    let stored = SubmissionDto {
        id: SubmissionId(id),
        questionnaire_id: QuestionnaireId(q.id),
        version: version.version,
        title: def.title.clone(),
        answers,
        definition: Some(def),
        submitted_at: now,
        local_date: today,
        answers_due: due_on,
        entry_id: EntryId(entry_id),
    };
    Ok(SubmissionResultDto { submission: stored, advice })
}
