//! Optimistic concurrency (docs/api-design.md): the patient card and the organization's class
//! settings answer with an `ETag`; an update with a stale `If-Match` is refused with 412 and
//! changes nothing, so two organizers editing at once cannot overwrite each other.

use common::ErrorCode;
use common::admin::PatientDto;
use reqwest::Response;
use serde_json::{Value, json};

use crate::support::accounts::*;
use crate::support::app::{TestApp, spawn_app};
use crate::support::patients::{add, get_card, prefilled};

fn etag(res: &Response) -> String {
    res.headers().get("etag").expect("an ETag").to_str().unwrap().to_owned()
}

async fn put_if_match(app: &TestApp, token: &str, path: &str, body: &Value, tag: Option<&str>) -> Response {
    let mut req = app.client.put(api(app, path)).bearer_auth(token).json(body);
    if let Some(t) = tag {
        req = req.header("if-match", t);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn a_stale_if_match_on_a_patient_card_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let card = add(&app, org.token(), "Смирнова", "Ольга", "smirnova@example.org").await;
    let path = format!("/patients/{}", card.id.0);
    // Two organizers open the form on the same version.
    let res = get(&app, &path, Some(org.token())).await;
    let opened = etag(&res);
    let read: PatientDto = json_of(res, 200).await;
    assert_eq!(opened, format!("\"{}\"", read.version), "the list's version is the ETag");
    assert_eq!(card.version, read.version);

    // The first saves: 200 and a new version.
    let mut first = prefilled(&read);
    first["phone"] = json!("+7 912 000-00-01");
    let res = put_if_match(&app, org.token(), &path, &first, Some(&opened)).await;
    let after_first = etag(&res);
    let saved: PatientDto = json_of(res, 200).await;
    assert_ne!(after_first, opened);
    assert_eq!(after_first, format!("\"{}\"", saved.version));

    // The second, on the version he opened: 412, and the first one's change stands.
    let mut second = prefilled(&read);
    second["external_id"] = json!("MIS-999");
    let res = put_if_match(&app, org.token(), &path, &second, Some(&opened)).await;
    expect_problem(res, 412, ErrorCode::PreconditionFailed).await;
    let now = get_card(&app, org.token(), card.id).await;
    assert_eq!((&now.phone, &now.external_id), (&saved.phone, &read.external_id));
    assert_ne!(now.phone, read.phone);

    // A weak tag never matches; `*` and the current version do.
    let res = put_if_match(&app, org.token(), &path, &second, Some(&format!("W/{after_first}"))).await;
    expect_problem(res, 412, ErrorCode::PreconditionFailed).await;
    assert_eq!(put_if_match(&app, org.token(), &path, &second, Some(&after_first)).await.status(), 200);
    assert_eq!(put_if_match(&app, org.token(), &path, &second, Some("*")).await.status(), 200);
    // Without `If-Match` (an integration that does not read first) the update is applied.
    assert_eq!(put_if_match(&app, org.token(), &path, &first, None).await.status(), 200);
}

#[tokio::test]
async fn the_card_version_follows_what_the_form_edits_only() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let card = add(&app, org.token(), "Смирнова", "Ольга", "smirnova@example.org").await;
    // The same content saved again keeps the version: nobody else's change is lost by it.
    let res = put_if_match(&app, org.token(), &format!("/patients/{}", card.id.0), &prefilled(&card), None).await;
    let same: PatientDto = json_of(res, 200).await;
    assert_eq!(same.version, card.version);
    // A consent withdrawn changes it.
    let mut body = prefilled(&card);
    body["consents"] = json!(["telemedicine"]);
    let res = put_if_match(&app, org.token(), &format!("/patients/{}", card.id.0), &body, None).await;
    let changed: PatientDto = json_of(res, 200).await;
    assert_ne!(changed.version, card.version);
}

#[tokio::test]
async fn a_stale_if_match_on_the_class_settings_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let org = one_org(&app).await;
    let res = get(&app, "/settings/classes", Some(org.token())).await;
    let opened = etag(&res);
    let settings: Value = json_of(res, 200).await;

    let mut first = settings.clone();
    first["max_class_participants"] = json!(12);
    let res = put_if_match(&app, org.token(), "/settings/classes", &first, Some(&opened)).await;
    let after_first = etag(&res);
    json_of::<Value>(res, 200).await;
    assert_ne!(after_first, opened);

    let mut second = settings.clone();
    second["lfk_self_enroll"] = json!(true);
    let res = put_if_match(&app, org.token(), "/settings/classes", &second, Some(&opened)).await;
    expect_problem(res, 412, ErrorCode::PreconditionFailed).await;
    let res = get(&app, "/settings/classes", Some(org.token())).await;
    assert_eq!(etag(&res), after_first);
    let now: Value = json_of(res, 200).await;
    assert_eq!((now["max_class_participants"].clone(), now["lfk_self_enroll"].clone()), (json!(12), json!(false)));

    let res = put_if_match(&app, org.token(), "/settings/classes", &second, Some(&after_first)).await;
    assert_eq!(res.status(), 200);
}
