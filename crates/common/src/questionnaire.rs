//! Questionnaires (MON-1): their items, the rules an answer must keep, and schedules (MON-2).
//!
//! The rules live here so that the SPA's form and the API refuse exactly the same answers.
//! Every item has a stable `code` (`esas.pain`, `vitals.temp_c`) that survives new versions of
//! its questionnaire: alert rules and charts refer to codes, never to an item's text.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::FieldError;

/// A text in both languages of the product.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct I18nText {
    pub ru: String,
    pub en: String,
}

impl I18nText {
    pub fn new(ru: &str, en: &str) -> Self {
        Self { ru: ru.to_owned(), en: en.to_owned() }
    }

    /// The text in `locale`, falling back to the other language when it is empty.
    pub fn get(&self, locale: crate::Locale) -> &str {
        let (first, second) = match locale {
            crate::Locale::En => (&self.en, &self.ru),
            _ => (&self.ru, &self.en),
        };
        if first.trim().is_empty() { second } else { first }
    }
}

/// What an item asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// One of `options`; the answer is the option's code.
    SingleChoice,
    /// Any of `options`; the answer is a list of option codes.
    MultipleChoice,
    /// A number with an optional `unit`, `min`, `max` and `decimals`.
    Number,
    /// A whole number from 0 to 10 (0 = none, 10 = worst possible).
    Scale,
    /// Free text, at most [`MAX_TEXT_ANSWER`] characters.
    Text,
    /// A calendar date (`YYYY-MM-DD`).
    Date,
}

impl ItemKind {
    pub const ALL: [Self; 6] =
        [Self::SingleChoice, Self::MultipleChoice, Self::Number, Self::Scale, Self::Text, Self::Date];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SingleChoice => "single_choice",
            Self::MultipleChoice => "multiple_choice",
            Self::Number => "number",
            Self::Scale => "scale",
            Self::Text => "text",
            Self::Date => "date",
        }
    }

    /// Kinds whose answers are numbers that can be charted and checked by alert rules. A single
    /// choice is numeric when every option carries a `score` (ECOG 0–4).
    pub fn is_numeric(self) -> bool {
        matches!(self, Self::Number | Self::Scale)
    }
}

/// An option of a choice item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ChoiceOption {
    /// Stable within its item (`0`, `yes`, `fever`).
    pub code: String,
    pub label: I18nText,
    /// A number the option stands for (ECOG grade): charted and checked by rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// Shows an item only when an earlier choice item's answer is one of `values` (for a multiple
/// choice: contains one of them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ShowIf {
    /// The code of an earlier single- or multiple-choice item.
    pub item: String,
    pub any_of: Vec<String>,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Item {
    /// Stable across versions: `[a-z0-9_.]`, 2–64 characters, unique in the questionnaire.
    pub code: String,
    pub kind: ItemKind,
    pub label: I18nText,
    /// A hint under the label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<I18nText>,
    #[serde(default)]
    pub required: bool,
    /// For choice items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ChoiceOption>,
    /// For numbers: `°C`, `kg`, `mmHg`, `%`, `bpm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Digits allowed after the decimal point (numbers; default 0).
    #[serde(default)]
    pub decimals: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<ShowIf>,
}

impl Item {
    /// An item with no options, limits or condition.
    pub fn new(code: &str, kind: ItemKind, ru: &str, en: &str) -> Self {
        Self {
            code: code.to_owned(),
            kind,
            label: I18nText::new(ru, en),
            hint: None,
            required: false,
            options: Vec::new(),
            unit: None,
            min: None,
            max: None,
            decimals: 0,
            show_if: None,
        }
    }

    /// Whether this item's answers are numbers (for charts and rules).
    pub fn is_numeric(&self) -> bool {
        self.kind.is_numeric()
            || (self.kind == ItemKind::SingleChoice
                && !self.options.is_empty()
                && self.options.iter().all(|o| o.score.is_some()))
    }
}

/// The content of one version of a questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Definition {
    pub title: I18nText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<I18nText>,
    pub items: Vec<Item>,
}

pub const MAX_ITEMS: usize = 100;
pub const MAX_OPTIONS: usize = 30;
pub const MAX_LABEL: usize = 500;
pub const MAX_TEXT_ANSWER: usize = 4000;

fn err(field: impl Into<String>, code: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), code: code.to_owned(), message: message.into() }
}

/// Whether `code` is a valid item or option code: `[a-z0-9_.]`, 1–64 characters.
pub fn valid_code(code: &str, min_len: usize) -> bool {
    (min_len..=64).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.')
}

fn check_text(errors: &mut Vec<FieldError>, field: String, t: &I18nText, required: bool) {
    if required && t.ru.trim().is_empty() && t.en.trim().is_empty() {
        errors.push(err(field, "required", "a text in at least one language is required"));
    } else if t.ru.chars().count() > MAX_LABEL || t.en.chars().count() > MAX_LABEL {
        errors.push(err(field, "too_long", format!("at most {MAX_LABEL} characters")));
    }
}

impl Definition {
    /// Every problem of the definition, with paths like `items[2].options`.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Vec::new();
        check_text(&mut e, "title".into(), &self.title, true);
        if let Some(d) = &self.description
            && (d.ru.chars().count() > 4000 || d.en.chars().count() > 4000)
        {
            e.push(err("description", "too_long", "at most 4000 characters"));
        }
        if self.items.is_empty() {
            e.push(err("items", "required", "a questionnaire has at least one item"));
        }
        if self.items.len() > MAX_ITEMS {
            e.push(err("items", "too_many", format!("at most {MAX_ITEMS} items")));
        }
        for (i, item) in self.items.iter().enumerate() {
            let p = format!("items[{i}]");
            if !valid_code(&item.code, 2) {
                e.push(err(format!("{p}.code"), "invalid_format", "2–64 characters of a-z, 0-9, _ and ."));
            } else if self.items[..i].iter().any(|o| o.code == item.code) {
                e.push(err(format!("{p}.code"), "duplicate", "item codes are unique in a questionnaire"));
            }
            check_text(&mut e, format!("{p}.label"), &item.label, true);
            if let Some(h) = &item.hint {
                check_text(&mut e, format!("{p}.hint"), h, false);
            }
            let choice = matches!(item.kind, ItemKind::SingleChoice | ItemKind::MultipleChoice);
            if choice {
                if item.options.is_empty() {
                    e.push(err(format!("{p}.options"), "required", "a choice item has at least one option"));
                }
                if item.options.len() > MAX_OPTIONS {
                    e.push(err(format!("{p}.options"), "too_many", format!("at most {MAX_OPTIONS} options")));
                }
                for (j, o) in item.options.iter().enumerate() {
                    let op = format!("{p}.options[{j}]");
                    if !valid_code(&o.code, 1) {
                        e.push(err(format!("{op}.code"), "invalid_format", "1–64 characters of a-z, 0-9, _ and ."));
                    } else if item.options[..j].iter().any(|x| x.code == o.code) {
                        e.push(err(format!("{op}.code"), "duplicate", "option codes are unique in an item"));
                    }
                    check_text(&mut e, format!("{op}.label"), &o.label, true);
                    if o.score.is_some_and(|s| !s.is_finite()) {
                        e.push(err(format!("{op}.score"), "invalid_format", "a finite number"));
                    }
                }
            } else if !item.options.is_empty() {
                e.push(err(format!("{p}.options"), "not_allowed", "only choice items have options"));
            }
            if item.kind == ItemKind::Number {
                if item.min.is_some_and(|v| !v.is_finite()) || item.max.is_some_and(|v| !v.is_finite()) {
                    e.push(err(format!("{p}.min"), "invalid_format", "limits are finite numbers"));
                } else if let (Some(lo), Some(hi)) = (item.min, item.max)
                    && lo > hi
                {
                    e.push(err(format!("{p}.max"), "out_of_range", "max is below min"));
                }
                if item.decimals > 3 {
                    e.push(err(format!("{p}.decimals"), "out_of_range", "at most 3 decimals"));
                }
                if item.unit.as_ref().is_some_and(|u| u.chars().count() > 16) {
                    e.push(err(format!("{p}.unit"), "too_long", "at most 16 characters"));
                }
            } else if item.min.is_some() || item.max.is_some() || item.unit.is_some() || item.decimals != 0 {
                e.push(err(format!("{p}.kind"), "not_allowed", "only number items have a unit, limits or decimals"));
            }
            if let Some(cond) = &item.show_if {
                let earlier = self.items[..i].iter().find(|o| o.code == cond.item);
                match earlier {
                    Some(src) if matches!(src.kind, ItemKind::SingleChoice | ItemKind::MultipleChoice) => {
                        if cond.any_of.is_empty()
                            || cond.any_of.iter().any(|v| !src.options.iter().any(|o| &o.code == v))
                        {
                            e.push(err(format!("{p}.show_if.any_of"), "unknown_option", "options of the item named"));
                        }
                    }
                    _ => e.push(err(
                        format!("{p}.show_if.item"),
                        "unknown_item",
                        "a condition names an earlier choice item",
                    )),
                }
            }
        }
        if e.is_empty() { Ok(()) } else { Err(e) }
    }

    pub fn item(&self, code: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.code == code)
    }

    /// Whether `item` is shown given `answers` (its condition holds, or it has none).
    pub fn is_shown(&self, item: &Item, answers: &[Answer]) -> bool {
        let Some(cond) = &item.show_if else { return true };
        match answers.iter().find(|a| a.code == cond.item).map(|a| &a.value) {
            Some(AnswerValue::Text(v)) => cond.any_of.contains(v),
            Some(AnswerValue::Choices(vs)) => vs.iter().any(|v| cond.any_of.contains(v)),
            _ => false,
        }
    }

    /// Checks `answers` against the items, in the items' order. Answers to items hidden by their
    /// condition are dropped; everything else wrong is an error at `answers.<code>`. Returns the
    /// kept answers in item order, numbers rounded to the item's decimals.
    pub fn check_answers(&self, answers: &[Answer]) -> Result<Vec<Answer>, Vec<FieldError>> {
        let mut e = Vec::new();
        for (i, a) in answers.iter().enumerate() {
            if self.item(&a.code).is_none() {
                e.push(err(format!("answers.{}", a.code), "unknown_item", "no such item"));
            } else if answers[..i].iter().any(|b| b.code == a.code) {
                e.push(err(format!("answers.{}", a.code), "duplicate", "one answer per item"));
            }
        }
        let mut kept: Vec<Answer> = Vec::new();
        for item in &self.items {
            if !self.is_shown(item, &kept) {
                continue;
            }
            let field = format!("answers.{}", item.code);
            let given = answers.iter().find(|a| a.code == item.code).map(|a| &a.value);
            let value = match given {
                None => None,
                Some(AnswerValue::Text(t)) if t.trim().is_empty() => None,
                Some(AnswerValue::Choices(c)) if c.is_empty() => None,
                Some(v) => Some(v),
            };
            let Some(value) = value else {
                if item.required {
                    e.push(err(field, "required", "an answer is required"));
                }
                continue;
            };
            match check_value(item, value) {
                Ok(v) => kept.push(Answer { code: item.code.clone(), value: v }),
                Err((code, msg)) => e.push(err(field, code, msg)),
            }
        }
        if e.is_empty() { Ok(kept) } else { Err(e) }
    }

    /// The numeric values of `answers` by item code: numbers, scales and scored choices.
    pub fn numeric_values(&self, answers: &[Answer]) -> Vec<(String, f64)> {
        answers
            .iter()
            .filter_map(|a| {
                let item = self.item(&a.code)?;
                let v = match (&a.value, item.kind) {
                    (AnswerValue::Number(n), ItemKind::Number | ItemKind::Scale) => Some(*n),
                    (AnswerValue::Text(code), ItemKind::SingleChoice) => {
                        item.options.iter().find(|o| &o.code == code).and_then(|o| o.score)
                    }
                    _ => None,
                }?;
                Some((a.code.clone(), v))
            })
            .collect()
    }

    /// A readable summary of `answers` for the medical record, one "question: answer" line
    /// each, in the reader's notation (see [`crate::answers`]).
    pub fn summary(&self, answers: &[Answer], locale: crate::Locale) -> String {
        crate::answers::answers_text(Some(self), answers, locale)
    }
}

/// A number with at most `decimals` digits after the point, without trailing zeros.
pub fn format_number(n: f64, decimals: u8) -> String {
    let s = format!("{n:.*}", decimals as usize);
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s }
}

fn check_value(item: &Item, value: &AnswerValue) -> Result<AnswerValue, (&'static str, String)> {
    let wrong = || ("invalid_format", format!("a {} answer was expected", item.kind.as_str()));
    match (item.kind, value) {
        (ItemKind::SingleChoice, AnswerValue::Text(c)) => {
            if item.options.iter().any(|o| &o.code == c) {
                Ok(value.clone())
            } else {
                Err(("unknown_option", "not one of the options".into()))
            }
        }
        (ItemKind::MultipleChoice, AnswerValue::Choices(cs)) => {
            if cs.iter().any(|c| !item.options.iter().any(|o| &o.code == c)) {
                return Err(("unknown_option", "not one of the options".into()));
            }
            // In the options' order, each once.
            let picked = item.options.iter().filter(|o| cs.contains(&o.code)).map(|o| o.code.clone()).collect();
            Ok(AnswerValue::Choices(picked))
        }
        (ItemKind::Scale, AnswerValue::Number(n)) => {
            if n.fract() != 0.0 || !(0.0..=10.0).contains(n) {
                Err(("out_of_range", "a whole number from 0 to 10".into()))
            } else {
                Ok(value.clone())
            }
        }
        (ItemKind::Number, AnswerValue::Number(n)) => {
            if !n.is_finite() {
                return Err(wrong());
            }
            let factor = 10f64.powi(i32::from(item.decimals));
            let scaled = n * factor;
            if (scaled - scaled.round()).abs() > 1e-6 {
                return Err(("too_precise", format!("at most {} digits after the point", item.decimals)));
            }
            let n = scaled.round() / factor;
            if item.min.is_some_and(|lo| n < lo) || item.max.is_some_and(|hi| n > hi) {
                let lo = item.min.map(|v| format_number(v, item.decimals)).unwrap_or_else(|| "…".into());
                let hi = item.max.map(|v| format_number(v, item.decimals)).unwrap_or_else(|| "…".into());
                return Err(("out_of_range", format!("from {lo} to {hi}")));
            }
            Ok(AnswerValue::Number(n))
        }
        (ItemKind::Text, AnswerValue::Text(t)) => {
            if t.chars().count() > MAX_TEXT_ANSWER {
                Err(("too_long", format!("at most {MAX_TEXT_ANSWER} characters")))
            } else {
                Ok(AnswerValue::Text(t.trim().to_owned()))
            }
        }
        (ItemKind::Date, AnswerValue::Text(t)) => match NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d") {
            Ok(d) => Ok(AnswerValue::Text(d.format("%Y-%m-%d").to_string())),
            Err(_) => Err(("invalid_format", "a date YYYY-MM-DD".into())),
        },
        _ => Err(wrong()),
    }
}

/// An answer's value. A single choice and a date are `Text` (the option code; `YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum AnswerValue {
    Number(f64),
    Text(String),
    Choices(Vec<String>),
}

/// The answer to one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Answer {
    /// The item's code.
    pub code: String,
    pub value: AnswerValue,
}

/// A weekday of [`Repeat::Weekly`]: 1 = Monday … 7 = Sunday (the OpenAPI document's name for its `u8`).
#[cfg(feature = "server")]
#[derive(utoipa::ToSchema)]
#[schema(value_type = u8, minimum = 1, maximum = 7)]
pub struct IsoWeekday(pub u8);

/// How often an assigned questionnaire is due (MON-2), in the patient's own days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Repeat {
    /// Once, on the start date.
    Once,
    /// Every day from the start date.
    Daily,
    /// On these weekdays (1 = Monday … 7 = Sunday).
    Weekly {
        #[cfg_attr(feature = "server", schema(value_type = Vec<IsoWeekday>, min_items = 1))]
        days: Vec<u8>,
    },
}

/// An assignment's schedule: from `start` (inclusive) to `until` (inclusive, optional).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Schedule {
    pub repeat: Repeat,
    pub start: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

impl Schedule {
    pub fn check(&self, today: NaiveDate) -> Result<(), Vec<FieldError>> {
        let mut e = Vec::new();
        if let Repeat::Weekly { days } = &self.repeat
            && (days.is_empty() || days.iter().any(|d| !(1..=7).contains(d)))
        {
            e.push(err("schedule.repeat.days", "invalid_format", "weekdays 1 (Monday) to 7 (Sunday), at least one"));
        }
        if let Some(until) = self.until {
            if until < self.start {
                e.push(err("schedule.until", "out_of_range", "the last day is before the first"));
            } else if until < today {
                e.push(err("schedule.until", "in_past", "the last day has passed"));
            } else if !crate::domain::in_calendar(until) {
                e.push(crate::domain::day_out_of_range("schedule.until"));
            }
        }
        if self.start < today - chrono::Days::new(366) || self.start > today + chrono::Days::new(366) {
            e.push(err("schedule.start", "out_of_range", "within a year of today"));
        }
        if e.is_empty() { Ok(()) } else { Err(e) }
    }

    /// Whether the questionnaire is due on `day`.
    pub fn occurs_on(&self, day: NaiveDate) -> bool {
        if day < self.start || self.until.is_some_and(|u| day > u) {
            return false;
        }
        match &self.repeat {
            Repeat::Once => day == self.start,
            Repeat::Daily => true,
            Repeat::Weekly { days } => {
                let wd = day.weekday().number_from_monday() as u8;
                days.contains(&wd)
            }
        }
    }

    /// The latest day on or before `day` it is due, if any.
    pub fn last_on_or_before(&self, day: NaiveDate) -> Option<NaiveDate> {
        let mut d = match self.until {
            Some(u) if u < day => u,
            _ => day,
        };
        if d < self.start {
            return None;
        }
        match &self.repeat {
            Repeat::Once => Some(self.start),
            Repeat::Daily => Some(d),
            Repeat::Weekly { .. } => {
                // A weekly schedule repeats within 7 days.
                for _ in 0..7 {
                    if d < self.start {
                        return None;
                    }
                    if self.occurs_on(d) {
                        return Some(d);
                    }
                    d = d.pred_opt()?;
                }
                None
            }
        }
    }

    /// The days it is due in `from..=to`.
    pub fn occurrences(&self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut d = from.max(self.start);
        let end = self.until.map_or(to, |u| u.min(to));
        while d <= end {
            if self.occurs_on(d) {
                out.push(d);
            }
            let Some(next) = d.succ_opt() else { break };
            d = next;
        }
        out
    }
}

/// Weekday numbers as in [`Repeat::Weekly`]: 1 = Monday.
pub fn weekday_number(w: Weekday) -> u8 {
    w.number_from_monday() as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn sample() -> Definition {
        let mut side = Item::new("q.side", ItemKind::SingleChoice, "Сторона", "Side");
        side.required = true;
        side.options = vec![
            ChoiceOption { code: "left".into(), label: I18nText::new("Слева", "Left"), score: None },
            ChoiceOption { code: "right".into(), label: I18nText::new("Справа", "Right"), score: None },
        ];
        let mut temp = Item::new("q.temp", ItemKind::Number, "Температура", "Temperature");
        temp.min = Some(34.0);
        temp.max = Some(43.0);
        temp.decimals = 1;
        temp.unit = Some("°C".into());
        let mut detail = Item::new("q.detail", ItemKind::Text, "Подробнее", "Details");
        detail.required = true;
        detail.show_if = Some(ShowIf { item: "q.side".into(), any_of: vec!["left".into()] });
        Definition {
            title: I18nText::new("Тест", "Test"),
            description: None,
            items: vec![
                side,
                temp,
                detail,
                Item::new("q.pain", ItemKind::Scale, "Боль", "Pain"),
                Item::new("q.date", ItemKind::Date, "Дата", "Date"),
            ],
        }
    }

    fn a(code: &str, value: AnswerValue) -> Answer {
        Answer { code: code.into(), value }
    }

    #[test]
    fn the_sample_and_every_template_are_valid() {
        sample().check().unwrap();
        for t in crate::templates::all() {
            t.definition.check().unwrap_or_else(|e| panic!("{}: {e:?}", t.code));
        }
    }

    #[test]
    fn conditions_must_name_an_earlier_choice_item() {
        let mut def = sample();
        def.items[2].show_if = Some(ShowIf { item: "q.temp".into(), any_of: vec!["x".into()] });
        let errs = def.check().unwrap_err();
        assert_eq!(errs[0].field, "items[2].show_if.item");
        let mut def = sample();
        def.items[0].show_if = Some(ShowIf { item: "q.side".into(), any_of: vec!["left".into()] });
        assert_eq!(def.check().unwrap_err()[0].code, "unknown_item");
    }

    #[test]
    fn duplicate_codes_and_bad_limits_are_refused() {
        let mut def = sample();
        def.items[1].code = "q.side".into();
        def.items[1].min = Some(50.0);
        let errs = def.check().unwrap_err();
        let codes: Vec<_> = errs.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert!(codes.contains(&("items[1].code", "duplicate")), "{codes:?}");
        assert!(codes.contains(&("items[1].max", "out_of_range")), "{codes:?}");
    }

    #[test]
    fn a_hidden_item_is_neither_required_nor_kept() {
        let def = sample();
        let kept = def
            .check_answers(&[
                a("q.side", AnswerValue::Text("right".into())),
                a("q.detail", AnswerValue::Text("x".into())),
            ])
            .unwrap();
        assert_eq!(kept, vec![a("q.side", AnswerValue::Text("right".into()))]);
        let errs = def.check_answers(&[a("q.side", AnswerValue::Text("left".into()))]).unwrap_err();
        assert_eq!((errs[0].field.as_str(), errs[0].code.as_str()), ("answers.q.detail", "required"));
    }

    #[test]
    fn numbers_keep_their_limits_and_decimals() {
        let def = sample();
        let side = a("q.side", AnswerValue::Text("right".into()));
        for (v, ok) in [(34.0, true), (43.0, true), (33.9, false), (43.1, false), (37.25, false), (36.6, true)] {
            let res = def.check_answers(&[side.clone(), a("q.temp", AnswerValue::Number(v))]);
            assert_eq!(res.is_ok(), ok, "{v}");
        }
    }

    #[test]
    fn scales_are_whole_numbers_from_0_to_10() {
        let def = sample();
        let side = a("q.side", AnswerValue::Text("right".into()));
        for (v, ok) in [(0.0, true), (10.0, true), (-1.0, false), (11.0, false), (5.5, false)] {
            assert_eq!(def.check_answers(&[side.clone(), a("q.pain", AnswerValue::Number(v))]).is_ok(), ok, "{v}");
        }
    }

    #[test]
    fn kinds_mismatches_unknown_items_and_options_are_named() {
        let def = sample();
        let errs = def
            .check_answers(&[
                a("q.side", AnswerValue::Text("up".into())),
                a("q.temp", AnswerValue::Text("hot".into())),
                a("nope", AnswerValue::Number(1.0)),
                a("q.date", AnswerValue::Text("31.12.2026".into())),
            ])
            .unwrap_err();
        let got: Vec<_> = errs.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert!(got.contains(&("answers.nope", "unknown_item")));
        assert!(got.contains(&("answers.q.side", "unknown_option")));
        assert!(got.contains(&("answers.q.temp", "invalid_format")));
        assert!(got.contains(&("answers.q.date", "invalid_format")));
    }

    #[test]
    fn schedules_find_their_days() {
        let weekly = Schedule { repeat: Repeat::Weekly { days: vec![1, 4] }, start: d("2026-11-02"), until: None };
        // 2026-11-02 is a Monday.
        assert!(weekly.occurs_on(d("2026-11-05")));
        assert!(!weekly.occurs_on(d("2026-11-06")));
        assert_eq!(weekly.last_on_or_before(d("2026-11-08")), Some(d("2026-11-05")));
        assert_eq!(weekly.occurrences(d("2026-11-01"), d("2026-11-10")).len(), 3);
        let once = Schedule { repeat: Repeat::Once, start: d("2026-11-10"), until: None };
        assert_eq!(once.last_on_or_before(d("2026-11-09")), None);
        assert_eq!(once.last_on_or_before(d("2026-12-31")), Some(d("2026-11-10")));
        let daily = Schedule { repeat: Repeat::Daily, start: d("2026-11-01"), until: Some(d("2026-11-03")) };
        assert_eq!(daily.last_on_or_before(d("2026-11-20")), Some(d("2026-11-03")));
        assert_eq!(daily.occurrences(d("2026-10-01"), d("2026-12-01")).len(), 3);
        assert!(daily.check(d("2026-11-04")).is_err(), "until in the past");
    }

    fn answer_value() -> impl Strategy<Value = AnswerValue> {
        prop_oneof![
            any::<f64>().prop_map(AnswerValue::Number),
            (-20i32..60).prop_map(|n| AnswerValue::Number(f64::from(n) / 2.0)),
            "[a-z0-9 .-]{0,12}".prop_map(AnswerValue::Text),
            proptest::collection::vec("[a-z]{1,6}", 0..4).prop_map(AnswerValue::Choices),
        ]
    }

    proptest! {
        /// Whatever arrives, checking never panics, and what it keeps checks again unchanged:
        /// the kept answers are a fixed point, so the SPA and the API agree on them.
        #[test]
        fn kept_answers_are_a_fixed_point(values in proptest::collection::vec(answer_value(), 5)) {
            let def = sample();
            let codes = ["q.side", "q.temp", "q.detail", "q.pain", "q.date"];
            let answers: Vec<Answer> = codes.iter().zip(values).map(|(c, v)| a(c, v)).collect();
            if let Ok(kept) = def.check_answers(&answers) {
                prop_assert_eq!(def.check_answers(&kept).unwrap(), kept.clone());
                for (code, v) in def.numeric_values(&kept) {
                    let item = def.item(&code).unwrap();
                    prop_assert!(item.min.is_none_or(|lo| v >= lo) && item.max.is_none_or(|hi| v <= hi));
                }
            }
        }

        /// Every scale value from 0 to 10 is accepted, every other number refused.
        #[test]
        fn scale_accepts_exactly_0_to_10(v in -100.0f64..100.0) {
            let def = sample();
            let ok = def.check_answers(&[
                a("q.side", AnswerValue::Text("right".into())),
                a("q.pain", AnswerValue::Number(v)),
            ]).is_ok();
            prop_assert_eq!(ok, v.fract() == 0.0 && (0.0..=10.0).contains(&v));
        }
    }
}
