//! Who is calling: typed extractors. A handler's signature says who may call it, and tenancy
//! comes from here — never from a request field.
//!
//! On every request the membership must still be active and the account's session version
//! unchanged, so deactivation and password changes bite on the very next request (ACC-11).

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};
use common::audit::AuditAction;
use common::auth::{MembershipStatus, Role};
use common::ids::{AccountId, MembershipId, OrganizationId};
use db::entities::{account, membership, refresh_token};
use db::sea_orm::sea_query::{Expr, ExprTrait, Query};
use db::sea_orm::{ConnectionTrait, EntityTrait};

use super::jwt;
use crate::http::error::ApiError;
use crate::state::AppState;

/// An authenticated request: the account and the membership its token was issued for.
#[derive(Debug, Clone)]
pub struct AuthContext {
    pub account_id: AccountId,
    pub membership_id: MembershipId,
    /// The login session (refresh-token family) the access token belongs to.
    pub session_id: uuid::Uuid,
    /// `None` only for the platform operator.
    pub organization_id: Option<OrganizationId>,
    pub role: Role,
    pub email: String,
    /// The client's address, for the audit log.
    pub client_ip: Option<String>,
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(actix_web::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned())
}

/// What every authenticated request checks, read in one query: the membership with its
/// account, whether the login session (refresh-token family) is still live, and — for a
/// patient — whether his own card still holds the three consents (PREG-1).
#[derive(Debug, Clone)]
pub struct SessionCheck {
    pub membership_id: uuid::Uuid,
    pub account_id: uuid::Uuid,
    pub organization_id: Option<uuid::Uuid>,
    pub role: Role,
    pub active: bool,
    pub session_version: i32,
    pub email: String,
    /// The session was not logged out (nor revoked by a password change or a reuse).
    pub session_live: bool,
    /// A patient membership whose own card lacks a consent: no cabinet.
    pub consents_withdrawn: bool,
}

impl SessionCheck {
    /// Reads the check for `membership` and the session `session`; `None` when the membership
    /// or its account is gone.
    pub async fn load(
        db: &impl ConnectionTrait,
        membership: uuid::Uuid,
        session: uuid::Uuid,
    ) -> Result<Option<Self>, ApiError> {
        let (m, a) = (membership::Entity, account::Entity);
        let live = Query::select()
            .expr(Expr::val(1))
            .from(refresh_token::Entity)
            .and_where(Expr::col((refresh_token::Entity, refresh_token::Column::FamilyId)).eq(session))
            .and_where(Expr::col((refresh_token::Entity, refresh_token::Column::RevokedAt)).is_null())
            .to_owned();
        let q = Query::select()
            .expr_as(Expr::col((m, membership::Column::Id)), "membership_id")
            .expr_as(Expr::col((a, account::Column::Id)), "account_id")
            .expr_as(Expr::col((m, membership::Column::OrganizationId)), "organization_id")
            .expr_as(Expr::col((m, membership::Column::Role)), "role")
            .expr_as(Expr::col((m, membership::Column::Status)), "status")
            .expr_as(Expr::col((a, account::Column::SessionVersion)), "session_version")
            .expr_as(Expr::col((a, account::Column::Email)), "email")
            .expr_as(Expr::case(Expr::exists(live), 1).finally(0), "session_live")
            .expr_as(super::consents::consents_withdrawn_column(), "consents_withdrawn")
            .from(m)
            .inner_join(a, Expr::col((a, account::Column::Id)).equals((m, membership::Column::AccountId)))
            .and_where(Expr::col((m, membership::Column::Id)).eq(membership))
            .to_owned();
        let Some(row) = db.query_one(&q).await? else { return Ok(None) };
        let role: String = row.try_get("", "role")?;
        let role =
            Role::parse(&role).ok_or_else(|| ApiError::Internal(anyhow::anyhow!("unknown role in membership")))?;
        let status: String = row.try_get("", "status")?;
        let withdrawn: i32 = row.try_get("", "consents_withdrawn")?;
        let live: i32 = row.try_get("", "session_live")?;
        Ok(Some(Self {
            membership_id: row.try_get("", "membership_id")?,
            account_id: row.try_get("", "account_id")?,
            organization_id: row.try_get("", "organization_id")?,
            role,
            active: MembershipStatus::parse(&status) == Some(MembershipStatus::Active),
            session_version: row.try_get("", "session_version")?,
            email: row.try_get("", "email")?,
            session_live: live == 1,
            consents_withdrawn: role == Role::Patient && withdrawn == 1,
        }))
    }
}

/// The answer to a patient whose consents were withdrawn (PREG-1): 403 `consents_withdrawn`.
pub fn consents_withdrawn() -> ApiError {
    ApiError::code(
        common::ErrorCode::ConsentsWithdrawn,
        "Your consents were withdrawn: the cabinet is closed until the organization records them again.",
    )
}

impl AuthContext {
    async fn load(state: &AppState, token: Option<String>, client_ip: Option<String>) -> Result<Self, ApiError> {
        let token = token.ok_or_else(ApiError::unauthorized)?;
        let claims = jwt::verify(state.settings.jwt_secret.expose(), &token, state.clock.now())
            .ok_or_else(ApiError::unauthorized)?;
        let check = SessionCheck::load(&state.db, claims.mid, claims.sid).await?.ok_or_else(ApiError::unauthorized)?;
        if !check.active || !check.session_live || check.account_id != claims.sub || check.session_version != claims.sv
        {
            return Err(ApiError::unauthorized());
        }
        if check.consents_withdrawn {
            return Err(consents_withdrawn());
        }
        Ok(Self {
            account_id: AccountId(check.account_id),
            membership_id: MembershipId(check.membership_id),
            session_id: claims.sid,
            organization_id: check.organization_id.map(OrganizationId),
            role: check.role,
            email: check.email,
            client_ip,
        })
    }
}

type Fut<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

fn app_state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("application state missing")))
}

impl FromRequest for AuthContext {
    type Error = ApiError;
    type Future = Fut<Self>;

    /// Loaded once a request: an extractor built on another (`RecordReader` on `Patient` or
    /// `Staff`) finds the context the first one loaded in the request's extensions.
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        if let Some(ctx) = req.extensions().get::<AuthContext>().cloned() {
            return Box::pin(async move { Ok(ctx) });
        }
        let state = app_state(req);
        let token = bearer(req);
        let ip = state
            .as_ref()
            .ok()
            .and_then(|s| super::client_ip::client_ip(req, &s.settings.trusted_proxies))
            .map(|ip| ip.to_string());
        let req = req.clone();
        Box::pin(async move {
            let ctx = AuthContext::load(state?.get_ref(), token, ip).await?;
            req.extensions_mut().insert(ctx.clone());
            Ok(ctx)
        })
    }
}

/// The platform operator.
#[derive(Debug, Clone)]
pub struct Operator(pub AuthContext);

impl FromRequest for Operator {
    type Error = ApiError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, p: &mut Payload) -> Self::Future {
        let ctx = AuthContext::from_request(req, p);
        Box::pin(async move {
            let ctx = ctx.await?;
            if ctx.role != Role::Operator {
                return Err(ApiError::forbidden());
            }
            Ok(Operator(ctx))
        })
    }
}

/// Anyone but a patient: the operator or a staff member of any role (organizer, doctor,
/// instructor, assistant) — whose name his memberships keep, not a patient card. A patient is
/// refused with 403.
#[derive(Debug, Clone)]
pub struct StaffOrOperator(pub AuthContext);

impl FromRequest for StaffOrOperator {
    type Error = ApiError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, p: &mut Payload) -> Self::Future {
        let ctx = AuthContext::from_request(req, p);
        Box::pin(async move {
            let ctx = ctx.await?;
            if ctx.role == Role::Patient {
                return Err(ApiError::forbidden());
            }
            Ok(StaffOrOperator(ctx))
        })
    }
}

/// An organizer of one organization; `org` is the only organization it may touch.
#[derive(Debug, Clone)]
pub struct Organizer {
    pub ctx: AuthContext,
    pub org: OrganizationId,
}

impl FromRequest for Organizer {
    type Error = ApiError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, p: &mut Payload) -> Self::Future {
        let ctx = AuthContext::from_request(req, p);
        Box::pin(async move {
            let ctx = ctx.await?;
            match (ctx.role, ctx.organization_id) {
                (Role::Organizer, Some(org)) => Ok(Organizer { ctx, org }),
                _ => Err(ApiError::forbidden()),
            }
        })
    }
}

/// Whose patients a staff member works with (ORG-3, ORG-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatientScope {
    /// The organizer: every card of the organization.
    Organization,
    /// A doctor: the patients assigned to him (this membership).
    Doctor(uuid::Uuid),
    /// An assistant: the patients of the doctors he was granted (this membership).
    Assistant(uuid::Uuid),
}

/// A staff member who works with patient data: an organizer, doctor or assistant of one
/// organization. Anyone else is refused with 403, and the refusal is audited.
#[derive(Debug, Clone)]
pub struct PatientStaff {
    pub ctx: AuthContext,
    pub org: OrganizationId,
    pub scope: PatientScope,
}

impl PatientStaff {
    /// The caller's membership: the author's or signer's name as the record and the monitoring
    /// keep it.
    pub async fn membership(&self, db: &impl ConnectionTrait) -> Result<membership::Model, ApiError> {
        membership::Entity::find_by_id(self.ctx.membership_id.0).one(db).await?.ok_or_else(ApiError::unauthorized)
    }
}

impl FromRequest for PatientStaff {
    type Error = ApiError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, p: &mut Payload) -> Self::Future {
        let ctx = AuthContext::from_request(req, p);
        let state = app_state(req);
        let target = req.match_info().get("id").map(str::to_owned);
        Box::pin(async move {
            let ctx = ctx.await?;
            let scope = match ctx.role {
                Role::Organizer => Some(PatientScope::Organization),
                Role::Doctor => Some(PatientScope::Doctor(ctx.membership_id.0)),
                Role::Assistant => Some(PatientScope::Assistant(ctx.membership_id.0)),
                _ => None,
            };
            match (scope, ctx.organization_id) {
                (Some(scope), Some(org)) => Ok(PatientStaff { ctx, org, scope }),
                _ => {
                    let state = state?;
                    let mut event = crate::platform::audit::AuditEvent::by(
                        &ctx,
                        AuditAction::PatientAccess,
                        "patient",
                        state.clock.now(),
                    )
                    .denied();
                    event.entity_id = target;
                    state.audit.read(event).await?;
                    Err(ApiError::forbidden())
                }
            }
        })
    }
}

/// Refresh and logout ride on a cookie, so they demand a same-origin request: the `Origin`
/// header must be the configured base URL's origin or this request's own host. The host
/// comes from `Host`, or from `Forwarded: host=` / `X-Forwarded-Host` only when the peer is
/// one of `ONCOCENTER_TRUSTED_PROXIES` — a client cannot vouch for its own origin.
pub fn check_origin(req: &HttpRequest, settings: &crate::config::Settings) -> Result<(), ApiError> {
    let origin = req.headers().get(actix_web::http::header::ORIGIN).and_then(|v| v.to_str().ok());
    let Some(origin) = origin else {
        return Err(ApiError::code(common::ErrorCode::Forbidden, "Origin header required."));
    };
    let base_origin = origin_of(&settings.base_url);
    let host = super::client_ip::request_host(req, &settings.trusted_proxies);
    let same_host = origin.split_once("://").is_some_and(|(_, h)| Some(h) == host.as_deref());
    if Some(origin) == base_origin.as_deref() || same_host {
        Ok(())
    } else {
        Err(ApiError::code(common::ErrorCode::Forbidden, "Cross-origin request refused."))
    }
}

fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next()?;
    Some(format!("{scheme}://{host}"))
}

/// A patient in his cabinet (CAB), acting for one card: his own, or — with the
/// `X-Patient-Id` header — one he represents (CAB-10). A card he neither owns nor represents is
/// 404 and the refusal is audited; any other role is 403.
#[derive(Debug, Clone)]
pub struct Patient {
    pub ctx: AuthContext,
    pub org: OrganizationId,
    /// The card this request is for.
    pub card: db::entities::patient_card::Model,
    /// Set when the card is not his own: he acts as its representative.
    pub acting_for: Option<uuid::Uuid>,
}

impl Patient {
    /// An audit event of this request: the caller, for whom he acts, and the card's patient.
    pub fn audit(
        &self,
        action: AuditAction,
        entity: &'static str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> crate::platform::audit::AuditEvent {
        let mut event = crate::platform::audit::AuditEvent::by(&self.ctx, action, entity, at).patients([self.card.id]);
        event.acting_for = self.acting_for;
        event
    }

    /// Account actions (email, password) are never available while acting for a dependent.
    pub fn own_account(&self) -> Result<(), ApiError> {
        if self.acting_for.is_some() {
            Err(ApiError::code(common::ErrorCode::ActingForDependent, "Switch back to your own cabinet first."))
        } else {
            Ok(())
        }
    }

    /// The organization's "today": representatives' rights end after their day there.
    pub fn today(org: &db::entities::organization::Model, now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
        org.time_zone
            .parse::<chrono_tz::Tz>()
            .map(|tz| now.with_timezone(&tz).date_naive())
            .unwrap_or_else(|_| now.date_naive())
    }
}

/// The `X-Patient-Id` header, if the request names a card.
pub fn patient_header(req: &HttpRequest) -> Result<Option<uuid::Uuid>, ApiError> {
    match req.headers().get(common::cabinet::PATIENT_HEADER) {
        None => Ok(None),
        Some(v) => v
            .to_str()
            .ok()
            .and_then(|s| uuid::Uuid::parse_str(s.trim()).ok())
            .map(Some)
            .ok_or_else(|| ApiError::field(common::cabinet::PATIENT_HEADER, "invalid_format", "not a patient id")),
    }
}

/// The cards an account may open in an organization: his own (not deactivated or deleted), then
/// those he represents today whose consents were not withdrawn, each with its representation's
/// last day.
pub async fn patient_cards(
    db: &impl db::sea_orm::ConnectionTrait,
    org: &db::entities::organization::Model,
    account: uuid::Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<(db::entities::patient_card::Model, Option<chrono::NaiveDate>)>, ApiError> {
    use common::admin::PatientStatus;
    use db::entities::{patient_card, representative};
    use db::sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    let open = [PatientStatus::Pending.as_str(), PatientStatus::Active.as_str()];
    let own = db::Org::new(org.id)
        .find::<patient_card::Entity>()
        .filter(patient_card::Column::AccountId.eq(account))
        .filter(patient_card::Column::Status.is_in(open))
        .order_by_asc(patient_card::Column::CreatedAt)
        .all(db)
        .await?;
    let today = Patient::today(org, now);
    let reps = db::Org::new(org.id)
        .find::<representative::Entity>()
        .filter(representative::Column::AccountId.eq(account))
        .filter(representative::Column::Until.gte(today))
        .find_also_related(patient_card::Entity)
        // A dependent whose consents were withdrawn has no cabinet, not even through his
        // representative (PREG-1). A dependent's card that never had consents (created from a
        // representative's request, CAB-10) stays open to him.
        .filter(patient_card::Column::ConsentsWithdrawnAt.is_null())
        .order_by_asc(representative::Column::CreatedAt)
        .all(db)
        .await?;
    let mut cards: Vec<_> = own.into_iter().map(|c| (c, None)).collect();
    for (rep, card) in reps {
        if let Some(card) = card
            && open.contains(&card.status.as_str())
            && !cards.iter().any(|(c, _)| c.id == card.id)
        {
            cards.push((card, Some(rep.until)));
        }
    }
    Ok(cards)
}

impl FromRequest for Patient {
    type Error = ApiError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, p: &mut Payload) -> Self::Future {
        let ctx = AuthContext::from_request(req, p);
        let state = app_state(req);
        let wanted = patient_header(req);
        Box::pin(async move {
            let ctx = ctx.await?;
            let state = state?;
            let (Role::Patient, Some(org)) = (ctx.role, ctx.organization_id) else {
                let event = crate::platform::audit::AuditEvent::by(
                    &ctx,
                    AuditAction::CabinetAccess,
                    "patient",
                    state.clock.now(),
                )
                .denied();
                state.audit.read(event).await?;
                return Err(ApiError::forbidden());
            };
            let wanted = wanted?;
            let now = state.clock.now();
            let organization = db::entities::organization::Entity::find_by_id(org.0)
                .one(&state.db)
                .await?
                .ok_or_else(ApiError::unauthorized)?;
            let cards = patient_cards(&state.db, &organization, ctx.account_id.0, now).await?;
            let chosen = match wanted {
                Some(id) => cards.into_iter().find(|(c, _)| c.id == id),
                None => cards.into_iter().next(),
            };
            let Some((card, until)) = chosen else {
                let mut event =
                    crate::platform::audit::AuditEvent::by(&ctx, AuditAction::CabinetAccess, "patient", now).denied();
                event.entity_id = wanted.map(|w| w.to_string());
                state.audit.read(event).await?;
                return Err(ApiError::not_found());
            };
            let acting_for = until.map(|_| card.id);
            Ok(Patient { ctx, org, card, acting_for })
        })
    }
}
