//! The patient cabinet and the doctor's side of the medical record (CAB-1, CAB-2, CAB-8,
//! CAB-10, CAB-11, CAB-12, X-8): record entries (append-only, amendments, drafts), their
//! attachments, prescriptions, notifications, feedback, representatives and dependent requests.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PatientCards {
    Table,
    Id,
    AccountId,
    OrganizationId,
}

#[derive(DeriveIden)]
enum RecordEntries {
    Table,
    Id,
    OrganizationId,
    PatientCardId,
    Kind,
    Status,
    OccurredOn,
    Title,
    Body,
    AmendsId,
    AuthorMembershipId,
    AuthorName,
    AuthorRole,
    SignedBy,
    SignedByName,
    SignedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Id,
    OrganizationId,
    PatientCardId,
    EntryId,
    FileName,
    Kind,
    SizeBytes,
    Sha256,
    StorageKey,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Prescriptions {
    Table,
    Id,
    OrganizationId,
    PatientCardId,
    Kind,
    Status,
    Title,
    Details,
    DueOn,
    PrescribedBy,
    PrescribedByName,
    CreatedAt,
    DoneAt,
    DoneBy,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    OrganizationId,
    PatientCardId,
    Kind,
    Channel,
    Subject,
    Link,
    EmailId,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum Feedback {
    Table,
    Id,
    OrganizationId,
    PatientCardId,
    AccountId,
    WrittenBy,
    Category,
    Subject,
    Text,
    Status,
    AnswerNote,
    AnsweredAt,
    AnsweredBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Representatives {
    Table,
    Id,
    OrganizationId,
    PatientCardId,
    AccountId,
    Until,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DependentRequests {
    Table,
    Id,
    OrganizationId,
    AccountId,
    LastName,
    FirstName,
    MiddleName,
    BirthDate,
    Sex,
    Status,
    PatientCardId,
    CreatedAt,
    DecidedAt,
    DecidedBy,
}

fn fk<T: IntoIden + 'static, U: IntoIden + 'static, V: IntoIden + 'static>(
    table: T,
    col: U,
    to: V,
    to_col: impl IntoIden + 'static,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, col).to(to, to_col).on_delete(ForeignKeyAction::Cascade).to_owned()
}

async fn index(
    m: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden + 'static,
    cols: Vec<DynIden>,
) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(name).table(table);
    for c in cols {
        idx.col(c);
    }
    m.create_index(idx.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Every cabinet request looks up the caller's own cards (the `Patient` extractor):
        // without it, a scan of the organization's cards (2× the cost of a record page at
        // 10,000 cards, docs/benchmarks.md).
        index(
            m,
            "ix_patient_cards_account",
            PatientCards::Table,
            vec![PatientCards::AccountId.into_iden(), PatientCards::OrganizationId.into_iden()],
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RecordEntries::Table)
                .col(pk_uuid(RecordEntries::Id))
                .col(uuid(RecordEntries::OrganizationId))
                .col(uuid(RecordEntries::PatientCardId))
                // `common::record::EntryKind`.
                .col(string_len(RecordEntries::Kind, 16))
                // `common::record::EntryStatus`: `draft` or `signed`.
                .col(string_len(RecordEntries::Status, 16))
                .col(date(RecordEntries::OccurredOn))
                .col(string_len(RecordEntries::Title, 200))
                .col(text(RecordEntries::Body))
                // An amendment: the entry it corrects (which never changes).
                .col(uuid_null(RecordEntries::AmendsId))
                // The membership that wrote it (staff, or the patient / his representative);
                // the name and role are kept as they were then.
                .col(uuid_null(RecordEntries::AuthorMembershipId))
                .col(string_len(RecordEntries::AuthorName, 400))
                .col(string_len(RecordEntries::AuthorRole, 32))
                .col(uuid_null(RecordEntries::SignedBy))
                .col(string_len_null(RecordEntries::SignedByName, 400))
                .col(timestamp_with_time_zone_null(RecordEntries::SignedAt))
                .col(timestamp_with_time_zone(RecordEntries::CreatedAt))
                .col(timestamp_with_time_zone(RecordEntries::UpdatedAt))
                .foreign_key(&mut fk(
                    RecordEntries::Table,
                    RecordEntries::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .foreign_key(&mut fk(
                    RecordEntries::Table,
                    RecordEntries::PatientCardId,
                    PatientCards::Table,
                    PatientCards::Id,
                ))
                .to_owned(),
        )
        .await?;
        // A patient's record, newest first, one page at a time (with or without a kind).
        index(
            m,
            "ix_record_entries_card_date",
            RecordEntries::Table,
            vec![
                RecordEntries::PatientCardId.into_iden(),
                RecordEntries::OccurredOn.into_iden(),
                RecordEntries::Id.into_iden(),
            ],
        )
        .await?;
        index(
            m,
            "ix_record_entries_card_kind_date",
            RecordEntries::Table,
            vec![
                RecordEntries::PatientCardId.into_iden(),
                RecordEntries::Kind.into_iden(),
                RecordEntries::OccurredOn.into_iden(),
                RecordEntries::Id.into_iden(),
            ],
        )
        .await?;
        index(m, "ix_record_entries_amends", RecordEntries::Table, vec![RecordEntries::AmendsId.into_iden()]).await?;

        m.create_table(
            Table::create()
                .table(Attachments::Table)
                .col(pk_uuid(Attachments::Id))
                .col(uuid(Attachments::OrganizationId))
                .col(uuid(Attachments::PatientCardId))
                .col(uuid(Attachments::EntryId))
                .col(string_len(Attachments::FileName, 255))
                // `common::record::FileKind`, detected from the content.
                .col(string_len(Attachments::Kind, 16))
                .col(big_integer(Attachments::SizeBytes))
                .col(string_len(Attachments::Sha256, 64))
                // The object's key in the file store.
                .col(string_len(Attachments::StorageKey, 255))
                .col(uuid_null(Attachments::UploadedBy))
                .col(timestamp_with_time_zone(Attachments::CreatedAt))
                .foreign_key(&mut fk(Attachments::Table, Attachments::EntryId, RecordEntries::Table, RecordEntries::Id))
                .to_owned(),
        )
        .await?;
        index(m, "ix_attachments_entry", Attachments::Table, vec![Attachments::EntryId.into_iden()]).await?;

        m.create_table(
            Table::create()
                .table(Prescriptions::Table)
                .col(pk_uuid(Prescriptions::Id))
                .col(uuid(Prescriptions::OrganizationId))
                .col(uuid(Prescriptions::PatientCardId))
                // `prescribed` or `recommended`.
                .col(string_len(Prescriptions::Kind, 16))
                // `todo` or `done`.
                .col(string_len(Prescriptions::Status, 16))
                .col(string_len(Prescriptions::Title, 200))
                .col(text(Prescriptions::Details))
                .col(date_null(Prescriptions::DueOn))
                .col(uuid_null(Prescriptions::PrescribedBy))
                .col(string_len(Prescriptions::PrescribedByName, 400))
                .col(timestamp_with_time_zone(Prescriptions::CreatedAt))
                .col(timestamp_with_time_zone_null(Prescriptions::DoneAt))
                .col(uuid_null(Prescriptions::DoneBy))
                .foreign_key(&mut fk(
                    Prescriptions::Table,
                    Prescriptions::PatientCardId,
                    PatientCards::Table,
                    PatientCards::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_prescriptions_card",
            Prescriptions::Table,
            vec![Prescriptions::PatientCardId.into_iden(), Prescriptions::CreatedAt.into_iden()],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Notifications::Table)
                .col(pk_uuid(Notifications::Id))
                .col(uuid(Notifications::OrganizationId))
                .col(uuid(Notifications::PatientCardId))
                // `common::cabinet::NotificationKind`.
                .col(string_len(Notifications::Kind, 32))
                // `in_app` or `email`.
                .col(string_len(Notifications::Channel, 16))
                .col(string_len(Notifications::Subject, 400))
                .col(string_len_null(Notifications::Link, 255))
                // The email sent with it, if any.
                .col(uuid_null(Notifications::EmailId))
                .col(timestamp_with_time_zone(Notifications::CreatedAt))
                .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                .foreign_key(&mut fk(
                    Notifications::Table,
                    Notifications::PatientCardId,
                    PatientCards::Table,
                    PatientCards::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_notifications_card",
            Notifications::Table,
            vec![Notifications::PatientCardId.into_iden(), Notifications::CreatedAt.into_iden()],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Feedback::Table)
                .col(pk_uuid(Feedback::Id))
                .col(uuid(Feedback::OrganizationId))
                .col(uuid(Feedback::PatientCardId))
                // The account that wrote it (the patient or his representative).
                .col(uuid(Feedback::AccountId))
                // A representative's name when written for a dependent.
                .col(string_len_null(Feedback::WrittenBy, 400))
                .col(string_len(Feedback::Category, 16))
                .col(string_len(Feedback::Subject, 200))
                .col(text(Feedback::Text))
                // `new` or `answered`.
                .col(string_len(Feedback::Status, 16))
                .col(text_null(Feedback::AnswerNote))
                .col(timestamp_with_time_zone_null(Feedback::AnsweredAt))
                .col(uuid_null(Feedback::AnsweredBy))
                .col(timestamp_with_time_zone(Feedback::CreatedAt))
                .foreign_key(&mut fk(
                    Feedback::Table,
                    Feedback::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .foreign_key(&mut fk(Feedback::Table, Feedback::PatientCardId, PatientCards::Table, PatientCards::Id))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_feedback_org_status",
            Feedback::Table,
            vec![Feedback::OrganizationId.into_iden(), Feedback::Status.into_iden(), Feedback::CreatedAt.into_iden()],
        )
        .await?;
        index(m, "ix_feedback_card", Feedback::Table, vec![Feedback::PatientCardId.into_iden()]).await?;

        m.create_table(
            Table::create()
                .table(Representatives::Table)
                .col(pk_uuid(Representatives::Id))
                .col(uuid(Representatives::OrganizationId))
                .col(uuid(Representatives::PatientCardId))
                .col(uuid(Representatives::AccountId))
                // The right ends after this day.
                .col(date(Representatives::Until))
                .col(uuid_null(Representatives::CreatedBy))
                .col(timestamp_with_time_zone(Representatives::CreatedAt))
                .foreign_key(&mut fk(
                    Representatives::Table,
                    Representatives::PatientCardId,
                    PatientCards::Table,
                    PatientCards::Id,
                ))
                .foreign_key(&mut fk(Representatives::Table, Representatives::AccountId, Accounts::Table, Accounts::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_representatives_card_account")
                .table(Representatives::Table)
                .col(Representatives::PatientCardId)
                .col(Representatives::AccountId)
                .unique()
                .to_owned(),
        )
        .await?;
        index(m, "ix_representatives_account", Representatives::Table, vec![Representatives::AccountId.into_iden()])
            .await?;

        m.create_table(
            Table::create()
                .table(DependentRequests::Table)
                .col(pk_uuid(DependentRequests::Id))
                .col(uuid(DependentRequests::OrganizationId))
                // The representative who asked.
                .col(uuid(DependentRequests::AccountId))
                .col(string_len(DependentRequests::LastName, 100))
                .col(string_len(DependentRequests::FirstName, 100))
                .col(string_len_null(DependentRequests::MiddleName, 100))
                .col(date(DependentRequests::BirthDate))
                .col(string_len(DependentRequests::Sex, 8))
                // `requested`, `confirmed` or `rejected`.
                .col(string_len(DependentRequests::Status, 16))
                .col(uuid_null(DependentRequests::PatientCardId))
                .col(timestamp_with_time_zone(DependentRequests::CreatedAt))
                .col(timestamp_with_time_zone_null(DependentRequests::DecidedAt))
                .col(uuid_null(DependentRequests::DecidedBy))
                .foreign_key(&mut fk(
                    DependentRequests::Table,
                    DependentRequests::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .foreign_key(&mut fk(
                    DependentRequests::Table,
                    DependentRequests::AccountId,
                    Accounts::Table,
                    Accounts::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_dependent_requests_org_status",
            DependentRequests::Table,
            vec![DependentRequests::OrganizationId.into_iden(), DependentRequests::Status.into_iden()],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            DependentRequests::Table.into_iden(),
            Representatives::Table.into_iden(),
            Feedback::Table.into_iden(),
            Notifications::Table.into_iden(),
            Prescriptions::Table.into_iden(),
            Attachments::Table.into_iden(),
            RecordEntries::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.drop_index(Index::drop().name("ix_patient_cards_account").table(PatientCards::Table).to_owned()).await
    }
}
