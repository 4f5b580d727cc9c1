//! The built SPA is served from one origin with the API.

use crate::support::app::spawn_app_with;

async fn app_with_spa() -> crate::support::app::TestApp {
    let dir = tempfile::tempdir().unwrap().keep();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>OncoCenter</title>").unwrap();
    std::fs::write(dir.join("app.js"), "console.log('hi')").unwrap();
    spawn_app_with(|s| s.spa_dir = dir).await
}

#[tokio::test]
async fn client_routes_fall_back_to_index_html() {
    let app = app_with_spa().await;
    for path in ["/", "/login", "/admin/staff/doctors"] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        assert!(res.text().await.unwrap().contains("<title>OncoCenter</title>"));
    }
}

#[tokio::test]
async fn assets_are_served_and_a_missing_asset_is_404() {
    let app = app_with_spa().await;
    let res = app.client.get(app.url("/app.js")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let res = app.client.get(app.url("/missing.js")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn api_paths_never_fall_back_to_the_spa() {
    let app = app_with_spa().await;
    let res = app.client.get(app.url("/api/v1/unknown")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}
