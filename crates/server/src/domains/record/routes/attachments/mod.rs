//! Attachments (CAB-12, X-7): a patient's upload into his record, and downloads through
//! signed, short-lived links.

pub mod download;
pub mod upload;
