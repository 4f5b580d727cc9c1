//! The session of the logged-in person: who, in which membership. The access token is kept
//! by the API client in memory only; this is the reactive view of it for the pages.

use common::auth::{MeDto, MembershipDto, Role, SessionDto};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api::{self, ApiError};
use crate::components::datetime::set_display_zone;
use crate::components::feedback::Skeleton;
use crate::routes::AppRoute;

/// Where the session stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    /// At start: restoring the session from the refresh cookie.
    Restoring,
    Anonymous,
    Active(Box<MeDto>),
}

/// The session context (`use_session()`), provided by the app.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub state: RwSignal<SessionState>,
}

impl Session {
    /// The person and current membership, when logged in (tracked).
    pub fn me(self) -> Option<MeDto> {
        match self.state.get() {
            SessionState::Active(me) => Some(*me),
            _ => None,
        }
    }

    /// The current role, when logged in (tracked).
    pub fn role(self) -> Option<Role> {
        self.state.with(|s| match s {
            SessionState::Active(me) => Some(me.current.role),
            _ => None,
        })
    }

    /// Keeps a new session (login, activation, switch): the token, then `GET /me`.
    pub async fn establish(self, session: SessionDto) -> Result<MeDto, ApiError> {
        api::set_access_token(Some(session.access_token));
        let me = api::accounts::me().await?;
        set_display_zone(Some(&me.time_zone));
        self.state.set(SessionState::Active(Box::new(me.clone())));
        Ok(me)
    }

    /// At app start: the refresh cookie, if any, gives a session back.
    pub async fn restore(self) {
        let state = match api::accounts::refresh().await {
            Ok(_) => match api::accounts::me().await {
                Ok(me) => {
                    set_display_zone(Some(&me.time_zone));
                    SessionState::Active(Box::new(me))
                }
                Err(_) => SessionState::Anonymous,
            },
            Err(_) => SessionState::Anonymous,
        };
        self.state.set(state);
    }

    /// Forgets the session here (the server side is ended by `logout`).
    pub fn clear(self) {
        api::set_access_token(None);
        set_display_zone(None);
        self.state.set(SessionState::Anonymous);
    }

    /// After a silent refresh: the membership may have changed (e.g. its organization name).
    pub fn renewed(self, session: &SessionDto) {
        self.state.update(|s| {
            if let SessionState::Active(me) = s
                && me.current.id == session.membership.id
            {
                me.current = session.membership.clone();
            }
        });
    }
}

pub fn provide_session() -> Session {
    let session = Session { state: RwSignal::new(SessionState::Restoring) };
    provide_context(session);
    session
}

pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(|| Session { state: RwSignal::new(SessionState::Anonymous) })
}

/// The organization and role of a membership as one line: "Городская больница · Врач".
pub fn membership_line(organization: Option<&str>, role_label: &str) -> String {
    match organization {
        Some(org) if !org.is_empty() => format!("{org} · {role_label}"),
        _ => role_label.to_owned(),
    }
}

/// The memberships the switcher offers: every active one, the current first.
pub fn switchable(me: &MeDto) -> Vec<MembershipDto> {
    let mut list: Vec<MembershipDto> = me.memberships.clone();
    if !list.iter().any(|m| m.id == me.current.id) {
        list.insert(0, me.current.clone());
    }
    list.sort_by_key(|m| m.id != me.current.id);
    list
}

/// A page only for `roles`: not logged in → the login page (and back); another role → that
/// role's home. A skeleton while the session is restored.
#[component]
pub fn RequireRole(roles: &'static [Role], children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let location = use_location();
    let allowed = Memo::new(move |_| session.role().is_some_and(|r| roles.contains(&r)));
    Effect::new(move |_| {
        let state = session.state.get();
        let replace = NavigateOptions { replace: true, ..NavigateOptions::default() };
        match state {
            SessionState::Restoring => {}
            SessionState::Anonymous => {
                let pathname = location.pathname.get_untracked();
                // The session-expired handler may have navigated already; the login page is
                // where both go, and it keeps the reason the server gave, if any.
                if pathname == AppRoute::Login.path() {
                    return;
                }
                let here = crate::routes::path_with_search(&pathname, &location.search.get_untracked());
                navigate(&crate::routes::login_after_sign_out(&here, crate::api::sign_out_reason()), replace);
            }
            SessionState::Active(me) => {
                if !roles.contains(&me.current.role) {
                    navigate(AppRoute::home_of(me.current.role).path(), replace);
                }
            }
        }
    });
    view! {
        <Show when=move || allowed.get() fallback=|| view! { <div class="page-loading"><Skeleton lines=4 /></div> }>
            {children()}
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::auth::MembershipStatus;
    use common::ids::{AccountId, MembershipId};
    use common::person::FullName;

    fn membership(n: u128, role: Role) -> MembershipDto {
        MembershipDto {
            id: format!("00000000-0000-0000-0000-{n:012}").parse::<MembershipId>().unwrap(),
            role,
            status: MembershipStatus::Active,
            organization_id: None,
            organization_name: Some("Clinic".into()),
        }
    }

    #[test]
    fn switcher_lists_the_current_membership_first() {
        let me = MeDto {
            account_id: "00000000-0000-0000-0000-000000000009".parse::<AccountId>().unwrap(),
            email: "a@b.ru".into(),
            display_name: "A B".into(),
            name: FullName { last_name: "A".into(), first_name: "B".into(), middle_name: None },
            current: membership(2, Role::Doctor),
            memberships: vec![membership(1, Role::Organizer), membership(2, Role::Doctor)],
            time_zone: "Europe/Moscow".into(),
        };
        let list = switchable(&me);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].role, Role::Doctor);
        assert_eq!(membership_line(Some("Clinic"), "Врач"), "Clinic · Врач");
        assert_eq!(membership_line(None, "Operator"), "Operator");
    }
}
