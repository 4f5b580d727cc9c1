//! The live channel (MON-5): one-time tickets, the SSE stream of the alerts a clinician may
//! see, and the fan-out across server processes (PostgreSQL LISTEN/NOTIFY).

use std::time::Duration as StdDuration;

use chrono::Duration;
use common::ErrorCode;
use common::monitoring::{LiveEvent, LiveEventKind, LiveTicketDto};
use common::templates::codes;
use db::entities::one_time_token;
use db::sea_orm::{ColumnTrait, DbBackend, EntityTrait, QueryFilter};
use reqwest::Response;
use serde_json::json;
use server::domains::monitoring::alerts;

use crate::support::accounts::*;
use crate::support::app::{TestApp, spawn_app, t0};
use crate::support::cabinet::*;
use crate::support::monitoring_fixtures::*;
use crate::support::patients::{put, second_process};

async fn ticket(app: &TestApp, token: &str) -> LiveTicketDto {
    json_of(post(app, "/live/ticket", Some(token), &json!({})).await, 200).await
}

async fn live_res(app: &TestApp, ticket: &str) -> Response {
    let url = reqwest::Url::parse_with_params(&api(app, "/live"), &[("ticket", ticket)]).unwrap();
    app.client.get(url).send().await.unwrap()
}

/// An open stream and what was read of it.
struct Stream {
    res: Response,
    buf: String,
}

impl Stream {
    /// Opens the caller's stream: a ticket, then `GET /live`; reads the `: connected` comment.
    async fn open(app: &TestApp, token: &str) -> Self {
        let t = ticket(app, token).await;
        let res = live_res(app, &t.ticket).await;
        assert_eq!(res.status(), 200);
        let ct = res.headers().get("content-type").unwrap().to_str().unwrap().to_owned();
        assert!(ct.starts_with("text/event-stream"), "{ct}");
        let mut s = Self { res, buf: String::new() };
        assert_eq!(s.frame().await.as_deref(), Some(": connected"));
        s
    }

    /// The next frame (without its blank line), or `None` when the stream ended.
    async fn frame(&mut self) -> Option<String> {
        loop {
            if let Some(i) = self.buf.find("\n\n") {
                let frame = self.buf[..i].to_owned();
                self.buf.drain(..i + 2);
                return Some(frame);
            }
            let chunk = tokio::time::timeout(StdDuration::from_secs(10), self.res.chunk())
                .await
                .expect("a frame within 10 s")
                .unwrap();
            self.buf.push_str(std::str::from_utf8(&chunk?).unwrap());
        }
    }

    /// The next `event: alert` frame's event.
    async fn alert(&mut self) -> LiveEvent {
        loop {
            let frame = self.frame().await.expect("the stream is open");
            if let Some(rest) = frame.strip_prefix("event: alert\ndata: ") {
                return serde_json::from_str(rest).unwrap();
            }
            assert!(frame.starts_with(':'), "unexpected frame {frame:?}");
        }
    }
}

#[tokio::test]
async fn tickets_are_for_clinicians_once_and_for_a_minute() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    for token in [a.org.token(), a.patient.token()] {
        let res = post(&app, "/live/ticket", Some(token), &json!({})).await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
    }
    expect_problem(post(&app, "/live/ticket", None, &json!({})).await, 401, ErrorCode::Unauthorized).await;

    let t = ticket(&app, a.assistant.token()).await;
    assert_eq!(t.expires_at, t0() + Duration::seconds(60));
    let stored = one_time_token::Entity::find()
        .filter(one_time_token::Column::Purpose.eq("live"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].token_hash, t.ticket, "stored hashed");
    assert_eq!(stored[0].membership_id, Some(a.assistant.id.0));
    assert_eq!(live_res(&app, &t.ticket).await.status(), 200);
    expect_problem(live_res(&app, &t.ticket).await, 401, ErrorCode::TicketInvalid).await;
    expect_problem(live_res(&app, "not-a-ticket").await, 401, ErrorCode::TicketInvalid).await;
    let res = app.client.get(api(&app, "/live")).send().await.unwrap();
    expect_problem(res, 401, ErrorCode::TicketInvalid).await;

    let late = ticket(&app, a.doctor.token()).await;
    app.state.clock.advance(Duration::seconds(61));
    expect_problem(live_res(&app, &late.ticket).await, 401, ErrorCode::TicketInvalid).await;
    // A new ticket clears the account's spent and expired ones.
    ticket(&app, a.assistant.token()).await;
    ticket(&app, a.doctor.token()).await;
    let left = one_time_token::Entity::find()
        .filter(one_time_token::Column::Purpose.eq("live"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(left.len(), 2, "one fresh ticket each");
    // A deactivated membership's ticket is refused.
    let t = ticket(&app, a.other_doctor.token()).await;
    let res = post_empty(&app, &format!("/staff/{}/deactivate", a.other_doctor.id.0), Some(a.org.token())).await;
    assert_eq!(res.status(), 200);
    expect_problem(live_res(&app, &t.ticket).await, 401, ErrorCode::TicketInvalid).await;
}

#[tokio::test]
async fn clinicians_receive_the_alerts_of_their_patients_live() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    templates(&app, a.org.org.id.0).await;
    templates(&app, b.org.org.id.0).await;
    let mut doctor = Stream::open(&app, a.doctor.token()).await;
    let mut assistant = Stream::open(&app, a.assistant.token()).await;
    let mut covering = Stream::open(&app, a.other_doctor.token()).await;
    let mut theirs = Stream::open(&app, b.doctor.token()).await;

    // Another organization's alert first: only its own doctor gets it.
    let other = fever(&app, b.patient.id(), 38.9).await;
    let opened = fever(&app, a.patient.id(), 38.4).await;
    for s in [&mut doctor, &mut assistant] {
        let e = s.alert().await;
        assert_eq!((e.kind, e.alert.id.0, e.alert.patient_id), (LiveEventKind::AlertOpened, opened.id, a.patient.id()));
        assert_eq!((e.alert.worst_value, e.alert.unit.as_deref()), (38.4, Some("°C")));
    }
    assert_eq!(theirs.alert().await.alert.id.0, other.id);

    // A worse value, then the acknowledgement.
    fever(&app, a.patient.id(), 39.6).await;
    let e = doctor.alert().await;
    assert_eq!((e.kind, e.alert.worst_value, e.alert.notified), (LiveEventKind::AlertWorse, 39.6, 2));
    ack_ok(&app, opened.id, a.doctor.token(), "Жаропонижающее").await;
    let e = assistant.alert().await;
    assert_eq!(e.kind, LiveEventKind::AlertWorse);
    let e = assistant.alert().await;
    assert_eq!((e.kind, e.alert.note.as_deref()), (LiveEventKind::AlertAcknowledged, Some("Жаропонижающее")));

    // The covering doctor saw none of that; he gets what escalates to him.
    let body = json!({
        "rules": common::alerts::default_rules(), "advice": common::alerts::AdviceTexts::default(), "contacts": common::alerts::ClinicContacts::default(),
        "escalation_minutes": 5, "covering_doctor_id": a.other_doctor.id, "reminder_hour": 9,
    });
    assert_eq!(put(&app, "/settings/monitoring", Some(a.org.token()), &body).await.status(), 200);
    let (pain, _) = fire(&app, a.patient.id(), "pain_high", codes::PAIN, 9.0).await;
    app.state.clock.advance(Duration::minutes(6));
    run_jobs(&app).await;
    let e = covering.alert().await;
    assert_eq!((e.kind, e.alert.id.0), (LiveEventKind::AlertEscalated, pain.id));
    assert_eq!(e.alert.escalated_to_name.as_deref(), Some("Сидоров Иван"));

    // A deactivated assistant's stream ends at the next event.
    let res = post_empty(&app, &format!("/staff/{}/deactivate", a.assistant.id.0), Some(a.org.token())).await;
    assert_eq!(res.status(), 200);
    fire(&app, a.patient.id(), "spo2_low", codes::SPO2, 90.0).await;
    while let Some(f) = assistant.frame().await {
        assert!(!f.contains("spo2_low"), "no event after the deactivation: {f}");
    }
    // The doctor, still active, gets it.
    loop {
        let e = doctor.alert().await;
        if e.alert.rule == "spo2_low" {
            assert_eq!(e.kind, LiveEventKind::AlertOpened);
            break;
        }
    }
}

#[tokio::test]
async fn a_password_change_ends_the_stream() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    templates(&app, a.org.org.id.0).await;
    let mut doctor = Stream::open(&app, a.doctor.token()).await;
    let spare = ticket(&app, a.doctor.token()).await;
    let body = json!({ "old_password": PASSWORD, "new_password": "another long phrase 2" });
    assert_eq!(post(&app, "/me/password", Some(a.doctor.token()), &body).await.status(), 200);
    fever(&app, a.patient.id(), 38.4).await;
    while let Some(f) = doctor.frame().await {
        assert!(!f.starts_with("event: alert"), "no event after the password change: {f}");
    }
    // A ticket taken before the change is refused.
    expect_problem(live_res(&app, &spare.ticket).await, 401, ErrorCode::TicketInvalid).await;
}

#[tokio::test]
async fn events_fan_out_across_processes() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    templates(&app, a.org.org.id.0).await;
    let second = second_process(&app, t0()).await;
    let mut here = app.state.live.subscribe();
    let mut there = second.live.subscribe();
    let mut doctor = Stream::open(&app, a.doctor.token()).await;
    let opened = fever(&app, a.patient.id(), 38.4).await;
    let c = card(&app, a.patient.id()).await;
    assert_eq!(here.recv().await.unwrap().event.alert.id.0, opened.id);
    assert_eq!(doctor.alert().await.alert.id.0, opened.id);
    if app.state.db.get_database_backend() != DbBackend::Postgres {
        // One process on SQLite: the hub is local, so the other "process" hears nothing.
        assert!(there.try_recv().is_err());
        return;
    }
    // On PostgreSQL the other process heard it too, once.
    let got = tokio::time::timeout(StdDuration::from_secs(5), there.recv()).await.unwrap().unwrap();
    assert_eq!(got.event.alert.id.0, opened.id);

    // Published by the other process: this one's subscriber and SSE client get it, each once.
    alerts::publish(&second, &c, &opened, LiveEventKind::AlertWorse).await;
    let got = tokio::time::timeout(StdDuration::from_secs(5), here.recv()).await.unwrap().unwrap();
    assert_eq!((got.event.kind, got.event.alert.id.0), (LiveEventKind::AlertWorse, opened.id));
    let e = doctor.alert().await;
    assert_eq!((e.kind, e.alert.id.0), (LiveEventKind::AlertWorse, opened.id));
    let got = tokio::time::timeout(StdDuration::from_secs(5), there.recv()).await.unwrap().unwrap();
    assert_eq!(got.event.kind, LiveEventKind::AlertWorse);
    tokio::time::sleep(StdDuration::from_millis(300)).await;
    assert!(here.try_recv().is_err() && there.try_recv().is_err(), "exactly once");

    // Too big for a notification: it travels as the alert's id and listeners load the alert.
    let org = common::ids::OrganizationId(c.organization_id);
    let ctx = alerts::AlertContext::load(&app.state.db, org).await.unwrap();
    let mut dto = alerts::alert_dto(&opened, "Белова Ирина Павловна", &ctx);
    dto.note = Some("ж".repeat(5000));
    let env = server::platform::live::Envelope {
        organization_id: c.organization_id,
        patient_card_id: c.id,
        escalated_to: None,
        event: LiveEvent { kind: LiveEventKind::AlertAcknowledged, alert: dto },
    };
    second.live.publish(env).await;
    let got = tokio::time::timeout(StdDuration::from_secs(5), here.recv()).await.unwrap().unwrap();
    assert_eq!((got.event.kind, got.event.alert.id.0), (LiveEventKind::AlertAcknowledged, opened.id));
    assert_eq!(got.event.alert.note, None, "as loaded from the database");
    assert_eq!(got.event.alert.patient_name, "Белова Ирина Павловна");
}
