//! A patient's readings over a period, read at a glance (issue 14): the same component on the
//! patient's "Мои показатели" and on the staff's page of a patient. Values past an alert
//! threshold first, then in order of clinical relevance (temperature, SpO2, weight, pulse,
//! blood pressure, other numbers, then scores); blood pressure as one chart of two lines;
//! ESAS-r as a symptoms × days table with the score written in every cell.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use common::alerts::Compare;
use common::monitoring::{SeriesDto, SeriesSetDto, ThresholdDto};
use common::templates::codes;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::components::chart::LineChart;
use crate::components::datetime::{format_datetime, short_day};
use crate::components::symptoms::SymptomTable;
use crate::i18n::*;
use crate::pages::monitoring::{end_sentence, item_name, unit_label, values_count, with_unit};

/// The `data-code` of the blood-pressure chart (its two items drawn together).
pub const BP: &str = "vitals.bp";

/// What is drawn: a line chart of one item or of the two pressures, or the ESAS-r table.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Line { code: String, lines: Vec<SeriesDto> },
    Symptoms(Vec<SeriesDto>),
}

impl Block {
    fn series(&self) -> &[SeriesDto] {
        match self {
            Self::Line { lines, .. } => lines,
            Self::Symptoms(rows) => rows,
        }
    }

    /// Its place when no value is past a threshold: vitals in clinical order, then scores.
    fn rank(&self) -> usize {
        let code = match self {
            Self::Symptoms(_) => return 11,
            Self::Line { code, .. } => code.as_str(),
        };
        match code {
            codes::TEMP => 0,
            codes::SPO2 => 1,
            codes::WEIGHT => 2,
            codes::PULSE => 3,
            BP => 4,
            codes::PAIN => 7,
            codes::ECOG => 8,
            c if c.starts_with("vitals.") => 5,
            _ if self.series().first().is_some_and(is_scale) => 9,
            _ => 6,
        }
    }
}

/// A 0–10 (or shorter) score rather than a measurement.
fn is_scale(s: &SeriesDto) -> bool {
    s.unit.as_deref().is_none_or(str::is_empty) && s.min.zip(s.max).is_some_and(|(lo, hi)| hi - lo <= 10.0)
}

/// Whether a value is at or past a threshold.
pub(crate) fn past(t: &ThresholdDto, v: f64) -> bool {
    match t.compare {
        Compare::AtLeast => v >= t.value,
        Compare::AtMost => v <= t.value,
    }
}

/// Whether a series' latest value is at or past one of its thresholds.
pub fn last_past_threshold(s: &SeriesDto) -> bool {
    s.points.last().is_some_and(|p| s.thresholds.iter().any(|t| past(t, p.value)))
}

/// The blocks of a set in reading order (alerting first, then [`Block::rank`], then code),
/// and the series that have no value in the period.
pub fn blocks(series: Vec<SeriesDto>) -> (Vec<Block>, Vec<SeriesDto>) {
    let (with_points, empty): (Vec<SeriesDto>, Vec<SeriesDto>) = series.into_iter().partition(|s| !s.points.is_empty());
    let mut out: Vec<Block> = Vec::new();
    let mut symptoms: Vec<SeriesDto> = Vec::new();
    let mut systolic = None;
    let mut diastolic = None;
    for s in with_points {
        match s.code.as_str() {
            codes::SYSTOLIC => systolic = Some(s),
            codes::DIASTOLIC => diastolic = Some(s),
            c if c.starts_with(codes::ESAS_PREFIX) => symptoms.push(s),
            c => out.push(Block::Line { code: c.to_owned(), lines: vec![s] }),
        }
    }
    match (systolic, diastolic) {
        (Some(s), Some(d)) => out.push(Block::Line { code: BP.to_owned(), lines: vec![s, d] }),
        (Some(s), None) | (None, Some(s)) => out.push(Block::Line { code: s.code.clone(), lines: vec![s] }),
        (None, None) => {}
    }
    if !symptoms.is_empty() {
        // The questionnaire's order of the symptoms.
        symptoms.sort_by_cached_key(|s| (template_position(&s.code), s.code.clone()));
        out.push(Block::Symptoms(symptoms));
    }
    out.sort_by_cached_key(|b| {
        let alerting = b.series().iter().any(last_past_threshold);
        let code = b.series().first().map(|s| s.code.clone()).unwrap_or_default();
        (!alerting, b.rank(), code)
    });
    (out, empty)
}

/// Where an item stands in the built-in questionnaires.
fn template_position(code: &str) -> usize {
    common::templates::all()
        .iter()
        .flat_map(|t| t.definition.items.iter().map(|i| i.code.clone()).collect::<Vec<_>>())
        .position(|c| c == code)
        .unwrap_or(usize::MAX)
}

/// The charts of a set, in reading order, and a line naming the items without values.
#[component]
pub fn Readings(set: SeriesSetDto) -> impl IntoView {
    let i18n = use_i18n();
    let (from, to) = (set.from, set.to);
    let (blocks, empty) = blocks(set.series);
    let empty_names =
        move || empty.iter().map(|s| item_name(i18n, &s.code, Some(&s.label))).collect::<Vec<_>>().join(", ");
    let has_empty = !empty_names().is_empty();
    view! {
        <div class="chart-grid" data-testid="readings">
            {blocks.into_iter().map(|b| match b {
                Block::Line { code, lines } => view! { <LineCard code=code lines=lines from=from to=to /> }.into_any(),
                Block::Symptoms(rows) => view! { <SymptomTable rows=rows /> }.into_any(),
            }).collect_view()}
        </div>
        {has_empty.then(|| view! {
            <p class="hint" data-testid="charts-no-values">
                {move || end_sentence(t_string!(i18n, monitoring.charts_no_values, items = empty_names()).to_string())}
            </p>
        })}
    }
}

/// A line chart with its sentence and its values as a table. Everything it says follows the
/// reader's language: a switch redraws it (title, unit, summary, axis days).
#[component]
fn LineCard(code: String, lines: Vec<SeriesDto>, from: NaiveDate, to: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let first = lines.first().cloned();
        let unit = first.as_ref().and_then(|s| s.unit.clone()).filter(|u| !u.is_empty());
        let name = if code == BP {
            t_string!(i18n, readings.bp).to_owned()
        } else {
            first.as_ref().map(|s| item_name(i18n, &s.code, Some(&s.label))).unwrap_or_default()
        };
        let title = match unit.as_deref() {
            Some(u) => format!("{name}, {}", unit_label(i18n, u)),
            None => name,
        };
        let summary = line_summary(i18n, &lines);
        let legend =
            vec![t_string!(i18n, readings.systolic).to_owned(), t_string!(i18n, readings.diastolic).to_owned()];
        let rows = value_rows(i18n, &lines);
        let table_title = title.clone();
        view! {
            <div class="chart-card" data-series=code.clone()>
                <LineChart
                    lines=lines.clone()
                    code=code.clone()
                    legend=legend
                    from=from
                    to=to
                    title=title
                    summary=summary.clone()
                    no_data=t_string!(i18n, monitoring.charts_empty).to_owned()
                    format_day=short_day
                />
                <p class="chart-card__summary" data-testid="chart-summary">{summary}</p>
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
                                {rows.into_iter().map(|(at, v)| view! {
                                    <tr>
                                        <td>{format_datetime(i18n, at)}</td>
                                        <td class="de-table__num">{v}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </details>
            </div>
        }
    }
}

/// A number in the reader's language, without its unit ("38,4").
pub(crate) fn plain(i18n: I18nContext<Locale>, v: f64) -> String {
    with_unit(i18n, v, None)
}

/// The rows of the values table, newest first: one value with its unit, or the two pressures
/// measured together ("128/82 мм рт. ст.").
fn value_rows(i18n: I18nContext<Locale>, lines: &[SeriesDto]) -> Vec<(DateTime<Utc>, String)> {
    let unit = lines.first().and_then(|s| s.unit.clone());
    let mut by_time: BTreeMap<DateTime<Utc>, Vec<Option<f64>>> = BTreeMap::new();
    for (n, s) in lines.iter().enumerate() {
        for p in &s.points {
            let row = by_time.entry(p.at).or_insert_with(|| vec![None; lines.len()]);
            if let Some(slot) = row.get_mut(n) {
                *slot = Some(p.value);
            }
        }
    }
    by_time
        .into_iter()
        .rev()
        .map(|(at, values)| {
            let text = values
                .iter()
                .map(|v| v.map_or_else(|| "—".to_owned(), |v| plain(i18n, v)))
                .collect::<Vec<_>>()
                .join("/");
            let text = match unit.as_deref().filter(|u| !u.is_empty()) {
                Some(u) => format!("{text} {}", unit_label(i18n, u)),
                None => text,
            };
            (at, text)
        })
        .collect()
}

/// "5 значений, последнее 38,4 °C; порог сигнала ≥ 38 °C." — or, for the pressures, "… последнее
/// 128/82 мм рт. ст.; …". One sentence, its full stop not doubled after an abbreviation.
fn line_summary(i18n: I18nContext<Locale>, lines: &[SeriesDto]) -> String {
    let unit = lines.first().and_then(|s| s.unit.clone());
    let count = lines.iter().map(|s| s.points.len()).max().unwrap_or(0);
    let values = values_count(i18n, count);
    let lasts: Vec<String> = lines.iter().filter_map(|s| s.points.last().map(|p| plain(i18n, p.value))).collect();
    let last = match unit.as_deref().filter(|u| !u.is_empty()) {
        Some(u) => format!("{} {}", lasts.join("/"), unit_label(i18n, u)),
        None => lasts.join("/"),
    };
    let mut thresholds: Vec<String> = Vec::new();
    for t in lines.iter().flat_map(|s| s.thresholds.iter()) {
        let sign = match t.compare {
            Compare::AtLeast => "≥",
            Compare::AtMost => "≤",
        };
        let text = format!("{sign} {}", with_unit(i18n, t.value, unit.as_deref()));
        if !thresholds.contains(&text) {
            thresholds.push(text);
        }
    }
    let text = if thresholds.is_empty() {
        t_string!(i18n, monitoring.chart_summary, values = values, last = last).to_string()
    } else {
        t_string!(
            i18n,
            monitoring.chart_summary_threshold,
            values = values,
            last = last,
            thresholds = thresholds.join(", ")
        )
        .to_string()
    };
    end_sentence(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::monitoring::Point;
    use common::questionnaire::I18nText;

    fn series(code: &str, unit: Option<&str>, values: &[(i64, f64)], threshold: Option<f64>) -> SeriesDto {
        let scale = unit.is_none();
        SeriesDto {
            code: code.into(),
            label: I18nText::new(code, code),
            unit: unit.map(str::to_owned),
            min: Some(0.0),
            max: Some(if scale { 10.0 } else { 300.0 }),
            points: values
                .iter()
                .map(|(h, v)| Point { at: DateTime::from_timestamp(h * 3600, 0).unwrap_or_default(), value: *v })
                .collect(),
            thresholds: threshold
                .map(|value| ThresholdDto { rule: "r".into(), compare: Compare::AtLeast, value })
                .into_iter()
                .collect(),
            alert_at: Vec::new(),
        }
    }

    fn codes_of(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Line { code, .. } => code.clone(),
                Block::Symptoms(rows) => format!("esas×{}", rows.len()),
            })
            .collect()
    }

    #[test]
    fn vitals_in_clinical_order_pressure_as_one_and_symptoms_as_a_table() {
        let set = vec![
            series("esas.tiredness", None, &[(1, 3.0)], Some(7.0)),
            series(codes::PULSE, Some("bpm"), &[(1, 80.0)], None),
            series(codes::DIASTOLIC, Some("mmHg"), &[(1, 82.0)], None),
            series("esas.pain", None, &[(1, 2.0)], Some(7.0)),
            series(codes::SYSTOLIC, Some("mmHg"), &[(1, 128.0)], None),
            series(codes::WEIGHT, Some("kg"), &[(1, 70.0)], None),
            series(codes::PAIN, None, &[(1, 2.0)], None),
            series(codes::TEMP, Some("°C"), &[(1, 36.6)], Some(38.0)),
            series(codes::SPO2, Some("%"), &[], None),
        ];
        let (blocks, empty) = blocks(set);
        assert_eq!(codes_of(&blocks), vec![codes::TEMP, codes::WEIGHT, codes::PULSE, BP, codes::PAIN, "esas×2"]);
        assert_eq!(empty.len(), 1, "SpO2 had no value");
        let Some(Block::Symptoms(rows)) = blocks.last() else { panic!("the table is last") };
        assert_eq!(rows.first().map(|s| s.code.as_str()), Some("esas.pain"), "the questionnaire's order");
    }

    #[test]
    fn values_past_a_threshold_come_first() {
        let set = vec![
            series(codes::TEMP, Some("°C"), &[(1, 36.6)], Some(38.0)),
            series("esas.pain", None, &[(1, 8.0)], Some(7.0)),
            series(codes::PULSE, Some("bpm"), &[(1, 80.0)], None),
        ];
        assert_eq!(codes_of(&blocks(set).0), vec!["esas×1", codes::TEMP, codes::PULSE]);
    }
}
