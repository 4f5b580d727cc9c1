use crate::support::app::spawn_app;

#[tokio::test]
async fn health_answers_ok_with_security_headers() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/api/v1/health")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    let body: common::health::Health = res.json().await.unwrap();
    assert_eq!(body.status, "ok");
    assert_eq!(body.version, env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn ready_checks_the_database() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/api/v1/ready")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let body: common::health::Readiness = res.json().await.unwrap();
    assert_eq!(body.database, "ok");
}

#[tokio::test]
async fn ready_is_503_problem_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.state.db.clone().close().await.unwrap();
    let res = app.client.get(app.url("/api/v1/ready")).send().await.unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let p: common::Problem = res.json().await.unwrap();
    assert_eq!(p.code, common::ErrorCode::ServiceUnavailable);
}
