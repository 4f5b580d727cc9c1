//! Remote monitoring (MON-1…6): the questionnaire library and its versions, assignments,
//! submissions and their numeric observations, alerts and their events, the organization's
//! monitoring settings and a patient's own rules and time zone.
//!
//! JSON documents (a version's items, an assignment's schedule, answers, rules) are `text`:
//! the server reads and writes them through the types in `common`, on both databases alike.

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
enum Questionnaires {
    Table,
    Id,
    OrganizationId,
    Code,
    Purpose,
    Template,
    TitleRu,
    TitleEn,
    ItemCount,
    CurrentVersion,
    CurrentVersionId,
    ArchivedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum QuestionnaireVersions {
    Table,
    Id,
    QuestionnaireId,
    Version,
    Definition,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Assignments {
    Table,
    Id,
    OrganizationId,
    PatientCardId,
    QuestionnaireId,
    Schedule,
    StartDate,
    UntilDate,
    AssignedBy,
    AssignedByName,
    CreatedAt,
    EndedAt,
}

#[derive(DeriveIden)]
enum Submissions {
    Table,
    Id,
    OrganizationId,
    PatientCardId,
    QuestionnaireId,
    VersionId,
    AssignmentId,
    DueOn,
    LocalDate,
    Answers,
    EntryId,
    SubmittedBy,
    ActingFor,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum Observations {
    Table,
    Id,
    OrganizationId,
    PatientCardId,
    SubmissionId,
    Code,
    Value,
    At,
}

#[derive(DeriveIden)]
enum Alerts {
    Table,
    Id,
    OrganizationId,
    PatientCardId,
    Rule,
    RuleKind,
    Item,
    Status,
    OpenedAt,
    FirstValue,
    WorstValue,
    LastValue,
    Reference,
    WorstSeverity,
    LastAt,
    ValuesCount,
    Notified,
    AcknowledgedAt,
    AcknowledgedBy,
    AcknowledgedByName,
    Note,
    EscalatedAt,
    EscalatedTo,
    EscalatedToName,
}

#[derive(DeriveIden)]
enum AlertEvents {
    Table,
    Id,
    AlertId,
    SubmissionId,
    Kind,
    Item,
    Value,
    At,
}

#[derive(DeriveIden)]
enum MonitoringSettings {
    Table,
    OrganizationId,
    Rules,
    AdviceRu,
    AdviceEn,
    EscalationMinutes,
    CoveringDoctorId,
    ReminderHour,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PatientMonitoring {
    Table,
    PatientCardId,
    OrganizationId,
    Overrides,
    TimeZone,
    UpdatedBy,
    UpdatedAt,
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
    unique: bool,
) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(name).table(table);
    if unique {
        idx.unique();
    }
    for c in cols {
        idx.col(c);
    }
    m.create_index(idx.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Questionnaires::Table)
                .col(pk_uuid(Questionnaires::Id))
                .col(uuid(Questionnaires::OrganizationId))
                // Stable in the organization (`esas_r`).
                .col(string_len(Questionnaires::Code, 64))
                // `common::templates::Purpose`: `questionnaire` or `diary`.
                .col(string_len(Questionnaires::Purpose, 16))
                // The built-in template it is, if it is one (not a copy).
                .col(string_len_null(Questionnaires::Template, 16))
                // The current version's title and size, for the library list.
                .col(string_len(Questionnaires::TitleRu, 500))
                .col(string_len(Questionnaires::TitleEn, 500))
                .col(integer(Questionnaires::ItemCount))
                .col(integer(Questionnaires::CurrentVersion))
                .col(uuid(Questionnaires::CurrentVersionId))
                .col(timestamp_with_time_zone_null(Questionnaires::ArchivedAt))
                .col(timestamp_with_time_zone(Questionnaires::CreatedAt))
                .col(timestamp_with_time_zone(Questionnaires::UpdatedAt))
                .foreign_key(&mut fk(
                    Questionnaires::Table,
                    Questionnaires::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_questionnaires_org_code",
            Questionnaires::Table,
            vec![Questionnaires::OrganizationId.into_iden(), Questionnaires::Code.into_iden()],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(QuestionnaireVersions::Table)
                .col(pk_uuid(QuestionnaireVersions::Id))
                .col(uuid(QuestionnaireVersions::QuestionnaireId))
                .col(integer(QuestionnaireVersions::Version))
                // `common::questionnaire::Definition` as JSON; never changes.
                .col(text(QuestionnaireVersions::Definition))
                // The membership that wrote it; none for a built-in template.
                .col(uuid_null(QuestionnaireVersions::CreatedBy))
                .col(timestamp_with_time_zone(QuestionnaireVersions::CreatedAt))
                .foreign_key(&mut fk(
                    QuestionnaireVersions::Table,
                    QuestionnaireVersions::QuestionnaireId,
                    Questionnaires::Table,
                    Questionnaires::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_questionnaire_versions",
            QuestionnaireVersions::Table,
            vec![QuestionnaireVersions::QuestionnaireId.into_iden(), QuestionnaireVersions::Version.into_iden()],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Assignments::Table)
                .col(pk_uuid(Assignments::Id))
                .col(uuid(Assignments::OrganizationId))
                .col(uuid(Assignments::PatientCardId))
                .col(uuid(Assignments::QuestionnaireId))
                // `common::questionnaire::Schedule` as JSON; its first and last day also as
                // columns, for the reminder job's query.
                .col(text(Assignments::Schedule))
                .col(date(Assignments::StartDate))
                .col(date_null(Assignments::UntilDate))
                .col(uuid_null(Assignments::AssignedBy))
                .col(string_len(Assignments::AssignedByName, 400))
                .col(timestamp_with_time_zone(Assignments::CreatedAt))
                .col(timestamp_with_time_zone_null(Assignments::EndedAt))
                .foreign_key(&mut fk(
                    Assignments::Table,
                    Assignments::PatientCardId,
                    PatientCards::Table,
                    PatientCards::Id,
                ))
                .foreign_key(&mut fk(
                    Assignments::Table,
                    Assignments::QuestionnaireId,
                    Questionnaires::Table,
                    Questionnaires::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, "ix_assignments_card", Assignments::Table, vec![Assignments::PatientCardId.into_iden()], false)
            .await?;
        index(
            m,
            "ix_assignments_org_active",
            Assignments::Table,
            vec![Assignments::OrganizationId.into_iden(), Assignments::EndedAt.into_iden()],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Submissions::Table)
                .col(pk_uuid(Submissions::Id))
                .col(uuid(Submissions::OrganizationId))
                .col(uuid(Submissions::PatientCardId))
                .col(uuid(Submissions::QuestionnaireId))
                .col(uuid(Submissions::VersionId))
                .col(uuid_null(Submissions::AssignmentId))
                // The assignment's due day it answers: one submission per due day.
                .col(date_null(Submissions::DueOn))
                // The patient's day when it was given.
                .col(date(Submissions::LocalDate))
                // `Vec<common::questionnaire::Answer>` as JSON.
                .col(text(Submissions::Answers))
                // Its "entered by patient" record entry (MON-6).
                .col(uuid(Submissions::EntryId))
                .col(uuid(Submissions::SubmittedBy))
                .col(uuid_null(Submissions::ActingFor))
                .col(timestamp_with_time_zone(Submissions::SubmittedAt))
                .foreign_key(&mut fk(
                    Submissions::Table,
                    Submissions::PatientCardId,
                    PatientCards::Table,
                    PatientCards::Id,
                ))
                .foreign_key(&mut fk(
                    Submissions::Table,
                    Submissions::VersionId,
                    QuestionnaireVersions::Table,
                    QuestionnaireVersions::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_submissions_card_time",
            Submissions::Table,
            vec![Submissions::PatientCardId.into_iden(), Submissions::SubmittedAt.into_iden()],
            false,
        )
        .await?;
        index(
            m,
            "ux_submissions_assignment_due",
            Submissions::Table,
            vec![Submissions::AssignmentId.into_iden(), Submissions::DueOn.into_iden()],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Observations::Table)
                .col(pk_uuid(Observations::Id))
                .col(uuid(Observations::OrganizationId))
                .col(uuid(Observations::PatientCardId))
                .col(uuid(Observations::SubmissionId))
                // The item's stable code (`vitals.temp_c`).
                .col(string_len(Observations::Code, 64))
                .col(double(Observations::Value))
                .col(timestamp_with_time_zone(Observations::At))
                .foreign_key(&mut fk(
                    Observations::Table,
                    Observations::SubmissionId,
                    Submissions::Table,
                    Submissions::Id,
                ))
                .to_owned(),
        )
        .await?;
        // Charts, worsening and drop rules: one item of one patient over time.
        index(
            m,
            "ix_observations_card_code_time",
            Observations::Table,
            vec![Observations::PatientCardId.into_iden(), Observations::Code.into_iden(), Observations::At.into_iden()],
            false,
        )
        .await?;
        // The trend of "Monitoring": every score of a patient in a window.
        index(
            m,
            "ix_observations_card_time",
            Observations::Table,
            vec![Observations::PatientCardId.into_iden(), Observations::At.into_iden()],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Alerts::Table)
                .col(pk_uuid(Alerts::Id))
                .col(uuid(Alerts::OrganizationId))
                .col(uuid(Alerts::PatientCardId))
                // The rule's code (`temp_high`) and kind (`threshold`, `worsening`, `drop`, `silence`).
                .col(string_len(Alerts::Rule, 64))
                .col(string_len(Alerts::RuleKind, 16))
                // The item of the worst value; empty for silence.
                .col(string_len(Alerts::Item, 64))
                // `open` or `acknowledged`.
                .col(string_len(Alerts::Status, 16))
                .col(timestamp_with_time_zone(Alerts::OpenedAt))
                .col(double(Alerts::FirstValue))
                .col(double(Alerts::WorstValue))
                .col(double(Alerts::LastValue))
                .col(double(Alerts::Reference))
                .col(double(Alerts::WorstSeverity))
                .col(timestamp_with_time_zone(Alerts::LastAt))
                .col(integer(Alerts::ValuesCount))
                .col(integer(Alerts::Notified))
                .col(timestamp_with_time_zone_null(Alerts::AcknowledgedAt))
                .col(uuid_null(Alerts::AcknowledgedBy))
                .col(string_len_null(Alerts::AcknowledgedByName, 400))
                .col(text_null(Alerts::Note))
                .col(timestamp_with_time_zone_null(Alerts::EscalatedAt))
                .col(uuid_null(Alerts::EscalatedTo))
                .col(string_len_null(Alerts::EscalatedToName, 400))
                .foreign_key(&mut fk(Alerts::Table, Alerts::PatientCardId, PatientCards::Table, PatientCards::Id))
                .to_owned(),
        )
        .await?;
        // One open alert per patient and rule, enforced by the database (both dialects accept
        // a partial unique index).
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_alerts_open_rule ON alerts (patient_card_id, rule) WHERE status = 'open'",
            )
            .await?;
        index(
            m,
            "ix_alerts_card_status",
            Alerts::Table,
            vec![Alerts::PatientCardId.into_iden(), Alerts::Status.into_iden(), Alerts::OpenedAt.into_iden()],
            false,
        )
        .await?;
        index(
            m,
            "ix_alerts_org_status",
            Alerts::Table,
            vec![Alerts::OrganizationId.into_iden(), Alerts::Status.into_iden(), Alerts::OpenedAt.into_iden()],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AlertEvents::Table)
                .col(pk_uuid(AlertEvents::Id))
                .col(uuid(AlertEvents::AlertId))
                .col(uuid_null(AlertEvents::SubmissionId))
                // `opened`, `joined`, `worse`, `escalated`, `acknowledged`.
                .col(string_len(AlertEvents::Kind, 16))
                .col(string_len(AlertEvents::Item, 64))
                .col(double_null(AlertEvents::Value))
                .col(timestamp_with_time_zone(AlertEvents::At))
                .foreign_key(&mut fk(AlertEvents::Table, AlertEvents::AlertId, Alerts::Table, Alerts::Id))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_alert_events_alert",
            AlertEvents::Table,
            vec![AlertEvents::AlertId.into_iden(), AlertEvents::At.into_iden()],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(MonitoringSettings::Table)
                .col(pk_uuid(MonitoringSettings::OrganizationId))
                // `Vec<common::alerts::AlertRule>` as JSON.
                .col(text(MonitoringSettings::Rules))
                .col(text(MonitoringSettings::AdviceRu))
                .col(text(MonitoringSettings::AdviceEn))
                .col(integer(MonitoringSettings::EscalationMinutes))
                // The covering doctor's membership.
                .col(uuid_null(MonitoringSettings::CoveringDoctorId))
                .col(integer(MonitoringSettings::ReminderHour))
                .col(timestamp_with_time_zone(MonitoringSettings::UpdatedAt))
                .foreign_key(&mut fk(
                    MonitoringSettings::Table,
                    MonitoringSettings::OrganizationId,
                    Organizations::Table,
                    Organizations::Id,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PatientMonitoring::Table)
                .col(pk_uuid(PatientMonitoring::PatientCardId))
                .col(uuid(PatientMonitoring::OrganizationId))
                // `Vec<common::alerts::AlertRule>` as JSON: overrides of the organization's rules.
                .col(text(PatientMonitoring::Overrides))
                // An IANA zone when the patient lives elsewhere than the organization.
                .col(string_len_null(PatientMonitoring::TimeZone, 64))
                .col(uuid_null(PatientMonitoring::UpdatedBy))
                .col(timestamp_with_time_zone(PatientMonitoring::UpdatedAt))
                .foreign_key(&mut fk(
                    PatientMonitoring::Table,
                    PatientMonitoring::PatientCardId,
                    PatientCards::Table,
                    PatientCards::Id,
                ))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            PatientMonitoring::Table.into_iden(),
            MonitoringSettings::Table.into_iden(),
            AlertEvents::Table.into_iden(),
            Alerts::Table.into_iden(),
            Observations::Table.into_iden(),
            Submissions::Table.into_iden(),
            Assignments::Table.into_iden(),
            QuestionnaireVersions::Table.into_iden(),
            Questionnaires::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
