//! The refresh cookie: rotated on each use, a 30 s grace window for two tabs, reuse later
//! revokes the whole session, same-origin only.

use chrono::Duration;
use common::ErrorCode;

use crate::support::accounts::*;
use crate::support::app::{TestApp, spawn_app, spawn_app_with};

#[tokio::test]
async fn a_refresh_rotates_the_cookie_and_issues_a_token() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let s = login_ok(&app, &org.organizer_email, PASSWORD).await;
    app.state.clock.advance(Duration::minutes(14));
    let res = refresh(&app, Some(&s.cookie), Some(ORIGIN)).await;
    let set_cookie = refresh_set_cookie(&res).expect("a new cookie");
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("Path=/api/v1/auth"), "{set_cookie}");
    let new_cookie = refresh_cookie(&res).unwrap();
    assert_ne!(new_cookie, s.cookie);
    let dto: common::auth::SessionDto = json_of(res, 200).await;
    assert_eq!(dto.membership.id, s.dto.membership.id);
    // The new access token outlives the old one.
    app.state.clock.advance(Duration::minutes(2));
    expect_problem(get(&app, "/me", Some(s.token())).await, 401, ErrorCode::Unauthorized).await;
    assert_eq!(me(&app, &dto.access_token).await.current.id, s.dto.membership.id);
    // And the chain goes on.
    let next = refresh_ok(&app, &new_cookie).await;
    assert_ne!(next.cookie, new_cookie);
}

#[tokio::test]
async fn refresh_is_same_origin_only() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let cookie = &org.organizer.cookie;
    expect_problem(refresh(&app, Some(cookie), None).await, 403, ErrorCode::Forbidden).await;
    for origin in ["https://evil.example", "http://oncocenter.test.evil.example", "null", "https://oncocenter.test"] {
        expect_problem(refresh(&app, Some(cookie), Some(origin)).await, 403, ErrorCode::Forbidden).await;
    }
    // The request's own host is same-origin too.
    let own = app.address.clone();
    let s = json_of::<common::auth::SessionDto>(refresh(&app, Some(cookie), Some(&own)).await, 200).await;
    assert_eq!(s.membership.id, org.organizer.dto.membership.id);
}

#[tokio::test]
async fn no_or_unknown_cookie_is_session_expired() {
    let app = spawn_app().await;
    expect_problem(refresh(&app, None, Some(ORIGIN)).await, 401, ErrorCode::SessionExpired).await;
    let res = refresh(&app, Some("made-up-token"), Some(ORIGIN)).await;
    assert_eq!(refresh_cookie(&res).as_deref(), Some(""), "a bad cookie is cleared");
    expect_problem(res, 401, ErrorCode::SessionExpired).await;
}

#[tokio::test]
async fn two_tabs_refreshing_with_one_cookie_both_stay_logged_in() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let old = login_ok(&app, &org.organizer_email, PASSWORD).await.cookie;
    let first = refresh_ok(&app, &old).await;
    app.state.clock.advance(Duration::seconds(29));
    let second = refresh_ok(&app, &old).await;
    assert_ne!(first.cookie, second.cookie);
    // Both tabs go on.
    refresh_ok(&app, &first.cookie).await;
    refresh_ok(&app, &second.cookie).await;
}

#[tokio::test]
async fn concurrent_refreshes_with_one_cookie_both_succeed() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    for _ in 0..3 {
        let cookie = login_ok(&app, &org.organizer_email, PASSWORD).await.cookie;
        let (a, b) =
            tokio::join!(refresh(&app, Some(&cookie), Some(ORIGIN)), refresh(&app, Some(&cookie), Some(ORIGIN)));
        let (ca, cb) = (refresh_cookie(&a).unwrap(), refresh_cookie(&b).unwrap());
        json_of::<common::auth::SessionDto>(a, 200).await;
        json_of::<common::auth::SessionDto>(b, 200).await;
        assert_ne!(ca, cb);
        refresh_ok(&app, &ca).await;
        refresh_ok(&app, &cb).await;
    }
}

#[tokio::test]
async fn reuse_after_the_grace_window_revokes_the_whole_session() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let old = login_ok(&app, &org.organizer_email, PASSWORD).await.cookie;
    let newest = refresh_ok(&app, &old).await;
    app.state.clock.advance(Duration::seconds(31));
    let res = refresh(&app, Some(&old), Some(ORIGIN)).await;
    assert_eq!(refresh_cookie(&res).as_deref(), Some(""), "the cookie is cleared");
    expect_problem(res, 401, ErrorCode::SessionExpired).await;
    // The thief's (or the victim's) newest token is dead too.
    expect_problem(refresh(&app, Some(&newest.cookie), Some(ORIGIN)).await, 401, ErrorCode::SessionExpired).await;
    // Other sessions of the account are not touched.
    refresh_ok(&app, &org.organizer.cookie).await;
}

#[tokio::test]
async fn a_session_lapses_after_thirty_days() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let s = login_ok(&app, &org.organizer_email, PASSWORD).await;
    app.state.clock.advance(Duration::days(29));
    let s = refresh_ok(&app, &s.cookie).await;
    app.state.clock.advance(Duration::days(29));
    let s = refresh_ok(&app, &s.cookie).await;
    app.state.clock.advance(Duration::days(30) + Duration::seconds(1));
    expect_problem(refresh(&app, Some(&s.cookie), Some(ORIGIN)).await, 401, ErrorCode::SessionExpired).await;
}

/// A refresh whose `Origin` and forwarding headers a client chose.
async fn refresh_with(app: &TestApp, cookie: &str, origin: &str, header: (&str, &str)) -> reqwest::Response {
    app.client
        .post(api(app, "/auth/refresh"))
        .header("cookie", format!("oncocenter_refresh={cookie}"))
        .header("origin", origin)
        .header(header.0, header.1)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn forwarding_headers_from_an_untrusted_client_do_not_vouch_for_its_origin() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let cookie = &org.organizer.cookie;
    for header in [("x-forwarded-host", "evil.example"), ("forwarded", "for=6.6.6.6;host=evil.example;proto=https")] {
        let res = refresh_with(&app, cookie, "http://evil.example", header).await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
    }
    // Logout is checked the same way.
    let res = app
        .client
        .post(api(&app, "/auth/logout"))
        .header("cookie", format!("oncocenter_refresh={cookie}"))
        .header("origin", "http://evil.example")
        .header("x-forwarded-host", "evil.example")
        .send()
        .await
        .unwrap();
    expect_problem(res, 403, ErrorCode::Forbidden).await;
    // The session was not touched.
    refresh_ok(&app, cookie).await;
}

#[tokio::test]
async fn forwarding_headers_from_a_trusted_proxy_are_believed() {
    let app = spawn_app_with(|s| s.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    let org = one_org(&app).await;
    let mut cookie = org.organizer.cookie.clone();
    for header in [("x-forwarded-host", "onco.example.org"), ("forwarded", "for=203.0.113.7;host=\"onco.example.org\"")]
    {
        let res = refresh_with(&app, &cookie, "https://onco.example.org", header).await;
        cookie = refresh_cookie(&res).expect("a rotated cookie");
        json_of::<common::auth::SessionDto>(res, 200).await;
        // A forwarded host does not make another origin same-origin.
        let res = refresh_with(&app, &cookie, "https://evil.example", header).await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
    }
    // The configured base URL is always same-origin.
    refresh_ok(&app, &cookie).await;
}
