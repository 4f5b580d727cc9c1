//! A questionnaire's items read-only, and its conditions and number ranges in words.

use common::questionnaire::{Definition, Item, ItemKind};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::i18n::*;
use crate::pages::monitoring::questionnaires::{format_number, kind_label, lang};

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
