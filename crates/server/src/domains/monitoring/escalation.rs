//! Escalation (MON-5): an alert left unacknowledged past the organization's limit goes to the
//! covering doctor named in the settings. [`super::alerts::apply`] queues one
//! [`EscalateAlert`] job per opened alert (when the organization has a covering doctor) in the
//! opening transaction, due at the limit; the job does nothing if the alert was acknowledged
//! (or escalated) by then, or if the organization no longer names an active covering doctor.

use anyhow::Context;
use chrono::{DateTime, Utc};
use common::audit::AuditAction;
use common::auth::{MembershipStatus, Role};
use common::ids::OrganizationId;
use common::monitoring::{AlertStatus, LiveEventKind};
use db::entities::{alert, job, membership, patient_card};
use db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

use super::alerts::{self, email_staff, lock_card, staff_name};
use super::service::org_settings;
use crate::platform::audit::{self, AuditEvent};
use crate::platform::jobs::Job;
use crate::state::AppState;

/// The job of one opened alert, due at the organization's limit.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct EscalateAlert {
    pub alert_id: Uuid,
}

impl Job for EscalateAlert {
    const KIND: &'static str = "alert.escalate";

    async fn run(self, state: &AppState, job: &job::Model) -> anyhow::Result<()> {
        // A job runs only once due, so its due time is a lower bound of "now".
        let now = state.clock.now().max(job.run_at);
        escalate(state, self.alert_id, now).await.map(|_| ())
    }
}

/// Escalates the alert if it is still open and not escalated; `true` if it did.
pub async fn escalate(state: &AppState, alert_id: Uuid, now: DateTime<Utc>) -> anyhow::Result<bool> {
    let txn = db::begin_write(&state.db).await?;
    let Some(a) = alert::Entity::find_by_id(alert_id).one(&txn).await? else { return Ok(false) };
    if a.status != AlertStatus::Open || a.escalated_at.is_some() {
        return Ok(false);
    }
    lock_card(&txn, a.patient_card_id).await?;
    let settings = org_settings(&txn, OrganizationId(a.organization_id)).await?;
    let Some(covering) = settings.covering_doctor_id else {
        tracing::info!(alert.id = %a.id, "no covering doctor any more; alert not escalated");
        return Ok(false);
    };
    let doctor = db::Org::new(a.organization_id)
        .find_by_id::<membership::Entity>(covering)
        .filter(membership::Column::Role.eq(Role::Doctor.as_str()))
        .filter(membership::Column::Status.eq(MembershipStatus::Active.as_str()))
        .one(&txn)
        .await?;
    let Some(doctor) = doctor else {
        tracing::warn!(alert.id = %a.id, "the covering doctor is not an active doctor; alert not escalated");
        return Ok(false);
    };
    let done = alert::Entity::update_many()
        .col_expr(alert::Column::EscalatedAt, Expr::value(now))
        .col_expr(alert::Column::EscalatedTo, Expr::value(doctor.id))
        .col_expr(alert::Column::EscalatedToName, Expr::value(staff_name(&doctor)))
        .filter(alert::Column::Id.eq(a.id))
        .filter(alert::Column::Status.eq(AlertStatus::Open.as_str()))
        .filter(alert::Column::EscalatedAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Ok(false);
    }
    alerts::event(&txn, a.id, None, "escalated", &a.item, None, now).await?;
    email_staff(&txn, &state.settings.base_url, a.organization_id, a.patient_card_id, &[doctor], true, now).await?;
    let event = AuditEvent::system(a.organization_id, AuditAction::AlertEscalate, "alert", now)
        .entity_id(a.id)
        .patients([a.patient_card_id]);
    audit::record(&txn, event).await?;
    let updated = alert::Entity::find_by_id(a.id).one(&txn).await?.context("escalated alert vanished")?;
    let card = patient_card::Entity::find_by_id(a.patient_card_id).one(&txn).await?.context("alert without card")?;
    txn.commit().await?;
    state.jobs_notify.notify_one();
    tracing::info!(alert.id = %a.id, "alert escalated to the covering doctor");
    alerts::publish(state, &card, &updated, LiveEventKind::AlertEscalated).await;
    Ok(true)
}
