//! The patient's cabinet (issue 5): his record, prescriptions, prices, news, notifications,
//! feedback, profile and dependents. Every call here (and `/attachments/*`) carries
//! `X-Patient-Id` while the cabinet acts for a dependent (see [`super::set_acting_for`]).

use common::admin::{NewsDto, PriceItemDto};
use common::cabinet::{
    CabinetContextDto, CabinetProfileDto, DependentInput, DependentRequestDto, FeedbackDto, FeedbackInput,
    NotificationPageDto,
};
use common::ids::{AttachmentId, EntryId, NotificationId, PrescriptionId};
use common::page::Page;
use common::record::{DownloadLinkDto, EntryDto, EntryKind, EntrySummaryDto, PrescriptionDto, RecordPrintDto};

use super::http::{self, Access};
use super::{ApiError, encode};

/// `GET /api/v1/cabinet/context`: the organization, the card acted for, the cards to switch to.
pub async fn context() -> Result<CabinetContextDto, ApiError> {
    http::get_json(Access::Session, "/cabinet/context").await
}

/// The query of the record list and its print view.
pub fn record_query(kind: Option<EntryKind>, page: Option<(u32, u32)>) -> String {
    let mut parts = Vec::new();
    if let Some(kind) = kind {
        parts.push(format!("kind={}", kind.as_str()));
    }
    if let Some((page, per_page)) = page {
        parts.push(format!("page={page}&per_page={per_page}"));
    }
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

/// `GET /api/v1/cabinet/record`: signed entries, newest first.
pub async fn record(kind: Option<EntryKind>, page: u32, per_page: u32) -> Result<Page<EntrySummaryDto>, ApiError> {
    http::get_json(Access::Session, &format!("/cabinet/record{}", record_query(kind, Some((page, per_page))))).await
}

/// `GET /api/v1/cabinet/record/{id}`.
pub async fn entry(id: EntryId) -> Result<EntryDto, ApiError> {
    http::get_json(Access::Session, &format!("/cabinet/record/{id}")).await
}

/// `GET /api/v1/cabinet/record/print`.
pub async fn record_print(kind: Option<EntryKind>) -> Result<RecordPrintDto, ApiError> {
    http::get_json(Access::Session, &format!("/cabinet/record/print{}", record_query(kind, None))).await
}

/// `POST /api/v1/cabinet/record/uploads`: `description` and the `file` parts.
pub async fn upload(form: web_sys::FormData) -> Result<EntryDto, ApiError> {
    http::post_form(Access::Session, "/cabinet/record/uploads", form).await
}

/// `GET /api/v1/attachments/{id}/link`: a short-lived download URL.
pub async fn attachment_link(id: AttachmentId) -> Result<DownloadLinkDto, ApiError> {
    http::get_json(Access::Session, &format!("/attachments/{id}/link")).await
}

/// `GET /api/v1/cabinet/prescriptions`.
pub async fn prescriptions() -> Result<Vec<PrescriptionDto>, ApiError> {
    http::get_json(Access::Session, "/cabinet/prescriptions").await
}

/// `POST /api/v1/cabinet/prescriptions/{id}/done` (a recommendation).
pub async fn prescription_done(id: PrescriptionId) -> Result<PrescriptionDto, ApiError> {
    http::post_empty(Access::Session, &format!("/cabinet/prescriptions/{id}/done")).await
}

/// `GET /api/v1/cabinet/news`.
pub async fn news() -> Result<Vec<NewsDto>, ApiError> {
    http::get_json(Access::Session, "/cabinet/news").await
}

/// `GET /api/v1/cabinet/prices?q=`.
pub async fn prices(q: &str) -> Result<Vec<PriceItemDto>, ApiError> {
    let q = q.trim();
    let path = if q.is_empty() { "/cabinet/prices".to_owned() } else { format!("/cabinet/prices?q={}", encode(q)) };
    http::get_json(Access::Session, &path).await
}

/// `GET /api/v1/cabinet/notifications`.
pub async fn notifications(page: u32, per_page: u32) -> Result<NotificationPageDto, ApiError> {
    http::get_json(Access::Session, &format!("/cabinet/notifications?page={page}&per_page={per_page}")).await
}

/// `POST /api/v1/cabinet/notifications/{id}/read`.
pub async fn notification_read(id: NotificationId) -> Result<(), ApiError> {
    http::post_empty(Access::Session, &format!("/cabinet/notifications/{id}/read")).await
}

/// `POST /api/v1/cabinet/notifications/read-all`.
pub async fn notifications_read_all() -> Result<(), ApiError> {
    http::post_empty(Access::Session, "/cabinet/notifications/read-all").await
}

/// `GET /api/v1/cabinet/profile`.
pub async fn profile() -> Result<CabinetProfileDto, ApiError> {
    http::get_json(Access::Session, "/cabinet/profile").await
}

/// `GET /api/v1/cabinet/feedback`.
pub async fn feedback() -> Result<Vec<FeedbackDto>, ApiError> {
    http::get_json(Access::Session, "/cabinet/feedback").await
}

/// `POST /api/v1/cabinet/feedback`.
pub async fn send_feedback(input: &FeedbackInput) -> Result<FeedbackDto, ApiError> {
    http::post_json(Access::Session, "/cabinet/feedback", input).await
}

/// `GET /api/v1/cabinet/dependents`.
pub async fn dependents() -> Result<Vec<DependentRequestDto>, ApiError> {
    http::get_json(Access::Session, "/cabinet/dependents").await
}

/// `POST /api/v1/cabinet/dependents`.
pub async fn request_dependent(input: &DependentInput) -> Result<DependentRequestDto, ApiError> {
    http::post_json(Access::Session, "/cabinet/dependents", input).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_queries() {
        assert_eq!(record_query(None, None), "");
        assert_eq!(record_query(Some(EntryKind::Inpatient), None), "?kind=inpatient");
        assert_eq!(record_query(Some(EntryKind::Patient), Some((2, 20))), "?kind=patient&page=2&per_page=20");
        assert_eq!(record_query(None, Some((1, 20))), "?page=1&per_page=20");
    }
}
