//! Alerts (MON-5): a rule that fired opens one alert per patient and rule; while it is open,
//! new values join it, and a worse value notifies again. Everything here runs inside the
//! caller's transaction — a submission is never stored without its alerts, nor an alert
//! without its submission. Live events go out after the commit ([`publish`]).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use common::Locale;
use common::alerts::{AlertRule, Firing};
use common::auth::{MembershipStatus, Role};
use common::ids::{AlertId, MembershipId, OrganizationId, PatientId};
use common::monitoring::{AlertDto, AlertState, AlertStatus, LiveEvent, LiveEventKind, PatientWordsDto};
use common::questionnaire::{Answer, AnswerValue, Definition, I18nText};
use db::entities::{
    account, alert, alert_event, assistant_doctor, doctor_patient, membership, organization, patient_card,
    questionnaire, questionnaire_version, submission,
};
use db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder,
    Statement,
};
use uuid::Uuid;

use super::escalation::EscalateAlert;
use crate::domains::monitoring::service::{OrgMonitoring, parse_json};
use crate::http::error::ApiResult;
use crate::platform::email::outbox::{EmailRequest, queue_email};
use crate::platform::email::templates::Template;
use crate::platform::jobs::{Job, NewJob, enqueue};
use crate::state::AppState;

/// What a firing did to the patient's alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A new alert: notify.
    Opened,
    /// A worse value joined an open alert: notify again.
    Worse,
    /// A value joined an open alert and was not worse: no notification.
    Joined,
}

impl Change {
    pub fn notifies(self) -> bool {
        self != Self::Joined
    }

    pub fn live_kind(self) -> Option<LiveEventKind> {
        match self {
            Self::Opened => Some(LiveEventKind::AlertOpened),
            Self::Worse => Some(LiveEventKind::AlertWorse),
            Self::Joined => None,
        }
    }
}

/// Serializes changes to one patient's alerts: on PostgreSQL the card's row is locked until
/// the transaction ends (SQLite runs one writer at a time anyway). Call it first in a
/// transaction that may open alerts, so two submissions at once never open two alerts of one
/// rule — the partial unique index `ux_alerts_open_rule` is the last line of defence.
pub async fn lock_card(conn: &impl ConnectionTrait, card: Uuid) -> ApiResult<()> {
    if conn.get_database_backend() == DbBackend::Postgres {
        conn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT id FROM patient_cards WHERE id = $1 FOR UPDATE",
            [card.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Applies one firing of `rule` to the card's alerts: opens an alert (and schedules its
/// escalation) or joins the open one, raising its worst value when this one is worse.
pub async fn apply(
    conn: &impl ConnectionTrait,
    settings: &OrgMonitoring,
    card: &patient_card::Model,
    rule: &AlertRule,
    firing: &Firing,
    submission: Option<Uuid>,
    now: DateTime<Utc>,
) -> ApiResult<(alert::Model, Change)> {
    let open = alert::Entity::find()
        .filter(alert::Column::PatientCardId.eq(card.id))
        .filter(alert::Column::Rule.eq(&rule.code))
        .filter(alert::Column::Status.eq(AlertStatus::Open.as_str()))
        .one(conn)
        .await?;
    let (model, change) = match open {
        None => {
            let id = AlertId::new().0;
            let m = alert::ActiveModel {
                id: Set(id),
                organization_id: Set(card.organization_id),
                patient_card_id: Set(card.id),
                rule: Set(rule.code.clone()),
                rule_kind: Set(rule.kind.name().to_owned()),
                item: Set(firing.item.clone()),
                status: Set(AlertStatus::Open),
                opened_at: Set(now),
                first_value: Set(firing.value),
                worst_value: Set(firing.value),
                last_value: Set(firing.value),
                reference: Set(firing.reference),
                worst_severity: Set(firing.severity),
                last_at: Set(now),
                values_count: Set(1),
                notified: Set(1),
                acknowledged_at: Set(None),
                acknowledged_by: Set(None),
                acknowledged_by_name: Set(None),
                note: Set(None),
                patient_note: Set(None),
                acknowledged_by_role: Set(None),
                urgency: Set(rule.urgency_at(firing.severity)),
                taken_by: Set(None),
                taken_by_name: Set(None),
                taken_at: Set(None),
                escalated_at: Set(None),
                escalated_to: Set(None),
                escalated_to_name: Set(None),
            }
            .insert(conn)
            .await?;
            if settings.covering_doctor_id.is_some() {
                let run_at = now + Duration::minutes(i64::from(settings.escalation_minutes));
                let job = NewJob::of(&EscalateAlert { alert_id: id }, run_at)?
                    .idempotency_key(format!("{}:{id}", EscalateAlert::KIND));
                enqueue(conn, job, now).await?;
            }
            (m, Change::Opened)
        }
        Some(a) => {
            let worse = firing.severity > a.worst_severity;
            let values = a.values_count + 1;
            let notified = a.notified + i32::from(worse);
            let urgency = a.urgency.max(rule.urgency_at(firing.severity));
            let mut am: alert::ActiveModel = a.into();
            am.urgency = Set(urgency);
            am.last_value = Set(firing.value);
            am.last_at = Set(now);
            am.values_count = Set(values);
            if worse {
                am.worst_value = Set(firing.value);
                am.worst_severity = Set(firing.severity);
                am.reference = Set(firing.reference);
                am.item = Set(firing.item.clone());
                am.notified = Set(notified);
            }
            (am.update(conn).await?, if worse { Change::Worse } else { Change::Joined })
        }
    };
    let kind = match change {
        Change::Opened => "opened",
        Change::Worse => "worse",
        Change::Joined => "joined",
    };
    event(conn, model.id, submission, kind, &firing.item, Some(firing.value), now).await?;
    Ok((model, change))
}

/// Appends to an alert's history.
pub async fn event(
    conn: &impl ConnectionTrait,
    alert: Uuid,
    submission: Option<Uuid>,
    kind: &str,
    item: &str,
    value: Option<f64>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    alert_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        alert_id: Set(alert),
        submission_id: Set(submission),
        kind: Set(kind.to_owned()),
        item: Set(item.to_owned()),
        value: Set(value),
        at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The active doctors assigned to the card and the active assistants of those doctors.
pub async fn care_team(conn: &impl ConnectionTrait, card: Uuid) -> ApiResult<Vec<membership::Model>> {
    let doctors: Vec<Uuid> = doctor_patient::Entity::find()
        .filter(doctor_patient::Column::PatientCardId.eq(card))
        .all(conn)
        .await?
        .into_iter()
        .map(|d| d.doctor_id)
        .collect();
    if doctors.is_empty() {
        return Ok(Vec::new());
    }
    let assistants: Vec<Uuid> = assistant_doctor::Entity::find()
        .filter(assistant_doctor::Column::DoctorId.is_in(doctors.clone()))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.assistant_id)
        .collect();
    let ids: Vec<Uuid> = doctors.into_iter().chain(assistants).collect();
    Ok(membership::Entity::find()
        .filter(membership::Column::Id.is_in(ids))
        .filter(membership::Column::Status.eq(MembershipStatus::Active.as_str()))
        .all(conn)
        .await?)
}

/// Queues the alert email to each of `to` (by his account's address and language), through
/// `conn`, the change's transaction. The email names no patient and no value.
pub async fn email_staff(
    conn: &impl ConnectionTrait,
    base_url: &str,
    org: Uuid,
    patient: Uuid,
    to: &[membership::Model],
    escalated: bool,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let accounts: Vec<Uuid> = to.iter().filter_map(|m| m.account_id).collect();
    if accounts.is_empty() {
        return Ok(());
    }
    let organization = organization::Entity::find_by_id(org).one(conn).await?.map(|o| o.name).unwrap_or_default();
    // The patient's page for staff opens on its overview: open alerts first.
    let link = format!("{}/staff/patients/{patient}", base_url.trim_end_matches('/'));
    for acc in account::Entity::find().filter(account::Column::Id.is_in(accounts)).all(conn).await? {
        let req = EmailRequest {
            organization_id: Some(OrganizationId(org)),
            to: acc.email.clone(),
            locale: Locale::parse(&acc.locale).unwrap_or_default(),
            template: Template::StaffAlert { organization: organization.clone(), link: link.clone(), escalated },
        };
        queue_email(conn, base_url, req, now).await?;
    }
    Ok(())
}

/// Item labels and units by code, from the current versions of the organization's
/// questionnaires (the built-in ones first, so their labels win a shared code).
pub async fn item_labels(conn: &impl ConnectionTrait, org: Uuid) -> ApiResult<Labels> {
    let qs = db::Org::new(org).find::<questionnaire::Entity>().all(conn).await?;
    let mut qs = qs;
    qs.sort_by_key(|q| (q.template.is_none(), q.created_at));
    let ids: Vec<Uuid> = qs.iter().map(|q| q.current_version_id).collect();
    let versions: HashMap<Uuid, questionnaire_version::Model> = questionnaire_version::Entity::find()
        .filter(questionnaire_version::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let mut out = HashMap::new();
    for q in &qs {
        let Some(v) = versions.get(&q.current_version_id) else { continue };
        let def: Definition = parse_json(&v.definition, "questionnaire")?;
        for item in def.items {
            out.entry(item.code.clone()).or_insert_with(|| (item.label.clone(), item.unit.clone(), item));
        }
    }
    Ok(out)
}

/// Item labels by code: see [`item_labels`].
pub type Labels = HashMap<String, (I18nText, Option<String>, common::questionnaire::Item)>;

/// What showing an organization's alerts needs besides the rows: item labels, and how long an
/// open alert waits before it escalates (none: the organization set no covering doctor).
pub struct AlertContext {
    pub labels: Labels,
    pub escalate_after: Option<Duration>,
}

impl AlertContext {
    pub async fn load(conn: &impl ConnectionTrait, org: OrganizationId) -> ApiResult<Self> {
        let settings = crate::domains::monitoring::service::org_settings(conn, org).await?;
        Ok(Self {
            labels: item_labels(conn, org.0).await?,
            escalate_after: settings
                .covering_doctor_id
                .map(|_| Duration::minutes(i64::from(settings.escalation_minutes))),
        })
    }

    /// Why an alert is open, for a row of the monitoring list.
    pub fn reason(&self, a: &alert::Model) -> common::monitoring::AlertReasonDto {
        let label = self.labels.get(&a.item);
        common::monitoring::AlertReasonDto {
            alert_id: AlertId(a.id),
            rule: a.rule.clone(),
            rule_kind: a.rule_kind.clone(),
            item: a.item.clone(),
            item_label: label.map(|l| l.0.clone()),
            unit: label.and_then(|l| l.1.clone()),
            value: a.worst_value,
            reference: a.reference,
            urgency: a.urgency,
            opened_at: a.opened_at,
        }
    }
}

/// An alert as the API shows it.
pub fn alert_dto(a: &alert::Model, patient_name: &str, ctx: &AlertContext) -> AlertDto {
    let label = ctx.labels.get(&a.item);
    let open = a.status == AlertStatus::Open;
    AlertDto {
        id: AlertId(a.id),
        patient_id: PatientId(a.patient_card_id),
        patient_name: patient_name.to_owned(),
        rule: a.rule.clone(),
        rule_kind: a.rule_kind.clone(),
        item: a.item.clone(),
        item_label: label.map(|l| l.0.clone()),
        unit: label.and_then(|l| l.1.clone()),
        status: a.status,
        opened_at: a.opened_at,
        first_value: a.first_value,
        worst_value: a.worst_value,
        last_value: a.last_value,
        reference: a.reference,
        last_at: a.last_at,
        values: u32::try_from(a.values_count).unwrap_or(0),
        notified: u32::try_from(a.notified).unwrap_or(0),
        acknowledged_at: a.acknowledged_at,
        acknowledged_by_name: a.acknowledged_by_name.clone(),
        note: a.note.clone(),
        patient_note: a.patient_note.clone(),
        time_to_ack_secs: a.acknowledged_at.map(|t| (t - a.opened_at).num_seconds()),
        escalated_at: a.escalated_at,
        escalated_to_name: a.escalated_to_name.clone(),
        escalates_at: ctx.escalate_after.filter(|_| open && a.escalated_at.is_none()).map(|d| a.opened_at + d),
        urgency: a.urgency,
        state: AlertState::of(a.status, a.taken_by.is_some()),
        taken_by: a.taken_by.map(MembershipId),
        taken_by_name: a.taken_by_name.clone(),
        taken_at: a.taken_at,
        patient_words: Vec::new(),
    }
}

/// The patient's own words behind each alert: the free-text answers of the latest submission
/// that joined it (silence has none). Three batched queries for any number of alerts.
pub async fn patient_words(
    conn: &impl ConnectionTrait,
    labels: &Labels,
    alerts: &[Uuid],
) -> ApiResult<HashMap<Uuid, Vec<PatientWordsDto>>> {
    if alerts.is_empty() {
        return Ok(HashMap::new());
    }
    let events = alert_event::Entity::find()
        .filter(alert_event::Column::AlertId.is_in(alerts.iter().copied()))
        .filter(alert_event::Column::SubmissionId.is_not_null())
        .order_by_desc(alert_event::Column::At)
        .all(conn)
        .await?;
    let mut latest: HashMap<Uuid, Uuid> = HashMap::new();
    for e in &events {
        if let Some(sub) = e.submission_id {
            latest.entry(e.alert_id).or_insert(sub);
        }
    }
    if latest.is_empty() {
        return Ok(HashMap::new());
    }
    let subs: HashMap<Uuid, submission::Model> = submission::Entity::find()
        .filter(submission::Column::Id.is_in(latest.values().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let mut out = HashMap::new();
    for (alert_id, sub_id) in latest {
        let Some(sub) = subs.get(&sub_id) else { continue };
        let answers: Vec<Answer> = parse_json(&sub.answers, "answers")?;
        let words: Vec<PatientWordsDto> = answers
            .into_iter()
            .filter_map(|a| match a.value {
                AnswerValue::Text(text) if labels.get(&a.code).is_some_and(|l| is_free_text(&l.2)) => {
                    Some(PatientWordsDto {
                        label: labels.get(&a.code).map(|l| l.0.clone()),
                        item: a.code,
                        text,
                        at: sub.submitted_at,
                    })
                }
                _ => None,
            })
            .collect();
        if !words.is_empty() {
            out.insert(alert_id, words);
        }
    }
    Ok(out)
}

/// Whether an item's text answers are the patient's own words (not an option code or a date).
fn is_free_text(item: &common::questionnaire::Item) -> bool {
    item.kind == common::questionnaire::ItemKind::Text
}

/// Fills each alert's [`AlertDto::patient_words`].
pub async fn with_patient_words(conn: &impl ConnectionTrait, labels: &Labels, dtos: &mut [AlertDto]) -> ApiResult<()> {
    let ids: Vec<Uuid> = dtos.iter().map(|d| d.id.0).collect();
    let mut words = patient_words(conn, labels, &ids).await?;
    for d in dtos {
        d.patient_words = words.remove(&d.id.0).unwrap_or_default();
    }
    Ok(())
}

/// Sends an alert's live event to every process. Call after the transaction committed.
pub async fn publish(state: &AppState, card: &patient_card::Model, a: &alert::Model, kind: LiveEventKind) {
    let ctx = match AlertContext::load(&state.db, OrganizationId(card.organization_id)).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = ?e, "live event without item labels");
            AlertContext { labels: HashMap::new(), escalate_after: None }
        }
    };
    state.live.publish(make_envelope(&state.db, card, a, kind, &ctx).await).await;
}

async fn make_envelope(
    conn: &impl ConnectionTrait,
    card: &patient_card::Model,
    a: &alert::Model,
    kind: LiveEventKind,
    ctx: &AlertContext,
) -> crate::platform::live::Envelope {
    let mut alert = [alert_dto(a, &card.full_name().full(), ctx)];
    if let Err(e) = with_patient_words(conn, &ctx.labels, &mut alert).await {
        tracing::warn!(error = ?e, "live event without the patient's words");
    }
    let [alert] = alert;
    crate::platform::live::Envelope {
        organization_id: card.organization_id,
        patient_card_id: card.id,
        escalated_to: a.escalated_to,
        event: LiveEvent { kind, alert },
    }
}

/// The live event of an alert as it is now, loaded by id (a listener that was sent only the
/// id because the whole event was too big for a notification). `None` if it is gone.
pub async fn envelope(
    conn: &impl ConnectionTrait,
    alert_id: Uuid,
    kind: LiveEventKind,
) -> ApiResult<Option<crate::platform::live::Envelope>> {
    let Some(a) = alert::Entity::find_by_id(alert_id).one(conn).await? else { return Ok(None) };
    let Some(card) = patient_card::Entity::find_by_id(a.patient_card_id).one(conn).await? else { return Ok(None) };
    let ctx = AlertContext::load(conn, OrganizationId(card.organization_id)).await?;
    Ok(Some(make_envelope(conn, &card, &a, kind, &ctx).await))
}

/// The alerts a clinician may see, as a condition on `alerts`: of his organization, and of his
/// patients (an assistant: his doctors' patients) or escalated to him (`me`, his membership).
pub fn visible_condition(
    org: OrganizationId,
    scope: crate::auth::PatientScope,
    me: MembershipId,
) -> db::sea_orm::Condition {
    use db::sea_orm::Condition;
    let mut mine = Condition::any().add(alert::Column::EscalatedTo.eq(me.0));
    if let Some(sub) = crate::auth::scope::scope_subquery(scope) {
        mine = mine.add(alert::Column::PatientCardId.in_subquery(sub));
    }
    Condition::all().add(db::Org::new(org).owns::<alert::Entity>()).add(mine)
}

/// Whether a membership is a clinician who may see alerts (doctor or assistant).
pub fn is_clinician(m: &membership::Model) -> bool {
    matches!(m.role, Role::Doctor | Role::Assistant)
}

/// The name the alert keeps for who acknowledged or was escalated to.
pub fn staff_name(m: &membership::Model) -> String {
    m.full_name().full()
}
