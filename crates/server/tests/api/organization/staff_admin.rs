//! The organizer's staff edits (ORG-2, ORG-3, ORG-1): renaming, an assistant's access to
//! doctors, sorting the list by creation. Scoped to the organizer's organization.

use chrono::Duration;
use common::ErrorCode;
use common::admin::AssistantAccessDto;
use common::auth::{Role, StaffMemberDto};
use common::ids::MembershipId;
use common::page::Page;
use serde_json::json;

use crate::support::accounts::*;
use crate::support::admin::*;
use crate::support::app::{TestApp, spawn_app};

async fn staff_list(app: &TestApp, token: &str, query: &str) -> Page<StaffMemberDto> {
    json_of(get_query(app, "/staff", query, Some(token)).await, 200).await
}

fn last_names(page: &Page<StaffMemberDto>) -> Vec<&str> {
    page.items.iter().map(|m| m.name.last_name.as_str()).collect()
}

async fn access(app: &TestApp, token: &str, id: MembershipId) -> AssistantAccessDto {
    json_of(get(app, &format!("/staff/{}/access", id.0), Some(token)).await, 200).await
}

async fn set_access_res(app: &TestApp, token: &str, id: MembershipId, doctors: &[MembershipId]) -> reqwest::Response {
    put(app, &format!("/staff/{}/access", id.0), Some(token), &json!({ "doctor_ids": doctors })).await
}

fn sorted(mut ids: Vec<MembershipId>) -> Vec<MembershipId> {
    ids.sort_by_key(|i| i.0);
    ids
}

#[tokio::test]
async fn a_renamed_staff_member_is_listed_and_found_under_the_new_name() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    let m = invite(&app, t, Role::Doctor, "petrov@city.test", "Петров", "Иван").await;
    let res = put(
        &app,
        &format!("/staff/{}", m.id.0),
        Some(t),
        &json!({"last_name": " Сидорова ", "first_name": "Алёна", "middle_name": "Игоревна"}),
    )
    .await;
    let renamed: StaffMemberDto = json_of(res, 200).await;
    assert_eq!(renamed.id, m.id);
    assert_eq!(renamed.name.full(), "Сидорова Алёна Игоревна");
    assert_eq!(renamed.email, "petrov@city.test", "the address is untouched");
    assert_eq!(renamed.role, Role::Doctor);

    let page = staff_list(&app, t, "role=doctor").await;
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].name.full(), "Сидорова Алёна Игоревна");
    // The search key follows the new name (ё = е), and keeps the address.
    let found = staff_list(&app, t, "q=алена сидорова").await;
    assert_eq!(found.items.iter().map(|m| m.id).collect::<Vec<_>>(), [m.id]);
    assert_eq!(staff_list(&app, t, "q=игоревна").await.total, 1);
    assert_eq!(staff_list(&app, t, "q=petrov@").await.total, 1);
    assert_eq!(staff_list(&app, t, "q=петров иван").await.total, 0, "the old name is gone");

    // The invitation still names him as he was invited; the next one uses the new name.
    let res = post(&app, &format!("/staff/{}/resend", m.id.0), Some(t), &json!({"email": "petrov@city.test"})).await;
    json_of::<StaffMemberDto>(res, 200).await;
    let mail = last_email_to(&app, "petrov@city.test").await;
    assert!(mail.text.contains("Сидорова Алёна Игоревна"), "{}", mail.text);

    // Invalid names, and nothing changes.
    let path = format!("/staff/{}", m.id.0);
    expect_invalid(put(&app, &path, Some(t), &json!({"last_name": "", "first_name": "Олег"})).await, &["last_name"])
        .await;
    expect_invalid(
        put(&app, &path, Some(t), &json!({"last_name": "Петров", "first_name": "  "})).await,
        &["first_name"],
    )
    .await;
    let page = staff_list(&app, t, "role=doctor").await;
    assert_eq!(page.items[0].name.full(), "Сидорова Алёна Игоревна");
}

#[tokio::test]
async fn the_list_sorts_by_creation_both_ways() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    // Name order differs from creation order: the organizer "Иванова" came first.
    for (email, last) in [("ya@city.test", "Яковлев"), ("ab@city.test", "Абрамов"), ("mo@city.test", "Морозов")]
    {
        app.state.clock.advance(Duration::minutes(1));
        invite(&app, t, Role::Doctor, email, last, "Пётр").await;
    }
    assert_eq!(last_names(&staff_list(&app, t, "").await), ["Абрамов", "Иванова", "Морозов", "Яковлев"]);
    assert_eq!(last_names(&staff_list(&app, t, "sort=name").await), ["Абрамов", "Иванова", "Морозов", "Яковлев"]);
    let newest = staff_list(&app, t, "sort=newest").await;
    assert_eq!(last_names(&newest), ["Морозов", "Абрамов", "Яковлев", "Иванова"]);
    assert!(newest.items.windows(2).all(|w| w[0].created_at > w[1].created_at));
    assert_eq!(last_names(&staff_list(&app, t, "sort=oldest").await), ["Иванова", "Яковлев", "Абрамов", "Морозов"]);
    // With a filter and across pages.
    assert_eq!(last_names(&staff_list(&app, t, "sort=oldest&role=doctor&per_page=2&page=2").await), ["Морозов"]);
    assert_eq!(last_names(&staff_list(&app, t, "sort=newest&q=петр").await), ["Морозов", "Абрамов", "Яковлев"]);
    let res = get_query(&app, "/staff", "sort=random", Some(t)).await;
    expect_problem(res, 400, ErrorCode::InvalidParameter).await;
}

#[tokio::test]
async fn an_assistant_is_given_the_doctors_of_this_organization() {
    let app = spawn_app().await;
    let (org, other) = two_orgs(&app).await;
    let t = org.token();
    let d1 = invite(&app, t, Role::Doctor, "d1@city.test", "Петров", "Иван").await.id;
    // A doctor who has not accepted yet is a doctor of the organization all the same.
    let d2 = invite(&app, t, Role::Doctor, "d2@city.test", "Сидоров", "Олег").await.id;
    let instructor = invite(&app, t, Role::Instructor, "lfk@city.test", "Орлов", "Пётр").await.id;
    let assistant = staff(&app, &org, Role::Assistant, "as@city.test", "Зайцева", "Анна").await;
    let foreign_doctor = invite(&app, other.token(), Role::Doctor, "d@region.test", "Котов", "Илья").await.id;

    assert!(access(&app, t, assistant.id).await.doctor_ids.is_empty(), "no doctors until ticked");
    let set: AssistantAccessDto = json_of(set_access_res(&app, t, assistant.id, &[d2, d1, d2]).await, 200).await;
    assert_eq!(sorted(set.doctor_ids.clone()), sorted(vec![d1, d2]), "duplicates collapse");
    assert_eq!(sorted(access(&app, t, assistant.id).await.doctor_ids), sorted(vec![d1, d2]));

    // Anything but a doctor of this organization is named by its place in the request.
    let p = expect_invalid(set_access_res(&app, t, assistant.id, &[d1, instructor]).await, &["doctor_ids[1]"]).await;
    assert_eq!(fields(&p), ["doctor_ids[1]"]);
    let p =
        expect_invalid(set_access_res(&app, t, assistant.id, &[foreign_doctor, d2]).await, &["doctor_ids[0]"]).await;
    assert_eq!(fields(&p), ["doctor_ids[0]"]);
    let organizer = org.organizer.dto.membership.id;
    let nobody = MembershipId(uuid::Uuid::now_v7());
    let p = expect_invalid(set_access_res(&app, t, assistant.id, &[organizer, assistant.id, nobody]).await, &[]).await;
    assert_eq!(fields(&p), ["doctor_ids[0]", "doctor_ids[1]", "doctor_ids[2]"]);
    assert_eq!(sorted(access(&app, t, assistant.id).await.doctor_ids), sorted(vec![d1, d2]), "unchanged");

    // Narrowing and clearing.
    let set: AssistantAccessDto = json_of(set_access_res(&app, t, assistant.id, &[d2]).await, 200).await;
    assert_eq!(set.doctor_ids, [d2]);
    assert_eq!(access(&app, t, assistant.id).await.doctor_ids, [d2]);
    let set: AssistantAccessDto = json_of(set_access_res(&app, t, assistant.id, &[]).await, 200).await;
    assert!(set.doctor_ids.is_empty());
    assert!(access(&app, t, assistant.id).await.doctor_ids.is_empty());

    // Access belongs to assistants only: any other membership of this organization is 404.
    for id in [d1, instructor, organizer] {
        expect_problem(get(&app, &format!("/staff/{}/access", id.0), Some(t)).await, 404, ErrorCode::NotFound).await;
        expect_problem(set_access_res(&app, t, id, &[d2]).await, 404, ErrorCode::NotFound).await;
    }
}

#[tokio::test]
async fn another_organizations_staff_is_not_found() {
    let app = spawn_app().await;
    let (org, other) = two_orgs(&app).await;
    let my_doctor = invite(&app, org.token(), Role::Doctor, "d@city.test", "Петров", "Иван").await.id;
    let their_doctor = invite(&app, other.token(), Role::Doctor, "d@region.test", "Котов", "Илья").await.id;
    let their_assistant = staff(&app, &other, Role::Assistant, "as@region.test", "Зайцева", "Анна").await.id;
    json_of::<AssistantAccessDto>(set_access_res(&app, other.token(), their_assistant, &[their_doctor]).await, 200)
        .await;
    let nobody = uuid::Uuid::now_v7();

    for id in [their_doctor.0, their_assistant.0, other.organizer.dto.membership.id.0, nobody] {
        let res =
            put(&app, &format!("/staff/{id}"), Some(org.token()), &json!({"last_name": "Взломов", "first_name": "Ян"}))
                .await;
        expect_problem(res, 404, ErrorCode::NotFound).await;
        expect_problem(get(&app, &format!("/staff/{id}/access"), Some(org.token())).await, 404, ErrorCode::NotFound)
            .await;
        let res = set_access_res(&app, org.token(), MembershipId(id), &[]).await;
        expect_problem(res, 404, ErrorCode::NotFound).await;
    }
    // Even with this organization's doctor in the body.
    expect_problem(set_access_res(&app, org.token(), their_assistant, &[my_doctor]).await, 404, ErrorCode::NotFound)
        .await;

    // Untouched, and never in this organization's list.
    let theirs = staff_list(&app, other.token(), "").await;
    assert!(theirs.items.iter().all(|m| m.name.last_name != "Взломов"), "{:?}", last_names(&theirs));
    assert_eq!(access(&app, other.token(), their_assistant).await.doctor_ids, [their_doctor]);
    let mine = staff_list(&app, org.token(), "sort=newest").await;
    assert_eq!(mine.total, 2);
    assert!(mine.items.iter().all(|m| m.id != their_doctor && m.id != their_assistant));
}

#[tokio::test]
async fn only_organizers_edit_staff() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let doctor = staff(&app, &org, Role::Doctor, "doc@city.test", "Петров", "Иван").await;
    let assistant = staff(&app, &org, Role::Assistant, "as@city.test", "Зайцева", "Анна").await;
    let instructor = staff(&app, &org, Role::Instructor, "lfk@city.test", "Орлов", "Пётр").await;
    let rename = json!({"last_name": "Взломов", "first_name": "Ян"});
    for token in [Some(doctor.token()), Some(assistant.token()), Some(instructor.token()), Some(org.op_token.as_str())]
    {
        for id in [doctor.id, assistant.id] {
            let res = put(&app, &format!("/staff/{}", id.0), token, &rename).await;
            expect_problem(res, 403, ErrorCode::Forbidden).await;
        }
        let path = format!("/staff/{}/access", assistant.id.0);
        expect_problem(get(&app, &path, token).await, 403, ErrorCode::Forbidden).await;
        let res = put(&app, &path, token, &json!({"doctor_ids": [doctor.id]})).await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
        expect_problem(get_query(&app, "/staff", "sort=newest", token).await, 403, ErrorCode::Forbidden).await;
    }
    let path = format!("/staff/{}/access", assistant.id.0);
    expect_problem(put(&app, &format!("/staff/{}", doctor.id.0), None, &rename).await, 401, ErrorCode::Unauthorized)
        .await;
    expect_problem(get(&app, &path, None).await, 401, ErrorCode::Unauthorized).await;
    expect_problem(put(&app, &path, None, &json!({"doctor_ids": [doctor.id]})).await, 401, ErrorCode::Unauthorized)
        .await;
    expect_problem(get_query(&app, "/staff", "sort=oldest", None).await, 401, ErrorCode::Unauthorized).await;
    let res = put(&app, &format!("/staff/{}", doctor.id.0), Some("not-a-token"), &rename).await;
    expect_problem(res, 401, ErrorCode::Unauthorized).await;

    // Nothing changed.
    let page = staff_list(&app, org.token(), "q=взломов").await;
    assert_eq!(page.total, 0);
    assert!(access(&app, org.token(), assistant.id).await.doctor_ids.is_empty());
}
