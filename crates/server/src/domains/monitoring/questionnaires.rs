//! The questionnaire library (MON-1): the built-in templates every organization has, versions
//! (a change is a new version; answers keep the version they answered), and the conversions to
//! the API's DTOs. Changes run inside the caller's transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use common::ids::{OrganizationId, QuestionnaireId, QuestionnaireVersionId};
use common::monitoring::{QuestionnaireDto, QuestionnaireSummaryDto};
use common::questionnaire::{Definition, I18nText};
use common::templates::{self, Purpose};
use db::entities::{organization, questionnaire, questionnaire_version};
use db::sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, TryInsertResult,
    sea_query::{Expr, ExprTrait, Query},
};
use uuid::Uuid;

use crate::domains::monitoring::service::{corrupt, parse_json, to_json};
use crate::http::error::{ApiError, ApiResult};

/// A questionnaire and one of its versions, not yet stored.
pub struct NewQuestionnaire<'a> {
    pub organization_id: Uuid,
    pub code: &'a str,
    pub purpose: Purpose,
    pub template: Option<&'a str>,
    pub definition: &'a Definition,
    /// The membership that wrote it; none for a built-in template.
    pub created_by: Option<Uuid>,
}

fn item_count(def: &Definition) -> i32 {
    i32::try_from(def.items.len()).unwrap_or(i32::MAX)
}

/// Inserts a questionnaire with its version 1 unless the organization already has one with
/// that code. Returns the new row, or `None` when the code was taken (by another process, too:
/// the insert is `ON CONFLICT DO NOTHING` on `ux_questionnaires_org_code`).
pub async fn insert(
    conn: &impl ConnectionTrait,
    new: NewQuestionnaire<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Option<questionnaire::Model>> {
    let id = QuestionnaireId::new().0;
    let version_id = QuestionnaireVersionId::new().0;
    let row = questionnaire::Model {
        id,
        organization_id: new.organization_id,
        code: new.code.to_owned(),
        purpose: new.purpose.as_str().to_owned(),
        template: new.template.map(str::to_owned),
        title_ru: new.definition.title.ru.clone(),
        title_en: new.definition.title.en.clone(),
        item_count: item_count(new.definition),
        current_version: 1,
        current_version_id: version_id,
        archived_at: None,
        created_at: now,
        updated_at: now,
    };
    let res = questionnaire::Entity::insert(questionnaire::ActiveModel {
        id: Set(row.id),
        organization_id: Set(row.organization_id),
        code: Set(row.code.clone()),
        purpose: Set(row.purpose.clone()),
        template: Set(row.template.clone()),
        title_ru: Set(row.title_ru.clone()),
        title_en: Set(row.title_en.clone()),
        item_count: Set(row.item_count),
        current_version: Set(1),
        current_version_id: Set(version_id),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .on_conflict_do_nothing_on([questionnaire::Column::OrganizationId, questionnaire::Column::Code])
    .exec_without_returning(conn)
    .await?;
    if !matches!(res, TryInsertResult::Inserted(n) if n > 0) {
        return Ok(None);
    }
    insert_version(conn, id, version_id, 1, new.definition, new.created_by, now).await?;
    Ok(Some(row))
}

async fn insert_version(
    conn: &impl ConnectionTrait,
    questionnaire: Uuid,
    id: Uuid,
    version: i32,
    def: &Definition,
    created_by: Option<Uuid>,
    now: DateTime<Utc>,
) -> ApiResult<questionnaire_version::Model> {
    let row = questionnaire_version::Model {
        id,
        questionnaire_id: questionnaire,
        version,
        definition: to_json(def)?,
        created_by,
        created_at: now,
    };
    questionnaire_version::Entity::insert(questionnaire_version::ActiveModel {
        id: Set(row.id),
        questionnaire_id: Set(row.questionnaire_id),
        version: Set(row.version),
        definition: Set(row.definition.clone()),
        created_by: Set(row.created_by),
        created_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(row)
}

/// Makes `q` answer with a new version `def` (the next number). The update is conditional on
/// the current version still being the one read, so two editors racing cannot both win: the
/// loser gets `None`.
pub async fn add_version(
    conn: &impl ConnectionTrait,
    q: &questionnaire::Model,
    def: &Definition,
    created_by: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<Option<(questionnaire::Model, questionnaire_version::Model)>> {
    let version = q.current_version + 1;
    let version_id = QuestionnaireVersionId::new().0;
    let res = questionnaire::Entity::update_many()
        .col_expr(questionnaire::Column::CurrentVersion, Expr::value(version))
        .col_expr(questionnaire::Column::CurrentVersionId, Expr::value(version_id))
        .col_expr(questionnaire::Column::TitleRu, Expr::value(def.title.ru.clone()))
        .col_expr(questionnaire::Column::TitleEn, Expr::value(def.title.en.clone()))
        .col_expr(questionnaire::Column::ItemCount, Expr::value(item_count(def)))
        .col_expr(questionnaire::Column::UpdatedAt, Expr::value(now))
        .filter(questionnaire::Column::Id.eq(q.id))
        .filter(questionnaire::Column::CurrentVersion.eq(q.current_version))
        .exec(conn)
        .await?;
    if res.rows_affected != 1 {
        return Ok(None);
    }
    let v = insert_version(conn, q.id, version_id, version, def, Some(created_by), now).await?;
    let q = questionnaire::Entity::find_by_id(q.id).one(conn).await?.ok_or_else(ApiError::not_found)?;
    Ok(Some((q, v)))
}

/// Inserts the built-in templates `org` lacks (by code); a no-op when it has them all.
pub async fn ensure_templates(conn: &impl ConnectionTrait, org: Uuid, now: DateTime<Utc>) -> ApiResult<()> {
    let all = templates::all();
    let codes: Vec<&str> = all.iter().map(|t| t.code).collect();
    let have: Vec<String> = questionnaire::Entity::find()
        .select_only()
        .column(questionnaire::Column::Code)
        .filter(db::Org::new(org).owns::<questionnaire::Entity>())
        .filter(questionnaire::Column::Code.is_in(codes))
        .into_tuple()
        .all(conn)
        .await?;
    for t in all.iter().filter(|t| !have.iter().any(|c| c == t.code)) {
        let new = NewQuestionnaire {
            organization_id: org,
            code: t.code,
            purpose: t.purpose,
            template: Some(t.code),
            definition: &t.definition,
            created_by: None,
        };
        insert(conn, new, now).await?;
    }
    Ok(())
}

/// Gives every organization that lacks a built-in template the missing ones (at startup: the
/// organizations created before the templates existed). One query finds them — a count per
/// organization over `ux_questionnaires_org_code` — and each is filled in a transaction of
/// its own. Returns how many organizations were filled.
pub async fn ensure_templates_everywhere(db: &DatabaseConnection, now: DateTime<Utc>) -> ApiResult<usize> {
    let codes: Vec<&str> = templates::all().iter().map(|t| t.code).collect();
    let wanted = i64::try_from(codes.len()).unwrap_or(i64::MAX);
    let have = Query::select()
        .expr(Expr::col((questionnaire::Entity, questionnaire::Column::Id)).count())
        .from(questionnaire::Entity)
        .and_where(
            Expr::col((questionnaire::Entity, questionnaire::Column::OrganizationId))
                .equals((organization::Entity, organization::Column::Id)),
        )
        .and_where(Expr::col((questionnaire::Entity, questionnaire::Column::Code)).is_in(codes))
        .to_owned();
    let missing: Vec<Uuid> = organization::Entity::find()
        .select_only()
        .column(organization::Column::Id)
        .filter(Expr::SubQuery(None, Box::new(have.into())).lt(wanted))
        .into_tuple()
        .all(db)
        .await?;
    for org in &missing {
        let txn = db::begin_write(db).await?;
        ensure_templates(&txn, *org, now).await?;
        txn.commit().await?;
    }
    if !missing.is_empty() {
        tracing::info!(organizations = missing.len(), "built-in questionnaires added");
    }
    Ok(missing.len())
}

/// A questionnaire of `org`, or `None` (another organization's id included).
pub async fn find(
    conn: &impl ConnectionTrait,
    org: OrganizationId,
    id: QuestionnaireId,
) -> ApiResult<Option<questionnaire::Model>> {
    Ok(db::Org::new(org).find_by_id::<questionnaire::Entity>(id.0).one(conn).await?)
}

/// The version `id`, or a 500 when the questionnaire points at a version that is gone.
pub async fn version(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<questionnaire_version::Model> {
    questionnaire_version::Entity::find_by_id(id).one(conn).await?.ok_or_else(|| corrupt("questionnaire version"))
}

/// Versions by id with their parsed definitions (one query).
pub async fn definitions(conn: &impl ConnectionTrait, ids: Vec<Uuid>) -> ApiResult<HashMap<Uuid, (i32, Definition)>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut out = HashMap::new();
    for v in
        questionnaire_version::Entity::find().filter(questionnaire_version::Column::Id.is_in(ids)).all(conn).await?
    {
        let def: Definition = parse_json(&v.definition, "questionnaire")?;
        out.insert(v.id, (v.version, def));
    }
    Ok(out)
}

pub fn purpose_of(q: &questionnaire::Model) -> ApiResult<Purpose> {
    Purpose::parse(&q.purpose).ok_or_else(|| corrupt("questionnaire purpose"))
}

pub fn title_of(q: &questionnaire::Model) -> I18nText {
    I18nText { ru: q.title_ru.clone(), en: q.title_en.clone() }
}

pub fn summary_dto(q: &questionnaire::Model) -> ApiResult<QuestionnaireSummaryDto> {
    Ok(QuestionnaireSummaryDto {
        id: QuestionnaireId(q.id),
        code: q.code.clone(),
        title: title_of(q),
        purpose: purpose_of(q)?,
        version: q.current_version,
        template: q.template.clone(),
        archived: q.archived_at.is_some(),
        item_count: u32::try_from(q.item_count).unwrap_or(0),
        updated_at: q.updated_at,
    })
}

/// `q` with the items of version `v` (its current one, or an older one).
pub fn dto(q: &questionnaire::Model, v: &questionnaire_version::Model) -> ApiResult<QuestionnaireDto> {
    Ok(QuestionnaireDto {
        id: QuestionnaireId(q.id),
        code: q.code.clone(),
        purpose: purpose_of(q)?,
        version: v.version,
        version_id: QuestionnaireVersionId(v.id),
        template: q.template.clone(),
        archived: q.archived_at.is_some(),
        definition: parse_json(&v.definition, "questionnaire")?,
        updated_at: q.updated_at,
    })
}

/// `q` with its current version's items.
pub async fn current_dto(conn: &impl ConnectionTrait, q: &questionnaire::Model) -> ApiResult<QuestionnaireDto> {
    let v = version(conn, q.current_version_id).await?;
    dto(q, &v)
}

/// The library's order: active before archived, the built-in templates first (in their own
/// order), then by code.
pub fn sort_library(rows: &mut [questionnaire::Model]) {
    let builtin: Vec<&str> = templates::all().iter().map(|t| t.code).collect();
    rows.sort_by_key(|q| {
        let rank = q.template.as_deref().and_then(|t| builtin.iter().position(|b| *b == t)).unwrap_or(builtin.len());
        (q.archived_at.is_some(), rank, q.code.clone())
    });
}
