//! `/cabinet/today` — "Сегодня", where a patient lands (issue 14): the advice for his open
//! alerts, what is due, his diary and the way to his readings. For now from
//! `GET /cabinet/data-entry`; the care team's reply and the next items join it later.

use common::monitoring::DataEntryDto;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::data_entry::{AdviceBanner, DueRow, OpenRow, distinct_advice};
use super::use_cabinet;
use crate::api;
use crate::components::datetime::format_day;
use crate::components::page::Loaded;
use crate::i18n::*;
use crate::routes::AppRoute;

#[component]
pub fn TodayTab() -> impl IntoView {
    let i18n = use_i18n();
    let cabinet = use_cabinet();
    let data = LocalResource::new(move || {
        cabinet.card_version.track();
        async move { api::monitoring_cabinet::data_entry().await }
    });
    view! {
        <Title text=move || t_string!(i18n, today.title).to_owned() />
        <section class="page" data-page="cabinet-today">
            <header class="page-header">
                <h1>{t!(i18n, today.title)}</h1>
            </header>
            <Loaded resource=data skeleton=6 render=move |d| view! { <Today data=d /> }.into_any() />
        </section>
    }
}

#[component]
fn Today(data: DataEntryDto) -> impl IntoView {
    let i18n = use_i18n();
    let advice = distinct_advice(&data.advice);
    let has_due = !data.due.is_empty();
    let day = data.today;
    let diaries = data.diaries.clone();
    view! {
        <p class="page-header__lead today__date" data-testid="today-date">{move || format_day(i18n, day)}</p>
        {(!advice.is_empty()).then(|| view! {
            <AdviceBanner advice=advice title=move || t_string!(i18n, data_entry.advice_title) testid="today-advice" />
        })}
        <section class="de-section" aria-labelledby="today-due">
            <h2 id="today-due" class="de-section__title">{t!(i18n, today.due_title)}</h2>
            {if has_due {
                view! {
                    <ul class="de-list" role="list" data-testid="today-due">
                        {data.due.iter().cloned().map(|d| view! { <DueRow item=d /> }).collect_view()}
                    </ul>
                }.into_any()
            } else {
                view! { <p class="de-section__empty" data-testid="today-nothing-due">{t!(i18n, today.nothing_due)}</p> }.into_any()
            }}
        </section>
        {(!diaries.is_empty()).then(|| view! {
            <section class="de-section" aria-labelledby="today-diary">
                <h2 id="today-diary" class="de-section__title">{t!(i18n, data_entry.diaries_title)}</h2>
                <ul class="de-list" role="list" data-testid="today-diaries">
                    {diaries.into_iter().map(|q| view! { <OpenRow item=q diary=true primary=!has_due /> }).collect_view()}
                </ul>
            </section>
        })}
        <p class="today__links">
            <A href=AppRoute::CabinetDataEntryCharts.path() attr:class="btn btn--secondary">{t!(i18n, data_entry.charts_link)}</A>
            <A href=AppRoute::CabinetDataEntry.path() attr:class="btn btn--ghost">{t!(i18n, today.all_questionnaires)}</A>
        </p>
    }
}
