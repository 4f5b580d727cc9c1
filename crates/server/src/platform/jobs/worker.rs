//! Running claimed jobs: the worker loop of `serve`, and `jobs run --now` for tests and
//! operators.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use db::entities::job;
use tokio::sync::watch;
use uuid::Uuid;

use super::queue;
use crate::state::AppState;

/// A unique name for this worker (process and task), recorded on the jobs it holds.
pub fn worker_id() -> String {
    format!("w-{}-{}", std::process::id(), Uuid::now_v7().simple())
}

/// Runs one claimed job to its end (done, queued for retry, or failed).
pub async fn run_one(state: &AppState, job: job::Model, worker: &str, now: DateTime<Utc>) -> anyhow::Result<()> {
    let outcome = match state.jobs.get(&job.kind) {
        Some(handler) => handler.run(state, &job).await,
        None => Err(anyhow::anyhow!("no handler for job kind `{}`", job.kind)),
    };
    // A periodic job queues its next run whatever this one's outcome.
    if let Some(every) = state.jobs.every(&job.kind) {
        let kind = state.jobs.periodic().iter().find(|(k, _)| *k == job.kind).map(|(k, _)| *k);
        if let Some(kind) = kind {
            super::schedule_next(&state.db, kind, every, now).await?;
        }
    }
    match outcome {
        Ok(()) => {
            if !queue::complete(&state.db, &job, worker, now).await? {
                tracing::warn!(job.id = %job.id, job.kind = %job.kind, "job finished after its lease was taken over");
            }
        }
        Err(e) => {
            tracing::warn!(job.id = %job.id, job.kind = %job.kind, job.attempts = job.attempts, error = %format!("{e:#}"), "job failed");
            queue::fail(&state.db, &job, worker, now, &format!("{e:#}")).await?;
        }
    }
    Ok(())
}

/// Runs every job due at `now`, one after another, until none is left; returns how many ran.
/// Jobs a run re-queues for later (retries) are not run again in the same call.
pub async fn run_due(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let worker = worker_id();
    let mut ran = 0;
    while let Some(job) = queue::claim(&state.db, &worker, now).await? {
        run_one(state, job, &worker, now).await?;
        ran += 1;
    }
    Ok(ran)
}

/// The worker loop of `serve`: claims and runs due jobs, polling when idle, until shutdown.
pub async fn run_loop(state: AppState, mut shutdown: watch::Receiver<bool>) {
    let worker = worker_id();
    tracing::info!(worker = %worker, "job worker started");
    if let Err(e) = super::schedule_periodic(&state, state.clock.now()).await {
        tracing::error!(error = %e, "could not schedule the periodic jobs");
    }
    loop {
        if *shutdown.borrow() {
            break;
        }
        let now = state.clock.now();
        let idle = match queue::claim(&state.db, &worker, now).await {
            Ok(Some(job)) => {
                if let Err(e) = run_one(&state, job, &worker, now).await {
                    tracing::error!(error = %format!("{e:#}"), "could not record a job's outcome");
                }
                false
            }
            Ok(None) => true,
            Err(e) => {
                tracing::error!(error = %e, "could not claim a job");
                true
            }
        };
        if idle {
            tokio::select! {
                _ = tokio::time::sleep(StdDuration::from_secs(1)) => {}
                _ = state.jobs_notify.notified() => {}
                _ = shutdown.changed() => {}
            }
        }
    }
    tracing::info!(worker = %worker, "job worker stopped");
}
