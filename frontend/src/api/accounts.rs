//! The accounts domain: logging in and out, registration, invitations, password reset, the
//! session's own account (who am I, switch membership, name, email, password) and the
//! representation invitations. Calls without a session use `Access::Public`.

use common::admin::{ChangeEmailRequest, ChangeNameRequest, ChangePasswordRequest, EmailChangedDto, EmailTokenRequest};
use common::auth::{
    AcceptInvitationRequest, InvitationDto, LoginRequest, MeDto, PasswordResetConfirm, PasswordResetRequest,
    RegistrationComplete, RegistrationStart, SessionDto, SwitchRequest,
};
use common::ids::MembershipId;

use super::http::{self, Access, get_json, post_empty, post_json};
use super::{ApiError, encode};

/// `POST /api/v1/auth/login`: the session (access token; the refresh cookie is set).
pub async fn login(request: &LoginRequest) -> Result<SessionDto, ApiError> {
    post_json(Access::Public, "/auth/login", request).await
}

/// `POST /api/v1/auth/refresh`, single-flight; keeps the new access token.
pub async fn refresh() -> Result<SessionDto, ApiError> {
    http::refresh().await
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

/// `GET /api/v1/me`.
pub async fn me() -> Result<MeDto, ApiError> {
    get_json(Access::Session, "/me").await
}

/// `POST /api/v1/auth/switch`: a token for another membership of the same account.
pub async fn switch(membership_id: MembershipId) -> Result<SessionDto, ApiError> {
    http::post_json(Access::Session, "/auth/switch", &SwitchRequest { membership_id }).await
}

/// `PUT /api/v1/me/name` (staff).
pub async fn change_name(request: &ChangeNameRequest) -> Result<MeDto, ApiError> {
    http::put_json(Access::Session, "/me/name", request).await
}

/// `POST /api/v1/me/email`: 202; a link goes to the new address.
pub async fn change_email(request: &ChangeEmailRequest) -> Result<(), ApiError> {
    http::post_json(Access::Session, "/me/email", request).await
}

/// `POST /api/v1/me/password`: a fresh session; every other one ends.
pub async fn change_password(request: &ChangePasswordRequest) -> Result<SessionDto, ApiError> {
    http::post_json(Access::Session, "/me/password", request).await
}

/// `POST /api/v1/account/email/confirm` or `/revert` (the emailed link's token; no session).
pub async fn email_token(revert: bool, token: &str) -> Result<EmailChangedDto, ApiError> {
    let path = if revert { "/account/email/revert" } else { "/account/email/confirm" };
    http::post_json(Access::Public, path, &EmailTokenRequest { token: token.to_owned() }).await
}

// ---------- Issue 5: the organizer's side of the cabinet (CAB-10, CAB-11) ----------
