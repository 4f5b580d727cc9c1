//! `/api/v1/patients/{id}/summary`: the diagnosis text of the staff patient page's header
//! (issue 14), kept by the patient's clinicians. Medical data: the organizer is refused, like
//! the record; every read is audited with the patient, every change in its transaction.

use actix_web::{get, put, web};
use common::audit::AuditAction;
use common::ids::PatientId;
use common::record::{ClinicalSummaryDto, ClinicalSummaryInput, DIAGNOSIS_MAX};
use common::{FieldError, Problem};
use db::entities::clinical_summary;
use db::sea_orm::{ActiveValue::Set, EntityTrait, sea_query::OnConflict};

use crate::auth::{StaffCard, role};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::platform::audit::{self, AuditEvent};
use crate::state::AppState;

mod action {
    crate::audit_action!(PatientSummary);
    crate::audit_action!(PatientDiagnosis);
}

fn dto(row: Option<clinical_summary::Model>) -> ClinicalSummaryDto {
    row.map_or_else(ClinicalSummaryDto::default, |r| ClinicalSummaryDto {
        diagnosis: Some(r.diagnosis).filter(|d| !d.is_empty()),
        updated_by_name: Some(r.updated_by_name),
        updated_at: Some(r.updated_at),
    })
}

/// The patient's diagnosis as his clinicians wrote it (empty until someone does).
#[utoipa::path(
    tag = "record",
    params(("id" = PatientId, Path, description = "The patient card")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The summary", body = ClinicalSummaryDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant (the organizer does not read medical data)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/patients/{id}/summary")]
pub async fn get_one(
    state: web::Data<AppState>,
    staff: StaffCard<role::Clinician, action::PatientSummary>,
) -> ApiResult<web::Json<ClinicalSummaryDto>> {
    let (who, card) = staff.into_parts();
    let row = db::Org::new(who.org).find_by_id::<clinical_summary::Entity>(card.id).one(&state.db).await?;
    let event = AuditEvent::by(&who.ctx, AuditAction::PatientSummary, "patient", state.clock.now())
        .entity_id(card.id)
        .patients([card.id]);
    state.audit.read(event).await?;
    Ok(web::Json(dto(row)))
}

/// Write the diagnosis text (a doctor, or an assistant of his doctors); empty clears it.
#[utoipa::path(
    tag = "record",
    params(("id" = PatientId, Path, description = "The patient card")),
    request_body(content = ClinicalSummaryInput, example = json!({ "diagnosis": "Рак молочной железы T2N1M0, адъювантная химиотерапия" })),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved", body = ClinicalSummaryDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`diagnosis` longer than 500 characters or with control characters", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[put("/patients/{id}/summary")]
pub async fn update(
    state: web::Data<AppState>,
    staff: StaffCard<role::Clinician, action::PatientDiagnosis>,
    body: Json<ClinicalSummaryInput>,
) -> ApiResult<web::Json<ClinicalSummaryDto>> {
    let (who, card) = staff.into_parts();
    let diagnosis = body.0.diagnosis.trim().to_owned();
    let invalid = |code: &str, message: String| {
        ApiError::Validation(vec![FieldError { field: "diagnosis".into(), code: code.into(), message }])
    };
    if diagnosis.chars().count() > DIAGNOSIS_MAX {
        return Err(invalid("too_long", format!("must be at most {DIAGNOSIS_MAX} characters")));
    }
    if diagnosis.chars().any(char::is_control) {
        return Err(invalid("invalid_format", "one line of text without control characters".into()));
    }
    let now = state.clock.now();
    let me = who.membership(&state.db).await?;
    let row = clinical_summary::ActiveModel {
        patient_card_id: Set(card.id),
        organization_id: Set(who.org.0),
        diagnosis: Set(diagnosis),
        updated_by: Set(Some(me.id)),
        updated_by_name: Set(me.full_name().full()),
        updated_at: Set(now),
    };
    let txn = db::begin_write(&state.db).await?;
    clinical_summary::Entity::insert(row)
        .on_conflict(
            OnConflict::column(clinical_summary::Column::PatientCardId)
                .update_columns([
                    clinical_summary::Column::Diagnosis,
                    clinical_summary::Column::UpdatedBy,
                    clinical_summary::Column::UpdatedByName,
                    clinical_summary::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    let event =
        AuditEvent::by(&who.ctx, AuditAction::PatientDiagnosis, "patient", now).entity_id(card.id).patients([card.id]);
    audit::record(&txn, event).await?;
    let saved = db::Org::new(who.org).find_by_id::<clinical_summary::Entity>(card.id).one(&txn).await?;
    txn.commit().await?;
    Ok(web::Json(dto(saved)))
}
