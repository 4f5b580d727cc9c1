//! Durable background jobs on the database.
//!
//! - **Enqueue in the same transaction** as the change that causes the work ([`enqueue`] takes
//!   any connection, a transaction included): the job exists exactly when the change does.
//! - **Claim with a lease** ([`queue::claim`]): one `UPDATE … RETURNING` statement takes the oldest
//!   due job (`FOR UPDATE SKIP LOCKED` on PostgreSQL, SQLite serializes writers), so two
//!   workers — in one process or several — never hold the same job. A job whose worker died
//!   is claimable again when its lease passes.
//! - **Retry with backoff**: a failed run is queued again after 30 s, 1 min, 2 min … (capped
//!   at 6 h) until `max_attempts`, then marked `failed` with its last error.
//! - **Exactly-once effects** come from idempotency: enqueueing twice with one
//!   `idempotency_key` makes one job, and handlers check whether their effect already
//!   happened (an email already `sent` is not sent again).

pub mod queue;
pub mod worker;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use db::entities::job;
use db::sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use serde_json::Value;
use uuid::Uuid;

use crate::state::AppState;

/// A job to put on the queue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: &'static str,
    pub payload: Value,
    /// Not before this time.
    pub run_at: DateTime<Utc>,
    /// Enqueueing again with the same key is a no-op.
    pub idempotency_key: Option<String>,
    pub max_attempts: i32,
}

impl NewJob {
    pub fn new(kind: &'static str, payload: Value, run_at: DateTime<Utc>) -> Self {
        Self { kind, payload, run_at, idempotency_key: None, max_attempts: 10 }
    }

    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }
}

/// Puts a job on the queue through `conn` — pass the transaction of the change that causes
/// it. Returns `false` when a job with the same idempotency key already exists.
pub async fn enqueue(conn: &impl ConnectionTrait, job: NewJob, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let model = job::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(job.kind.to_owned()),
        payload: Set(job.payload),
        idempotency_key: Set(job.idempotency_key),
        status: Set(job::STATUS_QUEUED.to_owned()),
        run_at: Set(job.run_at),
        attempts: Set(0),
        max_attempts: Set(job.max_attempts),
        locked_by: Set(None),
        locked_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        finished_at: Set(None),
    };
    let res = job::Entity::insert(model)
        .on_conflict_do_nothing_on([job::Column::IdempotencyKey])
        .exec_without_returning(conn)
        .await?;
    Ok(matches!(res, db::sea_orm::TryInsertResult::Inserted(n) if n > 0))
}

type HandlerFuture<'a> = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>>;

/// What runs a job of one kind. Must be idempotent: it may run again after a crash.
pub trait JobHandler: Send + Sync + 'static {
    fn run<'a>(&'a self, state: &'a AppState, job: &'a job::Model) -> HandlerFuture<'a>;
}

impl<F> JobHandler for F
where
    F: for<'a> Fn(&'a AppState, &'a job::Model) -> HandlerFuture<'a> + Send + Sync + 'static,
{
    fn run<'a>(&'a self, state: &'a AppState, job: &'a job::Model) -> HandlerFuture<'a> {
        self(state, job)
    }
}

/// The handlers by job kind.
#[derive(Clone, Default)]
pub struct Registry {
    handlers: HashMap<&'static str, Arc<dyn JobHandler>>,
}

impl Registry {
    /// Every job kind the server knows.
    pub fn standard() -> Self {
        let mut r = Self::default();
        r.register(crate::email::outbox::SEND_EMAIL, crate::email::outbox::SendEmail);
        r.register(crate::services::patients::LAPSE_INVITATION, crate::services::lapse::LapseInvitation);
        r
    }

    pub fn register(&mut self, kind: &'static str, handler: impl JobHandler) {
        self.handlers.insert(kind, Arc::new(handler));
    }

    pub fn get(&self, kind: &str) -> Option<Arc<dyn JobHandler>> {
        self.handlers.get(kind).cloned()
    }
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.handlers.keys()).finish()
    }
}
