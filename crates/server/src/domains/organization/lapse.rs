//! ACC-5: a pending invitation lapses 10 days after it was last sent. Each send queues a
//! durable job at the expiry ([`super::patients::schedule_lapse`]); the job claims its row
//! under a lease, so with several server processes it runs once. When it runs:
//! - a staff membership that never started is removed (its links go with it); an account
//!   with other memberships is untouched — a pending membership has no account yet;
//! - a patient card moves to "Deleted patients" with its data kept; "register again" sends a
//!   fresh invitation.
//!
//! A resend or an acceptance in between leaves the job nothing to do.

use std::future::Future;
use std::pin::Pin;

use anyhow::Context;
use chrono::{DateTime, Utc};
use common::admin::PatientStatus;
use common::audit::AuditAction;
use common::auth::MembershipStatus;
use db::entities::{job, membership, patient_card};
use db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

use super::patients::LapseTarget;
use crate::platform::audit::{self, AuditEvent};
use crate::platform::jobs::JobHandler;
use crate::state::AppState;

pub struct LapseInvitation;

#[derive(serde::Deserialize)]
struct Payload {
    target: LapseTarget,
    id: Uuid,
}

impl JobHandler for LapseInvitation {
    fn run<'a>(
        &'a self,
        state: &'a AppState,
        job: &'a job::Model,
    ) -> Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>> {
        Box::pin(async move {
            let p: Payload = serde_json::from_value(job.payload.clone()).context("lapse_invitation payload")?;
            // A job runs only once due, so its due time is a lower bound of "now".
            let now = state.clock.now().max(job.run_at);
            match p.target {
                LapseTarget::Membership => lapse_membership(state, p.id, now).await,
                LapseTarget::Patient => lapse_patient(state, p.id, now).await,
            }
        })
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
