//! `/api/v1/audit`: the organizer's audit-log viewer (ORG-6, X-2) — who read or changed which
//! patient's data, when, from where, and whether it was allowed.

use std::collections::HashMap;

use actix_web::{get, web};
use common::Problem;
use common::admin::{AuditEntryDto, AuditQuery};
use common::ids::{AccountId, MembershipId, PatientId};
use common::page::{DEFAULT_PAGE_SIZE, Page, PageParams};
use db::entities::{audit_log, audit_patient, membership};
use db::sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::auth::Organizer;
use crate::http::error::{ApiError, ApiResult};
use crate::http::paging::page_params;
use crate::state::AppState;

/// The organization's audit log, newest first, filtered by staff member, patient and period.
#[utoipa::path(
    tag = "audit",
    params(AuditQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of audit rows", body = Page<AuditEntryDto>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organizer", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid page, or a `from`/`to` outside years 1 to 9999", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/audit")]
pub async fn list(
    state: web::Data<AppState>,
    who: Organizer,
    q: web::Query<AuditQuery>,
) -> ApiResult<web::Json<Page<AuditEntryDto>>> {
    let q = q.into_inner();
    let p = page_params(&PageParams { page: q.page.unwrap_or(1), per_page: q.per_page.unwrap_or(DEFAULT_PAGE_SIZE) })?;
    // Reads this process still holds in memory belong in the answer.
    state.audit.flush().await;
    let outside: Vec<_> = [("from", q.from), ("to", q.to)]
        .into_iter()
        .filter(|(_, at)| at.is_some_and(|at| !common::domain::instant_in_calendar(at)))
        .map(|(field, _)| common::domain::day_out_of_range(field))
        .collect();
    if !outside.is_empty() {
        return Err(ApiError::Validation(outside));
    }
    let mut cond = Condition::all().add(db::Org::new(who.org).owns::<audit_log::Entity>());
    if let Some(m) = q.membership {
        cond = cond.add(audit_log::Column::MembershipId.eq(m.0));
    }
    if let Some(from) = q.from {
        cond = cond.add(audit_log::Column::At.gte(from));
    }
    if let Some(to) = q.to {
        cond = cond.add(audit_log::Column::At.lt(to));
    }
    if let Some(patient) = q.patient {
        let sub = db::Org::new(who.org)
            .subquery::<audit_patient::Entity>(audit_patient::Column::AuditId)
            .and_where(Expr::col(audit_patient::Column::PatientCardId).eq(patient.0))
            .to_owned();
        cond = cond.add(audit_log::Column::Id.in_subquery(sub));
    }
    let base = audit_log::Entity::find()
        .filter(cond)
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id);
    let total = base.clone().count(&state.db).await?;
    let rows = base.offset(p.offset()).limit(u64::from(p.per_page)).all(&state.db).await?;
    let people: Vec<Uuid> = rows.iter().filter_map(|r| r.membership_id).collect();
    let names: HashMap<Uuid, String> = if people.is_empty() {
        HashMap::new()
    } else {
        membership::Entity::find()
            .filter(membership::Column::Id.is_in(people))
            .all(&state.db)
            .await?
            .into_iter()
            .map(|m| (m.id, format!("{} ({})", m.full_name().full(), m.role.as_str())))
            .collect()
    };
    let items = rows
        .into_iter()
        .map(|r| AuditEntryDto {
            at: r.at,
            membership_id: r.membership_id.map(MembershipId),
            account_id: r.account_id.map(AccountId),
            who: r.membership_id.and_then(|m| names.get(&m).cloned()),
            acting_for: r.acting_for.map(PatientId),
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            patient_ids: serde_json::from_str::<Vec<Uuid>>(&r.patient_ids)
                .unwrap_or_default()
                .into_iter()
                .map(PatientId)
                .collect(),
            client_ip: r.client_ip,
            outcome: r.outcome,
        })
        .collect();
    Ok(web::Json(Page { items, page: p.page, per_page: p.per_page, total }))
}
