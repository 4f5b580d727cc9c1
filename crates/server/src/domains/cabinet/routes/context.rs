//! Whose cabinet is open (the patient switcher), the card's profile (CAB-9), and the
//! organization's news (CAB-7) and prices (CAB-5).

use actix_web::{get, web};
use common::Problem;
use common::admin::{NewsDto, PriceItemDto, PriceQuery};
use common::audit::AuditAction;
use common::cabinet::{CabinetCardDto, CabinetContextDto, CabinetProfileDto, CardRelation};
use common::ids::PatientId;
use db::entities::{news, patient_card};
use db::sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};

use super::organization;
use crate::auth::Patient;
use crate::auth::extract::patient_cards;
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

/// At most this many news items in the cabinet.
pub const NEWS_LIMIT: u64 = 50;

fn card_dto(card: &patient_card::Model, until: Option<chrono::NaiveDate>) -> CabinetCardDto {
    CabinetCardDto {
        id: PatientId(card.id),
        name: card.full_name().full(),
        birth_date: card.birth_date,
        relation: if until.is_some() { CardRelation::Dependent } else { CardRelation::Own },
        until,
    }
}

/// Whose cabinet this request opened and every card the caller may switch to, his own first.
#[utoipa::path(
    tag = "cabinet",
    params(("X-Patient-Id" = Option<PatientId>, Header, description = "The card to act for; his own when absent")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The organization, the current card and the switchable cards", body = CabinetContextDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A card he neither owns nor represents", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/cabinet/context")]
pub async fn context(state: web::Data<AppState>, who: Patient) -> ApiResult<web::Json<CabinetContextDto>> {
    let now = state.clock.now();
    let org = organization(&state.db, who.org).await?;
    let cards = patient_cards(&state.db, &org, who.ctx.account_id.0, now).await?;
    let current = cards
        .iter()
        .find(|(c, _)| c.id == who.card.id)
        .map(|(c, until)| card_dto(c, *until))
        .ok_or_else(ApiError::not_found)?;
    let dto = CabinetContextDto {
        organization_name: org.name,
        current,
        cards: cards.iter().map(|(c, until)| card_dto(c, *until)).collect(),
    };
    let event = who.audit(AuditAction::CabinetContext, "patient", now).patients(cards.iter().map(|(c, _)| c.id));
    state.audit.read(event).await?;
    Ok(web::Json(dto))
}

/// The card's data (read-only; corrections go through the organization) and the account.
#[utoipa::path(
    tag = "cabinet",
    params(("X-Patient-Id" = Option<PatientId>, Header, description = "The card to act for; his own when absent")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The profile", body = CabinetProfileDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A card he neither owns nor represents", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/cabinet/profile")]
pub async fn profile(state: web::Data<AppState>, who: Patient) -> ApiResult<web::Json<CabinetProfileDto>> {
    let now = state.clock.now();
    let org = organization(&state.db, who.org).await?;
    let c = &who.card;
    let dto = CabinetProfileDto {
        patient_id: PatientId(c.id),
        last_name: c.last_name.clone(),
        first_name: c.first_name.clone(),
        middle_name: c.middle_name.clone(),
        birth_date: c.birth_date,
        sex: c.sex,
        email: c.email.clone(),
        phone: c.phone.clone(),
        snils: c.snils.clone(),
        organization_name: org.name,
        account_email: who.ctx.email.clone(),
        account_actions: who.acting_for.is_none(),
    };
    state.audit.read(who.audit(AuditAction::CabinetProfile, "patient", now).entity_id(c.id)).await?;
    Ok(web::Json(dto))
}

/// The organization's published news: visible, dated today or earlier, newest first (at
/// most 50).
#[utoipa::path(
    tag = "cabinet",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The news", body = Vec<NewsDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/cabinet/news")]
pub async fn news_list(state: web::Data<AppState>, who: Patient) -> ApiResult<web::Json<Vec<NewsDto>>> {
    let org = organization(&state.db, who.org).await?;
    let today = Patient::today(&org, state.clock.now());
    let rows = db::Org::new(who.org)
        .find::<news::Entity>()
        .filter(news::Column::Visible.eq(true))
        .filter(news::Column::PublishOn.lte(today))
        .order_by_desc(news::Column::PublishOn)
        .order_by_desc(news::Column::CreatedAt)
        .limit(NEWS_LIMIT)
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.into_iter().map(crate::domains::organization::dto::news_dto).collect()))
}

/// The organization's active services by section, then code; `q` searches code and name
/// (case- and ё/е-insensitive), as the organizer's list does.
#[utoipa::path(
    tag = "cabinet",
    params(PriceQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The services", body = Vec<PriceItemDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/cabinet/prices")]
pub async fn price_list(
    state: web::Data<AppState>,
    who: Patient,
    q: web::Query<PriceQuery>,
) -> ApiResult<web::Json<Vec<PriceItemDto>>> {
    Ok(web::Json(crate::domains::organization::price_list::search(&state.db, who.org, true, q.q.as_deref()).await?))
}
