//! Domain operations shared by handlers and commands. Handlers parse and authorize; services
//! change state inside the caller's transaction.

pub mod accounts;
pub mod address_codes;
pub mod alerts;
pub mod escalation;
pub mod invitations;
pub mod lapse;
pub mod monitoring;
pub mod monitoring_list;
pub mod notifications;
pub mod patients;
pub mod price_list;
pub mod questionnaires;
pub mod record;
pub mod reminders;
pub mod representation;
pub mod seed;
pub mod series;
pub mod silence;
pub mod submissions;
