//! Representatives and dependents (CAB-10): the organizer links an existing account to a card
//! until a day; the representative switches to it with `X-Patient-Id` (audited as acting for
//! it) until the day passes; account actions are refused while acting for a dependent; the
//! organizer confirms or rejects the patients' requests to add dependents.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use common::ErrorCode;
use common::auth::SessionDto;
use common::auth::{MembershipStatus, Role};
use common::cabinet::{
    CabinetContextDto, CabinetProfileDto, CardRelation, DependentRequestDto, DependentRequestStatus, FeedbackDto,
    NotificationKind, NotificationPageDto, RepresentationInviteDto, RepresentativeDto, RepresentativeInvitationDto,
    RepresentativeInvitationStatus,
};
use common::ids::PatientId;
use db::entities::{account, membership, patient_card, representative, representative_invitation};
use db::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};

use crate::support::accounts::*;
use crate::support::admin::delete;
use crate::support::app::{TestApp, spawn_app};
use crate::support::cabinet::*;
use crate::support::patients::{audit_rows, audited_ids};

fn reps_path(card: PatientId) -> String {
    format!("/patients/{}/representatives", card.0)
}

fn invitations_path(card: PatientId) -> String {
    format!("/patients/{}/representative-invitations", card.0)
}

fn link_body(email: &str, until: &str) -> Value {
    json!({ "email": email, "until": until })
}

/// The organizer invites `email` to represent `card`; asserts the invitation is created.
async fn invite(app: &TestApp, token: &str, card: PatientId, email: &str, until: &str) -> RepresentativeInvitationDto {
    json_of(post(app, &reps_path(card), Some(token), &link_body(email, until)).await, 201).await
}

/// The token of the newest representation link emailed to `to`.
async fn rep_token_to(app: &TestApp, to: &str) -> String {
    let email = last_email_to(app, to).await;
    let prefix = format!("{ORIGIN}/representation#token=");
    let start = email.text.find(&prefix).unwrap_or_else(|| panic!("no representation link in: {}", email.text));
    email.text[start + prefix.len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

fn invitation_path(token: &str, action: &str) -> String {
    if action.is_empty() {
        format!("/representation-invitations/{token}")
    } else {
        format!("/representation-invitations/{token}/{action}")
    }
}

async fn accept_res(app: &TestApp, token: &str, session: Option<&str>) -> reqwest::Response {
    post_empty(app, &invitation_path(token, "accept"), session).await
}

/// The organizer invites the account of `email` (logged in as `session`) and he accepts;
/// returns his representation as the organizer lists it.
async fn link(app: &TestApp, org: &str, card: PatientId, email: &str, session: &str, until: &str) -> RepresentativeDto {
    invite(app, org, card, email, until).await;
    let token = rep_token_to(app, email).await;
    let _: SessionDto = json_of(accept_res(app, &token, Some(session)).await, 200).await;
    let list: Vec<RepresentativeDto> = json_of(get(app, &reps_path(card), Some(org)).await, 200).await;
    list.into_iter().rfind(|r| r.email == email).unwrap()
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

    let rep = link(&app, a.org.token(), d.id(), &r.email, r.token(), "2026-11-30").await;
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
    link(&app, a.org.token(), d.id(), &r.email, r.token(), "2026-12-31").await;

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
async fn the_organizer_invites_lists_and_removes_representatives() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let d = &a.patient;
    let t = a.org.token();
    let r = registered_patient(&app, &a.org, "Белов", "Сергей", "a.rep@example.org").await;

    // Validation: a malformed email, the card's own email, a past day.
    expect_invalid(post(&app, &reps_path(d.id()), Some(t), &link_body("nope", "2026-12-31")).await, &["email"]).await;
    let p = expect_invalid(
        post(&app, &reps_path(d.id()), Some(t), &link_body(&d.email.to_uppercase(), "2026-12-31")).await,
        &["email"],
    )
    .await;
    assert_eq!(p.errors[0].code, "own_card");
    expect_invalid(post(&app, &reps_path(d.id()), Some(t), &link_body(&r.email, "2026-11-21")).await, &["until"]).await;
    assert_eq!(representative_invitation::Entity::find().count(&app.state.db).await.unwrap(), 0);

    // Wrong role, another organization's card.
    for token in [a.doctor.session.token(), a.assistant.session.token(), r.token()] {
        expect_problem(get(&app, &reps_path(d.id()), Some(token)).await, 403, ErrorCode::Forbidden).await;
        expect_problem(get(&app, &invitations_path(d.id()), Some(token)).await, 403, ErrorCode::Forbidden).await;
        let res = post(&app, &reps_path(d.id()), Some(token), &link_body(&r.email, "2026-12-31")).await;
        expect_problem(res, 403, ErrorCode::Forbidden).await;
    }
    expect_problem(get(&app, &reps_path(b.patient.id()), Some(t)).await, 404, ErrorCode::NotFound).await;
    expect_problem(get(&app, &invitations_path(b.patient.id()), Some(t)).await, 404, ErrorCode::NotFound).await;
    let res = post(&app, &reps_path(b.patient.id()), Some(t), &link_body(&r.email, "2026-12-31")).await;
    expect_problem(res, 404, ErrorCode::NotFound).await;

    // Today is the earliest day; a second pending invitation of the address is a conflict.
    let rep = link(&app, t, d.id(), &r.email, r.token(), "2026-11-22").await;
    assert_eq!(rep.until, day("2026-11-22"));
    invite(&app, t, d.id(), &r.email, "2026-12-31").await;
    let res = post(&app, &reps_path(d.id()), Some(t), &link_body(&r.email.to_uppercase(), "2026-12-31")).await;
    expect_problem(res, 409, ErrorCode::Conflict).await;
    // Accepting again gives the new period to the same representation.
    let token = rep_token_to(&app, &r.email).await;
    let _: SessionDto = json_of(accept_res(&app, &token, Some(r.token())).await, 200).await;
    let list: Vec<RepresentativeDto> = json_of(get(&app, &reps_path(d.id()), Some(t)).await, 200).await;
    assert_eq!(list.iter().map(|x| (x.id, x.until)).collect::<Vec<_>>(), [(rep.id, day("2026-12-31"))]);
    assert!(!audit_rows(&app, "representative.list").await.is_empty());
    assert_eq!(audit_rows(&app, "representative.invite").await.len(), 2);
    assert_eq!(audit_rows(&app, "representative.accept").await.len(), 2);

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

/// The answer without what differs by design (id, times).
fn shape(v: &Value) -> Value {
    let mut v = v.clone();
    for key in ["id", "sent_at", "expires_at", "created_at"] {
        assert!(v.get(key).is_some(), "{key} in {v}");
        v[key] = Value::Null;
    }
    v
}

#[tokio::test]
async fn inviting_answers_the_same_whether_or_not_the_address_has_an_account() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let d = &a.patient;
    let t = a.org.token();
    // Unknown, another organization's patient, a staff member here, another organization's
    // organizer.
    let addresses = ["ghost@example.org", b.patient.email.as_str(), "a.doctor@example.org", "organizer@b.test"];
    // The other organization's patient reads English: his invitation comes in English.
    account::Entity::update_many()
        .col_expr(account::Column::Locale, Expr::value("en"))
        .filter(account::Column::Email.eq(b.patient.email.as_str()))
        .exec(&app.state.db)
        .await
        .unwrap();
    let memberships_before = membership::Entity::find().count(&app.state.db).await.unwrap();
    let mut answers = Vec::new();
    for email in addresses {
        let res = post(&app, &reps_path(d.id()), Some(t), &link_body(&email.to_uppercase(), "2026-12-31")).await;
        assert_eq!(res.status(), 201, "{email}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["email"], email, "the address as typed (lowercased), nothing else");
        let mut keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        keys.sort_unstable();
        assert_eq!(keys, ["created_at", "email", "expires_at", "id", "patient_id", "sent_at", "status", "until"]);
        answers.push(body);
    }
    let mut shapes = answers.iter().map(shape).map(|mut v| {
        v["email"] = Value::Null;
        v
    });
    let first = shapes.next().unwrap();
    assert!(shapes.all(|s| s == first), "{answers:?}");
    assert_eq!(first["status"], "pending");

    // Nothing is linked or opened before acceptance; each address got one email.
    assert_eq!(membership::Entity::find().count(&app.state.db).await.unwrap(), memberships_before);
    assert_eq!(representative::Entity::find().count(&app.state.db).await.unwrap(), 0);
    let ctx: CabinetContextDto =
        json_of(patient_get(&app, "/cabinet/context", b.patient.token(), None).await, 200).await;
    assert_eq!(ctx.cards.len(), 1);
    for email in addresses {
        let mails: Vec<_> = emails_to(&app, email)
            .await
            .into_iter()
            .filter(|m| m.subject.contains("представител") || m.subject.contains("represent"))
            .collect();
        assert_eq!(mails.len(), 1, "{email}");
        assert!(!mails[0].text.contains("Белова"), "the email names no patient");
        let english = email == b.patient.email;
        assert_eq!(mails[0].subject.contains("invitation to represent a patient"), english, "{}", mails[0].subject);
        assert!(mails[0].text.contains(&format!("{ORIGIN}/representation#token=")));
    }
    // The organizer's list shows the pending invitations: address, period, when sent.
    let list: Vec<RepresentativeInvitationDto> =
        json_of(get(&app, &invitations_path(d.id()), Some(t)).await, 200).await;
    let mut emails: Vec<&str> = list.iter().map(|i| i.email.as_str()).collect();
    emails.sort_unstable();
    let mut expected = addresses.to_vec();
    expected.sort_unstable();
    assert_eq!(emails, expected);
    assert!(list.iter().all(|i| i.status == RepresentativeInvitationStatus::Pending && i.until == day("2026-12-31")));
    let reps: Vec<RepresentativeDto> = json_of(get(&app, &reps_path(d.id()), Some(t)).await, 200).await;
    assert!(reps.is_empty());
}

#[tokio::test]
async fn only_the_invited_account_accepts_and_then_acts_for_the_card() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let d = &a.patient;
    let t = a.org.token();
    let outsider = &b.patient;
    invite(&app, t, d.id(), &outsider.email, "2026-12-31").await;
    let token = rep_token_to(&app, &outsider.email).await;

    // The link shows who invites and whom to represent, to its holder.
    let dto: RepresentationInviteDto = json_of(get(&app, &invitation_path(&token, ""), None).await, 200).await;
    assert_eq!(dto.organization_name, "Клиника А");
    assert_eq!(dto.patient_name, "Белова Ирина Павловна");
    assert_eq!(dto.email, outsider.email);
    assert!(dto.account_exists);
    let _: RepresentationInviteDto =
        json_of(get(&app, &invitation_path(&token, ""), Some(outsider.token())).await, 200).await;

    // Another logged-in account is refused, whatever it tries; not logged in cannot accept.
    for other in [d.token(), a.doctor.session.token(), b.org.token()] {
        let res = get(&app, &invitation_path(&token, ""), Some(other)).await;
        expect_problem(res, 403, ErrorCode::InvitationWrongAccount).await;
        expect_problem(accept_res(&app, &token, Some(other)).await, 403, ErrorCode::InvitationWrongAccount).await;
        let res = post_empty(&app, &invitation_path(&token, "decline"), Some(other)).await;
        expect_problem(res, 403, ErrorCode::InvitationWrongAccount).await;
    }
    expect_problem(accept_res(&app, &token, None).await, 401, ErrorCode::Unauthorized).await;
    let res = post(
        &app,
        &invitation_path(&token, "register"),
        None,
        &json!({ "last_name": "Белов", "first_name": "Иван", "password": "another long phrase 9" }),
    )
    .await;
    expect_problem(res, 409, ErrorCode::Conflict).await;
    let outsider_account = me(&app, outsider.token()).await.account_id;
    let in_a = || {
        membership::Entity::find()
            .filter(membership::Column::OrganizationId.eq(a.org.org.id.0))
            .filter(membership::Column::AccountId.eq(outsider_account.0))
    };
    assert!(in_a().one(&app.state.db).await.unwrap().is_none(), "no membership before acceptance");

    // The right account accepts: a patient membership in A, and he acts for D.
    let session: SessionDto = json_of(accept_res(&app, &token, Some(outsider.token())).await, 200).await;
    assert_eq!(session.membership.role, Role::Patient);
    assert_eq!(session.membership.organization_id, Some(a.org.org.id));
    let m = in_a().one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(m.status, MembershipStatus::Active);
    let prof: CabinetProfileDto =
        json_of(patient_get(&app, "/cabinet/profile", &session.access_token, Some(d.id())).await, 200).await;
    assert_eq!(prof.patient_id, d.id());
    let reps: Vec<RepresentativeDto> = json_of(get(&app, &reps_path(d.id()), Some(t)).await, 200).await;
    assert_eq!(reps.len(), 1);
    let pending: Vec<RepresentativeInvitationDto> =
        json_of(get(&app, &invitations_path(d.id()), Some(t)).await, 200).await;
    assert!(pending.is_empty());
    let row = audit_rows(&app, "representative.accept").await.pop().unwrap();
    assert_eq!(row.account_id, Some(outsider_account.0));
    assert_eq!(audited_ids(&row), [d.id()]);

    // Used once.
    expect_problem(accept_res(&app, &token, Some(outsider.token())).await, 410, ErrorCode::InvitationInvalid).await;
    expect_problem(get(&app, &invitation_path(&token, ""), None).await, 410, ErrorCode::InvitationInvalid).await;
    expect_problem(get(&app, &invitation_path("no-such-token", ""), None).await, 410, ErrorCode::InvitationInvalid)
        .await;
}

#[tokio::test]
async fn expired_replaced_revoked_and_declined_links_are_refused() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let d = &a.patient;
    let t = a.org.token();
    let r = registered_patient(&app, &a.org, "Белов", "Сергей", "a.rep@example.org").await;

    // Expired after ten days.
    let inv = invite(&app, t, d.id(), &r.email, "2027-12-31").await;
    let old = rep_token_to(&app, &r.email).await;
    let start = app.state.clock.now();
    app.state.clock.set(start + Duration::days(10) + Duration::minutes(1));
    let session = login_ok(&app, &r.email, PATIENT_PASSWORD).await;
    let organizer = login_ok(&app, &a.org.organizer_email, PASSWORD).await;
    let t = organizer.token();
    let other_org = login_ok(&app, &b.org.organizer_email, PASSWORD).await;
    expect_problem(get(&app, &invitation_path(&old, ""), None).await, 410, ErrorCode::InvitationExpired).await;
    expect_problem(accept_res(&app, &old, Some(session.token())).await, 410, ErrorCode::InvitationExpired).await;

    // The organizer resends: a new link; the old one is dead. Only he may, only for his card.
    let resend = format!("{}/{}/resend", invitations_path(d.id()), inv.id.0);
    expect_problem(post_empty(&app, &resend, Some(session.token())).await, 403, ErrorCode::Forbidden).await;
    expect_problem(post_empty(&app, &resend, Some(other_org.token())).await, 404, ErrorCode::NotFound).await;
    let wrong_card = format!("{}/{}/resend", invitations_path(r.id()), inv.id.0);
    expect_problem(post_empty(&app, &wrong_card, Some(t)).await, 404, ErrorCode::NotFound).await;
    let again: RepresentativeInvitationDto = json_of(post_empty(&app, &resend, Some(t)).await, 200).await;
    assert!(again.sent_at > inv.sent_at);
    let new = rep_token_to(&app, &r.email).await;
    assert_ne!(new, old);
    expect_problem(get(&app, &invitation_path(&old, ""), None).await, 410, ErrorCode::InvitationInvalid).await;
    let _: RepresentationInviteDto = json_of(get(&app, &invitation_path(&new, ""), None).await, 200).await;

    // Revoked: the link stops working; a revoked invitation is neither resent nor revoked again.
    let revoke = format!("{}/{}", invitations_path(d.id()), inv.id.0);
    expect_problem(delete(&app, &revoke, Some(other_org.token())).await, 404, ErrorCode::NotFound).await;
    expect_problem(delete(&app, &revoke, Some(session.token())).await, 403, ErrorCode::Forbidden).await;
    assert_eq!(delete(&app, &revoke, Some(t)).await.status(), 204);
    expect_problem(accept_res(&app, &new, Some(session.token())).await, 410, ErrorCode::InvitationInvalid).await;
    expect_problem(delete(&app, &revoke, Some(t)).await, 409, ErrorCode::Conflict).await;
    expect_problem(post_empty(&app, &resend, Some(t)).await, 409, ErrorCode::Conflict).await;

    // Declined: nothing is linked, and the link is spent.
    invite(&app, t, d.id(), &r.email, "2027-12-31").await;
    let token = rep_token_to(&app, &r.email).await;
    assert_eq!(post_empty(&app, &invitation_path(&token, "decline"), None).await.status(), 204);
    expect_problem(accept_res(&app, &token, Some(session.token())).await, 410, ErrorCode::InvitationInvalid).await;
    assert_eq!(representative::Entity::find().count(&app.state.db).await.unwrap(), 0);
    let pending: Vec<RepresentativeInvitationDto> =
        json_of(get(&app, &invitations_path(d.id()), Some(t)).await, 200).await;
    assert!(pending.is_empty());
    assert_eq!(audit_rows(&app, "representative.resend").await.len(), 1);
    assert_eq!(audit_rows(&app, "representative.revoke").await.len(), 1);
    assert_eq!(audit_rows(&app, "representative.decline").await.len(), 1);

    // A new invitation after a decline works as any.
    invite(&app, t, d.id(), &r.email, "2027-12-31").await;
    let token = rep_token_to(&app, &r.email).await;
    let _: SessionDto = json_of(accept_res(&app, &token, Some(session.token())).await, 200).await;
    let res = get(&app, &invitation_path(&token, ""), None).await;
    expect_problem(res, 410, ErrorCode::InvitationInvalid).await;
}

#[tokio::test]
async fn an_address_without_an_account_creates_one_and_accepts() {
    let app = spawn_app().await;
    let a = one_clinic(&app).await;
    let d = &a.patient;
    let t = a.org.token();
    invite(&app, t, d.id(), "new.rep@example.org", "2027-06-30").await;
    let token = rep_token_to(&app, "new.rep@example.org").await;
    let dto: RepresentationInviteDto = json_of(get(&app, &invitation_path(&token, ""), None).await, 200).await;
    assert!(!dto.account_exists);

    let path = invitation_path(&token, "register");
    let res = post(&app, &path, None, &json!({ "last_name": "", "first_name": "Иван", "password": "short" })).await;
    expect_invalid(res, &["last_name", "password"]).await;
    let body = json!({ "last_name": "Белов", "first_name": "Иван", "password": "another long phrase 9" });
    let res = post(&app, &path, None, &body).await;
    assert!(refresh_cookie(&res).is_some_and(|c| !c.is_empty()));
    let session: SessionDto = json_of(res, 200).await;
    assert_eq!(session.membership.role, Role::Patient);
    let prof: CabinetProfileDto =
        json_of(patient_get(&app, "/cabinet/profile", &session.access_token, Some(d.id())).await, 200).await;
    assert_eq!(prof.patient_id, d.id());
    let reps: Vec<RepresentativeDto> = json_of(get(&app, &reps_path(d.id()), Some(t)).await, 200).await;
    assert_eq!((reps[0].email.as_str(), reps[0].name.as_str()), ("new.rep@example.org", "Белов Иван"));
    // He logs in with the new password; the link is spent.
    login_ok(&app, "new.rep@example.org", "another long phrase 9").await;
    expect_problem(post(&app, &path, None, &body).await, 410, ErrorCode::InvitationInvalid).await;
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
