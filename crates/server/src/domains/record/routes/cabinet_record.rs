//! `/api/v1/cabinet/record` and `/cabinet/prescriptions`: the patient's own medical record
//! (CAB-1) and prescriptions (CAB-2), for the card he acts for (his own, or a dependent's with
//! `X-Patient-Id`). Only signed entries and signed amendments reach him; drafts,
//! amendment ids and other cards' ids are 404. Every read is audited with who acts and for whom.

use actix_web::{get, post, web};
use common::Problem;
use common::audit::AuditAction;
use common::ids::{EntryId, PrescriptionId};
use common::page::{DEFAULT_PAGE_SIZE, Page, PageParams};
use common::record::{
    EntryDto, EntryKind, EntryQuery, EntryStatus, EntrySummaryDto, PrescriptionDto, PrescriptionKind,
    PrescriptionStatus, RecordPrintDto,
};
use common::{ErrorCode, ids::PatientId};
use db::entities::organization;
use db::sea_orm::EntityTrait;
use serde::Deserialize;

use crate::auth::Patient;
use crate::domains::record::service::{self as record, ListFilter, PRINT_MAX_ENTRIES};
use crate::http::error::{ApiError, ApiResult};
use crate::http::paging::page_params;
use crate::platform::audit;
use crate::state::AppState;

/// The signed originals of the patient's record, newest first (by the day it happened), with
/// how many signed amendments correct each. `status` is ignored: the cabinet shows signed
/// entries only.
#[utoipa::path(
    tag = "record",
    params(EntryQuery, ("X-Patient-Id" = Option<PatientId>, Header, description = "A represented card (CAB-10)")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of signed entries", body = Page<EntrySummaryDto>),
        (status = 400, description = "An unknown kind", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`X-Patient-Id` names a card he may not open", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`page` or `per_page` out of range", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/cabinet/record")]
pub async fn list(
    state: web::Data<AppState>,
    who: Patient,
    q: web::Query<EntryQuery>,
) -> ApiResult<web::Json<Page<EntrySummaryDto>>> {
    let p = page_params(&PageParams { page: q.page.unwrap_or(1), per_page: q.per_page.unwrap_or(DEFAULT_PAGE_SIZE) })?;
    let filter = ListFilter { kind: q.kind, status: Some(EntryStatus::Signed) };
    let (rows, total) = record::list_page(&state.db, who.card.id, filter, p).await?;
    let items = record::summaries(&state.db, &rows).await?;
    state.audit.read(who.audit(AuditAction::RecordList, "record_entry", state.clock.now())).await?;
    Ok(web::Json(Page { items, page: p.page, per_page: p.per_page, total }))
}

/// `GET /cabinet/record/print`'s filter.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PrintQuery {
    /// One kind only.
    #[serde(default)]
    pub kind: Option<EntryKind>,
}

/// The print view of the record: the organization, the patient's name and birth date, and the
/// signed entries of the filter, newest first, with their full text and signed amendments.
/// At most the newest 500 entries are printed.
#[utoipa::path(
    tag = "record",
    params(PrintQuery, ("X-Patient-Id" = Option<PatientId>, Header, description = "A represented card (CAB-10)")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "What the print page shows", body = RecordPrintDto),
        (status = 400, description = "An unknown kind", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`X-Patient-Id` names a card he may not open", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/cabinet/record/print")]
pub async fn print(
    state: web::Data<AppState>,
    who: Patient,
    q: web::Query<PrintQuery>,
) -> ApiResult<web::Json<RecordPrintDto>> {
    let filter = ListFilter { kind: q.kind, status: Some(EntryStatus::Signed) };
    let rows = record::list_all(&state.db, who.card.id, filter, PRINT_MAX_ENTRIES).await?;
    let entries = record::entry_dtos(&state.db, &rows, false).await?;
    let org = organization::Entity::find_by_id(who.org.0).one(&state.db).await?.ok_or_else(ApiError::not_found)?;
    let card = &who.card;
    let now = state.clock.now();
    let dto = RecordPrintDto {
        organization_name: org.name,
        patient_name: card.full_name().full(),
        birth_date: card.birth_date,
        printed_at: now,
        entries,
    };
    state.audit.read(who.audit(AuditAction::RecordPrint, "record_entry", now)).await?;
    Ok(web::Json(dto))
}

/// One signed entry of the record with its attachments and signed amendments, oldest first.
/// A draft, an amendment's id (open its original) or another card's entry is 404.
#[utoipa::path(
    tag = "record",
    params(
        ("entry_id" = EntryId, Path, description = "A signed original entry"),
        ("X-Patient-Id" = Option<PatientId>, Header, description = "A represented card (CAB-10)"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The entry", body = EntryDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such signed entry in this card's record", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/cabinet/record/{entry_id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    who: Patient,
    entry_id: web::Path<EntryId>,
) -> ApiResult<web::Json<EntryDto>> {
    let now = state.clock.now();
    let entry = record::find_entry(&state.db, who.card.id, *entry_id)
        .await?
        .filter(|e| e.amends_id.is_none() && record::is_signed(e));
    let Some(entry) = entry else {
        state.audit.read(who.audit(AuditAction::RecordRead, "record_entry", now).entity_id(*entry_id).denied()).await?;
        return Err(ApiError::not_found());
    };
    let dto = record::entry_dto(&state.db, &entry, false).await?;
    state.audit.read(who.audit(AuditAction::RecordRead, "record_entry", now).entity_id(entry.id)).await?;
    Ok(web::Json(dto))
}

/// The card's prescriptions and recommendations, newest first.
#[utoipa::path(
    tag = "record",
    params(("X-Patient-Id" = Option<PatientId>, Header, description = "A represented card (CAB-10)")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Newest first", body = Vec<PrescriptionDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`X-Patient-Id` names a card he may not open", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/cabinet/prescriptions")]
pub async fn prescriptions(state: web::Data<AppState>, who: Patient) -> ApiResult<web::Json<Vec<PrescriptionDto>>> {
    let items = record::prescriptions_of(&state.db, who.card.id).await?;
    state.audit.read(who.audit(AuditAction::PrescriptionList, "prescription", state.clock.now())).await?;
    Ok(web::Json(items))
}

/// The patient marks a recommendation done (a prescription made in the organization is marked
/// by his clinicians). Marking a done one again changes nothing.
#[utoipa::path(
    tag = "record",
    params(
        ("id" = PrescriptionId, Path, description = "A recommendation of this card"),
        ("X-Patient-Id" = Option<PatientId>, Header, description = "A represented card (CAB-10)"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Done", body = PrescriptionDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such prescription of this card", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A prescription, not a recommendation (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/cabinet/prescriptions/{id}/done")]
pub async fn done(
    state: web::Data<AppState>,
    who: Patient,
    id: web::Path<PrescriptionId>,
) -> ApiResult<web::Json<PrescriptionDto>> {
    let now = state.clock.now();
    let Some(p) = record::find_prescription(&state.db, who.card.id, *id).await? else {
        state
            .audit
            .read(who.audit(AuditAction::PrescriptionStatus, "prescription", now).entity_id(*id).denied())
            .await?;
        return Err(ApiError::not_found());
    };
    if p.kind != PrescriptionKind::Recommended {
        return Err(ApiError::code(ErrorCode::Conflict, "Only a recommendation is marked done by the patient."));
    }
    let txn = db::begin_write(&state.db).await?;
    let p = record::set_prescription_status(&txn, p, PrescriptionStatus::Done, who.ctx.membership_id.0, now).await?;
    audit::record(&txn, who.audit(AuditAction::PrescriptionStatus, "prescription", now).entity_id(*id)).await?;
    let dto = record::prescription_dto(&p)?;
    txn.commit().await?;
    Ok(web::Json(dto))
}
