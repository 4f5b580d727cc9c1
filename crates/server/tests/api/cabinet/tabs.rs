//! The cabinet's tabs (CAB-5, CAB-7, CAB-8, CAB-9, CAB-11, CAB-10 requests): the patient
//! switcher, profile, news, prices, notifications, feedback and dependents — for the card the
//! request acts for, never another patient's, never another organization's.

use chrono::Duration;
use common::ErrorCode;
use common::admin::{NewsDto, PriceItemDto};
use common::cabinet::{
    CabinetContextDto, CabinetProfileDto, CardRelation, DependentRequestDto, DependentRequestStatus, FeedbackDto,
    FeedbackStatus, NotificationKind, NotificationPageDto,
};
use common::ids::PatientId;
use db::entities::{dependent_request, feedback, notification};
use db::sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};
use server::platform::notifications::{Notice, notify};

use crate::support::accounts::*;
use crate::support::app::{TestApp, spawn_app, t0};
use crate::support::cabinet::*;
use crate::support::patients::audit_rows;

fn feedback_body(subject: &str) -> Value {
    json!({ "category": "question", "subject": subject, "text": "Можно ли перенести приём на пятницу?" })
}

fn dependent_body() -> Value {
    json!({ "last_name": "Белов", "first_name": "Павел", "middle_name": "Сергеевич", "birth_date": "2015-06-01", "sex": "male" })
}

/// Stores `n` notifications of a card, a minute apart, through the real `notify`.
pub async fn notifications(app: &TestApp, card: PatientId, n: usize) {
    let card = db::entities::patient_card::Entity::find_by_id(card.0).one(&app.state.db).await.unwrap().unwrap();
    for i in 0..n {
        let subject = format!("Запись {i}");
        let notice = Notice { kind: NotificationKind::EntrySigned, subject: &subject, link: None, email: false };
        notify(&app.state.db, "http://localhost", &card, notice, t0() + Duration::minutes(i as i64)).await.unwrap();
    }
}

async fn post_empty_as(app: &TestApp, path: &str, token: &str, card: Option<PatientId>) -> reqwest::Response {
    as_patient(app, reqwest::Method::POST, path, token, card).send().await.unwrap()
}

#[tokio::test]
async fn context_profile_and_staff_are_refused() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let p = &a.patient;

    let ctx: CabinetContextDto = json_of(patient_get(&app, "/cabinet/context", p.token(), None).await, 200).await;
    assert_eq!(ctx.organization_name, "Клиника А");
    assert_eq!(ctx.current.id, p.id());
    assert_eq!(ctx.current.relation, CardRelation::Own);
    assert_eq!(ctx.current.name, "Белова Ирина Павловна");
    assert_eq!(ctx.cards.len(), 1);

    let prof: CabinetProfileDto = json_of(patient_get(&app, "/cabinet/profile", p.token(), None).await, 200).await;
    assert_eq!(prof.patient_id, p.id());
    assert_eq!((prof.last_name.as_str(), prof.first_name.as_str()), ("Белова", "Ирина"));
    assert_eq!(prof.account_email, p.email);
    assert_eq!(prof.email.as_deref(), Some(p.email.as_str()));
    assert_eq!(prof.organization_name, "Клиника А");
    assert!(prof.account_actions);
    let rows = audit_rows(&app, "cabinet.profile").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].acting_for, None);
    assert_eq!(rows[0].entity_id.as_deref(), Some(p.id().0.to_string().as_str()));

    // His own card named explicitly is fine; another patient's card (another organization) is 404.
    let res = patient_get(&app, "/cabinet/profile", p.token(), Some(p.id())).await;
    assert_eq!(res.status(), 200);
    for path in ["/cabinet/context", "/cabinet/profile", "/cabinet/notifications", "/cabinet/feedback"] {
        let res = patient_get(&app, path, p.token(), Some(b.patient.id())).await;
        expect_problem(res, 404, ErrorCode::NotFound).await;
    }

    // Staff tokens are not patients.
    for path in [
        "/cabinet/context",
        "/cabinet/profile",
        "/cabinet/news",
        "/cabinet/prices",
        "/cabinet/notifications",
        "/cabinet/feedback",
        "/cabinet/dependents",
    ] {
        expect_problem(get(&app, path, Some(a.doctor.session.token())).await, 403, ErrorCode::Forbidden).await;
        expect_problem(get(&app, path, Some(a.org.token())).await, 403, ErrorCode::Forbidden).await;
        expect_problem(get(&app, path, Some(a.other_doctor.session.token())).await, 403, ErrorCode::Forbidden).await;
        expect_problem(get(&app, path, None).await, 401, ErrorCode::Unauthorized).await;
    }
    let res = post(&app, "/cabinet/feedback", Some(a.doctor.session.token()), &feedback_body("Тема")).await;
    expect_problem(res, 403, ErrorCode::Forbidden).await;
    let res = post(&app, "/cabinet/dependents", Some(a.org.token()), &dependent_body()).await;
    expect_problem(res, 403, ErrorCode::Forbidden).await;
    let res = post_empty(&app, "/cabinet/notifications/read-all", Some(a.assistant.session.token())).await;
    expect_problem(res, 403, ErrorCode::Forbidden).await;

    // A malformed header is a 422 naming it.
    let res = app
        .client
        .get(api(&app, "/cabinet/profile"))
        .bearer_auth(p.token())
        .header(common::cabinet::PATIENT_HEADER, "not-an-id")
        .send()
        .await
        .unwrap();
    expect_invalid(res, &["X-Patient-Id"]).await;
}

#[tokio::test]
async fn news_shows_only_visible_published_items_of_his_organization() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let news = |title: &str, on: &str, visible: bool| json!({ "title": title, "body": "Текст.", "publish_on": on, "visible": visible });
    for (title, on, visible) in [
        ("Старая", "2026-10-01", true),
        ("Сегодня", "2026-11-22", true),
        ("Скрытая", "2026-11-01", false),
        ("Будущая", "2026-11-23", true),
    ] {
        let res = post(&app, "/news", Some(a.org.token()), &news(title, on, visible)).await;
        assert_eq!(res.status(), 201);
    }
    let res = post(&app, "/news", Some(b.org.token()), &news("Чужая", "2026-11-01", true)).await;
    assert_eq!(res.status(), 201);

    let got: Vec<NewsDto> = json_of(patient_get(&app, "/cabinet/news", a.patient.token(), None).await, 200).await;
    let titles: Vec<&str> = got.iter().map(|n| n.title.as_str()).collect();
    assert_eq!(titles, ["Сегодня", "Старая"]);

    // The next day in Moscow the future item appears (a fresh token: the clock moved a day).
    app.state.clock.advance(Duration::days(1));
    let session = login_ok(&app, &a.patient.email, PATIENT_PASSWORD).await;
    let got: Vec<NewsDto> = json_of(patient_get(&app, "/cabinet/news", session.token(), None).await, 200).await;
    assert_eq!(got.first().map(|n| n.title.as_str()), Some("Будущая"));
}

#[tokio::test]
async fn prices_show_active_services_and_search_like_the_organizer() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let service = |section: &str, code: &str, name: &str, active: bool| json!({ "section": section, "code": code, "name": name, "price": 250000, "active": active });
    for body in [
        service("Консультации", "B01.027.002", "Приём врача-онколога повторный", true),
        service("Консультации", "B01.027.001", "Приём врача-онколога первичный", true),
        service("Анализы", "A09.05.001", "Ёмкость анализа крови", true),
        service("Анализы", "A09.05.999", "Снятая услуга", false),
    ] {
        assert_eq!(post(&app, "/prices", Some(a.org.token()), &body).await.status(), 201);
    }
    let other = service("Консультации", "X1", "Приём чужой", true);
    assert_eq!(post(&app, "/prices", Some(b.org.token()), &other).await.status(), 201);

    let all: Vec<PriceItemDto> =
        json_of(patient_get(&app, "/cabinet/prices", a.patient.token(), None).await, 200).await;
    let codes: Vec<&str> = all.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["A09.05.001", "B01.027.001", "B01.027.002"], "by section, then code; active only");

    for (q, want) in [
        ("ПРИЁМ", vec!["B01.027.001", "B01.027.002"]),
        ("емкость", vec!["A09.05.001"]),
        ("b01.027.001", vec!["B01.027.001"]),
        ("снятая", vec![]),
    ] {
        let url = reqwest::Url::parse_with_params(&api(&app, "/cabinet/prices"), &[("q", q)]).unwrap();
        let res = app.client.get(url).bearer_auth(a.patient.token()).send().await.unwrap();
        let got: Vec<PriceItemDto> = json_of(res, 200).await;
        let codes: Vec<&str> = got.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, want, "q={q}");
    }
}

#[tokio::test]
async fn notifications_page_newest_first_and_are_marked_read_per_card() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let p = &a.patient;
    notifications(&app, p.id(), 3).await;
    notifications(&app, b.patient.id(), 1).await;

    let page: NotificationPageDto =
        json_of(patient_get(&app, "/cabinet/notifications?per_page=2", p.token(), None).await, 200).await;
    assert_eq!((page.total, page.unread, page.items.len()), (3, 3, 2));
    assert_eq!(page.items[0].subject, "Запись 2", "newest first");
    assert_eq!(page.items[0].kind, NotificationKind::EntrySigned);
    let page2: NotificationPageDto =
        json_of(patient_get(&app, "/cabinet/notifications?per_page=2&page=2", p.token(), None).await, 200).await;
    assert_eq!(page2.items.len(), 1);
    assert_eq!(page2.items[0].subject, "Запись 0");

    let res = patient_get(&app, "/cabinet/notifications?per_page=0", p.token(), None).await;
    expect_invalid(res, &["per_page"]).await;
    let res = patient_get(&app, "/cabinet/notifications?page=0", p.token(), None).await;
    expect_invalid(res, &["page"]).await;

    let first = page.items[0].id;
    let res = post_empty_as(&app, &format!("/cabinet/notifications/{}/read", first), p.token(), None).await;
    assert_eq!(res.status(), 204);
    let res = post_empty_as(&app, &format!("/cabinet/notifications/{}/read", first), p.token(), None).await;
    assert_eq!(res.status(), 204, "again is a no-op");
    let page: NotificationPageDto =
        json_of(patient_get(&app, "/cabinet/notifications", p.token(), None).await, 200).await;
    assert_eq!(page.unread, 2);
    assert_eq!(page.items[0].read_at, Some(t0()));

    // Another patient's (another organization's) notification is 404 and stays unread.
    let theirs: NotificationPageDto =
        json_of(patient_get(&app, "/cabinet/notifications", b.patient.token(), None).await, 200).await;
    let res =
        post_empty_as(&app, &format!("/cabinet/notifications/{}/read", theirs.items[0].id), p.token(), None).await;
    expect_problem(res, 404, ErrorCode::NotFound).await;
    let res =
        post_empty_as(&app, &format!("/cabinet/notifications/{}/read", uuid::Uuid::now_v7()), p.token(), None).await;
    expect_problem(res, 404, ErrorCode::NotFound).await;

    let res = post_empty_as(&app, "/cabinet/notifications/read-all", p.token(), None).await;
    assert_eq!(res.status(), 204);
    let page: NotificationPageDto =
        json_of(patient_get(&app, "/cabinet/notifications", p.token(), None).await, 200).await;
    assert_eq!(page.unread, 0);
    let theirs: NotificationPageDto =
        json_of(patient_get(&app, "/cabinet/notifications", b.patient.token(), None).await, 200).await;
    assert_eq!(theirs.unread, 1, "read-all touches only the current card");
    assert_eq!(notification::Entity::find().count(&app.state.db).await.unwrap(), 4);
}

#[tokio::test]
async fn feedback_is_validated_listed_newest_first_and_rate_limited() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let p = &a.patient;

    let res = patient_post(
        &app,
        "/cabinet/feedback",
        p.token(),
        None,
        &json!({ "category": "question", "subject": "  ", "text": "" }),
    )
    .await;
    let problem = expect_invalid(res, &["subject", "text"]).await;
    assert!(problem.errors.iter().all(|e| e.code == "required"));
    let long = json!({ "category": "complaint", "subject": "т".repeat(201), "text": "т".repeat(4001) });
    let res = patient_post(&app, "/cabinet/feedback", p.token(), None, &long).await;
    let problem = expect_invalid(res, &["subject", "text"]).await;
    assert!(problem.errors.iter().all(|e| e.code == "too_long"));
    let res = patient_post(
        &app,
        "/cabinet/feedback",
        p.token(),
        None,
        &json!({ "category": "nonsense", "subject": "a", "text": "b" }),
    )
    .await;
    assert_eq!(res.status(), 422);
    let at_limit =
        json!({ "category": "gratitude", "subject": format!("  {}  ", "т".repeat(200)), "text": "т".repeat(4000) });
    let f: FeedbackDto = json_of(patient_post(&app, "/cabinet/feedback", p.token(), None, &at_limit).await, 201).await;
    assert_eq!(f.subject.chars().count(), 200, "trimmed");
    assert_eq!(f.patient_id, p.id());
    assert_eq!(f.patient_name, "Белова Ирина Павловна");
    assert_eq!(f.written_by, None);
    assert_eq!(f.status, FeedbackStatus::New);
    assert_eq!(f.created_at, t0());
    assert_eq!(audit_rows(&app, "feedback.create").await.len(), 1);

    for i in 1..10 {
        app.state.clock.advance(Duration::minutes(1));
        let res =
            patient_post(&app, "/cabinet/feedback", p.token(), None, &feedback_body(&format!("Вопрос {i}"))).await;
        assert_eq!(res.status(), 201);
    }
    let res = patient_post(&app, "/cabinet/feedback", p.token(), None, &feedback_body("Одиннадцатый")).await;
    expect_problem(res, 429, ErrorCode::RateLimited).await;
    assert_eq!(feedback::Entity::find().count(&app.state.db).await.unwrap(), 10);
    // Another card is not limited by his.
    let res = patient_post(&app, "/cabinet/feedback", b.patient.token(), None, &feedback_body("Другой")).await;
    assert_eq!(res.status(), 201);

    let list: Vec<FeedbackDto> = json_of(patient_get(&app, "/cabinet/feedback", p.token(), None).await, 200).await;
    assert_eq!(list.len(), 10);
    assert_eq!(list[0].subject, "Вопрос 9", "newest first");
    assert!(list.iter().all(|f| f.patient_id == p.id()));

    // A day after the first message, one more fits (a fresh token: the clock moved).
    app.state.clock.set(t0() + Duration::days(1) + Duration::seconds(1));
    let session = login_ok(&app, &p.email, PATIENT_PASSWORD).await;
    let res = patient_post(&app, "/cabinet/feedback", session.token(), None, &feedback_body("Снова")).await;
    assert_eq!(res.status(), 201);
}

#[tokio::test]
async fn dependents_are_requested_validated_and_listed_per_account() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let p = &a.patient;

    let bad = json!({ "last_name": "", "first_name": "1", "middle_name": "x".repeat(101), "birth_date": "2026-11-23", "sex": "male" });
    let res = patient_post(&app, "/cabinet/dependents", p.token(), None, &bad).await;
    expect_invalid(res, &["last_name", "first_name", "middle_name", "birth_date"]).await;
    let res = patient_post(
        &app,
        "/cabinet/dependents",
        p.token(),
        None,
        &json!({ "last_name": "Белов", "first_name": "Павел", "birth_date": "2015-06-01", "sex": "other" }),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert_eq!(dependent_request::Entity::find().count(&app.state.db).await.unwrap(), 0);

    let r: DependentRequestDto =
        json_of(patient_post(&app, "/cabinet/dependents", p.token(), None, &dependent_body()).await, 201).await;
    assert_eq!(r.status, DependentRequestStatus::Requested);
    assert_eq!(
        (r.last_name.as_str(), r.first_name.as_str(), r.middle_name.as_deref()),
        ("Белов", "Павел", Some("Сергеевич"))
    );
    assert_eq!(r.requested_by_email, p.email);
    assert_eq!(r.requested_by_name, "Белова Ирина Павловна");
    assert_eq!(r.patient_id, None);
    // Born today is fine.
    let today = json!({ "last_name": "Белова", "first_name": "Анна", "birth_date": "2026-11-22", "sex": "female" });
    assert_eq!(patient_post(&app, "/cabinet/dependents", p.token(), None, &today).await.status(), 201);
    assert_eq!(
        patient_post(&app, "/cabinet/dependents", b.patient.token(), None, &dependent_body()).await.status(),
        201
    );

    let mine: Vec<DependentRequestDto> =
        json_of(patient_get(&app, "/cabinet/dependents", p.token(), None).await, 200).await;
    assert_eq!(mine.len(), 2);
    assert!(mine.iter().all(|d| d.requested_by_email == p.email));
    let theirs: Vec<DependentRequestDto> =
        json_of(patient_get(&app, "/cabinet/dependents", b.patient.token(), None).await, 200).await;
    assert_eq!(theirs.len(), 1);
}
