//! The charts of a patient's monitoring page (MON-4): a period (7, 30, 90 or 365 days) →
//! `GET /patients/{id}/monitoring/series` → one line chart per item with values, its alert
//! thresholds drawn in, and the values as a table for whoever cannot read the picture.

use chrono::{Days, NaiveDate};
use common::alerts::Compare;
use common::ids::PatientId;
use common::monitoring::SeriesDto;
use leptos::prelude::*;

use super::{item_name, num, short_day, unit_label, with_unit};
use crate::api;
use crate::components::chart::LineChart;
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::components::ui::{format_datetime, today};
use crate::i18n::*;
use crate::live::use_live;

/// The periods offered, in days.
pub const PERIODS: [u32; 4] = [7, 30, 90, 365];

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
                <div class="segmented" role="group" aria-label=move || t_string!(i18n, monitoring.period_label)>
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
                            let (with_points, empty): (Vec<SeriesDto>, Vec<SeriesDto>) =
                                set.series.into_iter().partition(|s| !s.points.is_empty());
                            if with_points.is_empty() {
                                return view! {
                                    <div class="empty-panel empty-panel--flat" data-testid="charts-empty">
                                        <p class="empty-panel__title">{t!(i18n, monitoring.charts_empty)}</p>
                                        <p class="hint">{t!(i18n, monitoring.charts_empty_text)}</p>
                                    </div>
                                }.into_any();
                            }
                            let (from, to) = (set.from, set.to);
                            let empty_names = move || {
                                empty.iter().map(|s| item_name(i18n, &s.code, Some(&s.label))).collect::<Vec<_>>().join(", ")
                            };
                            let has_empty = !empty_names().is_empty();
                            view! {
                                <div class="charts">
                                    {with_points.into_iter().map(|s| view! { <SeriesChart series=s from=from to=to /> }).collect_view()}
                                </div>
                                {has_empty.then(|| view! {
                                    <p class="hint">{move || t_string!(i18n, monitoring.charts_no_values, items = empty_names()).to_string()}</p>
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

/// One item's chart with a text summary and its values as a table.
#[component]
fn SeriesChart(series: SeriesDto, from: NaiveDate, to: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let unit = series.unit.clone();
    let name = item_name(i18n, &series.code, Some(&series.label));
    let title = match unit.as_deref().filter(|u| !u.is_empty()) {
        Some(u) => format!("{name}, {}", unit_label(i18n, u)),
        None => name,
    };
    let count = series.points.len();
    let last = series.points.last().map(|p| with_unit(i18n, p.value, unit.as_deref())).unwrap_or_default();
    let thresholds = series
        .thresholds
        .iter()
        .map(|t| {
            let sign = match t.compare {
                Compare::AtLeast => "≥",
                Compare::AtMost => "≤",
            };
            format!("{sign} {}", with_unit(i18n, t.value, unit.as_deref()))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let summary = if thresholds.is_empty() {
        t_string!(i18n, monitoring.chart_summary, count = count, last = last.clone()).to_string()
    } else {
        t_string!(i18n, monitoring.chart_summary_threshold, count = count, last = last.clone(), thresholds = thresholds)
            .to_string()
    };
    let rows: Vec<(chrono::DateTime<chrono::Utc>, f64)> = series.points.iter().rev().map(|p| (p.at, p.value)).collect();
    let table_title = title.clone();
    view! {
        <div class="chart-block">
            <LineChart
                series=series
                from=from
                to=to
                title=title
                summary=summary.clone()
                no_data=t_string!(i18n, monitoring.charts_empty).to_owned()
                format_day=short_day
            />
            <p class="hint chart-block__summary">{summary}</p>
            <details class="chart-values">
                <summary>{t!(i18n, monitoring.chart_table)}</summary>
                <div class="table-wrap">
                    <table class="table table--compact">
                        <caption class="visually-hidden">{table_title}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, monitoring.col_when)}</th>
                                <th scope="col" class="table__num">{t!(i18n, monitoring.col_value)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|(at, v)| view! {
                                <tr>
                                    <td>{move || format_datetime(i18n, at)}</td>
                                    <td class="table__num">{move || num(i18n, v)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_end_today_and_include_it() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(period(7, today), (NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(), today));
        assert_eq!(period(1, today), (today, today));
        assert_eq!((period(365, today).1 - period(365, today).0).num_days(), 364);
    }
}
