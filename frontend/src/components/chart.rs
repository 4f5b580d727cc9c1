//! A time-series line chart drawn as SVG in the page (MON-4): one item's values over a period,
//! with the alert thresholds as dashed lines. No chart service, no script: the points are laid
//! out here. The chart is an image with a text summary for screen readers; the values
//! themselves are listed beside it by the pages (the answers table).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use common::alerts::Compare;
use common::monitoring::SeriesDto;
use common::questionnaire::format_number;
use leptos::prelude::*;

const W: f64 = 640.0;
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

fn x_of(at: DateTime<Utc>, start: DateTime<Utc>, end: DateTime<Utc>) -> f64 {
    let span = (end - start).num_seconds().max(1) as f64;
    LEFT + (at - start).num_seconds() as f64 / span * (W - LEFT - RIGHT)
}

fn y_of(v: f64, lo: f64, hi: f64) -> f64 {
    TOP + (hi - v) / (hi - lo).max(f64::EPSILON) * (H - TOP - BOTTOM)
}

fn day_start(d: NaiveDate) -> DateTime<Utc> {
    d.and_time(NaiveTime::MIN).and_utc()
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
    /// Formats a day for the axis.
    format_day: fn(NaiveDate) -> String,
) -> impl IntoView {
    let start = day_start(from);
    let end = day_start(to.succ_opt().unwrap_or(to));
    let (lo, hi) = y_range(&series);
    let decimals = if hi - lo < 5.0 { 1 } else { 0 };
    let unit = series.unit.clone().unwrap_or_default();
    let ticks: Vec<f64> = (0..5).map(|i| lo + (hi - lo) * f64::from(i) / 4.0).collect();
    let mid = from + chrono::Days::new(u64::try_from((to - from).num_days() / 2).unwrap_or(0));
    let x_labels = [(from, "start"), (mid, "middle"), (to, "end")];
    let points: Vec<(f64, f64, String)> = series
        .points
        .iter()
        .map(|p| {
            let label = format!("{}: {} {}", p.at.format("%Y-%m-%d %H:%M"), format_number(p.value, 2), unit);
            (x_of(p.at, start, end), y_of(p.value, lo, hi), label)
        })
        .collect();
    let line = points.iter().map(|(x, y, _)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
    let empty = points.is_empty();
    let code = series.code.clone();
    view! {
        <figure class="chart" data-code=code>
            <figcaption class="chart__title">{title.clone()}</figcaption>
            <svg
                class="chart__svg"
                viewBox=format!("0 0 {W} {H}")
                role="img"
                aria-label=format!("{title}. {summary}")
                preserveAspectRatio="none"
            >
                {ticks
                    .iter()
                    .map(|t| {
                        let y = y_of(*t, lo, hi);
                        view! {
                            <line class="chart__grid" x1=LEFT x2=W - RIGHT y1=y y2=y></line>
                            <text class="chart__tick" x=LEFT - 4.0 y=y + 4.0 text-anchor="end">
                                {format_number(*t, decimals)}
                            </text>
                        }
                    })
                    .collect_view()}
                {x_labels
                    .iter()
                    .map(|(d, pos)| {
                        let x = x_of(day_start(*d), start, end);
                        let anchor = match *pos {
                            "start" => "start",
                            "end" => "end",
                            _ => "middle",
                        };
                        let x = if *pos == "end" { W - RIGHT } else { x };
                        view! {
                            <text class="chart__tick" x=x y=H - 8.0 text-anchor=anchor>
                                {format_day(*d)}
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
                            <line class="chart__threshold" x1=LEFT x2=W - RIGHT y1=y y2=y data-rule=t.rule.clone()></line>
                            <text class="chart__threshold-label" x=W - RIGHT - 4.0 y=y - 4.0 text-anchor="end">
                                {format!("{sign} {}", format_number(t.value, 1))}
                            </text>
                        }
                    })
                    .collect_view()}
                <polyline class="chart__line" points=line fill="none"></polyline>
                {points
                    .into_iter()
                    .map(|(x, y, label)| {
                        view! {
                            <circle class="chart__point" cx=x cy=y r="3.5">
                                <title>{label}</title>
                            </circle>
                        }
                    })
                    .collect_view()}
            </svg>
            <Show when=move || empty>
                <p class="chart__empty muted">{no_data.clone()}</p>
            </Show>
        </figure>
    }
}
