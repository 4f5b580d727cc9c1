//! The charts of a patient's monitoring page (MON-4): a period (7, 30, 90 or 365 days) →
//! `GET /patients/{id}/monitoring/series` → one line chart per item with values, its alert
//! thresholds drawn in, and the values as a table for whoever cannot read the picture.

use chrono::{Days, NaiveDate};
use common::alerts::Compare;
use common::ids::PatientId;
use common::monitoring::SeriesDto;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use super::{end_sentence, item_name, unit_label, values_count, with_unit};
use crate::api;
use crate::components::chart::LineChart;
use crate::components::datetime::{format_datetime, short_day, today};
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::components::page::EmptyPanel;
use crate::i18n::*;
use crate::live::use_live;

/// The periods offered, in days.
pub const PERIODS: [u32; 4] = [7, 30, 90, 365];

/// Whether a series' latest value is at or past one of its thresholds.
pub fn last_past_threshold(s: &SeriesDto) -> bool {
    s.points.last().is_some_and(|p| {
        s.thresholds.iter().any(|t| match t.compare {
            Compare::AtLeast => p.value >= t.value,
            Compare::AtMost => p.value <= t.value,
        })
    })
}

/// Where a chart goes: those whose latest value is past a threshold first, then in the order
/// of the built-in questionnaires' items (ECOG, ESAS-r, pain, vitals), then by code.
fn chart_order(s: &SeriesDto) -> (bool, usize, String) {
    let position = common::templates::all()
        .iter()
        .flat_map(|t| t.definition.items.iter().map(|i| i.code.clone()).collect::<Vec<_>>())
        .position(|c| c == s.code)
        .unwrap_or(usize::MAX);
    (!last_past_threshold(s), position, s.code.clone())
}

/// The first and last day of a period of `days` days ending today.
pub fn period(days: u32, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (today.checked_sub_days(Days::new(u64::from(days.max(1) - 1))).unwrap_or(today), today)
}

#[component]
pub fn ChartsSection(id: PatientId) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let days = RwSignal::new(30u32);
    let series = LocalResource::new(move || {
        live.version();
        let (from, to) = period(days.get(), today());
        api::monitoring::series(id, from, to)
    });
    let period_label = move |d: u32| match d {
        7 => t_string!(i18n, monitoring.period_7),
        30 => t_string!(i18n, monitoring.period_30),
        90 => t_string!(i18n, monitoring.period_90),
        _ => t_string!(i18n, monitoring.period_365),
    };
    view! {
        <section class="card stack-card" aria-labelledby="charts-title" data-testid="charts">
            <div class="section-head">
                <h2 id="charts-title">{t!(i18n, monitoring.charts_title)}</h2>
                <div class="segmented segmented--fill" role="group" aria-label=move || t_string!(i18n, monitoring.period_label)>
                    {PERIODS.into_iter().map(|d| view! {
                        <button
                            type="button"
                            class="segmented__option"
                            data-days=d
                            aria-pressed=move || if days.get() == d { "true" } else { "false" }
                            on:click=move |_| days.set(d)
                        >
                            {move || period_label(d)}
                        </button>
                    }).collect_view()}
                </div>
            </div>
            <Transition fallback=|| view! { <Skeleton lines=6 /> }>
                {move || Suspend::new(async move {
                    match series.await {
                        Ok(set) => {
                            let (mut with_points, empty): (Vec<SeriesDto>, Vec<SeriesDto>) =
                                set.series.into_iter().partition(|s| !s.points.is_empty());
                            with_points.sort_by_cached_key(chart_order);
                            if with_points.is_empty() {
                                return view! {
                                    <EmptyPanel flat=true testid="charts-empty" title=move || t_string!(i18n, monitoring.charts_empty) text=move || t_string!(i18n, monitoring.charts_empty_text) />
                                }.into_any();
                            }
                            let (from, to) = (set.from, set.to);
                            let empty_names = move || {
                                empty.iter().map(|s| item_name(i18n, &s.code, Some(&s.label))).collect::<Vec<_>>().join(", ")
                            };
                            let has_empty = !empty_names().is_empty();
                            view! {
                                <div class="chart-grid">
                                    {with_points.into_iter().map(|s| view! { <SeriesChart series=s from=from to=to /> }).collect_view()}
                                </div>
                                {has_empty.then(|| view! {
                                    <p class="hint">{move || super::end_sentence(t_string!(i18n, monitoring.charts_no_values, items = empty_names()).to_string())}</p>
                                })}
                            }.into_any()
                        }
                        Err(e) => view! {
                            <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| series.refetch()) />
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// One item's chart with a text summary and its values as a table. Everything it says follows
/// the reader's language: a switch redraws it (title, unit, summary, axis days).
#[component]
fn SeriesChart(series: SeriesDto, from: NaiveDate, to: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let unit = series.unit.clone();
        let name = item_name(i18n, &series.code, Some(&series.label));
        let title = match unit.as_deref().filter(|u| !u.is_empty()) {
            Some(u) => format!("{name}, {}", unit_label(i18n, u)),
            None => name,
        };
        let summary = chart_summary(i18n, &series);
        let rows: Vec<(chrono::DateTime<chrono::Utc>, f64)> =
            series.points.iter().rev().map(|p| (p.at, p.value)).collect();
        let table_title = title.clone();
        let code = series.code.clone();
        view! {
            <div class="chart-card" data-series=code>
                <LineChart
                    series=series.clone()
                    from=from
                    to=to
                    title=title
                    summary=summary.clone()
                    no_data=t_string!(i18n, monitoring.charts_empty).to_owned()
                    format_day=short_day
                />
                <p class="chart-card__summary hint" data-testid="chart-summary">{summary}</p>
                <details class="de-values">
                    <summary>{t!(i18n, monitoring.chart_table)}</summary>
                    <div class="chart-values">
                        <table class="de-table">
                            <caption class="visually-hidden">{table_title}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, monitoring.col_when)}</th>
                                    <th scope="col" class="de-table__num">{t!(i18n, monitoring.col_value)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|(at, v)| { let unit = unit.clone(); view! {
                                    <tr>
                                        <td>{format_datetime(i18n, at)}</td>
                                        <td class="de-table__num">{with_unit(i18n, v, unit.as_deref())}</td>
                                    </tr>
                                }}).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </details>
            </div>
        }
    }
}

/// "5 значений, последнее 38,4 °C; порог сигнала ≥ 38 °C." — one sentence, its full stop not
/// doubled after an abbreviation ("мм рт. ст.").
fn chart_summary(i18n: I18nContext<Locale>, series: &SeriesDto) -> String {
    let unit = series.unit.as_deref();
    let values = values_count(i18n, series.points.len());
    let last = series.points.last().map(|p| with_unit(i18n, p.value, unit)).unwrap_or_default();
    let thresholds = series
        .thresholds
        .iter()
        .map(|t| {
            let sign = match t.compare {
                Compare::AtLeast => "≥",
                Compare::AtMost => "≤",
            };
            format!("{sign} {}", with_unit(i18n, t.value, unit))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let text = if thresholds.is_empty() {
        t_string!(i18n, monitoring.chart_summary, values = values, last = last).to_string()
    } else {
        t_string!(i18n, monitoring.chart_summary_threshold, values = values, last = last, thresholds = thresholds)
            .to_string()
    };
    end_sentence(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(code: &str, last: f64) -> SeriesDto {
        SeriesDto {
            code: code.into(),
            label: common::questionnaire::I18nText::new(code, code),
            unit: None,
            min: Some(0.0),
            max: Some(10.0),
            points: vec![common::monitoring::Point { at: chrono::DateTime::default(), value: last }],
            thresholds: vec![common::monitoring::ThresholdDto {
                rule: "r".into(),
                compare: Compare::AtLeast,
                value: 7.0,
            }],
        }
    }

    #[test]
    fn charts_past_a_threshold_come_first_then_the_questionnaires_order() {
        let mut list = vec![
            series("esas.anxiety", 2.0),
            series("zz.custom", 1.0),
            series("esas.nausea", 8.0),
            series("esas.pain", 3.0),
        ];
        list.sort_by_cached_key(chart_order);
        let codes: Vec<&str> = list.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(codes, vec!["esas.nausea", "esas.pain", "esas.anxiety", "zz.custom"]);
    }

    #[test]
    fn periods_end_today_and_include_it() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(period(7, today), (NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(), today));
        assert_eq!(period(1, today), (today, today));
        assert_eq!((period(365, today).1 - period(365, today).0).num_days(), 364);
    }
}
