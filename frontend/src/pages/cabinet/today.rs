//! Сегодня, the cabinet's home (issue 14): the one action for the patient's open alerts, the
//! care team's replies ("Врач Петров О. просмотрел ваши ответы"), what to fill in today, the
//! diary, and how to reach the department. Everything on it comes from `GET /cabinet/today`.

use common::monitoring::{CareContactsDto, TodayDto};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::data_entry::{DueRow, OpenRow};
use super::use_cabinet;
use crate::api;
use crate::components::care::{AdviceCard, ReviewCard, tel_href};
use crate::components::datetime::{format_datetime, format_day};
use crate::components::page::{Loaded, PageHeader};
use crate::i18n::*;
use crate::routes::AppRoute;

/// `/cabinet/today`.
#[component]
pub fn TodayTab() -> impl IntoView {
    let i18n = use_i18n();
    let cabinet = use_cabinet();
    let data = cabinet.load(api::monitoring::cabinet::today);
    view! {
        <Title text=move || t_string!(i18n, care.today_title).to_owned() />
        <section class="page today" data-page="cabinet-today">
            <PageHeader title=move || t_string!(i18n, care.today_title) lead=move || t_string!(i18n, care.today_lead) />
            <Loaded resource=data skeleton=6 render=move |d| view! { <Today data=d /> }.into_any() />
        </section>
    }
}

#[component]
fn Today(data: TodayDto) -> impl IntoView {
    let i18n = use_i18n();
    let has_due = !data.due.is_empty();
    let last = data.last_submission_at;
    let day = data.today;
    view! {
        <p class="page-header__lead today__date" data-testid="today-date">{move || format_day(i18n, day)}</p>
        {data.advice.map(|advice| view! { <AdviceCard advice=advice testid="today-advice" /> })}
        <section class="de-section" aria-labelledby="today-reviews" data-testid="today-reviews">
            <h2 id="today-reviews" class="de-section__title">{t!(i18n, care.reviews_title)}</h2>
            {if data.reviews.is_empty() {
                view! { <p class="de-section__empty">{t!(i18n, care.reviews_none)}</p> }.into_any()
            } else {
                view! {
                    <div class="review-list">
                        {data.reviews.into_iter().map(|r| view! { <ReviewCard review=r /> }).collect_view()}
                    </div>
                }.into_any()
            }}
        </section>
        <section class="de-section" aria-labelledby="today-due">
            <h2 id="today-due" class="de-section__title">{t!(i18n, care.due_title)}</h2>
            {if has_due {
                view! {
                    <ul class="de-list" role="list" data-testid="today-due">
                        {data.due.into_iter().map(|d| view! { <DueRow item=d /> }).collect_view()}
                    </ul>
                }.into_any()
            } else {
                view! { <p class="de-section__empty" data-testid="today-nothing-due">{t!(i18n, care.due_none)}</p> }.into_any()
            }}
        </section>
        {(!data.diaries.is_empty()).then(|| view! {
            <section class="de-section" aria-labelledby="today-diary">
                <h2 id="today-diary" class="de-section__title">{t!(i18n, care.diary_title)}</h2>
                <p class="de-section__lead">
                    {move || match last {
                        Some(at) => t_string!(i18n, care.diary_last, time = format_datetime(i18n, at)).to_string(),
                        None => t_string!(i18n, care.diary_never).to_owned(),
                    }}
                </p>
                <ul class="de-list" role="list" data-testid="today-diaries">
                    {data.diaries.into_iter().map(|q| view! { <OpenRow item=q diary=true primary=!has_due /> }).collect_view()}
                </ul>
            </section>
        })}
        <p class="today__links">
            <A href=AppRoute::CabinetDataEntryCharts.path() attr:class="btn btn--secondary">{t!(i18n, data_entry.charts_link)}</A>
            <A href=AppRoute::CabinetDataEntry.path() attr:class="btn btn--ghost">{t!(i18n, today.all_questionnaires)}</A>
        </p>
        <Contacts contacts=data.contacts />
    }
}

/// The department's numbers and the promised answer time; with none given, 103 and 112.
#[component]
fn Contacts(contacts: CareContactsDto) -> impl IntoView {
    let i18n = use_i18n();
    let hours = contacts.answer_hours;
    let phones: Vec<(bool, String)> = [(false, contacts.department_phone), (true, contacts.hotline_phone)]
        .into_iter()
        .filter_map(|(hotline, p)| p.map(|p| (hotline, p)))
        .collect();
    let none = phones.is_empty();
    view! {
        <section class="card stack-card today-contacts" aria-labelledby="today-contacts" data-testid="today-contacts">
            <h2 id="today-contacts">{t!(i18n, care.contacts_title)}</h2>
            <p class="today-contacts__org">{contacts.organization}</p>
            {if none {
                view! { <p>{t!(i18n, care.contacts_none)}</p> }.into_any()
            } else {
                view! {
                    <dl class="today-contacts__phones">
                        {phones.into_iter().map(|(hotline, phone)| {
                            let href = tel_href(&phone);
                            view! {
                                <div>
                                    <dt>{move || if hotline { t_string!(i18n, care.contacts_hotline) } else { t_string!(i18n, care.contacts_department) }}</dt>
                                    <dd><a class="today-contacts__tel" href=href>{phone}</a></dd>
                                </div>
                            }
                        }).collect_view()}
                    </dl>
                    <p class="hint">{move || t_string!(i18n, care.contacts_answer, hours = hours).to_string()}</p>
                }.into_any()
            }}
            <p class="hint today-contacts__emergency">{t!(i18n, care.emergency_note)}</p>
        </section>
    }
}
