//! Remote monitoring's endpoints: questionnaires, assignments, the Monitoring list, series,
//! settings, alerts and the live channel.

pub mod alerts;
pub mod assignments;
pub mod list;
pub mod live;
pub mod questionnaires;
pub mod series;
pub mod settings;
