//! The committed `openapi/openapi.json` must equal what the code generates and serves.
//! Regenerate it with `cargo run -p server --bin oncocenter -- openapi > openapi/openapi.json`
//! (or `just openapi`).

use std::path::Path;

use crate::support::app::spawn_app;

fn committed() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../openapi/openapi.json");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn committed_document_is_current() {
    let generated = server::http::openapi::document_json().unwrap();
    assert!(
        generated == committed(),
        "openapi/openapi.json is out of date: run `just openapi` (cargo run -p server --bin oncocenter -- openapi > openapi/openapi.json)"
    );
}

#[tokio::test]
async fn served_document_equals_the_committed_one() {
    let app = spawn_app().await;
    let served: serde_json::Value =
        app.client.get(app.url("/api/openapi.json")).send().await.unwrap().json().await.unwrap();
    let committed: serde_json::Value = serde_json::from_str(&committed()).unwrap();
    assert_eq!(served, committed);
    assert_eq!(served["openapi"], "3.1.0");
}

#[tokio::test]
async fn every_operation_documents_its_errors_and_schemas() {
    let doc = server::http::openapi::document();
    for (path, item) in &doc.paths.paths {
        for op in [&item.get, &item.post, &item.put, &item.patch, &item.delete].into_iter().flatten() {
            assert!(op.tags.as_ref().is_some_and(|t| !t.is_empty()), "{path}: no tag");
            assert!(!op.responses.responses.is_empty(), "{path}: no responses");
        }
    }
}

#[tokio::test]
async fn every_operation_documents_the_shared_problem_answers() {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::{RefOr, Required};
    let doc = server::http::openapi::document();
    let shared = &doc.components.as_ref().unwrap().responses;
    for name in [
        "BadRequest",
        "Unauthorized",
        "Forbidden",
        "NotFound",
        "PayloadTooLarge",
        "UnsupportedMediaType",
        "ValidationFailed",
        "Unavailable",
    ] {
        assert!(shared.contains_key(name), "components.responses.{name}");
    }
    let mut ids = std::collections::HashSet::new();
    for (path, item) in &doc.paths.paths {
        for op in [&item.get, &item.post, &item.put, &item.patch, &item.delete].into_iter().flatten() {
            let has = |status: &str| op.responses.responses.contains_key(status);
            let id = op.operation_id.clone().unwrap_or_default();
            assert!(ids.insert(id.clone()), "{path}: operationId {id} is not unique");
            assert!(has("503"), "{path}: 503");
            if op.security.as_ref().is_some_and(|s| s.iter().any(|r| *r != Default::default())) {
                assert!(has("401") && has("403"), "{path} is secured: 401 and 403");
            }
            if op.request_body.is_some() {
                for status in ["400", "413", "415", "422"] {
                    assert!(has(status), "{path} takes a body: {status}");
                }
            }
            let params = op.parameters.as_deref().unwrap_or_default();
            if params.iter().any(
                |p| matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Path && p.required == Required::True),
            ) {
                assert!(has("404") && has("400"), "{path} has a path parameter: 400 and 404");
            }
        }
    }
}

#[test]
fn every_reference_resolves() {
    let doc = serde_json::to_value(server::http::openapi::document()).unwrap();
    fn walk(v: &serde_json::Value, doc: &serde_json::Value, dangling: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(r) = map.get("$ref").and_then(|r| r.as_str())
                    && doc.pointer(r.trim_start_matches('#')).is_none()
                {
                    dangling.push(r.to_owned());
                }
                map.values().for_each(|v| walk(v, doc, dangling));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, doc, dangling)),
            _ => {}
        }
    }
    let mut dangling = Vec::new();
    walk(&doc, &doc, &mut dangling);
    dangling.sort();
    dangling.dedup();
    assert!(dangling.is_empty(), "references to nothing: {dangling:?}");
}

#[tokio::test]
async fn docs_without_the_trailing_slash_redirect() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/api/docs")).send().await.unwrap();
    assert_eq!(res.status(), 308);
    assert_eq!(res.headers()["location"], "/api/docs/");
}

#[tokio::test]
async fn interactive_docs_work_offline() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "docs page is Swagger UI");
    // Its assets are served by us, not a CDN.
    assert!(!html.contains("https://"), "docs page must not load from the internet");
    let css = app.client.get(app.url("/api/docs/swagger-ui.css")).send().await.unwrap();
    assert_eq!(css.status(), 200);
}
