//! Новости (CAB-7): the organization's published news, newest first.

use leptos::prelude::*;
use leptos_meta::Title;

use super::use_cabinet;
use crate::api;
use crate::components::datetime::format_day;
use crate::components::long_text::LongText;
use crate::components::page::{EmptyPanel, Loaded};
use crate::i18n::*;

#[component]
pub fn NewsTab() -> impl IntoView {
    let i18n = use_i18n();
    let cabinet = use_cabinet();
    let list = cabinet.load(move || async move {
        api::cabinet::news().await.map(|mut items| {
            items.sort_by(|a, b| b.publish_on.cmp(&a.publish_on).then(b.created_at.cmp(&a.created_at)));
            items
        })
    });
    view! {
        <Title text=move || t_string!(i18n, cabinet.tabs.news).to_owned() />
        <section class="page" data-page="cabinet-news">
            <header class="page-header">
                <h1>{t!(i18n, cabinet.news.title)}</h1>
            </header>
            <Loaded resource=list render=move |value| match value {
                items if items.is_empty() => view! {
                    <EmptyPanel testid="news-empty" title=move || t_string!(i18n, cabinet.news.empty_title) text=move || t_string!(i18n, cabinet.news.empty_text) />
                }.into_any(),
                items => view! {
                    <ul class="news-list" role="list" data-testid="news">
                        {items.into_iter().map(|n| {
                            let day = n.publish_on;
                            view! {
                                <li class="card news-card">
                                    <p class="news-card__meta hint">{move || format_day(i18n, day)}</p>
                                    <h2 class="news-card__title">{n.title.clone()}</h2>
                                    <LongText text=n.body.clone() id=format!("news-body-{}", n.id) class="news-card__body" />
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            } />
        </section>
    }
}
