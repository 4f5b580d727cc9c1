//! PREG-1: without its three consents a patient card opens no cabinet. Withdrawing them (the
//! organizer's `PUT /patients/{id}`) ends the patient's access on his next request — any
//! authenticated call, the refresh, the login — with `consents_withdrawn`; the login says so
//! only after a correct password (ACC-10). A representative loses the dependent's card too.
//! Recording the consents again restores the access.

use chrono::NaiveDate;
use common::ErrorCode;
use common::ids::PatientId;
use db::entities::{patient_consent, representative};
use db::sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

use crate::support::accounts::*;
use crate::support::app::{TestApp, spawn_app};
use crate::support::cabinet::*;
use crate::support::monitoring::{answers, assign, esas, submit_res};
use crate::support::patients::{ALL_CONSENTS, get_card, prefilled, put, with_consents};

/// The organizer records exactly `consents` on the card.
async fn set_consents(app: &TestApp, organizer: &str, card: PatientId, consents: &[&str]) {
    let current = get_card(app, organizer, card).await;
    let body = with_consents(prefilled(&current), consents);
    let res = put(app, &format!("/patients/{}", card.0), Some(organizer), &body).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap_or_default());
}

#[tokio::test]
async fn withdrawn_consents_end_the_cabinet_on_the_next_request_and_restoring_them_restores_it() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let p = &c.patient;
    let a = assign(&app, &c, "esas_r", &crate::support::monitoring::daily("2026-11-22")).await;
    let s = login_ok(&app, &p.email, PATIENT_PASSWORD).await;
    assert_eq!(patient_get(&app, "/cabinet/record", s.token(), None).await.status(), 200);

    // One consent withdrawn is enough.
    set_consents(&app, c.org.token(), p.id(), &["telemedicine", "email_results"]).await;

    // The very next request of the live access token.
    expect_problem(patient_get(&app, "/cabinet/record", s.token(), None).await, 403, ErrorCode::ConsentsWithdrawn)
        .await;
    let diary = answers(a.questionnaire_id, Some(a.id), esas(3));
    expect_problem(submit_res(&app, s.token(), &diary).await, 403, ErrorCode::ConsentsWithdrawn).await;
    expect_problem(get(&app, "/me", Some(s.token())).await, 403, ErrorCode::ConsentsWithdrawn).await;
    // The refresh says why and clears the cookie; the session is over.
    let res = refresh(&app, Some(&s.cookie), Some(ORIGIN)).await;
    assert_eq!(refresh_cookie(&res).as_deref(), Some(""), "the refresh cookie is cleared");
    expect_problem(res, 403, ErrorCode::ConsentsWithdrawn).await;
    expect_problem(refresh(&app, Some(&s.cookie), Some(ORIGIN)).await, 401, ErrorCode::SessionExpired).await;

    // The login tells the reason only after the right password: a wrong one answers exactly as
    // for an address nobody has.
    expect_problem(login(&app, &p.email, PATIENT_PASSWORD).await, 403, ErrorCode::ConsentsWithdrawn).await;
    let wrong = login(&app, &p.email, "not the password at all").await;
    let unknown = login(&app, "nobody@example.org", "not the password at all").await;
    assert_eq!((wrong.status().as_u16(), unknown.status().as_u16()), (401, 401));
    assert_eq!(wrong.text().await.unwrap(), unknown.text().await.unwrap());

    // The consents recorded again: the patient logs in and works as before.
    set_consents(&app, c.org.token(), p.id(), &ALL_CONSENTS).await;
    let s = login_ok(&app, &p.email, PATIENT_PASSWORD).await;
    assert_eq!(patient_get(&app, "/cabinet/record", s.token(), None).await.status(), 200);
    assert_eq!(submit_res(&app, s.token(), &diary).await.status(), 201);
    refresh_ok(&app, &s.cookie).await;
}

#[tokio::test]
async fn the_email_results_consent_for_another_address_does_not_count() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let p = &c.patient;
    let s = login_ok(&app, &p.email, PATIENT_PASSWORD).await;
    // The card's address changes without a new email-results consent for it.
    patient_consent::Entity::update_many()
        .col_expr(patient_consent::Column::Email, Expr::value("old@example.org"))
        .filter(patient_consent::Column::PatientCardId.eq(p.id().0))
        .filter(patient_consent::Column::Kind.eq("email_results"))
        .exec(&app.state.db)
        .await
        .unwrap();
    expect_problem(patient_get(&app, "/cabinet/record", s.token(), None).await, 403, ErrorCode::ConsentsWithdrawn)
        .await;
}

#[tokio::test]
async fn a_representative_loses_the_card_whose_consents_are_withdrawn_but_keeps_his_own() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let dependent = &c.patient;
    let rep = registered_patient(&app, &c.org, "Орлов", "Пётр", "rep@example.org").await;
    representative::Entity::insert(representative::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        organization_id: Set(c.org.org.id.0),
        patient_card_id: Set(dependent.id().0),
        account_id: Set(me(&app, rep.token()).await.account_id.0),
        until: Set(NaiveDate::from_ymd_opt(2027, 12, 31).unwrap()),
        created_by: Set(None),
        created_at: Set(app.state.clock.now()),
    })
    .exec_without_returning(&app.state.db)
    .await
    .unwrap();
    assert_eq!(patient_get(&app, "/cabinet/record", rep.token(), Some(dependent.id())).await.status(), 200);

    set_consents(&app, c.org.token(), dependent.id(), &[]).await;
    // The dependent's card is gone from the representative's cabinet; his own stays.
    expect_problem(
        patient_get(&app, "/cabinet/record", rep.token(), Some(dependent.id())).await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    assert_eq!(patient_get(&app, "/cabinet/record", rep.token(), None).await.status(), 200);
    let ctx: common::cabinet::CabinetContextDto =
        json_of(patient_get(&app, "/cabinet/context", rep.token(), None).await, 200).await;
    assert!(ctx.cards.iter().all(|card| card.id != dependent.id()), "the card is not offered");

    set_consents(&app, c.org.token(), dependent.id(), &ALL_CONSENTS).await;
    assert_eq!(patient_get(&app, "/cabinet/record", rep.token(), Some(dependent.id())).await.status(), 200);

    // A representative whose own consents are withdrawn has no cabinet at all.
    set_consents(&app, c.org.token(), rep.id(), &[]).await;
    expect_problem(
        patient_get(&app, "/cabinet/record", rep.token(), Some(dependent.id())).await,
        403,
        ErrorCode::ConsentsWithdrawn,
    )
    .await;
}
