//! No user enumeration by timing (ACC-10, PREG-6): every public answer that names an address —
//! login, password reset (request and confirm), registration (request and completion) — is the
//! same for an address with an account as for one without, in status, body and time. Each test
//! compares the median answer times of the two over several runs, on the suite's engine
//! (SQLite, or PostgreSQL with `TEST_DATABASE_URL`).

use std::time::{Duration as StdDuration, Instant};

use chrono::Duration;
use serde_json::{Value, json};

use crate::support::accounts::*;
use crate::support::app::{TestApp, spawn_app_with};
use crate::support::cabinet::*;

/// The floor the tests configure (production: 400 ms). It must exceed the slowest path's work
/// (one argon2 hash in a debug build on a busy machine).
const FLOOR: StdDuration = StdDuration::from_millis(250);
/// How far apart the two medians may be: measured ~1 ms apart; an extra write transaction for
/// existing accounts only (the PostgreSQL leak: 6–9 ms) shows once the work outgrows the floor,
/// and a missing floor fails the floor check.
const TOLERANCE: StdDuration = StdDuration::from_millis(10);
/// Runs per address (the median shrugs off a run delayed by a busy machine).
const RUNS: usize = 9;

async fn app() -> TestApp {
    spawn_app_with(|s| s.answer_floor = FLOOR).await
}

/// `POST path` with `body`: status, body text, time taken.
async fn timed(app: &TestApp, path: &str, body: &Value) -> (u16, String, StdDuration) {
    let started = Instant::now();
    let res = post(app, path, None, body).await;
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (status, text, started.elapsed())
}

fn median(mut times: Vec<StdDuration>) -> StdDuration {
    times.sort();
    times[times.len() / 2]
}

/// Alternates requests for the known and the unknown address (`body` builds each), moving the
/// clock past every throttle window between rounds; asserts identical answers, the floor, and
/// medians within the tolerance.
async fn compare(app: &TestApp, path: &str, body: impl Fn(&str) -> Value, known: &str, unknown: &str) {
    let (mut k_times, mut u_times) = (Vec::new(), Vec::new());
    let mut answers = Vec::new();
    for _ in 0..RUNS {
        let (ks, kb, kt) = timed(app, path, &body(known)).await;
        let (us, ub, ut) = timed(app, path, &body(unknown)).await;
        assert_eq!((ks, &kb), (us, &ub), "{path}: the same answer for both addresses");
        answers.push(ks);
        k_times.push(kt);
        u_times.push(ut);
        app.state.clock.advance(Duration::minutes(31));
    }
    let (k, u) = (median(k_times), median(u_times));
    assert!(k >= FLOOR && u >= FLOOR, "{path}: under the floor: {k:?} / {u:?}");
    let gap = k.abs_diff(u);
    assert!(gap <= TOLERANCE, "{path}: medians {k:?} (account) vs {u:?} (none) differ by {gap:?}");
    assert!(answers.iter().all(|s| *s == answers[0]), "{path}: {answers:?}");
}

#[tokio::test]
async fn login_takes_as_long_for_an_existing_address_as_for_an_unknown_one() {
    let app = app().await;
    let org = one_org(&app).await;
    compare(
        &app,
        "/auth/login",
        |email| json!({ "email": email, "password": "not the password at all" }),
        &org.organizer_email,
        "nobody@example.org",
    )
    .await;
}

#[tokio::test]
async fn a_password_reset_request_takes_as_long_for_an_existing_address_as_for_an_unknown_one() {
    let app = app().await;
    let org = one_org(&app).await;
    compare(
        &app,
        "/auth/password-reset",
        |email| json!({ "email": email }),
        &org.organizer_email,
        "nobody@example.org",
    )
    .await;
    // The request for the account did its work: a code was emailed, in the background.
    assert!(last_email_to(&app, &org.organizer_email).await.subject.contains("код"));
    assert!(emails_to(&app, "nobody@example.org").await.is_empty());
}

#[tokio::test]
async fn a_password_reset_confirmation_takes_as_long_for_an_existing_address_as_for_an_unknown_one() {
    let app = app().await;
    let org = one_org(&app).await;
    let res = post(&app, "/auth/password-reset", None, &json!({ "email": org.organizer_email })).await;
    assert_eq!(res.status(), 202);
    run_jobs(&app).await;
    compare(
        &app,
        "/auth/password-reset/confirm",
        |email| json!({ "email": email, "code": "000000", "new_password": "a long new pass phrase" }),
        &org.organizer_email,
        "nobody@example.org",
    )
    .await;
}

#[tokio::test]
async fn a_registration_request_takes_as_long_for_a_matching_card_as_for_none() {
    let app = app().await;
    let org = one_org(&app).await;
    crate::support::patients::add(&app, org.token(), "Белова", "Ирина", "belova@example.org").await;
    run_jobs(&app).await;
    let body = |email: &str| json!({ "email": email, "last_name": "Белова", "first_name": "Ирина", "birth_date": "1968-04-12" });
    compare(&app, "/registration", body, "belova@example.org", "nobody@example.org").await;
    // The matching request did its work in the background: the code went out.
    assert!(last_email_to(&app, "belova@example.org").await.subject.contains("код"));
    assert!(emails_to(&app, "nobody@example.org").await.is_empty());
}

#[tokio::test]
async fn a_registration_completion_takes_as_long_for_an_existing_account_as_for_none() {
    let app = app().await;
    let c = one_clinic(&app).await;
    compare(
        &app,
        "/registration/complete",
        |email| json!({ "email": email, "code": "000000", "password": "a long pass phrase 2" }),
        &c.patient.email,
        "nobody@example.org",
    )
    .await;
}
