//! Reading the library: the list, a questionnaire with its current items, an older version.

use actix_web::{get, web};
use common::Problem;
use common::ids::QuestionnaireId;
use common::monitoring::{QuestionnaireDto, QuestionnaireSummaryDto};
use db::entities::{questionnaire, questionnaire_version};
use db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;

use super::{LibraryStaff, of_org};
use crate::domains::monitoring::questionnaires;
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

/// `GET /questionnaires`'s filter.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LibraryQuery {
    /// Include archived questionnaires (default: only those in use).
    #[serde(default)]
    pub archived: Option<bool>,
}

/// The organization's questionnaires: the built-in templates first, then by code; archived
/// ones last and only with `archived=true`.
#[utoipa::path(
    tag = "questionnaires",
    params(LibraryQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The library", body = Vec<QuestionnaireSummaryDto>),
        (status = 400, description = "`archived` is not a boolean", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer, doctor or assistant", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/questionnaires")]
pub async fn list(
    state: web::Data<AppState>,
    who: LibraryStaff,
    q: web::Query<LibraryQuery>,
) -> ApiResult<web::Json<Vec<QuestionnaireSummaryDto>>> {
    let mut query = db::Org::new(who.org).find::<questionnaire::Entity>();
    if !q.archived.unwrap_or(false) {
        query = query.filter(questionnaire::Column::ArchivedAt.is_null());
    }
    let mut rows = query.all(&state.db).await?;
    questionnaires::sort_library(&mut rows);
    Ok(web::Json(rows.iter().map(questionnaires::summary_dto).collect::<ApiResult<_>>()?))
}

/// A questionnaire with its current version's items.
#[utoipa::path(
    tag = "questionnaires",
    params(("id" = QuestionnaireId, Path, description = "The questionnaire")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The questionnaire", body = QuestionnaireDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer, doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such questionnaire in the caller's organization", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/questionnaires/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    who: LibraryStaff,
    id: web::Path<QuestionnaireId>,
) -> ApiResult<web::Json<QuestionnaireDto>> {
    let q = of_org(&state, &who, *id).await?;
    Ok(web::Json(questionnaires::current_dto(&state.db, &q).await?))
}

/// A questionnaire with the items of one of its versions (answers keep the version they
/// answered).
#[utoipa::path(
    tag = "questionnaires",
    params(
        ("id" = QuestionnaireId, Path, description = "The questionnaire"),
        ("version" = i32, Path, description = "The version's number (1, 2, …)"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The questionnaire as that version had it", body = QuestionnaireDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer, doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such questionnaire in the caller's organization, or no such version", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/questionnaires/{id}/versions/{version}")]
pub async fn get_version(
    state: web::Data<AppState>,
    who: LibraryStaff,
    path: web::Path<(QuestionnaireId, i32)>,
) -> ApiResult<web::Json<QuestionnaireDto>> {
    let (id, version) = path.into_inner();
    let q = of_org(&state, &who, id).await?;
    let v = questionnaire_version::Entity::find()
        .filter(questionnaire_version::Column::QuestionnaireId.eq(q.id))
        .filter(questionnaire_version::Column::Version.eq(version))
        .one(&state.db)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(web::Json(questionnaires::dto(&q, &v)?))
}
