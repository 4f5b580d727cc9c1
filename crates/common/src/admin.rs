//! The organizer's admin panel and the staff workplaces' patient lists (ORG, ACC-5, ACC-8,
//! PREG-1, X-2): request and response bodies shared by the API and the SPA.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::Kopecks;
use crate::ids::{AccountId, MembershipId, NewsId, PatientId, PriceItemId};
use crate::person::FullName;

/// Where a patient card is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "db",
    derive(sea_orm::DeriveValueType),
    sea_orm(value_type = "String", from_str = "PatientStatus::from_stored", to_str = "PatientStatus::to_stored")
)]
pub enum PatientStatus {
    /// Not activated: the invitation is not yet sent, or sent and not yet used.
    Pending,
    /// Registered: linked to an account (PREG).
    Active,
    /// Access removed by the organization; the data stays.
    Deactivated,
    /// "Deleted patients": the invitation lapsed (ACC-5); the data is kept.
    Archived,
}

impl PatientStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Deactivated => "deactivated",
            Self::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "pending" => Self::Pending,
            "active" => Self::Active,
            "deactivated" => Self::Deactivated,
            "archived" => Self::Archived,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "db",
    derive(sea_orm::DeriveValueType),
    sea_orm(value_type = "String", from_str = "Sex::from_stored", to_str = "Sex::to_stored")
)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Male => "male",
            Self::Female => "female",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "male" => Some(Self::Male),
            "female" => Some(Self::Female),
            _ => None,
        }
    }
}

/// The three consents a cabinet needs (PREG-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "db",
    derive(sea_orm::DeriveValueType),
    sea_orm(value_type = "String", from_str = "ConsentKind::from_stored", to_str = "ConsentKind::to_stored")
)]
pub enum ConsentKind {
    /// Informed consent to telemedicine consultations.
    Telemedicine,
    /// Consent to receive medical results by email — at the card's email address.
    EmailResults,
    /// Consent to personal-data processing (152-FZ).
    PersonalData,
}

impl ConsentKind {
    pub const ALL: [ConsentKind; 3] = [Self::Telemedicine, Self::EmailResults, Self::PersonalData];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Telemedicine => "telemedicine",
            Self::EmailResults => "email_results",
            Self::PersonalData => "personal_data",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A recorded consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ConsentDto {
    pub kind: ConsentKind,
    pub recorded_at: DateTime<Utc>,
    /// The staff member who recorded it ("Last First Middle"); `None` if since removed.
    pub recorded_by: Option<String>,
    /// For `email_results`: the address it covers.
    pub email: Option<String>,
}

/// A doctor as other records name him.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct StaffRef {
    pub id: MembershipId,
    /// "Last First Middle".
    pub name: String,
}

/// The fields of a patient card as the organizer enters them; `POST /patients`,
/// `PUT /patients/{id}` and `POST /patients/{id}/register-again`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PatientCardInput {
    #[serde(flatten)]
    pub name: FullName,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    /// Where the invitation goes; required.
    #[cfg_attr(feature = "server", schema(format = Email, max_length = 254))]
    pub email: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// `XXX-XXX-XXX YY`, checksum validated.
    #[serde(default)]
    pub snils: Option<String>,
    /// The patient's id in the hospital's information system.
    #[serde(default)]
    pub external_id: Option<String>,
    /// The consents the card should hold. Those already recorded keep their date and author;
    /// new ones are recorded now by the caller; those left out are withdrawn.
    #[serde(default)]
    pub consents: Vec<ConsentKind>,
}

/// A patient card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PatientDto {
    pub id: PatientId,
    pub status: PatientStatus,
    #[serde(flatten)]
    pub name: FullName,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub snils: Option<String>,
    pub external_id: Option<String>,
    pub consents: Vec<ConsentDto>,
    /// What stops the invitation (PREG-1): consents not recorded, or an email-results
    /// consent given for another address.
    pub missing_consents: Vec<ConsentKind>,
    /// When the last invitation was sent, and when it lapses (pending only).
    pub invitation_sent_at: Option<DateTime<Utc>>,
    pub invitation_expires_at: Option<DateTime<Utc>>,
    /// When it moved to "Deleted patients".
    pub archived_at: Option<DateTime<Utc>>,
    /// His doctors (ORG-8).
    pub doctors: Vec<StaffRef>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The version of what the card form edits (the `ETag` of `GET /patients/{id}`, unquoted):
    /// send it back as `If-Match: "<version>"` with `PUT /patients/{id}`; a stale one is 412.
    #[serde(default)]
    pub version: String,
}

/// Which patients a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PatientListKind {
    /// Pending, active and deactivated cards.
    #[default]
    Current,
    /// "Deleted patients" (lapsed invitations).
    Deleted,
}

/// A list's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// By last name, first name.
    #[default]
    Name,
    /// Newest first.
    Newest,
    /// Oldest first.
    Oldest,
}

/// Query of `GET /api/v1/patients`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "server", into_params(parameter_in = Query))]
pub struct PatientQuery {
    /// Search by name, email, SNILS or external id (case- and ё/е-insensitive).
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub list: Option<PatientListKind>,
    #[serde(default)]
    pub sort: Option<SortOrder>,
    /// Only the patients of this doctor (organizer only).
    #[serde(default)]
    pub doctor: Option<MembershipId>,
    /// Only the cards in this status (`pending`, `active`, `deactivated`; `archived` is the
    /// "Deleted patients" list).
    #[serde(default)]
    pub status: Option<PatientStatus>,
    /// Only the cards that lack one of the three consents (PREG-1), which keeps them from
    /// their invitation or their cabinet.
    #[serde(default)]
    pub consents_missing: Option<bool>,
    /// For a doctor: search the whole organization to take a patient (ORG-8); needs `q` of at
    /// least 3 characters.
    #[serde(default)]
    pub all: Option<bool>,
    #[serde(default)]
    pub page: Option<u32>,
    #[serde(default)]
    pub per_page: Option<u32>,
}

/// `POST /patients/{id}/invite`: send (or resend) the invitation, optionally to a corrected
/// address (ACC-4). A corrected address corrects the card and its email-results consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct InvitePatientRequest {
    #[cfg_attr(feature = "server", schema(format = Email, max_length = 254))]
    pub email: String,
}

/// `PUT /patients/{id}/doctors`: the patient's doctors (organizer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SetDoctorsRequest {
    pub doctor_ids: Vec<MembershipId>,
}

/// `GET`/`PUT /staff/{id}/access`: the doctors whose patients an assistant works with (ORG-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AssistantAccessDto {
    pub doctor_ids: Vec<MembershipId>,
}

/// `PUT /staff/{id}`: correct a staff member's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct UpdateStaffRequest {
    #[serde(flatten)]
    pub name: FullName,
}

/// Group-class settings (ORG-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ClassSettingsDto {
    /// New patients may enroll themselves into LFK groups.
    pub lfk_self_enroll: bool,
    /// 1..=100.
    #[cfg_attr(feature = "server", schema(minimum = 1, maximum = 100))]
    pub max_class_participants: u32,
    /// Course doctors, chosen among the organization's doctors.
    pub course_doctor_ids: Vec<MembershipId>,
}

/// The limits of [`ClassSettingsDto::max_class_participants`].
pub const MAX_CLASS_PARTICIPANTS: u32 = 100;
pub const DEFAULT_CLASS_PARTICIPANTS: u32 = 10;

/// A news item (ORG-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct NewsDto {
    pub id: NewsId,
    pub title: String,
    pub body: String,
    /// Shown from this day on.
    pub publish_on: NaiveDate,
    pub visible: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /news`, `PUT /news/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct NewsInput {
    /// 1..=200 characters.
    #[cfg_attr(
        feature = "server",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "[^\t-\r \u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]"
        )
    )]
    pub title: String,
    /// 1..=20,000 characters of plain text.
    #[cfg_attr(
        feature = "server",
        schema(
            min_length = 1,
            max_length = 20000,
            pattern = "[^\t-\r \u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]"
        )
    )]
    pub body: String,
    pub publish_on: NaiveDate,
    pub visible: bool,
}

pub const NEWS_TITLE_MAX: usize = 200;
pub const NEWS_BODY_MAX: usize = 20_000;

/// A service of the price list (ORG-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PriceItemDto {
    pub id: PriceItemId,
    pub section: String,
    pub code: String,
    pub name: String,
    /// Kopecks: 125050 is 1 250,50 ₽.
    pub price: Kopecks,
    pub active: bool,
}

/// `POST /prices`, `PUT /prices/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PriceItemInput {
    #[cfg_attr(
        feature = "server",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "[^\t-\r \u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]"
        )
    )]
    pub section: String,
    #[cfg_attr(
        feature = "server",
        schema(
            min_length = 1,
            max_length = 50,
            pattern = "[^\t-\r \u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]"
        )
    )]
    pub code: String,
    #[cfg_attr(
        feature = "server",
        schema(
            min_length = 1,
            max_length = 500,
            pattern = "[^\t-\r \u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]"
        )
    )]
    pub name: String,
    /// Kopecks.
    pub price: Kopecks,
    pub active: bool,
}

/// The answer of `POST /prices/import`: how many services were added, changed and found
/// already as the file has them. Any bad row makes the whole import fail with 422
/// `validation_failed`, one error per bad cell with the field `line[N].column` (N is the
/// 1-based line of the file, the header being line 1); nothing changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PriceImportResult {
    pub created: u32,
    pub updated: u32,
    #[serde(default)]
    pub unchanged: u32,
}

/// The text encoding a price-list file was read in: UTF-8 (with or without a byte-order mark)
/// or Windows-1251, what Russian Excel writes for "CSV (разделители — точка с запятой)".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub enum CsvEncoding {
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "windows-1251")]
    Windows1251,
}

/// A row of a price-list file as the import would store it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PriceImportRow {
    /// The 1-based line of the file (the header is line 1).
    pub line: u64,
    pub section: String,
    pub code: String,
    pub name: String,
    /// Kopecks.
    pub price: Kopecks,
    pub active: bool,
}

/// A service the import would change: as it is, and as the file has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PriceImportChange {
    pub before: PriceItemDto,
    pub after: PriceImportRow,
}

/// The answer of `POST /prices/import/preview`: what importing the same file would do, nothing
/// written. Rows whose code is in the list change that service (or leave it, when nothing
/// differs), the others are added; services the file does not name stay as they are (an
/// import never removes one). With any `errors` the import itself is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PriceImportPreview {
    pub encoding: CsvEncoding,
    /// The field separator found in the header: `;` or `,`.
    pub delimiter: String,
    pub added: Vec<PriceImportRow>,
    pub changed: Vec<PriceImportChange>,
    /// Rows that match their service exactly.
    pub unchanged: u32,
    /// Services of the list the file does not name: kept as they are.
    pub not_in_file: Vec<PriceItemDto>,
    /// Every bad cell, `line[N].column`, as the import would refuse it.
    pub errors: Vec<crate::FieldError>,
}

/// Query of `GET /prices`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "server", into_params(parameter_in = Query))]
pub struct PriceQuery {
    /// Search by code or name.
    #[serde(default)]
    pub q: Option<String>,
}

/// One audit-log row (X-2, ORG-6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AuditEntryDto {
    pub at: DateTime<Utc>,
    /// `None` for the system (a background job).
    pub membership_id: Option<MembershipId>,
    pub account_id: Option<AccountId>,
    /// "Last First Middle (role)"; `None` for the system.
    pub who: Option<String>,
    /// The patient a representative acted for.
    pub acting_for: Option<PatientId>,
    /// e.g. `patient.list`, `patient.read`, `patient.update`, `patient.lapse`.
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub patient_ids: Vec<PatientId>,
    pub client_ip: Option<String>,
    /// `ok` or `denied`.
    pub outcome: String,
}

/// Query of `GET /api/v1/audit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "server", into_params(parameter_in = Query))]
pub struct AuditQuery {
    /// Only what this staff membership did.
    #[serde(default)]
    pub membership: Option<MembershipId>,
    /// Only rows naming this patient.
    #[serde(default)]
    pub patient: Option<PatientId>,
    /// From this time (inclusive).
    #[serde(default)]
    pub from: Option<DateTime<Utc>>,
    /// Up to this time (exclusive).
    #[serde(default)]
    pub to: Option<DateTime<Utc>>,
    #[serde(default)]
    pub page: Option<u32>,
    #[serde(default)]
    pub per_page: Option<u32>,
}

/// `PUT /me/name`: a staff member's display name (ACC-8), on all his staff memberships.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ChangeNameRequest {
    #[serde(flatten)]
    pub name: FullName,
}

/// `POST /me/email` (ACC-8): a link goes to the new address; the answer never says whether the
/// address is taken.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ChangeEmailRequest {
    pub password: String,
    #[cfg_attr(feature = "server", schema(format = Email, max_length = 254))]
    pub new_email: String,
}

impl std::fmt::Debug for ChangeEmailRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChangeEmailRequest").finish_non_exhaustive()
    }
}

/// `POST /me/password` (ACC-8): other sessions end; this one continues with the returned token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    pub old_password: String,
    #[cfg_attr(feature = "server", schema(format = "new-password", min_length = 8, max_length = 128))]
    pub new_password: String,
}

impl std::fmt::Debug for ChangePasswordRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChangePasswordRequest").finish_non_exhaustive()
    }
}

/// `POST /account/email/confirm` and `/account/email/revert`: the emailed link's token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct EmailTokenRequest {
    pub token: String,
}

impl std::fmt::Debug for EmailTokenRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmailTokenRequest").finish_non_exhaustive()
    }
}

/// The answer of an email confirmation or revert: the account's address now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct EmailChangedDto {
    pub email: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_through_their_wire_names() {
        for s in [PatientStatus::Pending, PatientStatus::Active, PatientStatus::Deactivated, PatientStatus::Archived] {
            assert_eq!(PatientStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::Value::String(s.as_str().into()));
        }
        for k in ConsentKind::ALL {
            assert_eq!(ConsentKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), serde_json::Value::String(k.as_str().into()));
        }
        for s in [Sex::Male, Sex::Female] {
            assert_eq!(Sex::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let r = ChangePasswordRequest { old_password: "old-secret".into(), new_password: "new-secret".into() };
        assert!(!format!("{r:?}").contains("secret"));
        let r = ChangeEmailRequest { password: "pw-secret".into(), new_email: "x@example.org".into() };
        assert!(!format!("{r:?}").contains("secret") && !format!("{r:?}").contains("x@"));
    }

    #[test]
    fn card_input_defaults_the_optional_fields() {
        let v = serde_json::json!({
            "last_name": "Иванов", "first_name": "Иван", "birth_date": "1960-05-01", "sex": "male",
            "email": "ivanov@example.org"
        });
        let input: PatientCardInput = serde_json::from_value(v).unwrap();
        assert!(input.consents.is_empty() && input.phone.is_none() && input.name.middle_name.is_none());
    }
}
