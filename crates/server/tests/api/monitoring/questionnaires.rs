//! The questionnaire library and assignments (MON-1, MON-2): the built-in templates of every
//! organization, creating, versioning, copying and archiving, field-named validation, due and
//! overdue days in the patient's own day, ending assignments, roles and tenancy.

use common::ErrorCode;
use common::ids::{AssignmentId, PatientId, QuestionnaireId};
use common::monitoring::{AssignmentDto, DueStatus, QuestionnaireDto};
use common::templates::Purpose;
use db::entities::{organization, questionnaire, questionnaire_version};
use db::sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::accounts::*;
use crate::support::admin::fields;
use crate::support::app::{TestApp, spawn_app, t0};
use crate::support::cabinet::*;
use crate::support::monitoring::*;
use crate::support::patients::{audit_rows, audited_ids, put, second_process};

fn nausea(title: &str) -> Value {
    json!({
        "title": { "ru": title, "en": "Nausea" },
        "items": [
            { "code": "nausea.days", "kind": "number", "label": { "ru": "Сколько дней?", "en": "How many days?" },
              "required": true, "min": 0, "max": 7 },
            { "code": "nausea.vomit", "kind": "single_choice", "label": { "ru": "Рвота?", "en": "Vomiting?" },
              "options": [ { "code": "yes", "label": { "ru": "Да", "en": "Yes" } },
                           { "code": "no", "label": { "ru": "Нет", "en": "No" } } ] }
        ]
    })
}

async fn create_res(app: &TestApp, token: &str, code: &str, purpose: &str, def: &Value) -> reqwest::Response {
    post(app, "/questionnaires", Some(token), &json!({ "code": code, "purpose": purpose, "definition": def })).await
}

async fn templates_of(app: &TestApp, org: uuid::Uuid) -> Vec<questionnaire::Model> {
    questionnaire::Entity::find()
        .filter(questionnaire::Column::OrganizationId.eq(org))
        .filter(questionnaire::Column::Template.is_not_null())
        .all(&app.state.db)
        .await
        .unwrap()
}

// ---- the built-in templates --------------------------------------------------------------

#[tokio::test]
async fn a_new_organization_has_the_built_in_templates() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let lib = library(&app, c.org.token(), "").await;
    let codes: Vec<&str> = lib.iter().map(|q| q.code.as_str()).collect();
    assert_eq!(codes, vec!["ecog", "esas_r", "pain", "vitals"]);
    assert!(lib.iter().all(|q| q.template.as_deref() == Some(q.code.as_str()) && q.version == 1 && !q.archived));
    let esas = lib.iter().find(|q| q.code == "esas_r").unwrap();
    assert_eq!((esas.item_count, esas.purpose), (9, Purpose::Questionnaire));
    assert_eq!(lib.iter().find(|q| q.code == "vitals").unwrap().purpose, Purpose::Diary);
    let dto: QuestionnaireDto =
        json_of(get(&app, &format!("/questionnaires/{}", esas.id.0), Some(c.assistant.token())).await, 200).await;
    assert_eq!(dto.definition.items[0].code, "esas.pain");
    assert_eq!(dto.definition.title.ru, "Симптомы (ESAS-r)");
    // The built-in versions have no author.
    let v = questionnaire_version::Entity::find_by_id(dto.version_id.0).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(v.created_by, None);
}

#[tokio::test]
async fn the_demo_and_older_organizations_get_the_templates_once() {
    let app = spawn_app().await;
    server::seed::demo_seed(&app.state).await.unwrap().unwrap();
    let demo = organization::Entity::find().one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(templates_of(&app, demo.id).await.len(), 4);

    // An organization from before the templates existed gets them when a process starts.
    let old = uuid::Uuid::now_v7();
    organization::Entity::insert(organization::ActiveModel {
        id: Set(old),
        name: Set("Старая клиника".into()),
        time_zone: Set("Europe/Moscow".into()),
        created_at: Set(t0()),
        updated_at: Set(t0()),
    })
    .exec_without_returning(&app.state.db)
    .await
    .unwrap();
    assert!(templates_of(&app, old).await.is_empty());
    let _second = second_process(&app, t0()).await;
    let got = templates_of(&app, old).await;
    assert_eq!(got.len(), 4);
    // Again: nothing more.
    let _third = second_process(&app, t0()).await;
    assert_eq!(questionnaire::Entity::find().count(&app.state.db).await.unwrap(), 8);
    assert_eq!(questionnaire_version::Entity::find().count(&app.state.db).await.unwrap(), 8);
}

// ---- the library ---------------------------------------------------------------------------

#[tokio::test]
async fn create_version_copy_archive_and_restore() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let doc = c.doctor.token();

    let created: QuestionnaireDto =
        json_of(create_res(&app, doc, "nausea", "questionnaire", &nausea("Тошнота")).await, 201).await;
    assert_eq!((created.version, created.template.as_deref(), created.archived), (1, None, false));
    let id = created.id;
    let path = format!("/questionnaires/{}", id.0);

    // A new version; the old one stays readable.
    let mut def = nausea("Тошнота за неделю");
    def["items"].as_array_mut().unwrap().push(json!({
        "code": "nausea.note", "kind": "text", "label": { "ru": "Заметка", "en": "Note" }
    }));
    let v2: QuestionnaireDto =
        json_of(put(&app, &path, Some(c.org.token()), &json!({ "definition": def })).await, 200).await;
    assert_eq!((v2.version, v2.definition.items.len()), (2, 3));
    assert_ne!(v2.version_id, created.version_id);
    let v1: QuestionnaireDto = json_of(get(&app, &format!("{path}/versions/1"), Some(doc)).await, 200).await;
    assert_eq!((v1.version, v1.definition.items.len(), v1.definition.title.ru.as_str()), (1, 2, "Тошнота"));
    expect_problem(get(&app, &format!("{path}/versions/3"), Some(doc)).await, 404, ErrorCode::NotFound).await;
    let listed = library(&app, c.assistant.token(), "").await;
    let row = listed.iter().find(|q| q.id == id).unwrap();
    assert_eq!((row.version, row.item_count, row.title.ru.as_str()), (2, 3, "Тошнота за неделю"));

    // A built-in template is read-only; a copy of it is not.
    let esas = questionnaire_id(&app, doc, "esas_r").await;
    let esas_path = format!("/questionnaires/{}", esas.0);
    let p =
        expect_problem(put(&app, &esas_path, Some(doc), &json!({ "definition": def })).await, 409, ErrorCode::Conflict)
            .await;
    assert!(p.detail.unwrap_or_default().contains("copy"));
    let copy: QuestionnaireDto =
        json_of(post(&app, &format!("{esas_path}/copy"), Some(doc), &json!({ "code": "esas_short" })).await, 201).await;
    assert_eq!((copy.template, copy.version, copy.purpose), (None, 1, Purpose::Questionnaire));
    assert_eq!(copy.definition.items.len(), 9);
    let edited: QuestionnaireDto = json_of(
        put(&app, &format!("/questionnaires/{}", copy.id.0), Some(doc), &json!({ "definition": nausea("Копия") }))
            .await,
        200,
    )
    .await;
    assert_eq!(edited.version, 2);

    // Codes are unique in the organization.
    let p = expect_problem(
        create_res(&app, doc, "nausea", "questionnaire", &nausea("Ещё")).await,
        409,
        ErrorCode::Conflict,
    )
    .await;
    assert_eq!(fields(&p), vec!["code"]);
    let p = expect_problem(
        post(&app, &format!("{esas_path}/copy"), Some(doc), &json!({ "code": "vitals" })).await,
        409,
        ErrorCode::Conflict,
    )
    .await;
    assert_eq!(fields(&p), vec!["code"]);

    // Archived: out of the list (unless asked), not editable; restored: back.
    let archived: QuestionnaireDto = json_of(post_empty(&app, &format!("{path}/archive"), Some(doc)).await, 200).await;
    assert!(archived.archived);
    assert!(!library(&app, doc, "").await.iter().any(|q| q.id == id));
    assert!(library(&app, doc, "?archived=true").await.iter().any(|q| q.id == id && q.archived));
    expect_problem(
        put(&app, &path, Some(doc), &json!({ "definition": def })).await,
        409,
        ErrorCode::QuestionnaireArchived,
    )
    .await;
    let again: QuestionnaireDto = json_of(post_empty(&app, &format!("{path}/archive"), Some(doc)).await, 200).await;
    assert!(again.archived);
    let restored: QuestionnaireDto = json_of(post_empty(&app, &format!("{path}/restore"), Some(doc)).await, 200).await;
    assert!(!restored.archived && restored.version == 2);

    for (action, n) in [
        ("questionnaire.create", 1),
        ("questionnaire.version", 2),
        ("questionnaire.copy", 1),
        ("questionnaire.archive", 1),
        ("questionnaire.restore", 1),
    ] {
        let rows = audit_rows(&app, action).await;
        assert_eq!(rows.iter().filter(|r| r.outcome == "ok").count(), n, "{action}");
    }
}

#[tokio::test]
async fn invalid_questionnaires_name_their_fields_and_write_nothing() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let doc = c.doctor.token();
    let before = questionnaire::Entity::find().count(&app.state.db).await.unwrap();
    let bad = json!({
        "title": { "ru": " ", "en": "" },
        "items": [
            { "code": "X", "kind": "scale", "label": { "ru": "Боль", "en": "Pain" } },
            { "code": "q.choice", "kind": "single_choice", "label": { "ru": "Выбор", "en": "Choice" } },
            { "code": "q.num", "kind": "number", "label": { "ru": "Число", "en": "Number" }, "min": 10, "max": 1 },
            { "code": "q.cond", "kind": "text", "label": { "ru": "Условие", "en": "If" },
              "show_if": { "item": "q.num", "any_of": ["1"] } }
        ]
    });
    let p = expect_invalid(
        create_res(&app, doc, "Bad Code", "questionnaire", &bad).await,
        &[
            "code",
            "definition.title",
            "definition.items[0].code",
            "definition.items[1].options",
            "definition.items[2].max",
            "definition.items[3].show_if.item",
        ],
    )
    .await;
    assert_eq!(p.errors.len(), 6, "{:?}", p.errors);
    let p = expect_invalid(
        create_res(&app, doc, "ok_code", "questionnaire", &json!({ "title": { "ru": "Т", "en": "" }, "items": [] }))
            .await,
        &["definition.items"],
    )
    .await;
    assert_eq!(fields(&p), vec!["definition.items"]);
    // A wrong type in the body is named too.
    expect_invalid(create_res(&app, doc, "ok_code", "sometimes", &nausea("Т")).await, &["purpose"]).await;
    let id = questionnaire_id(&app, doc, "esas_r").await;
    let copy = format!("/questionnaires/{}/copy", id.0);
    expect_invalid(post(&app, &copy, Some(doc), &json!({ "code": "a" })).await, &["code"]).await;
    let mine: QuestionnaireDto = json_of(create_res(&app, doc, "mine", "diary", &nausea("Моя")).await, 201).await;
    expect_invalid(
        put(&app, &format!("/questionnaires/{}", mine.id.0), Some(doc), &json!({ "definition": bad })).await,
        &["definition.title"],
    )
    .await;
    assert_eq!(questionnaire::Entity::find().count(&app.state.db).await.unwrap(), before + 1);
    assert_eq!(library(&app, doc, "").await.iter().find(|q| q.id == mine.id).unwrap().version, 1);
}

fn library_calls(q: QuestionnaireId) -> Vec<(Method, String, Option<Value>)> {
    let path = format!("/questionnaires/{}", q.0);
    vec![
        (Method::GET, "/questionnaires".into(), None),
        (Method::GET, path.clone(), None),
        (Method::GET, format!("{path}/versions/1"), None),
        (
            Method::POST,
            "/questionnaires".into(),
            Some(json!({ "code": "x_new", "purpose": "questionnaire", "definition": nausea("Т") })),
        ),
        (Method::PUT, path.clone(), Some(json!({ "definition": nausea("Т") }))),
        (Method::POST, format!("{path}/copy"), Some(json!({ "code": "x_copy" }))),
        (Method::POST, format!("{path}/archive"), None),
        (Method::POST, format!("{path}/restore"), None),
    ]
}

async fn call(app: &TestApp, token: &str, (method, path, body): &(Method, String, Option<Value>)) -> reqwest::Response {
    let mut req = app.client.request(method.clone(), api(app, path)).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(b);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn assistants_read_the_library_patients_do_not_and_other_organizations_are_404() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let own: QuestionnaireDto =
        json_of(create_res(&app, a.doctor.token(), "own", "questionnaire", &nausea("Своя")).await, 201).await;
    let theirs: QuestionnaireDto =
        json_of(create_res(&app, b.doctor.token(), "theirs", "questionnaire", &nausea("Чужая")).await, 201).await;
    let calls = library_calls(own.id);
    for (i, c) in calls.iter().enumerate() {
        let res = call(&app, a.assistant.token(), c).await;
        if i < 3 {
            assert_eq!(res.status(), 200, "{} {}", c.0, c.1);
        } else {
            expect_problem(res, 403, ErrorCode::Forbidden).await;
        }
        expect_problem(call(&app, a.patient.token(), c).await, 403, ErrorCode::Forbidden).await;
    }
    assert!(!audit_rows(&app, "questionnaire.create").await.is_empty(), "refusals are audited");
    assert_eq!(library(&app, a.doctor.token(), "").await.iter().filter(|q| q.code.starts_with("x_")).count(), 0);
    // b's questionnaire from a's organizer and doctor: 404 on every path that names it.
    for token in [a.org.token(), a.doctor.token()] {
        for c in library_calls(theirs.id).iter().filter(|c| c.1.contains(&theirs.id.0.to_string())) {
            expect_problem(call(&app, token, c).await, 404, ErrorCode::NotFound).await;
        }
    }
    assert!(!library(&app, a.doctor.token(), "?archived=true").await.iter().any(|q| q.id == theirs.id));
    let b_lib = library(&app, b.doctor.token(), "").await;
    assert!(b_lib.iter().any(|q| q.id == theirs.id && !q.archived && q.version == 1));
}

// ---- assignments ---------------------------------------------------------------------------

#[tokio::test]
async fn an_assignment_falls_due_then_overdue_and_an_answer_closes_it() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let p = c.patient.id();
    // t0 is Sunday 2026-11-22, 12:00 in Moscow: a weekly Sunday schedule is due today.
    let a = assign(&app, &c, "esas_r", &weekly(&[7], "2026-11-22")).await;
    assert_eq!(a.patient_id, p);
    assert_eq!(a.title.ru, "Симптомы (ESAS-r)");
    assert_eq!(a.assigned_by_name, "Петров Олег");
    assert_eq!((a.last_due.map(|d| d.to_string()), a.last_due_answered), (Some("2026-11-22".into()), false));
    let rows = audit_rows(&app, "assignment.create").await;
    assert_eq!(audited_ids(&rows[0]), vec![p]);

    let de = data_entry(&app, c.patient.token()).await;
    assert_eq!((de.today.to_string(), de.time_zone.as_str()), ("2026-11-22".into(), "Europe/Moscow"));
    assert_eq!(de.due.len(), 1);
    assert_eq!((de.due[0].assignment_id, de.due[0].status), (a.id, DueStatus::Due));
    assert!(de.assigned.is_empty());
    assert_eq!(de.diaries.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), vec!["vitals"]);

    // Two days later the Sunday is overdue.
    app.state.clock.set(at(2026, 11, 24, 9, 0));
    let pt = patient_token(&app, "a").await;
    let de = data_entry(&app, &pt).await;
    assert_eq!((de.due[0].status, de.due[0].due_on.to_string()), (DueStatus::Overdue, "2026-11-22".into()));
    let esas_id = a.questionnaire_id;
    let res = submit(&app, &pt, &answers(esas_id, Some(a.id), esas(2))).await;
    assert_eq!(res.submission.answers_due.map(|d| d.to_string()), Some("2026-11-22".into()));
    let de = data_entry(&app, &pt).await;
    assert!(de.due.is_empty());
    assert_eq!(de.assigned.iter().map(|q| q.id).collect::<Vec<_>>(), vec![esas_id]);
    let listed = assignments(&app, &doctor_token(&app, "a").await, p).await;
    assert!(listed[0].last_due_answered);

    // The next Sunday is due again; a second answer the same day answers no due day.
    app.state.clock.set(at(2026, 11, 29, 9, 0));
    let (pt, dt) = (patient_token(&app, "a").await, doctor_token(&app, "a").await);
    let de = data_entry(&app, &pt).await;
    assert_eq!((de.due[0].status, de.due[0].due_on.to_string()), (DueStatus::Due, "2026-11-29".into()));
    let first = submit(&app, &pt, &answers(esas_id, None, esas(2))).await;
    let second = submit(&app, &pt, &answers(esas_id, None, esas(2))).await;
    assert_eq!(first.submission.answers_due.map(|d| d.to_string()), Some("2026-11-29".into()));
    assert_eq!(second.submission.answers_due, None);

    // Ended: nothing falls due and it cannot be answered.
    let end = format!("{}/{}/end", assignments_path(p), a.id.0);
    let ended: AssignmentDto = json_of(post_empty(&app, &end, Some(&dt)).await, 200).await;
    assert!(ended.ended_at.is_some());
    app.state.clock.set(at(2026, 12, 6, 9, 0));
    let (pt, dt) = (patient_token(&app, "a").await, doctor_token(&app, "a").await);
    let de = data_entry(&app, &pt).await;
    assert!(de.due.is_empty() && de.assigned.is_empty());
    expect_problem(submit_res(&app, &pt, &answers(esas_id, None, esas(2))).await, 404, ErrorCode::NotFound).await;
    expect_problem(
        patient_get(&app, &format!("/cabinet/questionnaires/{}", esas_id.0), &pt, None).await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    let ended_rows = audit_rows(&app, "assignment.end").await;
    assert_eq!((ended_rows.len(), audited_ids(&ended_rows[0])), (1, vec![p]));
    // Ending again changes nothing.
    let again: AssignmentDto = json_of(post_empty(&app, &end, Some(&dt)).await, 200).await;
    assert_eq!(again.ended_at, ended.ended_at);
    // And the doctor may assign it anew.
    assign_as(&app, &dt, p, "esas_r", &daily("2026-12-06")).await;
    let listed = assignments(&app, &dt, p).await;
    assert_eq!((listed.len(), listed[0].ended_at.is_none(), listed[1].id), (2, true, a.id));
}

#[tokio::test]
async fn the_patients_own_time_zone_decides_today() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    // 22:00 UTC on Sunday: Monday 01:00 in Moscow, Sunday 17:00 in New York.
    app.state.clock.set(at(2026, 11, 22, 22, 0));
    let (pt, dt) = (patient_token(&app, "a").await, doctor_token(&app, "a").await);
    let a = assign_as(&app, &dt, c.patient.id(), "pain", &weekly(&[1], "2026-11-16")).await;
    assert_eq!(a.last_due.map(|d| d.to_string()), Some("2026-11-23".into()));
    let de = data_entry(&app, &pt).await;
    assert_eq!((de.due[0].status, de.today.to_string()), (DueStatus::Due, "2026-11-23".into()));

    set_time_zone(&app, c.patient.id(), c.org.org.id.0, "America/New_York").await;
    let de = data_entry(&app, &pt).await;
    assert_eq!((de.today.to_string(), de.time_zone.as_str()), ("2026-11-22".into(), "America/New_York"));
    assert_eq!((de.due[0].status, de.due[0].due_on.to_string()), (DueStatus::Overdue, "2026-11-16".into()));
    let listed = assignments(&app, &dt, c.patient.id()).await;
    assert_eq!(listed[0].last_due.map(|d| d.to_string()), Some("2026-11-16".into()));
    // His answer is of his own day, and so is its record entry.
    let q = a.questionnaire_id;
    let res = submit(&app, &pt, &answers(q, None, json!([{ "code": "pain.now", "value": 2 }]))).await;
    assert_eq!(res.submission.local_date.to_string(), "2026-11-22");
    assert_eq!(res.submission.answers_due.map(|d| d.to_string()), Some("2026-11-16".into()));
    let entry = db::entities::record_entry::Entity::find_by_id(res.submission.entry_id.0)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entry.occurred_on.to_string(), "2026-11-22");
    // A schedule is checked against his day: a start more than a year before it is refused.
    let ecog = questionnaire_id(&app, &dt, "ecog").await;
    expect_invalid(assign_res(&app, &dt, c.patient.id(), ecog, &daily("2025-11-01")).await, &["schedule.start"]).await;
}

#[tokio::test]
async fn invalid_assignments_are_refused_by_field_and_code() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let (doc, p) = (c.doctor.token(), c.patient.id());
    let esas = questionnaire_id(&app, doc, "esas_r").await;
    let vitals = questionnaire_id(&app, doc, "vitals").await;
    let pain = questionnaire_id(&app, doc, "pain").await;
    let res =
        assign_res(&app, doc, p, vitals, &schedule(json!({ "kind": "weekly", "days": [0, 8] }), "2026-11-22", None))
            .await;
    // A diary may be assigned (issue 14); its schedule is checked like any other.
    let e = expect_invalid(res, &["schedule.repeat.days"]).await;
    assert_eq!(e.errors.len(), 1);
    expect_invalid(
        assign_res(&app, doc, p, esas, &schedule(json!({ "kind": "daily" }), "2026-11-22", Some("2026-11-21"))).await,
        &["schedule.until"],
    )
    .await;
    expect_invalid(
        assign_res(&app, doc, p, esas, &schedule(json!({ "kind": "fortnightly" }), "2026-11-22", None)).await,
        &["schedule.repeat.kind"],
    )
    .await;
    post_empty(&app, &format!("/questionnaires/{}/archive", pain.0), Some(doc)).await;
    expect_problem(assign_res(&app, doc, p, pain, &daily("2026-11-22")).await, 409, ErrorCode::QuestionnaireArchived)
        .await;
    assign(&app, &c, "esas_r", &daily("2026-11-22")).await;
    let e = expect_problem(assign_res(&app, doc, p, esas, &daily("2026-11-23")).await, 409, ErrorCode::Conflict).await;
    assert_eq!(fields(&e), vec!["questionnaire_id"]);
    expect_problem(
        assign_res(&app, doc, p, QuestionnaireId(uuid::Uuid::now_v7()), &daily("2026-11-22")).await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    assert_eq!(assignments(&app, doc, p).await.len(), 1);
}

#[tokio::test]
async fn archiving_a_questionnaire_ends_its_assignments() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let a = assign(&app, &c, "esas_r", &daily("2026-11-22")).await;
    let path = format!("/questionnaires/{}/archive", a.questionnaire_id.0);
    json_of::<QuestionnaireDto>(post_empty(&app, &path, Some(c.org.token())).await, 200).await;
    let listed = assignments(&app, c.doctor.token(), c.patient.id()).await;
    assert!(listed[0].ended_at.is_some());
    assert!(data_entry(&app, c.patient.token()).await.due.is_empty());
    let rows = audit_rows(&app, "questionnaire.archive").await;
    assert_eq!(audited_ids(&rows[0]), vec![c.patient.id()]);
    expect_problem(
        submit_res(&app, c.patient.token(), &answers(a.questionnaire_id, None, esas(1))).await,
        409,
        ErrorCode::QuestionnaireArchived,
    )
    .await;
}

fn assignment_calls(p: PatientId, q: QuestionnaireId, a: AssignmentId) -> Vec<(Method, String, Option<Value>)> {
    let base = assignments_path(p);
    vec![
        (Method::GET, base.clone(), None),
        (Method::POST, base.clone(), Some(json!({ "questionnaire_id": q, "schedule": daily("2026-11-22") }))),
        (Method::POST, format!("{base}/{}/end", a.0), None),
        (Method::GET, format!("/patients/{}/submissions", p.0), None),
    ]
}

#[tokio::test]
async fn who_may_assign_and_see_assignments() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let pain = questionnaire_id(&app, a.doctor.token(), "pain").await;
    let mine = assign(&app, &a, "esas_r", &daily("2026-11-22")).await;
    let theirs = assign(&app, &b, "esas_r", &daily("2026-11-22")).await;
    let b_pain = questionnaire_id(&app, b.doctor.token(), "pain").await;
    let calls = assignment_calls(a.patient.id(), pain, mine.id);

    // The assistant sees, but does not assign or end (`doctor_only`).
    assert_eq!(call(&app, a.assistant.token(), &calls[0]).await.status(), 200);
    assert_eq!(call(&app, a.assistant.token(), &calls[3]).await.status(), 200);
    for c in [&calls[1], &calls[2]] {
        expect_problem(call(&app, a.assistant.token(), c).await, 403, ErrorCode::DoctorOnly).await;
    }
    // The organizer and the patient get 403 on all; a doctor who is not his gets 404.
    for c in &calls {
        expect_problem(call(&app, a.org.token(), c).await, 403, ErrorCode::Forbidden).await;
        expect_problem(call(&app, a.patient.token(), c).await, 403, ErrorCode::Forbidden).await;
        expect_problem(call(&app, a.other_doctor.token(), c).await, 404, ErrorCode::NotFound).await;
    }
    // Another organization's patient, questionnaire and assignment are 404.
    for c in assignment_calls(b.patient.id(), b_pain, theirs.id) {
        expect_problem(call(&app, a.doctor.token(), &c).await, 404, ErrorCode::NotFound).await;
    }
    for c in &assignment_calls(a.patient.id(), b_pain, theirs.id)[1..3] {
        expect_problem(call(&app, a.doctor.token(), c).await, 404, ErrorCode::NotFound).await;
    }
    assert!(assignments(&app, b.doctor.token(), b.patient.id()).await[0].ended_at.is_none());
    assert_eq!(assignments(&app, a.doctor.token(), a.patient.id()).await.len(), 1);
    let denied = audit_rows(&app, "assignment.create").await;
    assert!(denied.iter().any(|r| r.outcome == "denied"));
}
