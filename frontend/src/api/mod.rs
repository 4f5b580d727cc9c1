//! The typed API client: one place that talks to `/api/v1`, over the DTOs of `common`.
//!
//! Two halves: [`public`] for calls without a session (health, login, invitations, password
//! reset), [`session`] for calls made on behalf of a logged-in user — they carry the Bearer
//! token; a 401 refreshes the session once (single-flight) and repeats the call, and when that
//! fails the session-expired handler sends the user to the login page (see
//! [`on_session_expired`]). Both return [`ApiError`] on failure.

pub mod admin;
pub mod cabinet;
mod error;
mod http;
pub mod monitoring;
pub mod monitoring_admin;
pub mod monitoring_cabinet;
pub mod record;

pub use error::{ApiError, ErrorKind};
pub use http::{
    API_BASE, Access, Tagged, acting_for, on_session_expired, on_session_renewed, set_access_token, set_acting_for,
    sign_out_reason,
};

/// Percent-encodes a query value or path segment (RFC 3986 unreserved characters stay).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Calls that need no session.
pub mod public {
    use common::auth::{
        AcceptInvitationRequest, InvitationDto, LoginRequest, PasswordResetConfirm, PasswordResetRequest,
        RegistrationComplete, RegistrationStart, SessionDto,
    };
    use common::health::Health;

    use super::http::{Access, get_json, post_empty, post_json};
    use super::{ApiError, encode};

    /// `GET /api/v1/health`.
    pub async fn health() -> Result<Health, ApiError> {
        get_json(Access::Public, "/health").await
    }

    /// `POST /api/v1/auth/login`: the session (access token; the refresh cookie is set).
    pub async fn login(request: &LoginRequest) -> Result<SessionDto, ApiError> {
        post_json(Access::Public, "/auth/login", request).await
    }

    /// `POST /api/v1/auth/refresh`, single-flight; keeps the new access token.
    pub async fn refresh() -> Result<SessionDto, ApiError> {
        super::http::refresh().await
    }

    /// `POST /api/v1/auth/logout`: ends the session and clears the cookie.
    pub async fn logout() -> Result<(), ApiError> {
        post_empty(Access::Public, "/auth/logout").await
    }

    /// `POST /api/v1/auth/password-reset`: always 202.
    pub async fn request_password_reset(request: &PasswordResetRequest) -> Result<(), ApiError> {
        post_json(Access::Public, "/auth/password-reset", request).await
    }

    /// `POST /api/v1/auth/password-reset/confirm`.
    pub async fn confirm_password_reset(request: &PasswordResetConfirm) -> Result<(), ApiError> {
        post_json(Access::Public, "/auth/password-reset/confirm", request).await
    }

    /// `POST /api/v1/registration`: always 202.
    pub async fn start_registration(request: &RegistrationStart) -> Result<(), ApiError> {
        post_json(Access::Public, "/registration", request).await
    }

    /// `POST /api/v1/registration/complete`: registered and logged in.
    pub async fn complete_registration(request: &RegistrationComplete) -> Result<SessionDto, ApiError> {
        post_json(Access::Public, "/registration/complete", request).await
    }

    /// `GET /api/v1/invitations/{token}`.
    pub async fn invitation(token: &str) -> Result<InvitationDto, ApiError> {
        get_json(Access::Public, &format!("/invitations/{}", encode(token))).await
    }

    /// `POST /api/v1/invitations/{token}/accept`: logged in, into the invited membership.
    pub async fn accept_invitation(token: &str, request: &AcceptInvitationRequest) -> Result<SessionDto, ApiError> {
        post_json(Access::Public, &format!("/invitations/{}/accept", encode(token)), request).await
    }

    /// `GET /api/v1/representation-invitations/{token}`: an invitation to represent a patient;
    /// with the session when logged in (another address is `invitation_wrong_account`).
    pub async fn representation_invitation(
        token: &str,
        logged_in: bool,
    ) -> Result<common::cabinet::RepresentationInviteDto, ApiError> {
        let access = if logged_in { Access::Session } else { Access::Public };
        get_json(access, &format!("/representation-invitations/{}", encode(token))).await
    }

    /// `POST /api/v1/representation-invitations/{token}/accept` (logged in with the address).
    pub async fn accept_representation(token: &str) -> Result<SessionDto, ApiError> {
        post_empty(Access::Session, &format!("/representation-invitations/{}/accept", encode(token))).await
    }

    /// `POST /api/v1/representation-invitations/{token}/register`: a new account accepts.
    pub async fn register_representation(
        token: &str,
        input: &common::cabinet::RepresentationRegisterInput,
    ) -> Result<SessionDto, ApiError> {
        post_json(Access::Public, &format!("/representation-invitations/{}/register", encode(token)), input).await
    }

    /// `POST /api/v1/representation-invitations/{token}/decline`.
    pub async fn decline_representation(token: &str, logged_in: bool) -> Result<(), ApiError> {
        let access = if logged_in { Access::Session } else { Access::Public };
        post_empty(access, &format!("/representation-invitations/{}/decline", encode(token))).await
    }
}

/// Calls made for a logged-in user (Bearer token; refresh-on-401).
pub mod session {
    use common::auth::{
        CreateOrganizationRequest, InviteStaffRequest, MeDto, OrganizationDto, ResendInvitationRequest, Role,
        SessionDto, StaffMemberDto, SwitchRequest,
    };
    use common::ids::MembershipId;
    use common::page::Page;
    use serde::de::DeserializeOwned;

    use super::http::{self, Access};
    use super::{ApiError, encode};

    /// `GET /api/v1{path}` for the logged-in user.
    pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
        http::get_json(Access::Session, path).await
    }

    /// `GET /api/v1/me`.
    pub async fn me() -> Result<MeDto, ApiError> {
        get_json("/me").await
    }

    /// `POST /api/v1/auth/switch`: a token for another membership of the same account.
    pub async fn switch(membership_id: MembershipId) -> Result<SessionDto, ApiError> {
        http::post_json(Access::Session, "/auth/switch", &SwitchRequest { membership_id }).await
    }

    /// `GET /api/v1/operator/organizations`.
    pub async fn organizations(page: u32, per_page: u32) -> Result<Page<OrganizationDto>, ApiError> {
        get_json(&format!("/operator/organizations?page={page}&per_page={per_page}")).await
    }

    /// `POST /api/v1/operator/organizations`.
    pub async fn create_organization(request: &CreateOrganizationRequest) -> Result<OrganizationDto, ApiError> {
        http::post_json(Access::Session, "/operator/organizations", request).await
    }

    /// `GET /api/v1/staff`.
    pub async fn staff(
        role: Option<Role>,
        q: &str,
        page: u32,
        per_page: u32,
    ) -> Result<Page<StaffMemberDto>, ApiError> {
        let mut path = format!("/staff?page={page}&per_page={per_page}");
        if let Some(role) = role {
            path.push_str("&role=");
            path.push_str(role.as_str());
        }
        let q = q.trim();
        if !q.is_empty() {
            path.push_str("&q=");
            path.push_str(&encode(q));
        }
        get_json(&path).await
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
}
