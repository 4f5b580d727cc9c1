//! Operator commands that create people: `oncocenter operator create` and the demo data of
//! `oncocenter demo-seed`. Seed data is for the demo, never a code path of the product.

use chrono::NaiveDate;
use common::admin::{ConsentKind, PatientCardInput, Sex};
use common::auth::{MembershipStatus, Role};
use common::domain::Email;
use common::person::FullName;
use db::entities::{assistant_doctor, membership, news, organization, price_item};
use db::sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

use crate::domains::accounts::invitations;
use crate::domains::accounts::service as accounts;
use crate::domains::organization::patients;
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
    let txn = db::begin_write(&state.db).await?;
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
    let txn = db::begin_write(&state.db).await?;
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
    crate::domains::monitoring::questionnaires::ensure_templates(&txn, org_id, now).await?;
    let people: [(Option<Uuid>, Role, &str, &str, &'static str); 6] = [
        (None, Role::Operator, "operator@demo.oncocenter.local", "Соколов Дмитрий Андреевич", "platform operator"),
        (Some(org_id), Role::Organizer, "organizer@demo.oncocenter.local", "Иванова Анна Сергеевна", "organizer"),
        (Some(org_id), Role::Doctor, "doctor1@demo.oncocenter.local", "Петров Иван Ильич", "doctor"),
        (Some(org_id), Role::Doctor, "doctor2@demo.oncocenter.local", "Смирнова Ольга Викторовна", "doctor"),
        (Some(org_id), Role::Instructor, "instructor@demo.oncocenter.local", "Кузнецов Алексей Павлович", "instructor"),
        (Some(org_id), Role::Assistant, "assistant@demo.oncocenter.local", "Орлова Мария Денисовна", "assistant"),
    ];
    let mut logins = Vec::new();
    let mut members: Vec<(String, Uuid)> = Vec::new();
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
        members.push((email.as_str().split('@').next().unwrap_or("").to_owned(), m.id));
    }
    let ids: std::collections::HashMap<String, Uuid> = members.into_iter().collect();
    let (Some(&organizer), Some(&doctor1), Some(&doctor2), Some(&assistant)) =
        (ids.get("organizer"), ids.get("doctor1"), ids.get("doctor2"), ids.get("assistant"))
    else {
        anyhow::bail!("demo staff missing");
    };
    let all_consents = vec![ConsentKind::Telemedicine, ConsentKind::EmailResults, ConsentKind::PersonalData];
    let cards = [
        ("Васильев", "Николай", Some("Петрович"), (1956, 3, 14), Sex::Male, "vasiliev", Some(doctor1), true),
        ("Фёдорова", "Елена", Some("Игоревна"), (1971, 11, 2), Sex::Female, "fedorova", Some(doctor1), true),
        ("Морозов", "Сергей", None, (1964, 7, 28), Sex::Male, "morozov", Some(doctor2), true),
        ("Кравченко", "Тамара", Some("Ивановна"), (1959, 1, 30), Sex::Female, "kravchenko", None, false),
    ];
    for (n, (last, first, middle, (y, mo, d), sex, mail, doctor, consents)) in (1u8..).zip(cards) {
        let input = PatientCardInput {
            name: FullName {
                last_name: last.to_owned(),
                first_name: first.to_owned(),
                middle_name: middle.map(str::to_owned),
            },
            birth_date: NaiveDate::from_ymd_opt(y, mo, d).ok_or_else(|| anyhow::anyhow!("bad demo date"))?,
            sex,
            email: format!("{mail}@demo.oncocenter.local"),
            // A number the doctor can call from the patient's page.
            phone: Some(format!("+7 916 555-01-{n:02}")),
            snils: None,
            external_id: None,
            consents: if consents { all_consents.clone() } else { Vec::new() },
        };
        let fields = patients::CardFields::parse(&input, now.date_naive()).map_err(|e| anyhow::anyhow!("{e}"))?;
        let card = patients::insert_card(&txn, org_id, organizer, &fields, now).await?;
        if let Some(doctor) = doctor {
            patients::assign(&txn, org_id, organizer, card, doctor, now).await?;
        }
    }
    assistant_doctor::Entity::insert(assistant_doctor::ActiveModel {
        organization_id: Set(org_id),
        assistant_id: Set(assistant),
        doctor_id: Set(doctor1),
        granted_at: Set(now),
        granted_by: Set(Some(organizer)),
    })
    .exec_without_returning(&txn)
    .await?;
    let prices = [
        ("Консультации", "B01.027.001", "Приём (осмотр, консультация) врача-онколога первичный", 250_000),
        ("Консультации", "B01.027.002", "Приём (осмотр, консультация) врача-онколога повторный", 180_000),
        ("Телемедицина", "B01.027.T01", "Телемедицинская консультация врача-онколога", 150_000),
        ("Реабилитация", "A19.30.007", "Лечебная физкультура, групповое занятие онлайн", 60_000),
    ];
    for (section, code, name, kopecks) in prices {
        price_item::Entity::insert(price_item::ActiveModel {
            id: Set(Uuid::now_v7()),
            organization_id: Set(org_id),
            section: Set(section.to_owned()),
            code: Set(code.to_owned()),
            name: Set(name.to_owned()),
            price_kopecks: Set(kopecks),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    news::Entity::insert(news::ActiveModel {
        id: Set(Uuid::now_v7()),
        organization_id: Set(org_id),
        title: Set("Открыт личный кабинет пациента".to_owned()),
        body: Set("В личном кабинете доступны медицинская карта, назначения, анкеты и дневник самочувствия.".to_owned()),
        publish_on: Set(now.date_naive()),
        visible: Set(true),
        created_by: Set(Some(organizer)),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(Some(logins))
}
