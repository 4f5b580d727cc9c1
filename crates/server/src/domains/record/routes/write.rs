//! Writing the medical record: a new entry, editing a draft, signing, an amendment.
//! A signed entry never changes; the update and the signature are conditional on the row still
//! being a draft, so two clinicians racing cannot both win.

use actix_web::{HttpResponse, post, put, web};
use chrono::{DateTime, Utc};
use common::audit::AuditAction;
use common::ids::{EntryId, PatientId};
use common::record::{ENTRY_BODY_MAX, ENTRY_TITLE_MAX, EntryDto, EntryInput, EntryKind, EntryStatus, check_entry_text};
use common::{ErrorCode, FieldError, Problem};
use db::entities::{membership, patient_card, record_entry};
use db::sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

use super::{card_entry, signed_conflict};
use crate::auth::{PatientStaff, StaffCard, role};
use crate::domains::record::service as record;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::platform::audit::{self, AuditEvent};
use crate::state::AppState;

mod action {
    crate::audit_action!(RecordCreate);
    crate::audit_action!(RecordUpdate);
    crate::audit_action!(RecordSign);
    crate::audit_action!(RecordAmend);
}

fn kind_error(message: &str) -> FieldError {
    FieldError { field: "kind".into(), code: "invalid".into(), message: message.into() }
}

/// The input's title, text and kind as staff may write them; every failing field at once.
/// `same_kind`: an amendment (or a draft amendment) keeps its original's kind.
fn check_input(input: &EntryInput, same_kind: Option<EntryKind>) -> ApiResult<()> {
    let mut errors = Vec::new();
    if !input.kind.staff_writable() {
        errors.push(kind_error("staff write outpatient, inpatient or telemedicine entries"));
    } else if same_kind.is_some_and(|k| k != input.kind) {
        errors.push(kind_error("an amendment keeps the kind of the entry it corrects"));
    }
    for (field, code) in check_entry_text(&input.title, &input.body, ENTRY_BODY_MAX) {
        let max = if field == "title" { ENTRY_TITLE_MAX } else { ENTRY_BODY_MAX };
        let message =
            if code == "required" { "is required".to_owned() } else { format!("must be at most {max} characters") };
        errors.push(FieldError { field: field.into(), code: code.into(), message });
    }
    if !common::domain::in_calendar(input.occurred_on) {
        errors.push(common::domain::day_out_of_range("occurred_on"));
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// What a change did: to which entry, audited as which actions, whether it signed it.
struct Change<'a> {
    card: &'a patient_card::Model,
    id: Uuid,
    actions: &'a [AuditAction],
    signed_now: bool,
    now: DateTime<Utc>,
}

/// The end of every change: the audit rows and the signature's notification in the change's
/// transaction, the commit, and the entry as it now is.
async fn finish(
    state: &AppState,
    txn: DatabaseTransaction,
    who: &PatientStaff,
    change: Change<'_>,
) -> ApiResult<EntryDto> {
    let Change { card, id, actions, signed_now, now } = change;
    let entry = record_entry::Entity::find_by_id(id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    if signed_now {
        record::notify_signed(&txn, &state.settings.base_url, card, &entry, now).await?;
    }
    let events = actions
        .iter()
        .map(|a| AuditEvent::by(&who.ctx, *a, "record_entry", now).entity_id(id).patients([card.id]))
        .collect();
    audit::record_all(&txn, events).await?;
    let dto = record::entry_dto(&txn, &entry, true).await?;
    txn.commit().await?;
    if signed_now {
        state.jobs_notify.notify_one();
    }
    tracing::info!(org.id = %who.org, patient.id = %card.id, entry.id = %id, signed = signed_now, "record entry saved");
    Ok(dto)
}

/// A new entry, unsaved as yet: the author's columns, and the signer's when `sign`.
fn new_entry(
    id: Uuid,
    card: &patient_card::Model,
    author: &membership::Model,
    who: &PatientStaff,
    input: &EntryInput,
    amends: Option<Uuid>,
    now: DateTime<Utc>,
) -> record_entry::ActiveModel {
    let name = author.full_name().full();
    record_entry::ActiveModel {
        id: Set(id),
        organization_id: Set(card.organization_id),
        patient_card_id: Set(card.id),
        kind: Set(input.kind),
        status: Set(if input.sign { EntryStatus::Signed } else { EntryStatus::Draft }),
        occurred_on: Set(input.occurred_on),
        title: Set(input.title.trim().to_owned()),
        body: Set(input.body.trim().to_owned()),
        amends_id: Set(amends),
        author_membership_id: Set(Some(author.id)),
        author_name: Set(name.clone()),
        author_role: Set(who.ctx.role.as_str().to_owned()),
        signed_by: Set(input.sign.then_some(author.id)),
        signed_by_name: Set(input.sign.then_some(name)),
        signed_at: Set(input.sign.then_some(now)),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// A new entry: a doctor's is signed with `sign: true`, otherwise (and always an assistant's) a
/// draft. Signing notifies the patient.
#[utoipa::path(
    tag = "record",
    params(("id" = PatientId, Path, description = "The patient card")),
    request_body(content = EntryInput, example = json!({
        "kind": "outpatient", "occurred_on": "2026-11-20", "title": "Осмотр онколога",
        "body": "Жалоб нет. Состояние удовлетворительное.", "sign": true
    })),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created (signed or a draft)", body = EntryDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant (`forbidden`), or an assistant signing (`doctor_only`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid `kind` (`patient`), `title` or `body`", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/patients/{id}/record")]
pub async fn create(
    state: web::Data<AppState>,
    staff: StaffCard<role::Clinician, action::RecordCreate>,
    body: Json<EntryInput>,
) -> ApiResult<HttpResponse> {
    let input = body.0;
    if input.sign {
        staff.doctor(&state).await?;
    }
    let (who, card) = staff.into_parts();
    check_input(&input, None)?;
    let author = who.membership(&state.db).await?;
    let now = state.clock.now();
    let entry_id = Uuid::now_v7();
    let am = new_entry(entry_id, &card, &author, &who, &input, None, now);
    let txn = db::begin_write(&state.db).await?;
    record_entry::Entity::insert(am).exec_without_returning(&txn).await?;
    let dto = finish(
        &state,
        txn,
        &who,
        Change { card: &card, id: entry_id, actions: &[AuditAction::RecordCreate], signed_now: input.sign, now },
    )
    .await?;
    Ok(HttpResponse::Created().json(dto))
}

/// Edit a draft (an original or an amendment); a doctor may sign it in the same request. A
/// signed entry is refused with `entry_signed`: amend it instead.
#[utoipa::path(
    tag = "record",
    params(
        ("id" = PatientId, Path, description = "The patient card"),
        ("entry_id" = EntryId, Path, description = "The draft"),
    ),
    request_body = EntryInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved", body = EntryDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant (`forbidden`), or an assistant signing (`doctor_only`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients, or no such entry of his", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The entry is signed (`entry_signed`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid `kind`, `title` or `body`", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[put("/patients/{id}/record/{entry_id}")]
pub async fn update(
    state: web::Data<AppState>,
    staff: StaffCard<role::Clinician, action::RecordUpdate>,
    path: web::Path<(PatientId, EntryId)>,
    body: Json<EntryInput>,
) -> ApiResult<web::Json<EntryDto>> {
    let (_, entry_id) = path.into_inner();
    let input = body.0;
    if input.sign {
        staff.doctor(&state).await?;
    }
    let (who, card) = staff.into_parts();
    let entry = card_entry(&state, &who, &card, entry_id, AuditAction::RecordUpdate).await?;
    if record::is_signed(&entry) {
        return Err(signed_conflict());
    }
    // A draft amendment keeps its original's kind.
    let same_kind = match entry.amends_id {
        Some(root) => record::find_entry(&state.db, card.id, EntryId(root)).await?.map(|r| r.kind),
        None => None,
    };
    check_input(&input, same_kind)?;
    let now = state.clock.now();
    let mut edit = record_entry::Entity::update_many()
        .col_expr(record_entry::Column::Kind, Expr::value(input.kind.as_str()))
        .col_expr(record_entry::Column::OccurredOn, Expr::value(input.occurred_on))
        .col_expr(record_entry::Column::Title, Expr::value(input.title.trim()))
        .col_expr(record_entry::Column::Body, Expr::value(input.body.trim()))
        .col_expr(record_entry::Column::UpdatedAt, Expr::value(now));
    if input.sign {
        let signer = who.membership(&state.db).await?;
        edit = sign_columns(edit, &signer, now);
    }
    let txn = db::begin_write(&state.db).await?;
    let changed = edit
        .filter(record_entry::Column::Id.eq(entry.id))
        .filter(record_entry::Column::Status.eq(EntryStatus::Draft.as_str()))
        .exec(&txn)
        .await?
        .rows_affected;
    if changed == 0 {
        return Err(signed_conflict());
    }
    let actions: &[AuditAction] =
        if input.sign { &[AuditAction::RecordUpdate, AuditAction::RecordSign] } else { &[AuditAction::RecordUpdate] };
    finish(&state, txn, &who, Change { card: &card, id: entry.id, actions, signed_now: input.sign, now })
        .await
        .map(web::Json)
}

fn sign_columns(
    edit: db::sea_orm::UpdateMany<record_entry::Entity>,
    signer: &membership::Model,
    now: DateTime<Utc>,
) -> db::sea_orm::UpdateMany<record_entry::Entity> {
    edit.col_expr(record_entry::Column::Status, Expr::value(EntryStatus::Signed.as_str()))
        .col_expr(record_entry::Column::SignedBy, Expr::value(signer.id))
        .col_expr(record_entry::Column::SignedByName, Expr::value(signer.full_name().full()))
        .col_expr(record_entry::Column::SignedAt, Expr::value(now))
}

/// A doctor signs a draft (his own, an assistant's, or another doctor's of the same patient):
/// it becomes final and reaches the patient's cabinet, who is notified.
#[utoipa::path(
    tag = "record",
    params(
        ("id" = PatientId, Path, description = "The patient card"),
        ("entry_id" = EntryId, Path, description = "The draft"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Signed", body = EntryDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor (`doctor_only`; the organizer: `forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients, or no such entry of his", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already signed (`entry_signed`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/patients/{id}/record/{entry_id}/sign")]
pub async fn sign(
    state: web::Data<AppState>,
    staff: StaffCard<role::Doctor, action::RecordSign>,
    path: web::Path<(PatientId, EntryId)>,
) -> ApiResult<web::Json<EntryDto>> {
    let (_, entry_id) = path.into_inner();
    let (who, card) = staff.into_parts();
    let entry = card_entry(&state, &who, &card, entry_id, AuditAction::RecordSign).await?;
    if record::is_signed(&entry) {
        return Err(signed_conflict());
    }
    let signer = who.membership(&state.db).await?;
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let changed = sign_columns(record_entry::Entity::update_many(), &signer, now)
        .col_expr(record_entry::Column::UpdatedAt, Expr::value(now))
        .filter(record_entry::Column::Id.eq(entry.id))
        .filter(record_entry::Column::Status.eq(EntryStatus::Draft.as_str()))
        .exec(&txn)
        .await?
        .rows_affected;
    if changed == 0 {
        return Err(signed_conflict());
    }
    finish(
        &state,
        txn,
        &who,
        Change { card: &card, id: entry.id, actions: &[AuditAction::RecordSign], signed_now: true, now },
    )
    .await
    .map(web::Json)
}

/// An amendment of a signed entry: a new entry pointing at the original, which never
/// changes. Amending an amendment amends its original. A doctor's is signed with `sign: true`;
/// an assistant's is a draft the doctor signs. A draft is edited instead (`conflict`).
#[utoipa::path(
    tag = "record",
    params(
        ("id" = PatientId, Path, description = "The patient card"),
        ("entry_id" = EntryId, Path, description = "The signed entry to correct"),
    ),
    request_body = EntryInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The amendment (`amends` = the original)", body = EntryDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant (`forbidden`), or an assistant signing (`doctor_only`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients, or no such entry of his", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The entry is a draft: edit it instead (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`kind` differs from the original's, or invalid `title` or `body`", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/patients/{id}/record/{entry_id}/amendments")]
pub async fn amend(
    state: web::Data<AppState>,
    staff: StaffCard<role::Clinician, action::RecordAmend>,
    path: web::Path<(PatientId, EntryId)>,
    body: Json<EntryInput>,
) -> ApiResult<HttpResponse> {
    let (_, entry_id) = path.into_inner();
    let input = body.0;
    if input.sign {
        staff.doctor(&state).await?;
    }
    let (who, card) = staff.into_parts();
    let target = card_entry(&state, &who, &card, entry_id, AuditAction::RecordAmend).await?;
    if !record::is_signed(&target) {
        return Err(ApiError::code(ErrorCode::Conflict, "A draft is edited, not amended."));
    }
    let root = match target.amends_id {
        Some(root) => record::find_entry(&state.db, card.id, EntryId(root)).await?.ok_or_else(ApiError::not_found)?,
        None => target,
    };
    check_input(&input, Some(root.kind))?;
    let author = who.membership(&state.db).await?;
    let now = state.clock.now();
    let amendment = Uuid::now_v7();
    let am = new_entry(amendment, &card, &author, &who, &input, Some(root.id), now);
    let txn = db::begin_write(&state.db).await?;
    record_entry::Entity::insert(am).exec_without_returning(&txn).await?;
    let dto = finish(
        &state,
        txn,
        &who,
        Change { card: &card, id: amendment, actions: &[AuditAction::RecordAmend], signed_now: input.sign, now },
    )
    .await?;
    Ok(HttpResponse::Created().json(dto))
}
