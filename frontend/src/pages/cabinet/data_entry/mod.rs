//! Ввод данных (CAB-4, MON-3): what is due, the patient's diary, other questionnaires assigned
//! to him, advice for his open alerts and his last answers; the questionnaire form
//! ([`form`]), his charts ([`charts`]) and every answer he gave ([`history`]).

pub mod charts;
pub mod form;
pub mod history;

use common::monitoring::{DataEntryDto, DueItemDto, DueStatus, QuestionnaireSummaryDto, SubmissionDto};
use common::questionnaire::I18nText;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;

use super::use_cabinet;
use crate::api;
use crate::components::care::AdviceCard;
use crate::components::datetime::{format_datetime, format_day};
use crate::components::page::{EmptyPanel, Loaded};
use crate::i18n::*;
use crate::routes::{AppRoute, cabinet_questionnaire};

/// The product language of the reader, for the texts of questionnaires (`I18nText`).
pub fn lang(i18n: I18nContext<Locale>) -> common::Locale {
    match i18n.get_locale() {
        Locale::ru => common::Locale::Ru,
        Locale::en => common::Locale::En,
    }
}

/// A text of a questionnaire in the reader's language (tracked).
pub fn text(i18n: I18nContext<Locale>, t: &I18nText) -> String {
    t.get(lang(i18n)).to_owned()
}

// One formatter for answers everywhere (the record too): see `common::answers`.
pub use common::answers::{answer_rows, answer_text, number_text, unit_text, value_with_unit};

/// `/cabinet/data-entry`.
#[component]
pub fn DataEntryTab() -> impl IntoView {
    let i18n = use_i18n();
    let cabinet = use_cabinet();
    let data = cabinet.load(api::monitoring::cabinet::data_entry);
    view! {
        <Title text=move || t_string!(i18n, data_entry.title).to_owned() />
        <section class="page" data-page="cabinet-data-entry">
            <header class="page-header page-header--actions">
                <div>
                    <h1>{t!(i18n, data_entry.title)}</h1>
                    <p class="page-header__lead">{t!(i18n, data_entry.lead)}</p>
                </div>
                <div class="page-header__buttons de-links">
                    <A href=AppRoute::CabinetDataEntryCharts.path() attr:class="btn btn--secondary" attr:data-testid="charts-link">
                        {t!(i18n, data_entry.charts_link)}
                    </A>
                    <A href=AppRoute::CabinetDataEntryHistory.path() attr:class="btn btn--secondary">
                        {t!(i18n, data_entry.history_link)}
                    </A>
                </div>
            </header>
            <Loaded resource=data skeleton=8 render=move |d| view! { <Overview data=d /> }.into_any() />
        </section>
    }
}

#[component]
fn Overview(data: DataEntryDto) -> impl IntoView {
    let i18n = use_i18n();
    let advice = data.advice.clone();
    let nothing = data.due.is_empty() && data.diaries.is_empty() && data.assigned.is_empty();
    let has_due = !data.due.is_empty();
    view! {
        {advice.map(|advice| view! { <AdviceCard advice=advice testid="open-advice" /> })}
        {nothing.then(|| view! {
            <EmptyPanel testid="data-entry-empty" title=move || t_string!(i18n, data_entry.nothing_title) text=move || t_string!(i18n, data_entry.nothing_text) />
        })}
        {(!nothing).then(|| view! {
            <section class="de-section" aria-labelledby="de-due">
                <h2 id="de-due" class="de-section__title">{t!(i18n, data_entry.due_title)}</h2>
                {if has_due {
                    view! {
                        <ul class="de-list" role="list" data-testid="due">
                            {data.due.iter().cloned().map(|d| view! { <DueRow item=d /> }).collect_view()}
                        </ul>
                    }.into_any()
                } else {
                    view! { <p class="de-section__empty" data-testid="due-empty">{t!(i18n, data_entry.due_empty)}</p> }.into_any()
                }}
            </section>
        })}
        {(!data.diaries.is_empty()).then(|| {
            let diaries = data.diaries.clone();
            view! {
                <section class="de-section" aria-labelledby="de-diaries">
                    <h2 id="de-diaries" class="de-section__title">{t!(i18n, data_entry.diaries_title)}</h2>
                    <p class="de-section__lead">{t!(i18n, data_entry.diaries_lead)}</p>
                    <ul class="de-list" role="list" data-testid="diaries">
                        {diaries.into_iter().map(|q| view! { <OpenRow item=q diary=true primary=!has_due /> }).collect_view()}
                    </ul>
                </section>
            }
        })}
        {(!data.assigned.is_empty()).then(|| {
            let assigned = data.assigned.clone();
            view! {
                <section class="de-section" aria-labelledby="de-assigned">
                    <h2 id="de-assigned" class="de-section__title">{t!(i18n, data_entry.assigned_title)}</h2>
                    <ul class="de-list" role="list" data-testid="assigned">
                        {assigned.into_iter().map(|q| view! { <OpenRow item=q diary=false primary=false /> }).collect_view()}
                    </ul>
                </section>
            }
        })}
        <section class="de-section" aria-labelledby="de-last">
            <div class="section-head">
                <h2 id="de-last" class="de-section__title">{t!(i18n, data_entry.last_title)}</h2>
                {(!data.last_submissions.is_empty()).then(|| view! {
                    <A href=AppRoute::CabinetDataEntryHistory.path() attr:class="link">{t!(i18n, data_entry.all_answers)}</A>
                })}
            </div>
            {if data.last_submissions.is_empty() {
                view! { <p class="de-section__empty">{t!(i18n, data_entry.last_empty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="de-list" role="list" data-testid="last-submissions">
                        {data.last_submissions.iter().cloned().map(|s| view! { <LastRow item=s /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// A questionnaire due: its title, "today" or "overdue since …", and "Fill in".
#[component]
pub fn DueRow(item: DueItemDto) -> impl IntoView {
    let i18n = use_i18n();
    let title = item.title.clone();
    let title_for_label = item.title.clone();
    let day = item.due_on;
    let status = item.status;
    let href = cabinet_questionnaire(item.questionnaire_id, Some(item.assignment_id));
    view! {
        <li class="card de-row" data-assignment=item.assignment_id.to_string() data-status=match status {
            DueStatus::Due => "due",
            DueStatus::Overdue => "overdue",
        }>
            <div class="de-row__main">
                <h3 class="de-row__title">{move || text(i18n, &title)}</h3>
                {match status {
                    DueStatus::Due => view! {
                        <span class="badge badge--info"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, data_entry.today)}</span>
                    }.into_any(),
                    DueStatus::Overdue => view! {
                        <span class="badge badge--warning">
                            <span class="badge__dot" aria-hidden="true"></span>
                            {move || t_string!(i18n, data_entry.overdue_since, day = format_day(i18n, day)).to_string()}
                        </span>
                    }.into_any(),
                }}
            </div>
            <A href=href attr:class="btn btn--primary de-row__action">
                {t!(i18n, data_entry.fill_in)}
                <span class="visually-hidden">{move || format!(" — {}", text(i18n, &title_for_label))}</span>
            </A>
        </li>
    }
}

/// A diary ("Add an entry") or another questionnaire assigned ("Fill in again").
#[component]
pub fn OpenRow(item: QuestionnaireSummaryDto, diary: bool, primary: bool) -> impl IntoView {
    let i18n = use_i18n();
    let title = item.title.clone();
    let title_for_label = item.title.clone();
    let href = cabinet_questionnaire(item.id, None);
    let class = if primary { "btn btn--primary de-row__action" } else { "btn btn--secondary de-row__action" };
    view! {
        <li class="card de-row" data-questionnaire=item.id.to_string() data-code=item.code.clone()>
            <div class="de-row__main">
                <h3 class="de-row__title">{move || text(i18n, &title)}</h3>
            </div>
            <A href=href attr:class=class>
                {move || if diary { t_string!(i18n, data_entry.add_entry) } else { t_string!(i18n, data_entry.fill_again) }}
                <span class="visually-hidden">{move || format!(" — {}", text(i18n, &title_for_label))}</span>
            </A>
        </li>
    }
}

/// One of the last submissions: title, when, and its answers in one line.
#[component]
fn LastRow(item: SubmissionDto) -> impl IntoView {
    let i18n = use_i18n();
    let title = item.title.clone();
    let at = item.submitted_at;
    let summary = move || {
        answer_rows(item.definition.as_ref(), &item.answers, lang(i18n))
            .into_iter()
            .map(|(q, a)| format!("{q}: {a}"))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    view! {
        <li class="card de-row de-row--past" data-submission=item.id.to_string()>
            <div class="de-row__main">
                <h3 class="de-row__title">{move || text(i18n, &title)}</h3>
                <span class="de-row__when">{move || format_datetime(i18n, at)}</span>
                <p class="de-row__summary">{summary}</p>
            </div>
        </li>
    }
}
