//! `/api/v1/settings/classes`: the organization's group-class settings (ORG-4, REH-1).

use actix_web::{HttpRequest, HttpResponse, get, put, web};
use common::Problem;
use common::admin::{ClassSettingsDto, DEFAULT_CLASS_PARTICIPANTS, MAX_CLASS_PARTICIPANTS};
use common::audit::AuditAction;
use common::ids::MembershipId;
use db::entities::{course_doctor, organization, organization_settings};
use db::sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, OnConflict},
};
use uuid::Uuid;

use super::patients::org_doctors;
use crate::auth::Organizer;
use crate::http::concurrency::{check_if_match, etag_header, etag_of};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::platform::audit::{self, AuditEvent};
use crate::state::AppState;

async fn load(db: &impl ConnectionTrait, org: Uuid) -> ApiResult<ClassSettingsDto> {
    let row = organization_settings::Entity::find_by_id(org).one(db).await?;
    let doctors =
        db::Org::new(org).find::<course_doctor::Entity>().order_by_asc(course_doctor::Column::DoctorId).all(db).await?;
    Ok(ClassSettingsDto {
        lfk_self_enroll: row.as_ref().is_some_and(|r| r.lfk_self_enroll),
        max_class_participants: row
            .map(|r| u32::try_from(r.max_class_participants).unwrap_or(DEFAULT_CLASS_PARTICIPANTS))
            .unwrap_or(DEFAULT_CLASS_PARTICIPANTS),
        course_doctor_ids: doctors.into_iter().map(|d| MembershipId(d.doctor_id)).collect(),
    })
}

/// The group-class settings; the defaults until first saved.
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The settings", body = ClassSettingsDto,
            headers(("ETag" = String, description = "Their version; send it as `If-Match` with `PUT`"))),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/settings/classes")]
pub async fn get_classes(state: web::Data<AppState>, who: Organizer) -> ApiResult<HttpResponse> {
    let dto = load(&state.db, who.org.0).await?;
    Ok(HttpResponse::Ok().insert_header(etag_header(etag_of(&dto)?)).json(dto))
}

/// Save the group-class settings: self-enrollment of new patients into LFK groups, the
/// largest class, the course doctors (among the organization's doctors).
#[utoipa::path(
    tag = "settings",
    request_body = ClassSettingsDto,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Saved", body = ClassSettingsDto,
            headers(("ETag" = String, description = "Their new version"))),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an older version: another organizer saved meanwhile (`precondition_failed`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Participants out of 1..=100, or an id that is not a doctor here", body = Problem, content_type = "application/problem+json"),
    ),
    params(
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the settings as the form read them; a stale one answers 412"),
    ),
)]
#[put("/settings/classes")]
pub async fn put_classes(
    state: web::Data<AppState>,
    req: HttpRequest,
    who: Organizer,
    body: Json<ClassSettingsDto>,
) -> ApiResult<HttpResponse> {
    let body = body.0;
    if !(1..=MAX_CLASS_PARTICIPANTS).contains(&body.max_class_participants) {
        return Err(ApiError::field(
            "max_class_participants",
            "out_of_range",
            format!("must be between 1 and {MAX_CLASS_PARTICIPANTS}"),
        ));
    }
    let now = state.clock.now();
    let org = who.org.0;
    let txn = db::begin_write(&state.db).await?;
    // Lock the organization's row before comparing versions: two saves of one version cannot
    // both pass.
    organization::Entity::update_many()
        .col_expr(organization::Column::UpdatedAt, Expr::col(organization::Column::UpdatedAt))
        .filter(organization::Column::Id.eq(org))
        .exec(&txn)
        .await?;
    check_if_match(&req, &etag_of(&load(&txn, org).await?)?)?;
    let doctors = org_doctors(&txn, org, &body.course_doctor_ids, "course_doctor_ids").await?;
    organization_settings::Entity::insert(organization_settings::ActiveModel {
        organization_id: Set(org),
        lfk_self_enroll: Set(body.lfk_self_enroll),
        max_class_participants: Set(i32::try_from(body.max_class_participants).unwrap_or(1)),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(organization_settings::Column::OrganizationId)
            .update_columns([
                organization_settings::Column::LfkSelfEnroll,
                organization_settings::Column::MaxClassParticipants,
                organization_settings::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    db::Org::new(org).delete_many::<course_doctor::Entity>().exec(&txn).await?;
    if !doctors.is_empty() {
        course_doctor::Entity::insert_many(
            doctors.iter().map(|d| course_doctor::ActiveModel { organization_id: Set(org), doctor_id: Set(*d) }),
        )
        .exec_without_returning(&txn)
        .await?;
    }
    audit::record(&txn, AuditEvent::by(&who.ctx, AuditAction::SettingsClasses, "organization", now).entity_id(org))
        .await?;
    let dto = load(&txn, org).await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().insert_header(etag_header(etag_of(&dto)?)).json(dto))
}
