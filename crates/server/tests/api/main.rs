//! The server's integration tests: one binary, a module per area. Each test gets its own
//! database — a temp-file SQLite by default, a PostgreSQL database cloned from a migrated
//! template when `TEST_DATABASE_URL` is set (see `helpers`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "a test fails by panicking")]

mod accounts_helpers;
mod admin_helpers;
mod cabinet_helpers;
mod helpers;
mod monitoring_fixtures;
mod monitoring_helpers;
mod patients_helpers;

mod attachments;
mod audit;
mod auth;
mod cabinet;
mod cabinet_record;
mod concurrency;
mod consents_access;
mod dates;
mod email;
mod errors;
mod feedback;
mod first_flow;
mod health;
mod invitations;
mod jobs;
mod layout;
mod monitoring_alerts;
mod monitoring_list;
mod monitoring_live;
mod monitoring_questionnaires;
mod monitoring_settings;
mod monitoring_submissions;
mod news;
mod openapi;
mod operator;
mod password_reset;
mod patients;
mod prices;
mod prices_import;
mod profile;
mod record;
mod record_answers;
mod refresh;
mod registration;
mod representatives;
mod schema;
mod settings;
mod spa;
mod staff;
mod staff_admin;
mod timing;
