//! The diagnosis of the staff patient page's header (issue 14): kept by the patient's
//! clinicians, refused to the organizer, another organization and another doctor's patient,
//! checked by field, audited on every read and change.

use common::ErrorCode;
use common::record::ClinicalSummaryDto;
use serde_json::json;

use crate::support::accounts::*;
use crate::support::app::spawn_app;
use crate::support::cabinet::*;
use crate::support::patients::{add, audit_rows, audited_ids, put};

fn summary_path(c: &Clinic) -> String {
    format!("/patients/{}/summary", c.patient.id().0)
}

#[tokio::test]
async fn clinicians_keep_the_diagnosis_and_nobody_else_reads_it() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let path = summary_path(&a);

    // Nothing written yet.
    let empty: ClinicalSummaryDto = json_of(get(&app, &path, Some(a.doctor.token())).await, 200).await;
    assert_eq!(empty, ClinicalSummaryDto::default());

    // The doctor writes it (trimmed); the assistant reads it and changes it; the name follows.
    let text = "  Рак молочной железы T2N1M0, адъювантная химиотерапия  ";
    let saved: ClinicalSummaryDto =
        json_of(put(&app, &path, Some(a.doctor.token()), &json!({ "diagnosis": text })).await, 200).await;
    assert_eq!(saved.diagnosis.as_deref(), Some(text.trim()));
    assert_eq!(saved.updated_by_name.as_deref(), Some("Петров Олег"));
    let read: ClinicalSummaryDto = json_of(get(&app, &path, Some(a.assistant.token())).await, 200).await;
    assert_eq!(read.diagnosis, saved.diagnosis);
    let changed: ClinicalSummaryDto =
        json_of(put(&app, &path, Some(a.assistant.token()), &json!({ "diagnosis": "C50.4" })).await, 200).await;
    assert_eq!(
        (changed.diagnosis.as_deref(), changed.updated_by_name.as_deref()),
        (Some("C50.4"), Some("Козлова Мария"))
    );
    // Empty clears it.
    let cleared: ClinicalSummaryDto =
        json_of(put(&app, &path, Some(a.doctor.token()), &json!({ "diagnosis": " " })).await, 200).await;
    assert_eq!(cleared.diagnosis, None);

    // Bad input: too long, control characters, a missing field — by field, nothing stored.
    let long = "д".repeat(501);
    expect_invalid(put(&app, &path, Some(a.doctor.token()), &json!({ "diagnosis": long })).await, &["diagnosis"]).await;
    expect_invalid(put(&app, &path, Some(a.doctor.token()), &json!({ "diagnosis": "a\u{0}b" })).await, &["diagnosis"])
        .await;
    let res = put(&app, &path, Some(a.doctor.token()), &json!({})).await;
    assert_eq!(res.status(), 422);
    let still: ClinicalSummaryDto = json_of(get(&app, &path, Some(a.doctor.token())).await, 200).await;
    assert_eq!(still.diagnosis, None);

    // The organizer does not read medical data; another doctor of the organization has no such
    // patient; another organization's sessions find nothing; nobody logged in is 401.
    for token in [a.org.token()] {
        expect_problem(get(&app, &path, Some(token)).await, 403, ErrorCode::Forbidden).await;
        expect_problem(put(&app, &path, Some(token), &json!({ "diagnosis": "x" })).await, 403, ErrorCode::Forbidden)
            .await;
    }
    for token in [a.other_doctor.token(), b.doctor.token(), b.assistant.token()] {
        expect_problem(get(&app, &path, Some(token)).await, 404, ErrorCode::NotFound).await;
        expect_problem(put(&app, &path, Some(token), &json!({ "diagnosis": "x" })).await, 404, ErrorCode::NotFound)
            .await;
    }
    // Another organization's card from this one's doctor, and a card of this organization that
    // is not his: 404 as well.
    let theirs = format!("/patients/{}/summary", b.patient.id().0);
    expect_problem(get(&app, &theirs, Some(a.doctor.token())).await, 404, ErrorCode::NotFound).await;
    let stranger = add(&app, a.org.token(), "Чужой", "Пациент", "stranger@example.org").await;
    let stranger_path = format!("/patients/{}/summary", stranger.id.0);
    expect_problem(get(&app, &stranger_path, Some(a.doctor.token())).await, 404, ErrorCode::NotFound).await;
    // The patient himself has no staff page.
    expect_problem(get(&app, &path, Some(a.patient.token())).await, 403, ErrorCode::Forbidden).await;
    assert_eq!(get(&app, &path, None).await.status(), 401);

    // Every read and change is audited with the patient; refusals as denied.
    let reads = audit_rows(&app, "patient.summary").await;
    assert!(reads.iter().any(|r| audited_ids(r) == vec![a.patient.id()]));
    let changes = audit_rows(&app, "patient.diagnosis").await;
    assert_eq!(changes.iter().filter(|r| r.outcome != "denied").count(), 3, "{changes:?}");
    assert!(changes.iter().any(|r| r.outcome == "denied"));
}
