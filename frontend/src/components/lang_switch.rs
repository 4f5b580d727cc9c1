//! RU / EN switch; the choice is remembered in this browser (a cookie set by leptos_i18n).

use leptos::prelude::*;

use crate::i18n::*;

#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let option = move |locale: Locale| {
        let pressed = move || i18n.get_locale() == locale;
        let (short, full) = match locale {
            Locale::ru => (t_string!(i18n, nav.lang_ru), t_string!(i18n, nav.lang_ru_full)),
            Locale::en => (t_string!(i18n, nav.lang_en), t_string!(i18n, nav.lang_en_full)),
        };
        view! {
            <button
                type="button"
                class="lang-switch__option"
                lang=locale.as_str()
                aria-pressed=move || if pressed() { "true" } else { "false" }
                title=full
                on:click=move |_| i18n.set_locale(locale)
            >
                <span aria-hidden="true">{short}</span>
                <span class="visually-hidden">{full}</span>
            </button>
        }
    };
    view! {
        <div class="lang-switch" role="group" aria-label=move || t_string!(i18n, nav.language)>
            {option(Locale::ru)}
            {option(Locale::en)}
        </div>
    }
}
