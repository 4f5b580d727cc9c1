//! Time zones in forms: Russia's zones by city and offset ([`RUSSIAN_TIME_ZONES`], shared with
//! the server's tests), and any other IANA zone by search among the browser's own list
//! (`Intl.supportedValuesOf('timeZone')`; the wasm carries no tz data). The server validates
//! the zone whatever the form offers.

use common::domain::{RUSSIAN_TIME_ZONES, russian_zone_offset};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use wasm_bindgen::{JsCast, JsValue};

use crate::components::ui::FieldErr;
use crate::i18n::*;

/// The `<select>` value that opens the search for any other zone.
const OTHER: &str = "other";

/// The city of a Russian zone in the reader's language.
fn city(i18n: I18nContext<Locale>, zone: &str) -> Option<&'static str> {
    Some(match zone {
        "Europe/Kaliningrad" => t_string!(i18n, tz.kaliningrad),
        "Europe/Moscow" => t_string!(i18n, tz.moscow),
        "Europe/Samara" => t_string!(i18n, tz.samara),
        "Asia/Yekaterinburg" => t_string!(i18n, tz.yekaterinburg),
        "Asia/Omsk" => t_string!(i18n, tz.omsk),
        "Asia/Novosibirsk" => t_string!(i18n, tz.novosibirsk),
        "Asia/Krasnoyarsk" => t_string!(i18n, tz.krasnoyarsk),
        "Asia/Irkutsk" => t_string!(i18n, tz.irkutsk),
        "Asia/Yakutsk" => t_string!(i18n, tz.yakutsk),
        "Asia/Vladivostok" => t_string!(i18n, tz.vladivostok),
        "Asia/Magadan" => t_string!(i18n, tz.magadan),
        "Asia/Kamchatka" => t_string!(i18n, tz.kamchatka),
        _ => return None,
    })
}

/// "Москва (UTC+3)"; any other zone by its IANA name.
pub fn zone_name(i18n: I18nContext<Locale>, zone: &str) -> String {
    match (city(i18n, zone), russian_zone_offset(zone)) {
        (Some(city), Some(offset)) => format!("{city} ({offset})"),
        _ => zone.to_owned(),
    }
}

/// Whether `zone` is one of Russia's zones the lists offer by city.
pub fn is_russian(zone: &str) -> bool {
    RUSSIAN_TIME_ZONES.iter().any(|(z, _)| *z == zone)
}

/// The IANA zones this browser knows, or nothing if it cannot say.
pub fn browser_zones() -> Vec<String> {
    let list = || -> Result<Vec<String>, JsValue> {
        let intl = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Intl"))?;
        let f = js_sys::Reflect::get(&intl, &JsValue::from_str("supportedValuesOf"))?.dyn_into::<js_sys::Function>()?;
        let zones = f.call1(&intl, &JsValue::from_str("timeZone"))?;
        Ok(js_sys::Array::from(&zones).iter().filter_map(|v| v.as_string()).collect())
    };
    list().unwrap_or_default()
}

/// A zone typed into the search: one of `known` (when the browser can list its zones), by
/// its exact name or case-insensitively. `Err` names what to show.
pub fn parse_zone(typed: &str, known: &[String]) -> Result<String, FieldErr> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(FieldErr::Required);
    }
    if known.is_empty() || is_russian(typed) {
        return Ok(typed.to_owned());
    }
    known.iter().find(|z| z.eq_ignore_ascii_case(typed)).cloned().ok_or(FieldErr::Invalid)
}

/// A time-zone field: Russia's zones by city, then "Another time zone…", which opens a search
/// over every IANA zone. `value` holds the IANA name; `error` the field's error.
#[component]
pub fn TimeZonePicker(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    error: RwSignal<Option<FieldErr>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let other = RwSignal::new(!is_russian(&value.get_untracked()));
    let zones = StoredValue::new(Vec::<String>::new());
    let search_id = format!("{id}-search");
    let list_id = format!("{id}-list");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || if error.get().is_some() { format!("{hint_id} {error_id}") } else { hint_id.clone() }
    };
    let on_change = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        error.set(None);
        if v == OTHER {
            if zones.with_value(Vec::is_empty) {
                zones.set_value(browser_zones());
            }
            other.set(true);
            value.set(String::new());
        } else {
            other.set(false);
            value.set(v);
        }
    };
    let russian_selected = move |z: &'static str| move || !other.get() && value.with(|v| v == z);
    let invalid = move || if error.get().is_some() { "true" } else { "false" };
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label class="field__label" for=id>{move || label.get()}</label>
            <select id=id class="select" on:change=on_change>
                {RUSSIAN_TIME_ZONES.iter().map(|(z, _)| {
                    let z = *z;
                    view! { <option value=z selected=russian_selected(z)>{move || zone_name(i18n, z)}</option> }
                }).collect_view()}
                <option value=OTHER selected=move || other.get()>{t!(i18n, tz.other)}</option>
            </select>
            <Show when=move || other.get()>
                <div class="field field--nested">
                    <label class="field__label" for=search_id.clone()>{t!(i18n, tz.search_label)}</label>
                    <p class="field__hint" id=hint_id.clone()>{t!(i18n, tz.search_hint)}</p>
                    <input
                        id=search_id.clone()
                        class="input"
                        type="text"
                        list=list_id.clone()
                        autocomplete="off"
                        autocapitalize="none"
                        spellcheck="false"
                        aria-invalid=invalid
                        aria-describedby=described.clone()
                        prop:value=move || value.get()
                        on:input=move |ev| {
                            value.set(event_target_value(&ev));
                            error.set(None);
                        }
                    />
                    <datalist id=list_id.clone()>
                        {zones.get_value().into_iter().map(|z| view! { <option value=z></option> }).collect_view()}
                    </datalist>
                </div>
            </Show>
            {move || error.get().map(|e| {
                let text = if e == FieldErr::Invalid { t_string!(i18n, tz.unknown).to_owned() } else { e.message(i18n) };
                view! { <p class="field__error" id=error_id.clone()>{text}</p> }
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_zone_is_one_the_browser_knows() {
        let known = vec!["Asia/Almaty".to_owned(), "Europe/Berlin".to_owned()];
        assert_eq!(parse_zone(" asia/almaty ", &known), Ok("Asia/Almaty".to_owned()));
        assert_eq!(parse_zone("Asia/Kamchatka", &known), Ok("Asia/Kamchatka".to_owned()));
        assert_eq!(parse_zone("Mars/Olympus", &known), Err(FieldErr::Invalid));
        assert_eq!(parse_zone("  ", &known), Err(FieldErr::Required));
        // A browser without the list: the server decides.
        assert_eq!(parse_zone("Mars/Olympus", &[]), Ok("Mars/Olympus".to_owned()));
    }

    #[test]
    fn russian_zones_are_recognized() {
        assert!(is_russian("Asia/Kamchatka"));
        assert!(!is_russian("Europe/Berlin"));
    }
}
