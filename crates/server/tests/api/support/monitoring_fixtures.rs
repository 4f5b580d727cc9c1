//! Helpers for the monitoring tests: the built-in questionnaires of an organization, and
//! submissions, observations, assignments and alerts written straight through the entities
//! and services — the same rows and the same `services::alerts::apply` path a patient's
//! submission takes — so the staff side is tested on its own.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use common::alerts::AlertRule;
use common::ids::PatientId;
use common::monitoring::AlertDto;
use common::questionnaire::{Answer, AnswerValue, Schedule};
use db::entities::{alert, assignment, observation, patient_card, questionnaire, questionnaire_version, submission};
use db::sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use reqwest::Response;
use server::domains::monitoring::alerts::{self, Change};
use server::domains::monitoring::service::{local_day, org_settings, rules_for, zone};
use uuid::Uuid;

use crate::support::accounts::*;
use crate::support::app::TestApp;

/// A questionnaire's ids: `(questionnaire, current version)`.
pub type Q = (Uuid, Uuid);

/// The built-in questionnaires of `org` by code (`esas_r`, `vitals`, …), created if missing.
pub async fn templates(app: &TestApp, org: Uuid) -> HashMap<&'static str, Q> {
    let db = &app.state.db;
    let now = app.state.clock.now();
    let mut out = HashMap::new();
    for t in common::templates::all() {
        let found = questionnaire::Entity::find()
            .filter(questionnaire::Column::OrganizationId.eq(org))
            .filter(questionnaire::Column::Code.eq(t.code))
            .one(db)
            .await
            .unwrap();
        let ids = match found {
            Some(q) => (q.id, q.current_version_id),
            None => {
                let (qid, vid) = (Uuid::now_v7(), Uuid::now_v7());
                questionnaire::ActiveModel {
                    id: Set(qid),
                    organization_id: Set(org),
                    code: Set(t.code.to_owned()),
                    purpose: Set(t.purpose.as_str().to_owned()),
                    template: Set(Some(t.code.to_owned())),
                    title_ru: Set(t.definition.title.ru.clone()),
                    title_en: Set(t.definition.title.en.clone()),
                    item_count: Set(i32::try_from(t.definition.items.len()).unwrap()),
                    current_version: Set(1),
                    current_version_id: Set(vid),
                    archived_at: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                }
                .insert(db)
                .await
                .unwrap();
                questionnaire_version::ActiveModel {
                    id: Set(vid),
                    questionnaire_id: Set(qid),
                    version: Set(1),
                    definition: Set(serde_json::to_string(&t.definition).unwrap()),
                    created_by: Set(None),
                    created_at: Set(now),
                }
                .insert(db)
                .await
                .unwrap();
                (qid, vid)
            }
        };
        out.insert(t.code, ids);
    }
    out
}

pub async fn card(app: &TestApp, id: PatientId) -> patient_card::Model {
    patient_card::Entity::find_by_id(id.0).one(&app.state.db).await.unwrap().unwrap()
}

/// A submission of `q` with these numeric answers at `at` (and its observations), answering
/// `due` (an assignment's due day) if given. Returns its id.
pub async fn submit(
    app: &TestApp,
    patient: PatientId,
    q: Q,
    values: &[(&str, f64)],
    at: DateTime<Utc>,
    due: Option<(Uuid, NaiveDate)>,
) -> Uuid {
    let db = &app.state.db;
    let c = card(app, patient).await;
    let org = db::entities::organization::Entity::find_by_id(c.organization_id).one(db).await.unwrap().unwrap();
    let answers: Vec<Answer> =
        values.iter().map(|(code, v)| Answer { code: (*code).to_owned(), value: AnswerValue::Number(*v) }).collect();
    let id = Uuid::now_v7();
    submission::ActiveModel {
        id: Set(id),
        organization_id: Set(c.organization_id),
        patient_card_id: Set(c.id),
        questionnaire_id: Set(q.0),
        version_id: Set(q.1),
        assignment_id: Set(due.map(|d| d.0)),
        due_on: Set(due.map(|d| d.1)),
        local_date: Set(local_day(zone(&org.time_zone, None), at)),
        answers: Set(serde_json::to_string(&answers).unwrap()),
        entry_id: Set(Uuid::now_v7()),
        submitted_by: Set(c.account_id.unwrap_or_else(Uuid::now_v7)),
        acting_for: Set(None),
        submitted_at: Set(at),
    }
    .insert(db)
    .await
    .unwrap();
    for (code, v) in values {
        observation::ActiveModel {
            id: Set(Uuid::now_v7()),
            organization_id: Set(c.organization_id),
            patient_card_id: Set(c.id),
            submission_id: Set(id),
            code: Set((*code).to_owned()),
            value: Set(*v),
            at: Set(at),
        }
        .insert(db)
        .await
        .unwrap();
    }
    id
}

/// Assigns `q` to the patient with `schedule`, as if a doctor did at `at`. Returns its id.
pub async fn assign(app: &TestApp, patient: PatientId, q: Q, schedule: Schedule, at: DateTime<Utc>) -> Uuid {
    let c = card(app, patient).await;
    let id = Uuid::now_v7();
    assignment::ActiveModel {
        id: Set(id),
        organization_id: Set(c.organization_id),
        patient_card_id: Set(c.id),
        questionnaire_id: Set(q.0),
        start_date: Set(schedule.start),
        until_date: Set(schedule.until),
        schedule: Set(serde_json::to_string(&schedule).unwrap()),
        assigned_by: Set(None),
        assigned_by_name: Set("Петров Олег".into()),
        created_at: Set(at),
        ended_at: Set(None),
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    id
}

/// Fires the patient's rule `rule` on `value` of `item` at the app's current time, the way a
/// submission does: in one transaction the card is locked and the alert opened or joined (and
/// its escalation queued), the care team emailed when it notifies; the live event goes out
/// after the commit. Returns the alert and what happened.
pub async fn fire(app: &TestApp, patient: PatientId, rule: &str, item: &str, value: f64) -> (alert::Model, Change) {
    let state = &app.state;
    let now = state.clock.now();
    let c = card(app, patient).await;
    let org = common::ids::OrganizationId(c.organization_id);
    let settings = org_settings(&state.db, org).await.unwrap();
    let rules = rules_for(&state.db, org, patient).await.unwrap();
    let r: &AlertRule = rules.iter().find(|r| r.code == rule).unwrap_or_else(|| panic!("no rule {rule}"));
    let firing = r.fire(item, value, None).unwrap_or_else(|| panic!("{rule} does not fire on {item} = {value}"));
    let txn = db::begin_write(&state.db).await.unwrap();
    alerts::lock_card(&txn, c.id).await.unwrap();
    let (a, change) = alerts::apply(&txn, &settings, &c, r, &firing, None, now).await.unwrap();
    if change.notifies() {
        let team = alerts::care_team(&txn, c.id).await.unwrap();
        alerts::email_staff(&txn, &state.settings.base_url, c.organization_id, c.id, &team, false, now).await.unwrap();
    }
    txn.commit().await.unwrap();
    if let Some(kind) = change.live_kind() {
        alerts::publish(state, &c, &a, kind).await;
    }
    (a, change)
}

/// A temperature alert (`temp_high`) for the patient at the app's current time.
pub async fn fever(app: &TestApp, patient: PatientId, t: f64) -> alert::Model {
    fire(app, patient, "temp_high", common::templates::codes::TEMP, t).await.0
}

pub async fn alert_row(app: &TestApp, id: Uuid) -> alert::Model {
    alert::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap()
}

/// The kinds of an alert's events, oldest first.
pub async fn event_kinds(app: &TestApp, id: Uuid) -> Vec<String> {
    use db::sea_orm::QueryOrder;
    db::entities::alert_event::Entity::find()
        .filter(db::entities::alert_event::Column::AlertId.eq(id))
        .order_by_asc(db::entities::alert_event::Column::At)
        .order_by_asc(db::entities::alert_event::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

/// `GET` with an unencoded query.
pub async fn get_q(app: &TestApp, path: &str, query: &str, token: &str) -> Response {
    crate::support::admin::get_query(app, path, query, Some(token)).await
}

pub async fn ack(app: &TestApp, id: Uuid, token: &str, note: &str) -> Response {
    post(app, &format!("/alerts/{id}/acknowledge"), Some(token), &serde_json::json!({ "note": note })).await
}

pub async fn ack_ok(app: &TestApp, id: Uuid, token: &str, note: &str) -> AlertDto {
    json_of(ack(app, id, token, note).await, 200).await
}

/// A fresh access token of a staff member (after the clock moved past the old one's life).
pub async fn token_for(app: &TestApp, email: &str) -> String {
    login_ok(app, email, PASSWORD).await.dto.access_token
}
