//! The doctor's and the assistant's side of remote monitoring (MON-4, MON-5): "Monitoring" —
//! their patients, attention first — and one patient's monitoring page: open alerts with their
//! acknowledgement, charts over a chosen period, answered questionnaires and assignments.
//!
//! This module holds what the pages share: numbers, units, counts and durations in words, an
//! alert's rule in words, a schedule in words, the trend mark.

pub(crate) mod alerts;
pub(crate) mod assignments;
pub(crate) mod charts;
pub mod list;
pub mod patient;
pub mod questionnaires;
pub(crate) mod submissions;
mod worklist;

use chrono::NaiveDate;
use common::alerts::{AlertRule, Compare, RuleKind, Urgency};
use common::monitoring::{AlertDto, AlertReasonDto, Trend};
use common::questionnaire::{I18nText, Repeat, Schedule, format_number};
use common::templates::codes;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::components::datetime::format_day;
use crate::i18n::*;

/// The product's language of `i18n`, for texts of `common`.
pub fn locale(i18n: I18nContext<Locale>) -> common::Locale {
    match i18n.get_locale() {
        Locale::en => common::Locale::En,
        Locale::ru => common::Locale::Ru,
    }
}

/// A two-language text in the reader's language.
pub fn text(i18n: I18nContext<Locale>, t: &I18nText) -> String {
    t.get(locale(i18n)).to_owned()
}

pub use common::locale::{Plural, plural_ru};

/// The words of a count in the plural form `$n` takes (one / few / many, as `common` says for
/// the locale): `counted!(i18n, n, monitoring.days_one | monitoring.days_few |
/// monitoring.days_many, n = text)`.
macro_rules! counted {
    ($i18n:expr, $n:expr, $($one:ident).+ | $($few:ident).+ | $($many:ident).+, $($arg:tt)+) => {
        match plural($i18n, $n) {
            Plural::One => t_string!($i18n, $($one).+, $($arg)+).to_string(),
            Plural::Few => t_string!($i18n, $($few).+, $($arg)+).to_string(),
            Plural::Many => t_string!($i18n, $($many).+, $($arg)+).to_string(),
        }
    };
}

/// The grammatical number a count takes in the reader's language (one rule, in `common`).
pub fn plural(i18n: I18nContext<Locale>, n: f64) -> Plural {
    locale(i18n).plural(n)
}

/// A number with at most two decimals, a decimal comma in Russian, a true minus sign.
pub fn num(i18n: I18nContext<Locale>, v: f64) -> String {
    let s = format_number(v, 2).replace('-', "−");
    match i18n.get_locale() {
        Locale::ru => s.replace('.', ","),
        Locale::en => s,
    }
}

/// An item's unit as the reader writes it (`kg` → `кг`): the one table of `common::answers`.
pub fn unit_label(i18n: I18nContext<Locale>, unit: &str) -> String {
    let locale = match i18n.get_locale() {
        Locale::ru => common::Locale::Ru,
        Locale::en => common::Locale::En,
    };
    common::answers::unit_text(locale, unit)
}

/// "38,4 °C", "8".
pub fn with_unit(i18n: I18nContext<Locale>, v: f64, unit: Option<&str>) -> String {
    match unit.filter(|u| !u.is_empty()) {
        Some(u) => format!("{} {}", num(i18n, v), unit_label(i18n, u)),
        None => num(i18n, v),
    }
}

/// "7 дней", "1 day".
pub fn days_count(i18n: I18nContext<Locale>, n: f64) -> String {
    let n_text = num(i18n, n);
    counted!(i18n, n, monitoring.days_one | monitoring.days_few | monitoring.days_many, n = n_text)
}

/// "2 балла", "1 point".
pub fn points_count(i18n: I18nContext<Locale>, n: f64) -> String {
    let n_text = num(i18n, n);
    counted!(i18n, n, monitoring.points_one | monitoring.points_few | monitoring.points_many, n = n_text)
}

/// "1 значение", "5 значений", "1 value".
pub fn values_count(i18n: I18nContext<Locale>, n: usize) -> String {
    #[expect(clippy::cast_precision_loss, reason = "a count of chart points")]
    let f = n as f64;
    counted!(i18n, f, monitoring.values_one | monitoring.values_few | monitoring.values_many, n = n)
}

/// "70 лет", "1 year": an age.
pub fn years_count(i18n: I18nContext<Locale>, n: i64) -> String {
    #[expect(clippy::cast_precision_loss, reason = "an age in years")]
    let f = n as f64;
    counted!(i18n, f, monitoring.years_one | monitoring.years_few | monitoring.years_many, n = n)
}

/// A sentence with its full stop, not doubled when it already ends with an abbreviation's
/// point ("… 120 мм рт. ст.").
pub fn end_sentence(mut s: String) -> String {
    if !s.ends_with('.') {
        s.push('.');
    }
    s
}

/// "3 сигнала", "1 alert".
pub fn alerts_count(i18n: I18nContext<Locale>, n: u32) -> String {
    counted!(i18n, f64::from(n), monitoring.alerts_one | monitoring.alerts_few | monitoring.alerts_many, n = n)
}

/// "сегодня", "вчера", "3 дня назад" for a day `days` before today.
pub fn ago(i18n: I18nContext<Locale>, days: i64) -> String {
    match days {
        i64::MIN..=0 => t_string!(i18n, monitoring.today).to_owned(),
        1 => t_string!(i18n, monitoring.yesterday).to_owned(),
        n => {
            #[expect(clippy::cast_precision_loss, reason = "a count of days")]
            let f = n as f64;
            counted!(i18n, f, monitoring.days_ago_one | monitoring.days_ago_few | monitoring.days_ago_many, n = n)
        }
    }
}

/// A duration as it is said: whole minutes, hours and minutes, or days and hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    UnderMinute,
    Minutes(i64),
    HoursMinutes(i64, i64),
    DaysHours(i64, i64),
}

impl Span {
    pub fn of_seconds(secs: i64) -> Self {
        let mins = secs.max(0) / 60;
        let (d, h, m) = (mins / (24 * 60), mins / 60 % 24, mins % 60);
        match (d, h, m) {
            (0, 0, 0) => Self::UnderMinute,
            (0, 0, m) => Self::Minutes(m),
            (0, h, m) => Self::HoursMinutes(h, m),
            (d, h, _) => Self::DaysHours(d, h),
        }
    }
}

/// A duration in short words: "меньше минуты", "12 мин", "2 ч 5 мин", "3 дн. 4 ч".
pub fn duration(i18n: I18nContext<Locale>, secs: i64) -> String {
    match Span::of_seconds(secs) {
        Span::UnderMinute => t_string!(i18n, monitoring.dur_under_minute).to_owned(),
        Span::Minutes(m) => t_string!(i18n, monitoring.dur_minutes, m = m).to_string(),
        Span::HoursMinutes(h, m) => t_string!(i18n, monitoring.dur_hours_minutes, h = h, m = m).to_string(),
        Span::DaysHours(d, h) => t_string!(i18n, monitoring.dur_days_hours, d = d, h = h).to_string(),
    }
}

/// What an item is called in alerts and charts: the templates' items by short names
/// ("ESAS-r: Боль", "Боль"), others by their label, else their code.
pub fn item_name(i18n: I18nContext<Locale>, code: &str, label: Option<&I18nText>) -> String {
    let label = label.map(|l| text(i18n, l)).filter(|l| !l.trim().is_empty());
    if code == codes::PAIN {
        return t_string!(i18n, monitoring.item_pain).to_owned();
    }
    if code == codes::ECOG {
        return "ECOG".to_owned();
    }
    match label {
        Some(l) if code.starts_with(codes::ESAS_PREFIX) => format!("ESAS-r: {l}"),
        Some(l) => l,
        None => code.to_owned(),
    }
}

/// An alert's rule in words with its values: "Температура ≥ 38 °C: 38,4 °C", "ESAS-r: Боль 8
/// (порог 7)", "ESAS-r: Боль: ухудшение на ≥ 2 балла (4 → 8)", "Вес −6 % от максимума за 30
/// дней: 75,2 кг (максимум 80 кг)", "Нет записей 7 дней". `rule` is the rule that applies to
/// the patient now (for the direction of a threshold and a rule's step), when known.
pub fn alert_text(i18n: I18nContext<Locale>, a: &AlertDto, rule: Option<&AlertRule>) -> String {
    let name = item_name(i18n, &a.item, a.item_label.as_ref());
    let unit = a.unit.as_deref().filter(|u| !u.is_empty());
    let value = with_unit(i18n, a.worst_value, unit);
    let reference = with_unit(i18n, a.reference, unit);
    let kind = rule.map(|r| &r.kind).filter(|k| k.name() == a.rule_kind);
    match a.rule_kind.as_str() {
        "threshold" => {
            let compare = match kind {
                Some(RuleKind::Threshold { compare, .. }) => *compare,
                // Past the threshold downwards (SpO2 ≤ 92) or upwards.
                _ if a.worst_value < a.reference => Compare::AtMost,
                _ => Compare::AtLeast,
            };
            let sign = match compare {
                Compare::AtLeast => "≥",
                Compare::AtMost => "≤",
            };
            if unit.is_some() {
                t_string!(i18n, monitoring.rule_threshold, name = name, sign = sign, limit = reference, value = value)
                    .to_string()
            } else {
                let limit = match compare {
                    Compare::AtLeast => reference,
                    Compare::AtMost => format!("≤ {reference}"),
                };
                t_string!(i18n, monitoring.rule_threshold_scale, name = name, value = value, limit = limit).to_string()
            }
        }
        "worsening" => match kind {
            Some(RuleKind::Worsening { delta }) => {
                let step = match unit {
                    Some(_) => with_unit(i18n, *delta, unit),
                    None => points_count(i18n, *delta),
                };
                t_string!(i18n, monitoring.rule_worsening, name = name, delta = step, from = reference, to = value)
                    .to_string()
            }
            _ => {
                t_string!(i18n, monitoring.rule_worsening_plain, name = name, from = reference, to = value).to_string()
            }
        },
        "drop" => {
            let percent = if a.reference > 0.0 { (a.reference - a.worst_value) / a.reference * 100.0 } else { 0.0 };
            let percent = num(i18n, (percent * 10.0).round() / 10.0);
            match kind {
                Some(RuleKind::Drop { days, .. }) => {
                    let days = days_count(i18n, f64::from(*days));
                    t_string!(
                        i18n,
                        monitoring.rule_drop,
                        name = name,
                        percent = percent,
                        days = days,
                        value = value,
                        max = reference
                    )
                    .to_string()
                }
                _ => t_string!(
                    i18n,
                    monitoring.rule_drop_plain,
                    name = name,
                    percent = percent,
                    value = value,
                    max = reference
                )
                .to_string(),
            }
        }
        "silence" => t_string!(i18n, monitoring.rule_silence, days = days_count(i18n, a.worst_value)).to_string(),
        _ => format!("{}: {value}", a.rule),
    }
}

/// A weekday (1 = Monday) in short: "пн" / "Mon".
pub fn weekday_short(i18n: I18nContext<Locale>, n: u8) -> &'static str {
    match n {
        1 => t_string!(i18n, monitoring.wd_1),
        2 => t_string!(i18n, monitoring.wd_2),
        3 => t_string!(i18n, monitoring.wd_3),
        4 => t_string!(i18n, monitoring.wd_4),
        5 => t_string!(i18n, monitoring.wd_5),
        6 => t_string!(i18n, monitoring.wd_6),
        _ => t_string!(i18n, monitoring.wd_7),
    }
}

/// A schedule in words: "ежедневно", "по пн, чт", "однократно 5 дек. 2026 г."; with "с …"
/// when it starts after `today` and "до …" when it has a last day.
pub fn schedule_text(i18n: I18nContext<Locale>, s: &Schedule, today: NaiveDate) -> String {
    let mut out = match &s.repeat {
        Repeat::Once => return t_string!(i18n, monitoring.sched_once, date = format_day(i18n, s.start)).to_string(),
        Repeat::Daily => t_string!(i18n, monitoring.sched_daily).to_owned(),
        Repeat::Weekly { days } => {
            let mut days = days.clone();
            days.sort_unstable();
            days.dedup();
            let names = days.iter().map(|d| weekday_short(i18n, *d)).collect::<Vec<_>>().join(", ");
            t_string!(i18n, monitoring.sched_weekly, days = names).to_string()
        }
    };
    if s.start > today {
        out.push_str(&t_string!(i18n, monitoring.sched_from, date = format_day(i18n, s.start)).to_string());
    }
    if let Some(until) = s.until {
        out.push_str(&t_string!(i18n, monitoring.sched_until, date = format_day(i18n, until)).to_string());
    }
    out
}

/// A text chosen when rendered (the language may change).
type Label = fn(I18nContext<Locale>) -> &'static str;

/// The trend: an arrow and a word, never colour alone.
#[component]
pub fn TrendMark(trend: Trend) -> impl IntoView {
    let i18n = use_i18n();
    let (class, path, label): (&str, &str, Label) = match trend {
        Trend::Worse => ("trend trend--worse", "M5 19L19 5M9 5h10v10", |i| t_string!(i, monitoring.trend_worse)),
        Trend::Stable => ("trend trend--stable", "M4 12h15M13 6l6 6-6 6", |i| t_string!(i, monitoring.trend_stable)),
        Trend::Better => ("trend trend--better", "M5 5l14 14M19 9v10H9", |i| t_string!(i, monitoring.trend_better)),
        Trend::Unknown => ("trend trend--unknown", "M6 12h12", |i| t_string!(i, monitoring.trend_unknown)),
    };
    let name = match trend {
        Trend::Worse => "worse",
        Trend::Stable => "stable",
        Trend::Better => "better",
        Trend::Unknown => "unknown",
    };
    view! {
        <span class=class data-trend=name>
            <crate::components::icons::Icon d=path size=18 stroke_width="2.4" />
            {move || label(i18n)}
        </span>
    }
}

/// "2 сигнала" in the danger colour with an icon; "escalated" beside it when one was.
/// Why an alert is open, short, for a list row: "Температура 38,6 °C", "Боль 8/10 ↑2", "Вес −6 %",
/// "нет дневника 4 дня".
pub fn reason_short(i18n: I18nContext<Locale>, r: &AlertReasonDto) -> String {
    let name = item_name(i18n, &r.item, r.item_label.as_ref());
    let unit = r.unit.as_deref().filter(|u| !u.is_empty());
    let value = match unit {
        Some(_) => with_unit(i18n, r.value, unit),
        None => format!("{}/10", num(i18n, r.value)),
    };
    match r.rule_kind.as_str() {
        "silence" => t_string!(i18n, care.reason_silence, days = days_count(i18n, r.value)).to_string(),
        "drop" => format!("{name} −{} %", num(i18n, drop_percent(r))),
        "worsening" => format!("{name} {value} ↑{}", num(i18n, r.value - r.reference)),
        _ => format!("{name} {value}"),
    }
}

/// How far below the window's highest value a drop fell, in percent.
fn drop_percent(r: &AlertReasonDto) -> f64 {
    if r.reference > 0.0 { ((r.reference - r.value) / r.reference * 100.0).round() } else { 0.0 }
}

/// The reason of an alert of the worklist (the same words as the list's).
pub fn alert_reason(a: &AlertDto) -> AlertReasonDto {
    AlertReasonDto {
        alert_id: a.id,
        rule: a.rule.clone(),
        rule_kind: a.rule_kind.clone(),
        item: a.item.clone(),
        item_label: a.item_label.clone(),
        unit: a.unit.clone(),
        value: a.worst_value,
        reference: a.reference,
        urgency: a.urgency,
        opened_at: a.opened_at,
    }
}

/// The worst open alert of a patient, in words, with how many more are open and whether one
/// escalated.
#[component]
pub fn WorstAlert(worst: AlertReasonDto, count: u32, escalated: bool) -> impl IntoView {
    let i18n = use_i18n();
    let more = count.saturating_sub(1);
    let urgency = worst.urgency.as_str();
    let class = match worst.urgency {
        Urgency::Review => "badge badge--warning",
        _ => "badge badge--danger",
    };
    view! {
        <span class="alert-count">
            <span class=class data-testid="alert-badge" data-count=count data-urgency=urgency>
                <crate::components::icons::WarningIcon size=16 />
                {move || reason_short(i18n, &worst)}
            </span>
            {(more > 0).then(|| view! {
                <span class="hint" data-testid="more-alerts">{move || t_string!(i18n, care.more_alerts, n = more).to_string()}</span>
            })}
            {escalated.then(|| view! {
                <span class="badge badge--warning" data-testid="escalated">
                    <span class="badge__dot" aria-hidden="true"></span>
                    {move || t_string!(i18n, monitoring.escalated)}
                </span>
            })}
        </span>
    }
}

#[component]
pub fn AlertCount(count: u32, escalated: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="alert-count">
            <span class="badge badge--danger" data-testid="alert-badge" data-count=count>
                <crate::components::icons::WarningIcon size=16 />
                {move || alerts_count(i18n, count)}
            </span>
            {escalated.then(|| view! {
                <span class="badge badge--warning" data-testid="escalated">
                    <span class="badge__dot" aria-hidden="true"></span>
                    {move || t_string!(i18n, monitoring.escalated)}
                </span>
            })}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_seconds() {
        assert_eq!(Span::of_seconds(-5), Span::UnderMinute);
        assert_eq!(Span::of_seconds(59), Span::UnderMinute);
        assert_eq!(Span::of_seconds(12 * 60 + 30), Span::Minutes(12));
        assert_eq!(Span::of_seconds(2 * 3600 + 5 * 60), Span::HoursMinutes(2, 5));
        assert_eq!(Span::of_seconds(3 * 86400 + 4 * 3600 + 59), Span::DaysHours(3, 4));
    }

    #[test]
    fn a_sentence_gets_one_full_stop() {
        assert_eq!(end_sentence("последнее 120 мм рт. ст.".into()), "последнее 120 мм рт. ст.");
        assert_eq!(end_sentence("last 38.4 °C".into()), "last 38.4 °C.");
    }

    #[test]
    fn russian_plurals() {
        let forms: Vec<Plural> =
            [1.0, 2.0, 4.0, 5.0, 11.0, 12.0, 21.0, 22.0, 25.0, 111.0, 0.0, 2.5].into_iter().map(plural_ru).collect();
        use Plural::*;
        assert_eq!(forms, vec![One, Few, Few, Many, Many, Many, One, Few, Many, Many, Many, Few]);
    }
}
