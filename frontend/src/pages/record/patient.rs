//! `/staff/patients/:id`: one page of a patient for his doctor and assistant (issue 14). A
//! header with what a clinician needs before he calls — name, age, phones, email, the
//! diagnosis, the doctors and the open alerts — and tabs: "Обзор" (open alerts with the
//! patient's own words, the latest values, what he is asked to answer), "Показатели" (charts),
//! "Ответы" (answered questionnaires), "Медкарта" (entries, filtered by kind and status),
//! "Назначения" and "Правила мониторинга" (MON-5). `/staff/monitoring/:id` leads here.

use common::admin::PatientDto;
use common::alerts::AlertRule;
use common::auth::Role;
use common::ids::PatientId;
use common::monitoring::AlertStatus;
use common::record::{
    ClinicalSummaryDto, ClinicalSummaryInput, DIAGNOSIS_MAX, EntryKind, EntryStatus, EntrySummaryDto,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::prescriptions::PrescriptionsTab;
use super::{EntryStatusBadge, StaffPatientRoute, age_on, author_line, kind_label, patients_home};
use crate::api;
use crate::api::record::RecordFilter;
use crate::components::datetime::{TimeZoneNote, format_datetime, format_day, today};
use crate::components::form::{ActionForm, FieldErrors, FieldKind, TextAreaField};
use crate::components::latest::LatestValues;
use crate::components::page::{EmptyPanel, Loaded, Reloaded, SectionCard};
use crate::components::table::{CardTable, Cell, Column};
use crate::components::ui::{Modal, Pagination, use_toasts};
use crate::i18n::*;
use crate::live::use_live;
use crate::pages::monitoring::alerts::AlertsSection;
use crate::pages::monitoring::assignments::AssignmentsSection;
use crate::pages::monitoring::charts::ChartsSection;
use crate::pages::monitoring::questionnaires::patient_rules::PatientRulesPanel;
use crate::pages::monitoring::submissions::SubmissionsSection;
use crate::routes::{staff_entry_href, staff_patient_href};
use crate::session::use_session;

const PER_PAGE: u32 = 20;

/// The page's tabs, in order; the first is where the page opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Charts,
    Answers,
    Record,
    Prescriptions,
    Rules,
}

impl Tab {
    pub const ALL: [Self; 6] =
        [Self::Overview, Self::Charts, Self::Answers, Self::Record, Self::Prescriptions, Self::Rules];

    /// Its `?tab=` (none for the overview).
    pub fn key(self) -> Option<&'static str> {
        match self {
            Self::Overview => None,
            Self::Charts => Some("charts"),
            Self::Answers => Some("answers"),
            Self::Record => Some("record"),
            Self::Prescriptions => Some("prescriptions"),
            Self::Rules => Some("monitoring-rules"),
        }
    }

    /// The tab of a `?tab=`; an unknown one opens the overview.
    pub fn parse(key: Option<&str>) -> Self {
        Self::ALL.into_iter().find(|t| t.key() == key).unwrap_or(Self::Overview)
    }

    fn label(self, i18n: leptos_i18n::I18nContext<Locale>) -> &'static str {
        match self {
            Self::Overview => t_string!(i18n, patient_page.tab_overview),
            Self::Charts => t_string!(i18n, patient_page.tab_charts),
            Self::Answers => t_string!(i18n, patient_page.tab_answers),
            Self::Record => t_string!(i18n, record.tab_record),
            Self::Prescriptions => t_string!(i18n, record.tab_prescriptions),
            Self::Rules => t_string!(i18n, library.patient_rules_title),
        }
    }
}

#[component]
pub fn StaffPatientPage() -> impl IntoView {
    view! { <StaffPatientRoute page=|id| view! { <PatientLoaded id=id /> }.into_any() /> }
}

#[component]
fn PatientLoaded(id: PatientId) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let tab = Memo::new(move |_| query.with(|q| Tab::parse(q.get("tab").as_deref())));
    let patient = LocalResource::new(move || api::record::patient(id));
    let settings = LocalResource::new(move || api::monitoring::patient_settings(id));
    // The rules that apply to him, for the alerts' texts; without them the texts say less.
    let rules: Signal<Vec<AlertRule>> =
        Signal::derive(move || settings.get().and_then(Result::ok).map(|s| s.effective).unwrap_or_default());
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
                {Tab::ALL.into_iter().map(|t| view! {
                    <a class="tabs__tab" href=staff_patient_href(id, t.key()) data-tab=t.key().unwrap_or("overview")
                        aria-current=move || (tab.get() == t).then_some("page")>
                        {move || t.label(i18n)}
                    </a>
                }).collect_view()}
            </nav>
            {move || match tab.get() {
                Tab::Overview => view! {
                    <TimeZoneNote />
                    <AlertsSection id=id rules=rules />
                    <LatestSection id=id />
                    <AssignmentsSection id=id />
                }.into_any(),
                Tab::Charts => view! { <TimeZoneNote /> <ChartsSection id=id /> }.into_any(),
                Tab::Answers => view! { <TimeZoneNote /> <SubmissionsSection id=id /> }.into_any(),
                Tab::Record => view! { <RecordTab id=id /> }.into_any(),
                Tab::Prescriptions => view! { <PrescriptionsTab id=id /> }.into_any(),
                Tab::Rules => {
                    let can_edit = session.role() == Some(Role::Doctor);
                    view! { <PatientRulesPanel patient=id can_edit=can_edit /> }.into_any()
                }
            }}
        </section>
    }
}

/// The latest value of each reading over the last 30 days, most telling first.
#[component]
fn LatestSection(id: PatientId) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let series = LocalResource::new(move || {
        live.version();
        let (from, to) = crate::pages::monitoring::charts::period(30, today());
        api::monitoring::series(id, from, to)
    });
    view! {
        <SectionCard title_id="latest-title" title=move || t_string!(i18n, patient_page.latest_title) testid="latest">
            <Loaded resource=series skeleton=2 render=move |set| view! {
                <LatestValues set=set charts_href=staff_patient_href(id, Tab::Charts.key()) />
            }.into_any() />
        </SectionCard>
    }
}

/// A `tel:` link of a phone as written ("+7 (916) 123-45-67" → `tel:+79161234567`).
fn phone_link(phone: String) -> impl IntoView {
    let href = crate::components::care::tel_href(&phone);
    view! { <a class="link" href=href>{phone}</a> }
}

#[component]
fn PatientHeader(patient: PatientDto) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let id = patient.id;
    let born = patient.birth_date;
    let years = age_on(born, today());
    let none = move || view! { <span class="hint">{t!(i18n, record.no_contact)}</span> }.into_any();
    let phone = patient.phone.clone();
    let email = patient.email.clone();
    let doctors: Vec<String> = patient.doctors.iter().map(|d| d.name.clone()).collect();
    let open_alerts = LocalResource::new(move || {
        live.version();
        api::monitoring::alerts(id, AlertStatus::Open, 1, 1)
    });
    let open_count = move || open_alerts.get().and_then(Result::ok).map_or(0, |p| p.total);
    view! {
        <header class="page-header patient-head" data-testid="patient-header">
            <div class="patient-head__top">
                <div>
                    <p class="page-header__eyebrow">{t!(i18n, record.eyebrow)}</p>
                    <h1>{patient.name.full()}</h1>
                    <p class="page-header__lead">
                        {move || t_string!(i18n, record.age, date = format_day(i18n, born), years = crate::pages::monitoring::years_count(i18n, i64::from(years))).to_string()}
                    </p>
                </div>
                <Show when=move || { open_count() > 0 }>
                    <a class="badge badge--danger patient-head__alerts" href=staff_patient_href(id, None) data-testid="open-alerts-count">
                        {move || t_string!(i18n, patient_page.open_alerts, count = open_count()).to_string()}
                    </a>
                </Show>
            </div>
            <dl class="patient-head__facts">
                <div>
                    <dt>{t!(i18n, record.phone)}</dt>
                    <dd data-testid="patient-phone">{phone.map_or_else(none, |p| phone_link(p).into_any())}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, record.email)}</dt>
                    <dd>{email.map_or_else(none, |e| view! { <a class="link" href=format!("mailto:{e}")>{e.clone()}</a> }.into_any())}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, patient_page.doctors)}</dt>
                    <dd>{if doctors.is_empty() { none() } else { doctors.join(", ").into_any() }}</dd>
                </div>
                <Diagnosis id=id />
            </dl>
        </header>
    }
}

/// The diagnosis fact of the header, with "Изменить" for the patient's clinicians.
#[component]
fn Diagnosis(id: PatientId) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = Reloaded::new(move || api::record::summary(id));
    let (summary, refresh) = (loaded.resource, loaded.refresher());
    let open = RwSignal::new(false);
    let current = move || summary.get().and_then(Result::ok).unwrap_or_default();
    view! {
        <div class="patient-head__diagnosis" data-testid="diagnosis">
            <dt>{t!(i18n, patient_page.diagnosis)}</dt>
            <dd>
                {move || match current().diagnosis {
                    Some(d) => view! { <span data-testid="diagnosis-text">{d}</span> }.into_any(),
                    None => view! { <span class="hint">{t!(i18n, patient_page.diagnosis_none)}</span> }.into_any(),
                }}
                " "
                <button type="button" class="btn btn--ghost btn--small" data-testid="diagnosis-edit" on:click=move |_| open.set(true)>
                    {t!(i18n, common.edit)}
                </button>
            </dd>
        </div>
        <Modal id="diagnosis-dialog" open=open title=move || t_string!(i18n, patient_page.diagnosis_title)>
            {move || open.get().then(|| view! { <DiagnosisForm id=id current=current() open=open on_done=refresh /> })}
        </Modal>
    }
}

#[component]
fn DiagnosisForm(
    id: PatientId,
    current: ClinicalSummaryDto,
    open: RwSignal<bool>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let text = RwSignal::new(current.diagnosis.unwrap_or_default());
    let errors = FieldErrors::new();
    let check = move || {
        let value = text.get_untracked().trim().to_owned();
        Some(ClinicalSummaryInput { diagnosis: value })
    };
    let on_ok = move |_: ClinicalSummaryDto| {
        toasts.push(t_string!(i18n, patient_page.diagnosis_saved).to_owned());
        on_done.run(());
    };
    let by = current.updated_by_name.zip(current.updated_at);
    view! {
        <ActionForm check=check call=move |input| async move { api::record::save_summary(id, &input).await } on_ok=on_ok open=open errors=errors>
            <TextAreaField
                id="diagnosis-text"
                label=move || t_string!(i18n, patient_page.diagnosis)
                value=text
                error=errors.at("diagnosis", FieldKind::Text)
                hint=move || t_string!(i18n, patient_page.diagnosis_hint)
                rows=3
                maxlength=u32::try_from(DIAGNOSIS_MAX).unwrap_or(500)
            />
            {by.map(|(name, at)| view! {
                <p class="hint">{move || t_string!(i18n, patient_page.diagnosis_by, name = name.clone(), at = format_datetime(i18n, at)).to_string()}</p>
            })}
        </ActionForm>
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
