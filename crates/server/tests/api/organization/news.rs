//! Organization news (ORG-5): create, list newest publish date first, edit, hide, delete;
//! scoped to the organizer's organization.

use chrono::{Duration, NaiveDate};
use common::ErrorCode;
use common::admin::NewsDto;
use common::auth::Role;
use common::page::Page;
use serde_json::{Value, json};

use crate::support::accounts::*;
use crate::support::admin::*;
use crate::support::app::{TestApp, spawn_app, t0};

fn item(title: &str, publish_on: &str, visible: bool) -> Value {
    json!({ "title": title, "body": format!("Текст новости «{title}»."), "publish_on": publish_on, "visible": visible })
}

async fn create(app: &TestApp, token: &str, body: &Value) -> NewsDto {
    json_of(post(app, "/news", Some(token), body).await, 201).await
}

async fn news_list(app: &TestApp, token: &str, query: &str) -> Page<NewsDto> {
    json_of(get_query(app, "/news", query, Some(token)).await, 200).await
}

fn titles(page: &Page<NewsDto>) -> Vec<&str> {
    page.items.iter().map(|n| n.title.as_str()).collect()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[tokio::test]
async fn news_is_created_listed_newest_first_edited_and_deleted() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    let flu = create(&app, t, &json!({"title": "  Вакцинация от гриппа ", "body": " Приходите. ", "publish_on": "2026-11-01", "visible": true})).await;
    assert_eq!(flu.title, "Вакцинация от гриппа", "trimmed");
    assert_eq!(flu.body, "Приходите.");
    assert_eq!(flu.publish_on, day("2026-11-01"));
    assert!(flu.visible);
    assert_eq!((flu.created_at, flu.updated_at), (t0(), t0()));
    app.state.clock.advance(Duration::minutes(1));
    let school = create(&app, t, &item("Школа пациента", "2026-12-10", false)).await;
    app.state.clock.advance(Duration::minutes(1));
    let hours = create(&app, t, &item("Часы работы в праздники", "2026-12-25", true)).await;
    app.state.clock.advance(Duration::minutes(1));
    // Created last but published earliest.
    create(&app, t, &item("Открытие отделения", "2026-10-15", true)).await;

    let page = news_list(&app, t, "").await;
    assert_eq!(page.total, 4);
    assert_eq!(
        titles(&page),
        ["Часы работы в праздники", "Школа пациента", "Вакцинация от гриппа", "Открытие отделения"]
    );
    assert!(page.items.windows(2).all(|w| w[0].publish_on >= w[1].publish_on));
    let p2 = news_list(&app, t, "per_page=3&page=2").await;
    assert_eq!((p2.total, titles(&p2)), (4, vec!["Открытие отделения"]));

    // Edit: moved to a later day it leads the list; hidden.
    app.state.clock.advance(Duration::minutes(5));
    let res = put(
        &app,
        &format!("/news/{}", flu.id.0),
        Some(t),
        &item("Вакцинация от гриппа: новые даты", "2027-01-10", false),
    )
    .await;
    let edited: NewsDto = json_of(res, 200).await;
    assert_eq!(edited.id, flu.id);
    assert_eq!(edited.title, "Вакцинация от гриппа: новые даты");
    assert!(!edited.visible);
    assert_eq!(edited.created_at, t0());
    assert_eq!(edited.updated_at, t0() + Duration::minutes(8));
    let page = news_list(&app, t, "").await;
    assert_eq!(page.items[0], edited);
    assert_eq!(titles(&page)[1..], ["Часы работы в праздники", "Школа пациента", "Открытие отделения"]);

    // Delete.
    let res = delete(&app, &format!("/news/{}", school.id.0), Some(t)).await;
    assert_eq!(res.status().as_u16(), 204);
    let page = news_list(&app, t, "").await;
    assert_eq!(page.total, 3);
    assert!(page.items.iter().all(|n| n.id != school.id));
    // Gone: a second delete and an edit are 404.
    expect_problem(delete(&app, &format!("/news/{}", school.id.0), Some(t)).await, 404, ErrorCode::NotFound).await;
    let res = put(&app, &format!("/news/{}", school.id.0), Some(t), &item("Школа", "2026-12-10", true)).await;
    expect_problem(res, 404, ErrorCode::NotFound).await;
    assert!(page.items.iter().any(|n| n.id == hours.id));
}

#[tokio::test]
async fn invalid_news_names_its_fields() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    let ok = create(&app, t, &item("Новость", "2026-11-22", true)).await;
    let long = "Я".repeat(201);
    let just_fits = "Я".repeat(200);
    for (body, field) in [
        (item("", "2026-11-22", true), "title"),
        (item("   ", "2026-11-22", true), "title"),
        (item(&long, "2026-11-22", true), "title"),
        (json!({"title": "Новость", "body": "", "publish_on": "2026-11-22", "visible": true}), "body"),
        (json!({"title": "Новость", "body": "Б".repeat(20_001), "publish_on": "2026-11-22", "visible": true}), "body"),
    ] {
        let p = expect_invalid(post(&app, "/news", Some(t), &body).await, &[field]).await;
        assert_eq!(fields(&p), [field]);
        let p = expect_invalid(put(&app, &format!("/news/{}", ok.id.0), Some(t), &body).await, &[field]).await;
        assert_eq!(fields(&p), [field]);
    }
    let p = expect_invalid(
        post(&app, "/news", Some(t), &json!({"title": "", "body": " ", "publish_on": "2026-11-22", "visible": true}))
            .await,
        &["title", "body"],
    )
    .await;
    assert_eq!(p.errors.len(), 2);
    // A bad date does not deserialize.
    let res = post(&app, "/news", Some(t), &item("Новость", "2026-13-01", true)).await;
    assert!(matches!(res.status().as_u16(), 400 | 422), "{}", res.status());

    let page = news_list(&app, t, "").await;
    assert_eq!(page.items, std::slice::from_ref(&ok), "nothing created or changed");
    // 200 characters (of Cyrillic, more bytes) are fine.
    let fits = create(&app, t, &item(&just_fits, "2026-11-22", true)).await;
    assert_eq!(fits.title.chars().count(), 200);
}

#[tokio::test]
async fn another_organizations_news_is_not_found() {
    let app = spawn_app().await;
    let (org, other) = two_orgs(&app).await;
    let theirs = create(&app, other.token(), &item("Их новость", "2026-11-20", true)).await;
    let mine = create(&app, org.token(), &item("Наша новость", "2026-11-21", true)).await;
    assert_eq!(titles(&news_list(&app, org.token(), "").await), ["Наша новость"]);
    assert_eq!(titles(&news_list(&app, other.token(), "").await), ["Их новость"]);

    let nobody = uuid::Uuid::now_v7();
    for id in [theirs.id.0, nobody] {
        let res = put(&app, &format!("/news/{id}"), Some(org.token()), &item("Подменённая", "2026-11-22", false)).await;
        expect_problem(res, 404, ErrorCode::NotFound).await;
        expect_problem(delete(&app, &format!("/news/{id}"), Some(org.token())).await, 404, ErrorCode::NotFound).await;
    }
    // And the other way round.
    let res =
        put(&app, &format!("/news/{}", mine.id.0), Some(other.token()), &item("Подменённая", "2026-11-22", false))
            .await;
    expect_problem(res, 404, ErrorCode::NotFound).await;
    expect_problem(delete(&app, &format!("/news/{}", mine.id.0), Some(other.token())).await, 404, ErrorCode::NotFound)
        .await;

    assert_eq!(news_list(&app, other.token(), "").await.items, [theirs]);
    assert_eq!(news_list(&app, org.token(), "").await.items, [mine]);
}

#[tokio::test]
async fn only_organizers_manage_news() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let n = create(&app, org.token(), &item("Новость", "2026-11-22", true)).await;
    let doctor = staff(&app, &org, Role::Doctor, "doc@city.test", "Петров", "Иван").await;
    let assistant = staff(&app, &org, Role::Assistant, "as@city.test", "Зайцева", "Анна").await;
    let path = format!("/news/{}", n.id.0);
    let change = item("Подменённая", "2026-11-22", false);
    for token in [Some(doctor.token()), Some(assistant.token()), Some(org.op_token.as_str())] {
        expect_problem(get(&app, "/news", token).await, 403, ErrorCode::Forbidden).await;
        expect_problem(post(&app, "/news", token, &change).await, 403, ErrorCode::Forbidden).await;
        expect_problem(put(&app, &path, token, &change).await, 403, ErrorCode::Forbidden).await;
        expect_problem(delete(&app, &path, token).await, 403, ErrorCode::Forbidden).await;
    }
    expect_problem(get(&app, "/news", None).await, 401, ErrorCode::Unauthorized).await;
    expect_problem(post(&app, "/news", None, &change).await, 401, ErrorCode::Unauthorized).await;
    expect_problem(put(&app, &path, None, &change).await, 401, ErrorCode::Unauthorized).await;
    expect_problem(delete(&app, &path, None).await, 401, ErrorCode::Unauthorized).await;
    assert_eq!(news_list(&app, org.token(), "").await.items, [n]);
}
