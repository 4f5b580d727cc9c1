//! Representatives and dependents (CAB-10): the organizer links an existing account to a card
//! until a day; the representative switches to it with `X-Patient-Id` (audited as acting for
//! it) until the day passes; account actions are refused while acting for a dependent; the
//! organizer confirms or rejects the patients' requests to add dependents.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use common::ErrorCode;
use common::auth::{MembershipStatus, Role};
use common::cabinet::{
    CabinetContextDto, CabinetProfileDto, CardRelation, DependentRequestDto, DependentRequestStatus, FeedbackDto,
    NotificationKind, NotificationPageDto, RepresentativeDto,
};
use common::ids::PatientId;
use db::entities::{membership, patient_card, representative};
use db::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::accounts_helpers::*;
use crate::admin_helpers::delete;
use crate::cabinet_helpers::*;
use crate::helpers::{TestApp, spawn_app};
use crate::patients_helpers::{audit_rows, audited_ids};

fn reps_path(card: PatientId) -> String {
    format!("/patients/{}/representatives", card.0)
}

fn link_body(email: &str, until: &str) -> Value {
    json!({ "email": email, "until": until })
}

async fn link(app: &TestApp, token: &str, card: PatientId, email: &str, until: &str) -> RepresentativeDto {
    json_of(post(app, &reps_path(card), Some(token), &link_body(email, until)).await, 201).await
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[tokio::test]
async fn a_representative_acts_for_the_card_until_his_day_passes() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let d = &a.patient;
    let r = registered_patient(&app, &a.org, "Белов", "Сергей", "a.rep@example.org").await;

    let rep = link(&app, a.org.token(), d.id(), &r.email, "2026-11-30").await;
    assert_eq!(rep.patient_id, d.id());
    assert_eq!(rep.email, r.email);
    assert_eq!(rep.name, "Белов Сергей Павловна");
    assert_eq!(rep.until, day("2026-11-30"));

    // R's switcher lists his own card first, then D's.
    let ctx: CabinetContextDto = json_of(patient_get(&app, "/cabinet/context", r.token(), None).await, 200).await;
    let ids: Vec<PatientId> = ctx.cards.iter().map(|c| c.id).collect();
    assert_eq!(ids, [r.id(), d.id()]);
    assert_eq!(ctx.current.id, r.id());
    assert_eq!(ctx.cards[1].relation, CardRelation::Dependent);
    assert_eq!(ctx.cards[1].until, Some(day("2026-11-30")));
    let ctx: CabinetContextDto =
        json_of(patient_get(&app, "/cabinet/context", r.token(), Some(d.id())).await, 200).await;
    assert_eq!(ctx.current.id, d.id());
    assert_eq!(ctx.current.relation, CardRelation::Dependent);

    // With the header he sees D's data; the audit row says he acted for D.
    let prof: CabinetProfileDto =
        json_of(patient_get(&app, "/cabinet/profile", r.token(), Some(d.id())).await, 200).await;
    assert_eq!(prof.patient_id, d.id());
    assert_eq!(prof.last_name, "Белова");
    assert_eq!(prof.account_email, r.email);
    assert!(!prof.account_actions);
    let rows = audit_rows(&app, "cabinet.profile").await;
    let row = rows.last().unwrap();
    assert_eq!(row.acting_for, Some(d.id().0));
    assert_eq!(row.account_id, Some(me(&app, r.token()).await.account_id.0));
    assert_eq!(audited_ids(row), [d.id()]);

    // Feedback written for D names R; D sees it as his.
    let body = json!({ "category": "question", "subject": "За маму", "text": "Вопрос." });
    let f: FeedbackDto =
        json_of(patient_post(&app, "/cabinet/feedback", r.token(), Some(d.id()), &body).await, 201).await;
    assert_eq!(f.patient_id, d.id());
    assert_eq!(f.written_by.as_deref(), Some("Белов Сергей Павловна"));
    let mine: Vec<FeedbackDto> = json_of(patient_get(&app, "/cabinet/feedback", d.token(), None).await, 200).await;
    assert_eq!(mine.len(), 1);
    // A dependent does not add dependents.
    let dep = json!({ "last_name": "Белов", "first_name": "Павел", "birth_date": "2015-06-01", "sex": "male" });
    let res = patient_post(&app, "/cabinet/dependents", r.token(), Some(d.id()), &dep).await;
    expect_problem(res, 403, ErrorCode::ActingForDependent).await;

    // A card he does not represent: 404 (same organization or another).
    let other = registered_patient(&app, &a.org, "Орлова", "Вера", "a.other@example.org").await;
    for card in [other.id(), b.patient.id()] {
        let res = patient_get(&app, "/cabinet/profile", r.token(), Some(card)).await;
        expect_problem(res, 404, ErrorCode::NotFound).await;
    }
    // D cannot open R's card.
    expect_problem(patient_get(&app, "/cabinet/profile", d.token(), Some(r.id())).await, 404, ErrorCode::NotFound)
        .await;

    // Through 2026-11-30 in Moscow he may; from 2026-12-01 he may not.
    let last_minute = Utc.with_ymd_and_hms(2026, 11, 30, 20, 59, 0).unwrap();
    app.state.clock.set(last_minute);
    let session = login_ok(&app, &r.email, PATIENT_PASSWORD).await;
    assert_eq!(patient_get(&app, "/cabinet/profile", session.token(), Some(d.id())).await.status(), 200);
    app.state.clock.set(last_minute + Duration::minutes(2));
    let session = login_ok(&app, &r.email, PATIENT_PASSWORD).await;
    let res = patient_get(&app, "/cabinet/profile", session.token(), Some(d.id())).await;
    expect_problem(res, 404, ErrorCode::NotFound).await;
    let ctx: CabinetContextDto = json_of(patient_get(&app, "/cabinet/context", session.token(), None).await, 200).await;
    assert_eq!(ctx.cards.len(), 1);
    assert!(audit_rows(&app, "cabinet.access").await.iter().any(|r| r.outcome == "denied"));
}

#[tokio::test]
async fn account_actions_are_refused_while_acting_for_a_dependent() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    let d = &a.patient;
    let r = registered_patient(&app, &a.org, "Белов", "Сергей", "a.rep@example.org").await;
    let stranger = registered_patient(&app, &a.org, "Орлова", "Вера", "a.other@example.org").await;
    link(&app, a.org.token(), d.id(), &r.email, "2026-12-31").await;

    let email = json!({ "password": PATIENT_PASSWORD, "new_email": "new.rep@example.org" });
    let password = json!({ "old_password": PATIENT_PASSWORD, "new_password": "another long phrase 2" });
    for card in [d.id(), stranger.id()] {
        let res = patient_post(&app, "/me/email", r.token(), Some(card), &email).await;
        expect_problem(res, 403, ErrorCode::ActingForDependent).await;
        let res = patient_post(&app, "/me/password", r.token(), Some(card), &password).await;
        expect_problem(res, 403, ErrorCode::ActingForDependent).await;
    }
    // His own card, named or not, is his account.
    let res = patient_post(&app, "/me/email", r.token(), Some(r.id()), &email).await;
    assert_eq!(res.status(), 202);
    let res = patient_post(&app, "/me/password", r.token(), None, &password).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn the_organizer_links_lists_and_removes_representatives() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let d = &a.patient;
    let t = a.org.token();
    let r = registered_patient(&app, &a.org, "Белов", "Сергей", "a.rep@example.org").await;

    // Validation: a malformed email, an unknown account, the card's own account, a past day.
    expect_invalid(post(&app, &reps_path(d.id()), Some(t), &link_body("nope", "2026-12-31")).await, &["email"]).await;
    let p = expect_invalid(
        post(&app, &reps_path(d.id()), Some(t), &link_body("ghost@example.org", "2026-12-31")).await,
        &["email"],
    )
    .await;
    assert_eq!(p.errors[0].code, "no_account");
    let p =
        expect_invalid(post(&app, &reps_path(d.id()), Some(t), &link_body(&d.email, "2026-12-31")).await, &["email"])
            .await;
    assert_eq!(p.errors[0].code, "own_card");
    expect_invalid(post(&app, &reps_path(d.id()), Some(t), &link_body(&r.email, "2026-11-21")).await, &["until"]).await;
    assert_eq!(representative::Entity::find().count(&app.state.db).await.unwrap(), 0);

    // Wrong role, another organization's card.
    for token in [a.doctor.session.token(), a.assistant.session.token(), r.token()] {
        expect_problem(get(&app, &reps_path(d.id()), Some(token)).await, 403, ErrorCode::Forbidden).await;
        let res = post(&app, &reps_path(d.id()), Some(token), &link_body(&r.email, "2026-12-31")).await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
    }
    expect_problem(get(&app, &reps_path(b.patient.id()), Some(t)).await, 404, ErrorCode::NotFound).await;
    let res = post(&app, &reps_path(b.patient.id()), Some(t), &link_body(&r.email, "2026-12-31")).await;
    expect_problem(res, 404, ErrorCode::NotFound).await;

    // Today is the earliest day; twice is a conflict.
    let rep = link(&app, t, d.id(), &r.email, "2026-11-22").await;
    let res = post(&app, &reps_path(d.id()), Some(t), &link_body(&r.email.to_uppercase(), "2026-12-31")).await;
    expect_problem(res, 409, ErrorCode::Conflict).await;

    // An account with no card here (the other organization's patient) gets a patient
    // membership here, active, so he can log in to it.
    let outsider = link(&app, t, d.id(), &b.patient.email, "2026-12-31").await;
    assert_eq!(outsider.name, "Белова Ирина Павловна", "his name from his other membership");
    let outsider_account = me(&app, b.patient.token()).await.account_id;
    let m = membership::Entity::find()
        .filter(membership::Column::OrganizationId.eq(a.org.org.id.0))
        .filter(membership::Column::AccountId.eq(outsider_account.0))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.role, Role::Patient.as_str());
    assert_eq!(m.status, MembershipStatus::Active.as_str());

    let list: Vec<RepresentativeDto> = json_of(get(&app, &reps_path(d.id()), Some(t)).await, 200).await;
    assert_eq!(list.iter().map(|r| r.id).collect::<Vec<_>>(), [rep.id, outsider.id]);
    assert!(!audit_rows(&app, "representative.list").await.is_empty());
    assert_eq!(audit_rows(&app, "representative.create").await.len(), 2);

    // Removing: another card's path or another organization is 404; then R loses the card.
    let wrong = format!("{}/{}", reps_path(r.id()), rep.id.0);
    expect_problem(delete(&app, &wrong, Some(t)).await, 404, ErrorCode::NotFound).await;
    let path = format!("{}/{}", reps_path(d.id()), rep.id.0);
    expect_problem(delete(&app, &path, Some(b.org.token())).await, 404, ErrorCode::NotFound).await;
    expect_problem(delete(&app, &path, Some(a.doctor.session.token())).await, 403, ErrorCode::Forbidden).await;
    assert_eq!(patient_get(&app, "/cabinet/profile", r.token(), Some(d.id())).await.status(), 200);
    assert_eq!(delete(&app, &path, Some(t)).await.status(), 204);
    expect_problem(delete(&app, &path, Some(t)).await, 404, ErrorCode::NotFound).await;
    expect_problem(patient_get(&app, "/cabinet/profile", r.token(), Some(d.id())).await, 404, ErrorCode::NotFound)
        .await;
}

async fn request(app: &TestApp, token: &str) -> DependentRequestDto {
    let body = json!({ "last_name": "Белов", "first_name": "Павел", "birth_date": "2015-06-01", "sex": "male" });
    json_of(patient_post(app, "/cabinet/dependents", token, None, &body).await, 201).await
}

#[tokio::test]
async fn the_organizer_confirms_or_rejects_dependent_requests_once() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let p = &a.patient;
    let t = a.org.token();
    let first = request(&app, p.token()).await;
    let second = request(&app, p.token()).await;
    let theirs = request(&app, b.patient.token()).await;

    let all: Vec<DependentRequestDto> = json_of(get(&app, "/dependent-requests", Some(t)).await, 200).await;
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|r| r.requested_by_email == p.email));
    for token in [a.doctor.session.token(), p.token()] {
        expect_problem(get(&app, "/dependent-requests", Some(token)).await, 403, ErrorCode::Forbidden).await;
        let res = post(
            &app,
            &format!("/dependent-requests/{}/confirm", first.id.0),
            Some(token),
            &json!({ "until": "2033-06-01" }),
        )
        .await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
        let res = post_empty(&app, &format!("/dependent-requests/{}/reject", first.id.0), Some(token)).await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
    }
    let res =
        post(&app, &format!("/dependent-requests/{}/confirm", theirs.id.0), Some(t), &json!({ "until": "2033-06-01" }))
            .await;
    expect_problem(res, 404, ErrorCode::NotFound).await;
    expect_problem(
        post_empty(&app, &format!("/dependent-requests/{}/reject", theirs.id.0), Some(t)).await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    let res =
        post(&app, &format!("/dependent-requests/{}/confirm", first.id.0), Some(t), &json!({ "until": "2026-11-21" }))
            .await;
    expect_invalid(res, &["until"]).await;
    let cards_before = patient_card::Entity::find().count(&app.state.db).await.unwrap();
    run_jobs(&app).await;
    let mails_before = emails_to(&app, &p.email).await.len();

    let done: DependentRequestDto = json_of(
        post(&app, &format!("/dependent-requests/{}/confirm", first.id.0), Some(t), &json!({ "until": "2033-06-01" }))
            .await,
        200,
    )
    .await;
    assert_eq!(done.status, DependentRequestStatus::Confirmed);
    let card_id = done.patient_id.unwrap();
    assert_eq!(patient_card::Entity::find().count(&app.state.db).await.unwrap(), cards_before + 1);
    let card = patient_card::Entity::find_by_id(card_id.0).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!((card.last_name.as_str(), card.status.as_str(), card.email.as_deref()), ("Белов", "pending", None));
    assert_eq!(card.search_key, "белов павел");
    let res =
        post(&app, &format!("/dependent-requests/{}/confirm", first.id.0), Some(t), &json!({ "until": "2033-06-01" }))
            .await;
    expect_problem(res, 409, ErrorCode::Conflict).await;
    expect_problem(
        post_empty(&app, &format!("/dependent-requests/{}/reject", first.id.0), Some(t)).await,
        409,
        ErrorCode::Conflict,
    )
    .await;

    // The requester switches to the new card and was notified on his own.
    let ctx: CabinetContextDto = json_of(patient_get(&app, "/cabinet/context", p.token(), None).await, 200).await;
    assert_eq!(ctx.cards.iter().map(|c| c.id).collect::<Vec<_>>(), [p.id(), card_id]);
    assert_eq!(ctx.cards[1].until, Some(day("2033-06-01")));
    let prof: CabinetProfileDto =
        json_of(patient_get(&app, "/cabinet/profile", p.token(), Some(card_id)).await, 200).await;
    assert_eq!(prof.first_name, "Павел");

    let rejected: DependentRequestDto =
        json_of(post_empty(&app, &format!("/dependent-requests/{}/reject", second.id.0), Some(t)).await, 200).await;
    assert_eq!((rejected.status, rejected.patient_id), (DependentRequestStatus::Rejected, None));
    let notes: NotificationPageDto =
        json_of(patient_get(&app, "/cabinet/notifications", p.token(), None).await, 200).await;
    let kinds: Vec<NotificationKind> = notes.items.iter().map(|n| n.kind).collect();
    assert_eq!(kinds, [NotificationKind::DependentRejected, NotificationKind::DependentConfirmed]);
    assert_eq!(notes.items[1].subject, "Белов Павел");
    run_jobs(&app).await;
    assert_eq!(emails_to(&app, &p.email).await.len(), mails_before + 2, "a notice of each decision");

    let confirmed: Vec<DependentRequestDto> =
        json_of(get(&app, "/dependent-requests?status=confirmed", Some(t)).await, 200).await;
    assert_eq!(confirmed.iter().map(|r| r.id).collect::<Vec<_>>(), [first.id]);
    let open: Vec<DependentRequestDto> =
        json_of(get(&app, "/dependent-requests?status=requested", Some(t)).await, 200).await;
    assert!(open.is_empty());
    assert_eq!(audit_rows(&app, "dependent.confirm").await.len(), 1);
    assert_eq!(audit_rows(&app, "dependent.reject").await.len(), 1);
}
