//! Issue 14: the staff patient page's header names the diagnosis. Until the registry's
//! structured diagnoses arrive (REG-1), it is a short text the patient's clinicians keep, in a
//! table of its own so that the organizer's card reads (`patient_cards`) never carry it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ClinicalSummaries {
    Table,
    PatientCardId,
    OrganizationId,
    Diagnosis,
    UpdatedBy,
    UpdatedByName,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PatientCards {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ClinicalSummaries::Table)
                .col(pk_uuid(ClinicalSummaries::PatientCardId))
                .col(uuid(ClinicalSummaries::OrganizationId))
                .col(string_len(ClinicalSummaries::Diagnosis, 500))
                .col(uuid_null(ClinicalSummaries::UpdatedBy))
                .col(string_len(ClinicalSummaries::UpdatedByName, 300))
                .col(timestamp_with_time_zone(ClinicalSummaries::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ClinicalSummaries::Table, ClinicalSummaries::PatientCardId)
                        .to(PatientCards::Table, PatientCards::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ClinicalSummaries::Table).to_owned()).await
    }
}
