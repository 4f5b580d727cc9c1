//! Helpers for the accounts tests: calling the API as a person would, and reading the links
//! and codes out of the emails the server sent.

use common::auth::{MeDto, OrganizationDto, Role, SessionDto, StaffMemberDto};
use common::{ErrorCode, Problem};
use reqwest::Response;
use serde_json::{Value, json};
use server::platform::email::OutgoingEmail;
use server::platform::jobs::worker::run_due;

use crate::support::app::TestApp;

/// A password that passes the policy.
pub const PASSWORD: &str = "correct horse battery";
/// The test server's base URL: what the SPA's `Origin` is.
pub const ORIGIN: &str = "http://oncocenter.test";
pub const OPERATOR_EMAIL: &str = "operator@oncocenter.test";

pub fn api(app: &TestApp, path: &str) -> String {
    app.url(&format!("/api/v1{path}"))
}

pub async fn get(app: &TestApp, path: &str, token: Option<&str>) -> Response {
    let mut req = app.client.get(api(app, path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

pub async fn post(app: &TestApp, path: &str, token: Option<&str>, body: &Value) -> Response {
    let mut req = app.client.post(api(app, path)).json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

/// A POST without a body (deactivate, activate).
pub async fn post_empty(app: &TestApp, path: &str, token: Option<&str>) -> Response {
    let mut req = app.client.post(api(app, path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

/// Asserts the status and reads the JSON body.
pub async fn json_of<T: serde::de::DeserializeOwned>(res: Response, status: u16) -> T {
    let got = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(got.as_u16(), status, "unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not the expected JSON ({e}): {text}"))
}

/// Asserts a problem+json answer with this status and code.
pub async fn expect_problem(res: Response, status: u16, code: ErrorCode) -> Problem {
    let got = res.status();
    let content_type = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
    let text = res.text().await.unwrap();
    assert_eq!(got.as_u16(), status, "unexpected status; body: {text}");
    assert_eq!(content_type.as_deref(), Some("application/problem+json"), "{text}");
    let p: Problem = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not a problem ({e}): {text}"));
    assert_eq!(p.code, code, "{text}");
    p
}

/// Asserts 422 and that `fields` are among the named failing fields.
pub async fn expect_invalid(res: Response, fields: &[&str]) -> Problem {
    let p = expect_problem(res, 422, ErrorCode::ValidationFailed).await;
    let named: Vec<&str> = p.errors.iter().map(|e| e.field.as_str()).collect();
    for f in fields {
        assert!(named.contains(f), "`{f}` not named among {named:?}");
    }
    p
}

/// The refresh token the response sets, if it sets one (empty when it clears the cookie).
pub fn refresh_cookie(res: &Response) -> Option<String> {
    res.headers().get_all("set-cookie").iter().find_map(|v| {
        let v = v.to_str().ok()?;
        let first = v.split(';').next()?.trim();
        first.strip_prefix("oncocenter_refresh=").map(str::to_owned)
    })
}

/// The whole `Set-Cookie` header of the refresh cookie.
pub fn refresh_set_cookie(res: &Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("oncocenter_refresh="))
        .map(str::to_owned)
}

/// A logged-in browser tab: the access token and the refresh cookie.
#[derive(Debug, Clone)]
pub struct Session {
    pub dto: SessionDto,
    pub cookie: String,
}

impl Session {
    pub fn token(&self) -> &str {
        &self.dto.access_token
    }
}

async fn session_of(res: Response) -> Session {
    let cookie = refresh_cookie(&res).filter(|c| !c.is_empty());
    let dto: SessionDto = json_of(res, 200).await;
    Session { dto, cookie: cookie.expect("the refresh cookie is set") }
}

// ---- email -------------------------------------------------------------------------------

/// Runs the due jobs (the email outbox) at the app's current time.
pub async fn run_jobs(app: &TestApp) {
    run_due(&app.state, app.state.clock.now()).await.unwrap();
}

/// Every email sent to `to` so far, oldest first (runs the due jobs first).
pub async fn emails_to(app: &TestApp, to: &str) -> Vec<OutgoingEmail> {
    run_jobs(app).await;
    app.state.mailer.sent().into_iter().filter(|e| e.to == to).collect()
}

/// The newest email sent to `to`.
pub async fn last_email_to(app: &TestApp, to: &str) -> OutgoingEmail {
    emails_to(app, to).await.pop().unwrap_or_else(|| panic!("no email to {to}"))
}

/// The activation link in the newest email to `to`, as a person would click it.
pub async fn last_link_to(app: &TestApp, to: &str) -> String {
    let email = last_email_to(app, to).await;
    link_in(&email.text).unwrap_or_else(|| panic!("no activation link in: {}", email.text))
}

pub fn link_in(text: &str) -> Option<String> {
    let prefix = format!("{ORIGIN}/activate#token=");
    let start = text.find(&prefix)?;
    let token: String = text[start + prefix.len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (!token.is_empty()).then(|| format!("{prefix}{token}"))
}

/// The 6-digit code in the newest email to `to`.
pub async fn last_code_to(app: &TestApp, to: &str) -> String {
    let email = last_email_to(app, to).await;
    assert!(email.subject.contains("код"), "{}", email.subject);
    code_in(&email.text).unwrap_or_else(|| panic!("no code in: {}", email.text))
}

pub fn code_in(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(8).find_map(|w| {
        let inner = &w[1..7];
        let bounded = !w[0].is_ascii_digit() && !w[7].is_ascii_digit();
        (bounded && inner.iter().all(char::is_ascii_digit)).then(|| inner.iter().collect())
    })
}

/// The token of a link (or the token itself).
pub fn token_of(link_or_token: &str) -> &str {
    link_or_token.split_once("#token=").map_or(link_or_token, |(_, t)| t)
}

// ---- flows -------------------------------------------------------------------------------

pub async fn get_invitation(app: &TestApp, link: &str) -> Response {
    get(app, &format!("/invitations/{}", token_of(link)), None).await
}

pub async fn accept_res(app: &TestApp, link: &str, password: &str) -> Response {
    post(app, &format!("/invitations/{}/accept", token_of(link)), None, &json!({ "password": password })).await
}

/// Accepts an invitation; asserts success.
pub async fn accept(app: &TestApp, link: &str, password: &str) -> Session {
    session_of(accept_res(app, link, password).await).await
}

pub async fn login(app: &TestApp, email: &str, password: &str) -> Response {
    post(app, "/auth/login", None, &json!({ "email": email, "password": password })).await
}

/// Logs in; asserts success.
pub async fn login_ok(app: &TestApp, email: &str, password: &str) -> Session {
    session_of(login(app, email, password).await).await
}

pub async fn me(app: &TestApp, token: &str) -> MeDto {
    json_of(get(app, "/me", Some(token)).await, 200).await
}

/// `POST /auth/refresh` with an optional cookie and `Origin`.
pub async fn refresh(app: &TestApp, cookie: Option<&str>, origin: Option<&str>) -> Response {
    let mut req = app.client.post(api(app, "/auth/refresh"));
    if let Some(c) = cookie {
        req = req.header("cookie", format!("oncocenter_refresh={c}"));
    }
    if let Some(o) = origin {
        req = req.header("origin", o);
    }
    req.send().await.unwrap()
}

/// A refresh from the SPA; asserts success and returns the new tab state.
pub async fn refresh_ok(app: &TestApp, cookie: &str) -> Session {
    session_of(refresh(app, Some(cookie), Some(ORIGIN)).await).await
}

/// The platform operator, activated and logged in; returns the access token.
pub async fn operator_session(app: &TestApp) -> String {
    let link = server::seed::create_operator(&app.state, OPERATOR_EMAIL, "Соколов Дмитрий").await.unwrap();
    accept(app, &link, PASSWORD).await.dto.access_token
}

pub fn org_body(name: &str, organizer_email: &str) -> Value {
    json!({
        "name": name,
        "time_zone": "Europe/Moscow",
        "organizer_email": organizer_email,
        "last_name": "Иванова",
        "first_name": "Анна",
        "middle_name": "Сергеевна",
    })
}

/// The operator registers an organization; returns it and the organizer's activation link.
pub async fn create_org(app: &TestApp, op_token: &str, name: &str, organizer_email: &str) -> (OrganizationDto, String) {
    let res = post(app, "/operator/organizations", Some(op_token), &org_body(name, organizer_email)).await;
    let org: OrganizationDto = json_of(res, 201).await;
    let link = last_link_to(app, organizer_email).await;
    (org, link)
}

/// An organization whose organizer has activated his access.
pub struct Org {
    pub org: OrganizationDto,
    pub op_token: String,
    pub organizer_email: String,
    pub organizer: Session,
}

impl Org {
    pub fn token(&self) -> &str {
        self.organizer.token()
    }
}

/// An organization registered by the operator (`op_token`), its organizer
/// (`organizer@<slug>.test`) activated and logged in.
pub async fn org_with_organizer(app: &TestApp, op_token: &str, name: &str, slug: &str) -> Org {
    let organizer_email = format!("organizer@{slug}.test");
    let (org, link) = create_org(app, op_token, name, &organizer_email).await;
    let organizer = accept(app, &link, PASSWORD).await;
    Org { org, op_token: op_token.to_owned(), organizer_email, organizer }
}

/// The operator and one organization with its organizer.
pub async fn one_org(app: &TestApp) -> Org {
    let op = operator_session(app).await;
    org_with_organizer(app, &op, "Городская онкологическая больница", "city").await
}

pub fn invite_body(role: &str, email: &str, last: &str, first: &str) -> Value {
    json!({ "role": role, "email": email, "last_name": last, "first_name": first })
}

pub async fn invite_res(app: &TestApp, token: &str, role: &str, email: &str, last: &str, first: &str) -> Response {
    post(app, "/staff", Some(token), &invite_body(role, email, last, first)).await
}

/// The organizer invites a staff member; asserts 201.
pub async fn invite(app: &TestApp, token: &str, role: Role, email: &str, last: &str, first: &str) -> StaffMemberDto {
    json_of(invite_res(app, token, role.as_str(), email, last, first).await, 201).await
}

/// Invites, and the invitee activates with [`PASSWORD`].
pub async fn invite_and_accept(
    app: &TestApp,
    token: &str,
    role: Role,
    email: &str,
    last: &str,
    first: &str,
) -> (StaffMemberDto, Session) {
    let member = invite(app, token, role, email, last, first).await;
    let link = last_link_to(app, email).await;
    (member, accept(app, &link, PASSWORD).await)
}
