//! Reading a patient's medical record as his clinician: the list and one entry.

use actix_web::{get, web};
use common::Problem;
use common::audit::AuditAction;
use common::ids::{EntryId, PatientId};
use common::page::{DEFAULT_PAGE_SIZE, Page, PageParams};
use common::record::{EntryDto, EntryQuery, EntrySummaryDto};

use super::card_entry;
use crate::auth::{StaffCard, role};
use crate::domains::record::service::{self as record, ListFilter};
use crate::http::error::ApiResult;
use crate::http::paging::page_params;
use crate::platform::audit::AuditEvent;
use crate::state::AppState;

mod action {
    crate::audit_action!(RecordList);
    crate::audit_action!(RecordRead);
}

/// The patient's record, newest first (by the day it happened): drafts and signed originals;
/// amendments are not rows — their original counts its signed ones.
#[utoipa::path(
    tag = "record",
    params(("id" = PatientId, Path, description = "The patient card"), EntryQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of entries", body = Page<EntrySummaryDto>),
        (status = 400, description = "An unknown kind or status", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant (the organizer does not read records)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`page` or `per_page` out of range", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/patients/{id}/record")]
pub async fn list(
    state: web::Data<AppState>,
    staff: StaffCard<role::Clinician, action::RecordList>,
    q: web::Query<EntryQuery>,
) -> ApiResult<web::Json<Page<EntrySummaryDto>>> {
    let (who, card) = staff.into_parts();
    let p = page_params(&PageParams { page: q.page.unwrap_or(1), per_page: q.per_page.unwrap_or(DEFAULT_PAGE_SIZE) })?;
    let filter = ListFilter { kind: q.kind, status: q.status };
    let (rows, total) = record::list_page(&state.db, card.id, filter, p).await?;
    let items = record::summaries(&state.db, &rows).await?;
    let event =
        AuditEvent::by(&who.ctx, AuditAction::RecordList, "record_entry", state.clock.now()).patients([card.id]);
    state.audit.read(event).await?;
    Ok(web::Json(Page { items, page: p.page, per_page: p.per_page, total }))
}

/// One entry with its text, attachments and every amendment (drafts included), oldest first.
/// An amendment's id opens the amendment itself (`amends` names its original).
#[utoipa::path(
    tag = "record",
    params(
        ("id" = PatientId, Path, description = "The patient card"),
        ("entry_id" = EntryId, Path, description = "The entry"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The entry", body = EntryDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients, or no such entry of his", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/patients/{id}/record/{entry_id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    staff: StaffCard<role::Clinician, action::RecordRead>,
    path: web::Path<(PatientId, EntryId)>,
) -> ApiResult<web::Json<EntryDto>> {
    let (_, entry_id) = path.into_inner();
    let (who, card) = staff.into_parts();
    let entry = card_entry(&state, &who, &card, entry_id, AuditAction::RecordRead).await?;
    let dto = record::entry_dto(&state.db, &entry, true).await?;
    let event = AuditEvent::by(&who.ctx, AuditAction::RecordRead, "record_entry", state.clock.now())
        .entity_id(entry.id)
        .patients([card.id]);
    state.audit.read(event).await?;
    Ok(web::Json(dto))
}
