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

/// The vertical range: the data, the thresholds and the item's own limits when the data come
/// near them, padded a little; never empty.
fn y_range(s: &SeriesDto) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in s.points.iter().map(|p| p.value).chain(s.thresholds.iter().map(|t| t.value)) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if let (Some(min), Some(max)) = (s.min, s.max)
        && max - min <= 10.0
    {
        // Scales (0–10) keep their whole range, so charts compare at a glance.
        lo = lo.min(min);
        hi = hi.max(max);
    }
    if !lo.is_finite() || !hi.is_finite() {
        return (s.min.unwrap_or(0.0), s.max.unwrap_or(10.0).max(s.min.unwrap_or(0.0) + 1.0));
    }
    let pad = ((hi - lo) * 0.1).max(0.5);
    (lo - pad, hi + pad)
}

/// Round values for the grid between `lo` and `hi`: steps of 1, 2, 2.5 or 5 × 10ⁿ, four to
/// six of them, with the decimals the step needs (a tick reads exactly where its line is).
fn nice_ticks(lo: f64, hi: f64) -> (Vec<f64>, u8) {
    let raw = ((hi - lo) / 6.0).max(1e-9);
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(raw);
    let decimals = (0u8..=3).find(|d| ((step * 10f64.powi(i32::from(*d))).fract()).abs() < 1e-6).unwrap_or(3);
    let scale = 10f64.powi(i32::from(decimals));
    let first = (lo / step).ceil();
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

/// The chart of one series between `from` and `to` (inclusive days). `no_data` is shown when
/// the period has no values; `summary` is the text alternative (e.g. "12 values, last 37.2 °C").
#[component]
pub fn LineChart(
    series: SeriesDto,
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
    let (lo, hi) = y_range(&series);
    let (ticks, decimals) = nice_ticks(lo, hi);
    let unit = series.unit.clone().unwrap_or_default();
    let mid = from + chrono::Days::new(u64::try_from((to - from).num_days() / 2).unwrap_or(0));
    let x_labels = [(from, "start"), (mid, "middle"), (to, "end")];
    let empty = series.points.is_empty();
    let code = series.code.clone();
    let drawing = move || {
        let w = width.get();
        let lang = match i18n.get_locale() {
            Locale::ru => common::Locale::Ru,
            Locale::en => common::Locale::En,
        };
        let comma = lang == common::Locale::Ru;
        let points: Vec<(f64, f64, String)> = series
            .points
            .iter()
            .map(|p| {
                let label = format!("{}: {} {}", format_datetime(i18n, p.at), num(p.value, 2, comma), unit)
                    .trim_end()
                    .to_owned();
                (x_of(p.at, start, end, w), y_of(p.value, lo, hi), label)
            })
            .collect();
        let line = points.iter().map(|(x, y, _)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
        view! {
            {ticks
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
                .collect_view()}
            {x_labels
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
                .collect_view()}
            {series
                .thresholds
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
                .collect_view()}
            <polyline class="chart__line" points=line fill="none"></polyline>
            {points
                .into_iter()
                .map(|(x, y, label)| {
                    view! {
                        <circle class="chart__point" cx=x cy=y r="4">
                            <title>{label}</title>
                        </circle>
                    }
                })
                .collect_view()}
        }
    };
    view! {
        <figure class="chart" data-code=code>
            <figcaption class="chart__title">{title.clone()}</figcaption>
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
        }
    }

    #[test]
    fn scales_keep_their_range_and_numbers_pad_theirs() {
        assert_eq!(y_range(&series(&[3.0, 8.0], Some(0.0), Some(10.0))), (-1.0, 11.0));
        let (lo, hi) = y_range(&series(&[96.0], Some(30.0), Some(220.0)));
        assert!((lo - 95.5).abs() < 1e-9 && (hi - 96.5).abs() < 1e-9);
        assert_eq!(y_range(&series(&[], None, None)), (0.0, 10.0));
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
