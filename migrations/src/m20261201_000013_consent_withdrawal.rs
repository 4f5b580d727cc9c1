//! PREG-1: when the organization records that a patient's consents were withdrawn. A card that
//! lacks consents because they were withdrawn is closed to its representatives too; a
//! dependent's card that never had any (CAB-10, created from a representative's request) is not.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PatientCards {
    Table,
    ConsentsWithdrawnAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(PatientCards::Table)
                .add_column(timestamp_with_time_zone_null(PatientCards::ConsentsWithdrawnAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(PatientCards::Table).drop_column(PatientCards::ConsentsWithdrawnAt).to_owned(),
        )
        .await
    }
}
