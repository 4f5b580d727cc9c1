//! HTTP plumbing shared by every domain: problem+json errors, the JSON extractor, middleware,
//! `If-Match` concurrency, paging and search helpers, the problem pages, the OpenAPI document's
//! shared parts, the SPA. Imports no domain.

pub mod api_index;
pub mod concurrency;
pub mod error;
pub mod extract;
pub mod health;
pub mod middleware;
pub mod openapi;
pub mod paging;
pub mod problems;
pub mod spa;
