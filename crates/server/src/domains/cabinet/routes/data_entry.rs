//! The patient's "Data entry" tab (CAB-4, MON-2, MON-3): what is due or overdue in his own day,
//! the diaries open at any time, his other assigned questionnaires, the advice for his open
//! alerts and his last answers; and a questionnaire he may answer.

use std::collections::HashMap;

use actix_web::{get, web};
use chrono::NaiveDate;
use common::Problem;
use common::audit::AuditAction;
use common::ids::{AssignmentId, OrganizationId, PatientId, QuestionnaireId};
use common::monitoring::{DataEntryDto, DueItemDto, DueStatus, QuestionnaireDto, QuestionnaireSummaryDto};
use common::page::PageParams;
use common::templates::Purpose;
use db::entities::questionnaire;
use db::sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::organization;
use crate::auth::Patient;
use crate::domains::monitoring::advice::open_advice;
use crate::domains::monitoring::questionnaires;
use crate::domains::monitoring::service::patient_today;
use crate::domains::monitoring::submissions::{self, answered, last_due, schedule_of};
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

/// How many of his latest answers the tab shows.
pub const LAST_SUBMISSIONS: u32 = 5;

/// What the patient has to fill in, in his own day (his time zone, else the organization's):
/// for each active assignment its latest due day when unanswered — `due` today or `overdue` —
/// oldest first; the diaries; the other questionnaires assigned to him; the one action for his
/// open alerts; and his last five answers.
#[utoipa::path(
    tag = "questionnaires",
    params(("X-Patient-Id" = Option<PatientId>, Header, description = "The card to act for; his own when absent")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The data entry tab", body = DataEntryDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A card he neither owns nor represents", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/cabinet/data-entry")]
pub async fn data_entry(state: web::Data<AppState>, who: Patient) -> ApiResult<web::Json<DataEntryDto>> {
    let now = state.clock.now();
    let db = &state.db;
    let org = organization(db, who.org).await?;
    let (tz, today) = patient_today(db, &org, who.card.id, now).await?;

    let (due, others) = due_and_assigned(db, who.card.id, tz, today).await?;
    let diaries = diaries(db, who.org).await?;
    let advice = open_advice(db, who.org, PatientId(who.card.id)).await?;

    let last = PageParams { page: 1, per_page: LAST_SUBMISSIONS };
    let last_submissions = submissions::page(db, who.card.id, None, last).await?.items;
    state.audit.read(who.audit(AuditAction::MonitoringDataEntry, "submission", now)).await?;
    Ok(web::Json(DataEntryDto {
        today,
        time_zone: tz.name().to_owned(),
        due,
        diaries,
        assigned: others.iter().map(questionnaires::summary_dto).collect::<ApiResult<_>>()?,
        advice,
        last_submissions,
    }))
}

/// A card's due questionnaires in his day — for each active assignment its latest due day when
/// unanswered, `due` today or `overdue`, oldest first — and his other assigned questionnaires.
pub(super) async fn due_and_assigned(
    db: &impl ConnectionTrait,
    card: Uuid,
    tz: chrono_tz::Tz,
    today: NaiveDate,
) -> ApiResult<(Vec<DueItemDto>, Vec<questionnaire::Model>)> {
    let active = submissions::active_assignments(db, card).await?;
    let ids: Vec<Uuid> = active.iter().map(|a| a.questionnaire_id).collect();
    let assigned_qs: HashMap<Uuid, questionnaire::Model> = questionnaire::Entity::find()
        .filter(questionnaire::Column::Id.is_in(ids))
        .filter(questionnaire::Column::ArchivedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|q| (q.id, q))
        .collect();
    let mut open_days = Vec::new();
    for a in active.iter().filter(|a| assigned_qs.contains_key(&a.questionnaire_id)) {
        if let Some(day) = last_due(a, &schedule_of(a)?, tz, today) {
            open_days.push((a, day));
        }
    }
    let pairs: Vec<(Uuid, chrono::NaiveDate)> = open_days.iter().map(|(a, d)| (a.id, *d)).collect();
    let done = answered(db, &pairs).await?;
    let mut due = Vec::new();
    for (a, day) in open_days.into_iter().filter(|(a, d)| !done.contains(&(a.id, *d))) {
        let Some(q) = assigned_qs.get(&a.questionnaire_id) else { continue };
        due.push(DueItemDto {
            assignment_id: AssignmentId(a.id),
            questionnaire_id: QuestionnaireId(q.id),
            title: questionnaires::title_of(q),
            due_on: day,
            status: if day == today { DueStatus::Due } else { DueStatus::Overdue },
        });
    }
    due.sort_by_key(|d| d.due_on);

    let mut others: Vec<questionnaire::Model> =
        assigned_qs.values().filter(|q| !due.iter().any(|d| d.questionnaire_id.0 == q.id)).cloned().collect();
    questionnaires::sort_library(&mut others);
    Ok((due, others))
}

/// The organization's diaries (open at any time), in library order.
pub(super) async fn diaries(db: &impl ConnectionTrait, org: OrganizationId) -> ApiResult<Vec<QuestionnaireSummaryDto>> {
    let mut diaries = db::Org::new(org)
        .find::<questionnaire::Entity>()
        .filter(questionnaire::Column::Purpose.eq(Purpose::Diary.as_str()))
        .filter(questionnaire::Column::ArchivedAt.is_null())
        .all(db)
        .await?;
    questionnaires::sort_library(&mut diaries);
    diaries.iter().map(questionnaires::summary_dto).collect()
}

/// A questionnaire to answer: a diary of his organization, or one actively assigned to him.
/// Anything else — archived, another organization's, not assigned — is 404.
#[utoipa::path(
    tag = "questionnaires",
    params(
        ("id" = QuestionnaireId, Path, description = "The questionnaire"),
        ("X-Patient-Id" = Option<PatientId>, Header, description = "The card to act for; his own when absent"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The questionnaire with its current items", body = QuestionnaireDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a diary of his organization nor assigned to him", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/cabinet/questionnaires/{id}")]
pub async fn get_questionnaire(
    state: web::Data<AppState>,
    who: Patient,
    id: web::Path<QuestionnaireId>,
) -> ApiResult<web::Json<QuestionnaireDto>> {
    let q = questionnaires::find(&state.db, who.org, *id)
        .await?
        .filter(|q| q.archived_at.is_none())
        .ok_or_else(ApiError::not_found)?;
    let open = questionnaires::purpose_of(&q)? == Purpose::Diary
        || submissions::active_assignments(&state.db, who.card.id).await?.iter().any(|a| a.questionnaire_id == q.id);
    if !open {
        return Err(ApiError::not_found());
    }
    Ok(web::Json(questionnaires::current_dto(&state.db, &q).await?))
}
