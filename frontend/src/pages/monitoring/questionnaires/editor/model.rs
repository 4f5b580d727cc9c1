//! The questionnaire as typed, and its check: numbers that parse, then `Definition::check` —
//! the rules the server applies. Pure: tested natively.

use common::FieldError;
use common::questionnaire::{ChoiceOption, Definition, I18nText, Item, ItemKind, ShowIf};

use super::super::{field_error, parse_number};
use crate::i18n::*;

/// An option as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OptionForm {
    pub code: String,
    pub ru: String,
    pub en: String,
    pub score: String,
}

/// An item as typed. Fields of other kinds are kept while editing (switching the kind back
/// restores them) and left out of the definition.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemForm {
    pub code: String,
    pub kind: ItemKind,
    pub ru: String,
    pub en: String,
    pub hint_ru: String,
    pub hint_en: String,
    pub required: bool,
    pub options: Vec<OptionForm>,
    pub unit: String,
    pub min: String,
    pub max: String,
    pub decimals: u8,
    pub show_if_item: String,
    pub show_if_values: Vec<String>,
}

/// The questionnaire as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DefinitionForm {
    pub title_ru: String,
    pub title_en: String,
    pub description_ru: String,
    pub description_en: String,
    pub items: Vec<ItemForm>,
}

pub(super) fn text(ru: &str, en: &str) -> I18nText {
    I18nText { ru: ru.trim().to_owned(), en: en.trim().to_owned() }
}

pub(super) fn optional_text(ru: &str, en: &str) -> Option<I18nText> {
    (!ru.trim().is_empty() || !en.trim().is_empty()).then(|| text(ru, en))
}

pub(super) fn is_choice(kind: ItemKind) -> bool {
    matches!(kind, ItemKind::SingleChoice | ItemKind::MultipleChoice)
}

/// The definition the form describes, or every problem of it: numbers that do not parse,
/// then what `Definition::check` finds — the same rules the server applies.
pub fn build_definition(form: &DefinitionForm) -> Result<Definition, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut number = |field: String, text: &str| match parse_number(text) {
        Ok(v) => v,
        Err(_) => {
            errors.push(field_error(field, "invalid_format"));
            None
        }
    };
    let items: Vec<Item> = form
        .items
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let p = format!("items[{i}]");
            let choice = is_choice(f.kind);
            let numeric = f.kind == ItemKind::Number;
            let options = if choice {
                f.options
                    .iter()
                    .enumerate()
                    .map(|(j, o)| ChoiceOption {
                        code: o.code.trim().to_owned(),
                        label: text(&o.ru, &o.en),
                        score: number(format!("{p}.options[{j}].score"), &o.score),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let (min, max) = if numeric {
                (number(format!("{p}.min"), &f.min), number(format!("{p}.max"), &f.max))
            } else {
                (None, None)
            };
            Item {
                code: f.code.trim().to_owned(),
                kind: f.kind,
                label: text(&f.ru, &f.en),
                hint: optional_text(&f.hint_ru, &f.hint_en),
                required: f.required,
                options,
                unit: if numeric { Some(f.unit.trim().to_owned()).filter(|u| !u.is_empty()) } else { None },
                min,
                max,
                decimals: if numeric { f.decimals } else { 0 },
                show_if: (!f.show_if_item.trim().is_empty())
                    .then(|| ShowIf { item: f.show_if_item.trim().to_owned(), any_of: f.show_if_values.clone() }),
            }
        })
        .collect();
    let def = Definition {
        title: text(&form.title_ru, &form.title_en),
        description: optional_text(&form.description_ru, &form.description_en),
        items,
    };
    if let Err(more) = def.check() {
        let fresh: Vec<FieldError> = more.into_iter().filter(|e| !errors_has(&errors, &e.field)).collect();
        errors.extend(fresh);
    }
    if errors.is_empty() { Ok(def) } else { Err(errors) }
}

fn errors_has(errors: &[FieldError], field: &str) -> bool {
    errors.iter().any(|e| e.field == field)
}

/// Where an error of the editor is, in words: "Вопрос 3, вариант 1: Код варианта".
pub fn editor_place(i18n: leptos_i18n::I18nContext<Locale>, path: &str) -> String {
    match path {
        "code" => return t_string!(i18n, library.code).to_owned(),
        "title" => return t_string!(i18n, library.field_title).to_owned(),
        "description" => return t_string!(i18n, library.field_description).to_owned(),
        "items" => return t_string!(i18n, library.items_title).to_owned(),
        _ => {}
    }
    let Some((i, j, rest)) = parse_item_path(path) else { return path.to_owned() };
    let field = match (j.is_some(), rest.as_str()) {
        (true, "code") => t_string!(i18n, library.option_code),
        (false, "code") => t_string!(i18n, library.item_code),
        (_, "label") => t_string!(i18n, library.field_text),
        (_, "hint") => t_string!(i18n, library.field_hint),
        (_, "score") => t_string!(i18n, library.option_score),
        (_, "options") => t_string!(i18n, library.options_title),
        (_, "min") => t_string!(i18n, library.min),
        (_, "max") => t_string!(i18n, library.max),
        (_, "unit") => t_string!(i18n, library.unit),
        (_, "decimals") => t_string!(i18n, library.decimals),
        (_, "kind") => t_string!(i18n, library.item_kind),
        (_, "show_if.item" | "show_if.any_of") => t_string!(i18n, library.show_if),
        _ => return path.to_owned(),
    };
    match j {
        Some(j) => t_string!(i18n, library.place_option, n = i + 1, m = j + 1, field = field).to_string(),
        None => t_string!(i18n, library.place_item, n = i + 1, field = field).to_string(),
    }
}

/// `items[2].options[0].code` → (2, Some(0), "code"); `items[1].show_if.item` → (1, None,
/// "show_if.item"); anything else → None.
pub fn parse_item_path(path: &str) -> Option<(usize, Option<usize>, String)> {
    let rest = path.strip_prefix("items[")?;
    let (i, rest) = rest.split_once(']')?;
    let i = i.parse().ok()?;
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    if let Some(opt) = rest.strip_prefix("options[") {
        let (j, tail) = opt.split_once(']')?;
        let j = j.parse().ok()?;
        return Some((i, Some(j), tail.strip_prefix('.').unwrap_or(tail).to_owned()));
    }
    Some((i, None, rest.to_owned()))
}

// ---------------------------------------------------------------- the form as signals

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(code: &str) -> ItemForm {
        ItemForm {
            code: code.into(),
            kind: ItemKind::Scale,
            ru: "Боль".into(),
            en: String::new(),
            hint_ru: String::new(),
            hint_en: String::new(),
            required: true,
            options: vec![OptionForm { code: "stale".into(), ..OptionForm::default() }],
            unit: "kg".into(),
            min: "x".into(),
            max: String::new(),
            decimals: 2,
            show_if_item: String::new(),
            show_if_values: Vec::new(),
        }
    }

    fn form(items: Vec<ItemForm>) -> DefinitionForm {
        DefinitionForm { title_ru: " Симптомы ".into(), items, ..DefinitionForm::default() }
    }

    #[test]
    fn fields_of_other_kinds_are_left_out() {
        let def = build_definition(&form(vec![scale("q.pain")])).unwrap();
        let item = &def.items[0];
        assert_eq!(def.title.ru, "Симптомы");
        assert!(def.description.is_none());
        assert!(item.options.is_empty() && item.unit.is_none() && item.min.is_none() && item.decimals == 0);
        assert!(item.hint.is_none());
    }

    #[test]
    fn numbers_and_scores_parse_or_name_their_field() {
        let mut n = scale("q.temp");
        n.kind = ItemKind::Number;
        n.min = "34,5".into();
        n.max = "hot".into();
        let mut c = scale("q.side");
        c.kind = ItemKind::SingleChoice;
        c.options = vec![
            OptionForm { code: "l".into(), ru: "Слева".into(), en: String::new(), score: "1".into() },
            OptionForm { code: "r".into(), ru: "Справа".into(), en: String::new(), score: "two".into() },
        ];
        let errs = build_definition(&form(vec![n.clone(), c])).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert!(fields.contains(&("items[0].max", "invalid_format")), "{fields:?}");
        assert!(fields.contains(&("items[1].options[1].score", "invalid_format")), "{fields:?}");
        n.max = "43".into();
        let def = build_definition(&form(vec![n])).unwrap();
        assert_eq!(
            (def.items[0].min, def.items[0].max, def.items[0].unit.as_deref()),
            (Some(34.5), Some(43.0), Some("kg"))
        );
    }

    #[test]
    fn the_common_rules_apply_with_their_paths() {
        let mut cond = scale("q.b");
        cond.show_if_item = "q.a".into();
        cond.show_if_values = vec!["yes".into()];
        let errs = build_definition(&form(vec![scale("q.a"), scale("q.a"), cond])).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert!(fields.contains(&("items[1].code", "duplicate")), "{fields:?}");
        assert!(fields.contains(&("items[2].show_if.item", "unknown_item")), "{fields:?}");
        assert_eq!(build_definition(&form(vec![])).unwrap_err()[0].field, "items");
        let mut untitled = form(vec![scale("q.a")]);
        untitled.title_ru = "  ".into();
        assert_eq!(build_definition(&untitled).unwrap_err()[0].field, "title");
    }

    #[test]
    fn a_condition_on_an_earlier_choice_is_kept() {
        let mut side = scale("q.side");
        side.kind = ItemKind::MultipleChoice;
        side.options = vec![OptionForm { code: "left".into(), ru: "Слева".into(), ..OptionForm::default() }];
        let mut detail = scale("q.detail");
        detail.kind = ItemKind::Text;
        detail.show_if_item = "q.side".into();
        detail.show_if_values = vec!["left".into()];
        let def = build_definition(&form(vec![side, detail])).unwrap();
        assert_eq!(def.items[1].show_if, Some(ShowIf { item: "q.side".into(), any_of: vec!["left".into()] }));
    }

    #[test]
    fn error_paths_name_the_item_and_option() {
        assert_eq!(parse_item_path("items[2].options[0].code"), Some((2, Some(0), "code".into())));
        assert_eq!(parse_item_path("items[1].show_if.item"), Some((1, None, "show_if.item".into())));
        assert_eq!(parse_item_path("items[3].options"), Some((3, None, "options".into())));
        assert_eq!(parse_item_path("title"), None);
        assert_eq!(parse_item_path("items[x].code"), None);
    }
}
