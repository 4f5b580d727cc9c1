//! Authentication DTOs.

use serde::{Deserialize, Serialize};

/// `POST /api/v1/auth/login`: email and password.
///
/// The server answers the same way whether or not the address exists (ACC-10).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Never prints the password (it could end up in a log).
impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest").field("email", &"<redacted>").field("password", &"<redacted>").finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_request_wire_shape_and_redacted_debug() {
        let req = LoginRequest { email: "a@example.org".to_owned(), password: "secret-pw".to_owned() };
        let json = serde_json::to_value(&req).unwrap_or_default();
        assert_eq!(json, serde_json::json!({"email": "a@example.org", "password": "secret-pw"}));
        let debug = format!("{req:?}");
        assert!(!debug.contains("secret-pw") && !debug.contains("a@example.org"));
    }
}
