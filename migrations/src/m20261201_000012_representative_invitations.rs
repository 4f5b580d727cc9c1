//! Representative invitations (CAB-10, SPEC §1): the organizer invites an address to represent
//! a card; the person accepts or declines by a single-use, hashed, expiring emailed link.
//! Nothing about an account is looked up or linked until he accepts, logged in as that address.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PatientCards {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RepresentativeInvitations {
    Table,
    Id,
    OrganizationId,
    PatientCardId,
    Email,
    Until,
    Status,
    TokenHash,
    SentAt,
    ExpiresAt,
    CreatedBy,
    CreatedAt,
    DecidedAt,
    AccountId,
}

fn fk<T: IntoIden + 'static, U: IntoIden + 'static, V: IntoIden + 'static>(
    table: T,
    col: U,
    to: V,
    to_col: impl IntoIden + 'static,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, col).to(to, to_col).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RepresentativeInvitations::Table)
                .col(pk_uuid(RepresentativeInvitations::Id))
                .col(uuid(RepresentativeInvitations::OrganizationId))
                .col(uuid(RepresentativeInvitations::PatientCardId))
                // The address as the organizer typed it (lowercased); never an account's.
                .col(string_len(RepresentativeInvitations::Email, 254))
                // The right ends after this day.
                .col(date(RepresentativeInvitations::Until))
                // `pending`, `accepted`, `declined` or `revoked`.
                .col(string_len(RepresentativeInvitations::Status, 16))
                // The hash of the emailed secret; a resend replaces it.
                .col(string_len(RepresentativeInvitations::TokenHash, 128))
                .col(timestamp_with_time_zone(RepresentativeInvitations::SentAt))
                .col(timestamp_with_time_zone(RepresentativeInvitations::ExpiresAt))
                .col(uuid_null(RepresentativeInvitations::CreatedBy))
                .col(timestamp_with_time_zone(RepresentativeInvitations::CreatedAt))
                .col(timestamp_with_time_zone_null(RepresentativeInvitations::DecidedAt))
                // The account that accepted (set only on acceptance).
                .col(uuid_null(RepresentativeInvitations::AccountId))
                .foreign_key(&mut fk(
                    RepresentativeInvitations::Table,
                    RepresentativeInvitations::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .foreign_key(&mut fk(
                    RepresentativeInvitations::Table,
                    RepresentativeInvitations::PatientCardId,
                    PatientCards::Table,
                    PatientCards::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_representative_invitations_token")
                .table(RepresentativeInvitations::Table)
                .col(RepresentativeInvitations::TokenHash)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_representative_invitations_card")
                .table(RepresentativeInvitations::Table)
                .col(RepresentativeInvitations::PatientCardId)
                .col(RepresentativeInvitations::Status)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(RepresentativeInvitations::Table).to_owned()).await
    }
}
