//! The live channel's fan-out (MON-5): alert events reach every connected clinician without a
//! reload.
//!
//! A change publishes an [`Envelope`] after its transaction commits. In one process (the
//! embedded SQLite default) the hub's broadcast channel is the whole fan-out; with several
//! processes on PostgreSQL each publish also goes through `NOTIFY`, and every process's
//! listener re-broadcasts what it hears to its own connections (see [`Hub::start`]).
//! Each connection then shows only the events of patients its caller may see.

use std::sync::Arc;

use common::monitoring::LiveEvent;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use uuid::Uuid;

/// One event with what decides who may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub organization_id: Uuid,
    pub patient_card_id: Uuid,
    /// The covering doctor's membership once the alert escalated: he sees it too.
    pub escalated_to: Option<Uuid>,
    pub event: LiveEvent,
}

/// The process's fan-out of live events.
#[derive(Clone, Debug)]
pub struct Hub {
    tx: broadcast::Sender<Arc<Envelope>>,
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
        Self { tx }
    }

    /// Delivers `env` to this process's connections.
    pub fn deliver(&self, env: Envelope) {
        // No receiver is no error: nobody is connected.
        let _ = self.tx.send(Arc::new(env));
    }

    /// Publishes `env` to every connection of every process. Call after the change commits.
    pub async fn publish(&self, env: Envelope) {
        self.deliver(env);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Envelope>> {
        self.tx.subscribe()
    }
}
