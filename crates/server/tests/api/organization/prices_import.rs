//! The price-list import reads the file as it was saved — UTF-8 with or without a BOM, or
//! Windows-1251 (Russian Excel's "CSV") — or refuses it saying how to save it; the preview shows
//! what an import would add and change, and bad rows by line, writing nothing; the import
//! applies the same file in one transaction. Scoped to the organizer's organization.

use common::ErrorCode;
use common::admin::{CsvEncoding, PriceImportPreview, PriceImportResult, PriceItemDto};
use common::auth::Role;
use common::domain::Kopecks;
use reqwest::Response;
use serde_json::json;

use crate::support::accounts::*;
use crate::support::admin::*;
use crate::support::app::{TestApp, spawn_app};

/// A price list as Russian Excel saves "CSV (разделители — точка с запятой)": Windows-1251,
/// `;`, CRLF.
const CP1251: &[u8] = include_bytes!("fixtures/prices-cp1251.csv");

async fn send(app: &TestApp, path: &str, token: Option<&str>, body: Vec<u8>) -> Response {
    let mut req = app.client.post(api(app, path)).header("content-type", "text/csv").body(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

async fn preview(app: &TestApp, token: &str, body: &[u8]) -> PriceImportPreview {
    json_of(send(app, "/prices/import/preview", Some(token), body.to_vec()).await, 200).await
}

async fn prices(app: &TestApp, token: &str) -> Vec<PriceItemDto> {
    json_of(get(app, "/prices", Some(token)).await, 200).await
}

#[tokio::test]
async fn a_windows_1251_file_is_previewed_then_imported_without_mojibake() {
    let app = spawn_app().await;
    let (org, other) = two_orgs(&app).await;
    let t = org.token();
    // One service already there (changed by the file), one the file does not name (kept), and
    // another organization's service of the same code (never seen nor touched).
    let service = |code: &str, name: &str, price: i64| json!({ "section": "Консультации", "code": code, "name": name, "price": price, "active": true });
    let mine: PriceItemDto =
        json_of(post(&app, "/prices", Some(t), &service("B01.027.001", "Приём", 200_000)).await, 201).await;
    let kept: PriceItemDto =
        json_of(post(&app, "/prices", Some(t), &service("X99", "Старая услуга", 100)).await, 201).await;
    let theirs: PriceItemDto =
        json_of(post(&app, "/prices", Some(other.token()), &service("B01.027.002", "Их приём", 1)).await, 201).await;

    let p = preview(&app, t, CP1251).await;
    assert_eq!((p.encoding, p.delimiter.as_str()), (CsvEncoding::Windows1251, ";"));
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let added: Vec<(u64, &str, &str)> = p.added.iter().map(|r| (r.line, r.code.as_str(), r.name.as_str())).collect();
    assert_eq!(
        added,
        [
            (3, "B01.027.002", "Приём врача-онколога повторный"),
            (4, "A09.05.003", "Общий анализ крови «развёрнутый»"),
            (5, "A19.001", "Занятие ЛФК № 1 — групповое"),
        ]
    );
    assert_eq!(p.added[2].section, "ЛФК");
    assert!(!p.added[2].active);
    assert_eq!(p.changed.len(), 1);
    assert_eq!(p.changed[0].before, mine);
    assert_eq!((p.changed[0].after.line, p.changed[0].after.price), (2, Kopecks(250_000)));
    assert_eq!(p.changed[0].after.name, "Приём врача-онколога первичный");
    assert_eq!(p.not_in_file, std::slice::from_ref(&kept));
    // The preview wrote nothing.
    assert_eq!(prices(&app, t).await.len(), 2);

    let res: PriceImportResult = json_of(send(&app, "/prices/import", Some(t), CP1251.to_vec()).await, 200).await;
    assert_eq!(res, PriceImportResult { created: 3, updated: 1, unchanged: 0 });
    let list = prices(&app, t).await;
    let names: Vec<&str> = list.iter().map(|p| p.name.as_str()).collect();
    assert!(names.contains(&"Общий анализ крови «развёрнутый»"), "{names:?}");
    assert!(list.contains(&kept), "a service the file does not name stays");
    assert_eq!(list.iter().find(|p| p.code == "B01.027.001").map(|p| p.id), Some(mine.id), "changed in place");
    assert_eq!(prices(&app, other.token()).await, [theirs]);

    // The same file again: nothing to change.
    let again = preview(&app, t, CP1251).await;
    assert_eq!((again.added.len(), again.changed.len(), again.unchanged), (0, 0, 4));
    let res: PriceImportResult = json_of(send(&app, "/prices/import", Some(t), CP1251.to_vec()).await, 200).await;
    assert_eq!(res, PriceImportResult { created: 0, updated: 0, unchanged: 4 });
}

#[tokio::test]
async fn utf8_with_a_bom_and_a_bad_row_are_previewed_by_line() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    let csv = "\u{feff}section;code;name;price;active\r\nАнализы;A09;Глюкоза;300;да\r\nАнализы;A10;Гемоглобин;сто рублей;да\r\n";
    let p = preview(&app, t, csv.as_bytes()).await;
    assert_eq!(p.encoding, CsvEncoding::Utf8);
    assert_eq!(p.added.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), ["A09"]);
    assert_eq!(p.errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["line[3].price"]);
    // The import of that file is refused as a whole.
    let e = expect_invalid(send(&app, "/prices/import", Some(t), csv.as_bytes().to_vec()).await, &[]).await;
    assert_eq!(fields(&e), ["line[3].price"]);
    assert!(prices(&app, t).await.is_empty(), "nothing half-written");
    // Without the bad row the BOM file imports, its first column named right.
    let good = "\u{feff}section;code;name;price\nАнализы;A09;Глюкоза;300\n";
    let res: PriceImportResult =
        json_of(send(&app, "/prices/import", Some(t), good.as_bytes().to_vec()).await, 200).await;
    assert_eq!(res.created, 1);
    assert_eq!(prices(&app, t).await[0].section, "Анализы");
}

#[tokio::test]
async fn a_file_that_is_neither_is_refused_saying_how_to_save_it() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let t = org.token();
    for path in ["/prices/import/preview", "/prices/import"] {
        let xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00".to_vec();
        let e = expect_invalid(send(&app, path, Some(t), xlsx).await, &["file"]).await;
        assert_eq!(e.errors[0].code, "spreadsheet");
        assert!(e.errors[0].message.contains("CSV UTF-8"), "{}", e.errors[0].message);
        let latin1 = b"section;code;name;price\nS;X1;\xa9\xae\xb1\xa7\xa4;1\n".to_vec();
        let e = expect_invalid(send(&app, path, Some(t), latin1).await, &["file"]).await;
        assert_eq!(e.errors[0].code, "invalid_encoding");
    }
    assert!(prices(&app, t).await.is_empty());
}

#[tokio::test]
async fn only_an_organizer_previews_his_own_list() {
    let app = spawn_app().await;
    let (org, other) = two_orgs(&app).await;
    let theirs: PriceItemDto = json_of(
        post(
            &app,
            "/prices",
            Some(other.token()),
            &json!({ "section": "S", "code": "A09", "name": "Их", "price": 1, "active": true }),
        )
        .await,
        201,
    )
    .await;
    // Another organization's services are neither changed nor listed as kept.
    let p = preview(&app, org.token(), "section;code;name;price\nS;A09;Наш;5\n".as_bytes()).await;
    assert_eq!((p.added.len(), p.changed.len(), p.not_in_file.len()), (1, 0, 0));

    let doctor = staff(&app, &org, Role::Doctor, "doc@city.test", "Петров", "Иван").await;
    let csv = b"section;code;name;price\nS;A09;N;1\n".to_vec();
    for token in [Some(doctor.token()), Some(org.op_token.as_str())] {
        let res = send(&app, "/prices/import/preview", token, csv.clone()).await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
    }
    expect_problem(send(&app, "/prices/import/preview", None, csv).await, 401, ErrorCode::Unauthorized).await;
    assert_eq!(prices(&app, other.token()).await, [theirs]);
}
