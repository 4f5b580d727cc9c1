//! `/api/v1/live`: the live channel of alerts (MON-5) as server-sent events.
//!
//! `EventSource` cannot send an `Authorization` header, and an access token must never travel
//! in a URL: the SPA first takes a one-time ticket (`POST /live/ticket`, a minute, stored
//! hashed) and opens `GET /live?ticket=…`, which spends it. The stream carries
//! `event: alert` frames of [`LiveEvent`] JSON for the caller's patients (an assistant: his
//! doctors' patients) and alerts escalated to him, and a `: ping` comment every 20 s. Each event
//! is checked against the database when it arrives (visibility, a still-active membership and
//! unchanged sessions of the account); a deactivated membership or a password change ends the
//! stream.

use std::sync::Arc;
use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use bytes::Bytes;
use chrono::Duration as ChronoDuration;
use common::audit::AuditAction;
use common::auth::Role;
use common::ids::{OrganizationId, PatientId};
use common::monitoring::{LiveEvent, LiveTicketDto};
use common::{ErrorCode, Problem};
use db::entities::{account, membership, one_time_token};
use db::sea_orm::{ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter};
use serde::Deserialize;
use tokio::sync::broadcast;
use uuid::Uuid;

use crate::auth::extract::SessionCheck;
use crate::auth::scope;
use crate::auth::staff::Action;
use crate::auth::{PatientScope, Staff, role, secret};
use crate::http::error::{ApiError, ApiResult};
use crate::platform::audit::AuditEvent;
use crate::platform::live::Envelope;
use crate::state::AppState;

/// How long a ticket is valid.
pub const TICKET_TTL: ChronoDuration = ChronoDuration::seconds(60);
/// A comment keeps proxies from closing an idle stream and finds dead connections.
pub const PING_EVERY: Duration = Duration::from_secs(20);

fn ticket_hash(t: &str) -> String {
    secret::hash(&[one_time_token::PURPOSE_LIVE, t])
}

/// The organizer is refused a ticket (403, not audited): alerts go to the patients' clinicians.
pub struct TicketRefusal;

impl Action for TicketRefusal {
    const ACTION: Option<common::audit::AuditAction> = None;
    const REFUSAL: Option<&'static str> = Some("Alerts go to the patients' clinicians only.");
}

/// A one-time ticket for `GET /live` (doctor or assistant): valid for a minute, once.
#[utoipa::path(
    tag = "monitoring",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The ticket", body = LiveTicketDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a doctor or assistant", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/live/ticket")]
pub async fn ticket(
    state: web::Data<AppState>,
    who: Staff<role::Clinician, TicketRefusal>,
) -> ApiResult<web::Json<LiveTicketDto>> {
    let now = state.clock.now();
    // The stream ends when the account's sessions end (a password change, ACC-11) or this
    // session is logged out.
    let sv = account::Entity::find_by_id(who.ctx.account_id.0)
        .one(&state.db)
        .await?
        .ok_or_else(ApiError::unauthorized)?
        .session_version;
    let payload = format!("{sv} {}", who.ctx.session_id);
    let secret = secret::new_token();
    let expires_at = now + TICKET_TTL;
    // Tickets pile up with every page load: the account's spent and expired ones go now
    // (`ix_one_time_tokens_account_purpose`).
    one_time_token::Entity::delete_many()
        .filter(one_time_token::Column::AccountId.eq(who.ctx.account_id.0))
        .filter(one_time_token::Column::Purpose.eq(one_time_token::PURPOSE_LIVE))
        .filter(
            Condition::any()
                .add(one_time_token::Column::ExpiresAt.lte(now))
                .add(one_time_token::Column::UsedAt.is_not_null()),
        )
        .exec(&state.db)
        .await?;
    one_time_token::Entity::insert(one_time_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        purpose: Set(one_time_token::PURPOSE_LIVE.to_owned()),
        token_hash: Set(ticket_hash(&secret)),
        account_id: Set(Some(who.ctx.account_id.0)),
        membership_id: Set(Some(who.ctx.membership_id.0)),
        expires_at: Set(expires_at),
        used_at: Set(None),
        attempts: Set(0),
        payload: Set(Some(payload)),
        created_at: Set(now),
    })
    .exec_without_returning(&state.db)
    .await?;
    Ok(web::Json(LiveTicketDto { ticket: secret, expires_at }))
}

/// `?ticket=` of `GET /live`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LiveQuery {
    /// From `POST /live/ticket`.
    #[serde(default)]
    pub ticket: String,
}

fn ticket_invalid() -> ApiError {
    ApiError::code(ErrorCode::TicketInvalid, "The ticket is unknown, used or expired; take a new one.")
}

/// The live channel: `text/event-stream` of `event: alert` frames (`data:` a [`LiveEvent`]) for
/// alerts of the caller's patients and those escalated to him, and `: ping` every 20 s.
#[utoipa::path(
    tag = "monitoring",
    params(LiveQuery),
    responses(
        (status = 200, description = "Server-sent events, `event: alert`, `data:` one LiveEvent as JSON", body = LiveEvent, content_type = "text/event-stream"),
        (status = 401, description = "The ticket is unknown, used or expired (`ticket_invalid`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/live")]
pub async fn stream(state: web::Data<AppState>, req: HttpRequest, q: web::Query<LiveQuery>) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    if q.ticket.is_empty() || q.ticket.len() > 128 {
        return Err(ticket_invalid());
    }
    let row = one_time_token::Entity::find()
        .filter(one_time_token::Column::TokenHash.eq(ticket_hash(&q.ticket)))
        .filter(one_time_token::Column::Purpose.eq(one_time_token::PURPOSE_LIVE))
        .one(&state.db)
        .await?
        .ok_or_else(ticket_invalid)?;
    if row.used_at.is_some() || row.expires_at <= now || !secret::consume(&state.db, row.id, now).await? {
        return Err(ticket_invalid());
    }
    let (sv, session) = row.payload.as_deref().and_then(ticket_payload).ok_or_else(ticket_invalid)?;
    let m = match row.membership_id {
        Some(id) => membership::Entity::find_by_id(id).one(&state.db).await?,
        None => None,
    }
    .ok_or_else(ticket_invalid)?;
    let scope = match m.role {
        Role::Doctor => PatientScope::Doctor(m.id),
        Role::Assistant => PatientScope::Assistant(m.id),
        _ => return Err(ticket_invalid()),
    };
    let (Some(org), true) = (m.organization_id, session_lives(&state.db, m.id, sv, session).await?) else {
        return Err(ticket_invalid());
    };
    let ip = crate::auth::client_ip::client_ip(&req, &state.settings.trusted_proxies).map(|ip| ip.to_string());
    let audit = AuditEvent {
        organization_id: Some(org),
        account_id: m.account_id,
        membership_id: Some(m.id),
        acting_for: None,
        action: AuditAction::AlertLive,
        entity: "alert",
        entity_id: None,
        patient_ids: Vec::new(),
        client_ip: ip,
        outcome: crate::platform::audit::Outcome::Ok,
        at: now,
    };
    // Subscribed before the answer goes out: nothing published after it is missed.
    let rx = state.live.subscribe();
    let conn = Connection {
        state: state.into_inner(),
        rx,
        org,
        membership: m.id,
        session_version: sv,
        session,
        scope,
        audit,
        ping: tokio::time::interval_at(tokio::time::Instant::now() + PING_EVERY, PING_EVERY),
    };
    let body = futures_util::stream::unfold((conn, true), |(mut c, first)| async move {
        if first {
            return Some((Ok::<_, std::convert::Infallible>(Bytes::from_static(b": connected\n\n")), (c, false)));
        }
        c.next_frame().await.map(|frame| (Ok(frame), (c, false)))
    });
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        // Not compressed: the compressor would hold frames back.
        .insert_header((header::CONTENT_ENCODING, "identity"))
        .insert_header(("x-accel-buffering", "no"))
        .streaming(body))
}

/// The ticket's payload: the account's session version and the login session, `"{sv} {sid}"`.
fn ticket_payload(p: &str) -> Option<(i32, Uuid)> {
    let (sv, sid) = p.split_once(' ')?;
    Some((sv.parse().ok()?, Uuid::parse_str(sid).ok()?))
}

/// Whether the membership is still active, its account's sessions of version `sv` still valid
/// (no password change since the ticket) and the login session `session` not logged out — the
/// same one-query check as every request's (`SessionCheck`).
async fn session_lives(db: &DatabaseConnection, membership: Uuid, sv: i32, session: Uuid) -> Result<bool, ApiError> {
    let check = SessionCheck::load(db, membership, session).await?;
    Ok(check.is_some_and(|c| c.active && c.session_live && !c.consents_withdrawn && c.session_version == sv))
}

/// One open stream.
struct Connection {
    state: Arc<AppState>,
    rx: broadcast::Receiver<Arc<Envelope>>,
    org: Uuid,
    membership: Uuid,
    /// The account's session version when the ticket was taken.
    session_version: i32,
    /// The login session the ticket was taken in.
    session: Uuid,
    scope: PatientScope,
    audit: AuditEvent,
    ping: tokio::time::Interval,
}

impl Connection {
    /// The next frame to send, or `None` to end the stream.
    async fn next_frame(&mut self) -> Option<Bytes> {
        loop {
            let got = tokio::select! {
                _ = self.ping.tick() => None,
                r = self.rx.recv() => Some(r),
            };
            match got {
                None => {
                    return match self.still_active().await {
                        Ok(true) => Some(Bytes::from_static(b": ping\n\n")),
                        Ok(false) => None,
                        Err(e) => {
                            tracing::warn!(error = %e, "live stream: membership check failed");
                            Some(Bytes::from_static(b": ping\n\n"))
                        }
                    };
                }
                Some(Ok(env)) => match self.may_see(&env).await {
                    Ok(Some(true)) => {
                        let event = self.audit.clone().entity_id(env.event.alert.id.0).patients([env.patient_card_id]);
                        let event = AuditEvent { at: self.state.clock.now(), ..event };
                        if let Err(e) = self.state.audit.read(event).await {
                            tracing::warn!(error = %e, "live event not audited; not sent");
                            continue;
                        }
                        match serde_json::to_string(&env.event) {
                            Ok(json) => return Some(Bytes::from(format!("event: alert\ndata: {json}\n\n"))),
                            Err(e) => tracing::error!(error = %e, "live event not serializable"),
                        }
                    }
                    Ok(Some(false)) => {}
                    Ok(None) => return None,
                    Err(e) => tracing::warn!(error = %e, "live stream: visibility check failed; event skipped"),
                },
                Some(Err(broadcast::error::RecvError::Lagged(n))) => {
                    tracing::warn!(missed = n, "live stream fell behind; events skipped");
                }
                Some(Err(broadcast::error::RecvError::Closed)) => return None,
            }
        }
    }

    async fn still_active(&self) -> Result<bool, ApiError> {
        session_lives(&self.state.db, self.membership, self.session_version, self.session).await
    }

    /// Whether the caller may see the event: `None` when his membership is no longer active or
    /// his sessions ended (the stream ends).
    async fn may_see(&self, env: &Envelope) -> Result<Option<bool>, ApiError> {
        if env.organization_id != self.org {
            return Ok(Some(false));
        }
        if !self.still_active().await? {
            return Ok(None);
        }
        if env.escalated_to == Some(self.membership) {
            return Ok(Some(true));
        }
        let card =
            scope::find_visible(&self.state.db, OrganizationId(self.org), self.scope, PatientId(env.patient_card_id))
                .await?;
        Ok(Some(card.is_some()))
    }
}
