//! Helpers for the remote-monitoring tests: the library, assignments, answers and the rows
//! they leave.

use chrono::{DateTime, TimeZone, Utc};
use common::ids::{PatientId, QuestionnaireId};
use common::monitoring::{AssignmentDto, DataEntryDto, QuestionnaireSummaryDto, SubmissionResultDto};
use db::entities::{alert, observation, patient_monitoring, record_entry, submission};
use db::sea_orm::{ActiveValue::Set, EntityTrait, PaginatorTrait};
use reqwest::Response;
use serde_json::{Value, json};

use crate::support::accounts::*;
use crate::support::app::TestApp;
use crate::support::cabinet::*;

/// A UTC instant.
pub fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).single().unwrap()
}

/// The library as `token` sees it (`query` like `?archived=true`).
pub async fn library(app: &TestApp, token: &str, query: &str) -> Vec<QuestionnaireSummaryDto> {
    json_of(get(app, &format!("/questionnaires{query}"), Some(token)).await, 200).await
}

/// The id of the organization's questionnaire with `code`.
pub async fn questionnaire_id(app: &TestApp, token: &str, code: &str) -> QuestionnaireId {
    library(app, token, "?archived=true")
        .await
        .into_iter()
        .find(|q| q.code == code)
        .unwrap_or_else(|| panic!("no questionnaire {code}"))
        .id
}

pub fn assignments_path(p: PatientId) -> String {
    format!("/patients/{}/assignments", p.0)
}

pub fn schedule(repeat: Value, start: &str, until: Option<&str>) -> Value {
    match until {
        Some(u) => json!({ "repeat": repeat, "start": start, "until": u }),
        None => json!({ "repeat": repeat, "start": start }),
    }
}

pub fn daily(start: &str) -> Value {
    schedule(json!({ "kind": "daily" }), start, None)
}

pub fn weekly(days: &[u8], start: &str) -> Value {
    schedule(json!({ "kind": "weekly", "days": days }), start, None)
}

pub async fn assign_res(app: &TestApp, token: &str, p: PatientId, q: QuestionnaireId, schedule: &Value) -> Response {
    post(app, &assignments_path(p), Some(token), &json!({ "questionnaire_id": q, "schedule": schedule })).await
}

/// The clinic's doctor assigns `code` to the clinic's patient; asserts 201.
pub async fn assign(app: &TestApp, c: &Clinic, code: &str, schedule: &Value) -> AssignmentDto {
    assign_as(app, c.doctor.token(), c.patient.id(), code, schedule).await
}

/// A doctor (`token`) assigns `code` to patient `p`; asserts 201.
pub async fn assign_as(app: &TestApp, token: &str, p: PatientId, code: &str, schedule: &Value) -> AssignmentDto {
    let q = questionnaire_id(app, token, code).await;
    json_of(assign_res(app, token, p, q, schedule).await, 201).await
}

/// A fresh access token (they last 15 minutes; tests move the clock by days).
pub async fn fresh(app: &TestApp, email: &str, password: &str) -> String {
    login_ok(app, email, password).await.token().to_owned()
}

/// A fresh token of the clinic's patient (`<prefix>.patient@example.org`).
pub async fn patient_token(app: &TestApp, prefix: &str) -> String {
    fresh(app, &format!("{prefix}.patient@example.org"), PATIENT_PASSWORD).await
}

/// A fresh token of the clinic's doctor (`<prefix>.doctor@example.org`).
pub async fn doctor_token(app: &TestApp, prefix: &str) -> String {
    fresh(app, &format!("{prefix}.doctor@example.org"), PASSWORD).await
}

pub async fn assignments(app: &TestApp, token: &str, p: PatientId) -> Vec<AssignmentDto> {
    json_of(get(app, &assignments_path(p), Some(token)).await, 200).await
}

pub async fn data_entry(app: &TestApp, token: &str) -> DataEntryDto {
    json_of(patient_get(app, "/cabinet/data-entry", token, None).await, 200).await
}

/// A submission body.
pub fn answers(q: QuestionnaireId, assignment: Option<common::ids::AssignmentId>, answers: Value) -> Value {
    match assignment {
        Some(a) => json!({ "questionnaire_id": q, "assignment_id": a, "answers": answers }),
        None => json!({ "questionnaire_id": q, "answers": answers }),
    }
}

/// Every ESAS-r item at 1, and pain at `pain`.
pub fn esas(pain: u8) -> Value {
    let items = [
        "esas.tiredness",
        "esas.drowsiness",
        "esas.nausea",
        "esas.appetite",
        "esas.breath",
        "esas.depression",
        "esas.anxiety",
        "esas.wellbeing",
    ];
    let mut out = vec![json!({ "code": "esas.pain", "value": pain })];
    out.extend(items.iter().map(|c| json!({ "code": c, "value": 1 })));
    Value::Array(out)
}

pub async fn submit_res(app: &TestApp, token: &str, body: &Value) -> Response {
    patient_post(app, "/cabinet/submissions", token, None, body).await
}

/// The patient submits; asserts 201.
pub async fn submit(app: &TestApp, token: &str, body: &Value) -> SubmissionResultDto {
    json_of(submit_res(app, token, body).await, 201).await
}

/// Sets the patient's own time zone (as his doctor's settings page does).
pub async fn set_time_zone(app: &TestApp, card: PatientId, org: uuid::Uuid, tz: &str) {
    patient_monitoring::Entity::insert(patient_monitoring::ActiveModel {
        patient_card_id: Set(card.0),
        organization_id: Set(org),
        overrides: Set("[]".into()),
        time_zone: Set(Some(tz.into())),
        updated_by: Set(None),
        updated_at: Set(app.state.clock.now()),
    })
    .exec_without_returning(&app.state.db)
    .await
    .unwrap();
}

/// How many submissions, observations, record entries and alerts the database holds.
pub async fn rows(app: &TestApp) -> (u64, u64, u64, u64) {
    let db = &app.state.db;
    (
        submission::Entity::find().count(db).await.unwrap(),
        observation::Entity::find().count(db).await.unwrap(),
        record_entry::Entity::find().count(db).await.unwrap(),
        alert::Entity::find().count(db).await.unwrap(),
    )
}
