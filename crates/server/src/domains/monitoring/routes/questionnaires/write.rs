//! Changing the library: a new questionnaire, a new version of one, a copy under a new code.
//! The built-in templates never change (copy one to adapt it).

use actix_web::{HttpResponse, post, put, web};
use common::audit::AuditAction;
use common::ids::QuestionnaireId;
use common::monitoring::{QuestionnaireCopyInput, QuestionnaireDto, QuestionnaireInput, QuestionnaireVersionInput};
use common::{ErrorCode, Problem};
use db::entities::questionnaire;

use super::{LibraryStaff, LibraryWriter, action, check_code, check_definition, code_taken, of_org};
use crate::domains::monitoring::questionnaires::{self, NewQuestionnaire};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::Json;
use crate::platform::audit::{self, AuditEvent};
use crate::state::AppState;

/// Creates `new` (version 1) with its audit row, in one transaction; 409 when the code is taken.
async fn create_one(
    state: &AppState,
    who: &LibraryStaff,
    new: NewQuestionnaire<'_>,
    action: AuditAction,
) -> ApiResult<QuestionnaireDto> {
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let q = questionnaires::insert(&txn, new, now).await?.ok_or_else(code_taken)?;
    audit::record(&txn, AuditEvent::by(&who.ctx, action, "questionnaire", now).entity_id(q.id)).await?;
    let dto = questionnaires::current_dto(&txn, &q).await?;
    txn.commit().await?;
    tracing::info!(org.id = %who.org, questionnaire.id = %q.id, action = %action, "questionnaire saved");
    Ok(dto)
}

/// A new questionnaire of the organization. Its code is stable (`[a-z0-9_.]`, 2–64) and
/// unique in the organization; every item is checked (fields under `definition.`).
#[utoipa::path(
    tag = "questionnaires",
    request_body(content = QuestionnaireInput, example = json!({
        "code": "nausea_week", "purpose": "questionnaire",
        "definition": {
            "title": { "ru": "Тошнота за неделю", "en": "Nausea this week" },
            "items": [
                { "code": "nausea.days", "kind": "number", "label": { "ru": "Сколько дней?", "en": "How many days?" },
                  "required": true, "min": 0, "max": 7, "unit": "дн." }
            ]
        }
    })),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = QuestionnaireDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer or doctor", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The code is taken in the organization (`conflict`, field `code`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An invalid code or definition (fields `code`, `definition.…`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/questionnaires")]
pub async fn create(
    state: web::Data<AppState>,
    who: LibraryWriter<action::QuestionnaireCreate>,
    body: Json<QuestionnaireInput>,
) -> ApiResult<HttpResponse> {
    let input = body.0;
    let mut errors = Vec::new();
    check_code(&mut errors, &input.code);
    check_definition(&mut errors, &input.definition);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let new = NewQuestionnaire {
        organization_id: who.org.0,
        code: &input.code,
        purpose: input.purpose,
        template: None,
        definition: &input.definition,
        created_by: Some(who.ctx.membership_id.0),
    };
    let dto = create_one(&state, &who, new, AuditAction::QuestionnaireCreate).await?;
    Ok(HttpResponse::Created().json(dto))
}

fn read_only(q: &questionnaire::Model) -> ApiResult<()> {
    if q.template.is_some() {
        return Err(ApiError::code(
            ErrorCode::Conflict,
            "A built-in questionnaire does not change: copy it first and edit the copy.",
        ));
    }
    Ok(())
}

/// A new version of a questionnaire: answers given so far keep the version they answered;
/// new answers take this one. Keep item codes as they were — rules and charts follow codes.
/// A built-in template is read-only (409 `conflict`: copy it first); an archived one is 409
/// `questionnaire_archived`.
#[utoipa::path(
    tag = "questionnaires",
    params(("id" = QuestionnaireId, Path, description = "The questionnaire")),
    request_body = QuestionnaireVersionInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The questionnaire with its new version", body = QuestionnaireDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer or doctor", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such questionnaire in the caller's organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A built-in template (`conflict`), archived (`questionnaire_archived`), or another version was saved at the same moment (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An invalid definition (fields `definition.…`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[put("/questionnaires/{id}")]
pub async fn new_version(
    state: web::Data<AppState>,
    who: LibraryWriter<action::QuestionnaireVersion>,
    id: web::Path<QuestionnaireId>,
    body: Json<QuestionnaireVersionInput>,
) -> ApiResult<web::Json<QuestionnaireDto>> {
    let q = of_org(&state, &who, *id).await?;
    read_only(&q)?;
    if q.archived_at.is_some() {
        return Err(ApiError::code(ErrorCode::QuestionnaireArchived, "Restore the questionnaire to edit it."));
    }
    let mut errors = Vec::new();
    check_definition(&mut errors, &body.0.definition);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let Some((q, v)) = questionnaires::add_version(&txn, &q, &body.0.definition, who.ctx.membership_id.0, now).await?
    else {
        return Err(ApiError::code(ErrorCode::Conflict, "Another version was saved a moment ago; reload it."));
    };
    let event = AuditEvent::by(&who.ctx, AuditAction::QuestionnaireVersion, "questionnaire", now).entity_id(q.id);
    audit::record(&txn, event).await?;
    let dto = questionnaires::dto(&q, &v)?;
    txn.commit().await?;
    tracing::info!(org.id = %who.org, questionnaire.id = %q.id, version = v.version, "questionnaire version saved");
    Ok(web::Json(dto))
}

/// A copy of a questionnaire (a built-in template, typically) under a new code: the current
/// version's items become version 1 of the copy, which the organization may then edit.
#[utoipa::path(
    tag = "questionnaires",
    params(("id" = QuestionnaireId, Path, description = "The questionnaire to copy")),
    request_body(content = QuestionnaireCopyInput, example = json!({ "code": "esas_r_short" })),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The copy", body = QuestionnaireDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer or doctor", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such questionnaire in the caller's organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The code is taken in the organization (`conflict`, field `code`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An invalid code", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/questionnaires/{id}/copy")]
pub async fn copy(
    state: web::Data<AppState>,
    who: LibraryWriter<action::QuestionnaireCopy>,
    id: web::Path<QuestionnaireId>,
    body: Json<QuestionnaireCopyInput>,
) -> ApiResult<HttpResponse> {
    let source = of_org(&state, &who, *id).await?;
    let mut errors = Vec::new();
    check_code(&mut errors, &body.0.code);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let current = questionnaires::current_dto(&state.db, &source).await?;
    let new = NewQuestionnaire {
        organization_id: who.org.0,
        code: &body.0.code,
        purpose: current.purpose,
        template: None,
        definition: &current.definition,
        created_by: Some(who.ctx.membership_id.0),
    };
    let dto = create_one(&state, &who, new, AuditAction::QuestionnaireCopy).await?;
    Ok(HttpResponse::Created().json(dto))
}
