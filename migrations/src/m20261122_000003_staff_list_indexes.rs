//! Indexes that serve the staff lists in name order without sorting the whole organization
//! (a collation-aware sort of every row per page request was the list's main cost; see
//! docs/benchmarks.md).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Memberships {
    Table,
    OrganizationId,
    Role,
    LastName,
    FirstName,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("ix_memberships_org_name")
                .table(Memberships::Table)
                .col(Memberships::OrganizationId)
                .col(Memberships::LastName)
                .col(Memberships::FirstName)
                .col(Memberships::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_memberships_org_role_name")
                .table(Memberships::Table)
                .col(Memberships::OrganizationId)
                .col(Memberships::Role)
                .col(Memberships::LastName)
                .col(Memberships::FirstName)
                .col(Memberships::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ix_memberships_org_role_name").table(Memberships::Table).to_owned()).await?;
        m.drop_index(Index::drop().name("ix_memberships_org_name").table(Memberships::Table).to_owned()).await
    }
}
