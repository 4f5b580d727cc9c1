//! `/cabinet/data-entry/history` — every answer the patient gave, newest first, each with its
//! questions as they were asked (the version answered) and a link to its record entry.

use common::monitoring::SubmissionDto;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::{answer_rows, lang, text};
use crate::api;
use crate::components::datetime::{TimeZoneNote, format_datetime, format_day};
use crate::components::page::{EmptyPanel, Paged, PagedView};
use crate::i18n::*;
use crate::pages::cabinet::use_cabinet;
use crate::routes::{AppRoute, cabinet_entry};

const PER_PAGE: u32 = 10;

#[component]
pub fn HistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let cabinet = use_cabinet();
    let list = Paged::new(PER_PAGE, move |p| {
        cabinet.card_version.track();
        api::monitoring::cabinet::submissions(p, PER_PAGE)
    });
    list.first_page_on(move || cabinet.card_version.get());
    let empty = move || {
        view! {
            <EmptyPanel
                testid="submissions-empty"
                title=move || t_string!(i18n, data_entry.history.empty_title)
                text=move || t_string!(i18n, data_entry.history.empty_text)
            >
                <A href=AppRoute::CabinetDataEntry.path() attr:class="btn btn--primary">{t!(i18n, data_entry.title)}</A>
            </EmptyPanel>
        }
        .into_any()
    };
    let render = |items: Vec<SubmissionDto>| {
        view! {
            <ul class="de-list" role="list" data-testid="submissions">
                {items.into_iter().map(|s| view! { <li><SubmissionCard item=s /></li> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <Title text=move || t_string!(i18n, data_entry.history.title).to_owned() />
        <section class="page" data-page="cabinet-submissions">
            <p class="back-link">
                <A href=AppRoute::CabinetDataEntry.path()>{t!(i18n, data_entry.back)}</A>
            </p>
            <header class="page-header">
                <h1>{t!(i18n, data_entry.history.title)}</h1>
                <p class="page-header__lead">{t!(i18n, data_entry.history.lead)}</p>
                <TimeZoneNote />
            </header>
            <PagedView paged=list empty=empty render=render skeleton=8 />
        </section>
    }
}

/// One submission: its title, when, the due day it answered, and the answers with their
/// questions.
#[component]
pub fn SubmissionCard(item: SubmissionDto) -> impl IntoView {
    let i18n = use_i18n();
    let title = item.title.clone();
    let at = item.submitted_at;
    let due = item.answers_due;
    let heading_id = format!("submission-{}", item.id);
    let labelled_by = heading_id.clone();
    let submission_id = item.id.to_string();
    let entry = cabinet_entry(item.entry_id);
    let rows = move || answer_rows(item.definition.as_ref(), &item.answers, lang(i18n));
    view! {
        <article class="card de-submission" aria-labelledby=labelled_by data-submission=submission_id>
            <header class="de-submission__head">
                <h2 class="de-submission__title" id=heading_id>{move || text(i18n, &title)}</h2>
                <p class="de-submission__when">
                    {move || format_datetime(i18n, at)}
                    {due.map(|d| view! {
                        <span class="de-submission__due">{move || t_string!(i18n, data_entry.history.answers_due, day = format_day(i18n, d)).to_string()}</span>
                    })}
                </p>
            </header>
            <dl class="de-answers">
                {move || rows().into_iter().map(|(q, a)| view! { <div class="de-answers__row"><dt>{q}</dt><dd>{a}</dd></div> }).collect_view()}
            </dl>
            <A href=entry attr:class="link de-submission__entry">{t!(i18n, data_entry.history.open_entry)}</A>
        </article>
    }
}
