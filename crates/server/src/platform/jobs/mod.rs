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
//! - **Typed payloads**: a job is a type implementing [`Job`] — its kind, its payload's fields
//!   and its `run` in one place. The code that queues it builds the value
//!   ([`NewJob::of`]); the worker reads the same type back; the owning domain registers it
//!   ([`Registry::job`], [`Registry::periodic_job`]). No `json!` at a call site, no private
//!   struct parsing it elsewhere.

pub mod queue;
pub mod worker;

use std::collections::HashMap;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;

use anyhow::Context as _;
use serde::Serialize;
use serde::de::DeserializeOwned;

use chrono::{DateTime, Utc};
use db::entities::job;
use db::sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use serde_json::Value;
use uuid::Uuid;

use crate::state::AppState;

/// A kind of job: its payload (the type's fields), its kind on the queue and what running it
/// does. One type serves the code that queues it ([`NewJob::of`]) and the worker.
pub trait Job: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The kind stored with each job (stable: queued jobs outlive a deploy).
    const KIND: &'static str;

    /// Runs one job; `job` is its queued row (due time, attempts). Must be idempotent: it may
    /// run again after a crash.
    fn run(self, state: &AppState, job: &job::Model) -> impl Future<Output = anyhow::Result<()>> + Send;
}

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

    /// A job of type `J` carrying `payload`, due at `run_at`.
    pub fn of<J: Job>(payload: &J, run_at: DateTime<Utc>) -> Result<Self, DbErr> {
        let value = serde_json::to_value(payload).map_err(|e| DbErr::Custom(format!("{} payload: {e}", J::KIND)))?;
        Ok(Self::new(J::KIND, value, run_at))
    }

    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }
}

impl NewJob {
    /// The queue's row of this job, queued at `now`.
    fn row(self, now: DateTime<Utc>) -> job::ActiveModel {
        job::ActiveModel {
            id: Set(Uuid::now_v7()),
            kind: Set(self.kind.to_owned()),
            payload: Set(self.payload),
            idempotency_key: Set(self.idempotency_key),
            status: Set(job::STATUS_QUEUED.to_owned()),
            run_at: Set(self.run_at),
            attempts: Set(0),
            max_attempts: Set(self.max_attempts),
            locked_by: Set(None),
            locked_until: Set(None),
            last_error: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            finished_at: Set(None),
        }
    }
}

/// Puts a job on the queue through `conn` — pass the transaction of the change that causes
/// it. Returns `false` when a job with the same idempotency key already exists.
pub async fn enqueue(conn: &impl ConnectionTrait, job: NewJob, now: DateTime<Utc>) -> Result<bool, DbErr> {
    Ok(enqueue_many(conn, [job], now).await? > 0)
}

/// Puts several jobs on the queue in one statement; returns how many were new (the others'
/// idempotency keys were already queued).
pub async fn enqueue_many(
    conn: &impl ConnectionTrait,
    jobs: impl IntoIterator<Item = NewJob>,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let rows: Vec<_> = jobs.into_iter().map(|j| j.row(now)).collect();
    if rows.is_empty() {
        return Ok(0);
    }
    let res = job::Entity::insert_many(rows)
        .on_conflict_do_nothing_on([job::Column::IdempotencyKey])
        .exec_without_returning(conn)
        .await?;
    Ok(match res {
        db::sea_orm::TryInsertResult::Inserted(n) => n,
        _ => 0,
    })
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

/// The handler of a [`Job`] type: reads the payload back as `J` and runs it.
struct Typed<J>(PhantomData<fn() -> J>);

impl<J: Job> JobHandler for Typed<J> {
    fn run<'a>(&'a self, state: &'a AppState, job: &'a job::Model) -> HandlerFuture<'a> {
        Box::pin(async move {
            let payload: J =
                serde_json::from_value(job.payload.clone()).with_context(|| format!("{} payload", J::KIND))?;
            payload.run(state, job).await
        })
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

    /// Registers job type `J` under its kind.
    pub fn job<J: Job>(&mut self) {
        self.register(J::KIND, Typed::<J>(PhantomData));
    }

    /// Registers job type `J` (a unit type: a sweep carries nothing) to run every `every`.
    pub fn periodic_job<J: Job>(&mut self, every: chrono::Duration) {
        self.register_periodic(J::KIND, every, Typed::<J>(PhantomData));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Ping {
        to: String,
    }

    impl Job for Ping {
        const KIND: &'static str = "test.ping";

        async fn run(self, _state: &AppState, _job: &job::Model) -> anyhow::Result<()> {
            Ok(())
        }
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Sweep;

    impl Job for Sweep {
        const KIND: &'static str = "test.sweep";

        async fn run(self, _state: &AppState, _job: &job::Model) -> anyhow::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_typed_job_is_queued_under_its_kind_and_read_back_as_its_type() {
        let at = DateTime::<Utc>::UNIX_EPOCH;
        let job = NewJob::of(&Ping { to: "a@example.org".into() }, at).unwrap();
        assert_eq!((job.kind, job.run_at), ("test.ping", at));
        assert_eq!(job.payload, serde_json::json!({ "to": "a@example.org" }));
        let back: Ping = serde_json::from_value(job.payload).unwrap();
        assert_eq!(back, Ping { to: "a@example.org".into() });
        // A periodic job's stored payload is null (see `schedule_next`): a unit type reads it.
        assert_eq!(NewJob::of(&Sweep, at).unwrap().payload, Value::Null);
        assert_eq!(serde_json::from_value::<Sweep>(Value::Null).unwrap(), Sweep);
    }

    #[test]
    fn the_registry_knows_typed_jobs_and_their_intervals() {
        let mut r = Registry::default();
        r.job::<Ping>();
        r.periodic_job::<Sweep>(chrono::Duration::minutes(15));
        assert!(r.get("test.ping").is_some() && r.get("test.sweep").is_some());
        assert_eq!(r.every("test.sweep"), Some(chrono::Duration::minutes(15)));
        assert_eq!(r.every("test.ping"), None);
    }
}
