//! Which methods each documented API path accepts, read from the OpenAPI document. Lets an
//! unmatched request be answered precisely: 405 with `Allow` when the path exists with other
//! methods, 404 when it does not.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use common::{ErrorCode, Problem};

use crate::http::error::problem_response;

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

    /// The methods the path accepts, or `None` when no documented path matches. When several
    /// templates match, the most specific wins — a literal segment beats a parameter at the
    /// first place they differ (`/prices/import` over `/prices/{id}`) — as in the router, where
    /// literal routes are registered before parameter routes.
    pub fn methods_for(&self, path: &str) -> Option<Vec<&'static str>> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let mut best: Option<(Vec<bool>, Vec<&'static str>)> = None;
        for (segments, methods) in &self.routes {
            let matches = segments.len() == parts.len()
                && segments.iter().zip(&parts).all(|(s, p)| match s {
                    Segment::Param => !p.is_empty(),
                    Segment::Literal(l) => l == p,
                });
            if !matches {
                continue;
            }
            let shape: Vec<bool> = segments.iter().map(|s| matches!(s, Segment::Literal(_))).collect();
            match &mut best {
                Some((best_shape, best_methods)) if *best_shape == shape => {
                    best_methods.extend(methods.iter().copied())
                }
                Some((best_shape, _)) if *best_shape > shape => {}
                _ => best = Some((shape, methods.clone())),
            }
        }
        best.map(|(_, methods)| methods)
    }

    /// For an API request whose path is documented but not with this method: the 405 answer,
    /// given before routing, so a parameter route (`PUT /prices/{id}`) never takes a literal
    /// path (`/prices/import`) as its parameter.
    pub fn method_not_allowed(&self, req: &HttpRequest) -> Option<HttpResponse> {
        let methods = self.methods_for(req.path())?;
        let method = req.method().as_str();
        let allowed = methods.contains(&method) || (method == "HEAD" && methods.contains(&"GET"));
        (!allowed && !methods.is_empty()).then(|| self.unmatched(req))
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

    #[test]
    fn a_literal_segment_beats_a_parameter() {
        let idx = ApiIndex {
            routes: vec![
                (vec![Segment::Literal("prices".into()), Segment::Param], vec!["PUT", "DELETE"]),
                (vec![Segment::Literal("prices".into()), Segment::Literal("import".into())], vec!["POST"]),
                (vec![Segment::Param, Segment::Literal("import".into())], vec!["GET"]),
            ],
        };
        assert_eq!(idx.methods_for("/prices/import"), Some(vec!["POST"]));
        assert_eq!(idx.methods_for("/prices/0190"), Some(vec!["PUT", "DELETE"]));
        assert_eq!(idx.methods_for("/other/import"), Some(vec!["GET"]));
    }
}
