//! Time zones and request dates (SPEC X-3, issue 13): `GET /me` names the zone the caller reads
//! times in; a day or an instant a request carries at chrono's limits is refused with a 422
//! naming the field (or, where the answer must not tell, treated as matching nothing) — never
//! a panic, never a database error, on SQLite and PostgreSQL alike.

use chrono::NaiveDate;
use common::ErrorCode;
use common::monitoring::SeriesSetDto;
use common::templates::codes;
use serde_json::json;

use crate::support::accounts::*;
use crate::support::app::spawn_app;
use crate::support::cabinet::*;
use crate::support::monitoring::{assign_res, assignments_path, questionnaire_id, schedule};
use crate::support::monitoring_fixtures::get_q;
use crate::support::patients::put;

/// Days a request may spell that no calendar of the API holds: chrono's own limits, the
/// first day after 9999 and the last before year 1.
fn extreme_days() -> Vec<String> {
    vec![NaiveDate::MAX.to_string(), NaiveDate::MIN.to_string(), "+10000-01-01".to_owned(), "0000-12-31".to_owned()]
}

/// A day in a query written by hand, its `+` kept (a `+` in a query is a space).
fn q(day: &str) -> String {
    day.replace('+', "%2B")
}

#[tokio::test]
async fn me_names_the_zone_times_are_read_in() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    for token in [a.org.token(), a.doctor.token(), a.assistant.token(), a.patient.token()] {
        assert_eq!(me(&app, token).await.time_zone, "Europe/Moscow");
    }
    assert_eq!(me(&app, &a.org.op_token).await.time_zone, "UTC", "the operator has no organization");

    // A patient with his own zone reads his times in it; his clinicians keep the organization's.
    let path = format!("/patients/{}/monitoring/settings", a.patient.id().0);
    let body = json!({ "overrides": [], "time_zone": "Asia/Vladivostok" });
    assert_eq!(put(&app, &path, Some(a.doctor.token()), &body).await.status(), 200);
    assert_eq!(me(&app, a.patient.token()).await.time_zone, "Asia/Vladivostok");
    assert_eq!(me(&app, a.doctor.token()).await.time_zone, "Europe/Moscow");
    let body = json!({ "overrides": [], "time_zone": null });
    assert_eq!(put(&app, &path, Some(a.doctor.token()), &body).await.status(), 200);
    assert_eq!(me(&app, a.patient.token()).await.time_zone, "Europe/Moscow");
}

#[tokio::test]
async fn chart_periods_at_chronos_limits_are_refused() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    let staff = format!("/patients/{}/monitoring/series", a.patient.id().0);
    let token = a.doctor.token();
    for d in extreme_days() {
        expect_invalid(get_q(&app, &staff, &format!("to={d}"), token).await, &["to"]).await;
        expect_invalid(get_q(&app, &staff, &format!("from={d}"), token).await, &["from"]).await;
        expect_invalid(get_q(&app, &staff, &format!("from={d}&to={d}"), token).await, &["from", "to"]).await;
        let mine = format!("/cabinet/monitoring/series?to={}", q(&d));
        expect_invalid(patient_get(&app, &mine, a.patient.token(), None).await, &["to"]).await;
    }
    // Beyond chrono's reach the query does not parse: 400, as any malformed parameter.
    let res = get_q(&app, &staff, "to=+262143-12-31", token).await;
    expect_problem(res, 400, ErrorCode::InvalidParameter).await;
    // The calendar's own ends are periods like any other.
    for query in ["from=9999-12-31&to=9999-12-31", "to=0001-01-01", "from=0001-01-01&to=0001-12-31"] {
        let s: SeriesSetDto = json_of(get_q(&app, &staff, query, token).await, 200).await;
        assert!(s.series.is_empty(), "{query}");
    }
    let s: SeriesSetDto =
        json_of(get_q(&app, &staff, &format!("to=9999-12-31&codes={}", codes::PAIN), token).await, 200).await;
    assert_eq!((s.from.to_string().as_str(), s.series.len()), ("9999-12-02", 1));
}

#[tokio::test]
async fn audit_periods_at_chronos_limits_are_refused() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    let token = a.org.token();
    let max = chrono::DateTime::<chrono::Utc>::MAX_UTC.to_rfc3339();
    let min = chrono::DateTime::<chrono::Utc>::MIN_UTC.to_rfc3339();
    for at in [max.as_str(), min.as_str(), "+10000-01-01T00:00:00Z", "0000-12-31T23:59:59Z"] {
        expect_invalid(get_q(&app, "/audit", &format!("from={at}"), token).await, &["from"]).await;
        expect_invalid(get_q(&app, "/audit", &format!("to={at}"), token).await, &["to"]).await;
    }
    let res = get_q(&app, "/audit", "from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z", token).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn days_in_bodies_at_chronos_limits_are_refused() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    let id = a.patient.id();
    let doctor = a.doctor.token();
    let esas = questionnaire_id(&app, doctor, "esas_r").await;
    for day in extreme_days() {
        // A record entry's day.
        let entry = json!({ "kind": "outpatient", "occurred_on": day, "title": "Осмотр", "body": "Текст" });
        let res = post(&app, &format!("/patients/{}/record", id.0), Some(doctor), &entry).await;
        expect_invalid(res, &["occurred_on"]).await;
        // A prescription's due day.
        let rx = json!({ "kind": "recommended", "title": "ЛФК", "details": "", "due_on": day });
        let res = post(&app, &format!("/patients/{}/prescriptions", id.0), Some(doctor), &rx).await;
        expect_invalid(res, &["due_on"]).await;
        // A representative's last day.
        let rep = json!({ "email": "rep@example.org", "until": day });
        let res = post(&app, &format!("/patients/{}/representatives", id.0), Some(a.org.token()), &rep).await;
        expect_invalid(res, &["until"]).await;
        // An assignment's schedule (t0 is 2026-11-22; its start is within a year of today).
        let s = schedule(json!({ "kind": "daily" }), "2026-11-22", Some(&day));
        expect_invalid(assign_res(&app, doctor, id, esas, &s).await, &["schedule.until"]).await;
        let s = schedule(json!({ "kind": "daily" }), &day, None);
        expect_invalid(assign_res(&app, doctor, id, esas, &s).await, &["schedule.start"]).await;
        // A registration's birth date matches no card: the same answer as any other.
        let step1 =
            json!({ "email": "x@example.org", "last_name": "Белова", "first_name": "Ирина", "birth_date": day });
        assert_eq!(post(&app, "/registration", None, &step1).await.status(), 202, "{day}");
        // A patient card's birth date.
        let card = json!({
            "last_name": "Новиков", "first_name": "Пётр", "birth_date": day, "sex": "male",
            "email": "novikov@example.org", "consents": []
        });
        expect_invalid(post(&app, "/patients", Some(a.org.token()), &card).await, &["birth_date"]).await;
    }
    // Nothing was written.
    let list: Vec<serde_json::Value> = json_of(get(&app, &assignments_path(id), Some(doctor)).await, 200).await;
    assert!(list.is_empty(), "{list:?}");
}
