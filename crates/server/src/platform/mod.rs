//! Infrastructure every domain uses: the durable jobs runner, email, files, the live channel,
//! in-app notifications, the audit log, the clock, time zones. Imports no domain: a piece that must call
//! back into one takes a handler registered at startup.

pub mod audit;
pub mod clock;
pub mod email;
pub mod files;
pub mod jobs;
pub mod live;
pub mod notifications;
pub mod time_zone;
