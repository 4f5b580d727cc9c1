//! "Сегодня", the cabinet's home (issue 14): what the patient has to fill in today, the one
//! action for his open alerts with the number to call, the care team's latest replies ("Врач
//! Петров И. И. просмотрел ваши ответы, 13:37" and the note meant for him), and the
//! organization's numbers and promised answer time.

use actix_web::{get, web};
use common::Problem;
use common::audit::AuditAction;
use common::ids::PatientId;
use common::monitoring::TodayDto;
use db::entities::submission;
use db::sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, Func},
};

use super::data_entry::{diaries, due_and_assigned};
use super::organization;
use crate::auth::Patient;
use crate::domains::monitoring::advice::{self, open_advice};
use crate::domains::monitoring::service::{org_settings, patient_today};
use crate::http::error::ApiResult;
use crate::state::AppState;

/// The patient's day: due and overdue questionnaires (oldest first), the diaries, the one action
/// for his open alerts, the reviews of the last 14 days (newest first, at most 5), the
/// organization's numbers and answer time, and when he last sent answers. Audited as a read of
/// his monitoring data.
#[utoipa::path(
    tag = "questionnaires",
    params(("X-Patient-Id" = Option<PatientId>, Header, description = "The card to act for; his own when absent")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The patient's day", body = TodayDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A card he neither owns nor represents", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/cabinet/today")]
pub async fn today(state: web::Data<AppState>, who: Patient) -> ApiResult<web::Json<TodayDto>> {
    let now = state.clock.now();
    let db = &state.db;
    let card = PatientId(who.card.id);
    let org = organization(db, who.org).await?;
    let (tz, today) = patient_today(db, &org, who.card.id, now).await?;
    let (due, _) = due_and_assigned(db, who.card.id, tz, today).await?;
    let settings = org_settings(db, who.org).await?;
    let last_submission_at: Option<chrono::DateTime<chrono::Utc>> = submission::Entity::find()
        .select_only()
        .expr(Func::max(Expr::col(submission::Column::SubmittedAt)))
        .filter(submission::Column::PatientCardId.eq(who.card.id))
        .into_tuple::<Option<chrono::DateTime<chrono::Utc>>>()
        .one(db)
        .await?
        .flatten();
    let dto = TodayDto {
        today,
        time_zone: tz.name().to_owned(),
        due,
        diaries: diaries(db, who.org).await?,
        advice: open_advice(db, who.org, card).await?,
        reviews: advice::reviews(db, card, now).await?,
        contacts: advice::contacts(&org.name, &settings),
        last_submission_at,
    };
    state.audit.read(who.audit(AuditAction::MonitoringDataEntry, "submission", now)).await?;
    Ok(web::Json(dto))
}
