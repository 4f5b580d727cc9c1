//! Patient registration (PREG-3…6): step 1 matches a card with its three consents and emails a
//! code; a mismatch answers the same; step 2 links the card to a new or existing account.

use common::ErrorCode;
use common::admin::PatientStatus;
use common::auth::{Role, SessionDto};
use db::entities::{membership, patient_card};
use db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::support::accounts::*;
use crate::support::app::{TestApp, spawn_app};
use crate::support::patients::*;

const EMAIL: &str = "belova@example.org";
const NEW_PASSWORD: &str = "a long pass phrase 1";

fn step1(email: &str, last: &str, first: &str, birth: &str) -> Value {
    json!({ "email": email, "last_name": last, "first_name": first, "birth_date": birth })
}

async fn start(app: &TestApp, body: &Value) -> reqwest::Response {
    post(app, "/registration", None, body).await
}

async fn complete(app: &TestApp, email: &str, code: &str, password: &str) -> reqwest::Response {
    post(app, "/registration/complete", None, &json!({ "email": email, "code": code, "password": password })).await
}

async fn codes_to(app: &TestApp, to: &str) -> usize {
    run_jobs(app).await;
    emails_to(app, to).await.into_iter().filter(|m| m.subject.contains("регистрации")).count()
}

/// An organization with one invited card (all consents) for Белова Ирина, born 1968-04-12.
async fn setup(app: &TestApp) -> (Org, common::admin::PatientDto) {
    let org = one_org(app).await;
    let card = add(app, org.token(), "Белова", "Ирина", EMAIL).await;
    run_jobs(app).await;
    (org, card)
}

#[tokio::test]
async fn a_matching_card_gets_a_code_and_the_code_registers_the_patient() {
    let app = spawn_app().await;
    let (org, card) = setup(&app).await;
    // Case and ё/е do not matter; the email's case neither.
    let res = start(&app, &step1("Belova@Example.org", "БЕЛОВА", "ирина", "1968-04-12")).await;
    assert_eq!(res.status(), 202);
    assert_eq!(codes_to(&app, EMAIL).await, 1);
    let code = last_code_to(&app, EMAIL).await;

    let res = complete(&app, EMAIL, &code, NEW_PASSWORD).await;
    assert_eq!(res.status(), 200);
    assert!(refresh_cookie(&res).is_some(), "logged in with a refresh cookie");
    let session: SessionDto = res.json().await.unwrap();
    assert_eq!(session.membership.role, Role::Patient);
    assert_eq!(me(&app, &session.access_token).await.email, EMAIL);

    let stored = patient_card::Entity::find_by_id(card.id.0).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(stored.status, PatientStatus::Active);
    assert!(stored.account_id.is_some());
    assert_eq!(get_card(&app, org.token(), card.id).await.status, PatientStatus::Active);
    // The code is single-use; login works with the new password.
    expect_problem(complete(&app, EMAIL, &code, NEW_PASSWORD).await, 400, ErrorCode::InvalidCode).await;
    login_ok(&app, EMAIL, NEW_PASSWORD).await;
}

#[tokio::test]
async fn a_mismatch_answers_exactly_like_a_match_and_sends_nothing() {
    let app = spawn_app().await;
    let (org, _) = setup(&app).await;
    // Without all three consents there is no match either.
    create(&app, org.token(), &with_consents(card("Орлов", "Пётр", "orlov@example.org"), &["telemedicine"])).await;
    for body in [
        step1(EMAIL, "Белова", "Ирина", "1968-04-13"),
        step1(EMAIL, "Белова", "Марина", "1968-04-12"),
        step1(EMAIL, "Белых", "Ирина", "1968-04-12"),
        step1("nobody@example.org", "Белова", "Ирина", "1968-04-12"),
        step1("orlov@example.org", "Орлов", "Петр", "1968-04-12"),
    ] {
        let res = start(&app, &body).await;
        assert_eq!(res.status(), 202);
        assert_eq!(res.text().await.unwrap(), "", "no body to tell a match from a mismatch");
    }
    assert_eq!(codes_to(&app, EMAIL).await, 0);
    assert_eq!(codes_to(&app, "orlov@example.org").await, 0);
    assert_eq!(codes_to(&app, "nobody@example.org").await, 0);
    // Malformed input is the only thing that is named.
    expect_invalid(start(&app, &step1("not-an-email", "Белова", "", "1968-04-12")).await, &["email", "first_name"])
        .await;
}

#[tokio::test]
async fn five_wrong_codes_burn_the_code_and_a_new_request_replaces_it() {
    let app = spawn_app().await;
    setup(&app).await;
    start(&app, &step1(EMAIL, "Белова", "Ирина", "1968-04-12")).await;
    let code = {
        run_jobs(&app).await;
        last_code_to(&app, EMAIL).await
    };
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        expect_problem(complete(&app, EMAIL, wrong, NEW_PASSWORD).await, 400, ErrorCode::InvalidCode).await;
    }
    expect_problem(complete(&app, EMAIL, &code, NEW_PASSWORD).await, 400, ErrorCode::InvalidCode).await;

    start(&app, &step1(EMAIL, "Белова", "Ирина", "1968-04-12")).await;
    run_jobs(&app).await;
    let fresh = last_code_to(&app, EMAIL).await;
    // A weak password is refused before it costs a try.
    expect_invalid(complete(&app, EMAIL, &fresh, "short").await, &["password"]).await;
    assert_eq!(complete(&app, EMAIL, &fresh, NEW_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn the_code_expires_after_24_hours() {
    let app = spawn_app().await;
    setup(&app).await;
    start(&app, &step1(EMAIL, "Белова", "Ирина", "1968-04-12")).await;
    run_jobs(&app).await;
    let code = last_code_to(&app, EMAIL).await;
    app.state.clock.advance(chrono::Duration::hours(24));
    expect_problem(complete(&app, EMAIL, &code, NEW_PASSWORD).await, 400, ErrorCode::InvalidCode).await;
}

#[tokio::test]
async fn an_existing_account_confirms_its_password_and_gains_a_patient_role() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    // The organizer is also a patient of his organization, under his own address.
    let card = add(&app, org.token(), "Иванова", "Анна", &org.organizer_email).await;
    start(&app, &step1(&org.organizer_email, "Иванова", "Анна", "1968-04-12")).await;
    run_jobs(&app).await;
    let code = last_code_to(&app, &org.organizer_email).await;
    expect_problem(
        complete(&app, &org.organizer_email, &code, "not his password 1").await,
        401,
        ErrorCode::InvalidCredentials,
    )
    .await;
    let res = complete(&app, &org.organizer_email, &code, PASSWORD).await;
    assert_eq!(res.status(), 200);
    let session: SessionDto = res.json().await.unwrap();
    let me = me(&app, &session.access_token).await;
    let roles: Vec<Role> = me.memberships.iter().map(|m| m.role).collect();
    assert!(roles.contains(&Role::Organizer) && roles.contains(&Role::Patient), "{roles:?}");
    let linked = patient_card::Entity::find_by_id(card.id.0).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(linked.account_id.map(common::ids::AccountId), Some(me.account_id));
    let patients =
        membership::Entity::find().filter(membership::Column::Role.eq("patient")).all(&app.state.db).await.unwrap();
    assert_eq!(patients.len(), 1);
}

#[tokio::test]
async fn a_card_deactivated_between_the_steps_is_not_linked() {
    let app = spawn_app().await;
    let (org, card) = setup(&app).await;
    start(&app, &step1(EMAIL, "Белова", "Ирина", "1968-04-12")).await;
    run_jobs(&app).await;
    let code = last_code_to(&app, EMAIL).await;
    assert_eq!(post_empty(&app, &path(card.id, "/deactivate"), Some(org.token())).await.status(), 200);
    expect_problem(complete(&app, EMAIL, &code, NEW_PASSWORD).await, 400, ErrorCode::InvalidCode).await;
    let stored = patient_card::Entity::find_by_id(card.id.0).one(&app.state.db).await.unwrap().unwrap();
    assert!(stored.account_id.is_none());
}

#[tokio::test]
async fn requests_are_rate_limited_per_client() {
    let app = spawn_app().await;
    let mut limited = false;
    for i in 0..40 {
        let res = start(&app, &step1(&format!("p{i}@example.org"), "Белова", "Ирина", "1968-04-12")).await;
        if res.status() == 429 {
            assert!(res.headers().get("retry-after").is_some());
            limited = true;
            break;
        }
        assert_eq!(res.status(), 202);
    }
    assert!(limited, "the client is slowed down after 30 requests");
}

#[tokio::test]
async fn deactivating_the_card_ends_the_cabinet_on_the_next_request_and_activating_restores_it() {
    let app = spawn_app().await;
    let (org, card) = setup(&app).await;
    start(&app, &step1(EMAIL, "Белова", "Ирина", "1968-04-12")).await;
    run_jobs(&app).await;
    let code = last_code_to(&app, EMAIL).await;
    let session: SessionDto = complete(&app, EMAIL, &code, NEW_PASSWORD).await.json().await.unwrap();
    assert_eq!(get(&app, "/me", Some(&session.access_token)).await.status(), 200);

    assert_eq!(post_empty(&app, &path(card.id, "/deactivate"), Some(org.token())).await.status(), 200);
    assert_eq!(get(&app, "/me", Some(&session.access_token)).await.status(), 401, "the very next request");
    expect_problem(login(&app, EMAIL, NEW_PASSWORD).await, 403, ErrorCode::MembershipInactive).await;

    let back: common::admin::PatientDto =
        json_of(post_empty(&app, &path(card.id, "/activate"), Some(org.token())).await, 200).await;
    assert_eq!(back.status, PatientStatus::Active);
    login_ok(&app, EMAIL, NEW_PASSWORD).await;
}
