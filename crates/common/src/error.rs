//! The one error shape of the API: RFC 9457 problem details with a stable machine code.
//!
//! The SPA matches on [`ErrorCode`], never on the human text.

use serde::{Deserialize, Serialize};

/// Stable machine-readable error codes. Serialized in `snake_case`; never rename a variant
/// once released — clients match on these strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// The request body is not well-formed JSON (400).
    MalformedJson,
    /// A path or query parameter could not be parsed (400).
    InvalidParameter,
    /// One or more fields have invalid values; see `errors` (422).
    ValidationFailed,
    /// The request body is larger than the endpoint accepts (413).
    PayloadTooLarge,
    /// The request's `Content-Type` is not supported (415).
    UnsupportedMediaType,
    /// Authentication is missing or invalid (401).
    Unauthorized,
    /// Authenticated, but this role may not do this (403).
    Forbidden,
    /// No such resource — or not visible to the caller (404).
    NotFound,
    /// The method is not allowed on this resource (405).
    MethodNotAllowed,
    /// The resource changed since it was read (`If-Match` mismatch, 412).
    PreconditionFailed,
    /// An update of a shared record must send `If-Match` (428).
    PreconditionRequired,
    /// The request conflicts with the current state (409).
    Conflict,
    /// Too many requests; retry after the `Retry-After` seconds (429).
    RateLimited,
    /// The request took too long to process (503).
    Timeout,
    /// A dependency (the database) is unavailable (503).
    ServiceUnavailable,
    /// Wrong email or password — the same answer whether or not the address exists (401).
    InvalidCredentials,
    /// The refresh token is missing, expired, revoked or reused; log in again (401).
    SessionExpired,
    /// The password is right, but this access was deactivated by the organization (403).
    MembershipInactive,
    /// The invitation link is unknown, used, replaced by a newer one, or expired (410).
    InvitationInvalid,
    /// The invitation link has expired; ask for a new one (410).
    InvitationExpired,
    /// The invitation is for another address than the logged-in account's (403).
    InvitationWrongAccount,
    /// The emailed code is wrong, used or expired — one answer for all (400).
    InvalidCode,
    /// This address is already invited to or holds this role in the organization (409).
    AlreadyMember,
    /// An organization keeps at least one active organizer (409).
    LastOrganizer,
    /// The patient card lacks a consent the invitation needs (PREG-1); see `errors` (409).
    ConsentsMissing,
    /// The patient's consents (PREG-1) were withdrawn: no cabinet access until the organization
    /// records them again (403). Login says so only after a correct password.
    ConsentsWithdrawn,
    /// A signed medical-record entry cannot change; add an amendment instead (X-8) (409).
    EntrySigned,
    /// Only a doctor signs medical-record entries and writes prescriptions (X-8) (403).
    DoctorOnly,
    /// Account actions (email, password) are unavailable while acting for a dependent (CAB-10) (403).
    ActingForDependent,
    /// The upload's content is not one of the accepted file types (CAB-12) (415).
    FileTypeNotAllowed,
    /// Too many files in one upload (CAB-12) (422).
    TooManyFiles,
    /// An archive is unsafe or too large when unpacked (CAB-12) (422).
    ArchiveRejected,
    /// A signed download link is unknown, tampered with or expired (410).
    LinkExpired,
    /// The questionnaire is archived: no new assignments or answers (MON-1) (409).
    QuestionnaireArchived,
    /// The alert was already acknowledged (MON-5) (409).
    AlertAcknowledged,
    /// Another member of the care team has taken the alert (issue 14).
    AlertTaken,
    /// A one-time live-channel ticket is unknown, used or expired (401).
    TicketInvalid,
    /// An unexpected server error; details are in the server log only (500).
    Internal,
}

impl ErrorCode {
    /// Every code, in declaration order: the problem-type pages (`/api/problems`) list them.
    /// A new variant goes here too (the exhaustive `match` in [`ErrorCode::meaning`] reminds).
    pub const ALL: &'static [ErrorCode] = &[
        Self::MalformedJson,
        Self::InvalidParameter,
        Self::ValidationFailed,
        Self::PayloadTooLarge,
        Self::UnsupportedMediaType,
        Self::Unauthorized,
        Self::Forbidden,
        Self::NotFound,
        Self::MethodNotAllowed,
        Self::PreconditionFailed,
        Self::PreconditionRequired,
        Self::Conflict,
        Self::RateLimited,
        Self::Timeout,
        Self::ServiceUnavailable,
        Self::InvalidCredentials,
        Self::SessionExpired,
        Self::MembershipInactive,
        Self::InvitationInvalid,
        Self::InvitationExpired,
        Self::InvitationWrongAccount,
        Self::InvalidCode,
        Self::AlreadyMember,
        Self::LastOrganizer,
        Self::ConsentsMissing,
        Self::ConsentsWithdrawn,
        Self::EntrySigned,
        Self::DoctorOnly,
        Self::ActingForDependent,
        Self::FileTypeNotAllowed,
        Self::TooManyFiles,
        Self::ArchiveRejected,
        Self::LinkExpired,
        Self::QuestionnaireArchived,
        Self::AlertAcknowledged,
        Self::AlertTaken,
        Self::TicketInvalid,
        Self::Internal,
    ];

    /// The HTTP status this code is answered with.
    pub fn status(self) -> u16 {
        match self {
            Self::MalformedJson | Self::InvalidParameter => 400,
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::Conflict => 409,
            Self::PreconditionFailed => 412,
            Self::PreconditionRequired => 428,
            Self::PayloadTooLarge => 413,
            Self::UnsupportedMediaType => 415,
            Self::ValidationFailed => 422,
            Self::RateLimited => 429,
            Self::InvalidCredentials => 401,
            Self::SessionExpired => 401,
            Self::MembershipInactive => 403,
            Self::InvitationInvalid | Self::InvitationExpired => 410,
            Self::InvitationWrongAccount => 403,
            Self::InvalidCode => 400,
            Self::AlreadyMember => 409,
            Self::LastOrganizer => 409,
            Self::ConsentsMissing => 409,
            Self::ConsentsWithdrawn => 403,
            Self::EntrySigned => 409,
            Self::DoctorOnly | Self::ActingForDependent => 403,
            Self::FileTypeNotAllowed => 415,
            Self::TooManyFiles | Self::ArchiveRejected => 422,
            Self::LinkExpired => 410,
            Self::QuestionnaireArchived | Self::AlertAcknowledged | Self::AlertTaken => 409,
            Self::TicketInvalid => 401,
            Self::Internal => 500,
            Self::Timeout | Self::ServiceUnavailable => 503,
        }
    }

    /// The code as it appears on the wire (`"not_found"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MalformedJson => "malformed_json",
            Self::InvalidParameter => "invalid_parameter",
            Self::ValidationFailed => "validation_failed",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::PreconditionFailed => "precondition_failed",
            Self::PreconditionRequired => "precondition_required",
            Self::Conflict => "conflict",
            Self::RateLimited => "rate_limited",
            Self::Timeout => "timeout",
            Self::ServiceUnavailable => "service_unavailable",
            Self::InvalidCredentials => "invalid_credentials",
            Self::SessionExpired => "session_expired",
            Self::MembershipInactive => "membership_inactive",
            Self::InvitationInvalid => "invitation_invalid",
            Self::InvitationExpired => "invitation_expired",
            Self::InvitationWrongAccount => "invitation_wrong_account",
            Self::InvalidCode => "invalid_code",
            Self::AlreadyMember => "already_member",
            Self::LastOrganizer => "last_organizer",
            Self::ConsentsMissing => "consents_missing",
            Self::ConsentsWithdrawn => "consents_withdrawn",
            Self::EntrySigned => "entry_signed",
            Self::DoctorOnly => "doctor_only",
            Self::ActingForDependent => "acting_for_dependent",
            Self::FileTypeNotAllowed => "file_type_not_allowed",
            Self::TooManyFiles => "too_many_files",
            Self::ArchiveRejected => "archive_rejected",
            Self::LinkExpired => "link_expired",
            Self::QuestionnaireArchived => "questionnaire_archived",
            Self::AlertAcknowledged => "alert_acknowledged",
            Self::AlertTaken => "alert_taken",
            Self::TicketInvalid => "ticket_invalid",
            Self::Internal => "internal",
        }
    }

    /// What the code means, in English: the text of its problem-type page.
    pub fn meaning(self) -> &'static str {
        match self {
            Self::MalformedJson => "The request body is not well-formed JSON.",
            Self::InvalidParameter => "A path or query parameter could not be parsed.",
            Self::ValidationFailed => "One or more fields have invalid values; see `errors`.",
            Self::PayloadTooLarge => "The request body is larger than the endpoint accepts.",
            Self::UnsupportedMediaType => "The request's `Content-Type` is not supported.",
            Self::Unauthorized => "Authentication is missing or invalid.",
            Self::Forbidden => "Authenticated, but this role may not do this.",
            Self::NotFound => "No such resource — or not visible to the caller.",
            Self::MethodNotAllowed => "The method is not allowed on this resource.",
            Self::PreconditionFailed => "The resource changed since it was read (`If-Match` mismatch, 412).",
            Self::PreconditionRequired => "An update of a shared record must send `If-Match`.",
            Self::Conflict => "The request conflicts with the current state.",
            Self::RateLimited => "Too many requests; retry after the `Retry-After` seconds.",
            Self::Timeout => "The request took too long to process.",
            Self::ServiceUnavailable => "A dependency (the database) is unavailable.",
            Self::InvalidCredentials => "Wrong email or password — the same answer whether or not the address exists.",
            Self::SessionExpired => "The refresh token is missing, expired, revoked or reused; log in again.",
            Self::MembershipInactive => "The password is right, but this access was deactivated by the organization.",
            Self::InvitationInvalid => "The invitation link is unknown, used, replaced by a newer one, or expired.",
            Self::InvitationExpired => "The invitation link expired; ask the organization to send it again.",
            Self::InvitationWrongAccount => "The invitation was sent to another address than the logged-in account's.",
            Self::InvalidCode => "The emailed code is wrong, used or expired — one answer for all.",
            Self::AlreadyMember => "This address is already invited to or holds this role in the organization.",
            Self::LastOrganizer => "An organization keeps at least one active organizer.",
            Self::ConsentsMissing => "The patient card lacks a consent the invitation needs (PREG-1); see `errors`.",
            Self::ConsentsWithdrawn => {
                "The patient's consents were withdrawn: no cabinet access until the organization restores them (PREG-1)."
            }
            Self::EntrySigned => "A signed medical-record entry cannot change; add an amendment instead (X-8).",
            Self::DoctorOnly => "Only a doctor signs medical-record entries and writes prescriptions (X-8).",
            Self::ActingForDependent => {
                "Account actions (email, password) are unavailable while acting for a dependent (CAB-10)."
            }
            Self::FileTypeNotAllowed => "The upload's content is not one of the accepted file types (CAB-12).",
            Self::TooManyFiles => "Too many files in one upload (CAB-12).",
            Self::ArchiveRejected => "An archive is unsafe or too large when unpacked (CAB-12).",
            Self::LinkExpired => "A signed download link is unknown, tampered with or expired.",
            Self::QuestionnaireArchived => "The questionnaire is archived: no new assignments or answers (MON-1).",
            Self::AlertAcknowledged => "The alert was already acknowledged (MON-5).",
            Self::AlertTaken => "Another member of the care team has taken the alert.",
            Self::TicketInvalid => "A one-time live-channel ticket is unknown, used or expired.",
            Self::Internal => "An unexpected server error; details are in the server log only.",
        }
    }

    /// Parses a wire name (`"not_found"`).
    pub fn from_wire(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == name)
    }

    /// A short English title (RFC 9457 `title`). The SPA shows its own translation instead.
    pub fn title(self) -> &'static str {
        match self {
            Self::MalformedJson => "Malformed JSON body",
            Self::InvalidParameter => "Invalid parameter",
            Self::ValidationFailed => "Validation failed",
            Self::PayloadTooLarge => "Payload too large",
            Self::UnsupportedMediaType => "Unsupported media type",
            Self::Unauthorized => "Unauthorized",
            Self::Forbidden => "Forbidden",
            Self::NotFound => "Not found",
            Self::MethodNotAllowed => "Method not allowed",
            Self::PreconditionFailed => "Precondition failed",
            Self::PreconditionRequired => "Precondition required",
            Self::Conflict => "Conflict",
            Self::RateLimited => "Too many requests",
            Self::Timeout => "Request timed out",
            Self::ServiceUnavailable => "Service unavailable",
            Self::InvalidCredentials => "Invalid email or password",
            Self::SessionExpired => "Session expired",
            Self::MembershipInactive => "Access deactivated",
            Self::InvitationInvalid => "Invitation link is not valid",
            Self::InvitationExpired => "Invitation link expired",
            Self::InvitationWrongAccount => "Invitation is for another address",
            Self::InvalidCode => "Invalid or expired code",
            Self::AlreadyMember => "Already invited",
            Self::LastOrganizer => "The last organizer",
            Self::ConsentsMissing => "Consents missing",
            Self::ConsentsWithdrawn => "Consents withdrawn",
            Self::EntrySigned => "The entry is signed",
            Self::DoctorOnly => "Only a doctor may do this",
            Self::ActingForDependent => "Unavailable while acting for a dependent",
            Self::FileTypeNotAllowed => "File type not allowed",
            Self::TooManyFiles => "Too many files",
            Self::ArchiveRejected => "Archive rejected",
            Self::LinkExpired => "Download link expired",
            Self::QuestionnaireArchived => "The questionnaire is archived",
            Self::AlertAcknowledged => "The alert is already acknowledged",
            Self::AlertTaken => "Another member of the care team has taken the alert",
            Self::TicketInvalid => "Live ticket not valid",
            Self::Internal => "Internal server error",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One failing field of a validation error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's JSON path as the client sent it (`email`, `items[2].code`).
    pub field: String,
    /// A stable machine code for what is wrong (`required`, `too_short`, `invalid_format`).
    pub code: String,
    /// A human message in English.
    pub message: String,
}

/// RFC 9457 problem details, served as `application/problem+json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "server", schema(example = json!({
    "type": "/api/problems/validation_failed",
    "title": "Validation failed",
    "status": 422,
    "code": "validation_failed",
    "detail": "The request has invalid fields.",
    "errors": [{"field": "email", "code": "invalid_format", "message": "not an email address"}]
})))]
pub struct Problem {
    /// A URI reference naming the problem type: `/api/problems/{code}`, relative to the API's
    /// origin (RFC 9457 §3.1.1), where the server describes the code.
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub code: ErrorCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// For `validation_failed`: each failing field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// Base of the `type` URI of every problem: a path on the API's own origin, where the server
/// serves a page per code (`GET /api/problems/{code}`).
pub const PROBLEM_TYPE_BASE: &str = "/api/problems/";

impl Problem {
    pub fn new(code: ErrorCode, detail: impl Into<Option<String>>) -> Self {
        Self {
            type_uri: format!("{PROBLEM_TYPE_BASE}{}", code.as_str()),
            title: code.title().to_owned(),
            status: code.status(),
            code,
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_wire_names() {
        for code in [
            ErrorCode::MalformedJson,
            ErrorCode::ValidationFailed,
            ErrorCode::NotFound,
            ErrorCode::RateLimited,
            ErrorCode::Internal,
        ] {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, serde_json::Value::String(code.as_str().to_owned()));
        }
    }

    #[test]
    fn every_code_is_listed_once_and_parses_from_its_wire_name() {
        let mut names = std::collections::HashSet::new();
        for &code in ErrorCode::ALL {
            assert!(names.insert(code.as_str()), "{code} listed twice");
            assert_eq!(ErrorCode::from_wire(code.as_str()), Some(code));
            assert_eq!(serde_json::from_value::<ErrorCode>(serde_json::json!(code.as_str())).unwrap(), code);
            assert!(!code.meaning().is_empty());
        }
        assert_eq!(ErrorCode::from_wire("no_such_code"), None);
    }

    #[test]
    fn all_lists_every_variant() {
        // The enum's variants as declared in this file: a variant missing from `ALL` would have
        // no problem-type page.
        let src = include_str!("error.rs");
        let start = src.find("pub enum ErrorCode {").unwrap();
        let body = &src[start..start + src[start..].find("\n}").unwrap()];
        let declared = body
            .lines()
            .filter(|l| l.starts_with("    ") && !l.trim_start().starts_with("//") && l.trim_end().ends_with(','))
            .count();
        assert_eq!(declared, ErrorCode::ALL.len());
    }

    #[test]
    fn problem_round_trips() {
        let p = Problem::new(ErrorCode::NotFound, Some("no such patient".to_owned()));
        let text = serde_json::to_string(&p).unwrap();
        assert!(text.contains("\"type\":\"/api/problems/not_found\""));
        let back: Problem = serde_json::from_str(&text).unwrap();
        assert_eq!(back, p);
        assert_eq!(back.status, 404);
    }
}
