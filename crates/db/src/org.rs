//! The organization scope: tenancy that cannot be forgotten.
//!
//! Every table with an `organization_id` implements [`OrgOwned`], and its rows are read,
//! changed and deleted through an [`Org`] handle — `org.find::<news::Entity>()` — which
//! always adds the organization's filter. A hand-typed `OrganizationId.eq(…)` is what this
//! module replaces; the test below fails when an entity with an `organization_id` column is
//! not registered here.

use common::ids::OrganizationId;
use sea_orm::sea_query::{IntoCondition, SelectStatement};
use sea_orm::{ColumnTrait, DeleteMany, EntityTrait, PrimaryKeyTrait, QueryFilter, Select, UpdateMany};
use uuid::Uuid;

use crate::entities::*;

/// A table whose rows belong to one organization.
pub trait OrgOwned: EntityTrait {
    /// The column holding the owning organization's id.
    fn org_column() -> Self::Column;
}

/// One organization's rows: every query built here is filtered by the organization.
///
/// Handlers get it from their extractor (the caller's organization), jobs and services from
/// the row they work on; a request field never names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Org(Uuid);

impl Org {
    pub fn new(id: impl Into<OrganizationId>) -> Self {
        Org(id.into().0)
    }

    /// The organization's id.
    pub fn id(self) -> Uuid {
        self.0
    }

    /// `E`'s rows of this organization.
    pub fn find<E: OrgOwned>(self) -> Select<E> {
        E::find().filter(self.owns::<E>())
    }

    /// The row of `E` with this primary key, if this organization owns it.
    pub fn find_by_id<E: OrgOwned>(self, id: impl Into<<E::PrimaryKey as PrimaryKeyTrait>::ValueType>) -> Select<E> {
        E::find_by_id(id).filter(self.owns::<E>())
    }

    /// An update of this organization's rows of `E` (add the changes and further filters).
    pub fn update_many<E: OrgOwned>(self) -> UpdateMany<E> {
        E::update_many().filter(self.owns::<E>())
    }

    /// A delete of this organization's rows of `E` (add further filters).
    pub fn delete_many<E: OrgOwned>(self) -> DeleteMany<E> {
        E::delete_many().filter(self.owns::<E>())
    }

    /// "The row belongs to this organization", for a condition of a join or a hand-built
    /// query (`Condition::all().add(org.owns::<E>())`).
    pub fn owns<E: OrgOwned>(self) -> sea_orm::Condition {
        E::org_column().eq(self.0).into_condition()
    }

    /// A subquery selecting `column` of this organization's rows of `E`.
    pub fn subquery<E: OrgOwned>(self, column: E::Column) -> SelectStatement {
        use sea_orm::{QuerySelect, QueryTrait};
        E::find().select_only().column(column).filter(self.owns::<E>()).into_query()
    }
}

impl From<OrganizationId> for Org {
    fn from(id: OrganizationId) -> Self {
        Org(id.0)
    }
}

/// Implements [`OrgOwned`] for each listed entity module and records its table in
/// [`org_owned_tables`].
macro_rules! org_owned {
    ($($module:ident),* $(,)?) => {
        $(
            impl OrgOwned for $module::Entity {
                fn org_column() -> Self::Column {
                    $module::Column::OrganizationId
                }
            }
        )*

        /// The tables of every [`OrgOwned`] entity.
        pub fn org_owned_tables() -> Vec<&'static str> {
            vec![$(sea_orm::EntityName::table_name(&$module::Entity)),*]
        }
    };
}

org_owned!(
    alert,
    assignment,
    assistant_doctor,
    attachment,
    audit_log,
    audit_patient,
    clinical_summary,
    course_doctor,
    dependent_request,
    doctor_patient,
    email,
    feedback,
    membership,
    monitoring_settings,
    news,
    notification,
    observation,
    organization_settings,
    patient_card,
    patient_monitoring,
    prescription,
    price_item,
    questionnaire,
    record_entry,
    representative,
    representative_invitation,
    submission,
);

#[cfg(test)]
mod tests {
    use sea_orm::{IdenStatic, Iterable};

    use super::*;

    /// A table and its columns' names.
    fn table<E: EntityTrait>(e: E) -> (&'static str, Vec<&'static str>) {
        (e.table_name(), E::Column::iter().map(|c| c.as_str()).collect())
    }

    macro_rules! all_entities {
        ($($module:ident),* $(,)?) => {
            (vec![$(stringify!($module)),*], vec![$(table($module::Entity)),*])
        };
    }

    /// Every entity module; the test checks this against `entities/mod.rs`, so a new table
    /// cannot be left out.
    fn every_table() -> (Vec<&'static str>, Vec<(&'static str, Vec<&'static str>)>) {
        all_entities!(
            account,
            alert,
            alert_event,
            assignment,
            assistant_doctor,
            attachment,
            audit_log,
            audit_patient,
            auth_throttle,
            clinical_summary,
            course_doctor,
            dependent_request,
            doctor_patient,
            email,
            feedback,
            job,
            membership,
            monitoring_settings,
            news,
            notification,
            observation,
            one_time_token,
            organization,
            organization_settings,
            patient_card,
            patient_consent,
            patient_monitoring,
            prescription,
            price_item,
            questionnaire,
            questionnaire_version,
            record_entry,
            refresh_token,
            registration_code,
            representative,
            representative_invitation,
            submission,
        )
    }

    #[test]
    fn every_entity_module_is_in_the_registry() {
        let declared: Vec<&str> = include_str!("entities/mod.rs")
            .lines()
            .filter_map(|l| l.trim().strip_prefix("pub mod ")?.strip_suffix(';'))
            .collect();
        let (listed, _) = every_table();
        assert_eq!(declared, listed, "entities/mod.rs and this test's list of entities differ");
    }

    #[test]
    fn every_table_with_an_organization_id_is_org_owned() {
        let owned = org_owned_tables();
        let (_, tables) = every_table();
        let missing: Vec<_> = tables
            .iter()
            .filter(|(_, columns)| columns.contains(&"organization_id"))
            .map(|(name, _)| *name)
            .filter(|name| !owned.contains(name))
            .collect();
        assert!(
            missing.is_empty(),
            "tables with organization_id but no OrgOwned impl (add them to org_owned!): {missing:?}"
        );
        let stray: Vec<_> = owned
            .iter()
            .filter(|name| !tables.iter().any(|(t, columns)| t == *name && columns.contains(&"organization_id")))
            .collect();
        assert!(stray.is_empty(), "OrgOwned tables without an organization_id column: {stray:?}");
    }

    #[test]
    fn every_query_of_the_scope_filters_by_the_organization() {
        use sea_orm::{DbBackend, QueryTrait};
        let org = Org::new(Uuid::nil());
        let id = Uuid::from_u128(7);
        let sqls = [
            org.find::<news::Entity>().build(DbBackend::Postgres).to_string(),
            org.find_by_id::<news::Entity>(id).build(DbBackend::Postgres).to_string(),
            org.update_many::<news::Entity>()
                .col_expr(news::Column::Visible, sea_orm::sea_query::Expr::value(true))
                .build(DbBackend::Postgres)
                .to_string(),
            org.delete_many::<news::Entity>().build(DbBackend::Postgres).to_string(),
        ];
        for sql in sqls {
            assert!(
                sql.contains(r#""news"."organization_id" = '00000000-0000-0000-0000-000000000000'"#),
                "unscoped: {sql}"
            );
        }
        let sub = org.subquery::<patient_card::Entity>(patient_card::Column::Id);
        let sql = sub.to_string(sea_orm::sea_query::PostgresQueryBuilder);
        assert!(sql.contains(r#""patient_cards"."organization_id" ="#), "unscoped: {sql}");
    }
}
