//! Медкарта (CAB-1): the signed entries of the card with filters by kind, one entry with its
//! amendments and attachments, and the print view.

use common::ids::{AttachmentId, EntryId};
use common::record::{AttachmentDto, EntryDto, EntryKind, EntrySummaryDto, RecordPrintDto};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{author_role, entry_kind_label, format_size, kind_label, use_cabinet};
use crate::api;
use crate::components::datetime::{TimeZoneNote, format_datetime, format_day};
use crate::components::entry_text::{EntryText, entry_title};
use crate::components::feedback::{ErrorPanel, error_message};
use crate::components::icons::{DownloadIcon, PaperclipIcon};
use crate::components::page::{EmptyPanel, Loaded, Paged, PagedView};
use crate::components::ui::use_toasts;
use crate::i18n::*;
use crate::routes::{AppRoute, cabinet_entry};

const PER_PAGE: u32 = 20;

/// The `kind` of the query string, when it names one.
fn kind_of_query() -> Memo<Option<EntryKind>> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get("kind").and_then(|k| EntryKind::parse(&k)))
}

fn with_kind(path: &str, kind: Option<EntryKind>) -> String {
    match kind {
        Some(k) => format!("{path}?kind={}", k.as_str()),
        None => path.to_owned(),
    }
}

#[component]
pub fn RecordTab() -> impl IntoView {
    let i18n = use_i18n();
    let cabinet = use_cabinet();
    let kind = kind_of_query();
    let list = Paged::new(PER_PAGE, move |p| {
        cabinet.card_version.track();
        api::cabinet::record(kind.get(), p, PER_PAGE)
    });
    list.first_page_on(move || kind.get());
    let empty = move || {
        let filtered = kind.get_untracked().is_some();
        view! {
            <EmptyPanel
                testid="record-empty"
                title=move || if filtered { t_string!(i18n, cabinet.record.empty_filtered_title) } else { t_string!(i18n, cabinet.record.empty_title) }
                text=move || if filtered { t_string!(i18n, cabinet.record.empty_filtered_text) } else { t_string!(i18n, cabinet.record.empty_text) }
            />
        }
        .into_any()
    };
    let render = |items: Vec<EntrySummaryDto>| {
        view! {
            <ul class="entry-list" role="list" data-testid="record">
                {items.into_iter().map(|e| view! { <EntryRow entry=e /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let chip = move |k: Option<EntryKind>| {
        let text = move || match k {
            Some(k) => kind_label(i18n, k),
            None => t_string!(i18n, cabinet.record.all),
        };
        view! {
            <a
                class="chip"
                href=with_kind(AppRoute::CabinetRecord.path(), k)
                aria-current=move || (kind.get() == k).then_some("true")
                data-kind=k.map_or("all", EntryKind::as_str)
            >
                {text}
            </a>
        }
    };
    view! {
        <Title text=move || t_string!(i18n, cabinet.tabs.record).to_owned() />
        <section class="page" data-page="cabinet-record">
            <header class="page-header page-header--actions">
                <div>
                    <h1>{t!(i18n, cabinet.record.title)}</h1>
                    <p class="page-header__lead">{t!(i18n, cabinet.record.lead)}</p>
                    <TimeZoneNote />
                </div>
                <div class="page-header__buttons">
                    // Nothing to print in an empty record (or an empty filter).
                    <Show when=move || { list.total().get() > 0 }>
                        <A href=move || with_kind(AppRoute::CabinetPrint.path(), kind.get()) attr:class="btn btn--secondary">
                            {t!(i18n, cabinet.record.print)}
                        </A>
                    </Show>
                    <A href=AppRoute::CabinetUpload.path() attr:class="btn btn--primary" attr:data-testid="upload-link">
                        {t!(i18n, cabinet.record.upload)}
                    </A>
                </div>
            </header>
            <nav class="chips" aria-label=move || t_string!(i18n, cabinet.record.filter_label)>
                {chip(None)}
                {chip(Some(EntryKind::Outpatient))}
                {chip(Some(EntryKind::Inpatient))}
                {chip(Some(EntryKind::Patient))}
                {chip(Some(EntryKind::Telemedicine))}
            </nav>
            <PagedView paged=list empty=empty render=render />
        </section>
    }
}

#[component]
fn EntryRow(entry: EntrySummaryDto) -> impl IntoView {
    let i18n = use_i18n();
    let day = entry.occurred_on;
    let kind = entry.kind;
    let files = entry.attachments;
    let amended = entry.amendments > 0;
    let role = entry.author.role.clone();
    let author = entry.author.name.clone();
    view! {
        <li>
            <a class="card entry-row" href=cabinet_entry(entry.id) data-entry=entry.id.to_string()>
                <span class="entry-row__meta">
                    <span class="entry-row__date">{move || format_day(i18n, day)}</span>
                    <span class="badge badge--info">{move || entry_kind_label(i18n, kind)}</span>
                    {amended.then(|| view! { <span class="badge badge--warning">{t!(i18n, cabinet.record.amended)}</span> })}
                </span>
                <span class="entry-row__title">{
                    let stored = entry.title.clone();
                    let questionnaire = entry.questionnaire_title.clone();
                    move || entry_title(i18n, &stored, questionnaire.as_ref())
                }</span>
                <span class="entry-row__sub">
                    <span>{move || {
                        let r = author_role(i18n, &role);
                        if r.is_empty() { author.clone() } else { format!("{author}, {r}") }
                    }}</span>
                    {(files > 0).then(|| view! {
                        <span class="entry-row__files">
                            <PaperclipIcon />
                            {move || t_string!(i18n, cabinet.record.files, count = files).to_string()}
                        </span>
                    })}
                </span>
            </a>
        </li>
    }
}

/// `/cabinet/record/:id`: one entry, its attachments and amendments.
#[component]
pub fn EntryPage() -> impl IntoView {
    let i18n = use_i18n();
    let cabinet = use_cabinet();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<EntryId>().ok()));
    let entry = cabinet.load(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::cabinet::entry(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <Title text=move || t_string!(i18n, cabinet.tabs.record).to_owned() />
        <section class="page" data-page="cabinet-entry">
            <p class="back-link">
                <A href=AppRoute::CabinetRecord.path()>{t!(i18n, cabinet.record.back)}</A>
            </p>
            <Loaded resource=entry skeleton=8 render=move |value| match value {
                Some(e) => view! { <EntryView entry=e /> }.into_any(),
                None => view! { <ErrorPanel kind=crate::api::ErrorKind::NotFound /> }.into_any(),
            } />
        </section>
    }
}

#[component]
fn EntryView(entry: EntryDto) -> impl IntoView {
    let i18n = use_i18n();
    let amendments = entry.amendment_entries.clone();
    view! {
        <article class="card entry" data-testid="entry">
            <EntryHead entry=entry.clone() heading=1 />
            <EntryText entry=entry.clone() />
            {(!entry.attachments.is_empty()).then(|| view! {
                <section class="entry__files" aria-labelledby="entry-files">
                    <h2 id="entry-files" class="entry__subtitle">{t!(i18n, cabinet.record.attachments)}</h2>
                    <ul class="file-list" role="list">
                        {entry.attachments.iter().cloned().map(|a| view! { <li><DownloadButton file=a /></li> }).collect_view()}
                    </ul>
                </section>
            })}
        </article>
        {amendments.into_iter().map(|a| {
            let day = a.created_at;
            view! {
                <article class="card entry entry--amendment" data-testid="amendment">
                    <p class="entry__amendment-title">
                        {move || t_string!(i18n, cabinet.record.amendment_of, date = format_datetime(i18n, day)).to_string()}
                    </p>
                    <EntryHead entry=a.clone() heading=2 />
                    <EntryText entry=a.clone() />
                    {(!a.attachments.is_empty()).then(|| view! {
                        <ul class="file-list" role="list">
                            {a.attachments.iter().cloned().map(|f| view! { <li><DownloadButton file=f /></li> }).collect_view()}
                        </ul>
                    })}
                </article>
            }
        }).collect_view()}
    }
}

/// Title, date, kind, author and signature of an entry.
#[component]
fn EntryHead(entry: EntryDto, heading: u8) -> impl IntoView {
    let i18n = use_i18n();
    let day = entry.occurred_on;
    let kind = entry.kind;
    let author = entry.author.clone();
    let signed = entry.signed_by.clone().zip(entry.signed_at);
    let stored = entry.title.clone();
    let questionnaire = entry.answers.as_ref().map(|s| s.title.clone());
    let title = move || entry_title(i18n, &stored, questionnaire.as_ref());
    view! {
        {if heading == 1 {
            view! { <h1 class="entry__title">{title}</h1> }.into_any()
        } else {
            view! { <h2 class="entry__title">{title}</h2> }.into_any()
        }}
        <dl class="entry__meta">
            <div>
                <dt>{t!(i18n, cabinet.record.date)}</dt>
                <dd>{move || format_day(i18n, day)}" · "{move || entry_kind_label(i18n, kind)}</dd>
            </div>
            <div>
                <dt>{t!(i18n, cabinet.record.author)}</dt>
                <dd>{
                    let role = author.role.clone();
                    let name = author.name.clone();
                    move || {
                        let r = author_role(i18n, &role);
                        if r.is_empty() { name.clone() } else { format!("{name}, {r}") }
                    }
                }</dd>
            </div>
            {signed.map(|(by, at)| view! {
                <div>
                    <dt>{t!(i18n, cabinet.record.signed)}</dt>
                    <dd>{by.name.clone()}", "{move || format_datetime(i18n, at)}</dd>
                </div>
            })}
        </dl>
    }
}

/// A button that asks for a short-lived link and downloads the file.
#[component]
pub fn DownloadButton(file: AttachmentDto) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let pending = RwSignal::new(false);
    let id: AttachmentId = file.id;
    let size = file.size_bytes;
    let download = move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        spawn_local(async move {
            let result = api::cabinet::attachment_link(id).await;
            pending.set(false);
            match result {
                Ok(link) => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().set_href(&link.url);
                    }
                }
                Err(e) => toasts.push(error_message(i18n, e.kind()).to_owned()),
            }
        });
    };
    view! {
        <button type="button" class="btn btn--secondary file-button" on:click=download aria-disabled=move || pending.get().then_some("true") data-file=file.file_name.clone()>
            <DownloadIcon />
            <span class="file-button__name">{file.file_name.clone()}</span>
            <span class="file-button__size">{move || format_size(i18n, size)}</span>
            <span class="visually-hidden">{t!(i18n, cabinet.record.download)}</span>
        </button>
    }
}

/// `/cabinet/record/print?kind=`: the organization and the patient, then every entry in full.
#[component]
pub fn PrintPage() -> impl IntoView {
    let i18n = use_i18n();
    let cabinet = use_cabinet();
    let kind = kind_of_query();
    let data = cabinet.load(move || {
        let k = kind.get();
        async move { api::cabinet::record_print(k).await }
    });
    view! {
        <Title text=move || t_string!(i18n, cabinet.print.page_title).to_owned() />
        <section class="page print-view" data-page="cabinet-print">
            <div class="print-actions">
                <A href=move || with_kind(AppRoute::CabinetRecord.path(), kind.get()) attr:class="btn btn--secondary">
                    {t!(i18n, cabinet.record.back)}
                </A>
                <button type="button" class="btn btn--primary" data-testid="print-button" on:click=move |_| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.print();
                    }
                }>
                    {t!(i18n, cabinet.print.print)}
                </button>
            </div>
            <Loaded resource=data skeleton=10 render=move |d| view! { <PrintDocument data=d kind=kind.get_untracked() /> }.into_any() />
        </section>
    }
}

#[component]
fn PrintDocument(data: RecordPrintDto, kind: Option<EntryKind>) -> impl IntoView {
    let i18n = use_i18n();
    let birth = data.birth_date;
    let printed = data.printed_at;
    let empty = data.entries.is_empty();
    view! {
        <article class="print-doc" data-testid="print-doc">
            <header class="print-doc__head">
                <p class="print-doc__org">{data.organization_name.clone()}</p>
                <h1>{t!(i18n, cabinet.print.title)}{kind.map(|k| view! { <span class="print-doc__kind">{move || format!(" — {}", kind_label(i18n, k))}</span> })}</h1>
                <dl class="print-doc__patient">
                    <div><dt>{t!(i18n, cabinet.print.patient)}</dt><dd>{data.patient_name.clone()}</dd></div>
                    <div><dt>{t!(i18n, cabinet.print.birth_date)}</dt><dd>{move || format_day(i18n, birth)}</dd></div>
                    <div><dt>{t!(i18n, cabinet.print.printed_at)}</dt><dd>{move || format_datetime(i18n, printed)}</dd></div>
                </dl>
            </header>
            {empty.then(|| view! { <p data-testid="print-empty">{t!(i18n, cabinet.print.empty)}</p> })}
            {data.entries.into_iter().map(|e| {
                let amendments = e.amendment_entries.clone();
                view! {
                    <section class="print-entry">
                        <EntryHead entry=e.clone() heading=2 />
                        <EntryText entry=e.clone() />
                        {(!e.attachments.is_empty()).then(|| {
                            let names = e.attachments.iter().map(|a| a.file_name.clone()).collect::<Vec<_>>().join(", ");
                            view! { <p class="hint">{t!(i18n, cabinet.record.attachments)}": "{names}</p> }
                        })}
                        {amendments.into_iter().map(|a| {
                            let at = a.created_at;
                            view! {
                                <div class="print-entry__amendment">
                                    <p class="entry__amendment-title">{move || t_string!(i18n, cabinet.record.amendment_of, date = format_datetime(i18n, at)).to_string()}</p>
                                    <EntryText entry=a.clone() />
                                </div>
                            }
                        }).collect_view()}
                    </section>
                }
            }).collect_view()}
        </article>
    }
}
