//! The append-only audit log (X-2, ORG-6): who read or changed which patient's data, when,
//! from where, and whether it was allowed.
//!
//! - A **change** is audited by [`record`] through the change's own transaction: the row exists
//!   exactly when the change does.
//! - A **read** is audited by [`AuditSink::read`] after the data is fetched. In the default
//!   `batched` mode the row goes to an in-memory queue that a background task writes in one
//!   multi-row insert every 200 ms (or 500 rows), so a GET never waits on a disk flush of its
//!   own; the queue is drained on shutdown, and the audit viewer drains it before reading.
//!   `sync` writes before the response (see docs/benchmarks.md for both).

use std::time::Duration;

use chrono::{DateTime, Utc};
use common::audit::AuditAction;
use db::entities::{audit_log, audit_patient};
use db::sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::auth::AuthContext;
use crate::config::AuditReads;

/// Whether the audited request was allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Denied,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Denied => "denied",
        }
    }
}

/// One audit row before it is written.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub organization_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    pub membership_id: Option<Uuid>,
    pub acting_for: Option<Uuid>,
    pub action: AuditAction,
    pub entity: &'static str,
    pub entity_id: Option<String>,
    pub patient_ids: Vec<Uuid>,
    pub client_ip: Option<String>,
    pub outcome: Outcome,
    pub at: DateTime<Utc>,
}

impl AuditEvent {
    /// An event of the caller `who`.
    pub fn by(who: &AuthContext, action: AuditAction, entity: &'static str, at: DateTime<Utc>) -> Self {
        Self {
            organization_id: who.organization_id.map(|o| o.0),
            account_id: Some(who.account_id.0),
            membership_id: Some(who.membership_id.0),
            acting_for: None,
            action,
            entity,
            entity_id: None,
            patient_ids: Vec::new(),
            client_ip: who.client_ip.clone(),
            outcome: Outcome::Ok,
            at,
        }
    }

    /// An event of the system (a background job) in an organization.
    pub fn system(organization_id: Uuid, action: AuditAction, entity: &'static str, at: DateTime<Utc>) -> Self {
        Self {
            organization_id: Some(organization_id),
            account_id: None,
            membership_id: None,
            acting_for: None,
            action,
            entity,
            entity_id: None,
            patient_ids: Vec::new(),
            client_ip: None,
            outcome: Outcome::Ok,
            at,
        }
    }

    pub fn entity_id(mut self, id: impl ToString) -> Self {
        self.entity_id = Some(id.to_string());
        self
    }

    pub fn patients(mut self, ids: impl IntoIterator<Item = Uuid>) -> Self {
        self.patient_ids = ids.into_iter().collect();
        self
    }

    pub fn denied(mut self) -> Self {
        self.outcome = Outcome::Denied;
        self
    }

    fn rows(self) -> (audit_log::ActiveModel, Vec<audit_patient::ActiveModel>) {
        let id = Uuid::now_v7();
        // The "by patient" filter finds every row naming the patient: those that returned his
        // data, and those about his card that returned nothing (a refused read names him only
        // as the entity).
        let about =
            (self.entity == "patient").then(|| self.entity_id.as_deref().and_then(|e| e.parse().ok())).flatten();
        let links = self
            .patient_ids
            .iter()
            .chain(about.as_ref())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(|p| audit_patient::ActiveModel {
                audit_id: Set(id),
                patient_card_id: Set(*p),
                organization_id: Set(self.organization_id),
                at: Set(self.at),
            })
            .collect();
        let ids = serde_json::Value::from(self.patient_ids.iter().map(Uuid::to_string).collect::<Vec<_>>());
        let log = audit_log::ActiveModel {
            id: Set(id),
            organization_id: Set(self.organization_id),
            at: Set(self.at),
            account_id: Set(self.account_id),
            membership_id: Set(self.membership_id),
            acting_for: Set(self.acting_for),
            action: Set(self.action.as_str().to_owned()),
            entity: Set(self.entity.to_owned()),
            entity_id: Set(self.entity_id),
            patient_ids: Set(ids.to_string()),
            client_ip: Set(self.client_ip),
            outcome: Set(self.outcome.as_str().to_owned()),
        };
        (log, links)
    }
}

/// Writes audit rows through `db` — pass the transaction of the change being audited.
pub async fn record_all(db: &impl ConnectionTrait, events: Vec<AuditEvent>) -> Result<(), DbErr> {
    let mut logs = Vec::with_capacity(events.len());
    let mut links = Vec::new();
    for e in events {
        let (log, l) = e.rows();
        logs.push(log);
        links.extend(l);
    }
    // Bounded chunks keep each statement under the databases' bind-parameter limits.
    for chunk in logs.chunks(200) {
        audit_log::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    for chunk in links.chunks(2000) {
        audit_patient::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Writes one audit row through `db` (the change's transaction).
pub async fn record(db: &impl ConnectionTrait, event: AuditEvent) -> Result<(), DbErr> {
    record_all(db, vec![event]).await
}

enum Msg {
    Row(AuditEvent),
    Flush(oneshot::Sender<()>),
}

/// Where audit rows of reads go; cheap to clone.
#[derive(Clone, Debug)]
pub struct AuditSink {
    mode: AuditReads,
    db: DatabaseConnection,
    tx: Option<mpsc::Sender<Msg>>,
}

impl std::fmt::Debug for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("audit message")
    }
}

const BATCH_ROWS: usize = 500;
const BATCH_EVERY: Duration = Duration::from_millis(200);

impl AuditSink {
    /// Starts the background writer in `batched` mode (call inside a tokio runtime).
    pub fn start(db: DatabaseConnection, mode: AuditReads) -> Self {
        let tx = (mode == AuditReads::Batched).then(|| {
            let (tx, rx) = mpsc::channel(10_000);
            tokio::spawn(writer(db.clone(), rx));
            tx
        });
        Self { mode, db, tx }
    }

    /// Audits a read. Waits only when the queue is full (or, in `sync` mode, for the insert).
    pub async fn read(&self, event: AuditEvent) -> Result<(), DbErr> {
        match (self.mode, &self.tx) {
            (AuditReads::Off, _) => Ok(()),
            (AuditReads::Batched, Some(tx)) => match tx.send(Msg::Row(event)).await {
                Ok(()) => Ok(()),
                // The writer is gone (shutting down): write it ourselves.
                Err(mpsc::error::SendError(Msg::Row(event))) => record(&self.db, event).await,
                Err(_) => Ok(()),
            },
            _ => record(&self.db, event).await,
        }
    }

    /// Waits until every read queued so far is written.
    pub async fn flush(&self) {
        if let Some(tx) = &self.tx {
            let (done, wait) = oneshot::channel();
            if tx.send(Msg::Flush(done)).await.is_ok() {
                let _ = wait.await;
            }
        }
    }
}

async fn writer(db: DatabaseConnection, mut rx: mpsc::Receiver<Msg>) {
    let mut batch: Vec<AuditEvent> = Vec::new();
    let mut waiting: Vec<oneshot::Sender<()>> = Vec::new();
    loop {
        let msg = if batch.is_empty() {
            rx.recv().await
        } else {
            match tokio::time::timeout(BATCH_EVERY, rx.recv()).await {
                Ok(m) => m,
                Err(_) => {
                    write(&db, &mut batch).await;
                    continue;
                }
            }
        };
        match msg {
            Some(Msg::Row(e)) => {
                batch.push(e);
                if batch.len() >= BATCH_ROWS {
                    write(&db, &mut batch).await;
                }
            }
            Some(Msg::Flush(done)) => {
                waiting.push(done);
                write(&db, &mut batch).await;
                for w in waiting.drain(..) {
                    let _ = w.send(());
                }
            }
            None => {
                write(&db, &mut batch).await;
                return;
            }
        }
    }
}

/// One transaction per batch; a failed batch is retried once, then logged with its size (the
/// rows themselves hold personal data and never reach a log).
async fn write(db: &DatabaseConnection, batch: &mut Vec<AuditEvent>) {
    if batch.is_empty() {
        return;
    }
    let events = std::mem::take(batch);
    for attempt in 1..=2 {
        let res = async {
            let txn = ::db::begin_write(db).await?;
            record_all(&txn, events.clone()).await?;
            txn.commit().await
        }
        .await;
        match res {
            Ok(()) => return,
            Err(e) if attempt == 1 => {
                tracing::warn!(error = %e, rows = events.len(), "audit batch failed; retrying");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => tracing::error!(error = %e, rows = events.len(), "audit batch lost"),
        }
    }
}
