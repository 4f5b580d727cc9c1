//! One questionnaire of the library, read-only: its items (kinds, options, units and ranges,
//! conditions in words), the version shown (any earlier one too), and for organizers and
//! doctors: edit (a new version), copy (built-ins are read-only: "copy and edit"), archive and
//! restore.

use common::auth::Role;
use common::ids::QuestionnaireId;
use common::monitoring::QuestionnaireDto;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{ADMIN_LIBRARY_ROLES, STAFF_LIBRARY_ROLES, can_edit_library, lang, purpose_label};
use crate::api::{self, ApiError, ErrorKind};
use crate::components::datetime::format_date;
use crate::components::feedback::{ErrorPanel, Skeleton, error_message};
use crate::components::form::FormAlert;
use crate::components::ui::{Modal, use_toasts};
use crate::i18n::*;
use crate::routes::{questionnaire_href, questionnaires_of};
use crate::session::{RequireRole, use_session};

mod definition;
mod dialogs;

pub use definition::{DefinitionView, condition_words, number_words};
use dialogs::{ArchiveForm, CopyForm};

#[component]
pub fn AdminQuestionnairePage() -> impl IntoView {
    view! { <ViewPage roles=ADMIN_LIBRARY_ROLES /> }
}

#[component]
pub fn StaffQuestionnairePage() -> impl IntoView {
    view! { <ViewPage roles=STAFF_LIBRARY_ROLES /> }
}

/// The `:id` of the route as a questionnaire id (tracked).
pub fn questionnaire_param() -> Memo<Option<QuestionnaireId>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<QuestionnaireId>().ok())))
}

#[component]
fn ViewPage(roles: &'static [Role]) -> impl IntoView {
    let i18n = use_i18n();
    let id = questionnaire_param();
    view! {
        <Title text=move || t_string!(i18n, library.title).to_owned() />
        <RequireRole roles=roles>
            {move || match id.get() {
                Some(id) => view! { <Loaded id=id /> }.into_any(),
                None => view! { <ErrorPanel kind=ErrorKind::NotFound /> }.into_any(),
            }}
        </RequireRole>
    }
}

/// A "← К библиотеке анкет" link for the current role.
#[component]
pub fn BackToLibrary() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <a class="link back-link" href=move || questionnaires_of(session.role()).path()>{t!(i18n, library.back)}</a>
    }
}

#[component]
fn Loaded(id: QuestionnaireId) -> impl IntoView {
    let current = LocalResource::new(move || api::monitoring::admin::questionnaire(id));
    let refresh = Callback::new(move |()| current.refetch());
    view! {
        <section class="page" data-page="questionnaire">
            <BackToLibrary />
            <Suspense fallback=|| view! { <div class="card"><Skeleton lines=8 /></div> }>
                {move || Suspend::new(async move {
                    match current.await {
                        Ok(q) => view! { <Detail q=q on_changed=refresh /> }.into_any(),
                        Err(e) => view! {
                            <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| current.refetch()) />
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Copy { then_edit: bool },
    Archive,
}

#[component]
fn Detail(q: QuestionnaireDto, on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let toasts = use_toasts();
    let id = q.id;
    let latest = q.version;
    let built_in = q.template.is_some();
    let archived = q.archived;
    let purpose = q.purpose;
    let updated = q.updated_at;
    let code = q.code.clone();
    let title = q.definition.title.clone();
    let selected = RwSignal::new(latest);
    let older = LocalResource::new(move || {
        let v = selected.get();
        async move { if v == latest { None } else { Some(api::monitoring::admin::questionnaire_version(id, v).await) } }
    });
    let current_def = StoredValue::new(q.definition.clone());
    let action = RwSignal::new(None::<Action>);
    let open = RwSignal::new(false);
    Effect::new(move |_| {
        if !open.get() {
            action.set(None);
        }
    });
    let act = move |a: Action| {
        action.set(Some(a));
        open.set(true);
    };
    let restoring = RwSignal::new(false);
    let restore_error = RwSignal::new(None::<ApiError>);
    let restore = move |_| {
        if restoring.get_untracked() {
            return;
        }
        restoring.set(true);
        restore_error.set(None);
        spawn_local(async move {
            let result = api::monitoring::admin::set_archived(id, false).await;
            restoring.set(false);
            match result {
                Ok(_) => {
                    toasts.push(t_string!(i18n, library.restored).to_owned());
                    on_changed.run(());
                }
                Err(e) => restore_error.set(Some(e)),
            }
        });
    };
    let editor = move || can_edit_library(session.role());
    let edit_href = move || questionnaire_href(session.role(), Some(id), Some("edit"));
    let restore_message = Signal::derive(move || restore_error.get().map(|e| error_message(i18n, e.kind()).to_owned()));
    let page_title = title.clone();
    view! {
        <Title text=move || page_title.get(lang(i18n)).to_owned() />
        <header class="page-header q-head" data-testid="questionnaire-header">
            <p class="page-header__eyebrow">{move || purpose_label(i18n, purpose)}</p>
            <h1>{move || title.get(lang(i18n)).to_owned()}</h1>
            <div class="q-badges">
                <span class="badge badge--success" data-testid="questionnaire-version">{format!("v{latest}")}</span>
                {built_in.then(|| view! { <span class="badge badge--info">{t!(i18n, library.built_in)}</span> })}
                {archived.then(|| view! {
                    <span class="badge badge--warning"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, library.archived)}</span>
                })}
            </div>
            <dl class="patient-head__facts">
                <div><dt>{t!(i18n, library.code)}</dt><dd><code>{code}</code></dd></div>
                <div><dt>{t!(i18n, library.current_version)}</dt><dd>{move || t_string!(i18n, library.version_n, n = latest).to_string()}</dd></div>
                <div><dt>{t!(i18n, library.col_updated)}</dt><dd>{move || format_date(i18n, updated)}</dd></div>
            </dl>
        </header>
        <Show when=editor>
            <div class="q-actions-block">
            <div class="q-actions" data-testid="questionnaire-actions">
                {if built_in {
                    view! {
                        <button type="button" class="btn btn--primary" on:click=move |_| act(Action::Copy { then_edit: true })>
                            {t!(i18n, library.copy_and_edit)}
                        </button>
                    }.into_any()
                } else if !archived {
                    view! {
                        <a class="btn btn--primary" href=edit_href>{t!(i18n, library.edit)}</a>
                        <button type="button" class="btn btn--secondary" on:click=move |_| act(Action::Copy { then_edit: false })>
                            {t!(i18n, library.copy)}
                        </button>
                    }.into_any()
                } else {
                    ().into_any()
                }}
                {if archived {
                    view! {
                        <button type="button" class="btn btn--secondary" on:click=restore aria-disabled=move || restoring.get().then_some("true")>
                            {t!(i18n, library.restore)}
                        </button>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="btn btn--ghost btn--danger-text" on:click=move |_| act(Action::Archive)>
                            {t!(i18n, library.archive)}
                        </button>
                    }.into_any()
                }}
            </div>
            <FormAlert message=restore_message />
            </div>
        </Show>
        {built_in.then(|| view! { <p class="alert alert--info q-note">{t!(i18n, library.built_in_note)}</p> })}
        {archived.then(|| view! { <p class="alert alert--warning q-note">{t!(i18n, library.archived_note)}</p> })}
        <section class="card stack-card" aria-labelledby="q-items-title">
            <div class="section-head">
                <h2 id="q-items-title">{t!(i18n, library.items_title)}</h2>
                <div class="toolbar__item">
                    <label class="toolbar__label" for="q-version">{t!(i18n, library.version_select)}</label>
                    <select id="q-version" class="select" on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<i32>() {
                            selected.set(v);
                        }
                    }>
                        {(1..=latest).rev().map(|v| view! {
                            <option value=v.to_string() selected=move || selected.get() == v>
                                {move || if v == latest {
                                    t_string!(i18n, library.version_current, n = v).to_string()
                                } else {
                                    t_string!(i18n, library.version_n, n = v).to_string()
                                }}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <Suspense fallback=|| view! { <Skeleton lines=6 /> }>
                {move || Suspend::new(async move {
                    match older.await {
                        None => view! { <DefinitionView def=current_def.get_value() /> }.into_any(),
                        Some(Ok(old)) => {
                            let v = old.version;
                            view! {
                                <p class="alert alert--info q-note" data-testid="older-version">
                                    {move || t_string!(i18n, library.older_version_note, n = v, latest = latest).to_string()}
                                </p>
                                <DefinitionView def=old.definition />
                            }.into_any()
                        }
                        Some(Err(e)) => view! {
                            <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| older.refetch()) />
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <Modal id="questionnaire-action" open=open title=move || match action.get() {
            Some(Action::Copy { .. }) => t_string!(i18n, library.copy_title),
            Some(Action::Archive) => t_string!(i18n, library.archive_title),
            None => "",
        }>
            {move || action.get().map(|a| match a {
                Action::Copy { then_edit } => view! { <CopyForm id=id then_edit=then_edit open=open /> }.into_any(),
                Action::Archive => view! { <ArchiveForm id=id open=open on_done=on_changed /> }.into_any(),
            })}
        </Modal>
    }
}
