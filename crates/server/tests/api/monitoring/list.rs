//! "Monitoring" (MON-4): the clinicians' list of patients, attention first, with adherence and
//! trend; and the chart series of a patient, for his clinicians and for himself.

use chrono::Duration;
use common::ErrorCode;
use common::alerts::Compare;
use common::monitoring::{MonitoringRowDto, SeriesSetDto, Trend};
use common::page::Page;
use common::questionnaire::{Repeat, Schedule};
use common::templates::codes;
use serde_json::json;

use crate::support::accounts::*;
use crate::support::app::{TestApp, spawn_app, t0};
use crate::support::cabinet::*;
use crate::support::monitoring_fixtures::*;
use crate::support::patients::{audit_rows, audited_ids, put, set_doctors};

async fn rows(app: &TestApp, token: &str, query: &str) -> Page<MonitoringRowDto> {
    json_of(get_q(app, "/monitoring/patients", query, token).await, 200).await
}

fn names(p: &Page<MonitoringRowDto>) -> Vec<&str> {
    p.items.iter().map(|r| r.name.split(' ').next().unwrap_or_default()).collect()
}

#[tokio::test]
async fn patients_needing_attention_come_first() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let q = templates(&app, a.org.org.id.0).await;
    let doctor = a.doctor.id;
    let mut more = Vec::new();
    for (last, email) in [
        ("Андреева", "a.p2@example.org"),
        ("Васина", "a.p3@example.org"),
        ("Гришина", "a.p4@example.org"),
        ("Дмитриева", "a.p5@example.org"),
    ] {
        let p = registered_patient(&app, &a.org, last, "Ольга", email).await;
        set_doctors(&app, a.org.token(), p.id(), &[doctor]).await;
        more.push(p);
    }
    let (worse, low, full, quiet) = (more[0].id(), more[1].id(), more[2].id(), more[3].id());
    // Белова: an open alert.
    let alert = fever(&app, a.patient.id(), 38.4).await;
    // Андреева: pain 2 the week before, 5 this week — worse.
    for (days, v) in [(10, 2.0), (9, 2.0), (2, 5.0), (1, 5.0)] {
        submit(&app, worse, q["pain"], &[(codes::PAIN, v)], t0() - Duration::days(days), None).await;
    }
    // Васина answered 2 of the 10 days since her daily diary was assigned; Гришина all 10.
    let daily = Schedule { repeat: Repeat::Daily, start: (t0() - Duration::days(20)).date_naive(), until: None };
    let since = t0() - Duration::days(10);
    let low_a = assign(&app, low, q["vitals"], daily.clone(), since).await;
    let full_a = assign(&app, full, q["vitals"], daily, since).await;
    for days in 1..=10 {
        let at = t0() - Duration::days(days) + Duration::hours(1);
        let due = (t0() - Duration::days(days)).date_naive();
        submit(&app, full, q["vitals"], &[(codes::TEMP, 36.6)], at, Some((full_a, due))).await;
        if days <= 2 {
            submit(&app, low, q["vitals"], &[(codes::TEMP, 36.7)], at, Some((low_a, due))).await;
        }
    }
    // Дмитриева: nothing at all.
    let _ = quiet;

    let page = rows(&app, a.doctor.token(), "").await;
    assert_eq!(names(&page), vec!["Белова", "Андреева", "Васина", "Гришина", "Дмитриева"]);
    assert_eq!(page.total, 5);
    let r = &page.items;
    assert_eq!((r[0].open_alerts, r[0].oldest_open_alert_at, r[0].escalated), (1, Some(alert.opened_at), false));
    assert_eq!((r[1].trend, r[1].adherence, r[1].due_30d), (Trend::Worse, None, 0));
    assert_eq!(r[1].last_submission_at, Some(t0() - Duration::days(1)));
    assert_eq!((r[2].due_30d, r[2].answered_30d, r[2].adherence), (10, 2, Some(0.2)));
    assert_eq!((r[3].due_30d, r[3].answered_30d, r[3].adherence), (10, 10, Some(1.0)));
    assert_eq!(r[3].last_submission_at, Some(t0() - Duration::days(1) + Duration::hours(1)));
    assert_eq!((r[4].trend, r[4].last_submission_at, r[4].open_alerts), (Trend::Unknown, None, 0));
    assert_eq!(r[2].birth_date, Some(chrono::NaiveDate::from_ymd_opt(1968, 4, 12).unwrap()));
    // Answering today counts today.
    submit(&app, low, q["vitals"], &[(codes::TEMP, 36.7)], t0(), Some((low_a, t0().date_naive()))).await;
    let again = rows(&app, a.doctor.token(), "q=васина").await;
    assert_eq!((again.items[0].due_30d, again.items[0].answered_30d), (11, 3));

    // The assistant sees his doctor's patients; a search, pages; the audit names the rows shown.
    assert_eq!(rows(&app, a.assistant.token(), "").await.total, 5);
    let found = rows(&app, a.assistant.token(), "q=андре").await;
    assert_eq!(names(&found), vec!["Андреева"]);
    let p2 = rows(&app, a.doctor.token(), "per_page=2&page=2").await;
    assert_eq!((names(&p2), p2.total), (vec!["Васина", "Гришина"], 5));
    let audited = audit_rows(&app, "monitoring.list").await;
    let mut shown = audited_ids(audited.last().unwrap());
    shown.sort_by_key(|p| p.0);
    let mut want = vec![low, full];
    want.sort_by_key(|p| p.0);
    assert_eq!(shown, want);
    assert!(rows(&app, a.doctor.token(), "per_page=2&page=9").await.items.is_empty());
    // Others see none of them.
    assert_eq!(rows(&app, a.other_doctor.token(), "").await.total, 0);
    assert_eq!(rows(&app, b.doctor.token(), "").await.total, 1, "his own patient only");
    for token in [a.org.token(), a.patient.token()] {
        let res = get(&app, "/monitoring/patients", Some(token)).await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
    }
    expect_invalid(get_q(&app, "/monitoring/patients", "page=0", a.doctor.token()).await, &["page"]).await;
}

#[tokio::test]
async fn an_escalated_alert_and_a_better_trend_place_a_patient() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    let q = templates(&app, a.org.org.id.0).await;
    let second = registered_patient(&app, &a.org, "Андреева", "Ольга", "a.p2@example.org").await;
    set_doctors(&app, a.org.token(), second.id(), &[a.doctor.id]).await;
    let body = json!({
        "rules": common::alerts::default_rules(), "advice": common::alerts::AdviceTexts::default(), "contacts": common::alerts::ClinicContacts::default(),
        "escalation_minutes": 600, "covering_doctor_id": a.other_doctor.id, "reminder_hour": 9,
    });
    assert_eq!(put(&app, "/settings/monitoring", Some(a.org.token()), &body).await.status(), 200);
    // Белова's alert is older, Андреева's escalated: escalated first.
    fever(&app, a.patient.id(), 38.4).await;
    app.state.clock.advance(Duration::minutes(1));
    let (later, _) = fire(&app, second.id(), "pain_high", codes::PAIN, 8.0).await;
    server::domains::monitoring::escalation::escalate(&app.state, later.id, app.state.clock.now()).await.unwrap();
    // ESAS scores falling: better (a trend over every 0–10 item).
    for (days, v) in [(10, 6.0), (9, 6.0), (2, 3.0), (1, 3.0)] {
        let at = t0() - Duration::days(days);
        submit(&app, a.patient.id(), q["esas_r"], &[("esas.pain", v), ("esas.tiredness", v)], at, None).await;
    }
    let page = rows(&app, a.doctor.token(), "").await;
    assert_eq!(names(&page), vec!["Андреева", "Белова"]);
    assert!(page.items[0].escalated);
    assert_eq!(page.items[1].trend, Trend::Better);
}

fn series_path(id: common::ids::PatientId) -> String {
    format!("/patients/{}/monitoring/series", id.0)
}

#[tokio::test]
async fn series_carry_values_labels_and_thresholds() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let q = templates(&app, a.org.org.id.0).await;
    let id = a.patient.id();
    for (days, t, p) in [(40, 37.0, 3.0), (20, 38.3, 4.0), (5, 36.8, 8.0), (0, 36.6, 2.0)] {
        let at = t0() - Duration::days(days);
        submit(&app, id, q["vitals"], &[(codes::TEMP, t), (codes::SPO2, 97.0)], at, None).await;
        submit(&app, id, q["pain"], &[(codes::PAIN, p)], at, None).await;
    }
    // The default period: the last 30 days of the patient's own days.
    let s: SeriesSetDto = json_of(get(&app, &series_path(id), Some(a.doctor.token())).await, 200).await;
    assert_eq!((s.from, s.to), ((t0() - Duration::days(29)).date_naive(), t0().date_naive()));
    let got: Vec<&str> = s.series.iter().map(|x| x.code.as_str()).collect();
    assert_eq!(got, vec![codes::PAIN, codes::SPO2, codes::TEMP]);
    let temp = &s.series[2];
    assert_eq!(temp.points.iter().map(|p| p.value).collect::<Vec<_>>(), vec![38.3, 36.8, 36.6]);
    assert_eq!(temp.points[0].at, t0() - Duration::days(20));
    assert_eq!((temp.unit.as_deref(), temp.min, temp.max), (Some("°C"), Some(34.0), Some(43.0)));
    assert_eq!(temp.label.en, "Temperature");
    assert_eq!(temp.thresholds.len(), 1);
    assert_eq!(
        (temp.thresholds[0].rule.as_str(), temp.thresholds[0].compare, temp.thresholds[0].value),
        ("temp_high", Compare::AtLeast, 38.0)
    );
    let pain = &s.series[0];
    assert_eq!((pain.min, pain.max), (Some(0.0), Some(10.0)));
    let pain_rules: Vec<&str> = pain.thresholds.iter().map(|t| t.rule.as_str()).collect();
    assert_eq!(pain_rules, vec!["pain_high"]);

    // A period and codes; an asked code without values still gets its (empty) series.
    let query = format!(
        "from={}&to={}&codes=vitals.temp_c,vitals.weight_kg",
        (t0() - Duration::days(45)).date_naive(),
        (t0() - Duration::days(10)).date_naive()
    );
    let s: SeriesSetDto = json_of(get_q(&app, &series_path(id), &query, a.assistant.token()).await, 200).await;
    assert_eq!(s.series.len(), 2);
    assert_eq!(s.series[0].points.iter().map(|p| p.value).collect::<Vec<_>>(), vec![37.0, 38.3]);
    assert_eq!((s.series[1].code.as_str(), s.series[1].points.len()), (codes::WEIGHT, 0));
    assert_eq!(s.series[1].unit.as_deref(), Some("kg"));

    // The patient's own threshold is what his chart draws.
    let body = json!({ "overrides": [{ "code": "temp_high", "item": "vitals.temp_c", "kind": "threshold", "compare": "at_least", "value": 37.5 }], "time_zone": null });
    let path = format!("/patients/{}/monitoring/settings", id.0);
    assert_eq!(put(&app, &path, Some(a.doctor.token()), &body).await.status(), 200);
    let s: SeriesSetDto =
        json_of(get_q(&app, &series_path(id), "codes=vitals.temp_c", a.doctor.token()).await, 200).await;
    assert_eq!(s.series[0].thresholds[0].value, 37.5);

    // The patient sees his own; reads are audited with him.
    let mine: SeriesSetDto = json_of(
        patient_get(&app, "/cabinet/monitoring/series?codes=vitals.temp_c", a.patient.token(), None).await,
        200,
    )
    .await;
    assert_eq!(mine, s);
    let audited = audit_rows(&app, "monitoring.series").await;
    assert!(audited.len() >= 4 && audited.iter().all(|r| audited_ids(r) == vec![id]));

    // Refusals: another organization's clinicians, a doctor not his, the organizer.
    for token in [b.doctor.token(), b.assistant.token(), a.other_doctor.token()] {
        expect_problem(get(&app, &series_path(id), Some(token)).await, 404, ErrorCode::NotFound).await;
    }
    expect_problem(get(&app, &series_path(id), Some(a.org.token())).await, 403, ErrorCode::Forbidden).await;
    expect_problem(get(&app, &series_path(id), Some(a.patient.token())).await, 403, ErrorCode::Forbidden).await;
    let res = get(&app, "/cabinet/monitoring/series", Some(a.doctor.token())).await;
    expect_problem(res, 403, ErrorCode::Forbidden).await;
    let res = patient_get(&app, "/cabinet/monitoring/series", a.patient.token(), Some(b.patient.id())).await;
    expect_problem(res, 404, ErrorCode::NotFound).await;
}

#[tokio::test]
async fn series_periods_and_codes_are_checked() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    let path = series_path(a.patient.id());
    let token = a.doctor.token();
    expect_invalid(get_q(&app, &path, "from=2025-01-01&to=2026-11-22", token).await, &["from"]).await;
    expect_invalid(get_q(&app, &path, "from=2026-11-22&to=2026-11-01", token).await, &["to"]).await;
    expect_invalid(get_q(&app, &path, "codes=Temp C", token).await, &["codes"]).await;
    let res = get_q(&app, &path, "from=yesterday", token).await;
    expect_problem(res, 400, ErrorCode::InvalidParameter).await;
    let ok: SeriesSetDto = json_of(get_q(&app, &path, "from=2025-11-22&to=2026-11-22", token).await, 200).await;
    assert!(ok.series.is_empty(), "a year with nothing in it");
    let res =
        patient_get(&app, "/cabinet/monitoring/series?from=2026-11-22&to=2026-11-01", a.patient.token(), None).await;
    expect_invalid(res, &["to"]).await;
}
