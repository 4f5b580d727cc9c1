//! The entities match the schema the migrations build: selecting every column of every
//! entity from a freshly migrated database must work (a renamed or missing column fails here,
//! not in production), and inserting a row through each entity round-trips its types.

use db::entities::{
    account, auth_throttle, email, job, membership, one_time_token, organization, patient_card, refresh_token,
};
use db::sea_orm::EntityTrait;
use server::clock::Clock;

use crate::helpers::{TestDb, state_on, t0};

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
}

#[tokio::test]
async fn the_demo_seed_round_trips_through_every_people_table() {
    let db = TestDb::new().await;
    let state = state_on(&db, Clock::fixed(t0())).await;
    let logins = server::services::seed::demo_seed(&state).await.unwrap().unwrap();
    assert_eq!(logins.len(), 6);
    assert!(server::services::seed::demo_seed(&state).await.unwrap().is_none(), "fills only an empty database");
    let cards = patient_card::Entity::find().all(&state.db).await.unwrap();
    assert_eq!(cards.len(), 3);
    assert!(cards.iter().any(|c| c.search_key.contains("федорова")), "ё folded in the search key");
    let members = membership::Entity::find().all(&state.db).await.unwrap();
    assert!(members.iter().all(|m| m.status == "active" && m.account_id.is_some()));
    assert_eq!(members.iter().filter(|m| m.organization_id.is_none()).count(), 1, "the operator has no organization");
}
