//! A patient's prescriptions and recommendations (CAB-2), as his clinicians see and write them:
//! a doctor prescribes; a doctor or an assistant marks one done or to do.

use actix_web::{HttpResponse, get, post, put, web};
use common::audit::AuditAction;
use common::cabinet::NotificationKind;
use common::ids::{PatientId, PrescriptionId};
use common::record::{
    PRESCRIPTION_DETAILS_MAX, PRESCRIPTION_TITLE_MAX, PrescriptionDto, PrescriptionInput, PrescriptionStatus,
    PrescriptionStatusInput,
};
use common::{FieldError, Problem};
use db::entities::prescription;
use db::sea_orm::{ActiveValue::Set, EntityTrait};
use uuid::Uuid;

use crate::auth::{StaffCard, role};
use crate::domains::record::service as record;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::platform::audit::{self, AuditEvent};
use crate::platform::notifications::{Notice, notify};
use crate::state::AppState;

mod action {
    crate::audit_action!(PrescriptionList);
    crate::audit_action!(PrescriptionCreate);
    crate::audit_action!(PrescriptionStatus);
}

/// The patient's prescriptions and recommendations, newest first.
#[utoipa::path(
    tag = "record",
    params(("id" = PatientId, Path, description = "The patient card")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Newest first", body = Vec<PrescriptionDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/patients/{id}/prescriptions")]
pub async fn list(
    state: web::Data<AppState>,
    staff: StaffCard<role::Clinician, action::PrescriptionList>,
) -> ApiResult<web::Json<Vec<PrescriptionDto>>> {
    let (who, card) = staff.into_parts();
    let items = record::prescriptions_of(&state.db, card.id).await?;
    let event =
        AuditEvent::by(&who.ctx, AuditAction::PrescriptionList, "prescription", state.clock.now()).patients([card.id]);
    state.audit.read(event).await?;
    Ok(web::Json(items))
}

fn check_text(value: &str, field: &str, max: usize, required: bool, errors: &mut Vec<FieldError>) {
    let value = value.trim();
    if required && value.is_empty() {
        errors.push(FieldError { field: field.into(), code: "required".into(), message: "is required".into() });
    } else if value.chars().count() > max {
        errors.push(FieldError {
            field: field.into(),
            code: "too_long".into(),
            message: format!("must be at most {max} characters"),
        });
    }
}

/// A doctor prescribes (made in the organization) or recommends (the patient does it and may
/// mark it done). The patient is notified.
#[utoipa::path(
    tag = "record",
    params(("id" = PatientId, Path, description = "The patient card")),
    request_body(content = PrescriptionInput, example = json!({
        "kind": "recommended", "title": "Лечебная физкультура", "details": "Ежедневно, 20 минут", "due_on": "2026-12-20"
    })),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = PrescriptionDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor (`doctor_only`; the organizer: `forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid `title`, `details` or `due_on` (a day of years 1 to 9999)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/patients/{id}/prescriptions")]
pub async fn create(
    state: web::Data<AppState>,
    staff: StaffCard<role::Doctor, action::PrescriptionCreate>,
    body: Json<PrescriptionInput>,
) -> ApiResult<HttpResponse> {
    let input = body.0;
    let (who, card) = staff.into_parts();
    let mut errors = Vec::new();
    check_text(&input.title, "title", PRESCRIPTION_TITLE_MAX, true, &mut errors);
    check_text(&input.details, "details", PRESCRIPTION_DETAILS_MAX, false, &mut errors);
    if input.due_on.is_some_and(|d| !common::domain::in_calendar(d)) {
        errors.push(common::domain::day_out_of_range("due_on"));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let doctor = who.membership(&state.db).await?;
    let now = state.clock.now();
    let pid = Uuid::now_v7();
    let title = input.title.trim().to_owned();
    let txn = db::begin_write(&state.db).await?;
    prescription::Entity::insert(prescription::ActiveModel {
        id: Set(pid),
        organization_id: Set(card.organization_id),
        patient_card_id: Set(card.id),
        kind: Set(input.kind),
        status: Set(PrescriptionStatus::Todo),
        title: Set(title.clone()),
        details: Set(input.details.trim().to_owned()),
        due_on: Set(input.due_on),
        prescribed_by: Set(Some(doctor.id)),
        prescribed_by_name: Set(doctor.full_name().full()),
        created_at: Set(now),
        done_at: Set(None),
        done_by: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    let notice = Notice {
        kind: NotificationKind::PrescriptionAdded,
        subject: &title,
        link: Some("/cabinet/prescriptions".to_owned()),
        email: true,
    };
    notify(&txn, &state.settings.base_url, &card, notice, now).await?;
    let event = AuditEvent::by(&who.ctx, AuditAction::PrescriptionCreate, "prescription", now)
        .entity_id(pid)
        .patients([card.id]);
    audit::record(&txn, event).await?;
    let saved = prescription::Entity::find_by_id(pid).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let dto = record::prescription_dto(&saved)?;
    txn.commit().await?;
    state.jobs_notify.notify_one();
    Ok(HttpResponse::Created().json(dto))
}

/// Mark a prescription done (when and by whom is recorded) or back to do.
#[utoipa::path(
    tag = "record",
    params(
        ("id" = PatientId, Path, description = "The patient card"),
        ("pid" = PrescriptionId, Path, description = "The prescription"),
    ),
    request_body = PrescriptionStatusInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved", body = PrescriptionDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients, or no such prescription of his", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown `status`", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[put("/patients/{id}/prescriptions/{pid}/status")]
pub async fn set_status(
    state: web::Data<AppState>,
    staff: StaffCard<role::Clinician, action::PrescriptionStatus>,
    path: web::Path<(PatientId, PrescriptionId)>,
    body: Json<PrescriptionStatusInput>,
) -> ApiResult<web::Json<PrescriptionDto>> {
    let (_, pid) = path.into_inner();
    let (who, card) = staff.into_parts();
    let now = state.clock.now();
    let Some(p) = record::find_prescription(&state.db, card.id, pid).await? else {
        let event = AuditEvent::by(&who.ctx, AuditAction::PrescriptionStatus, "prescription", now)
            .entity_id(pid)
            .patients([card.id])
            .denied();
        state.audit.read(event).await?;
        return Err(ApiError::not_found());
    };
    let txn = db::begin_write(&state.db).await?;
    let p = record::set_prescription_status(&txn, p, body.0.status, who.ctx.membership_id.0, now).await?;
    let event = AuditEvent::by(&who.ctx, AuditAction::PrescriptionStatus, "prescription", now)
        .entity_id(pid)
        .patients([card.id]);
    audit::record(&txn, event).await?;
    let dto = record::prescription_dto(&p)?;
    txn.commit().await?;
    Ok(web::Json(dto))
}
