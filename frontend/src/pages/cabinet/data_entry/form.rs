//! `/cabinet/data-entry/q/:id?assignment=<id>`: answering a questionnaire or adding a diary
//! entry (CAB-4, MON-3). Phone first: every control is a large touch target; items of each kind
//! get their own control; conditional items appear and disappear as the answers change
//! (`Definition::is_shown`); the answers are checked on submit by `Definition::check_answers`,
//! the same function the server runs, and each error is shown at its item. The result shows
//! the organization's advice when a rule fired.

use std::collections::{HashMap, HashSet};

use common::ErrorCode;
use common::FieldError;
use common::ids::{AssignmentId, QuestionnaireId};
use common::monitoring::{QuestionnaireDto, SubmissionInput, SubmissionResultDto};
use common::questionnaire::{Answer, AnswerValue, Definition, Item, ItemKind, MAX_TEXT_ANSWER};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use wasm_bindgen::JsCast;

use super::{AdviceBanner, answer_rows, distinct_advice, lang, number_text, text, unit_text};
use crate::api::{self, ApiError};
use crate::components::datetime::format_datetime;
use crate::components::feedback::{ErrorPanel, Skeleton, error_message};
use crate::components::ui::FormAlert;
use crate::i18n::*;
use crate::pages::cabinet::use_cabinet;
use crate::routes::{AppRoute, cabinet_entry};

// ---------------------------------------------------------------- the answers being written

/// What the patient has put into one item so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Draft {
    /// The text of a number, text or date input, the digit of a scale, the option of a single
    /// choice.
    Text(String),
    /// The options ticked of a multiple choice.
    Choices(Vec<String>),
}

/// A number as people type it: digits with a point or a comma, an optional minus; spaces
/// between thousands are ignored. Anything else (letters, "1e3", "inf") is not a number.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let cleaned: String = s.trim().chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
    let cleaned = cleaned.replace(',', ".");
    let digits = cleaned.strip_prefix('-').unwrap_or(&cleaned);
    let ok = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    if ok { cleaned.parse().ok() } else { None }
}

/// The drafts as answers, in the items' order; empty drafts are no answer. A number that does
/// not parse is sent as text, so the check names it (`invalid_format`) at its item.
pub fn answers_of(definition: &Definition, drafts: &HashMap<String, Draft>) -> Vec<Answer> {
    definition
        .items
        .iter()
        .filter_map(|item| {
            let draft = drafts.get(&item.code)?;
            let value = match (item.kind, draft) {
                (_, Draft::Text(t)) if t.trim().is_empty() => return None,
                (_, Draft::Choices(c)) if c.is_empty() => return None,
                (ItemKind::Number | ItemKind::Scale, Draft::Text(t)) => {
                    parse_decimal(t).map_or_else(|| AnswerValue::Text(t.trim().to_owned()), AnswerValue::Number)
                }
                (_, Draft::Text(t)) => AnswerValue::Text(t.clone()),
                (_, Draft::Choices(c)) => AnswerValue::Choices(c.clone()),
            };
            Some(Answer { code: item.code.clone(), value })
        })
        .collect()
}

/// The items shown for these answers: an item whose condition holds on the answers of the
/// items shown before it (so hiding an item hides what depends on it), as the check does.
pub fn shown_codes(definition: &Definition, answers: &[Answer]) -> HashSet<String> {
    let mut visible: Vec<Answer> = Vec::new();
    let mut shown = HashSet::new();
    for item in &definition.items {
        if definition.is_shown(item, &visible) {
            shown.insert(item.code.clone());
            if let Some(a) = answers.iter().find(|a| a.code == item.code) {
                visible.push(a.clone());
            }
        }
    }
    shown
}

/// The item's errors by item code (the first for each), from `answers.<code>` fields; and the
/// errors that name no item of the form (`answers` itself: nothing was answered).
pub fn errors_by_item(definition: &Definition, errors: &[FieldError]) -> (HashMap<String, String>, Vec<FieldError>) {
    let mut by_item = HashMap::new();
    let mut other = Vec::new();
    for e in errors {
        match e.field.strip_prefix("answers.").filter(|code| definition.item(code).is_some()) {
            Some(code) => {
                by_item.entry(code.to_owned()).or_insert_with(|| e.code.clone());
            }
            None => other.push(e.clone()),
        }
    }
    (by_item, other)
}

/// The `(field, code)` pairs of a server refusal as field errors.
fn field_errors(e: &ApiError) -> Vec<FieldError> {
    e.field_errors().into_iter().map(|(field, code)| FieldError { field, code, message: String::new() }).collect()
}

/// The element id of an item (codes are `[a-z0-9_.]`, so `.` → `-` keeps them apart).
pub fn dom_id(code: &str) -> String {
    format!("q-{}", code.replace('.', "-"))
}

/// The control that takes the focus for an item's error: its input, or its first option.
pub fn focus_target(item: &Item) -> String {
    match item.kind {
        ItemKind::SingleChoice | ItemKind::MultipleChoice | ItemKind::Scale => format!("{}-opt-0", dom_id(&item.code)),
        _ => dom_id(&item.code),
    }
}

/// The words of a scale's ends from its hint ("0 — нет, 10 — самая сильная" → ("нет",
/// "самая сильная")), when the hint reads that way.
pub fn scale_anchors(hint: &str) -> Option<(String, String)> {
    fn strip_number<'a>(s: &'a str, n: &str) -> Option<&'a str> {
        let rest = s.trim_start().strip_prefix(n)?;
        let words = rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '—' | '–' | '-' | '=' | ':'));
        // "0" must stand alone ("05" or "0,5" is not an anchor).
        (words.len() < rest.len()).then_some(words)
    }
    let rest = strip_number(hint, "0")?;
    let split = [", 10", "; 10", ",10", ";10"].iter().filter_map(|sep| rest.find(sep).map(|i| (i, sep.len()))).min()?;
    let low = rest[..split.0].trim();
    let high = strip_number(&rest[split.0 + split.1 - 2..], "10")?.trim().trim_end_matches('.');
    (!low.is_empty() && !high.is_empty()).then(|| (low.to_owned(), high.to_owned()))
}

// ---------------------------------------------------------------- messages

/// What is wrong with one answer, from the check's error code and the item.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Required,
    /// A number outside the item's limits.
    Range {
        min: Option<f64>,
        max: Option<f64>,
        decimals: u8,
        unit: Option<String>,
    },
    /// A scale outside 0–10.
    Scale,
    /// More digits after the point than the item takes (0: a whole number).
    TooPrecise(u8),
    UnknownOption,
    NotANumber,
    NotADate,
    TooLong,
    Invalid,
}

impl Problem {
    pub fn of(item: &Item, code: &str) -> Self {
        match (code, item.kind) {
            ("required", _) => Self::Required,
            ("out_of_range", ItemKind::Scale) => Self::Scale,
            ("out_of_range", _) => {
                Self::Range { min: item.min, max: item.max, decimals: item.decimals, unit: item.unit.clone() }
            }
            ("too_precise", _) => Self::TooPrecise(item.decimals),
            ("unknown_option", _) => Self::UnknownOption,
            ("invalid_format", ItemKind::Number | ItemKind::Scale) => Self::NotANumber,
            ("invalid_format", ItemKind::Date) => Self::NotADate,
            ("too_long", _) => Self::TooLong,
            _ => Self::Invalid,
        }
    }
}

/// The limits of a number item in words, the unit after the last number: ("34", "43 °C").
fn range_parts(
    locale: common::Locale,
    min: Option<f64>,
    max: Option<f64>,
    decimals: u8,
    unit: Option<&str>,
) -> (Option<String>, Option<String>) {
    let unit = unit.map(str::trim).filter(|u| !u.is_empty()).map(|u| unit_text(locale, u));
    let with_unit = |v: String| match &unit {
        Some(u) => format!("{v}\u{a0}{u}"),
        None => v,
    };
    let lo = min.map(|v| number_text(locale, v, decimals));
    let hi = max.map(|v| number_text(locale, v, decimals));
    match (lo, hi) {
        (lo, Some(hi)) => (lo, Some(with_unit(hi))),
        (Some(lo), None) => (Some(with_unit(lo)), None),
        (None, None) => (None, None),
    }
}

/// The message of a problem in the reader's language.
pub fn problem_text(i18n: I18nContext<Locale>, p: &Problem) -> String {
    match p {
        Problem::Required => t_string!(i18n, data_entry.form.required).to_owned(),
        Problem::Range { min, max, decimals, unit } => {
            match range_parts(lang(i18n), *min, *max, *decimals, unit.as_deref()) {
                (Some(min), Some(max)) => t_string!(i18n, data_entry.form.range_both, min = min, max = max).to_string(),
                (Some(min), None) => t_string!(i18n, data_entry.form.range_min, min = min).to_string(),
                (None, Some(max)) => t_string!(i18n, data_entry.form.range_max, max = max).to_string(),
                (None, None) => t_string!(i18n, data_entry.form.invalid).to_owned(),
            }
        }
        Problem::Scale => t_string!(i18n, data_entry.form.scale_range).to_owned(),
        Problem::TooPrecise(0) => t_string!(i18n, data_entry.form.whole_number).to_owned(),
        Problem::TooPrecise(1) => t_string!(i18n, data_entry.form.one_decimal).to_owned(),
        Problem::TooPrecise(n) => t_string!(i18n, data_entry.form.decimals, n = *n).to_string(),
        Problem::UnknownOption => t_string!(i18n, data_entry.form.unknown_option).to_owned(),
        Problem::NotANumber => t_string!(i18n, data_entry.form.not_a_number).to_owned(),
        Problem::NotADate => t_string!(i18n, data_entry.form.not_a_date).to_owned(),
        Problem::TooLong => t_string!(i18n, data_entry.form.too_long, max = MAX_TEXT_ANSWER).to_string(),
        Problem::Invalid => t_string!(i18n, data_entry.form.invalid).to_owned(),
    }
}

/// "From 34 to 43 °C" under a number item with limits.
fn range_hint(i18n: I18nContext<Locale>, item: &Item) -> Option<String> {
    match range_parts(lang(i18n), item.min, item.max, item.decimals, item.unit.as_deref()) {
        (Some(min), Some(max)) => Some(t_string!(i18n, data_entry.form.hint_both, min = min, max = max).to_string()),
        (Some(min), None) => Some(t_string!(i18n, data_entry.form.hint_min, min = min).to_string()),
        (None, Some(max)) => Some(t_string!(i18n, data_entry.form.hint_max, max = max).to_string()),
        (None, None) => None,
    }
}

/// Moves the focus to the element `id`, first scrolling its item (or the result) to the top
/// of the screen below the sticky header (`scroll-margin-top`), so its label shows too.
fn focus(id: &str) {
    let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) else {
        return;
    };
    if let Ok(Some(block)) = el.closest(".qitem, .de-result") {
        block.scroll_into_view();
    }
    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

// ---------------------------------------------------------------- the page

/// `/cabinet/data-entry/q/:id`.
#[component]
pub fn QuestionnairePage() -> impl IntoView {
    let i18n = use_i18n();
    let cabinet = use_cabinet();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<QuestionnaireId>().ok()));
    let assignment = Memo::new(move |_| query.read().get("assignment").and_then(|s| s.parse::<AssignmentId>().ok()));
    let questionnaire = LocalResource::new(move || {
        let id = id.get();
        cabinet.card_version.track();
        async move {
            match id {
                Some(id) => api::monitoring_cabinet::questionnaire(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <Title text=move || t_string!(i18n, data_entry.title).to_owned() />
        <section class="page page--narrow" data-page="cabinet-questionnaire">
            <p class="back-link">
                <A href=AppRoute::CabinetDataEntry.path()>{t!(i18n, data_entry.back)}</A>
            </p>
            <Suspense fallback=|| view! { <Skeleton lines=8 /> }>
                {move || Suspend::new(async move {
                    match questionnaire.await {
                        Ok(Some(q)) => view! { <QuestionnaireForm questionnaire=q assignment=assignment.get_untracked() /> }.into_any(),
                        Ok(None) => view! { <ErrorPanel kind=crate::api::ErrorKind::NotFound /> }.into_any(),
                        Err(e) => view! { <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| questionnaire.refetch()) /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn QuestionnaireForm(questionnaire: QuestionnaireDto, assignment: Option<AssignmentId>) -> impl IntoView {
    let i18n = use_i18n();
    let questionnaire_id = questionnaire.id;
    let definition = StoredValue::new(questionnaire.definition.clone());
    let title = questionnaire.definition.title.clone();
    let title_for_page = title.clone();
    let description = questionnaire.definition.description.clone();
    let mark_optional = questionnaire.definition.items.iter().any(|i| i.required);

    let drafts = RwSignal::new(HashMap::<String, Draft>::new());
    let errors = RwSignal::new(HashMap::<String, String>::new());
    let pending = RwSignal::new(false);
    let form_error = RwSignal::new(None::<String>);
    // "Check the marked answers", while any answer is still marked.
    let fix_marked = RwSignal::new(false);
    let result = RwSignal::new(None::<SubmissionResultDto>);
    let answers = Memo::new(move |_| drafts.with(|d| definition.with_value(|def| answers_of(def, d))));
    let shown = Memo::new(move |_| answers.with(|a| definition.with_value(|def| shown_codes(def, a))));

    // Marks the items' errors and moves the focus to the first of them.
    let show_errors = move |list: &[FieldError]| -> bool {
        let (by_item, other) = definition.with_value(|def| errors_by_item(def, list));
        let first =
            definition.with_value(|def| def.items.iter().find(|i| by_item.contains_key(&i.code)).map(focus_target));
        let any = !by_item.is_empty();
        errors.set(by_item);
        if any {
            fix_marked.set(true);
        } else if other.iter().any(|e| e.field == "answers") {
            form_error.set(Some(t_string!(i18n, data_entry.form.nothing_answered).to_owned()));
        } else if !other.is_empty() {
            form_error.set(Some(t_string!(i18n, data_entry.form.not_available).to_owned()));
        }
        if let Some(id) = first {
            focus(&id);
        }
        any || !other.is_empty()
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form_error.set(None);
        fix_marked.set(false);
        let given = answers.get_untracked();
        let kept = match definition.with_value(|def| def.check_answers(&given)) {
            Ok(kept) => kept,
            Err(list) => {
                show_errors(&list);
                return;
            }
        };
        errors.set(HashMap::new());
        if kept.is_empty() {
            form_error.set(Some(t_string!(i18n, data_entry.form.nothing_answered).to_owned()));
            if let Some(first) = definition.with_value(|def| def.items.first().map(focus_target)) {
                focus(&first);
            }
            return;
        }
        pending.set(true);
        let input = SubmissionInput { questionnaire_id, assignment_id: assignment, answers: kept };
        spawn_local(async move {
            let outcome = api::monitoring_cabinet::submit(&input).await;
            pending.set(false);
            match outcome {
                Ok(r) => {
                    result.set(Some(r));
                    request_animation_frame(|| focus("de-result-title"));
                }
                Err(e) => {
                    let marked = e.code() == Some(ErrorCode::ValidationFailed) && show_errors(&field_errors(&e));
                    if !marked {
                        form_error.set(Some(submit_error(i18n, &e)));
                    }
                }
            }
        });
    };

    let items = questionnaire.definition.items.clone();
    let form = move || {
        let items = items.clone();
        let title = title.clone();
        let description = description.clone();
        view! {
            <header class="page-header">
                <h1>{move || text(i18n, &title)}</h1>
                {description.map(|d| view! { <p class="page-header__lead de-description">{move || text(i18n, &d)}</p> })}
            </header>
            <form class="card form qform" novalidate on:submit=on_submit data-testid="questionnaire-form" aria-busy=move || pending.get().then_some("true")>
                {items.into_iter().map(|item| view! { <ItemField item=item drafts=drafts errors=errors shown=shown mark_optional=mark_optional /> }).collect_view()}
                <FormAlert
                    message=Signal::derive(move || {
                        if fix_marked.get() && errors.with(|e| !e.is_empty()) {
                            Some(t_string!(i18n, data_entry.form.fix_marked).to_owned())
                        } else {
                            form_error.get()
                        }
                    })
                    testid="questionnaire-error"
                />
                <div class="form__actions">
                    <button type="submit" class="btn btn--primary btn--large" disabled=move || pending.get() data-testid="questionnaire-submit">
                        {move || if pending.get() { t_string!(i18n, data_entry.form.saving) } else { t_string!(i18n, data_entry.form.submit) }}
                    </button>
                    <A href=AppRoute::CabinetDataEntry.path() attr:class="btn btn--secondary btn--large">{t!(i18n, common.cancel)}</A>
                </div>
            </form>
        }
    };
    view! {
        <Title text=move || text(i18n, &title_for_page) />
        {move || match result.get() {
            None => form().into_any(),
            Some(r) => view! { <ResultPanel result=r /> }.into_any(),
        }}
    }
}

/// A refusal of the submission that names no item.
fn submit_error(i18n: I18nContext<Locale>, e: &ApiError) -> String {
    match e.code() {
        Some(ErrorCode::NotFound | ErrorCode::QuestionnaireArchived) => {
            t_string!(i18n, data_entry.form.not_available).to_owned()
        }
        // The due day was answered a moment ago (another window, a double tap elsewhere).
        Some(ErrorCode::Conflict) => t_string!(i18n, data_entry.form.already_answered).to_owned(),
        _ => error_message(i18n, e.kind()).to_owned(),
    }
}

/// One item of the form, shown while its condition holds.
#[component]
fn ItemField(
    item: Item,
    drafts: RwSignal<HashMap<String, Draft>>,
    errors: RwSignal<HashMap<String, String>>,
    shown: Memo<HashSet<String>>,
    mark_optional: bool,
) -> impl IntoView {
    let code = item.code.clone();
    view! {
        <Show when=move || shown.with(|s| s.contains(&code))>
            {match item.kind {
                ItemKind::SingleChoice | ItemKind::MultipleChoice => {
                    view! { <ChoiceItem item=item.clone() drafts=drafts errors=errors mark_optional=mark_optional /> }.into_any()
                }
                ItemKind::Scale => view! { <ScaleItem item=item.clone() drafts=drafts errors=errors mark_optional=mark_optional /> }.into_any(),
                _ => view! { <InputItem item=item.clone() drafts=drafts errors=errors mark_optional=mark_optional /> }.into_any(),
            }}
        </Show>
    }
}

/// The reactive pieces every item shares: its draft text, its error and their setters.
#[derive(Clone, Copy)]
struct ItemState {
    code: StoredValue<String>,
    drafts: RwSignal<HashMap<String, Draft>>,
    errors: RwSignal<HashMap<String, String>>,
}

impl ItemState {
    fn new(code: &str, drafts: RwSignal<HashMap<String, Draft>>, errors: RwSignal<HashMap<String, String>>) -> Self {
        Self { code: StoredValue::new(code.to_owned()), drafts, errors }
    }

    fn text(self) -> String {
        self.code.with_value(|c| {
            self.drafts.with(|d| match d.get(c) {
                Some(Draft::Text(t)) => t.clone(),
                _ => String::new(),
            })
        })
    }

    fn choices(self) -> Vec<String> {
        self.code.with_value(|c| {
            self.drafts.with(|d| match d.get(c) {
                Some(Draft::Choices(v)) => v.clone(),
                _ => Vec::new(),
            })
        })
    }

    fn set(self, draft: Draft) {
        let code = self.code.get_value();
        self.errors.update(|e| {
            e.remove(&code);
        });
        self.drafts.update(|d| {
            d.insert(code, draft);
        });
    }

    fn error(self) -> Option<String> {
        self.code.with_value(|c| self.errors.with(|e| e.get(c).cloned()))
    }
}

fn described_by(parts: &[Option<String>]) -> Option<String> {
    let ids: Vec<&str> = parts.iter().flatten().map(String::as_str).collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// "(optional)" after the label of an optional item, when the form has required ones.
fn optional_mark(i18n: I18nContext<Locale>, item: &Item, mark_optional: bool) -> Option<impl IntoView + use<>> {
    (mark_optional && !item.required)
        .then(|| view! { <span class="field__optional">{move || t_string!(i18n, fields.optional)}</span> })
}

/// The error under an item.
fn error_view(i18n: I18nContext<Locale>, state: ItemState, item: &Item, id: String) -> impl IntoView + use<> {
    let item = item.clone();
    move || {
        state.error().map(|code| {
            let p = Problem::of(&item, &code);
            view! { <p class="field__error" id=id.clone() data-error=code.clone()>{move || problem_text(i18n, &p)}</p> }
        })
    }
}

/// A number (decimal keyboard, the unit after the field, the limits as a hint), a text or a
/// date.
#[component]
fn InputItem(
    item: Item,
    drafts: RwSignal<HashMap<String, Draft>>,
    errors: RwSignal<HashMap<String, String>>,
    mark_optional: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = ItemState::new(&item.code, drafts, errors);
    let id = dom_id(&item.code);
    let hint_id = format!("{id}-hint");
    let unit_id = format!("{id}-unit");
    let error_id = format!("{id}-error");
    let label = item.label.clone();
    let hint = item.hint.clone();
    let is_number = item.kind == ItemKind::Number;
    let range = StoredValue::new(item.clone());
    let has_hint = hint.is_some() || (is_number && (item.min.is_some() || item.max.is_some()));
    let unit = item.unit.clone().filter(|u| is_number && !u.trim().is_empty());
    let has_unit = unit.is_some();
    let describe = {
        let (hint_id, unit_id, error_id) = (hint_id.clone(), unit_id.clone(), error_id.clone());
        move || {
            described_by(&[
                has_hint.then(|| hint_id.clone()),
                has_unit.then(|| unit_id.clone()),
                state.error().is_some().then(|| error_id.clone()),
            ])
        }
    };
    let on_input = move |ev: leptos::ev::Event| state.set(Draft::Text(event_target_value(&ev)));
    let invalid = move || if state.error().is_some() { "true" } else { "false" };
    let hint_view = has_hint.then(|| {
        view! {
            <p class="field__hint" id=hint_id.clone()>
                {hint.clone().map(|h| view! { <span class="qitem__hint">{move || text(i18n, &h)}</span> })}
                {move || range.with_value(|item| if is_number { range_hint(i18n, item) } else { None }).map(|r| view! { <span class="qitem__range">{r}</span> })}
            </p>
        }
    });
    let control = match item.kind {
        ItemKind::Number => view! {
            <div class="number-input">
                <input
                    id=id.clone()
                    class="input number-input__input"
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    aria-invalid=invalid
                    aria-describedby=describe.clone()
                    prop:value=move || state.text()
                    on:input=on_input
                />
                {unit.map(|u| view! { <span class="number-input__unit" id=unit_id.clone()>{move || unit_text(lang(i18n), &u)}</span> })}
            </div>
        }
        .into_any(),
        ItemKind::Date => view! {
            <input
                id=id.clone()
                class="input qitem__date"
                type="date"
                aria-invalid=invalid
                aria-describedby=describe.clone()
                prop:value=move || state.text()
                on:input=on_input
            />
        }
        .into_any(),
        _ => view! {
            <textarea
                id=id.clone()
                class="textarea qitem__text"
                rows=4
                maxlength=MAX_TEXT_ANSWER
                aria-invalid=invalid
                aria-describedby=describe.clone()
                prop:value=move || state.text()
                on:input=on_input
            ></textarea>
        }
        .into_any(),
    };
    view! {
        <div class="field qitem" class:field--invalid=move || state.error().is_some() data-item=item.code.clone()>
            <label class="field__label" for=id.clone()>
                {move || text(i18n, &label)}
                {optional_mark(i18n, &item, mark_optional)}
            </label>
            {hint_view}
            {control}
            {error_view(i18n, state, &item, error_id.clone())}
        </div>
    }
}

/// A single choice (radio buttons) or a multiple choice (checkboxes): one wide row per option.
#[component]
fn ChoiceItem(
    item: Item,
    drafts: RwSignal<HashMap<String, Draft>>,
    errors: RwSignal<HashMap<String, String>>,
    mark_optional: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = ItemState::new(&item.code, drafts, errors);
    let multiple = item.kind == ItemKind::MultipleChoice;
    let id = dom_id(&item.code);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let label = item.label.clone();
    let hint = item.hint.clone();
    let has_hint = hint.is_some();
    let describe = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || described_by(&[has_hint.then(|| hint_id.clone()), state.error().is_some().then(|| error_id.clone())])
    };
    let can_clear = !multiple && !item.required;
    let options = item.options.clone();
    view! {
        <fieldset class="fieldset qitem" class:field--invalid=move || state.error().is_some() aria-describedby=describe data-item=item.code.clone()>
            <legend class="field__label qitem__legend">
                {move || text(i18n, &label)}
                {optional_mark(i18n, &item, mark_optional)}
            </legend>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{move || text(i18n, &h)}</p> })}
            <div class="choice-list">
                {options.into_iter().enumerate().map(|(n, o)| {
                    let input_id = format!("{id}-opt-{n}");
                    let code = o.code.clone();
                    let code_for_change = o.code.clone();
                    let code_for_check = o.code.clone();
                    let olabel = o.label.clone();
                    let checked = move || if multiple { state.choices().contains(&code_for_check) } else { state.text() == code_for_check };
                    let on_change = move |ev: leptos::ev::Event| {
                        let on = event_target_checked(&ev);
                        if multiple {
                            let mut picked = state.choices();
                            picked.retain(|c| c != &code_for_change);
                            if on {
                                picked.push(code_for_change.clone());
                            }
                            state.set(Draft::Choices(picked));
                        } else if on {
                            state.set(Draft::Text(code_for_change.clone()));
                        }
                    };
                    view! {
                        <label class="choice" for=input_id.clone()>
                            <input
                                id=input_id.clone()
                                class="choice__input"
                                type=if multiple { "checkbox" } else { "radio" }
                                name=id.clone()
                                value=code
                                prop:checked=checked
                                on:change=on_change
                            />
                            <span class="choice__label">{move || text(i18n, &olabel)}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            {can_clear.then(|| view! {
                <Show when=move || !state.text().is_empty()>
                    <button type="button" class="btn btn--ghost btn--small qitem__clear" on:click=move |_| state.set(Draft::Text(String::new()))>
                        {t!(i18n, data_entry.form.clear)}
                    </button>
                </Show>
            })}
            {error_view(i18n, state, &item, error_id.clone())}
        </fieldset>
    }
}

/// A 0–10 scale: eleven radio buttons in a row (two rows on a phone) with the words of its
/// ends under them.
#[component]
fn ScaleItem(
    item: Item,
    drafts: RwSignal<HashMap<String, Draft>>,
    errors: RwSignal<HashMap<String, String>>,
    mark_optional: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = ItemState::new(&item.code, drafts, errors);
    let id = dom_id(&item.code);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let label = item.label.clone();
    let hint = StoredValue::new(item.hint.clone());
    let anchors = move || hint.with_value(|h| h.as_ref().and_then(|h| scale_anchors(&text(i18n, h))));
    let has_hint = item.hint.is_some();
    let describe = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || described_by(&[has_hint.then(|| hint_id.clone()), state.error().is_some().then(|| error_id.clone())])
    };
    view! {
        <fieldset class="fieldset qitem qitem--scale" class:field--invalid=move || state.error().is_some() aria-describedby=describe data-item=item.code.clone()>
            <legend class="field__label qitem__legend">
                {move || text(i18n, &label)}
                {optional_mark(i18n, &item, mark_optional)}
            </legend>
            <div class="scale">
                {(0u8..=10).map(|n| {
                    let input_id = format!("{id}-opt-{n}");
                    let value = n.to_string();
                    let value_for_check = value.clone();
                    let value_for_change = value.clone();
                    let end_word = move || match n {
                        0 => anchors().map(|(low, _)| format!(" — {low}")),
                        10 => anchors().map(|(_, high)| format!(" — {high}")),
                        _ => None,
                    };
                    view! {
                        <label class="scale__option" for=input_id.clone()>
                            <input
                                id=input_id.clone()
                                class="scale__input"
                                type="radio"
                                name=id.clone()
                                value=value
                                prop:checked=move || state.text() == value_for_check
                                on:change=move |ev| {
                                    if event_target_checked(&ev) {
                                        state.set(Draft::Text(value_for_change.clone()));
                                    }
                                }
                            />
                            <span class="scale__num">{n}</span>
                            <span class="visually-hidden">{end_word}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            <div class="field__hint scale__hint" id=hint_id.clone()>
                {move || match anchors() {
                    Some((low, high)) => view! {
                        <span class="scale__anchors" aria-hidden="true">
                            <span>{format!("0 — {low}")}</span>
                            <span class="scale__anchor-high">{format!("10 — {high}")}</span>
                        </span>
                    }.into_any(),
                    None => view! { <span>{hint.with_value(|h| h.as_ref().map(|h| text(i18n, h)))}</span> }.into_any(),
                }}
            </div>
            {error_view(i18n, state, &item, error_id.clone())}
        </fieldset>
    }
}

/// After a submission: saved and passed to the doctor; the advice of any rule that fired; the
/// answers given; back to "Data entry" or to the record entry.
#[component]
fn ResultPanel(result: SubmissionResultDto) -> impl IntoView {
    let i18n = use_i18n();
    let submission = result.submission.clone();
    let advice = distinct_advice(&result.advice);
    let has_advice = !advice.is_empty();
    let title = submission.title.clone();
    let at = submission.submitted_at;
    let rows = move || answer_rows(submission.definition.as_ref(), &submission.answers, lang(i18n));
    view! {
        <div class="de-result" data-testid="submission-result">
            <header class="page-header de-result__head">
                <span class="de-result__icon" aria-hidden="true">
                    <svg viewBox="0 0 24 24" width="28" height="28" focusable="false">
                        <path d="M5 12l5 5 9-10" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" />
                    </svg>
                </span>
                <div>
                    <h1 id="de-result-title" tabindex="-1">{t!(i18n, data_entry.result.title)}</h1>
                    <p class="page-header__lead">{move || format!("{} · {}", text(i18n, &title), format_datetime(i18n, at))}</p>
                </div>
            </header>
            {has_advice.then(|| view! {
                <AdviceBanner advice=advice title=move || t_string!(i18n, data_entry.result.advice_title) testid="result-advice" />
            })}
            <section class="card" aria-labelledby="de-result-answers">
                <h2 id="de-result-answers" class="de-section__title">{t!(i18n, data_entry.result.answers)}</h2>
                <dl class="de-answers">
                    {move || rows().into_iter().map(|(q, a)| view! { <div class="de-answers__row"><dt>{q}</dt><dd>{a}</dd></div> }).collect_view()}
                </dl>
            </section>
            <div class="form__actions">
                <A href=AppRoute::CabinetDataEntry.path() attr:class="btn btn--primary">{t!(i18n, data_entry.result.back)}</A>
                <A href=cabinet_entry(result.submission.entry_id) attr:class="btn btn--secondary" attr:data-testid="result-entry-link">
                    {t!(i18n, data_entry.result.open_entry)}
                </A>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::questionnaire::{ChoiceOption, I18nText, ShowIf};
    use common::templates;

    fn template(code: &str) -> Definition {
        templates::all().into_iter().find(|t| t.code == code).unwrap().definition
    }

    fn conditional() -> Definition {
        let opt = |c: &str| ChoiceOption { code: c.into(), label: I18nText::new(c, c), score: None };
        let mut fever = Item::new("q.fever", ItemKind::SingleChoice, "Жар", "Fever");
        fever.required = true;
        fever.options = vec![opt("yes"), opt("no")];
        let mut where_ = Item::new("q.kind", ItemKind::MultipleChoice, "Что", "What");
        where_.options = vec![opt("chills"), opt("sweat")];
        where_.show_if = Some(ShowIf { item: "q.fever".into(), any_of: vec!["yes".into()] });
        let mut detail = Item::new("q.detail", ItemKind::Text, "Подробнее", "Details");
        detail.required = true;
        detail.show_if = Some(ShowIf { item: "q.kind".into(), any_of: vec!["chills".into()] });
        Definition { title: I18nText::new("Т", "T"), description: None, items: vec![fever, where_, detail] }
    }

    fn drafts(pairs: &[(&str, Draft)]) -> HashMap<String, Draft> {
        pairs.iter().map(|(c, d)| ((*c).to_owned(), d.clone())).collect()
    }

    #[test]
    fn numbers_as_people_type_them() {
        assert_eq!(parse_decimal("38,4"), Some(38.4));
        assert_eq!(parse_decimal(" 38.4 "), Some(38.4));
        assert_eq!(parse_decimal("1 250,5"), Some(1250.5));
        assert_eq!(parse_decimal("-2"), Some(-2.0));
        assert_eq!(parse_decimal("36."), Some(36.0));
        for bad in ["", "-", ".", "abc", "1e3", "inf", "NaN", "3,6,6", "38°", "+5"] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn drafts_become_the_answers_the_server_checks() {
        let def = template(templates::VITALS);
        let d = drafts(&[
            ("vitals.temp_c", Draft::Text("38,4".into())),
            ("vitals.pulse", Draft::Text("  ".into())),
            ("vitals.spo2", Draft::Text("девяносто".into())),
            ("vitals.note", Draft::Text("знобит".into())),
        ]);
        let answers = answers_of(&def, &d);
        let codes: Vec<_> = answers.iter().map(|a| a.code.as_str()).collect();
        assert_eq!(codes, ["vitals.temp_c", "vitals.spo2", "vitals.note"], "empty drafts are no answer, in item order");
        assert_eq!(answers[0].value, AnswerValue::Number(38.4));
        let errs = def.check_answers(&answers).unwrap_err();
        let (by_item, other) = errors_by_item(&def, &errs);
        assert_eq!(by_item.get("vitals.spo2").map(String::as_str), Some("invalid_format"));
        assert!(other.is_empty());
        let item = def.item("vitals.spo2").unwrap();
        assert_eq!(Problem::of(item, "invalid_format"), Problem::NotANumber);
    }

    #[test]
    fn a_typo_in_the_temperature_is_out_of_range_at_its_item() {
        let def = template(templates::VITALS);
        let answers = answers_of(&def, &drafts(&[("vitals.temp_c", Draft::Text("45".into()))]));
        let errs = def.check_answers(&answers).unwrap_err();
        let (by_item, _) = errors_by_item(&def, &errs);
        let item = def.item("vitals.temp_c").unwrap();
        let p = Problem::of(item, &by_item["vitals.temp_c"]);
        assert_eq!(p, Problem::Range { min: Some(34.0), max: Some(43.0), decimals: 1, unit: Some("°C".into()) });
        assert_eq!(
            range_parts(common::Locale::Ru, Some(34.0), Some(43.0), 1, Some("°C")),
            (Some("34".into()), Some("43\u{a0}°C".into()))
        );
        assert_eq!(range_parts(common::Locale::Ru, Some(20.0), None, 1, Some("kg")), (Some("20\u{a0}кг".into()), None));
        let answers = answers_of(&def, &drafts(&[("vitals.temp_c", Draft::Text("37,25".into()))]));
        let errs = def.check_answers(&answers).unwrap_err();
        assert_eq!(Problem::of(item, &errs[0].code), Problem::TooPrecise(1));
        let answers = answers_of(&def, &drafts(&[("vitals.temp_c", Draft::Text("38,4".into()))]));
        assert!(def.check_answers(&answers).is_ok());
    }

    #[test]
    fn conditional_items_follow_the_answers_and_hide_what_depends_on_them() {
        let def = conditional();
        let none = shown_codes(&def, &[]);
        assert_eq!(none, HashSet::from(["q.fever".to_owned()]));
        let d = drafts(&[("q.fever", Draft::Text("yes".into())), ("q.kind", Draft::Choices(vec!["chills".into()]))]);
        let all = shown_codes(&def, &answers_of(&def, &d));
        assert_eq!(all.len(), 3);
        // "No fever" hides the kinds and, through them, the details (still ticked "chills").
        let d = drafts(&[("q.fever", Draft::Text("no".into())), ("q.kind", Draft::Choices(vec!["chills".into()]))]);
        let answers = answers_of(&def, &d);
        assert_eq!(shown_codes(&def, &answers), HashSet::from(["q.fever".to_owned()]));
        // The check agrees: the hidden required detail is not asked for, the hidden answer dropped.
        let kept = def.check_answers(&answers).unwrap();
        assert_eq!(kept.len(), 1);
        // Shown and empty, the required detail is an error at its item.
        let d = drafts(&[("q.fever", Draft::Text("yes".into())), ("q.kind", Draft::Choices(vec!["chills".into()]))]);
        let errs = def.check_answers(&answers_of(&def, &d)).unwrap_err();
        let (by_item, _) = errors_by_item(&def, &errs);
        assert_eq!(by_item.get("q.detail").map(String::as_str), Some("required"));
    }

    #[test]
    fn server_errors_on_other_fields_are_not_lost() {
        let def = conditional();
        let errs = vec![
            FieldError { field: "assignment_id".into(), code: "not_due".into(), message: String::new() },
            FieldError { field: "answers.nope".into(), code: "unknown_item".into(), message: String::new() },
        ];
        let (by_item, other) = errors_by_item(&def, &errs);
        assert!(by_item.is_empty());
        assert_eq!(other.len(), 2);
    }

    #[test]
    fn ids_and_focus_targets() {
        let def = template(templates::ESAS_R);
        assert_eq!(dom_id("esas.pain"), "q-esas-pain");
        assert_eq!(focus_target(def.item("esas.pain").unwrap()), "q-esas-pain-opt-0");
        let vit = template(templates::VITALS);
        assert_eq!(focus_target(vit.item("vitals.temp_c").unwrap()), "q-vitals-temp_c");
    }

    #[test]
    fn scale_ends_come_from_the_hint() {
        assert_eq!(
            scale_anchors("0 — нет, 10 — самая сильная, какая может быть"),
            Some(("нет".into(), "самая сильная, какая может быть".into()))
        );
        assert_eq!(scale_anchors("0 = none, 10 = worst possible"), Some(("none".into(), "worst possible".into())));
        assert_eq!(
            scale_anchors("0 — боли нет, 10 — самая сильная боль, какую можно представить"),
            Some(("боли нет".into(), "самая сильная боль, какую можно представить".into()))
        );
        assert_eq!(scale_anchors("Оцените за последние сутки"), None);
        assert_eq!(scale_anchors("05 баллов, 10 — много"), None);
        assert_eq!(scale_anchors("0 — нет"), None);
        // Every scale of the templates has its ends in both languages.
        for t in templates::all() {
            for item in t.definition.items.iter().filter(|i| i.kind == ItemKind::Scale) {
                let hint = item.hint.as_ref().unwrap();
                assert!(scale_anchors(&hint.ru).is_some(), "{}", hint.ru);
                assert!(scale_anchors(&hint.en).is_some(), "{}", hint.en);
            }
        }
    }

    #[test]
    fn problems_by_code_and_kind() {
        let def = template(templates::ESAS_R);
        let pain = def.item("esas.pain").unwrap();
        assert_eq!(Problem::of(pain, "out_of_range"), Problem::Scale);
        assert_eq!(Problem::of(pain, "required"), Problem::Required);
        assert_eq!(Problem::of(pain, "duplicate"), Problem::Invalid);
        let date = Item::new("q.d", ItemKind::Date, "Д", "D");
        assert_eq!(Problem::of(&date, "invalid_format"), Problem::NotADate);
        let t = Item::new("q.t", ItemKind::Text, "Т", "T");
        assert_eq!(Problem::of(&t, "too_long"), Problem::TooLong);
        assert_eq!(Problem::of(&t, "unknown_option"), Problem::UnknownOption);
    }
}
