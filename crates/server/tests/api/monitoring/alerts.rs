//! Alerts (MON-5): the clinicians' list and acknowledgement, escalation to the covering doctor
//! after the organization's limit, and silence alerts from the hourly sweep.

use chrono::Duration;
use common::ErrorCode;
use common::monitoring::{AlertDto, AlertStatus};
use common::page::Page;
use common::questionnaire::{Repeat, Schedule};
use common::templates::codes;
use db::entities::{alert, job};
use db::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use server::domains::monitoring::silence::sweep;

use crate::support::accounts::*;
use crate::support::app::{spawn_app, t0};
use crate::support::cabinet::*;
use crate::support::monitoring_fixtures::*;
use crate::support::patients::{add, audit_rows, audited_ids, put, set_doctors};

async fn alerts_page(app: &crate::support::app::TestApp, token: &str, query: &str) -> Page<AlertDto> {
    json_of(get_q(app, "/alerts", query, token).await, 200).await
}

fn ids(p: &Page<AlertDto>) -> Vec<uuid::Uuid> {
    p.items.iter().map(|a| a.id.0).collect()
}

#[tokio::test]
async fn a_clinician_acknowledges_an_alert_with_a_note() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    templates(&app, a.org.org.id.0).await;
    let opened = fever(&app, a.patient.id(), 38.6).await;
    // The care team is emailed, with no patient and no value in the email.
    for to in ["a.doctor@example.org", "a.assistant@example.org"] {
        let email = emails_to(&app, to).await.pop().unwrap();
        assert!(email.subject.contains("сигнал мониторинга"), "{}", email.subject);
        assert!(!email.text.contains("Белова") && !email.subject.contains("Белова"), "{}", email.text);
    }
    assert!(emails_to(&app, "a.doctor2@example.org").await.iter().all(|e| !e.subject.contains("сигнал")));

    let page = alerts_page(&app, a.doctor.token(), "").await;
    assert_eq!(page.total, 1);
    let dto = &page.items[0];
    assert_eq!(
        (dto.id.0, dto.status, dto.rule.as_str(), dto.item.as_str()),
        (opened.id, AlertStatus::Open, "temp_high", codes::TEMP)
    );
    assert_eq!((dto.patient_name.as_str(), dto.unit.as_deref()), ("Белова Ирина Павловна", Some("°C")));
    assert_eq!((dto.worst_value, dto.reference, dto.values, dto.notified), (38.6, 38.0, 1, 1));
    assert!(dto.item_label.as_ref().is_some_and(|l| l.ru.contains("Температура")), "{:?}", dto.item_label);
    assert_eq!(alerts_page(&app, a.assistant.token(), "").await.total, 1);
    assert_eq!(alerts_page(&app, a.other_doctor.token(), "").await.total, 0);
    assert_eq!(alerts_page(&app, b.doctor.token(), "").await.total, 0);
    let theirs = format!("patient={}", b.patient.id().0);
    expect_problem(get_q(&app, "/alerts", &theirs, a.doctor.token()).await, 404, ErrorCode::NotFound).await;

    let path = format!("/alerts/{}", opened.id);
    let one: AlertDto = json_of(get(&app, &path, Some(a.assistant.token())).await, 200).await;
    assert_eq!(&one, dto);
    for token in [a.other_doctor.token(), b.doctor.token(), b.assistant.token()] {
        expect_problem(get(&app, &path, Some(token)).await, 404, ErrorCode::NotFound).await;
        expect_problem(ack(&app, opened.id, token, "видел").await, 404, ErrorCode::NotFound).await;
    }
    for token in [a.org.token(), a.patient.token()] {
        expect_problem(get(&app, &path, Some(token)).await, 403, ErrorCode::Forbidden).await;
        expect_problem(get(&app, "/alerts", Some(token)).await, 403, ErrorCode::Forbidden).await;
        expect_problem(ack(&app, opened.id, token, "видел").await, 403, ErrorCode::Forbidden).await;
    }
    let missing = format!("/alerts/{}", uuid::Uuid::now_v7());
    expect_problem(get(&app, &missing, Some(a.doctor.token())).await, 404, ErrorCode::NotFound).await;

    app.state.clock.advance(Duration::minutes(10));
    expect_invalid(ack(&app, opened.id, a.doctor.token(), "   ").await, &["note"]).await;
    expect_invalid(ack(&app, opened.id, a.doctor.token(), &"ж".repeat(2001)).await, &["note"]).await;
    let note = "Позвонили пациенту: парацетамол, осмотр завтра.";
    let done = ack_ok(&app, opened.id, a.assistant.token(), &format!("  {note} ")).await;
    assert_eq!(done.status, AlertStatus::Acknowledged);
    assert_eq!(done.note.as_deref(), Some(note));
    assert_eq!(done.acknowledged_by_name.as_deref(), Some("Козлова Мария"));
    assert_eq!(done.acknowledged_at, Some(t0() + Duration::minutes(10)));
    assert_eq!(done.time_to_ack_secs, Some(10 * 60));
    let res = ack(&app, opened.id, a.doctor.token(), "и я").await;
    expect_problem(res, 409, ErrorCode::AlertAcknowledged).await;
    assert_eq!(event_kinds(&app, opened.id).await, vec!["opened", "acknowledged"]);
    let row = alert_row(&app, opened.id).await;
    assert_eq!(row.acknowledged_by, Some(a.assistant.id.0));

    let acks: Vec<_> = audit_rows(&app, "alert.acknowledge").await.into_iter().filter(|r| r.outcome == "ok").collect();
    assert_eq!(acks.len(), 1);
    assert_eq!(audited_ids(&acks[0]), vec![a.patient.id()]);
    let reads = audit_rows(&app, "alert.read").await;
    assert!(reads.iter().any(|r| r.outcome == "ok" && audited_ids(r) == vec![a.patient.id()]));
    assert!(reads.iter().any(|r| r.outcome == "denied"));
    let lists = audit_rows(&app, "alert.list").await;
    assert!(lists.iter().any(|r| audited_ids(r) == vec![a.patient.id()]));
}

#[tokio::test]
async fn the_list_shows_open_alerts_first_escalated_first_then_the_oldest() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    templates(&app, a.org.org.id.0).await;
    let second = registered_patient(&app, &a.org, "Андреева", "Ольга", "a.second@example.org").await;
    set_doctors(&app, a.org.token(), second.id(), &[a.doctor.id]).await;
    let stranger = add(&app, a.org.token(), "Зайцева", "Нина", "a.stranger@example.org").await;

    let body = json!({
        "rules": common::alerts::default_rules(), "advice": common::alerts::AdviceTexts::default(), "contacts": common::alerts::ClinicContacts::default(),
        "escalation_minutes": 600, "covering_doctor_id": a.other_doctor.id, "reminder_hour": 9,
    });
    assert_eq!(put(&app, "/settings/monitoring", Some(a.org.token()), &body).await.status(), 200);
    let first = fever(&app, a.patient.id(), 38.2).await;
    app.state.clock.advance(Duration::minutes(1));
    let (pain, _) = fire(&app, second.id(), "pain_high", codes::PAIN, 8.0).await;
    app.state.clock.advance(Duration::minutes(1));
    let (spo2, _) = fire(&app, a.patient.id(), "spo2_low", codes::SPO2, 90.0).await;
    app.state.clock.advance(Duration::minutes(1));
    ack_ok(&app, first.id, a.doctor.token(), "Жаропонижающее, контроль вечером").await;
    assert!(
        server::domains::monitoring::escalation::escalate(&app.state, spo2.id, app.state.clock.now()).await.unwrap()
    );

    let all = alerts_page(&app, a.doctor.token(), "").await;
    assert_eq!(ids(&all), vec![spo2.id, pain.id, first.id]);
    assert!(all.items[0].escalated_at.is_some());
    assert_eq!(all.items[0].escalated_to_name.as_deref(), Some("Сидоров Иван"));
    assert_eq!(ids(&alerts_page(&app, a.doctor.token(), "status=open").await), vec![spo2.id, pain.id]);
    assert_eq!(ids(&alerts_page(&app, a.doctor.token(), "status=acknowledged").await), vec![first.id]);
    let p = format!("patient={}", second.id().0);
    assert_eq!(ids(&alerts_page(&app, a.assistant.token(), &p).await), vec![pain.id]);
    let paged = alerts_page(&app, a.doctor.token(), "per_page=1&page=2").await;
    assert_eq!((ids(&paged), paged.total), (vec![pain.id], 3));

    // The covering doctor sees what escalated to him, and only that.
    let covering = alerts_page(&app, a.other_doctor.token(), "").await;
    assert_eq!(ids(&covering), vec![spo2.id]);
    let p = format!("patient={}", a.patient.id().0);
    assert_eq!(ids(&alerts_page(&app, a.other_doctor.token(), &p).await), vec![spo2.id]);
    let path = format!("/alerts/{}", first.id);
    expect_problem(get(&app, &path, Some(a.other_doctor.token())).await, 404, ErrorCode::NotFound).await;
    let done = ack_ok(&app, spo2.id, a.other_doctor.token(), "Вызвал скорую").await;
    assert_eq!(done.acknowledged_by_name.as_deref(), Some("Сидоров Иван"));

    // A patient the caller may not see, and bad parameters.
    let p = format!("patient={}", stranger.id.0);
    expect_problem(get_q(&app, "/alerts", &p, a.doctor.token()).await, 404, ErrorCode::NotFound).await;
    let p = format!("patient={}", second.id().0);
    expect_problem(get_q(&app, "/alerts", &p, a.other_doctor.token()).await, 404, ErrorCode::NotFound).await;
    let res = get_q(&app, "/alerts", "status=closed", a.doctor.token()).await;
    expect_problem(res, 400, ErrorCode::InvalidParameter).await;
    expect_invalid(get_q(&app, "/alerts", "per_page=1000", a.doctor.token()).await, &["per_page"]).await;
}

async fn escalate_jobs(app: &crate::support::app::TestApp) -> u64 {
    job::Entity::find().filter(job::Column::Kind.eq("alert.escalate")).count(&app.state.db).await.unwrap()
}

#[tokio::test]
async fn an_unacknowledged_alert_escalates_to_the_covering_doctor_after_the_limit() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    templates(&app, a.org.org.id.0).await;
    // No covering doctor: nothing to escalate to, no job.
    let first = fever(&app, a.patient.id(), 38.1).await;
    assert_eq!(escalate_jobs(&app).await, 0);
    ack_ok(&app, first.id, a.doctor.token(), "Ок").await;

    let body = json!({
        "rules": common::alerts::default_rules(), "advice": common::alerts::AdviceTexts::default(), "contacts": common::alerts::ClinicContacts::default(),
        "escalation_minutes": 60, "covering_doctor_id": a.other_doctor.id, "reminder_hour": 9,
    });
    assert_eq!(put(&app, "/settings/monitoring", Some(a.org.token()), &body).await.status(), 200);
    let late = fever(&app, a.patient.id(), 39.0).await;
    let (in_time, _) = fire(&app, a.patient.id(), "pain_high", codes::PAIN, 9.0).await;
    assert_eq!(escalate_jobs(&app).await, 2);
    let covering_mail = || async {
        emails_to(&app, "a.doctor2@example.org").await.into_iter().filter(|e| e.subject.contains("передан")).count()
    };

    app.state.clock.advance(Duration::minutes(59));
    run_jobs(&app).await;
    assert!(alert_row(&app, late.id).await.escalated_at.is_none(), "not before the limit");
    let assistant = token_for(&app, "a.assistant@example.org").await;
    ack_ok(&app, in_time.id, &assistant, "Обезболивание усилено").await;

    app.state.clock.advance(Duration::minutes(2));
    run_jobs(&app).await;
    let row = alert_row(&app, late.id).await;
    assert_eq!(row.escalated_at, Some(t0() + Duration::minutes(61)));
    assert_eq!(row.escalated_to, Some(a.other_doctor.id.0));
    assert_eq!(row.escalated_to_name.as_deref(), Some("Сидоров Иван"));
    assert_eq!(event_kinds(&app, late.id).await, vec!["opened", "escalated"]);
    assert!(alert_row(&app, in_time.id).await.escalated_at.is_none(), "acknowledged in time");
    assert_eq!(covering_mail().await, 1);
    let covering = token_for(&app, "a.doctor2@example.org").await;
    let seen: AlertDto = json_of(get(&app, &format!("/alerts/{}", late.id), Some(&covering)).await, 200).await;
    assert!(seen.escalated_at.is_some());
    let rows = audit_rows(&app, "alert.escalate").await;
    assert_eq!((rows.len(), audited_ids(&rows[0])), (1, vec![a.patient.id()]));

    // Run again: nothing more happens.
    app.state.clock.advance(Duration::hours(2));
    run_jobs(&app).await;
    assert!(
        !server::domains::monitoring::escalation::escalate(&app.state, late.id, app.state.clock.now()).await.unwrap()
    );
    assert_eq!(event_kinds(&app, late.id).await.len(), 2);
    assert_eq!(covering_mail().await, 1);
}

async fn alerts_of(app: &crate::support::app::TestApp, card: uuid::Uuid) -> Vec<alert::Model> {
    alert::Entity::find().filter(alert::Column::PatientCardId.eq(card)).all(&app.state.db).await.unwrap()
}

#[tokio::test]
async fn silence_opens_one_alert_after_the_rules_days() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    let q = templates(&app, a.org.org.id.0).await;
    let quiet = registered_patient(&app, &a.org, "Андреева", "Ольга", "a.quiet@example.org").await;
    set_doctors(&app, a.org.token(), quiet.id(), &[a.doctor.id]).await;
    let daily = Schedule { repeat: Repeat::Daily, start: t0().date_naive(), until: None };
    assign(&app, a.patient.id(), q["vitals"], daily.clone(), t0()).await;
    // `quiet` has no assignment: nothing is expected of him.
    submit(&app, a.patient.id(), q["vitals"], &[(codes::TEMP, 36.6)], t0() + Duration::days(3), None).await;
    let card = a.patient.id().0;
    let sweep_at = |d: i64, h: i64| {
        app.state.clock.set(t0() + Duration::days(d) + Duration::hours(h));
        sweep(&app.state, app.state.clock.now())
    };

    assert_eq!(sweep_at(9, 23).await.unwrap(), 0, "six days since the last submission");
    assert_eq!(sweep_at(10, 0).await.unwrap(), 1);
    let opened = alerts_of(&app, card).await;
    assert_eq!(opened.len(), 1);
    let s = &opened[0];
    assert_eq!((s.rule.as_str(), s.rule_kind.as_str(), s.item.as_str()), ("silence", "silence", ""));
    assert_eq!((s.first_value, s.reference, s.status.as_str()), (7.0, 7.0, "open"));
    for to in ["a.doctor@example.org", "a.assistant@example.org"] {
        assert!(emails_to(&app, to).await.iter().any(|e| e.subject.contains("сигнал мониторинга")));
    }
    // Later sweeps neither open another nor join it.
    assert_eq!(sweep_at(10, 1).await.unwrap(), 0);
    assert_eq!(sweep_at(12, 0).await.unwrap(), 0);
    let still = alerts_of(&app, card).await;
    assert_eq!((still.len(), still[0].values_count, still[0].notified), (1, 1, 1));
    assert!(alerts_of(&app, quiet.id().0).await.is_empty());

    // Acknowledged: the days count again from the acknowledgement.
    let doctor = token_for(&app, "a.doctor@example.org").await;
    ack_ok(&app, s.id, &doctor, "Дозвонились, всё хорошо").await;
    assert_eq!(sweep_at(18, 23).await.unwrap(), 0);
    assert_eq!(sweep_at(19, 0).await.unwrap(), 1);
    assert_eq!(alerts_of(&app, card).await.len(), 2);
    assert_eq!(audit_rows(&app, "alert.silence").await.len(), 2);
}

#[tokio::test]
async fn silence_follows_the_patients_own_rule_and_ended_assignments_expect_nothing() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    let q = templates(&app, a.org.org.id.0).await;
    let daily = Schedule { repeat: Repeat::Daily, start: t0().date_naive(), until: None };
    assign(&app, a.patient.id(), q["esas_r"], daily, t0()).await;
    let body = json!({ "overrides": [{ "code": "silence", "kind": "silence", "days": 2 }], "time_zone": null });
    let path = format!("/patients/{}/monitoring/settings", a.patient.id().0);
    assert_eq!(put(&app, &path, Some(a.doctor.token()), &body).await.status(), 200);
    assert_eq!(sweep(&app.state, t0() + Duration::days(1)).await.unwrap(), 0);
    assert_eq!(sweep(&app.state, t0() + Duration::days(2)).await.unwrap(), 1);

    // Another patient whose assignment ended is not expected to report.
    let other = registered_patient(&app, &a.org, "Андреева", "Ольга", "a.other@example.org").await;
    let daily = Schedule { repeat: Repeat::Daily, start: t0().date_naive(), until: None };
    let ended = assign(&app, other.id(), q["vitals"], daily, t0()).await;
    use db::sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let mut am: db::entities::assignment::ActiveModel =
        db::entities::assignment::Entity::find_by_id(ended).one(&app.state.db).await.unwrap().unwrap().into();
    am.ended_at = Set(Some(t0()));
    am.update(&app.state.db).await.unwrap();
    assert_eq!(sweep(&app.state, t0() + Duration::days(30)).await.unwrap(), 0);
    assert!(alerts_of(&app, other.id().0).await.is_empty());
}

#[tokio::test]
async fn the_silence_sweep_runs_hourly_as_a_periodic_job() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    let q = templates(&app, a.org.org.id.0).await;
    let daily = Schedule { repeat: Repeat::Daily, start: (t0() - Duration::days(8)).date_naive(), until: None };
    assign(&app, a.patient.id(), q["vitals"], daily, t0() - Duration::days(8)).await;
    server::platform::jobs::schedule_periodic(&app.state, app.state.clock.now()).await.unwrap();
    run_jobs(&app).await;
    assert!(alerts_of(&app, a.patient.id().0).await.is_empty(), "the first run is at the next hour");
    app.state.clock.advance(Duration::hours(1));
    run_jobs(&app).await;
    let opened = alerts_of(&app, a.patient.id().0).await;
    assert_eq!((opened.len(), opened[0].first_value), (1, 8.0));
    let next = job::Entity::find()
        .filter(job::Column::Kind.eq("monitoring.silence"))
        .filter(job::Column::Status.eq(job::STATUS_QUEUED))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(next.len(), 1, "the next hour's run is queued");
}
