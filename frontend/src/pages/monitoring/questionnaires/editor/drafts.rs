//! The reactive rows of the editor: an item and its options as signals, each with a key that
//! survives moves.

use std::sync::atomic::{AtomicU64, Ordering};

use common::questionnaire::{ChoiceOption, I18nText, Item, ItemKind};
use leptos::prelude::*;

use super::super::plain_number;

use super::model::{ItemForm, OptionForm};

static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

fn next_key() -> u64 {
    NEXT_KEY.fetch_add(1, Ordering::Relaxed)
}

#[derive(Debug, Clone, Copy)]
pub(super) struct OptionDraft {
    pub(super) key: u64,
    pub(super) code: RwSignal<String>,
    pub(super) ru: RwSignal<String>,
    pub(super) en: RwSignal<String>,
    pub(super) score: RwSignal<String>,
}

impl OptionDraft {
    pub(super) fn new(o: Option<&ChoiceOption>) -> Self {
        Self {
            key: next_key(),
            code: RwSignal::new(o.map(|o| o.code.clone()).unwrap_or_default()),
            ru: RwSignal::new(o.map(|o| o.label.ru.clone()).unwrap_or_default()),
            en: RwSignal::new(o.map(|o| o.label.en.clone()).unwrap_or_default()),
            score: RwSignal::new(o.and_then(|o| o.score).map(plain_number).unwrap_or_default()),
        }
    }

    pub(super) fn form(&self) -> OptionForm {
        OptionForm {
            code: self.code.get_untracked(),
            ru: self.ru.get_untracked(),
            en: self.en.get_untracked(),
            score: self.score.get_untracked(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) struct ItemDraft {
    pub(super) key: u64,
    /// The code it had in the version being edited (a changed one is warned about).
    pub(super) original_code: StoredValue<Option<String>>,
    pub(super) code: RwSignal<String>,
    pub(super) kind: RwSignal<ItemKind>,
    pub(super) ru: RwSignal<String>,
    pub(super) en: RwSignal<String>,
    pub(super) hint_ru: RwSignal<String>,
    pub(super) hint_en: RwSignal<String>,
    pub(super) required: RwSignal<bool>,
    pub(super) options: RwSignal<Vec<OptionDraft>>,
    pub(super) unit: RwSignal<String>,
    pub(super) min: RwSignal<String>,
    pub(super) max: RwSignal<String>,
    pub(super) decimals: RwSignal<u8>,
    pub(super) show_if_item: RwSignal<String>,
    pub(super) show_if_values: RwSignal<Vec<String>>,
}

impl ItemDraft {
    pub(super) fn new(item: Option<&Item>) -> Self {
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

    pub(super) fn form(&self) -> ItemForm {
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
    pub(super) fn label(&self, l: common::Locale) -> String {
        let t = I18nText { ru: self.ru.get(), en: self.en.get() };
        t.get(l).to_owned()
    }
}

/// Runs `f` under `owner`, so signals made in an event handler belong to the editor.
pub(super) fn owned<T>(owner: &Option<Owner>, f: impl FnOnce() -> T) -> T {
    match owner {
        Some(o) => o.with(f),
        None => f(),
    }
}

/// Moves the focus to an element by id once the DOM has settled (after a move).
pub(super) fn focus_later(id: String) {
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
