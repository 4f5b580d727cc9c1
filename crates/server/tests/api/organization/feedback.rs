//! The organizer's feedback (CAB-11): his organization's messages, newest first, filtered by
//! status; marking one answered notifies the card (in the cabinet and by email) once.

use chrono::Duration;
use common::ErrorCode;
use common::cabinet::{FeedbackDto, FeedbackStatus, NotificationKind, NotificationPageDto};
use common::page::Page;
use db::entities::notification;
use db::sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

use crate::support::accounts::*;
use crate::support::admin::get_query;
use crate::support::app::{TestApp, spawn_app, t0};
use crate::support::cabinet::*;
use crate::support::patients::audit_rows;

async fn send(app: &TestApp, token: &str, subject: &str) -> FeedbackDto {
    let body = json!({ "category": "question", "subject": subject, "text": "Текст сообщения." });
    json_of(patient_post(app, "/cabinet/feedback", token, None, &body).await, 201).await
}

async fn page(app: &TestApp, token: &str, query: &str) -> Page<FeedbackDto> {
    json_of(get_query(app, "/feedback", query, Some(token)).await, 200).await
}

#[tokio::test]
async fn the_organizer_lists_his_feedback_and_answers_it_once() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let first = send(&app, a.patient.token(), "Первое").await;
    app.state.clock.advance(Duration::minutes(1));
    let second = send(&app, a.patient.token(), "Второе").await;
    let theirs = send(&app, b.patient.token(), "Чужое").await;

    let all = page(&app, a.org.token(), "").await;
    assert_eq!(all.total, 2);
    let subjects: Vec<&str> = all.items.iter().map(|f| f.subject.as_str()).collect();
    assert_eq!(subjects, ["Второе", "Первое"]);
    assert_eq!(all.items[0].patient_name, "Белова Ирина Павловна");
    let one = page(&app, a.org.token(), "per_page=1&page=2").await;
    assert_eq!((one.total, one.items.len(), one.items[0].id), (2, 1, first.id));
    expect_invalid(get_query(&app, "/feedback", "per_page=101", Some(a.org.token())).await, &["per_page"]).await;
    assert_eq!(get_query(&app, "/feedback", "status=bogus", Some(a.org.token())).await.status(), 400);
    assert!(!audit_rows(&app, "feedback.list").await.is_empty());

    // Doctors, assistants and patients are not organizers.
    for token in [a.doctor.session.token(), a.assistant.session.token(), a.patient.token()] {
        expect_problem(get(&app, "/feedback", Some(token)).await, 403, ErrorCode::Forbidden).await;
        let res = post(&app, &format!("/feedback/{}/answered", first.id), Some(token), &json!({})).await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
    }
    // Another organization's message is 404.
    let res = post(&app, &format!("/feedback/{}/answered", theirs.id), Some(a.org.token()), &json!({})).await;
    expect_problem(res, 404, ErrorCode::NotFound).await;
    // The note is at most 4,000 characters.
    let res = post(
        &app,
        &format!("/feedback/{}/answered", second.id),
        Some(a.org.token()),
        &json!({ "note": "н".repeat(4001) }),
    )
    .await;
    expect_invalid(res, &["note"]).await;
    assert_eq!(notification::Entity::find().count(&app.state.db).await.unwrap(), 0);

    app.state.clock.advance(Duration::minutes(1));
    let body = json!({ "note": "  Перезвонили, приём перенесён.  " });
    let done: FeedbackDto =
        json_of(post(&app, &format!("/feedback/{}/answered", second.id), Some(a.org.token()), &body).await, 200).await;
    assert_eq!(done.status, FeedbackStatus::Answered);
    assert_eq!(done.answered_at, Some(t0() + Duration::minutes(2)));
    assert_eq!(done.answer_note.as_deref(), Some("Перезвонили, приём перенесён."));
    let res = post(&app, &format!("/feedback/{}/answered", second.id), Some(a.org.token()), &json!({})).await;
    expect_problem(res, 409, ErrorCode::Conflict).await;

    // The card is notified once: in the cabinet and by email, naming no content.
    let notes: NotificationPageDto =
        json_of(patient_get(&app, "/cabinet/notifications", a.patient.token(), None).await, 200).await;
    assert_eq!(notes.total, 1);
    assert_eq!(notes.items[0].kind, NotificationKind::FeedbackAnswered);
    assert_eq!(notes.items[0].subject, "Второе");
    assert_eq!(notes.items[0].link.as_deref(), Some("/cabinet/feedback"));
    run_jobs(&app).await;
    let mail = last_email_to(&app, &a.patient.email).await;
    assert!(!mail.text.contains("Перезвонили"), "no answer text in the email");

    let answered = page(&app, a.org.token(), "status=answered").await;
    assert_eq!(answered.items.iter().map(|f| f.id).collect::<Vec<_>>(), [second.id]);
    let new = page(&app, a.org.token(), "status=new").await;
    assert_eq!(new.items.iter().map(|f| f.id).collect::<Vec<_>>(), [first.id]);
    // The patient sees the answer.
    let mine: Vec<FeedbackDto> =
        json_of(patient_get(&app, "/cabinet/feedback", a.patient.token(), None).await, 200).await;
    assert_eq!(mine[0].status, FeedbackStatus::Answered);
    assert_eq!(audit_rows(&app, "feedback.answer").await.len(), 1);
}
