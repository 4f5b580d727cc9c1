//! `/admin/monitoring`: the organization's monitoring settings (MON-5, issue 14) — the alert
//! rules in words with their numbers, on/off, the action each asks of the patient and its own
//! home-care advice; the organization's words for each action; its phones, promised answer
//! time and reply templates; the escalation limit and the duty doctor alerts escalate to; the
//! hour of reminders.

use common::ErrorCode;
use common::alerts::{AdviceTexts, ClinicContacts, Urgency};
use common::auth::{MembershipStatus, Role, StaffMemberDto};
use common::domain::Phone;
use common::ids::MembershipId;
use common::monitoring::MonitoringSettingsDto;
use common::questionnaire::I18nText;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use super::rules::{RuleDraft, RuleParams, build_rule, rule_place, rule_sentence, rule_subject};
use super::{Area, ErrorSummary, FieldErrors, Input, error_signal, field_error};
use crate::api::{self, ApiError};
use crate::components::feedback::{ErrorPanel, Skeleton, error_message};
use crate::components::form::{ActionForm, Refused};
use crate::components::page::{Loaded, PageHeader, RolePage};
use crate::components::table::{CardTable, Cell, Column};
use crate::components::ui::use_toasts;
use crate::i18n::*;

#[component]
pub fn MonitoringSettingsPage() -> impl IntoView {
    view! {
        <RolePage title=|i| t_string!(i, library.settings_title) roles=&[Role::Organizer]>
            <Settings />
        </RolePage>
    }
}

#[component]
fn Settings() -> impl IntoView {
    let i18n = use_i18n();
    let settings = LocalResource::new(api::monitoring::admin::monitoring_settings);
    view! {
        <section class="page" data-page="monitoring-settings">
            <PageHeader title=move || t_string!(i18n, library.settings_title) lead=move || t_string!(i18n, library.settings_lead) />
            <Suspense fallback=|| view! { <div class="card"><Skeleton lines=8 /></div> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(s) => view! { <SettingsForm initial=s /> }.into_any(),
                        Err(e) => view! {
                            <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| settings.refetch()) />
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// "2 ч 30 мин", "45 мин", "3 ч".
pub fn hours_minutes(i18n: I18nContext<Locale>, minutes: u32) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => t_string!(i18n, library.minutes, m = m).to_string(),
        (h, 0) => t_string!(i18n, library.hours, h = h).to_string(),
        (h, m) => t_string!(i18n, library.hours_minutes, h = h, m = m).to_string(),
    }
}

/// The escalation limit as typed: whole minutes.
pub fn parse_minutes(text: &str) -> Option<u32> {
    text.trim().parse::<u32>().ok()
}

const COL_RULE: Column = Column::new(|i| t_string!(i, library.col_rule));
const COL_VALUES: Column = Column::new(|i| t_string!(i, library.col_values));
const COL_ENABLED: Column = Column::new(|i| t_string!(i, library.col_enabled));

#[component]
fn SettingsForm(initial: MonitoringSettingsDto) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let rules: Vec<RuleDraft> = initial.rules.iter().map(RuleDraft::new).collect();
    let rules = StoredValue::new(rules);
    let texts = AdviceDraft::new(&initial.advice);
    let phone_text = |p: &Option<Phone>| p.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let department = RwSignal::new(phone_text(&initial.contacts.department_phone));
    let hotline = RwSignal::new(phone_text(&initial.contacts.hotline_phone));
    let answer_hours = RwSignal::new(initial.contacts.answer_hours.to_string());
    let templates = RwSignal::new(initial.reply_templates.join("\n"));
    let escalation = RwSignal::new(initial.escalation_minutes.to_string());
    let covering = RwSignal::new(initial.covering_doctor_id);
    let reminder = RwSignal::new(initial.reminder_hour);
    let errors = FieldErrors::with_text(crate::pages::monitoring::questionnaires::error_text);
    let doctors = LocalResource::new(|| api::organization::all_staff(Some(Role::Doctor)));

    // A failed check or a 422 lists every error in the `ErrorSummary`, which takes the focus
    // (the rules are many rows).
    let check = move || {
        let mut problems = Vec::new();
        let built: Vec<_> = rules.with_value(|rs| {
            rs.iter()
                .enumerate()
                .map(|(i, d)| {
                    let (rule, errs) = d.base.with_value(|b| build_rule(b, &d.form(), &format!("rules[{i}]")));
                    problems.extend(errs);
                    rule
                })
                .collect()
        });
        let minutes = parse_minutes(&escalation.get_untracked());
        if minutes.is_none() {
            problems.push(field_error("escalation_minutes", "invalid_format"));
        }
        let mut phone = |field: &str, text: String| {
            Phone::parse_optional(&text).unwrap_or_else(|_| {
                problems.push(field_error(format!("contacts.{field}"), "invalid_format"));
                None
            })
        };
        let contacts = ClinicContacts {
            department_phone: phone("department_phone", department.get_untracked()),
            hotline_phone: phone("hotline_phone", hotline.get_untracked()),
            answer_hours: parse_minutes(&answer_hours.get_untracked()).unwrap_or_else(|| {
                problems.push(field_error("contacts.answer_hours", "invalid_format"));
                0
            }),
        };
        let dto = MonitoringSettingsDto {
            rules: built,
            advice: texts.build(),
            contacts,
            reply_templates: split_templates(&templates.get_untracked()),
            escalation_minutes: minutes.unwrap_or(0),
            covering_doctor_id: covering.get_untracked(),
            reminder_hour: reminder.get_untracked(),
        };
        if let Err(more) = dto.check() {
            // A number that did not parse is already named; its range is not checked again.
            let fresh: Vec<_> = more
                .into_iter()
                .map(one_templates_field)
                .filter(|e| !problems.iter().any(|p| p.field == e.field))
                .collect();
            problems.extend(fresh);
        }
        if !problems.is_empty() {
            errors.set(problems, &[]);
            focus_summary();
            return None;
        }
        Some(dto)
    };
    let on_ok = move |saved: MonitoringSettingsDto| {
        escalation.set(saved.escalation_minutes.to_string());
        covering.set(saved.covering_doctor_id);
        reminder.set(saved.reminder_hour);
        toasts.push(t_string!(i18n, library.settings_saved).to_owned());
    };
    let refused = Callback::new(move |e: ApiError| {
        if e.code() == Some(ErrorCode::ValidationFailed) && !e.field_errors().is_empty() {
            errors
                .set(e.field_errors().into_iter().map(|(f, c)| one_templates_field(field_error(f, &c))).collect(), &[]);
            focus_summary();
            Refused::AtField
        } else {
            Refused::Alert(error_message(i18n, e.kind()).to_owned())
        }
    });

    let id_of = Callback::new(move |path: String| -> Option<String> {
        if let Some(rest) = path.strip_prefix("rules[") {
            let (i, field) = rest.split_once(']')?;
            let i: usize = i.parse().ok()?;
            let code = rules.with_value(|rs| rs.get(i).map(RuleDraft::code))?;
            let suffix = match field.trim_start_matches('.') {
                "days" if rules.with_value(|rs| rs.get(i).is_some_and(|d| d.b.with_untracked(|b| !b.is_empty()))) => {
                    "b"
                }
                "advice" => "advice-ru",
                "step.urgency" | "step.severity" => "urgency",
                _ => "a",
            };
            return Some(format!("rule-{code}-{suffix}"));
        }
        Some(
            match path.as_str() {
                "advice.review" => "settings-advice-review-ru",
                "advice.call_clinic" => "settings-advice-call_clinic-ru",
                "advice.emergency" => "settings-advice-emergency-ru",
                "contacts.department_phone" => "settings-department",
                "contacts.hotline_phone" => "settings-hotline",
                "contacts.answer_hours" => "settings-answer-hours",
                "reply_templates" => "settings-templates",
                "escalation_minutes" => "settings-escalation",
                "covering_doctor_id" => "settings-covering",
                "reminder_hour" => "settings-reminder",
                _ => return None,
            }
            .to_owned(),
        )
    });
    let place_of = Callback::new(move |path: String| -> String {
        if let Some(rest) = path.strip_prefix("rules[")
            && let Some((i, field)) = rest.split_once(']')
            && let Ok(i) = i.parse::<usize>()
            && let Some(place) = rules.with_value(|rs| {
                rs.get(i).map(|d| d.base.with_value(|b| rule_place(i18n, b, field.trim_start_matches('.'))))
            })
        {
            return place;
        }
        match path.as_str() {
            "advice.review" => t_string!(i18n, care.urgency_review).to_owned(),
            "advice.call_clinic" => t_string!(i18n, care.urgency_call_clinic).to_owned(),
            "advice.emergency" => t_string!(i18n, care.urgency_emergency).to_owned(),
            "contacts.department_phone" => t_string!(i18n, care.contacts_department).to_owned(),
            "contacts.hotline_phone" => t_string!(i18n, care.contacts_hotline).to_owned(),
            "contacts.answer_hours" => t_string!(i18n, care.answer_hours).to_owned(),
            "reply_templates" => t_string!(i18n, care.templates_title).to_owned(),
            "escalation_minutes" => t_string!(i18n, library.escalation_minutes).to_owned(),
            "covering_doctor_id" => t_string!(i18n, library.covering_doctor).to_owned(),
            "reminder_hour" => t_string!(i18n, library.reminder_hour).to_owned(),
            _ => path,
        }
    });
    let path = |p: &'static str| Signal::derive(move || p.to_owned());
    let escalation_words = move || parse_minutes(&escalation.get()).map(|m| hours_minutes(i18n, m));

    view! {
        <ActionForm
            check=check
            call=|dto: MonitoringSettingsDto| async move { api::monitoring::admin::save_monitoring_settings(&dto).await }
            on_ok=on_ok
            errors=errors
            refused=refused
            testid="monitoring-settings"
            actions_class="form__actions"
            summary=move || view! {
                <div id="settings-error-summary" tabindex="-1" class="q-error-summary">
                    <ErrorSummary errors=errors id_of=id_of place_of=place_of />
                </div>
            }
        >
            <section class="card stack-card" aria-labelledby="rules-title">
                <h2 id="rules-title">{t!(i18n, library.rules_title)}</h2>
                <p class="hint">{t!(i18n, library.rules_lead)}</p>
                <CardTable columns=&[COL_RULE, COL_VALUES, COL_ENABLED] caption=move || t_string!(i18n, library.rules_title) testid="rules" class="table rules-table">
                            {rules.get_value().into_iter().enumerate().map(|(i, d)| view! { <SettingsRuleRow i=i d=d errors=errors /> }).collect_view()}
                </CardTable>
            </section>
            <section class="card stack-card" aria-labelledby="advice-title">
                <h2 id="advice-title">{t!(i18n, care.advice_title)}</h2>
                <p class="hint">{t!(i18n, care.advice_lead)}</p>
                {Urgency::ALL.into_iter().map(|u| {
                    let (ru, en) = texts.of(u);
                    let field = format!("advice.{}", u.as_str());
                    let (id_ru, id_en) = (format!("settings-advice-{}-ru", u.as_str()), format!("settings-advice-{}-en", u.as_str()));
                    let at = field.clone();
                    view! {
                        <fieldset class="fieldset advice-texts" data-urgency=u.as_str()>
                            <legend class="fieldset__legend">{move || urgency_label(i18n, u)}</legend>
                            <div class="form__row">
                                <Area id=id_ru label=move || t_string!(i18n, library.advice_ru) value=ru
                                    error=error_signal(i18n, errors, Signal::derive(move || field.clone())) rows=3 maxlength=2000 lang="ru" required=true
                                    on_edit=Callback::new(move |()| errors.clear_at(&at)) />
                                <Area id=id_en label=move || t_string!(i18n, library.advice_en) value=en rows=3 maxlength=2000 lang="en" />
                            </div>
                        </fieldset>
                    }
                }).collect_view()}
            </section>
            <section class="card stack-card" aria-labelledby="contacts-title">
                <h2 id="contacts-title">{t!(i18n, care.contacts_settings_title)}</h2>
                <p class="hint">{t!(i18n, care.contacts_settings_lead)}</p>
                <div class="form__row">
                    <Input id="settings-department" label=move || t_string!(i18n, care.contacts_department) value=department
                        error=error_signal(i18n, errors, path("contacts.department_phone")) inputmode="tel" maxlength=32
                        on_edit=Callback::new(move |()| errors.clear_at("contacts.department_phone")) />
                    <Input id="settings-hotline" label=move || t_string!(i18n, care.contacts_hotline) value=hotline
                        error=error_signal(i18n, errors, path("contacts.hotline_phone")) inputmode="tel" maxlength=32
                        on_edit=Callback::new(move |()| errors.clear_at("contacts.hotline_phone")) />
                </div>
                {move || (department.get().trim().is_empty() && hotline.get().trim().is_empty()).then(|| view! {
                    <p class="alert alert--warning" data-testid="no-phones">{t!(i18n, care.no_phones_warning)}</p>
                })}
                <Input id="settings-answer-hours" label=move || t_string!(i18n, care.answer_hours)
                    hint=move || t_string!(i18n, care.answer_hours_hint) value=answer_hours
                    error=error_signal(i18n, errors, path("contacts.answer_hours")) inputmode="numeric" required=true class="field--narrow"
                    on_edit=Callback::new(move |()| errors.clear_at("contacts.answer_hours")) />
                <Area id="settings-templates" label=move || t_string!(i18n, care.templates_title)
                    hint=move || t_string!(i18n, care.templates_hint) value=templates rows=4
                    error=error_signal(i18n, errors, path("reply_templates"))
                    on_edit=Callback::new(move |()| errors.clear_at("reply_templates")) />
            </section>
            <section class="card stack-card" aria-labelledby="escalation-title">
                <h2 id="escalation-title">{t!(i18n, library.escalation_title)}</h2>
                <div class="form__row">
                    <div class="escalation-field">
                        <Input id="settings-escalation" label=move || t_string!(i18n, library.escalation_minutes)
                            hint=move || t_string!(i18n, library.escalation_hint)
                            value=escalation error=error_signal(i18n, errors, path("escalation_minutes"))
                            inputmode="numeric" required=true
                            on_edit=Callback::new(move |()| errors.clear_at("escalation_minutes")) />
                        <p class="escalation-field__words" aria-live="polite" data-testid="escalation-words">
                            {move || escalation_words().map(|w| t_string!(i18n, library.escalation_is, time = w).to_string())}
                        </p>
                    </div>
                    <div class="field" class:field--invalid=move || errors.code_at("covering_doctor_id").is_some()>
                        <label class="field__label" for="settings-covering">{t!(i18n, library.covering_doctor)}</label>
                        <p class="field__hint" id="settings-covering-hint">{t!(i18n, library.covering_hint)}</p>
                        <Loaded resource=doctors skeleton=1 render=move |list| view! { <DoctorSelect doctors=list selected=covering errors=errors /> }.into_any() />
                        {move || errors.code_at("covering_doctor_id").map(|c| view! {
                            <p class="field__error" id="settings-covering-error">{super::error_text(i18n, "covering_doctor_id", &c)}</p>
                        })}
                    </div>
                </div>
            </section>
            <section class="card stack-card" aria-labelledby="reminder-title">
                <h2 id="reminder-title">{t!(i18n, library.reminder_title)}</h2>
                <div class="field field--narrow">
                    <label class="field__label" for="settings-reminder">{t!(i18n, library.reminder_hour)}</label>
                    <p class="field__hint" id="settings-reminder-hint">{t!(i18n, library.reminder_hint)}</p>
                    <select id="settings-reminder" class="select" aria-describedby="settings-reminder-hint" on:change=move |ev| {
                        reminder.set(event_target_value(&ev).parse().unwrap_or(9));
                        errors.clear_at("reminder_hour");
                    }>
                        {(0u8..24).map(|h| view! {
                            <option value=h.to_string() selected=move || reminder.get() == h>{format!("{h:02}:00")}</option>
                        }).collect_view()}
                    </select>
                    {move || errors.code_at("reminder_hour").map(|c| view! {
                        <p class="field__error">{super::error_text(i18n, "reminder_hour", &c)}</p>
                    })}
                </div>
            </section>
        </ActionForm>
    }
}

/// The organization's words for each action, as edited.
#[derive(Clone, Copy)]
struct AdviceDraft {
    texts: [(RwSignal<String>, RwSignal<String>); 3],
}

impl AdviceDraft {
    fn new(a: &AdviceTexts) -> Self {
        let pair = |t: &I18nText| (RwSignal::new(t.ru.clone()), RwSignal::new(t.en.clone()));
        Self { texts: [pair(&a.review), pair(&a.call_clinic), pair(&a.emergency)] }
    }

    fn of(self, u: Urgency) -> (RwSignal<String>, RwSignal<String>) {
        self.texts[Urgency::ALL.iter().position(|x| *x == u).unwrap_or(0)]
    }

    fn build(self) -> AdviceTexts {
        let text = |u: Urgency| {
            let (ru, en) = self.of(u);
            I18nText { ru: ru.get_untracked().trim().to_owned(), en: en.get_untracked().trim().to_owned() }
        };
        AdviceTexts {
            review: text(Urgency::Review),
            call_clinic: text(Urgency::CallClinic),
            emergency: text(Urgency::Emergency),
        }
    }
}

/// The templates are one text area: an error of any of them is the area's.
fn one_templates_field(mut e: common::FieldError) -> common::FieldError {
    if e.field.starts_with("reply_templates") {
        e.field = "reply_templates".into();
    }
    e
}

/// One reply template a line; blank lines dropped.
pub fn split_templates(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// An action in words: "Команда посмотрит в срок", "Позвонить в отделение", "Скорая: 103 / 112".
pub fn urgency_label(i18n: I18nContext<Locale>, u: Urgency) -> &'static str {
    match u {
        Urgency::Review => t_string!(i18n, care.urgency_review),
        Urgency::CallClinic => t_string!(i18n, care.urgency_call_clinic),
        Urgency::Emergency => t_string!(i18n, care.urgency_emergency),
    }
}

/// A rule's step up for severe values in words, when it has one.
fn step_text(i18n: I18nContext<Locale>, rule: &common::alerts::AlertRule) -> Option<String> {
    let step = rule.step?;
    let by = crate::pages::monitoring::num(i18n, step.severity);
    Some(t_string!(i18n, care.step_text, by = by, action = urgency_label(i18n, step.urgency)).to_string())
}

fn focus_summary() {
    set_timeout(
        || {
            use wasm_bindgen::JsCast;
            if let Some(el) = document()
                .get_element_by_id("settings-error-summary")
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        },
        std::time::Duration::from_millis(0),
    );
}

#[component]
fn SettingsRuleRow(i: usize, d: RuleDraft, errors: FieldErrors) -> impl IntoView {
    let i18n = use_i18n();
    let code = d.code();
    let id = format!("rule-{code}");
    let subject = move || d.base.with_value(|b| rule_subject(i18n, b));
    let sentence = move || rule_sentence(i18n, &d.preview());
    let path = Signal::derive(move || format!("rules[{i}]"));
    let advice_path = Signal::derive(move || format!("rules[{i}].advice"));
    let has_advice = d.advice_ru.with_untracked(|r| !r.is_empty()) || d.advice_en.with_untracked(|e| !e.is_empty());
    let switch_id = format!("{id}-enabled");
    let (advice_ru_id, advice_en_id, params_id) = (format!("{id}-advice-ru"), format!("{id}-advice-en"), id.clone());
    let urgency_id = format!("{id}-urgency");
    view! {
        <tr data-testid=id data-rule=code.clone() class:row--muted=move || !d.enabled.get()>
            <Cell label=COL_RULE.label>
                <p class="rule-subject">{subject}</p>
                <p class="rule-sentence">{sentence}</p>
                {d.base.with_value(|b| b.tells_patient()).then(|| {
                    let urgency_id = urgency_id.clone();
                    view! {
                        <div class="field rule-urgency">
                            <label class="field__label" for=urgency_id.clone()>{t!(i18n, care.rule_urgency)}</label>
                            <select id=urgency_id class="select" on:change=move |ev| {
                                if let Some(u) = Urgency::parse(&event_target_value(&ev)) {
                                    d.urgency.set(u);
                                }
                            }>
                                {Urgency::ALL.into_iter().map(|u| view! {
                                    <option value=u.as_str() selected=move || d.urgency.get() == u>{move || urgency_label(i18n, u)}</option>
                                }).collect_view()}
                            </select>
                            {move || step_text(i18n, &d.preview()).map(|t| view! { <p class="field__hint">{t}</p> })}
                        </div>
                    }
                })}
                <details class="rule-advice" open=has_advice>
                    <summary>{t!(i18n, library.own_advice)}</summary>
                    <p class="hint">{t!(i18n, library.own_advice_hint)}</p>
                    <Area id=advice_ru_id label=move || t_string!(i18n, library.advice_ru) value=d.advice_ru
                        error=error_signal(i18n, errors, advice_path) rows=3 maxlength=2000 lang="ru" />
                    <Area id=advice_en_id label=move || t_string!(i18n, library.advice_en) value=d.advice_en rows=3 maxlength=2000 lang="en" />
                </details>
            </Cell>
            <Cell label=COL_VALUES.label>
                <RuleParams d=d id=params_id errors=errors path=path />
            </Cell>
            <Cell label=COL_ENABLED.label>
                <label class="switch" for=switch_id.clone()>
                    <input id=switch_id.clone() type="checkbox" role="switch" class="switch__input"
                        prop:checked=move || d.enabled.get()
                        on:change=move |ev| d.enabled.set(event_target_checked(&ev)) />
                    <span class="switch__track" aria-hidden="true"></span>
                    <span class="switch__text">{move || if d.enabled.get() { t_string!(i18n, library.rule_on) } else { t_string!(i18n, library.rule_off) }}</span>
                    <span class="visually-hidden">{subject}</span>
                </label>
            </Cell>
        </tr>
    }
}

/// The organization's active doctors (and the chosen one, whatever his state).
#[component]
fn DoctorSelect(
    doctors: Vec<StaffMemberDto>,
    selected: RwSignal<Option<MembershipId>>,
    errors: FieldErrors,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = selected.get_untracked();
    let list: Vec<StaffMemberDto> =
        doctors.into_iter().filter(|d| d.status == MembershipStatus::Active || Some(d.id) == chosen).collect();
    let unknown = chosen.filter(|c| !list.iter().any(|d| d.id == *c));
    view! {
        <select id="settings-covering" class="select" aria-describedby="settings-covering-hint" on:change=move |ev| {
            selected.set(event_target_value(&ev).parse::<MembershipId>().ok());
            errors.clear_at("covering_doctor_id");
        }>
            <option value="" selected=move || selected.get().is_none()>{t!(i18n, library.no_covering)}</option>
            {list.into_iter().map(|d| {
                let id = d.id;
                let inactive = d.status != MembershipStatus::Active;
                let name = d.name.full();
                view! {
                    <option value=id.to_string() selected=move || selected.get() == Some(id)>
                        {move || if inactive { format!("{name} ({})", t_string!(i18n, library.inactive)) } else { name.clone() }}
                    </option>
                }
            }).collect_view()}
            {unknown.map(|id| view! {
                <option value=id.to_string() selected=true>{t!(i18n, library.unknown_doctor)}</option>
            })}
        </select>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_one_a_line() {
        assert_eq!(
            split_templates(" Позвоню сегодня. \n\n Приходите завтра.\n"),
            vec!["Позвоню сегодня.", "Приходите завтра."]
        );
    }

    #[test]
    fn minutes_parse_whole_only() {
        assert_eq!(parse_minutes(" 90 "), Some(90));
        assert_eq!(parse_minutes("1.5"), None);
        assert_eq!(parse_minutes("-5"), None);
        assert_eq!(parse_minutes(""), None);
    }
}
