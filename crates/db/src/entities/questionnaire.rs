//! A questionnaire of an organization's library (MON-1); its items are in versions.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "questionnaires")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organization_id: Uuid,
    /// Stable in the organization (`esas_r`).
    pub code: String,
    /// `common::templates::Purpose`: `questionnaire` or `diary`.
    pub purpose: String,
    /// The built-in template it is (not a copy).
    pub template: Option<String>,
    /// The current version's title, for the list.
    pub title_ru: String,
    pub title_en: String,
    pub item_count: i32,
    pub current_version: i32,
    pub current_version_id: Uuid,
    pub archived_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
