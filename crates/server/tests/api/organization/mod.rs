//! The organization domain: patients, staff, news, prices, settings, the audit log, feedback.

mod audit;
mod feedback;
mod news;
mod patients;
mod prices;
mod prices_import;
mod settings;
mod staff;
mod staff_admin;
