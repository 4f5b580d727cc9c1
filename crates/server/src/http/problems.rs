//! The problem-type documentation that every problem's `type` points at (RFC 9457 §3.1.1):
//! `GET /api/problems` lists every [`ErrorCode`]; `GET /api/problems/{code}` describes one —
//! its meaning, HTTP status and title. Generated from the enum, so a new code has its page.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use common::error::PROBLEM_TYPE_BASE;
use common::{ErrorCode, Problem};

use crate::http::error::problem_response;

/// Registers the pages and the `/api/docs` → `/api/docs/` redirect (before the `/api` scope).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/problems", web::get().to(index))
        .route("/api/problems/{code}", web::get().to(one))
        .route("/api/docs", web::get().to(docs_redirect));
}

/// Swagger UI lives at `/api/docs/`; the address without the slash is where people type.
async fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect().insert_header((header::LOCATION, "/api/docs/")).finish()
}

async fn index() -> HttpResponse {
    let rows: String = ErrorCode::ALL
        .iter()
        .map(|&c| {
            format!(
                "<tr id=\"{code}\"><td><a href=\"{PROBLEM_TYPE_BASE}{code}\"><code>{code}</code></a></td><td>{status}</td><td>{meaning}</td></tr>\n",
                code = c.as_str(),
                status = c.status(),
                meaning = inline(c.meaning()),
            )
        })
        .collect();
    html(
        "OncoCenter API problem types",
        &format!(
            "<h1>Problem types of the OncoCenter API</h1>\n<p>Every error answer of the API is \
             <code>application/problem+json</code> (RFC 9457) with a stable <code>code</code>; its \
             <code>type</code> is <code>{PROBLEM_TYPE_BASE}&lt;code&gt;</code>, a page below. Clients match \
             on <code>code</code>, never on the text.</p>\n<table>\n<tr><th>code</th><th>status</th><th>meaning</th></tr>\n{rows}</table>"
        ),
    )
}

async fn one(code: web::Path<String>) -> HttpResponse {
    let Some(c) = ErrorCode::from_wire(&code) else {
        return problem_response(&Problem::new(ErrorCode::NotFound, Some("No such problem type.".to_owned())));
    };
    html(
        &format!("{} — OncoCenter API problem type", c.as_str()),
        &format!(
            "<h1><code>{code}</code>: {title}</h1>\n<p>{meaning}</p>\n<dl><dt>HTTP status</dt><dd>{status}</dd>\
             <dt>type</dt><dd><code>{PROBLEM_TYPE_BASE}{code}</code></dd><dt>title</dt><dd>{title}</dd></dl>\n\
             <p><a href=\"/api/problems\">All problem types</a> · <a href=\"/api/docs/\">API documentation</a></p>",
            code = c.as_str(),
            title = escape(c.title()),
            meaning = inline(c.meaning()),
            status = c.status(),
        ),
    )
}

fn html(title: &str, body: &str) -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}\
         table{{border-collapse:collapse}}td,th{{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}}\
         </style></head><body>\n{body}\n</body></html>\n",
        title = escape(title),
    ))
}

/// Escaped text with `code` spans (the meanings are written with Markdown backticks).
fn inline(s: &str) -> String {
    s.split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { format!("<code>{}</code>", escape(part)) } else { escape(part) })
        .collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
