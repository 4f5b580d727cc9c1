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
    periodic: Vec<(&'static str, chrono::Duration)>,
}

impl Registry {
    pub fn register(&mut self, kind: &'static str, handler: impl JobHandler) {
        self.handlers.insert(kind, Arc::new(handler));
    }

    /// Registers a job that runs every `every` (a sweep): each run is a job of its own,
    /// queued for the next slot when the previous one ran (see [`schedule_next`]).
    pub fn register_periodic(&mut self, kind: &'static str, every: chrono::Duration, handler: impl JobHandler) {
        self.register(kind, handler);
        self.periodic.push((kind, every));
    }

    pub fn get(&self, kind: &str) -> Option<Arc<dyn JobHandler>> {
        self.handlers.get(kind).cloned()
    }

    /// The periodic jobs and their intervals.
    pub fn periodic(&self) -> &[(&'static str, chrono::Duration)] {
        &self.periodic
    }

    /// The interval of a periodic kind.
    pub fn every(&self, kind: &str) -> Option<chrono::Duration> {
        self.periodic.iter().find(|(k, _)| *k == kind).map(|(_, e)| *e)
    }
}

/// Queues the next run of periodic job `kind` at the first slot (a multiple of `every` since
/// the epoch) after `now`. The slot is the idempotency key, so every process and every retry
/// asking for it makes one job: periodic jobs survive restarts and never run twice a slot.
pub async fn schedule_next(
    conn: &impl ConnectionTrait,
    kind: &'static str,
    every: chrono::Duration,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let step = every.num_seconds().max(1);
    let next = (now.timestamp().div_euclid(step) + 1) * step;
    let at = DateTime::from_timestamp(next, 0).unwrap_or(now);
    let job = NewJob::new(kind, Value::Null, at).idempotency_key(format!("{kind}@{}", at.to_rfc3339()));
    enqueue(conn, NewJob { max_attempts: 3, ..job }, now).await
}

/// Makes sure every periodic job has its next run queued (at startup of a worker).
pub async fn schedule_periodic(state: &AppState, now: DateTime<Utc>) -> Result<(), DbErr> {
    for (kind, every) in state.jobs.periodic() {
        schedule_next(&state.db, kind, *every, now).await?;
    }
    Ok(())
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.handlers.keys()).finish()
    }
}
