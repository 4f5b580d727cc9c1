//! The medical record (CAB-1, CAB-12, X-8) and prescriptions (CAB-2): what the cabinet shows
//! the patient and what the doctor's patient page writes.
//!
//! Entries are append-only. A doctor's entry is signed when saved, or saved as a draft; an
//! assistant only drafts, and the doctor signs. A signed entry never changes: a correction is an
//! amendment — a new entry pointing at the one it corrects, which stays as it was. Only signed
//! entries reach the patient's cabinet.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{AttachmentId, EntryId, PatientId, PrescriptionId};
use crate::monitoring::SubmissionDto;
use crate::questionnaire::I18nText;

/// The filters of the cabinet's "Medical record" tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "db",
    derive(sea_orm::DeriveValueType),
    sea_orm(value_type = "String", from_str = "EntryKind::from_stored", to_str = "EntryKind::to_stored")
)]
pub enum EntryKind {
    /// An outpatient visit ("Амбулаторно").
    Outpatient,
    /// An inpatient stay ("Стационарно").
    Inpatient,
    /// Entered by the patient ("Внесённые пациентом"): uploads and, later, questionnaires.
    Patient,
    /// A telemedicine consultation's conclusion ("Телемедицинские консультации").
    Telemedicine,
}

impl EntryKind {
    pub const ALL: [Self; 4] = [Self::Outpatient, Self::Inpatient, Self::Patient, Self::Telemedicine];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Outpatient => "outpatient",
            Self::Inpatient => "inpatient",
            Self::Patient => "patient",
            Self::Telemedicine => "telemedicine",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Staff write these kinds; `patient` entries come only from the patient's side.
    pub fn staff_writable(self) -> bool {
        self != Self::Patient
    }
}

/// Where an entry is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "db",
    derive(sea_orm::DeriveValueType),
    sea_orm(value_type = "String", from_str = "EntryStatus::from_stored", to_str = "EntryStatus::to_stored")
)]
pub enum EntryStatus {
    /// Written by an assistant (or saved unsigned by a doctor); staff only, editable.
    Draft,
    /// Signed by a doctor, or entered by the patient himself: final and visible in the cabinet.
    Signed,
}

impl EntryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Signed => "signed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Self::Draft),
            "signed" => Some(Self::Signed),
            _ => None,
        }
    }
}

/// Title of an entry: 1..=200 characters.
pub const ENTRY_TITLE_MAX: usize = 200;
/// Text of a staff entry: up to 100,000 characters of plain text.
pub const ENTRY_BODY_MAX: usize = 100_000;
/// The description of a patient's upload (CAB-12): up to 16,000 characters.
pub const UPLOAD_DESCRIPTION_MAX: usize = 16_000;
/// At most this many files in one upload (CAB-12).
pub const UPLOAD_MAX_FILES: usize = 10;
/// At most this many bytes a file (CAB-12): 50 MB.
pub const UPLOAD_MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// The file types a patient may upload (CAB-12), detected from the content, not the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Pdf,
    /// Legacy Word (OLE compound file).
    Doc,
    Docx,
    Zip,
    Png,
    Jpeg,
}

impl FileKind {
    pub const ALL: [Self; 6] = [Self::Pdf, Self::Doc, Self::Docx, Self::Zip, Self::Png, Self::Jpeg];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Doc => "doc",
            Self::Docx => "docx",
            Self::Zip => "zip",
            Self::Png => "png",
            Self::Jpeg => "jpeg",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The media type a download is served with.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Doc => "application/msword",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Zip => "application/zip",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
        }
    }

    /// The file-name extensions the picker offers (`accept` of the file input).
    pub const ACCEPT: &'static str = ".pdf,.doc,.docx,.zip,.png,.jpg,.jpeg";
}

/// A file attached to an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AttachmentDto {
    pub id: AttachmentId,
    /// The name the file was uploaded with (sanitized).
    pub file_name: String,
    /// Detected from the content.
    pub kind: FileKind,
    pub size_bytes: u64,
    pub created_at: DateTime<Utc>,
}

/// `GET /attachments/{id}/link`: a signed, short-lived download URL (no token in it but its own
/// signature; the access token never travels in a URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DownloadLinkDto {
    /// A path on this server (`/api/v1/files/…`).
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// Who wrote or signed an entry, as the record shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AuthorDto {
    /// "Last First Middle".
    pub name: String,
    /// `doctor`, `assistant` or `patient` (or `representative` for a patient's representative).
    pub role: String,
}

/// A row of the record list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct EntrySummaryDto {
    pub id: EntryId,
    pub kind: EntryKind,
    pub status: EntryStatus,
    /// The day of the visit, stay or upload.
    pub occurred_on: NaiveDate,
    pub title: String,
    pub author: AuthorDto,
    /// How many attachments it has.
    pub attachments: u32,
    /// How many signed amendments correct it.
    pub amendments: u32,
    /// An entry made from a questionnaire's answers (MON-6): the questionnaire's title in both
    /// languages, to show in the reader's (`title` is stored in the author's language).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questionnaire_title: Option<I18nText>,
    pub created_at: DateTime<Utc>,
}

/// One entry with its text, attachments and amendments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct EntryDto {
    pub id: EntryId,
    pub patient_id: PatientId,
    pub kind: EntryKind,
    pub status: EntryStatus,
    pub occurred_on: NaiveDate,
    pub title: String,
    /// The text as stored. For an entry made from a questionnaire's answers it is the text in
    /// the author's language at the time; show `answers` instead, in the reader's.
    pub body: String,
    /// An entry made from a questionnaire's answers (MON-6): the submission with the items of
    /// the version answered — render it with [`crate::answers::answer_rows`] in the reader's
    /// language, units and decimal separator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<SubmissionDto>,
    pub author: AuthorDto,
    /// The doctor who signed it, and when (a patient's own entry: `None`).
    pub signed_by: Option<AuthorDto>,
    pub signed_at: Option<DateTime<Utc>>,
    /// For an amendment: the entry it corrects.
    pub amends: Option<EntryId>,
    pub attachments: Vec<AttachmentDto>,
    /// The amendments of this entry, oldest first (the cabinet sees the signed ones).
    // `no_recursion`: the schema refers to itself; without it utoipa recurses forever.
    #[cfg_attr(feature = "server", schema(no_recursion))]
    pub amendment_entries: Vec<EntryDto>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Query of the record lists (`GET /cabinet/record`, `GET /patients/{id}/record`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "server", into_params(parameter_in = Query))]
pub struct EntryQuery {
    /// One kind only.
    #[serde(default)]
    pub kind: Option<EntryKind>,
    /// Staff only: drafts or signed entries only.
    #[serde(default)]
    pub status: Option<EntryStatus>,
    #[serde(default)]
    pub page: Option<u32>,
    #[serde(default)]
    pub per_page: Option<u32>,
}

/// `POST /patients/{id}/record`, `PUT /patients/{id}/record/{entry}` (a draft) and
/// `POST /patients/{id}/record/{entry}/amendments` (its `kind` is the corrected entry's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct EntryInput {
    /// `outpatient`, `inpatient` or `telemedicine`; staff never write `patient`.
    pub kind: EntryKind,
    pub occurred_on: NaiveDate,
    /// 1..=200 characters.
    pub title: String,
    /// 1..=100,000 characters.
    pub body: String,
    /// A doctor's "save and sign". An assistant sending `true` is refused (`doctor_only`).
    #[serde(default)]
    pub sign: bool,
}

/// The print view of the record (CAB-1): the organization and the patient on top.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RecordPrintDto {
    pub organization_name: String,
    pub patient_name: String,
    pub birth_date: NaiveDate,
    pub printed_at: DateTime<Utc>,
    /// The signed entries the filter selects, newest first, with text and amendments.
    pub entries: Vec<EntryDto>,
}

/// A prescription "made in the organization" or a recommendation "to do" (CAB-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "db",
    derive(sea_orm::DeriveValueType),
    sea_orm(value_type = "String", from_str = "PrescriptionKind::from_stored", to_str = "PrescriptionKind::to_stored")
)]
pub enum PrescriptionKind {
    /// Made (or to be made) in the organization: a procedure, a test, a drug course.
    Prescribed,
    /// Recommended for the patient to do himself; he may mark it done.
    Recommended,
}

impl PrescriptionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Prescribed => "prescribed",
            Self::Recommended => "recommended",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "prescribed" => Some(Self::Prescribed),
            "recommended" => Some(Self::Recommended),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "db",
    derive(sea_orm::DeriveValueType),
    sea_orm(
        value_type = "String",
        from_str = "PrescriptionStatus::from_stored",
        to_str = "PrescriptionStatus::to_stored"
    )
)]
pub enum PrescriptionStatus {
    Todo,
    Done,
}

impl PrescriptionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Todo => "todo",
            Self::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "todo" => Some(Self::Todo),
            "done" => Some(Self::Done),
            _ => None,
        }
    }
}

pub const PRESCRIPTION_TITLE_MAX: usize = 200;
pub const PRESCRIPTION_DETAILS_MAX: usize = 4_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PrescriptionDto {
    pub id: PrescriptionId,
    pub kind: PrescriptionKind,
    pub status: PrescriptionStatus,
    pub title: String,
    pub details: String,
    /// By when (optional).
    pub due_on: Option<NaiveDate>,
    pub prescribed_by: AuthorDto,
    pub created_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
}

/// `POST /patients/{id}/prescriptions` (a doctor).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PrescriptionInput {
    pub kind: PrescriptionKind,
    /// 1..=200 characters.
    pub title: String,
    /// Up to 4,000 characters.
    #[serde(default)]
    pub details: String,
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
}

/// `PUT /patients/{id}/prescriptions/{pid}/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PrescriptionStatusInput {
    pub status: PrescriptionStatus,
}

/// Checks an entry's title and text as both the SPA form and the API do; the failing field and
/// its code.
pub fn check_entry_text(title: &str, body: &str, body_max: usize) -> Vec<(&'static str, &'static str)> {
    let mut errors = Vec::new();
    let title = title.trim();
    if title.is_empty() {
        errors.push(("title", "required"));
    } else if title.chars().count() > ENTRY_TITLE_MAX {
        errors.push(("title", "too_long"));
    }
    let body = body.trim();
    if body.is_empty() {
        errors.push(("body", "required"));
    } else if body.chars().count() > body_max {
        errors.push(("body", "too_long"));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in EntryKind::ALL {
            assert_eq!(EntryKind::parse(k.as_str()), Some(k));
        }
        for k in FileKind::ALL {
            assert_eq!(FileKind::parse(k.as_str()), Some(k));
        }
        assert!(!EntryKind::Patient.staff_writable());
    }

    #[test]
    fn entry_text_bounds() {
        assert!(check_entry_text("Осмотр", "Жалоб нет", ENTRY_BODY_MAX).is_empty());
        assert_eq!(check_entry_text("  ", "x", ENTRY_BODY_MAX), vec![("title", "required")]);
        let long = "ё".repeat(ENTRY_TITLE_MAX + 1);
        assert_eq!(check_entry_text(&long, "", ENTRY_BODY_MAX), vec![("title", "too_long"), ("body", "required")]);
        assert_eq!(check_entry_text("t", &"a".repeat(11), 10), vec![("body", "too_long")]);
    }
}

/// The most a clinician's diagnosis text may hold.
pub const DIAGNOSIS_MAX: usize = 500;

/// What the patient's clinicians keep of him for the header of his page (issue 14): the
/// diagnosis as text, until the registry's structured diagnoses (REG-1) arrive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ClinicalSummaryDto {
    pub diagnosis: Option<String>,
    pub updated_by_name: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// `PUT /patients/{id}/summary`: the diagnosis text (at most [`DIAGNOSIS_MAX`] characters;
/// empty clears it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ClinicalSummaryInput {
    #[cfg_attr(feature = "server", schema(max_length = 500))]
    pub diagnosis: String,
}
