//! The database schema. One tree for SQLite (the embedded default) and PostgreSQL.
//!
//! Rules: a migration never changes once released; timestamps are `timestamp with time zone`
//! stored in UTC; ids are UUIDv7; every tenant-owned table has `organization_id`.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_jobs_and_outbox;
mod m20261122_000002_accounts;
mod m20261122_000003_staff_list_indexes;
mod m20261122_000004_admin_panel;
mod m20261122_000005_patient_registration;
mod m20261129_000006_cabinet;
mod m20261129_000007_monitoring;
mod m20261201_000012_representative_invitations;
mod m20261201_000013_consent_withdrawal;
mod m20261202_000014_monitoring_loop;
mod m20261202_000015_clinical_summary;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_jobs_and_outbox::Migration),
            Box::new(m20261122_000002_accounts::Migration),
            Box::new(m20261122_000003_staff_list_indexes::Migration),
            Box::new(m20261122_000004_admin_panel::Migration),
            Box::new(m20261122_000005_patient_registration::Migration),
            Box::new(m20261129_000006_cabinet::Migration),
            Box::new(m20261129_000007_monitoring::Migration),
            Box::new(m20261201_000012_representative_invitations::Migration),
            Box::new(m20261201_000013_consent_withdrawal::Migration),
            Box::new(m20261202_000014_monitoring_loop::Migration),
            Box::new(m20261202_000015_clinical_summary::Migration),
        ]
    }
}
