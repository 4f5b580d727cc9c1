//! ESAS-r as a symptoms × days table (issue 14), part of [`Readings`](super::readings::Readings):
//! a row per symptom, a column per day with an answer, the day's score written in its cell.

use chrono::{DateTime, NaiveDate, Utc};
use common::alerts::Compare;
use common::monitoring::SeriesDto;
use leptos::prelude::*;

use crate::components::datetime::{local_day, short_day};
use crate::components::readings::{past, plain};
use crate::i18n::*;
use crate::pages::monitoring::end_sentence;

/// A cell of the symptoms table: the day's score (the highest, when he answered twice) and
/// whether it is an alert's: at a threshold, or a day an alert took the symptom's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub value: f64,
    pub alert: bool,
}

/// The days that have an answer, oldest first, and per symptom its cell of each day.
pub fn symptom_grid(
    rows: &[SeriesDto],
    day_of: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> (Vec<NaiveDate>, Vec<Vec<Option<Cell>>>) {
    let mut days: Vec<NaiveDate> = rows.iter().flat_map(|s| s.points.iter().map(|p| day_of(p.at))).collect();
    days.sort_unstable();
    days.dedup();
    let grid = rows
        .iter()
        .map(|s| {
            days.iter()
                .map(|d| {
                    let value = s.points.iter().filter(|p| day_of(p.at) == *d).map(|p| p.value).reduce(f64::max)?;
                    // Marked at a threshold, or on a day one of his alerts took this symptom's value
                    // (a worsening or any rule the thresholds do not show).
                    let alert =
                        s.thresholds.iter().any(|t| past(t, value)) || s.alert_at.iter().any(|at| day_of(*at) == *d);
                    Some(Cell { value, alert })
                })
                .collect()
        })
        .collect();
    (days, grid)
}

/// The colour band of a score: 0, 1–3, 4–6, 7–10.
pub fn band(v: f64) -> u8 {
    if v < 0.5 {
        0
    } else if v < 3.5 {
        1
    } else if v < 6.5 {
        2
    } else {
        3
    }
}

/// ESAS-r as a table: a row per symptom, a column per day with an answer, the score written
/// in each cell and coloured by it; a cell at an alert threshold is framed and marked "!".
/// Scrolled to the latest days on a narrow screen, the symptoms' column staying in view.
#[component]
pub fn SymptomTable(rows: Vec<SeriesDto>) -> impl IntoView {
    let i18n = use_i18n();
    let scroller = NodeRef::<leptos::html::Div>::new();
    // The latest days in view: after the table is laid out.
    Effect::new(move |_| {
        if let Some(el) = scroller.get() {
            request_animation_frame(move || el.set_scroll_left(el.scroll_width()));
        }
    });
    let (days, grid) = symptom_grid(&rows, local_day);
    let mut thresholds: Vec<(Compare, f64)> = Vec::new();
    for t in rows.iter().flat_map(|s| s.thresholds.iter()) {
        if !thresholds.iter().any(|(c, v)| *c == t.compare && (v - t.value).abs() < 1e-9) {
            thresholds.push((t.compare, t.value));
        }
    }
    move || {
        let locale = match i18n.get_locale() {
            Locale::ru => common::Locale::Ru,
            Locale::en => common::Locale::En,
        };
        let title = t_string!(i18n, readings.symptoms_title).to_owned();
        let limit = thresholds
            .iter()
            .map(|(c, v)| {
                let sign = match c {
                    Compare::AtLeast => "≥",
                    Compare::AtMost => "≤",
                };
                format!("{sign} {}", plain(i18n, *v))
            })
            .collect::<Vec<_>>()
            .join(", ");
        view! {
            <figure class="chart-card heat" data-series="esas">
                <figcaption class="chart__title" id="heat-title">{title.clone()}</figcaption>
                <p class="chart-card__summary hint">{t!(i18n, readings.symptoms_lead)}</p>
                <div class="heat__scroll" node_ref=scroller tabindex="0" role="region" aria-labelledby="heat-title">
                    <table class="heat__table" data-testid="esas-heatmap">
                        <caption class="visually-hidden">{title.clone()}</caption>
                        <thead>
                            <tr>
                                <th scope="col" class="heat__corner">{t!(i18n, readings.symptom)}</th>
                                {days.iter().map(|d| view! {
                                    <th scope="col" class="heat__day" data-day=d.to_string()>{short_day(*d, locale)}</th>
                                }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {rows.iter().zip(grid.iter()).map(|(s, cells)| {
                                let name = s.label.get(locale).to_owned();
                                let code = s.code.clone();
                                view! {
                                    <tr data-code=code.clone()>
                                        <th scope="row" class="heat__name">{name}</th>
                                        {cells.iter().zip(days.iter()).map(|(c, d)| match c {
                                            Some(c) => view! {
                                                <td
                                                    class=format!("heat__cell heat__cell--b{}", band(c.value))
                                                    class:heat__cell--alert=c.alert
                                                    data-code=code.clone()
                                                    data-day=d.to_string()
                                                    data-value=plain(i18n, c.value)
                                                    data-alert=c.alert.then_some("true")
                                                >
                                                    {plain(i18n, c.value)}
                                                    {c.alert.then(|| view! {
                                                        <span class="heat__flag" aria-hidden="true">"!"</span>
                                                        <span class="visually-hidden">{format!(", {}", t_string!(i18n, readings.alert_cell))}</span>
                                                    })}
                                                </td>
                                            }.into_any(),
                                            None => view! {
                                                <td class="heat__cell heat__cell--none" data-code=code.clone() data-day=d.to_string()>
                                                    <span aria-hidden="true">"·"</span>
                                                    <span class="visually-hidden">{t!(i18n, readings.no_answer)}</span>
                                                </td>
                                            }.into_any(),
                                        }).collect_view()}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <ul class="heat__legend" aria-label=move || t_string!(i18n, readings.legend)>
                    <li><span class="heat__swatch heat__cell--b0">"0"</span>{t!(i18n, readings.band_none)}</li>
                    <li><span class="heat__swatch heat__cell--b1">"1–3"</span>{t!(i18n, readings.band_mild)}</li>
                    <li><span class="heat__swatch heat__cell--b2">"4–6"</span>{t!(i18n, readings.band_moderate)}</li>
                    <li><span class="heat__swatch heat__cell--b3">"7–10"</span>{t!(i18n, readings.band_severe)}</li>
                    {(!limit.is_empty()).then(|| view! {
                        <li data-testid="heat-threshold">
                            <span class="heat__swatch heat__cell--alert" aria-hidden="true">"!"</span>
                            {end_sentence(t_string!(i18n, readings.band_alert, thresholds = limit.clone()).to_string())}
                        </li>
                    })}
                </ul>
            </figure>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::monitoring::{Point, ThresholdDto};
    use common::questionnaire::I18nText;

    fn series(code: &str, values: &[(i64, f64)]) -> SeriesDto {
        SeriesDto {
            code: code.into(),
            label: I18nText::new(code, code),
            unit: None,
            min: Some(0.0),
            max: Some(10.0),
            points: values
                .iter()
                .map(|(h, v)| Point { at: DateTime::from_timestamp(h * 3600, 0).unwrap_or_default(), value: *v })
                .collect(),
            thresholds: vec![ThresholdDto { rule: "r".into(), compare: Compare::AtLeast, value: 7.0 }],
            alert_at: Vec::new(),
        }
    }

    #[test]
    fn one_cell_per_day_the_worst_value_marked_at_the_threshold() {
        let day = |at: DateTime<Utc>| at.date_naive();
        let rows = vec![series("esas.pain", &[(1, 3.0), (5, 8.0), (30, 2.0)]), series("esas.nausea", &[(30, 0.0)])];
        let (days, grid) = symptom_grid(&rows, day);
        assert_eq!(days.len(), 2);
        assert_eq!(grid[0], vec![Some(Cell { value: 8.0, alert: true }), Some(Cell { value: 2.0, alert: false })]);
        assert_eq!(grid[1], vec![None, Some(Cell { value: 0.0, alert: false })]);
        assert_eq!((band(0.0), band(3.0), band(4.0), band(7.0), band(10.0)), (0, 1, 2, 3, 3));
    }

    #[test]
    fn a_day_an_alert_took_the_value_is_marked_below_the_threshold_too() {
        let day = |at: DateTime<Utc>| at.date_naive();
        // A worsening from 1 to 5 opened an alert on the second day; 5 is under the threshold 7.
        let mut pain = series("esas.pain", &[(1, 1.0), (30, 5.0)]);
        pain.alert_at = vec![DateTime::from_timestamp(30 * 3600, 0).unwrap_or_default()];
        let (_, grid) = symptom_grid(&[pain], day);
        assert_eq!(grid[0], vec![Some(Cell { value: 1.0, alert: false }), Some(Cell { value: 5.0, alert: true })]);
    }
}
