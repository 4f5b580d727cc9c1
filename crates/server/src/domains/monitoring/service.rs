//! Monitoring settings (MON-2, MON-5): the organization's rules, advice, escalation and
//! reminder hour (defaults when it saved none), a patient's own rules and time zone, and the
//! patient's "today".

use chrono::{DateTime, NaiveDate, Utc};
use common::alerts::{AdviceTexts, AlertRule, ClinicContacts, DEFAULT_ANSWER_HOURS, default_rules, effective_rules};
use common::domain::Phone;
use common::ids::{OrganizationId, PatientId};
use common::monitoring::default_reply_templates;
use common::questionnaire::I18nText;
use db::entities::{monitoring_settings, organization, patient_monitoring};
use db::sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};

/// An unacknowledged alert escalates after this long when the organization set nothing.
pub const DEFAULT_ESCALATION_MINUTES: u32 = 240;
/// Reminders go out at this local hour when the organization set nothing.
pub const DEFAULT_REMINDER_HOUR: u8 = 9;

/// An organization's monitoring settings, with the defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgMonitoring {
    pub rules: Vec<AlertRule>,
    pub advice: AdviceTexts,
    pub contacts: ClinicContacts,
    pub reply_templates: Vec<String>,
    pub escalation_minutes: u32,
    pub covering_doctor_id: Option<Uuid>,
    pub reminder_hour: u8,
}

impl Default for OrgMonitoring {
    fn default() -> Self {
        Self {
            rules: default_rules(),
            advice: AdviceTexts::default(),
            contacts: ClinicContacts::default(),
            reply_templates: default_reply_templates(),
            escalation_minutes: DEFAULT_ESCALATION_MINUTES,
            covering_doctor_id: None,
            reminder_hour: DEFAULT_REMINDER_HOUR,
        }
    }
}

pub(crate) fn corrupt(what: &str) -> ApiError {
    ApiError::Internal(anyhow::anyhow!("unreadable {what} in the monitoring data"))
}

/// Parses a stored JSON column, or a 500 naming what was unreadable.
pub fn parse_json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> ApiResult<T> {
    serde_json::from_str(text).map_err(|_| corrupt(what))
}

/// Serializes a value for a JSON column.
pub fn to_json<T: serde::Serialize>(value: &T) -> ApiResult<String> {
    serde_json::to_string(value).map_err(|e| ApiError::Internal(e.into()))
}

pub async fn org_settings(conn: &impl ConnectionTrait, org: OrganizationId) -> ApiResult<OrgMonitoring> {
    let Some(row) = monitoring_settings::Entity::find_by_id(org.0).one(conn).await? else {
        return Ok(OrgMonitoring::default());
    };
    Ok(OrgMonitoring {
        rules: parse_json(&row.rules, "rules")?,
        advice: AdviceTexts {
            review: I18nText { ru: row.advice_ru, en: row.advice_en },
            call_clinic: I18nText { ru: row.advice_call_ru, en: row.advice_call_en },
            emergency: I18nText { ru: row.advice_emergency_ru, en: row.advice_emergency_en },
        },
        contacts: ClinicContacts {
            department_phone: stored_phone(row.department_phone.as_deref())?,
            hotline_phone: stored_phone(row.hotline_phone.as_deref())?,
            answer_hours: u32::try_from(row.answer_hours).unwrap_or(DEFAULT_ANSWER_HOURS),
        },
        reply_templates: parse_json(&row.reply_templates, "reply templates")?,
        escalation_minutes: u32::try_from(row.escalation_minutes).unwrap_or(DEFAULT_ESCALATION_MINUTES),
        covering_doctor_id: row.covering_doctor_id,
        reminder_hour: u8::try_from(row.reminder_hour).unwrap_or(DEFAULT_REMINDER_HOUR),
    })
}

fn stored_phone(p: Option<&str>) -> ApiResult<Option<Phone>> {
    p.map(|p| Phone::parse(p).map_err(|_| corrupt("phone"))).transpose()
}

/// A patient's overrides and time zone (none saved: none).
pub async fn patient_settings(conn: &impl ConnectionTrait, card: Uuid) -> ApiResult<(Vec<AlertRule>, Option<String>)> {
    match patient_monitoring::Entity::find_by_id(card).one(conn).await? {
        Some(row) => Ok((parse_json(&row.overrides, "patient rules")?, row.time_zone)),
        None => Ok((Vec::new(), None)),
    }
}

/// The rules that apply to a patient: the organization's with his overrides.
pub async fn rules_for(conn: &impl ConnectionTrait, org: OrganizationId, card: PatientId) -> ApiResult<Vec<AlertRule>> {
    let org_rules = org_settings(conn, org).await?.rules;
    let (overrides, _) = patient_settings(conn, card.0).await?;
    Ok(effective_rules(&org_rules, &overrides))
}

pub use crate::platform::time_zone::zone;

/// The patient's calendar day at `now`.
pub fn local_day(tz: chrono_tz::Tz, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

/// The zone and "today" of a card of `org`.
pub async fn patient_today(
    conn: &impl ConnectionTrait,
    org: &organization::Model,
    card: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<(chrono_tz::Tz, NaiveDate)> {
    let (_, own) = patient_settings(conn, card).await?;
    let tz = zone(&org.time_zone, own.as_deref());
    Ok((tz, local_day(tz, now)))
}
