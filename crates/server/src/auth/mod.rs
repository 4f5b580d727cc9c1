//! Authentication and authorization: password hashing and policy, access tokens (JWT),
//! refresh sessions, one-time emailed secrets, login throttling, and the extractors that
//! decide who may call a handler.

pub mod client_ip;
pub mod consents;
pub mod extract;
pub mod jwt;
pub mod password;
pub mod scope;
pub mod secret;
pub mod session;
pub mod staff;
pub mod throttle;

pub use extract::{AuthContext, Operator, Organizer, Patient, PatientScope, PatientStaff, StaffOrOperator};
pub use staff::{RecordReader, Staff, StaffCard, role};
