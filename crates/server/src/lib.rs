//! The OncoCenter API server: an actix-web application over sea-orm, with durable jobs and
//! an email outbox. `main.rs` is the `oncocenter` command line around it.
//!
//! The layout (docs/architecture.md): [`startup`] is the composition root, the only module
//! that lists the domains; [`http`] and [`platform`] serve every domain and import none;
//! [`domains`] holds a folder per domain.

pub mod auth;
pub mod config;
pub mod domains;
pub mod http;
pub mod platform;
pub mod seed;
pub mod startup;
pub mod state;
pub mod telemetry;
