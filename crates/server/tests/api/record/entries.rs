//! The clinicians' side of the medical record and prescriptions (CAB-1, CAB-2, X-8, X-2,
//! ORG-8): entries, drafts and signatures, amendments that leave the original untouched,
//! prescriptions, notifications of the patient, who may do what, tenancy and the audit log.

use common::ErrorCode;
use common::ids::{EntryId, PatientId, PrescriptionId};
use common::page::Page;
use common::record::{EntryDto, EntryKind, EntryStatus, EntrySummaryDto, PrescriptionDto, PrescriptionStatus};
use db::entities::{notification, record_entry};
use db::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use reqwest::Response;
use serde_json::{Value, json};

use crate::support::accounts::*;
use crate::support::app::{TestApp, spawn_app, t0};
use crate::support::cabinet::*;
use crate::support::patients::{add, audit_rows, audited_ids, put, set_doctors};

pub const DOCTOR_NAME: &str = "Петров Олег";
pub const ASSISTANT_NAME: &str = "Козлова Мария";

/// An entry body.
pub fn entry(kind: &str, on: &str, title: &str, body: &str, sign: bool) -> Value {
    json!({ "kind": kind, "occurred_on": on, "title": title, "body": body, "sign": sign })
}

pub fn rec(id: PatientId, tail: &str) -> String {
    format!("/patients/{}/record{tail}", id.0)
}

pub fn rec_entry(id: PatientId, entry: EntryId, tail: &str) -> String {
    format!("/patients/{}/record/{}{tail}", id.0, entry.0)
}

pub fn presc(id: PatientId, tail: &str) -> String {
    format!("/patients/{}/prescriptions{tail}", id.0)
}

/// Creates an entry; asserts 201.
pub async fn create_entry(app: &TestApp, token: &str, patient: PatientId, body: &Value) -> EntryDto {
    json_of(post(app, &rec(patient, ""), Some(token), body).await, 201).await
}

/// A signed outpatient entry by the clinic's doctor.
pub async fn signed(app: &TestApp, c: &Clinic, on: &str, title: &str) -> EntryDto {
    create_entry(app, c.doctor.token(), c.patient.id(), &entry("outpatient", on, title, "Текст записи", true)).await
}

/// A draft by the clinic's assistant.
pub async fn draft(app: &TestApp, c: &Clinic, on: &str, title: &str) -> EntryDto {
    create_entry(app, c.assistant.token(), c.patient.id(), &entry("inpatient", on, title, "Черновик", false)).await
}

pub async fn amend_res(app: &TestApp, token: &str, patient: PatientId, of: EntryId, body: &Value) -> Response {
    post(app, &rec_entry(patient, of, "/amendments"), Some(token), body).await
}

pub async fn sign_res(app: &TestApp, token: &str, patient: PatientId, e: EntryId) -> Response {
    post_empty(app, &rec_entry(patient, e, "/sign"), Some(token)).await
}

pub async fn staff_list(app: &TestApp, token: &str, patient: PatientId, query: &str) -> Page<EntrySummaryDto> {
    json_of(get(app, &format!("{}{query}", rec(patient, "")), Some(token)).await, 200).await
}

pub async fn staff_entry(app: &TestApp, token: &str, patient: PatientId, e: EntryId) -> EntryDto {
    json_of(get(app, &rec_entry(patient, e, ""), Some(token)).await, 200).await
}

pub fn prescription(kind: &str, title: &str) -> Value {
    json!({ "kind": kind, "title": title, "details": "Подробности назначения", "due_on": "2026-12-20" })
}

/// A doctor's prescription; asserts 201.
pub async fn prescribe(app: &TestApp, token: &str, patient: PatientId, body: &Value) -> PrescriptionDto {
    json_of(post(app, &presc(patient, ""), Some(token), body).await, 201).await
}

/// The notifications of a card, oldest first.
pub async fn notifications_of(app: &TestApp, card: PatientId) -> Vec<notification::Model> {
    notification::Entity::find()
        .filter(notification::Column::PatientCardId.eq(card.0))
        .order_by_asc(notification::Column::CreatedAt)
        .order_by_asc(notification::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
}

pub async fn entry_rows(app: &TestApp) -> u64 {
    record_entry::Entity::find().count(&app.state.db).await.unwrap()
}

/// The allowed audit rows of `action`.
pub async fn ok_rows(app: &TestApp, action: &str) -> Vec<db::entities::audit_log::Model> {
    audit_rows(app, action).await.into_iter().filter(|r| r.outcome == "ok").collect()
}

/// The refused audit rows of `action`.
pub async fn denied_rows(app: &TestApp, action: &str) -> Vec<db::entities::audit_log::Model> {
    audit_rows(app, action).await.into_iter().filter(|r| r.outcome == "denied").collect()
}

async fn stored(app: &TestApp, e: EntryId) -> record_entry::Model {
    record_entry::Entity::find_by_id(e.0).one(&app.state.db).await.unwrap().unwrap()
}

// ---- creating and signing -----------------------------------------------------------------

#[tokio::test]
async fn a_doctor_signs_on_saving_and_the_patient_is_notified_without_medical_content() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let before = emails_to(&app, &c.patient.email).await.len();
    let body = entry("outpatient", "2026-11-20", "  Осмотр онколога  ", "Опухоль не выявлена.", true);
    let e = create_entry(&app, c.doctor.token(), c.patient.id(), &body).await;
    assert_eq!(e.status, EntryStatus::Signed);
    assert_eq!(e.kind, EntryKind::Outpatient);
    assert_eq!(e.patient_id, c.patient.id());
    assert_eq!(e.title, "Осмотр онколога");
    assert_eq!(e.author.name, DOCTOR_NAME);
    assert_eq!(e.author.role, "doctor");
    assert_eq!(e.signed_by.as_ref().map(|s| s.name.as_str()), Some(DOCTOR_NAME));
    assert_eq!(e.signed_at, Some(t0()));
    assert!(e.amends.is_none() && e.attachments.is_empty() && e.amendment_entries.is_empty());

    let notes = notifications_of(&app, c.patient.id()).await;
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].kind, common::cabinet::NotificationKind::EntrySigned);
    assert_eq!(notes[0].subject, "Осмотр онколога");
    assert_eq!(notes[0].link.as_deref(), Some(format!("/cabinet/record/{}", e.id.0).as_str()));
    assert_eq!(notes[0].channel, "email");
    let mails = emails_to(&app, &c.patient.email).await;
    assert_eq!(mails.len(), before + 1);
    let mail = mails.last().unwrap();
    for text in [&mail.subject, &mail.text, &mail.html] {
        assert!(!text.contains("Осмотр онколога") && !text.contains("Опухоль"), "medical content in: {text}");
    }
    assert!(mail.text.contains(&format!("/cabinet/record/{}", e.id.0)), "{}", mail.text);

    let rows = audit_rows(&app, "record.create").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].entity_id.as_deref(), Some(e.id.0.to_string().as_str()));
    assert_eq!(audited_ids(&rows[0]), vec![c.patient.id()]);
}

#[tokio::test]
async fn an_assistant_drafts_edits_and_the_doctor_signs() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let p = c.patient.id();
    let d = draft(&app, &c, "2026-11-18", "Выписка").await;
    assert_eq!(d.status, EntryStatus::Draft);
    assert_eq!(d.author.role, "assistant");
    assert_eq!(d.author.name, ASSISTANT_NAME);
    assert!(d.signed_by.is_none() && d.signed_at.is_none());
    assert!(notifications_of(&app, p).await.is_empty(), "a draft notifies nobody");

    // The assistant may not sign, neither on saving nor afterwards.
    let res =
        post(&app, &rec(p, ""), Some(c.assistant.token()), &entry("outpatient", "2026-11-18", "t", "b", true)).await;
    expect_problem(res, 403, ErrorCode::DoctorOnly).await;
    expect_problem(sign_res(&app, c.assistant.token(), p, d.id).await, 403, ErrorCode::DoctorOnly).await;
    let res = put(
        &app,
        &rec_entry(p, d.id, ""),
        Some(c.assistant.token()),
        &entry("inpatient", "2026-11-18", "t", "b", true),
    )
    .await;
    expect_problem(res, 403, ErrorCode::DoctorOnly).await;
    assert_eq!(entry_rows(&app).await, 1);

    // He edits his draft.
    let edited: EntryDto = json_of(
        put(
            &app,
            &rec_entry(p, d.id, ""),
            Some(c.assistant.token()),
            &entry("telemedicine", "2026-11-19", "Заключение", "Текст", false),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(edited.status, EntryStatus::Draft);
    assert_eq!(
        (edited.kind, edited.title.as_str(), edited.body.as_str()),
        (EntryKind::Telemedicine, "Заключение", "Текст")
    );
    assert_eq!(edited.author.name, ASSISTANT_NAME, "the author stays who wrote it");

    // The doctor signs it; signing twice or editing afterwards is refused.
    let s: EntryDto = json_of(sign_res(&app, c.doctor.token(), p, d.id).await, 200).await;
    assert_eq!(s.status, EntryStatus::Signed);
    assert_eq!(s.signed_by.as_ref().map(|s| s.name.as_str()), Some(DOCTOR_NAME));
    assert_eq!(s.author.name, ASSISTANT_NAME);
    expect_problem(sign_res(&app, c.doctor.token(), p, d.id).await, 409, ErrorCode::EntrySigned).await;
    let res = put(
        &app,
        &rec_entry(p, d.id, ""),
        Some(c.doctor.token()),
        &entry("telemedicine", "2026-11-19", "x", "y", false),
    )
    .await;
    expect_problem(res, 409, ErrorCode::EntrySigned).await;
    let notes = notifications_of(&app, p).await;
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].subject, "Заключение");
    assert_eq!(ok_rows(&app, "record.sign").await.len(), 1);
    assert_eq!(ok_rows(&app, "record.update").await.len(), 1);
    // The refusals: signing on saving, /sign and signing on editing.
    assert_eq!(denied_rows(&app, "record.create").await.len(), 1);
    assert_eq!(denied_rows(&app, "record.sign").await.len(), 1);
    assert_eq!(denied_rows(&app, "record.update").await.len(), 1);
}

#[tokio::test]
async fn a_doctor_signs_a_draft_while_editing_it() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let p = c.patient.id();
    let d = draft(&app, &c, "2026-11-18", "Черновик").await;
    let body = entry("inpatient", "2026-11-17", "Выписной эпикриз", "Текст", true);
    let s: EntryDto = json_of(put(&app, &rec_entry(p, d.id, ""), Some(c.doctor.token()), &body).await, 200).await;
    assert_eq!(s.status, EntryStatus::Signed);
    assert_eq!(s.signed_at, Some(t0()));
    assert_eq!(s.occurred_on.to_string(), "2026-11-17");
    let notes = notifications_of(&app, p).await;
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].link.as_deref(), Some(format!("/cabinet/record/{}", d.id.0).as_str()));
}

#[tokio::test]
async fn invalid_entries_are_refused_field_by_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let p = c.patient.id();
    let t = c.doctor.token();
    let cases: [(Value, &str); 6] = [
        (entry("patient", "2026-11-20", "t", "b", false), "kind"),
        (entry("outpatient", "2026-11-20", "   ", "b", false), "title"),
        (entry("outpatient", "2026-11-20", &"я".repeat(201), "b", false), "title"),
        (entry("outpatient", "2026-11-20", "t", " \n ", false), "body"),
        (entry("outpatient", "2026-11-20", "t", &"a".repeat(100_001), false), "body"),
        (json!({ "kind": "outpatient", "title": "t", "body": "b" }), "occurred_on"),
    ];
    for (body, field) in &cases {
        expect_invalid(post(&app, &rec(p, ""), Some(t), body).await, &[field]).await;
    }
    let p422 =
        expect_invalid(post(&app, &rec(p, ""), Some(t), &entry("patient", "2026-11-20", "", "", false)).await, &[])
            .await;
    let named: Vec<&str> = p422.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(named, ["kind", "title", "body"], "every failing field at once");
    // The limits are inclusive.
    let ok = entry("outpatient", "2026-11-20", &"я".repeat(200), &"a".repeat(100_000), false);
    create_entry(&app, t, p, &ok).await;
    assert_eq!(entry_rows(&app).await, 1);

    // The same checks on editing a draft.
    let d = draft(&app, &c, "2026-11-18", "Черновик").await;
    for (body, field) in &cases[..5] {
        expect_invalid(put(&app, &rec_entry(p, d.id, ""), Some(t), body).await, &[field]).await;
    }
    assert_eq!(stored(&app, d.id).await.title, "Черновик");
}

// ---- amendments (X-8) ---------------------------------------------------------------------

#[tokio::test]
async fn an_amendment_keeps_the_original_byte_for_byte() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let p = c.patient.id();
    let orig = signed(&app, &c, "2026-11-10", "Осмотр").await;
    let row_before = stored(&app, orig.id).await;

    // The kind stays the original's; the text is checked as usual.
    let res =
        amend_res(&app, c.doctor.token(), p, orig.id, &entry("inpatient", "2026-11-10", "Исправление", "b", true))
            .await;
    expect_invalid(res, &["kind"]).await;
    let res = amend_res(&app, c.doctor.token(), p, orig.id, &entry("outpatient", "2026-11-10", "", "b", true)).await;
    expect_invalid(res, &["title"]).await;
    // An assistant drafts an amendment; signing one is the doctor's.
    let res =
        amend_res(&app, c.assistant.token(), p, orig.id, &entry("outpatient", "2026-11-10", "Исправление", "b", true))
            .await;
    expect_problem(res, 403, ErrorCode::DoctorOnly).await;
    let a1: EntryDto = json_of(
        amend_res(
            &app,
            c.assistant.token(),
            p,
            orig.id,
            &entry("outpatient", "2026-11-11", "Уточнение", "Черновик", false),
        )
        .await,
        201,
    )
    .await;
    assert_eq!((a1.status, a1.amends), (EntryStatus::Draft, Some(orig.id)));
    assert!(notifications_of(&app, p).await.len() == 1, "only the original's signature so far");

    // The doctor amends and signs at once: the patient hears of it, linked to the original.
    let a2: EntryDto = json_of(
        amend_res(
            &app,
            c.doctor.token(),
            p,
            orig.id,
            &entry("outpatient", "2026-11-12", "Исправление диагноза", "Новый текст", true),
        )
        .await,
        201,
    )
    .await;
    assert_eq!((a2.status, a2.amends), (EntryStatus::Signed, Some(orig.id)));
    let notes = notifications_of(&app, p).await;
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[1].subject, "Исправление диагноза");
    assert_eq!(notes[1].link.as_deref(), Some(format!("/cabinet/record/{}", orig.id.0).as_str()));

    // Amending an amendment amends the original; a draft is edited, not amended.
    let a3: EntryDto = json_of(
        amend_res(
            &app,
            c.doctor.token(),
            p,
            a2.id,
            &entry("outpatient", "2026-11-13", "Ещё исправление", "Текст", true),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(a3.amends, Some(orig.id));
    let res = amend_res(&app, c.doctor.token(), p, a1.id, &entry("outpatient", "2026-11-13", "x", "y", true)).await;
    expect_problem(res, 409, ErrorCode::Conflict).await;
    let d = draft(&app, &c, "2026-11-14", "Черновик").await;
    let res = amend_res(&app, c.doctor.token(), p, d.id, &entry("inpatient", "2026-11-14", "x", "y", true)).await;
    expect_problem(res, 409, ErrorCode::Conflict).await;
    // A draft amendment is edited within its original's kind, then signed.
    let res = put(
        &app,
        &rec_entry(p, a1.id, ""),
        Some(c.assistant.token()),
        &entry("inpatient", "2026-11-11", "x", "y", false),
    )
    .await;
    expect_invalid(res, &["kind"]).await;
    let a1s: EntryDto = json_of(sign_res(&app, c.doctor.token(), p, a1.id).await, 200).await;
    assert_eq!((a1s.status, a1s.amends), (EntryStatus::Signed, Some(orig.id)));
    assert_eq!(notifications_of(&app, p).await.last().unwrap().link, notes[1].link);

    // The original never changed.
    assert_eq!(stored(&app, orig.id).await, row_before);
    // The list has originals only, counting signed amendments; the entry shows them all.
    let page = staff_list(&app, c.doctor.token(), p, "").await;
    let ids: Vec<EntryId> = page.items.iter().map(|i| i.id).collect();
    assert_eq!(ids, vec![d.id, orig.id]);
    assert_eq!(page.items[1].amendments, 3);
    let full = staff_entry(&app, c.assistant.token(), p, orig.id).await;
    let am: Vec<EntryId> = full.amendment_entries.iter().map(|a| a.id).collect();
    assert_eq!(am, vec![a1.id, a2.id, a3.id], "oldest first, drafts included");
    assert_eq!(full.title, "Осмотр");
    let one = staff_entry(&app, c.doctor.token(), p, a2.id).await;
    assert_eq!(one.amends, Some(orig.id));
    assert_eq!(ok_rows(&app, "record.amend").await.len(), 3);
}

// ---- the list -----------------------------------------------------------------------------

#[tokio::test]
async fn the_list_is_newest_first_filtered_and_paged() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let p = c.patient.id();
    let t = c.doctor.token();
    let a = signed(&app, &c, "2026-10-01", "A").await;
    let b = draft(&app, &c, "2026-11-01", "B").await;
    let cc = create_entry(&app, t, p, &entry("telemedicine", "2026-10-15", "C", "x", true)).await;
    // Same day: the later id first.
    let d = signed(&app, &c, "2026-10-15", "D").await;

    let all = staff_list(&app, t, p, "").await;
    let ids: Vec<EntryId> = all.items.iter().map(|i| i.id).collect();
    assert_eq!(ids, vec![b.id, d.id, cc.id, a.id]);
    assert_eq!((all.total, all.page, all.per_page), (4, 1, 20));
    let first = &all.items[0];
    assert_eq!(
        (first.status, first.kind, first.attachments, first.amendments),
        (EntryStatus::Draft, EntryKind::Inpatient, 0, 0)
    );

    let ids = |p: &Page<EntrySummaryDto>| p.items.iter().map(|i| i.id).collect::<Vec<_>>();
    assert_eq!(ids(&staff_list(&app, t, p, "?kind=outpatient").await), vec![d.id, a.id]);
    assert_eq!(ids(&staff_list(&app, t, p, "?status=draft").await), vec![b.id]);
    assert_eq!(ids(&staff_list(&app, t, p, "?status=signed&kind=telemedicine").await), vec![cc.id]);
    let page2 = staff_list(&app, t, p, "?page=2&per_page=3").await;
    assert_eq!((ids(&page2), page2.total), (vec![a.id], 4));

    expect_invalid(get(&app, &format!("{}?per_page=101", rec(p, "")), Some(t)).await, &["per_page"]).await;
    expect_invalid(get(&app, &format!("{}?page=0", rec(p, "")), Some(t)).await, &["page"]).await;
    expect_problem(get(&app, &format!("{}?kind=surgery", rec(p, "")), Some(t)).await, 400, ErrorCode::InvalidParameter)
        .await;

    let rows = audit_rows(&app, "record.list").await;
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| audited_ids(r) == vec![p]));
    staff_entry(&app, t, p, a.id).await;
    let rows = audit_rows(&app, "record.read").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].entity_id.as_deref(), Some(a.id.0.to_string().as_str()));
}

// ---- who may ------------------------------------------------------------------------------

/// Every staff endpoint of the record and prescriptions for a patient (and an entry, a
/// prescription of his), with a valid body.
fn staff_calls(p: PatientId, e: EntryId, pr: PrescriptionId) -> Vec<(reqwest::Method, String, Option<Value>)> {
    use reqwest::Method;
    let body = entry("outpatient", "2026-11-20", "t", "b", false);
    vec![
        (Method::GET, rec(p, ""), None),
        (Method::POST, rec(p, ""), Some(body.clone())),
        (Method::GET, rec_entry(p, e, ""), None),
        (Method::PUT, rec_entry(p, e, ""), Some(body.clone())),
        (Method::POST, rec_entry(p, e, "/sign"), None),
        (Method::POST, rec_entry(p, e, "/amendments"), Some(body)),
        (Method::GET, presc(p, ""), None),
        (Method::POST, presc(p, ""), Some(prescription("prescribed", "t"))),
        (Method::PUT, format!("/patients/{}/prescriptions/{}/status", p.0, pr.0), Some(json!({ "status": "done" }))),
    ]
}

async fn call(app: &TestApp, token: &str, (method, path, body): &(reqwest::Method, String, Option<Value>)) -> Response {
    let mut req = app.client.request(method.clone(), api(app, path)).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(b);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn the_organizer_and_patients_are_refused_and_audited() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let p = c.patient.id();
    let e = draft(&app, &c, "2026-11-18", "Черновик").await;
    let pr = prescribe(&app, c.doctor.token(), p, &prescription("recommended", "ЛФК")).await;
    for call_ in staff_calls(p, e.id, pr.id) {
        expect_problem(call(&app, c.org.token(), &call_).await, 403, ErrorCode::Forbidden).await;
        expect_problem(call(&app, c.patient.token(), &call_).await, 403, ErrorCode::Forbidden).await;
    }
    let denied = audit_rows(&app, "record.list").await;
    assert_eq!(denied.len(), 1);
    assert_eq!(denied[0].outcome, "denied");
    assert_eq!(denied[0].entity_id.as_deref(), Some(p.0.to_string().as_str()));
    assert_eq!(entry_rows(&app).await, 1);
    assert_eq!(stored(&app, e.id).await.title, "Черновик");
}

#[tokio::test]
async fn another_clinics_patient_entry_and_prescription_are_404() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let be = signed(&app, &b, "2026-11-18", "Чужая запись").await;
    let bp = prescribe(&app, b.doctor.token(), b.patient.id(), &prescription("recommended", "ЛФК")).await;
    let ae = draft(&app, &a, "2026-11-18", "Своя").await;
    let ap = prescribe(&app, a.doctor.token(), a.patient.id(), &prescription("recommended", "ЛФК")).await;
    // b's patient from a's doctor and assistant.
    for token in [a.doctor.token(), a.assistant.token()] {
        for call_ in staff_calls(b.patient.id(), be.id, bp.id) {
            let res = call(&app, token, &call_).await;
            assert_eq!(res.status(), 404, "{} {}", call_.0, call_.1);
        }
        // a's own patient with b's entry and prescription ids.
        for call_ in staff_calls(a.patient.id(), be.id, bp.id).into_iter().skip(2) {
            let path = &call_.1;
            if path.ends_with("/prescriptions") || path.ends_with("/record") {
                continue;
            }
            let res = call(&app, token, &call_).await;
            // Signing is refused to an assistant before any entry is looked up.
            let want = if token == a.assistant.token() && path.ends_with("/sign") { 403 } else { 404 };
            assert_eq!(res.status(), want, "{} {}", call_.0, call_.1);
        }
    }
    let _ = (ae, ap);
    assert_eq!(stored(&app, be.id).await.title, "Чужая запись");
    let denied = audit_rows(&app, "record.read").await;
    assert!(denied.iter().all(|r| r.outcome == "denied") && denied.len() == 4, "{denied:?}");
}

#[tokio::test]
async fn a_doctor_who_is_not_assigned_gets_404_and_the_doctors_assistant_is_allowed() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let p = c.patient.id();
    let e = signed(&app, &c, "2026-11-18", "Осмотр").await;
    let pr = prescribe(&app, c.doctor.token(), p, &prescription("recommended", "ЛФК")).await;
    for call_ in staff_calls(p, e.id, pr.id) {
        let res = call(&app, c.other_doctor.token(), &call_).await;
        assert_eq!(res.status(), 404, "{} {}", call_.0, call_.1);
    }
    assert_eq!(staff_list(&app, c.assistant.token(), p, "").await.total, 1);
    assert_eq!(staff_entry(&app, c.assistant.token(), p, e.id).await.title, "Осмотр");
    // Assigned as well, the other doctor may sign any draft of the patient.
    set_doctors(&app, c.org.token(), p, &[c.doctor.id, c.other_doctor.id]).await;
    let d = draft(&app, &c, "2026-11-19", "Черновик").await;
    let s: EntryDto = json_of(sign_res(&app, c.other_doctor.token(), p, d.id).await, 200).await;
    assert_eq!(s.signed_by.map(|s| s.name), Some("Сидоров Иван".to_owned()));
}

#[tokio::test]
async fn a_card_without_an_account_still_gets_its_notification() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let card = add(&app, c.org.token(), "Орлов", "Пётр", "orlov@example.org").await;
    set_doctors(&app, c.org.token(), card.id, &[c.doctor.id]).await;
    create_entry(&app, c.doctor.token(), card.id, &entry("outpatient", "2026-11-20", "Осмотр", "Текст", true)).await;
    prescribe(&app, c.doctor.token(), card.id, &prescription("prescribed", "КТ")).await;
    let kinds: Vec<&str> = notifications_of(&app, card.id).await.into_iter().map(|n| n.kind.as_str()).collect();
    assert_eq!(kinds, ["entry_signed", "prescription_added"]);
}

// ---- prescriptions ------------------------------------------------------------------------

#[tokio::test]
async fn a_doctor_prescribes_the_patient_is_notified_and_staff_mark_it_done() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let p = c.patient.id();
    let before = emails_to(&app, &c.patient.email).await.len();
    let first = prescribe(&app, c.doctor.token(), p, &prescription("prescribed", " Компьютерная томография ")).await;
    assert_eq!(first.title, "Компьютерная томография");
    assert_eq!(first.status, PrescriptionStatus::Todo);
    assert_eq!(first.prescribed_by.name, DOCTOR_NAME);
    assert_eq!(first.due_on.map(|d| d.to_string()).as_deref(), Some("2026-12-20"));
    let second = prescribe(&app, c.doctor.token(), p, &json!({ "kind": "recommended", "title": "ЛФК" })).await;
    assert_eq!(second.details, "");

    let notes = notifications_of(&app, p).await;
    assert_eq!(notes.len(), 2);
    assert_eq!(
        (notes[0].kind.as_str(), notes[0].link.as_deref()),
        ("prescription_added", Some("/cabinet/prescriptions"))
    );
    assert_eq!(notes[0].subject, "Компьютерная томография");
    let mails = emails_to(&app, &c.patient.email).await;
    assert_eq!(mails.len(), before + 2);
    assert!(!mails.last().unwrap().text.contains("ЛФК"));

    // The assistant may not prescribe; titles and details are checked.
    let res = post(&app, &presc(p, ""), Some(c.assistant.token()), &prescription("prescribed", "КТ")).await;
    expect_problem(res, 403, ErrorCode::DoctorOnly).await;
    for (body, field) in [
        (prescription("prescribed", "  "), "title"),
        (prescription("prescribed", &"т".repeat(201)), "title"),
        (json!({ "kind": "prescribed", "title": "t", "details": "д".repeat(4001) }), "details"),
        (json!({ "kind": "sometimes", "title": "t" }), "kind"),
    ] {
        expect_invalid(post(&app, &presc(p, ""), Some(c.doctor.token()), &body).await, &[field]).await;
    }

    let list: Vec<PrescriptionDto> = json_of(get(&app, &presc(p, ""), Some(c.assistant.token())).await, 200).await;
    assert_eq!(list.iter().map(|x| x.id).collect::<Vec<_>>(), vec![second.id, first.id]);

    let status = |pr: PrescriptionId| format!("/patients/{}/prescriptions/{}/status", p.0, pr.0);
    let done: PrescriptionDto =
        json_of(put(&app, &status(first.id), Some(c.assistant.token()), &json!({ "status": "done" })).await, 200).await;
    assert_eq!((done.status, done.done_at), (PrescriptionStatus::Done, Some(t0())));
    let back: PrescriptionDto =
        json_of(put(&app, &status(first.id), Some(c.doctor.token()), &json!({ "status": "todo" })).await, 200).await;
    assert_eq!((back.status, back.done_at), (PrescriptionStatus::Todo, None));
    expect_invalid(
        put(&app, &status(first.id), Some(c.doctor.token()), &json!({ "status": "maybe" })).await,
        &["status"],
    )
    .await;

    assert_eq!(ok_rows(&app, "prescription.create").await.len(), 2);
    assert_eq!(audit_rows(&app, "prescription.status").await.len(), 2);
    let reads = audit_rows(&app, "prescription.list").await;
    assert_eq!(reads.len(), 1);
    assert_eq!(audited_ids(&reads[0]), vec![p]);
}
