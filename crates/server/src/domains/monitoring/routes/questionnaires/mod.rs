//! `/api/v1/questionnaires*`: the organization's questionnaire library (MON-1). Organizers,
//! doctors and assistants read it; organizers and doctors write it. The built-in templates are
//! read-only (copy one to adapt it). Another organization's questionnaire is 404. The library
//! holds no patient data: reads are not audited, changes are (in their transaction), and so
//! are refusals.

pub mod archive;
pub mod read;
pub mod write;

use std::future::Future;
use std::marker::PhantomData;
use std::ops::Deref;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use common::audit::AuditAction;
use common::auth::Role;
use common::ids::{OrganizationId, QuestionnaireId};
use common::{ErrorCode, FieldError};
use db::entities::questionnaire;

use crate::auth::AuthContext;
use crate::auth::staff::Action;
use crate::domains::monitoring::questionnaires;
use crate::http::error::{ApiError, ApiResult};
use crate::platform::audit::AuditEvent;
use crate::state::AppState;

/// An organizer, doctor or assistant of one organization: who may open the library. Anyone
/// else is refused with 403, audited.
#[derive(Debug, Clone)]
pub struct LibraryStaff {
    pub ctx: AuthContext,
    pub org: OrganizationId,
}

impl FromRequest for LibraryStaff {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, p: &mut Payload) -> Self::Future {
        let ctx = AuthContext::from_request(req, p);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let ctx = ctx.await?;
            match (ctx.role, ctx.organization_id) {
                (Role::Organizer | Role::Doctor | Role::Assistant, Some(org)) => Ok(LibraryStaff { ctx, org }),
                _ => {
                    if let Some(state) = state {
                        let event =
                            AuditEvent::by(&ctx, AuditAction::QuestionnaireAccess, "questionnaire", state.clock.now());
                        state.audit.read(event.denied()).await?;
                    }
                    Err(ApiError::forbidden())
                }
            }
        })
    }
}

/// The actions a library change is audited under, a refusal included.
pub mod action {
    crate::audit_action!(QuestionnaireCreate);
    crate::audit_action!(QuestionnaireVersion);
    crate::audit_action!(QuestionnaireCopy);
    crate::audit_action!(QuestionnaireArchive);
    crate::audit_action!(QuestionnaireRestore);
}

/// An organizer or doctor: who may change the library. An assistant is refused with 403
/// before the handler runs, audited as denied under `A` with the path's questionnaire id where
/// there is one; anyone else is refused as [`LibraryStaff`] refuses. Derefs to the
/// [`LibraryStaff`] it narrows.
#[derive(Debug, Clone)]
pub struct LibraryWriter<A> {
    pub staff: LibraryStaff,
    _action: PhantomData<A>,
}

impl<A> Deref for LibraryWriter<A> {
    type Target = LibraryStaff;
    fn deref(&self) -> &LibraryStaff {
        &self.staff
    }
}

impl<A: Action + 'static> FromRequest for LibraryWriter<A> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, p: &mut Payload) -> Self::Future {
        let staff = LibraryStaff::from_request(req, p);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let id = req.match_info().get("id").map(str::to_owned);
        Box::pin(async move {
            let staff = staff.await?;
            if matches!(staff.ctx.role, Role::Organizer | Role::Doctor) {
                return Ok(LibraryWriter { staff, _action: PhantomData });
            }
            if let (Some(state), Some(action)) = (state, A::ACTION) {
                let mut event = AuditEvent::by(&staff.ctx, action, "questionnaire", state.clock.now()).denied();
                event.entity_id = id;
                state.audit.read(event).await?;
            }
            Err(ApiError::code(ErrorCode::Forbidden, "Only organizers and doctors change the questionnaire library."))
        })
    }
}

/// A questionnaire of the caller's organization, or 404.
pub async fn of_org(state: &AppState, who: &LibraryStaff, id: QuestionnaireId) -> ApiResult<questionnaire::Model> {
    questionnaires::find(&state.db, who.org, id).await?.ok_or_else(ApiError::not_found)
}

/// The code's problems, if any.
pub fn check_code(errors: &mut Vec<FieldError>, code: &str) {
    if !common::questionnaire::valid_code(code, 2) {
        errors.push(FieldError {
            field: "code".into(),
            code: "invalid_format".into(),
            message: "2–64 characters of a-z, 0-9, _ and .".into(),
        });
    }
}

/// The definition's problems, with their fields under `definition.`.
pub fn check_definition(errors: &mut Vec<FieldError>, def: &common::questionnaire::Definition) {
    if let Err(e) = def.check() {
        errors.extend(e.into_iter().map(|f| FieldError { field: format!("definition.{}", f.field), ..f }));
    }
}

/// 409 `conflict` on `code`: the organization already has a questionnaire with it.
pub fn code_taken() -> ApiError {
    ApiError::CodeWithFields {
        code: ErrorCode::Conflict,
        detail: "The organization already has a questionnaire with this code.".into(),
        errors: vec![FieldError {
            field: "code".into(),
            code: "taken".into(),
            message: "already used in this organization".into(),
        }],
    }
}
