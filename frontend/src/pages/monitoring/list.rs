//! `/staff/monitoring` — "Мониторинг": the doctor's patients (an assistant's: his doctors'
//! patients) with the last submission, adherence over 30 days, open alerts and the trend, in
//! the server's order (attention first). A table on a desk, cards on a phone.

use common::auth::Role;
use common::monitoring::MonitoringRowDto;
use leptos::prelude::*;

use super::worklist::WorklistSection;
use super::{AlertCount, TrendMark, WorstAlert, ago};
use crate::api;
use crate::components::datetime::{TimeZoneNote, format_datetime, format_day, local_day, today};
use crate::components::list_controls::SearchBox;
use crate::components::page::{EmptyPanel, Paged, PagedView, RolePage};
use crate::components::table::{CardTable, Cell, Column};
use crate::components::ui::role_label;
use crate::i18n::*;
use crate::live::use_live;
use crate::pages::record::{STAFF_ROLES, age_on};
use crate::routes::staff_patient_href;
use crate::session::use_session;

const PER_PAGE: u32 = 20;

#[component]
pub fn MonitoringPage() -> impl IntoView {
    view! {
        <RolePage title=|i| t_string!(i, monitoring.title) roles=STAFF_ROLES>
            <MonitoringList />
        </RolePage>
    }
}

#[component]
fn MonitoringList() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let live = use_live();
    let query = RwSignal::new(String::new());
    let list = Paged::new(PER_PAGE, move |p| {
        let q = query.get();
        live.version();
        async move { api::monitoring::patients(&q, p, PER_PAGE).await }
    });
    let empty = move || {
        let searching = !query.get_untracked().trim().is_empty();
        view! {
            <EmptyPanel
                flat=true
                testid="monitoring-empty"
                icon="M3 12h4l3-7 4 14 3-7h4"
                title=move || if searching { t_string!(i18n, patients.nothing_found) } else { t_string!(i18n, monitoring.empty_title) }
                text=move || if searching { t_string!(i18n, patients.nothing_found_text) } else { t_string!(i18n, monitoring.empty_text) }
            />
        }
        .into_any()
    };
    let rows = |rows: Vec<MonitoringRowDto>| view! { <MonitoringTable rows=rows /> }.into_any();
    let eyebrow = move || {
        session.me().map(|me| {
            let org = me.current.organization_name.clone().unwrap_or_default();
            let role = me.current.role;
            view! { <p class="page-header__eyebrow">{org}" · "{move || role_label(i18n, role)}</p> }
        })
    };
    let is_assistant = move || session.role() == Some(Role::Assistant);
    view! {
        <section class="page" data-page="monitoring">
            <header class="page-header">
                {eyebrow}
                <h1>{t!(i18n, monitoring.title)}</h1>
                <p class="page-header__lead">
                    {move || if is_assistant() { t_string!(i18n, monitoring.lead_assistant) } else { t_string!(i18n, monitoring.lead) }}
                </p>
                <TimeZoneNote />
            </header>
            <WorklistSection />
            <section class="card stack-card" aria-labelledby="monitoring-patients">
                <h2 id="monitoring-patients">{t!(i18n, monitoring.patients_title)}</h2>
                <div class="toolbar" role="search">
                    <SearchBox id="monitoring-search" label=move || t_string!(i18n, monitoring.search_label) query=query page=list.page />
                </div>
                <PagedView paged=list empty=empty render=rows keep=true />
            </section>
        </section>
    }
}

const COL_PATIENT: Column = Column::new(|i| t_string!(i, monitoring.col_patient));
const COL_ALERTS: Column = Column::new(|i| t_string!(i, monitoring.col_alerts));
const COL_LAST: Column = Column::new(|i| t_string!(i, monitoring.col_last));
const COL_ADHERENCE: Column = Column::new(|i| t_string!(i, monitoring.col_adherence));
const COL_TREND: Column = Column::new(|i| t_string!(i, monitoring.col_trend));

#[component]
fn MonitoringTable(rows: Vec<MonitoringRowDto>) -> impl IntoView {
    let i18n = use_i18n();
    let now_day = today();
    view! {
        <CardTable columns=&[COL_PATIENT, COL_ALERTS, COL_LAST, COL_ADHERENCE, COL_TREND] caption=move || t_string!(i18n, monitoring.patients_title) testid="monitoring-list" class="table monitoring-table">
                    {rows.into_iter().map(|r| {
                        let href = staff_patient_href(r.patient_id, None);
                        let born = r.birth_date;
                        let last = r.last_submission_at;
                        let (due, answered, adherence) = (r.due_30d, r.answered_30d, r.adherence);
                        let (open, escalated, worst) = (r.open_alerts, r.escalated, r.worst.clone());
                        let attention = open > 0;
                        view! {
                            <tr data-patient=r.patient_id.to_string() data-alerts=open class:monitoring-row--alert=attention>
                                <Cell label=COL_PATIENT.label>
                                    <a class="entry-link" href=href>{r.name.clone()}</a>
                                    {born.map(|b| view! {
                                        <span class="hint monitoring-born">
                                            {move || t_string!(i18n, record.age, date = format_day(i18n, b), years = super::years_count(i18n, i64::from(age_on(b, now_day)))).to_string()}
                                        </span>
                                    })}
                                </Cell>
                                <Cell label=COL_ALERTS.label>
                                    {if let Some(worst) = worst {
                                        view! { <WorstAlert worst=worst count=open escalated=escalated /> }.into_any()
                                    } else if open > 0 {
                                        view! { <AlertCount count=open escalated=escalated /> }.into_any()
                                    } else {
                                        view! { <span class="muted">{move || t_string!(i18n, monitoring.no_alerts)}</span> }.into_any()
                                    }}
                                </Cell>
                                <Cell label=COL_LAST.label>
                                    {match last {
                                        Some(at) => {
                                            let days = (now_day - local_day(at)).num_days();
                                            view! {
                                                <span title=move || format_datetime(i18n, at)>{move || ago(i18n, days)}</span>
                                            }.into_any()
                                        }
                                        None => view! { <span class="muted">{move || t_string!(i18n, monitoring.never)}</span> }.into_any(),
                                    }}
                                </Cell>
                                <Cell label=COL_ADHERENCE.label>
                                    {match adherence {
                                        Some(a) if due > 0 => {
                                            #[expect(clippy::cast_possible_truncation, reason = "a percentage from 0 to 100")]
                                            let pct = (a * 100.0).round().clamp(0.0, 100.0) as u32;
                                            view! {
                                                <span class="adherence">
                                                    <span class="adherence__pct">{format!("{pct} %")}</span>
                                                    <span class="hint">{move || t_string!(i18n, monitoring.adherence_hint, answered = answered, due = due).to_string()}</span>
                                                </span>
                                            }.into_any()
                                        }
                                        _ => view! { <span class="muted">{move || t_string!(i18n, monitoring.nothing_due)}</span> }.into_any(),
                                    }}
                                </Cell>
                                <Cell label=COL_TREND.label><TrendMark trend=r.trend /></Cell>
                            </tr>
                        }
                    }).collect_view()}
        </CardTable>
    }
}
