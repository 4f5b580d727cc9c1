//! The domains, a folder each: `mod.rs` registers its routes (`configure`) and jobs, and
//! re-exports the small API other domains use; `routes/` is private to the domain.

pub mod accounts;
pub mod cabinet;
pub mod monitoring;
pub mod operator;
pub mod organization;
pub mod record;
