//! Helpers for the cabinet and medical-record tests: an organization with a doctor, an
//! assistant and a registered patient (through the real PREG flow), and requests that name the
//! card they act for (`X-Patient-Id`).

use common::admin::PatientDto;
use common::auth::{Role, SessionDto};
use common::ids::PatientId;
use reqwest::Response;
use serde_json::{Value, json};

use crate::support::accounts::*;
use crate::support::app::TestApp;
use crate::support::patients::{Member, add, member, set_access, set_doctors};

pub const PATIENT_PASSWORD: &str = "a long pass phrase 1";

/// A registered patient: his card and a session of his patient membership.
pub struct RegisteredPatient {
    pub card: PatientDto,
    pub email: String,
    pub session: SessionDto,
}

impl RegisteredPatient {
    pub fn token(&self) -> &str {
        &self.session.access_token
    }
    pub fn id(&self) -> PatientId {
        self.card.id
    }
}

/// Creates a card (all consents, born 1968-04-12) in `org` and registers it through
/// `POST /registration` and `/registration/complete`, as the patient would.
pub async fn registered_patient(app: &TestApp, org: &Org, last: &str, first: &str, email: &str) -> RegisteredPatient {
    let card = add(app, org.token(), last, first, email).await;
    run_jobs(app).await;
    let res = post(
        app,
        "/registration",
        None,
        &json!({ "email": email, "last_name": last, "first_name": first, "birth_date": "1968-04-12" }),
    )
    .await;
    assert_eq!(res.status(), 202);
    run_jobs(app).await;
    let code = last_code_to(app, email).await;
    let res = post(
        app,
        "/registration/complete",
        None,
        &json!({ "email": email, "code": code, "password": PATIENT_PASSWORD }),
    )
    .await;
    let session: SessionDto = json_of(res, 200).await;
    assert_eq!(session.membership.role, Role::Patient);
    RegisteredPatient { card, email: email.to_owned(), session }
}

/// One organization's clinical team and a registered patient of the doctor.
pub struct Clinic {
    pub org: Org,
    pub doctor: Member,
    /// A doctor with no patients.
    pub other_doctor: Member,
    /// The assistant of `doctor` (ORG-3).
    pub assistant: Member,
    pub patient: RegisteredPatient,
}

/// `prefix` keeps emails apart when a test builds two clinics (`"a"`, `"b"`).
pub async fn clinic(app: &TestApp, org: Org, prefix: &str) -> Clinic {
    let doctor = member(app, &org, Role::Doctor, &format!("{prefix}.doctor@example.org"), "Петров", "Олег").await;
    let other_doctor =
        member(app, &org, Role::Doctor, &format!("{prefix}.doctor2@example.org"), "Сидоров", "Иван").await;
    let assistant =
        member(app, &org, Role::Assistant, &format!("{prefix}.assistant@example.org"), "Козлова", "Мария").await;
    set_access(app, org.token(), assistant.id, &[doctor.id]).await;
    let patient = registered_patient(app, &org, "Белова", "Ирина", &format!("{prefix}.patient@example.org")).await;
    set_doctors(app, org.token(), patient.id(), &[doctor.id]).await;
    Clinic { org, doctor, other_doctor, assistant, patient }
}

/// The first organization's clinic (`one_org`).
pub async fn one_clinic(app: &TestApp) -> Clinic {
    let org = one_org(app).await;
    clinic(app, org, "a").await
}

/// Two organizations' clinics: tenancy tests use `b`'s ids from `a`'s sessions.
pub async fn two_clinics(app: &TestApp) -> (Clinic, Clinic) {
    let op = operator_session(app).await;
    let a = org_with_organizer(app, &op, "Клиника А", "a").await;
    let b = org_with_organizer(app, &op, "Клиника Б", "b").await;
    (clinic(app, a, "a").await, clinic(app, b, "b").await)
}

/// A request acting for a card (`X-Patient-Id`), or for one's own card when `for_card` is `None`.
pub fn as_patient(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    for_card: Option<PatientId>,
) -> reqwest::RequestBuilder {
    let mut req = app.client.request(method, api(app, path)).bearer_auth(token);
    if let Some(card) = for_card {
        req = req.header(common::cabinet::PATIENT_HEADER, card.0.to_string());
    }
    req
}

/// `GET` as a patient.
pub async fn patient_get(app: &TestApp, path: &str, token: &str, for_card: Option<PatientId>) -> Response {
    as_patient(app, reqwest::Method::GET, path, token, for_card).send().await.unwrap()
}

/// `POST` of a JSON body as a patient.
pub async fn patient_post(
    app: &TestApp,
    path: &str,
    token: &str,
    for_card: Option<PatientId>,
    body: &Value,
) -> Response {
    as_patient(app, reqwest::Method::POST, path, token, for_card).json(body).send().await.unwrap()
}
