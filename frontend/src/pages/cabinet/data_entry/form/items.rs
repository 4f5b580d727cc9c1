//! The control of each item kind: a number, text or date input, a choice, a scale.

use std::collections::{HashMap, HashSet};

use common::questionnaire::{Item, ItemKind, MAX_TEXT_ANSWER};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use super::super::{lang, text, unit_text};
use crate::i18n::*;

use super::model::*;

/// One item of the form, shown while its condition holds.
#[component]
pub(super) fn ItemField(
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

/// The ids of an item's control, hint and error.
#[derive(Clone)]
struct ItemIds {
    id: String,
    hint: String,
    error: String,
}

impl ItemIds {
    fn of(code: &str) -> Self {
        let id = dom_id(code);
        Self { hint: format!("{id}-hint"), error: format!("{id}-error"), id }
    }

    /// `aria-describedby` of a choice or a scale: its hint when it has one, its error while shown.
    fn describe(&self, state: ItemState, has_hint: bool) -> impl Fn() -> Option<String> + Clone + use<> {
        let (hint, error) = (self.hint.clone(), self.error.clone());
        move || described_by(&[has_hint.then(|| hint.clone()), state.error().is_some().then(|| error.clone())])
    }
}

/// The legend of a choice or a scale: its label, "(optional)" when the form says so.
fn legend(i18n: I18nContext<Locale>, item: &Item, mark_optional: bool) -> impl IntoView + use<> {
    let label = item.label.clone();
    view! {
        <legend class="field__label qitem__legend">
            {move || text(i18n, &label)}
            {optional_mark(i18n, item, mark_optional)}
        </legend>
    }
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
    let ItemIds { id, hint: hint_id, error: error_id } = ItemIds::of(&item.code);
    let unit_id = format!("{id}-unit");
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
    let ids = ItemIds::of(&item.code);
    let hint = item.hint.clone();
    let describe = ids.describe(state, hint.is_some());
    let ItemIds { id, hint: hint_id, error: error_id } = ids;
    let can_clear = !multiple && !item.required;
    let options = item.options.clone();
    view! {
        <fieldset class="fieldset qitem" class:field--invalid=move || state.error().is_some() aria-describedby=describe data-item=item.code.clone()>
            {legend(i18n, &item, mark_optional)}
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

/// A 0–10 scale: eleven radio buttons in one row, down to a 360 px phone, with the words of
/// its ends under them.
#[component]
fn ScaleItem(
    item: Item,
    drafts: RwSignal<HashMap<String, Draft>>,
    errors: RwSignal<HashMap<String, String>>,
    mark_optional: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = ItemState::new(&item.code, drafts, errors);
    let ids = ItemIds::of(&item.code);
    let describe = ids.describe(state, item.hint.is_some());
    let ItemIds { id, hint: hint_id, error: error_id } = ids;
    let hint = StoredValue::new(item.hint.clone());
    let anchors = move || hint.with_value(|h| h.as_ref().and_then(|h| scale_anchors(&text(i18n, h))));
    view! {
        <fieldset class="fieldset qitem qitem--scale" class:field--invalid=move || state.error().is_some() aria-describedby=describe data-item=item.code.clone()>
            {legend(i18n, &item, mark_optional)}
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
