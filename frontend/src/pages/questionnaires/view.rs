//! One questionnaire of the library, read-only: its items (kinds, options, units and ranges,
//! conditions in words), the version shown (any earlier one too), and for organizers and
//! doctors: edit (a new version), copy (built-ins are read-only: "copy and edit"), archive and
//! restore.

use common::ErrorCode;
use common::auth::Role;
use common::ids::QuestionnaireId;
use common::monitoring::QuestionnaireDto;
use common::questionnaire::{Definition, Item, ItemKind, valid_code};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::{
    ADMIN_LIBRARY_ROLES, FieldErrors, Input, STAFF_LIBRARY_ROLES, can_edit_library, field_error, format_number,
    kind_label, lang, purpose_label,
};
use crate::api::{self, ApiError, ErrorKind};
use crate::components::datetime::format_date;
use crate::components::feedback::{ErrorPanel, Skeleton, error_message};
use crate::components::form::{ActionForm, ConfirmForm, FieldKind, FormAlert, Refused};
use crate::components::ui::{Modal, use_toasts};
use crate::i18n::*;
use crate::routes::{questionnaire_href, questionnaires_of};
use crate::session::{RequireRole, use_session};

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
    let current = LocalResource::new(move || api::monitoring_admin::questionnaire(id));
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
        async move { if v == latest { None } else { Some(api::monitoring_admin::questionnaire_version(id, v).await) } }
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
            let result = api::monitoring_admin::set_archived(id, false).await;
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

/// The description and the items of a version.
#[component]
pub fn DefinitionView(def: Definition) -> impl IntoView {
    let i18n = use_i18n();
    let description = def.description.clone().filter(|d| !d.ru.trim().is_empty() || !d.en.trim().is_empty());
    let all = StoredValue::new(def.items.clone());
    view! {
        {description.map(|d| view! { <p class="q-description">{move || d.get(lang(i18n)).to_owned()}</p> })}
        <ol class="q-items" data-testid="questionnaire-items">
            {def.items.into_iter().enumerate().map(|(n, item)| view! { <ItemView n=n + 1 item=item all=all /> }).collect_view()}
        </ol>
    }
}

/// "Shown only when «Side» is «Left» or «Right»".
pub fn condition_words(i18n: I18nContext<Locale>, item: &Item, all: &[Item]) -> Option<String> {
    let cond = item.show_if.as_ref()?;
    let l = lang(i18n);
    let source = all.iter().find(|i| i.code == cond.item);
    let name = source.map_or_else(|| cond.item.clone(), |s| s.label.get(l).to_owned());
    let values: Vec<String> = cond
        .any_of
        .iter()
        .map(|v| {
            let label = source.and_then(|s| s.options.iter().find(|o| &o.code == v)).map(|o| o.label.get(l).to_owned());
            format!("«{}»", label.unwrap_or_else(|| v.clone()))
        })
        .collect();
    let or = format!(" {} ", t_string!(i18n, library.or));
    Some(t_string!(i18n, library.condition_words, item = name, values = values.join(&or)).to_string())
}

/// The limits of a number item in words: "°C · от 34 до 43 · 1 знак после запятой".
pub fn number_words(i18n: I18nContext<Locale>, item: &Item) -> String {
    let mut parts = Vec::new();
    if let Some(u) = item.unit.as_ref().filter(|u| !u.trim().is_empty()) {
        parts.push(t_string!(i18n, library.unit_is, unit = u.clone()).to_string());
    }
    match (item.min, item.max) {
        (Some(lo), Some(hi)) => parts.push(
            t_string!(i18n, library.range_from_to, min = format_number(i18n, lo), max = format_number(i18n, hi))
                .to_string(),
        ),
        (Some(lo), None) => parts.push(t_string!(i18n, library.range_from, min = format_number(i18n, lo)).to_string()),
        (None, Some(hi)) => parts.push(t_string!(i18n, library.range_to, max = format_number(i18n, hi)).to_string()),
        (None, None) => {}
    }
    parts.push(if item.decimals == 0 {
        t_string!(i18n, library.whole_numbers).to_owned()
    } else {
        t_string!(i18n, library.decimals_n, n = item.decimals).to_string()
    });
    parts.join(" · ")
}

#[component]
fn ItemView(n: usize, item: Item, all: StoredValue<Vec<Item>>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = item.kind;
    let required = item.required;
    let label = item.label.clone();
    let hint = item.hint.clone().filter(|h| !h.ru.trim().is_empty() || !h.en.trim().is_empty());
    let condition = {
        let item = item.clone();
        move || all.with_value(|all| condition_words(i18n, &item, all))
    };
    let number = (kind == ItemKind::Number).then(|| {
        let item = item.clone();
        move || number_words(i18n, &item)
    });
    let options = item.options.clone();
    view! {
        <li class="q-item" data-item=item.code.clone()>
            <div class="q-item__head">
                <span class="q-item__num" aria-hidden="true">{n}"."</span>
                <div class="q-item__main">
                    <p class="q-item__label">{move || label.get(lang(i18n)).to_owned()}</p>
                    {hint.map(|h| view! { <p class="hint q-item__hint">{move || h.get(lang(i18n)).to_owned()}</p> })}
                </div>
            </div>
            <dl class="q-item__facts">
                <div><dt>{t!(i18n, library.item_code)}</dt><dd><code>{item.code.clone()}</code></dd></div>
                <div><dt>{t!(i18n, library.item_kind)}</dt><dd>{move || kind_label(i18n, kind)}</dd></div>
                <div><dt>{t!(i18n, library.item_required)}</dt><dd>{move || if required { t_string!(i18n, common.yes) } else { t_string!(i18n, common.no) }}</dd></div>
                {number.map(|words| view! { <div><dt>{t!(i18n, library.item_limits)}</dt><dd>{words}</dd></div> })}
            </dl>
            {(!options.is_empty()).then(|| view! {
                <ul class="q-options" aria-label=move || t_string!(i18n, library.options_title)>
                    {options.into_iter().map(|o| {
                        let label = o.label.clone();
                        let score = o.score;
                        view! {
                            <li>
                                <code>{o.code.clone()}</code>
                                <span>{move || label.get(lang(i18n)).to_owned()}</span>
                                {score.map(|s| view! {
                                    <span class="hint">{move || t_string!(i18n, library.score_is, score = format_number(i18n, s)).to_string()}</span>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {move || condition().map(|words| view! { <p class="q-item__condition">{words}</p> })}
        </li>
    }
}

/// A copy under a new code: built-ins become editable this way.
#[component]
fn CopyForm(id: QuestionnaireId, then_edit: bool, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let code = RwSignal::new(String::new());
    let errors = FieldErrors::with_text(crate::pages::questionnaires::error_text);
    let check = move || {
        let value = code.get_untracked().trim().to_owned();
        let problem =
            if value.is_empty() { Some("required") } else { (!valid_code(&value, 2)).then_some("invalid_format") };
        match problem {
            Some(c) => {
                errors.set(vec![field_error("code", c)], &[]);
                None
            }
            None => Some(value),
        }
    };
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::Conflict) => {
            errors.set(vec![field_error("code", "taken")], &[]);
            Refused::AtField
        }
        _ => Refused::Default,
    });
    let on_ok = move |copy: QuestionnaireDto| {
        toasts.push(t_string!(i18n, library.copied, code = copy.code.clone()).to_string());
        let action = then_edit.then_some("edit");
        navigate(&questionnaire_href(session.role(), Some(copy.id), action), NavigateOptions::default());
    };
    view! {
        <ActionForm
            check=check
            call=move |value: String| async move { api::monitoring_admin::copy_questionnaire(id, &value).await }
            on_ok=on_ok
            errors=errors
            refused=refused
            open=open
            submit=move || t_string!(i18n, library.copy_submit)
            submitting=move || t_string!(i18n, library.copying)
            testid="copy-form"
            lead=move || t_string!(i18n, library.copy_lead)
        >
            <Input
                id="copy-code"
                label=move || t_string!(i18n, library.new_code)
                hint=move || t_string!(i18n, library.code_hint)
                value=code
                error=errors.at("code", FieldKind::Text)
                required=true
                maxlength=64
                lang="en"
                on_edit=Callback::new(move |()| errors.clear())
            />
        </ActionForm>
    }
}

/// Archiving ends the questionnaire's active assignments: asked first.
#[component]
fn ArchiveForm(id: QuestionnaireId, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::Conflict) => Refused::Alert(t_string!(i18n, library.archive_conflict).to_owned()),
        _ => Refused::Default,
    });
    let label = move || t_string!(i18n, library.archive);
    view! {
        <ConfirmForm
            lead=move || t_string!(i18n, library.archive_text)
            call=move || api::monitoring_admin::set_archived(id, true)
            on_ok=move |_| {
                toasts.push(t_string!(i18n, library.archived_toast).to_owned());
                on_done.run(());
            }
            open=open
            refused=refused
            submit=label
            submitting=label
        />
    }
}
