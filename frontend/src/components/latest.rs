//! "Последние значения" of the staff patient page's overview (issue 14): each reading's latest
//! value in the order of [`blocks`] (values past an alert threshold first, then by clinical
//! relevance), blood pressure as one "128/82", ESAS-r as its highest latest scores.

use common::monitoring::{SeriesDto, SeriesSetDto};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::components::datetime::format_datetime;
use crate::components::page::EmptyPanel;
use crate::components::readings::{BP, Block, blocks, last_past_threshold, plain};
use crate::i18n::*;
use crate::pages::monitoring::{item_name, unit_label};

/// How many ESAS-r symptoms the tile names: the highest latest scores.
const TOP_SYMPTOMS: usize = 3;

/// One tile: what, the value, when, and whether it is past a threshold.
#[derive(Debug, Clone, PartialEq)]
struct Tile {
    code: String,
    name: String,
    value: String,
    at: Option<chrono::DateTime<chrono::Utc>>,
    alert: bool,
}

fn tile(i18n: I18nContext<Locale>, block: &Block) -> Option<Tile> {
    match block {
        Block::Line { code, lines } => {
            let first = lines.first()?;
            let name = if code == BP {
                t_string!(i18n, readings.bp).to_owned()
            } else {
                item_name(i18n, &first.code, Some(&first.label))
            };
            let lasts: Vec<String> =
                lines.iter().filter_map(|s| s.points.last().map(|p| plain(i18n, p.value))).collect();
            let value = match first.unit.as_deref().filter(|u| !u.is_empty()) {
                Some(u) => format!("{} {}", lasts.join("/"), unit_label(i18n, u)),
                None => lasts.join("/"),
            };
            let at = lines.iter().filter_map(|s| s.points.last().map(|p| p.at)).max();
            Some(Tile { code: code.clone(), name, value, at, alert: lines.iter().any(last_past_threshold) })
        }
        Block::Symptoms(rows) => {
            let mut latest: Vec<(&SeriesDto, f64)> =
                rows.iter().filter_map(|s| s.points.last().map(|p| (s, p.value))).collect();
            latest.sort_by(|a, b| b.1.total_cmp(&a.1));
            let value = latest
                .iter()
                .take(TOP_SYMPTOMS)
                .map(|(s, v)| {
                    format!("{} {}", item_name(i18n, &s.code, Some(&s.label)).to_lowercase(), plain(i18n, *v))
                })
                .collect::<Vec<_>>()
                .join(", ");
            let at = rows.iter().filter_map(|s| s.points.last().map(|p| p.at)).max();
            Some(Tile {
                code: "esas".into(),
                name: t_string!(i18n, patient_page.latest_symptoms).to_owned(),
                value,
                at,
                alert: rows.iter().any(last_past_threshold),
            })
        }
    }
}

/// The latest values of a set, or a line saying there are none in its period.
#[component]
pub fn LatestValues(set: SeriesSetDto, #[prop(into)] charts_href: String) -> impl IntoView {
    let i18n = use_i18n();
    let (blocks, _) = blocks(set.series);
    if blocks.is_empty() {
        return view! {
            <EmptyPanel flat=true testid="latest-empty" title=move || t_string!(i18n, patient_page.latest_empty) text=move || t_string!(i18n, patient_page.latest_empty_text) />
        }
        .into_any();
    }
    view! {
        {move || {
            let tiles: Vec<Tile> = blocks.iter().filter_map(|b| tile(i18n, b)).collect();
            view! {
                <ul class="latest" role="list" data-testid="latest-values">
                    {tiles.into_iter().map(|t| view! {
                        <li class="latest__item" class:latest__item--alert=t.alert data-code=t.code>
                            <span class="latest__name">{t.name}</span>
                            <span class="latest__value">
                                {t.alert.then(|| view! {
                                    <span class="latest__mark" aria-hidden="true">"⚠ "</span>
                                    <span class="visually-hidden">{t!(i18n, patient_page.past_threshold)}" "</span>
                                })}
                                {t.value}
                            </span>
                            {t.at.map(|at| view! { <span class="latest__when hint">{format_datetime(i18n, at)}</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            }
        }}
        <a class="link" href=charts_href>{t!(i18n, patient_page.all_charts)}</a>
    }
    .into_any()
}
