//! Answers (CAB-4, MON-3, MON-5, MON-6): a submission becomes an "entered by patient" record
//! entry and observations, the alert rules run in its transaction (open, join, worse), the care
//! team is emailed and the patient advised; nothing is stored when anything fails; answers keep
//! their version; reminders go out once a day and not after an answer; roles and tenancy of
//! the cabinet endpoints.

use common::ErrorCode;
use common::alerts::{AdviceTexts, Urgency};
use common::cabinet::NotificationKind;
use common::ids::{AssignmentId, QuestionnaireId};
use common::monitoring::{LiveEventKind, QuestionnaireDto, SubmissionDto, SubmissionResultDto};
use common::page::Page;
use common::record::{EntryDto, EntryKind, EntrySummaryDto};
use db::entities::{alert, alert_event, monitoring_settings, notification, observation, submission};
use db::sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::accounts::*;
use crate::support::app::{TestApp, spawn_app, t0};
use crate::support::cabinet::*;
use crate::support::monitoring::*;
use crate::support::patients::{audit_rows, audited_ids, put};

const DOCTOR: &str = "a.doctor@example.org";
const ASSISTANT: &str = "a.assistant@example.org";
const OTHER_DOCTOR: &str = "a.doctor2@example.org";
const PATIENT: &str = "a.patient@example.org";

/// The alert emails sent to `to` so far.
async fn alert_emails(app: &TestApp, to: &str) -> usize {
    emails_to(app, to).await.iter().filter(|e| e.text.contains("/staff/patients/")).count()
}

async fn alerts_of(app: &TestApp) -> Vec<alert::Model> {
    alert::Entity::find().order_by_asc(alert::Column::OpenedAt).all(&app.state.db).await.unwrap()
}

/// The rules whose alerts a submission opened or joined.
async fn rules_fired(app: &TestApp, res: &SubmissionResultDto) -> Vec<String> {
    let ids: Vec<uuid::Uuid> = alert_event::Entity::find()
        .filter(alert_event::Column::SubmissionId.eq(res.submission.id.0))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.alert_id)
        .collect();
    let mut rules: Vec<String> = alert::Entity::find()
        .filter(alert::Column::Id.is_in(ids))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.rule)
        .collect();
    rules.sort();
    rules
}

#[tokio::test]
async fn an_answer_becomes_a_record_entry_observations_and_an_alert_that_joins_and_worsens() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let p = c.patient.id();
    let a = assign(&app, &c, "esas_r", &daily("2026-11-22")).await;
    let mut live = app.state.live.subscribe();

    // Pain 8 on ESAS-r: the record entry, nine observations, an alert and its advice.
    let res = submit(&app, c.patient.token(), &answers(a.questionnaire_id, Some(a.id), esas(8))).await;
    assert_eq!(rules_fired(&app, &res).await, vec!["esas_high"]);
    // Pain 8 is severe, not an emergency: one action, the care team's review in the promised
    // time, and no number to call.
    let advice = res.advice.clone().expect("advice");
    assert_eq!((advice.urgency, advice.phone.as_deref(), advice.answer_hours), (Urgency::Review, None, 24));
    assert_eq!(advice.text, AdviceTexts::default().review);
    assert!(!advice.text.ru.contains("103"), "no second, contradicting instruction");
    let s = &res.submission;
    assert_eq!((s.version, s.answers.len(), s.answers_due.map(|d| d.to_string())), (1, 9, Some("2026-11-22".into())));
    assert_eq!(s.local_date.to_string(), "2026-11-22");

    let list: Page<EntrySummaryDto> =
        json_of(get(&app, &format!("/patients/{}/record", p.0), Some(c.doctor.token())).await, 200).await;
    assert_eq!(list.total, 1);
    assert_eq!((list.items[0].kind, list.items[0].title.as_str()), (EntryKind::Patient, "Симптомы (ESAS-r)"));
    assert_eq!(list.items[0].author.role, "patient");
    let entry: EntryDto =
        json_of(get(&app, &format!("/patients/{}/record/{}", p.0, s.entry_id.0), Some(c.doctor.token())).await, 200)
            .await;
    assert!(entry.body.starts_with("Боль: 8\n"), "{}", entry.body);
    assert_eq!(entry.occurred_on.to_string(), "2026-11-22");

    let obs = observation::Entity::find()
        .filter(observation::Column::SubmissionId.eq(s.id.0))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(obs.len(), 9);
    assert!(obs.iter().any(|o| o.code == "esas.pain" && o.value == 8.0));

    let alerts = alerts_of(&app).await;
    assert_eq!(alerts.len(), 1);
    let al = &alerts[0];
    assert_eq!((al.rule.as_str(), al.item.as_str(), al.status.as_str()), ("esas_high", "esas.pain", "open"));
    assert_eq!((al.worst_value, al.values_count, al.notified), (8.0, 1, 1));
    assert_eq!(advice.alert_ids[0].0, al.id);
    // The doctor and his assistant are emailed; another doctor is not.
    assert_eq!((alert_emails(&app, DOCTOR).await, alert_emails(&app, ASSISTANT).await), (1, 1));
    assert_eq!(alert_emails(&app, OTHER_DOCTOR).await, 0);
    let env = live.try_recv().expect("a live event after the commit");
    assert_eq!((env.event.kind, env.patient_card_id), (LiveEventKind::AlertOpened, p.0));
    // The patient sees the advice while the alert is open.
    let de = data_entry(&app, c.patient.token()).await;
    assert_eq!(de.advice.map(|a| a.alert_ids), Some(vec![common::ids::AlertId(al.id)]));
    assert_eq!(de.last_submissions.len(), 1);

    // The same value again joins the open alert without a new email.
    app.state.clock.advance(chrono::Duration::minutes(5));
    let res = submit(&app, c.patient.token(), &answers(a.questionnaire_id, None, esas(8))).await;
    assert_eq!(rules_fired(&app, &res).await, vec!["esas_high"]);
    assert_eq!(res.submission.answers_due, None, "today's due day was answered");
    let al = &alerts_of(&app).await[0];
    assert_eq!((al.values_count, al.notified, al.last_value), (2, 1, 8.0));
    assert_eq!(alert_emails(&app, DOCTOR).await, 1);
    assert!(live.try_recv().is_err(), "a joined value is not announced");

    // A worse one notifies again.
    app.state.clock.advance(chrono::Duration::minutes(5));
    let res = submit(&app, c.patient.token(), &answers(a.questionnaire_id, None, esas(9))).await;
    assert_eq!(rules_fired(&app, &res).await, vec!["esas_high"]);
    let alerts = alerts_of(&app).await;
    assert_eq!(alerts.len(), 1);
    assert_eq!((alerts[0].values_count, alerts[0].notified, alerts[0].worst_value), (3, 2, 9.0));
    assert_eq!((alert_emails(&app, DOCTOR).await, alert_emails(&app, ASSISTANT).await), (2, 2));
    assert_eq!(live.try_recv().unwrap().event.kind, LiveEventKind::AlertWorse);

    // Both sides list the answers newest first, with their items.
    let staff: Page<SubmissionDto> =
        json_of(get(&app, &format!("/patients/{}/submissions", p.0), Some(c.assistant.token())).await, 200).await;
    assert_eq!(staff.total, 3);
    assert_eq!(staff.items[0].answers[0].value, common::questionnaire::AnswerValue::Number(9.0));
    assert_eq!(staff.items[0].definition.as_ref().map(|d| d.items.len()), Some(9));
    let own: Page<SubmissionDto> =
        json_of(patient_get(&app, "/cabinet/submissions?per_page=2", c.patient.token(), None).await, 200).await;
    assert_eq!((own.total, own.items.len()), (3, 2));
    assert_eq!(own.items[1].id, staff.items[1].id);
    let submits = audit_rows(&app, "monitoring.submit").await;
    assert_eq!(submits.len(), 3);
    assert!(submits.iter().all(|r| audited_ids(r) == vec![p] && r.outcome == "ok"));
    assert_eq!(audited_ids(&audit_rows(&app, "monitoring.submissions").await[0]), vec![p]);
}

#[tokio::test]
async fn every_rule_kind_fires_on_its_boundary() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let mut tok = c.patient.token().to_owned();
    let vitals = questionnaire_id(&app, c.doctor.token(), "vitals").await;
    let v = |code: &str, value: f64| answers(vitals, None, json!([{ "code": code, "value": value }]));

    assert!(submit(&app, &tok, &v("vitals.temp_c", 37.9)).await.advice.is_none());
    assert_eq!(rules_fired(&app, &submit(&app, &tok, &v("vitals.temp_c", 38.0)).await).await, vec!["temp_high"]);
    assert!(submit(&app, &tok, &v("vitals.spo2", 93.0)).await.advice.is_none());
    assert_eq!(rules_fired(&app, &submit(&app, &tok, &v("vitals.spo2", 92.0)).await).await, vec!["spo2_low"]);

    // Weight: 5 % below the highest of the previous 30 days; older values do not count.
    assert!(submit(&app, &tok, &v("vitals.weight_kg", 80.0)).await.advice.is_none());
    app.state.clock.advance(chrono::Duration::days(31));
    tok = patient_token(&app, "a").await;
    assert!(submit(&app, &tok, &v("vitals.weight_kg", 75.0)).await.advice.is_none(), "80 kg is out of the window");
    assert!(submit(&app, &tok, &v("vitals.weight_kg", 71.3)).await.advice.is_none(), "4.9 %");
    assert_eq!(rules_fired(&app, &submit(&app, &tok, &v("vitals.weight_kg", 71.2)).await).await, vec!["weight_loss"]);

    // Pain: a worsening by 2 points against the previous answer.
    let a = assign_as(&app, &doctor_token(&app, "a").await, c.patient.id(), "pain", &daily("2026-12-23")).await;
    let pain = |n: u8| answers(a.questionnaire_id, None, json!([{ "code": "pain.now", "value": n }]));
    assert!(submit(&app, &tok, &pain(3)).await.advice.is_none(), "a first answer has nothing to worsen from");
    assert!(submit(&app, &tok, &pain(4)).await.advice.is_none());
    assert_eq!(rules_fired(&app, &submit(&app, &tok, &pain(6)).await).await, vec!["pain_worse"]);
    assert_eq!(rules_fired(&app, &submit(&app, &tok, &pain(7)).await).await, vec!["pain_high"]);

    let rules: Vec<String> = alerts_of(&app).await.into_iter().map(|a| a.rule).collect();
    assert_eq!(rules, vec!["temp_high", "spo2_low", "weight_loss", "pain_worse", "pain_high"]);
    // Each opening emailed the doctor.
    assert_eq!(alert_emails(&app, DOCTOR).await, 5);
}

#[tokio::test]
async fn a_refused_or_failed_submission_stores_nothing() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let tok = c.patient.token();
    let a = assign(&app, &c, "esas_r", &daily("2026-11-22")).await;
    let q = a.questionnaire_id;
    let before = rows(&app).await;

    let e = expect_invalid(submit_res(&app, tok, &answers(q, None, esas(11))).await, &["answers.esas.pain"]).await;
    assert_eq!(e.errors[0].code, "out_of_range");
    expect_invalid(submit_res(&app, tok, &answers(q, None, json!([]))).await, &["answers"]).await;
    let mut unknown = esas(2);
    unknown.as_array_mut().unwrap().push(json!({ "code": "nope", "value": 1 }));
    expect_invalid(submit_res(&app, tok, &answers(q, None, unknown)).await, &["answers.nope"]).await;
    let partial = json!([{ "code": "esas.pain", "value": 9 }]);
    expect_invalid(
        submit_res(&app, tok, &answers(q, None, partial)).await,
        &["answers.esas.tiredness", "answers.esas.wellbeing"],
    )
    .await;
    expect_invalid(submit_res(&app, tok, &answers(q, None, json!([{ "code": "esas.pain", "value": {} }]))).await, &[])
        .await;
    let vitals = questionnaire_id(&app, c.doctor.token(), "vitals").await;
    let blank = json!([{ "code": "vitals.note", "value": "   " }]);
    expect_invalid(submit_res(&app, tok, &answers(vitals, None, blank)).await, &["answers"]).await;
    // Not assigned to him, or an assignment of another questionnaire: 404.
    let ecog = questionnaire_id(&app, c.doctor.token(), "ecog").await;
    expect_problem(
        submit_res(&app, tok, &answers(ecog, None, json!([{ "code": "ecog.grade", "value": "1" }]))).await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    expect_problem(
        submit_res(&app, tok, &answers(vitals, Some(a.id), json!([{ "code": "vitals.pulse", "value": 70 }]))).await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    assert_eq!(rows(&app).await, before);

    // A failure after the entry, the submission and the observations were written (the
    // organization's rules are unreadable) leaves none of them.
    monitoring_settings::Entity::insert(monitoring_settings::ActiveModel {
        organization_id: Set(c.org.org.id.0),
        rules: Set("{not json".into()),
        advice_ru: Set("Совет".into()),
        advice_en: Set("Advice".into()),
        advice_call_ru: Set("Звоните".into()),
        advice_call_en: Set("Call".into()),
        advice_emergency_ru: Set("103".into()),
        advice_emergency_en: Set("112".into()),
        department_phone: Set(None),
        hotline_phone: Set(None),
        answer_hours: Set(24),
        reply_templates: Set("[]".into()),
        escalation_minutes: Set(240),
        covering_doctor_id: Set(None),
        reminder_hour: Set(9),
        updated_at: Set(t0()),
    })
    .exec_without_returning(&app.state.db)
    .await
    .unwrap();
    expect_problem(submit_res(&app, tok, &answers(q, Some(a.id), esas(9))).await, 500, ErrorCode::Internal).await;
    assert_eq!(rows(&app).await, before);
    assert!(audit_rows(&app, "monitoring.submit").await.is_empty());
    assert!(data_entry(&app, tok).await.due.len() == 1, "still due");
}

#[tokio::test]
async fn answers_keep_the_version_they_answered() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let esas_id = questionnaire_id(&app, c.doctor.token(), "esas_r").await;
    let copy: QuestionnaireDto = json_of(
        post(
            &app,
            &format!("/questionnaires/{}/copy", esas_id.0),
            Some(c.doctor.token()),
            &json!({ "code": "esas_mine" }),
        )
        .await,
        201,
    )
    .await;
    let a = assign(&app, &c, "esas_mine", &daily("2026-11-22")).await;
    let first = submit(&app, c.patient.token(), &answers(copy.id, Some(a.id), esas(3))).await;
    assert_eq!(first.submission.version, 1);

    let mut def = copy.definition.clone();
    def.title.ru = "Мои симптомы".into();
    def.items.truncate(1);
    let v2: QuestionnaireDto = json_of(
        put(&app, &format!("/questionnaires/{}", copy.id.0), Some(c.doctor.token()), &json!({ "definition": def }))
            .await,
        200,
    )
    .await;
    assert_eq!(v2.version, 2);
    // The patient answers the new version: only the first item is left.
    let form: QuestionnaireDto = json_of(
        patient_get(&app, &format!("/cabinet/questionnaires/{}", copy.id.0), c.patient.token(), None).await,
        200,
    )
    .await;
    assert_eq!((form.version, form.definition.items.len()), (2, 1));
    expect_invalid(
        submit_res(&app, c.patient.token(), &answers(copy.id, None, esas(3))).await,
        &["answers.esas.nausea"],
    )
    .await;
    let second =
        submit(&app, c.patient.token(), &answers(copy.id, None, json!([{ "code": "esas.pain", "value": 4 }]))).await;
    assert_eq!((second.submission.version, second.submission.title.ru.as_str()), (2, "Мои симптомы"));

    let staff: Page<SubmissionDto> =
        json_of(get(&app, &format!("/patients/{}/submissions", c.patient.id().0), Some(c.doctor.token())).await, 200)
            .await;
    assert_eq!(staff.items.iter().map(|s| s.version).collect::<Vec<_>>(), vec![2, 1]);
    assert_eq!(staff.items[1].definition.as_ref().map(|d| d.items.len()), Some(9));
    assert_eq!(staff.items[1].title.ru, "Симптомы (ESAS-r)");
    assert_eq!(staff.items[1].answers.len(), 9);
}

#[tokio::test]
async fn a_double_click_stores_one_answer_to_the_due_day_and_never_fails_with_500() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let a = assign(&app, &c, "esas_r", &daily("2026-11-22")).await;
    let body = answers(a.questionnaire_id, Some(a.id), esas(2));
    let (r1, r2) = tokio::join!(submit_res(&app, c.patient.token(), &body), submit_res(&app, c.patient.token(), &body));
    let statuses = [r1.status().as_u16(), r2.status().as_u16()];
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    assert!(statuses.contains(&201));
    let due = submission::Entity::find()
        .filter(submission::Column::AssignmentId.eq(a.id.0))
        .filter(submission::Column::DueOn.is_not_null())
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
}

async fn reminders(app: &TestApp, card: common::ids::PatientId) -> Vec<notification::Model> {
    notification::Entity::find()
        .filter(notification::Column::PatientCardId.eq(card.0))
        .filter(notification::Column::Kind.eq(NotificationKind::QuestionnaireDue.as_str()))
        .all(&app.state.db)
        .await
        .unwrap()
}

async fn reminder_emails(app: &TestApp) -> usize {
    emails_to(app, PATIENT).await.iter().filter(|e| e.text.contains("/cabinet/data-entry")).count()
}

/// Moves the clock and runs what is due, the periodic sweep included.
async fn run_at(app: &TestApp, when: chrono::DateTime<chrono::Utc>) {
    app.state.clock.set(when);
    run_jobs(app).await;
}

#[tokio::test]
async fn reminders_go_out_once_a_day_after_the_hour_and_not_after_an_answer() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let p = c.patient.id();
    let a = assign(&app, &c, "esas_r", &daily("2026-11-22")).await;
    // The worker schedules the sweep; it runs every 15 minutes.
    server::platform::jobs::schedule_periodic(&app.state, app.state.clock.now()).await.unwrap();

    // 09:15 UTC is 12:15 in Moscow, past the default hour (9): one reminder with its email.
    run_at(&app, at(2026, 11, 22, 9, 15)).await;
    let got = reminders(&app, p).await;
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].subject.as_str(), got[0].link.as_deref()), ("Симптомы (ESAS-r)", Some("/cabinet/data-entry")));
    assert_eq!(reminder_emails(&app).await, 1);
    run_at(&app, at(2026, 11, 22, 9, 30)).await;
    run_at(&app, at(2026, 11, 22, 20, 45)).await;
    assert_eq!(reminders(&app, p).await.len(), 1, "once a day");

    // The next day: not before 9:00 in Moscow, then once.
    run_at(&app, at(2026, 11, 23, 5, 45)).await;
    assert_eq!(reminders(&app, p).await.len(), 1);
    run_at(&app, at(2026, 11, 23, 6, 0)).await;
    run_at(&app, at(2026, 11, 23, 6, 15)).await;
    assert_eq!(reminders(&app, p).await.len(), 2);
    assert_eq!(reminder_emails(&app).await, 2);

    // Answered before the hour: no reminder.
    run_at(&app, at(2026, 11, 24, 5, 0)).await;
    submit(&app, &patient_token(&app, "a").await, &answers(a.questionnaire_id, Some(a.id), esas(1))).await;
    run_at(&app, at(2026, 11, 24, 6, 15)).await;
    assert_eq!(reminders(&app, p).await.len(), 2);

    // Queued, then answered before the job ran: the job checks again and sends nothing.
    app.state.clock.set(at(2026, 11, 25, 6, 20));
    let queued = server::domains::monitoring::reminders::sweep(&app.state, app.state.clock.now()).await.unwrap();
    assert_eq!(queued, 1);
    submit(&app, &patient_token(&app, "a").await, &answers(a.questionnaire_id, Some(a.id), esas(1))).await;
    run_jobs(&app).await;
    assert_eq!(reminders(&app, p).await.len(), 2);

    // Ended: no more reminders.
    post_empty(&app, &format!("{}/{}/end", assignments_path(p), a.id.0), Some(&doctor_token(&app, "a").await)).await;
    run_at(&app, at(2026, 11, 26, 7, 0)).await;
    assert_eq!(reminders(&app, p).await.len(), 2);
    assert_eq!(reminder_emails(&app).await, 2);
}

fn cabinet_calls(q: QuestionnaireId, a: Option<AssignmentId>) -> Vec<(Method, String, Option<Value>)> {
    vec![
        (Method::GET, "/cabinet/data-entry".into(), None),
        (Method::GET, format!("/cabinet/questionnaires/{}", q.0), None),
        (Method::POST, "/cabinet/submissions".into(), Some(answers(q, a, esas(1)))),
        (Method::GET, "/cabinet/submissions".into(), None),
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
async fn the_cabinet_is_the_patients_and_other_organizations_are_404() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let mine = assign(&app, &a, "esas_r", &daily("2026-11-22")).await;
    let theirs = assign(&app, &b, "esas_r", &daily("2026-11-22")).await;
    for token in [a.doctor.token(), a.assistant.token(), a.org.token()] {
        for c in cabinet_calls(mine.questionnaire_id, Some(mine.id)) {
            expect_problem(call(&app, token, &c).await, 403, ErrorCode::Forbidden).await;
        }
    }
    // b's questionnaire, b's assignment, b's card.
    let tok = a.patient.token();
    let calls = cabinet_calls(theirs.questionnaire_id, None);
    expect_problem(call(&app, tok, &calls[1]).await, 404, ErrorCode::NotFound).await;
    expect_problem(call(&app, tok, &calls[2]).await, 404, ErrorCode::NotFound).await;
    let res = submit_res(&app, tok, &answers(mine.questionnaire_id, Some(theirs.id), esas(1))).await;
    expect_problem(res, 404, ErrorCode::NotFound).await;
    let res = patient_get(&app, "/cabinet/data-entry", tok, Some(b.patient.id())).await;
    expect_problem(res, 404, ErrorCode::NotFound).await;
    // His own: the assigned questionnaire and the diary open; an unassigned one does not.
    let doc = a.doctor.token();
    for code in ["esas_r", "vitals"] {
        let q = questionnaire_id(&app, doc, code).await;
        let res = patient_get(&app, &format!("/cabinet/questionnaires/{}", q.0), tok, None).await;
        assert_eq!(json_of::<QuestionnaireDto>(res, 200).await.code, code);
    }
    let ecog = questionnaire_id(&app, doc, "ecog").await;
    let res = patient_get(&app, &format!("/cabinet/questionnaires/{}", ecog.0), tok, None).await;
    expect_problem(res, 404, ErrorCode::NotFound).await;
    assert_eq!(rows(&app).await.0, 0);
    assert_eq!(audit_rows(&app, "monitoring.data_entry").await.len(), 0);
    data_entry(&app, tok).await;
    let reads = audit_rows(&app, "monitoring.data_entry").await;
    assert_eq!((reads.len(), audited_ids(&reads[0])), (1, vec![a.patient.id()]));
}

#[tokio::test]
async fn a_representative_answers_for_the_card_he_represents() {
    use db::entities::{record_entry, representative};
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let child = registered_patient(&app, &c.org, "Белов", "Миша", "misha@example.org").await;
    let parent_account = me(&app, c.patient.token()).await.account_id;
    representative::Entity::insert(representative::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        organization_id: Set(c.org.org.id.0),
        patient_card_id: Set(child.id().0),
        account_id: Set(parent_account.0),
        until: Set(t0().date_naive() + chrono::Duration::days(30)),
        created_by: Set(None),
        created_at: Set(t0()),
    })
    .exec_without_returning(&app.state.db)
    .await
    .unwrap();
    let vitals = questionnaire_id(&app, c.doctor.token(), "vitals").await;
    let body = answers(vitals, None, json!([{ "code": "vitals.temp_c", "value": 38.4 }]));
    let res = patient_post(&app, "/cabinet/submissions", c.patient.token(), Some(child.id()), &body).await;
    let res: SubmissionResultDto = json_of(res, 201).await;
    assert_eq!(rules_fired(&app, &res).await, vec!["temp_high"]);

    let stored = submission::Entity::find_by_id(res.submission.id.0).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!((stored.patient_card_id, stored.acting_for), (child.id().0, Some(child.id().0)));
    let entry = record_entry::Entity::find_by_id(res.submission.entry_id.0).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!((entry.author_role.as_str(), entry.patient_card_id), ("representative", child.id().0));
    assert!(entry.author_name.starts_with("Белова"), "{}", entry.author_name);
    assert_eq!(entry.body, "Температура: 38,4\u{a0}°C", "in the Russian notation");
    let audit = audit_rows(&app, "monitoring.submit").await;
    assert_eq!((audit[0].acting_for, audited_ids(&audit[0])), (Some(child.id().0), vec![child.id()]));
    // The alert is the child's; the parent's own cabinet shows nothing of it.
    assert_eq!(alerts_of(&app).await[0].patient_card_id, child.id().0);
    assert!(data_entry(&app, c.patient.token()).await.advice.is_none());
    let de: common::monitoring::DataEntryDto =
        json_of(patient_get(&app, "/cabinet/data-entry", c.patient.token(), Some(child.id())).await, 200).await;
    assert_eq!((de.advice.is_some(), de.last_submissions.len()), (true, 1));
}
