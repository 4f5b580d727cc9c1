//! Who of the staff may call, in the handler's signature (vaultwarden's `ManagerHeaders`).
//!
//! [`PatientStaff`] admits an organizer, doctor or assistant of one organization. The
//! extractors here narrow it before the handler runs, so no handler checks a role in its body:
//! - [`Staff<R>`]: a staff member of role `R` ([`role::Organizer`], [`role::Clinician`] — a
//!   doctor or assistant —, [`role::Doctor`]); anyone else is refused with 403, audited under
//!   the action `A` when the handler names one (`Staff<role::Clinician, AlertList>`).
//! - [`RecordReader<A>`]: a reader of a patient's record — the patient himself ([`Patient`]:
//!   his card or one he represents) or a clinician; anyone else is refused with 403, audited
//!   under `A`.
//! - [`StaffCard<R, A>`]: also resolves the patient card named by the path's `{id}` within the
//!   caller's scope and hands the handler the card: 404 outside the scope, 403 for the wrong
//!   role, every refusal audited as denied under `A`.
//!
//! `A` is a type declared with [`audit_action!`](crate::audit_action) beside the handlers:
//! the action their refusals are recorded as.

use std::marker::PhantomData;
use std::ops::Deref;

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use common::ErrorCode;
use common::audit::AuditAction;
use common::auth::Role;
use common::ids::PatientId;
use db::entities::patient_card;

use super::extract::{AuthContext, Patient, PatientScope, PatientStaff};
use super::scope::find_visible;
use crate::http::error::ApiError;
use crate::platform::audit::AuditEvent;
use crate::state::AppState;

/// The roles a staff extractor admits.
pub mod role {
    use super::PatientScope;

    /// Which staff scopes a role admits.
    pub trait StaffRole {
        fn admits(scope: PatientScope) -> bool;
    }

    /// The organizer, doctors and assistants: every staff member who works with patients.
    #[derive(Debug, Clone, Copy)]
    pub struct Any;
    /// The organizer of the organization.
    #[derive(Debug, Clone, Copy)]
    pub struct Organizer;
    /// A clinician: a doctor, or an assistant with access to his doctors' patients.
    #[derive(Debug, Clone, Copy)]
    pub struct Clinician;
    /// A doctor.
    #[derive(Debug, Clone, Copy)]
    pub struct Doctor;

    impl StaffRole for Any {
        fn admits(_: PatientScope) -> bool {
            true
        }
    }
    impl StaffRole for Organizer {
        fn admits(scope: PatientScope) -> bool {
            scope == PatientScope::Organization
        }
    }
    impl StaffRole for Clinician {
        fn admits(scope: PatientScope) -> bool {
            scope != PatientScope::Organization
        }
    }
    impl StaffRole for Doctor {
        fn admits(scope: PatientScope) -> bool {
            matches!(scope, PatientScope::Doctor(_))
        }
    }
}

use role::StaffRole;

/// The audit action a handler's refusals are recorded as, and what they answer.
pub trait Action {
    /// The action; `None`: a refusal is not audited.
    const ACTION: Option<AuditAction>;
    /// The audited entity of a refusal by role.
    const ENTITY: &'static str = "patient";
    /// The 403's detail; `None`: the generic one.
    const REFUSAL: Option<&'static str> = None;
}

/// A refusal that is answered but not audited.
#[derive(Debug, Clone, Copy)]
pub struct Unaudited;

impl Action for Unaudited {
    const ACTION: Option<AuditAction> = None;
}

/// Declares, for the staff extractors, a type named after a variant of
/// [`AuditAction`] whose refusals are audited under that variant:
/// `audit_action!(RecordList);`, optionally with the entity a role refusal is audited as and
/// its 403's detail: `audit_action!(AlertList, "alert", "…");` (or the entity alone).
#[macro_export]
macro_rules! audit_action {
    ($(#[$doc:meta])* $variant:ident $(, $entity:literal $(, $refusal:literal)?)?) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $variant;
        impl $crate::auth::staff::Action for $variant {
            const ACTION: Option<::common::audit::AuditAction> = Some(::common::audit::AuditAction::$variant);
            $(
                const ENTITY: &'static str = $entity;
                $(const REFUSAL: Option<&'static str> = Some($refusal);)?
            )?
        }
    };
}

type Fut<T> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, ApiError>>>>;

fn app_state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("application state missing")))
}

/// The 403 of a refusal by role.
fn forbidden<A: Action>() -> ApiError {
    match A::REFUSAL {
        Some(detail) => ApiError::code(ErrorCode::Forbidden, detail),
        None => ApiError::forbidden(),
    }
}

/// A staff member of role `R`; anyone else is refused with 403 (audited under `A` when it
/// names an action). Derefs to the [`PatientStaff`] it narrows.
#[derive(Debug, Clone)]
pub struct Staff<R, A = Unaudited> {
    pub who: PatientStaff,
    _role: PhantomData<(R, A)>,
}

impl<R, A> Deref for Staff<R, A> {
    type Target = PatientStaff;
    fn deref(&self) -> &PatientStaff {
        &self.who
    }
}

impl<R: StaffRole + 'static, A: Action + 'static> FromRequest for Staff<R, A> {
    type Error = ApiError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, p: &mut Payload) -> Self::Future {
        let who = PatientStaff::from_request(req, p);
        let state = app_state(req);
        Box::pin(async move {
            let who = who.await?;
            if R::admits(who.scope) {
                return Ok(Staff { who, _role: PhantomData });
            }
            if let Some(action) = A::ACTION {
                let state = state?;
                state.audit.read(AuditEvent::by(&who.ctx, action, A::ENTITY, state.clock.now()).denied()).await?;
            }
            Err(forbidden::<A>())
        })
    }
}

/// A reader of a patient's record: the patient himself (his card, or with `X-Patient-Id` one he
/// represents) or a clinician (a doctor, or an assistant with access). The organizer does not
/// read medical records (docs/decisions.md, "Medical record"): he and the operator are refused
/// with 403, audited under `A`. The handler resolves what is read within the reader's reach.
#[derive(Debug, Clone)]
pub enum RecordReader<A> {
    Patient(Box<Patient>),
    Clinician(Staff<role::Clinician, A>),
}

impl<A: Action + 'static> FromRequest for RecordReader<A> {
    type Error = ApiError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, p: &mut Payload) -> Self::Future {
        let ctx = AuthContext::from_request(req, p);
        let state = app_state(req);
        let req = req.clone();
        Box::pin(async move {
            let ctx = ctx.await?;
            match (ctx.role, ctx.organization_id) {
                (Role::Patient, Some(_)) => {
                    Ok(Self::Patient(Box::new(Patient::from_request(&req, &mut Payload::None).await?)))
                }
                (Role::Doctor | Role::Assistant, Some(_)) => {
                    Ok(Self::Clinician(Staff::from_request(&req, &mut Payload::None).await?))
                }
                _ => {
                    if let Some(action) = A::ACTION {
                        let state = state?;
                        state.audit.read(AuditEvent::by(&ctx, action, A::ENTITY, state.clock.now()).denied()).await?;
                    }
                    Err(forbidden::<A>())
                }
            }
        })
    }
}

/// The path's `{id}`, a patient card.
#[derive(serde::Deserialize)]
struct CardPath {
    id: PatientId,
}

/// The patient card named by the path's `{id}`, within the caller's scope, for a staff member
/// of role `R` ([`role::Clinician`] or [`role::Doctor`]: the organizer does not read medical
/// records — docs/decisions.md, "Medical record"; [`role::Any`]: his cards too).
///
/// In this order: a caller who is not staff is 403 (audited as `patient.access`); the organizer
/// where `R` refuses him is 403 `forbidden`; a card outside the caller's organization or
/// patients is 404; a clinician who is not a doctor where `R` is [`role::Doctor`] is 403
/// `doctor_only`. Each refusal is audited as denied under `A`.
#[derive(Debug, Clone)]
pub struct StaffCard<R, A> {
    pub who: PatientStaff,
    pub card: patient_card::Model,
    _role: PhantomData<(R, A)>,
}

impl<R, A> Deref for StaffCard<R, A> {
    type Target = PatientStaff;
    fn deref(&self) -> &PatientStaff {
        &self.who
    }
}

impl<R, A: Action> StaffCard<R, A> {
    /// The caller and the card.
    pub fn into_parts(self) -> (PatientStaff, patient_card::Model) {
        (self.who, self.card)
    }

    /// Refuses (403 `doctor_only`, audited under `A`) anyone but a doctor, for what only a
    /// doctor does in a request others may make too: signing an entry he writes.
    pub async fn doctor(&self, state: &AppState) -> Result<(), ApiError> {
        if role::Doctor::admits(self.who.scope) {
            return Ok(());
        }
        Err(doctor_only::<A>(state, &self.who, self.card.id).await?)
    }
}

async fn doctor_only<A: Action>(state: &AppState, who: &PatientStaff, id: uuid::Uuid) -> Result<ApiError, ApiError> {
    if let Some(action) = A::ACTION {
        let event =
            AuditEvent::by(&who.ctx, action, "patient", state.clock.now()).entity_id(id).patients([id]).denied();
        state.audit.read(event).await?;
    }
    Ok(ApiError::code(ErrorCode::DoctorOnly, "Only a doctor signs entries and writes prescriptions."))
}

impl<R: StaffRole, A: Action> StaffCard<R, A> {
    async fn resolve(state: &AppState, who: PatientStaff, id: PatientId) -> Result<Self, ApiError> {
        let denied = |who: &PatientStaff| {
            let event =
                AuditEvent::by(&who.ctx, A::ACTION.unwrap_or(AuditAction::PatientAccess), "patient", state.clock.now());
            event.entity_id(id).denied()
        };
        if who.scope == PatientScope::Organization && !R::admits(who.scope) {
            state.audit.read(denied(&who)).await?;
            return Err(ApiError::code(
                ErrorCode::Forbidden,
                A::REFUSAL.unwrap_or("The medical record is open to the patient's clinicians only."),
            ));
        }
        let Some(card) = find_visible(&state.db, who.org, who.scope, id).await? else {
            state.audit.read(denied(&who)).await?;
            return Err(ApiError::not_found());
        };
        if !R::admits(who.scope) {
            return Err(doctor_only::<A>(state, &who, card.id).await?);
        }
        Ok(StaffCard { who, card, _role: PhantomData })
    }
}

impl<R: StaffRole + 'static, A: Action + 'static> FromRequest for StaffCard<R, A> {
    /// An `actix_web::Error`: a malformed `{id}` answers as `web::Path` does (`PathConfig`).
    type Error = actix_web::Error;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, p: &mut Payload) -> Self::Future {
        let who = PatientStaff::from_request(req, p);
        let state = app_state(req);
        let path = web::Path::<CardPath>::extract(req);
        Box::pin(async move {
            let who = who.await?;
            let id = path.await?.id;
            let state = state?;
            Ok(Self::resolve(&state, who, id).await?)
        })
    }
}
