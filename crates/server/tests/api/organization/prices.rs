//! The price list (ORG-5): services by section and code, the search, and the CSV import that
//! is all or nothing; scoped to the organizer's organization.

use common::ErrorCode;
use common::admin::{PriceImportResult, PriceItemDto};
use common::auth::Role;
use common::domain::Kopecks;
use db::entities::price_item;
use db::sea_orm::{EntityTrait, PaginatorTrait};
use reqwest::Response;
use serde_json::{Value, json};

use crate::support::accounts::*;
use crate::support::admin::*;
use crate::support::app::{TestApp, spawn_app};

fn service(section: &str, code: &str, name: &str, price: i64) -> Value {
    json!({ "section": section, "code": code, "name": name, "price": price, "active": true })
}

async fn create(app: &TestApp, token: &str, body: &Value) -> PriceItemDto {
    json_of(post(app, "/prices", Some(token), body).await, 201).await
}

async fn prices(app: &TestApp, token: &str, query: &str) -> Vec<PriceItemDto> {
    json_of(get_query(app, "/prices", query, Some(token)).await, 200).await
}

fn codes(items: &[PriceItemDto]) -> Vec<&str> {
    items.iter().map(|p| p.code.as_str()).collect()
}

async fn import_res(
    app: &TestApp,
    token: Option<&str>,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> Response {
    let mut req = app.client.post(api(app, "/prices/import")).header("content-type", content_type).body(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

async fn import(app: &TestApp, token: &str, csv: &str) -> PriceImportResult {
    json_of(import_res(app, Some(token), "text/csv", csv.to_owned()).await, 200).await
}

/// Every price row of every organization.
async fn rows(app: &TestApp) -> u64 {
    price_item::Entity::find().count(&app.state.db).await.unwrap()
}

#[tokio::test]
async fn services_are_created_edited_and_deleted() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    let first =
        create(&app, t, &service(" Консультации ", " B01.027.001 ", "Приём  онколога первичный", 250_000)).await;
    assert_eq!(
        (first.section.as_str(), first.code.as_str(), first.name.as_str()),
        ("Консультации", "B01.027.001", "Приём онколога первичный"),
        "trimmed, inner spaces collapsed"
    );
    assert_eq!((first.price, first.active), (Kopecks(250_000), true));
    create(&app, t, &service("Анализы", "A09.05.023", "Глюкоза крови", 35_050)).await;
    create(&app, t, &service("Консультации", "B01.027.002", "Приём онколога повторный", 180_000)).await;
    create(&app, t, &service("Анализы", "A09.05.003", "Гемоглобин", 20_000)).await;
    // By section, then code.
    assert_eq!(codes(&prices(&app, t, "").await), ["A09.05.003", "A09.05.023", "B01.027.001", "B01.027.002"]);

    let res = put(
        &app,
        &format!("/prices/{}", first.id.0),
        Some(t),
        &json!({"section": "Консультации", "code": "B01.027.001", "name": "Приём онколога", "price": 0, "active": false}),
    )
    .await;
    let edited: PriceItemDto = json_of(res, 200).await;
    assert_eq!(edited.id, first.id);
    assert_eq!((edited.name.as_str(), edited.price, edited.active), ("Приём онколога", Kopecks(0), false));
    assert!(prices(&app, t, "").await.contains(&edited));
    // The code itself may change.
    let res =
        put(&app, &format!("/prices/{}", first.id.0), Some(t), &service("Консультации", "B01.027.009", "Приём", 1))
            .await;
    assert_eq!(json_of::<PriceItemDto>(res, 200).await.code, "B01.027.009");

    let res = delete(&app, &format!("/prices/{}", first.id.0), Some(t)).await;
    assert_eq!(res.status().as_u16(), 204);
    assert_eq!(codes(&prices(&app, t, "").await), ["A09.05.003", "A09.05.023", "B01.027.002"]);
    expect_problem(delete(&app, &format!("/prices/{}", first.id.0), Some(t)).await, 404, ErrorCode::NotFound).await;
}

#[tokio::test]
async fn a_taken_code_and_invalid_fields_are_refused() {
    let app = spawn_app().await;
    let (org, other) = two_orgs(&app).await;
    let t = org.token();
    let a = create(&app, t, &service("Анализы", "A09", "Глюкоза", 100)).await;
    let b = create(&app, t, &service("Анализы", "A10", "Гемоглобин", 100)).await;

    let p =
        expect_invalid(post(&app, "/prices", Some(t), &service("Другое", "A09", "Другое", 5)).await, &["code"]).await;
    assert_eq!(fields(&p), ["code"]);
    assert_eq!(p.errors[0].code, "taken");
    // Renaming a service to a taken code, too.
    let res = put(&app, &format!("/prices/{}", b.id.0), Some(t), &service("Анализы", " A09 ", "Гемоглобин", 100)).await;
    let p = expect_invalid(res, &["code"]).await;
    assert_eq!(p.errors[0].code, "taken");
    // Another organization has its own codes.
    create(&app, other.token(), &service("Анализы", "A09", "Глюкоза", 999)).await;

    for (body, field) in [
        (service("", "X1", "Имя", 1), "section"),
        (service("Раздел", "  ", "Имя", 1), "code"),
        (service("Раздел", &"К".repeat(51), "Имя", 1), "code"),
        (service("Раздел", "X1", "", 1), "name"),
        (service("Раздел", "X1", "Имя", -1), "price"),
        (service("Раздел", "X1", "Имя", 10_000_000_001), "price"),
    ] {
        let p = expect_invalid(post(&app, "/prices", Some(t), &body).await, &[field]).await;
        assert_eq!(fields(&p), [field], "{body}");
        let p = expect_invalid(put(&app, &format!("/prices/{}", a.id.0), Some(t), &body).await, &[field]).await;
        assert_eq!(fields(&p), [field], "{body}");
    }
    assert_eq!(prices(&app, t, "").await, [a, b], "nothing changed");
}

#[tokio::test]
async fn the_search_finds_code_and_name_ignoring_case() {
    let app = spawn_app().await;
    let (org, other) = two_orgs(&app).await;
    let t = org.token();
    create(&app, t, &service("Консультации", "B01.027.001", "Приём врача-онколога", 250_000)).await;
    create(&app, t, &service("Анализы", "A09.05.023", "Исследование уровня ГЛЮКОЗЫ в крови", 35_000)).await;
    create(&app, t, &service("Анализы", "a26.08.001", "Ёмкость для анализа", 5_000)).await;
    create(&app, other.token(), &service("Анализы", "A09.05.024", "Глюкоза", 1)).await;

    assert_eq!(codes(&prices(&app, t, "q=глюкоз").await), ["A09.05.023"]);
    assert_eq!(codes(&prices(&app, t, "q=ОНКОЛОГА").await), ["B01.027.001"]);
    assert_eq!(codes(&prices(&app, t, "q=b01.027").await), ["B01.027.001"]);
    assert_eq!(codes(&prices(&app, t, "q=A26").await), ["a26.08.001"]);
    assert_eq!(codes(&prices(&app, t, "q=емкость").await), ["a26.08.001"], "ё = е");
    assert_eq!(codes(&prices(&app, t, "q=a09").await), ["A09.05.023"], "never another organization's");
    assert_eq!(prices(&app, t, "q=рентген").await.len(), 0);
    assert_eq!(prices(&app, t, "q=  ").await.len(), 3, "a blank search is no search");
}

#[tokio::test]
async fn a_csv_import_adds_then_updates_by_code() {
    let app = spawn_app().await;
    let (org, other) = two_orgs(&app).await;
    let t = org.token();
    // The other organization's B01 must not be touched by ours.
    let theirs = create(&app, other.token(), &service("Консультации", "B01", "Их приём", 100)).await;

    let csv = "\u{feff}section;code;name;price;active\n\
               Консультации;B01;Приём онколога;1 250,50;да\n\
               Анализы;A09;\"Анализ; крови\";300;нет\n\
               \n\
               Анализы;A10;Гемоглобин;1\u{a0}000 ₽;\n";
    assert_eq!(import(&app, t, csv).await, PriceImportResult { created: 3, updated: 0, unchanged: 0 });
    let list = prices(&app, t, "").await;
    assert_eq!(codes(&list), ["A09", "A10", "B01"]);
    let by_code = |code: &str| list.iter().find(|p| p.code == code).unwrap().clone();
    assert_eq!((by_code("B01").price, by_code("B01").active), (Kopecks(125_050), true));
    assert_eq!(by_code("B01").section, "Консультации");
    assert_eq!((by_code("A09").name.as_str(), by_code("A09").active), ("Анализ; крови", false));
    assert_eq!((by_code("A10").price, by_code("A10").active), (Kopecks(100_000), true), "empty active means yes");

    // A comma file, columns in another order, no `active`: one update, one new.
    let csv = "code,price,name,section\nB01,\"2 000\",Приём онколога первичный,Консультации\nB02,1500,Приём повторный,Консультации\n";
    assert_eq!(import(&app, t, csv).await, PriceImportResult { created: 1, updated: 1, unchanged: 0 });
    let list = prices(&app, t, "").await;
    assert_eq!(codes(&list), ["A09", "A10", "B01", "B02"]);
    let b01 = list.iter().find(|p| p.code == "B01").unwrap();
    assert_eq!(b01.id, by_code("B01").id, "updated in place");
    assert_eq!((b01.name.as_str(), b01.price), ("Приём онколога первичный", Kopecks(200_000)));
    assert_eq!(list.iter().find(|p| p.code == "A09").unwrap(), &by_code("A09"), "rows not in the file stay");

    assert_eq!(prices(&app, other.token(), "").await, [theirs]);
    // `text/csv` with a charset, and `text/plain` (what some browsers send for .csv).
    let res = import_res(&app, Some(t), "text/csv; charset=utf-8", "section;code;name;price\nS;C1;N;1\n").await;
    assert_eq!(
        json_of::<PriceImportResult>(res, 200).await,
        PriceImportResult { created: 1, updated: 0, unchanged: 0 }
    );
    let res = import_res(&app, Some(t), "text/plain", "section;code;name;price\nS;C1;N;2\n").await;
    assert_eq!(
        json_of::<PriceImportResult>(res, 200).await,
        PriceImportResult { created: 0, updated: 1, unchanged: 0 }
    );
}

#[tokio::test]
async fn a_bad_row_fails_the_whole_import() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    create(&app, t, &service("Консультации", "B01", "Приём", 100_000)).await;
    let before = prices(&app, t, "").await;
    let count = rows(&app).await;

    let csv = "section;code;name;price;active\n\
               Консультации;B01;Приём онколога;2 500,00;да\n\
               Анализы;A09;Глюкоза;сто рублей;да\n\
               Анализы;;Гемоглобин;300;да\n\
               Анализы;A11;Лейкоциты;400;да\n";
    let p = expect_invalid(import_res(&app, Some(t), "text/csv", csv).await, &[]).await;
    assert_eq!(fields(&p), ["line[3].price", "line[4].code"]);
    assert_eq!(rows(&app).await, count, "nothing added");
    assert_eq!(prices(&app, t, "").await, before, "nothing updated");

    // More kinds of bad cells, each by its line.
    let csv = "section;code;name;price;active\nS;X1;N;1,234;да\nS;X2;N;5;может быть\nS;X1;N;5;да\nS;X3;;5;\n";
    let p = expect_invalid(import_res(&app, Some(t), "text/csv", csv).await, &[]).await;
    assert_eq!(fields(&p), ["line[2].price", "line[3].active", "line[4].code", "line[5].name"]);
    // A header without the needed columns, a file that is neither UTF-8 nor Windows-1251
    // (Latin-1 signs), an empty file.
    let p = expect_invalid(import_res(&app, Some(t), "text/csv", "code;name\nX1;N\n").await, &[]).await;
    assert_eq!(fields(&p), ["line[1].section", "line[1].price"]);
    let latin1 = b"section;code;name;price\n\xa9\xae\xb1;X1;N;1\n".to_vec();
    expect_invalid(import_res(&app, Some(t), "text/csv", latin1).await, &["file"]).await;
    expect_invalid(import_res(&app, Some(t), "text/csv", "").await, &[]).await;
    assert_eq!(rows(&app).await, count);
    assert_eq!(prices(&app, t, "").await, before);
}

#[tokio::test]
async fn the_import_takes_only_csv_up_to_2_mib() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    let csv = "section;code;name;price\nS;C1;N;1\n";
    let res = import_res(&app, Some(t), "application/json", csv).await;
    expect_problem(res, 415, ErrorCode::UnsupportedMediaType).await;
    let res = app.client.post(api(&app, "/prices/import")).bearer_auth(t).body(csv).send().await.unwrap();
    expect_problem(res, 415, ErrorCode::UnsupportedMediaType).await;
    let res = import_res(&app, Some(t), "application/vnd.ms-excel", csv).await;
    expect_problem(res, 415, ErrorCode::UnsupportedMediaType).await;

    // Just over 2 MiB of valid rows.
    let mut big = String::from("section;code;name;price\n");
    let mut i = 0;
    while big.len() <= 2 * 1024 * 1024 {
        big.push_str(&format!("Раздел;C{i:07};Услуга номер {i} с длинным названием;100\n"));
        i += 1;
    }
    let res = import_res(&app, Some(t), "text/csv", big).await;
    expect_problem(res, 413, ErrorCode::PayloadTooLarge).await;
    assert_eq!(rows(&app).await, 0);

    // Just under the limit is imported.
    let mut fits = String::from("section;code;name;price\n");
    let mut i = 0;
    loop {
        let line = format!("S;C{i:07};Услуга;100\n");
        if fits.len() + line.len() > 2 * 1024 * 1024 {
            break;
        }
        fits.push_str(&line);
        i += 1;
    }
    let created = import(&app, t, &fits).await.created;
    assert_eq!(u64::from(created), rows(&app).await);
    assert!(created > 50_000, "{created}");
}

#[tokio::test]
async fn another_organizations_services_are_not_found() {
    let app = spawn_app().await;
    let (org, other) = two_orgs(&app).await;
    let theirs = create(&app, other.token(), &service("Анализы", "A09", "Глюкоза", 100)).await;
    let nobody = uuid::Uuid::now_v7();
    for id in [theirs.id.0, nobody] {
        let res =
            put(&app, &format!("/prices/{id}"), Some(org.token()), &service("Анализы", "A09", "Подмена", 1)).await;
        expect_problem(res, 404, ErrorCode::NotFound).await;
        expect_problem(delete(&app, &format!("/prices/{id}"), Some(org.token())).await, 404, ErrorCode::NotFound).await;
    }
    assert!(prices(&app, org.token(), "").await.is_empty());
    assert_eq!(prices(&app, other.token(), "").await, [theirs]);
}

#[tokio::test]
async fn only_organizers_manage_prices() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let item = create(&app, org.token(), &service("Анализы", "A09", "Глюкоза", 100)).await;
    let doctor = staff(&app, &org, Role::Doctor, "doc@city.test", "Петров", "Иван").await;
    let assistant = staff(&app, &org, Role::Assistant, "as@city.test", "Зайцева", "Анна").await;
    let path = format!("/prices/{}", item.id.0);
    let change = service("Анализы", "A09", "Подмена", 1);
    let csv = "section;code;name;price\nS;A09;Подмена;1\n";
    for token in [Some(doctor.token()), Some(assistant.token()), Some(org.op_token.as_str())] {
        expect_problem(get(&app, "/prices", token).await, 403, ErrorCode::Forbidden).await;
        expect_problem(post(&app, "/prices", token, &change).await, 403, ErrorCode::Forbidden).await;
        expect_problem(put(&app, &path, token, &change).await, 403, ErrorCode::Forbidden).await;
        expect_problem(delete(&app, &path, token).await, 403, ErrorCode::Forbidden).await;
        expect_problem(import_res(&app, token, "text/csv", csv).await, 403, ErrorCode::Forbidden).await;
    }
    expect_problem(get(&app, "/prices", None).await, 401, ErrorCode::Unauthorized).await;
    expect_problem(post(&app, "/prices", None, &change).await, 401, ErrorCode::Unauthorized).await;
    expect_problem(put(&app, &path, None, &change).await, 401, ErrorCode::Unauthorized).await;
    expect_problem(delete(&app, &path, None).await, 401, ErrorCode::Unauthorized).await;
    expect_problem(import_res(&app, None, "text/csv", csv).await, 401, ErrorCode::Unauthorized).await;
    assert_eq!(prices(&app, org.token(), "").await, [item]);
}
