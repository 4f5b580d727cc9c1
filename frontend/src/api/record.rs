//! The medical record and prescriptions as the doctor and the assistant work with them
//! (ORG-8, X-8): `/patients/{id}/record…`, `/patients/{id}/prescriptions…` and the signed
//! download links of attachments. DTOs: `common::record`.

use common::admin::PatientDto;
use common::ids::{AttachmentId, EntryId, PatientId, PrescriptionId};
use common::page::Page;
use common::record::{
    ClinicalSummaryDto, ClinicalSummaryInput, DownloadLinkDto, EntryDto, EntryInput, EntryKind, EntryStatus,
    EntrySummaryDto, PrescriptionDto, PrescriptionInput, PrescriptionStatus, PrescriptionStatusInput,
};

use super::http::{self, Access};
use super::{ApiError, query_string};

/// `GET /api/v1/patients/{id}`: the header of the doctor's patient page.
pub async fn patient(id: PatientId) -> Result<PatientDto, ApiError> {
    http::get_json(Access::Session, &format!("/patients/{id}")).await
}

/// `GET /api/v1/patients/{id}/summary`: the diagnosis text of the patient page's header.
pub async fn summary(id: PatientId) -> Result<ClinicalSummaryDto, ApiError> {
    http::get_json(Access::Session, &format!("/patients/{id}/summary")).await
}

/// `PUT /api/v1/patients/{id}/summary` (a doctor or an assistant of his).
pub async fn save_summary(id: PatientId, input: &ClinicalSummaryInput) -> Result<ClinicalSummaryDto, ApiError> {
    http::put_json(Access::Session, &format!("/patients/{id}/summary"), input).await
}

/// The filters of the staff record list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecordFilter {
    pub kind: Option<EntryKind>,
    pub status: Option<EntryStatus>,
    pub page: u32,
    pub per_page: u32,
}

/// `GET /api/v1/patients/{id}/record?kind&status&page&per_page` (drafts too).
pub async fn entries(id: PatientId, filter: RecordFilter) -> Result<Page<EntrySummaryDto>, ApiError> {
    let qs = query_string(&[
        ("kind", filter.kind.map(|k| k.as_str().to_owned())),
        ("status", filter.status.map(|s| s.as_str().to_owned())),
        ("page", Some(filter.page.to_string())),
        ("per_page", Some(filter.per_page.to_string())),
    ]);
    http::get_json(Access::Session, &format!("/patients/{id}/record{qs}")).await
}

/// `GET /api/v1/patients/{id}/record/{entry}`: the text, attachments, every amendment.
pub async fn entry(id: PatientId, entry: EntryId) -> Result<EntryDto, ApiError> {
    http::get_json(Access::Session, &format!("/patients/{id}/record/{entry}")).await
}

/// `POST /api/v1/patients/{id}/record`: a draft, or (a doctor, `sign`) a signed entry.
pub async fn create_entry(id: PatientId, input: &EntryInput) -> Result<EntryDto, ApiError> {
    http::post_json(Access::Session, &format!("/patients/{id}/record"), input).await
}

/// `PUT /api/v1/patients/{id}/record/{entry}`: a draft only (a signed one answers 409
/// `entry_signed`).
pub async fn update_entry(id: PatientId, entry: EntryId, input: &EntryInput) -> Result<EntryDto, ApiError> {
    http::put_json(Access::Session, &format!("/patients/{id}/record/{entry}"), input).await
}

/// `POST /api/v1/patients/{id}/record/{entry}/sign` (a doctor).
pub async fn sign_entry(id: PatientId, entry: EntryId) -> Result<EntryDto, ApiError> {
    http::post_empty(Access::Session, &format!("/patients/{id}/record/{entry}/sign")).await
}

/// `POST /api/v1/patients/{id}/record/{entry}/amendments`: a correction of a signed entry.
pub async fn amend_entry(id: PatientId, entry: EntryId, input: &EntryInput) -> Result<EntryDto, ApiError> {
    http::post_json(Access::Session, &format!("/patients/{id}/record/{entry}/amendments"), input).await
}

/// `GET /api/v1/attachments/{id}/link`: a signed URL valid for a few minutes.
pub async fn attachment_link(id: AttachmentId) -> Result<DownloadLinkDto, ApiError> {
    http::get_json(Access::Session, &format!("/attachments/{id}/link")).await
}

/// `GET /api/v1/patients/{id}/prescriptions`.
pub async fn prescriptions(id: PatientId) -> Result<Vec<PrescriptionDto>, ApiError> {
    http::get_json(Access::Session, &format!("/patients/{id}/prescriptions")).await
}

/// `POST /api/v1/patients/{id}/prescriptions` (a doctor).
pub async fn add_prescription(id: PatientId, input: &PrescriptionInput) -> Result<PrescriptionDto, ApiError> {
    http::post_json(Access::Session, &format!("/patients/{id}/prescriptions"), input).await
}

/// `PUT /api/v1/patients/{id}/prescriptions/{pid}/status`.
pub async fn set_prescription_status(
    id: PatientId,
    prescription: PrescriptionId,
    status: PrescriptionStatus,
) -> Result<PrescriptionDto, ApiError> {
    let body = PrescriptionStatusInput { status };
    http::put_json(Access::Session, &format!("/patients/{id}/prescriptions/{prescription}/status"), &body).await
}
