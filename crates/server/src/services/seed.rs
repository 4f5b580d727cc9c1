//! Operator commands that create people: `oncocenter operator create` and the demo data of
//! `oncocenter demo-seed`. Seed data is for the demo, never a code path of the product.

use chrono::NaiveDate;
use common::auth::{MembershipStatus, Role};
use common::domain::{Email, search_key};
use db::entities::{membership, organization, patient_card};
use db::sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait, sea_query::Expr,
};
use uuid::Uuid;

use super::{accounts, invitations};
use crate::state::AppState;

/// "Last First [Middle]" → a parsed name.
pub fn parse_full_name(full: &str) -> anyhow::Result<invitations::Name> {
    let parts: Vec<&str> = full.split_whitespace().collect();
    let (last, first, middle) = match parts.as_slice() {
        [last, first] => (*last, *first, None),
        [last, first, middle] => (*last, *first, Some(*middle)),
        _ => anyhow::bail!("--name must be \"Last First\" or \"Last First Middle\""),
    };
    invitations::Name::parse(last, first, middle).map_err(|_| anyhow::anyhow!("--name has an invalid part"))
}

/// Creates (or re-invites) a platform operator and returns the one-time activation link.
pub async fn create_operator(state: &AppState, email: &str, name: &str) -> anyhow::Result<String> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("--email {e}"))?;
    let name = parse_full_name(name)?;
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    let existing = membership::Entity::find()
        .filter(membership::Column::OrganizationId.is_null())
        .filter(membership::Column::Role.eq(Role::Operator.as_str()))
        .filter(membership::Column::InvitedEmail.eq(email.as_str()))
        .one(&txn)
        .await?;
    let m = match existing {
        Some(m) if accounts::status_of(&m) != MembershipStatus::Pending => {
            anyhow::bail!("{} is already a platform operator", email.as_str())
        }
        Some(m) => m,
        None => invitations::create_pending(&txn, None, Role::Operator, &email, &name, now)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?,
    };
    let link =
        invitations::send(&txn, &state.settings.base_url, &m, None, now).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    txn.commit().await?;
    Ok(link)
}

pub const DEMO_PASSWORD: &str = "onco-demo-2026";

/// Fills an empty database with a demo organization; returns the logins it created, or
/// `None` when the database already has organizations (it only fills an empty one).
pub async fn demo_seed(state: &AppState) -> anyhow::Result<Option<Vec<(String, &'static str)>>> {
    if organization::Entity::find().count(&state.db).await? > 0 {
        return Ok(None);
    }
    let now = state.clock.now();
    let hash = state.hasher.hash(DEMO_PASSWORD).await?;
    let txn = state.db.begin().await?;
    let org_id = Uuid::now_v7();
    organization::Entity::insert(organization::ActiveModel {
        id: Set(org_id),
        name: Set("Областной онкологический диспансер (демо)".to_owned()),
        time_zone: Set("Europe/Moscow".to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    let people: [(Option<Uuid>, Role, &str, &str, &'static str); 6] = [
        (None, Role::Operator, "operator@demo.oncocenter.local", "Соколов Дмитрий Андреевич", "platform operator"),
        (Some(org_id), Role::Organizer, "organizer@demo.oncocenter.local", "Иванова Анна Сергеевна", "organizer"),
        (Some(org_id), Role::Doctor, "doctor1@demo.oncocenter.local", "Петров Иван Ильич", "doctor"),
        (Some(org_id), Role::Doctor, "doctor2@demo.oncocenter.local", "Смирнова Ольга Викторовна", "doctor"),
        (Some(org_id), Role::Instructor, "instructor@demo.oncocenter.local", "Кузнецов Алексей Павлович", "instructor"),
        (Some(org_id), Role::Assistant, "assistant@demo.oncocenter.local", "Орлова Мария Денисовна", "assistant"),
    ];
    let mut logins = Vec::new();
    for (org, role, email, name, label) in people {
        let email = Email::parse(email).map_err(|e| anyhow::anyhow!("{e}"))?;
        let name = parse_full_name(name)?;
        let acc = accounts::create_account(&txn, email.as_str(), hash.clone(), now).await?;
        let m = invitations::create_pending(&txn, org, role, &email, &name, now)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        membership::Entity::update_many()
            .col_expr(membership::Column::AccountId, Expr::value(acc.id))
            .col_expr(membership::Column::Status, Expr::value(MembershipStatus::Active.as_str()))
            .col_expr(membership::Column::ActivatedAt, Expr::value(now))
            .filter(membership::Column::Id.eq(m.id))
            .exec(&txn)
            .await?;
        logins.push((email.as_str().to_owned(), label));
    }
    let cards = [
        ("Васильев", "Николай", Some("Петрович"), (1956, 3, 14), "male"),
        ("Фёдорова", "Елена", Some("Игоревна"), (1971, 11, 2), "female"),
        ("Морозов", "Сергей", None, (1964, 7, 28), "male"),
    ];
    for (last, first, middle, (y, mo, d), sex) in cards {
        let birth = NaiveDate::from_ymd_opt(y, mo, d).ok_or_else(|| anyhow::anyhow!("bad demo date"))?;
        let display = [Some(last), Some(first), middle].into_iter().flatten().collect::<Vec<_>>().join(" ");
        patient_card::Entity::insert(patient_card::ActiveModel {
            id: Set(Uuid::now_v7()),
            organization_id: Set(org_id),
            account_id: Set(None),
            last_name: Set(last.to_owned()),
            first_name: Set(first.to_owned()),
            middle_name: Set(middle.map(str::to_owned)),
            search_key: Set(search_key(&display)),
            birth_date: Set(birth),
            sex: Set(sex.to_owned()),
            email: Set(None),
            phone: Set(None),
            snils: Set(None),
            external_id: Set(None),
            status: Set("active".to_owned()),
            invitation_sent_at: Set(None),
            invitation_expires_at: Set(None),
            archived_at: Set(None),
            created_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(Some(logins))
}
