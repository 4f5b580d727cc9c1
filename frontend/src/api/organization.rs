//! The organization domain: the operator's organizations, the organizer's admin panel and the
//! staff patient lists (issue 4) — staff, patients, class settings, news, price list, audit
//! log — and the organizer's side of the cabinet (feedback, representatives, dependents).
//! Paths and bodies: `docs/admin-panel.md` and `common::admin`.

use common::admin::{
    AssistantAccessDto, AuditEntryDto, ClassSettingsDto, InvitePatientRequest, NewsDto, NewsInput, PatientCardInput,
    PatientDto, PatientListKind, PatientStatus, PriceImportPreview, PriceImportResult, PriceItemDto, PriceItemInput,
    SetDoctorsRequest, SortOrder, UpdateStaffRequest,
};
use common::auth::{
    CreateOrganizationRequest, InviteStaffRequest, OrganizationDto, ResendInvitationRequest, Role, StaffMemberDto,
};
use common::ids::{MembershipId, NewsId, PatientId, PriceItemId};
use common::page::{MAX_PAGE_SIZE, Page};

use super::http::{self, Access};
use super::{ApiError, query_string};

/// The wire name of a sort order (`name`, `newest`, `oldest`).
pub fn sort_str(sort: SortOrder) -> &'static str {
    match sort {
        SortOrder::Name => "name",
        SortOrder::Newest => "newest",
        SortOrder::Oldest => "oldest",
    }
}

/// The parameters of a staff list (`GET /staff`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StaffListQuery {
    pub role: Option<Role>,
    pub q: String,
    pub sort: SortOrder,
    pub page: u32,
    pub per_page: u32,
}

/// `GET /api/v1/staff` with a sort order.
pub async fn staff(query: &StaffListQuery) -> Result<Page<StaffMemberDto>, ApiError> {
    let qs = query_string(&[
        ("role", query.role.map(|r| r.as_str().to_owned())),
        ("q", Some(query.q.clone())),
        ("sort", Some(sort_str(query.sort).to_owned())),
        ("page", Some(query.page.to_string())),
        ("per_page", Some(query.per_page.to_string())),
    ]);
    http::get_json(Access::Session, &format!("/staff{qs}")).await
}

/// Every staff member of a role (or all staff), page after page, by name: the checklists of
/// doctors and the audit filter. Stops after 50 pages (5,000 people) to stay bounded.
pub async fn all_staff(role: Option<Role>) -> Result<Vec<StaffMemberDto>, ApiError> {
    let mut all = Vec::new();
    for page in 1..=50 {
        let query = StaffListQuery { role, q: String::new(), sort: SortOrder::Name, page, per_page: MAX_PAGE_SIZE };
        let p = staff(&query).await?;
        let got = p.items.len();
        all.extend(p.items);
        if got < MAX_PAGE_SIZE as usize || all.len() as u64 >= p.total {
            break;
        }
    }
    Ok(all)
}

/// `PUT /api/v1/staff/{id}`: correct the name.
pub async fn update_staff(id: MembershipId, request: &UpdateStaffRequest) -> Result<StaffMemberDto, ApiError> {
    http::put_json(Access::Session, &format!("/staff/{id}"), request).await
}

/// `GET /api/v1/staff/{id}/access`: the doctors an assistant works for.
pub async fn assistant_access(id: MembershipId) -> Result<AssistantAccessDto, ApiError> {
    http::get_json(Access::Session, &format!("/staff/{id}/access")).await
}

/// `PUT /api/v1/staff/{id}/access`.
pub async fn set_assistant_access(
    id: MembershipId,
    doctor_ids: Vec<MembershipId>,
) -> Result<AssistantAccessDto, ApiError> {
    http::put_json(Access::Session, &format!("/staff/{id}/access"), &AssistantAccessDto { doctor_ids }).await
}

/// The parameters of a patient list (`GET /patients`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PatientListQuery {
    pub q: String,
    pub list: PatientListKind,
    pub sort: SortOrder,
    /// A doctor searching the whole organization to take a patient.
    pub all: bool,
    pub page: u32,
    pub per_page: u32,
    /// The organizer's filters: one status, one doctor's patients, cards lacking a consent.
    pub status: Option<PatientStatus>,
    pub doctor: Option<MembershipId>,
    pub consents_missing: bool,
}

/// `GET /api/v1/patients`.
pub async fn patients(query: &PatientListQuery) -> Result<Page<PatientDto>, ApiError> {
    let list = match query.list {
        PatientListKind::Current => None,
        PatientListKind::Deleted => Some("deleted".to_owned()),
    };
    let qs = query_string(&[
        ("q", Some(query.q.clone())),
        ("list", list),
        ("sort", Some(sort_str(query.sort).to_owned())),
        ("all", query.all.then(|| "true".to_owned())),
        ("status", query.status.map(|s| s.as_str().to_owned())),
        ("doctor", query.doctor.map(|d| d.to_string())),
        ("consents_missing", query.consents_missing.then(|| "true".to_owned())),
        ("page", Some(query.page.to_string())),
        ("per_page", Some(query.per_page.to_string())),
    ]);
    http::get_json(Access::Session, &format!("/patients{qs}")).await
}

/// `POST /api/v1/patients`: a new card; the invitation goes out when all consents are given.
pub async fn create_patient(input: &PatientCardInput) -> Result<PatientDto, ApiError> {
    http::post_json(Access::Session, "/patients", input).await
}

/// `PUT /api/v1/patients/{id}` of the card as it was at `version` (`PatientDto::version`): a
/// change by someone else since then answers 412 `precondition_failed`.
pub async fn update_patient(id: PatientId, input: &PatientCardInput, version: &str) -> Result<PatientDto, ApiError> {
    let tag = format!("\"{version}\"");
    http::put_json_if_match(Access::Session, &format!("/patients/{id}"), input, &tag).await.map(|t| t.value)
}

/// `POST /api/v1/patients/{id}/register-again` (from "Deleted patients").
pub async fn register_patient_again(id: PatientId, input: &PatientCardInput) -> Result<PatientDto, ApiError> {
    http::post_json(Access::Session, &format!("/patients/{id}/register-again"), input).await
}

/// `POST /api/v1/patients/{id}/invite`: send or resend, maybe to a corrected address.
pub async fn invite_patient(id: PatientId, email: &str) -> Result<PatientDto, ApiError> {
    let body = InvitePatientRequest { email: email.to_owned() };
    http::post_json(Access::Session, &format!("/patients/{id}/invite"), &body).await
}

/// `POST /api/v1/patients/{id}/deactivate` or `/activate`.
pub async fn set_patient_active(id: PatientId, active: bool) -> Result<PatientDto, ApiError> {
    let action = if active { "activate" } else { "deactivate" };
    http::post_empty(Access::Session, &format!("/patients/{id}/{action}")).await
}

/// `PUT /api/v1/patients/{id}/doctors`.
pub async fn set_patient_doctors(id: PatientId, doctor_ids: Vec<MembershipId>) -> Result<PatientDto, ApiError> {
    http::put_json(Access::Session, &format!("/patients/{id}/doctors"), &SetDoctorsRequest { doctor_ids }).await
}

/// `POST /api/v1/patients/{id}/take`: a doctor assigns the patient to himself.
pub async fn take_patient(id: PatientId) -> Result<PatientDto, ApiError> {
    http::post_empty(Access::Session, &format!("/patients/{id}/take")).await
}

/// `GET /api/v1/settings/classes`, with the `ETag` to save them with.
pub async fn class_settings() -> Result<http::Tagged<ClassSettingsDto>, ApiError> {
    http::get_json_tagged(Access::Session, "/settings/classes").await
}

/// `PUT /api/v1/settings/classes` over the version `etag` that was read: another organizer's
/// save since then answers 412 `precondition_failed`.
pub async fn save_class_settings(
    settings: &ClassSettingsDto,
    etag: Option<&str>,
) -> Result<http::Tagged<ClassSettingsDto>, ApiError> {
    match etag {
        Some(tag) => http::put_json_if_match(Access::Session, "/settings/classes", settings, tag).await,
        None => http::put_json(Access::Session, "/settings/classes", settings)
            .await
            .map(|value| http::Tagged { value, etag: None }),
    }
}

/// `GET /api/v1/news`.
pub async fn news(page: u32, per_page: u32) -> Result<Page<NewsDto>, ApiError> {
    http::get_json(Access::Session, &format!("/news?page={page}&per_page={per_page}")).await
}

/// `POST /api/v1/news` or `PUT /api/v1/news/{id}`.
pub async fn save_news(id: Option<NewsId>, input: &NewsInput) -> Result<NewsDto, ApiError> {
    match id {
        Some(id) => http::put_json(Access::Session, &format!("/news/{id}"), input).await,
        None => http::post_json(Access::Session, "/news", input).await,
    }
}

/// `DELETE /api/v1/news/{id}`.
pub async fn delete_news(id: NewsId) -> Result<(), ApiError> {
    http::delete(Access::Session, &format!("/news/{id}")).await
}

/// `GET /api/v1/prices?q`.
pub async fn prices(q: &str) -> Result<Vec<PriceItemDto>, ApiError> {
    let qs = query_string(&[("q", Some(q.to_owned()))]);
    http::get_json(Access::Session, &format!("/prices{qs}")).await
}

/// `POST /api/v1/prices` or `PUT /api/v1/prices/{id}`.
pub async fn save_price(id: Option<PriceItemId>, input: &PriceItemInput) -> Result<PriceItemDto, ApiError> {
    match id {
        Some(id) => http::put_json(Access::Session, &format!("/prices/{id}"), input).await,
        None => http::post_json(Access::Session, "/prices", input).await,
    }
}

/// `DELETE /api/v1/prices/{id}`.
pub async fn delete_price(id: PriceItemId) -> Result<(), ApiError> {
    http::delete(Access::Session, &format!("/prices/{id}")).await
}

/// `POST /api/v1/prices/import/preview` with the CSV file's bytes as they are (UTF-8 or
/// Windows-1251: the server tells them apart): what an import would do.
pub async fn preview_price_import(csv: js_sys::Uint8Array) -> Result<PriceImportPreview, ApiError> {
    http::post_bytes(Access::Session, "/prices/import/preview", csv, "text/csv").await
}

/// `POST /api/v1/prices/import` with the same bytes: apply it.
pub async fn import_prices(csv: js_sys::Uint8Array) -> Result<PriceImportResult, ApiError> {
    http::post_bytes(Access::Session, "/prices/import", csv, "text/csv").await
}

/// The filters of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuditFilter {
    pub membership: Option<MembershipId>,
    pub patient: Option<PatientId>,
    /// RFC 3339 instants: from (inclusive), to (exclusive).
    pub from: Option<String>,
    pub to: Option<String>,
}

/// `GET /api/v1/audit`.
pub async fn audit(filter: &AuditFilter, page: u32, per_page: u32) -> Result<Page<AuditEntryDto>, ApiError> {
    let qs = query_string(&[
        ("membership", filter.membership.map(|m| m.to_string())),
        ("patient", filter.patient.map(|p| p.to_string())),
        ("from", filter.from.clone()),
        ("to", filter.to.clone()),
        ("page", Some(page.to_string())),
        ("per_page", Some(per_page.to_string())),
    ]);
    http::get_json(Access::Session, &format!("/audit{qs}")).await
}

/// `GET /api/v1/feedback?status&page&per_page`: the patients' messages.
pub async fn feedback(
    status: Option<common::cabinet::FeedbackStatus>,
    page: u32,
    per_page: u32,
) -> Result<Page<common::cabinet::FeedbackDto>, ApiError> {
    let qs = query_string(&[
        ("status", status.map(|s| s.as_str().to_owned())),
        ("page", Some(page.to_string())),
        ("per_page", Some(per_page.to_string())),
    ]);
    http::get_json(Access::Session, &format!("/feedback{qs}")).await
}

/// `POST /api/v1/feedback/{id}/answered` with an optional note (409 when already answered).
pub async fn mark_feedback_answered(
    id: common::ids::FeedbackId,
    note: &str,
) -> Result<common::cabinet::FeedbackDto, ApiError> {
    let body = common::cabinet::FeedbackAnswerInput { note: note.to_owned() };
    http::post_json(Access::Session, &format!("/feedback/{id}/answered"), &body).await
}

/// `GET /api/v1/patients/{id}/representatives`.
pub async fn representatives(id: PatientId) -> Result<Vec<common::cabinet::RepresentativeDto>, ApiError> {
    http::get_json(Access::Session, &format!("/patients/{id}/representatives")).await
}

/// `POST /api/v1/patients/{id}/representatives`: invites an address (the same answer whether or
/// not it has an account; 409 when a pending invitation of it exists).
pub async fn invite_representative(
    id: PatientId,
    input: &common::cabinet::RepresentativeInput,
) -> Result<common::cabinet::RepresentativeInvitationDto, ApiError> {
    http::post_json(Access::Session, &format!("/patients/{id}/representatives"), input).await
}

/// `GET /api/v1/patients/{id}/representative-invitations`: the pending invitations.
pub async fn representative_invitations(
    id: PatientId,
) -> Result<Vec<common::cabinet::RepresentativeInvitationDto>, ApiError> {
    http::get_json(Access::Session, &format!("/patients/{id}/representative-invitations")).await
}

/// `POST /api/v1/patients/{id}/representative-invitations/{iid}/resend`.
pub async fn resend_representative_invitation(
    id: PatientId,
    iid: common::ids::RepresentativeInvitationId,
) -> Result<common::cabinet::RepresentativeInvitationDto, ApiError> {
    http::post_empty(Access::Session, &format!("/patients/{id}/representative-invitations/{iid}/resend")).await
}

/// `DELETE /api/v1/patients/{id}/representative-invitations/{iid}`.
pub async fn revoke_representative_invitation(
    id: PatientId,
    iid: common::ids::RepresentativeInvitationId,
) -> Result<(), ApiError> {
    http::delete(Access::Session, &format!("/patients/{id}/representative-invitations/{iid}")).await
}

/// `DELETE /api/v1/patients/{id}/representatives/{rid}`.
pub async fn remove_representative(id: PatientId, rid: common::ids::RepresentativeId) -> Result<(), ApiError> {
    http::delete(Access::Session, &format!("/patients/{id}/representatives/{rid}")).await
}

/// `GET /api/v1/dependent-requests?status`.
pub async fn dependent_requests(
    status: Option<common::cabinet::DependentRequestStatus>,
) -> Result<Vec<common::cabinet::DependentRequestDto>, ApiError> {
    let qs = query_string(&[("status", status.map(|s| s.as_str().to_owned()))]);
    http::get_json(Access::Session, &format!("/dependent-requests{qs}")).await
}

/// `POST /api/v1/dependent-requests/{id}/confirm`: creates the card and the representative.
pub async fn confirm_dependent(
    id: common::ids::DependentRequestId,
    until: chrono::NaiveDate,
) -> Result<common::cabinet::DependentRequestDto, ApiError> {
    let body = common::cabinet::DependentConfirmInput { until };
    http::post_json(Access::Session, &format!("/dependent-requests/{id}/confirm"), &body).await
}

/// `POST /api/v1/dependent-requests/{id}/reject`.
pub async fn reject_dependent(
    id: common::ids::DependentRequestId,
) -> Result<common::cabinet::DependentRequestDto, ApiError> {
    http::post_empty(Access::Session, &format!("/dependent-requests/{id}/reject")).await
}

// ---------- The operator's organizations; inviting and (de)activating staff ----------

/// `GET /api/v1/operator/organizations`.
pub async fn organizations(page: u32, per_page: u32) -> Result<Page<OrganizationDto>, ApiError> {
    http::get_json(Access::Session, &format!("/operator/organizations?page={page}&per_page={per_page}")).await
}

/// `POST /api/v1/operator/organizations`.
pub async fn create_organization(request: &CreateOrganizationRequest) -> Result<OrganizationDto, ApiError> {
    http::post_json(Access::Session, "/operator/organizations", request).await
}

/// `POST /api/v1/staff`: invite.
pub async fn invite_staff(request: &InviteStaffRequest) -> Result<StaffMemberDto, ApiError> {
    http::post_json(Access::Session, "/staff", request).await
}

/// `POST /api/v1/staff/{id}/resend`.
pub async fn resend_invitation(id: MembershipId, email: &str) -> Result<StaffMemberDto, ApiError> {
    let body = ResendInvitationRequest { email: email.to_owned() };
    http::post_json(Access::Session, &format!("/staff/{id}/resend"), &body).await
}

/// `POST /api/v1/staff/{id}/deactivate` or `/activate`.
pub async fn set_staff_active(id: MembershipId, active: bool) -> Result<serde_json::Value, ApiError> {
    let action = if active { "activate" } else { "deactivate" };
    http::post_empty(Access::Session, &format!("/staff/{id}/{action}")).await
}
