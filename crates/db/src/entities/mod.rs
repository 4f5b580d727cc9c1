//! One module per table.

pub mod email;
pub mod job;
