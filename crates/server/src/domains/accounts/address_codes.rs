//! Emailed codes asked for by address: a forgotten password (ACC-6) and a patient's
//! registration (PREG-3). Such a public request must not tell whether the address has an
//! account or a card (ACC-10, PREG-6), neither by its answer nor by its time: the handler does
//! the same work for every address — it records the request as a job — and the job, off the
//! request's clock, looks the address up and, when it matches, stores a code and queues the
//! email.

use chrono::{DateTime, Duration, Utc};
use common::Locale;
use common::admin::PatientStatus;
use common::auth::RegistrationStart;
use common::domain::search_key;
use common::ids::OrganizationId;
use db::entities::{job, one_time_token, patient_card, patient_consent, registration_code};
use db::sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, sea_query::Expr};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::consents::missing_consents;
use crate::auth::secret;
use crate::domains::accounts::service as accounts;
use crate::platform::email::outbox::{EmailRequest, queue_email};
use crate::platform::email::templates::Template;
use crate::platform::jobs::{Job, NewJob, enqueue};
use crate::state::AppState;

/// A password-reset code is valid this long.
pub const RESET_CODE_TTL: Duration = Duration::minutes(30);
/// A registration code is valid this long.
pub const REGISTRATION_CODE_TTL: Duration = Duration::hours(24);
/// At most this many cards are linked by one registration.
const MAX_CARDS: usize = 10;

/// Records a password-reset request for `email` (already parsed and lowercased).
pub async fn request_password_reset(db: &impl ConnectionTrait, email: &str, now: DateTime<Utc>) -> Result<(), DbErr> {
    enqueue(db, NewJob::of(&PasswordResetCode { email: email.to_owned() }, now)?, now).await.map(|_| ())
}

/// Records a registration request (step 1 of PREG-3) with the patient's data.
pub async fn request_registration(
    db: &impl ConnectionTrait,
    body: &RegistrationStart,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    enqueue(db, NewJob::of(&RegistrationCode(body.clone()), now)?, now).await.map(|_| ())
}

/// Issues the password-reset code of a recorded request, if the address has an account with a
/// password (the payload: the address asked about).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PasswordResetCode {
    pub email: String,
}

impl Job for PasswordResetCode {
    const KIND: &'static str = "password_reset_code";

    async fn run(self, state: &AppState, job: &job::Model) -> anyhow::Result<()> {
        // The code counts from the request.
        let at = job.run_at;
        let Some(account) = accounts::find_account_by_email(&state.db, &self.email).await? else { return Ok(()) };
        if account.password_hash.is_none() {
            return Ok(());
        }
        let txn = db::begin_write(&state.db).await?;
        invalidate_reset_codes(&txn, account.id, at).await?;
        let id = Uuid::now_v7();
        let code = secret::new_code();
        one_time_token::Entity::insert(one_time_token::ActiveModel {
            id: Set(id),
            purpose: Set(one_time_token::PURPOSE_PASSWORD_RESET.to_owned()),
            token_hash: Set(secret::hash(&[&id.to_string(), &code])),
            account_id: Set(Some(account.id)),
            membership_id: Set(None),
            expires_at: Set(at + RESET_CODE_TTL),
            used_at: Set(None),
            attempts: Set(0),
            payload: Set(None),
            created_at: Set(at),
        })
        .exec_without_returning(&txn)
        .await?;
        let locale = Locale::parse(&account.locale).unwrap_or_default();
        let template = Template::PasswordResetCode { code, valid_minutes: RESET_CODE_TTL.num_minutes() };
        queue_email(
            &txn,
            &state.settings.base_url,
            EmailRequest { organization_id: None, to: account.email.clone(), locale, template },
            at,
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }
}

/// Marks the account's unused reset codes as used: a new code replaces them.
pub async fn invalidate_reset_codes(db: &impl ConnectionTrait, account: Uuid, now: DateTime<Utc>) -> Result<(), DbErr> {
    one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
        .filter(one_time_token::Column::AccountId.eq(account))
        .filter(one_time_token::Column::Purpose.eq(one_time_token::PURPOSE_PASSWORD_RESET))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (search_key(a), search_key(b));
    !a.is_empty() && a == b
}

/// The pending cards with all three consents that the step-1 data names.
async fn matching_cards(
    db: &impl ConnectionTrait,
    email: &str,
    body: &RegistrationStart,
) -> Result<Vec<patient_card::Model>, DbErr> {
    // No card is born outside years 1..=9999, and a database may not compare such a day.
    if !common::domain::in_calendar(body.birth_date) {
        return Ok(Vec::new());
    }
    let cards = patient_card::Entity::find()
        .filter(patient_card::Column::Email.eq(email))
        .filter(patient_card::Column::Status.eq(PatientStatus::Pending.as_str()))
        .filter(patient_card::Column::BirthDate.eq(body.birth_date))
        .all(db)
        .await?;
    let cards: Vec<_> = cards
        .into_iter()
        .filter(|c| same_name(&c.last_name, &body.last_name) && same_name(&c.first_name, &body.first_name))
        .collect();
    if cards.is_empty() {
        return Ok(cards);
    }
    let consents = patient_consent::Entity::find()
        .filter(patient_consent::Column::PatientCardId.is_in(cards.iter().map(|c| c.id)))
        .all(db)
        .await?;
    Ok(cards
        .into_iter()
        .filter(|c| {
            let own: Vec<_> = consents.iter().filter(|x| x.patient_card_id == c.id).cloned().collect();
            missing_consents(c, &own).is_empty()
        })
        .take(MAX_CARDS)
        .collect())
}

/// Issues the registration code of a recorded request when its data matches pending cards with
/// all three consents (the payload: the request's step 1, as sent).
#[derive(Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RegistrationCode(pub RegistrationStart);

impl Job for RegistrationCode {
    const KIND: &'static str = "registration_code";

    async fn run(self, state: &AppState, job: &job::Model) -> anyhow::Result<()> {
        let body = self.0;
        let at = job.run_at;
        let email = body.email.trim().to_lowercase();
        let txn = db::begin_write(&state.db).await?;
        let cards = matching_cards(&txn, &email, &body).await?;
        if cards.is_empty() {
            return Ok(());
        }
        // A new code replaces the earlier ones of this address.
        registration_code::Entity::update_many()
            .col_expr(registration_code::Column::UsedAt, Expr::value(at))
            .filter(registration_code::Column::Email.eq(email.as_str()))
            .filter(registration_code::Column::UsedAt.is_null())
            .exec(&txn)
            .await?;
        let id = Uuid::now_v7();
        let code = secret::new_code();
        let ids: Vec<String> = cards.iter().map(|c| c.id.to_string()).collect();
        registration_code::Entity::insert(registration_code::ActiveModel {
            id: Set(id),
            email: Set(email.clone()),
            card_ids: Set(serde_json::Value::from(ids).to_string()),
            code_hash: Set(secret::hash(&[&id.to_string(), &code])),
            expires_at: Set(at + REGISTRATION_CODE_TTL),
            used_at: Set(None),
            attempts: Set(0),
            created_at: Set(at),
        })
        .exec_without_returning(&txn)
        .await?;
        queue_email(
            &txn,
            &state.settings.base_url,
            EmailRequest {
                organization_id: cards.first().map(|c| OrganizationId(c.organization_id)),
                to: email,
                locale: Locale::Ru,
                template: Template::RegistrationCode { code, valid_hours: REGISTRATION_CODE_TTL.num_hours() },
            },
            at,
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }
}
