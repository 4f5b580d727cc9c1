//! `/staff/patients/:id/record/:entry`: an entry's text, author, signature and files, with its
//! amendments under it. A draft offers "Редактировать" and, to a doctor, "Подписать"; a
//! signed entry offers "Добавить исправление" and says why it does not change.

use common::ErrorCode;
use common::auth::Role;
use common::ids::{AttachmentId, EntryId, PatientId};
use common::record::{AttachmentDto, EntryDto, EntryKind, EntryStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;

use super::{EntryStatusBadge, STAFF_ROLES, author_line, entry_param, kind_label, patient_param};
use crate::api::{self, ErrorKind};
use crate::components::datetime::{format_datetime, format_day};
use crate::components::entry_text::{EntryText, entry_title};
use crate::components::feedback::{ErrorPanel, error_message};
use crate::components::page::{Loaded, Reloaded};
use crate::components::ui::{FormAlert, use_toasts};
use crate::i18n::*;
use crate::routes::{staff_entry_href, staff_patient_href};
use crate::session::{RequireRole, use_session};

#[component]
pub fn StaffEntryPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = patient_param();
    let entry = entry_param();
    view! {
        <Title text=move || t_string!(i18n, record.tab_record).to_owned() />
        <RequireRole roles=STAFF_ROLES>
            {move || match (id.get(), entry.get()) {
                (Some(id), Some(entry)) => view! { <EntryLoaded id=id entry=entry /> }.into_any(),
                _ => view! { <ErrorPanel kind=ErrorKind::NotFound /> }.into_any(),
            }}
        </RequireRole>
    }
}

#[component]
fn EntryLoaded(id: PatientId, entry: EntryId) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = Reloaded::new(move || api::record::entry(id, entry));
    let (data, refresh) = (loaded.resource, loaded.refresher());
    view! {
        <section class="page page--narrow entry-page" data-page="staff-entry">
            <a class="link back-link" href=staff_patient_href(id, Some("record"))>{t!(i18n, record.back_to_patient)}</a>
            <Loaded resource=data skeleton=8 render=move |e| view! { <EntryView id=id entry=e on_changed=refresh /> }.into_any() />
        </section>
    }
}

#[component]
fn EntryView(id: PatientId, entry: EntryDto, on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let is_doctor = Memo::new(move |_| session.role() == Some(Role::Doctor));
    let is_assistant = Memo::new(move |_| session.role() == Some(Role::Assistant));
    let signed = entry.status == EntryStatus::Signed;
    let amendable = signed && entry.amends.is_none() && entry.kind != EntryKind::Patient;
    let amends = entry.amends;
    let amendments = entry.amendment_entries.clone();
    let has_amendments = !amendments.is_empty();
    let entry_id = entry.id;
    view! {
        <article class="card entry" data-testid="entry" data-status=entry.status.as_str()>
            <EntryBody entry=entry.clone() heading=true />
            {amends.map(|original| view! {
                <p class="alert alert--info entry__note">
                    <span class="alert__body">
                        {t!(i18n, record.amendment_of)}" "
                        <a href=staff_entry_href(id, Some(original), None)>{t!(i18n, record.open_original)}</a>
                    </span>
                </p>
            })}
            {if signed {
                view! {
                    <div class="entry__actions">
                        <p class="hint" data-testid="signed-hint">{t!(i18n, record.signed_hint)}</p>
                        {amendable.then(|| view! {
                            <a class="btn btn--primary" href=staff_entry_href(id, Some(entry_id), Some("amend"))>
                                {t!(i18n, record.add_amendment)}
                            </a>
                        })}
                    </div>
                }.into_any()
            } else {
                view! { <DraftActions id=id entry=entry_id is_doctor=is_doctor is_assistant=is_assistant on_changed=on_changed /> }.into_any()
            }}
        </article>
        {has_amendments.then(|| view! {
            <section class="entry-amendments" aria-labelledby="amendments-title" data-testid="amendments">
                <h2 id="amendments-title">{t!(i18n, record.amendments)}</h2>
                <ol class="entry-amendments__list" role="list">
                    {amendments.into_iter().map(|a| {
                        let draft = a.status == EntryStatus::Draft;
                        let aid = a.id;
                        let status = a.status.as_str();
                        view! {
                            <li class="card entry entry--amendment" data-entry=aid.to_string() data-status=status>
                                <EntryBody entry=a heading=false />
                                {draft.then(|| view! {
                                    <DraftActions id=id entry=aid is_doctor=is_doctor is_assistant=is_assistant on_changed=on_changed />
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        })}
    }
}

/// The text of an entry (or an amendment) with its facts and files.
#[component]
pub fn EntryBody(entry: EntryDto, heading: bool) -> impl IntoView {
    let i18n = use_i18n();
    let day = entry.occurred_on;
    let kind = entry.kind;
    let created = entry.created_at;
    let author = entry.author.clone();
    let signature = entry.signed_by.clone().zip(entry.signed_at);
    let stored = entry.title.clone();
    let questionnaire = entry.answers.as_ref().map(|s| s.title.clone());
    let title = move || entry_title(i18n, &stored, questionnaire.as_ref());
    let files = entry.attachments.clone();
    view! {
        <div class="entry__head">
            <span class="hint">{move || format_day(i18n, day)}" · "{move || kind_label(i18n, kind)}</span>
            <EntryStatusBadge status=entry.status />
        </div>
        {if heading {
            view! { <h1 class="entry__title">{title}</h1> }.into_any()
        } else {
            view! { <h3 class="entry__title">{move || t_string!(i18n, record.amendment_n, date = format_datetime(i18n, created)).to_string()}" — "{title}</h3> }.into_any()
        }}
        <dl class="entry__facts">
            <div>
                <dt>{t!(i18n, record.author)}</dt>
                <dd>{move || author_line(i18n, &author)}</dd>
            </div>
            <div>
                <dt>{t!(i18n, record.signature)}</dt>
                <dd data-testid="signature">{move || match &signature {
                    Some((by, at)) => t_string!(i18n, record.signed_by, name = author_line(i18n, by), date = format_datetime(i18n, *at)).to_string(),
                    None => t_string!(i18n, record.not_signed).to_owned(),
                }}</dd>
            </div>
        </dl>
        <EntryText entry=entry.clone() />
        {(!files.is_empty()).then(|| view! { <Attachments files=files.clone() /> })}
    }
}

#[component]
fn Attachments(files: Vec<AttachmentDto>) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(None::<AttachmentId>);
    let error = RwSignal::new(None::<String>);
    view! {
        <section class="entry__files" aria-label=move || t_string!(i18n, record.attachments)>
            <p class="entry__files-title">{t!(i18n, record.attachments)}</p>
            <FormAlert message=Signal::derive(move || error.get()) />
            <ul class="file-list" role="list">
                {files.into_iter().map(|f| {
                    let fid = f.id;
                    let name = f.file_name.clone();
                    let label_name = name.clone();
                    let kb = f.size_bytes.div_ceil(1024);
                    let download = move |_| {
                        if busy.get_untracked().is_some() {
                            return;
                        }
                        busy.set(Some(fid));
                        error.set(None);
                        spawn_local(async move {
                            let result = api::record::attachment_link(fid).await;
                            busy.set(None);
                            match result {
                                Ok(link) => {
                                    let _ = window().location().assign(&link.url);
                                }
                                Err(e) => error.set(Some(error_message(i18n, e.kind()).to_owned())),
                            }
                        });
                    };
                    view! {
                        <li class="file-list__item">
                            <span class="file-list__name">{name.clone()}</span>
                            <span class="hint">{move || t_string!(i18n, record.size_kb, size = kb).to_string()}</span>
                            <button type="button" class="btn btn--secondary btn--small"
                                aria-label=move || t_string!(i18n, record.download_file, name = label_name.clone()).to_string()
                                aria-disabled=move || (busy.get() == Some(fid)).then_some("true")
                                on:click=download>
                                {move || if busy.get() == Some(fid) { t_string!(i18n, record.downloading) } else { t_string!(i18n, record.download) }}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// "Редактировать", and for a doctor "Подписать"; the assistant's hint.
#[component]
fn DraftActions(
    id: PatientId,
    entry: EntryId,
    is_doctor: Memo<bool>,
    is_assistant: Memo<bool>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let sign = move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::record::sign_entry(id, entry).await;
            pending.set(false);
            match result {
                Ok(_) => {
                    toasts.push(t_string!(i18n, record.entry_signed_toast).to_owned());
                    on_changed.run(());
                }
                Err(e) => error.set(Some(match e.code() {
                    Some(ErrorCode::DoctorOnly) => t_string!(i18n, record.doctor_only).to_owned(),
                    Some(ErrorCode::EntrySigned) => t_string!(i18n, record.entry_signed_error).to_owned(),
                    _ => error_message(i18n, e.kind()).to_owned(),
                })),
            }
        });
    };
    view! {
        <div class="entry__actions">
            <FormAlert message=Signal::derive(move || error.get()) testid="entry-error" />
            <Show when=move || is_assistant.get()>
                <p class="hint" data-testid="assistant-hint">{t!(i18n, record.assistant_hint)}</p>
            </Show>
            <div class="form__actions">
                <a class="btn btn--secondary" href=staff_entry_href(id, Some(entry), Some("edit"))>{t!(i18n, record.edit)}</a>
                <Show when=move || is_doctor.get()>
                    <button type="button" class="btn btn--primary" aria-disabled=move || pending.get().then_some("true") on:click=sign>
                        {move || if pending.get() { t_string!(i18n, record.signing) } else { t_string!(i18n, record.sign) }}
                    </button>
                </Show>
            </div>
        </div>
    }
}
