//! The organization's resources: staff, patients, settings, news, prices, feedback, audit.

pub mod audit;
pub mod feedback;
pub mod news;
pub mod patients;
pub mod prices;
pub mod settings;
pub mod staff;
