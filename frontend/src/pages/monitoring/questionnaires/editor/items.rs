//! The editor of one item: code, kind, label and hint, required; choice options; a number's
//! unit, limits and decimals; "show only when".

use common::questionnaire::{I18nText, ItemKind};
use leptos::prelude::*;

use super::super::{FieldErrors, Input, error_signal, kind_label, lang};
use crate::components::icons::ArrowIcon;
use crate::components::ui::CheckboxField;
use crate::i18n::*;

use super::drafts::{ItemDraft, OptionDraft, focus_later, owned};
use super::model::is_choice;

#[component]
pub(super) fn ItemEditor(d: ItemDraft, items: RwSignal<Vec<ItemDraft>>, errors: FieldErrors) -> impl IntoView {
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
                <crate::components::icons::PlusIcon />
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
