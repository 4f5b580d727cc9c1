//! `POST /cabinet/record/uploads`: the patient adds files with a description to his record.
//!
//! Each file is streamed into the file store while it is hashed, counted and its type sniffed
//! from the first bytes; nothing is held whole in memory. On any failure every object this
//! request wrote is deleted, and the entry with its attachment rows is one transaction
//! committed only after every file is stored.

use actix_multipart::{Field, Multipart, MultipartError};
use actix_web::{HttpResponse, post, web};
use bytes::Bytes;
use common::audit::AuditAction;
use common::ids::{AttachmentId, EntryId, PatientId};
use common::record::{
    AttachmentDto, AuthorDto, ENTRY_TITLE_MAX, EntryDto, EntryKind, EntryStatus, FileKind, UPLOAD_DESCRIPTION_MAX,
    UPLOAD_MAX_FILES,
};
use common::{ErrorCode, FieldError, Problem};
use db::entities::{attachment, membership, organization, record_entry};
use db::sea_orm::{ActiveValue::Set, EntityTrait};
use futures_util::StreamExt;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStoreExt, WriteMultipart};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

use crate::auth::Patient;
use crate::http::error::{ApiError, ApiResult};
use crate::platform::files::sniff::{self, SNIFF_LEN};
use crate::platform::files::{FileStore, attachment_key};
use crate::state::AppState;

/// How many parts of one file may be on their way to the store at once (5 MB each).
const MAX_PARTS_IN_FLIGHT: usize = 2;

/// Upload files to one's record (CAB-12): `multipart/form-data` with a `description` text
/// (1..=16,000 characters; its first line is the entry's title) and 1..=10 `file` parts of at
/// most 50 MB each: PDF, DOC, DOCX, ZIP, PNG or JPEG, detected from the content — the name's
/// extension is not trusted. Archives with more than 1,000 entries, more than 500 MB unpacked,
/// or an absolute or `..` path are refused. Creates one signed entry of kind `patient`.
#[utoipa::path(
    tag = "cabinet",
    request_body(content_type = "multipart/form-data", description = "`description` (text) and 1..=10 `file` parts"),
    params(("X-Patient-Id" = Option<PatientId>, Header, description = "The card acted for (a represented one); default: one's own")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The new entry with its attachments", body = EntryDto),
        (status = 400, description = "A malformed multipart body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a patient", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The card named by X-Patient-Id is not one the caller may act for", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A file is over 50 MB (`payload_too_large`, field `file[N]`)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not multipart, or a file of a type not allowed (`file_type_not_allowed`, field `file[N]`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid description, no file, more than 10 files (`too_many_files`) or an unsafe archive (`archive_rejected`)", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/cabinet/record/uploads")]
pub async fn create(state: web::Data<AppState>, who: Patient, payload: Multipart) -> ApiResult<HttpResponse> {
    let mut written = Written::new(state.files.clone());
    match receive(&state, &who, payload, &mut written).await {
        Ok(entry) => {
            written.keep();
            Ok(HttpResponse::Created().json(entry))
        }
        Err(e) => {
            written.delete_now().await;
            Err(e)
        }
    }
}

/// One file safely in the store.
struct StoredFile {
    id: Uuid,
    file_name: String,
    kind: FileKind,
    size: u64,
    sha256: String,
    key: String,
}

async fn receive(
    state: &AppState,
    who: &Patient,
    mut payload: Multipart,
    written: &mut Written,
) -> ApiResult<EntryDto> {
    let mut description: Option<String> = None;
    let mut files: Vec<StoredFile> = Vec::new();
    while let Some(field) = payload.next().await {
        let field = field.map_err(malformed)?;
        match field.name() {
            Some("description") if description.is_none() => description = Some(read_description(field).await?),
            Some("description") => {
                return Err(ApiError::field("description", "duplicate", "send one description"));
            }
            Some("file") => {
                if files.len() >= UPLOAD_MAX_FILES {
                    return Err(ApiError::code(ErrorCode::TooManyFiles, "At most 10 files in one upload."));
                }
                let index = files.len();
                files.push(store_file(state, who, index, field, written).await?);
            }
            Some(other) => {
                return Err(ApiError::field(
                    other,
                    "unknown_field",
                    "only `description` and `file` parts are accepted",
                ));
            }
            None => return Err(malformed(MultipartError::ContentDispositionNameMissing)),
        }
    }
    let description = check_description(description.as_deref(), files.is_empty())?;
    save(state, who, description, files).await
}

/// The description, read with a byte cap (4 bytes a character at most).
async fn read_description(mut field: Field) -> ApiResult<String> {
    let cap = UPLOAD_DESCRIPTION_MAX * 4;
    let mut bytes = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(malformed)?;
        if bytes.len() + chunk.len() > cap {
            return Err(ApiError::field("description", "too_long", "at most 16,000 characters"));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| ApiError::field("description", "invalid_format", "not UTF-8 text"))
}

fn check_description(description: Option<&str>, no_files: bool) -> ApiResult<String> {
    let mut errors = Vec::new();
    let text = description.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        errors.push(field_error("description", "required", "a description is required"));
    } else if text.chars().count() > UPLOAD_DESCRIPTION_MAX {
        errors.push(field_error("description", "too_long", "at most 16,000 characters"));
    }
    if no_files {
        errors.push(field_error("file", "required", "at least one file is required"));
    }
    if errors.is_empty() { Ok(text.to_owned()) } else { Err(ApiError::Validation(errors)) }
}

fn field_error(field: &str, code: &str, message: &str) -> FieldError {
    FieldError { field: field.to_owned(), code: code.to_owned(), message: message.to_owned() }
}

/// The entry's title: the description's first line, at most 200 characters.
pub fn title_of(description: &str) -> String {
    let first = description.trim().lines().next().unwrap_or_default().trim();
    first.chars().take(ENTRY_TITLE_MAX).collect()
}

/// The name a file was sent with, reduced to a plain file name: no folders, no control
/// characters, at most 255 characters; `file` when nothing is left.
pub fn clean_file_name(raw: Option<&str>) -> String {
    let base = raw.unwrap_or_default().rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = base.chars().filter(|c| !c.is_control()).take(255).collect();
    let name = name.trim();
    if name.is_empty() || name == "." || name == ".." { "file".to_owned() } else { name.to_owned() }
}

fn malformed(e: MultipartError) -> ApiError {
    match e {
        MultipartError::ContentTypeMissing
        | MultipartError::ContentTypeParse
        | MultipartError::ContentTypeIncompatible
        | MultipartError::BoundaryMissing => {
            ApiError::code(ErrorCode::UnsupportedMediaType, "Send the upload as multipart/form-data.")
        }
        other => ApiError::code(ErrorCode::InvalidParameter, format!("Malformed multipart body: {other}.")),
    }
}

fn file_refused(code: ErrorCode, index: usize, field_code: &str, detail: &str) -> ApiError {
    ApiError::CodeWithFields {
        code,
        detail: detail.to_owned(),
        errors: vec![field_error(&format!("file[{index}]"), field_code, detail)],
    }
}

fn store_error(e: object_store::Error) -> ApiError {
    ApiError::Internal(anyhow::Error::new(e).context("file store"))
}

/// Streams one `file` part into the store: sniffs its kind from the first bytes, hashes and
/// counts it, and for a ZIP keeps a temporary copy to read its directory afterwards.
async fn store_file(
    state: &AppState,
    who: &Patient,
    index: usize,
    mut field: Field,
    written: &mut Written,
) -> ApiResult<StoredFile> {
    let file_name = clean_file_name(field.content_disposition().and_then(|cd| cd.get_filename()));
    let id = Uuid::now_v7();
    let key = attachment_key(who.org.0, who.card.id, id);
    let max = state.settings.max_upload_bytes;
    let too_large = || file_refused(ErrorCode::PayloadTooLarge, index, "too_large", "The file is over the size limit.");

    let mut head: Vec<u8> = Vec::with_capacity(SNIFF_LEN);
    let mut pending: Vec<Bytes> = Vec::new();
    let mut sink: Option<Sink> = None;
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    while let Some(chunk) = field.next().await {
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) => {
                abort(sink).await;
                return Err(malformed(e));
            }
        };
        size += chunk.len() as u64;
        if size > max {
            abort(sink).await;
            return Err(too_large());
        }
        hasher.update(&chunk);
        match sink.as_mut() {
            Some(s) => s.write(chunk).await?,
            None => {
                let take = (SNIFF_LEN - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
                pending.push(chunk);
                if head.len() == SNIFF_LEN {
                    sink = Some(Sink::open(&state.files, &key, &head, index, std::mem::take(&mut pending)).await?);
                }
            }
        }
    }
    let sink = match sink {
        Some(s) => s,
        None => Sink::open(&state.files, &key, &head, index, pending).await?,
    };
    let (kind, archive) = sink.finish().await?;
    written.keys.push(ObjectPath::from(key.as_str()));
    let kind = match archive {
        None => kind,
        Some(file) => tokio::task::spawn_blocking(move || sniff::inspect_archive(file))
            .await
            .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?
            .map_err(|p| file_refused(ErrorCode::ArchiveRejected, index, "archive_rejected", p.message()))?,
    };
    Ok(StoredFile { id, file_name, kind, size, sha256: hex::encode(hasher.finalize()), key })
}

/// Where a file's bytes go once its kind is known: the store, and a temporary file for a ZIP.
struct Sink {
    kind: FileKind,
    upload: WriteMultipart,
    copy: Option<tokio::fs::File>,
}

impl Sink {
    async fn open(store: &FileStore, key: &str, head: &[u8], index: usize, pending: Vec<Bytes>) -> ApiResult<Self> {
        let Some(kind) = sniff::kind_of(head) else {
            return Err(file_refused(
                ErrorCode::FileTypeNotAllowed,
                index,
                "file_type_not_allowed",
                "Only PDF, DOC, DOCX, ZIP, PNG and JPEG files are accepted.",
            ));
        };
        let upload = store.store().put_multipart(&ObjectPath::from(key)).await.map_err(store_error)?;
        let copy = if kind == FileKind::Zip {
            let f = tokio::task::spawn_blocking(tempfile::tempfile)
                .await
                .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?
                .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("temporary file")))?;
            Some(tokio::fs::File::from_std(f))
        } else {
            None
        };
        let mut sink = Self { kind, upload: WriteMultipart::new(upload), copy };
        for chunk in pending {
            sink.write(chunk).await?;
        }
        Ok(sink)
    }

    async fn write(&mut self, chunk: Bytes) -> ApiResult<()> {
        if let Some(copy) = self.copy.as_mut() {
            copy.write_all(&chunk).await.map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?;
        }
        self.upload.wait_for_capacity(MAX_PARTS_IN_FLIGHT).await.map_err(store_error)?;
        self.upload.put(chunk);
        Ok(())
    }

    /// Completes the object; the kind and, for a ZIP, its temporary copy to inspect.
    async fn finish(self) -> ApiResult<(FileKind, Option<std::fs::File>)> {
        self.upload.finish().await.map_err(store_error)?;
        let copy = match self.copy {
            None => None,
            Some(mut f) => {
                f.flush().await.map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?;
                Some(f.into_std().await)
            }
        };
        Ok((self.kind, copy))
    }
}

async fn abort(sink: Option<Sink>) {
    if let Some(s) = sink
        && let Err(e) = s.upload.abort().await
    {
        tracing::warn!(error = %e, "could not abort an upload");
    }
}

/// The objects this request wrote: deleted unless the request succeeds, also when it is
/// dropped half-way (the client went away).
struct Written {
    store: FileStore,
    keys: Vec<ObjectPath>,
}

impl Written {
    fn new(store: FileStore) -> Self {
        Self { store, keys: Vec::new() }
    }

    fn keep(&mut self) {
        self.keys.clear();
    }

    async fn delete_now(&mut self) {
        let keys = std::mem::take(&mut self.keys);
        self.store.delete_all(&keys).await;
    }
}

impl Drop for Written {
    fn drop(&mut self) {
        if !self.keys.is_empty() {
            let (store, keys) = (self.store.clone(), std::mem::take(&mut self.keys));
            actix_web::rt::spawn(async move { store.delete_all(&keys).await });
        }
    }
}

/// The entry and its attachment rows, with the audit row, in one transaction.
async fn save(state: &AppState, who: &Patient, description: String, files: Vec<StoredFile>) -> ApiResult<EntryDto> {
    let now = state.clock.now();
    let txn = db::begin_write(&state.db).await?;
    let org = organization::Entity::find_by_id(who.org.0).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    let author = match who.acting_for {
        None => AuthorDto { name: who.card.full_name().full(), role: "patient".to_owned() },
        Some(_) => {
            let m = membership::Entity::find_by_id(who.ctx.membership_id.0)
                .one(&txn)
                .await?
                .ok_or_else(ApiError::unauthorized)?;
            AuthorDto { name: m.full_name().full(), role: "representative".to_owned() }
        }
    };
    let entry_id = Uuid::now_v7();
    let occurred_on = Patient::today(&org, now);
    let title = title_of(&description);
    record_entry::Entity::insert(record_entry::ActiveModel {
        id: Set(entry_id),
        organization_id: Set(who.org.0),
        patient_card_id: Set(who.card.id),
        kind: Set(EntryKind::Patient),
        status: Set(EntryStatus::Signed),
        occurred_on: Set(occurred_on),
        title: Set(title.clone()),
        body: Set(description.clone()),
        amends_id: Set(None),
        author_membership_id: Set(Some(who.ctx.membership_id.0)),
        author_name: Set(author.name.clone()),
        author_role: Set(author.role.clone()),
        signed_by: Set(None),
        signed_by_name: Set(None),
        signed_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    let mut attachments = Vec::with_capacity(files.len());
    for f in files {
        attachment::Entity::insert(attachment::ActiveModel {
            id: Set(f.id),
            organization_id: Set(who.org.0),
            patient_card_id: Set(who.card.id),
            entry_id: Set(entry_id),
            file_name: Set(f.file_name.clone()),
            kind: Set(f.kind.as_str().to_owned()),
            size_bytes: Set(i64::try_from(f.size).unwrap_or(i64::MAX)),
            sha256: Set(f.sha256),
            storage_key: Set(f.key),
            uploaded_by: Set(Some(who.ctx.membership_id.0)),
            created_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        attachments.push(AttachmentDto {
            id: AttachmentId(f.id),
            file_name: f.file_name,
            kind: f.kind,
            size_bytes: f.size,
            created_at: now,
        });
    }
    crate::platform::audit::record(&txn, who.audit(AuditAction::RecordUpload, "record_entry", now).entity_id(entry_id))
        .await?;
    txn.commit().await?;
    Ok(EntryDto {
        id: EntryId(entry_id),
        patient_id: PatientId(who.card.id),
        kind: EntryKind::Patient,
        status: EntryStatus::Signed,
        occurred_on,
        title,
        body: description,
        answers: None,
        author,
        signed_by: None,
        signed_at: None,
        amends: None,
        attachments,
        amendment_entries: Vec::new(),
        created_at: now,
        updated_at: now,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_names() {
        assert_eq!(title_of("  Анализы крови\nза ноябрь"), "Анализы крови");
        assert_eq!(title_of(&"я".repeat(300)).chars().count(), ENTRY_TITLE_MAX);
        assert_eq!(clean_file_name(Some("C:\\Users\\me\\скан.pdf")), "скан.pdf");
        assert_eq!(clean_file_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(clean_file_name(Some("a\u{0}b\n.png")), "ab.png");
        assert_eq!(clean_file_name(None), "file");
        assert_eq!(clean_file_name(Some("..")), "file");
    }

    #[test]
    fn description_bounds() {
        assert!(check_description(Some("x"), false).is_ok());
        assert!(check_description(None, false).is_err());
        assert!(check_description(Some(&"a".repeat(UPLOAD_DESCRIPTION_MAX + 1)), false).is_err());
        assert!(check_description(Some("x"), true).is_err());
    }
}
