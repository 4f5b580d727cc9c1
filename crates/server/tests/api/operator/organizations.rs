//! The platform operator registers organizations and their organizers (ACC-1).

use chrono::Duration;
use common::ErrorCode;
use common::auth::{InvitationDto, MembershipStatus, OrganizationDto, Role};
use common::page::Page;
use serde_json::json;

use crate::support::accounts::*;
use crate::support::app::{spawn_app, t0};

#[tokio::test]
async fn creating_an_organization_invites_its_organizer_by_email() {
    let app = spawn_app().await;
    let op = operator_session(&app).await;
    let res =
        post(&app, "/operator/organizations", Some(&op), &org_body("  Областной   диспансер ", "Anna@Onko.Test")).await;
    let org: OrganizationDto = json_of(res, 201).await;
    assert_eq!(org.name, "Областной диспансер", "whitespace is normalized");
    assert_eq!(org.time_zone, "Europe/Moscow");
    assert_eq!(org.created_at, t0());
    assert_eq!(org.organizers.len(), 1);
    let organizer = &org.organizers[0];
    assert_eq!(organizer.role, Role::Organizer);
    assert_eq!(organizer.status, MembershipStatus::Pending);
    assert_eq!(organizer.email, "anna@onko.test", "stored lowercased");
    assert_eq!(organizer.name.last_name, "Иванова");
    assert_eq!(organizer.name.middle_name.as_deref(), Some("Сергеевна"));
    assert_eq!(organizer.invitation_sent_at, Some(t0()));
    assert_eq!(organizer.invitation_expires_at, Some(t0() + Duration::days(10)));

    let emails = emails_to(&app, "anna@onko.test").await;
    assert_eq!(emails.len(), 1, "exactly one email to the organizer");
    let email = &emails[0];
    assert!(email.subject.contains("организатор"), "{}", email.subject);
    assert!(email.text.contains("Областной диспансер"), "{}", email.text);
    assert!(email.text.contains("Иванова Анна Сергеевна"), "{}", email.text);
    let link = link_in(&email.text).expect("a link in the text");
    assert!(email.html.contains(&link), "the HTML part carries the same link");

    let inv: InvitationDto = json_of(get_invitation(&app, &link).await, 200).await;
    assert_eq!(inv.email, "anna@onko.test");
    assert_eq!(inv.role, Role::Organizer);
    assert_eq!(inv.organization_name.as_deref(), Some("Областной диспансер"));
    assert_eq!(inv.full_name, "Иванова Анна Сергеевна");
    assert!(!inv.account_exists);
    assert_eq!(inv.expires_at, t0() + Duration::days(10));

    // The link works: the organizer activates and lands in his organization.
    let s = accept(&app, &link, PASSWORD).await;
    assert_eq!(s.dto.membership.role, Role::Organizer);
    assert_eq!(s.dto.membership.organization_id, Some(org.id));
    assert_eq!(s.dto.membership.organization_name.as_deref(), Some("Областной диспансер"));
}

#[tokio::test]
async fn the_list_is_paginated_newest_first_with_organizers() {
    let app = spawn_app().await;
    let op = operator_session(&app).await;
    for i in 1..=3 {
        create_org(&app, &op, &format!("Организация {i}"), &format!("org{i}@onko.test")).await;
        app.state.clock.advance(Duration::minutes(1));
    }
    let page: Page<OrganizationDto> =
        json_of(get(&app, "/operator/organizations?per_page=2", Some(&op)).await, 200).await;
    assert_eq!((page.page, page.per_page, page.total), (1, 2, 3));
    let names: Vec<&str> = page.items.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Организация 3", "Организация 2"]);
    assert_eq!(page.items[0].organizers[0].email, "org3@onko.test");

    let page: Page<OrganizationDto> =
        json_of(get(&app, "/operator/organizations?per_page=2&page=2", Some(&op)).await, 200).await;
    assert_eq!(page.total, 3);
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].name, "Организация 1");

    let page: Page<OrganizationDto> = json_of(get(&app, "/operator/organizations", Some(&op)).await, 200).await;
    assert_eq!((page.page, page.per_page, page.total, page.items.len()), (1, 20, 3, 3));

    let page: Page<OrganizationDto> = json_of(get(&app, "/operator/organizations?page=9", Some(&op)).await, 200).await;
    assert!(page.items.is_empty());
    assert_eq!(page.total, 3);

    expect_invalid(get(&app, "/operator/organizations?per_page=101", Some(&op)).await, &["per_page"]).await;
    expect_invalid(get(&app, "/operator/organizations?per_page=0", Some(&op)).await, &["per_page"]).await;
    expect_invalid(get(&app, "/operator/organizations?page=0", Some(&op)).await, &["page"]).await;
}

#[tokio::test]
async fn only_the_operator_manages_organizations() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let (_, doctor) = invite_and_accept(&app, org.token(), Role::Doctor, "doctor@city.test", "Петров", "Иван").await;
    let body = org_body("Чужая", "x@onko.test");

    for token in [org.token(), doctor.token()] {
        expect_problem(get(&app, "/operator/organizations", Some(token)).await, 403, ErrorCode::Forbidden).await;
        expect_problem(post(&app, "/operator/organizations", Some(token), &body).await, 403, ErrorCode::Forbidden)
            .await;
    }
    expect_problem(get(&app, "/operator/organizations", None).await, 401, ErrorCode::Unauthorized).await;
    expect_problem(post(&app, "/operator/organizations", None, &body).await, 401, ErrorCode::Unauthorized).await;
    assert!(emails_to(&app, "x@onko.test").await.is_empty());
}

#[tokio::test]
async fn invalid_fields_are_each_named() {
    let app = spawn_app().await;
    let op = operator_session(&app).await;
    let res = post(
        &app,
        "/operator/organizations",
        Some(&op),
        &json!({
            "name": "  ",
            "time_zone": "Mars/Olympus",
            "organizer_email": "not-an-email",
            "last_name": "",
            "first_name": "Анна",
        }),
    )
    .await;
    expect_invalid(res, &["name", "time_zone", "organizer_email", "last_name"]).await;

    for (field, body) in [
        (
            "organizer_email",
            json!({"name": "Орг", "organizer_email": "a@", "last_name": "Иванова", "first_name": "Анна"}),
        ),
        ("last_name", json!({"name": "Орг", "organizer_email": "a@b.test", "last_name": "", "first_name": "Анна"})),
        (
            "first_name",
            json!({"name": "Орг", "organizer_email": "a@b.test", "last_name": "Иванова", "first_name": " "}),
        ),
        (
            "time_zone",
            json!({"name": "Орг", "time_zone": "", "organizer_email": "a@b.test", "last_name": "Иванова", "first_name": "Анна"}),
        ),
        ("organizer_email", json!({"name": "Орг", "last_name": "Иванова", "first_name": "Анна"})),
    ] {
        let p = expect_invalid(post(&app, "/operator/organizations", Some(&op), &body).await, &[field]).await;
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    }
    let page: Page<OrganizationDto> = json_of(get(&app, "/operator/organizations", Some(&op)).await, 200).await;
    assert_eq!(page.total, 0, "nothing was created");
    run_jobs(&app).await;
    assert!(app.state.mailer.sent().iter().all(|e| e.to == OPERATOR_EMAIL), "no email beyond the operator's own");
}

/// Every zone the forms offer (Russia, west to east) is accepted, its "UTC+N" label is the
/// zone's real offset, and any other IANA zone found by search is accepted too.
#[tokio::test]
async fn every_offered_time_zone_and_any_iana_zone_is_accepted() {
    use chrono::{Offset, TimeZone, Utc};
    use common::domain::{RUSSIAN_TIME_ZONES, russian_zone_offset};

    let app = spawn_app().await;
    let op = operator_session(&app).await;
    let now = Utc::now();
    let mut zones: Vec<&str> = RUSSIAN_TIME_ZONES.iter().map(|(z, _)| *z).collect();
    zones.push("Asia/Almaty");
    for (i, zone) in zones.iter().enumerate() {
        let tz: chrono_tz::Tz = zone.parse().unwrap();
        if let Some(label) = russian_zone_offset(zone) {
            let hours = tz.offset_from_utc_datetime(&now.naive_utc()).fix().local_minus_utc() / 3600;
            assert_eq!(label, format!("UTC{hours:+}"), "{zone}");
        }
        let mut body = org_body(&format!("Организация {i}"), &format!("org{i}@zones.test"));
        body["time_zone"] = json!(zone);
        let res = post(&app, "/operator/organizations", Some(&op), &body).await;
        let org: OrganizationDto = json_of(res, 201).await;
        assert_eq!(org.time_zone, *zone);
    }
}
