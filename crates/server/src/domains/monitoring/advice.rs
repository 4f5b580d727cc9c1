//! What a patient is told about his open alerts and what he learns when the care team has
//! looked (issue 14): one action in the organization's words with the number to call
//! ([`common::alerts::select_advice`]), the team's reviews with the note meant for him, and the
//! organization's contacts. Read by the cabinet's "Сегодня" and data-entry tabs and by the
//! answer to a submission.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use common::alerts::{AlertRule, Told, select_advice};
use common::auth::Role;
use common::ids::{AlertId, OrganizationId, PatientId};
use common::monitoring::{AlertStatus, CareContactsDto, PatientAdviceDto, ReviewDto};
use db::entities::{alert, membership};
use db::sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::domains::monitoring::service::{self as monitoring, OrgMonitoring};
use crate::http::error::ApiResult;

/// Reviews older than this are no longer shown on "Сегодня".
pub const REVIEW_DAYS: i64 = 14;
/// At most this many reviews are shown.
pub const MAX_REVIEWS: u64 = 5;

/// The one action for `open` alerts (the patient's open alerts, any order): each alert's stored
/// action for its worst value, with its rule's home-care tip when the rule still exists.
pub fn advice_for(settings: &OrgMonitoring, rules: &[AlertRule], open: &[alert::Model]) -> Option<PatientAdviceDto> {
    let told: Vec<(Told<'_>, &alert::Model)> = open
        .iter()
        .filter(|a| a.status == AlertStatus::Open && a.rule_kind != "silence")
        .map(|a| {
            let tip = rules.iter().find(|r| r.code == a.rule).and_then(|r| r.advice.as_ref());
            (Told { urgency: a.urgency, tip }, a)
        })
        .collect();
    let only: Vec<Told<'_>> = told.iter().map(|(t, _)| *t).collect();
    let advice = select_advice(&only, &settings.advice, &settings.contacts)?;
    Some(PatientAdviceDto {
        urgency: advice.urgency,
        text: advice.text,
        phone: advice.phone.map(|p| p.as_str().to_owned()),
        tips: advice.tips,
        answer_hours: settings.contacts.answer_hours,
        alert_ids: told.iter().map(|(_, a)| AlertId(a.id)).collect(),
        since: told.iter().map(|(_, a)| a.opened_at).min()?,
    })
}

/// The one action for a card's open alerts, loaded.
pub async fn open_advice(
    conn: &impl ConnectionTrait,
    org: OrganizationId,
    card: PatientId,
) -> ApiResult<Option<PatientAdviceDto>> {
    let open = alert::Entity::find()
        .filter(alert::Column::PatientCardId.eq(card.0))
        .filter(alert::Column::Status.eq(AlertStatus::Open.as_str()))
        .order_by_asc(alert::Column::OpenedAt)
        .all(conn)
        .await?;
    if open.is_empty() {
        return Ok(None);
    }
    let settings = monitoring::org_settings(conn, org).await?;
    let rules = monitoring::rules_for(conn, org, card).await?;
    Ok(advice_for(&settings, &rules, &open))
}

/// The care team's reviews of a card's alerts in the last [`REVIEW_DAYS`], newest first: who
/// (his current name, short: "Петров И. И."), in which role, when, and the note meant for the
/// patient. One review per acknowledgement moment and reviewer: alerts acknowledged together
/// show once.
pub async fn reviews(conn: &impl ConnectionTrait, card: PatientId, now: DateTime<Utc>) -> ApiResult<Vec<ReviewDto>> {
    let rows = alert::Entity::find()
        .filter(alert::Column::PatientCardId.eq(card.0))
        .filter(alert::Column::Status.eq(AlertStatus::Acknowledged.as_str()))
        .filter(alert::Column::AcknowledgedAt.gte(now - Duration::days(REVIEW_DAYS)))
        .order_by_desc(alert::Column::AcknowledgedAt)
        .order_by_desc(alert::Column::Id)
        .limit(MAX_REVIEWS * 4)
        .all(conn)
        .await?;
    let ids: Vec<Uuid> = rows.iter().filter_map(|a| a.acknowledged_by).collect();
    let names: HashMap<Uuid, membership::Model> = membership::Entity::find()
        .filter(membership::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let mut out: Vec<ReviewDto> = Vec::new();
    for a in rows {
        let Some(at) = a.acknowledged_at else { continue };
        let by = a.acknowledged_by.and_then(|id| names.get(&id));
        let review = ReviewDto {
            alert_id: AlertId(a.id),
            reviewed_at: at,
            reviewer_name: by
                .map_or_else(|| a.acknowledged_by_name.clone().unwrap_or_default(), |m| m.full_name().short()),
            reviewer_role: a.acknowledged_by_role.or(by.map(|m| m.role)).unwrap_or(Role::Doctor),
            note: a.patient_note.clone(),
        };
        let same = out.iter_mut().find(|r| {
            r.reviewer_name == review.reviewer_name && (r.reviewed_at - review.reviewed_at).num_seconds().abs() < 60
        });
        match same {
            Some(r) if r.note.is_none() => r.note = review.note,
            Some(_) => {}
            None => out.push(review),
        }
        if out.len() >= usize::try_from(MAX_REVIEWS).unwrap_or(5) {
            break;
        }
    }
    Ok(out)
}

/// The organization's contacts as the cabinet shows them.
pub fn contacts(organization: &str, settings: &OrgMonitoring) -> CareContactsDto {
    CareContactsDto {
        organization: organization.to_owned(),
        department_phone: settings.contacts.department_phone.as_ref().map(|p| p.as_str().to_owned()),
        hotline_phone: settings.contacts.hotline_phone.as_ref().map(|p| p.as_str().to_owned()),
        answer_hours: settings.contacts.answer_hours,
    }
}

#[cfg(test)]
mod tests {
    use common::alerts::{Urgency, default_rules};
    use common::domain::Phone;

    use super::*;

    fn alert(rule: &str, kind: &str, urgency: Urgency, minutes: i64) -> alert::Model {
        let t = DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z").unwrap().with_timezone(&Utc);
        alert::Model {
            id: Uuid::now_v7(),
            organization_id: Uuid::nil(),
            patient_card_id: Uuid::nil(),
            rule: rule.into(),
            rule_kind: kind.into(),
            item: String::new(),
            status: AlertStatus::Open,
            opened_at: t + Duration::minutes(minutes),
            first_value: 0.0,
            worst_value: 0.0,
            last_value: 0.0,
            reference: 0.0,
            worst_severity: 0.0,
            last_at: t,
            values_count: 1,
            notified: 1,
            acknowledged_at: None,
            acknowledged_by: None,
            acknowledged_by_name: None,
            note: None,
            patient_note: None,
            acknowledged_by_role: None,
            urgency,
            taken_by: None,
            taken_by_name: None,
            taken_at: None,
            escalated_at: None,
            escalated_to: None,
            escalated_to_name: None,
        }
    }

    #[test]
    fn the_most_urgent_open_alert_decides_and_silence_is_not_told() {
        let mut settings = OrgMonitoring::default();
        settings.contacts.hotline_phone = Some(Phone::parse("+7 495 000-00-24").unwrap());
        let open = [
            alert("esas_high", "threshold", Urgency::Review, 5),
            alert("temp_high", "threshold", Urgency::CallClinic, 10),
            alert("silence", "silence", Urgency::Review, 0),
        ];
        let a = advice_for(&settings, &default_rules(), &open).unwrap();
        assert_eq!(a.urgency, Urgency::CallClinic);
        assert_eq!(a.phone.as_deref(), Some("+7 495 000-00-24"));
        assert_eq!(a.alert_ids.len(), 2, "silence is the care team's, not the patient's");
        assert_eq!(a.since, open[0].opened_at);
        assert!(advice_for(&settings, &default_rules(), &open[2..]).is_none());
    }
}
