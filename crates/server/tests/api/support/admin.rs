//! Helpers for the admin-panel tests (staff edits, settings, news, prices, profile, audit):
//! the HTTP verbs the accounts helpers lack, two organizations side by side, staff members
//! with a session, and reading links of other kinds out of emails.

use common::Problem;
use common::auth::Role;
use common::ids::MembershipId;
use reqwest::Response;
use serde_json::Value;

use crate::support::accounts::*;
use crate::support::app::TestApp;

pub async fn put(app: &TestApp, path: &str, token: Option<&str>, body: &Value) -> Response {
    let mut req = app.client.put(api(app, path)).json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

pub async fn delete(app: &TestApp, path: &str, token: Option<&str>) -> Response {
    let mut req = app.client.delete(api(app, path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

/// `GET path` with an unencoded query ("q=федоров&sort=newest"); the URL encoder does the rest.
pub async fn get_query(app: &TestApp, path: &str, query: &str, token: Option<&str>) -> Response {
    let pairs: Vec<(&str, &str)> =
        query.split('&').filter(|p| !p.is_empty()).map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
    let url = reqwest::Url::parse_with_params(&api(app, path), &pairs).unwrap();
    let mut req = app.client.get(url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

/// The failing fields of a 422, in the server's order.
pub fn fields(p: &Problem) -> Vec<&str> {
    p.errors.iter().map(|e| e.field.as_str()).collect()
}

/// Two organizations of one operator, each with its activated organizer.
pub async fn two_orgs(app: &TestApp) -> (Org, Org) {
    let ours = one_org(app).await;
    let theirs = org_with_organizer(app, &ours.op_token, "Областной онкодиспансер", "region").await;
    (ours, theirs)
}

/// A staff member who has accepted: his membership id and a session.
pub struct Member {
    pub id: MembershipId,
    pub session: Session,
}

impl Member {
    pub fn token(&self) -> &str {
        self.session.token()
    }
}

/// The organizer of `org` invites a staff member, who activates with [`PASSWORD`].
pub async fn staff(app: &TestApp, org: &Org, role: Role, email: &str, last: &str, first: &str) -> Member {
    let (m, session) = invite_and_accept(app, org.token(), role, email, last, first).await;
    Member { id: m.id, session }
}

/// The link starting with `ORIGIN` + `page` (`/email/confirm`) in `text`, if any.
pub fn page_link_in(text: &str, page: &str) -> Option<String> {
    let prefix = format!("{ORIGIN}{page}#token=");
    let start = text.find(&prefix)?;
    let token: String = text[start + prefix.len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (!token.is_empty()).then(|| format!("{prefix}{token}"))
}
