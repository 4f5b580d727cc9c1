//! The answered questionnaires of a patient's monitoring page (MON-4): newest first, paged, each
//! opening to its answers under the labels of the version answered.

use chrono::NaiveDate;
use common::ids::PatientId;
use common::monitoring::SubmissionDto;
use common::questionnaire::{AnswerValue, Item, ItemKind};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use super::{num, text, with_unit};
use crate::api;
use crate::components::datetime::{format_datetime, format_day};
use crate::components::page::{EmptyPanel, Paged, PagedView};
use crate::i18n::*;
use crate::live::use_live;
use crate::routes::staff_entry_href;

const PER_PAGE: u32 = 10;

#[component]
pub fn SubmissionsSection(id: PatientId) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let list = Paged::new(PER_PAGE, move |p| {
        live.version();
        api::monitoring::submissions(id, p, PER_PAGE)
    });
    let empty = move || {
        view! {
            <EmptyPanel flat=true testid="submissions-empty" title=move || t_string!(i18n, monitoring.submissions_empty) text=move || t_string!(i18n, monitoring.submissions_empty_text) />
        }
        .into_any()
    };
    let render = move |items: Vec<SubmissionDto>| {
        view! {
            <ul class="submission-list" role="list">
                {items.into_iter().map(|s| view! { <li><Submission id=id submission=s /></li> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="card stack-card" aria-labelledby="submissions-title" data-testid="submissions">
            <h2 id="submissions-title">{t!(i18n, monitoring.submissions_title)}</h2>
            <PagedView paged=list empty=empty render=render skeleton=4 keep=true />
        </section>
    }
}

#[component]
fn Submission(id: PatientId, submission: SubmissionDto) -> impl IntoView {
    let i18n = use_i18n();
    let title = submission.title.clone();
    let at = submission.submitted_at;
    let count = submission.answers.len();
    let definition = submission.definition.clone();
    let answers = submission.answers.clone();
    let entry = staff_entry_href(id, Some(submission.entry_id), None);
    let rows = move || {
        let def = definition.as_ref();
        // In the items' order when the definition is known, else as stored.
        let mut out: Vec<(String, String)> = Vec::new();
        match def {
            Some(def) => {
                for item in &def.items {
                    if let Some(a) = answers.iter().find(|a| a.code == item.code) {
                        out.push((text(i18n, &item.label), answer_text(i18n, Some(item), &a.value)));
                    }
                }
            }
            None => {
                for a in &answers {
                    out.push((a.code.clone(), answer_text(i18n, None, &a.value)));
                }
            }
        }
        out
    };
    view! {
        <details class="submission" data-submission=submission.id.to_string()>
            <summary class="submission__summary">
                <span class="submission__title">{move || text(i18n, &title)}</span>
                <span class="submission__meta hint">
                    {move || format_datetime(i18n, at)}
                    " · "
                    {move || t_string!(i18n, monitoring.answers_count, count = count).to_string()}
                </span>
            </summary>
            <dl class="answers">
                {move || rows().into_iter().map(|(label, value)| view! {
                    <div class="answers__row">
                        <dt>{label}</dt>
                        <dd>{value}</dd>
                    </div>
                }).collect_view()}
            </dl>
            <a class="link" href=entry>{t!(i18n, monitoring.open_entry)}</a>
        </details>
    }
}

/// An answer as the reader reads it: a number with its unit, an option's label, a date.
pub fn answer_text(i18n: I18nContext<Locale>, item: Option<&Item>, value: &AnswerValue) -> String {
    let option = |code: &str| {
        item.and_then(|i| i.options.iter().find(|o| o.code == code))
            .map_or_else(|| code.to_owned(), |o| text(i18n, &o.label))
    };
    match (value, item.map(|i| i.kind)) {
        (AnswerValue::Number(n), Some(ItemKind::Scale)) => {
            t_string!(i18n, monitoring.scale_value, value = num(i18n, *n)).to_string()
        }
        (AnswerValue::Number(n), _) => with_unit(i18n, *n, item.and_then(|i| i.unit.as_deref())),
        (AnswerValue::Text(t), Some(ItemKind::SingleChoice)) => option(t),
        (AnswerValue::Text(t), Some(ItemKind::Date)) => {
            NaiveDate::parse_from_str(t, "%Y-%m-%d").map_or_else(|_| t.clone(), |d| format_day(i18n, d))
        }
        (AnswerValue::Text(t), _) => t.clone(),
        (AnswerValue::Choices(cs), _) => cs.iter().map(|c| option(c)).collect::<Vec<_>>().join(", "),
    }
}
