//! `/cabinet/data-entry/charts` — "Мои показатели" (MON-3): the patient's own values over 30
//! days, 90 days or a year, drawn by [`Readings`] — the same charts his care team reads.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api;
use crate::components::datetime::{TimeZoneNote, format_day, today};
use crate::components::page::{EmptyPanel, Loaded, PageHeader};
use crate::components::readings::Readings;
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

#[component]
pub fn ChartsPage() -> impl IntoView {
    let i18n = use_i18n();
    let cabinet = use_cabinet();
    let period = RwSignal::new(Period::Days30);
    let data = cabinet.load(move || {
        let (from, to) = period.get().range(today());
        async move { api::monitoring::cabinet::series(from, to).await }
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
                set if set.series.iter().all(|s| s.points.is_empty()) => view! {
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
                        <div data-testid="charts">
                            <Readings set=set />
                        </div>
                    }.into_any()
                }
            } />
        </section>
    }
}

/// "5 мар. 2026 г. — 3 апр. 2026 г.": the days shown, in words.
fn period_text(i18n: I18nContext<Locale>, from: NaiveDate, to: NaiveDate) -> String {
    format!("{} — {}", format_day(i18n, from), format_day(i18n, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_end_today() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        assert_eq!(Period::Days30.range(today), (NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), today));
        assert_eq!(Period::Year.range(today).0, NaiveDate::from_ymd_opt(2025, 4, 1).unwrap());
        assert_eq!(Period::Days90.days(), 90);
    }
}
