//! The patient's cabinet (CAB-5, CAB-7…11): who he acts for, his profile, notifications,
//! feedback to the organization, representatives and dependents.
//!
//! A patient's requests name the card they are for in the `X-Patient-Id` header (the header's
//! patient switcher); without it, his own card. A card he neither owns nor represents answers
//! 404. Acting for a dependent, every request is audited with both the representative and the
//! dependent, and account actions (email, password) answer 403 `acting_for_dependent`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::admin::Sex;
use crate::ids::{
    DependentRequestId, FeedbackId, NotificationId, PatientId, RepresentativeId, RepresentativeInvitationId,
};

/// The request header that names the card a patient's request is for.
pub const PATIENT_HEADER: &str = "X-Patient-Id";

/// How the caller relates to a card he may open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CardRelation {
    /// His own card.
    Own,
    /// A card he represents (CAB-10).
    Dependent,
}

/// A card of the patient switcher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CabinetCardDto {
    pub id: PatientId,
    /// "Last First Middle".
    pub name: String,
    pub birth_date: NaiveDate,
    pub relation: CardRelation,
    /// A representative's right ends after this day.
    pub until: Option<NaiveDate>,
}

/// `GET /cabinet/context`: whose cabinet is open and whose else may be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CabinetContextDto {
    pub organization_name: String,
    /// The card this request acted for.
    pub current: CabinetCardDto,
    /// Every card the caller may switch to, his own first.
    pub cards: Vec<CabinetCardDto>,
}

/// `GET /cabinet/profile` (CAB-9): the card's data, read-only; corrections go through the
/// organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CabinetProfileDto {
    pub patient_id: PatientId,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub snils: Option<String>,
    pub organization_name: String,
    /// The email the account logs in with.
    pub account_email: String,
    /// False while acting for a dependent: the email and password forms are hidden.
    pub account_actions: bool,
}

/// What a notification is about; the SPA words it in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "db",
    derive(sea_orm::DeriveValueType),
    sea_orm(value_type = "String", from_str = "NotificationKind::from_stored", to_str = "NotificationKind::to_stored")
)]
pub enum NotificationKind {
    /// A new signed entry in the medical record.
    EntrySigned,
    /// A new prescription or recommendation.
    PrescriptionAdded,
    /// The organization answered a feedback message.
    FeedbackAnswered,
    /// The organization confirmed a dependent.
    DependentConfirmed,
    /// The organization declined a dependent.
    DependentRejected,
    /// An account became a representative of this card.
    RepresentativeAdded,
    /// A questionnaire is due today and not answered yet (MON-2).
    QuestionnaireDue,
    /// The care team looked at his answers (an alert acknowledged, issue 14).
    AnswersReviewed,
}

impl NotificationKind {
    pub const ALL: [Self; 8] = [
        Self::EntrySigned,
        Self::PrescriptionAdded,
        Self::FeedbackAnswered,
        Self::DependentConfirmed,
        Self::DependentRejected,
        Self::RepresentativeAdded,
        Self::QuestionnaireDue,
        Self::AnswersReviewed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::EntrySigned => "entry_signed",
            Self::PrescriptionAdded => "prescription_added",
            Self::FeedbackAnswered => "feedback_answered",
            Self::DependentConfirmed => "dependent_confirmed",
            Self::DependentRejected => "dependent_rejected",
            Self::RepresentativeAdded => "representative_added",
            Self::QuestionnaireDue => "questionnaire_due",
            Self::AnswersReviewed => "answers_reviewed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How a notification reached the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationChannel {
    /// Only in the cabinet.
    InApp,
    /// In the cabinet and by email.
    Email,
}

/// A notification (CAB-8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct NotificationDto {
    pub id: NotificationId,
    pub kind: NotificationKind,
    pub channel: NotificationChannel,
    /// What it names: an entry's or prescription's title, a feedback subject, a name.
    pub subject: String,
    /// A cabinet path to open (`/cabinet/record/…`).
    pub link: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// `GET /cabinet/notifications`: a page plus how many are unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct NotificationPageDto {
    pub items: Vec<NotificationDto>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
    pub unread: u64,
}

/// The categories of a feedback message (CAB-11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "db",
    derive(sea_orm::DeriveValueType),
    sea_orm(value_type = "String", from_str = "FeedbackCategory::from_stored", to_str = "FeedbackCategory::to_stored")
)]
pub enum FeedbackCategory {
    Question,
    Suggestion,
    Complaint,
    Gratitude,
    Other,
}

impl FeedbackCategory {
    pub const ALL: [Self; 5] = [Self::Question, Self::Suggestion, Self::Complaint, Self::Gratitude, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Question => "question",
            Self::Suggestion => "suggestion",
            Self::Complaint => "complaint",
            Self::Gratitude => "gratitude",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "db",
    derive(sea_orm::DeriveValueType),
    sea_orm(value_type = "String", from_str = "FeedbackStatus::from_stored", to_str = "FeedbackStatus::to_stored")
)]
pub enum FeedbackStatus {
    New,
    Answered,
}

impl FeedbackStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Answered => "answered",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "new" => Some(Self::New),
            "answered" => Some(Self::Answered),
            _ => None,
        }
    }
}

pub const FEEDBACK_SUBJECT_MAX: usize = 200;
pub const FEEDBACK_TEXT_MAX: usize = 4_000;

/// `POST /cabinet/feedback`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct FeedbackInput {
    pub category: FeedbackCategory,
    /// 1..=200 characters.
    #[cfg_attr(
        feature = "server",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "[^\t-\r \u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]"
        )
    )]
    pub subject: String,
    /// 1..=4,000 characters.
    #[cfg_attr(
        feature = "server",
        schema(
            min_length = 1,
            max_length = 4000,
            pattern = "[^\t-\r \u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]"
        )
    )]
    pub text: String,
}

/// A feedback message, as the patient and the organizer see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct FeedbackDto {
    pub id: FeedbackId,
    pub patient_id: PatientId,
    /// "Last First Middle" of the card.
    pub patient_name: String,
    /// A representative who wrote it for the patient.
    pub written_by: Option<String>,
    pub category: FeedbackCategory,
    pub subject: String,
    pub text: String,
    pub status: FeedbackStatus,
    pub created_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    /// The organizer's note on how it was answered (shown to the patient too).
    pub answer_note: Option<String>,
}

/// `POST /feedback/{id}/answered` (the organizer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct FeedbackAnswerInput {
    /// Up to 4,000 characters; may be empty.
    #[serde(default)]
    pub note: String,
}

/// Query of `GET /feedback`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "server", into_params(parameter_in = Query))]
pub struct FeedbackQuery {
    #[serde(default)]
    pub status: Option<FeedbackStatus>,
    #[serde(default)]
    pub page: Option<u32>,
    #[serde(default)]
    pub per_page: Option<u32>,
}

/// A representative of a card (CAB-10), as the organizer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RepresentativeDto {
    pub id: RepresentativeId,
    pub patient_id: PatientId,
    /// The representative's login email.
    pub email: String,
    /// "Last First Middle" of the representative (his own card or account name).
    pub name: String,
    /// The right ends after this day.
    pub until: NaiveDate,
    pub created_at: DateTime<Utc>,
}

/// `POST /patients/{id}/representatives` (the organizer): invite an address to represent the
/// card. The answer is the same whether or not the address has an account (SPEC §1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RepresentativeInput {
    pub email: String,
    /// Today or later.
    pub until: NaiveDate,
}

/// Where an invitation to represent a card stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "db",
    derive(sea_orm::DeriveValueType),
    sea_orm(
        value_type = "String",
        from_str = "RepresentativeInvitationStatus::from_stored",
        to_str = "RepresentativeInvitationStatus::to_stored"
    )
)]
pub enum RepresentativeInvitationStatus {
    /// Sent, waiting for the person.
    Pending,
    /// Accepted: the person is a representative.
    Accepted,
    /// The person declined.
    Declined,
    /// The organizer withdrew it.
    Revoked,
}

impl RepresentativeInvitationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Revoked => "revoked",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "accepted" => Some(Self::Accepted),
            "declined" => Some(Self::Declined),
            "revoked" => Some(Self::Revoked),
            _ => None,
        }
    }
}

/// An invitation to represent a card, as the organizer sees it: only what he typed and when
/// it was sent — never anything of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RepresentativeInvitationDto {
    pub id: RepresentativeInvitationId,
    pub patient_id: PatientId,
    /// The invited address.
    pub email: String,
    /// The right will end after this day.
    pub until: NaiveDate,
    pub status: RepresentativeInvitationStatus,
    /// When the current link was sent.
    pub sent_at: DateTime<Utc>,
    /// When the current link stops working.
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

/// `GET /representation-invitations/{token}`: what the invited person sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RepresentationInviteDto {
    /// The invited address: accept while logged in with it.
    pub email: String,
    /// Who invites.
    pub organization_name: String,
    /// Whom he would represent: "Last First Middle" of the card.
    pub patient_name: String,
    /// The right would end after this day.
    pub until: NaiveDate,
    /// When the link stops working.
    pub expires_at: DateTime<Utc>,
    /// Whether the address has an account: log in to accept, or create one. Only the holder
    /// of the emailed link learns it, never the organization.
    pub account_exists: bool,
}

/// `POST /representation-invitations/{token}/register`: an address without an account
/// creates one and accepts in one step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RepresentationRegisterInput {
    pub last_name: String,
    pub first_name: String,
    #[serde(default)]
    pub middle_name: Option<String>,
    pub password: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "db",
    derive(sea_orm::DeriveValueType),
    sea_orm(
        value_type = "String",
        from_str = "DependentRequestStatus::from_stored",
        to_str = "DependentRequestStatus::to_stored"
    )
)]
pub enum DependentRequestStatus {
    Requested,
    Confirmed,
    Rejected,
}

impl DependentRequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Confirmed => "confirmed",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "requested" => Some(Self::Requested),
            "confirmed" => Some(Self::Confirmed),
            "rejected" => Some(Self::Rejected),
            _ => None,
        }
    }
}

/// `POST /cabinet/dependents`: a representative asks to add a dependent (a new card the
/// organization confirms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DependentInput {
    #[cfg_attr(feature = "server", schema(format = "person-name", max_length = 100))]
    pub last_name: String,
    #[cfg_attr(feature = "server", schema(format = "person-name", max_length = 100))]
    pub first_name: String,
    #[serde(default)]
    #[cfg_attr(feature = "server", schema(format = "person-name", max_length = 100))]
    pub middle_name: Option<String>,
    pub birth_date: NaiveDate,
    pub sex: Sex,
}

/// A request to add a dependent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DependentRequestDto {
    pub id: DependentRequestId,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    /// Who asked: "Last First Middle" and email.
    pub requested_by_name: String,
    pub requested_by_email: String,
    pub status: DependentRequestStatus,
    /// The card created on confirmation.
    pub patient_id: Option<PatientId>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// `POST /dependent-requests/{id}/confirm` (the organizer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DependentConfirmInput {
    /// The representative's right ends after this day.
    pub until: NaiveDate,
}
