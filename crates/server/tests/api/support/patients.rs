//! Helpers for the patient-card tests: card bodies, list queries, the organization's staff,
//! direct looks at the database (rows stored, audit rows) and a second "process".

use chrono::{DateTime, Utc};
use common::admin::{AssistantAccessDto, ConsentKind, PatientDto};
use common::auth::Role;
use common::ids::{MembershipId, PatientId};
use common::page::Page;
use db::entities::{audit_log, patient_card};
use db::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use reqwest::Response;
use serde_json::{Value, json};
use server::platform::clock::Clock;
use server::state::AppState;
use uuid::Uuid;

use crate::support::accounts::*;
use crate::support::app::TestApp;

/// A SNILS whose check digits match.
pub const SNILS: &str = "112-233-445 95";
/// Another valid SNILS (123456789: weighted sum 165, 165 mod 101 = 64).
pub const SNILS_2: &str = "123-456-789 64";
pub const ALL_CONSENTS: [&str; 3] = ["telemedicine", "email_results", "personal_data"];
/// The organizer of `one_org`, as records name him.
pub const ORGANIZER_NAME: &str = "Иванова Анна Сергеевна";

/// A valid card body with all three consents.
pub fn card(last: &str, first: &str, email: &str) -> Value {
    json!({
        "last_name": last,
        "first_name": first,
        "middle_name": "Павловна",
        "birth_date": "1968-04-12",
        "sex": "female",
        "email": email,
        "phone": "+7 912 345-67-89",
        "snils": SNILS,
        "external_id": "MIS-000123",
        "consents": ALL_CONSENTS,
    })
}

/// `body` with these consents instead.
pub fn with_consents(mut body: Value, consents: &[&str]) -> Value {
    body["consents"] = json!(consents);
    body
}

/// The "Register again" form prefilled from the card, as the SPA fills it.
pub fn prefilled(p: &PatientDto) -> Value {
    json!({
        "last_name": p.name.last_name,
        "first_name": p.name.first_name,
        "middle_name": p.name.middle_name,
        "birth_date": p.birth_date,
        "sex": p.sex,
        "email": p.email,
        "phone": p.phone,
        "snils": p.snils,
        "external_id": p.external_id,
        "consents": p.consents.iter().map(|c| c.kind).collect::<Vec<ConsentKind>>(),
    })
}

pub async fn put(app: &TestApp, path: &str, token: Option<&str>, body: &Value) -> Response {
    let mut req = app.client.put(api(app, path)).json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

pub async fn create_res(app: &TestApp, token: &str, body: &Value) -> Response {
    post(app, "/patients", Some(token), body).await
}

/// Creates a card; asserts 201.
pub async fn create(app: &TestApp, token: &str, body: &Value) -> PatientDto {
    json_of(create_res(app, token, body).await, 201).await
}

/// Creates a card with all consents (so invited at once).
pub async fn add(app: &TestApp, token: &str, last: &str, first: &str, email: &str) -> PatientDto {
    create(app, token, &card(last, first, email)).await
}

pub fn path(id: PatientId, tail: &str) -> String {
    format!("/patients/{}{tail}", id.0)
}

pub async fn get_card_res(app: &TestApp, token: &str, id: PatientId) -> Response {
    get(app, &path(id, ""), Some(token)).await
}

/// Reads a card; asserts 200.
pub async fn get_card(app: &TestApp, token: &str, id: PatientId) -> PatientDto {
    json_of(get_card_res(app, token, id).await, 200).await
}

pub async fn send_res(app: &TestApp, token: &str, id: PatientId, email: &str) -> Response {
    post(app, &path(id, "/invite"), Some(token), &json!({ "email": email })).await
}

pub async fn set_doctors_res(app: &TestApp, token: &str, id: PatientId, doctors: &[MembershipId]) -> Response {
    put(app, &path(id, "/doctors"), Some(token), &json!({ "doctor_ids": doctors })).await
}

/// Sets the patient's doctors; asserts 200.
pub async fn set_doctors(app: &TestApp, token: &str, id: PatientId, doctors: &[MembershipId]) -> PatientDto {
    json_of(set_doctors_res(app, token, id, doctors).await, 200).await
}

/// `GET /patients` with an unencoded query ("q=фёдорова&sort=name").
pub async fn list_res(app: &TestApp, token: &str, query: &str) -> Response {
    let pairs: Vec<(&str, &str)> =
        query.split('&').filter(|p| !p.is_empty()).map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
    let url = reqwest::Url::parse_with_params(&api(app, "/patients"), &pairs).unwrap();
    app.client.get(url).bearer_auth(token).send().await.unwrap()
}

/// A page of the list; asserts 200.
pub async fn list(app: &TestApp, token: &str, query: &str) -> Page<PatientDto> {
    json_of(list_res(app, token, query).await, 200).await
}

pub fn ids(page: &Page<PatientDto>) -> Vec<PatientId> {
    page.items.iter().map(|p| p.id).collect()
}

pub fn last_names(page: &Page<PatientDto>) -> Vec<&str> {
    page.items.iter().map(|p| p.name.last_name.as_str()).collect()
}

/// The ids, sorted, for comparing sets.
pub fn sorted(mut ids: Vec<PatientId>) -> Vec<PatientId> {
    ids.sort_by_key(|i| i.0);
    ids
}

/// How many patient cards the database holds.
pub async fn card_rows(app: &TestApp) -> u64 {
    patient_card::Entity::find().count(&app.state.db).await.unwrap()
}

/// Every audit row of `action`, oldest first, after the batched reads are written.
pub async fn audit_rows(app: &TestApp, action: &str) -> Vec<audit_log::Model> {
    app.state.audit.flush().await;
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .order_by_asc(audit_log::Column::At)
        .order_by_asc(audit_log::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
}

/// The `patient_ids` of an audit row.
pub fn audited_ids(row: &audit_log::Model) -> Vec<PatientId> {
    let ids: Vec<Uuid> = serde_json::from_str(&row.patient_ids)
        .unwrap_or_else(|e| panic!("patient_ids is not a JSON array of ids ({e}): {}", row.patient_ids));
    ids.into_iter().map(PatientId).collect()
}

/// The organizer grants an assistant access to exactly these doctors' patients (ORG-3).
pub async fn set_access(app: &TestApp, token: &str, assistant: MembershipId, doctors: &[MembershipId]) {
    let res = put(app, &format!("/staff/{}/access", assistant.0), Some(token), &json!({ "doctor_ids": doctors })).await;
    let got: AssistantAccessDto = json_of(res, 200).await;
    let mut want = doctors.to_vec();
    want.sort_by_key(|d| d.0);
    let mut got = got.doctor_ids;
    got.sort_by_key(|d| d.0);
    assert_eq!(got, want);
}

/// A staff member of `org` who has accepted: his membership id and a session.
pub struct Member {
    pub id: MembershipId,
    pub session: Session,
}

impl Member {
    pub fn token(&self) -> &str {
        self.session.token()
    }
}

pub async fn member(app: &TestApp, org: &Org, role: Role, email: &str, last: &str, first: &str) -> Member {
    let (m, session) = invite_and_accept(app, org.token(), role, email, last, first).await;
    Member { id: m.id, session }
}

/// Another server process on the same database, with its own clock.
pub async fn second_process(app: &TestApp, at: DateTime<Utc>) -> AppState {
    server::startup::connect_state((*app.state.settings).clone(), Clock::fixed(at)).await.unwrap()
}
