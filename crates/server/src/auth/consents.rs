//! Whether a patient's own card lacks a consent (PREG-1): a column of the per-request session
//! check and the login's test, and the same rule over loaded rows. Here, beside the
//! extractors, so `auth/` imports no domain; the organization domain re-exports it for its card
//! lists.

use common::admin::{ConsentKind, PatientStatus};
use common::auth::Role;
use db::entities::{membership, patient_card, patient_consent};
use db::sea_orm::{
    Condition, ConnectionTrait, DbErr,
    sea_query::{Expr, ExprTrait, Query, SelectStatement},
};

/// A condition on a `patient_cards` row: it lacks one of the three consents, by the same rule
/// as [`missing_consents`] (the email-results consent covers the card's
/// current address).
pub fn lacks_consents() -> Condition {
    let card_id = || Expr::col((patient_card::Entity, patient_card::Column::Id));
    let all = ConsentKind::ALL.into_iter().fold(Condition::all(), |cond, kind| {
        let mut q = Query::select();
        q.expr(Expr::val(1))
            .from(patient_consent::Entity)
            .and_where(Expr::col((patient_consent::Entity, patient_consent::Column::PatientCardId)).eq(card_id()))
            .and_where(Expr::col((patient_consent::Entity, patient_consent::Column::Kind)).eq(kind.as_str()));
        if kind == ConsentKind::EmailResults {
            q.and_where(
                Expr::col((patient_consent::Entity, patient_consent::Column::Email))
                    .equals((patient_card::Entity, patient_card::Column::Email)),
            );
        }
        cond.add(Expr::exists(q.to_owned()))
    });
    all.not()
}

/// The open cards (pending or active) of `account` in the organization `org` (the outer
/// query's columns, or values) that lack a consent, as an `EXISTS` subquery.
fn own_cards_lacking_consents(org: Expr, account: Expr) -> SelectStatement {
    let open = [PatientStatus::Pending.as_str(), PatientStatus::Active.as_str()];
    Query::select()
        .expr(Expr::val(1))
        .from(patient_card::Entity)
        .cond_where(
            Condition::all()
                .add(Expr::col((patient_card::Entity, patient_card::Column::OrganizationId)).eq(org))
                .add(Expr::col((patient_card::Entity, patient_card::Column::AccountId)).eq(account))
                .add(Expr::col((patient_card::Entity, patient_card::Column::Status)).is_in(open))
                .add(lacks_consents()),
        )
        .to_owned()
}

/// `1` when the membership row of the outer query (`memberships`) belongs to an account whose own
/// open card in that organization lacks a consent (PREG-1), else `0` — one column of the
/// per-request session check.
pub fn consents_withdrawn_column() -> Expr {
    let sub = own_cards_lacking_consents(
        Expr::col((membership::Entity, membership::Column::OrganizationId)),
        Expr::col((membership::Entity, membership::Column::AccountId)),
    );
    Expr::case(Expr::exists(sub), 1).finally(0).into()
}

/// Whether a patient membership is closed because his own card lacks a consent (PREG-1): he has
/// no cabinet until the organization records them again.
pub async fn consents_withdrawn(db: &impl ConnectionTrait, m: &membership::Model) -> Result<bool, DbErr> {
    let (Some(org), Some(account)) = (m.organization_id, m.account_id) else { return Ok(false) };
    if m.role != Role::Patient {
        return Ok(false);
    }
    let sub = own_cards_lacking_consents(Expr::val(org), Expr::val(account));
    let q = Query::select().expr_as(Expr::case(Expr::exists(sub), 1).finally(0), "withdrawn").to_owned();
    let withdrawn: i32 = match db.query_one(&q).await? {
        Some(row) => row.try_get("", "withdrawn")?,
        None => 0,
    };
    Ok(withdrawn == 1)
}

/// What keeps a card from its invitation: consents not recorded, or an email-results consent
/// given for another address than the card's.
pub fn missing_consents(card: &patient_card::Model, consents: &[patient_consent::Model]) -> Vec<ConsentKind> {
    ConsentKind::ALL
        .into_iter()
        .filter(|kind| {
            let c = consents.iter().find(|c| c.patient_card_id == card.id && c.kind == *kind);
            match (kind, c) {
                (_, None) => true,
                (ConsentKind::EmailResults, Some(c)) => c.email.is_none() || c.email != card.email,
                _ => false,
            }
        })
        .collect()
}
