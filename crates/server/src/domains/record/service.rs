//! The medical record (CAB-1, X-8) and prescriptions (CAB-2): the queries and conversions both
//! the clinicians' routes and the patient's cabinet use.
//!
//! Amendments always point at their root original (`amends_id`), so an original's amendments
//! are one indexed lookup and a list of originals is `amends_id IS NULL`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use common::auth::Role;
use common::cabinet::NotificationKind;
use common::ids::{AttachmentId, EntryId, PatientId, PrescriptionId};
use common::monitoring::SubmissionDto;
use common::page::PageParams;
use common::record::{
    AttachmentDto, AuthorDto, EntryDto, EntryKind, EntryStatus, EntrySummaryDto, FileKind, PrescriptionDto,
    PrescriptionStatus,
};
use db::entities::{attachment, patient_card, prescription, record_entry, submission};
use db::sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::platform::notifications::{Notice, notify};

/// The most entries the print view returns (the newest ones of the filter).
pub const PRINT_MAX_ENTRIES: u64 = 500;

fn corrupt(what: &str) -> ApiError {
    ApiError::Internal(anyhow::anyhow!("unreadable {what} in the medical record"))
}

/// Which entries a list shows.
#[derive(Debug, Clone, Copy)]
pub struct ListFilter {
    pub kind: Option<EntryKind>,
    pub status: Option<EntryStatus>,
}

/// A page of a card's originals (amendments are not rows), newest first: `occurred_on` desc,
/// then id desc — the order of `ix_record_entries_card_date` / `_card_kind_date`.
pub async fn list_page(
    db: &impl ConnectionTrait,
    card: Uuid,
    filter: ListFilter,
    page: PageParams,
) -> ApiResult<(Vec<record_entry::Model>, u64)> {
    let q = originals(card, filter);
    let total = q.clone().count(db).await?;
    let rows = q.offset(page.offset()).limit(u64::from(page.per_page)).all(db).await?;
    Ok((rows, total))
}

/// The card's originals of the filter, newest first, at most `limit`.
pub async fn list_all(
    db: &impl ConnectionTrait,
    card: Uuid,
    filter: ListFilter,
    limit: u64,
) -> ApiResult<Vec<record_entry::Model>> {
    Ok(originals(card, filter).limit(limit).all(db).await?)
}

fn originals(card: Uuid, filter: ListFilter) -> db::sea_orm::Select<record_entry::Entity> {
    let mut q = record_entry::Entity::find()
        .filter(record_entry::Column::PatientCardId.eq(card))
        .filter(record_entry::Column::AmendsId.is_null());
    if let Some(kind) = filter.kind {
        q = q.filter(record_entry::Column::Kind.eq(kind.as_str()));
    }
    if let Some(status) = filter.status {
        q = q.filter(record_entry::Column::Status.eq(status.as_str()));
    }
    q.order_by_desc(record_entry::Column::OccurredOn).order_by_desc(record_entry::Column::Id)
}

/// An entry of `card` (original or amendment), or `None`.
pub async fn find_entry(
    db: &impl ConnectionTrait,
    card: Uuid,
    id: EntryId,
) -> Result<Option<record_entry::Model>, db::sea_orm::DbErr> {
    record_entry::Entity::find_by_id(id.0).filter(record_entry::Column::PatientCardId.eq(card)).one(db).await
}

/// The attachments of each entry (file name, kind, size, time), oldest first.
pub async fn attachments_of(
    db: &impl ConnectionTrait,
    entries: &[Uuid],
) -> ApiResult<HashMap<Uuid, Vec<AttachmentDto>>> {
    let mut map: HashMap<Uuid, Vec<AttachmentDto>> = HashMap::new();
    if entries.is_empty() {
        return Ok(map);
    }
    let rows = attachment::Entity::find()
        .filter(attachment::Column::EntryId.is_in(entries.iter().copied()))
        .order_by_asc(attachment::Column::CreatedAt)
        .order_by_asc(attachment::Column::Id)
        .all(db)
        .await?;
    for a in rows {
        let kind = FileKind::parse(&a.kind).ok_or_else(|| corrupt("file kind"))?;
        map.entry(a.entry_id).or_default().push(AttachmentDto {
            id: AttachmentId(a.id),
            file_name: a.file_name,
            kind,
            size_bytes: u64::try_from(a.size_bytes).unwrap_or(0),
            created_at: a.created_at,
        });
    }
    Ok(map)
}

/// How many attachments each entry has.
async fn attachment_counts(db: &impl ConnectionTrait, entries: &[Uuid]) -> ApiResult<HashMap<Uuid, u32>> {
    if entries.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, i64)> = attachment::Entity::find()
        .select_only()
        .column(attachment::Column::EntryId)
        .column_as(Expr::col(attachment::Column::Id).count(), "n")
        .filter(attachment::Column::EntryId.is_in(entries.iter().copied()))
        .group_by(attachment::Column::EntryId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, n)| (id, u32::try_from(n).unwrap_or(u32::MAX))).collect())
}

/// How many signed amendments each original has.
async fn signed_amendment_counts(db: &impl ConnectionTrait, originals: &[Uuid]) -> ApiResult<HashMap<Uuid, u32>> {
    if originals.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Option<Uuid>, i64)> = record_entry::Entity::find()
        .select_only()
        .column(record_entry::Column::AmendsId)
        .column_as(Expr::col(record_entry::Column::Id).count(), "n")
        .filter(record_entry::Column::AmendsId.is_in(originals.iter().copied()))
        .filter(record_entry::Column::Status.eq(EntryStatus::Signed.as_str()))
        .group_by(record_entry::Column::AmendsId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(|(id, n)| Some((id?, u32::try_from(n).unwrap_or(u32::MAX)))).collect())
}

/// The submissions the patient's entries among `entries` were made from (MON-6), by entry id,
/// each with the definition of the version answered. The lookup goes through the card
/// (`ix_submissions_card_time`): an entry and its submission belong to the same card. An entry
/// without one (an upload) keeps its stored text.
pub async fn submissions_of(
    db: &impl ConnectionTrait,
    entries: &[&record_entry::Model],
) -> ApiResult<HashMap<Uuid, SubmissionDto>> {
    let mut by_card: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for e in entries.iter().filter(|e| e.kind == EntryKind::Patient) {
        by_card.entry(e.patient_card_id).or_default().push(e.id);
    }
    let mut out = HashMap::new();
    for (card, ids) in by_card {
        for chunk in ids.chunks(500) {
            let rows = submission::Entity::find()
                .filter(submission::Column::PatientCardId.eq(card))
                .filter(submission::Column::EntryId.is_in(chunk.iter().copied()))
                .all(db)
                .await?;
            for dto in crate::domains::monitoring::submissions::submission_dtos(db, &rows).await? {
                out.insert(dto.entry_id.0, dto);
            }
        }
    }
    Ok(out)
}

/// Whether the entry is signed (final).
pub fn is_signed(m: &record_entry::Model) -> bool {
    m.status == EntryStatus::Signed
}

/// The list rows of these originals, in their order, with attachment and signed-amendment
/// counts (two grouped queries for the page).
pub async fn summaries(db: &impl ConnectionTrait, rows: &[record_entry::Model]) -> ApiResult<Vec<EntrySummaryDto>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let files = attachment_counts(db, &ids).await?;
    let amendments = signed_amendment_counts(db, &ids).await?;
    let answered = submissions_of(db, &rows.iter().collect::<Vec<_>>()).await?;
    rows.iter()
        .map(|r| {
            Ok(EntrySummaryDto {
                id: EntryId(r.id),
                kind: r.kind,
                status: r.status,
                occurred_on: r.occurred_on,
                title: r.title.clone(),
                author: AuthorDto { name: r.author_name.clone(), role: r.author_role.clone() },
                attachments: files.get(&r.id).copied().unwrap_or(0),
                amendments: amendments.get(&r.id).copied().unwrap_or(0),
                questionnaire_title: answered.get(&r.id).map(|s| s.title.clone()),
                created_at: r.created_at,
            })
        })
        .collect()
}

/// One entry as the API shows it, without its amendments.
fn bare_dto(
    m: &record_entry::Model,
    files: &mut HashMap<Uuid, Vec<AttachmentDto>>,
    answered: &mut HashMap<Uuid, SubmissionDto>,
) -> ApiResult<EntryDto> {
    Ok(EntryDto {
        id: EntryId(m.id),
        patient_id: PatientId(m.patient_card_id),
        kind: m.kind,
        status: m.status,
        occurred_on: m.occurred_on,
        title: m.title.clone(),
        body: m.body.clone(),
        answers: answered.remove(&m.id),
        author: AuthorDto { name: m.author_name.clone(), role: m.author_role.clone() },
        signed_by: m.signed_by_name.clone().map(|name| AuthorDto { name, role: Role::Doctor.as_str().to_owned() }),
        signed_at: m.signed_at,
        amends: m.amends_id.map(EntryId),
        attachments: files.remove(&m.id).unwrap_or_default(),
        amendment_entries: Vec::new(),
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// Entries with their attachments and amendments (oldest first; drafts only when
/// `with_drafts`), in the given order. Amendments of an amendment are never loaded: they all
/// point at the root.
pub async fn entry_dtos(
    db: &impl ConnectionTrait,
    entries: &[record_entry::Model],
    with_drafts: bool,
) -> ApiResult<Vec<EntryDto>> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let roots: Vec<Uuid> = entries.iter().filter(|e| e.amends_id.is_none()).map(|e| e.id).collect();
    let mut amendments = Vec::new();
    for chunk in roots.chunks(500) {
        let mut q = record_entry::Entity::find().filter(record_entry::Column::AmendsId.is_in(chunk.iter().copied()));
        if !with_drafts {
            q = q.filter(record_entry::Column::Status.eq(EntryStatus::Signed.as_str()));
        }
        amendments.extend(
            q.order_by_asc(record_entry::Column::CreatedAt).order_by_asc(record_entry::Column::Id).all(db).await?,
        );
    }
    let mut ids: Vec<Uuid> = entries.iter().map(|e| e.id).collect();
    ids.extend(amendments.iter().map(|a| a.id));
    let mut files = HashMap::new();
    for chunk in ids.chunks(500) {
        files.extend(attachments_of(db, chunk).await?);
    }
    let mut answered = submissions_of(db, &entries.iter().collect::<Vec<_>>()).await?;
    let mut by_root: HashMap<Uuid, Vec<EntryDto>> = HashMap::new();
    for a in &amendments {
        let dto = bare_dto(a, &mut files, &mut answered)?;
        if let Some(root) = a.amends_id {
            by_root.entry(root).or_default().push(dto);
        }
    }
    entries
        .iter()
        .map(|e| {
            let mut dto = bare_dto(e, &mut files, &mut answered)?;
            dto.amendment_entries = by_root.remove(&e.id).unwrap_or_default();
            Ok(dto)
        })
        .collect()
}

/// One entry with its attachments and amendments.
pub async fn entry_dto(
    db: &impl ConnectionTrait,
    entry: &record_entry::Model,
    with_drafts: bool,
) -> ApiResult<EntryDto> {
    entry_dtos(db, std::slice::from_ref(entry), with_drafts).await?.pop().ok_or_else(ApiError::not_found)
}

/// Tells the patient (in his cabinet, and by an email naming no medical content) that an
/// entry of his record was signed — through the signing transaction.
pub async fn notify_signed(
    conn: &impl ConnectionTrait,
    base_url: &str,
    card: &patient_card::Model,
    entry: &record_entry::Model,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let root = entry.amends_id.unwrap_or(entry.id);
    let notice = Notice {
        kind: NotificationKind::EntrySigned,
        subject: &entry.title,
        link: Some(format!("/cabinet/record/{root}")),
        email: true,
    };
    notify(conn, base_url, card, notice, now).await?;
    Ok(())
}

/// A card's prescriptions, newest first.
pub async fn prescriptions_of(db: &impl ConnectionTrait, card: Uuid) -> ApiResult<Vec<PrescriptionDto>> {
    prescription::Entity::find()
        .filter(prescription::Column::PatientCardId.eq(card))
        .order_by_desc(prescription::Column::CreatedAt)
        .order_by_desc(prescription::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(prescription_dto)
        .collect()
}

/// A prescription of `card`, or `None`.
pub async fn find_prescription(
    db: &impl ConnectionTrait,
    card: Uuid,
    id: PrescriptionId,
) -> Result<Option<prescription::Model>, db::sea_orm::DbErr> {
    prescription::Entity::find_by_id(id.0).filter(prescription::Column::PatientCardId.eq(card)).one(db).await
}

pub fn prescription_dto(p: &prescription::Model) -> ApiResult<PrescriptionDto> {
    Ok(PrescriptionDto {
        id: PrescriptionId(p.id),
        kind: p.kind,
        status: p.status,
        title: p.title.clone(),
        details: p.details.clone(),
        due_on: p.due_on,
        prescribed_by: AuthorDto { name: p.prescribed_by_name.clone(), role: Role::Doctor.as_str().to_owned() },
        created_at: p.created_at,
        done_at: p.done_at,
    })
}

/// Sets a prescription's status through `db` (a transaction): `done` records when and by whom
/// (kept as they were when it is done already), `todo` clears them. Returns it as it now is.
pub async fn set_prescription_status(
    db: &impl ConnectionTrait,
    p: prescription::Model,
    status: PrescriptionStatus,
    by: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<prescription::Model> {
    if p.status == status {
        return Ok(p);
    }
    let (done_at, done_by) = match status {
        PrescriptionStatus::Done => (Some(now), Some(by)),
        PrescriptionStatus::Todo => (None, None),
    };
    prescription::Entity::update_many()
        .col_expr(prescription::Column::Status, Expr::value(status.as_str()))
        .col_expr(prescription::Column::DoneAt, Expr::value(done_at))
        .col_expr(prescription::Column::DoneBy, Expr::value(done_by))
        .filter(prescription::Column::Id.eq(p.id))
        .exec(db)
        .await?;
    prescription::Entity::find_by_id(p.id).one(db).await?.ok_or_else(ApiError::not_found)
}
