//! Time zones (SPEC X-3): each organization has an IANA zone, and a patient may have his own
//! (set by his doctor in his monitoring settings). Instants are stored and sent in UTC; a
//! patient's "today" and "due" are days of his zone, and the SPA shows every instant in the
//! zone `GET /me` names.

use common::auth::Role;
use db::entities::{membership, organization, patient_card, patient_monitoring};
use db::sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::http::error::ApiResult;

/// A patient's zone: his own, else the organization's, else UTC (a stored zone this build
/// does not know is skipped rather than refused: the next one applies).
pub fn zone(org_zone: &str, own: Option<&str>) -> chrono_tz::Tz {
    own.and_then(|z| z.parse().ok()).or_else(|| org_zone.parse().ok()).unwrap_or(chrono_tz::UTC)
}

/// The zone a member reads times in: a patient's own (his card's monitoring settings), else
/// the organization's; `UTC` without an organization (the operator).
pub async fn display_zone(
    conn: &impl ConnectionTrait,
    m: &membership::Model,
    org: Option<&organization::Model>,
) -> ApiResult<chrono_tz::Tz> {
    let Some(org) = org else { return Ok(chrono_tz::UTC) };
    let mut own = None;
    if m.role == Role::Patient
        && let Some(account) = m.account_id
    {
        let card = db::Org::new(org.id)
            .find::<patient_card::Entity>()
            .filter(patient_card::Column::AccountId.eq(account))
            .order_by_asc(patient_card::Column::CreatedAt)
            .one(conn)
            .await?;
        if let Some(card) = card {
            own = patient_monitoring::Entity::find_by_id(card.id).one(conn).await?.and_then(|row| row.time_zone);
        }
    }
    Ok(zone(&org.time_zone, own.as_deref()))
}
