//! Who may open a card's record: the checks the record's handlers and the monitoring
//! domain's share (the record domain's `pub(crate)` API, re-exported by its `mod.rs`).

use common::ErrorCode;
use common::audit::AuditAction;
use common::ids::PatientId;
use db::entities::{membership, patient_card};
use db::sea_orm::EntityTrait;

use crate::auth::{PatientScope, PatientStaff};
use crate::domains::organization::patients;
use crate::http::error::{ApiError, ApiResult};
use crate::platform::audit::AuditEvent;
use crate::state::AppState;

/// The card of a patient whose record the caller may open: 403 for the organizer, 404 for a
/// card outside the caller's patients or organization — both audited as denied.
pub(crate) async fn clinician_card(
    state: &AppState,
    who: &PatientStaff,
    id: PatientId,
    action: AuditAction,
) -> ApiResult<patient_card::Model> {
    let now = state.clock.now();
    if who.scope == PatientScope::Organization {
        let event = AuditEvent::by(&who.ctx, action, "patient", now).entity_id(id).denied();
        state.audit.read(event).await?;
        return Err(ApiError::code(
            ErrorCode::Forbidden,
            "The medical record is open to the patient's clinicians only.",
        ));
    }
    match patients::find_visible(&state.db, who.org.0, who.scope, id.0).await? {
        Some(card) => Ok(card),
        None => {
            let event = AuditEvent::by(&who.ctx, action, "patient", now).entity_id(id).denied();
            state.audit.read(event).await?;
            Err(ApiError::not_found())
        }
    }
}

/// Refuses (403 `doctor_only`, audited) anyone but a doctor: only doctors sign entries and
/// write prescriptions. Call it after [`clinician_card`] has refused the organizer.
pub(crate) async fn doctor_only(
    state: &AppState,
    who: &PatientStaff,
    id: PatientId,
    action: AuditAction,
) -> ApiResult<()> {
    if matches!(who.scope, PatientScope::Doctor(_)) {
        return Ok(());
    }
    let event = AuditEvent::by(&who.ctx, action, "patient", state.clock.now()).entity_id(id).patients([id.0]).denied();
    state.audit.read(event).await?;
    Err(ApiError::code(ErrorCode::DoctorOnly, "Only a doctor signs entries and writes prescriptions."))
}

/// The caller's membership: the author's or signer's name as the record keeps it.
pub(crate) async fn me(state: &AppState, who: &PatientStaff) -> ApiResult<membership::Model> {
    membership::Entity::find_by_id(who.ctx.membership_id.0).one(&state.db).await?.ok_or_else(ApiError::unauthorized)
}
