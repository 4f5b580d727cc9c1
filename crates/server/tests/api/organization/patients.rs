//! Patient cards (ORG-2, ORG-3, ORG-7, ORG-8, PREG-1, ACC-4, ACC-5, X-2): creating with
//! consents and the invitation, validation, resending to a corrected address, the lapse of an
//! unanswered invitation (patients and staff), scope and tenancy, search and sort, the audit
//! log, deactivation.

use chrono::Duration;
use common::ErrorCode;
use common::admin::{ConsentKind, PatientDto, PatientStatus};
use common::auth::{Role, StaffMemberDto};
use common::ids::{MembershipId, PatientId};
use common::page::Page;
use db::entities::patient_card;
use db::sea_orm::EntityTrait;
use serde_json::json;
use server::platform::jobs::worker::run_due;

use crate::support::accounts::*;
use crate::support::app::{TestApp, spawn_app, t0};
use crate::support::patients::*;

fn field_names(p: &common::Problem) -> Vec<&str> {
    p.errors.iter().map(|e| e.field.as_str()).collect()
}

/// Runs the due jobs as of `at` (as `oncocenter jobs run --now` does).
async fn jobs_at(app: &TestApp, at: chrono::DateTime<chrono::Utc>) {
    run_due(&app.state, at).await.unwrap();
}

// ---- creating, consents, the invitation --------------------------------------------------

#[tokio::test]
async fn a_card_with_all_three_consents_is_invited_at_once() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let res = create_res(&app, org.token(), &card("Смирнова", "Ольга", " Smirnova@Example.org ")).await;
    let p: PatientDto = json_of(res, 201).await;
    assert_eq!(p.status, PatientStatus::Pending);
    assert_eq!(p.name.last_name, "Смирнова");
    assert_eq!(p.email.as_deref(), Some("smirnova@example.org"));
    assert_eq!(p.snils.as_deref(), Some(SNILS));
    assert_eq!(p.external_id.as_deref(), Some("MIS-000123"));
    assert_eq!(p.invitation_sent_at, Some(t0()));
    assert_eq!(p.invitation_expires_at, Some(t0() + Duration::days(10)));
    assert!(p.missing_consents.is_empty(), "{:?}", p.missing_consents);
    assert!(p.archived_at.is_none() && p.doctors.is_empty());
    let kinds: Vec<ConsentKind> = p.consents.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, ConsentKind::ALL);
    for c in &p.consents {
        assert_eq!(c.recorded_by.as_deref(), Some(ORGANIZER_NAME), "{c:?}");
        assert_eq!(c.recorded_at, t0());
        let expected_email = (c.kind == ConsentKind::EmailResults).then_some("smirnova@example.org");
        assert_eq!(c.email.as_deref(), expected_email, "{c:?}");
    }

    let mails = emails_to(&app, "smirnova@example.org").await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert!(mail.subject.contains("личный кабинет пациента"), "{}", mail.subject);
    assert!(mail.subject.contains("Городская онкологическая больница"), "{}", mail.subject);
    // The link opens the registration step with the address filled in (issue 12).
    assert!(mail.text.contains(&format!("{ORIGIN}/register#email=smirnova@example.org\n")), "{}", mail.text);
    assert!(mail.text.contains("Смирнова Ольга Павловна"), "{}", mail.text);
    assert!(mail.text.contains("Приглашение действует до 2 декабря 2026 г. включительно."), "{}", mail.text);
    assert!(!mail.text.contains("связь с врачом"), "{}", mail.text);

    assert_eq!(get_card(&app, org.token(), p.id).await, p, "the card reads back the same");
    assert_eq!(card_rows(&app).await, 1);
}

#[tokio::test]
async fn without_its_consents_a_card_is_not_invited_and_says_what_is_missing() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    let body = with_consents(card("Смирнова", "Ольга", "smirnova@example.org"), &[]);
    let p = create(&app, t, &body).await;
    assert_eq!(p.status, PatientStatus::Pending);
    assert_eq!(p.missing_consents, ConsentKind::ALL);
    assert!(p.consents.is_empty());
    assert_eq!((p.invitation_sent_at, p.invitation_expires_at), (None, None));
    assert!(emails_to(&app, "smirnova@example.org").await.is_empty(), "no invitation without consents");

    let res = send_res(&app, t, p.id, "smirnova@example.org").await;
    let problem = expect_problem(res, 409, ErrorCode::ConsentsMissing).await;
    assert_eq!(field_names(&problem), ["consents.telemedicine", "consents.email_results", "consents.personal_data"]);

    // Two of three: only the third is named.
    let body = with_consents(card("Смирнова", "Ольга", "smirnova@example.org"), &["telemedicine", "personal_data"]);
    let saved: PatientDto = json_of(put(&app, &path(p.id, ""), Some(t), &body).await, 200).await;
    assert_eq!(saved.missing_consents, [ConsentKind::EmailResults]);
    let res = send_res(&app, t, p.id, "smirnova@example.org").await;
    let problem = expect_problem(res, 409, ErrorCode::ConsentsMissing).await;
    assert_eq!(field_names(&problem), ["consents.email_results"]);
    assert!(emails_to(&app, "smirnova@example.org").await.is_empty());

    // All three: saving does not send by itself; the invite does.
    app.state.clock.advance(Duration::minutes(5));
    let body = card("Смирнова", "Ольга", "smirnova@example.org");
    let saved: PatientDto = json_of(put(&app, &path(p.id, ""), Some(t), &body).await, 200).await;
    assert!(saved.missing_consents.is_empty());
    assert_eq!(saved.consents.len(), 3);
    let telemedicine = saved.consents.iter().find(|c| c.kind == ConsentKind::Telemedicine).unwrap();
    assert_eq!(telemedicine.recorded_at, t0(), "a kept consent keeps its date");
    let email_results = saved.consents.iter().find(|c| c.kind == ConsentKind::EmailResults).unwrap();
    assert_eq!(email_results.recorded_at, t0() + Duration::minutes(5));
    assert_eq!(email_results.recorded_by.as_deref(), Some(ORGANIZER_NAME));
    assert_eq!(saved.invitation_sent_at, None);
    assert!(emails_to(&app, "smirnova@example.org").await.is_empty());

    let sent: PatientDto = json_of(send_res(&app, t, p.id, "smirnova@example.org").await, 200).await;
    assert_eq!(sent.status, PatientStatus::Pending);
    assert_eq!(sent.invitation_sent_at, Some(t0() + Duration::minutes(5)));
    assert_eq!(sent.invitation_expires_at, Some(t0() + Duration::minutes(5) + Duration::days(10)));
    let mail = last_email_to(&app, "smirnova@example.org").await;
    assert!(mail.text.contains(&format!("{ORIGIN}/register#email=smirnova@example.org")), "{}", mail.text);

    // Withdrawing a consent by leaving it out.
    let body = with_consents(card("Смирнова", "Ольга", "smirnova@example.org"), &["telemedicine", "email_results"]);
    let saved: PatientDto = json_of(put(&app, &path(p.id, ""), Some(t), &body).await, 200).await;
    assert_eq!(saved.missing_consents, [ConsentKind::PersonalData]);
    assert_eq!(saved.consents.len(), 2);
}

#[tokio::test]
async fn invalid_cards_name_each_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    let good = card("Смирнова", "Ольга", "smirnova@example.org");
    let tomorrow = (t0() + Duration::days(1)).date_naive().to_string();
    let cases: [(&str, serde_json::Value, &str); 7] = [
        ("snils", json!("112-233-445 96"), "a wrong check sum"),
        ("snils", json!("112-233-445"), "too few digits"),
        ("birth_date", json!(tomorrow), "born tomorrow"),
        ("birth_date", json!("1899-12-31"), "before 1900"),
        ("email", json!("smirnova@"), "no domain"),
        ("phone", json!("12-ab"), "letters"),
        ("last_name", json!("  "), "blank"),
    ];
    for (field, value, why) in cases {
        let mut body = good.clone();
        body[field] = value;
        let p = expect_invalid(create_res(&app, t, &body).await, &[field]).await;
        assert_eq!(field_names(&p), [field], "{why}");
    }
    // All at once: each named.
    let mut body = good.clone();
    body["snils"] = json!("112-233-445 96");
    body["birth_date"] = json!(tomorrow);
    body["email"] = json!("nope");
    body["phone"] = json!("123");
    body["last_name"] = json!("");
    let p =
        expect_invalid(create_res(&app, t, &body).await, &["snils", "birth_date", "email", "phone", "last_name"]).await;
    assert_eq!(p.errors.len(), 5, "{:?}", p.errors);
    assert_eq!(card_rows(&app).await, 0, "nothing stored");
    assert!(app.state.mailer.sent().iter().all(|m| !m.to.contains("example.org")));

    // An edit is validated the same way and leaves the card as it was.
    let p = add(&app, t, "Смирнова", "Ольга", "smirnova@example.org").await;
    let res = put(&app, &path(p.id, ""), Some(t), &body).await;
    expect_invalid(res, &["snils", "birth_date", "email", "phone", "last_name"]).await;
    assert_eq!(get_card(&app, t, p.id).await, p);
    // So is "register again".
    let res = post(&app, &path(p.id, "/register-again"), Some(t), &body).await;
    expect_invalid(res, &["snils", "email"]).await;
    assert_eq!(card_rows(&app).await, 1);
}

#[tokio::test]
async fn a_resend_to_a_corrected_address_corrects_the_card_and_its_consent() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    let p = add(&app, t, "Смирнова", "Ольга", "smirnvoa@example.org").await;
    assert_eq!(emails_to(&app, "smirnvoa@example.org").await.len(), 1);

    app.state.clock.advance(Duration::minutes(5));
    let res = send_res(&app, t, p.id, " Smirnova@Example.org ").await;
    let resent: PatientDto = json_of(res, 200).await;
    assert_eq!(resent.id, p.id);
    assert_eq!(resent.email.as_deref(), Some("smirnova@example.org"));
    let consent = resent.consents.iter().find(|c| c.kind == ConsentKind::EmailResults).unwrap();
    assert_eq!(consent.email.as_deref(), Some("smirnova@example.org"), "the consent follows the address");
    assert!(resent.missing_consents.is_empty(), "{:?}", resent.missing_consents);
    assert_eq!(resent.status, PatientStatus::Pending);
    assert_eq!(resent.invitation_sent_at, Some(t0() + Duration::minutes(5)));
    assert_eq!(resent.invitation_expires_at, Some(t0() + Duration::minutes(5) + Duration::days(10)));

    assert_eq!(emails_to(&app, "smirnova@example.org").await.len(), 1, "the corrected address gets it");
    assert_eq!(emails_to(&app, "smirnvoa@example.org").await.len(), 1, "nothing more to the wrong one");
    assert_eq!(get_card(&app, t, p.id).await, resent);
    assert_eq!(ids(&list(&app, t, "q=smirnova@").await), [p.id], "the search follows the new address");
    assert_eq!(list(&app, t, "q=smirnvoa").await.total, 0);

    // Resending to the same address changes nothing but the dates.
    app.state.clock.advance(Duration::minutes(3));
    let again: PatientDto = json_of(send_res(&app, t, p.id, "smirnova@example.org").await, 200).await;
    assert_eq!(again.consents, resent.consents);
    assert_eq!(again.invitation_sent_at, Some(t0() + Duration::minutes(8)));
    assert_eq!(emails_to(&app, "smirnova@example.org").await.len(), 2);

    expect_invalid(send_res(&app, t, p.id, "nope").await, &["email"]).await;
    assert_eq!(get_card(&app, t, p.id).await.email.as_deref(), Some("smirnova@example.org"));
}

// ---- the lapse (ACC-5) ----------------------------------------------------------------------

#[tokio::test]
async fn an_unanswered_invitation_lapses_to_deleted_patients_and_is_registered_again() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    let p = add(&app, t, "Смирнова", "Ольга", "smirnova@example.org").await;
    let waiting = create(&app, t, &with_consents(card("Орлова", "Вера", "orlova@example.org"), &[])).await;
    assert_eq!(emails_to(&app, "smirnova@example.org").await.len(), 1);

    jobs_at(&app, t0() + Duration::days(10) - Duration::minutes(1)).await;
    assert_eq!(get_card(&app, t, p.id).await.status, PatientStatus::Pending, "not yet");

    jobs_at(&app, t0() + Duration::days(10) + Duration::minutes(1)).await;
    let lapsed = get_card(&app, t, p.id).await;
    assert_eq!(lapsed.status, PatientStatus::Archived);
    assert_eq!(lapsed.archived_at, Some(t0() + Duration::days(10)));
    assert_eq!((lapsed.invitation_sent_at, lapsed.invitation_expires_at), (None, None));
    // The data is kept.
    assert_eq!((&lapsed.name, &lapsed.email, &lapsed.snils), (&p.name, &p.email, &p.snils));
    assert_eq!(lapsed.consents, p.consents);
    assert_eq!(lapsed.birth_date, p.birth_date);

    assert_eq!(ids(&list(&app, t, "").await), [waiting.id], "gone from the current list");
    assert_eq!(ids(&list(&app, t, "list=deleted").await), [p.id], "in Deleted patients");
    assert_eq!(get_card(&app, t, waiting.id).await.status, PatientStatus::Pending, "never invited: no lapse");
    let rows = audit_rows(&app, "patient.lapse").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(audited_ids(&rows[0]), [p.id]);
    assert_eq!((rows[0].account_id, rows[0].membership_id), (None, None), "done by the system");
    assert_eq!(rows[0].organization_id, Some(org.org.id.0));

    // A deleted patient is not invited, deactivated or activated: he is registered again.
    expect_problem(send_res(&app, t, p.id, "smirnova@example.org").await, 409, ErrorCode::Conflict).await;
    expect_problem(post_empty(&app, &path(p.id, "/deactivate"), Some(t)).await, 409, ErrorCode::Conflict).await;
    expect_problem(post_empty(&app, &path(p.id, "/activate"), Some(t)).await, 409, ErrorCode::Conflict).await;
    assert_eq!(emails_to(&app, "smirnova@example.org").await.len(), 1);

    // "Register again": the form prefilled, the address corrected.
    let later = t0() + Duration::days(11);
    app.state.clock.set(later);
    let session = login_ok(&app, &org.organizer_email, PASSWORD).await; // days later: a new login
    let t = session.token();
    let mut body = prefilled(&lapsed);
    body["email"] = json!("olga.smirnova@example.org");
    body["phone"] = json!("+7 900 000-00-01");
    let back: PatientDto = json_of(post(&app, &path(p.id, "/register-again"), Some(t), &body).await, 200).await;
    assert_eq!(back.id, p.id);
    assert_eq!(back.status, PatientStatus::Pending);
    assert_eq!(back.archived_at, None);
    assert_eq!(back.email.as_deref(), Some("olga.smirnova@example.org"));
    assert_eq!(back.phone.as_deref(), Some("+7 900 000-00-01"));
    assert!(back.missing_consents.is_empty(), "{:?}", back.missing_consents);
    assert_eq!(back.invitation_sent_at, Some(later));
    assert_eq!(back.invitation_expires_at, Some(later + Duration::days(10)));
    let mail = last_email_to(&app, "olga.smirnova@example.org").await;
    assert!(mail.text.contains(&format!("{ORIGIN}/register#email=olga.smirnova@example.org")), "{}", mail.text);
    assert_eq!(sorted(ids(&list(&app, t, "").await)), sorted(vec![p.id, waiting.id]));
    assert_eq!(list(&app, t, "list=deleted").await.total, 0);

    // Only a deleted patient is registered again.
    let res = post(&app, &path(p.id, "/register-again"), Some(t), &body).await;
    expect_problem(res, 409, ErrorCode::Conflict).await;
    let res =
        post(&app, &path(waiting.id, "/register-again"), Some(t), &card("Орлова", "Вера", "orlova@example.org")).await;
    expect_problem(res, 409, ErrorCode::Conflict).await;
    assert_eq!(get_card(&app, t, waiting.id).await.status, PatientStatus::Pending);
    assert!(emails_to(&app, "orlova@example.org").await.is_empty());

    // The fresh invitation lapses in its turn.
    jobs_at(&app, later + Duration::days(10) + Duration::minutes(1)).await;
    assert_eq!(get_card(&app, t, p.id).await.status, PatientStatus::Archived);
    assert_eq!(audit_rows(&app, "patient.lapse").await.len(), 2);
}

#[tokio::test]
async fn a_resend_postpones_the_lapse() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    let p = add(&app, t, "Смирнова", "Ольга", "smirnova@example.org").await;
    app.state.clock.set(t0() + Duration::days(5));
    let session = login_ok(&app, &org.organizer_email, PASSWORD).await;
    let t = session.token();
    json_of::<PatientDto>(send_res(&app, t, p.id, "smirnova@example.org").await, 200).await;

    jobs_at(&app, t0() + Duration::days(10) + Duration::minutes(1)).await;
    let card = get_card(&app, t, p.id).await;
    assert_eq!(card.status, PatientStatus::Pending, "resent at +5 days: not lapsed at +10");
    assert_eq!(card.invitation_expires_at, Some(t0() + Duration::days(15)));
    assert!(audit_rows(&app, "patient.lapse").await.is_empty());

    jobs_at(&app, t0() + Duration::days(15) + Duration::minutes(1)).await;
    assert_eq!(get_card(&app, t, p.id).await.status, PatientStatus::Archived);
    assert_eq!(audit_rows(&app, "patient.lapse").await.len(), 1);
}

#[tokio::test]
async fn a_deactivated_card_does_not_lapse() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    let p = add(&app, t, "Смирнова", "Ольга", "smirnova@example.org").await;
    json_of::<PatientDto>(post_empty(&app, &path(p.id, "/deactivate"), Some(t)).await, 200).await;
    jobs_at(&app, t0() + Duration::days(10) + Duration::minutes(1)).await;
    assert_eq!(get_card(&app, t, p.id).await.status, PatientStatus::Deactivated);
    assert!(audit_rows(&app, "patient.lapse").await.is_empty());
}

#[tokio::test]
async fn an_unaccepted_staff_invitation_lapses_and_an_accepted_one_stays() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    invite(&app, t, Role::Doctor, "never@city.test", "Никогда", "Иван").await;
    let accepted = member(&app, &org, Role::Doctor, "doc@city.test", "Петров", "Иван").await;
    // The same person invited to a second role that he never accepts.
    invite(&app, t, Role::Instructor, "doc@city.test", "Петров", "Иван").await;
    let staff = |page: Page<StaffMemberDto>| -> Vec<(String, Role)> {
        let mut v: Vec<(String, Role)> = page.items.into_iter().map(|m| (m.email, m.role)).collect();
        v.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.as_str().cmp(b.1.as_str())));
        v
    };
    let before: Page<StaffMemberDto> = json_of(get(&app, "/staff", Some(t)).await, 200).await;
    assert_eq!(before.total, 4);

    jobs_at(&app, t0() + Duration::days(10) - Duration::minutes(1)).await;
    let page: Page<StaffMemberDto> = json_of(get(&app, "/staff", Some(t)).await, 200).await;
    assert_eq!(page.total, 4, "not yet");

    jobs_at(&app, t0() + Duration::days(10) + Duration::minutes(1)).await;
    let page: Page<StaffMemberDto> = json_of(get(&app, "/staff", Some(t)).await, 200).await;
    assert_eq!(
        staff(page),
        [("doc@city.test".to_owned(), Role::Doctor), (org.organizer_email.clone(), Role::Organizer)],
        "the never-accepted invitations are removed"
    );
    // The accepted doctor is untouched: his session and his login work.
    assert_eq!(me(&app, accepted.token()).await.current.id, accepted.id);
    let s = login_ok(&app, "doc@city.test", PASSWORD).await;
    assert_eq!(s.dto.membership.id, accepted.id);
}

#[tokio::test]
async fn with_two_processes_the_lapse_runs_once() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    let mut cards = Vec::new();
    for (i, last) in ["Смирнова", "Орлова", "Козлова"].into_iter().enumerate() {
        cards.push(add(&app, t, last, "Ольга", &format!("p{i}@example.org")).await.id);
    }
    run_jobs(&app).await; // the emails go now; the lapses remain
    let other = second_process(&app, t0()).await;
    let at = t0() + Duration::days(10) + Duration::minutes(1);
    let (a, b) = tokio::join!(run_due(&app.state, at), run_due(&other, at));
    a.unwrap();
    b.unwrap();
    // None failed on the way (e.g. SQLite's "database is locked" between the two processes).
    for j in db::entities::job::Entity::find().all(&app.state.db).await.unwrap() {
        assert_eq!((j.status.as_str(), j.last_error.as_deref()), ("done", None), "{j:?}");
    }
    let rows = audit_rows(&app, "patient.lapse").await;
    let mut lapsed: Vec<PatientId> = rows.iter().flat_map(audited_ids).collect();
    lapsed.sort_by_key(|i| i.0);
    assert_eq!(lapsed, sorted(cards.clone()), "exactly one lapse row per card: {rows:?}");
    for id in cards {
        assert_eq!(get_card(&app, t, id).await.status, PatientStatus::Archived);
    }
    // Running again finds nothing to do.
    let (a, b) = tokio::join!(run_due(&app.state, at), run_due(&other, at));
    assert_eq!((a.unwrap(), b.unwrap()), (0, 0));
    assert_eq!(audit_rows(&app, "patient.lapse").await.len(), 3);
}

// ---- scope and tenancy ----------------------------------------------------------------------

/// An organization with two doctors, two assistants, an instructor and four patients:
/// `p[0]`, `p[1]` are doctor X's, `p[2]` doctor Y's, `p[3]` nobody's.
struct Clinic {
    org: Org,
    x: Member,
    y: Member,
    assistant: Member,
    idle_assistant: Member,
    instructor: Member,
    p: Vec<PatientDto>,
}

async fn clinic(app: &TestApp) -> Clinic {
    let org = one_org(app).await;
    let x = member(app, &org, Role::Doctor, "x@city.test", "Хирургов", "Олег").await;
    let y = member(app, &org, Role::Doctor, "y@city.test", "Юдин", "Павел").await;
    let assistant = member(app, &org, Role::Assistant, "asst@city.test", "Сидорова", "Мария").await;
    let idle_assistant = member(app, &org, Role::Assistant, "idle@city.test", "Лаврова", "Нина").await;
    let instructor = member(app, &org, Role::Instructor, "lfk@city.test", "Орлов", "Пётр").await;
    let mut p = Vec::new();
    for (i, last) in ["Абрамова", "Белова", "Волкова", "Гусева"].into_iter().enumerate() {
        p.push(add(app, org.token(), last, "Анна", &format!("p{i}@example.org")).await);
    }
    for (i, doctor) in [Some(x.id), Some(x.id), Some(y.id), None].into_iter().enumerate() {
        if let Some(d) = doctor {
            p[i] = set_doctors(app, org.token(), p[i].id, &[d]).await;
        }
    }
    Clinic { org, x, y, assistant, idle_assistant, instructor, p }
}

#[tokio::test]
async fn another_organizations_cards_are_not_found() {
    let app = spawn_app().await;
    let a = one_org(&app).await;
    let theirs = add(&app, a.token(), "Смирнова", "Ольга", "smirnova@example.org").await;
    let b = org_with_organizer(&app, &a.op_token, "Другая больница", "other").await;
    let b_doctor = member(&app, &b, Role::Doctor, "doc@other.test", "Петров", "Иван").await;
    let nobody = PatientId(uuid::Uuid::now_v7());
    let body = card("Подменова", "Ольга", "evil@other.test");
    for id in [theirs.id, nobody] {
        let tb = Some(b.token());
        expect_problem(get(&app, &path(id, ""), tb).await, 404, ErrorCode::NotFound).await;
        expect_problem(put(&app, &path(id, ""), tb, &body).await, 404, ErrorCode::NotFound).await;
        let res = post(&app, &path(id, "/invite"), tb, &json!({"email": "evil@other.test"})).await;
        expect_problem(res, 404, ErrorCode::NotFound).await;
        expect_problem(post_empty(&app, &path(id, "/deactivate"), tb).await, 404, ErrorCode::NotFound).await;
        expect_problem(post_empty(&app, &path(id, "/activate"), tb).await, 404, ErrorCode::NotFound).await;
        let res = post(&app, &path(id, "/register-again"), tb, &body).await;
        expect_problem(res, 404, ErrorCode::NotFound).await;
        let res = put(&app, &path(id, "/doctors"), tb, &json!({"doctor_ids": [b_doctor.id]})).await;
        expect_problem(res, 404, ErrorCode::NotFound).await;
        let res = post_empty(&app, &path(id, "/take"), Some(b_doctor.token())).await;
        expect_problem(res, 404, ErrorCode::NotFound).await;
        expect_problem(get(&app, &path(id, ""), Some(b_doctor.token())).await, 404, ErrorCode::NotFound).await;
    }
    assert_eq!(list(&app, b.token(), "").await.total, 0);
    assert_eq!(list(&app, b.token(), "q=смирнова").await.total, 0);
    assert_eq!(list(&app, b_doctor.token(), "all=true&q=смирнова").await.total, 0);
    // Untouched.
    assert_eq!(get_card(&app, a.token(), theirs.id).await, theirs);
    assert!(emails_to(&app, "evil@other.test").await.is_empty());
    assert_eq!(card_rows(&app).await, 1);
}

#[tokio::test]
async fn a_doctor_sees_exactly_his_patients() {
    let app = spawn_app().await;
    let c = clinic(&app).await;
    let x = c.x.token();
    assert_eq!(c.p[0].doctors.iter().map(|d| d.id).collect::<Vec<_>>(), [c.x.id]);
    assert_eq!(c.p[0].doctors[0].name, "Хирургов Олег");

    let mine = list(&app, x, "").await;
    assert_eq!(mine.total, 2);
    assert_eq!(ids(&mine), [c.p[0].id, c.p[1].id]);
    assert_eq!(ids(&list(&app, c.y.token(), "").await), [c.p[2].id]);
    assert_eq!(get_card(&app, x, c.p[0].id).await.id, c.p[0].id);
    for other in [&c.p[2], &c.p[3]] {
        expect_problem(get_card_res(&app, x, other.id).await, 404, ErrorCode::NotFound).await;
    }
    assert_eq!(list(&app, x, "q=волкова").await.total, 0, "a search stays in his patients");

    // The organizer filters by doctor; a doctor may not.
    assert_eq!(ids(&list(&app, c.org.token(), &format!("doctor={}", c.x.id.0)).await), [c.p[0].id, c.p[1].id]);
    let res = list_res(&app, x, &format!("doctor={}", c.y.id.0)).await;
    expect_problem(res, 403, ErrorCode::Forbidden).await;

    // Only the organizer edits cards.
    let id = c.p[0].id;
    let body = card("Абрамова", "Анна", "p0@example.org");
    for token in [x, c.assistant.token()] {
        expect_problem(create_res(&app, token, &body).await, 403, ErrorCode::Forbidden).await;
        expect_problem(put(&app, &path(id, ""), Some(token), &body).await, 403, ErrorCode::Forbidden).await;
        expect_problem(send_res(&app, token, id, "p0@example.org").await, 403, ErrorCode::Forbidden).await;
        let res = post_empty(&app, &path(id, "/deactivate"), Some(token)).await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
        expect_problem(post_empty(&app, &path(id, "/activate"), Some(token)).await, 403, ErrorCode::Forbidden).await;
        let res = post(&app, &path(id, "/register-again"), Some(token), &body).await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
        expect_problem(set_doctors_res(&app, token, id, &[c.y.id]).await, 403, ErrorCode::Forbidden).await;
    }
    assert_eq!(card_rows(&app).await, 4);
    assert_eq!(get_card(&app, c.org.token(), id).await, c.p[0], "unchanged");
    // Without a login: 401.
    expect_problem(get(&app, "/patients", None).await, 401, ErrorCode::Unauthorized).await;
    expect_problem(get(&app, &path(id, ""), None).await, 401, ErrorCode::Unauthorized).await;
}

#[tokio::test]
async fn an_assistant_sees_exactly_the_patients_of_his_doctors() {
    let app = spawn_app().await;
    let c = clinic(&app).await;
    let s = c.assistant.token();
    assert_eq!(list(&app, s, "").await.total, 0, "no doctors granted: no patients");
    expect_problem(get_card_res(&app, s, c.p[0].id).await, 404, ErrorCode::NotFound).await;

    set_access(&app, c.org.token(), c.assistant.id, &[c.x.id]).await;
    assert_eq!(ids(&list(&app, s, "").await), [c.p[0].id, c.p[1].id]);
    assert_eq!(get_card(&app, s, c.p[1].id).await.id, c.p[1].id);
    for other in [&c.p[2], &c.p[3]] {
        expect_problem(get_card_res(&app, s, other.id).await, 404, ErrorCode::NotFound).await;
    }
    // Another assistant's access is his own.
    assert_eq!(list(&app, c.idle_assistant.token(), "").await.total, 0);
    expect_problem(get_card_res(&app, c.idle_assistant.token(), c.p[0].id).await, 404, ErrorCode::NotFound).await;

    set_access(&app, c.org.token(), c.assistant.id, &[c.x.id, c.y.id]).await;
    assert_eq!(ids(&list(&app, s, "").await), [c.p[0].id, c.p[1].id, c.p[2].id]);
    expect_problem(get_card_res(&app, s, c.p[3].id).await, 404, ErrorCode::NotFound).await;
    set_access(&app, c.org.token(), c.assistant.id, &[c.y.id]).await;
    assert_eq!(ids(&list(&app, s, "").await), [c.p[2].id], "access taken away bites at once");
    expect_problem(get_card_res(&app, s, c.p[0].id).await, 404, ErrorCode::NotFound).await;

    // The organization-wide search and taking are a doctor's.
    expect_problem(list_res(&app, s, "all=true&q=гусева").await, 403, ErrorCode::Forbidden).await;
    let res = post_empty(&app, &path(c.p[3].id, "/take"), Some(s)).await;
    expect_problem(res, 403, ErrorCode::Forbidden).await;
}

#[tokio::test]
async fn an_instructor_has_no_patient_cards() {
    let app = spawn_app().await;
    let c = clinic(&app).await;
    let i = c.instructor.token();
    expect_problem(get(&app, "/patients", Some(i)).await, 403, ErrorCode::Forbidden).await;
    expect_problem(get_card_res(&app, i, c.p[0].id).await, 403, ErrorCode::Forbidden).await;
    let res = create_res(&app, i, &card("Абрамова", "Анна", "x@example.org")).await;
    expect_problem(res, 403, ErrorCode::Forbidden).await;
    expect_problem(post_empty(&app, &path(c.p[3].id, "/take"), Some(i)).await, 403, ErrorCode::Forbidden).await;
    // Nor does the operator.
    expect_problem(get(&app, "/patients", Some(&c.org.op_token)).await, 403, ErrorCode::Forbidden).await;
}

#[tokio::test]
async fn a_doctor_finds_and_takes_a_patient_of_his_organization() {
    let app = spawn_app().await;
    let c = clinic(&app).await;
    let x = c.x.token();
    for q in ["all=true&q=ab", "all=true&q=гу", "all=true&q=  гу  ", "all=true"] {
        let p = expect_invalid(list_res(&app, x, q).await, &["q"]).await;
        assert_eq!(field_names(&p), ["q"], "{q}");
    }
    let found = list(&app, x, "all=true&q=гусева").await;
    assert_eq!(ids(&found), [c.p[3].id], "a patient who is not his");
    let found = list(&app, x, "all=true&q=анна").await;
    assert_eq!(found.total, 4, "the whole organization");
    let other = org_with_organizer(&app, &c.org.op_token, "Другая больница", "other").await;
    add(&app, other.token(), "Гусева", "Анна", "guseva@other.test").await;
    assert_eq!(ids(&list(&app, x, "all=true&q=гусева").await), [c.p[3].id], "never another organization's");

    let taken: PatientDto = json_of(post_empty(&app, &path(c.p[3].id, "/take"), Some(x)).await, 200).await;
    assert_eq!(taken.doctors.iter().map(|d| d.id).collect::<Vec<_>>(), [c.x.id]);
    assert_eq!(ids(&list(&app, x, "").await), [c.p[0].id, c.p[1].id, c.p[3].id]);
    assert_eq!(get_card(&app, x, c.p[3].id).await.id, c.p[3].id);
    // Taking again is harmless; taking Y's patient makes him a patient of both.
    let again: PatientDto = json_of(post_empty(&app, &path(c.p[3].id, "/take"), Some(x)).await, 200).await;
    assert_eq!(again.doctors.len(), 1);
    let shared: PatientDto = json_of(post_empty(&app, &path(c.p[2].id, "/take"), Some(x)).await, 200).await;
    let mut doctors: Vec<MembershipId> = shared.doctors.iter().map(|d| d.id).collect();
    doctors.sort_by_key(|d| d.0);
    let mut both = vec![c.x.id, c.y.id];
    both.sort_by_key(|d| d.0);
    assert_eq!(doctors, both);
    assert_eq!(ids(&list(&app, c.y.token(), "").await), [c.p[2].id], "Y keeps his");

    // The organizer assigns; he does not take.
    let res = post_empty(&app, &path(c.p[0].id, "/take"), Some(c.org.token())).await;
    expect_problem(res, 403, ErrorCode::Forbidden).await;
    assert_eq!(get_card(&app, c.org.token(), c.p[0].id).await.doctors.len(), 1);
}

#[tokio::test]
async fn only_the_organizations_doctors_are_assigned() {
    let app = spawn_app().await;
    let c = clinic(&app).await;
    let t = c.org.token();
    let id = c.p[3].id;
    let other = org_with_organizer(&app, &c.org.op_token, "Другая больница", "other").await;
    let foreign = member(&app, &other, Role::Doctor, "doc@other.test", "Петров", "Иван").await;
    let organizer_id = me(&app, t).await.current.id;
    let nobody = MembershipId(uuid::Uuid::now_v7());
    for bad in [c.assistant.id, c.instructor.id, organizer_id, foreign.id, nobody] {
        let p = expect_invalid(set_doctors_res(&app, t, id, &[bad]).await, &["doctor_ids[0]"]).await;
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        // The failing one is named by its place in the request.
        let p = expect_invalid(set_doctors_res(&app, t, id, &[c.x.id, bad]).await, &["doctor_ids[1]"]).await;
        assert_eq!(field_names(&p), ["doctor_ids[1]"]);
        let p = expect_invalid(set_doctors_res(&app, t, id, &[bad, c.y.id]).await, &["doctor_ids[0]"]).await;
        assert_eq!(field_names(&p), ["doctor_ids[0]"]);
    }
    assert!(get_card(&app, t, id).await.doctors.is_empty(), "nothing assigned");

    let both = set_doctors(&app, t, id, &[c.y.id, c.x.id]).await;
    assert_eq!(both.doctors.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["Хирургов Олег", "Юдин Павел"]);
    let one = set_doctors(&app, t, id, &[c.y.id]).await;
    assert_eq!(one.doctors.iter().map(|d| d.id).collect::<Vec<_>>(), [c.y.id]);
    expect_problem(get_card_res(&app, c.x.token(), id).await, 404, ErrorCode::NotFound).await;
    let none = set_doctors(&app, t, id, &[]).await;
    assert!(none.doctors.is_empty());
    expect_problem(get_card_res(&app, c.y.token(), id).await, 404, ErrorCode::NotFound).await;
}

// ---- search, sort, pages --------------------------------------------------------------------

#[tokio::test]
async fn the_list_searches_sorts_and_paginates() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    // Created a minute apart, in this order.
    let people = [
        ("Фёдорова", "Елена", "fedorova@example.org", None),
        ("Алексеева", "Ольга", "alekseeva@example.org", None),
        ("Борисов", "Пётр", "borisov@example.org", Some(SNILS_2)),
        ("Зайцева", "Анна", "zaitseva@example.org", None),
    ];
    for (last, first, email, snils) in people {
        let mut body = card(last, first, email);
        body["snils"] = json!(snils);
        create(&app, t, &body).await;
        app.state.clock.advance(Duration::minutes(1));
    }
    let found = |q: &'static str| {
        let app = &app;
        async move { last_names(&list(app, t, q).await).into_iter().map(str::to_owned).collect::<Vec<_>>() }
    };
    // Cyrillic, case-insensitive, ё = е.
    assert_eq!(found("q=федорова").await, ["Фёдорова"]);
    assert_eq!(found("q=ФЁДОРОВА").await, ["Фёдорова"]);
    assert_eq!(found("q=петр").await, ["Борисов"]);
    assert_eq!(found("q=Пётр Борисов").await, ["Борисов"], "every word must match");
    assert!(found("q=пётр алексеева").await.is_empty());
    assert_eq!(found("q=ALEKSEEVA@").await, ["Алексеева"], "by email");
    assert_eq!(found("q=12345678964").await, ["Борисов"], "by SNILS digits");
    assert_eq!(found("q=456789").await, ["Борисов"]);
    assert_eq!(found("q=mis-000123").await.len(), 4, "by external id");
    assert!(found("q=никого").await.is_empty());
    assert!(found("q=%").await.is_empty(), "a wildcard is literal");
    assert_eq!(found("q=  ").await.len(), 4, "a blank search is no search");

    assert_eq!(found("").await, ["Алексеева", "Борисов", "Зайцева", "Фёдорова"], "by name by default");
    assert_eq!(found("sort=name").await, ["Алексеева", "Борисов", "Зайцева", "Фёдорова"]);
    assert_eq!(found("sort=oldest").await, ["Фёдорова", "Алексеева", "Борисов", "Зайцева"]);
    assert_eq!(found("sort=newest").await, ["Зайцева", "Борисов", "Алексеева", "Фёдорова"]);

    let p1 = list(&app, t, "per_page=3&sort=oldest").await;
    let p2 = list(&app, t, "per_page=3&sort=oldest&page=2").await;
    let p3 = list(&app, t, "per_page=3&sort=oldest&page=3").await;
    assert_eq!((p1.total, p1.items.len(), p2.total, p2.items.len(), p3.total, p3.items.len()), (4, 3, 4, 1, 4, 0));
    assert_eq!((p2.page, p2.per_page), (2, 3));
    assert_eq!(last_names(&p2), ["Зайцева"], "page 2 continues page 1");
    let q = list(&app, t, "q=ева&per_page=1").await;
    assert_eq!((q.total, q.items.len()), (2, 1), "the total counts the search, not the page");
    assert_eq!(list(&app, t, "list=deleted").await.total, 0);

    for (q, field) in [("per_page=0", "per_page"), ("per_page=101", "per_page"), ("page=0", "page")] {
        expect_invalid(list_res(&app, t, q).await, &[field]).await;
    }
    expect_problem(list_res(&app, t, "sort=sideways").await, 400, ErrorCode::InvalidParameter).await;
    expect_problem(list_res(&app, t, "list=trash").await, 400, ErrorCode::InvalidParameter).await;
}

// ---- the audit log (X-2) --------------------------------------------------------------------

#[tokio::test]
async fn reads_changes_and_refusals_are_audited() {
    let app = spawn_app().await;
    let c = clinic(&app).await;
    let t = c.org.token();
    let organizer = me(&app, t).await.current.id;
    let creates = audit_rows(&app, "patient.create").await;
    assert_eq!(creates.len(), 4, "every create, in its transaction");
    assert_eq!(audit_rows(&app, "patient.invite").await.len(), 4);
    assert_eq!(audit_rows(&app, "patient.doctors").await.len(), 3);
    assert!(audit_rows(&app, "patient.list").await.is_empty());

    // Two list requests: one row each, naming exactly what each returned.
    // A second apart, so the rows' times order them.
    let first = list(&app, t, "per_page=3").await;
    app.state.clock.advance(Duration::seconds(1));
    let second = list(&app, t, "per_page=3&page=2").await;
    app.state.clock.advance(Duration::seconds(1));
    let by_x = list(&app, c.x.token(), "").await;
    let rows = audit_rows(&app, "patient.list").await;
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(audited_ids(&rows[0]), ids(&first));
    assert_eq!(audited_ids(&rows[1]), ids(&second));
    assert_eq!(audited_ids(&rows[2]), ids(&by_x));
    assert_eq!(ids(&by_x), [c.p[0].id, c.p[1].id]);
    assert_eq!(rows[0].membership_id, Some(organizer.0));
    assert_eq!(rows[2].membership_id, Some(c.x.id.0));
    for r in &rows {
        assert_eq!(r.outcome, "ok");
        assert_eq!(r.organization_id, Some(c.org.org.id.0));
        assert!(r.account_id.is_some());
        assert!(r.client_ip.as_deref().is_some_and(|ip| ip.starts_with("127.")), "{r:?}");
    }

    // One read.
    get_card(&app, t, c.p[1].id).await;
    let reads = audit_rows(&app, "patient.read").await;
    assert_eq!(reads.len(), 1);
    assert_eq!(audited_ids(&reads[0]), [c.p[1].id]);
    assert_eq!(reads[0].entity_id.as_deref(), Some(c.p[1].id.0.to_string().as_str()));
    assert_eq!((reads[0].outcome.as_str(), reads[0].membership_id), ("ok", Some(organizer.0)));

    // A change: written with the change, no flush needed.
    let body = card("Абрамова", "Анна", "abramova@example.org");
    json_of::<PatientDto>(put(&app, &path(c.p[0].id, ""), Some(t), &body).await, 200).await;
    let updates = audit_rows(&app, "patient.update").await;
    assert_eq!(updates.len(), 1);
    assert_eq!((updates[0].outcome.as_str(), audited_ids(&updates[0])), ("ok", vec![c.p[0].id]));
    // A refused change is not recorded as a change.
    let mut bad = body.clone();
    bad["email"] = json!("x");
    expect_invalid(put(&app, &path(c.p[0].id, ""), Some(t), &bad).await, &["email"]).await;
    assert_eq!(audit_rows(&app, "patient.update").await.len(), 1);

    // Denied: another organization's id, a card outside a doctor's scope, an instructor.
    let other = org_with_organizer(&app, &c.org.op_token, "Другая больница", "other").await;
    let other_organizer = me(&app, other.token()).await.current.id;
    expect_problem(get_card_res(&app, other.token(), c.p[0].id).await, 404, ErrorCode::NotFound).await;
    expect_problem(get_card_res(&app, c.x.token(), c.p[3].id).await, 404, ErrorCode::NotFound).await;
    expect_problem(put(&app, &path(c.p[2].id, ""), Some(other.token()), &body).await, 404, ErrorCode::NotFound).await;
    expect_problem(get(&app, "/patients", Some(c.instructor.token())).await, 403, ErrorCode::Forbidden).await;
    expect_problem(get_card_res(&app, c.instructor.token(), c.p[1].id).await, 403, ErrorCode::Forbidden).await;

    let reads = audit_rows(&app, "patient.read").await;
    let denied: Vec<_> = reads.iter().filter(|r| r.outcome == "denied").collect();
    assert_eq!(denied.len(), 2, "{reads:?}");
    let foreign = denied.iter().find(|r| r.membership_id == Some(other_organizer.0)).expect("the other organizer");
    assert_eq!(foreign.entity_id.as_deref(), Some(c.p[0].id.0.to_string().as_str()));
    assert_eq!(foreign.organization_id, Some(other.org.id.0), "audited in the caller's organization");
    assert!(audited_ids(foreign).is_empty(), "a refusal returns no patient");
    let out_of_scope = denied.iter().find(|r| r.membership_id == Some(c.x.id.0)).expect("doctor X");
    assert_eq!(out_of_scope.entity_id.as_deref(), Some(c.p[3].id.0.to_string().as_str()));
    let updates = audit_rows(&app, "patient.update").await;
    let mut outcomes: Vec<(&str, Option<uuid::Uuid>)> =
        updates.iter().map(|r| (r.outcome.as_str(), r.membership_id)).collect();
    outcomes.sort();
    assert_eq!(outcomes, [("denied", Some(other_organizer.0)), ("ok", Some(organizer.0))]);

    let access = audit_rows(&app, "patient.access").await;
    assert_eq!(access.len(), 2, "{access:?}");
    assert!(access.iter().all(|r| r.outcome == "denied" && r.membership_id == Some(c.instructor.id.0)));
    let mut targets: Vec<Option<String>> = access.iter().map(|r| r.entity_id.clone()).collect();
    targets.sort();
    assert_eq!(targets, [None, Some(c.p[1].id.0.to_string())], "the list, and the card");
    // Nothing else was recorded as a read of the patients.
    assert_eq!(audit_rows(&app, "patient.list").await.len(), 3);
}

// ---- deactivation ---------------------------------------------------------------------------

#[tokio::test]
async fn deactivation_and_activation_of_a_card() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    let p = add(&app, t, "Смирнова", "Ольга", "smirnova@example.org").await;
    app.state.clock.advance(Duration::minutes(5));
    let off: PatientDto = json_of(post_empty(&app, &path(p.id, "/deactivate"), Some(t)).await, 200).await;
    assert_eq!(off.status, PatientStatus::Deactivated);
    assert_eq!(off.updated_at, t0() + Duration::minutes(5));
    assert_eq!(get_card(&app, t, p.id).await.status, PatientStatus::Deactivated);
    assert_eq!(ids(&list(&app, t, "").await), [p.id], "still in the current list");
    // A deactivated card gets no invitation.
    expect_problem(send_res(&app, t, p.id, "smirnova@example.org").await, 409, ErrorCode::Conflict).await;
    assert_eq!(emails_to(&app, "smirnova@example.org").await.len(), 1);
    // Deactivating twice is harmless.
    let again: PatientDto = json_of(post_empty(&app, &path(p.id, "/deactivate"), Some(t)).await, 200).await;
    assert_eq!(again.status, PatientStatus::Deactivated);

    let on: PatientDto = json_of(post_empty(&app, &path(p.id, "/activate"), Some(t)).await, 200).await;
    assert_eq!(on.status, PatientStatus::Pending, "never registered: not activated");
    // A pending card activated stays pending.
    let on: PatientDto = json_of(post_empty(&app, &path(p.id, "/activate"), Some(t)).await, 200).await;
    assert_eq!(on.status, PatientStatus::Pending);
    json_of::<PatientDto>(send_res(&app, t, p.id, "smirnova@example.org").await, 200).await;
    assert_eq!(emails_to(&app, "smirnova@example.org").await.len(), 2);

    // A registered card (linked to an account) activated is active again.
    let account = me(&app, t).await.account_id;
    let row = patient_card::Entity::find_by_id(p.id.0).one(&app.state.db).await.unwrap().unwrap();
    let mut am: patient_card::ActiveModel = row.into();
    am.account_id = db::sea_orm::ActiveValue::Set(Some(account.0));
    am.status = db::sea_orm::ActiveValue::Set(common::admin::PatientStatus::Active);
    patient_card::Entity::update(am).exec(&app.state.db).await.unwrap();
    let off: PatientDto = json_of(post_empty(&app, &path(p.id, "/deactivate"), Some(t)).await, 200).await;
    assert_eq!(off.status, PatientStatus::Deactivated);
    let on: PatientDto = json_of(post_empty(&app, &path(p.id, "/activate"), Some(t)).await, 200).await;
    assert_eq!(on.status, PatientStatus::Active);
    let rows = audit_rows(&app, "patient.deactivate").await;
    assert_eq!(rows.len(), 3);
    assert_eq!(audit_rows(&app, "patient.activate").await.len(), 3);
}

// ---- enum columns: an unknown stored value is an error, never a silent default -----------

#[tokio::test]
async fn an_unknown_stored_sex_or_status_is_a_500_not_a_default() {
    use db::sea_orm::sea_query::Expr;
    use db::sea_orm::{ColumnTrait, QueryFilter};
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    let p = add(&app, t, "Смирнова", "Ольга", "smirnova@example.org").await;
    let set = |column: patient_card::Column, value: &'static str| {
        patient_card::Entity::update_many()
            .col_expr(column, Expr::value(value))
            .filter(patient_card::Column::Id.eq(p.id.0))
            .exec(&app.state.db)
    };
    for (column, bogus) in [(patient_card::Column::Sex, "unknown"), (patient_card::Column::Status, "Active")] {
        set(column, bogus).await.unwrap();
        // Once read as `female`/`deactivated`; now the read fails and the cause goes to the log.
        expect_problem(get_card_res(&app, t, p.id).await, 500, ErrorCode::Internal).await;
        expect_problem(list_res(&app, t, "").await, 500, ErrorCode::Internal).await;
        set(patient_card::Column::Sex, "female").await.unwrap();
        set(patient_card::Column::Status, "pending").await.unwrap();
        assert_eq!(get_card(&app, t, p.id).await.status, PatientStatus::Pending, "a known value reads again");
    }
}

#[tokio::test]
async fn the_organizer_filters_by_status_doctor_and_missing_consents() {
    let app = spawn_app().await;
    let c = clinic(&app).await;
    let t = c.org.token();
    // One card without consents (not invited), one deactivated.
    let mut body = card("Дмитриева", "Вера", "dmitrieva@example.org");
    body["consents"] = json!(["personal_data"]);
    let bare = create(&app, t, &body).await;
    assert_eq!(bare.status, PatientStatus::Pending);
    post_empty(&app, &format!("/patients/{}/deactivate", c.p[3].id.0), Some(t)).await;
    assert_eq!(names(&app, t, "status=deactivated").await, ["Гусева"]);
    assert_eq!(names(&app, t, "status=pending").await, ["Абрамова", "Белова", "Волкова", "Дмитриева"]);
    assert!(names(&app, t, "status=active").await.is_empty());
    assert_eq!(names(&app, t, &format!("doctor={}", c.x.id.0)).await, ["Абрамова", "Белова"]);
    assert_eq!(names(&app, t, "consents_missing=true").await, ["Дмитриева"]);
    assert_eq!(names(&app, t, "consents_missing=false").await.len(), 5);
    // Filters combine with each other and with the search; the total counts the filtered list.
    let page = list(&app, t, &format!("doctor={}&status=pending&q=бел", c.x.id.0)).await;
    assert_eq!((page.total, last_names(&page)), (1, vec!["Белова"]));
    // A doctor or an assistant may not filter by doctor (the organizer's list); bad values are 400.
    for token in [c.x.token(), c.assistant.token()] {
        let res = list_res(&app, token, &format!("doctor={}", c.y.id.0)).await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
    }
    expect_problem(list_res(&app, t, "status=asleep").await, 400, ErrorCode::InvalidParameter).await;
    expect_problem(list_res(&app, t, "consents_missing=maybe").await, 400, ErrorCode::InvalidParameter).await;
    // Another organization's doctor id filters to nothing.
    let other = org_with_organizer(&app, &c.org.op_token, "Клиника Б", "b").await;
    let stranger = member(&app, &other, Role::Doctor, "b.doc@city.test", "Чужой", "Врач").await;
    assert!(list(&app, t, &format!("doctor={}", stranger.id.0)).await.items.is_empty());
}

/// The last names of a list page of `query`.
async fn names(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    last_names(&list(app, token, query).await).into_iter().map(str::to_owned).collect()
}
