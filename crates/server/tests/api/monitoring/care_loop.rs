//! Closing the monitoring loop (issue 14): one action per screen with the organization's number,
//! the worklist's take / let go, and the patient learning that his answers were seen.

use common::ErrorCode;
use common::alerts::Urgency;
use common::cabinet::{NotificationKind, NotificationPageDto};
use common::monitoring::{AlertDto, AlertState, MonitoringRowDto, TodayDto};
use common::page::Page;
use serde_json::{Value, json};

use crate::support::accounts::*;
use crate::support::admin::delete;
use crate::support::app::{TestApp, spawn_app};
use crate::support::cabinet::*;
use crate::support::monitoring::*;
use crate::support::monitoring_fixtures::{get_q, templates};
use crate::support::patients::{audit_rows, audited_ids, put};

const HOTLINE: &str = "+7 (495) 765-43-21";

async fn set_phones(app: &TestApp, c: &Clinic, hotline: Option<&str>) {
    let mut body: Value = json_of(get(app, "/settings/monitoring", Some(c.org.token())).await, 200).await;
    body["contacts"] = json!({ "department_phone": "+7 495 123-45-67", "hotline_phone": hotline, "answer_hours": 4 });
    assert_eq!(put(app, "/settings/monitoring", Some(c.org.token()), &body).await.status(), 200);
}

async fn today(app: &TestApp, token: &str) -> TodayDto {
    json_of(patient_get(app, "/cabinet/today", token, None).await, 200).await
}

async fn vitals(app: &TestApp, c: &Clinic, code: &str, value: f64) -> common::monitoring::SubmissionResultDto {
    let q = questionnaire_id(app, c.doctor.token(), "vitals").await;
    submit(app, c.patient.token(), &answers(q, None, json!([{ "code": code, "value": value }]))).await
}

async fn worklist(app: &TestApp, token: &str, query: &str) -> Page<AlertDto> {
    json_of(get_q(app, "/alerts", query, token).await, 200).await
}

fn take_path(a: &AlertDto) -> String {
    format!("/alerts/{}/take", a.id.0)
}

#[tokio::test]
async fn fever_asks_for_one_call_and_the_patient_learns_his_answers_were_seen() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    set_phones(&app, &c, Some(HOTLINE)).await;

    // 38.6 °C: one action — call the 24-hour line now — with its number, and no home-care text.
    let res = vitals(&app, &c, "vitals.temp_c", 38.6).await;
    let advice = res.advice.expect("advice");
    assert_eq!((advice.urgency, advice.phone.as_deref()), (Urgency::CallClinic, Some(HOTLINE)));
    assert!(advice.tips.is_empty());
    assert!(!advice.text.ru.contains("103"), "never two instructions: {}", advice.text.ru);
    let day = today(&app, c.patient.token()).await;
    assert_eq!(day.advice.as_ref().map(|a| a.urgency), Some(Urgency::CallClinic));
    assert_eq!(day.contacts.hotline_phone.as_deref(), Some(HOTLINE));
    assert_eq!(day.contacts.answer_hours, 4);
    assert!(day.reviews.is_empty());
    assert!(day.last_submission_at.is_some());

    // The doctor's worklist shows the reason and value; he takes it, and the assistant sees who.
    let list = worklist(&app, c.doctor.token(), "state=new").await;
    assert_eq!(list.total, 1);
    let alert = list.items[0].clone();
    assert_eq!((alert.rule.as_str(), alert.worst_value, alert.urgency), ("temp_high", 38.6, Urgency::CallClinic));
    let taken: AlertDto = json_of(post_empty(&app, &take_path(&alert), Some(c.doctor.token())).await, 200).await;
    assert_eq!((taken.state, taken.taken_by_name.as_deref()), (AlertState::InProgress, Some("Петров Олег")));
    let seen = worklist(&app, c.assistant.token(), "state=in_progress").await;
    assert_eq!(seen.items[0].taken_by, Some(c.doctor.id));
    assert_eq!(worklist(&app, c.assistant.token(), "state=new").await.total, 0);
    assert_eq!(worklist(&app, c.assistant.token(), "mine=true").await.total, 0);
    assert_eq!(worklist(&app, c.doctor.token(), "mine=true").await.total, 1);
    // The monitoring list names the worst reason, not a count.
    let rows: Page<MonitoringRowDto> =
        json_of(get(&app, "/monitoring/patients", Some(c.doctor.token())).await, 200).await;
    let worst = rows.items[0].worst.clone().expect("the worst open alert");
    assert_eq!((worst.rule.as_str(), worst.value, worst.unit.as_deref()), ("temp_high", 38.6, Some("°C")));

    // He acknowledges with a note for the patient; the internal note stays with the team.
    let body = json!({ "note": "Позвонил: фебрильная нейтропения исключена.", "patient_note": "  Принимайте парацетамол, завтра ждём вас.  " });
    let done: AlertDto =
        json_of(post(&app, &format!("/alerts/{}/acknowledge", alert.id.0), Some(c.doctor.token()), &body).await, 200)
            .await;
    assert_eq!(
        (done.state, done.patient_note.as_deref()),
        (AlertState::Closed, Some("Принимайте парацетамол, завтра ждём вас."))
    );

    let res = patient_get(&app, "/cabinet/today", c.patient.token(), None).await;
    let text = res.text().await.unwrap();
    assert!(!text.contains("нейтропения"), "the internal note never reaches the patient");
    let day: TodayDto = serde_json::from_str(&text).unwrap();
    assert!(day.advice.is_none(), "nothing open");
    assert_eq!(day.reviews.len(), 1);
    let review = &day.reviews[0];
    assert_eq!((review.reviewer_name.as_str(), review.reviewer_role), ("Петров О.", common::auth::Role::Doctor));
    assert_eq!(review.note.as_deref(), Some("Принимайте парацетамол, завтра ждём вас."));
    // A cabinet notification, and an email that names no value and no symptom.
    let notes: NotificationPageDto =
        json_of(patient_get(&app, "/cabinet/notifications", c.patient.token(), None).await, 200).await;
    assert!(notes.items.iter().any(|n| n.kind == NotificationKind::AnswersReviewed && n.subject == "Петров О."));
    let email = emails_to(&app, "a.patient@example.org").await.pop().expect("an email");
    assert!(email.text.contains("просмотрела ваши ответы"), "{}", email.text);
    assert!(!email.text.contains("38") && !email.text.contains("парацетамол"), "{}", email.text);
}

#[tokio::test]
async fn a_call_with_no_number_to_call_becomes_the_emergency_action() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let res = vitals(&app, &c, "vitals.temp_c", 38.6).await;
    let advice = res.advice.unwrap();
    assert_eq!((advice.urgency, advice.phone), (Urgency::Emergency, None));
    // SpO2 88 % is an emergency even with a number to call.
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    set_phones(&app, &c, Some(HOTLINE)).await;
    assert_eq!(vitals(&app, &c, "vitals.spo2", 88.0).await.advice.unwrap().urgency, Urgency::Emergency);
    let list = worklist(&app, c.doctor.token(), "urgency=emergency").await;
    assert_eq!(list.total, 1);
    assert_eq!(worklist(&app, c.doctor.token(), "urgency=call_clinic").await.total, 1, "at least as urgent");
}

#[tokio::test]
async fn taking_an_alert_is_for_its_care_team_and_one_member_at_a_time() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    templates(&app, b.org.org.id.0).await;
    set_phones(&app, &a, Some(HOTLINE)).await;
    vitals(&app, &a, "vitals.temp_c", 39.0).await;
    let alert = worklist(&app, a.doctor.token(), "").await.items[0].clone();
    let path = take_path(&alert);

    // Another organization's staff and a doctor without the patient: 404; wrong roles: 403.
    for token in [b.doctor.token(), b.assistant.token(), a.other_doctor.token()] {
        expect_problem(post_empty(&app, &path, Some(token)).await, 404, ErrorCode::NotFound).await;
        expect_problem(delete(&app, &path, Some(token)).await, 404, ErrorCode::NotFound).await;
    }
    for token in [a.org.token(), a.patient.token(), b.patient.token()] {
        expect_problem(post_empty(&app, &path, Some(token)).await, 403, ErrorCode::Forbidden).await;
    }
    let missing = format!("/alerts/{}/take", uuid::Uuid::now_v7());
    expect_problem(post_empty(&app, &missing, Some(a.doctor.token())).await, 404, ErrorCode::NotFound).await;

    // The assistant takes it; the doctor cannot take it from him nor let it go for him.
    let mine: AlertDto = json_of(post_empty(&app, &path, Some(a.assistant.token())).await, 200).await;
    assert_eq!(mine.taken_by_name.as_deref(), Some("Козлова Мария"));
    let again: AlertDto = json_of(post_empty(&app, &path, Some(a.assistant.token())).await, 200).await;
    assert_eq!(again.taken_at, mine.taken_at, "taking one's own again changes nothing");
    expect_problem(post_empty(&app, &path, Some(a.doctor.token())).await, 409, ErrorCode::AlertTaken).await;
    expect_problem(delete(&app, &path, Some(a.doctor.token())).await, 409, ErrorCode::AlertTaken).await;
    let free: AlertDto = json_of(delete(&app, &path, Some(a.assistant.token())).await, 200).await;
    assert_eq!((free.state, free.taken_by), (AlertState::New, None));
    let taken: AlertDto = json_of(post_empty(&app, &path, Some(a.doctor.token())).await, 200).await;
    assert_eq!(taken.state, AlertState::InProgress);

    // Closed: nobody takes it any more. Anyone of the team may close one taken by another.
    let body = json!({ "note": "Осмотрен" });
    let ack = post(&app, &format!("/alerts/{}/acknowledge", alert.id.0), Some(a.assistant.token()), &body).await;
    assert_eq!(ack.status(), 200);
    expect_problem(post_empty(&app, &path, Some(a.doctor.token())).await, 409, ErrorCode::AlertAcknowledged).await;
    expect_problem(delete(&app, &path, Some(a.doctor.token())).await, 409, ErrorCode::AlertAcknowledged).await;
    assert_eq!(worklist(&app, a.doctor.token(), "state=closed").await.total, 1);

    let takes: Vec<_> = audit_rows(&app, "alert.take").await.into_iter().filter(|r| r.outcome == "ok").collect();
    assert_eq!(takes.len(), 3);
    assert_eq!(audited_ids(&takes[0]), vec![a.patient.id()]);
    assert!(audit_rows(&app, "alert.take").await.iter().any(|r| r.outcome == "denied"));
    assert_eq!(audit_rows(&app, "alert.release").await.iter().filter(|r| r.outcome == "ok").count(), 1);
    let res = get_q(&app, "/alerts", "state=done", a.doctor.token()).await;
    expect_problem(res, 400, ErrorCode::InvalidParameter).await;
}

#[tokio::test]
async fn a_patient_note_is_checked_and_today_is_the_patients_own() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    set_phones(&app, &a, None).await;
    vitals(&app, &a, "vitals.temp_c", 38.2).await;
    let alert = worklist(&app, a.doctor.token(), "").await.items[0].clone();
    let path = format!("/alerts/{}/acknowledge", alert.id.0);
    let body = json!({ "note": "", "patient_note": "ж".repeat(2001) });
    expect_invalid(post(&app, &path, Some(a.doctor.token()), &body).await, &["note", "patient_note"]).await;
    // A blank note for the patient is none; the review still shows who looked.
    let body = json!({ "note": "Ок", "patient_note": "   " });
    let done: AlertDto = json_of(post(&app, &path, Some(a.doctor.token()), &body).await, 200).await;
    assert_eq!(done.patient_note, None);
    let day = today(&app, a.patient.token()).await;
    assert_eq!((day.reviews.len(), day.reviews[0].note.clone()), (1, None));
    assert_eq!(day.contacts.department_phone.as_deref(), Some("+7 495 123-45-67"));

    // Another organization's patient sees nothing of it; another card is 404; staff are 403.
    assert!(today(&app, b.patient.token()).await.reviews.is_empty());
    let res = patient_get(&app, "/cabinet/today", b.patient.token(), Some(a.patient.id())).await;
    expect_problem(res, 404, ErrorCode::NotFound).await;
    for token in [a.doctor.token(), a.org.token()] {
        expect_problem(get(&app, "/cabinet/today", Some(token)).await, 403, ErrorCode::Forbidden).await;
    }
}

#[tokio::test]
async fn the_vitals_diary_is_assigned_on_a_schedule_and_the_patients_words_reach_the_alert() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    // A diary may be assigned like any questionnaire (issue 14); it stays open at any time.
    let a = assign(&app, &c, "vitals", &daily("2026-11-22")).await;
    assert!(!a.last_due_answered);
    // He answers it without naming the assignment (the diary's own page does not): the
    // submission answers today's due day all the same, with his note.
    let q = questionnaire_id(&app, c.doctor.token(), "vitals").await;
    let body = answers(
        q,
        None,
        json!([
            { "code": "vitals.temp_c", "value": 38.6 },
            { "code": "vitals.note", "value": "Озноб с утра, принял парацетамол" }
        ]),
    );
    submit(&app, c.patient.token(), &body).await;
    let now = assignments(&app, c.doctor.token(), c.patient.id()).await;
    assert!(now[0].last_due_answered, "{now:?}");
    // A second entry the same day is kept and answers nothing more.
    submit(&app, c.patient.token(), &answers(q, None, json!([{ "code": "vitals.pulse", "value": 80 }]))).await;

    // The alert shows what he wrote with the value, to the doctor and the assistant.
    for token in [c.doctor.token(), c.assistant.token()] {
        let list = worklist(&app, token, "").await;
        let alert = list.items.iter().find(|a| a.rule == "temp_high").expect("the fever alert");
        assert_eq!(alert.patient_words.len(), 1, "{:?}", alert.patient_words);
        assert_eq!(alert.patient_words[0].item, "vitals.note");
        assert_eq!(alert.patient_words[0].text, "Озноб с утра, принял парацетамол");
        assert_eq!(alert.patient_words[0].label.as_ref().map(|l| l.ru.as_str()), Some("Заметка"));
    }
    // One alert read by id says the same; the patient's own page of alerts is the same list.
    let fever = worklist(&app, c.doctor.token(), "").await.items.into_iter().find(|a| a.rule == "temp_high").unwrap();
    let one: AlertDto = json_of(get(&app, &format!("/alerts/{}", fever.id.0), Some(c.doctor.token())).await, 200).await;
    assert_eq!(one.patient_words, fever.patient_words);
    let of_patient = worklist(&app, c.doctor.token(), &format!("patient={}", c.patient.id().0)).await;
    assert!(of_patient.items.iter().any(|a| a.patient_words == fever.patient_words));
    // The chart series mark when a value joined an alert: the fever, not the pulse.
    let set: common::monitoring::SeriesSetDto = json_of(
        get(&app, &format!("/patients/{}/monitoring/series", c.patient.id().0), Some(c.doctor.token())).await,
        200,
    )
    .await;
    let marks = |code: &str| set.series.iter().find(|s| s.code == code).map(|s| s.alert_at.len());
    assert_eq!((marks("vitals.temp_c"), marks("vitals.pulse")), (Some(1), Some(0)));
    // The assistant may not assign (403).
    let res = assign_res(&app, c.assistant.token(), c.patient.id(), q, &daily("2026-11-22")).await;
    expect_problem(res, 403, ErrorCode::DoctorOnly).await;
}
