//! A durable background job. See `server::jobs` for the queue that claims and runs them.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The handler that runs it (`send_email`, …).
    pub kind: String,
    pub payload: Json,
    /// Enqueueing twice with the same key creates one job.
    #[sea_orm(unique)]
    pub idempotency_key: Option<String>,
    /// `queued`, `running`, `done` or `failed` (gave up after `max_attempts`).
    pub status: String,
    /// Not claimed before this time (the first run, then each retry's backoff).
    pub run_at: DateTimeUtc,
    pub attempts: i32,
    pub max_attempts: i32,
    /// The worker that holds the lease.
    pub locked_by: Option<String>,
    /// A running job whose lease passed is claimable again (its worker died).
    pub locked_until: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub const STATUS_QUEUED: &str = "queued";
pub const STATUS_RUNNING: &str = "running";
pub const STATUS_DONE: &str = "done";
pub const STATUS_FAILED: &str = "failed";
