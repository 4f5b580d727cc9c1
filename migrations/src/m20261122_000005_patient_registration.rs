//! The patient registration (PREG-3, PREG-4): emailed codes that link patient cards to an
//! account.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RegistrationCodes {
    Table,
    Id,
    Email,
    CardIds,
    CodeHash,
    ExpiresAt,
    UsedAt,
    Attempts,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RegistrationCodes::Table)
                .col(pk_uuid(RegistrationCodes::Id))
                // Lowercased.
                .col(string_len(RegistrationCodes::Email, 254))
                // JSON array of the matched patient card ids.
                .col(string_len(RegistrationCodes::CardIds, 1024))
                // SHA-256 of the row id and the 6-digit code.
                .col(string_len(RegistrationCodes::CodeHash, 64))
                .col(timestamp_with_time_zone(RegistrationCodes::ExpiresAt))
                .col(timestamp_with_time_zone_null(RegistrationCodes::UsedAt))
                .col(integer(RegistrationCodes::Attempts))
                .col(timestamp_with_time_zone(RegistrationCodes::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_registration_codes_email")
                .table(RegistrationCodes::Table)
                .col(RegistrationCodes::Email)
                .col(RegistrationCodes::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(RegistrationCodes::Table).to_owned()).await
    }
}
