//! Every error is problem+json with a stable code: routing errors on the real app, body
//! errors through the server's `Json` extractor.

use actix_web::middleware::ErrorHandlers;
use actix_web::{App, HttpResponse, test, web};
use common::{ErrorCode, Problem};
use server::http::extract::{JSON_LIMIT, Json};
use server::http::middleware::problem_for_bare_errors;

use crate::support::app::spawn_app;

async fn problem(res: reqwest::Response) -> Problem {
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    res.json().await.unwrap()
}

#[tokio::test]
async fn unknown_api_route_is_404_problem() {
    let app = spawn_app().await;
    for path in ["/api/v1/nothing-here", "/api/v2/health", "/api/v1/health/extra"] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
        let p = problem(res).await;
        assert_eq!(p.code, ErrorCode::NotFound);
        assert_eq!(p.type_uri, "/api/problems/not_found");
    }
}

#[tokio::test]
async fn every_problem_type_uri_answers_with_its_documentation() {
    let app = spawn_app().await;
    for &code in ErrorCode::ALL {
        let type_uri = Problem::new(code, None).type_uri;
        // Relative to the API's origin (RFC 9457 §3.1.1): resolved against the request's URL.
        assert!(type_uri.starts_with('/'), "{type_uri}");
        let res = app.client.get(app.url(&type_uri)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{type_uri}");
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let html = res.text().await.unwrap();
        assert!(html.contains(code.as_str()), "{type_uri} names its code");
        assert!(html.contains(&code.status().to_string()), "{type_uri} names its status");
        for part in code.meaning().split('`') {
            assert!(html.contains(&part.replace('&', "&amp;")), "{type_uri} says what it means: {part}");
        }
    }
    let index = app.client.get(app.url("/api/problems")).send().await.unwrap();
    assert_eq!(index.status(), 200);
    let html = index.text().await.unwrap();
    for &code in ErrorCode::ALL {
        assert!(html.contains(&format!("href=\"/api/problems/{}\"", code.as_str())), "index links {code}");
    }
}

#[tokio::test]
async fn an_unknown_problem_type_is_404() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/api/problems/no_such_code")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(problem(res).await.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn a_literal_path_is_never_taken_for_a_parameter() {
    // `/prices/import` (POST) beside `/prices/{id}` (PUT, DELETE): other methods on `import`
    // are 405 naming only POST — not the `{id}` route answering for "import".
    let app = spawn_app().await;
    for method in [reqwest::Method::OPTIONS, reqwest::Method::PUT, reqwest::Method::DELETE, reqwest::Method::GET] {
        let res = app.client.request(method.clone(), app.url("/api/v1/prices/import")).send().await.unwrap();
        assert_eq!(res.status(), 405, "{method}");
        assert_eq!(res.headers()["allow"], "POST", "{method}");
        assert_eq!(problem(res).await.code, ErrorCode::MethodNotAllowed);
    }
    // The parameter route itself still answers (here: not logged in).
    let id = uuid::Uuid::now_v7();
    let res = app.client.put(app.url(&format!("/api/v1/prices/{id}"))).send().await.unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn wrong_method_is_405_problem_with_allow() {
    let app = spawn_app().await;
    let res = app.client.delete(app.url("/api/v1/health")).send().await.unwrap();
    assert_eq!(res.status(), 405);
    assert_eq!(res.headers()["allow"], "GET, HEAD");
    assert_eq!(problem(res).await.code, ErrorCode::MethodNotAllowed);
}

#[derive(serde::Deserialize)]
struct Echo {
    email: String,
    count: u32,
}

async fn echo(Json(body): Json<Echo>) -> HttpResponse {
    HttpResponse::Ok().body(format!("{}:{}", body.email, body.count))
}

async fn call(content_type: &str, body: Vec<u8>) -> (u16, Option<Problem>) {
    let app = test::init_service(
        App::new()
            .app_data(web::PayloadConfig::new(JSON_LIMIT))
            .wrap(ErrorHandlers::new().default_handler(problem_for_bare_errors))
            .route("/echo", web::post().to(echo)),
    )
    .await;
    let req = test::TestRequest::post()
        .uri("/echo")
        .insert_header(("content-type", content_type))
        .set_payload(body)
        .to_request();
    let res = test::call_service(&app, req).await;
    let status = res.status().as_u16();
    let bytes = test::read_body(res).await;
    (status, serde_json::from_slice(&bytes).ok())
}

#[actix_web::test]
async fn a_valid_body_passes() {
    let (status, _) = call("application/json", br#"{"email":"a@b.c","count":2}"#.to_vec()).await;
    assert_eq!(status, 200);
}

#[actix_web::test]
async fn malformed_json_is_400() {
    let (status, p) = call("application/json", br#"{"email": "#.to_vec()).await;
    assert_eq!(status, 400);
    assert_eq!(p.unwrap().code, ErrorCode::MalformedJson);
}

#[actix_web::test]
async fn wrong_type_is_422_naming_the_field() {
    let (status, p) = call("application/json", br#"{"email":"a@b.c","count":"many"}"#.to_vec()).await;
    assert_eq!(status, 422);
    let p = p.unwrap();
    assert_eq!(p.code, ErrorCode::ValidationFailed);
    assert_eq!(p.errors[0].field, "count");
}

#[actix_web::test]
async fn missing_field_is_422_naming_the_field() {
    let (status, p) = call("application/json", br#"{"count":1}"#.to_vec()).await;
    assert_eq!(status, 422);
    let p = p.unwrap();
    assert_eq!(p.errors[0].field, "email");
    assert_eq!(p.errors[0].code, "required");
}

#[actix_web::test]
async fn negative_number_for_unsigned_is_422() {
    let (status, p) = call("application/json", br#"{"email":"a@b.c","count":-1}"#.to_vec()).await;
    assert_eq!(status, 422);
    assert_eq!(p.unwrap().errors[0].field, "count");
}

#[actix_web::test]
async fn oversized_body_is_413() {
    let big = format!(r#"{{"email":"{}","count":1}}"#, "a".repeat(JSON_LIMIT + 10));
    let (status, p) = call("application/json", big.into_bytes()).await;
    assert_eq!(status, 413);
    assert_eq!(p.unwrap().code, ErrorCode::PayloadTooLarge);
}

#[actix_web::test]
async fn wrong_content_type_is_415() {
    let (status, p) = call("text/plain", br#"{"email":"a@b.c","count":2}"#.to_vec()).await;
    assert_eq!(status, 415);
    assert_eq!(p.unwrap().code, ErrorCode::UnsupportedMediaType);
}
