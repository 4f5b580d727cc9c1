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
pub mod summary;
pub mod write;

use common::ErrorCode;
use common::audit::AuditAction;
use common::ids::EntryId;
use db::entities::{patient_card, record_entry};

use crate::auth::PatientStaff;
use crate::domains::record::service as record;
use crate::http::error::{ApiError, ApiResult};
use crate::platform::audit::AuditEvent;
use crate::state::AppState;

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

pub(crate) fn signed_conflict() -> ApiError {
    ApiError::code(ErrorCode::EntrySigned, "A signed entry never changes; add an amendment instead.")
}
