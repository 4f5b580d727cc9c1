//! What is sent to a patient (CAB-8): a notification row in his cabinet, and — for the kinds
//! that warrant it — an email to his card's address that says only what kind of thing is new
//! (never medical content) with a link to the cabinet. Both go through the caller's
//! transaction, so a notification exists exactly when the change that causes it does.

use chrono::{DateTime, Utc};
use common::Locale;
use common::cabinet::{NotificationChannel, NotificationKind};
use common::ids::{NotificationId, OrganizationId};
use db::entities::{account, notification, organization, patient_card};
use db::sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

use crate::platform::email::outbox::{EmailRequest, queue_email};
use crate::platform::email::templates::Template;

/// One notification of a card.
pub struct Notice<'a> {
    pub kind: NotificationKind,
    /// What it names (an entry's title, a feedback subject): shown in the cabinet only.
    pub subject: &'a str,
    /// A cabinet path (`/cabinet/record/<id>`).
    pub link: Option<String>,
    /// Also send an email (to the card's address, in its account's language).
    pub email: bool,
}

/// Stores the notification of `card` and, when asked and the card has an address, queues its
/// email — both through `conn`, the change's transaction.
pub async fn notify(
    conn: &impl ConnectionTrait,
    base_url: &str,
    card: &patient_card::Model,
    notice: Notice<'_>,
    now: DateTime<Utc>,
) -> Result<NotificationId, DbErr> {
    let mut email_id = None;
    if notice.email
        && let Some(to) = card.email.clone()
    {
        let org = organization::Entity::find_by_id(card.organization_id).one(conn).await?;
        let locale = match card.account_id {
            Some(acc) => account::Entity::find_by_id(acc)
                .one(conn)
                .await?
                .and_then(|a| Locale::parse(&a.locale))
                .unwrap_or_default(),
            None => Locale::default(),
        };
        let link = format!("{}{}", base_url.trim_end_matches('/'), notice.link.as_deref().unwrap_or("/cabinet"));
        let template =
            Template::CabinetNotice { kind: notice.kind, organization: org.map(|o| o.name).unwrap_or_default(), link };
        let req = EmailRequest { organization_id: Some(OrganizationId(card.organization_id)), to, locale, template };
        email_id = Some(queue_email(conn, base_url, req, now).await?.0);
    }
    let id = NotificationId::new();
    let channel = if email_id.is_some() { NotificationChannel::Email } else { NotificationChannel::InApp };
    notification::ActiveModel {
        id: Set(id.0),
        organization_id: Set(card.organization_id),
        patient_card_id: Set(card.id),
        kind: Set(notice.kind),
        channel: Set(match channel {
            NotificationChannel::Email => "email".to_owned(),
            NotificationChannel::InApp => "in_app".to_owned(),
        }),
        subject: Set(notice.subject.chars().take(400).collect()),
        link: Set(notice.link),
        email_id: Set(email_id),
        created_at: Set(now),
        read_at: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(id)
}
