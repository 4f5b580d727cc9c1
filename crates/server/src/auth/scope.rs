//! The patients a staff member reaches: his `PatientScope` as SQL, one subquery serving lists,
//! counts and single reads, so they agree and an id outside the scope is 404. Here, beside the
//! extractors, so `StaffCard` resolves the card of the path without importing a domain.

use common::ids::{OrganizationId, PatientId};
use db::entities::{assistant_doctor, doctor_patient, patient_card};
use db::sea_orm::sea_query::{Condition, Expr, ExprTrait, Query, SelectStatement};
use db::sea_orm::{ColumnTrait, ConnectionTrait, DbErr, QueryFilter};

use super::PatientScope;

/// The cards `scope` reaches, as a condition on `patient_cards.id` (none for the organizer).
pub fn scope_condition(scope: PatientScope) -> Option<Condition> {
    scope_subquery(scope).map(|sub| Condition::all().add(patient_card::Column::Id.in_subquery(sub)))
}

/// The ids of the cards `scope` reaches, as a subquery (none for the organizer): for conditions
/// on other tables' `patient_card_id`.
pub fn scope_subquery(scope: PatientScope) -> Option<SelectStatement> {
    let sub = match scope {
        PatientScope::Organization => return None,
        PatientScope::Doctor(doctor) => Query::select()
            .column(doctor_patient::Column::PatientCardId)
            .from(doctor_patient::Entity)
            .and_where(Expr::col(doctor_patient::Column::DoctorId).eq(doctor))
            .to_owned(),
        PatientScope::Assistant(assistant) => Query::select()
            .column((doctor_patient::Entity, doctor_patient::Column::PatientCardId))
            .from(doctor_patient::Entity)
            .inner_join(
                assistant_doctor::Entity,
                Expr::col((assistant_doctor::Entity, assistant_doctor::Column::DoctorId))
                    .equals((doctor_patient::Entity, doctor_patient::Column::DoctorId)),
            )
            .and_where(Expr::col((assistant_doctor::Entity, assistant_doctor::Column::AssistantId)).eq(assistant))
            .to_owned(),
    };
    Some(sub)
}

/// A card of `org` within `scope`, or `None`.
pub async fn find_visible(
    db: &impl ConnectionTrait,
    org: OrganizationId,
    scope: PatientScope,
    id: PatientId,
) -> Result<Option<patient_card::Model>, DbErr> {
    let mut q = db::Org::new(org).find_by_id::<patient_card::Entity>(id.0);
    if let Some(c) = scope_condition(scope) {
        q = q.filter(c);
    }
    q.one(db).await
}
