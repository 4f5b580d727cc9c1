//! Types shared by the server and the SPA.
//!
//! Everything here compiles for `wasm32-unknown-unknown`: no tokio, no database, no actix.
//! Server-only derives (`utoipa::ToSchema`) sit behind the `openapi` feature.

pub mod admin;
pub mod alerts;
pub mod answers;
pub mod audit;
pub mod auth;
pub mod cabinet;
pub mod domain;
pub mod error;
pub mod features;
pub mod health;
pub mod ids;
pub mod locale;
pub mod monitoring;
pub mod page;
pub mod person;
pub mod questionnaire;
pub mod record;
pub mod stored;
pub mod templates;

pub use error::{ErrorCode, FieldError, Problem};
pub use locale::{Locale, Plural};
