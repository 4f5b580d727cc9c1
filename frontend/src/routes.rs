//! The client routes: one enum, so links and the router cannot disagree.

/// Every page of the SPA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppRoute {
    Home,
    Login,
    PasswordReset,
}

impl AppRoute {
    /// The path segment the router matches (empty for `/`).
    pub const fn segment(self) -> &'static str {
        match self {
            Self::Home => "",
            Self::Login => "login",
            Self::PasswordReset => "password-reset",
        }
    }

    /// The absolute path, for links and navigation.
    pub const fn path(self) -> &'static str {
        match self {
            Self::Home => "/",
            Self::Login => "/login",
            Self::PasswordReset => "/password-reset",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AppRoute;

    #[test]
    fn paths_are_slash_plus_segment() {
        for r in [AppRoute::Home, AppRoute::Login, AppRoute::PasswordReset] {
            assert_eq!(r.path(), format!("/{}", r.segment()));
        }
    }
}
