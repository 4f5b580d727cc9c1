//! A time-series line chart drawn as SVG in the page (MON-4): one item's values over a period,
//! with the alert thresholds as dashed lines. No chart service, no script: the points are laid
//! out here, at the size the chart is shown (measured, and again on resize), so its text keeps
//! its size on a phone. The chart is an image with a text summary for screen readers; the
//! values themselves are listed beside it by the pages (the answers table).

use chrono::{DateTime, NaiveDate, Utc};
use common::alerts::Compare;
use common::monitoring::SeriesDto;
use common::questionnaire::format_number;
use leptos::prelude::*;

use crate::components::datetime::format_datetime;
use crate::i18n::*;

/// The width drawn until the chart has measured itself (and on a host without layout).
const W: f64 = 640.0;
/// The narrowest width laid out: below it the chart scales down.
const MIN_W: f64 = 240.0;
/// The height, in CSS pixels: the drawing is laid out at the size it is shown, so its text
/// keeps its size on a phone and on a desk.
const H: f64 = 220.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// The least span of an axis for a unit, so that a single value or a few close ones do not
/// invent precision (37,99–38,01 °C): a temperature axis spans at least 2 °C, a pressure 40 mm.
fn min_span(unit: Option<&str>) -> f64 {
    match unit.map(str::trim).unwrap_or_default() {
        "°C" => 2.0,
        "%" => 10.0,
        "kg" => 4.0,
        "mmHg" => 40.0,
        "bpm" => 30.0,
        _ => 2.0,
    }
}

/// The vertical axis of the lines: the data and the thresholds, widened to the unit's least
/// span and kept inside the item's own limits when they allow, then rounded out to round
/// ticks. 0–10 scales keep their whole range, so charts compare at a glance. Returns the range,
/// the ticks and the decimals they need.
fn y_axis(lines: &[SeriesDto]) -> (f64, f64, Vec<f64>, u8) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for s in lines {
        for v in s.points.iter().map(|p| p.value).chain(s.thresholds.iter().map(|t| t.value)) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    let first = lines.first();
    let limits = first.and_then(|s| s.min.zip(s.max));
    let unit = first.and_then(|s| s.unit.as_deref()).map(str::trim).filter(|u| !u.is_empty());
    if let Some((min, max)) = limits
        && unit.is_none()
        && max - min <= 10.0
    {
        let (lo, hi) = (lo.min(min), hi.max(max));
        let (ticks, decimals) = nice_ticks(lo, hi);
        return (lo - 0.5, hi + 0.5, ticks, decimals);
    }
    if !lo.is_finite() || !hi.is_finite() {
        let (lo, hi) = limits.unwrap_or((0.0, 10.0));
        let (ticks, decimals) = nice_ticks(lo, hi);
        return (lo, hi, ticks, decimals);
    }
    let span = min_span(unit).max((hi - lo) * 1.2);
    let mid = (lo + hi) / 2.0;
    let (mut lo, mut hi) = (mid - span / 2.0, mid + span / 2.0);
    // Within the item's limits (SpO2 never above 100 %), when the span fits in them.
    if let Some((min, max)) = limits
        && max - min >= span
    {
        if hi > max {
            (lo, hi) = (max - span, max);
        }
        if lo < min {
            (lo, hi) = (min, min + span);
        }
    }
    let (_, decimals) = nice_ticks(lo, hi);
    let step = tick_step(lo, hi);
    let (lo, hi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    let (ticks, _) = nice_ticks(lo, hi);
    (lo, hi, ticks, decimals)
}

/// The step of [`nice_ticks`]: 1, 2, 2.5 or 5 × 10ⁿ, four to six of them over the range.
fn tick_step(lo: f64, hi: f64) -> f64 {
    let raw = ((hi - lo) / 6.0).max(1e-9);
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(raw)
}

/// Round values for the grid between `lo` and `hi`: steps of 1, 2, 2.5 or 5 × 10ⁿ, four to
/// six of them, with the decimals the step needs (a tick reads exactly where its line is).
fn nice_ticks(lo: f64, hi: f64) -> (Vec<f64>, u8) {
    let step = tick_step(lo, hi);
    let decimals = (0u8..=3).find(|d| ((step * 10f64.powi(i32::from(*d))).fract()).abs() < 1e-6).unwrap_or(3);
    let scale = 10f64.powi(i32::from(decimals));
    let first = (lo / step - 1e-9).ceil();
    let ticks = (0..12)
        .map(|i| ((first + f64::from(i)) * step * scale).round() / scale)
        .take_while(|v| *v <= hi + step * 1e-6)
        .collect();
    (ticks, decimals)
}

fn x_of(at: DateTime<Utc>, start: DateTime<Utc>, end: DateTime<Utc>, w: f64) -> f64 {
    let span = (end - start).num_seconds().max(1) as f64;
    LEFT + (at - start).num_seconds() as f64 / span * (w - LEFT - RIGHT)
}

fn y_of(v: f64, lo: f64, hi: f64) -> f64 {
    TOP + (hi - v) / (hi - lo).max(f64::EPSILON) * (H - TOP - BOTTOM)
}

fn day_start(d: NaiveDate) -> DateTime<Utc> {
    crate::components::datetime::local_day_start(d)
}

/// A number of the chart with the reader's decimal separator.
fn num(n: f64, decimals: u8, comma: bool) -> String {
    let s = format_number(n, decimals);
    if comma { s.replace('.', ",") } else { s }
}

/// The width the chart is shown at, in CSS pixels (at least [`MIN_W`]).
fn shown_width(svg: &web_sys::Element) -> Option<f64> {
    let w = f64::from(svg.client_width());
    (w > 0.0).then_some(w.max(MIN_W))
}

/// A chart of one item's values, or of two drawn together (blood pressure: the systolic and
/// the diastolic line), between `from` and `to` (inclusive days). The second line is dashed
/// and its points are squares, so the lines differ by more than colour; `legend` names them.
/// `no_data` is shown when the period has no values; `summary` is the text alternative
/// (e.g. "12 values, last 37.2 °C").
#[component]
pub fn LineChart(
    /// The lines: the first sets the unit and limits of the axis.
    lines: Vec<SeriesDto>,
    /// `data-code` of the figure: the item's code, or the group's (`vitals.bp`).
    #[prop(into)]
    code: String,
    /// The names of the lines, shown as a legend when there are two.
    #[prop(optional)]
    legend: Vec<String>,
    from: NaiveDate,
    to: NaiveDate,
    #[prop(into)] title: String,
    #[prop(into)] summary: String,
    #[prop(into)] no_data: String,
    /// Formats a day for the axis in the reader's language (redrawn when it changes).
    format_day: fn(NaiveDate, common::Locale) -> String,
) -> impl IntoView {
    let i18n = use_i18n();
    // Laid out at the width it is shown at: measured once mounted and again on resize.
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let width = RwSignal::new(W);
    let measure = move || {
        if let Some(w) = svg_ref.get_untracked().and_then(|svg| shown_width(&svg))
            && (w - width.get_untracked()).abs() >= 1.0
        {
            width.set(w);
        }
    };
    Effect::new(move |_| {
        if svg_ref.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let start = day_start(from);
    let end = day_start(to.succ_opt().unwrap_or(to));
    let (lo, hi, ticks, decimals) = y_axis(&lines);
    let mid = from + chrono::Days::new(u64::try_from((to - from).num_days() / 2).unwrap_or(0));
    let x_labels = [(from, "start"), (mid, "middle"), (to, "end")];
    let empty = lines.iter().all(|s| s.points.is_empty());
    let two = lines.len() > 1;
    // A threshold drawn once, though both lines may carry the same rule.
    let mut thresholds: Vec<common::monitoring::ThresholdDto> = Vec::new();
    for t in lines.iter().flat_map(|s| s.thresholds.iter()) {
        if !thresholds.iter().any(|o| o.rule == t.rule && (o.value - t.value).abs() < 1e-9) {
            thresholds.push(t.clone());
        }
    }
    let drawing = move || {
        let w = width.get();
        let lang = match i18n.get_locale() {
            Locale::ru => common::Locale::Ru,
            Locale::en => common::Locale::En,
        };
        let comma = lang == common::Locale::Ru;
        let grid = ticks
            .iter()
            .map(|t| {
                let y = y_of(*t, lo, hi);
                view! {
                    <line class="chart__grid" x1=LEFT x2=w - RIGHT y1=y y2=y></line>
                    <text class="chart__tick" x=LEFT - 4.0 y=y + 4.0 text-anchor="end">
                        {num(*t, decimals, comma)}
                    </text>
                }
            })
            .collect_view();
        let days = x_labels
            .iter()
            .map(|(d, pos)| {
                let (x, anchor) = match *pos {
                    "start" => (x_of(day_start(*d), start, end, w), "start"),
                    "end" => (w - RIGHT, "end"),
                    _ => (x_of(day_start(*d), start, end, w), "middle"),
                };
                view! {
                    <text class="chart__tick" x=x y=H - 8.0 text-anchor=anchor>
                        {format_day(*d, lang)}
                    </text>
                }
            })
            .collect_view();
        let limits = thresholds
            .iter()
            .map(|t| {
                let y = y_of(t.value, lo, hi);
                let sign = match t.compare {
                    Compare::AtLeast => "≥",
                    Compare::AtMost => "≤",
                };
                view! {
                    <line class="chart__threshold" x1=LEFT x2=w - RIGHT y1=y y2=y data-rule=t.rule.clone()></line>
                    <text class="chart__threshold-label" x=LEFT + 4.0 y=y - 4.0 text-anchor="start">
                        {format!("{sign} {}", num(t.value, 1, comma))}
                    </text>
                }
            })
            .collect_view();
        let plotted = lines
            .iter()
            .enumerate()
            .map(|(n, s)| {
                let unit = s.unit.as_deref().map(|u| common::answers::unit_text(lang, u)).unwrap_or_default();
                let points: Vec<(f64, f64, String)> = s
                    .points
                    .iter()
                    .map(|p| {
                        let label = format!("{}: {} {unit}", format_datetime(i18n, p.at), num(p.value, 2, comma))
                            .trim_end()
                            .to_owned();
                        (x_of(p.at, start, end, w), y_of(p.value, lo, hi), label)
                    })
                    .collect();
                let line = points.iter().map(|(x, y, _)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
                let second = n > 0;
                view! {
                    <polyline class="chart__line" class:chart__line--second=second points=line fill="none"></polyline>
                    {points
                        .into_iter()
                        .map(|(x, y, label)| {
                            if second {
                                view! {
                                    <rect class="chart__point chart__point--second" x=x - 4.0 y=y - 4.0 width="8" height="8">
                                        <title>{label}</title>
                                    </rect>
                                }
                                .into_any()
                            } else {
                                view! {
                                    <circle class="chart__point" cx=x cy=y r="4">
                                        <title>{label}</title>
                                    </circle>
                                }
                                .into_any()
                            }
                        })
                        .collect_view()}
                }
            })
            .collect_view();
        view! { {grid} {days} {limits} {plotted} }
    };
    view! {
        <figure class="chart" data-code=code>
            <figcaption class="chart__title">{title.clone()}</figcaption>
            {two.then(|| view! {
                <ul class="chart__legend" aria-hidden="true">
                    {legend.into_iter().enumerate().map(|(n, name)| view! {
                        <li class="chart__legend-item" class:chart__legend-item--second={n > 0}>
                            <span class="chart__legend-mark"></span>
                            {name}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <svg
                class="chart__svg"
                node_ref=svg_ref
                viewBox=move || format!("0 0 {} {H}", width.get())
                role="img"
                aria-label=format!("{title}. {summary}")
                preserveAspectRatio="none"
            >
                {drawing}
            </svg>
            <Show when=move || empty>
                <p class="chart__empty">{no_data.clone()}</p>
            </Show>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::questionnaire::I18nText;

    fn series(values: &[f64], min: Option<f64>, max: Option<f64>) -> SeriesDto {
        SeriesDto {
            code: "x".into(),
            label: I18nText::new("x", "x"),
            unit: None,
            min,
            max,
            points: values.iter().map(|v| common::monitoring::Point { at: DateTime::default(), value: *v }).collect(),
            thresholds: Vec::new(),
            alert_at: Vec::new(),
        }
    }

    fn with_unit(values: &[f64], unit: &str, min: f64, max: f64) -> SeriesDto {
        SeriesDto { unit: Some(unit.into()), ..series(values, Some(min), Some(max)) }
    }

    #[test]
    fn scales_keep_their_range_and_numbers_get_a_sane_span() {
        let (lo, hi, ticks, _) = y_axis(&[series(&[3.0, 8.0], Some(0.0), Some(10.0))]);
        assert_eq!((lo, hi), (-0.5, 10.5));
        assert_eq!(ticks, vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        // One temperature: at least 2 °C around it, ticks at round numbers.
        let (lo, hi, ticks, decimals) = y_axis(&[with_unit(&[38.0], "°C", 34.0, 43.0)]);
        assert!(hi - lo >= 2.0, "{lo}..{hi}");
        assert!(lo <= 37.0 && hi >= 39.0, "{lo}..{hi}");
        assert_eq!((ticks.first().copied(), decimals), (Some(37.0), 1));
        assert!(ticks.iter().all(|t| (t * 2.0).fract().abs() < 1e-9), "{ticks:?}");
        // SpO2 never runs above 100 %.
        let (lo, hi, _, _) = y_axis(&[with_unit(&[98.0, 99.0], "%", 50.0, 100.0)]);
        assert!(hi <= 100.0 && hi - lo >= 10.0, "{lo}..{hi}");
        // Blood pressure: both lines on one axis.
        let (lo, hi, _, _) =
            y_axis(&[with_unit(&[128.0], "mmHg", 50.0, 260.0), with_unit(&[82.0], "mmHg", 30.0, 160.0)]);
        assert!(lo <= 82.0 && hi >= 128.0, "{lo}..{hi}");
        let (lo, hi, _, _) = y_axis(&[series(&[], None, None)]);
        assert_eq!((lo, hi), (0.0, 10.0));
    }

    #[test]
    fn ticks_are_round_and_read_where_they_are() {
        assert_eq!(nice_ticks(33.1, 43.9), (vec![34.0, 36.0, 38.0, 40.0, 42.0], 0));
        assert_eq!(nice_ticks(-1.0, 11.0), (vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0], 0));
        assert_eq!(nice_ticks(95.5, 96.5), (vec![95.6, 95.8, 96.0, 96.2, 96.4], 1));
        assert_eq!(nice_ticks(60.0, 160.0).0, vec![60.0, 80.0, 100.0, 120.0, 140.0, 160.0]);
        assert_eq!(nice_ticks(0.0, 1.5), (vec![0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5], 2));
        let (t, d) = nice_ticks(36.05, 36.95);
        assert_eq!((t.first().copied(), d), (Some(36.2), 1));
    }

    #[test]
    fn positions_span_the_drawing() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
        let (start, end) = (day_start(d), day_start(d + chrono::Days::new(10)));
        assert!((x_of(start, start, end, 400.0) - LEFT).abs() < 1e-9);
        assert!((x_of(end, start, end, 400.0) - (400.0 - RIGHT)).abs() < 1e-9);
        assert!((y_of(10.0, 0.0, 10.0) - TOP).abs() < 1e-9);
        assert!((y_of(0.0, 0.0, 10.0) - (H - BOTTOM)).abs() < 1e-9);
        assert_eq!(num(37.25, 1, true), "37,2");
        assert_eq!(num(38.0, 1, false), "38");
    }
}
