//! The OpenAPI 3.1 document. Paths are collected from the handlers registered in
//! [`crate::startup::api`]; this adds what is global.

use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

mod shared;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "OncoCenter API",
        description = "REST API of OncoCenter, the platform for remote monitoring and rehabilitation of \
oncology patients. Every error is RFC 9457 `application/problem+json` with a stable `code`. \
See docs/api-design.md for the conventions (ids, pagination, time, idempotency, concurrency).",
        license(name = "Proprietary"),
    ),
    servers((url = "/", description = "This server")),
    tags(
        (name = "system", description = "Health and readiness probes"),
        (name = "auth", description = "Login, refresh, logout, role switch, forgotten password"),
        (name = "invitations", description = "Accepting an emailed invitation (activation)"),
        (name = "operator", description = "The platform operator: medical organizations and their organizers"),
        (name = "staff", description = "The organizer's staff: doctors, instructors, assistants, organizers"),
        (name = "patients", description = "Patient cards: consents, invitations, doctors; scoped to the caller (organizer, doctor, assistant)"),
        (name = "settings", description = "The organization's settings (group classes)"),
        (name = "news", description = "The organization's news for patient cabinets"),
        (name = "prices", description = "The organization's price list, with CSV import"),
        (name = "profile", description = "The caller's own name, email and password"),
        (name = "audit", description = "The audit log of patient-data access"),
        (name = "record", description = "The medical record and prescriptions: the clinicians' side (`/patients/{id}/record`, `/patients/{id}/prescriptions`) and the patient's cabinet (`/cabinet/record`, `/cabinet/prescriptions`)"),
        (name = "registration", description = "A patient registers his cabinet with the data of his card and an emailed code"),
        (name = "questionnaires", description = "Remote monitoring's questionnaires: the organization's library and its versions, assignments to patients on a schedule, the patient's data entry and his answers (each an \"entered by patient\" record entry, checked by the alert rules)"),
        (name = "monitoring", description = "Remote monitoring: the clinicians' Monitoring list, chart series, alerts and their acknowledgement, monitoring settings, and the live channel of alerts (server-sent events with a one-time ticket)"),
    ),
    // Query enums that `IntoParams` references without registering them.
    components(schemas(
        common::Problem,
        common::FieldError,
        common::ErrorCode,
        common::admin::SortOrder,
        common::admin::PatientListKind
    )),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

/// `Authorization: Bearer <access token>` from login, refresh, switch or invitation acceptance.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("A short-lived access token (15 min) for one membership"))
                    .build(),
            ),
        );
    }
}

/// The whole document, as `/api/openapi.json` serves it.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(utoipa_actix_web::scope("/api/v1").configure(crate::startup::api))
        .split_for_parts();
    // After the merge: the derive's own modifiers run before the handlers' paths are added.
    shared::SharedProblems.modify(&mut doc);
    shared::unique_operation_ids(&mut doc);
    doc
}

/// The document as committed under `openapi/openapi.json` (pretty, trailing newline).
pub fn document_json() -> anyhow::Result<String> {
    let mut text = document().to_pretty_json()?;
    text.push('\n');
    Ok(text)
}
