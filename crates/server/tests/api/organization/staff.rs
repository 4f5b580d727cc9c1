//! The organizer's staff: invitations, lists, resends, deactivation (ACC-3, ACC-4, ACC-11,
//! ORG-9). Everything is scoped to the organizer's organization.

use chrono::Duration;
use common::ErrorCode;
use common::auth::{MembershipStatus, Role, StaffMemberDto};
use common::page::Page;
use serde_json::json;

use crate::support::accounts::*;
use crate::support::app::{TestApp, spawn_app, t0};

async fn list(app: &TestApp, token: &str, query: &str) -> Page<StaffMemberDto> {
    // `query` is written unencoded ("q=федоров&role=doctor"); the URL encoder does the rest.
    let pairs: Vec<(&str, &str)> =
        query.split('&').filter(|p| !p.is_empty()).map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
    let url = reqwest::Url::parse_with_params(&api(app, "/staff"), &pairs).unwrap();
    let res = app.client.get(url).bearer_auth(token).send().await.unwrap();
    json_of(res, 200).await
}

fn emails(page: &Page<StaffMemberDto>) -> Vec<&str> {
    page.items.iter().map(|m| m.email.as_str()).collect()
}

#[tokio::test]
async fn inviting_staff_sends_an_invitation() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let res = post(
        &app,
        "/staff",
        Some(org.token()),
        &json!({"role": "instructor", "email": " Orlov@City.Test ", "last_name": "Орлов", "first_name": "Пётр", "middle_name": "Ильич"}),
    )
    .await;
    let m: StaffMemberDto = json_of(res, 201).await;
    assert_eq!(m.role, Role::Instructor);
    assert_eq!(m.status, MembershipStatus::Pending);
    assert_eq!(m.email, "orlov@city.test");
    assert_eq!(m.name.middle_name.as_deref(), Some("Ильич"));
    assert_eq!(m.invitation_sent_at, Some(t0()));
    assert_eq!(m.invitation_expires_at, Some(t0() + Duration::days(10)));
    let email = last_email_to(&app, "orlov@city.test").await;
    assert!(email.subject.contains("Городская онкологическая больница"), "{}", email.subject);
    assert!(email.text.contains("Орлов Пётр Ильич"), "{}", email.text);
    let link = link_in(&email.text).unwrap();
    let s = accept(&app, &link, PASSWORD).await;
    assert_eq!(s.dto.membership.role, Role::Instructor);
    assert_eq!(s.dto.membership.organization_id, Some(org.org.id));

    // Every staff role may be invited, organizers included.
    invite(&app, org.token(), Role::Assistant, "assist@city.test", "Сидорова", "Мария").await;
    invite(&app, org.token(), Role::Organizer, "second@city.test", "Смирнов", "Олег").await;
}

#[tokio::test]
async fn a_duplicate_invitation_is_refused_but_another_role_is_fine() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    invite(&app, org.token(), Role::Doctor, "petrov@city.test", "Петров", "Иван").await;
    let res = invite_res(&app, org.token(), "doctor", "PETROV@city.test", "Петров", "Иван").await;
    expect_problem(res, 409, ErrorCode::AlreadyMember).await;
    assert_eq!(emails_to(&app, "petrov@city.test").await.len(), 1, "no second email");
    let m = invite(&app, org.token(), Role::Instructor, "petrov@city.test", "Петров", "Иван").await;
    assert_eq!(m.role, Role::Instructor);
    // Also after the first one is accepted.
    let link = last_link_to(&app, "petrov@city.test").await;
    accept(&app, &link, PASSWORD).await;
    let res = invite_res(&app, org.token(), "instructor", "petrov@city.test", "Петров", "Иван").await;
    expect_problem(res, 409, ErrorCode::AlreadyMember).await;
    // The organizer himself as organizer again.
    let res = invite_res(&app, org.token(), "organizer", &org.organizer_email, "Иванова", "Анна").await;
    expect_problem(res, 409, ErrorCode::AlreadyMember).await;
}

#[tokio::test]
async fn invalid_invitations_name_their_fields() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    for role in ["patient", "operator"] {
        let p =
            expect_invalid(invite_res(&app, org.token(), role, "x@city.test", "Петров", "Иван").await, &["role"]).await;
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    }
    expect_invalid(invite_res(&app, org.token(), "janitor", "x@city.test", "Петров", "Иван").await, &["role"]).await;
    expect_invalid(invite_res(&app, org.token(), "doctor", "x@", "Петров", "Иван").await, &["email"]).await;
    expect_invalid(invite_res(&app, org.token(), "doctor", "x@city.test", "", "Иван").await, &["last_name"]).await;
    expect_invalid(invite_res(&app, org.token(), "doctor", "x@city.test", "Петров", "  ").await, &["first_name"]).await;
    let p = expect_invalid(
        invite_res(&app, org.token(), "patient", "bad", "", "").await,
        &["role", "email", "last_name", "first_name"],
    )
    .await;
    assert_eq!(p.errors.len(), 4, "{:?}", p.errors);
    expect_invalid(
        post(
            &app,
            "/staff",
            Some(org.token()),
            &json!({"role": "doctor", "last_name": "Петров", "first_name": "Иван"}),
        )
        .await,
        &["email"],
    )
    .await;
    let page = list(&app, org.token(), "").await;
    assert_eq!(page.total, 1, "only the organizer");
    assert!(emails_to(&app, "x@city.test").await.is_empty());
}

#[tokio::test]
async fn the_list_filters_by_role_searches_names_and_paginates() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    invite(&app, t, Role::Doctor, "fedorov@city.test", "Фёдоров", "Семён").await;
    invite(&app, t, Role::Doctor, "alekseeva@city.test", "Алексеева", "Ольга").await;
    invite(&app, t, Role::Doctor, "borisov@city.test", "Борисов", "Пётр").await;
    invite(&app, t, Role::Instructor, "fedorova@city.test", "Федорова", "Елена").await;
    invite(&app, t, Role::Assistant, "zaitseva@city.test", "Зайцева", "Анна").await;

    let all = list(&app, t, "").await;
    assert_eq!(all.total, 6);
    let names: Vec<&str> = all.items.iter().map(|m| m.name.last_name.as_str()).collect();
    // By last name (how ё sorts against е is the database's collation).
    assert_eq!(names[..4], ["Алексеева", "Борисов", "Зайцева", "Иванова"]);

    let doctors = list(&app, t, "role=doctor").await;
    assert_eq!(doctors.total, 3);
    assert!(doctors.items.iter().all(|m| m.role == Role::Doctor));
    assert_eq!(list(&app, t, "role=organizer").await.total, 1);
    assert_eq!(list(&app, t, "role=instructor").await.total, 1);
    assert_eq!(list(&app, t, "role=assistant").await.total, 1);

    // Cyrillic, case-insensitive, ё = е, in both directions.
    let found = list(&app, t, "q=федоров").await;
    assert_eq!(found.total, 2, "{:?}", emails(&found));
    let found = list(&app, t, "q=ФЁДОРОВ&role=doctor").await;
    assert_eq!(emails(&found), ["fedorov@city.test"]);
    assert_eq!(emails(&list(&app, t, "q=семен").await), ["fedorov@city.test"]);
    assert_eq!(emails(&list(&app, t, "q=петр борисов").await), ["borisov@city.test"], "every word must match");
    assert_eq!(emails(&list(&app, t, "q=ZAITSEVA@").await), ["zaitseva@city.test"], "by email too");
    assert_eq!(list(&app, t, "q=никого").await.total, 0);
    assert_eq!(list(&app, t, "q=  ").await.total, 6, "a blank search is no search");

    let p1 = list(&app, t, "per_page=4").await;
    let p2 = list(&app, t, "per_page=4&page=2").await;
    assert_eq!((p1.total, p1.items.len(), p2.total, p2.items.len()), (6, 4, 6, 2));
    assert!(p2.items.iter().all(|m| m.name.last_name.starts_with('Ф')), "page 2 continues page 1");
    let doctors_p2 = list(&app, t, "role=doctor&per_page=2&page=2").await;
    assert_eq!((doctors_p2.total, doctors_p2.items.len()), (3, 1));

    for (q, field) in
        [("per_page=101", "per_page"), ("per_page=0", "per_page"), ("page=0", "page"), ("role=patient", "role")]
    {
        let res = app.client.get(format!("{}?{q}", api(&app, "/staff"))).bearer_auth(t).send().await.unwrap();
        expect_invalid(res, &[field]).await;
    }
    // The search never crosses organizations.
    let other = org_with_organizer(&app, &org.op_token, "Другая больница", "other").await;
    invite(&app, other.token(), Role::Doctor, "fedorov2@other.test", "Фёдоров", "Иван").await;
    assert_eq!(list(&app, t, "q=федоров").await.total, 2);
    assert_eq!(emails(&list(&app, other.token(), "q=федоров").await), ["fedorov2@other.test"]);
}

#[tokio::test]
async fn the_search_takes_like_wildcards_literally() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    invite(&app, t, Role::Doctor, "ivan_petrov@city.test", "Петров", "Иван").await;
    invite(&app, t, Role::Doctor, "ivanxpetrov@city.test", "Петров", "Иван").await;
    invite(&app, t, Role::Doctor, "percent@city.test", "Сто", "Процентов").await;
    assert_eq!(emails(&list(&app, t, "q=ivan_p").await), ["ivan_petrov@city.test"]);
    assert_eq!(list(&app, t, "q=_").await.total, 1);
    assert_eq!(list(&app, t, "q=%").await.total, 0);
}

#[tokio::test]
async fn a_resend_to_a_corrected_address_kills_the_old_link() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let m = invite(&app, org.token(), Role::Doctor, "petorv@city.test", "Петров", "Иван").await;
    let old = last_link_to(&app, "petorv@city.test").await;
    app.state.clock.advance(Duration::minutes(10));
    let res =
        post(&app, &format!("/staff/{}/resend", m.id.0), Some(org.token()), &json!({"email": "Petrov@City.test"}))
            .await;
    let resent: StaffMemberDto = json_of(res, 200).await;
    assert_eq!(resent.id, m.id);
    assert_eq!(resent.email, "petrov@city.test");
    assert_eq!(resent.status, MembershipStatus::Pending);
    assert_eq!(resent.invitation_sent_at, Some(t0() + Duration::minutes(10)));

    assert_eq!(emails_to(&app, "petorv@city.test").await.len(), 1, "nothing more to the wrong address");
    let new = last_link_to(&app, "petrov@city.test").await;
    expect_problem(get_invitation(&app, &old).await, 410, ErrorCode::InvitationInvalid).await;
    expect_problem(accept_res(&app, &old, PASSWORD).await, 410, ErrorCode::InvitationInvalid).await;

    let page = list(&app, org.token(), "role=doctor").await;
    assert_eq!(emails(&page), ["petrov@city.test"]);
    assert_eq!(list(&app, org.token(), "q=petrov").await.total, 1, "the search follows the new address");
    assert_eq!(list(&app, org.token(), "q=petorv").await.total, 0);

    let s = accept(&app, &new, PASSWORD).await;
    assert_eq!(s.dto.membership.id, m.id);
    login_ok(&app, "petrov@city.test", PASSWORD).await;
    expect_problem(login(&app, "petorv@city.test", PASSWORD).await, 401, ErrorCode::InvalidCredentials).await;

    // An accepted invitation is not resent.
    let res =
        post(&app, &format!("/staff/{}/resend", m.id.0), Some(org.token()), &json!({"email": "petrov@city.test"}))
            .await;
    expect_problem(res, 409, ErrorCode::Conflict).await;
    assert_eq!(emails_to(&app, "petrov@city.test").await.len(), 1);
}

#[tokio::test]
async fn a_resend_to_an_address_already_invited_to_the_role_is_refused() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    invite(&app, org.token(), Role::Doctor, "a@city.test", "Петров", "Иван").await;
    let b = invite(&app, org.token(), Role::Doctor, "b@city.test", "Сидоров", "Олег").await;
    let res =
        post(&app, &format!("/staff/{}/resend", b.id.0), Some(org.token()), &json!({"email": "a@city.test"})).await;
    expect_problem(res, 409, ErrorCode::AlreadyMember).await;
    let res = post(&app, &format!("/staff/{}/resend", b.id.0), Some(org.token()), &json!({"email": "nope"})).await;
    expect_invalid(res, &["email"]).await;
    let page = list(&app, org.token(), "role=doctor").await;
    assert_eq!(emails(&page), ["a@city.test", "b@city.test"], "unchanged");
    assert_eq!(emails_to(&app, "a@city.test").await.len(), 1);
}

#[tokio::test]
async fn another_organizations_staff_is_not_found() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let other = org_with_organizer(&app, &org.op_token, "Другая больница", "other").await;
    let pending = invite(&app, other.token(), Role::Doctor, "d1@other.test", "Петров", "Иван").await;
    let (active, _) = invite_and_accept(&app, other.token(), Role::Doctor, "d2@other.test", "Сидоров", "Олег").await;
    let other_organizer = list(&app, other.token(), "role=organizer").await.items[0].id;
    let operator = me(&app, &org.op_token).await.current.id;
    let nobody = uuid::Uuid::now_v7();

    for id in [pending.id.0, active.id.0, other_organizer.0, operator.0, nobody] {
        let res = post(&app, &format!("/staff/{id}/resend"), Some(org.token()), &json!({"email": "x@city.test"})).await;
        expect_problem(res, 404, ErrorCode::NotFound).await;
        expect_problem(
            post_empty(&app, &format!("/staff/{id}/deactivate"), Some(org.token())).await,
            404,
            ErrorCode::NotFound,
        )
        .await;
        expect_problem(
            post_empty(&app, &format!("/staff/{id}/activate"), Some(org.token())).await,
            404,
            ErrorCode::NotFound,
        )
        .await;
    }
    // Untouched.
    let theirs = list(&app, other.token(), "role=doctor").await;
    assert!(theirs.items.iter().any(|m| m.id == active.id && m.status == MembershipStatus::Active));
    assert!(theirs.items.iter().any(|m| m.id == pending.id && m.email == "d1@other.test"));
    assert!(emails_to(&app, "x@city.test").await.is_empty());
    // A malformed id.
    let res = post_empty(&app, "/staff/not-a-uuid/deactivate", Some(org.token())).await;
    assert!(matches!(res.status().as_u16(), 400 | 404), "{}", res.status());
}

#[tokio::test]
async fn only_organizers_manage_staff() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let (doctor, doc) = invite_and_accept(&app, org.token(), Role::Doctor, "doc@city.test", "Петров", "Иван").await;
    let id = doctor.id.0;
    for token in [Some(doc.token()), Some(org.op_token.as_str())] {
        expect_problem(get(&app, "/staff", token).await, 403, ErrorCode::Forbidden).await;
        let res = post(&app, "/staff", token, &invite_body("doctor", "x@city.test", "Петров", "Иван")).await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
        let res = post(&app, &format!("/staff/{id}/resend"), token, &json!({"email": "x@city.test"})).await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
        expect_problem(post_empty(&app, &format!("/staff/{id}/deactivate"), token).await, 403, ErrorCode::Forbidden)
            .await;
        expect_problem(post_empty(&app, &format!("/staff/{id}/activate"), token).await, 403, ErrorCode::Forbidden)
            .await;
    }
    expect_problem(get(&app, "/staff", None).await, 401, ErrorCode::Unauthorized).await;
    let res = post(&app, "/staff", None, &invite_body("doctor", "x@city.test", "Петров", "Иван")).await;
    expect_problem(res, 401, ErrorCode::Unauthorized).await;
    expect_problem(post_empty(&app, &format!("/staff/{id}/deactivate"), None).await, 401, ErrorCode::Unauthorized)
        .await;
    assert!(emails_to(&app, "x@city.test").await.is_empty());
}

#[tokio::test]
async fn deactivation_bites_on_the_next_request_and_activation_restores() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let (doctor, doc) = invite_and_accept(&app, org.token(), Role::Doctor, "doc@city.test", "Петров", "Иван").await;
    assert_eq!(me(&app, doc.token()).await.current.role, Role::Doctor);

    let res = post_empty(&app, &format!("/staff/{}/deactivate", doctor.id.0), Some(org.token())).await;
    let m: StaffMemberDto = json_of(res, 200).await;
    assert_eq!(m.status, MembershipStatus::Deactivated);
    // ACC-11: the very next request with the existing access token.
    expect_problem(get(&app, "/me", Some(doc.token())).await, 401, ErrorCode::Unauthorized).await;
    // Nor can the tab refresh its way back in.
    expect_problem(refresh(&app, Some(&doc.cookie), Some(ORIGIN)).await, 401, ErrorCode::SessionExpired).await;
    // The reason is told only after the right password.
    expect_problem(login(&app, "doc@city.test", "wrong password!").await, 401, ErrorCode::InvalidCredentials).await;
    expect_problem(login(&app, "doc@city.test", PASSWORD).await, 403, ErrorCode::MembershipInactive).await;
    let page = list(&app, org.token(), "role=doctor").await;
    assert_eq!(page.items[0].status, MembershipStatus::Deactivated);
    // Deactivating again is harmless.
    json_of::<StaffMemberDto>(
        post_empty(&app, &format!("/staff/{}/deactivate", doctor.id.0), Some(org.token())).await,
        200,
    )
    .await;

    let res = post_empty(&app, &format!("/staff/{}/activate", doctor.id.0), Some(org.token())).await;
    let m: StaffMemberDto = json_of(res, 200).await;
    assert_eq!(m.status, MembershipStatus::Active);
    let s = login_ok(&app, "doc@city.test", PASSWORD).await;
    assert_eq!(me(&app, s.token()).await.current.role, Role::Doctor);
}

#[tokio::test]
async fn a_deactivated_invitation_activated_again_is_pending_again() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let m = invite(&app, org.token(), Role::Doctor, "doc@city.test", "Петров", "Иван").await;
    // Activating a pending invitation leaves it pending (nobody has accepted it).
    let res = post_empty(&app, &format!("/staff/{}/activate", m.id.0), Some(org.token())).await;
    assert_eq!(json_of::<StaffMemberDto>(res, 200).await.status, MembershipStatus::Pending);

    let res = post_empty(&app, &format!("/staff/{}/deactivate", m.id.0), Some(org.token())).await;
    assert_eq!(json_of::<StaffMemberDto>(res, 200).await.status, MembershipStatus::Deactivated);
    let res = post_empty(&app, &format!("/staff/{}/activate", m.id.0), Some(org.token())).await;
    let back: StaffMemberDto = json_of(res, 200).await;
    assert_eq!(back.status, MembershipStatus::Pending, "never accepted: there is no account to make active");
    // It can be resent and accepted.
    let res =
        post(&app, &format!("/staff/{}/resend", m.id.0), Some(org.token()), &json!({"email": "doc@city.test"})).await;
    json_of::<StaffMemberDto>(res, 200).await;
    let link = last_link_to(&app, "doc@city.test").await;
    let s = accept(&app, &link, PASSWORD).await;
    assert_eq!(s.dto.membership.id, m.id);
}

#[tokio::test]
async fn the_last_active_organizer_stays() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let me_id = me(&app, org.token()).await.current.id;
    let res = post_empty(&app, &format!("/staff/{}/deactivate", me_id.0), Some(org.token())).await;
    expect_problem(res, 409, ErrorCode::LastOrganizer).await;
    // A pending second organizer does not count.
    let (second, s2) = {
        let m = invite(&app, org.token(), Role::Organizer, "second@city.test", "Смирнов", "Олег").await;
        let res = post_empty(&app, &format!("/staff/{}/deactivate", me_id.0), Some(org.token())).await;
        expect_problem(res, 409, ErrorCode::LastOrganizer).await;
        let link = last_link_to(&app, "second@city.test").await;
        (m, accept(&app, &link, PASSWORD).await)
    };
    // With two active organizers, one can go.
    let res = post_empty(&app, &format!("/staff/{}/deactivate", second.id.0), Some(org.token())).await;
    assert_eq!(json_of::<StaffMemberDto>(res, 200).await.status, MembershipStatus::Deactivated);
    expect_problem(get(&app, "/staff", Some(s2.token())).await, 401, ErrorCode::Unauthorized).await;
    let res = post_empty(&app, &format!("/staff/{}/deactivate", me_id.0), Some(org.token())).await;
    expect_problem(res, 409, ErrorCode::LastOrganizer).await;
    // Back to two; now the first one may leave, by his own hand.
    json_of::<StaffMemberDto>(
        post_empty(&app, &format!("/staff/{}/activate", second.id.0), Some(org.token())).await,
        200,
    )
    .await;
    let res = post_empty(&app, &format!("/staff/{}/deactivate", me_id.0), Some(org.token())).await;
    assert_eq!(json_of::<StaffMemberDto>(res, 200).await.status, MembershipStatus::Deactivated);
    expect_problem(get(&app, "/staff", Some(org.token())).await, 401, ErrorCode::Unauthorized).await;
    let s2 = login_ok(&app, "second@city.test", PASSWORD).await;
    let res = post_empty(&app, &format!("/staff/{}/deactivate", second.id.0), Some(s2.token())).await;
    expect_problem(res, 409, ErrorCode::LastOrganizer).await;
}

/// The staff list flags the only active organizer (ORG-9), so the SPA does not offer her
/// "Deactivate" on her own row; with a second active organizer nobody is flagged.
#[tokio::test]
async fn the_list_flags_the_last_active_organizer() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let me_id = me(&app, org.token()).await.current.id;
    let flagged = |page: &Page<StaffMemberDto>| {
        page.items.iter().filter(|m| m.last_active_organizer).map(|m| m.id).collect::<Vec<_>>()
    };
    let doctor = invite(&app, org.token(), Role::Doctor, "doc@city.test", "Петров", "Иван").await;
    assert!(!doctor.last_active_organizer);
    let second = invite(&app, org.token(), Role::Organizer, "second@city.test", "Смирнов", "Олег").await;
    let list: Page<StaffMemberDto> = json_of(get(&app, "/staff", Some(org.token())).await, 200).await;
    assert_eq!(flagged(&list), vec![me_id], "a pending organizer does not count");
    // Filtered to doctors, nobody is flagged.
    let list: Page<StaffMemberDto> = json_of(get(&app, "/staff?role=doctor", Some(org.token())).await, 200).await;
    assert_eq!(flagged(&list), vec![]);

    let link = last_link_to(&app, "second@city.test").await;
    accept(&app, &link, PASSWORD).await;
    let list: Page<StaffMemberDto> = json_of(get(&app, "/staff", Some(org.token())).await, 200).await;
    assert_eq!(flagged(&list), vec![], "two active organizers: either may leave");
    assert_eq!(list.items.iter().filter(|m| m.role == Role::Organizer).count(), 2);

    // The second one leaves: the answer and the list flag the one who stays.
    let res = post_empty(&app, &format!("/staff/{}/deactivate", second.id.0), Some(org.token())).await;
    let gone: StaffMemberDto = json_of(res, 200).await;
    assert!(!gone.last_active_organizer);
    let list: Page<StaffMemberDto> = json_of(get(&app, "/staff?role=organizer", Some(org.token())).await, 200).await;
    assert_eq!(flagged(&list), vec![me_id]);
    // Back again: the activation's answer says she is not the only one.
    let res = post_empty(&app, &format!("/staff/{}/activate", second.id.0), Some(org.token())).await;
    let back: StaffMemberDto = json_of(res, 200).await;
    assert_eq!(back.status, MembershipStatus::Active);
    assert!(!back.last_active_organizer);
    let list: Page<StaffMemberDto> = json_of(get(&app, "/staff", Some(org.token())).await, 200).await;
    assert_eq!(flagged(&list), vec![]);
}
