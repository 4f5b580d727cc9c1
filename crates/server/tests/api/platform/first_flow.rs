//! The first real flow of the accounts issue, end to end through the API: the operator
//! registers an organization, its organizer activates, invites a doctor, invites himself as a
//! doctor too, and switches between his two roles without logging in again (ACC-1…3, ACC-7).

use common::ErrorCode;
use common::auth::{InvitationDto, MembershipStatus, Role, SessionDto, StaffMemberDto};
use common::page::Page;
use serde_json::json;

use crate::support::accounts::*;
use crate::support::app::spawn_app;

#[tokio::test]
async fn operator_organizer_doctor_and_a_role_switch() {
    let app = spawn_app().await;
    let op = operator_session(&app).await;

    // The operator registers the organization and its organizer.
    let (org, link) = create_org(&app, &op, "Областной онкодиспансер", "ivanova@onko.test").await;
    let email = last_email_to(&app, "ivanova@onko.test").await;
    assert!(email.subject.contains("организатор"), "{}", email.subject);

    // The organizer opens the link, sets a password and lands in his organization.
    let inv: InvitationDto = json_of(get_invitation(&app, &link).await, 200).await;
    assert!(!inv.account_exists);
    let organizer = accept(&app, &link, PASSWORD).await;
    let me_org = me(&app, organizer.token()).await;
    assert_eq!(me_org.current.role, Role::Organizer);
    assert_eq!(me_org.current.organization_name.as_deref(), Some("Областной онкодиспансер"));
    assert_eq!(me_org.memberships.len(), 1);
    let staff: Page<StaffMemberDto> = json_of(get(&app, "/staff", Some(organizer.token())).await, 200).await;
    assert_eq!(staff.total, 1);

    // He invites a doctor; the doctor activates and logs in.
    let doctor = invite(&app, organizer.token(), Role::Doctor, "petrov@onko.test", "Петров", "Иван").await;
    assert_eq!(doctor.status, MembershipStatus::Pending);
    let email = last_email_to(&app, "petrov@onko.test").await;
    assert!(email.subject.contains("Областной онкодиспансер"), "{}", email.subject);
    assert!(email.text.contains("врач"), "{}", email.text);
    let doctor_link = link_in(&email.text).unwrap();
    let inv: InvitationDto = json_of(get_invitation(&app, &doctor_link).await, 200).await;
    assert_eq!((inv.role, inv.account_exists), (Role::Doctor, false));
    accept(&app, &doctor_link, "doctor's own password").await;
    let doctor_session = login_ok(&app, "petrov@onko.test", "doctor's own password").await;
    let me_doc = me(&app, doctor_session.token()).await;
    assert_eq!(me_doc.current.role, Role::Doctor);
    assert_eq!(me_doc.current.organization_id, Some(org.id));
    let staff: Page<StaffMemberDto> =
        json_of(get(&app, "/staff?role=doctor", Some(organizer.token())).await, 200).await;
    assert_eq!(staff.items.len(), 1);
    assert_eq!(staff.items[0].status, MembershipStatus::Active);

    // The organizer invites himself as a doctor: the link asks for his existing password.
    let self_doctor = invite(&app, organizer.token(), Role::Doctor, "ivanova@onko.test", "Иванова", "Анна").await;
    assert_eq!(self_doctor.status, MembershipStatus::Pending, "the organizer sees a plain invitation");
    let self_link = last_link_to(&app, "ivanova@onko.test").await;
    assert_ne!(self_link, link);
    let inv: InvitationDto = json_of(get_invitation(&app, &self_link).await, 200).await;
    assert_eq!(inv.role, Role::Doctor);
    assert!(inv.account_exists);
    expect_problem(accept_res(&app, &self_link, "not his password").await, 401, ErrorCode::InvalidCredentials).await;
    // A new-password attempt that breaks the policy is just a wrong password here.
    expect_problem(accept_res(&app, &self_link, "short").await, 401, ErrorCode::InvalidCredentials).await;
    let as_doctor = accept(&app, &self_link, PASSWORD).await;
    assert_eq!(as_doctor.dto.membership.role, Role::Doctor);
    expect_problem(accept_res(&app, &self_link, PASSWORD).await, 410, ErrorCode::InvitationInvalid).await;

    // /me now lists both memberships, whichever token asks.
    let me_both = me(&app, organizer.token()).await;
    assert_eq!(me_both.memberships.len(), 2, "{:?}", me_both.memberships);
    assert_eq!(me_both.account_id, me_org.account_id, "one account");
    let doctor_membership =
        me_both.memberships.iter().find(|m| m.role == Role::Doctor).expect("the doctor membership").clone();
    let organizer_membership = me_both.memberships.iter().find(|m| m.role == Role::Organizer).unwrap().clone();

    // Switch to the doctor role and back, without the password.
    let res = app
        .client
        .post(api(&app, "/auth/switch"))
        .bearer_auth(organizer.token())
        .header("cookie", format!("oncocenter_refresh={}", organizer.cookie))
        .json(&json!({"membership_id": doctor_membership.id}))
        .send()
        .await
        .unwrap();
    let switched: SessionDto = json_of(res, 200).await;
    assert_eq!(switched.membership.id, doctor_membership.id);
    let me_sw = me(&app, &switched.access_token).await;
    assert_eq!(me_sw.current.role, Role::Doctor);
    assert_eq!(me_sw.current.organization_id, Some(org.id));
    expect_problem(get(&app, "/staff", Some(&switched.access_token)).await, 403, ErrorCode::Forbidden).await;
    // The tab's refresh cookie now follows the doctor role.
    let refreshed = refresh_ok(&app, &organizer.cookie).await;
    assert_eq!(refreshed.dto.membership.id, doctor_membership.id);

    let back: SessionDto = json_of(
        post(&app, "/auth/switch", Some(&switched.access_token), &json!({"membership_id": organizer_membership.id}))
            .await,
        200,
    )
    .await;
    assert_eq!(me(&app, &back.access_token).await.current.role, Role::Organizer);
    json_of::<Page<StaffMemberDto>>(get(&app, "/staff", Some(&back.access_token)).await, 200).await;

    // Another account's membership: refused.
    let res = post(&app, "/auth/switch", Some(&back.access_token), &json!({"membership_id": me_doc.current.id})).await;
    expect_problem(res, 403, ErrorCode::Forbidden).await;
    let res =
        post(&app, "/auth/switch", Some(&back.access_token), &json!({"membership_id": uuid::Uuid::now_v7()})).await;
    expect_problem(res, 403, ErrorCode::Forbidden).await;
    let res = post(&app, "/auth/switch", None, &json!({"membership_id": doctor_membership.id})).await;
    expect_problem(res, 401, ErrorCode::Unauthorized).await;
    expect_invalid(
        post(&app, "/auth/switch", Some(&back.access_token), &json!({"membership_id": "x"})).await,
        &["membership_id"],
    )
    .await;

    // A login can name the membership to enter.
    let res = post(
        &app,
        "/auth/login",
        None,
        &json!({"email": "ivanova@onko.test", "password": PASSWORD, "membership_id": doctor_membership.id}),
    )
    .await;
    let s: SessionDto = json_of(res, 200).await;
    assert_eq!(s.membership.id, doctor_membership.id);
    let res = post(
        &app,
        "/auth/login",
        None,
        &json!({"email": "ivanova@onko.test", "password": PASSWORD, "membership_id": me_doc.current.id}),
    )
    .await;
    expect_problem(res, 403, ErrorCode::Forbidden).await;
}

#[tokio::test]
async fn switching_to_a_deactivated_membership_is_refused() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let (self_doctor, _) =
        invite_and_accept(&app, org.token(), Role::Doctor, &org.organizer_email, "Иванова", "Анна").await;
    json_of::<StaffMemberDto>(
        post_empty(&app, &format!("/staff/{}/deactivate", self_doctor.id.0), Some(org.token())).await,
        200,
    )
    .await;
    let me = me(&app, org.token()).await;
    assert_eq!(me.memberships.len(), 1, "only active memberships are offered");
    let res = post(&app, "/auth/switch", Some(org.token()), &json!({"membership_id": self_doctor.id})).await;
    expect_problem(res, 403, ErrorCode::MembershipInactive).await;
    // Logging in still enters the active membership.
    let s = login_ok(&app, &org.organizer_email, PASSWORD).await;
    assert_eq!(s.dto.membership.role, Role::Organizer);
}
