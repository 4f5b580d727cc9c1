//! The server's integration tests: one binary, a module per area. Each test gets its own
//! database — a temp-file SQLite by default, a PostgreSQL database cloned from a migrated
//! template when `TEST_DATABASE_URL` is set (see `helpers`).

mod helpers;

mod email;
mod errors;
mod health;
mod jobs;
mod openapi;
mod spa;
