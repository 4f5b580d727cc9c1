//! Accounts, memberships and authentication DTOs (SPEC §1, ACC-1…11).
//!
//! One person = one account (email + password), global to the platform. An account holds
//! memberships (organization, role); an access token is issued for one membership at a time.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{AccountId, MembershipId, OrganizationId};
use crate::person::FullName;

/// The role of a membership. `Operator` is the platform's own (no organization).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "db",
    derive(sea_orm::DeriveValueType),
    sea_orm(value_type = "String", from_str = "Role::from_stored", to_str = "Role::to_stored")
)]
pub enum Role {
    Operator,
    Organizer,
    Doctor,
    Instructor,
    Assistant,
    Patient,
}

/// The roles an organizer invites to the staff (`POST /staff`): every role but the patient's
/// and the platform operator's. Only the OpenAPI document uses it (the request carries a
/// [`Role`]; the server refuses the other two with 422).
#[cfg(feature = "server")]
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum StaffRole {
    Organizer,
    Doctor,
    Instructor,
    Assistant,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Operator => "operator",
            Self::Organizer => "organizer",
            Self::Doctor => "doctor",
            Self::Instructor => "instructor",
            Self::Assistant => "assistant",
            Self::Patient => "patient",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "operator" => Self::Operator,
            "organizer" => Self::Organizer,
            "doctor" => Self::Doctor,
            "instructor" => Self::Instructor,
            "assistant" => Self::Assistant,
            "patient" => Self::Patient,
            _ => return None,
        })
    }

    /// Roles an organizer invites as staff (ACC-3).
    pub fn is_staff(self) -> bool {
        matches!(self, Self::Doctor | Self::Instructor | Self::Assistant)
    }
}

/// The status of a membership: invited (not activated), active, or deactivated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "db",
    derive(sea_orm::DeriveValueType),
    sea_orm(value_type = "String", from_str = "MembershipStatus::from_stored", to_str = "MembershipStatus::to_stored")
)]
pub enum MembershipStatus {
    /// Invited; the invitation is not accepted yet ("Не активирован").
    Pending,
    Active,
    Deactivated,
}

impl MembershipStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Deactivated => "deactivated",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "pending" => Self::Pending,
            "active" => Self::Active,
            "deactivated" => Self::Deactivated,
            _ => return None,
        })
    }
}

/// `POST /api/v1/auth/login`: email and password; optionally which membership to enter.
///
/// The server answers the same way whether or not the address exists (ACC-10).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    #[cfg_attr(feature = "server", schema(format = Email, max_length = 254))]
    pub email: String,
    pub password: String,
    /// Enter this membership; by default the most recently used active one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub membership_id: Option<MembershipId>,
}

/// Never prints the password (it could end up in a log).
impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest").field("email", &"<redacted>").field("password", &"<redacted>").finish()
    }
}

/// A membership as its owner sees it (the role switcher).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MembershipDto {
    pub id: MembershipId,
    pub role: Role,
    pub status: MembershipStatus,
    /// `None` for the platform operator.
    pub organization_id: Option<OrganizationId>,
    pub organization_name: Option<String>,
}

/// The answer of login, refresh, role switch and invitation acceptance. The refresh token is
/// set as an HttpOnly cookie (`oncocenter_refresh`, `Path=/api/v1/auth`), never in the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SessionDto {
    /// A JWT for `Authorization: Bearer …`, valid `expires_in` seconds.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    pub expires_in: u64,
    pub membership: MembershipDto,
}

/// `GET /api/v1/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MeDto {
    pub account_id: AccountId,
    pub email: String,
    /// "Last First Middle" of the current membership (or the account's display name).
    pub display_name: String,
    /// The same name in its parts (the profile's name form edits them).
    pub name: FullName,
    /// The membership the access token was issued for.
    pub current: MembershipDto,
    /// Every active membership of the account, for the role switcher.
    pub memberships: Vec<MembershipDto>,
    /// The IANA zone the caller reads times in (SPEC X-3), e.g. `Europe/Moscow`: the current
    /// membership's organization's; a patient's own zone (his monitoring settings) when he has
    /// one; `UTC` for the platform operator. Instants stay UTC in every answer; the SPA
    /// formats them in this zone, whatever the browser's.
    pub time_zone: String,
}

/// `POST /api/v1/auth/switch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SwitchRequest {
    pub membership_id: MembershipId,
}

/// `GET /api/v1/invitations/{token}`: what the activation page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct InvitationDto {
    pub email: String,
    pub role: Role,
    pub organization_name: Option<String>,
    pub full_name: String,
    /// The address already has an account: the page asks for its password (log in) instead of
    /// a new one. Only the holder of the emailed link learns this about his own address.
    pub account_exists: bool,
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/v1/invitations/{token}/accept`: a new password (new account) or the existing
/// account's password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AcceptInvitationRequest {
    pub password: String,
}

impl std::fmt::Debug for AcceptInvitationRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AcceptInvitationRequest { password: <redacted> }")
    }
}

/// `POST /api/v1/auth/password-reset` step 1: always answered 202 (ACC-10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PasswordResetRequest {
    #[cfg_attr(feature = "server", schema(format = Email, max_length = 254))]
    pub email: String,
}

/// `POST /api/v1/auth/password-reset/confirm` step 2: the emailed 6-digit code and a new
/// password. Other sessions of the account end.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PasswordResetConfirm {
    #[cfg_attr(feature = "server", schema(format = Email, max_length = 254))]
    pub email: String,
    pub code: String,
    #[cfg_attr(feature = "server", schema(format = "new-password", min_length = 8, max_length = 128))]
    pub new_password: String,
}

impl std::fmt::Debug for PasswordResetConfirm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordResetConfirm { <redacted> }")
    }
}

/// `POST /api/v1/registration` (PREG-3): step 1 of a patient's registration. Always 202.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RegistrationStart {
    #[cfg_attr(feature = "server", schema(format = Email, max_length = 254))]
    pub email: String,
    #[cfg_attr(feature = "server", schema(format = "person-name", max_length = 100))]
    pub last_name: String,
    #[cfg_attr(feature = "server", schema(format = "person-name", max_length = 100))]
    pub first_name: String,
    pub birth_date: chrono::NaiveDate,
}

impl std::fmt::Debug for RegistrationStart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RegistrationStart { <redacted> }")
    }
}

/// `POST /api/v1/registration/complete` (PREG-4): the emailed code and a password — a new
/// one, or the existing account's when the address already has one.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RegistrationComplete {
    #[cfg_attr(feature = "server", schema(format = Email, max_length = 254))]
    pub email: String,
    pub code: String,
    #[cfg_attr(feature = "server", schema(format = "new-password", min_length = 8, max_length = 128))]
    pub password: String,
}

impl std::fmt::Debug for RegistrationComplete {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RegistrationComplete { <redacted> }")
    }
}

/// `POST /api/v1/operator/organizations` (ACC-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CreateOrganizationRequest {
    #[cfg_attr(
        feature = "server",
        schema(
            min_length = 1,
            max_length = 300,
            pattern = "[^\t-\r \u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]"
        )
    )]
    pub name: String,
    /// IANA time zone, e.g. `Europe/Moscow`.
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    #[cfg_attr(feature = "server", schema(format = Email, max_length = 254))]
    pub organizer_email: String,
    #[serde(flatten)]
    pub organizer_name: FullName,
}

fn default_time_zone() -> String {
    "Europe/Moscow".to_owned()
}

/// An organization in the operator's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct OrganizationDto {
    pub id: OrganizationId,
    pub name: String,
    pub time_zone: String,
    pub created_at: DateTime<Utc>,
    /// Its organizers (invited or active).
    pub organizers: Vec<StaffMemberDto>,
}

/// `POST /api/v1/staff` (ACC-3): invite a doctor, instructor or assistant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct InviteStaffRequest {
    #[cfg_attr(feature = "server", schema(value_type = StaffRole))]
    pub role: Role,
    #[cfg_attr(feature = "server", schema(format = Email, max_length = 254))]
    pub email: String,
    #[serde(flatten)]
    pub name: FullName,
}

/// `POST /api/v1/staff/{id}/resend` (ACC-4): resend, optionally to a corrected address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ResendInvitationRequest {
    #[cfg_attr(feature = "server", schema(format = Email, max_length = 254))]
    pub email: String,
}

/// A staff membership in the organizer's lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct StaffMemberDto {
    pub id: MembershipId,
    pub role: Role,
    pub status: MembershipStatus,
    /// The invitation's address while pending; the account's address once active.
    pub email: String,
    #[serde(flatten)]
    pub name: FullName,
    /// When the last invitation was sent, and when it lapses (pending only).
    pub invitation_sent_at: Option<DateTime<Utc>>,
    pub invitation_expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The organization's only active organizer: deactivating this member is refused
    /// (`last_organizer`, ORG-9), so the SPA does not offer it.
    #[serde(default)]
    pub last_active_organizer: bool,
}

/// Query of `GET /api/v1/staff`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "server", into_params(parameter_in = Query))]
pub struct StaffQuery {
    /// Only this role (doctor, instructor, assistant, organizer); all staff by default.
    #[serde(default)]
    #[cfg_attr(feature = "server", param(value_type = Option<StaffRole>))]
    pub role: Option<Role>,
    /// Search by name or email (case- and ё/е-insensitive).
    #[serde(default)]
    pub q: Option<String>,
    /// By name (the default), newest or oldest first.
    #[serde(default)]
    pub sort: Option<crate::admin::SortOrder>,
    #[serde(default)]
    pub page: Option<u32>,
    #[serde(default)]
    pub per_page: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_request_wire_shape_and_redacted_debug() {
        let req =
            LoginRequest { email: "a@example.org".to_owned(), password: "secret-pw".to_owned(), membership_id: None };
        let json = serde_json::to_value(&req).unwrap();
        assert_eq!(json, serde_json::json!({"email": "a@example.org", "password": "secret-pw"}));
        let debug = format!("{req:?}");
        assert!(!debug.contains("secret-pw") && !debug.contains("a@example.org"));
    }

    #[test]
    fn roles_round_trip() {
        for r in [Role::Operator, Role::Organizer, Role::Doctor, Role::Instructor, Role::Assistant, Role::Patient] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(serde_json::to_value(r).unwrap(), serde_json::Value::String(r.as_str().to_owned()));
        }
    }
}
