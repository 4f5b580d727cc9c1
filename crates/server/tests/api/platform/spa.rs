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

/// A built folder with brotli and gzip copies of its script, as `precompress` writes them.
async fn app_with_copies() -> crate::support::app::TestApp {
    let dir = tempfile::tempdir().unwrap().keep();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>OncoCenter</title>").unwrap();
    std::fs::write(dir.join("index.html.br"), b"BR-INDEX").unwrap();
    std::fs::write(dir.join("app.js"), "console.log('hi')").unwrap();
    std::fs::write(dir.join("app.js.br"), b"BR-BYTES").unwrap();
    std::fs::write(dir.join("app.js.gz"), b"GZ-BYTES").unwrap();
    std::fs::write(dir.join("style.css"), "body{}").unwrap();
    spawn_app_with(|s| s.spa_dir = dir).await
}

async fn fetch(app: &crate::support::app::TestApp, path: &str, accept: Option<&str>) -> reqwest::Response {
    let mut req = app.client.get(app.url(path));
    if let Some(a) = accept {
        req = req.header("accept-encoding", a);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn precompressed_copies_are_sent_to_whoever_accepts_them() {
    let app = app_with_copies().await;
    // Brotli first; gzip to a client without it; the original to one that accepts neither.
    for (accept, encoding, body) in [
        (Some("gzip, deflate, br"), Some("br"), "BR-BYTES"),
        (Some("br"), Some("br"), "BR-BYTES"),
        (Some("gzip, br;q=0"), Some("gzip"), "GZ-BYTES"),
        (Some("identity"), None, "console.log('hi')"),
        (None, None, "console.log('hi')"),
    ] {
        let res = fetch(&app, "/app.js?v=abc123", accept).await;
        assert_eq!(res.status(), 200, "{accept:?}");
        assert_eq!(res.headers().get("content-encoding").map(|v| v.to_str().unwrap()), encoding, "{accept:?}");
        assert!(res.headers()["content-type"].to_str().unwrap().contains("javascript"), "typed as the original");
        assert_eq!(res.headers()["vary"], "accept-encoding");
        assert_eq!(res.text().await.unwrap(), body, "{accept:?}");
    }
    // The shell at `/` has its brotli copy too.
    let res = fetch(&app, "/", Some("br")).await;
    assert_eq!(res.headers()["content-encoding"], "br");
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    // Shown, never downloaded as a file named after the copy.
    assert!(res.headers().get("content-disposition").is_none_or(|v| !v.to_str().unwrap().contains("attachment")));
    // A file without copies is compressed on the fly as before (gzip), or sent as it is.
    let res = fetch(&app, "/style.css?v=1", Some("gzip")).await;
    assert_eq!(res.status(), 200);
    let res = fetch(&app, "/style.css?v=1", None).await;
    assert_eq!(res.text().await.unwrap(), "body{}");
}

#[tokio::test]
async fn hashed_files_are_immutable_and_the_shell_is_revalidated() {
    let app = app_with_copies().await;
    let res = fetch(&app, "/app.js?v=abc123", Some("br")).await;
    assert_eq!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
    for path in ["/", "/index.html", "/login", "/staff/patients/x", "/app.js"] {
        let res = fetch(&app, path, Some("br")).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
    }
    // A missing file is a 404 problem, never cached as immutable.
    let res = fetch(&app, "/missing.js?v=1", Some("br")).await;
    assert_eq!(res.status(), 404);
    assert!(res.headers().get("cache-control").is_none_or(|v| v != "public, max-age=31536000, immutable"));
}
