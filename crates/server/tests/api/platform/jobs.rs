//! The durable job queue: enqueued with the change or not at all, claimed by one worker
//! only, taken over after a crash, retried with backoff.

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use chrono::Duration;
use db::entities::job;
use db::sea_orm::{EntityTrait, TransactionTrait};
use server::platform::clock::Clock;
use server::platform::jobs::queue::{self, LEASE};
use server::platform::jobs::worker::run_due;
use server::platform::jobs::{JobHandler, NewJob, enqueue};
use server::state::AppState;
use uuid::Uuid;

use crate::support::app::{TestDb, state_on, t0};

/// Records the ids of the jobs it ran; fails while `failures` is above zero.
#[derive(Clone, Default)]
struct Recorder {
    ran: Arc<Mutex<Vec<Uuid>>>,
    fail: bool,
}

impl JobHandler for Recorder {
    fn run<'a>(
        &'a self,
        _state: &'a AppState,
        job: &'a job::Model,
    ) -> Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>> {
        Box::pin(async move {
            self.ran.lock().unwrap().push(job.id);
            if self.fail {
                anyhow::bail!("the remote end said no");
            }
            // Yield so concurrent workers interleave.
            tokio::task::yield_now().await;
            Ok(())
        })
    }
}

async fn state_with(db: &TestDb, handler: Recorder) -> AppState {
    let mut state = state_on(db, Clock::fixed(t0())).await;
    let mut registry = server::startup::jobs();
    registry.register("test", handler);
    state.jobs = Arc::new(registry);
    state
}

fn test_job(n: usize) -> NewJob {
    NewJob::new("test", serde_json::json!({ "n": n }), t0())
}

async fn all_jobs(state: &AppState) -> Vec<job::Model> {
    job::Entity::find().all(&state.db).await.unwrap()
}

#[tokio::test]
async fn a_job_exists_only_if_its_transaction_commits() {
    let db = TestDb::new().await;
    let state = state_with(&db, Recorder::default()).await;

    let txn = state.db.begin().await.unwrap();
    enqueue(&txn, test_job(1), t0()).await.unwrap();
    txn.rollback().await.unwrap();
    assert!(all_jobs(&state).await.is_empty());

    let txn = state.db.begin().await.unwrap();
    enqueue(&txn, test_job(2), t0()).await.unwrap();
    txn.commit().await.unwrap();
    assert_eq!(all_jobs(&state).await.len(), 1);
}

#[tokio::test]
async fn one_idempotency_key_makes_one_job() {
    let db = TestDb::new().await;
    let state = state_with(&db, Recorder::default()).await;
    assert!(enqueue(&state.db, test_job(1).idempotency_key("k-1"), t0()).await.unwrap());
    assert!(!enqueue(&state.db, test_job(1).idempotency_key("k-1"), t0()).await.unwrap());
    assert_eq!(all_jobs(&state).await.len(), 1);
}

#[tokio::test]
async fn a_job_is_not_run_before_its_time() {
    let db = TestDb::new().await;
    let rec = Recorder::default();
    let state = state_with(&db, rec.clone()).await;
    let mut later = test_job(1);
    later.run_at = t0() + Duration::hours(1);
    enqueue(&state.db, later, t0()).await.unwrap();
    assert_eq!(run_due(&state, t0()).await.unwrap(), 0);
    assert_eq!(run_due(&state, t0() + Duration::hours(1)).await.unwrap(), 1);
    assert_eq!(rec.ran.lock().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_never_run_one_job_twice() {
    let db = TestDb::new().await;
    let rec = Recorder::default();
    // Two independent states with their own pools: two processes on one database.
    let a = state_with(&db, rec.clone()).await;
    let b = state_with(&db, rec.clone()).await;
    for n in 0..40 {
        enqueue(&a.db, test_job(n), t0()).await.unwrap();
    }
    let (ra, rb) = tokio::join!(
        tokio::spawn(async move { run_due(&a, t0()).await.unwrap() }),
        tokio::spawn(async move { run_due(&b, t0()).await.unwrap() }),
    );
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra + rb, 40, "every job ran once in total (a: {ra}, b: {rb})");
    let ran = rec.ran.lock().unwrap().clone();
    let unique: HashSet<_> = ran.iter().collect();
    assert_eq!(unique.len(), ran.len(), "a job ran twice");
    let state = state_on(&db, Clock::fixed(t0())).await;
    assert!(all_jobs(&state).await.iter().all(|j| j.status == job::STATUS_DONE && j.attempts == 1));
}

#[tokio::test]
async fn a_job_whose_worker_died_is_taken_over_after_its_lease() {
    let db = TestDb::new().await;
    let rec = Recorder::default();
    let state = state_with(&db, rec.clone()).await;
    enqueue(&state.db, test_job(1), t0()).await.unwrap();

    // A worker claims it and dies before finishing.
    let claimed = queue::claim(&state.db, "dead-worker", t0()).await.unwrap().unwrap();
    assert_eq!(claimed.status, job::STATUS_RUNNING);
    assert!(queue::claim(&state.db, "other", t0()).await.unwrap().is_none(), "held while leased");

    assert_eq!(run_due(&state, t0() + LEASE - Duration::seconds(1)).await.unwrap(), 0);
    assert_eq!(run_due(&state, t0() + LEASE + Duration::seconds(1)).await.unwrap(), 1);
    assert_eq!(rec.ran.lock().unwrap().len(), 1);
    let j = &all_jobs(&state).await[0];
    assert_eq!(j.status, job::STATUS_DONE);
    assert_eq!(j.attempts, 2);

    // The dead worker coming back cannot mark it again.
    assert!(!queue::complete(&state.db, &claimed, "dead-worker", t0()).await.unwrap());
}

#[tokio::test]
async fn failures_back_off_then_give_up() {
    let db = TestDb::new().await;
    let rec = Recorder { fail: true, ..Default::default() };
    let state = state_with(&db, rec.clone()).await;
    let mut j = test_job(1);
    j.max_attempts = 3;
    enqueue(&state.db, j, t0()).await.unwrap();

    assert_eq!(run_due(&state, t0()).await.unwrap(), 1);
    let after1 = all_jobs(&state).await.remove(0);
    assert_eq!(after1.status, job::STATUS_QUEUED);
    assert_eq!(after1.run_at, t0() + Duration::seconds(30));
    assert_eq!(after1.last_error.as_deref(), Some("the remote end said no"));

    assert_eq!(run_due(&state, t0() + Duration::seconds(29)).await.unwrap(), 0, "not before the backoff");
    let t1 = t0() + Duration::seconds(30);
    assert_eq!(run_due(&state, t1).await.unwrap(), 1);
    let after2 = all_jobs(&state).await.remove(0);
    assert_eq!(after2.run_at, t1 + Duration::seconds(60), "the wait doubles");

    let t2 = t1 + Duration::seconds(60);
    assert_eq!(run_due(&state, t2).await.unwrap(), 1);
    let after3 = all_jobs(&state).await.remove(0);
    assert_eq!(after3.status, job::STATUS_FAILED);
    assert_eq!(after3.attempts, 3);
    assert_eq!(run_due(&state, t2 + Duration::days(1)).await.unwrap(), 0, "a failed job stays failed");
    assert_eq!(rec.ran.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn an_unknown_kind_fails_instead_of_vanishing() {
    let db = TestDb::new().await;
    let state = state_with(&db, Recorder::default()).await;
    enqueue(&state.db, NewJob::new("no_such_kind", serde_json::json!({}), t0()), t0()).await.unwrap();
    assert_eq!(run_due(&state, t0()).await.unwrap(), 1);
    let j = all_jobs(&state).await.remove(0);
    assert_eq!(j.status, job::STATUS_QUEUED);
    assert!(j.last_error.unwrap().contains("no handler"));
}
