//! The questionnaire editor: a new questionnaire (`/…/questionnaires/new`) or a new version
//! of one (`/…/questionnaires/:id/edit`). Title and description in both languages; items
//! added, removed, moved; per item its code, kind, label and hint, required; choice options
//! (code, label, optional score); a number's unit, limits and decimals; "show only when" an
//! earlier choice item has one of some values. Checked by `Definition::check` before it is
//! sent; the errors of both sides show at their fields.

use std::sync::atomic::{AtomicU64, Ordering};

use common::auth::Role;
use common::ids::QuestionnaireId;
use common::monitoring::{QuestionnaireDto, QuestionnaireInput, QuestionnaireVersionInput};
use common::questionnaire::{ChoiceOption, Definition, I18nText, Item, ItemKind, ShowIf, valid_code};
use common::templates::Purpose;
use common::{ErrorCode, FieldError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use super::view::{BackToLibrary, questionnaire_param};
use super::{
    Area, ErrorSummary, FieldErrors, Input, error_signal, field_error, kind_label, lang, parse_number, plain_number,
    purpose_label,
};
use crate::api::{self, ApiError, ErrorKind};
use crate::components::feedback::{ErrorPanel, Skeleton, error_message};
use crate::components::ui::{CheckboxField, FormAlert, use_toasts};
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
    let q = LocalResource::new(move || api::monitoring_admin::questionnaire(id));
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

/// An option as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OptionForm {
    pub code: String,
    pub ru: String,
    pub en: String,
    pub score: String,
}

/// An item as typed. Fields of other kinds are kept while editing (switching the kind back
/// restores them) and left out of the definition.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemForm {
    pub code: String,
    pub kind: ItemKind,
    pub ru: String,
    pub en: String,
    pub hint_ru: String,
    pub hint_en: String,
    pub required: bool,
    pub options: Vec<OptionForm>,
    pub unit: String,
    pub min: String,
    pub max: String,
    pub decimals: u8,
    pub show_if_item: String,
    pub show_if_values: Vec<String>,
}

/// The questionnaire as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DefinitionForm {
    pub title_ru: String,
    pub title_en: String,
    pub description_ru: String,
    pub description_en: String,
    pub items: Vec<ItemForm>,
}

fn text(ru: &str, en: &str) -> I18nText {
    I18nText { ru: ru.trim().to_owned(), en: en.trim().to_owned() }
}

fn optional_text(ru: &str, en: &str) -> Option<I18nText> {
    (!ru.trim().is_empty() || !en.trim().is_empty()).then(|| text(ru, en))
}

fn is_choice(kind: ItemKind) -> bool {
    matches!(kind, ItemKind::SingleChoice | ItemKind::MultipleChoice)
}

/// The definition the form describes, or every problem of it: numbers that do not parse,
/// then what `Definition::check` finds — the same rules the server applies.
pub fn build_definition(form: &DefinitionForm) -> Result<Definition, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut number = |field: String, text: &str| match parse_number(text) {
        Ok(v) => v,
        Err(_) => {
            errors.push(field_error(field, "invalid_format"));
            None
        }
    };
    let items: Vec<Item> = form
        .items
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let p = format!("items[{i}]");
            let choice = is_choice(f.kind);
            let numeric = f.kind == ItemKind::Number;
            let options = if choice {
                f.options
                    .iter()
                    .enumerate()
                    .map(|(j, o)| ChoiceOption {
                        code: o.code.trim().to_owned(),
                        label: text(&o.ru, &o.en),
                        score: number(format!("{p}.options[{j}].score"), &o.score),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let (min, max) = if numeric {
                (number(format!("{p}.min"), &f.min), number(format!("{p}.max"), &f.max))
            } else {
                (None, None)
            };
            Item {
                code: f.code.trim().to_owned(),
                kind: f.kind,
                label: text(&f.ru, &f.en),
                hint: optional_text(&f.hint_ru, &f.hint_en),
                required: f.required,
                options,
                unit: if numeric { Some(f.unit.trim().to_owned()).filter(|u| !u.is_empty()) } else { None },
                min,
                max,
                decimals: if numeric { f.decimals } else { 0 },
                show_if: (!f.show_if_item.trim().is_empty())
                    .then(|| ShowIf { item: f.show_if_item.trim().to_owned(), any_of: f.show_if_values.clone() }),
            }
        })
        .collect();
    let def = Definition {
        title: text(&form.title_ru, &form.title_en),
        description: optional_text(&form.description_ru, &form.description_en),
        items,
    };
    if let Err(more) = def.check() {
        let fresh: Vec<FieldError> = more.into_iter().filter(|e| !errors_has(&errors, &e.field)).collect();
        errors.extend(fresh);
    }
    if errors.is_empty() { Ok(def) } else { Err(errors) }
}

fn errors_has(errors: &[FieldError], field: &str) -> bool {
    errors.iter().any(|e| e.field == field)
}

/// Where an error of the editor is, in words: "Вопрос 3, вариант 1: Код варианта".
pub fn editor_place(i18n: leptos_i18n::I18nContext<Locale>, path: &str) -> String {
    match path {
        "code" => return t_string!(i18n, library.code).to_owned(),
        "title" => return t_string!(i18n, library.field_title).to_owned(),
        "description" => return t_string!(i18n, library.field_description).to_owned(),
        "items" => return t_string!(i18n, library.items_title).to_owned(),
        _ => {}
    }
    let Some((i, j, rest)) = parse_item_path(path) else { return path.to_owned() };
    let field = match (j.is_some(), rest.as_str()) {
        (true, "code") => t_string!(i18n, library.option_code),
        (false, "code") => t_string!(i18n, library.item_code),
        (_, "label") => t_string!(i18n, library.field_text),
        (_, "hint") => t_string!(i18n, library.field_hint),
        (_, "score") => t_string!(i18n, library.option_score),
        (_, "options") => t_string!(i18n, library.options_title),
        (_, "min") => t_string!(i18n, library.min),
        (_, "max") => t_string!(i18n, library.max),
        (_, "unit") => t_string!(i18n, library.unit),
        (_, "decimals") => t_string!(i18n, library.decimals),
        (_, "kind") => t_string!(i18n, library.item_kind),
        (_, "show_if.item" | "show_if.any_of") => t_string!(i18n, library.show_if),
        _ => return path.to_owned(),
    };
    match j {
        Some(j) => t_string!(i18n, library.place_option, n = i + 1, m = j + 1, field = field).to_string(),
        None => t_string!(i18n, library.place_item, n = i + 1, field = field).to_string(),
    }
}

/// `items[2].options[0].code` → (2, Some(0), "code"); `items[1].show_if.item` → (1, None,
/// "show_if.item"); anything else → None.
pub fn parse_item_path(path: &str) -> Option<(usize, Option<usize>, String)> {
    let rest = path.strip_prefix("items[")?;
    let (i, rest) = rest.split_once(']')?;
    let i = i.parse().ok()?;
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    if let Some(opt) = rest.strip_prefix("options[") {
        let (j, tail) = opt.split_once(']')?;
        let j = j.parse().ok()?;
        return Some((i, Some(j), tail.strip_prefix('.').unwrap_or(tail).to_owned()));
    }
    Some((i, None, rest.to_owned()))
}

// ---------------------------------------------------------------- the form as signals

static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

fn next_key() -> u64 {
    NEXT_KEY.fetch_add(1, Ordering::Relaxed)
}

#[derive(Debug, Clone, Copy)]
struct OptionDraft {
    key: u64,
    code: RwSignal<String>,
    ru: RwSignal<String>,
    en: RwSignal<String>,
    score: RwSignal<String>,
}

impl OptionDraft {
    fn new(o: Option<&ChoiceOption>) -> Self {
        Self {
            key: next_key(),
            code: RwSignal::new(o.map(|o| o.code.clone()).unwrap_or_default()),
            ru: RwSignal::new(o.map(|o| o.label.ru.clone()).unwrap_or_default()),
            en: RwSignal::new(o.map(|o| o.label.en.clone()).unwrap_or_default()),
            score: RwSignal::new(o.and_then(|o| o.score).map(plain_number).unwrap_or_default()),
        }
    }

    fn form(&self) -> OptionForm {
        OptionForm {
            code: self.code.get_untracked(),
            ru: self.ru.get_untracked(),
            en: self.en.get_untracked(),
            score: self.score.get_untracked(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct ItemDraft {
    key: u64,
    /// The code it had in the version being edited (a changed one is warned about).
    original_code: StoredValue<Option<String>>,
    code: RwSignal<String>,
    kind: RwSignal<ItemKind>,
    ru: RwSignal<String>,
    en: RwSignal<String>,
    hint_ru: RwSignal<String>,
    hint_en: RwSignal<String>,
    required: RwSignal<bool>,
    options: RwSignal<Vec<OptionDraft>>,
    unit: RwSignal<String>,
    min: RwSignal<String>,
    max: RwSignal<String>,
    decimals: RwSignal<u8>,
    show_if_item: RwSignal<String>,
    show_if_values: RwSignal<Vec<String>>,
}

impl ItemDraft {
    fn new(item: Option<&Item>) -> Self {
        let hint = item.and_then(|i| i.hint.clone()).unwrap_or_default();
        Self {
            key: next_key(),
            original_code: StoredValue::new(item.map(|i| i.code.clone())),
            code: RwSignal::new(item.map(|i| i.code.clone()).unwrap_or_default()),
            kind: RwSignal::new(item.map_or(ItemKind::Scale, |i| i.kind)),
            ru: RwSignal::new(item.map(|i| i.label.ru.clone()).unwrap_or_default()),
            en: RwSignal::new(item.map(|i| i.label.en.clone()).unwrap_or_default()),
            hint_ru: RwSignal::new(hint.ru),
            hint_en: RwSignal::new(hint.en),
            required: RwSignal::new(item.is_some_and(|i| i.required)),
            options: RwSignal::new(
                item.map(|i| i.options.iter().map(|o| OptionDraft::new(Some(o))).collect()).unwrap_or_default(),
            ),
            unit: RwSignal::new(item.and_then(|i| i.unit.clone()).unwrap_or_default()),
            min: RwSignal::new(item.and_then(|i| i.min).map(plain_number).unwrap_or_default()),
            max: RwSignal::new(item.and_then(|i| i.max).map(plain_number).unwrap_or_default()),
            decimals: RwSignal::new(item.map_or(0, |i| i.decimals)),
            show_if_item: RwSignal::new(
                item.and_then(|i| i.show_if.as_ref()).map(|s| s.item.clone()).unwrap_or_default(),
            ),
            show_if_values: RwSignal::new(
                item.and_then(|i| i.show_if.as_ref()).map(|s| s.any_of.clone()).unwrap_or_default(),
            ),
        }
    }

    fn form(&self) -> ItemForm {
        ItemForm {
            code: self.code.get_untracked(),
            kind: self.kind.get_untracked(),
            ru: self.ru.get_untracked(),
            en: self.en.get_untracked(),
            hint_ru: self.hint_ru.get_untracked(),
            hint_en: self.hint_en.get_untracked(),
            required: self.required.get_untracked(),
            options: self.options.with_untracked(|o| o.iter().map(OptionDraft::form).collect()),
            unit: self.unit.get_untracked(),
            min: self.min.get_untracked(),
            max: self.max.get_untracked(),
            decimals: self.decimals.get_untracked(),
            show_if_item: self.show_if_item.get_untracked(),
            show_if_values: self.show_if_values.get_untracked(),
        }
    }

    /// The label in the reader's language (tracked), for the condition's select.
    fn label(&self, l: common::Locale) -> String {
        let t = I18nText { ru: self.ru.get(), en: self.en.get() };
        t.get(l).to_owned()
    }
}

/// Runs `f` under `owner`, so signals made in an event handler belong to the editor.
fn owned<T>(owner: &Option<Owner>, f: impl FnOnce() -> T) -> T {
    match owner {
        Some(o) => o.with(f),
        None => f(),
    }
}

/// Moves the focus to an element by id once the DOM has settled (after a move).
fn focus_later(id: String) {
    set_timeout(
        move || {
            use wasm_bindgen::JsCast;
            if let Some(el) = document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        },
        std::time::Duration::from_millis(0),
    );
}

// ---------------------------------------------------------------- the editor

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
    let errors = FieldErrors::new();
    let pending = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<ApiError>);
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

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submit_error.set(None);
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
                return;
            }
            Err(e) => {
                problems.extend(e);
                errors.set(problems, &[]);
                focus_later("q-error-summary".to_owned());
                return;
            }
        };
        errors.clear();
        pending.set(true);
        let navigate = navigate.clone();
        let purpose = purpose.get_untracked();
        spawn_local(async move {
            let result = match id {
                Some(id) => {
                    api::monitoring_admin::save_questionnaire(id, &QuestionnaireVersionInput { definition }).await
                }
                None => {
                    let input = QuestionnaireInput { code: new_code, purpose, definition };
                    api::monitoring_admin::create_questionnaire(&input).await
                }
            };
            pending.set(false);
            match result {
                Ok(saved) => {
                    toasts.push(t_string!(i18n, library.saved_version, n = saved.version).to_string());
                    navigate(&questionnaire_href(session.role(), Some(saved.id), None), NavigateOptions::default());
                }
                Err(e) if e.code() == Some(ErrorCode::ValidationFailed) && !e.field_errors().is_empty() => {
                    let list = e.field_errors().into_iter().map(|(f, c)| field_error(f, &c)).collect();
                    errors.set(list, &["definition."]);
                    focus_later("q-error-summary".to_owned());
                }
                Err(e) if is_new && e.code() == Some(ErrorCode::Conflict) => {
                    errors.set(vec![field_error("code", "taken")], &[]);
                    focus_later("q-error-summary".to_owned());
                }
                Err(e) => submit_error.set(Some(e)),
            }
        });
    };

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

    let message = Signal::derive(move || {
        submit_error.get().map(|e| match e.code() {
            // The editor opens no built-in: a conflict is another version saved meanwhile.
            Some(ErrorCode::Conflict) => t_string!(i18n, library.err_saved_meanwhile).to_owned(),
            Some(ErrorCode::QuestionnaireArchived) => t_string!(i18n, library.archived_no_edit).to_owned(),
            _ => error_message(i18n, e.kind()).to_owned(),
        })
    });
    let path = |p: &'static str| Signal::derive(move || p.to_owned());
    let clear = |p: &'static str| Callback::new(move |()| errors.clear_at(p));
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
        <form class="form q-editor" novalidate on:submit=on_submit data-testid="questionnaire-editor">
            <div id="q-error-summary" tabindex="-1" class="q-error-summary">
                <ErrorSummary errors=errors id_of=id_of place_of=Callback::new(move |p: String| editor_place(i18n, &p)) />
            </div>
            <FormAlert message=message />
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
                    <crate::pages::operator::PlusIcon />
                    {t!(i18n, library.add_item)}
                </button>
            </section>
            <div class="form__actions q-editor__actions">
                <button type="submit" class="btn btn--primary" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { t_string!(i18n, common.saving) } else if is_new { t_string!(i18n, library.create) } else { t_string!(i18n, library.save_version) }}
                </button>
                <a class="btn btn--secondary" href=move || match id {
                    Some(id) => questionnaire_href(session.role(), Some(id), None),
                    None => crate::routes::questionnaires_of(session.role()).path().to_owned(),
                }>{t!(i18n, common.cancel)}</a>
            </div>
        </form>
    }
}

#[component]
fn ItemEditor(d: ItemDraft, items: RwSignal<Vec<ItemDraft>>, errors: FieldErrors) -> impl IntoView {
    let i18n = use_i18n();
    let owner = Owner::current();
    let key = d.key;
    let idx = Memo::new(move |_| items.with(|v| v.iter().position(|x| x.key == key).unwrap_or(0)));
    let last = Memo::new(move |_| items.with(|v| v.len().saturating_sub(1)));
    let n = move || idx.get() + 1;
    let path = move |suffix: &'static str| Signal::derive(move || format!("items[{}].{suffix}", idx.get()));
    let err = move |suffix: &'static str| error_signal(i18n, errors, path(suffix));
    let clear = move |suffix: &'static str| {
        Callback::new(move |()| errors.clear_at(&format!("items[{}].{suffix}", idx.get_untracked())))
    };
    let fid = move |suffix: &str| format!("q-{key}-{suffix}");
    let move_by = move |delta: isize| {
        let from = idx.get_untracked();
        let Some(to) = from.checked_add_signed(delta) else { return };
        if to > last.get_untracked() {
            return;
        }
        errors.clear();
        items.update(|v| v.swap(from, to));
        focus_later(format!("q-{key}-title"));
    };
    let remove = move |_| {
        errors.clear();
        let at = idx.get_untracked();
        items.update(|v| v.retain(|x| x.key != key));
        // The focus goes to the item that took its place, or to "Add a question".
        let next = items.with_untracked(|v| v.get(at).or_else(|| v.last()).map(|x| x.key));
        focus_later(next.map_or_else(|| "q-add-item".to_owned(), |k| format!("q-{k}-title")));
    };
    let existing = d.original_code.with_value(Option::is_some);
    let code_changed =
        move || d.original_code.with_value(|o| o.as_ref().filter(|o| **o != d.code.get().trim()).cloned());
    let on_kind = {
        let owner = owner.clone();
        move |ev: leptos::ev::Event| {
            let kind =
                ItemKind::ALL.into_iter().find(|k| k.as_str() == event_target_value(&ev)).unwrap_or(ItemKind::Text);
            d.kind.set(kind);
            errors.clear_at(&format!("items[{}].kind", idx.get_untracked()));
            if is_choice(kind) && d.options.with_untracked(Vec::is_empty) {
                let o = owned(&owner, || OptionDraft::new(None));
                d.options.set(vec![o]);
            }
        }
    };
    view! {
        <li class="card q-edit-item" data-item-key=key.to_string()>
            <div class="q-edit-item__head">
                <h3 class="q-edit-item__title" id=fid("title") tabindex="-1">
                    {move || t_string!(i18n, library.item_n, n = n()).to_string()}
                    <span class="q-edit-item__code">{move || d.code.get()}</span>
                </h3>
                <div class="q-edit-item__tools">
                    <button type="button" class="btn btn--ghost btn--small" id=fid("up")
                        disabled=move || idx.get() == 0
                        aria-label=move || t_string!(i18n, library.move_up, n = n()).to_string()
                        on:click=move |_| move_by(-1)>
                        <ArrowIcon up=true />
                    </button>
                    <button type="button" class="btn btn--ghost btn--small" id=fid("down")
                        disabled=move || { idx.get() >= last.get() }
                        aria-label=move || t_string!(i18n, library.move_down, n = n()).to_string()
                        on:click=move |_| move_by(1)>
                        <ArrowIcon up=false />
                    </button>
                    <button type="button" class="btn btn--ghost btn--small btn--danger-text" id=fid("remove")
                        aria-label=move || t_string!(i18n, library.remove_item_n, n = n()).to_string()
                        on:click=remove>
                        {t!(i18n, library.remove)}
                    </button>
                </div>
            </div>
            <div class="form__row">
                <Input id=fid("code") label=move || t_string!(i18n, library.item_code) value=d.code error=err("code")
                    hint=move || if existing { t_string!(i18n, library.item_code_hint_existing) } else { t_string!(i18n, library.item_code_hint) }
                    required=true maxlength=64 lang="en" on_edit=clear("code") />
                <div class="field" class:field--invalid=move || err("kind").with(Option::is_some)>
                    <label class="field__label" for=fid("kind")>{t!(i18n, library.item_kind)}</label>
                    <select id=fid("kind") class="select" on:change=on_kind>
                        {ItemKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=move || d.kind.get() == k>{move || kind_label(i18n, k)}</option>
                        }).collect_view()}
                    </select>
                    {move || err("kind").get().map(|e| view! { <p class="field__error">{e}</p> })}
                </div>
            </div>
            {move || code_changed().map(|was| view! {
                <p class="alert alert--warning q-note" role="status" data-testid="code-changed">
                    {move || t_string!(i18n, library.code_changed_warning, code = was.clone()).to_string()}
                </p>
            })}
            <div class="form__row">
                <Input id=fid("ru") label=move || t_string!(i18n, library.label_ru) value=d.ru error=err("label")
                    required=true maxlength=500 lang="ru" on_edit=clear("label") />
                <Input id=fid("en") label=move || t_string!(i18n, library.label_en) value=d.en maxlength=500 lang="en" />
            </div>
            <div class="form__row">
                <Input id=fid("hint-ru") label=move || t_string!(i18n, library.hint_ru) value=d.hint_ru error=err("hint")
                    maxlength=500 lang="ru" on_edit=clear("hint") />
                <Input id=fid("hint-en") label=move || t_string!(i18n, library.hint_en) value=d.hint_en maxlength=500 lang="en" />
            </div>
            <CheckboxField id=fid("required") label=move || t_string!(i18n, library.required_label) checked=d.required />
            {move || match d.kind.get() {
                ItemKind::SingleChoice | ItemKind::MultipleChoice => view! { <OptionsEditor d=d idx=idx errors=errors /> }.into_any(),
                ItemKind::Number => view! { <NumberEditor d=d idx=idx errors=errors /> }.into_any(),
                ItemKind::Scale => view! { <p class="hint">{t!(i18n, library.scale_words)}</p> }.into_any(),
                ItemKind::Text | ItemKind::Date => ().into_any(),
            }}
            <ConditionEditor d=d items=items idx=idx errors=errors />
        </li>
    }
}

#[component]
fn ArrowIcon(up: bool) -> impl IntoView {
    let d = if up { "M12 19V5M6 11l6-6 6 6" } else { "M12 5v14M6 13l6 6 6-6" };
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path d=d fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
    }
}

#[component]
fn OptionsEditor(d: ItemDraft, idx: Memo<usize>, errors: FieldErrors) -> impl IntoView {
    let i18n = use_i18n();
    let owner = Owner::current();
    let key = d.key;
    let add = move |_| {
        let o = owned(&owner, || OptionDraft::new(None));
        errors.clear();
        d.options.update(|v| v.push(o));
        focus_later(format!("q-{key}-o{}-code", o.key));
    };
    let options_error = error_signal(i18n, errors, Signal::derive(move || format!("items[{}].options", idx.get())));
    view! {
        <fieldset class="fieldset q-options-edit" class:field--invalid=move || options_error.with(Option::is_some)>
            <legend class="field__label">{t!(i18n, library.options_title)}</legend>
            <p class="field__hint">{t!(i18n, library.options_hint)}</p>
            <ol class="q-option-rows">
                <For each=move || d.options.get() key=|o| o.key let:o>
                    <OptionRow d=d o=o idx=idx errors=errors />
                </For>
            </ol>
            {move || options_error.get().map(|e| view! { <p class="field__error">{e}</p> })}
            <button type="button" class="btn btn--ghost btn--small q-add-option" id=format!("q-{key}-add-option") on:click=add>
                <crate::pages::operator::PlusIcon />
                {t!(i18n, library.add_option)}
            </button>
        </fieldset>
    }
}

#[component]
fn OptionRow(d: ItemDraft, o: OptionDraft, idx: Memo<usize>, errors: FieldErrors) -> impl IntoView {
    let i18n = use_i18n();
    let okey = o.key;
    let j = Memo::new(move |_| d.options.with(|v| v.iter().position(|x| x.key == okey).unwrap_or(0)));
    let path = move |suffix: &'static str| {
        Signal::derive(move || format!("items[{}].options[{}].{suffix}", idx.get(), j.get()))
    };
    let err = move |suffix: &'static str| error_signal(i18n, errors, path(suffix));
    let clear = move |suffix: &'static str| {
        Callback::new(move |()| {
            errors.clear_at(&format!("items[{}].options[{}].{suffix}", idx.get_untracked(), j.get_untracked()))
        })
    };
    let fid = move |suffix: &str| format!("q-{}-o{okey}-{suffix}", d.key);
    let remove = move |_| {
        errors.clear();
        d.options.update(|v| v.retain(|x| x.key != okey));
        focus_later(format!("q-{}-add-option", d.key));
    };
    view! {
        <li class="q-option-row">
            <Input id=fid("code") label=move || t_string!(i18n, library.option_code) value=o.code error=err("code")
                required=true maxlength=64 lang="en" class="q-option-row__code" on_edit=clear("code") />
            <Input id=fid("ru") label=move || t_string!(i18n, library.label_ru) value=o.ru error=err("label")
                required=true maxlength=500 lang="ru" on_edit=clear("label") />
            <Input id=fid("en") label=move || t_string!(i18n, library.label_en) value=o.en maxlength=500 lang="en" />
            <Input id=fid("score") label=move || t_string!(i18n, library.option_score) value=o.score error=err("score")
                inputmode="decimal" class="q-option-row__score" on_edit=clear("score") />
            <button type="button" class="btn btn--ghost btn--small btn--danger-text q-option-row__remove"
                aria-label=move || t_string!(i18n, library.remove_option_n, n = j.get() + 1).to_string()
                on:click=remove>
                {t!(i18n, library.remove)}
            </button>
        </li>
    }
}

#[component]
fn NumberEditor(d: ItemDraft, idx: Memo<usize>, errors: FieldErrors) -> impl IntoView {
    let i18n = use_i18n();
    let key = d.key;
    let path = move |suffix: &'static str| Signal::derive(move || format!("items[{}].{suffix}", idx.get()));
    let err = move |suffix: &'static str| error_signal(i18n, errors, path(suffix));
    let clear = move |suffix: &'static str| {
        Callback::new(move |()| errors.clear_at(&format!("items[{}].{suffix}", idx.get_untracked())))
    };
    view! {
        <div class="q-number-edit">
            <Input id=format!("q-{key}-unit") label=move || t_string!(i18n, library.unit) value=d.unit error=err("unit")
                hint=move || t_string!(i18n, library.unit_hint) maxlength=16 on_edit=clear("unit") />
            <Input id=format!("q-{key}-min") label=move || t_string!(i18n, library.min) value=d.min error=err("min")
                inputmode="decimal" on_edit=clear("min") />
            <Input id=format!("q-{key}-max") label=move || t_string!(i18n, library.max) value=d.max error=err("max")
                inputmode="decimal" on_edit=clear("max") />
            <div class="field" class:field--invalid=move || err("decimals").with(Option::is_some)>
                <label class="field__label" for=format!("q-{key}-decimals")>{t!(i18n, library.decimals)}</label>
                <select id=format!("q-{key}-decimals") class="select" on:change=move |ev| {
                    d.decimals.set(event_target_value(&ev).parse().unwrap_or(0));
                }>
                    {(0u8..=3).map(|n| view! {
                        <option value=n.to_string() selected=move || d.decimals.get() == n>{n}</option>
                    }).collect_view()}
                </select>
                {move || err("decimals").get().map(|e| view! { <p class="field__error">{e}</p> })}
            </div>
        </div>
    }
}

/// "Show only when": an earlier choice item, and which of its options.
#[component]
fn ConditionEditor(
    d: ItemDraft,
    items: RwSignal<Vec<ItemDraft>>,
    idx: Memo<usize>,
    errors: FieldErrors,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = d.key;
    // The choice items above this one: (code, "2. Label").
    let earlier = Memo::new(move |_| {
        let l = lang(i18n);
        let here = idx.get();
        items.with(|v| {
            v.iter()
                .take(here)
                .enumerate()
                .filter(|(_, x)| is_choice(x.kind.get()) && !x.code.get().trim().is_empty())
                .map(|(n, x)| (x.code.get().trim().to_owned(), format!("{}. {}", n + 1, x.label(l))))
                .collect::<Vec<_>>()
        })
    });
    // The options of the chosen item: (code, label).
    let source_options = Memo::new(move |_| {
        let l = lang(i18n);
        let chosen = d.show_if_item.get();
        let here = idx.get();
        items.with(|v| {
            v.iter().take(here).find(|x| x.code.get().trim() == chosen.trim() && is_choice(x.kind.get())).map(|x| {
                x.options.with(|o| {
                    o.iter()
                        .map(|o| {
                            let t = I18nText { ru: o.ru.get(), en: o.en.get() };
                            (o.code.get().trim().to_owned(), t.get(l).to_owned())
                        })
                        .collect::<Vec<_>>()
                })
            })
        })
    });
    let item_error = error_signal(i18n, errors, Signal::derive(move || format!("items[{}].show_if.item", idx.get())));
    let values_error =
        error_signal(i18n, errors, Signal::derive(move || format!("items[{}].show_if.any_of", idx.get())));
    let select_id = format!("q-{key}-showif");
    view! {
        <div class="q-condition">
            <div class="field" class:field--invalid=move || item_error.with(Option::is_some)>
                <label class="field__label" for=select_id.clone()>{t!(i18n, library.show_if)}</label>
                <p class="field__hint" id=format!("{select_id}-hint")>{t!(i18n, library.show_if_hint)}</p>
                <select id=select_id.clone() class="select" aria-describedby=format!("{select_id}-hint") on:change=move |ev| {
                    d.show_if_item.set(event_target_value(&ev));
                    d.show_if_values.set(Vec::new());
                    errors.clear_at(&format!("items[{}].show_if.item", idx.get_untracked()));
                    errors.clear_at(&format!("items[{}].show_if.any_of", idx.get_untracked()));
                }>
                    <option value="" selected=move || d.show_if_item.with(|s| s.trim().is_empty())>{t!(i18n, library.show_always)}</option>
                    {move || {
                        let chosen = d.show_if_item.get();
                        let list = earlier.get();
                        let stale = !chosen.trim().is_empty() && !list.iter().any(|(c, _)| *c == chosen.trim());
                        let stale_view = stale.then(|| {
                            let c = chosen.clone();
                            let value = chosen.clone();
                            view! { <option value=value selected=true>{move || t_string!(i18n, library.show_if_missing, code = c.clone()).to_string()}</option> }
                        });
                        view! {
                            {list.into_iter().map(|(code, label)| {
                                let is = code == chosen.trim();
                                view! { <option value=code selected=is>{label}</option> }
                            }).collect_view()}
                            {stale_view}
                        }
                    }}
                </select>
                {move || item_error.get().map(|e| view! { <p class="field__error">{e}</p> })}
            </div>
            {move || source_options.get().map(|opts| view! {
                <fieldset class="fieldset fieldset--inline" class:field--invalid=move || values_error.with(Option::is_some)>
                    <legend class="field__label">{t!(i18n, library.show_if_values)}</legend>
                    <div class="radio-row">
                        {opts.into_iter().enumerate().map(|(n, (code, label))| {
                            let box_id = format!("q-{key}-showif-{n}");
                            let c1 = code.clone();
                            let c2 = code.clone();
                            let text = if label.trim().is_empty() { code.clone() } else { label };
                            view! {
                                <label class="radio" for=box_id.clone()>
                                    <input id=box_id.clone() type="checkbox"
                                        prop:checked=move || d.show_if_values.with(|v| v.contains(&c1))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            d.show_if_values.update(|v| {
                                                v.retain(|x| *x != c2);
                                                if on {
                                                    v.push(c2.clone());
                                                }
                                            });
                                            errors.clear_at(&format!("items[{}].show_if.any_of", idx.get_untracked()));
                                        } />
                                    <span>{text}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    {move || values_error.get().map(|e| view! { <p class="field__error">{e}</p> })}
                </fieldset>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(code: &str) -> ItemForm {
        ItemForm {
            code: code.into(),
            kind: ItemKind::Scale,
            ru: "Боль".into(),
            en: String::new(),
            hint_ru: String::new(),
            hint_en: String::new(),
            required: true,
            options: vec![OptionForm { code: "stale".into(), ..OptionForm::default() }],
            unit: "kg".into(),
            min: "x".into(),
            max: String::new(),
            decimals: 2,
            show_if_item: String::new(),
            show_if_values: Vec::new(),
        }
    }

    fn form(items: Vec<ItemForm>) -> DefinitionForm {
        DefinitionForm { title_ru: " Симптомы ".into(), items, ..DefinitionForm::default() }
    }

    #[test]
    fn fields_of_other_kinds_are_left_out() {
        let def = build_definition(&form(vec![scale("q.pain")])).unwrap();
        let item = &def.items[0];
        assert_eq!(def.title.ru, "Симптомы");
        assert!(def.description.is_none());
        assert!(item.options.is_empty() && item.unit.is_none() && item.min.is_none() && item.decimals == 0);
        assert!(item.hint.is_none());
    }

    #[test]
    fn numbers_and_scores_parse_or_name_their_field() {
        let mut n = scale("q.temp");
        n.kind = ItemKind::Number;
        n.min = "34,5".into();
        n.max = "hot".into();
        let mut c = scale("q.side");
        c.kind = ItemKind::SingleChoice;
        c.options = vec![
            OptionForm { code: "l".into(), ru: "Слева".into(), en: String::new(), score: "1".into() },
            OptionForm { code: "r".into(), ru: "Справа".into(), en: String::new(), score: "two".into() },
        ];
        let errs = build_definition(&form(vec![n.clone(), c])).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert!(fields.contains(&("items[0].max", "invalid_format")), "{fields:?}");
        assert!(fields.contains(&("items[1].options[1].score", "invalid_format")), "{fields:?}");
        n.max = "43".into();
        let def = build_definition(&form(vec![n])).unwrap();
        assert_eq!(
            (def.items[0].min, def.items[0].max, def.items[0].unit.as_deref()),
            (Some(34.5), Some(43.0), Some("kg"))
        );
    }

    #[test]
    fn the_common_rules_apply_with_their_paths() {
        let mut cond = scale("q.b");
        cond.show_if_item = "q.a".into();
        cond.show_if_values = vec!["yes".into()];
        let errs = build_definition(&form(vec![scale("q.a"), scale("q.a"), cond])).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert!(fields.contains(&("items[1].code", "duplicate")), "{fields:?}");
        assert!(fields.contains(&("items[2].show_if.item", "unknown_item")), "{fields:?}");
        assert_eq!(build_definition(&form(vec![])).unwrap_err()[0].field, "items");
        let mut untitled = form(vec![scale("q.a")]);
        untitled.title_ru = "  ".into();
        assert_eq!(build_definition(&untitled).unwrap_err()[0].field, "title");
    }

    #[test]
    fn a_condition_on_an_earlier_choice_is_kept() {
        let mut side = scale("q.side");
        side.kind = ItemKind::MultipleChoice;
        side.options = vec![OptionForm { code: "left".into(), ru: "Слева".into(), ..OptionForm::default() }];
        let mut detail = scale("q.detail");
        detail.kind = ItemKind::Text;
        detail.show_if_item = "q.side".into();
        detail.show_if_values = vec!["left".into()];
        let def = build_definition(&form(vec![side, detail])).unwrap();
        assert_eq!(def.items[1].show_if, Some(ShowIf { item: "q.side".into(), any_of: vec!["left".into()] }));
    }

    #[test]
    fn error_paths_name_the_item_and_option() {
        assert_eq!(parse_item_path("items[2].options[0].code"), Some((2, Some(0), "code".into())));
        assert_eq!(parse_item_path("items[1].show_if.item"), Some((1, None, "show_if.item".into())));
        assert_eq!(parse_item_path("items[3].options"), Some((3, None, "options".into())));
        assert_eq!(parse_item_path("title"), None);
        assert_eq!(parse_item_path("items[x].code"), None);
    }
}
