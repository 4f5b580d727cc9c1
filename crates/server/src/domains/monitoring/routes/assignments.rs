//! `/api/v1/patients/{id}/assignments` and `/patients/{id}/submissions`: a doctor assigns
//! questionnaires to his patient on a schedule and ends them (MON-2); his clinicians (the
//! doctor, the doctor's assistants) see the assignments and every answer. The organizer is
//! refused (403) as for the medical record; another organization's or another doctor's patient
//! is 404. Reads are audited with the patient, changes in their transaction.

use actix_web::{HttpResponse, get, post, web};
use common::audit::AuditAction;
use common::ids::{AssignmentId, PatientId, QuestionnaireId};
use common::monitoring::{AssignmentDto, AssignmentInput, SubmissionDto};
use common::page::{DEFAULT_PAGE_SIZE, Page, PageParams};
use common::questionnaire::{Repeat, Schedule};
use common::{ErrorCode, FieldError, Problem};
use db::entities::{assignment, organization, patient_card};
use db::sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, sea_query::Expr,
};

use crate::auth::{StaffCard, role};
use crate::domains::monitoring::alerts;
use crate::domains::monitoring::questionnaires;
use crate::domains::monitoring::service::{patient_today, to_json};
use crate::domains::monitoring::submissions;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::http::paging::page_params;
use crate::platform::audit::{self, AuditEvent};
use crate::state::AppState;

mod action {
    crate::audit_action!(AssignmentList);
    crate::audit_action!(AssignmentCreate);
    crate::audit_action!(AssignmentEnd);
    crate::audit_action!(MonitoringSubmissions);
}

async fn org_of(state: &AppState, card: &patient_card::Model) -> ApiResult<organization::Model> {
    organization::Entity::find_by_id(card.organization_id).one(&state.db).await?.ok_or_else(ApiError::not_found)
}

/// The patient's assignments: active ones first, newest first within each, with their latest
/// due day (in the patient's own day) and whether it was answered.
#[utoipa::path(
    tag = "questionnaires",
    params(("id" = PatientId, Path, description = "The patient card")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The assignments", body = Vec<AssignmentDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant (the organizer does not see medical data)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/patients/{id}/assignments")]
pub async fn list(
    state: web::Data<AppState>,
    staff: StaffCard<role::Clinician, action::AssignmentList>,
) -> ApiResult<web::Json<Vec<AssignmentDto>>> {
    let (who, card) = staff.into_parts();
    let now = state.clock.now();
    let org = org_of(&state, &card).await?;
    let (tz, today) = patient_today(&state.db, &org, card.id, now).await?;
    let mut rows = assignment::Entity::find()
        .filter(assignment::Column::PatientCardId.eq(card.id))
        .order_by_desc(assignment::Column::CreatedAt)
        .all(&state.db)
        .await?;
    rows.sort_by_key(|a| a.ended_at.is_some());
    let dtos = submissions::assignment_dtos(&state.db, &rows, tz, today).await?;
    let event = AuditEvent::by(&who.ctx, AuditAction::AssignmentList, "assignment", now).patients([card.id]);
    state.audit.read(event).await?;
    Ok(web::Json(dtos))
}

/// Assigns a questionnaire to the patient on a schedule — once, daily or on chosen weekdays,
/// from `start` to an optional `until` — in the patient's own days (his time zone, else the
/// organization's). A doctor only (an assistant: 403 `doctor_only`). A diary is open to every
/// patient and is not assigned (422 on `questionnaire_id`); an archived questionnaire is 409
/// `questionnaire_archived`; one already actively assigned to him is 409 `conflict`.
#[utoipa::path(
    tag = "questionnaires",
    params(("id" = PatientId, Path, description = "The patient card")),
    request_body(content = AssignmentInput, example = json!({
        "questionnaire_id": "0193a5b2-7c1e-7a10-9b1e-2f4d5c6e7f80",
        "schedule": { "repeat": { "kind": "weekly", "days": [1, 4] }, "start": "2026-11-23", "until": "2027-02-28" }
    })),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Assigned", body = AssignmentDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the patient's doctor (`doctor_only` for an assistant; the organizer is refused)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients, or no such questionnaire in the organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The questionnaire is archived (`questionnaire_archived`) or already assigned to him (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An invalid schedule (`schedule.…`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/patients/{id}/assignments")]
pub async fn create(
    state: web::Data<AppState>,
    staff: StaffCard<role::Doctor, action::AssignmentCreate>,
    body: Json<AssignmentInput>,
) -> ApiResult<HttpResponse> {
    let (who, card) = staff.into_parts();
    let input = body.0;
    let q = questionnaires::find(&state.db, who.org, input.questionnaire_id).await?.ok_or_else(ApiError::not_found)?;
    let now = state.clock.now();
    let org = org_of(&state, &card).await?;
    let (tz, today) = patient_today(&state.db, &org, card.id, now).await?;
    let mut errors = Vec::new();
    // A diary stays open at any time; assigning it adds due days, reminders and adherence.
    if q.archived_at.is_some() {
        return Err(ApiError::code(ErrorCode::QuestionnaireArchived, "Restore the questionnaire to assign it."));
    }
    if let Err(e) = input.schedule.check(today) {
        errors.extend(e);
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let schedule = normalized(input.schedule);
    let doctor = who.membership(&state.db).await?;
    let txn = db::begin_write(&state.db).await?;
    // Two doctors assigning at once must not both pass the check below.
    alerts::lock_card(&txn, card.id).await?;
    let taken = assignment::Entity::find()
        .filter(assignment::Column::PatientCardId.eq(card.id))
        .filter(assignment::Column::QuestionnaireId.eq(q.id))
        .filter(assignment::Column::EndedAt.is_null())
        .count(&txn)
        .await?;
    if taken > 0 {
        return Err(ApiError::CodeWithFields {
            code: ErrorCode::Conflict,
            detail: "This questionnaire is already assigned to the patient: end that assignment to change it.".into(),
            errors: vec![FieldError {
                field: "questionnaire_id".into(),
                code: "already_assigned".into(),
                message: "already assigned to this patient".into(),
            }],
        });
    }
    let row = assignment::Model {
        id: AssignmentId::new().0,
        organization_id: card.organization_id,
        patient_card_id: card.id,
        questionnaire_id: q.id,
        schedule: to_json(&schedule)?,
        start_date: schedule.start,
        until_date: schedule.until,
        assigned_by: Some(doctor.id),
        assigned_by_name: doctor.full_name().full(),
        created_at: now,
        ended_at: None,
    };
    assignment::Entity::insert(assignment::ActiveModel {
        id: Set(row.id),
        organization_id: Set(row.organization_id),
        patient_card_id: Set(row.patient_card_id),
        questionnaire_id: Set(row.questionnaire_id),
        schedule: Set(row.schedule.clone()),
        start_date: Set(row.start_date),
        until_date: Set(row.until_date),
        assigned_by: Set(row.assigned_by),
        assigned_by_name: Set(row.assigned_by_name.clone()),
        created_at: Set(now),
        ended_at: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    let event = AuditEvent::by(&who.ctx, AuditAction::AssignmentCreate, "assignment", now)
        .entity_id(row.id)
        .patients([card.id]);
    audit::record(&txn, event).await?;
    let dto = submissions::assignment_dtos(&txn, std::slice::from_ref(&row), tz, today).await?;
    txn.commit().await?;
    tracing::info!(org.id = %who.org, patient.id = %card.id, assignment.id = %row.id, "questionnaire assigned");
    let dto = dto.into_iter().next().ok_or_else(ApiError::not_found)?;
    Ok(HttpResponse::Created().json(dto))
}

/// A weekly schedule's days sorted, each once.
fn normalized(mut s: Schedule) -> Schedule {
    if let Repeat::Weekly { days } = &mut s.repeat {
        days.sort_unstable();
        days.dedup();
    }
    s
}

/// Ends an assignment: nothing more falls due and no reminder goes out; answers given stay.
/// Ending an ended assignment changes nothing. A doctor only.
#[utoipa::path(
    tag = "questionnaires",
    params(
        ("id" = PatientId, Path, description = "The patient card"),
        ("assignment_id" = AssignmentId, Path, description = "The assignment"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The ended assignment", body = AssignmentDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the patient's doctor (`doctor_only` for an assistant)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients, or no such assignment of his", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/patients/{id}/assignments/{assignment_id}/end")]
pub async fn end(
    state: web::Data<AppState>,
    staff: StaffCard<role::Doctor, action::AssignmentEnd>,
    path: web::Path<(PatientId, AssignmentId)>,
) -> ApiResult<web::Json<AssignmentDto>> {
    let (_, assignment_id) = path.into_inner();
    let (who, card) = staff.into_parts();
    let now = state.clock.now();
    let org = org_of(&state, &card).await?;
    let (tz, today) = patient_today(&state.db, &org, card.id, now).await?;
    let txn = db::begin_write(&state.db).await?;
    let found = assignment::Entity::find_by_id(assignment_id.0)
        .filter(assignment::Column::PatientCardId.eq(card.id))
        .one(&txn)
        .await?;
    let Some(a) = found else {
        let event = AuditEvent::by(&who.ctx, AuditAction::AssignmentEnd, "assignment", now)
            .entity_id(assignment_id)
            .patients([card.id])
            .denied();
        state.audit.read(event).await?;
        return Err(ApiError::not_found());
    };
    let ended = assignment::Entity::update_many()
        .col_expr(assignment::Column::EndedAt, Expr::value(now))
        .filter(assignment::Column::Id.eq(a.id))
        .filter(assignment::Column::EndedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if ended {
        let event =
            AuditEvent::by(&who.ctx, AuditAction::AssignmentEnd, "assignment", now).entity_id(a.id).patients([card.id]);
        audit::record(&txn, event).await?;
    }
    let a = assignment::Entity::find_by_id(a.id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let dto = submissions::assignment_dtos(&txn, std::slice::from_ref(&a), tz, today).await?;
    txn.commit().await?;
    Ok(web::Json(dto.into_iter().next().ok_or_else(ApiError::not_found)?))
}

/// `?questionnaire=` of a patient's submissions.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SubmissionQuery {
    /// Only the answers to this questionnaire.
    #[serde(default)]
    pub questionnaire: Option<QuestionnaireId>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// Every answer of the patient, newest first, each with the items of the version it answered.
#[utoipa::path(
    tag = "questionnaires",
    params(("id" = PatientId, Path, description = "The patient card"), SubmissionQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of submissions", body = Page<SubmissionDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`page` or `per_page` out of range", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/patients/{id}/submissions")]
pub async fn submissions_of(
    state: web::Data<AppState>,
    staff: StaffCard<role::Clinician, action::MonitoringSubmissions>,
    q: web::Query<SubmissionQuery>,
) -> ApiResult<web::Json<Page<SubmissionDto>>> {
    let (who, card) = staff.into_parts();
    let p = page_params(&PageParams { page: q.page.unwrap_or(1), per_page: q.per_page.unwrap_or(DEFAULT_PAGE_SIZE) })?;
    let page = submissions::page(&state.db, card.id, q.questionnaire, p).await?;
    let event = AuditEvent::by(&who.ctx, AuditAction::MonitoringSubmissions, "submission", state.clock.now())
        .patients([card.id]);
    state.audit.read(event).await?;
    Ok(web::Json(page))
}
