//! The transactional outbox: [`queue_email`] stores the rendered email and its `send_email`
//! job through the caller's transaction; the job sends it once.

use chrono::{DateTime, Utc};
use common::Locale;
use common::ids::{EmailId, OrganizationId};
use db::entities::{email, job};
use db::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, sea_query::Expr,
};

use super::OutgoingEmail;
use super::templates::Template;
use crate::platform::jobs::{Job, NewJob, enqueue};
use crate::state::AppState;

/// Who gets an email, in which language, about what.
#[derive(Debug, Clone)]
pub struct EmailRequest {
    pub organization_id: Option<OrganizationId>,
    pub to: String,
    pub locale: Locale,
    pub template: Template,
}

/// Renders and stores an email and its send job through `conn` (the transaction of the
/// change that causes it). Nothing is sent unless that transaction commits.
pub async fn queue_email(
    conn: &impl ConnectionTrait,
    base_url: &str,
    req: EmailRequest,
    now: DateTime<Utc>,
) -> Result<EmailId, DbErr> {
    let id = EmailId::new();
    let rendered = req.template.render(req.locale, base_url);
    email::ActiveModel {
        id: Set(id.0),
        organization_id: Set(req.organization_id.map(|o| o.0)),
        to_address: Set(req.to),
        locale: Set(req.locale.as_str().to_owned()),
        template: Set(req.template.name().to_owned()),
        subject: Set(rendered.subject),
        body_text: Set(rendered.text),
        body_html: Set(rendered.html),
        status: Set(email::STATUS_QUEUED.to_owned()),
        created_at: Set(now),
        sent_at: Set(None),
    }
    .insert(conn)
    .await?;
    let job = NewJob::of(&SendEmail { email_id: id }, now)?.idempotency_key(format!("email:{id}"));
    enqueue(conn, job, now).await?;
    Ok(id)
}

/// The job that delivers one queued email and marks it sent. An email already marked sent
/// is not sent again; one interrupted between delivery and marking is delivered again with
/// the same `Message-ID`, which receiving servers and clients treat as one message.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SendEmail {
    pub email_id: EmailId,
}

impl Job for SendEmail {
    const KIND: &'static str = "send_email";

    async fn run(self, state: &AppState, _job: &job::Model) -> anyhow::Result<()> {
        let id = self.email_id;
        let Some(row) = email::Entity::find_by_id(id.0).one(&state.db).await? else {
            anyhow::bail!("email {id} does not exist");
        };
        if row.status == email::STATUS_SENT {
            return Ok(());
        }
        let out = OutgoingEmail {
            id: row.id,
            to: row.to_address.clone(),
            subject: row.subject.clone(),
            text: row.body_text.clone(),
            html: row.body_html.clone(),
        };
        state.mailer.send(&state.settings.mail_from, &out).await?;
        email::Entity::update_many()
            .col_expr(email::Column::Status, Expr::value(email::STATUS_SENT))
            .col_expr(email::Column::SentAt, Expr::value(state.clock.now()))
            .filter(email::Column::Id.eq(row.id))
            .exec(&state.db)
            .await?;
        tracing::info!(email.id = %row.id, email.template = %row.template, "email sent");
        Ok(())
    }
}
