//! The answers being written and what is wrong with them, in words: pure, tested natively.

use std::collections::{HashMap, HashSet};

use common::FieldError;
use common::questionnaire::{Answer, AnswerValue, Definition, Item, ItemKind, MAX_TEXT_ANSWER};
use leptos_i18n::I18nContext;
use wasm_bindgen::JsCast;

use super::super::{lang, number_text, unit_text};
use crate::api::ApiError;
use crate::i18n::*;

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
pub(super) fn field_errors(e: &ApiError) -> Vec<FieldError> {
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
pub(super) fn range_parts(
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
pub(super) fn range_hint(i18n: I18nContext<Locale>, item: &Item) -> Option<String> {
    match range_parts(lang(i18n), item.min, item.max, item.decimals, item.unit.as_deref()) {
        (Some(min), Some(max)) => Some(t_string!(i18n, data_entry.form.hint_both, min = min, max = max).to_string()),
        (Some(min), None) => Some(t_string!(i18n, data_entry.form.hint_min, min = min).to_string()),
        (None, Some(max)) => Some(t_string!(i18n, data_entry.form.hint_max, max = max).to_string()),
        (None, None) => None,
    }
}

/// Moves the focus to the element `id`, first scrolling its item (or the result) to the top
/// of the screen below the sticky header (`scroll-margin-top`), so its label shows too.
pub(super) fn focus(id: &str) {
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
