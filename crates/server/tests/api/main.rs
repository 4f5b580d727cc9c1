//! The server's integration tests: one binary, `support/` (the app on its own database and the
//! helpers every test calls the API through), then a folder per domain as in `src/domains/`, and
//! `platform/` for what crosses them. Each test gets its own database — a temp-file SQLite by
//! default, a PostgreSQL database cloned from a migrated template when `TEST_DATABASE_URL` is
//! set (see `support/app.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "a test fails by panicking")]

mod support;

mod accounts;
mod cabinet;
mod monitoring;
mod operator;
mod organization;
mod platform;
mod record;
