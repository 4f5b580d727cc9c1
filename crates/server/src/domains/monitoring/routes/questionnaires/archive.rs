//! Archiving a questionnaire (no new assignments or answers; its active assignments end) and
//! restoring it. Answers already given stay with their version.

use actix_web::{post, web};
use common::Problem;
use common::audit::AuditAction;
use common::ids::QuestionnaireId;
use common::monitoring::QuestionnaireDto;
use db::entities::{assignment, questionnaire};
use db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, sea_query::Expr};
use uuid::Uuid;

use super::{LibraryStaff, LibraryWriter, action, of_org};
use crate::domains::monitoring::questionnaires;
use crate::http::error::{ApiError, ApiResult};
use crate::platform::audit::{self, AuditEvent};
use crate::state::AppState;

/// Sets (or clears) `archived_at`; archiving also ends the questionnaire's active assignments.
/// Audited only when something changed.
async fn set_archived(
    state: &AppState,
    who: &LibraryStaff,
    id: QuestionnaireId,
    archiving: bool,
) -> ApiResult<QuestionnaireDto> {
    let action = if archiving { AuditAction::QuestionnaireArchive } else { AuditAction::QuestionnaireRestore };
    let q = of_org(state, who, id).await?;
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let mut update = questionnaire::Entity::update_many()
        .col_expr(questionnaire::Column::ArchivedAt, Expr::value(archiving.then_some(now)))
        .col_expr(questionnaire::Column::UpdatedAt, Expr::value(now))
        .filter(questionnaire::Column::Id.eq(q.id));
    update = if archiving {
        update.filter(questionnaire::Column::ArchivedAt.is_null())
    } else {
        update.filter(questionnaire::Column::ArchivedAt.is_not_null())
    };
    let changed = update.exec(&txn).await?.rows_affected == 1;
    if changed {
        // The patients whose assignments end are named in the audit row.
        let mut cards: Vec<Uuid> = Vec::new();
        if archiving {
            let active = assignment::Entity::find()
                .select_only()
                .column(assignment::Column::PatientCardId)
                .filter(assignment::Column::QuestionnaireId.eq(q.id))
                .filter(assignment::Column::EndedAt.is_null());
            cards = active.into_tuple().all(&txn).await?;
            cards.sort();
            cards.dedup();
            assignment::Entity::update_many()
                .col_expr(assignment::Column::EndedAt, Expr::value(now))
                .filter(assignment::Column::QuestionnaireId.eq(q.id))
                .filter(assignment::Column::EndedAt.is_null())
                .exec(&txn)
                .await?;
        }
        let event = AuditEvent::by(&who.ctx, action, "questionnaire", now).entity_id(q.id).patients(cards.clone());
        audit::record(&txn, event).await?;
        tracing::info!(org.id = %who.org, questionnaire.id = %q.id, archived = archiving, patients = cards.len(), "questionnaire archive state changed");
    }
    let q = questionnaire::Entity::find_by_id(q.id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let dto = questionnaires::current_dto(&txn, &q).await?;
    txn.commit().await?;
    Ok(dto)
}

/// Archives a questionnaire: it leaves the library list and the patients' data entry, cannot
/// be assigned or answered (409 `questionnaire_archived`), and its active assignments end.
/// Archiving an archived questionnaire changes nothing.
#[utoipa::path(
    tag = "questionnaires",
    params(("id" = QuestionnaireId, Path, description = "The questionnaire")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The archived questionnaire", body = QuestionnaireDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer or doctor", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such questionnaire in the caller's organization", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/questionnaires/{id}/archive")]
pub async fn archive(
    state: web::Data<AppState>,
    who: LibraryWriter<action::QuestionnaireArchive>,
    id: web::Path<QuestionnaireId>,
) -> ApiResult<web::Json<QuestionnaireDto>> {
    Ok(web::Json(set_archived(&state, &who, *id, true).await?))
}

/// Restores an archived questionnaire to the library. Assignments ended by the archiving stay
/// ended: assign it again where needed.
#[utoipa::path(
    tag = "questionnaires",
    params(("id" = QuestionnaireId, Path, description = "The questionnaire")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The restored questionnaire", body = QuestionnaireDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer or doctor", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such questionnaire in the caller's organization", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/questionnaires/{id}/restore")]
pub async fn restore(
    state: web::Data<AppState>,
    who: LibraryWriter<action::QuestionnaireRestore>,
    id: web::Path<QuestionnaireId>,
) -> ApiResult<web::Json<QuestionnaireDto>> {
    Ok(web::Json(set_archived(&state, &who, *id, false).await?))
}
