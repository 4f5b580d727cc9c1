//! A forgotten password (ACC-6, ACC-9, ACC-10): an emailed 6-digit code, valid 30 minutes,
//! at most 5 tries, single use; every session of the account ends.

use chrono::Duration;
use common::ErrorCode;
use common::auth::Role;
use reqwest::Response;
use serde_json::json;

use crate::support::accounts::*;
use crate::support::app::{TestApp, spawn_app};

const NEW_PASSWORD: &str = "a brand new passphrase";

async fn request(app: &TestApp, email: &str) -> Response {
    post(app, "/auth/password-reset", None, &json!({ "email": email })).await
}

async fn confirm(app: &TestApp, email: &str, code: &str, new_password: &str) -> Response {
    post(
        app,
        "/auth/password-reset/confirm",
        None,
        &json!({ "email": email, "code": code, "new_password": new_password }),
    )
    .await
}

async fn request_code(app: &TestApp, email: &str) -> String {
    assert_eq!(request(app, email).await.status(), 202);
    last_code_to(app, email).await
}

/// A code of six digits that is not `code`.
fn other_code(code: &str) -> String {
    let n: u32 = code.parse().unwrap();
    format!("{:06}", (n + 1) % 1_000_000)
}

#[tokio::test]
async fn known_and_unknown_addresses_get_the_same_answer_and_only_the_known_an_email() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    invite(&app, org.token(), Role::Doctor, "pending@city.test", "Петров", "Иван").await;
    run_jobs(&app).await;
    let before = app.state.mailer.sent().len();

    for email in ["nobody@city.test", "pending@city.test", "Organizer@City.test"] {
        let res = request(&app, email).await;
        assert_eq!(res.status(), 202, "{email}");
        assert_eq!(res.text().await.unwrap(), "", "{email}");
    }
    run_jobs(&app).await;
    let sent = app.state.mailer.sent();
    assert_eq!(sent.len(), before + 1, "one email, to the account");
    let email = sent.last().unwrap();
    assert_eq!(email.to, org.organizer_email);
    assert!(email.subject.contains("код"), "{}", email.subject);
    let code = code_in(&email.text).expect("a 6-digit code");
    assert_eq!(code.len(), 6);
    assert!(email.html.contains(&code));
    expect_invalid(request(&app, "not-an-email").await, &["email"]).await;
}

#[tokio::test]
async fn the_code_sets_a_new_password_and_ends_every_session() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let tab = login_ok(&app, &org.organizer_email, PASSWORD).await;
    let code = request_code(&app, &org.organizer_email).await;

    // A weak new password does not burn the code.
    for weak in ["short", "password123", org.organizer_email.as_str(), "organizer"] {
        expect_invalid(confirm(&app, &org.organizer_email, &code, weak).await, &["new_password"]).await;
    }
    let res = confirm(&app, &org.organizer_email, &code, NEW_PASSWORD).await;
    assert_eq!(res.status(), 204, "{}", res.text().await.unwrap());

    expect_problem(login(&app, &org.organizer_email, PASSWORD).await, 401, ErrorCode::InvalidCredentials).await;
    let fresh = login_ok(&app, &org.organizer_email, NEW_PASSWORD).await;
    me(&app, fresh.token()).await;
    // Every earlier session ends: access tokens at once (session version), refresh cookies too.
    for old in [&tab, &org.organizer] {
        expect_problem(get(&app, "/me", Some(old.token())).await, 401, ErrorCode::Unauthorized).await;
        expect_problem(refresh(&app, Some(&old.cookie), Some(ORIGIN)).await, 401, ErrorCode::SessionExpired).await;
    }
    refresh_ok(&app, &fresh.cookie).await;

    // Single use.
    expect_problem(
        confirm(&app, &org.organizer_email, &code, "yet another passphrase").await,
        400,
        ErrorCode::InvalidCode,
    )
    .await;
    login_ok(&app, &org.organizer_email, NEW_PASSWORD).await;
}

#[tokio::test]
async fn five_wrong_codes_burn_the_code() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let code = request_code(&app, &org.organizer_email).await;
    let wrong = other_code(&code);
    for i in 1..=5 {
        let res = confirm(&app, &org.organizer_email, &wrong, NEW_PASSWORD).await;
        let p = expect_problem(res, 400, ErrorCode::InvalidCode).await;
        assert!(p.detail.is_some(), "try {i}");
    }
    expect_problem(confirm(&app, &org.organizer_email, &code, NEW_PASSWORD).await, 400, ErrorCode::InvalidCode).await;
    login_ok(&app, &org.organizer_email, PASSWORD).await;
    // A new code works again.
    let code = request_code(&app, &org.organizer_email).await;
    assert_eq!(confirm(&app, &org.organizer_email, &code, NEW_PASSWORD).await.status(), 204);
}

#[tokio::test]
async fn a_new_request_replaces_the_code() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let first = request_code(&app, &org.organizer_email).await;
    let mut second = request_code(&app, &org.organizer_email).await;
    while second == first {
        second = request_code(&app, &org.organizer_email).await;
    }
    expect_problem(confirm(&app, &org.organizer_email, &first, NEW_PASSWORD).await, 400, ErrorCode::InvalidCode).await;
    assert_eq!(confirm(&app, &org.organizer_email, &second, NEW_PASSWORD).await.status(), 204);
}

#[tokio::test]
async fn a_code_lapses_after_thirty_minutes() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let code = request_code(&app, &org.organizer_email).await;
    app.state.clock.advance(Duration::minutes(29));
    expect_invalid(confirm(&app, &org.organizer_email, &code, "short").await, &["new_password"]).await;
    app.state.clock.advance(Duration::minutes(1) + Duration::seconds(1));
    expect_problem(confirm(&app, &org.organizer_email, &code, NEW_PASSWORD).await, 400, ErrorCode::InvalidCode).await;
    login_ok(&app, &org.organizer_email, PASSWORD).await;
}

#[tokio::test]
async fn a_code_is_bound_to_its_account() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    invite_and_accept(&app, org.token(), Role::Doctor, "doc@city.test", "Петров", "Иван").await;
    let code = request_code(&app, &org.organizer_email).await;
    // The doctor has no code of his own; the organizer's code does not open his account.
    expect_problem(confirm(&app, "doc@city.test", &code, NEW_PASSWORD).await, 400, ErrorCode::InvalidCode).await;
    expect_problem(confirm(&app, "nobody@city.test", &code, NEW_PASSWORD).await, 400, ErrorCode::InvalidCode).await;
    login_ok(&app, "doc@city.test", PASSWORD).await;
    // Malformed input.
    expect_invalid(confirm(&app, "not-an-email", &code, NEW_PASSWORD).await, &["email"]).await;
    assert_eq!(
        confirm(&app, &org.organizer_email, &format!(" {code} "), NEW_PASSWORD).await.status(),
        204,
        "spaces around the code are forgiven"
    );
}

#[tokio::test]
async fn parallel_guesses_get_no_more_than_five_tries() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let code = request_code(&app, &org.organizer_email).await;
    // Twenty wrong guesses at once: at most five may be judged, the rest are refused unseen.
    let mut guesses = tokio::task::JoinSet::new();
    for i in 1..=20u32 {
        let (client, url) = (app.client.clone(), api(&app, "/auth/password-reset/confirm"));
        let body = json!({
            "email": org.organizer_email,
            "code": format!("{:06}", (code.parse::<u32>().unwrap() + i) % 1_000_000),
            "new_password": NEW_PASSWORD,
        });
        guesses.spawn(async move { client.post(url).json(&body).send().await.unwrap().status().as_u16() });
    }
    while let Some(status) = guesses.join_next().await {
        assert_eq!(status.unwrap(), 400);
    }
    // The code is used up: even the right one is refused now.
    expect_problem(confirm(&app, &org.organizer_email, &code, NEW_PASSWORD).await, 400, ErrorCode::InvalidCode).await;
    login_ok(&app, &org.organizer_email, PASSWORD).await;
}
