//! ACC-5: a pending invitation lapses 10 days after it was last sent. Each send queues a
//! durable job at the expiry ([`schedule_lapse`]); the job claims its row
//! under a lease, so with several server processes it runs once. When it runs:
//! - a staff membership that never started is removed (its links go with it); an account
//!   with other memberships is untouched — a pending membership has no account yet;
//! - a patient card moves to "Deleted patients" with its data kept; "register again" sends a
//!   fresh invitation.
//!
//! A resend or an acceptance in between leaves the job nothing to do.

use chrono::{DateTime, Utc};
use common::admin::PatientStatus;
use common::audit::AuditAction;
use common::auth::MembershipStatus;
use db::entities::{job, membership, patient_card};
use db::sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

use crate::platform::audit::{self, AuditEvent};
use crate::platform::jobs::{Job, NewJob, enqueue};
use crate::state::AppState;

/// What an invitation invites to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LapseTarget {
    Membership,
    Patient,
}

impl LapseTarget {
    fn as_str(self) -> &'static str {
        match self {
            Self::Membership => "membership",
            Self::Patient => "patient",
        }
    }
}

/// The lapse of one invitation (a membership or a patient card), due at its expiry.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct LapseInvitation {
    pub target: LapseTarget,
    pub id: Uuid,
}

/// Queues the lapse of an invitation at its expiry through `db` (the sending transaction). A
/// resend queues another; the earlier one then finds the invitation not yet expired and does
/// nothing.
pub async fn schedule_lapse(
    db: &impl ConnectionTrait,
    target: LapseTarget,
    id: Uuid,
    expires: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let lapse = LapseInvitation { target, id };
    enqueue(db, NewJob::of(&lapse, expires)?.idempotency_key(lapse.key(expires)), now).await?;
    Ok(())
}

impl LapseInvitation {
    /// The job's idempotency key: one lapse per invitation and expiry.
    pub fn key(&self, expires: DateTime<Utc>) -> String {
        format!("lapse:{}:{}:{}", self.target.as_str(), self.id, expires.timestamp())
    }
}

impl Job for LapseInvitation {
    const KIND: &'static str = "lapse_invitation";

    async fn run(self, state: &AppState, job: &job::Model) -> anyhow::Result<()> {
        let p = self;
        // A job runs only once due, so its due time is a lower bound of "now".
        let now = state.clock.now().max(job.run_at);
        match p.target {
            LapseTarget::Membership => lapse_membership(state, p.id, now).await,
            LapseTarget::Patient => lapse_patient(state, p.id, now).await,
        }
    }
}

async fn lapse_membership(state: &AppState, id: Uuid, now: DateTime<Utc>) -> anyhow::Result<()> {
    let res = membership::Entity::delete_many()
        .filter(membership::Column::Id.eq(id))
        .filter(membership::Column::Status.eq(MembershipStatus::Pending.as_str()))
        .filter(membership::Column::AccountId.is_null())
        .filter(membership::Column::InvitationExpiresAt.lte(now))
        .exec(&state.db)
        .await?;
    if res.rows_affected > 0 {
        tracing::info!(membership.id = %id, "pending staff invitation lapsed; membership removed");
    }
    Ok(())
}

async fn lapse_patient(state: &AppState, id: Uuid, now: DateTime<Utc>) -> anyhow::Result<()> {
    // The update comes first: on SQLite a transaction that reads before it writes cannot take
    // the write lock once another process has written since ("database is locked", no wait).
    let txn = db::begin_write(&state.db).await?;
    let res = patient_card::Entity::update_many()
        .col_expr(patient_card::Column::Status, Expr::value(PatientStatus::Archived.as_str()))
        .col_expr(patient_card::Column::ArchivedAt, Expr::value(now))
        .col_expr(patient_card::Column::UpdatedAt, Expr::value(now))
        .filter(patient_card::Column::Id.eq(id))
        .filter(patient_card::Column::Status.eq(PatientStatus::Pending.as_str()))
        .filter(patient_card::Column::InvitationExpiresAt.lte(now))
        .exec(&txn)
        .await?;
    let card = match res.rows_affected {
        0 => None,
        _ => patient_card::Entity::find_by_id(id).one(&txn).await?,
    };
    if let Some(card) = card {
        audit::record(
            &txn,
            AuditEvent::system(card.organization_id, AuditAction::PatientLapse, "patient", now)
                .entity_id(id)
                .patients([id]),
        )
        .await?;
        tracing::info!(patient.id = %id, "patient invitation lapsed; card moved to deleted patients");
    }
    txn.commit().await?;
    Ok(())
}
