//! Downloads through signed, short-lived links: an authorized caller asks for a link,
//! and the browser follows it without any access token.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, web};
use common::audit::AuditAction;
use common::ids::{AttachmentId, PatientId};
use common::record::{DownloadLinkDto, EntryStatus, FileKind};
use common::{ErrorCode, Problem};
use db::entities::{attachment, record_entry};
use db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use futures_util::TryStreamExt;
use object_store::ObjectStoreExt;
use object_store::path::Path as ObjectPath;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::auth::RecordReader;
use crate::auth::scope::find_visible;
use crate::http::error::{ApiError, ApiResult};
use crate::platform::audit::AuditEvent;
use crate::platform::files::link::{self, LINK_TTL};
use crate::state::AppState;

mod action {
    crate::audit_action!(AttachmentLink, "attachment");
}

/// A signed link to download an attachment, valid 5 minutes. A patient gets links to
/// the attachments of his card's (or the represented card's) signed entries; a doctor or
/// assistant to those of the patients in his reach. The organizer does not read the record.
#[utoipa::path(
    tag = "attachments",
    params(
        ("id" = AttachmentId, Path, description = "The attachment"),
        ("X-Patient-Id" = Option<common::ids::PatientId>, Header, description = "A patient: the card acted for (a represented one)"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The link", body = DownloadLinkDto),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient, doctor or assistant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such attachment within the caller's reach", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/attachments/{id}/link")]
pub async fn get_link(
    state: web::Data<AppState>,
    reader: RecordReader<action::AttachmentLink>,
    id: web::Path<AttachmentId>,
) -> ApiResult<web::Json<DownloadLinkDto>> {
    let id = id.into_inner().0;
    let now = state.clock.now();
    let found = attachment::Entity::find_by_id(id);
    let event = match reader {
        RecordReader::Patient(patient) => {
            let att = found
                .filter(db::Org::new(patient.org).owns::<attachment::Entity>())
                .filter(attachment::Column::PatientCardId.eq(patient.card.id))
                .one(&state.db)
                .await?;
            // Only what the cabinet shows: attachments of signed entries.
            let signed = match &att {
                Some(a) => record_entry::Entity::find_by_id(a.entry_id)
                    .filter(record_entry::Column::Status.eq(EntryStatus::Signed.as_str()))
                    .one(&state.db)
                    .await?
                    .is_some(),
                None => false,
            };
            let event = patient.audit(AuditAction::AttachmentLink, "attachment", now).entity_id(id);
            if !signed {
                state.audit.read(event.denied()).await?;
                return Err(ApiError::not_found());
            }
            event
        }
        RecordReader::Clinician(who) => {
            let att = found.filter(db::Org::new(who.org).owns::<attachment::Entity>()).one(&state.db).await?;
            let card = match &att {
                Some(a) => find_visible(&state.db, who.org, who.scope, PatientId(a.patient_card_id)).await?,
                None => None,
            };
            let event = AuditEvent::by(&who.ctx, AuditAction::AttachmentLink, "attachment", now).entity_id(id);
            match card {
                Some(card) => event.patients([card.id]),
                None => {
                    state.audit.read(event.denied()).await?;
                    return Err(ApiError::not_found());
                }
            }
        }
    };
    let expires_at = now + LINK_TTL;
    let token = link::sign(state.settings.jwt_secret.expose(), id, expires_at)?;
    state.audit.read(event).await?;
    Ok(web::Json(DownloadLinkDto { url: format!("/api/v1/files/{token}"), expires_at }))
}

/// Characters kept as they are in `filename*` (RFC 8187 `attr-char`).
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// The name a download is saved under: the uploaded name, its extension made to match the
/// detected kind (a PNG sent as `scan.pdf` downloads as `scan.png`).
pub fn download_name(file_name: &str, kind: FileKind) -> String {
    let ext = match kind {
        FileKind::Jpeg => "jpg",
        other => other.as_str(),
    };
    let (stem, current) = match file_name.rsplit_once('.') {
        Some((stem, e)) if !stem.is_empty() => (stem, Some(e.to_ascii_lowercase())),
        _ => (file_name, None),
    };
    let fits = match (kind, current.as_deref()) {
        (FileKind::Jpeg, Some("jpg" | "jpeg")) => true,
        (_, Some(e)) => e == ext,
        _ => false,
    };
    if fits { file_name.to_owned() } else { format!("{stem}.{ext}") }
}

fn expired() -> ApiError {
    ApiError::code(ErrorCode::LinkExpired, "The download link is unknown or expired; ask for a new one.")
}

/// Download a file by its signed link (no `Authorization`): the bytes streamed from the store,
/// with the detected media type. A link that is unknown, tampered with or older than 5
/// minutes is 410 `link_expired`.
#[utoipa::path(
    tag = "attachments",
    params(("token" = String, Path, description = "The signed token from `GET /attachments/{id}/link`")),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 410, description = "Unknown, tampered or expired link (`link_expired`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/files/{token}")]
pub async fn get_file(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let id = link::verify(state.settings.jwt_secret.expose(), &token, now).ok_or_else(expired)?;
    let att = attachment::Entity::find_by_id(id).one(&state.db).await?.ok_or_else(expired)?;
    let kind = FileKind::parse(&att.kind)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("unknown attachment kind {}", att.kind)))?;
    let got = state
        .files
        .store()
        .get(&ObjectPath::from(att.storage_key.as_str()))
        .await
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("file store")))?;
    let size = got.meta.size;
    let body = got.into_stream().map_err(|e| {
        tracing::error!(error = %e, "reading a file from the store failed");
        actix_web::error::ErrorInternalServerError("file store")
    });
    let mut event = AuditEvent::system(att.organization_id, AuditAction::AttachmentDownload, "attachment", now)
        .entity_id(att.id)
        .patients([att.patient_card_id]);
    event.client_ip = crate::auth::client_ip::client_ip(&req, &state.settings.trusted_proxies).map(|ip| ip.to_string());
    state.audit.read(event).await?;
    let name = download_name(&att.file_name, kind);
    let disposition = format!("attachment; filename*=UTF-8''{}", utf8_percent_encode(&name, ATTR_CHAR));
    let mut res = HttpResponse::Ok();
    res.content_type(kind.mime())
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")))
        // Stored files go out as they are: the compression middleware leaves them alone.
        .insert_header((header::CONTENT_ENCODING, HeaderValue::from_static("identity")))
        .no_chunking(size);
    Ok(res.streaming(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_match_the_kind() {
        assert_eq!(download_name("scan.pdf", FileKind::Pdf), "scan.pdf");
        assert_eq!(download_name("scan.PDF", FileKind::Pdf), "scan.PDF");
        assert_eq!(download_name("x.pdf", FileKind::Png), "x.png");
        assert_eq!(download_name("photo.jpeg", FileKind::Jpeg), "photo.jpeg");
        assert_eq!(download_name("photo", FileKind::Jpeg), "photo.jpg");
        assert_eq!(download_name(".hidden", FileKind::Zip), ".hidden.zip");
    }
}
