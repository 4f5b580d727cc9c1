//! The organizer's audit-log viewer (X-2, ORG-6): who read or changed which patient's data,
//! newest first, with refusals, filtered by person, patient and period; one organization's
//! rows only.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use common::ErrorCode;
use common::admin::{AuditEntryDto, PatientDto};
use common::auth::Role;
use common::ids::PatientId;
use common::page::Page;
use serde_json::{Value, json};

use crate::support::accounts::*;
use crate::support::admin::*;
use crate::support::app::{TestApp, spawn_app, t0};

const ORGANIZER: &str = "Иванова Анна Сергеевна (organizer)";

fn card(last: &str, first: &str, email: &str) -> Value {
    json!({
        "last_name": last,
        "first_name": first,
        "birth_date": "1960-05-01",
        "sex": "male",
        "email": email,
        "consents": ["telemedicine", "email_results", "personal_data"],
    })
}

async fn add_patient(app: &TestApp, token: &str, last: &str, first: &str, email: &str) -> PatientDto {
    json_of(post(app, "/patients", Some(token), &card(last, first, email)).await, 201).await
}

async fn audit(app: &TestApp, token: &str, query: &str) -> Page<AuditEntryDto> {
    json_of(get_query(app, "/audit", query, Some(token)).await, 200).await
}

fn at(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn actions(page: &Page<AuditEntryDto>) -> Vec<&str> {
    page.items.iter().map(|e| e.action.as_str()).collect()
}

fn sorted(mut ids: Vec<PatientId>) -> Vec<PatientId> {
    ids.sort_by_key(|i| i.0);
    ids
}

/// The scene: an organizer adds two patients, lists and reads them, a doctor is refused one,
/// each step a minute after the last; another organization does its own reading.
struct Scene {
    org: Org,
    other: Org,
    doctor: Member,
    p1: PatientDto,
    p2: PatientDto,
    theirs: PatientDto,
}

async fn scene(app: &TestApp) -> Scene {
    let (org, other) = two_orgs(app).await;
    let doctor = staff(app, &org, Role::Doctor, "doc@city.test", "Петров", "Иван").await;
    let theirs = add_patient(app, other.token(), "Котов", "Илья", "kotov@example.org").await;
    json_of::<Page<PatientDto>>(get(app, "/patients", Some(other.token())).await, 200).await;

    app.state.clock.set(t0() + Duration::minutes(1));
    let p1 = add_patient(app, org.token(), "Иванов", "Иван", "p1@example.org").await;
    let p2 = add_patient(app, org.token(), "Смирнов", "Олег", "p2@example.org").await;
    app.state.clock.set(t0() + Duration::minutes(2));
    let list: Page<PatientDto> = json_of(get(app, "/patients", Some(org.token())).await, 200).await;
    assert_eq!(list.total, 2);
    app.state.clock.set(t0() + Duration::minutes(3));
    json_of::<PatientDto>(get(app, &format!("/patients/{}", p1.id.0), Some(org.token())).await, 200).await;
    app.state.clock.set(t0() + Duration::minutes(4));
    // Not his patient.
    let res = get(app, &format!("/patients/{}", p1.id.0), Some(doctor.token())).await;
    expect_problem(res, 404, ErrorCode::NotFound).await;
    app.state.clock.set(t0() + Duration::minutes(5));
    Scene { org, other, doctor, p1, p2, theirs }
}

#[tokio::test]
async fn reads_changes_and_refusals_are_listed_newest_first() {
    let app = spawn_app().await;
    let s = scene(&app).await;
    let page = audit(&app, s.org.token(), "").await;
    assert_eq!(
        actions(&page)[..5],
        ["patient.read", "patient.read", "patient.list", "patient.invite", "patient.create"]
    );
    assert!(page.items.windows(2).all(|w| w[0].at >= w[1].at), "newest first");

    let refused = &page.items[0];
    assert_eq!(refused.at, t0() + Duration::minutes(4));
    assert_eq!(refused.outcome, "denied");
    assert_eq!(refused.who.as_deref(), Some("Петров Иван (doctor)"));
    assert_eq!(refused.membership_id, Some(s.doctor.id));
    assert_eq!(refused.account_id, Some(me(&app, s.doctor.token()).await.account_id));
    assert_eq!(refused.entity, "patient");
    assert_eq!(refused.entity_id.as_deref(), Some(s.p1.id.0.to_string().as_str()));

    let read = &page.items[1];
    assert_eq!((read.at, read.outcome.as_str()), (t0() + Duration::minutes(3), "ok"));
    assert_eq!(read.who.as_deref(), Some(ORGANIZER));
    assert_eq!(read.membership_id, Some(s.org.organizer.dto.membership.id));
    assert_eq!(read.patient_ids, [s.p1.id]);
    assert_eq!(read.entity_id.as_deref(), Some(s.p1.id.0.to_string().as_str()));

    let list = &page.items[2];
    assert_eq!((list.at, list.outcome.as_str()), (t0() + Duration::minutes(2), "ok"));
    assert_eq!(list.who.as_deref(), Some(ORGANIZER));
    assert_eq!(sorted(list.patient_ids.clone()), sorted(vec![s.p1.id, s.p2.id]));

    // The changes of t0 + 1 min: a create and an invitation per card, in their transactions.
    let changes: Vec<&AuditEntryDto> = page.items[3..].iter().filter(|e| e.at == t0() + Duration::minutes(1)).collect();
    assert_eq!(changes.len(), 4, "{:?}", actions(&page));
    assert!(changes.iter().all(|e| e.outcome == "ok" && e.who.as_deref() == Some(ORGANIZER)));
    for p in [&s.p1, &s.p2] {
        for action in ["patient.create", "patient.invite"] {
            assert!(changes.iter().any(|e| e.action == action && e.patient_ids == [p.id]), "{action} of {:?}", p.id);
        }
    }
    // Only this organization's rows: its staff, its patients.
    let mine = [s.org.organizer.dto.membership.id, s.doctor.id];
    assert!(page.items.iter().all(|e| e.membership_id.is_none_or(|m| mine.contains(&m))), "{page:?}");
    assert!(page.items.iter().all(|e| !e.patient_ids.contains(&s.theirs.id)));

    // Paginated.
    let p1 = audit(&app, s.org.token(), "per_page=2").await;
    let p2 = audit(&app, s.org.token(), "per_page=2&page=2").await;
    assert_eq!((p1.total, p2.total), (page.total, page.total));
    assert_eq!(p1.items, page.items[..2]);
    assert_eq!(p2.items, page.items[2..4]);
    let res = get_query(&app, "/audit", "per_page=0", Some(s.org.token())).await;
    expect_invalid(res, &["per_page"]).await;
}

#[tokio::test]
async fn the_log_filters_by_person_patient_and_period() {
    let app = spawn_app().await;
    let s = scene(&app).await;
    let t = s.org.token();
    let organizer = s.org.organizer.dto.membership.id;

    let by_doctor = audit(&app, t, &format!("membership={}", s.doctor.id.0)).await;
    assert_eq!(actions(&by_doctor), ["patient.read"]);
    assert_eq!(by_doctor.items[0].outcome, "denied");
    let by_organizer = audit(&app, t, &format!("membership={}", organizer.0)).await;
    assert!(by_organizer.items.iter().all(|e| e.membership_id == Some(organizer)));
    assert!(by_organizer.items.iter().all(|e| e.outcome == "ok"));
    assert!(by_organizer.total >= 6, "{:?}", actions(&by_organizer));

    // p2 was created, invited and listed, never read on its own.
    let about_p2 = audit(&app, t, &format!("patient={}", s.p2.id.0)).await;
    assert_eq!(actions(&about_p2), ["patient.list", "patient.invite", "patient.create"]);
    assert!(about_p2.items.iter().all(|e| e.patient_ids.contains(&s.p2.id)));
    // p1 was also read, and someone was refused it.
    let about_p1 = audit(&app, t, &format!("patient={}", s.p1.id.0)).await;
    assert_eq!(
        actions(&about_p1),
        ["patient.read", "patient.read", "patient.list", "patient.invite", "patient.create"]
    );
    assert_eq!(about_p1.items[0].outcome, "denied");
    let refused_p1 = audit(&app, t, &format!("patient={}&membership={}", s.p1.id.0, s.doctor.id.0)).await;
    assert_eq!(refused_p1.total, 1);

    // The period: `from` inclusive, `to` exclusive.
    let m = |n: i64| at(t0() + Duration::minutes(n));
    let window = audit(&app, t, &format!("from={}&to={}", m(2), m(3))).await;
    assert_eq!(actions(&window), ["patient.list"]);
    let since = audit(&app, t, &format!("from={}", m(3))).await;
    assert_eq!(actions(&since), ["patient.read", "patient.read"]);
    let until = audit(&app, t, &format!("to={}&patient={}", m(2), s.p1.id.0)).await;
    assert_eq!(actions(&until), ["patient.invite", "patient.create"]);
    assert_eq!(audit(&app, t, &format!("from={}", m(5))).await.total, 0);
    let res = get_query(&app, "/audit", "from=yesterday", Some(t)).await;
    expect_problem(res, 400, ErrorCode::InvalidParameter).await;
}

#[tokio::test]
async fn another_organizer_sees_none_of_these_rows() {
    let app = spawn_app().await;
    let s = scene(&app).await;
    let theirs = audit(&app, s.other.token(), "").await;
    assert!(theirs.total >= 3, "his own create, invite and list: {:?}", actions(&theirs));
    let other_organizer = s.other.organizer.dto.membership.id;
    assert!(theirs.items.iter().all(|e| e.membership_id == Some(other_organizer)), "{theirs:?}");
    assert!(theirs.items.iter().all(|e| e.patient_ids.iter().all(|p| *p == s.theirs.id)));
    assert!(theirs.items.iter().all(|e| e.at == t0()));

    // This organization's ids find nothing there.
    for q in [
        format!("patient={}", s.p1.id.0),
        format!("membership={}", s.doctor.id.0),
        format!("membership={}", s.org.organizer.dto.membership.id.0),
    ] {
        assert_eq!(audit(&app, s.other.token(), &q).await.total, 0, "{q}");
    }
    // And the other way round.
    assert_eq!(audit(&app, s.org.token(), &format!("patient={}", s.theirs.id.0)).await.total, 0);
    assert_eq!(audit(&app, s.org.token(), &format!("membership={}", other_organizer.0)).await.total, 0);

    // His attempt on this organization's card is refused, and logged on his side only.
    let ours_before = audit(&app, s.org.token(), "").await.total;
    let res = get(&app, &format!("/patients/{}", s.p2.id.0), Some(s.other.token())).await;
    expect_problem(res, 404, ErrorCode::NotFound).await;
    let attempt = audit(&app, s.other.token(), &format!("patient={}", s.p2.id.0)).await;
    assert_eq!(attempt.total, 1);
    let row = &attempt.items[0];
    assert_eq!((row.action.as_str(), row.outcome.as_str()), ("patient.read", "denied"));
    assert_eq!(row.membership_id, Some(other_organizer));
    assert!(row.patient_ids.is_empty(), "nothing was returned");
    assert_eq!(audit(&app, s.org.token(), "").await.total, ours_before);
}

#[tokio::test]
async fn only_organizers_read_the_log() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let doctor = staff(&app, &org, Role::Doctor, "doc@city.test", "Петров", "Иван").await;
    let assistant = staff(&app, &org, Role::Assistant, "as@city.test", "Зайцева", "Анна").await;
    let instructor = staff(&app, &org, Role::Instructor, "lfk@city.test", "Орлов", "Пётр").await;
    for token in [doctor.token(), assistant.token(), instructor.token(), org.op_token.as_str()] {
        expect_problem(get(&app, "/audit", Some(token)).await, 403, ErrorCode::Forbidden).await;
        let res = get_query(&app, "/audit", &format!("membership={}", doctor.id.0), Some(token)).await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
    }
    expect_problem(get(&app, "/audit", None).await, 401, ErrorCode::Unauthorized).await;
}
