//! `/api/v1/settings/monitoring` (the organizer: rules, advice, escalation, reminders) and
//! `/api/v1/patients/{id}/monitoring/settings` (the patient's doctor: his own rules and time
//! zone; his assistants may read them).

use actix_web::{get, put, web};
use chrono::{DateTime, Utc};
use common::alerts::{check_rules, effective_rules};
use common::audit::AuditAction;
use common::auth::{MembershipStatus, Role};
use common::ids::{MembershipId, OrganizationId, PatientId};
use common::monitoring::{MonitoringSettingsDto, PatientMonitoringDto, PatientMonitoringInput};
use common::{FieldError, Problem};
use db::entities::{membership, monitoring_settings, organization, patient_card, patient_monitoring};
use db::sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::OnConflict};
use uuid::Uuid;

use crate::auth::{Organizer, StaffCard, role};
use crate::domains::monitoring::service::{OrgMonitoring, org_settings, patient_settings, to_json};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::platform::audit::{self, AuditEvent};
use crate::state::AppState;

mod action {
    crate::audit_action!(MonitoringSettingsRead);
    crate::audit_action!(MonitoringSettings);
}

fn org_dto(s: OrgMonitoring) -> MonitoringSettingsDto {
    MonitoringSettingsDto {
        rules: s.rules,
        advice: s.advice,
        contacts: s.contacts,
        reply_templates: s.reply_templates,
        escalation_minutes: s.escalation_minutes,
        covering_doctor_id: s.covering_doctor_id.map(MembershipId),
        reminder_hour: s.reminder_hour,
    }
}

/// The organization's monitoring settings; the defaults until first saved.
#[utoipa::path(
    tag = "monitoring",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The settings", body = MonitoringSettingsDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/settings/monitoring")]
pub async fn get_org(state: web::Data<AppState>, who: Organizer) -> ApiResult<web::Json<MonitoringSettingsDto>> {
    Ok(web::Json(org_dto(org_settings(&state.db, who.org).await?)))
}

/// Save the organization's monitoring settings: the alert rules with the action each asks a
/// patient to take, the organization's words for each action, its phones and promised answer
/// time, the reply templates, how
/// long an alert may stay unacknowledged before it escalates, the covering doctor it escalates
/// to (an active doctor of the organization; none: no escalation) and the reminders' hour.
#[utoipa::path(
    tag = "monitoring",
    request_body = MonitoringSettingsDto,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved", body = MonitoringSettingsDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid rules (`rules[i].…`), limits, advice (`advice.review|call_clinic|emergency`), `contacts.answer_hours`, `reply_templates[i]`, or a covering doctor who is not an active doctor here", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[put("/settings/monitoring")]
pub async fn put_org(
    state: web::Data<AppState>,
    who: Organizer,
    body: Json<MonitoringSettingsDto>,
) -> ApiResult<web::Json<MonitoringSettingsDto>> {
    let body = body.0;
    let org = who.org.0;
    let now = state.clock.now();
    let mut errors = body.check().err().unwrap_or_default();
    let txn = db::begin_write(&state.db).await?;
    if let Some(doctor) = body.covering_doctor_id
        && !is_active_doctor(&txn, org, doctor.0).await?
    {
        errors.push(FieldError {
            field: "covering_doctor_id".into(),
            code: "not_a_doctor".into(),
            message: "is not an active doctor of this organization".into(),
        });
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    monitoring_settings::Entity::insert(monitoring_settings::ActiveModel {
        organization_id: Set(org),
        rules: Set(to_json(&body.rules)?),
        advice_ru: Set(body.advice.review.ru.trim().to_owned()),
        advice_en: Set(body.advice.review.en.trim().to_owned()),
        advice_call_ru: Set(body.advice.call_clinic.ru.trim().to_owned()),
        advice_call_en: Set(body.advice.call_clinic.en.trim().to_owned()),
        advice_emergency_ru: Set(body.advice.emergency.ru.trim().to_owned()),
        advice_emergency_en: Set(body.advice.emergency.en.trim().to_owned()),
        department_phone: Set(body.contacts.department_phone.as_ref().map(|p| p.as_str().to_owned())),
        hotline_phone: Set(body.contacts.hotline_phone.as_ref().map(|p| p.as_str().to_owned())),
        answer_hours: Set(i32::try_from(body.contacts.answer_hours).unwrap_or(i32::MAX)),
        reply_templates: Set(to_json(&body.reply_templates.iter().map(|t| t.trim()).collect::<Vec<_>>())?),
        escalation_minutes: Set(i32::try_from(body.escalation_minutes).unwrap_or(i32::MAX)),
        covering_doctor_id: Set(body.covering_doctor_id.map(|d| d.0)),
        reminder_hour: Set(i32::from(body.reminder_hour)),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(monitoring_settings::Column::OrganizationId)
            .update_columns([
                monitoring_settings::Column::Rules,
                monitoring_settings::Column::AdviceRu,
                monitoring_settings::Column::AdviceEn,
                monitoring_settings::Column::AdviceCallRu,
                monitoring_settings::Column::AdviceCallEn,
                monitoring_settings::Column::AdviceEmergencyRu,
                monitoring_settings::Column::AdviceEmergencyEn,
                monitoring_settings::Column::DepartmentPhone,
                monitoring_settings::Column::HotlinePhone,
                monitoring_settings::Column::AnswerHours,
                monitoring_settings::Column::ReplyTemplates,
                monitoring_settings::Column::EscalationMinutes,
                monitoring_settings::Column::CoveringDoctorId,
                monitoring_settings::Column::ReminderHour,
                monitoring_settings::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    audit::record(&txn, AuditEvent::by(&who.ctx, AuditAction::SettingsMonitoring, "organization", now).entity_id(org))
        .await?;
    let dto = org_dto(org_settings(&txn, who.org).await?);
    txn.commit().await?;
    Ok(web::Json(dto))
}

async fn is_active_doctor(conn: &impl ConnectionTrait, org: Uuid, id: Uuid) -> ApiResult<bool> {
    Ok(db::Org::new(org)
        .find_by_id::<membership::Entity>(id)
        .filter(membership::Column::Role.eq(Role::Doctor.as_str()))
        .filter(membership::Column::Status.eq(MembershipStatus::Active.as_str()))
        .one(conn)
        .await?
        .is_some())
}

async fn patient_dto(conn: &impl ConnectionTrait, card: &patient_card::Model) -> ApiResult<PatientMonitoringDto> {
    let org =
        organization::Entity::find_by_id(card.organization_id).one(conn).await?.ok_or_else(ApiError::not_found)?;
    let settings = org_settings(conn, OrganizationId(card.organization_id)).await?;
    let organization_rules = settings.rules;
    let (overrides, time_zone) = patient_settings(conn, card.id).await?;
    Ok(PatientMonitoringDto {
        effective: effective_rules(&organization_rules, &overrides),
        organization_rules,
        overrides,
        time_zone,
        organization_time_zone: org.time_zone,
        reply_templates: settings.reply_templates,
    })
}

/// A patient's monitoring settings: the organization's rules, his overrides, what applies to
/// him, and his own time zone (for "due" and "today") when not the organization's.
#[utoipa::path(
    tag = "monitoring",
    params(("id" = PatientId, Path, description = "The patient card")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The settings", body = PatientMonitoringDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/patients/{id}/monitoring/settings")]
pub async fn get_patient(
    state: web::Data<AppState>,
    staff: StaffCard<role::Clinician, action::MonitoringSettingsRead>,
) -> ApiResult<web::Json<PatientMonitoringDto>> {
    let (who, card) = staff.into_parts();
    let dto = patient_dto(&state.db, &card).await?;
    let event = AuditEvent::by(&who.ctx, AuditAction::MonitoringSettingsRead, "patient", state.clock.now())
        .entity_id(card.id)
        .patients([card.id]);
    state.audit.read(event).await?;
    Ok(web::Json(dto))
}

/// Checks a patient's settings: the overrides as rules (`overrides[i].…`), the zone an IANA
/// name (`time_zone`; empty: the organization's).
fn parse_patient_input(input: &PatientMonitoringInput) -> Result<Option<String>, ApiError> {
    let mut errors = check_rules("overrides", &input.overrides).err().unwrap_or_default();
    let zone = input.time_zone.as_deref().map(str::trim).filter(|z| !z.is_empty());
    if let Some(z) = zone
        && z.parse::<chrono_tz::Tz>().is_err()
    {
        errors.push(FieldError {
            field: "time_zone".into(),
            code: "invalid_format".into(),
            message: "an IANA time zone such as Europe/Moscow".into(),
        });
    }
    if errors.is_empty() { Ok(zone.map(str::to_owned)) } else { Err(ApiError::Validation(errors)) }
}

/// Save a patient's own rules (overriding the organization's of the same code, or adding
/// new ones) and time zone. Only his doctor may.
#[utoipa::path(
    tag = "monitoring",
    params(("id" = PatientId, Path, description = "The patient card")),
    request_body = PatientMonitoringInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved", body = PatientMonitoringDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not his doctor (`doctor_only` for an assistant)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the caller's patients", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid rules (`overrides[i].…`) or an unknown `time_zone`", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[put("/patients/{id}/monitoring/settings")]
pub async fn put_patient(
    state: web::Data<AppState>,
    staff: StaffCard<role::Doctor, action::MonitoringSettings>,
    body: Json<PatientMonitoringInput>,
) -> ApiResult<web::Json<PatientMonitoringDto>> {
    let action = AuditAction::MonitoringSettings;
    let (who, card) = staff.into_parts();
    let zone = parse_patient_input(&body.0)?;
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    upsert_patient(&txn, &card, &body.0.overrides, zone, who.ctx.membership_id.0, now).await?;
    audit::record(&txn, AuditEvent::by(&who.ctx, action, "patient", now).entity_id(card.id).patients([card.id]))
        .await?;
    let dto = patient_dto(&txn, &card).await?;
    txn.commit().await?;
    Ok(web::Json(dto))
}

async fn upsert_patient(
    conn: &impl ConnectionTrait,
    card: &patient_card::Model,
    overrides: &[common::alerts::AlertRule],
    zone: Option<String>,
    by: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    patient_monitoring::Entity::insert(patient_monitoring::ActiveModel {
        patient_card_id: Set(card.id),
        organization_id: Set(card.organization_id),
        overrides: Set(to_json(&overrides)?),
        time_zone: Set(zone),
        updated_by: Set(Some(by)),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(patient_monitoring::Column::PatientCardId)
            .update_columns([
                patient_monitoring::Column::Overrides,
                patient_monitoring::Column::TimeZone,
                patient_monitoring::Column::UpdatedBy,
                patient_monitoring::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}
