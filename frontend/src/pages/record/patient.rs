//! `/staff/patients/:id`: the patient's name, birth date (age) and contacts, and tabs —
//! "Медкарта" (entries with drafts, filtered by kind and status), "Назначения" and
//! "Правила мониторинга" (the patient's alert rules, MON-5).

use common::admin::PatientDto;
use common::auth::Role;
use common::ids::PatientId;
use common::record::{EntryKind, EntryStatus, EntrySummaryDto};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::prescriptions::PrescriptionsTab;
use super::{EntryStatusBadge, StaffPatientRoute, age_on, author_line, kind_label, patients_home};
use crate::api;
use crate::api::record::RecordFilter;
use crate::components::datetime::{TimeZoneNote, format_day, today};
use crate::components::page::{EmptyPanel, Loaded, SectionCard};
use crate::components::table::{CardTable, Cell, Column};
use crate::components::ui::Pagination;
use crate::i18n::*;
use crate::pages::monitoring::questionnaires::patient_rules::PatientRulesPanel;
use crate::routes::{staff_entry_href, staff_monitoring_href, staff_patient_href};
use crate::session::use_session;

const PER_PAGE: u32 = 20;
/// `?tab=` of the patient's alert rules (MON-5).
const RULES_TAB: &str = "monitoring-rules";

#[component]
pub fn StaffPatientPage() -> impl IntoView {
    view! { <StaffPatientRoute page=|id| view! { <PatientLoaded id=id /> }.into_any() /> }
}

#[component]
fn PatientLoaded(id: PatientId) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let tab = Memo::new(move |_| query.with(|q| q.get("tab")));
    let prescriptions_tab = Memo::new(move |_| tab.with(|t| t.as_deref() == Some("prescriptions")));
    let rules_tab = Memo::new(move |_| tab.with(|t| t.as_deref() == Some(RULES_TAB)));
    let record_tab = Memo::new(move |_| !prescriptions_tab.get() && !rules_tab.get());
    let patient = LocalResource::new(move || api::record::patient(id));
    let title = move || {
        patient
            .get()
            .and_then(Result::ok)
            .map_or_else(|| t_string!(i18n, record.tab_record).to_owned(), |p| p.name.full())
    };
    let back = move || patients_home(session.role());
    view! {
        <Title text=title />
        <section class="page" data-page="staff-patient">
            <a class="link back-link" href=back>{t!(i18n, record.back_to_patients)}</a>
            <Loaded resource=patient skeleton=3 render=move |p| view! { <PatientHeader patient=p /> }.into_any() />
            <nav class="tabs" aria-label=move || t_string!(i18n, record.tabs_label)>
                <a class="tabs__tab" href=staff_patient_href(id, None)
                    aria-current=move || record_tab.get().then_some("page")>
                    {t!(i18n, record.tab_record)}
                </a>
                <a class="tabs__tab" href=staff_patient_href(id, Some("prescriptions"))
                    aria-current=move || prescriptions_tab.get().then_some("page")>
                    {t!(i18n, record.tab_prescriptions)}
                </a>
                <a class="tabs__tab" href=staff_patient_href(id, Some(RULES_TAB))
                    aria-current=move || rules_tab.get().then_some("page")>
                    {t!(i18n, library.patient_rules_title)}
                </a>
            </nav>
            {move || if prescriptions_tab.get() {
                view! { <PrescriptionsTab id=id /> }.into_any()
            } else if rules_tab.get() {
                let can_edit = session.role() == Some(Role::Doctor);
                view! { <PatientRulesPanel patient=id can_edit=can_edit /> }.into_any()
            } else {
                view! { <RecordTab id=id /> }.into_any()
            }}
        </section>
    }
}

#[component]
fn PatientHeader(patient: PatientDto) -> impl IntoView {
    let i18n = use_i18n();
    let born = patient.birth_date;
    let years = age_on(born, today());
    let email = patient.email.clone();
    let phone = patient.phone.clone();
    let none = move || t_string!(i18n, record.no_contact).to_owned();
    let monitoring = staff_monitoring_href(Some(patient.id));
    view! {
        <header class="page-header patient-head" data-testid="patient-header">
            <div class="patient-head__top">
                <div>
                    <p class="page-header__eyebrow">{t!(i18n, record.eyebrow)}</p>
                    <h1>{patient.name.full()}</h1>
                </div>
                <a class="btn btn--secondary" href=monitoring data-testid="monitoring-link">{t!(i18n, monitoring.open_monitoring)}</a>
            </div>
            <dl class="patient-head__facts">
                <div>
                    <dt>{t!(i18n, record.birth_date)}</dt>
                    <dd>{move || t_string!(i18n, record.age, date = format_day(i18n, born), years = crate::pages::monitoring::years_count(i18n, i64::from(years))).to_string()}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, record.email)}</dt>
                    <dd>{move || email.clone().unwrap_or_else(none)}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, record.phone)}</dt>
                    <dd>{move || phone.clone().unwrap_or_else(none)}</dd>
                </div>
            </dl>
        </header>
    }
}

fn parse_kind(s: &str) -> Option<EntryKind> {
    EntryKind::parse(s)
}

#[component]
fn RecordTab(id: PatientId) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let page = RwSignal::new(1u32);
    let kind = RwSignal::new(None::<EntryKind>);
    let status = RwSignal::new(None::<EntryStatus>);
    let list = LocalResource::new(move || {
        let filter = RecordFilter { kind: kind.get(), status: status.get(), page: page.get(), per_page: PER_PAGE };
        async move { api::record::entries(id, filter).await }
    });
    let total = Signal::derive(move || list.get().and_then(|r| r.ok()).map_or(0, |p| p.total));
    let is_assistant = move || session.role() == Some(Role::Assistant);
    let kind_option = move |k: EntryKind| {
        view! { <option value=k.as_str() selected=move || kind.get() == Some(k)>{move || kind_label(i18n, k)}</option> }
    };
    view! {
        <SectionCard
            title_id="record-title"
            title=move || t_string!(i18n, record.tab_record)
            testid="record-tab"
            tools=move || view! { <a class="btn btn--primary" href=staff_entry_href(id, None, None)>{t!(i18n, record.new_entry)}</a> }
        >
            <TimeZoneNote />
            <Show when=is_assistant>
                <p class="hint">{t!(i18n, record.assistant_hint)}</p>
            </Show>
            <div class="toolbar" role="search">
                <div class="toolbar__item toolbar__item--sort">
                    <label class="toolbar__label" for="record-kind">{t!(i18n, record.filter_kind)}</label>
                    <select id="record-kind" class="select" on:change=move |ev| {
                        page.set(1);
                        kind.set(parse_kind(&event_target_value(&ev)));
                    }>
                        <option value="" selected=move || kind.get().is_none()>{t!(i18n, record.all_kinds)}</option>
                        {EntryKind::ALL.into_iter().map(kind_option).collect_view()}
                    </select>
                </div>
                <div class="toolbar__item toolbar__item--sort">
                    <label class="toolbar__label" for="record-status">{t!(i18n, record.filter_status)}</label>
                    <select id="record-status" class="select" on:change=move |ev| {
                        page.set(1);
                        status.set(EntryStatus::parse(&event_target_value(&ev)));
                    }>
                        <option value="" selected=move || status.get().is_none()>{t!(i18n, record.all_statuses)}</option>
                        <option value="draft" selected=move || status.get() == Some(EntryStatus::Draft)>{t!(i18n, record.drafts)}</option>
                        <option value="signed" selected=move || status.get() == Some(EntryStatus::Signed)>{t!(i18n, record.signed)}</option>
                    </select>
                </div>
            </div>
            <Loaded resource=list skeleton=5 render=move |value| match value {
                p if p.items.is_empty() => {
                    let filtered = kind.get_untracked().is_some() || status.get_untracked().is_some();
                    view! {
                        <EmptyPanel
                            flat=true
                            testid="record-empty"
                            title=move || if filtered { t_string!(i18n, record.empty_filtered) } else { t_string!(i18n, record.empty_title) }
                            text=move || if filtered { t_string!(i18n, record.empty_filtered_text) } else { t_string!(i18n, record.empty_text) }
                        />
                    }.into_any()
                }
                p => view! { <EntryTable id=id items=p.items /> }.into_any(),
            } />
            <Pagination page=page per_page=PER_PAGE total=total />
        </SectionCard>
    }
}

const COL_TITLE: Column = Column::new(|i| t_string!(i, record.col_title));
const COL_DATE: Column = Column::new(|i| t_string!(i, record.col_date));
const COL_KIND: Column = Column::new(|i| t_string!(i, record.col_kind));
const COL_AUTHOR: Column = Column::new(|i| t_string!(i, record.col_author));
const COL_STATUS: Column = Column::new(|i| t_string!(i, record.col_status));

#[component]
fn EntryTable(id: PatientId, items: Vec<EntrySummaryDto>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <CardTable columns=&[COL_TITLE, COL_DATE, COL_KIND, COL_AUTHOR, COL_STATUS] caption=move || t_string!(i18n, record.tab_record) testid="record-entries">
                    {items.into_iter().map(|e| {
                        let day = e.occurred_on;
                        let kind = e.kind;
                        let author = e.author.clone();
                        let amendments = e.amendments;
                        let attachments = e.attachments;
                        view! {
                            <tr data-entry=e.id.to_string()>
                                <Cell label=COL_TITLE.label>
                                    <a class="entry-link" href=staff_entry_href(id, Some(e.id), None)>{
                                        let stored = e.title.clone();
                                        let questionnaire = e.questionnaire_title.clone();
                                        move || crate::components::entry_text::entry_title(i18n, &stored, questionnaire.as_ref())
                                    }</a>
                                    {(amendments > 0 || attachments > 0).then(|| view! {
                                        <span class="entry-counts hint">
                                            {(amendments > 0).then(|| view! {
                                                <span>{move || t_string!(i18n, record.amendments_count, count = amendments).to_string()}</span>
                                            })}
                                            {(attachments > 0).then(|| view! {
                                                <span>{move || t_string!(i18n, record.attachments_count, count = attachments).to_string()}</span>
                                            })}
                                        </span>
                                    })}
                                </Cell>
                                <Cell label=COL_DATE.label class="nowrap">{move || format_day(i18n, day)}</Cell>
                                <Cell label=COL_KIND.label>{move || kind_label(i18n, kind)}</Cell>
                                <Cell label=COL_AUTHOR.label>{move || author_line(i18n, &author)}</Cell>
                                <Cell label=COL_STATUS.label><EntryStatusBadge status=e.status /></Cell>
                            </tr>
                        }
                    }).collect_view()}
        </CardTable>
    }
}
