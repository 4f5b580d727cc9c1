//! The entities match the schema the migrations build: selecting every column of every
//! entity from a freshly migrated database must work (a renamed or missing column fails here,
//! not in production), and inserting a row through each entity round-trips its types.

use db::entities::{
    account, assistant_doctor, attachment, audit_log, audit_patient, auth_throttle, course_doctor, dependent_request,
    doctor_patient, email, feedback, job, membership, news, notification, one_time_token, organization,
    organization_settings, patient_card, patient_consent, prescription, price_item, record_entry, refresh_token,
    registration_code, representative,
};
use db::entities::{
    alert, alert_event, assignment, clinical_summary, monitoring_settings, observation, patient_monitoring,
    questionnaire, questionnaire_version, submission,
};
use db::sea_orm::EntityTrait;
use server::platform::clock::Clock;

use crate::support::app::{TestDb, state_on, t0};

#[tokio::test]
async fn every_entity_reads_from_the_migrated_schema() {
    let db = TestDb::new().await;
    let state = state_on(&db, Clock::fixed(t0())).await;
    let c = &state.db;
    account::Entity::find().all(c).await.unwrap();
    auth_throttle::Entity::find().all(c).await.unwrap();
    email::Entity::find().all(c).await.unwrap();
    job::Entity::find().all(c).await.unwrap();
    membership::Entity::find().all(c).await.unwrap();
    one_time_token::Entity::find().all(c).await.unwrap();
    organization::Entity::find().all(c).await.unwrap();
    patient_card::Entity::find().all(c).await.unwrap();
    refresh_token::Entity::find().all(c).await.unwrap();
    assistant_doctor::Entity::find().all(c).await.unwrap();
    audit_log::Entity::find().all(c).await.unwrap();
    audit_patient::Entity::find().all(c).await.unwrap();
    course_doctor::Entity::find().all(c).await.unwrap();
    doctor_patient::Entity::find().all(c).await.unwrap();
    news::Entity::find().all(c).await.unwrap();
    organization_settings::Entity::find().all(c).await.unwrap();
    patient_consent::Entity::find().all(c).await.unwrap();
    price_item::Entity::find().all(c).await.unwrap();
    registration_code::Entity::find().all(c).await.unwrap();
    record_entry::Entity::find().all(c).await.unwrap();
    attachment::Entity::find().all(c).await.unwrap();
    prescription::Entity::find().all(c).await.unwrap();
    notification::Entity::find().all(c).await.unwrap();
    feedback::Entity::find().all(c).await.unwrap();
    representative::Entity::find().all(c).await.unwrap();
    dependent_request::Entity::find().all(c).await.unwrap();
    questionnaire::Entity::find().all(c).await.unwrap();
    questionnaire_version::Entity::find().all(c).await.unwrap();
    assignment::Entity::find().all(c).await.unwrap();
    submission::Entity::find().all(c).await.unwrap();
    observation::Entity::find().all(c).await.unwrap();
    alert::Entity::find().all(c).await.unwrap();
    alert_event::Entity::find().all(c).await.unwrap();
    monitoring_settings::Entity::find().all(c).await.unwrap();
    patient_monitoring::Entity::find().all(c).await.unwrap();
    clinical_summary::Entity::find().all(c).await.unwrap();
}

#[tokio::test]
async fn two_clinics_each_with_a_registered_patient_of_their_doctor() {
    let app = crate::support::app::spawn_app().await;
    let (a, b) = crate::support::cabinet::two_clinics(&app).await;
    for clinic in [&a, &b] {
        let res =
            crate::support::cabinet::patient_get(&app, "/me", clinic.patient.token(), Some(clinic.patient.id())).await;
        let me: common::auth::MeDto = crate::support::accounts::json_of(res, 200).await;
        assert_eq!(me.current.role, common::auth::Role::Patient);
        assert_eq!(me.current.organization_id, Some(clinic.org.org.id));
    }
    assert_ne!(a.patient.id(), b.patient.id());
}

#[tokio::test]
async fn the_demo_seed_round_trips_through_every_people_table() {
    let db = TestDb::new().await;
    let state = state_on(&db, Clock::fixed(t0())).await;
    let logins = server::seed::demo_seed(&state).await.unwrap().unwrap();
    assert_eq!(logins.len(), 6);
    assert!(server::seed::demo_seed(&state).await.unwrap().is_none(), "fills only an empty database");
    let cards = patient_card::Entity::find().all(&state.db).await.unwrap();
    assert_eq!(cards.len(), 4);
    assert!(cards.iter().any(|c| c.search_key.contains("федорова")), "ё folded in the search key");
    assert!(cards.iter().all(|c| c.status == common::admin::PatientStatus::Pending && c.email.is_some()));
    let consents = patient_consent::Entity::find().all(&state.db).await.unwrap();
    assert_eq!(consents.len(), 9, "three cards with all three consents, one with none (shows what is missing)");
    assert_eq!(doctor_patient::Entity::find().all(&state.db).await.unwrap().len(), 3);
    assert_eq!(assistant_doctor::Entity::find().all(&state.db).await.unwrap().len(), 1);
    let prices = price_item::Entity::find().all(&state.db).await.unwrap();
    assert!(prices.iter().any(|p| p.price_kopecks == 250_000 && p.active), "kopecks round-trip as integers");
    assert_eq!(news::Entity::find().all(&state.db).await.unwrap()[0].publish_on, t0().date_naive());
    let members = membership::Entity::find().all(&state.db).await.unwrap();
    assert!(members.iter().all(|m| m.status == common::auth::MembershipStatus::Active && m.account_id.is_some()));
    assert_eq!(members.iter().filter(|m| m.organization_id.is_none()).count(), 1, "the operator has no organization");
}
