//! The database layer: sea-orm entities, connection set-up and migrations.
//!
//! Entities are not the API: the server converts them to `common` DTOs.

pub mod entities;
mod org;

pub use org::{Org, OrgOwned, org_owned_tables};

use std::time::Duration;

pub use migration::{Migrator, MigratorTrait};
pub use sea_orm;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

/// Opens a pool to `url` (`sqlite://…?mode=rwc` or `postgres://…`).
///
/// SQLite gets WAL journaling and a busy timeout so several connections (and several
/// processes) can share one file.
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        // Ping a pooled connection only when it sat idle: a ping before every acquire doubles
        // the round trips of a request that runs several queries.
        .test_before_acquire_if_idle_for(Duration::from_secs(30))
        .sqlx_logging(false);
    let db = Database::connect(opts).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared(
            "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
        )
        .await?;
    }
    Ok(db)
}

/// Begins a transaction that will write. On SQLite it takes the write lock at `BEGIN`
/// (`BEGIN IMMEDIATE`, waiting up to the busy timeout): a deferred transaction that reads
/// first cannot upgrade to a writer once another connection has written since, and fails at
/// once with "database is locked". PostgreSQL ignores the mode.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Checks that the database answers a trivial query.
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("SELECT 1").await.map(|_| ())
}
