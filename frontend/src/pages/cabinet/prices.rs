//! Цены (CAB-5): the organization's active services, grouped by section, with a search by code
//! or name.

use common::admin::PriceItemDto;
use leptos::prelude::*;
use leptos_meta::Title;

use super::use_cabinet;
use crate::api;
use crate::components::list_controls::SearchBox;
use crate::components::page::{EmptyPanel, Loaded, PageHeader};
use crate::i18n::*;
use crate::pages::organization::prices::{group_by_section, price_text};

#[component]
pub fn PricesTab() -> impl IntoView {
    let i18n = use_i18n();
    let cabinet = use_cabinet();
    let query = RwSignal::new(String::new());
    // The search box resets a page; the list has none.
    let page = RwSignal::new(1u32);
    let list = cabinet.load(move || {
        let q = query.get();
        async move { api::cabinet::prices(&q).await }
    });
    view! {
        <Title text=move || t_string!(i18n, cabinet.tabs.prices).to_owned() />
        <section class="page" data-page="cabinet-prices">
            <PageHeader title=move || t_string!(i18n, cabinet.prices.title) lead=move || t_string!(i18n, cabinet.prices.lead) />
            <div class="toolbar" role="search">
                <SearchBox
                    id="cabinet-price-search"
                    label=move || t_string!(i18n, cabinet.prices.search_label)
                    placeholder=move || t_string!(i18n, cabinet.prices.search_placeholder)
                    query=query
                    page=page
                />
            </div>
            <Loaded resource=list skeleton=8 render=move |value| match value {
                items if items.is_empty() => {
                    let searching = !query.get_untracked().trim().is_empty();
                    view! {
                        <EmptyPanel
                            testid="prices-empty"
                            title=move || if searching { t_string!(i18n, cabinet.prices.nothing_found) } else { t_string!(i18n, cabinet.prices.empty_title) }
                            text=move || if searching { t_string!(i18n, cabinet.prices.nothing_found_text) } else { t_string!(i18n, cabinet.prices.empty_text) }
                        />
                    }.into_any()
                }
                items => view! {
                    <div class="price-sections" data-testid="prices">
                        {group_by_section(items).into_iter().enumerate().map(|(n, (section, items))| {
                            view! { <Section n=n section=section items=items /> }
                        }).collect_view()}
                    </div>
                }.into_any(),
            } />
        </section>
    }
}

#[component]
fn Section(n: usize, section: String, items: Vec<PriceItemDto>) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("cabinet-price-section-{n}");
    let labelled_by = heading.clone();
    view! {
        <section class="price-section" aria-labelledby=labelled_by>
            <h2 id=heading class="price-section__title">{section.clone()}</h2>
            <div class="table-wrap">
                <table class="table">
                    <caption class="visually-hidden">{section}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, cabinet.prices.code)}</th>
                            <th scope="col">{t!(i18n, cabinet.prices.name)}</th>
                            <th scope="col" class="table__num">{t!(i18n, cabinet.prices.price)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {items.into_iter().map(|p| view! {
                            <tr data-code=p.code.clone()>
                                <td data-label=move || t_string!(i18n, cabinet.prices.code)><code>{p.code.clone()}</code></td>
                                <td data-label=move || t_string!(i18n, cabinet.prices.name)>{p.name.clone()}</td>
                                <td data-label=move || t_string!(i18n, cabinet.prices.price) class="table__num">{price_text(p.price)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
