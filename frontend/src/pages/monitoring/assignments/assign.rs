//! "Назначить анкету" (MON-2): the doctor's form that assigns a questionnaire to the patient —
//! the questionnaire, how often, from and until which day.

use chrono::NaiveDate;
use common::ErrorCode;
use common::ids::{PatientId, QuestionnaireId};
use common::monitoring::AssignmentInput;
use common::questionnaire::{Repeat, Schedule};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;

use crate::api::{self, ApiError};
use crate::components::datetime::today;
use crate::components::feedback::error_message;
use crate::components::page::Loaded;
use crate::components::ui::{FormAlert, use_toasts};
use crate::i18n::*;
use crate::pages::monitoring::{text, weekday_short};

/// How often, as the form holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RepeatChoice {
    Once,
    Daily,
    Weekly,
}

/// An error under a field of the form (translated when shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AssignErr {
    Required,
    NoWeekday,
    UntilBeforeStart,
    UntilPast,
    StartRange,
    DateFormat,
    AlreadyAssigned,
    Invalid,
}

impl AssignErr {
    fn from_code(field: &str, code: &str) -> Self {
        match (field, code) {
            (_, "required") => Self::Required,
            ("schedule.repeat.days", _) => Self::NoWeekday,
            ("schedule.until", "out_of_range") => Self::UntilBeforeStart,
            ("schedule.until", "in_past") => Self::UntilPast,
            ("schedule.start", "out_of_range") => Self::StartRange,
            ("questionnaire_id", "already_assigned") => Self::AlreadyAssigned,
            (_, "invalid_format") => Self::DateFormat,
            _ => Self::Invalid,
        }
    }

    fn message(self, i18n: I18nContext<Locale>) -> &'static str {
        match self {
            Self::Required => t_string!(i18n, fields.required),
            Self::NoWeekday => t_string!(i18n, monitoring.err_weekday),
            Self::UntilBeforeStart => t_string!(i18n, monitoring.err_until_before),
            Self::UntilPast => t_string!(i18n, monitoring.err_until_past),
            Self::StartRange => t_string!(i18n, monitoring.err_start_range),
            Self::DateFormat => t_string!(i18n, fields.date_format),
            Self::AlreadyAssigned => t_string!(i18n, monitoring.err_already_assigned),
            Self::Invalid => t_string!(i18n, fields.invalid),
        }
    }
}

type ErrSignal = RwSignal<Option<AssignErr>>;

/// `POST /patients/{id}/assignments`: a questionnaire or diary of the library (not archived)
/// and a schedule, checked here with `Schedule::check` as the server checks it.
#[component]
pub fn AssignForm(
    id: PatientId,
    active: Signal<Vec<QuestionnaireId>>,
    open: RwSignal<bool>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let library = LocalResource::new(api::monitoring::questionnaires);
    let questionnaire = RwSignal::new(String::new());
    let repeat = RwSignal::new(RepeatChoice::Daily);
    let weekdays: [RwSignal<bool>; 7] = std::array::from_fn(|_| RwSignal::new(false));
    let start = RwSignal::new(today().to_string());
    let until = RwSignal::new(String::new());
    let q_err: ErrSignal = RwSignal::new(None);
    let days_err: ErrSignal = RwSignal::new(None);
    let start_err: ErrSignal = RwSignal::new(None);
    let until_err: ErrSignal = RwSignal::new(None);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let field_signal = move |field: &str| match field {
        "questionnaire_id" => Some(q_err),
        "schedule.repeat.days" | "schedule.repeat" => Some(days_err),
        "schedule.start" => Some(start_err),
        "schedule.until" => Some(until_err),
        _ => None,
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        failure.set(None);
        for s in [q_err, days_err, start_err, until_err] {
            s.set(None);
        }
        let mut ok = true;
        let qid = questionnaire.get_untracked().parse::<QuestionnaireId>().ok();
        if qid.is_none() {
            q_err.set(Some(AssignErr::Required));
            ok = false;
        }
        let start_day = NaiveDate::parse_from_str(start.get_untracked().trim(), "%Y-%m-%d").ok();
        if start_day.is_none() {
            start_err.set(Some(if start.get_untracked().trim().is_empty() {
                AssignErr::Required
            } else {
                AssignErr::DateFormat
            }));
            ok = false;
        }
        let repeat_now = repeat.get_untracked();
        let until_text = until.get_untracked();
        // A single occurrence has no last day (the field is hidden then).
        let until_day = match until_text.trim() {
            _ if repeat_now == RepeatChoice::Once => None,
            "" => None,
            t => match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    until_err.set(Some(AssignErr::DateFormat));
                    ok = false;
                    None
                }
            },
        };
        let repeat_value = match repeat_now {
            RepeatChoice::Once => Repeat::Once,
            RepeatChoice::Daily => Repeat::Daily,
            RepeatChoice::Weekly => Repeat::Weekly {
                days: (1u8..=7).zip(weekdays).filter(|(_, on)| on.get_untracked()).map(|(d, _)| d).collect(),
            },
        };
        let (Some(qid), Some(start_day)) = (qid, start_day) else { return };
        if !ok {
            return;
        }
        let schedule = Schedule { repeat: repeat_value, start: start_day, until: until_day };
        if let Err(errors) = schedule.check(today()) {
            for e in errors {
                if let Some(s) = field_signal(&e.field) {
                    s.set(Some(AssignErr::from_code(&e.field, &e.code)));
                }
            }
            return;
        }
        let input = AssignmentInput { questionnaire_id: qid, schedule };
        pending.set(true);
        spawn_local(async move {
            let result = api::monitoring::assign(id, &input).await;
            pending.set(false);
            match result {
                Ok(a) => {
                    toasts.push(t_string!(i18n, monitoring.assigned, title = text(i18n, &a.title)).to_string());
                    open.set(false);
                    on_done.run(());
                }
                Err(e) => {
                    let mut shown = false;
                    for (field, code) in e.field_errors() {
                        if let Some(s) = field_signal(&field) {
                            s.set(Some(AssignErr::from_code(&field, &code)));
                            shown = true;
                        }
                    }
                    if !shown {
                        failure.set(Some(assign_error(i18n, &e)));
                    }
                }
            }
        });
    };
    let radio = move |choice: RepeatChoice, value: &'static str| {
        let label = move || match choice {
            RepeatChoice::Once => t_string!(i18n, monitoring.repeat_once),
            RepeatChoice::Daily => t_string!(i18n, monitoring.repeat_daily),
            RepeatChoice::Weekly => t_string!(i18n, monitoring.repeat_weekly),
        };
        view! {
            <label class="radio">
                <input
                    type="radio"
                    name="assign-repeat"
                    value=value
                    prop:checked=move || repeat.get() == choice
                    on:change=move |_| {
                        repeat.set(choice);
                        days_err.set(None);
                    }
                />
                <span>{label}</span>
            </label>
        }
    };
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="assign-form">
            <FormAlert message=Signal::derive(move || failure.get()) testid="assign-error" />
            <div class="field" class:field--invalid=move || q_err.get().is_some()>
                <label class="field__label" for="assign-questionnaire">{t!(i18n, monitoring.field_questionnaire)}</label>
                <Loaded resource=library skeleton=1 render=move |list| {
                        let options: Vec<_> = list
                            .into_iter()
                            .filter(|q| !q.archived)
                            .collect();
                        view! {
                            <select
                                id="assign-questionnaire"
                                class="select"
                                aria-invalid=move || if q_err.get().is_some() { "true" } else { "false" }
                                aria-describedby=move || q_err.get().map(|_| "assign-questionnaire-error")
                                on:change=move |ev| {
                                    questionnaire.set(event_target_value(&ev));
                                    q_err.set(None);
                                }
                            >
                                <option value="" selected=move || questionnaire.get().is_empty()>{t!(i18n, monitoring.choose_questionnaire)}</option>
                                {options.into_iter().map(|q| {
                                    let value = q.id.to_string();
                                    let v2 = value.clone();
                                    let title = q.title.clone();
                                    let qid = q.id;
                                    let taken = move || active.get().contains(&qid);
                                    view! {
                                        <option value=value selected=move || questionnaire.get() == v2 disabled=taken>
                                            {move || if taken() {
                                                t_string!(i18n, monitoring.already_assigned, title = text(i18n, &title)).to_string()
                                            } else {
                                                text(i18n, &title)
                                            }}
                                        </option>
                                    }
                                }).collect_view()}
                            </select>
                        }.into_any()
                    } />
                {move || q_err.get().map(|e| view! { <p class="field__error" id="assign-questionnaire-error">{move || e.message(i18n)}</p> })}
            </div>
            <fieldset class="fieldset fieldset--inline">
                <legend class="field__label">{t!(i18n, monitoring.field_repeat)}</legend>
                <div class="radio-stack">
                    {radio(RepeatChoice::Once, "once")}
                    {radio(RepeatChoice::Daily, "daily")}
                    {radio(RepeatChoice::Weekly, "weekly")}
                </div>
            </fieldset>
            <Show when=move || repeat.get() == RepeatChoice::Weekly>
                <fieldset
                    class="fieldset fieldset--inline weekdays"
                    class:field--invalid=move || days_err.get().is_some()
                    aria-describedby=move || days_err.get().map(|_| "assign-days-error")
                >
                    <legend class="field__label">{t!(i18n, monitoring.field_weekdays)}</legend>
                    <div class="weekdays__list">
                        {(1u8..=7).zip(weekdays).map(|(d, on)| {
                            let id = format!("assign-day-{d}");
                            view! {
                                <label class="weekday" for=id.clone()>
                                    <input
                                        id=id.clone()
                                        type="checkbox"
                                        class="check__input"
                                        prop:checked=move || on.get()
                                        on:change=move |ev| {
                                            on.set(event_target_checked(&ev));
                                            days_err.set(None);
                                        }
                                    />
                                    <span>{move || weekday_short(i18n, d)}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    {move || days_err.get().map(|e| view! { <p class="field__error" id="assign-days-error">{move || e.message(i18n)}</p> })}
                </fieldset>
            </Show>
            <DateField
                id="assign-start"
                label=Signal::derive(move || if repeat.get() == RepeatChoice::Once {
                    t_string!(i18n, monitoring.field_date).to_owned()
                } else {
                    t_string!(i18n, monitoring.field_start).to_owned()
                })
                value=start
                error=start_err
                required=true
            />
            <Show when=move || repeat.get() != RepeatChoice::Once>
                <DateField
                    id="assign-until"
                    label=Signal::derive(move || t_string!(i18n, monitoring.field_until).to_owned())
                    hint=Signal::derive(move || t_string!(i18n, monitoring.field_until_hint).to_owned())
                    value=until
                    error=until_err
                    required=false
                />
            </Show>
            <div class="dialog__actions">
                <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                <button type="submit" class="btn btn--primary" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { t_string!(i18n, monitoring.assigning) } else { t_string!(i18n, monitoring.assign_submit) }}
                </button>
            </div>
        </form>
    }
}

pub fn assign_error(i18n: I18nContext<Locale>, e: &ApiError) -> String {
    match e.code() {
        Some(ErrorCode::DoctorOnly) => t_string!(i18n, monitoring.err_doctor_only).to_owned(),
        Some(ErrorCode::QuestionnaireArchived) => t_string!(i18n, monitoring.err_archived).to_owned(),
        Some(ErrorCode::ValidationFailed) => t_string!(i18n, fields.invalid).to_owned(),
        _ => error_message(i18n, e.kind()).to_owned(),
    }
}

/// A labelled date input with an optional hint and its error.
#[component]
fn DateField(
    id: &'static str,
    label: Signal<String>,
    value: RwSignal<String>,
    error: ErrSignal,
    #[prop(optional)] hint: Option<Signal<String>>,
    required: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let has_hint = hint.is_some();
    let described = move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{id}-hint"));
        }
        if error.get().is_some() {
            ids.push(format!("{id}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label class="field__label" for=id>
                {move || label.get()}
                {(!required).then(|| view! { <span class="field__optional">{move || t_string!(i18n, fields.optional)}</span> })}
            </label>
            {hint.map(|h| view! { <p class="field__hint" id=format!("{id}-hint")>{move || h.get()}</p> })}
            <input
                id=id
                class="input"
                type="date"
                name=id
                required=required
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    error.set(None);
                }
            />
            {move || error.get().map(|e| view! { <p class="field__error" id=format!("{id}-error")>{move || e.message(i18n)}</p> })}
        </div>
    }
}
