//! Which methods each documented API path accepts, read from the OpenAPI document. Lets an
//! unmatched request be answered precisely: 405 with `Allow` when the path exists with other
//! methods, 404 when it does not.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use common::{ErrorCode, Problem};

use crate::error::problem_response;

#[derive(Debug, Clone, Default)]
pub struct ApiIndex {
    routes: Vec<(Vec<Segment>, Vec<&'static str>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param,
}

impl ApiIndex {
    pub fn from_doc(doc: &utoipa::openapi::OpenApi) -> Self {
        let routes = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path
                    .trim_matches('/')
                    .split('/')
                    .map(|s| if s.starts_with('{') { Segment::Param } else { Segment::Literal(s.to_owned()) })
                    .collect();
                let mut methods = Vec::new();
                for (name, op) in [
                    ("GET", &item.get),
                    ("POST", &item.post),
                    ("PUT", &item.put),
                    ("PATCH", &item.patch),
                    ("DELETE", &item.delete),
                ] {
                    if op.is_some() {
                        methods.push(name);
                    }
                }
                (segments, methods)
            })
            .collect();
        Self { routes }
    }

    /// The methods the path accepts, or `None` when no documented path matches.
    pub fn methods_for(&self, path: &str) -> Option<Vec<&'static str>> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let mut found: Option<Vec<&'static str>> = None;
        for (segments, methods) in &self.routes {
            let matches = segments.len() == parts.len()
                && segments.iter().zip(&parts).all(|(s, p)| match s {
                    Segment::Param => !p.is_empty(),
                    Segment::Literal(l) => l == p,
                });
            if matches {
                found.get_or_insert_with(Vec::new).extend(methods.iter().copied());
            }
        }
        found
    }

    /// The answer to an API request no handler took.
    pub fn unmatched(&self, req: &HttpRequest) -> HttpResponse {
        match self.methods_for(req.path()) {
            Some(mut methods) if !methods.is_empty() => {
                if methods.contains(&"GET") {
                    methods.push("HEAD");
                }
                let allow = methods.join(", ");
                let mut res = problem_response(&Problem::new(
                    ErrorCode::MethodNotAllowed,
                    Some(format!("{} is not allowed here; allowed: {allow}.", req.method())),
                ));
                if let Ok(v) = HeaderValue::from_str(&allow) {
                    res.headers_mut().insert(header::ALLOW, v);
                }
                res
            }
            _ => problem_response(&Problem::new(ErrorCode::NotFound, Some("No such endpoint.".to_owned()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_templates() {
        let idx = ApiIndex {
            routes: vec![
                (vec![Segment::Literal("api".into()), Segment::Literal("x".into()), Segment::Param], vec!["GET"]),
                (vec![Segment::Literal("api".into()), Segment::Literal("x".into())], vec!["POST"]),
            ],
        };
        assert_eq!(idx.methods_for("/api/x/123"), Some(vec!["GET"]));
        assert_eq!(idx.methods_for("/api/x"), Some(vec!["POST"]));
        assert_eq!(idx.methods_for("/api/y"), None);
        assert_eq!(idx.methods_for("/api/x/1/2"), None);
    }
}
