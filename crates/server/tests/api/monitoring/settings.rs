//! Monitoring settings: the organization's (`/settings/monitoring`, organizer) and a patient's
//! (`/patients/{id}/monitoring/settings`, his doctor; his assistant reads).

use common::ErrorCode;
use common::alerts::{AdviceTexts, ClinicContacts, Compare, RuleKind, Urgency, default_rules};
use common::monitoring::{MonitoringSettingsDto, PatientMonitoringDto};
use serde_json::{Value, json};

use crate::support::accounts::*;
use crate::support::admin::fields;
use crate::support::app::spawn_app;
use crate::support::cabinet::*;
use crate::support::patients::{audit_rows, audited_ids, put};

fn org_body(covering: Option<uuid::Uuid>) -> Value {
    let mut rules = serde_json::to_value(default_rules()).unwrap();
    rules[0]["value"] = json!(37.8);
    json!({
        "rules": rules,
        "advice": {
            "review": { "ru": "Мы посмотрим ваши ответы.", "en": "We will look at your answers." },
            "call_clinic": { "ru": "Позвоните в отделение.", "en": "Call the department." },
            "emergency": { "ru": "Звоните 103.", "en": "Call 103." },
        },
        "contacts": { "department_phone": "+7 495 123-45-67", "hotline_phone": "+7 (495) 765-43-21", "answer_hours": 12 },
        "reply_templates": ["Позвоню сегодня."],
        "escalation_minutes": 60,
        "covering_doctor_id": covering,
        "reminder_hour": 8,
    })
}

#[tokio::test]
async fn the_organizer_reads_the_defaults_and_saves_settings() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let s: MonitoringSettingsDto = json_of(get(&app, "/settings/monitoring", Some(a.org.token())).await, 200).await;
    assert_eq!(s.rules, default_rules());
    assert_eq!((s.advice, s.contacts), (AdviceTexts::default(), ClinicContacts::default()));
    assert_eq!(s.reply_templates.len(), 3);
    assert_eq!(s.rules[0].urgency, Urgency::CallClinic, "fever asks for a call");
    assert_eq!((s.escalation_minutes, s.covering_doctor_id, s.reminder_hour), (240, None, 9));

    let res = put(&app, "/settings/monitoring", Some(a.org.token()), &org_body(Some(a.other_doctor.id.0))).await;
    let saved: MonitoringSettingsDto = json_of(res, 200).await;
    assert_eq!(saved.covering_doctor_id, Some(a.other_doctor.id));
    assert_eq!((saved.escalation_minutes, saved.reminder_hour), (60, 8));
    assert_eq!(saved.rules[0].kind, RuleKind::Threshold { compare: Compare::AtLeast, value: 37.8 });
    assert_eq!(saved.advice.call_clinic.ru, "Позвоните в отделение.");
    let hotline = saved.contacts.hotline_phone.as_ref().map(|p| p.as_str());
    assert_eq!((hotline, saved.contacts.answer_hours), (Some("+7 (495) 765-43-21"), 12));
    assert_eq!(saved.reply_templates, vec!["Позвоню сегодня.".to_owned()]);
    let again: MonitoringSettingsDto = json_of(get(&app, "/settings/monitoring", Some(a.org.token())).await, 200).await;
    assert_eq!(again, saved);
    // Saving twice updates the one row.
    let res = put(&app, "/settings/monitoring", Some(a.org.token()), &org_body(None)).await;
    assert_eq!(json_of::<MonitoringSettingsDto>(res, 200).await.covering_doctor_id, None);
    assert_eq!(audit_rows(&app, "settings.monitoring").await.len(), 2);

    // The other organization still has the defaults.
    let theirs: MonitoringSettingsDto =
        json_of(get(&app, "/settings/monitoring", Some(b.org.token())).await, 200).await;
    assert_eq!(theirs.rules, default_rules());
}

#[tokio::test]
async fn organization_settings_are_checked() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let mut body = org_body(None);
    body["escalation_minutes"] = json!(1);
    body["reminder_hour"] = json!(24);
    body["rules"][6]["percent"] = json!(150);
    body["advice"]["call_clinic"] = json!({ "ru": " ", "en": "" });
    body["contacts"]["answer_hours"] = json!(0);
    body["reply_templates"] = json!(["", "ok"]);
    body["rules"][0]["step"] = json!({ "severity": 1.0, "urgency": "review" });
    let res = put(&app, "/settings/monitoring", Some(a.org.token()), &body).await;
    let expected = [
        "escalation_minutes",
        "reminder_hour",
        "rules[6].percent",
        "rules[0].step.urgency",
        "advice.call_clinic",
        "contacts.answer_hours",
        "reply_templates[0]",
    ];
    let p = expect_invalid(res, &expected).await;
    assert_eq!(fields(&p).len(), expected.len());
    // A phone that is not one names its field.
    let mut body = org_body(None);
    body["contacts"]["hotline_phone"] = json!("call me");
    expect_invalid(put(&app, "/settings/monitoring", Some(a.org.token()), &body).await, &["contacts.hotline_phone"])
        .await;
    // The covering doctor must be an active doctor of this organization.
    for who in [a.assistant.id.0, b.doctor.id.0, uuid::Uuid::now_v7()] {
        let res = put(&app, "/settings/monitoring", Some(a.org.token()), &org_body(Some(who))).await;
        expect_invalid(res, &["covering_doctor_id"]).await;
    }
    let res = post_empty(&app, &format!("/staff/{}/deactivate", a.other_doctor.id.0), Some(a.org.token())).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let res = put(&app, "/settings/monitoring", Some(a.org.token()), &org_body(Some(a.other_doctor.id.0))).await;
    expect_invalid(res, &["covering_doctor_id"]).await;
    // Nothing was saved.
    let s: MonitoringSettingsDto = json_of(get(&app, "/settings/monitoring", Some(a.org.token())).await, 200).await;
    assert_eq!(s.escalation_minutes, 240);
}

#[tokio::test]
async fn only_the_organizer_has_organization_settings() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    for token in [a.doctor.token(), a.assistant.token(), a.patient.token()] {
        expect_problem(get(&app, "/settings/monitoring", Some(token)).await, 403, ErrorCode::Forbidden).await;
        let res = put(&app, "/settings/monitoring", Some(token), &org_body(None)).await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
    }
    expect_problem(get(&app, "/settings/monitoring", None).await, 401, ErrorCode::Unauthorized).await;
}

fn patient_path(c: &Clinic) -> String {
    format!("/patients/{}/monitoring/settings", c.patient.id().0)
}

fn overrides() -> Value {
    json!({
        "overrides": [
            { "code": "temp_high", "item": "vitals.temp_c", "kind": "threshold", "compare": "at_least", "value": 37.5 },
            { "code": "pulse_high", "item": "vitals.pulse", "kind": "threshold", "compare": "at_least", "value": 120 },
        ],
        "time_zone": "Asia/Yekaterinburg",
    })
}

#[tokio::test]
async fn the_doctor_sets_a_patients_rules_and_zone() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    let path = patient_path(&a);
    let s: PatientMonitoringDto = json_of(get(&app, &path, Some(a.doctor.token())).await, 200).await;
    assert_eq!((s.overrides.len(), s.effective.clone()), (0, default_rules()));
    assert_eq!((s.time_zone, s.organization_time_zone.as_str()), (None, "Europe/Moscow"));

    let saved: PatientMonitoringDto = json_of(put(&app, &path, Some(a.doctor.token()), &overrides()).await, 200).await;
    assert_eq!(saved.overrides.len(), 2);
    assert_eq!(saved.effective.len(), default_rules().len() + 1);
    assert_eq!(saved.effective[0].kind, RuleKind::Threshold { compare: Compare::AtLeast, value: 37.5 });
    assert_eq!(saved.effective.last().unwrap().code, "pulse_high");
    assert_eq!(saved.time_zone.as_deref(), Some("Asia/Yekaterinburg"));
    assert_eq!(saved.organization_rules, default_rules());
    // His assistant reads them.
    let seen: PatientMonitoringDto = json_of(get(&app, &path, Some(a.assistant.token())).await, 200).await;
    assert_eq!(seen, saved);
    // An empty zone is the organization's again.
    let body = json!({ "overrides": [], "time_zone": "" });
    let cleared: PatientMonitoringDto = json_of(put(&app, &path, Some(a.doctor.token()), &body).await, 200).await;
    assert_eq!((cleared.time_zone, cleared.effective), (None, default_rules()));

    let rows = audit_rows(&app, "monitoring.settings").await;
    assert_eq!(rows.len(), 2);
    assert_eq!(audited_ids(&rows[0]), vec![a.patient.id()]);
    assert_eq!(audit_rows(&app, "monitoring.settings.read").await.len(), 2);
}

#[tokio::test]
async fn patient_settings_are_checked() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    let body = json!({
        "overrides": [
            { "code": "temp_high", "item": "vitals.temp_c", "kind": "threshold", "compare": "at_least", "value": 37.5 },
            { "code": "temp_high", "item": "", "kind": "worsening", "delta": -1 },
        ],
        "time_zone": "Mars/Olympus",
    });
    let res = put(&app, &patient_path(&a), Some(a.doctor.token()), &body).await;
    expect_invalid(res, &["overrides[1].code", "overrides[1].item", "overrides[1].delta", "time_zone"]).await;
    let s: PatientMonitoringDto = json_of(get(&app, &patient_path(&a), Some(a.doctor.token())).await, 200).await;
    assert!(s.overrides.is_empty(), "nothing saved");
}

#[tokio::test]
async fn patient_settings_are_for_his_clinicians_only() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let path = patient_path(&a);
    // The assistant reads but does not change.
    let res = put(&app, &path, Some(a.assistant.token()), &overrides()).await;
    expect_problem(res, 403, ErrorCode::DoctorOnly).await;
    // The organizer does not read medical settings; the patient has no staff access.
    expect_problem(get(&app, &path, Some(a.org.token())).await, 403, ErrorCode::Forbidden).await;
    expect_problem(put(&app, &path, Some(a.org.token()), &overrides()).await, 403, ErrorCode::Forbidden).await;
    expect_problem(get(&app, &path, Some(a.patient.token())).await, 403, ErrorCode::Forbidden).await;
    // Another doctor of the organization, and another organization's doctor: 404.
    for token in [a.other_doctor.token(), b.doctor.token()] {
        expect_problem(get(&app, &path, Some(token)).await, 404, ErrorCode::NotFound).await;
        expect_problem(put(&app, &path, Some(token), &overrides()).await, 404, ErrorCode::NotFound).await;
    }
    let denied: Vec<_> =
        audit_rows(&app, "monitoring.settings").await.into_iter().filter(|r| r.outcome == "denied").collect();
    assert!(denied.len() >= 3, "refusals are audited");
}
