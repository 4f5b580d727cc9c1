//! Patient cards (SPEC §1, ORG-2, ORG-7, ORG-8, PREG-1, ACC-5): parsing a card, who may see
//! it, its consents, its doctors, its invitation and the lapse of that invitation.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use common::admin::{ConsentDto, ConsentKind, PatientCardInput, PatientDto, PatientStatus, Sex, StaffRef};
use common::auth::{MembershipStatus, Role};
use common::domain::{Email, Phone, Snils, search_key};
use common::ids::{MembershipId, PatientId};
use common::person::FullName;
use common::{ErrorCode, FieldError, Locale};
use db::entities::{doctor_patient, membership, organization, patient_card, patient_consent};
use db::sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, sea_query::Expr,
};
use uuid::Uuid;

use crate::auth::PatientScope;
pub use crate::auth::consents::{consents_withdrawn, consents_withdrawn_column, lacks_consents, missing_consents};
pub use crate::auth::scope::{find_visible, scope_condition, scope_subquery};
use crate::domains::accounts::invitations::{INVITATION_TTL, Name};
use crate::domains::accounts::lapse::{LapseTarget, schedule_lapse};
use crate::http::error::{ApiError, ApiResult};
use crate::platform::email::outbox::{EmailRequest, queue_email};
use crate::platform::email::templates::Template;

/// A card's fields, parsed.
pub struct CardFields {
    pub name: Name,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub email: Email,
    pub phone: Option<Phone>,
    pub snils: Option<Snils>,
    pub external_id: Option<String>,
    pub consents: BTreeSet<ConsentKind>,
}

pub const EXTERNAL_ID_MAX: usize = 100;

impl CardFields {
    /// Parses every field, naming each failing one.
    pub fn parse(input: &PatientCardInput, today: NaiveDate) -> ApiResult<Self> {
        let mut errors: Vec<FieldError> = Vec::new();
        let name = match Name::parse(&input.name.last_name, &input.name.first_name, input.name.middle_name.as_deref()) {
            Ok(n) => Some(n),
            Err(ApiError::Validation(v)) => {
                errors.extend(v);
                None
            }
            Err(e) => return Err(e),
        };
        if input.birth_date > today || input.birth_date.year() < 1900 {
            errors.push(FieldError {
                field: "birth_date".into(),
                code: "out_of_range".into(),
                message: "must be between 1900-01-01 and today".into(),
            });
        }
        let email = Email::parse(&input.email).map_err(|e| errors.push(e.field_error("email"))).ok();
        let phone = Phone::parse_optional(input.phone.as_deref().unwrap_or(""))
            .map_err(|e| errors.push(e.field_error("phone")))
            .ok()
            .flatten();
        let snils = Snils::parse_optional(input.snils.as_deref().unwrap_or(""))
            .map_err(|e| errors.push(e.field_error("snils")))
            .ok()
            .flatten();
        let external_id = input.external_id.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        if external_id.as_ref().is_some_and(|s| s.chars().count() > EXTERNAL_ID_MAX) {
            errors.push(FieldError {
                field: "external_id".into(),
                code: "too_long".into(),
                message: format!("must be at most {EXTERNAL_ID_MAX} characters long"),
            });
        }
        match (name, email) {
            (Some(name), Some(email)) if errors.is_empty() => Ok(Self {
                name,
                birth_date: input.birth_date,
                sex: input.sex,
                email,
                phone,
                snils,
                external_id,
                consents: input.consents.iter().copied().collect(),
            }),
            _ => Err(ApiError::Validation(errors)),
        }
    }

    /// What the lists search: name, email, SNILS digits and external id.
    pub fn search_key(&self) -> String {
        card_search_key(
            &self.name.full(),
            Some(self.email.as_str()),
            self.snils.as_ref().map(|s| s.as_str()),
            self.external_id.as_deref(),
        )
    }

    /// The card's columns from these fields.
    pub fn apply(&self, am: &mut patient_card::ActiveModel) {
        am.last_name = Set(self.name.last.as_str().to_owned());
        am.first_name = Set(self.name.first.as_str().to_owned());
        am.middle_name = Set(self.name.middle.as_ref().map(|m| m.as_str().to_owned()));
        am.search_key = Set(self.search_key());
        am.birth_date = Set(self.birth_date);
        am.sex = Set(self.sex);
        am.email = Set(Some(self.email.as_str().to_owned()));
        am.phone = Set(self.phone.as_ref().map(|p| p.as_str().to_owned()));
        am.snils = Set(self.snils.as_ref().map(|s| s.as_str().to_owned()));
        am.external_id = Set(self.external_id.clone());
    }
}

/// What the lists search for a card: name, email, SNILS digits and external id.
pub fn card_search_key(name: &str, email: Option<&str>, snils: Option<&str>, external_id: Option<&str>) -> String {
    let snils_digits: String = snils.map(|s| s.chars().filter(char::is_ascii_digit).collect()).unwrap_or_default();
    search_key(&format!("{} {} {} {}", name, email.unwrap_or(""), snils_digits, external_id.unwrap_or("")))
}

/// A new card's row: pending, not invited, no account; the caller sets the person's fields.
fn new_card(org: Uuid, by: Uuid, now: DateTime<Utc>) -> (Uuid, patient_card::ActiveModel) {
    let id = Uuid::now_v7();
    let am = patient_card::ActiveModel {
        id: Set(id),
        organization_id: Set(org),
        account_id: Set(None),
        status: Set(PatientStatus::Pending),
        invitation_sent_at: Set(None),
        invitation_expires_at: Set(None),
        archived_at: Set(None),
        created_by: Set(Some(by)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    (id, am)
}

/// Inserts a new, not yet invited card of `org` with its consents, recorded by `by`, through
/// `db` (a transaction). Returns its id.
pub async fn insert_card(
    db: &impl ConnectionTrait,
    org: Uuid,
    by: Uuid,
    fields: &CardFields,
    now: DateTime<Utc>,
) -> Result<Uuid, DbErr> {
    let (id, mut am) = new_card(org, by, now);
    fields.apply(&mut am);
    patient_card::Entity::insert(am).exec_without_returning(db).await?;
    sync_consents(db, id, &fields.consents, fields.email.as_str(), by, now).await?;
    Ok(id)
}

/// Inserts a dependent's card (CAB-10): a name, birth date and sex, no email, no consents;
/// pending (it has no account of its own — its representative opens it). Returns its id.
pub async fn insert_dependent_card(
    db: &impl ConnectionTrait,
    org: Uuid,
    by: Uuid,
    name: &Name,
    birth_date: NaiveDate,
    sex: Sex,
    now: DateTime<Utc>,
) -> Result<Uuid, DbErr> {
    let (id, mut am) = new_card(org, by, now);
    am.last_name = Set(name.last.as_str().to_owned());
    am.first_name = Set(name.first.as_str().to_owned());
    am.middle_name = Set(name.middle.as_ref().map(|m| m.as_str().to_owned()));
    am.search_key = Set(card_search_key(&name.full(), None, None, None));
    am.birth_date = Set(birth_date);
    am.sex = Set(sex);
    am.email = Set(None);
    am.phone = Set(None);
    am.snils = Set(None);
    am.external_id = Set(None);
    patient_card::Entity::insert(am).exec_without_returning(db).await?;
    Ok(id)
}

/// Assigns a card to a doctor (ORG-8); assigning twice is a no-op.
pub async fn assign(
    db: &impl ConnectionTrait,
    org: Uuid,
    by: Uuid,
    card: Uuid,
    doctor: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    doctor_patient::Entity::insert(doctor_patient::ActiveModel {
        organization_id: Set(org),
        doctor_id: Set(doctor),
        patient_card_id: Set(card),
        assigned_at: Set(now),
        assigned_by: Set(Some(by)),
    })
    .on_conflict_do_nothing_on([doctor_patient::Column::DoctorId, doctor_patient::Column::PatientCardId])
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Keeps an account's patient membership in an organization working exactly while one of its
/// cards there is active: deactivating the last one ends the cabinet on the next request
/// (ACC-11), reactivating one opens it again.
pub async fn sync_patient_membership(
    db: &impl ConnectionTrait,
    org: Uuid,
    account: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let active = db::Org::new(org)
        .find::<patient_card::Entity>()
        .filter(patient_card::Column::AccountId.eq(account))
        .filter(patient_card::Column::Status.eq(PatientStatus::Active.as_str()))
        .one(db)
        .await?
        .is_some();
    let status = if active { MembershipStatus::Active } else { MembershipStatus::Deactivated };
    membership::Entity::update_many()
        .col_expr(membership::Column::Status, Expr::value(status.as_str()))
        .col_expr(membership::Column::UpdatedAt, Expr::value(now))
        .filter(db::Org::new(org).owns::<membership::Entity>())
        .filter(membership::Column::AccountId.eq(account))
        .filter(membership::Column::Role.eq(Role::Patient.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

pub fn status_of(card: &patient_card::Model) -> PatientStatus {
    card.status
}

/// The patients of one doctor, as a condition on `patient_cards.id`.
pub fn of_doctor(doctor: Uuid) -> Condition {
    scope_condition(PatientScope::Doctor(doctor)).unwrap_or_else(Condition::all)
}

/// Makes the card's consents the `wanted` set: new ones are recorded now by `by` (the
/// email-results one for `email`), absent ones are withdrawn, kept ones keep their date.
/// Returns whether anything changed.
pub async fn sync_consents(
    db: &impl ConnectionTrait,
    card: Uuid,
    wanted: &BTreeSet<ConsentKind>,
    email: &str,
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let have = patient_consent::Entity::find().filter(patient_consent::Column::PatientCardId.eq(card)).all(db).await?;
    let mut changed = false;
    let mut withdrawn = false;
    for c in &have {
        let keep = wanted.contains(&c.kind);
        if !keep {
            patient_consent::Entity::delete_many()
                .filter(patient_consent::Column::PatientCardId.eq(card))
                .filter(patient_consent::Column::Kind.eq(c.kind))
                .exec(db)
                .await?;
            changed = true;
            withdrawn = true;
        }
    }
    // A withdrawal is remembered until all three are recorded again (PREG-1): it closes the
    // card to its representatives as well.
    let complete = ConsentKind::ALL.iter().all(|k| wanted.contains(k));
    if complete {
        patient_card::Entity::update_many()
            .col_expr(patient_card::Column::ConsentsWithdrawnAt, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(patient_card::Column::Id.eq(card))
            .filter(patient_card::Column::ConsentsWithdrawnAt.is_not_null())
            .exec(db)
            .await?;
    } else if withdrawn {
        patient_card::Entity::update_many()
            .col_expr(patient_card::Column::ConsentsWithdrawnAt, Expr::value(now))
            .filter(patient_card::Column::Id.eq(card))
            .filter(patient_card::Column::ConsentsWithdrawnAt.is_null())
            .exec(db)
            .await?;
    }
    for kind in wanted {
        let existing = have.iter().find(|c| c.kind == *kind);
        let stale_email =
            *kind == ConsentKind::EmailResults && existing.is_some_and(|c| c.email.as_deref() != Some(email));
        if existing.is_some() && !stale_email {
            continue;
        }
        if existing.is_some() {
            patient_consent::Entity::delete_many()
                .filter(patient_consent::Column::PatientCardId.eq(card))
                .filter(patient_consent::Column::Kind.eq(kind.as_str()))
                .exec(db)
                .await?;
        }
        patient_consent::Entity::insert(patient_consent::ActiveModel {
            patient_card_id: Set(card),
            kind: Set(*kind),
            email: Set((*kind == ConsentKind::EmailResults).then(|| email.to_owned())),
            recorded_at: Set(now),
            recorded_by: Set(Some(by)),
        })
        .exec_without_returning(db)
        .await?;
        changed = true;
    }
    Ok(changed)
}

/// Moves the email-results consent to a corrected address (a typo corrected in the resend
/// dialog, ACC-4): the consent the patient signed is for the right address.
pub async fn correct_consent_email(db: &impl ConnectionTrait, card: Uuid, email: &str) -> Result<(), DbErr> {
    patient_consent::Entity::update_many()
        .col_expr(patient_consent::Column::Email, Expr::value(email))
        .filter(patient_consent::Column::PatientCardId.eq(card))
        .filter(patient_consent::Column::Kind.eq(ConsentKind::EmailResults.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// The card's version for optimistic concurrency (its `ETag` without the quotes): a hash of
/// what the card form edits — data, consents, status — so a change of the doctors or a resent
/// invitation does not make an open form stale.
pub fn card_version(dto: &PatientDto) -> ApiResult<String> {
    let consents: Vec<ConsentKind> = dto.consents.iter().map(|c| c.kind).collect();
    crate::http::concurrency::version_of(&(
        &dto.name,
        dto.birth_date,
        dto.sex,
        &dto.email,
        &dto.phone,
        &dto.snils,
        &dto.external_id,
        consents,
        dto.status,
    ))
}

/// The cards as the API shows them, with consents and doctors, in the given order.
pub async fn dtos(db: &impl ConnectionTrait, cards: &[patient_card::Model]) -> ApiResult<Vec<PatientDto>> {
    if cards.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = cards.iter().map(|c| c.id).collect();
    let consents = patient_consent::Entity::find()
        .filter(patient_consent::Column::PatientCardId.is_in(ids.clone()))
        .all(db)
        .await?;
    let links =
        doctor_patient::Entity::find().filter(doctor_patient::Column::PatientCardId.is_in(ids.clone())).all(db).await?;
    let people: BTreeSet<Uuid> =
        consents.iter().filter_map(|c| c.recorded_by).chain(links.iter().map(|l| l.doctor_id)).collect();
    let names: HashMap<Uuid, String> = if people.is_empty() {
        HashMap::new()
    } else {
        membership::Entity::find()
            .filter(membership::Column::Id.is_in(people))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.id, m.full_name().full()))
            .collect()
    };
    cards
        .iter()
        .map(|card| {
            let own: Vec<patient_consent::Model> =
                consents.iter().filter(|c| c.patient_card_id == card.id).cloned().collect();
            let mut consent_dtos: Vec<ConsentDto> = own
                .iter()
                .map(|c| ConsentDto {
                    kind: c.kind,
                    recorded_at: c.recorded_at,
                    recorded_by: c.recorded_by.and_then(|b| names.get(&b).cloned()),
                    email: c.email.clone(),
                })
                .collect();
            consent_dtos.sort_by_key(|c| c.kind);
            let mut doctors: Vec<StaffRef> = links
                .iter()
                .filter(|l| l.patient_card_id == card.id)
                .map(|l| StaffRef {
                    id: MembershipId(l.doctor_id),
                    name: names.get(&l.doctor_id).cloned().unwrap_or_default(),
                })
                .collect();
            doctors.sort_by(|a, b| a.name.cmp(&b.name));
            let status = status_of(card);
            let pending = status == PatientStatus::Pending;
            let mut dto = PatientDto {
                id: PatientId(card.id),
                status,
                name: FullName {
                    last_name: card.last_name.clone(),
                    first_name: card.first_name.clone(),
                    middle_name: card.middle_name.clone(),
                },
                birth_date: card.birth_date,
                sex: card.sex,
                email: card.email.clone(),
                phone: card.phone.clone(),
                snils: card.snils.clone(),
                external_id: card.external_id.clone(),
                missing_consents: missing_consents(card, &own),
                consents: consent_dtos,
                invitation_sent_at: if pending { card.invitation_sent_at } else { None },
                invitation_expires_at: if pending { card.invitation_expires_at } else { None },
                archived_at: card.archived_at,
                doctors,
                created_at: card.created_at,
                updated_at: card.updated_at,
                version: String::new(),
            };
            dto.version = card_version(&dto)?;
            Ok(dto)
        })
        .collect()
}

/// The patient cabinet's entry: the registration step (PREG-2) with the invited address
/// filled in. The address rides in the fragment, which the browser never sends to a server, so
/// it stays out of access logs and `Referer` headers; the link still carries no secret.
pub fn registration_link(base_url: &str, email: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'.').remove(b'-').remove(b'_').remove(b'@').remove(b'~');
    format!("{base_url}/register#email={}", percent_encoding::utf8_percent_encode(email, KEEP))
}

/// Sends (or resends) a pending card's invitation through `db` (a transaction): refuses while
/// consents are missing, records when it was sent and when it lapses, queues the email and the
/// lapse job.
pub async fn send_invitation(
    db: &impl ConnectionTrait,
    base_url: &str,
    card: &patient_card::Model,
    org: &organization::Model,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if status_of(card) != PatientStatus::Pending {
        return Err(ApiError::code(ErrorCode::Conflict, "Only a card that is not yet activated gets an invitation."));
    }
    let consents =
        patient_consent::Entity::find().filter(patient_consent::Column::PatientCardId.eq(card.id)).all(db).await?;
    let missing = missing_consents(card, &consents);
    if !missing.is_empty() {
        return Err(consents_missing(&missing));
    }
    let Some(to) = card.email.clone() else {
        return Err(ApiError::field("email", "required", "is required"));
    };
    let expires = now + INVITATION_TTL;
    patient_card::Entity::update_many()
        .col_expr(patient_card::Column::InvitationSentAt, Expr::value(now))
        .col_expr(patient_card::Column::InvitationExpiresAt, Expr::value(expires))
        .col_expr(patient_card::Column::UpdatedAt, Expr::value(now))
        .filter(patient_card::Column::Id.eq(card.id))
        .exec(db)
        .await?;
    let full_name = card.full_name().full();
    let link = registration_link(base_url, &to);
    queue_email(
        db,
        base_url,
        EmailRequest {
            organization_id: Some(common::ids::OrganizationId(org.id)),
            to,
            locale: Locale::Ru,
            template: Template::PatientInvitation {
                organization: org.name.clone(),
                full_name,
                link,
                expires_on: expires.date_naive().to_string(),
            },
        },
        now,
    )
    .await?;
    schedule_lapse(db, LapseTarget::Patient, card.id, expires, now).await?;
    Ok(())
}

pub fn consents_missing(missing: &[ConsentKind]) -> ApiError {
    ApiError::CodeWithFields {
        code: ErrorCode::ConsentsMissing,
        detail: "The invitation needs all three consents recorded on the card.".into(),
        errors: missing
            .iter()
            .map(|k| FieldError {
                field: format!("consents.{}", k.as_str()),
                code: "required".into(),
                message: "is not recorded".into(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::registration_link;

    #[test]
    fn the_registration_link_carries_the_address_in_its_fragment() {
        assert_eq!(
            registration_link("https://onco.example", "belova@example.org"),
            "https://onco.example/register#email=belova@example.org"
        );
        // `+`, `&` and `#` would change the meaning of the fragment: encoded.
        assert_eq!(
            registration_link("https://onco.example", "a+b&c#d@x.ru"),
            "https://onco.example/register#email=a%2Bb%26c%23d@x.ru"
        );
    }
}
