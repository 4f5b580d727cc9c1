//! The charts of a patient's monitoring page (MON-4): a period (7, 30, 90 or 365 days) →
//! `GET /patients/{id}/monitoring/series` → [`Readings`], the same charts the patient reads.

use chrono::{Days, NaiveDate};
use common::ids::PatientId;
use leptos::prelude::*;

use crate::api;
use crate::components::datetime::today;
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::components::page::EmptyPanel;
use crate::components::readings::Readings;
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
                        Ok(set) if set.series.iter().all(|s| s.points.is_empty()) => view! {
                            <EmptyPanel flat=true testid="charts-empty" title=move || t_string!(i18n, monitoring.charts_empty) text=move || t_string!(i18n, monitoring.charts_empty_text) />
                        }.into_any(),
                        Ok(set) => view! { <Readings set=set /> }.into_any(),
                        Err(e) => view! {
                            <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| series.refetch()) />
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
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
