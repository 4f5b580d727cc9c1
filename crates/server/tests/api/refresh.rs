//! The refresh cookie: rotated on each use, a 30 s grace window for two tabs, reuse later
//! revokes the whole session, same-origin only.

use chrono::Duration;
use common::ErrorCode;

use crate::accounts_helpers::*;
use crate::helpers::spawn_app;

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
