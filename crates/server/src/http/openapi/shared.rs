//! The problem answers that central code gives on any operation — the `Json` extractor, the
//! parameter parsers, the auth extractors, the request timeout — documented in one place
//! (`components.responses`) and referenced from every operation they apply to, so no handler
//! has to repeat them and none can forget them. A handler's own, more specific description of
//! a status wins: a status it documents is never replaced.

use std::collections::HashMap;

use common::page::MAX_PAGE_SIZE;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{Content, OpenApi, Ref, RefOr};

use crate::http::error::PROBLEM_JSON;

/// `(status, component name, description, applies to)`.
const SHARED: &[(&str, &str, &str, Applies)] = &[
    (
        "400",
        "BadRequest",
        "The body is not well-formed JSON (`malformed_json`), or a path or query parameter cannot be parsed \
         (`invalid_parameter`, with `errors`)",
        Applies::WithInput,
    ),
    (
        "401",
        "Unauthorized",
        "No valid access token (`unauthorized`), or the session ended (`session_expired`)",
        Applies::Secured,
    ),
    (
        "403",
        "Forbidden",
        "The caller's role may not do this (`forbidden`), or the access was deactivated (`membership_inactive`)",
        Applies::Secured,
    ),
    ("404", "NotFound", "No such resource, or not visible to the caller (`not_found`)", Applies::WithPathParameters),
    ("413", "PayloadTooLarge", "The body is larger than the endpoint accepts (`payload_too_large`)", Applies::WithBody),
    (
        "415",
        "UnsupportedMediaType",
        "The body is not of the documented media type (`unsupported_media_type`)",
        Applies::WithBody,
    ),
    (
        "422",
        "ValidationFailed",
        "A field or query parameter is missing or invalid (`validation_failed`; `errors` names each field by \
         its JSON path)",
        Applies::WithBodyOrParameters,
    ),
    (
        "503",
        "Unavailable",
        "The database is unavailable (`service_unavailable`) or the request took too long (`timeout`)",
        Applies::All,
    ),
];

#[derive(Debug, Clone, Copy)]
enum Applies {
    All,
    Secured,
    WithPathParameters,
    WithBody,
    WithBodyOrParameters,
    WithInput,
}

impl Applies {
    fn to(self, op: &Operation) -> bool {
        let params = op.parameters.as_deref().unwrap_or_default();
        let has = |place: ParameterIn| params.iter().any(|p| matches!(p, RefOr::T(p) if p.parameter_in == place));
        let body = op.request_body.is_some();
        match self {
            Self::All => true,
            Self::Secured => {
                op.security.as_ref().is_some_and(|reqs| reqs.iter().any(|r| *r != SecurityRequirement::default()))
            }
            Self::WithPathParameters => has(ParameterIn::Path),
            Self::WithBody => body,
            Self::WithBodyOrParameters => body || has(ParameterIn::Query) || has(ParameterIn::Header),
            Self::WithInput => body || !params.is_empty(),
        }
    }
}

/// Adds [`SHARED`] to `components.responses` and references them from the operations.
pub struct SharedProblems;

impl utoipa::Modify for SharedProblems {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        for (_, name, description, _) in SHARED {
            let response = ResponseBuilder::new()
                .description(*description)
                .content(PROBLEM_JSON, Content::new(Some(Ref::from_schema_name("Problem"))))
                .build();
            components.responses.insert((*name).to_owned(), RefOr::T(response));
        }
        for item in openapi.paths.paths.values_mut() {
            for op in
                [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten()
            {
                page_bounds(op);
                headers_are_never_null(op);
                for (status, name, _, applies) in SHARED {
                    if applies.to(op) {
                        op.responses
                            .responses
                            .entry((*status).to_owned())
                            .or_insert_with(|| RefOr::Ref(Ref::from_response_name(*name)));
                    }
                }
            }
        }
    }
}

/// Every list takes `page` (1-based, any `u32`) and `per_page` (1..=[`MAX_PAGE_SIZE`]) and
/// answers 422 outside those bounds (`PageParams::check`); the query structs of the lists
/// declare them as plain integers, so their bounds are set here, once.
fn page_bounds(op: &mut Operation) {
    for param in op.parameters.iter_mut().flatten() {
        let RefOr::T(param) = param else { continue };
        if param.parameter_in != ParameterIn::Query {
            continue;
        }
        let (min, max) = match param.name.as_str() {
            "page" => (1, u64::from(u32::MAX)),
            "per_page" => (1, u64::from(MAX_PAGE_SIZE)),
            _ => continue,
        };
        param.schema = Some(RefOr::T(Schema::Object(
            ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(min)).maximum(Some(max)).build(),
        )));
    }
}

/// An optional header is absent or a string: utoipa documents `Option<PatientId>` as
/// `oneOf [PatientId, null]`, which would promise that the text `null` is accepted.
fn headers_are_never_null(op: &mut Operation) {
    let null = serde_json::json!({"type": "null"});
    for param in op.parameters.iter_mut().flatten() {
        let RefOr::T(param) = param else { continue };
        if param.parameter_in != ParameterIn::Header {
            continue;
        }
        if let Some(RefOr::T(Schema::OneOf(one_of))) = &param.schema {
            let mut rest: Vec<_> =
                one_of.items.iter().filter(|s| serde_json::to_value(s).ok().as_ref() != Some(&null)).cloned().collect();
            if rest.len() == 1 {
                param.schema = rest.pop();
            }
        }
    }
}

/// OpenAPI requires unique `operationId`s; utoipa takes the handler's name (`list`, `create`),
/// which repeats across modules. A repeated one becomes `<name>_<method>_<path>`
/// (`update_put_prices_id`), so generated clients and fuzzers can tell them apart.
pub fn unique_operation_ids(openapi: &mut OpenApi) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for item in openapi.paths.paths.values() {
        for op in [&item.get, &item.post, &item.put, &item.patch, &item.delete].into_iter().flatten() {
            if let Some(id) = &op.operation_id {
                *seen.entry(id.clone()).or_default() += 1;
            }
        }
    }
    for (path, item) in openapi.paths.paths.iter_mut() {
        let slug: String = path
            .trim_start_matches("/api/v1/")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect::<String>()
            .split('_')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        for (method, op) in [
            ("get", &mut item.get),
            ("post", &mut item.post),
            ("put", &mut item.put),
            ("patch", &mut item.patch),
            ("delete", &mut item.delete),
        ] {
            let Some(op) = op else { continue };
            if let Some(id) = &op.operation_id
                && seen.get(id).copied().unwrap_or(0) > 1
            {
                op.operation_id = Some(format!("{id}_{method}_{slug}"));
            }
        }
    }
}
