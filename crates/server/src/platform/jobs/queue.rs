//! The queue's SQL: claim, complete, retry.

use chrono::{DateTime, Duration, Utc};
use db::entities::job;
use db::sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, QueryFilter, Statement,
    sea_query::Expr,
};
use uuid::Uuid;

/// How long a claimed job is held before another worker may take it over.
pub const LEASE: Duration = Duration::minutes(5);

const CLAIM_POSTGRES: &str = r#"
UPDATE jobs SET status = 'running', locked_by = $1, locked_until = $2, attempts = attempts + 1, updated_at = $3
WHERE id = (
    SELECT id FROM jobs
    WHERE (status = 'queued' AND run_at <= $3) OR (status = 'running' AND locked_until < $3)
    ORDER BY run_at, id
    LIMIT 1
    FOR UPDATE SKIP LOCKED
)
RETURNING *"#;

// SQLite runs one writer at a time, so the sub-select and the update are atomic together.
const CLAIM_SQLITE: &str = r#"
UPDATE jobs SET status = 'running', locked_by = ?1, locked_until = ?2, attempts = attempts + 1, updated_at = ?3
WHERE id = (
    SELECT id FROM jobs
    WHERE (status = 'queued' AND run_at <= ?3) OR (status = 'running' AND locked_until < ?3)
    ORDER BY run_at, id
    LIMIT 1
)
RETURNING *"#;

/// Takes the oldest due job (or one whose lease passed) for `worker`, or `None`.
pub async fn claim(db: &DatabaseConnection, worker: &str, now: DateTime<Utc>) -> Result<Option<job::Model>, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => CLAIM_POSTGRES,
        _ => CLAIM_SQLITE,
    };
    let stmt = Statement::from_sql_and_values(backend, sql, [worker.into(), (now + LEASE).into(), now.into()]);
    job::Entity::find().from_raw_sql(stmt).one(db).await
}

/// Marks a job done — only while `worker` still holds it. Returns whether it did.
pub async fn complete(
    db: &impl ConnectionTrait,
    job: &job::Model,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(job::STATUS_DONE))
        .col_expr(job::Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(job::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(job::Column::FinishedAt, Expr::value(now))
        .col_expr(job::Column::UpdatedAt, Expr::value(now))
        .filter(held_by(job.id, worker))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The wait before attempt `attempts + 1`: 30 s doubled each time, at most 6 h.
pub fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 20) - 1;
    let secs = 30i64.saturating_mul(1i64 << exp).min(6 * 3600);
    Duration::seconds(secs)
}

/// Records a failed run: queued again after the backoff, or `failed` after the last attempt.
pub async fn fail(
    db: &DatabaseConnection,
    job: &job::Model,
    worker: &str,
    now: DateTime<Utc>,
    error: &str,
) -> Result<(), DbErr> {
    let gave_up = job.attempts >= job.max_attempts;
    let mut update = job::Entity::update_many()
        .col_expr(job::Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(job::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(job::Column::LastError, Expr::value(truncate(error, 2000)))
        .col_expr(job::Column::UpdatedAt, Expr::value(now));
    update = if gave_up {
        update
            .col_expr(job::Column::Status, Expr::value(job::STATUS_FAILED))
            .col_expr(job::Column::FinishedAt, Expr::value(now))
    } else {
        update
            .col_expr(job::Column::Status, Expr::value(job::STATUS_QUEUED))
            .col_expr(job::Column::RunAt, Expr::value(now + backoff(job.attempts)))
    };
    update.filter(held_by(job.id, worker)).exec(db).await?;
    Ok(())
}

fn held_by(id: Uuid, worker: &str) -> db::sea_orm::Condition {
    db::sea_orm::Condition::all()
        .add(job::Column::Id.eq(id))
        .add(job::Column::Status.eq(job::STATUS_RUNNING))
        .add(job::Column::LockedBy.eq(worker))
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => s[..i].to_owned(),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(3), Duration::seconds(120));
        assert_eq!(backoff(30), Duration::hours(6));
    }
}
