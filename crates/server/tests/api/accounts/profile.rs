//! Everyone's own profile (ACC-8): the display name on every staff membership, the email
//! change (password again, a link to the new address, a notice with a revert link to the old
//! one, no hint whether the new address is taken) and the password change (other sessions end).
//!
//! Not covered: a patient calling `PUT /me/name` (403) — patient accounts are created by the
//! patient registration of a later issue.

use chrono::Duration;
use common::ErrorCode;
use common::admin::EmailChangedDto;
use common::auth::{MeDto, Role, SessionDto, StaffMemberDto};
use common::page::Page;
use db::entities::{account, one_time_token};
use db::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use reqwest::Response;
use serde_json::json;

use crate::support::accounts::*;
use crate::support::admin::*;
use crate::support::app::{TestApp, spawn_app};

const NEW_PASSWORD: &str = "another long passphrase";

async fn change_email(app: &TestApp, token: Option<&str>, password: &str, new_email: &str) -> Response {
    post(app, "/me/email", token, &json!({ "password": password, "new_email": new_email })).await
}

async fn confirm(app: &TestApp, link: &str) -> Response {
    post(app, "/account/email/confirm", None, &json!({ "token": token_of(link) })).await
}

async fn revert(app: &TestApp, link: &str) -> Response {
    post(app, "/account/email/revert", None, &json!({ "token": token_of(link) })).await
}

/// The confirmation link in the newest email to `to`.
async fn confirm_link_to(app: &TestApp, to: &str) -> String {
    let mail = last_email_to(app, to).await;
    page_link_in(&mail.text, "/email/confirm").unwrap_or_else(|| panic!("no confirmation link in: {}", mail.text))
}

/// The revert link in the newest email to `to`.
async fn revert_link_to(app: &TestApp, to: &str) -> String {
    let mail = last_email_to(app, to).await;
    page_link_in(&mail.text, "/email/revert").unwrap_or_else(|| panic!("no revert link in: {}", mail.text))
}

/// Asks for a change with the right password; asserts 202.
async fn ask(app: &TestApp, token: &str, new_email: &str) {
    let res = change_email(app, Some(token), PASSWORD, new_email).await;
    assert_eq!(res.status().as_u16(), 202, "{}", res.text().await.unwrap());
}

async fn change_password(app: &TestApp, token: Option<&str>, old: &str, new: &str) -> Response {
    post(app, "/me/password", token, &json!({ "old_password": old, "new_password": new })).await
}

async fn email_tokens(app: &TestApp) -> u64 {
    one_time_token::Entity::find()
        .filter(
            one_time_token::Column::Purpose
                .is_in([one_time_token::PURPOSE_EMAIL_CHANGE, one_time_token::PURPOSE_EMAIL_REVERT]),
        )
        .count(&app.state.db)
        .await
        .unwrap()
}

async fn account_emails(app: &TestApp) -> Vec<String> {
    let mut v: Vec<String> =
        account::Entity::find().all(&app.state.db).await.unwrap().into_iter().map(|a| a.email).collect();
    v.sort();
    v
}

// ---- the name ------------------------------------------------------------------------------

#[tokio::test]
async fn a_name_change_renames_every_staff_membership_of_the_account() {
    let app = spawn_app().await;
    let (org, other) = two_orgs(&app).await;
    // The organizer is a doctor here too, and a doctor in the other organization.
    let (as_doctor, _) =
        invite_and_accept(&app, org.token(), Role::Doctor, &org.organizer_email, "Иванова", "Анна").await;
    let (elsewhere, _) =
        invite_and_accept(&app, other.token(), Role::Doctor, &org.organizer_email, "Иванова", "Анна").await;
    let colleague = invite(&app, org.token(), Role::Doctor, "petrov@city.test", "Петров", "Иван").await;

    let res = put(
        &app,
        "/me/name",
        Some(org.token()),
        &json!({"last_name": "Петрова", "first_name": "Анна", "middle_name": "Сергеевна"}),
    )
    .await;
    let me_now: MeDto = json_of(res, 200).await;
    assert_eq!(me_now.display_name, "Петрова Анна Сергеевна");
    assert_eq!(me_now.current.id, org.organizer.dto.membership.id);
    assert_eq!(me_now.memberships.len(), 3);
    assert_eq!(me(&app, org.token()).await.display_name, "Петрова Анна Сергеевна");

    let ours: Page<StaffMemberDto> = json_of(get(&app, "/staff", Some(org.token())).await, 200).await;
    let name_of = |page: &Page<StaffMemberDto>, id| page.items.iter().find(|m| m.id == id).unwrap().name.full();
    assert_eq!(name_of(&ours, org.organizer.dto.membership.id), "Петрова Анна Сергеевна");
    assert_eq!(name_of(&ours, as_doctor.id), "Петрова Анна Сергеевна");
    assert_eq!(name_of(&ours, colleague.id), "Петров Иван", "another account is untouched");
    let found: Page<StaffMemberDto> =
        json_of(get_query(&app, "/staff", "q=петрова", Some(org.token())).await, 200).await;
    assert_eq!(found.total, 2, "the search key follows");
    let theirs: Page<StaffMemberDto> = json_of(get(&app, "/staff", Some(other.token())).await, 200).await;
    assert_eq!(name_of(&theirs, elsewhere.id), "Петрова Анна Сергеевна", "in every organization");
    assert_eq!(name_of(&theirs, other.organizer.dto.membership.id), "Иванова Анна Сергеевна");

    // A doctor renames himself the same way.
    let doctor = staff(&app, &org, Role::Doctor, "sidorov@city.test", "Сидоров", "Олег").await;
    let res =
        put(&app, "/me/name", Some(doctor.token()), &json!({"last_name": "Сидоров-Белый", "first_name": "Олег"})).await;
    assert_eq!(json_of::<MeDto>(res, 200).await.display_name, "Сидоров-Белый Олег");

    // Invalid names change nothing.
    let res = put(&app, "/me/name", Some(org.token()), &json!({"last_name": "", "first_name": "Анна"})).await;
    expect_invalid(res, &["last_name"]).await;
    let res = put(&app, "/me/name", Some(org.token()), &json!({"last_name": "Петрова", "first_name": " "})).await;
    expect_invalid(res, &["first_name"]).await;
    assert_eq!(me(&app, org.token()).await.display_name, "Петрова Анна Сергеевна");
    let res = put(&app, "/me/name", None, &json!({"last_name": "Петрова", "first_name": "Анна"})).await;
    expect_problem(res, 401, ErrorCode::Unauthorized).await;
}

// ---- the email -----------------------------------------------------------------------------

#[tokio::test]
async fn an_email_change_is_confirmed_from_the_new_address_and_reverted_from_the_old() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let old = org.organizer_email.clone();
    let t = org.token();

    // The password is asked again.
    let res = change_email(&app, Some(t), "wrong password", "anna@mail.test").await;
    expect_problem(res, 401, ErrorCode::InvalidCredentials).await;
    assert!(emails_to(&app, "anna@mail.test").await.is_empty());
    expect_invalid(change_email(&app, Some(t), PASSWORD, "not-an-address").await, &["new_email"]).await;
    expect_invalid(change_email(&app, Some(t), PASSWORD, &old.to_uppercase()).await, &["new_email"]).await;
    expect_problem(change_email(&app, None, PASSWORD, "anna@mail.test").await, 401, ErrorCode::Unauthorized).await;

    ask(&app, t, " Anna@Mail.test ").await;
    let link = confirm_link_to(&app, "anna@mail.test").await;
    assert!(link.starts_with(&format!("{ORIGIN}/email/confirm#token=")), "{link}");
    // Nothing changes until the link is opened.
    assert_eq!(me(&app, t).await.email, old);
    login_ok(&app, &old, PASSWORD).await;
    let before_confirm = login_ok(&app, &old, PASSWORD).await;

    let changed: EmailChangedDto = json_of(confirm(&app, &link).await, 200).await;
    assert_eq!(changed.email, "anna@mail.test");
    assert_eq!(me(&app, t).await.email, "anna@mail.test", "this session goes on");
    let with_new = login_ok(&app, "anna@mail.test", PASSWORD).await;
    assert_eq!(with_new.dto.membership.id, org.organizer.dto.membership.id);
    expect_problem(login(&app, &old, PASSWORD).await, 401, ErrorCode::InvalidCredentials).await;
    // Single use.
    expect_problem(confirm(&app, &link).await, 410, ErrorCode::InvitationInvalid).await;

    // The old address is told, with a link to undo it.
    let notice = last_email_to(&app, &old).await;
    assert!(notice.text.contains("anna@mail.test"), "{}", notice.text);
    let undo = revert_link_to(&app, &old).await;
    assert!(undo.starts_with(&format!("{ORIGIN}/email/revert#token=")), "{undo}");

    let reverted: EmailChangedDto = json_of(revert(&app, &undo).await, 200).await;
    assert_eq!(reverted.email, old);
    login_ok(&app, &old, PASSWORD).await;
    expect_problem(login(&app, "anna@mail.test", PASSWORD).await, 401, ErrorCode::InvalidCredentials).await;
    // Every session ends: access tokens and refresh cookies.
    for s in [&org.organizer, &before_confirm, &with_new] {
        expect_problem(get(&app, "/me", Some(s.token())).await, 401, ErrorCode::Unauthorized).await;
        expect_problem(refresh(&app, Some(&s.cookie), Some(ORIGIN)).await, 401, ErrorCode::SessionExpired).await;
    }
    expect_problem(revert(&app, &undo).await, 410, ErrorCode::InvitationInvalid).await;
    expect_problem(confirm(&app, &link).await, 410, ErrorCode::InvitationInvalid).await;
    assert_eq!(account_emails(&app).await, [OPERATOR_EMAIL.to_owned(), old.clone()]);

    // Made-up and empty tokens.
    for token in ["made-up", ""] {
        expect_problem(confirm(&app, token).await, 410, ErrorCode::InvitationInvalid).await;
        expect_problem(revert(&app, token).await, 410, ErrorCode::InvitationInvalid).await;
    }
}

#[tokio::test]
async fn the_links_expire_and_a_newer_request_replaces_an_older_one() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let old = org.organizer_email.clone();

    ask(&app, org.token(), "first@mail.test").await;
    let first = confirm_link_to(&app, "first@mail.test").await;
    ask(&app, org.token(), "second@mail.test").await;
    let second = confirm_link_to(&app, "second@mail.test").await;
    expect_problem(confirm(&app, &first).await, 410, ErrorCode::InvitationInvalid).await;

    // 24 hours.
    app.state.clock.advance(Duration::hours(24));
    expect_problem(confirm(&app, &second).await, 410, ErrorCode::InvitationInvalid).await;
    let s = login_ok(&app, &old, PASSWORD).await;
    ask(&app, s.token(), "third@mail.test").await;
    let third = confirm_link_to(&app, "third@mail.test").await;
    app.state.clock.advance(Duration::hours(23) + Duration::minutes(59));
    json_of::<EmailChangedDto>(confirm(&app, &third).await, 200).await;

    // 7 days for the revert link.
    let undo = revert_link_to(&app, &old).await;
    app.state.clock.advance(Duration::days(7));
    expect_problem(revert(&app, &undo).await, 410, ErrorCode::InvitationInvalid).await;
    login_ok(&app, "third@mail.test", PASSWORD).await;

    // A fresh change reverted on its last minute works.
    let s = login_ok(&app, "third@mail.test", PASSWORD).await;
    ask(&app, s.token(), "fourth@mail.test").await;
    json_of::<EmailChangedDto>(confirm(&app, &confirm_link_to(&app, "fourth@mail.test").await).await, 200).await;
    let undo = revert_link_to(&app, "third@mail.test").await;
    app.state.clock.advance(Duration::days(7) - Duration::minutes(1));
    let back: EmailChangedDto = json_of(revert(&app, &undo).await, 200).await;
    assert_eq!(back.email, "third@mail.test");
    login_ok(&app, "third@mail.test", PASSWORD).await;
}

#[tokio::test]
async fn a_taken_address_gets_a_notice_and_nothing_changes() {
    let app = spawn_app().await;
    let (org, other) = two_orgs(&app).await;
    let taken = other.organizer_email.clone();
    let tokens = email_tokens(&app).await;
    let accounts = account_emails(&app).await;

    // The same answer as for a free address.
    ask(&app, org.token(), &taken.to_uppercase()).await;
    let mails = emails_to(&app, &taken).await;
    let notice = mails.last().unwrap();
    assert!(notice.subject.contains("попытка сменить адрес"), "{}", notice.subject);
    assert!(page_link_in(&notice.text, "/email/confirm").is_none(), "{}", notice.text);
    assert!(!notice.text.contains("#token="), "{}", notice.text);
    assert_eq!(email_tokens(&app).await, tokens, "no link was issued");
    assert_eq!(account_emails(&app).await, accounts);
    assert_eq!(me(&app, org.token()).await.email, org.organizer_email);
    assert!(emails_to(&app, &org.organizer_email).await.iter().all(|m| !m.text.contains("/email/revert")));
    login_ok(&app, &taken, PASSWORD).await;
    login_ok(&app, &org.organizer_email, PASSWORD).await;

    // Taken between the request and the confirmation: the link cannot be honoured.
    let doctor = staff(&app, &org, Role::Doctor, "doc@city.test", "Петров", "Иван").await;
    ask(&app, org.token(), "shared@mail.test").await;
    let mine = confirm_link_to(&app, "shared@mail.test").await;
    ask(&app, doctor.token(), "shared@mail.test").await;
    let his = confirm_link_to(&app, "shared@mail.test").await;
    json_of::<EmailChangedDto>(confirm(&app, &his).await, 200).await;
    expect_problem(confirm(&app, &mine).await, 410, ErrorCode::InvitationInvalid).await;
    assert_eq!(me(&app, org.token()).await.email, org.organizer_email);
    assert_eq!(me(&app, doctor.token()).await.email, "shared@mail.test");
}

// ---- the password --------------------------------------------------------------------------

#[tokio::test]
async fn a_password_change_keeps_this_session_and_ends_the_others() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let email = org.organizer_email.clone();
    let tab = login_ok(&app, &email, PASSWORD).await;
    let other_tab = login_ok(&app, &email, PASSWORD).await;

    let res = change_password(&app, Some(tab.token()), "wrong password", NEW_PASSWORD).await;
    expect_problem(res, 401, ErrorCode::InvalidCredentials).await;
    for weak in ["short", "password123", email.as_str()] {
        let res = change_password(&app, Some(tab.token()), PASSWORD, weak).await;
        expect_invalid(res, &["new_password"]).await;
    }
    expect_problem(change_password(&app, None, PASSWORD, NEW_PASSWORD).await, 401, ErrorCode::Unauthorized).await;
    login_ok(&app, &email, PASSWORD).await;

    let res = change_password(&app, Some(tab.token()), PASSWORD, NEW_PASSWORD).await;
    let cookie = refresh_cookie(&res).filter(|c| !c.is_empty()).expect("a new refresh cookie");
    let fresh: SessionDto = json_of(res, 200).await;
    assert_eq!(fresh.membership.id, tab.dto.membership.id);
    assert_eq!(me(&app, &fresh.access_token).await.email, email);
    refresh_ok(&app, &cookie).await;

    for s in [&tab, &other_tab, &org.organizer] {
        expect_problem(get(&app, "/me", Some(s.token())).await, 401, ErrorCode::Unauthorized).await;
        expect_problem(refresh(&app, Some(&s.cookie), Some(ORIGIN)).await, 401, ErrorCode::SessionExpired).await;
    }
    expect_problem(login(&app, &email, PASSWORD).await, 401, ErrorCode::InvalidCredentials).await;
    login_ok(&app, &email, NEW_PASSWORD).await;
}

#[tokio::test]
async fn a_doctor_changes_his_own_password_and_email_too() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let doctor = staff(&app, &org, Role::Doctor, "doc@city.test", "Петров", "Иван").await;
    let res = change_password(&app, Some(doctor.token()), PASSWORD, NEW_PASSWORD).await;
    let fresh: SessionDto = json_of(res, 200).await;
    assert_eq!(fresh.membership.role, Role::Doctor);
    let res = change_email(&app, Some(&fresh.access_token), NEW_PASSWORD, "ivan@mail.test").await;
    assert_eq!(res.status().as_u16(), 202);
    json_of::<EmailChangedDto>(confirm(&app, &confirm_link_to(&app, "ivan@mail.test").await).await, 200).await;
    login_ok(&app, "ivan@mail.test", NEW_PASSWORD).await;
    // The organizer is untouched.
    me(&app, org.token()).await;
    login_ok(&app, &org.organizer_email, PASSWORD).await;
}
