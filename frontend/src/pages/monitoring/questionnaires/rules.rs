//! Alert rules (MON-5) in words and their number fields, shared by the organization's
//! settings and a patient's rules. A rule keeps its code, item and kind; people change its
//! numbers, switch it on or off, and may give it its own advice.

use common::FieldError;
use common::alerts::{AlertRule, Compare, RuleKind, Urgency};
use common::questionnaire::I18nText;
use common::templates::{self, codes};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use super::{FieldErrors, Input, error_text, field_error, format_number, lang, parse_number, plain_number};
use crate::i18n::*;
use crate::pages::monitoring::days_count;

/// The unit of the item a rule watches, from the built-in templates (`°C`, `%`, `kg`).
pub fn rule_unit(rule: &AlertRule) -> Option<String> {
    templates::all()
        .into_iter()
        .flat_map(|t| t.definition.items)
        .find(|i| i.code == rule.item)
        .and_then(|i| i.unit)
        .filter(|u| !u.is_empty())
}

/// What a rule watches, in words: "Температура", "Любой симптом ESAS-r".
pub fn rule_subject(i18n: I18nContext<Locale>, rule: &AlertRule) -> String {
    if matches!(rule.kind, RuleKind::Silence { .. }) {
        return t_string!(i18n, library.subj_silence).to_owned();
    }
    let known = match rule.item.as_str() {
        codes::TEMP => Some(t_string!(i18n, library.subj_temp)),
        codes::SPO2 => Some(t_string!(i18n, library.subj_spo2)),
        codes::WEIGHT => Some(t_string!(i18n, library.subj_weight)),
        codes::PULSE => Some(t_string!(i18n, library.subj_pulse)),
        codes::PAIN => Some(t_string!(i18n, library.subj_pain)),
        codes::ECOG => Some(t_string!(i18n, library.subj_ecog)),
        "esas.*" => Some(t_string!(i18n, library.subj_esas_any)),
        _ => None,
    };
    if let Some(k) = known {
        return k.to_owned();
    }
    if let Some(prefix) = rule.item.strip_suffix('*') {
        return t_string!(i18n, library.subj_prefix, prefix = format!("{prefix}*")).to_string();
    }
    let label = templates::all()
        .into_iter()
        .flat_map(|t| t.definition.items)
        .find(|i| i.code == rule.item)
        .map(|i| i.label.get(lang(i18n)).to_owned());
    label.unwrap_or_else(|| rule.item.clone())
}

fn with_unit(i18n: I18nContext<Locale>, v: f64, unit: Option<&str>) -> String {
    match unit {
        Some(u) => format!("{} {u}", format_number(i18n, v)),
        None => format_number(i18n, v),
    }
}

/// What makes it fire, with its numbers: "при значении 38 °C и выше".
pub fn rule_sentence(i18n: I18nContext<Locale>, rule: &AlertRule) -> String {
    let unit = rule_unit(rule);
    let unit = unit.as_deref();
    match rule.kind {
        RuleKind::Threshold { compare: Compare::AtLeast, value } => {
            t_string!(i18n, library.rule_at_least, value = with_unit(i18n, value, unit)).to_string()
        }
        RuleKind::Threshold { compare: Compare::AtMost, value } => {
            t_string!(i18n, library.rule_at_most, value = with_unit(i18n, value, unit)).to_string()
        }
        RuleKind::Worsening { delta } => {
            t_string!(i18n, library.rule_worsening, delta = with_unit(i18n, delta, unit)).to_string()
        }
        RuleKind::Drop { percent, days } => t_string!(
            i18n,
            library.rule_drop,
            percent = format_number(i18n, percent),
            days = days_count(i18n, f64::from(days))
        )
        .to_string(),
        RuleKind::Silence { days } => {
            t_string!(i18n, library.rule_silence, days = days_count(i18n, f64::from(days))).to_string()
        }
    }
}

/// The numbers alone, for a column: "38 °C", "+2", "−5 % за 30 дней", "7 дней".
pub fn rule_values(i18n: I18nContext<Locale>, rule: &AlertRule) -> String {
    let unit = rule_unit(rule);
    let unit = unit.as_deref();
    let values = match rule.kind {
        RuleKind::Threshold { compare: Compare::AtLeast, value } => format!("≥ {}", with_unit(i18n, value, unit)),
        RuleKind::Threshold { compare: Compare::AtMost, value } => format!("≤ {}", with_unit(i18n, value, unit)),
        RuleKind::Worsening { delta } => format!("+{}", with_unit(i18n, delta, unit)),
        RuleKind::Drop { percent, days } => t_string!(
            i18n,
            library.values_drop,
            percent = format_number(i18n, percent),
            days = days_count(i18n, f64::from(days))
        )
        .to_string(),
        RuleKind::Silence { days } => days_count(i18n, f64::from(days)),
    };
    if rule.enabled { values } else { format!("{values} · {}", t_string!(i18n, library.rule_off)) }
}

/// Where an error of a rule is, in words: "Температура · Порог".
pub fn rule_place(i18n: I18nContext<Locale>, rule: &AlertRule, field: &str) -> String {
    let name = match (field, &rule.kind) {
        ("value", _) => t_string!(i18n, library.param_threshold),
        ("delta", _) => t_string!(i18n, library.param_delta),
        ("percent", _) => t_string!(i18n, library.param_percent),
        ("days", RuleKind::Silence { .. }) => t_string!(i18n, library.param_silence_days),
        ("days", _) => t_string!(i18n, library.param_days),
        ("advice", _) => t_string!(i18n, library.own_advice),
        _ => "",
    };
    let subject = rule_subject(i18n, rule);
    if name.is_empty() { subject } else { format!("{subject} · {name}") }
}

/// A rule as typed: its numbers (`a`: the threshold, delta, percent or silence days; `b`: the
/// days of a drop), on/off, and its own advice.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleForm {
    pub enabled: bool,
    pub a: String,
    pub b: String,
    pub advice_ru: String,
    pub advice_en: String,
    /// What the patient is asked to do when it fires (issue 14).
    pub urgency: Urgency,
}

impl RuleForm {
    pub fn of(rule: &AlertRule) -> Self {
        let (a, b) = match rule.kind {
            RuleKind::Threshold { value, .. } => (plain_number(value), String::new()),
            RuleKind::Worsening { delta } => (plain_number(delta), String::new()),
            RuleKind::Drop { percent, days } => (plain_number(percent), days.to_string()),
            RuleKind::Silence { days } => (days.to_string(), String::new()),
        };
        let advice = rule.advice.clone().unwrap_or_default();
        Self { enabled: rule.enabled, a, b, advice_ru: advice.ru, advice_en: advice.en, urgency: rule.urgency }
    }
}

fn parse_days(text: &str) -> Result<u32, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Err(());
    }
    t.parse::<u32>().map_err(|_| ())
}

/// `base` with the typed numbers; errors at `{path}.value|delta|percent|days` for numbers that
/// do not parse (the ranges are `AlertRule::check`'s).
pub fn build_rule(base: &AlertRule, form: &RuleForm, path: &str) -> (AlertRule, Vec<FieldError>) {
    let mut errors = Vec::new();
    let mut number = |name: &str, text: &str, fallback: f64| match parse_number(text) {
        Ok(Some(v)) => v,
        Ok(None) => {
            errors.push(field_error(format!("{path}.{name}"), "required"));
            fallback
        }
        Err(_) => {
            errors.push(field_error(format!("{path}.{name}"), "invalid_format"));
            fallback
        }
    };
    let kind = match base.kind {
        RuleKind::Threshold { compare, value } => {
            RuleKind::Threshold { compare, value: number("value", &form.a, value) }
        }
        RuleKind::Worsening { delta } => RuleKind::Worsening { delta: number("delta", &form.a, delta) },
        RuleKind::Drop { percent, days } => {
            let percent = number("percent", &form.a, percent);
            let days = parse_days(&form.b).unwrap_or_else(|()| {
                errors.push(field_error(format!("{path}.days"), "invalid_format"));
                days
            });
            RuleKind::Drop { percent, days }
        }
        RuleKind::Silence { days } => RuleKind::Silence {
            days: parse_days(&form.a).unwrap_or_else(|()| {
                errors.push(field_error(format!("{path}.days"), "invalid_format"));
                days
            }),
        },
    };
    let advice = (!form.advice_ru.trim().is_empty() || !form.advice_en.trim().is_empty())
        .then(|| I18nText { ru: form.advice_ru.trim().to_owned(), en: form.advice_en.trim().to_owned() });
    // A severity step that no longer raises the chosen action is dropped.
    let step = base.step.filter(|s| s.urgency > form.urgency);
    let rule = AlertRule {
        code: base.code.clone(),
        item: base.item.clone(),
        kind,
        enabled: form.enabled,
        urgency: form.urgency,
        step,
        advice,
    };
    (rule, errors)
}

/// A rule being edited.
#[derive(Debug, Clone, Copy)]
pub struct RuleDraft {
    pub base: StoredValue<AlertRule>,
    pub enabled: RwSignal<bool>,
    pub a: RwSignal<String>,
    pub b: RwSignal<String>,
    pub advice_ru: RwSignal<String>,
    pub advice_en: RwSignal<String>,
    pub urgency: RwSignal<Urgency>,
}

impl RuleDraft {
    pub fn new(rule: &AlertRule) -> Self {
        let f = RuleForm::of(rule);
        Self {
            base: StoredValue::new(rule.clone()),
            enabled: RwSignal::new(f.enabled),
            a: RwSignal::new(f.a),
            b: RwSignal::new(f.b),
            advice_ru: RwSignal::new(f.advice_ru),
            advice_en: RwSignal::new(f.advice_en),
            urgency: RwSignal::new(f.urgency),
        }
    }

    /// Back to `rule`'s values.
    pub fn reset(&self, rule: &AlertRule) {
        let f = RuleForm::of(rule);
        self.enabled.set(f.enabled);
        self.a.set(f.a);
        self.b.set(f.b);
        self.advice_ru.set(f.advice_ru);
        self.advice_en.set(f.advice_en);
        self.urgency.set(f.urgency);
    }

    pub fn form(&self) -> RuleForm {
        RuleForm {
            enabled: self.enabled.get_untracked(),
            a: self.a.get_untracked(),
            b: self.b.get_untracked(),
            advice_ru: self.advice_ru.get_untracked(),
            advice_en: self.advice_en.get_untracked(),
            urgency: self.urgency.get_untracked(),
        }
    }

    /// The rule as typed so far (tracked), for its live sentence; unparsed numbers keep the
    /// original's.
    pub fn preview(&self) -> AlertRule {
        let form = RuleForm {
            enabled: self.enabled.get(),
            a: self.a.get(),
            b: self.b.get(),
            advice_ru: String::new(),
            advice_en: String::new(),
            urgency: self.urgency.get(),
        };
        self.base.with_value(|b| build_rule(b, &form, "").0)
    }

    pub fn code(&self) -> String {
        self.base.with_value(|b| b.code.clone())
    }
}

/// The message of a rule field's error: day limits depend on the kind.
fn rule_error(i18n: I18nContext<Locale>, base: &AlertRule, path: &str, code: &str) -> String {
    if code == "out_of_range" && path.ends_with(".days") {
        return match base.kind {
            RuleKind::Silence { .. } => t_string!(i18n, library.err_silence_days).to_owned(),
            _ => t_string!(i18n, library.err_drop_days).to_owned(),
        };
    }
    error_text(i18n, path, code)
}

/// A translated label, chosen before the locale is known.
type Label = fn(I18nContext<Locale>) -> &'static str;

/// The number fields of a rule; ids start with `id`, errors are looked up under `path`.
#[component]
pub fn RuleParams(
    d: RuleDraft,
    #[prop(into)] id: String,
    errors: FieldErrors,
    #[prop(into)] path: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let base = d.base.get_value();
    let unit = rule_unit(&base);
    let err = move |name: &'static str| {
        Signal::derive(move || {
            let p = format!("{}.{name}", path.get());
            errors.code_at(&p).map(|c| d.base.with_value(|b| rule_error(i18n, b, &p, &c)))
        })
    };
    let clear =
        move |name: &'static str| Callback::new(move |()| errors.clear_at(&format!("{}.{name}", path.get_untracked())));
    let labelled = move |label: &'static str, unit: Option<String>| match unit {
        Some(u) => format!("{label}, {u}"),
        None => label.to_owned(),
    };
    let (a_name, a_label, a_mode): (&'static str, Label, &'static str) = match base.kind {
        RuleKind::Threshold { .. } => ("value", |i| t_string!(i, library.param_threshold), "decimal"),
        RuleKind::Worsening { .. } => ("delta", |i| t_string!(i, library.param_delta), "decimal"),
        RuleKind::Drop { .. } => ("percent", |i| t_string!(i, library.param_percent), "decimal"),
        RuleKind::Silence { .. } => ("days", |i| t_string!(i, library.param_silence_days), "numeric"),
    };
    let a_unit = match base.kind {
        RuleKind::Threshold { .. } | RuleKind::Worsening { .. } => unit,
        _ => None,
    };
    let is_drop = matches!(base.kind, RuleKind::Drop { .. });
    let b_id = format!("{id}-b");
    view! {
        <div class="rule-params">
            <Input
                id=format!("{id}-a")
                label=move || labelled(a_label(i18n), a_unit.clone())
                value=d.a
                error=err(a_name)
                inputmode=a_mode
                required=true
                class="rule-params__field"
                on_edit=clear(a_name)
            />
            {is_drop.then(|| view! {
                <Input
                    id=b_id.clone()
                    label=move || t_string!(i18n, library.param_days)
                    value=d.b
                    error=err("days")
                    inputmode="numeric"
                    required=true
                    class="rule-params__field"
                    on_edit=clear("days")
                />
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::alerts::default_rules;

    fn rule(code: &str) -> AlertRule {
        default_rules().into_iter().find(|r| r.code == code).unwrap()
    }

    #[test]
    fn forms_round_trip_every_default_rule() {
        for r in default_rules() {
            let (back, errors) = build_rule(&r, &RuleForm::of(&r), "rules[0]");
            assert!(errors.is_empty(), "{}: {errors:?}", r.code);
            assert_eq!(back, r);
        }
    }

    #[test]
    fn typed_numbers_replace_the_rule_s() {
        let temp = rule("temp_high");
        let form = RuleForm { a: "37,8".into(), ..RuleForm::of(&temp) };
        let (r, errors) = build_rule(&temp, &form, "rules[0]");
        assert!(errors.is_empty());
        assert_eq!(r.kind, RuleKind::Threshold { compare: Compare::AtLeast, value: 37.8 });
        let weight = rule("weight_loss");
        let form = RuleForm { a: "x".into(), b: "3.5".into(), ..RuleForm::of(&weight) };
        let fields: Vec<_> = build_rule(&weight, &form, "rules[6]").1.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["rules[6].percent", "rules[6].days"]);
        let silence = rule("silence");
        let form = RuleForm { a: String::new(), ..RuleForm::of(&silence) };
        assert_eq!(build_rule(&silence, &form, "rules[7]").1[0].field, "rules[7].days");
    }

    #[test]
    fn own_advice_is_kept_only_when_written() {
        let temp = rule("temp_high");
        let form =
            RuleForm { advice_ru: " Примите жаропонижающее ".into(), ..RuleForm::of(&temp) };
        let advice = build_rule(&temp, &form, "r").0.advice.unwrap();
        assert_eq!((advice.ru.as_str(), advice.en.as_str()), ("Примите жаропонижающее", ""));
        assert!(build_rule(&temp, &RuleForm::of(&temp), "r").0.advice.is_none());
    }

    #[test]
    fn units_come_from_the_templates() {
        assert_eq!(rule_unit(&rule("temp_high")).as_deref(), Some("°C"));
        assert_eq!(rule_unit(&rule("spo2_low")).as_deref(), Some("%"));
        assert_eq!(rule_unit(&rule("esas_high")), None);
    }
}
