//! What the record's handlers and the monitoring domain's share (the record domain's
//! `pub(crate)` API, re-exported by its `mod.rs`). Who may open a card's record is said by the
//! handlers' extractor, `crate::auth::StaffCard<R, A>`.

use db::entities::membership;
use db::sea_orm::EntityTrait;

use crate::auth::PatientStaff;
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The caller's membership: the author's or signer's name as the record keeps it.
pub(crate) async fn me(state: &AppState, who: &PatientStaff) -> ApiResult<membership::Model> {
    membership::Entity::find_by_id(who.ctx.membership_id.0).one(&state.db).await?.ok_or_else(ApiError::unauthorized)
}
