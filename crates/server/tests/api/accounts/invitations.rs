//! Activation links (ACC-2, ACC-9): a password policy, single use, expiry, replaced by a
//! resend.

use chrono::Duration;
use common::ErrorCode;
use common::auth::{InvitationDto, MeDto, MembershipStatus, Role, StaffMemberDto};
use common::page::Page;
use serde_json::json;

use crate::support::accounts::*;
use crate::support::app::{spawn_app, t0};

#[tokio::test]
async fn weak_passwords_are_refused_and_do_not_use_up_the_link() {
    let app = spawn_app().await;
    let op = operator_session(&app).await;
    let (_, link) = create_org(&app, &op, "Диспансер", "anna.petrova@onko.test").await;
    for weak in [
        "",
        "1234567",
        "пароль1",
        "anna.petrova@onko.test",
        "ANNA.PETROVA@onko.test",
        "anna.petrova",
        "password123",
        "Password123",
        "12345678",
        "qwerty123",
    ] {
        let p = expect_invalid(accept_res(&app, &link, weak).await, &["password"]).await;
        assert_eq!(p.errors.len(), 1, "{weak}: {:?}", p.errors);
    }
    let too_long = "ж".repeat(129);
    expect_invalid(accept_res(&app, &link, &too_long).await, &["password"]).await;

    let inv: InvitationDto = json_of(get_invitation(&app, &link).await, 200).await;
    assert!(!inv.account_exists, "no account was created by the refused attempts");
    let s = accept(&app, &link, "восемь букв").await;
    assert_eq!(s.dto.membership.status, MembershipStatus::Active);
    login_ok(&app, "anna.petrova@onko.test", "восемь букв").await;
}

#[tokio::test]
async fn activation_logs_in_once_and_the_link_is_then_gone() {
    let app = spawn_app().await;
    let op = operator_session(&app).await;
    let (org, link) = create_org(&app, &op, "Диспансер", "anna@onko.test").await;

    let res = accept_res(&app, &link, PASSWORD).await;
    let set_cookie = refresh_set_cookie(&res).expect("the refresh cookie is set");
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/auth"] {
        assert!(set_cookie.contains(attr), "{attr} missing in {set_cookie}");
    }
    let cookie = refresh_cookie(&res).unwrap();
    assert!(cookie.len() >= 43, "a 256-bit token: {cookie}");
    let s: common::auth::SessionDto = json_of(res, 200).await;
    assert_eq!(s.token_type, "Bearer");
    assert!(s.expires_in > 0 && s.expires_in <= 15 * 60, "{}", s.expires_in);
    assert_eq!(s.membership.role, Role::Organizer);
    assert_eq!(s.membership.organization_id, Some(org.id));

    let me: MeDto = me(&app, &s.access_token).await;
    assert_eq!(me.email, "anna@onko.test");
    assert_eq!(me.display_name, "Иванова Анна Сергеевна");
    assert_eq!(me.current.role, Role::Organizer);
    assert_eq!(me.current.organization_name.as_deref(), Some("Диспансер"));

    // The staff list now shows the organizer active.
    let staff: Page<StaffMemberDto> = json_of(get(&app, "/staff", Some(&s.access_token)).await, 200).await;
    assert_eq!(staff.items.len(), 1);
    assert_eq!(staff.items[0].status, MembershipStatus::Active);
    assert_eq!(staff.items[0].invitation_expires_at, None);

    // Reused: gone, whether the password is the same or another.
    expect_problem(get_invitation(&app, &link).await, 410, ErrorCode::InvitationInvalid).await;
    expect_problem(accept_res(&app, &link, PASSWORD).await, 410, ErrorCode::InvitationInvalid).await;
    expect_problem(accept_res(&app, &link, "another good password").await, 410, ErrorCode::InvitationInvalid).await;
    login_ok(&app, "anna@onko.test", PASSWORD).await;
    expect_problem(login(&app, "anna@onko.test", "another good password").await, 401, ErrorCode::InvalidCredentials)
        .await;
}

#[tokio::test]
async fn a_link_lapses_after_ten_days() {
    let app = spawn_app().await;
    let op = operator_session(&app).await;
    let (_, link) = create_org(&app, &op, "Диспансер", "anna@onko.test").await;
    app.state.clock.set(t0() + Duration::days(10) - Duration::seconds(1));
    json_of::<InvitationDto>(get_invitation(&app, &link).await, 200).await;
    app.state.clock.set(t0() + Duration::days(10) + Duration::seconds(1));
    expect_problem(get_invitation(&app, &link).await, 410, ErrorCode::InvitationInvalid).await;
    expect_problem(accept_res(&app, &link, PASSWORD).await, 410, ErrorCode::InvitationInvalid).await;
    expect_problem(login(&app, "anna@onko.test", PASSWORD).await, 401, ErrorCode::InvalidCredentials).await;
}

#[tokio::test]
async fn a_resend_replaces_the_link() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let doctor = invite(&app, org.token(), Role::Doctor, "petrov@city.test", "Петров", "Иван").await;
    let old = last_link_to(&app, "petrov@city.test").await;
    app.state.clock.advance(Duration::days(3));
    let organizer = login_ok(&app, &org.organizer_email, PASSWORD).await;
    let res = post(
        &app,
        &format!("/staff/{}/resend", doctor.id.0),
        Some(organizer.token()),
        &json!({"email": "petrov@city.test"}),
    )
    .await;
    let resent: StaffMemberDto = json_of(res, 200).await;
    assert_eq!(resent.invitation_sent_at, Some(t0() + Duration::days(3)));
    assert_eq!(resent.invitation_expires_at, Some(t0() + Duration::days(13)), "the 10 days start again");
    let new = last_link_to(&app, "petrov@city.test").await;
    assert_ne!(old, new);
    assert_eq!(emails_to(&app, "petrov@city.test").await.len(), 2);

    expect_problem(get_invitation(&app, &old).await, 410, ErrorCode::InvitationInvalid).await;
    expect_problem(accept_res(&app, &old, PASSWORD).await, 410, ErrorCode::InvitationInvalid).await;
    // The new one outlives the old one's ten days.
    app.state.clock.set(t0() + Duration::days(12));
    let s = accept(&app, &new, PASSWORD).await;
    assert_eq!(s.dto.membership.role, Role::Doctor);
}

#[tokio::test]
async fn unknown_tokens_are_gone() {
    let app = spawn_app().await;
    for token in ["nothing", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"] {
        expect_problem(get_invitation(&app, token).await, 410, ErrorCode::InvitationInvalid).await;
        expect_problem(accept_res(&app, token, PASSWORD).await, 410, ErrorCode::InvitationInvalid).await;
    }
}

#[tokio::test]
async fn a_deactivated_pending_invitation_cannot_be_accepted() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let doctor = invite(&app, org.token(), Role::Doctor, "petrov@city.test", "Петров", "Иван").await;
    let link = last_link_to(&app, "petrov@city.test").await;
    let res = post_empty(&app, &format!("/staff/{}/deactivate", doctor.id.0), Some(org.token())).await;
    let m: StaffMemberDto = json_of(res, 200).await;
    assert_eq!(m.status, MembershipStatus::Deactivated);
    expect_problem(get_invitation(&app, &link).await, 410, ErrorCode::InvitationInvalid).await;
    expect_problem(accept_res(&app, &link, PASSWORD).await, 410, ErrorCode::InvitationInvalid).await;
}

#[tokio::test]
async fn a_lapsed_invitation_can_be_sent_again() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let doctor = invite(&app, org.token(), Role::Doctor, "petrov@city.test", "Петров", "Иван").await;
    let old = last_link_to(&app, "petrov@city.test").await;
    app.state.clock.advance(Duration::days(11));
    expect_problem(get_invitation(&app, &old).await, 410, ErrorCode::InvitationInvalid).await;
    let organizer = login_ok(&app, &org.organizer_email, PASSWORD).await;
    let res = post(
        &app,
        &format!("/staff/{}/resend", doctor.id.0),
        Some(organizer.token()),
        &json!({"email": "petrov@city.test"}),
    )
    .await;
    let resent: StaffMemberDto = json_of(res, 200).await;
    assert_eq!(resent.status, MembershipStatus::Pending);
    let new = last_link_to(&app, "petrov@city.test").await;
    expect_problem(get_invitation(&app, &old).await, 410, ErrorCode::InvitationInvalid).await;
    accept(&app, &new, PASSWORD).await;
}
