//! Issue 14, closing the monitoring loop:
//! - the organization's words for each action a patient is asked to take (review, call the
//!   department, emergency), its phones and promised answer time, and reply templates;
//! - on an alert: the action it asked for (`urgency`), the note meant for the patient, who
//!   reviewed it in which role, and who has taken it in the worklist;
//! - stored rules get the actions the built-in rules now carry (fever and low SpO2 ask for a
//!   call, severe symptoms and SpO2 ≤ 88 % step up), so an organization that saved its rules
//!   before keeps safe advice;
//! - a saved review text that is still the old built-in one (which told a feverish patient
//!   both "your doctor will contact you" and "call 103") becomes the new review text.

use sea_orm_migration::sea_orm::prelude::Uuid;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MonitoringSettings {
    Table,
    OrganizationId,
    Rules,
    AdviceRu,
    AdviceEn,
    AdviceCallRu,
    AdviceCallEn,
    AdviceEmergencyRu,
    AdviceEmergencyEn,
    DepartmentPhone,
    HotlinePhone,
    AnswerHours,
    ReplyTemplates,
}

#[derive(DeriveIden)]
enum PatientMonitoring {
    Table,
    PatientCardId,
    Overrides,
}

#[derive(DeriveIden)]
enum Alerts {
    Table,
    Urgency,
    PatientNote,
    AcknowledgedByRole,
    TakenBy,
    TakenByName,
    TakenAt,
}

const OLD_REVIEW_RU: &str = "Ваш врач получил уведомление и свяжется с вами. Этот сервис не является службой экстренной \
помощи: при температуре 38 °C и выше или тяжёлых симптомах звоните 103 или 112.";
const OLD_REVIEW_EN: &str = "Your doctor has been notified and will contact you. This service is not an emergency service: \
with a temperature of 38 °C or more, or severe symptoms, call 103 or 112.";
const REVIEW_RU: &str = "Ваши ответы получены. Продолжайте лечение по назначениям и заполняйте дневник.";
const REVIEW_EN: &str = "Your answers have been received. Keep to your prescriptions and keep filling in the diary.";
const CALL_RU: &str = "Звоните в любое время суток, днём и ночью. Не ждите, пока вам позвонят.";
const CALL_EN: &str = "At any time of day or night. Do not wait to be called.";
const EMERGENCY_RU: &str = "Это может быть опасно. Не ждите ответа в приложении.";
const EMERGENCY_EN: &str = "This may be dangerous. Do not wait for an answer in the app.";
const REPLY_TEMPLATES: &str = r#"["Я посмотрел(а) ваши ответы. Продолжайте лечение по назначениям.","Я позвоню вам сегодня.","Пожалуйста, приходите на приём в ближайшие дни."]"#;

/// The actions of the built-in rules as of this migration (a migration never changes, so they
/// are written out here rather than read from `common`).
fn upgrade_rules(json: &str) -> Option<String> {
    let mut rules: serde_json::Value = serde_json::from_str(json).ok()?;
    let mut changed = false;
    for rule in rules.as_array_mut()? {
        let Some(obj) = rule.as_object_mut() else { continue };
        if obj.contains_key("urgency") {
            continue;
        }
        let code = obj.get("code").and_then(|c| c.as_str()).unwrap_or_default().to_owned();
        let (urgency, step) = match code.as_str() {
            "temp_high" => ("call_clinic", None),
            "spo2_low" => ("call_clinic", Some((4.0, "emergency"))),
            "esas_high" | "pain_high" => ("review", Some((2.0, "call_clinic"))),
            _ => ("review", None),
        };
        obj.insert("urgency".into(), urgency.into());
        if let Some((severity, to)) = step {
            obj.insert("step".into(), serde_json::json!({ "severity": severity, "urgency": to }));
        }
        changed = true;
    }
    changed.then(|| rules.to_string())
}

async fn add(m: &SchemaManager<'_>, table: impl IntoIden + 'static, col: ColumnDef) -> Result<(), DbErr> {
    // One column per statement: SQLite's ALTER TABLE adds one at a time.
    let mut col = col;
    m.alter_table(Table::alter().table(table).add_column(&mut col).to_owned()).await
}

async fn drop_col(
    m: &SchemaManager<'_>,
    table: impl IntoIden + 'static,
    col: impl IntoIden + 'static,
) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(table).drop_column(col).to_owned()).await
}

/// Rewrites the JSON rule lists of `table.column` keyed by `key`.
async fn upgrade_table(m: &SchemaManager<'_>, table: &str, key: &str, column: &str) -> Result<(), DbErr> {
    let db = m.get_connection();
    let backend = db.get_database_backend();
    let rows =
        db.query_all_raw(Statement::from_string(backend, format!("SELECT {key}, {column} FROM {table}"))).await?;
    for row in rows {
        let id: Uuid = row.try_get("", key)?;
        let json: String = row.try_get("", column)?;
        if let Some(new) = upgrade_rules(&json) {
            let sql = match backend {
                sea_orm_migration::sea_orm::DbBackend::Postgres => {
                    format!("UPDATE {table} SET {column} = $1 WHERE {key} = $2")
                }
                _ => format!("UPDATE {table} SET {column} = ? WHERE {key} = ?"),
            };
            db.execute_raw(Statement::from_sql_and_values(backend, sql, [new.into(), id.into()])).await?;
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use MonitoringSettings as S;
        add(m, S::Table, text(S::AdviceCallRu).default(CALL_RU).to_owned()).await?;
        add(m, S::Table, text(S::AdviceCallEn).default(CALL_EN).to_owned()).await?;
        add(m, S::Table, text(S::AdviceEmergencyRu).default(EMERGENCY_RU).to_owned()).await?;
        add(m, S::Table, text(S::AdviceEmergencyEn).default(EMERGENCY_EN).to_owned()).await?;
        add(m, S::Table, string_len_null(S::DepartmentPhone, 32)).await?;
        add(m, S::Table, string_len_null(S::HotlinePhone, 32)).await?;
        add(m, S::Table, integer(S::AnswerHours).default(24).to_owned()).await?;
        // `Vec<String>` as JSON.
        add(m, S::Table, text(S::ReplyTemplates).default(REPLY_TEMPLATES).to_owned()).await?;
        let db = m.get_connection();
        db.execute(
            &Query::update()
                .table(S::Table)
                .value(S::AdviceRu, REVIEW_RU)
                .value(S::AdviceEn, REVIEW_EN)
                .and_where(Expr::col(S::AdviceRu).eq(OLD_REVIEW_RU))
                .and_where(Expr::col(S::AdviceEn).eq(OLD_REVIEW_EN))
                .to_owned(),
        )
        .await?;

        use Alerts as A;
        add(m, A::Table, string_len(A::Urgency, 16).default("review").to_owned()).await?;
        add(m, A::Table, text_null(A::PatientNote)).await?;
        add(m, A::Table, string_len_null(A::AcknowledgedByRole, 16)).await?;
        add(m, A::Table, uuid_null(A::TakenBy)).await?;
        add(m, A::Table, string_len_null(A::TakenByName, 400)).await?;
        add(m, A::Table, timestamp_with_time_zone_null(A::TakenAt)).await?;

        upgrade_table(m, "monitoring_settings", "organization_id", "rules").await?;
        upgrade_table(m, "patient_monitoring", "patient_card_id", "overrides").await?;
        let _ = (
            S::OrganizationId,
            S::Rules,
            PatientMonitoring::Table,
            PatientMonitoring::PatientCardId,
            PatientMonitoring::Overrides,
        );
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use Alerts as A;
        use MonitoringSettings as S;
        for c in [A::Urgency, A::PatientNote, A::AcknowledgedByRole, A::TakenBy, A::TakenByName, A::TakenAt] {
            drop_col(m, A::Table, c).await?;
        }
        for c in [
            S::AdviceCallRu,
            S::AdviceCallEn,
            S::AdviceEmergencyRu,
            S::AdviceEmergencyEn,
            S::DepartmentPhone,
            S::HotlinePhone,
            S::AnswerHours,
            S::ReplyTemplates,
        ] {
            drop_col(m, S::Table, c).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::upgrade_rules;

    #[test]
    fn old_rules_get_the_built_in_actions_and_new_ones_are_left_alone() {
        let old = r#"[{"code":"temp_high","item":"vitals.temp_c","kind":"threshold","compare":"at_least","value":37.5,"enabled":true},{"code":"spo2_low","item":"vitals.spo2","kind":"threshold","compare":"at_most","value":92.0,"enabled":true},{"code":"mine","item":"x","kind":"worsening","delta":2.0,"enabled":true}]"#;
        let new: serde_json::Value = serde_json::from_str(&upgrade_rules(old).unwrap()).unwrap();
        assert_eq!(new[0]["urgency"], "call_clinic");
        assert_eq!(new[0]["value"], 37.5);
        assert_eq!(new[1]["step"]["urgency"], "emergency");
        assert_eq!(new[2]["urgency"], "review");
        assert!(upgrade_rules(&new.to_string()).is_none());
    }
}
