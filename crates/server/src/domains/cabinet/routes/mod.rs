//! `/api/v1/cabinet/*`: the patient's cabinet tabs (CAB-5, CAB-7…11) — whose cabinet is open,
//! the organization's news and prices, notifications, the profile, feedback and dependents.
//! Every handler takes the [`Patient`](crate::auth::Patient) extractor: the card this request
//! acts for is his own or one he represents (`X-Patient-Id`); anything else is 404 (a card) or
//! 403 (another role).

pub mod context;
pub mod data_entry;
pub mod dependents;
pub mod feedback;
pub mod notifications;
pub mod representation;
pub mod representatives;
pub mod submissions;
pub mod today;

use common::ids::OrganizationId;
use db::entities::{membership, organization};
use db::sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};

/// The organization of a request.
pub async fn organization(db: &impl ConnectionTrait, org: OrganizationId) -> ApiResult<organization::Model> {
    organization::Entity::find_by_id(org.0).one(db).await?.ok_or_else(ApiError::not_found)
}

/// The name of the caller's membership (his name in this organization).
pub async fn caller_name(db: &impl ConnectionTrait, membership: Uuid) -> ApiResult<String> {
    let m = membership::Entity::find_by_id(membership).one(db).await?.ok_or_else(ApiError::unauthorized)?;
    Ok(m.full_name().full())
}
