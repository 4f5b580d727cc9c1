//! `/cabinet/data-entry/charts` — "Мои показатели" (MON-3): the patient's own values over 30
//! days, 90 days or a year, one chart per item with the alert thresholds drawn in, a sentence
//! for each ("12 values, the last 37.2 °C") and the values as a table.

use chrono::NaiveDate;
use common::monitoring::SeriesDto;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;

use super::{lang, unit_text, value_with_unit};
use crate::api;
use crate::components::chart::LineChart;
use crate::components::datetime::{TimeZoneNote, format_datetime, format_day, today};
use crate::components::page::{EmptyPanel, Loaded, PageHeader};
use crate::i18n::*;
use crate::pages::cabinet::use_cabinet;
use crate::routes::AppRoute;

/// The periods a patient can look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Days30,
    Days90,
    Year,
}

impl Period {
    pub const ALL: [Self; 3] = [Self::Days30, Self::Days90, Self::Year];

    pub fn days(self) -> u64 {
        match self {
            Self::Days30 => 30,
            Self::Days90 => 90,
            Self::Year => 365,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Days30 => "30",
            Self::Days90 => "90",
            Self::Year => "365",
        }
    }

    /// The days shown, `today` the last of them.
    pub fn range(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        (today - chrono::Days::new(self.days() - 1), today)
    }

    fn label(self, i18n: I18nContext<Locale>) -> &'static str {
        match self {
            Self::Days30 => t_string!(i18n, data_entry.charts.days30),
            Self::Days90 => t_string!(i18n, data_entry.charts.days90),
            Self::Year => t_string!(i18n, data_entry.charts.year),
        }
    }
}

/// How many decimals a series' values need: those of its item for numbers (at most 2), none
/// for whole values.
fn decimals_of(s: &SeriesDto) -> u8 {
    if s.points.iter().all(|p| p.value.fract() == 0.0) {
        0
    } else if s.points.iter().all(|p| (p.value * 10.0).fract().abs() < 1e-9) {
        1
    } else {
        2
    }
}

/// A chart's title: the item and its unit ("Температура, °C").
pub fn chart_title(locale: common::Locale, s: &SeriesDto) -> String {
    let label = s.label.get(locale).to_owned();
    match s.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => format!("{label}, {}", unit_text(locale, u)),
        None => label,
    }
}

/// A day on the chart's axis: "05.03", the same in both languages.
fn axis_day(d: NaiveDate, _locale: common::Locale) -> String {
    d.format("%d.%m").to_string()
}

#[component]
pub fn ChartsPage() -> impl IntoView {
    let i18n = use_i18n();
    let cabinet = use_cabinet();
    let period = RwSignal::new(Period::Days30);
    let data = LocalResource::new(move || {
        let (from, to) = period.get().range(today());
        cabinet.card_version.track();
        async move { api::monitoring_cabinet::series(from, to).await }
    });
    view! {
        <Title text=move || t_string!(i18n, data_entry.charts.title).to_owned() />
        <section class="page" data-page="cabinet-charts">
            <p class="back-link">
                <A href=AppRoute::CabinetDataEntry.path()>{t!(i18n, data_entry.back)}</A>
            </p>
            <PageHeader title=move || t_string!(i18n, data_entry.charts.title) lead=move || t_string!(i18n, data_entry.charts.lead) />
            <div class="de-period">
                <span class="de-period__label" id="de-period-label">{t!(i18n, data_entry.charts.period)}</span>
                <div class="segmented" role="group" aria-labelledby="de-period-label" data-testid="period">
                    {Period::ALL.into_iter().map(|p| view! {
                        <button
                            type="button"
                            class="segmented__option"
                            data-days=p.as_str()
                            aria-pressed=move || if period.get() == p { "true" } else { "false" }
                            on:click=move |_| period.set(p)
                        >
                            {move || p.label(i18n)}
                        </button>
                    }).collect_view()}
                </div>
            </div>
            <Loaded resource=data skeleton=8 render=move |value| match value {
                set if set.series.is_empty() => view! {
                    <EmptyPanel
                        testid="charts-empty"
                        title=move || t_string!(i18n, data_entry.charts.empty_title)
                        text=move || t_string!(i18n, data_entry.charts.empty_text)
                    >
                        <A href=AppRoute::CabinetDataEntry.path() attr:class="btn btn--primary">{t!(i18n, data_entry.title)}</A>
                    </EmptyPanel>
                }.into_any(),
                set => {
                    let (from, to) = (set.from, set.to);
                    view! {
                        <p class="chart-period" data-testid="period-range">{move || period_text(i18n, from, to)}</p>
                        <TimeZoneNote />
                        <div class="chart-grid" data-testid="charts">
                            {set.series.into_iter().map(|s| view! { <SeriesChart series=s from=from to=to /> }).collect_view()}
                        </div>
                    }.into_any()
                }
            } />
        </section>
    }
}

/// One item's chart with its summary and a table of its values.
#[component]
fn SeriesChart(series: SeriesDto, from: NaiveDate, to: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let decimals = decimals_of(&series);
    let unit = series.unit.clone();
    let count = series.points.len();
    let last = series.points.last().copied();
    let points = series.points.clone();
    let code = series.code.clone();
    move || {
        let locale = lang(i18n);
        let title = chart_title(locale, &series);
        let summary = match last {
            Some(p) => t_string!(
                i18n,
                data_entry.charts.summary,
                count = count,
                value = value_with_unit(locale, p.value, decimals, unit.as_deref()),
                date = format_datetime(i18n, p.at)
            )
            .to_string(),
            None => t_string!(i18n, data_entry.charts.no_data).to_owned(),
        };
        let rows = points.clone();
        let unit = unit.clone();
        view! {
            <div class="chart-card" data-series=code.clone()>
                <LineChart
                    series=series.clone()
                    from=from
                    to=to
                    title=title.clone()
                    summary=summary.clone()
                    no_data=t_string!(i18n, data_entry.charts.no_data).to_owned()
                    format_day=axis_day
                />
                {(count > 0).then(|| view! {
                    <p class="chart-card__summary">{summary.clone()}</p>
                    <details class="de-values">
                        <summary>{t!(i18n, data_entry.charts.values)}</summary>
                        <table class="de-table">
                            <caption class="visually-hidden">{title.clone()}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, data_entry.charts.when)}</th>
                                    <th scope="col" class="de-table__num">{t!(i18n, data_entry.charts.value)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().rev().map(|p| view! {
                                    <tr>
                                        <td>{format_datetime(i18n, p.at)}</td>
                                        <td class="de-table__num">{value_with_unit(locale, p.value, decimals, unit.as_deref())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </details>
                })}
            </div>
        }
    }
}

/// "5 мар. 2026 г. — 3 апр. 2026 г.": the days shown, in words.
fn period_text(i18n: I18nContext<Locale>, from: NaiveDate, to: NaiveDate) -> String {
    format!("{} — {}", format_day(i18n, from), format_day(i18n, to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::monitoring::Point;
    use common::questionnaire::I18nText;

    fn series(values: &[f64], unit: Option<&str>) -> SeriesDto {
        SeriesDto {
            code: "vitals.temp_c".into(),
            label: I18nText::new("Температура", "Temperature"),
            unit: unit.map(str::to_owned),
            min: Some(34.0),
            max: Some(43.0),
            points: values.iter().map(|v| Point { at: chrono::DateTime::default(), value: *v }).collect(),
            thresholds: Vec::new(),
        }
    }

    #[test]
    fn periods_end_today() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        assert_eq!(Period::Days30.range(today), (NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), today));
        assert_eq!(Period::Year.range(today).0, NaiveDate::from_ymd_opt(2025, 4, 1).unwrap());
        assert_eq!(Period::Days90.days(), 90);
    }

    #[test]
    fn titles_and_decimals() {
        let s = series(&[36.6, 38.4], Some("°C"));
        assert_eq!(chart_title(common::Locale::Ru, &s), "Температура, °C");
        assert_eq!(decimals_of(&s), 1);
        assert_eq!(decimals_of(&series(&[7.0, 8.0], None)), 0);
        assert_eq!(decimals_of(&series(&[70.25], None)), 2);
        let bp = SeriesDto { unit: Some("mmHg".into()), ..series(&[], None) };
        assert_eq!(chart_title(common::Locale::Ru, &bp), "Температура, мм рт. ст.");
        assert_eq!(chart_title(common::Locale::En, &series(&[], None)), "Temperature");
    }
}
