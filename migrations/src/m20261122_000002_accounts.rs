//! Organizations, accounts, memberships, one-time tokens, refresh tokens, login throttling,
//! and patient cards (SPEC §1, ACC).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
    Name,
    TimeZone,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    Email,
    PasswordHash,
    SessionVersion,
    Locale,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Memberships {
    Table,
    Id,
    OrganizationId,
    AccountId,
    Role,
    Status,
    InvitedEmail,
    LastName,
    FirstName,
    MiddleName,
    SearchKey,
    InvitationSentAt,
    InvitationExpiresAt,
    ActivatedAt,
    LastUsedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OneTimeTokens {
    Table,
    Id,
    Purpose,
    TokenHash,
    AccountId,
    MembershipId,
    ExpiresAt,
    UsedAt,
    Attempts,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    FamilyId,
    AccountId,
    MembershipId,
    TokenHash,
    ExpiresAt,
    RotatedAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuthThrottle {
    Table,
    Key,
    Failures,
    WindowStart,
    BlockedUntil,
}

#[derive(DeriveIden)]
enum PatientCards {
    Table,
    Id,
    OrganizationId,
    AccountId,
    LastName,
    FirstName,
    MiddleName,
    SearchKey,
    BirthDate,
    Sex,
    Email,
    Phone,
    Snils,
    ExternalId,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Organizations::Table)
                .col(pk_uuid(Organizations::Id))
                .col(string_len(Organizations::Name, 300))
                .col(string_len(Organizations::TimeZone, 64))
                .col(timestamp_with_time_zone(Organizations::CreatedAt))
                .col(timestamp_with_time_zone(Organizations::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Accounts::Table)
                .col(pk_uuid(Accounts::Id))
                // Stored lowercased (common::domain::Email), so uniqueness is case-insensitive.
                .col(string_len_uniq(Accounts::Email, 254))
                // None until the first activation sets a password.
                .col(string_len_null(Accounts::PasswordHash, 200))
                // Bumped on password change and "log out everywhere": old tokens stop working.
                .col(integer(Accounts::SessionVersion).default(0))
                .col(string_len(Accounts::Locale, 8))
                .col(timestamp_with_time_zone(Accounts::CreatedAt))
                .col(timestamp_with_time_zone(Accounts::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Memberships::Table)
                .col(pk_uuid(Memberships::Id))
                // None for the platform operator.
                .col(uuid_null(Memberships::OrganizationId))
                // None until the invitation is accepted.
                .col(uuid_null(Memberships::AccountId))
                .col(string_len(Memberships::Role, 16))
                .col(string_len(Memberships::Status, 16))
                .col(string_len(Memberships::InvitedEmail, 254))
                .col(string_len(Memberships::LastName, 100))
                .col(string_len(Memberships::FirstName, 100))
                .col(string_len_null(Memberships::MiddleName, 100))
                .col(string_len(Memberships::SearchKey, 600))
                .col(timestamp_with_time_zone_null(Memberships::InvitationSentAt))
                .col(timestamp_with_time_zone_null(Memberships::InvitationExpiresAt))
                .col(timestamp_with_time_zone_null(Memberships::ActivatedAt))
                .col(timestamp_with_time_zone_null(Memberships::LastUsedAt))
                .col(timestamp_with_time_zone(Memberships::CreatedAt))
                .col(timestamp_with_time_zone(Memberships::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Memberships::Table, Memberships::OrganizationId)
                        .to(Organizations::Table, Organizations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Memberships::Table, Memberships::AccountId)
                        .to(Accounts::Table, Accounts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // One role per address per organization: invited or held (ACC-3 duplicate check).
        m.create_index(
            Index::create()
                .name("ux_memberships_org_email_role")
                .table(Memberships::Table)
                .col(Memberships::OrganizationId)
                .col(Memberships::InvitedEmail)
                .col(Memberships::Role)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_memberships_account")
                .table(Memberships::Table)
                .col(Memberships::AccountId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_memberships_org_role_key")
                .table(Memberships::Table)
                .col(Memberships::OrganizationId)
                .col(Memberships::Role)
                .col(Memberships::SearchKey)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(OneTimeTokens::Table)
                .col(pk_uuid(OneTimeTokens::Id))
                // invitation | password_reset
                .col(string_len(OneTimeTokens::Purpose, 32))
                // SHA-256 of the secret (hex); the secret itself is only in the email.
                .col(string_len_uniq(OneTimeTokens::TokenHash, 64))
                .col(uuid_null(OneTimeTokens::AccountId))
                .col(uuid_null(OneTimeTokens::MembershipId))
                .col(timestamp_with_time_zone(OneTimeTokens::ExpiresAt))
                .col(timestamp_with_time_zone_null(OneTimeTokens::UsedAt))
                .col(integer(OneTimeTokens::Attempts).default(0))
                .col(timestamp_with_time_zone(OneTimeTokens::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(OneTimeTokens::Table, OneTimeTokens::MembershipId)
                        .to(Memberships::Table, Memberships::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(OneTimeTokens::Table, OneTimeTokens::AccountId)
                        .to(Accounts::Table, Accounts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_one_time_tokens_account_purpose")
                .table(OneTimeTokens::Table)
                .col(OneTimeTokens::AccountId)
                .col(OneTimeTokens::Purpose)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RefreshTokens::Table)
                .col(pk_uuid(RefreshTokens::Id))
                // All rotations of one login; a reuse revokes the whole family.
                .col(uuid(RefreshTokens::FamilyId))
                .col(uuid(RefreshTokens::AccountId))
                // The membership the session is in (changes on role switch).
                .col(uuid(RefreshTokens::MembershipId))
                .col(string_len_uniq(RefreshTokens::TokenHash, 64))
                .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                .col(timestamp_with_time_zone_null(RefreshTokens::RotatedAt))
                .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RefreshTokens::Table, RefreshTokens::AccountId)
                        .to(Accounts::Table, Accounts::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_refresh_tokens_family")
                .table(RefreshTokens::Table)
                .col(RefreshTokens::FamilyId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuthThrottle::Table)
                // `email:<sha256>` or `ip:<address>`: no plain address is stored.
                .col(string_len(AuthThrottle::Key, 100).primary_key())
                .col(integer(AuthThrottle::Failures))
                .col(timestamp_with_time_zone(AuthThrottle::WindowStart))
                .col(timestamp_with_time_zone_null(AuthThrottle::BlockedUntil))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PatientCards::Table)
                .col(pk_uuid(PatientCards::Id))
                .col(uuid(PatientCards::OrganizationId))
                // Linked by the patient registration (PREG).
                .col(uuid_null(PatientCards::AccountId))
                .col(string_len(PatientCards::LastName, 100))
                .col(string_len(PatientCards::FirstName, 100))
                .col(string_len_null(PatientCards::MiddleName, 100))
                .col(string_len(PatientCards::SearchKey, 600))
                .col(date(PatientCards::BirthDate))
                .col(string_len(PatientCards::Sex, 8))
                .col(string_len_null(PatientCards::Email, 254))
                .col(string_len_null(PatientCards::Phone, 32))
                .col(string_len_null(PatientCards::Snils, 14))
                .col(string_len_null(PatientCards::ExternalId, 100))
                .col(string_len(PatientCards::Status, 16))
                .col(timestamp_with_time_zone(PatientCards::CreatedAt))
                .col(timestamp_with_time_zone(PatientCards::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(PatientCards::Table, PatientCards::OrganizationId)
                        .to(Organizations::Table, Organizations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PatientCards::Table, PatientCards::AccountId)
                        .to(Accounts::Table, Accounts::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_patient_cards_org_key")
                .table(PatientCards::Table)
                .col(PatientCards::OrganizationId)
                .col(PatientCards::SearchKey)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            PatientCards::Table.into_iden(),
            AuthThrottle::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            OneTimeTokens::Table.into_iden(),
            Memberships::Table.into_iden(),
            Accounts::Table.into_iden(),
            Organizations::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
