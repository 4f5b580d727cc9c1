//! Answers as a person reads them, in his language: "38,6 °C", "128/82 мм рт. ст.", an option's
//! label, a date. One formatter for every place that shows answers — the data-entry pages, the
//! medical record (on screen and in print) and the text stored with a record entry — so the
//! same value never reads two ways.

use chrono::NaiveDate;

use crate::Locale;
use crate::questionnaire::{Answer, AnswerValue, Definition, Item, ItemKind, format_number};

/// A number with at most `decimals` digits after the point, with a decimal comma in Russian.
pub fn number_text(locale: Locale, n: f64, decimals: u8) -> String {
    let s = format_number(n, decimals);
    match locale {
        Locale::Ru => s.replace('.', ","),
        Locale::En => s,
    }
}

/// A unit of a number item in the reader's language: the templates store the international
/// symbols (`mmHg`, `bpm`, `kg`), a Russian reader sees «мм рт. ст.», «уд/мин», «кг».
pub fn unit_text(locale: Locale, unit: &str) -> String {
    if locale == Locale::Ru {
        let ru = match unit {
            "mmHg" => Some("мм рт. ст."),
            "bpm" => Some("уд/мин"),
            "kg" => Some("кг"),
            "g" => Some("г"),
            "cm" => Some("см"),
            "l" => Some("л"),
            "ml" => Some("мл"),
            "mmol/L" | "mmol/l" => Some("ммоль/л"),
            "breaths/min" => Some("вдохов/мин"),
            "h" => Some("ч"),
            "min" => Some("мин"),
            _ => None,
        };
        if let Some(ru) = ru {
            return ru.to_owned();
        }
    }
    unit.to_owned()
}

/// A value with its unit, a no-break space between: "38,4 °C", "80 уд/мин", "12 %".
pub fn value_with_unit(locale: Locale, n: f64, decimals: u8, unit: Option<&str>) -> String {
    let v = number_text(locale, n, decimals);
    match unit.map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => format!("{v}\u{a0}{}", unit_text(locale, u)),
        None => v,
    }
}

fn option_label(item: &Item, code: &str, locale: Locale) -> String {
    item.options.iter().find(|o| o.code == code).map_or_else(|| code.to_owned(), |o| o.label.get(locale).to_owned())
}

/// A day as the reader writes it: "05.03.2026", "5 Mar 2026".
pub fn date_text(locale: Locale, d: NaiveDate) -> String {
    match locale {
        Locale::Ru => d.format("%d.%m.%Y").to_string(),
        Locale::En => d.format("%-d %b %Y").to_string(),
    }
}

fn decimals_of(item: &Item) -> u8 {
    if item.kind == ItemKind::Number { item.decimals } else { 0 }
}

/// An answer in words: the option's label, the number with its unit, the date, the text.
pub fn answer_text(item: Option<&Item>, value: &AnswerValue, locale: Locale) -> String {
    match (item, value) {
        (Some(item), AnswerValue::Number(n)) => value_with_unit(locale, *n, decimals_of(item), item.unit.as_deref()),
        (None, AnswerValue::Number(n)) => number_text(locale, *n, 3),
        (Some(item), AnswerValue::Text(t)) if item.kind == ItemKind::SingleChoice => option_label(item, t, locale),
        (Some(item), AnswerValue::Text(t)) if item.kind == ItemKind::Date => {
            NaiveDate::parse_from_str(t, "%Y-%m-%d").map_or_else(|_| t.clone(), |d| date_text(locale, d))
        }
        (_, AnswerValue::Text(t)) => t.clone(),
        (Some(item), AnswerValue::Choices(cs)) => {
            cs.iter().map(|c| option_label(item, c, locale)).collect::<Vec<_>>().join(", ")
        }
        (None, AnswerValue::Choices(cs)) => cs.join(", "),
    }
}

/// Two number items read as one value, "upper/lower unit" — blood pressure.
struct Pair {
    first: &'static str,
    second: &'static str,
    /// (ru, en)
    label: (&'static str, &'static str),
    first_name: (&'static str, &'static str),
    second_name: (&'static str, &'static str),
}

/// The item codes are stable across versions and copies of a questionnaire (see
/// [`crate::questionnaire`]), so a pair is named by its codes.
const PAIRS: [Pair; 1] = [Pair {
    first: "vitals.systolic",
    second: "vitals.diastolic",
    label: ("Давление", "Blood pressure"),
    first_name: ("верхнее", "systolic"),
    second_name: ("нижнее", "diastolic"),
}];

fn pick(locale: Locale, (ru, en): (&'static str, &'static str)) -> &'static str {
    match locale {
        Locale::Ru => ru,
        Locale::En => en,
    }
}

/// The number answer to `code` with its item, if both are there.
fn number_answer<'a>(definition: &'a Definition, answers: &[Answer], code: &str) -> Option<(&'a Item, f64)> {
    let item = definition.item(code)?;
    match answers.iter().find(|a| a.code == code)?.value {
        AnswerValue::Number(n) => Some((item, n)),
        _ => None,
    }
}

/// The row of a pair's first or second item: both parts as "128/82 мм рт. ст." on the first
/// one's row (the second's is then dropped); one part alone as "верхнее 128 мм рт. ст.".
fn pair_row(
    definition: &Definition,
    answers: &[Answer],
    code: &str,
    locale: Locale,
) -> Option<Option<(String, String)>> {
    let pair = PAIRS.iter().find(|p| p.first == code || p.second == code)?;
    let first = number_answer(definition, answers, pair.first);
    let second = number_answer(definition, answers, pair.second);
    let label = pick(locale, pair.label).to_owned();
    let row = match (first, second) {
        (Some((a, x)), Some((b, y))) => {
            if code == pair.second {
                return Some(None);
            }
            let unit = a.unit.as_deref().or(b.unit.as_deref());
            let lower = value_with_unit(locale, y, decimals_of(b), unit);
            (label, format!("{}/{lower}", number_text(locale, x, decimals_of(a))))
        }
        (Some((a, x)), None) if code == pair.first => {
            let v = value_with_unit(locale, x, decimals_of(a), a.unit.as_deref());
            (label, format!("{} {v}", pick(locale, pair.first_name)))
        }
        (None, Some((b, y))) if code == pair.second => {
            let v = value_with_unit(locale, y, decimals_of(b), b.unit.as_deref());
            (label, format!("{} {v}", pick(locale, pair.second_name)))
        }
        // Not a number answer: read it as any other.
        _ => return None,
    };
    Some(Some(row))
}

/// The answers as (question, answer) pairs in the order given, labelled by `definition` (the
/// version answered); without it, by the item codes. Blood pressure's two items read as one
/// row: ("Давление", "128/82 мм рт. ст.").
pub fn answer_rows(definition: Option<&Definition>, answers: &[Answer], locale: Locale) -> Vec<(String, String)> {
    let mut rows = Vec::with_capacity(answers.len());
    for a in answers {
        if let Some(def) = definition
            && let Some(row) = pair_row(def, answers, &a.code, locale)
        {
            rows.extend(row);
            continue;
        }
        let item = definition.and_then(|d| d.item(&a.code));
        let label = item.map_or_else(|| a.code.clone(), |i| i.label.get(locale).to_owned());
        rows.push((label, answer_text(item, &a.value, locale)));
    }
    rows
}

/// The answers as plain text, one "question: answer" line each — the text a record entry made
/// from them stores, and what a copy or download of it shows.
pub fn answers_text(definition: Option<&Definition>, answers: &[Answer], locale: Locale) -> String {
    answer_rows(definition, answers, locale)
        .into_iter()
        .map(|(q, a)| format!("{q}: {a}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::{ChoiceOption, I18nText};
    use crate::templates;

    fn vitals() -> Definition {
        templates::all().into_iter().find(|t| t.code == templates::VITALS).unwrap().definition
    }

    fn n(code: &str, v: f64) -> Answer {
        Answer { code: code.into(), value: AnswerValue::Number(v) }
    }

    #[test]
    fn numbers_and_units_in_the_readers_language() {
        assert_eq!(number_text(Locale::Ru, 38.4, 1), "38,4");
        assert_eq!(number_text(Locale::En, 38.4, 1), "38.4");
        assert_eq!(number_text(Locale::Ru, 38.0, 1), "38");
        assert_eq!(value_with_unit(Locale::Ru, 120.0, 0, Some("mmHg")), "120\u{a0}мм рт. ст.");
        assert_eq!(value_with_unit(Locale::En, 120.0, 0, Some("mmHg")), "120\u{a0}mmHg");
        assert_eq!(value_with_unit(Locale::Ru, 96.0, 0, Some("bpm")), "96\u{a0}уд/мин");
        assert_eq!(value_with_unit(Locale::Ru, 71.5, 1, Some("kg")), "71,5\u{a0}кг");
        assert_eq!(value_with_unit(Locale::En, 71.5, 1, Some("kg")), "71.5\u{a0}kg");
        assert_eq!(value_with_unit(Locale::Ru, 5.0, 0, None), "5");
        assert_eq!(value_with_unit(Locale::Ru, 5.0, 0, Some("  ")), "5");
        assert_eq!(unit_text(Locale::Ru, "°C"), "°C");
        assert_eq!(unit_text(Locale::En, "bpm"), "bpm");
    }

    #[test]
    fn a_diary_reads_in_both_languages() {
        let def = vitals();
        let answers = vec![
            n("vitals.temp_c", 38.6),
            n("vitals.systolic", 128.0),
            n("vitals.diastolic", 82.0),
            n("vitals.pulse", 96.0),
            n("vitals.weight_kg", 71.5),
        ];
        assert_eq!(
            answers_text(Some(&def), &answers, Locale::Ru),
            "Температура: 38,6\u{a0}°C\nДавление: 128/82\u{a0}мм рт. ст.\nПульс: 96\u{a0}уд/мин\nВес: 71,5\u{a0}кг"
        );
        assert_eq!(
            answers_text(Some(&def), &answers, Locale::En),
            "Temperature: 38.6\u{a0}°C\nBlood pressure: 128/82\u{a0}mmHg\nPulse: 96\u{a0}bpm\nWeight: 71.5\u{a0}kg"
        );
    }

    #[test]
    fn one_part_of_blood_pressure_says_which() {
        let def = vitals();
        let rows = answer_rows(Some(&def), &[n("vitals.systolic", 128.0)], Locale::Ru);
        assert_eq!(rows, vec![("Давление".to_owned(), "верхнее 128\u{a0}мм рт. ст.".to_owned())]);
        let rows = answer_rows(Some(&def), &[n("vitals.diastolic", 82.0)], Locale::En);
        assert_eq!(rows, vec![("Blood pressure".to_owned(), "diastolic 82\u{a0}mmHg".to_owned())]);
        // No label reads with two colons.
        let text = answers_text(Some(&def), &[n("vitals.systolic", 128.0)], Locale::Ru);
        assert_eq!(text.matches(':').count(), 1, "{text}");
    }

    #[test]
    fn answers_are_shown_with_their_labels() {
        let def = vitals();
        let answers = vec![
            n("vitals.temp_c", 38.4),
            Answer { code: "vitals.note".into(), value: AnswerValue::Text("знобит".into()) },
            n("gone.item", 2.0),
        ];
        let rows = answer_rows(Some(&def), &answers, Locale::Ru);
        assert_eq!(rows[0], ("Температура".to_owned(), "38,4\u{a0}°C".to_owned()));
        assert_eq!(rows[1], ("Заметка".to_owned(), "знобит".to_owned()));
        assert_eq!(rows[2], ("gone.item".to_owned(), "2".to_owned()));
        let en = answer_rows(Some(&def), &answers[..1], Locale::En);
        assert_eq!(en[0], ("Temperature".to_owned(), "38.4\u{a0}°C".to_owned()));
        // Without the definition: by code, numbers still in the reader's notation.
        assert_eq!(answer_rows(None, &answers[..1], Locale::Ru)[0], ("vitals.temp_c".to_owned(), "38,4".to_owned()));
    }

    #[test]
    fn choices_and_dates_in_words() {
        let mut item = Item::new("q.side", ItemKind::MultipleChoice, "Где", "Where");
        item.options = vec![
            ChoiceOption { code: "l".into(), label: I18nText::new("Слева", "Left"), score: None },
            ChoiceOption { code: "r".into(), label: I18nText::new("Справа", "Right"), score: None },
        ];
        let v = AnswerValue::Choices(vec!["l".into(), "r".into()]);
        assert_eq!(answer_text(Some(&item), &v, Locale::Ru), "Слева, Справа");
        item.kind = ItemKind::SingleChoice;
        assert_eq!(answer_text(Some(&item), &AnswerValue::Text("r".into()), Locale::En), "Right");
        let date = Item::new("q.d", ItemKind::Date, "Дата", "Date");
        let v = AnswerValue::Text("2026-03-05".into());
        assert_eq!(answer_text(Some(&date), &v, Locale::Ru), "05.03.2026");
        assert_eq!(answer_text(Some(&date), &v, Locale::En), "5 Mar 2026");
    }
}
