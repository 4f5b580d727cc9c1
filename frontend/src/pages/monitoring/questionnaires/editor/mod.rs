//! The questionnaire editor: a new questionnaire (`/…/questionnaires/new`) or a new version
//! of one (`/…/questionnaires/:id/edit`). Title and description in both languages; items
//! added, removed, moved; per item its code, kind, label and hint, required; choice options
//! (code, label, optional score); a number's unit, limits and decimals; "show only when" an
//! earlier choice item has one of some values. Checked by `Definition::check` before it is
//! sent; the errors of both sides show at their fields.
//!
//! - [`model`]: the form as typed and its check (pure, natively tested);
//! - [`drafts`]: the reactive rows of the form;
//! - [`items`]: the editor of one item (options, number limits, condition).

mod drafts;
mod items;
pub mod model;

use common::ErrorCode;
use common::auth::Role;
use common::ids::QuestionnaireId;
use common::monitoring::{QuestionnaireDto, QuestionnaireInput, QuestionnaireVersionInput};
use common::questionnaire::{Definition, valid_code};
use common::templates::Purpose;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use self::drafts::{ItemDraft, focus_later, owned};
use self::items::ItemEditor;
use self::model::{DefinitionForm, build_definition, editor_place, parse_item_path};
use super::view::{BackToLibrary, questionnaire_param};
use super::{Area, ErrorSummary, FieldErrors, Input, error_signal, field_error, purpose_label};
use crate::api::{self, ApiError, ErrorKind};
use crate::components::feedback::{ErrorPanel, Skeleton, error_message};
use crate::components::form::{ActionForm, Refused};
use crate::components::ui::use_toasts;
use crate::i18n::*;
use crate::routes::questionnaire_href;
use crate::session::{RequireRole, use_session};

/// Who writes under `/admin` and under `/staff` (assistants only read the library).
const ADMIN_EDIT_ROLES: &[Role] = &[Role::Organizer];
const STAFF_EDIT_ROLES: &[Role] = &[Role::Doctor];

#[component]
pub fn AdminQuestionnaireNewPage() -> impl IntoView {
    view! { <EditorPage roles=ADMIN_EDIT_ROLES new=true /> }
}

#[component]
pub fn StaffQuestionnaireNewPage() -> impl IntoView {
    view! { <EditorPage roles=STAFF_EDIT_ROLES new=true /> }
}

#[component]
pub fn AdminQuestionnaireEditPage() -> impl IntoView {
    view! { <EditorPage roles=ADMIN_EDIT_ROLES new=false /> }
}

#[component]
pub fn StaffQuestionnaireEditPage() -> impl IntoView {
    view! { <EditorPage roles=STAFF_EDIT_ROLES new=false /> }
}

#[component]
fn EditorPage(roles: &'static [Role], new: bool) -> impl IntoView {
    let i18n = use_i18n();
    let id = questionnaire_param();
    view! {
        <Title text=move || if new { t_string!(i18n, library.new_title) } else { t_string!(i18n, library.edit_title) }.to_owned() />
        <RequireRole roles=roles>
            <section class="page q-editor-page" data-page="questionnaire-editor">
                <BackToLibrary />
                {move || if new {
                    view! { <Editor original=None /> }.into_any()
                } else {
                    match id.get() {
                        Some(id) => view! { <LoadForEdit id=id /> }.into_any(),
                        None => view! { <ErrorPanel kind=ErrorKind::NotFound /> }.into_any(),
                    }
                }}
            </section>
        </RequireRole>
    }
}

#[component]
fn LoadForEdit(id: QuestionnaireId) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let q = LocalResource::new(move || api::monitoring::admin::questionnaire(id));
    view! {
        <Suspense fallback=|| view! { <div class="card"><Skeleton lines=10 /></div> }>
            {move || Suspend::new(async move {
                match q.await {
                    Ok(q) if q.template.is_some() || q.archived => {
                        let text = if q.archived {
                            t_string!(i18n, library.archived_no_edit)
                        } else {
                            t_string!(i18n, library.built_in_no_edit)
                        };
                        view! {
                            <div class="alert alert--info" role="status">
                                <div class="alert__body">
                                    <p>{text}</p>
                                    <a class="btn btn--secondary" href=questionnaire_href(session.role(), Some(id), None)>
                                        {t!(i18n, library.open_questionnaire)}
                                    </a>
                                </div>
                            </div>
                        }.into_any()
                    }
                    Ok(q) => view! { <Editor original=Some(q) /> }.into_any(),
                    Err(e) => view! { <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| q.refetch()) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

// ---------------------------------------------------------------- the form as plain data

#[component]
fn Editor(original: Option<QuestionnaireDto>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let owner = Owner::current();
    let id = original.as_ref().map(|q| q.id);
    let version = original.as_ref().map(|q| q.version);
    let def = original.as_ref().map(|q| q.definition.clone());
    let description = def.as_ref().and_then(|d| d.description.clone()).unwrap_or_default();
    let code = RwSignal::new(original.as_ref().map(|q| q.code.clone()).unwrap_or_default());
    let purpose = RwSignal::new(original.as_ref().map_or(Purpose::Questionnaire, |q| q.purpose));
    let title_ru = RwSignal::new(def.as_ref().map(|d| d.title.ru.clone()).unwrap_or_default());
    let title_en = RwSignal::new(def.as_ref().map(|d| d.title.en.clone()).unwrap_or_default());
    let desc_ru = RwSignal::new(description.ru);
    let desc_en = RwSignal::new(description.en);
    let items = RwSignal::new(match &def {
        Some(d) => d.items.iter().map(|i| ItemDraft::new(Some(i))).collect::<Vec<_>>(),
        None => vec![ItemDraft::new(None)],
    });
    let errors = FieldErrors::with_text(crate::pages::monitoring::questionnaires::error_text);
    let is_new = id.is_none();

    let add_item = {
        let owner = owner.clone();
        move |_| {
            let d = owned(&owner, || ItemDraft::new(None));
            errors.clear();
            items.update(|v| v.push(d));
            focus_later(format!("q-{}-code", d.key));
        }
    };

    // A failed check or a 422 lists every error in the `ErrorSummary`, which takes the focus
    // (a definition has many items).
    let check = move || {
        let form = DefinitionForm {
            title_ru: title_ru.get_untracked(),
            title_en: title_en.get_untracked(),
            description_ru: desc_ru.get_untracked(),
            description_en: desc_en.get_untracked(),
            items: items.with_untracked(|v| v.iter().map(ItemDraft::form).collect()),
        };
        let mut problems = Vec::new();
        let new_code = code.get_untracked().trim().to_owned();
        if is_new {
            if new_code.is_empty() {
                problems.push(field_error("code", "required"));
            } else if !valid_code(&new_code, 2) {
                problems.push(field_error("code", "invalid_format"));
            }
        }
        let definition = match build_definition(&form) {
            Ok(d) if problems.is_empty() => d,
            Ok(_) => {
                errors.set(problems, &[]);
                focus_later("q-error-summary".to_owned());
                return None;
            }
            Err(e) => {
                problems.extend(e);
                errors.set(problems, &[]);
                focus_later("q-error-summary".to_owned());
                return None;
            }
        };
        Some((definition, new_code, purpose.get_untracked()))
    };
    let call = move |(definition, code, purpose): (Definition, String, Purpose)| async move {
        match id {
            Some(id) => api::monitoring::admin::save_questionnaire(id, &QuestionnaireVersionInput { definition }).await,
            None => {
                api::monitoring::admin::create_questionnaire(&QuestionnaireInput { code, purpose, definition }).await
            }
        }
    };
    let on_ok = move |saved: QuestionnaireDto| {
        toasts.push(t_string!(i18n, library.saved_version, n = saved.version).to_string());
        navigate(&questionnaire_href(session.role(), Some(saved.id), None), NavigateOptions::default());
    };
    let refused = Callback::new(move |e: ApiError| {
        if e.code() == Some(ErrorCode::ValidationFailed) && !e.field_errors().is_empty() {
            let list = e.field_errors().into_iter().map(|(f, c)| field_error(f, &c)).collect();
            errors.set(list, &["definition."]);
            focus_later("q-error-summary".to_owned());
            return Refused::AtField;
        }
        Refused::Alert(match e.code() {
            Some(ErrorCode::Conflict) if is_new => {
                errors.set(vec![field_error("code", "taken")], &[]);
                focus_later("q-error-summary".to_owned());
                return Refused::AtField;
            }
            // The editor opens no built-in: a conflict is another version saved meanwhile.
            Some(ErrorCode::Conflict) => t_string!(i18n, library.err_saved_meanwhile).to_owned(),
            Some(ErrorCode::QuestionnaireArchived) => t_string!(i18n, library.archived_no_edit).to_owned(),
            _ => error_message(i18n, e.kind()).to_owned(),
        })
    });

    // Where an error's link in the summary leads.
    let id_of = Callback::new(move |path: String| -> Option<String> {
        match path.as_str() {
            "code" => return Some("q-code".to_owned()),
            "title" => return Some("q-title-ru".to_owned()),
            "description" => return Some("q-desc-ru".to_owned()),
            "items" => return Some("q-add-item".to_owned()),
            _ => {}
        }
        let (i, j, rest) = parse_item_path(&path)?;
        let d = items.with_untracked(|v| v.get(i).copied())?;
        let suffix = match (j, rest.as_str()) {
            (Some(j), field) => {
                let o = d.options.with_untracked(|o| o.get(j).copied())?;
                let f = match field {
                    "label" => "ru",
                    "score" => "score",
                    _ => "code",
                };
                return Some(format!("q-{}-o{}-{f}", d.key, o.key));
            }
            (None, "label") => "ru",
            (None, "hint") => "hint-ru",
            (None, "options") => "add-option",
            (None, "min") => "min",
            (None, "max") => "max",
            (None, "unit") => "unit",
            (None, "decimals") => "decimals",
            (None, "kind") => "kind",
            (None, "show_if.item" | "show_if.any_of") => "showif",
            _ => "code",
        };
        Some(format!("q-{}-{suffix}", d.key))
    });

    let path = |p: &'static str| Signal::derive(move || p.to_owned());
    let clear = move |p: &'static str| Callback::new(move |()| errors.clear_at(p));
    let original_code = original.as_ref().map(|q| q.code.clone()).unwrap_or_default();

    view! {
        <header class="page-header">
            <h1>{move || if is_new { t_string!(i18n, library.new_title) } else { t_string!(i18n, library.edit_title) }}</h1>
            <p class="page-header__lead">
                {move || match version {
                    Some(v) => t_string!(i18n, library.new_version_note, n = v + 1).to_string(),
                    None => t_string!(i18n, library.new_questionnaire_note).to_owned(),
                }}
            </p>
        </header>
        <ActionForm
            check=check
            call=call
            on_ok=on_ok
            errors=errors
            refused=refused
            submit=move || if is_new { t_string!(i18n, library.create) } else { t_string!(i18n, library.save_version) }
            class="form q-editor"
            testid="questionnaire-editor"
            actions_class="form__actions q-editor__actions"
            summary=move || view! {
                <div id="q-error-summary" tabindex="-1" class="q-error-summary">
                    <ErrorSummary errors=errors id_of=id_of place_of=Callback::new(move |p: String| editor_place(i18n, &p)) />
                </div>
            }
            more_actions=move || view! {
                <a class="btn btn--secondary" href=move || match id {
                    Some(id) => questionnaire_href(session.role(), Some(id), None),
                    None => crate::routes::questionnaires_of(session.role()).path().to_owned(),
                }>{t!(i18n, common.cancel)}</a>
            }
        >
            <section class="card stack-card" aria-labelledby="q-general">
                <h2 id="q-general">{t!(i18n, library.general)}</h2>
                {if is_new {
                    view! {
                        <div class="form__row">
                            <Input
                                id="q-code"
                                label=move || t_string!(i18n, library.code)
                                hint=move || t_string!(i18n, library.code_hint)
                                value=code
                                error=error_signal(i18n, errors, path("code"))
                                required=true
                                maxlength=64
                                lang="en"
                                on_edit=clear("code")
                            />
                            <div class="field">
                                <label class="field__label" for="q-purpose">{t!(i18n, library.purpose)}</label>
                                <p class="field__hint" id="q-purpose-hint">{t!(i18n, library.purpose_hint)}</p>
                                <select id="q-purpose" class="select" aria-describedby="q-purpose-hint" on:change=move |ev| {
                                    purpose.set(Purpose::parse(&event_target_value(&ev)).unwrap_or(Purpose::Questionnaire));
                                }>
                                    {[Purpose::Questionnaire, Purpose::Diary].into_iter().map(|p| view! {
                                        <option value=p.as_str() selected=move || purpose.get() == p>{move || purpose_label(i18n, p)}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                        </div>
                    }.into_any()
                } else {
                    let p = purpose.get_untracked();
                    view! {
                        <dl class="patient-head__facts">
                            <div><dt>{t!(i18n, library.code)}</dt><dd><code>{original_code.clone()}</code></dd></div>
                            <div><dt>{t!(i18n, library.purpose)}</dt><dd>{move || purpose_label(i18n, p)}</dd></div>
                        </dl>
                    }.into_any()
                }}
                <div class="form__row">
                    <Input id="q-title-ru" label=move || t_string!(i18n, library.title_ru) value=title_ru
                        error=error_signal(i18n, errors, path("title")) required=true maxlength=500 lang="ru" on_edit=clear("title") />
                    <Input id="q-title-en" label=move || t_string!(i18n, library.title_en) value=title_en maxlength=500 lang="en" />
                </div>
                <div class="form__row">
                    <Area id="q-desc-ru" label=move || t_string!(i18n, library.description_ru) value=desc_ru
                        error=error_signal(i18n, errors, path("description")) maxlength=4000 lang="ru" on_edit=clear("description") />
                    <Area id="q-desc-en" label=move || t_string!(i18n, library.description_en) value=desc_en maxlength=4000 lang="en" />
                </div>
                <p class="alert alert--info q-note">{t!(i18n, library.versions_keep_answers)}</p>
            </section>
            <section class="stack-card" aria-labelledby="q-items-edit">
                <div class="section-head">
                    <h2 id="q-items-edit">{t!(i18n, library.items_title)}</h2>
                    <span class="hint">{move || t_string!(i18n, library.items_count, count = items.with(Vec::len)).to_string()}</span>
                </div>
                <ol class="q-edit-items" data-testid="editor-items">
                    <For each=move || items.get() key=|d| d.key let:d>
                        <ItemEditor d=d items=items errors=errors />
                    </For>
                </ol>
                {move || errors.code_at("items").map(|c| view! {
                    <p class="field__error" id="q-items-error">{super::error_text(i18n, "items", &c)}</p>
                })}
                <button type="button" id="q-add-item" class="btn btn--secondary q-add" on:click=add_item>
                    <crate::components::icons::PlusIcon />
                    {t!(i18n, library.add_item)}
                </button>
            </section>
        </ActionForm>
    }
}
