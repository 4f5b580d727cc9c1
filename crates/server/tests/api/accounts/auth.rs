//! Logging in (ACC-6, ACC-10), who am I, and what an access token must be.

use chrono::Duration;
use common::ErrorCode;
use common::auth::Role;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};
use server::auth::jwt::Claims;

use crate::support::accounts::*;
use crate::support::app::{TestApp, spawn_app};

/// Status, `Retry-After` and the JSON body of an answer.
async fn answer(res: reqwest::Response) -> (u16, Option<String>, Value) {
    let status = res.status().as_u16();
    let retry = res.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
    (status, retry, res.json().await.unwrap())
}

#[tokio::test]
async fn login_enters_the_active_membership() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let res = login(&app, "  Organizer@City.TEST ", PASSWORD).await;
    let set_cookie = refresh_set_cookie(&res).expect("the refresh cookie");
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/auth"] {
        assert!(set_cookie.contains(attr), "{attr} missing in {set_cookie}");
    }
    let s: common::auth::SessionDto = json_of(res, 200).await;
    assert_eq!(s.membership.role, Role::Organizer);
    assert_eq!(s.membership.organization_id, Some(org.org.id));
    let me = me(&app, &s.access_token).await;
    assert_eq!(me.email, "organizer@city.test");
    assert_eq!(me.current.id, s.membership.id);
    // Passwords are compared exactly as typed.
    expect_problem(
        login(&app, &org.organizer_email, &PASSWORD.to_uppercase()).await,
        401,
        ErrorCode::InvalidCredentials,
    )
    .await;
    expect_problem(
        login(&app, &org.organizer_email, &format!(" {PASSWORD}")).await,
        401,
        ErrorCode::InvalidCredentials,
    )
    .await;
}

#[tokio::test]
async fn unknown_wrong_and_pending_addresses_get_one_answer() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    invite(&app, org.token(), Role::Doctor, "pending@city.test", "Петров", "Иван").await;
    let unknown = answer(login(&app, "nobody@city.test", PASSWORD).await).await;
    let wrong = answer(login(&app, &org.organizer_email, "wrong password!").await).await;
    let pending = answer(login(&app, "pending@city.test", PASSWORD).await).await;
    assert_eq!(unknown.0, 401);
    assert_eq!(unknown.2["code"], "invalid_credentials");
    assert_eq!(unknown, wrong, "unknown address vs wrong password");
    assert_eq!(unknown, pending, "unknown address vs never activated");

    // A deactivated account with a wrong password: the same answer too.
    let (doctor, _) = invite_and_accept(&app, org.token(), Role::Doctor, "doc@city.test", "Сидоров", "Олег").await;
    post_empty(&app, &format!("/staff/{}/deactivate", doctor.id.0), Some(org.token())).await;
    let deactivated = answer(login(&app, "doc@city.test", "wrong password!").await).await;
    assert_eq!(unknown, deactivated, "unknown address vs deactivated access");
}

#[tokio::test]
async fn malformed_logins_are_422() {
    let app = spawn_app().await;
    for email in ["not-an-email", "", "a@", "@b.test"] {
        expect_invalid(login(&app, email, PASSWORD).await, &["email"]).await;
    }
    expect_invalid(post(&app, "/auth/login", None, &json!({"email": "a@b.test"})).await, &["password"]).await;
    let res = app
        .client
        .post(api(&app, "/auth/login"))
        .header("content-type", "application/json")
        .body("{\"email\":")
        .send()
        .await
        .unwrap();
    expect_problem(res, 400, ErrorCode::MalformedJson).await;
}

#[tokio::test]
async fn repeated_failures_block_the_address_for_a_while() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let (_, _) = invite_and_accept(&app, org.token(), Role::Doctor, "doc@city.test", "Петров", "Иван").await;
    for i in 1..=5 {
        let (status, retry, _) = answer(login(&app, &org.organizer_email, "wrong password!").await).await;
        assert_eq!((status, retry), (401, None), "failure {i} is free");
    }
    let (status, retry, body) = answer(login(&app, &org.organizer_email, "wrong password!").await).await;
    assert_eq!(status, 429, "the 6th attempt after 5 failures: {body}");
    assert_eq!(body["code"], "rate_limited");
    let secs: u64 = retry.expect("Retry-After").parse().unwrap();
    assert!((1..=300).contains(&secs), "{secs}");
    // Even the right password is refused while blocked (no oracle).
    let (status, retry, _) = answer(login(&app, &org.organizer_email, PASSWORD).await).await;
    assert_eq!(status, 429);
    assert!(retry.is_some());
    // Another address is not affected.
    login_ok(&app, "doc@city.test", PASSWORD).await;
    let (status, _, _) = answer(login(&app, "doc@city.test", "wrong password!").await).await;
    assert_eq!(status, 401);

    // The block passes.
    app.state.clock.advance(Duration::seconds(secs as i64 + 1));
    login_ok(&app, &org.organizer_email, PASSWORD).await;
    // A success forgets the failures.
    let (status, _, _) = answer(login(&app, &org.organizer_email, "wrong password!").await).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn blocks_double_up_to_five_minutes() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let mut blocks = Vec::new();
    for _ in 0..5 {
        // Fail until blocked, then wait the block out.
        let secs = loop {
            let (status, retry, _) = answer(login(&app, &org.organizer_email, "wrong password!").await).await;
            if status == 429 {
                break retry.unwrap().parse::<u64>().unwrap();
            }
            assert_eq!(status, 401);
        };
        blocks.push(secs);
        app.state.clock.advance(Duration::seconds(secs as i64 + 1));
    }
    assert_eq!(blocks, [30, 60, 120, 240, 300]);
    login_ok(&app, &org.organizer_email, PASSWORD).await;
}

async fn me_status(app: &TestApp, authorization: &str) -> (u16, Value) {
    let res = app.client.get(api(app, "/me")).header("authorization", authorization).send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn only_genuine_fresh_bearer_tokens_are_accepted() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let me = me(&app, org.token()).await;
    let now = app.state.clock.now().timestamp();
    let key = b"test-secret-test-secret-test-secret!";
    // The organizer's login session: a token must name a live one.
    let sid = server::auth::jwt::verify(key, org.token(), app.state.clock.now()).unwrap().sid;
    let claims = |aud: &str, typ: &str, exp: i64| Claims {
        sub: me.account_id.0,
        mid: me.current.id.0,
        sv: 0,
        sid,
        iat: now,
        exp,
        iss: "oncocenter".into(),
        aud: aud.into(),
        typ: typ.into(),
    };
    let sign =
        |c: &Claims, key: &[u8]| encode(&Header::new(Algorithm::HS256), c, &EncodingKey::from_secret(key)).unwrap();
    let good = sign(&claims("oncocenter-api", "access", now + 600), key);
    assert_eq!(me_status(&app, &format!("Bearer {good}")).await.0, 200, "the test key signs a valid token");
    assert_eq!(me_status(&app, &format!("bearer {good}")).await.0, 200, "the scheme is case-insensitive");

    let forged = sign(&claims("oncocenter-api", "access", now + 600), b"another-key-another-key-another-key!");
    let wrong_aud = sign(&claims("another-api", "access", now + 600), key);
    let wrong_typ = sign(&claims("oncocenter-api", "refresh", now + 600), key);
    let expired = sign(&claims("oncocenter-api", "access", now - 1), key);
    let no_session = sign(&Claims { sid: uuid::Uuid::now_v7(), ..claims("oncocenter-api", "access", now + 600) }, key);
    let hs512 = encode(
        &Header::new(Algorithm::HS512),
        &claims("oncocenter-api", "access", now + 600),
        &EncodingKey::from_secret(key),
    )
    .unwrap();
    for auth in [
        format!("Bearer {forged}"),
        format!("Bearer {wrong_aud}"),
        format!("Bearer {wrong_typ}"),
        format!("Bearer {expired}"),
        format!("Bearer {no_session}"),
        format!("Bearer {hs512}"),
        "Bearer garbage".to_owned(),
        "Bearer ".to_owned(),
        "Basic b3JnYW5pemVyQGNpdHkudGVzdDpjb3JyZWN0IGhvcnNlIGJhdHRlcnk=".to_owned(),
        good.clone(),
    ] {
        let (status, body) = me_status(&app, &auth).await;
        assert_eq!(status, 401, "{auth}");
        assert_eq!(body["code"], "unauthorized", "{auth}");
    }
    expect_problem(get(&app, "/me", None).await, 401, ErrorCode::Unauthorized).await;

    // A real token lapses after 15 minutes.
    app.state.clock.advance(Duration::minutes(15));
    expect_problem(get(&app, "/me", Some(org.token())).await, 401, ErrorCode::Unauthorized).await;
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let s = login_ok(&app, &org.organizer_email, PASSWORD).await;
    let res = app
        .client
        .post(api(&app, "/auth/logout"))
        .header("cookie", format!("oncocenter_refresh={}", s.cookie))
        .send()
        .await
        .unwrap();
    expect_problem(res, 403, ErrorCode::Forbidden).await;
    let res = app
        .client
        .post(api(&app, "/auth/logout"))
        .header("origin", "https://evil.example")
        .header("cookie", format!("oncocenter_refresh={}", s.cookie))
        .send()
        .await
        .unwrap();
    expect_problem(res, 403, ErrorCode::Forbidden).await;
    refresh_ok(&app, &s.cookie).await;

    let s = login_ok(&app, &org.organizer_email, PASSWORD).await;
    let res = app
        .client
        .post(api(&app, "/auth/logout"))
        .header("origin", ORIGIN)
        .header("cookie", format!("oncocenter_refresh={}", s.cookie))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(refresh_cookie(&res).as_deref(), Some(""), "the cookie is cleared");
    expect_problem(refresh(&app, Some(&s.cookie), Some(ORIGIN)).await, 401, ErrorCode::SessionExpired).await;
    // The other session (the organizer's activation tab) lives on.
    refresh_ok(&app, &org.organizer.cookie).await;
    // Without a session, logout still succeeds.
    let res = app.client.post(api(&app, "/auth/logout")).header("origin", ORIGIN).send().await.unwrap();
    assert_eq!(res.status(), 204);
}

/// `POST /auth/logout` as the SPA sends it: same origin, the cookie and the access token.
async fn logout(app: &TestApp, cookie: Option<&str>, token: Option<&str>) -> reqwest::Response {
    let mut req = app.client.post(api(app, "/auth/logout")).header("origin", ORIGIN);
    if let Some(c) = cookie {
        req = req.header("cookie", format!("oncocenter_refresh={c}"));
    }
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn logout_ends_that_sessions_access_token_at_once_and_no_other_session() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let laptop = login_ok(&app, &org.organizer_email, PASSWORD).await;
    let phone = login_ok(&app, &org.organizer_email, PASSWORD).await;
    assert_eq!(get(&app, "/me", Some(laptop.token())).await.status(), 200);

    assert_eq!(logout(&app, Some(&laptop.cookie), None).await.status(), 204);
    // The access token dies on its very next request, not after its 15 minutes.
    expect_problem(get(&app, "/me", Some(laptop.token())).await, 401, ErrorCode::Unauthorized).await;
    expect_problem(refresh(&app, Some(&laptop.cookie), Some(ORIGIN)).await, 401, ErrorCode::SessionExpired).await;
    // The phone stays logged in, and refreshes on.
    assert_eq!(get(&app, "/me", Some(phone.token())).await.status(), 200);
    let renewed = refresh_ok(&app, &phone.cookie).await;
    assert_eq!(get(&app, "/me", Some(renewed.token())).await.status(), 200);
    // A token refreshed within the session belongs to it too: logging out ends it as well.
    assert_eq!(logout(&app, Some(&renewed.cookie), None).await.status(), 204);
    expect_problem(get(&app, "/me", Some(renewed.token())).await, 401, ErrorCode::Unauthorized).await;
    expect_problem(get(&app, "/me", Some(phone.token())).await, 401, ErrorCode::Unauthorized).await;
    // The organizer's activation session was never touched.
    assert_eq!(get(&app, "/me", Some(org.token())).await.status(), 200);
}

#[tokio::test]
async fn logout_with_only_the_access_token_ends_its_session() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let s = login_ok(&app, &org.organizer_email, PASSWORD).await;
    // The cookie was lost (another tab logged out, or the browser dropped it): the token alone
    // still ends its session.
    assert_eq!(logout(&app, None, Some(s.token())).await.status(), 204);
    expect_problem(get(&app, "/me", Some(s.token())).await, 401, ErrorCode::Unauthorized).await;
    expect_problem(refresh(&app, Some(&s.cookie), Some(ORIGIN)).await, 401, ErrorCode::SessionExpired).await;
    assert_eq!(get(&app, "/me", Some(org.token())).await.status(), 200);
}

#[tokio::test]
async fn parallel_wrong_passwords_all_count() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..20 {
        let (client, url) = (app.client.clone(), api(&app, "/auth/login"));
        let body = json!({"email": org.organizer_email, "password": format!("wrong password {i}")});
        guesses.spawn(async move { client.post(url).json(&body).send().await.unwrap().status().as_u16() });
    }
    let mut statuses = Vec::new();
    while let Some(status) = guesses.join_next().await {
        statuses.push(status.unwrap());
    }
    assert!(statuses.iter().all(|s| matches!(s, 401 | 429)), "{statuses:?}");
    // Twenty failures are far beyond the five free ones: the address is blocked now.
    let (status, retry, _) = answer(login(&app, &org.organizer_email, PASSWORD).await).await;
    assert_eq!(status, 429, "after {statuses:?}");
    assert!(retry.is_some());
}
