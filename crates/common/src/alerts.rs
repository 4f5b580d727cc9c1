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

/// What a patient is asked to do when a rule fires (issue 14). A screen shows one action: the
/// most urgent of the rules that fired. Ordered from the least to the most urgent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "db",
    derive(sea_orm::DeriveValueType),
    sea_orm(value_type = "String", from_str = "Urgency::from_stored", to_str = "Urgency::to_stored")
)]
pub enum Urgency {
    /// The care team looks at it within the organization's answer time; home-care advice
    /// meanwhile.
    #[default]
    Review,
    /// Call the department (its 24-hour line) now.
    CallClinic,
    /// Call an ambulance: 103 or 112.
    Emergency,
}

impl Urgency {
    pub const ALL: [Self; 3] = [Self::Review, Self::CallClinic, Self::Emergency];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Review => "review",
            Self::CallClinic => "call_clinic",
            Self::Emergency => "emergency",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.as_str() == s)
    }
}

/// A step up for severe values: from `severity` on (in the rule's own measure, see
/// [`Firing::severity`]), the rule asks for `urgency`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SeverityStep {
    pub severity: f64,
    pub urgency: Urgency,
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
    /// What the patient is asked to do when it fires.
    #[serde(default)]
    pub urgency: Urgency,
    /// A more urgent action for severe values (SpO2 of 88 % is an emergency, 92 % a call).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<SeverityStep>,
    /// Home-care advice for this rule, shown under the action when the action is a review
    /// (never with a call: one screen, one instruction).
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
        Self {
            code: code.to_owned(),
            item: item.to_owned(),
            kind,
            enabled: true,
            urgency: Urgency::Review,
            step: None,
            advice: None,
        }
    }

    fn asking(mut self, urgency: Urgency) -> Self {
        self.urgency = urgency;
        self
    }

    fn stepping_to(mut self, urgency: Urgency, at_severity: f64) -> Self {
        self.step = Some(SeverityStep { severity: at_severity, urgency });
        self
    }

    /// What the patient is asked to do for a firing of this severity.
    pub fn urgency_at(&self, severity: f64) -> Urgency {
        match self.step {
            Some(step) if severity >= step.severity - 1e-9 => self.urgency.max(step.urgency),
            _ => self.urgency,
        }
    }

    /// Whether the patient is told anything when it fires: not for silence (he sent nothing).
    pub fn tells_patient(&self) -> bool {
        !matches!(self.kind, RuleKind::Silence { .. })
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
        if let Some(step) = self.step {
            if !(step.severity.is_finite() && step.severity > 0.0) {
                e.push(f("step.severity", "out_of_range", "a positive number"));
            } else if step.urgency <= self.urgency {
                e.push(f("step.urgency", "invalid_value", "a step asks for a more urgent action than the rule's"));
            }
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
        // Fever on chemotherapy may be neutropenic sepsis: the department's 24-hour line now.
        AlertRule::new("temp_high", codes::TEMP, RuleKind::Threshold { compare: Compare::AtLeast, value: 38.0 })
            .asking(Urgency::CallClinic),
        // A severe symptom (7–8) is reviewed; 9–10 is a call.
        AlertRule::new("esas_high", "esas.*", RuleKind::Threshold { compare: Compare::AtLeast, value: 7.0 })
            .stepping_to(Urgency::CallClinic, 2.0),
        AlertRule::new("pain_high", codes::PAIN, RuleKind::Threshold { compare: Compare::AtLeast, value: 7.0 })
            .stepping_to(Urgency::CallClinic, 2.0),
        // SpO2 92 % and below is a call; 88 % and below an ambulance.
        AlertRule::new("spo2_low", codes::SPO2, RuleKind::Threshold { compare: Compare::AtMost, value: 92.0 })
            .asking(Urgency::CallClinic)
            .stepping_to(Urgency::Emergency, 4.0),
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

/// What the organization tells a patient for each action (issue 14): its own words, with safe
/// defaults. The phone to call and the answer time are shown beside the text, not inside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AdviceTexts {
    pub review: I18nText,
    pub call_clinic: I18nText,
    pub emergency: I18nText,
}

impl Default for AdviceTexts {
    fn default() -> Self {
        Self {
            review: I18nText::new(
                "Ваши ответы получены. Продолжайте лечение по назначениям и заполняйте дневник.",
                "Your answers have been received. Keep to your prescriptions and keep filling in the diary.",
            ),
            call_clinic: I18nText::new(
                "Звоните в любое время суток, днём и ночью. Не ждите, пока вам позвонят.",
                "At any time of day or night. Do not wait to be called.",
            ),
            emergency: I18nText::new(
                "Это может быть опасно. Не ждите ответа в приложении.",
                "This may be dangerous. Do not wait for an answer in the app.",
            ),
        }
    }
}

impl AdviceTexts {
    pub fn for_urgency(&self, urgency: Urgency) -> &I18nText {
        match urgency {
            Urgency::Review => &self.review,
            Urgency::CallClinic => &self.call_clinic,
            Urgency::Emergency => &self.emergency,
        }
    }
}

/// The organization's numbers a patient calls and the time it promises to answer in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ClinicContacts {
    /// The department's phone (working hours).
    pub department_phone: Option<crate::domain::Phone>,
    /// The 24-hour line.
    pub hotline_phone: Option<crate::domain::Phone>,
    /// The care team looks at a report within this many hours (1–168).
    pub answer_hours: u32,
}

pub const DEFAULT_ANSWER_HOURS: u32 = 24;

impl Default for ClinicContacts {
    fn default() -> Self {
        Self { department_phone: None, hotline_phone: None, answer_hours: DEFAULT_ANSWER_HOURS }
    }
}

impl ClinicContacts {
    /// The number for "call the department now": the 24-hour line, else the department.
    pub fn call_now(&self) -> Option<&crate::domain::Phone> {
        self.hotline_phone.as_ref().or(self.department_phone.as_ref())
    }
}

/// The one thing a patient is asked to do about his open alerts.
#[derive(Debug, Clone, PartialEq)]
pub struct Advice {
    pub urgency: Urgency,
    pub text: I18nText,
    /// The number to call for [`Urgency::CallClinic`]; none otherwise (103 and 112 are fixed).
    pub phone: Option<crate::domain::Phone>,
    /// Home-care advice of the rules that fired, for a review only.
    pub tips: Vec<I18nText>,
}

/// What one open alert asks of the patient: the action for its worst value, and its rule's
/// home-care advice.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Told<'a> {
    pub urgency: Urgency,
    pub tip: Option<&'a I18nText>,
}

impl AlertRule {
    /// What a firing of this severity asks of the patient; `None` for silence.
    pub fn told(&self, severity: f64) -> Option<Told<'_>> {
        self.tells_patient().then(|| Told { urgency: self.urgency_at(severity), tip: self.advice.as_ref() })
    }
}

/// Chooses the one action for a patient's open alerts. The most urgent action wins and only its
/// text is shown; rules' home-care tips join a review only. A call with no number to call
/// becomes the emergency action — a patient is never asked to call without a number. `None`
/// when nothing is open that tells the patient anything.
pub fn select_advice(told: &[Told<'_>], texts: &AdviceTexts, contacts: &ClinicContacts) -> Option<Advice> {
    let mut urgency = told.iter().map(|t| t.urgency).max()?;
    let phone = match urgency {
        Urgency::CallClinic => match contacts.call_now() {
            Some(p) => Some(p.clone()),
            None => {
                urgency = Urgency::Emergency;
                None
            }
        },
        _ => None,
    };
    let mut tips: Vec<I18nText> = Vec::new();
    if urgency == Urgency::Review {
        for tip in told.iter().filter_map(|t| t.tip) {
            if !tips.contains(tip) {
                tips.push(tip.clone());
            }
        }
    }
    Some(Advice { urgency, text: texts.for_urgency(urgency).clone(), phone, tips })
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

    fn contacts(hotline: Option<&str>, department: Option<&str>) -> ClinicContacts {
        ClinicContacts {
            department_phone: department.map(|p| crate::domain::Phone::parse(p).unwrap()),
            hotline_phone: hotline.map(|p| crate::domain::Phone::parse(p).unwrap()),
            answer_hours: 24,
        }
    }

    fn fire_one(code: &str, item: &str, value: f64) -> (AlertRule, f64) {
        let r = rule(code);
        let f = r.fire(item, value, None).unwrap();
        (r, f.severity)
    }

    #[test]
    fn fever_asks_for_a_call_to_the_24_hour_line() {
        let (r, s) = fire_one("temp_high", codes::TEMP, 38.6);
        let c = contacts(Some("+7 495 000-00-24"), Some("+7 495 000-00-01"));
        let a = select_advice(&[r.told(s).unwrap()], &AdviceTexts::default(), &c).unwrap();
        assert_eq!(a.urgency, Urgency::CallClinic);
        assert_eq!(a.phone.unwrap().as_str(), "+7 495 000-00-24");
        assert_eq!(a.text, AdviceTexts::default().call_clinic);
        assert!(a.tips.is_empty());
    }

    #[test]
    fn the_department_serves_when_there_is_no_24_hour_line() {
        let (r, s) = fire_one("temp_high", codes::TEMP, 38.6);
        let c = contacts(None, Some("+7 495 000-00-01"));
        let a = select_advice(&[r.told(s).unwrap()], &AdviceTexts::default(), &c).unwrap();
        assert_eq!(a.phone.unwrap().as_str(), "+7 495 000-00-01");
    }

    #[test]
    fn a_call_without_a_number_becomes_the_emergency_action() {
        let (r, s) = fire_one("temp_high", codes::TEMP, 38.6);
        let a = select_advice(&[r.told(s).unwrap()], &AdviceTexts::default(), &contacts(None, None)).unwrap();
        assert_eq!((a.urgency, a.phone), (Urgency::Emergency, None));
        assert_eq!(a.text, AdviceTexts::default().emergency);
    }

    #[test]
    fn severity_steps_the_action_up_at_its_boundary() {
        let texts = AdviceTexts::default();
        let c = contacts(Some("+7 495 000-00-24"), None);
        let urgency = |code: &str, item: &str, v: f64| {
            let (r, s) = fire_one(code, item, v);
            select_advice(&[r.told(s).unwrap()], &texts, &c).unwrap().urgency
        };
        assert_eq!(urgency("esas_high", "esas.pain", 8.0), Urgency::Review);
        assert_eq!(urgency("esas_high", "esas.pain", 9.0), Urgency::CallClinic);
        assert_eq!(urgency("pain_high", codes::PAIN, 8.0), Urgency::Review);
        assert_eq!(urgency("pain_high", codes::PAIN, 9.0), Urgency::CallClinic);
        assert_eq!(urgency("spo2_low", codes::SPO2, 92.0), Urgency::CallClinic);
        assert_eq!(urgency("spo2_low", codes::SPO2, 89.0), Urgency::CallClinic);
        assert_eq!(urgency("spo2_low", codes::SPO2, 88.0), Urgency::Emergency);
    }

    #[test]
    fn never_two_contradicting_instructions() {
        // Every combination of the default rules at mild and severe values, with and without
        // phones: exactly one action, its own text only, tips only with a review, a phone only
        // with a call.
        let texts = AdviceTexts::default();
        let samples: Vec<(AlertRule, f64)> = default_rules()
            .into_iter()
            .flat_map(|r| [0.0, 1.0, 2.0, 5.0].into_iter().map(move |s| (r.clone(), s)))
            .map(|(mut r, s)| {
                r.advice = Some(I18nText::new(&format!("совет {}", r.code), &format!("tip {}", r.code)));
                (r, s)
            })
            .collect();
        for c in [contacts(None, None), contacts(Some("+7 495 000-00-24"), None)] {
            for i in 0..samples.len() {
                for j in i..samples.len() {
                    let fired = [(&samples[i].0, samples[i].1), (&samples[j].0, samples[j].1)];
                    let told: Vec<Told<'_>> = fired.iter().filter_map(|(r, s)| r.told(*s)).collect();
                    let Some(a) = select_advice(&told, &texts, &c) else {
                        assert!(fired.iter().all(|(r, _)| !r.tells_patient()));
                        continue;
                    };
                    let most = told.iter().map(|t| t.urgency).max();
                    assert!(Some(a.urgency) >= most);
                    assert_eq!(&a.text, texts.for_urgency(a.urgency));
                    let others: Vec<&I18nText> =
                        Urgency::ALL.iter().filter(|u| **u != a.urgency).map(|u| texts.for_urgency(*u)).collect();
                    assert!(!others.contains(&&a.text));
                    assert_eq!(a.urgency == Urgency::CallClinic, a.phone.is_some());
                    assert!(a.urgency == Urgency::Review || a.tips.is_empty(), "no home care beside a call");
                }
            }
        }
    }

    #[test]
    fn silence_tells_the_patient_nothing() {
        let r = rule("silence");
        assert!(r.told(3.0).is_none());
        assert!(select_advice(&[], &AdviceTexts::default(), &ClinicContacts::default()).is_none());
    }

    #[test]
    fn a_step_must_raise_the_action() {
        let mut r = rule("temp_high");
        r.step = Some(SeverityStep { severity: 1.0, urgency: Urgency::Review });
        let errs = r.check("rules[0]");
        assert_eq!(errs[0].field, "rules[0].step.urgency");
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
