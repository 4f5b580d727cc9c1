//! The organizer's admin panel (ORG, ACC-5, ACC-8, PREG-1, X-2): patient-card lifecycle and
//! consents, doctor–patient assignment, assistant access, organization settings, news, the
//! price list, email-change tokens and the audit log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Memberships {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PatientCards {
    Table,
    Id,
    OrganizationId,
    Status,
    LastName,
    FirstName,
    CreatedAt,
    SearchKey,
    InvitationSentAt,
    InvitationExpiresAt,
    ArchivedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum OneTimeTokens {
    Table,
    Payload,
}

#[derive(DeriveIden)]
enum PatientConsents {
    Table,
    PatientCardId,
    Kind,
    Email,
    RecordedAt,
    RecordedBy,
}

#[derive(DeriveIden)]
enum DoctorPatients {
    Table,
    OrganizationId,
    DoctorId,
    PatientCardId,
    AssignedAt,
    AssignedBy,
}

#[derive(DeriveIden)]
enum AssistantDoctors {
    Table,
    OrganizationId,
    AssistantId,
    DoctorId,
    GrantedAt,
    GrantedBy,
}

#[derive(DeriveIden)]
enum OrganizationSettings {
    Table,
    OrganizationId,
    LfkSelfEnroll,
    MaxClassParticipants,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CourseDoctors {
    Table,
    OrganizationId,
    DoctorId,
}

#[derive(DeriveIden)]
enum News {
    Table,
    Id,
    OrganizationId,
    Title,
    Body,
    PublishOn,
    Visible,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PriceItems {
    Table,
    Id,
    OrganizationId,
    Section,
    Code,
    Name,
    PriceKopecks,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    OrganizationId,
    At,
    AccountId,
    MembershipId,
    ActingFor,
    Action,
    Entity,
    EntityId,
    PatientIds,
    ClientIp,
    Outcome,
}

#[derive(DeriveIden)]
enum AuditPatients {
    Table,
    AuditId,
    OrganizationId,
    PatientCardId,
    At,
}

fn fk_org<T: IntoIden + 'static>(table: T, col: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(Organizations::Table, Organizations::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn fk_membership<T: IntoIden + 'static>(table: T, col: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(Memberships::Table, Memberships::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn fk_card<T: IntoIden + 'static>(table: T, col: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(PatientCards::Table, PatientCards::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one column per ALTER TABLE.
        for col in [
            timestamp_with_time_zone_null(PatientCards::InvitationSentAt),
            timestamp_with_time_zone_null(PatientCards::InvitationExpiresAt),
            timestamp_with_time_zone_null(PatientCards::ArchivedAt),
            uuid_null(PatientCards::CreatedBy),
        ] {
            let mut col = col;
            m.alter_table(Table::alter().table(PatientCards::Table).add_column(&mut col).to_owned()).await?;
        }
        m.alter_table(
            Table::alter()
                .table(OneTimeTokens::Table)
                .add_column(string_len_null(OneTimeTokens::Payload, 512))
                .to_owned(),
        )
        .await?;
        // The patient lists in name or date order: an index scan that stops after one page
        // (a sort of every card of the organization cost 8 ms a request at 10,000 cards).
        m.create_index(
            Index::create()
                .name("ix_patient_cards_org_name")
                .table(PatientCards::Table)
                .col(PatientCards::OrganizationId)
                .col(PatientCards::LastName)
                .col(PatientCards::FirstName)
                .col(PatientCards::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_patient_cards_org_created")
                .table(PatientCards::Table)
                .col(PatientCards::OrganizationId)
                .col(PatientCards::CreatedAt)
                .col(PatientCards::Id)
                .to_owned(),
        )
        .await?;
        // "Deleted patients": one status of one organization in name order.
        m.create_index(
            Index::create()
                .name("ix_patient_cards_org_status_name")
                .table(PatientCards::Table)
                .col(PatientCards::OrganizationId)
                .col(PatientCards::Status)
                .col(PatientCards::LastName)
                .col(PatientCards::FirstName)
                .col(PatientCards::Id)
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            // Substring search over the search key (`LIKE '%word%'`) through trigrams.
            let db = m.get_connection();
            db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_trgm").await?;
            for (name, table) in
                [("ix_patient_cards_key_trgm", "patient_cards"), ("ix_memberships_key_trgm", "memberships")]
            {
                db.execute_unprepared(&format!(
                    "CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({} gin_trgm_ops)",
                    PatientCards::SearchKey.to_string()
                ))
                .await?;
            }
        }

        m.create_table(
            Table::create()
                .table(PatientConsents::Table)
                .col(uuid(PatientConsents::PatientCardId))
                // `telemedicine`, `email_results` or `personal_data`.
                .col(string_len(PatientConsents::Kind, 32))
                // For `email_results`: the address the consent covers.
                .col(string_len_null(PatientConsents::Email, 254))
                .col(timestamp_with_time_zone(PatientConsents::RecordedAt))
                .col(uuid_null(PatientConsents::RecordedBy))
                .primary_key(Index::create().col(PatientConsents::PatientCardId).col(PatientConsents::Kind))
                .foreign_key(&mut fk_card(PatientConsents::Table, PatientConsents::PatientCardId))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(DoctorPatients::Table)
                .col(uuid(DoctorPatients::OrganizationId))
                .col(uuid(DoctorPatients::DoctorId))
                .col(uuid(DoctorPatients::PatientCardId))
                .col(timestamp_with_time_zone(DoctorPatients::AssignedAt))
                .col(uuid_null(DoctorPatients::AssignedBy))
                .primary_key(Index::create().col(DoctorPatients::DoctorId).col(DoctorPatients::PatientCardId))
                .foreign_key(&mut fk_org(DoctorPatients::Table, DoctorPatients::OrganizationId))
                .foreign_key(&mut fk_membership(DoctorPatients::Table, DoctorPatients::DoctorId))
                .foreign_key(&mut fk_card(DoctorPatients::Table, DoctorPatients::PatientCardId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_doctor_patients_card")
                .table(DoctorPatients::Table)
                .col(DoctorPatients::PatientCardId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AssistantDoctors::Table)
                .col(uuid(AssistantDoctors::OrganizationId))
                .col(uuid(AssistantDoctors::AssistantId))
                .col(uuid(AssistantDoctors::DoctorId))
                .col(timestamp_with_time_zone(AssistantDoctors::GrantedAt))
                .col(uuid_null(AssistantDoctors::GrantedBy))
                .primary_key(Index::create().col(AssistantDoctors::AssistantId).col(AssistantDoctors::DoctorId))
                .foreign_key(&mut fk_org(AssistantDoctors::Table, AssistantDoctors::OrganizationId))
                .foreign_key(&mut fk_membership(AssistantDoctors::Table, AssistantDoctors::AssistantId))
                .foreign_key(&mut fk_membership(AssistantDoctors::Table, AssistantDoctors::DoctorId))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(OrganizationSettings::Table)
                .col(pk_uuid(OrganizationSettings::OrganizationId))
                .col(boolean(OrganizationSettings::LfkSelfEnroll))
                .col(integer(OrganizationSettings::MaxClassParticipants))
                .col(timestamp_with_time_zone(OrganizationSettings::UpdatedAt))
                .foreign_key(&mut fk_org(OrganizationSettings::Table, OrganizationSettings::OrganizationId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CourseDoctors::Table)
                .col(uuid(CourseDoctors::OrganizationId))
                .col(uuid(CourseDoctors::DoctorId))
                .primary_key(Index::create().col(CourseDoctors::OrganizationId).col(CourseDoctors::DoctorId))
                .foreign_key(&mut fk_org(CourseDoctors::Table, CourseDoctors::OrganizationId))
                .foreign_key(&mut fk_membership(CourseDoctors::Table, CourseDoctors::DoctorId))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(News::Table)
                .col(pk_uuid(News::Id))
                .col(uuid(News::OrganizationId))
                .col(string_len(News::Title, 200))
                .col(text(News::Body))
                .col(date(News::PublishOn))
                .col(boolean(News::Visible))
                .col(uuid_null(News::CreatedBy))
                .col(timestamp_with_time_zone(News::CreatedAt))
                .col(timestamp_with_time_zone(News::UpdatedAt))
                .foreign_key(&mut fk_org(News::Table, News::OrganizationId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_news_org_publish")
                .table(News::Table)
                .col(News::OrganizationId)
                .col(News::PublishOn)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PriceItems::Table)
                .col(pk_uuid(PriceItems::Id))
                .col(uuid(PriceItems::OrganizationId))
                .col(string_len(PriceItems::Section, 200))
                .col(string_len(PriceItems::Code, 50))
                .col(string_len(PriceItems::Name, 500))
                .col(big_integer(PriceItems::PriceKopecks))
                .col(boolean(PriceItems::Active))
                .col(timestamp_with_time_zone(PriceItems::CreatedAt))
                .col(timestamp_with_time_zone(PriceItems::UpdatedAt))
                .foreign_key(&mut fk_org(PriceItems::Table, PriceItems::OrganizationId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_price_items_org_code")
                .table(PriceItems::Table)
                .col(PriceItems::OrganizationId)
                .col(PriceItems::Code)
                .unique()
                .to_owned(),
        )
        .await?;

        // Append-only: the application never updates or deletes a row.
        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(pk_uuid(AuditLog::Id))
                .col(uuid_null(AuditLog::OrganizationId))
                .col(timestamp_with_time_zone(AuditLog::At))
                // Null for the system (background jobs).
                .col(uuid_null(AuditLog::AccountId))
                .col(uuid_null(AuditLog::MembershipId))
                // The patient card a representative acts for.
                .col(uuid_null(AuditLog::ActingFor))
                .col(string_len(AuditLog::Action, 64))
                .col(string_len(AuditLog::Entity, 64))
                .col(string_len_null(AuditLog::EntityId, 64))
                // JSON array of the patient card ids the request returned or touched.
                .col(text(AuditLog::PatientIds))
                .col(string_len_null(AuditLog::ClientIp, 64))
                // `ok` or `denied`.
                .col(string_len(AuditLog::Outcome, 16))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audit_log_org_at")
                .table(AuditLog::Table)
                .col(AuditLog::OrganizationId)
                .col(AuditLog::At)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audit_log_membership_at")
                .table(AuditLog::Table)
                .col(AuditLog::MembershipId)
                .col(AuditLog::At)
                .to_owned(),
        )
        .await?;
        // One row per patient an audit row names: the "by patient" filter.
        m.create_table(
            Table::create()
                .table(AuditPatients::Table)
                .col(uuid(AuditPatients::AuditId))
                .col(uuid_null(AuditPatients::OrganizationId))
                .col(uuid(AuditPatients::PatientCardId))
                .col(timestamp_with_time_zone(AuditPatients::At))
                .primary_key(Index::create().col(AuditPatients::AuditId).col(AuditPatients::PatientCardId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audit_patients_card_at")
                .table(AuditPatients::Table)
                .col(AuditPatients::PatientCardId)
                .col(AuditPatients::At)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            AuditPatients::Table.into_iden(),
            AuditLog::Table.into_iden(),
            PriceItems::Table.into_iden(),
            News::Table.into_iden(),
            CourseDoctors::Table.into_iden(),
            OrganizationSettings::Table.into_iden(),
            AssistantDoctors::Table.into_iden(),
            DoctorPatients::Table.into_iden(),
            PatientConsents::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for name in ["ix_patient_cards_org_created", "ix_patient_cards_org_name", "ix_patient_cards_org_status_name"] {
            m.drop_index(Index::drop().name(name).table(PatientCards::Table).to_owned()).await?;
        }
        if m.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            let db = m.get_connection();
            db.execute_unprepared("DROP INDEX IF EXISTS ix_patient_cards_key_trgm").await?;
            db.execute_unprepared("DROP INDEX IF EXISTS ix_memberships_key_trgm").await?;
        }
        m.alter_table(Table::alter().table(OneTimeTokens::Table).drop_column(OneTimeTokens::Payload).to_owned())
            .await?;
        for col in [
            PatientCards::CreatedBy,
            PatientCards::ArchivedAt,
            PatientCards::InvitationExpiresAt,
            PatientCards::InvitationSentAt,
        ] {
            m.alter_table(Table::alter().table(PatientCards::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}
