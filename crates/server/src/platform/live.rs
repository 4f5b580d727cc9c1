//! The live channel's fan-out (MON-5): alert events reach every connected clinician without a
//! reload.
//!
//! A change publishes an [`Envelope`] after its transaction commits.
//! - **SQLite** (one process, the embedded default): [`Hub::publish`] hands it to this
//!   process's broadcast channel, which is the whole fan-out.
//! - **PostgreSQL** (any number of processes): [`Hub::start`] runs a listener task on a
//!   connection of its own (`LISTEN oncocenter_live`); [`Hub::publish`] only sends
//!   `pg_notify('oncocenter_live', <envelope JSON>)` and does not deliver locally — every
//!   process's listener, this one's included, hears the notification and re-broadcasts it to
//!   its own connections, so each connection gets each event exactly once. A payload over
//!   PostgreSQL's 8000-byte limit goes as the alert's id, and listeners load the alert. A
//!   listener that loses its connection reconnects with backoff; events sent meanwhile are
//!   lost to it, and its clients see those alerts on their next load of the list.
//!
//! Each SSE connection then shows only the events of patients its caller may see
//! (`routes::live`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use common::monitoring::{LiveEvent, LiveEventKind};
use db::sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, oneshot};
use uuid::Uuid;

/// The PostgreSQL notification channel of live events.
pub const CHANNEL: &str = "oncocenter_live";
/// PostgreSQL refuses a notification payload of 8000 bytes or more.
const MAX_PAYLOAD: usize = 7900;
/// The longest wait between two attempts to reconnect the listener.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// What [`LoadAlert`] returns: the alert's envelope (none when it is gone), or why not.
pub type LoadFuture = Pin<Box<dyn Future<Output = Result<Option<Envelope>, String>> + Send>>;

/// Loads the envelope of an alert a notification names instead of carrying it (too big for
/// `NOTIFY`). The monitoring domain supplies it at startup: this module imports no domain.
pub type LoadAlert = Arc<dyn Fn(DatabaseConnection, Uuid, LiveEventKind) -> LoadFuture + Send + Sync>;

/// One event with what decides who may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub organization_id: Uuid,
    pub patient_card_id: Uuid,
    /// The covering doctor's membership once the alert escalated: he sees it too.
    pub escalated_to: Option<Uuid>,
    pub event: LiveEvent,
}

/// What goes through `NOTIFY`: the envelope, or — when too big — the alert to load.
#[derive(Debug, Serialize, Deserialize)]
enum Wire {
    #[serde(rename = "e")]
    Envelope(Box<Envelope>),
    #[serde(rename = "r")]
    Ref { alert_id: Uuid, kind: LiveEventKind },
}

/// The process's fan-out of live events.
#[derive(Clone, Debug)]
pub struct Hub {
    tx: broadcast::Sender<Arc<Envelope>>,
    /// On PostgreSQL: publishing is a `NOTIFY` through this pool.
    notify: Option<DatabaseConnection>,
}

impl Default for Hub {
    fn default() -> Self {
        Self::new()
    }
}

impl Hub {
    /// A hub with no cross-process transport: one process (SQLite).
    pub fn new() -> Self {
        let (tx, _) = broadcast::channel(1024);
        Self { tx, notify: None }
    }

    /// The hub for `db`: on PostgreSQL it listens on [`CHANNEL`] through its own connection to
    /// `url` (waiting up to 5 s for the first `LISTEN`, then going on in the background); on
    /// SQLite it is [`Hub::new`]. `load` resolves a notification that names its alert.
    pub async fn start(db: &DatabaseConnection, url: &str, load: LoadAlert) -> Self {
        let mut hub = Self::new();
        if db.get_database_backend() != DbBackend::Postgres {
            return hub;
        }
        let (ready_tx, ready_rx) = oneshot::channel();
        tokio::spawn(listen(url.to_owned(), db.clone(), load, hub.tx.clone(), ready_tx));
        if tokio::time::timeout(Duration::from_secs(5), ready_rx).await.is_err() {
            tracing::warn!("the live listener is not connected yet; it keeps trying");
        }
        hub.notify = Some(db.clone());
        hub
    }

    /// Delivers `env` to this process's connections.
    pub fn deliver(&self, env: Envelope) {
        // No receiver is no error: nobody is connected.
        let _ = self.tx.send(Arc::new(env));
    }

    /// Publishes `env` to every connection of every process. Call after the change commits.
    pub async fn publish(&self, env: Envelope) {
        let Some(db) = &self.notify else {
            self.deliver(env);
            return;
        };
        let payload = match wire_payload(&env) {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(error = %e, "live event not serializable");
                return;
            }
        };
        let sent = db
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), payload.into()],
            ))
            .await;
        if let Err(e) = sent {
            // The database is out of reach: this process's clients at least get it.
            tracing::warn!(error = %e, alert.id = %env.event.alert.id.0, "NOTIFY failed; delivered in this process only");
            self.deliver(env);
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Envelope>> {
        self.tx.subscribe()
    }
}

/// The `NOTIFY` payload of `env`: the envelope, or its alert's id when the envelope is too big.
fn wire_payload(env: &Envelope) -> serde_json::Result<String> {
    let full = serde_json::to_string(&Wire::Envelope(Box::new(env.clone())))?;
    if full.len() <= MAX_PAYLOAD {
        return Ok(full);
    }
    serde_json::to_string(&Wire::Ref { alert_id: env.event.alert.id.0, kind: env.event.kind })
}

/// The listener task: `LISTEN`, re-broadcast every notification, reconnect with backoff.
async fn listen(
    url: String,
    db: DatabaseConnection,
    load: LoadAlert,
    tx: broadcast::Sender<Arc<Envelope>>,
    ready: oneshot::Sender<()>,
) {
    use db::sea_orm::sqlx::postgres::PgListener;
    let mut ready = Some(ready);
    let mut backoff = Duration::from_millis(500);
    loop {
        let connected = async {
            let mut l = PgListener::connect(&url).await?;
            l.listen(CHANNEL).await?;
            Ok::<_, db::sea_orm::sqlx::Error>(l)
        }
        .await;
        match connected {
            Ok(mut listener) => {
                tracing::info!(channel = CHANNEL, "live listener connected");
                if let Some(r) = ready.take() {
                    let _ = r.send(());
                }
                backoff = Duration::from_millis(500);
                loop {
                    match listener.try_recv().await {
                        Ok(Some(n)) => receive(&db, &load, &tx, n.payload()).await,
                        // The connection dropped and was re-established: notifications in
                        // between are lost (the lists show those alerts on their next load).
                        Ok(None) => tracing::warn!("live listener reconnected; events in between were missed"),
                        Err(e) => {
                            tracing::warn!(error = %e, "live listener lost its connection");
                            break;
                        }
                    }
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, retry_in_ms = backoff.as_millis() as u64, "live listener cannot connect")
            }
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

async fn receive(db: &DatabaseConnection, load: &LoadAlert, tx: &broadcast::Sender<Arc<Envelope>>, payload: &str) {
    let env = match serde_json::from_str::<Wire>(payload) {
        Ok(Wire::Envelope(env)) => Some(*env),
        Ok(Wire::Ref { alert_id, kind }) => match load(db.clone(), alert_id, kind).await {
            Ok(env) => env,
            Err(e) => {
                tracing::warn!(error = %e, alert.id = %alert_id, "live event's alert could not be loaded");
                None
            }
        },
        Err(e) => {
            tracing::warn!(error = %e, "unreadable live notification");
            None
        }
    };
    if let Some(env) = env {
        let _ = tx.send(Arc::new(env));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use common::ids::{AlertId, PatientId};
    use common::monitoring::{AlertDto, AlertStatus};

    fn env(note: &str) -> Envelope {
        let now = Utc::now();
        Envelope {
            organization_id: Uuid::now_v7(),
            patient_card_id: Uuid::now_v7(),
            escalated_to: None,
            event: LiveEvent {
                kind: LiveEventKind::AlertAcknowledged,
                alert: AlertDto {
                    id: AlertId(Uuid::now_v7()),
                    patient_id: PatientId(Uuid::now_v7()),
                    patient_name: "Белова Ирина".into(),
                    rule: "temp_high".into(),
                    rule_kind: "threshold".into(),
                    item: "vitals.temp_c".into(),
                    item_label: None,
                    unit: None,
                    status: AlertStatus::Acknowledged,
                    opened_at: now,
                    first_value: 38.5,
                    worst_value: 38.5,
                    last_value: 38.5,
                    reference: 38.0,
                    last_at: now,
                    values: 1,
                    notified: 1,
                    acknowledged_at: Some(now),
                    acknowledged_by_name: None,
                    note: Some(note.into()),
                    patient_note: None,
                    time_to_ack_secs: Some(0),
                    escalated_at: None,
                    escalated_to_name: None,
                    escalates_at: None,
                    urgency: common::alerts::Urgency::CallClinic,
                    state: common::monitoring::AlertState::Closed,
                    taken_by: None,
                    taken_by_name: None,
                    taken_at: None,
                    patient_words: Vec::new(),
                },
            },
        }
    }

    #[test]
    fn small_envelopes_travel_whole_big_ones_by_id() {
        let small = env("позвонил пациенту");
        let p = wire_payload(&small).unwrap();
        assert!(matches!(serde_json::from_str::<Wire>(&p).unwrap(), Wire::Envelope(e) if *e == small));
        // A 2000-character Cyrillic note is 4000 bytes; two of them do not fit.
        let big = env(&"ж".repeat(4000));
        let p = wire_payload(&big).unwrap();
        assert!(p.len() < 200, "{p}");
        match serde_json::from_str::<Wire>(&p).unwrap() {
            Wire::Ref { alert_id, kind } => {
                assert_eq!(alert_id, big.event.alert.id.0);
                assert_eq!(kind, LiveEventKind::AlertAcknowledged);
            }
            Wire::Envelope(_) => panic!("too big to travel whole"),
        }
    }

    #[tokio::test]
    async fn without_postgres_publish_delivers_locally() {
        let hub = Hub::new();
        let mut rx = hub.subscribe();
        let e = env("ok");
        hub.publish(e.clone()).await;
        assert_eq!(*rx.recv().await.unwrap(), e);
    }
}
