//! The OncoCenter API server: an actix-web application over sea-orm, with durable jobs and
//! an email outbox. `main.rs` is the `oncocenter` command line around it.

pub mod api_index;
pub mod audit;
pub mod auth;
pub mod clock;
pub mod concurrency;
pub mod config;
pub mod email;
pub mod error;
pub mod extract;
pub mod files;
pub mod jobs;
pub mod live;
pub mod middleware;
pub mod openapi;
pub mod problems;
pub mod routes;
pub mod services;
pub mod spa;
pub mod startup;
pub mod state;
pub mod telemetry;
