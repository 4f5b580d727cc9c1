//! The clinicians' side of remote monitoring (MON-4, MON-5): the "Monitoring" list of patients,
//! chart series (also the patient's own, in his cabinet), and the monitoring settings of the
//! organization and of one patient. Alerts are in `routes::alerts`, the live channel in
//! `routes::live`.

pub mod list;
pub mod series;
pub mod settings;
