//! Group-class settings (ORG-4): self-enrollment into LFK groups, the largest class, the course
//! doctors. One row per organization; each organizer sees and changes only his own.

use common::ErrorCode;
use common::admin::{ClassSettingsDto, DEFAULT_CLASS_PARTICIPANTS};
use common::auth::Role;
use common::ids::MembershipId;
use serde_json::{Value, json};

use crate::support::accounts::*;
use crate::support::admin::*;
use crate::support::app::{TestApp, spawn_app};

async fn settings(app: &TestApp, token: &str) -> ClassSettingsDto {
    json_of(get(app, "/settings/classes", Some(token)).await, 200).await
}

async fn save_res(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    put(app, "/settings/classes", Some(token), body).await
}

fn body(self_enroll: bool, max: i64, doctors: &[MembershipId]) -> Value {
    json!({ "lfk_self_enroll": self_enroll, "max_class_participants": max, "course_doctor_ids": doctors })
}

fn sorted(mut ids: Vec<MembershipId>) -> Vec<MembershipId> {
    ids.sort_by_key(|i| i.0);
    ids
}

fn defaults() -> ClassSettingsDto {
    ClassSettingsDto {
        lfk_self_enroll: false,
        max_class_participants: DEFAULT_CLASS_PARTICIPANTS,
        course_doctor_ids: Vec::new(),
    }
}

#[tokio::test]
async fn the_defaults_until_saved_then_what_was_saved() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    assert_eq!(settings(&app, t).await, defaults());
    assert_eq!(DEFAULT_CLASS_PARTICIPANTS, 10);

    let d1 = invite(&app, t, Role::Doctor, "d1@city.test", "Петров", "Иван").await.id;
    let d2 = staff(&app, &org, Role::Doctor, "d2@city.test", "Сидоров", "Олег").await.id;
    let saved: ClassSettingsDto = json_of(save_res(&app, t, &body(true, 12, &[d2, d1])).await, 200).await;
    let expected =
        ClassSettingsDto { lfk_self_enroll: true, max_class_participants: 12, course_doctor_ids: sorted(vec![d1, d2]) };
    assert_eq!(ClassSettingsDto { course_doctor_ids: sorted(saved.course_doctor_ids.clone()), ..saved }, expected);
    let read = settings(&app, t).await;
    assert_eq!(ClassSettingsDto { course_doctor_ids: sorted(read.course_doctor_ids.clone()), ..read }, expected);

    // Saved again: the row is updated, the doctors replaced; both limits are allowed.
    json_of::<ClassSettingsDto>(save_res(&app, t, &body(false, 100, &[d2])).await, 200).await;
    let read = settings(&app, t).await;
    assert_eq!(
        read,
        ClassSettingsDto { lfk_self_enroll: false, max_class_participants: 100, course_doctor_ids: vec![d2] }
    );
    json_of::<ClassSettingsDto>(save_res(&app, t, &body(false, 1, &[])).await, 200).await;
    assert_eq!(settings(&app, t).await, ClassSettingsDto { max_class_participants: 1, ..defaults() });
}

#[tokio::test]
async fn out_of_range_sizes_and_foreign_doctors_are_refused() {
    let app = spawn_app().await;
    let (org, other) = two_orgs(&app).await;
    let t = org.token();
    let mine = invite(&app, t, Role::Doctor, "d1@city.test", "Петров", "Иван").await.id;
    let instructor = invite(&app, t, Role::Instructor, "lfk@city.test", "Орлов", "Пётр").await.id;
    let foreign = invite(&app, other.token(), Role::Doctor, "d@region.test", "Котов", "Илья").await.id;
    json_of::<ClassSettingsDto>(save_res(&app, t, &body(true, 20, &[mine])).await, 200).await;
    let before = settings(&app, t).await;

    for max in [0, 101, 1000] {
        let p = expect_invalid(save_res(&app, t, &body(false, max, &[])).await, &["max_class_participants"]).await;
        assert_eq!(fields(&p), ["max_class_participants"]);
    }
    // A negative size does not even deserialize.
    let res = save_res(&app, t, &body(false, -1, &[])).await;
    assert!(matches!(res.status().as_u16(), 400 | 422), "{}", res.status());

    let p =
        expect_invalid(save_res(&app, t, &body(false, 10, &[mine, foreign])).await, &["course_doctor_ids[1]"]).await;
    assert_eq!(fields(&p), ["course_doctor_ids[1]"]);
    assert_eq!(p.errors[0].code, "not_a_doctor");
    let p = expect_invalid(save_res(&app, t, &body(false, 10, &[instructor])).await, &["course_doctor_ids[0]"]).await;
    assert_eq!(fields(&p), ["course_doctor_ids[0]"]);
    assert_eq!(settings(&app, t).await, before, "nothing saved");
}

#[tokio::test]
async fn each_organizer_sees_and_changes_only_his_own_settings() {
    let app = spawn_app().await;
    let (org, other) = two_orgs(&app).await;
    let mine = invite(&app, org.token(), Role::Doctor, "d1@city.test", "Петров", "Иван").await.id;
    let theirs = invite(&app, other.token(), Role::Doctor, "d@region.test", "Котов", "Илья").await.id;
    json_of::<ClassSettingsDto>(save_res(&app, org.token(), &body(true, 25, &[mine])).await, 200).await;
    assert_eq!(settings(&app, other.token()).await, defaults(), "another organization keeps its defaults");

    json_of::<ClassSettingsDto>(save_res(&app, other.token(), &body(false, 7, &[theirs])).await, 200).await;
    assert_eq!(
        settings(&app, org.token()).await,
        ClassSettingsDto { lfk_self_enroll: true, max_class_participants: 25, course_doctor_ids: vec![mine] }
    );
    assert_eq!(
        settings(&app, other.token()).await,
        ClassSettingsDto { lfk_self_enroll: false, max_class_participants: 7, course_doctor_ids: vec![theirs] }
    );
    // Clearing one organization's course doctors leaves the other's.
    json_of::<ClassSettingsDto>(save_res(&app, other.token(), &body(false, 7, &[])).await, 200).await;
    assert_eq!(settings(&app, org.token()).await.course_doctor_ids, [mine]);
}

#[tokio::test]
async fn only_organizers_see_and_change_the_settings() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let doctor = staff(&app, &org, Role::Doctor, "doc@city.test", "Петров", "Иван").await;
    let assistant = staff(&app, &org, Role::Assistant, "as@city.test", "Зайцева", "Анна").await;
    let instructor = staff(&app, &org, Role::Instructor, "lfk@city.test", "Орлов", "Пётр").await;
    let change = body(true, 50, &[doctor.id]);
    for token in [Some(doctor.token()), Some(assistant.token()), Some(instructor.token()), Some(org.op_token.as_str())]
    {
        expect_problem(get(&app, "/settings/classes", token).await, 403, ErrorCode::Forbidden).await;
        expect_problem(put(&app, "/settings/classes", token, &change).await, 403, ErrorCode::Forbidden).await;
    }
    expect_problem(get(&app, "/settings/classes", None).await, 401, ErrorCode::Unauthorized).await;
    expect_problem(put(&app, "/settings/classes", None, &change).await, 401, ErrorCode::Unauthorized).await;
    assert_eq!(settings(&app, org.token()).await, defaults());
}
