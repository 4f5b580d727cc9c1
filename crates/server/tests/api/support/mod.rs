//! What every test uses: the app on its own database (`app`), and per domain the calls a person
//! makes and the rows a test writes straight (the typed helpers the tests call the API through).

pub mod accounts;
pub mod admin;
pub mod app;
pub mod cabinet;
pub mod monitoring;
pub mod monitoring_fixtures;
pub mod patients;
