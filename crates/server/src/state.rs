//! What every handler and job can reach.

use std::sync::Arc;

use db::sea_orm::DatabaseConnection;
use tokio::sync::Notify;

use crate::auth::password::PasswordHasher;
use crate::config::Settings;
use crate::platform::audit::AuditSink;
use crate::platform::clock::Clock;
use crate::platform::email::Mailer;
use crate::platform::jobs::Registry;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub mailer: Mailer,
    pub clock: Clock,
    pub jobs: Arc<Registry>,
    pub hasher: PasswordHasher,
    /// Wakes this process's workers when it enqueues a job (other processes poll).
    pub jobs_notify: Arc<Notify>,
    /// Audit rows of reads.
    pub audit: AuditSink,
    /// Attachment bytes (CAB-12): local folder or S3.
    pub files: crate::platform::files::FileStore,
    /// Live events (alerts) to connected clinicians, across processes.
    pub live: crate::platform::live::Hub,
}
