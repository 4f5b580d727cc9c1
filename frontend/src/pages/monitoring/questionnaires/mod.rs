//! The questionnaire library (MON-1) and the alert settings (MON-5) on the staff side:
//! - [`library`]: the list (`/admin/questionnaires` for the organizer, `/staff/questionnaires`
//!   for doctors and assistants — one page);
//! - [`view`]: one questionnaire read-only, any of its versions, copy / archive / restore;
//! - [`editor`]: a new questionnaire, or a new version of one;
//! - [`settings`]: the organization's monitoring settings (`/admin/monitoring`);
//! - [`patient_rules`]: a patient's rules ([`patient_rules::PatientRulesPanel`]);
//! - [`rules`]: alert rules in words and their number fields, shared by the last two.
//!
//! Forms check with the rules of `common` (`Definition::check`,
//! `MonitoringSettingsDto::check`) before sending, and show errors — theirs and the server's —
//! at the fields their paths name (`items[2].options[0].code`).

pub mod editor;
pub mod library;
pub mod patient_rules;
pub mod rules;
pub mod settings;
pub mod view;

use common::auth::Role;
use common::questionnaire::ItemKind;
use common::templates::Purpose;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

pub use crate::components::form::{Area, ErrorSummary, FieldErrors, Input, field_error};
use crate::i18n::*;

/// Who opens the library under `/staff`.
pub const STAFF_LIBRARY_ROLES: &[Role] = &[Role::Doctor, Role::Assistant];
/// Who opens it under `/admin`.
pub const ADMIN_LIBRARY_ROLES: &[Role] = &[Role::Organizer];

/// Organizers and doctors change the library; assistants read it.
pub fn can_edit_library(role: Option<Role>) -> bool {
    matches!(role, Some(Role::Organizer | Role::Doctor))
}

/// The reader's language as `common` names it (for [`common::questionnaire::I18nText::get`]).
pub fn lang(i18n: I18nContext<Locale>) -> common::Locale {
    match i18n.get_locale() {
        Locale::en => common::Locale::En,
        Locale::ru => common::Locale::Ru,
    }
}

/// "Анкета" / "Дневник".
pub fn purpose_label(i18n: I18nContext<Locale>, purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Questionnaire => t_string!(i18n, library.purpose_questionnaire),
        Purpose::Diary => t_string!(i18n, library.purpose_diary),
    }
}

/// The name of an item kind.
pub fn kind_label(i18n: I18nContext<Locale>, kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::SingleChoice => t_string!(i18n, library.kind_single_choice),
        ItemKind::MultipleChoice => t_string!(i18n, library.kind_multiple_choice),
        ItemKind::Number => t_string!(i18n, library.kind_number),
        ItemKind::Scale => t_string!(i18n, library.kind_scale),
        ItemKind::Text => t_string!(i18n, library.kind_text),
        ItemKind::Date => t_string!(i18n, library.kind_date),
    }
}

/// A number as people write it: no trailing zeros; a decimal comma in Russian.
pub fn format_number(i18n: I18nContext<Locale>, v: f64) -> String {
    let s = plain_number(v);
    match i18n.get_locale() {
        Locale::ru => s.replace('.', ","),
        Locale::en => s,
    }
}

/// A number for an input's initial text: `38`, `37.5` (the inputs accept `,` and `.`).
pub fn plain_number(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".to_owned() } else { s.to_owned() }
}

/// A typed text that is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

/// A typed number: empty → `None`; a comma is a decimal point; anything else is an error.
pub fn parse_number(text: &str) -> Result<Option<f64>, NotANumber> {
    let t = text.trim().replace(',', ".").replace(' ', "");
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(NotANumber),
    }
}

/// The translated message of an error `code` at `path`.
pub fn error_text(i18n: I18nContext<Locale>, path: &str, code: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    let is_option = path.contains(".options[");
    let text: &str = match code {
        "required" if path == "items" => t_string!(i18n, library.err_no_items),
        "required" if path.ends_with(".options") => t_string!(i18n, library.err_no_options),
        "required" if matches!(last, "label" | "title" | "advice") => t_string!(i18n, library.err_text_required),
        "required" => t_string!(i18n, fields.required),
        "too_long" => t_string!(i18n, fields.too_long),
        "invalid_format" if last == "code" && is_option => t_string!(i18n, library.err_option_code_format),
        "invalid_format" if last == "code" => t_string!(i18n, library.err_code_format),
        "invalid_format" if last == "time_zone" => t_string!(i18n, library.err_time_zone),
        "invalid_format" => t_string!(i18n, library.err_number),
        "duplicate" if is_option => t_string!(i18n, library.err_option_duplicate),
        "duplicate" | "taken" | "code_taken" if path == "code" => t_string!(i18n, library.err_code_taken),
        "duplicate" => t_string!(i18n, library.err_item_duplicate),
        "too_many" if path == "items" => t_string!(i18n, library.err_too_many_items),
        "too_many" => t_string!(i18n, library.err_too_many_options),
        "not_allowed" => t_string!(i18n, library.err_not_allowed),
        "out_of_range" if last == "max" => t_string!(i18n, library.err_max_below_min),
        "out_of_range" if last == "decimals" => t_string!(i18n, library.err_decimals),
        "out_of_range" if path == "escalation_minutes" => t_string!(i18n, library.err_escalation),
        "out_of_range" if path == "reminder_hour" => t_string!(i18n, library.err_reminder_hour),
        "out_of_range" if last == "percent" => t_string!(i18n, library.err_percent),
        "out_of_range" if last == "delta" => t_string!(i18n, library.err_positive),
        "out_of_range" => t_string!(i18n, fields.out_of_range),
        "unknown_option" => t_string!(i18n, library.err_condition_values),
        "unknown_item" => t_string!(i18n, library.err_condition_item),
        "not_a_doctor" => t_string!(i18n, library.err_not_a_doctor),
        _ => t_string!(i18n, fields.invalid),
    };
    text.to_owned()
}

/// The message of the error at `path`, if any (tracked).
pub fn error_signal(i18n: I18nContext<Locale>, errors: FieldErrors, path: Signal<String>) -> Signal<Option<String>> {
    Signal::derive(move || {
        let p = path.get();
        errors.code_at(&p).map(|c| error_text(i18n, &p, &c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_with_a_comma_or_a_point() {
        assert_eq!(parse_number(" 37,8 "), Ok(Some(37.8)));
        assert_eq!(parse_number("38"), Ok(Some(38.0)));
        assert_eq!(parse_number(""), Ok(None));
        assert_eq!(parse_number("1 000"), Ok(Some(1000.0)));
        assert!(parse_number("abc").is_err());
        assert!(parse_number("inf").is_err());
        assert_eq!(plain_number(38.0), "38");
        assert_eq!(plain_number(37.50), "37.5");
        assert_eq!(plain_number(-0.0), "0");
    }

    #[test]
    fn only_organizers_and_doctors_edit() {
        assert!(can_edit_library(Some(Role::Organizer)));
        assert!(can_edit_library(Some(Role::Doctor)));
        assert!(!can_edit_library(Some(Role::Assistant)));
        assert!(!can_edit_library(None));
    }
}
