//! Alert rules (MON-5) and their evaluation: pure functions, shared by the server (which
//! evaluates them in a submission's transaction) and the SPA (which draws their thresholds and
//! validates the settings form with the same checks).
//!
//! A rule names the item codes it watches — one code (`vitals.temp_c`) or a prefix ending in
//! `*` (`esas.*`) — never an item's text, so it keeps working across questionnaire versions.

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::questionnaire::{I18nText, valid_code};
use crate::templates::codes;

/// Which way a threshold points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Compare {
    /// Fires at the value or above (temperature ≥ 38.0).
    AtLeast,
    /// Fires at the value or below (SpO2 ≤ 92).
    AtMost,
}

/// What a rule checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleKind {
    /// A value at or past `value`.
    Threshold { compare: Compare, value: f64 },
    /// A value up by `delta` or more against the previous answer to the same item.
    Worsening { delta: f64 },
    /// A value `percent` % or more below the highest of the previous `days` days.
    Drop { percent: f64, days: u32 },
    /// No submission at all for `days` days (checked by a background job).
    Silence { days: u32 },
}

impl RuleKind {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Threshold { .. } => "threshold",
            Self::Worsening { .. } => "worsening",
            Self::Drop { .. } => "drop",
            Self::Silence { .. } => "silence",
        }
    }
}

/// One rule. `code` is its stable name (`temp_high`): a patient's override replaces the
/// organization's rule of the same code, and an open alert is one per patient and code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AlertRule {
    pub code: String,
    /// An item code, or a prefix ending in `*`; empty for silence.
    #[serde(default)]
    pub item: String,
    #[serde(flatten)]
    pub kind: RuleKind,
    #[serde(default = "yes")]
    pub enabled: bool,
    /// What the patient is told when it fires; the organization's advice when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<I18nText>,
}

fn yes() -> bool {
    true
}

/// A rule that fired on one value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Firing {
    pub rule: String,
    /// The item code the value is of (empty for silence).
    pub item: String,
    pub value: f64,
    /// The value it was measured against (the threshold, the previous answer, the highest of
    /// the window); for silence, the days allowed.
    pub reference: f64,
    /// How far past the rule it is, in the item's units (percent for a drop, days for
    /// silence): an open alert notifies again when a new firing's severity exceeds its worst.
    pub severity: f64,
}

impl AlertRule {
    fn new(code: &str, item: &str, kind: RuleKind) -> Self {
        Self { code: code.to_owned(), item: item.to_owned(), kind, enabled: true, advice: None }
    }

    /// Whether the rule watches item `code`.
    pub fn watches(&self, code: &str) -> bool {
        match self.item.strip_suffix('*') {
            Some(prefix) => code.starts_with(prefix),
            None => self.item == code,
        }
    }

    /// Checks one new `value` of item `code`. `reference` is what the rule measures against:
    /// the previous answer to the item (worsening) or the highest value of the window (drop);
    /// thresholds ignore it. Silence never fires here.
    pub fn fire(&self, code: &str, value: f64, reference: Option<f64>) -> Option<Firing> {
        if !self.enabled || !self.watches(code) || !value.is_finite() {
            return None;
        }
        let (fires, reference, severity) = match self.kind {
            RuleKind::Threshold { compare: Compare::AtLeast, value: t } => (value >= t, t, value - t),
            RuleKind::Threshold { compare: Compare::AtMost, value: t } => (value <= t, t, t - value),
            RuleKind::Worsening { delta } => {
                let prev = reference?;
                (value - prev >= delta - 1e-9, prev, value - prev)
            }
            RuleKind::Drop { percent, .. } => {
                let high = reference?;
                if high <= 0.0 {
                    return None;
                }
                let drop = (high - value) / high * 100.0;
                (drop >= percent - 1e-9, high, drop)
            }
            RuleKind::Silence { .. } => return None,
        };
        fires.then(|| Firing { rule: self.code.clone(), item: code.to_owned(), value, reference, severity })
    }

    /// Checks silence: `days_silent` whole days since the last submission.
    pub fn fire_silence(&self, days_silent: u32) -> Option<Firing> {
        match self.kind {
            RuleKind::Silence { days } if self.enabled && days_silent >= days => Some(Firing {
                rule: self.code.clone(),
                item: String::new(),
                value: f64::from(days_silent),
                reference: f64::from(days),
                severity: f64::from(days_silent - days),
            }),
            _ => None,
        }
    }

    pub fn check(&self, field: &str) -> Vec<FieldError> {
        let mut e = Vec::new();
        let f = |name: &str, code: &str, msg: &str| FieldError {
            field: format!("{field}.{name}"),
            code: code.to_owned(),
            message: msg.to_owned(),
        };
        if !valid_code(&self.code, 2) {
            e.push(f("code", "invalid_format", "2–64 characters of a-z, 0-9, _ and ."));
        }
        let silence = matches!(self.kind, RuleKind::Silence { .. });
        let item = self.item.strip_suffix('*').unwrap_or(&self.item);
        if silence && !self.item.is_empty() {
            e.push(f("item", "not_allowed", "a silence rule watches no item"));
        } else if !silence && !valid_code(item, 1) {
            e.push(f("item", "invalid_format", "an item code, or a prefix ending in *"));
        }
        match self.kind {
            RuleKind::Threshold { value, .. } if !value.is_finite() => {
                e.push(f("value", "invalid_format", "a finite number"))
            }
            RuleKind::Worsening { delta } if !(delta.is_finite() && delta > 0.0) => {
                e.push(f("delta", "out_of_range", "a positive number"))
            }
            RuleKind::Drop { percent, days } => {
                if !(percent.is_finite() && percent > 0.0 && percent < 100.0) {
                    e.push(f("percent", "out_of_range", "between 0 and 100"));
                }
                if !(1..=365).contains(&days) {
                    e.push(f("days", "out_of_range", "1 to 365 days"));
                }
            }
            RuleKind::Silence { days } if !(1..=90).contains(&days) => {
                e.push(f("days", "out_of_range", "1 to 90 days"))
            }
            _ => {}
        }
        if let Some(a) = &self.advice
            && (a.ru.chars().count() > 2000 || a.en.chars().count() > 2000)
        {
            e.push(f("advice", "too_long", "at most 2000 characters"));
        }
        e
    }
}

/// Checks a list of rules: each rule, and codes unique. Fields are `{field}[i].…`.
pub fn check_rules(field: &str, rules: &[AlertRule]) -> Result<(), Vec<FieldError>> {
    let mut e = Vec::new();
    if rules.len() > 50 {
        e.push(FieldError { field: field.into(), code: "too_many".into(), message: "at most 50 rules".into() });
    }
    for (i, r) in rules.iter().enumerate() {
        e.extend(r.check(&format!("{field}[{i}]")));
        if rules[..i].iter().any(|o| o.code == r.code) {
            e.push(FieldError {
                field: format!("{field}[{i}].code"),
                code: "duplicate".into(),
                message: "rule codes are unique".into(),
            });
        }
    }
    if e.is_empty() { Ok(()) } else { Err(e) }
}

/// The rules every organization starts with (MON-5).
pub fn default_rules() -> Vec<AlertRule> {
    vec![
        AlertRule::new("temp_high", codes::TEMP, RuleKind::Threshold { compare: Compare::AtLeast, value: 38.0 }),
        AlertRule::new("esas_high", "esas.*", RuleKind::Threshold { compare: Compare::AtLeast, value: 7.0 }),
        AlertRule::new("pain_high", codes::PAIN, RuleKind::Threshold { compare: Compare::AtLeast, value: 7.0 }),
        AlertRule::new("spo2_low", codes::SPO2, RuleKind::Threshold { compare: Compare::AtMost, value: 92.0 }),
        AlertRule::new("esas_worse", "esas.*", RuleKind::Worsening { delta: 2.0 }),
        AlertRule::new("pain_worse", codes::PAIN, RuleKind::Worsening { delta: 2.0 }),
        AlertRule::new("weight_loss", codes::WEIGHT, RuleKind::Drop { percent: 5.0, days: 30 }),
        AlertRule::new("silence", "", RuleKind::Silence { days: 7 }),
    ]
}

/// The organization's rules with a patient's overrides: an override replaces the rule of its
/// code, or adds a rule of a new code.
pub fn effective_rules(org: &[AlertRule], overrides: &[AlertRule]) -> Vec<AlertRule> {
    let mut out: Vec<AlertRule> =
        org.iter().map(|r| overrides.iter().find(|o| o.code == r.code).unwrap_or(r).clone()).collect();
    out.extend(overrides.iter().filter(|o| !org.iter().any(|r| r.code == o.code)).cloned());
    out
}

/// Evaluates `rules` on the numeric values of one submission. `reference(rule, code)` gives
/// what a worsening or drop rule measures against (from the patient's earlier values). One
/// firing per rule at most: the most severe of the values it watches.
pub fn evaluate(
    rules: &[AlertRule],
    values: &[(String, f64)],
    mut reference: impl FnMut(&AlertRule, &str) -> Option<f64>,
) -> Vec<Firing> {
    let mut out: Vec<Firing> = Vec::new();
    for rule in rules.iter().filter(|r| r.enabled) {
        let mut best: Option<Firing> = None;
        for (code, v) in values.iter().filter(|(c, _)| rule.watches(c)) {
            let r = match rule.kind {
                RuleKind::Worsening { .. } | RuleKind::Drop { .. } => reference(rule, code),
                _ => None,
            };
            if let Some(f) = rule.fire(code, *v, r)
                && best.as_ref().is_none_or(|b| f.severity > b.severity)
            {
                best = Some(f);
            }
        }
        out.extend(best);
    }
    out
}

/// The thresholds to draw on the chart of item `code`: `(rule code, compare, value)`.
pub fn thresholds_for(rules: &[AlertRule], code: &str) -> Vec<(String, Compare, f64)> {
    rules
        .iter()
        .filter(|r| r.enabled && r.watches(code))
        .filter_map(|r| match r.kind {
            RuleKind::Threshold { compare, value } => Some((r.code.clone(), compare, value)),
            _ => None,
        })
        .collect()
}

/// The advice every organization starts with, shown to a patient when a rule fires.
pub fn default_advice() -> I18nText {
    I18nText::new(
        "Ваш врач получил уведомление и свяжется с вами. Этот сервис не является службой экстренной \
         помощи: при температуре 38 °C и выше или тяжёлых симптомах звоните 103 или 112.",
        "Your doctor has been notified and will contact you. This service is not an emergency service: \
         with a temperature of 38 °C or more, or severe symptoms, call 103 or 112.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(code: &str) -> AlertRule {
        default_rules().into_iter().find(|r| r.code == code).unwrap()
    }

    #[test]
    fn defaults_are_valid() {
        check_rules("rules", &default_rules()).unwrap();
    }

    #[test]
    fn temperature_fires_at_38_0_not_below() {
        let r = rule("temp_high");
        assert!(r.fire(codes::TEMP, 37.9, None).is_none());
        let f = r.fire(codes::TEMP, 38.0, None).unwrap();
        assert_eq!((f.reference, f.severity), (38.0, 0.0));
        assert!(r.fire(codes::TEMP, 39.2, None).unwrap().severity > 1.0);
        assert!(r.fire(codes::PULSE, 120.0, None).is_none(), "watches its item only");
    }

    #[test]
    fn esas_fires_at_7_on_any_symptom() {
        let r = rule("esas_high");
        assert!(r.fire("esas.nausea", 6.0, None).is_none());
        assert!(r.fire("esas.nausea", 7.0, None).is_some());
        assert!(r.fire("esas.wellbeing", 10.0, None).is_some());
        assert!(r.fire("pain.now", 9.0, None).is_none());
    }

    #[test]
    fn pain_fires_at_7() {
        let r = rule("pain_high");
        assert!(r.fire(codes::PAIN, 6.0, None).is_none());
        assert!(r.fire(codes::PAIN, 7.0, None).is_some());
    }

    #[test]
    fn spo2_fires_at_92_and_below() {
        let r = rule("spo2_low");
        assert!(r.fire(codes::SPO2, 93.0, None).is_none());
        assert_eq!(r.fire(codes::SPO2, 92.0, None).unwrap().severity, 0.0);
        assert_eq!(r.fire(codes::SPO2, 88.0, None).unwrap().severity, 4.0);
    }

    #[test]
    fn worsening_needs_a_previous_answer_and_two_points() {
        let r = rule("esas_worse");
        assert!(r.fire("esas.pain", 5.0, None).is_none(), "first answer");
        assert!(r.fire("esas.pain", 5.0, Some(4.0)).is_none());
        assert!(r.fire("esas.pain", 6.0, Some(4.0)).is_some());
        assert!(r.fire("esas.pain", 2.0, Some(4.0)).is_none(), "better is not worse");
    }

    #[test]
    fn weight_drop_is_5_percent_of_the_highest() {
        let r = rule("weight_loss");
        assert!(r.fire(codes::WEIGHT, 76.0, Some(80.0)).is_some(), "exactly 5 %");
        assert!(r.fire(codes::WEIGHT, 76.1, Some(80.0)).is_none());
        assert!(r.fire(codes::WEIGHT, 70.0, None).is_none(), "no history");
        assert!((r.fire(codes::WEIGHT, 72.0, Some(80.0)).unwrap().severity - 10.0).abs() < 1e-9);
    }

    #[test]
    fn silence_fires_from_its_day() {
        let r = rule("silence");
        assert!(r.fire_silence(6).is_none());
        assert_eq!(r.fire_silence(7).unwrap().severity, 0.0);
        assert_eq!(r.fire_silence(9).unwrap().severity, 2.0);
        assert!(r.fire("anything", 1.0, None).is_none());
    }

    #[test]
    fn disabled_rules_never_fire() {
        let mut r = rule("temp_high");
        r.enabled = false;
        assert!(r.fire(codes::TEMP, 40.0, None).is_none());
    }

    #[test]
    fn one_firing_per_rule_the_most_severe() {
        let values = vec![("esas.pain".to_owned(), 8.0), ("esas.nausea".to_owned(), 9.0), ("esas.anxiety".into(), 3.0)];
        let fired = evaluate(&default_rules(), &values, |_, _| Some(2.0));
        let esas: Vec<_> = fired.iter().filter(|f| f.rule == "esas_high").collect();
        assert_eq!(esas.len(), 1);
        assert_eq!(esas[0].item, "esas.nausea");
        let worse: Vec<_> = fired.iter().filter(|f| f.rule == "esas_worse").collect();
        assert_eq!((worse.len(), worse[0].value), (1, 9.0));
    }

    #[test]
    fn overrides_replace_by_code_and_add_new_codes() {
        let mut t = rule("temp_high");
        t.kind = RuleKind::Threshold { compare: Compare::AtLeast, value: 37.5 };
        let extra =
            AlertRule::new("pulse_high", codes::PULSE, RuleKind::Threshold { compare: Compare::AtLeast, value: 120.0 });
        let eff = effective_rules(&default_rules(), &[t.clone(), extra.clone()]);
        assert_eq!(eff.len(), default_rules().len() + 1);
        assert_eq!(eff[0], t);
        assert_eq!(eff.last(), Some(&extra));
        assert_eq!(thresholds_for(&eff, codes::TEMP), vec![("temp_high".into(), Compare::AtLeast, 37.5)]);
    }

    #[test]
    fn invalid_rules_name_their_field() {
        let mut bad = rule("weight_loss");
        bad.kind = RuleKind::Drop { percent: 150.0, days: 0 };
        let errs = check_rules("rules", &[bad, rule("silence"), rule("silence")]).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["rules[0].percent", "rules[0].days", "rules[2].code"]);
    }
}
