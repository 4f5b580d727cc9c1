//! The patient's side of the medical record and prescriptions (CAB-1, CAB-2, X-8, X-2): only
//! signed entries and signed amendments, the print view, marking a recommendation done, and
//! that nobody else's ids open anything.

use common::ErrorCode;
use common::ids::{EntryId, PatientId, PrescriptionId};
use common::page::Page;
use common::record::{
    EntryDto, EntryKind, EntryStatus, EntrySummaryDto, PrescriptionDto, PrescriptionStatus, RecordPrintDto,
};
use db::entities::{organization, prescription};
use db::sea_orm::EntityTrait;
use reqwest::{Method, Response};

use crate::record::entries::{
    amend_res, create_entry, denied_rows, draft, entry, ok_rows, prescribe, prescription, sign_res, signed,
};
use crate::support::accounts::*;
use crate::support::app::{TestApp, spawn_app, t0};
use crate::support::cabinet::*;
use crate::support::patients::{audited_ids, set_doctors};

async fn cab_get(app: &TestApp, p: &RegisteredPatient, path: &str) -> Response {
    patient_get(app, path, p.token(), None).await
}

async fn cab_list(app: &TestApp, p: &RegisteredPatient, query: &str) -> Page<EntrySummaryDto> {
    json_of(cab_get(app, p, &format!("/cabinet/record{query}")).await, 200).await
}

async fn cab_entry_res(app: &TestApp, p: &RegisteredPatient, e: EntryId) -> Response {
    cab_get(app, p, &format!("/cabinet/record/{}", e.0)).await
}

async fn done_res(app: &TestApp, p: &RegisteredPatient, pr: PrescriptionId) -> Response {
    patient_post(app, &format!("/cabinet/prescriptions/{}/done", pr.0), p.token(), None, &serde_json::json!({})).await
}

fn ids(page: &Page<EntrySummaryDto>) -> Vec<EntryId> {
    page.items.iter().map(|i| i.id).collect()
}

#[tokio::test]
async fn a_draft_reaches_the_patient_only_once_signed() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let d = draft(&app, &c, "2026-11-18", "Выписка").await;
    assert_eq!(cab_list(&app, &c.patient, "").await.total, 0);
    assert_eq!(cab_list(&app, &c.patient, "?status=draft").await.total, 0, "`status` is ignored");
    expect_problem(cab_entry_res(&app, &c.patient, d.id).await, 404, ErrorCode::NotFound).await;
    assert_eq!(denied_rows(&app, "record.read").await.len(), 1);

    json_of::<EntryDto>(sign_res(&app, c.doctor.token(), c.patient.id(), d.id).await, 200).await;
    let page = cab_list(&app, &c.patient, "?status=draft").await;
    assert_eq!(ids(&page), vec![d.id]);
    assert_eq!(page.items[0].status, EntryStatus::Signed);
    let e: EntryDto = json_of(cab_entry_res(&app, &c.patient, d.id).await, 200).await;
    assert_eq!((e.title.as_str(), e.body.as_str()), ("Выписка", "Черновик"));
    assert_eq!(e.signed_at, Some(t0()));

    let rows = ok_rows(&app, "record.list").await;
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| audited_ids(r) == vec![c.patient.id()] && r.acting_for.is_none()));
    assert_eq!(rows[0].membership_id, Some(c.patient.session.membership.id.0));
    assert_eq!(ok_rows(&app, "record.read").await.len(), 1);
}

#[tokio::test]
async fn the_patient_sees_signed_amendments_only_and_never_opens_an_amendment_by_itself() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let p = c.patient.id();
    let orig = signed(&app, &c, "2026-11-10", "Осмотр").await;
    let body = |title: &str, sign: bool| entry("outpatient", "2026-11-11", title, "Текст", sign);
    let drafted: EntryDto =
        json_of(amend_res(&app, c.assistant.token(), p, orig.id, &body("Черновик", false)).await, 201).await;
    let fixed: EntryDto =
        json_of(amend_res(&app, c.doctor.token(), p, orig.id, &body("Исправление", true)).await, 201).await;

    let page = cab_list(&app, &c.patient, "").await;
    assert_eq!(ids(&page), vec![orig.id], "amendments are not rows");
    assert_eq!(page.items[0].amendments, 1);
    let e: EntryDto = json_of(cab_entry_res(&app, &c.patient, orig.id).await, 200).await;
    let am: Vec<EntryId> = e.amendment_entries.iter().map(|a| a.id).collect();
    assert_eq!(am, vec![fixed.id]);
    assert_eq!(e.amendment_entries[0].amends, Some(orig.id));
    for id in [fixed.id, drafted.id] {
        expect_problem(cab_entry_res(&app, &c.patient, id).await, 404, ErrorCode::NotFound).await;
    }
}

#[tokio::test]
async fn the_print_view_has_the_organization_the_patient_and_the_signed_entries_in_full() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let p = c.patient.id();
    let older = signed(&app, &c, "2026-10-01", "Первичный осмотр").await;
    let tele = create_entry(
        &app,
        c.doctor.token(),
        p,
        &entry("telemedicine", "2026-10-20", "Консультация", "Заключение", true),
    )
    .await;
    let newer = signed(&app, &c, "2026-11-01", "Повторный осмотр").await;
    draft(&app, &c, "2026-11-15", "Черновик").await;
    let fix: EntryDto = json_of(
        amend_res(
            &app,
            c.doctor.token(),
            p,
            older.id,
            &entry("outpatient", "2026-10-02", "Исправление", "Уточнение", true),
        )
        .await,
        201,
    )
    .await;
    amend_res(&app, c.assistant.token(), p, older.id, &entry("outpatient", "2026-10-03", "Черновик", "x", false)).await;

    let dto: RecordPrintDto = json_of(cab_get(&app, &c.patient, "/cabinet/record/print").await, 200).await;
    let org = organization::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(dto.organization_name, org[0].name);
    assert_eq!(dto.patient_name, "Белова Ирина Павловна");
    assert_eq!(dto.birth_date.to_string(), "1968-04-12");
    assert_eq!(dto.printed_at, t0());
    let printed: Vec<EntryId> = dto.entries.iter().map(|e| e.id).collect();
    assert_eq!(printed, vec![newer.id, tele.id, older.id]);
    assert_eq!(dto.entries[1].body, "Заключение");
    let am: Vec<EntryId> = dto.entries[2].amendment_entries.iter().map(|a| a.id).collect();
    assert_eq!(am, vec![fix.id], "signed amendments only");

    let only: RecordPrintDto =
        json_of(cab_get(&app, &c.patient, "/cabinet/record/print?kind=telemedicine").await, 200).await;
    assert_eq!(
        only.entries.iter().map(|e| (e.id, e.kind)).collect::<Vec<_>>(),
        vec![(tele.id, EntryKind::Telemedicine)]
    );
    expect_problem(cab_get(&app, &c.patient, "/cabinet/record/print?kind=x").await, 400, ErrorCode::InvalidParameter)
        .await;
    let rows = ok_rows(&app, "record.print").await;
    assert_eq!(rows.len(), 2);
    assert_eq!(audited_ids(&rows[0]), vec![p]);
}

#[tokio::test]
async fn the_list_filters_by_kind_and_checks_its_page() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let a = signed(&app, &c, "2026-10-01", "A").await;
    let b =
        create_entry(&app, c.doctor.token(), c.patient.id(), &entry("inpatient", "2026-10-05", "B", "x", true)).await;
    let d = signed(&app, &c, "2026-10-09", "D").await;
    assert_eq!(ids(&cab_list(&app, &c.patient, "").await), vec![d.id, b.id, a.id]);
    assert_eq!(ids(&cab_list(&app, &c.patient, "?kind=outpatient").await), vec![d.id, a.id]);
    assert_eq!(ids(&cab_list(&app, &c.patient, "?kind=patient").await), Vec::<EntryId>::new());
    let p2 = cab_list(&app, &c.patient, "?page=2&per_page=2").await;
    assert_eq!((ids(&p2), p2.total, p2.per_page), (vec![a.id], 3, 2));
    expect_invalid(cab_get(&app, &c.patient, "/cabinet/record?per_page=101").await, &["per_page"]).await;
    expect_invalid(cab_get(&app, &c.patient, "/cabinet/record?page=0").await, &["page"]).await;
    expect_problem(cab_get(&app, &c.patient, "/cabinet/record?kind=surgery").await, 400, ErrorCode::InvalidParameter)
        .await;
}

#[tokio::test]
async fn the_patient_marks_a_recommendation_done_but_not_a_prescription() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let p = c.patient.id();
    let made = prescribe(&app, c.doctor.token(), p, &prescription("prescribed", "КТ")).await;
    let rec = prescribe(&app, c.doctor.token(), p, &prescription("recommended", "ЛФК")).await;
    let list: Vec<PrescriptionDto> = json_of(cab_get(&app, &c.patient, "/cabinet/prescriptions").await, 200).await;
    assert_eq!(list.iter().map(|x| x.id).collect::<Vec<_>>(), vec![rec.id, made.id]);

    let done: PrescriptionDto = json_of(done_res(&app, &c.patient, rec.id).await, 200).await;
    assert_eq!((done.status, done.done_at), (PrescriptionStatus::Done, Some(t0())));
    let row = prescription::Entity::find_by_id(rec.id.0).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(row.done_by, Some(c.patient.session.membership.id.0));
    let again: PrescriptionDto = json_of(done_res(&app, &c.patient, rec.id).await, 200).await;
    assert_eq!(again, done);
    expect_problem(done_res(&app, &c.patient, made.id).await, 409, ErrorCode::Conflict).await;
    let row = prescription::Entity::find_by_id(made.id.0).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!((row.status.as_str(), row.done_at), ("todo", None));

    let changes = ok_rows(&app, "prescription.status").await;
    assert_eq!(changes.len(), 2);
    assert_eq!(audited_ids(&changes[0]), vec![p]);
    assert_eq!(audited_ids(&ok_rows(&app, "prescription.list").await[0]), vec![p]);
}

#[tokio::test]
async fn another_patients_entries_and_prescriptions_are_404() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let other = registered_patient(&app, &c.org, "Новиков", "Павел", "a.other@example.org").await;
    set_doctors(&app, c.org.token(), other.id(), &[c.doctor.id]).await;
    let e =
        create_entry(&app, c.doctor.token(), other.id(), &entry("outpatient", "2026-11-01", "Чужая", "x", true)).await;
    let pr = prescribe(&app, c.doctor.token(), other.id(), &prescription("recommended", "ЛФК")).await;
    let mine = signed(&app, &c, "2026-11-02", "Своя").await;

    expect_problem(cab_entry_res(&app, &c.patient, e.id).await, 404, ErrorCode::NotFound).await;
    expect_problem(done_res(&app, &c.patient, pr.id).await, 404, ErrorCode::NotFound).await;
    assert_eq!(ids(&cab_list(&app, &c.patient, "").await), vec![mine.id]);
    let list: Vec<PrescriptionDto> = json_of(cab_get(&app, &c.patient, "/cabinet/prescriptions").await, 200).await;
    assert!(list.is_empty());
    // Naming the other card in the header opens nothing either.
    for path in ["/cabinet/record", "/cabinet/record/print", "/cabinet/prescriptions"] {
        let res = patient_get(&app, path, c.patient.token(), Some(other.id())).await;
        expect_problem(res, 404, ErrorCode::NotFound).await;
    }
    let row = prescription::Entity::find_by_id(pr.id.0).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(row.status, common::record::PrescriptionStatus::Todo);
    assert_eq!(denied_rows(&app, "record.read").await.len(), 1);
    assert_eq!(denied_rows(&app, "prescription.status").await.len(), 1);
}

#[tokio::test]
async fn another_clinics_ids_are_404() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let be = signed(&app, &b, "2026-11-01", "Чужая").await;
    let bp = prescribe(&app, b.doctor.token(), b.patient.id(), &prescription("recommended", "ЛФК")).await;
    expect_problem(cab_entry_res(&app, &a.patient, be.id).await, 404, ErrorCode::NotFound).await;
    expect_problem(done_res(&app, &a.patient, bp.id).await, 404, ErrorCode::NotFound).await;
    let res = patient_get(&app, "/cabinet/record", a.patient.token(), Some(b.patient.id())).await;
    expect_problem(res, 404, ErrorCode::NotFound).await;
    assert_eq!(cab_list(&app, &a.patient, "").await.total, 0);
}

#[tokio::test]
async fn staff_tokens_are_refused_on_the_cabinet() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let e = signed(&app, &c, "2026-11-01", "Осмотр").await;
    let pr = prescribe(&app, c.doctor.token(), c.patient.id(), &prescription("recommended", "ЛФК")).await;
    let calls: [(Method, String); 5] = [
        (Method::GET, "/cabinet/record".into()),
        (Method::GET, "/cabinet/record/print".into()),
        (Method::GET, format!("/cabinet/record/{}", e.id.0)),
        (Method::GET, "/cabinet/prescriptions".into()),
        (Method::POST, format!("/cabinet/prescriptions/{}/done", pr.id.0)),
    ];
    for token in [c.doctor.token(), c.assistant.token(), c.org.token()] {
        for (method, path) in &calls {
            let res = as_patient(&app, method.clone(), path, token, None::<PatientId>).send().await.unwrap();
            expect_problem(res, 403, ErrorCode::Forbidden).await;
        }
    }
    let row = prescription::Entity::find_by_id(pr.id.0).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(row.status, common::record::PrescriptionStatus::Todo);
    // And without a token at all.
    let res = app.client.get(api(&app, "/cabinet/record")).send().await.unwrap();
    expect_problem(res, 401, ErrorCode::Unauthorized).await;
}
