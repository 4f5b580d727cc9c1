//! `/api/v1/patients/{id}/record` and `/prescriptions`: the clinicians' side of the medical
//! record (CAB-1, X-8) and of prescriptions (CAB-2). A doctor works with his assigned patients,
//! an assistant with his doctors' (ORG-8); the organizer is refused — an admin does not read
//! medical records (docs/decisions.md, "Medical record"). Assistants draft; doctors sign.
//! Every refusal is audited as denied; every read is audited with the patient; every change is
//! audited in its transaction.

pub mod attachments;
pub mod cabinet_record;
pub mod prescriptions;
pub mod read;
pub mod write;

use common::ErrorCode;
use common::audit::AuditAction;
use common::ids::{EntryId, PatientId};
use db::entities::{membership, patient_card, record_entry};
use db::sea_orm::EntityTrait;

use crate::auth::{PatientScope, PatientStaff};
use crate::domains::organization::patients;
use crate::domains::record::service as record;
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

/// An entry (original or amendment) of the card, or 404 audited as denied.
pub(crate) async fn card_entry(
    state: &AppState,
    who: &PatientStaff,
    card: &patient_card::Model,
    id: EntryId,
    action: AuditAction,
) -> ApiResult<record_entry::Model> {
    match record::find_entry(&state.db, card.id, id).await? {
        Some(e) => Ok(e),
        None => {
            let event = AuditEvent::by(&who.ctx, action, "record_entry", state.clock.now())
                .entity_id(id)
                .patients([card.id])
                .denied();
            state.audit.read(event).await?;
            Err(ApiError::not_found())
        }
    }
}

/// The caller's membership: the author's or signer's name as the record keeps it.
pub(crate) async fn me(state: &AppState, who: &PatientStaff) -> ApiResult<membership::Model> {
    membership::Entity::find_by_id(who.ctx.membership_id.0).one(&state.db).await?.ok_or_else(ApiError::unauthorized)
}

pub(crate) fn signed_conflict() -> ApiError {
    ApiError::code(ErrorCode::EntrySigned, "A signed entry never changes; add an amendment instead.")
}
