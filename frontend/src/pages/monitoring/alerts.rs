//! The alerts of a patient's monitoring page (MON-5): open ones first, each with its rule in
//! words, when it opened, the values it gathered and whether it escalated, and "Подтвердить"
//! (a required note of what was done); acknowledged ones in a collapsible history with who,
//! when and the time to acknowledge.

use common::ErrorCode;
use common::alerts::AlertRule;
use common::ids::{AlertId, MembershipId, PatientId};
use common::monitoring::{AlertAckInput, AlertDto, AlertStatus, MAX_ACK_NOTE};
use common::page::Page;
use leptos::prelude::*;

use super::{alert_text, duration, with_unit};
use crate::api::{self, ApiError};
use crate::components::datetime::format_datetime;
use crate::components::feedback::error_message;
use crate::components::form::{ActionForm, Refused, Sender, SubmitButton};
use crate::components::page::{EmptyPanel, Loaded, Paged, PagedView};
use crate::components::ui::{FieldErr, FieldKind, Modal, TextAreaField, use_toasts};
use crate::i18n::*;
use crate::live::use_live;

const OPEN_PAGE: u32 = 100;
const HISTORY_PAGE: u32 = 10;

#[component]
pub fn AlertsSection(id: PatientId, #[prop(into)] rules: Signal<Vec<AlertRule>>) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let version = RwSignal::new(0u32);
    let history_open = RwSignal::new(false);
    let just_acknowledged = RwSignal::new(None::<AlertId>);
    let open_alerts = LocalResource::new(move || {
        live.version();
        version.track();
        api::monitoring::alerts(id, AlertStatus::Open, 1, OPEN_PAGE)
    });
    let history = Paged::new(HISTORY_PAGE, move |page| {
        live.version();
        version.track();
        api::monitoring::alerts(id, AlertStatus::Acknowledged, page, HISTORY_PAGE)
    });
    let history_total = history.total();
    let dialog_open = RwSignal::new(false);
    let target = RwSignal::new(None::<AlertDto>);
    let on_ack = Callback::new(move |a: AlertDto| {
        target.set(Some(a));
        dialog_open.set(true);
    });
    let acknowledged = Callback::new(move |a: AlertDto| {
        just_acknowledged.set(Some(a.id));
        history.page.set(1);
        history_open.set(true);
        version.update(|v| *v += 1);
    });
    let stale = Callback::new(move |()| version.update(|v| *v += 1));
    let open_list = move |p: Page<AlertDto>| {
        if p.items.is_empty() {
            return view! {
                <EmptyPanel flat=true testid="alerts-empty" title=move || t_string!(i18n, monitoring.alerts_empty) text=move || t_string!(i18n, monitoring.alerts_empty_text) />
            }
            .into_any();
        }
        view! {
            <ul class="alert-list" role="list" data-testid="open-alerts">
                {p.items.into_iter().map(|a| view! {
                    <li><AlertCard alert=a rules=rules on_ack=Some(on_ack) on_change=Some(stale) highlight=false /></li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let history_empty = move || view! { <p class="hint">{t!(i18n, monitoring.history_empty)}</p> }.into_any();
    let history_list = move |items: Vec<AlertDto>| {
        view! {
            <ul class="alert-list" role="list" data-testid="acknowledged-alerts">
                {items.into_iter().map(|a| {
                    let highlight = just_acknowledged.get_untracked() == Some(a.id);
                    view! { <li><AlertCard alert=a rules=rules on_ack=None on_change=None highlight=highlight /></li> }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="card stack-card" aria-labelledby="alerts-title" data-testid="alerts">
            <h2 id="alerts-title">{t!(i18n, monitoring.alerts_title)}</h2>
            <Loaded resource=open_alerts skeleton=3 keep=true render=open_list />
            <details
                class="alert-history"
                data-testid="alert-history"
                prop:open=move || history_open.get()
                on:toggle=move |ev| {
                    let open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                    history_open.set(open);
                }
            >
                <summary class="alert-history__summary">
                    {move || t_string!(i18n, monitoring.history_title, count = history_total.get()).to_string()}
                </summary>
                <PagedView paged=history skeleton=2 keep=true empty=history_empty render=history_list />
            </details>
            <AckDialog target=target open=dialog_open on_done=acknowledged on_stale=stale />
        </section>
    }
}

/// One alert: its rule in words, where it is in the worklist (new, taken by whom, closed) and
/// what happened to it; "Взять в работу" / "Отпустить" and "Закрыть" while open.
#[component]
pub fn AlertCard(
    alert: AlertDto,
    rules: Signal<Vec<AlertRule>>,
    on_ack: Option<Callback<AlertDto>>,
    /// Called after the caller took or let go of it (the list reloads).
    on_change: Option<Callback<()>>,
    highlight: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let a = alert.clone();
    let rule_code = alert.rule.clone();
    let text = move || {
        let rules = rules.get();
        alert_text(i18n, &a, rules.iter().find(|r| r.code == rule_code))
    };
    let is_open = alert.status == AlertStatus::Open;
    let opened = alert.opened_at;
    let values = alert.values;
    let last = (alert.values > 1).then(|| (alert.last_value, alert.unit.clone(), alert.last_at));
    let escalated = alert.escalated_at.map(|at| (at, alert.escalated_to_name.clone().unwrap_or_default()));
    let acked = alert.acknowledged_at.map(|at| (at, alert.acknowledged_by_name.clone().unwrap_or_default()));
    let time_to_ack = alert.time_to_ack_secs;
    let note = alert.note.clone();
    let patient_note = alert.patient_note.clone();
    let to_ack = alert.clone();
    let state = alert.state;
    let taken = alert.taken_by_name.clone().map(|n| (n, alert.taken_by));
    let taking = TakeButton(alert.id, alert.taken_by, on_change);
    let words = alert.patient_words.clone();
    view! {
        <article
            class="alert-card"
            class:alert-card--open=is_open
            class:alert-card--done=!is_open
            class:alert-card--highlight=highlight
            data-alert=alert.id.to_string()
            data-status=alert.status.as_str()
            data-rule=alert.rule.clone()
            data-state=state.as_str()
            data-urgency=alert.urgency.as_str()
        >
            <div class="alert-card__head">
                <crate::components::icons::AlertCardIcon open=is_open />
                <div class="alert-card__title">
                    <p class="alert-card__status">
                        {move || if is_open { t_string!(i18n, monitoring.status_open) } else { t_string!(i18n, monitoring.status_acknowledged) }}
                    </p>
                    <p class="alert-card__rule" data-testid="alert-rule">{text}</p>
                </div>
                {taken.map(|(name, _)| view! {
                    <span class="badge badge--info" data-testid="taken-by">
                        <span class="badge__dot" aria-hidden="true"></span>
                        {move || t_string!(i18n, care.taken_by, name = name.clone()).to_string()}
                    </span>
                })}
                {escalated.clone().map(|_| view! {
                    <span class="badge badge--warning" data-testid="escalated">
                        <span class="badge__dot" aria-hidden="true"></span>
                        {move || t_string!(i18n, monitoring.escalated)}
                    </span>
                })}
            </div>
            <PatientWords words=words />
            <dl class="alert-card__facts">
                <div>
                    <dt>{t!(i18n, monitoring.opened)}</dt>
                    <dd>{move || format_datetime(i18n, opened)}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, monitoring.values)}</dt>
                    <dd>
                        {values}
                        {last.map(|(value, unit, at)| view! {
                            " · "{move || {
                                let value = with_unit(i18n, value, unit.as_deref());
                                t_string!(i18n, monitoring.last_value, value = value, time = format_datetime(i18n, at)).to_string()
                            }}
                        })}
                    </dd>
                </div>
                {escalated.map(|(at, name)| view! {
                    <div>
                        <dt>{t!(i18n, monitoring.escalated_to)}</dt>
                        <dd>{move || t_string!(i18n, monitoring.who_when, name = name.clone(), time = format_datetime(i18n, at)).to_string()}</dd>
                    </div>
                })}
                {acked.map(|(at, name)| view! {
                    <div>
                        <dt>{t!(i18n, monitoring.acknowledged_by)}</dt>
                        <dd>{move || t_string!(i18n, monitoring.who_when, name = name.clone(), time = format_datetime(i18n, at)).to_string()}</dd>
                    </div>
                })}
                {time_to_ack.map(|secs| view! {
                    <div>
                        <dt>{t!(i18n, monitoring.time_to_ack)}</dt>
                        <dd data-testid="time-to-ack">{move || duration(i18n, secs)}</dd>
                    </div>
                })}
                {note.map(|note| view! {
                    <div>
                        <dt>{t!(i18n, monitoring.note)}</dt>
                        <dd class="alert-card__note">{note}</dd>
                    </div>
                })}
                {patient_note.map(|note| view! {
                    <div>
                        <dt>{t!(i18n, care.patient_note)}</dt>
                        <dd class="alert-card__note" data-testid="patient-note">{note}</dd>
                    </div>
                })}
            </dl>
            {on_ack.filter(|_| is_open).map(|cb| view! {
                <div class="alert-card__actions">
                    {taking}
                    <button type="button" class="btn btn--primary" on:click=move |_| cb.run(to_ack.clone())>
                        {t!(i18n, monitoring.ack)}
                    </button>
                </div>
            })}
        </article>
    }
}

/// "Взять в работу" for a new alert, "Отпустить" for one the caller has; nothing for one a
/// colleague has (his name is on the card). A colleague quicker than the caller: the list
/// reloads and says so.
#[allow(non_snake_case)]
pub fn TakeButton(id: AlertId, taken_by: Option<MembershipId>, on_change: Option<Callback<()>>) -> AnyView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let me = crate::session::use_session().me().map(|m| m.current.id);
    let mine = taken_by.is_some() && taken_by == me;
    if taken_by.is_some() && !mine {
        return ().into_any();
    }
    let sender = Sender::new(move |()| async move {
        let result = if mine { api::monitoring::release(id).await } else { api::monitoring::take(id).await };
        match result {
            Ok(_) => {}
            Err(e) if e.code() == Some(ErrorCode::AlertTaken) => {
                toasts.push(t_string!(i18n, care.taken_already).to_owned());
            }
            Err(e) => toasts.push(error_message(i18n, e.kind()).to_owned()),
        }
        if let Some(cb) = on_change {
            cb.run(());
        }
        None
    });
    view! {
        <SubmitButton pending=sender.pending() class="btn btn--secondary" testid=if mine { "release" } else { "take" }
            label=move || if mine { t_string!(i18n, care.release) } else { t_string!(i18n, care.take) }
            on_click=Callback::new(move |()| sender.send(())) />
    }
    .into_any()
}

/// The acknowledgement dialog of `target`: its patient's rules (for the alert's words) and the
/// organization's reply templates are loaded when it opens.
#[component]
pub fn AckDialog(
    target: RwSignal<Option<AlertDto>>,
    open: RwSignal<bool>,
    on_done: Callback<AlertDto>,
    on_stale: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let settings = LocalResource::new(move || {
        let patient = target.get().map(|a| a.patient_id);
        async move {
            match patient {
                Some(p) => api::monitoring::patient_settings(p).await.ok(),
                None => None,
            }
        }
    });
    let rules = Signal::derive(move || settings.get().flatten().map(|s| s.effective).unwrap_or_default());
    let templates = Signal::derive(move || settings.get().flatten().map(|s| s.reply_templates).unwrap_or_default());
    view! {
        <Modal id="ack-dialog" open=open title=move || t_string!(i18n, monitoring.ack_title)>
            {move || target.get().map(|a| view! {
                <AckForm alert=a rules=rules templates=templates open=open on_done=on_done on_stale=on_stale />
            })}
        </Modal>
    }
}

/// The acknowledgement: what was done (required), sent with `POST /alerts/{id}/acknowledge`.
#[component]
fn AckForm(
    alert: AlertDto,
    rules: Signal<Vec<AlertRule>>,
    templates: Signal<Vec<String>>,
    open: RwSignal<bool>,
    on_done: Callback<AlertDto>,
    on_stale: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let note = RwSignal::new(String::new());
    let note_error = RwSignal::new(None::<FieldErr>);
    let patient_note = RwSignal::new(String::new());
    let patient_note_error = RwSignal::new(None::<FieldErr>);
    let id = alert.id;
    let a = alert.clone();
    let rule_code = alert.rule.clone();
    let summary = move || {
        let rules = rules.get();
        alert_text(i18n, &a, rules.iter().find(|r| r.code == rule_code))
    };
    let patient = alert.patient_name.clone();
    let check = move || {
        let input = AlertAckInput { note: note.get_untracked(), patient_note: Some(patient_note.get_untracked()) };
        match input.check() {
            Ok(_) => Some(input),
            Err(errors) => {
                for e in errors {
                    let target = if e.field == "patient_note" { patient_note_error } else { note_error };
                    target.set(Some(FieldErr::from_code(FieldKind::Text, &e.code)));
                }
                None
            }
        }
    };
    let on_ok = move |done: AlertDto| {
        toasts.push(t_string!(i18n, monitoring.ack_done).to_owned());
        on_done.run(done);
    };
    let refused = Callback::new(move |e: ApiError| refusal(i18n, &e, [note_error, patient_note_error], on_stale));
    view! {
        <ActionForm
            check=check
            call=move |input: AlertAckInput| async move { api::monitoring::acknowledge(id, &input).await }
            on_ok=on_ok
            refused=refused
            open=open
            submit=move || t_string!(i18n, monitoring.ack)
            submitting=move || t_string!(i18n, monitoring.acking)
            testid="ack-form"
            alert_testid="ack-error"
            summary=move || view! {
                <div class="ack-summary">
                    <p class="ack-summary__patient">{patient.clone()}</p>
                    <p class="ack-summary__rule">{summary.clone()}</p>
                </div>
            }
        >
            <TextAreaField
                id="ack-note"
                label=move || t_string!(i18n, monitoring.ack_note)
                hint=move || t_string!(i18n, monitoring.ack_note_hint)
                value=note
                error=note_error
                rows=4
                maxlength=u32::try_from(MAX_ACK_NOTE).unwrap_or(2000)
            />
            {move || {
                let list = templates.get();
                (!list.is_empty()).then(|| view! {
                    <div class="reply-templates" role="group" aria-label=move || t_string!(i18n, care.templates_pick)>
                        <p class="field__hint">{t!(i18n, care.templates_pick)}</p>
                        {list.into_iter().map(|t| {
                            let text = t.clone();
                            view! {
                                <button type="button" class="chip" on:click=move |_| {
                                    patient_note.set(text.clone());
                                    patient_note_error.set(None);
                                }>{t}</button>
                            }
                        }).collect_view()}
                    </div>
                })
            }}
            <TextAreaField
                id="ack-patient-note"
                label=move || t_string!(i18n, care.patient_note)
                hint=move || t_string!(i18n, care.patient_note_hint)
                value=patient_note
                error=patient_note_error
                rows=3
                maxlength=u32::try_from(MAX_ACK_NOTE).unwrap_or(2000)
            />
        </ActionForm>
    }
}

fn refusal(
    i18n: leptos_i18n::I18nContext<Locale>,
    e: &ApiError,
    [note_error, patient_note_error]: [RwSignal<Option<FieldErr>>; 2],
    on_stale: Callback<()>,
) -> Refused {
    let fields = e.field_errors();
    for (field, code) in &fields {
        let target = if field == "patient_note" { patient_note_error } else { note_error };
        target.set(Some(FieldErr::from_code(FieldKind::Text, code)));
    }
    if !fields.is_empty() {
        return Refused::AtField;
    }
    Refused::Alert(match e.code() {
        Some(ErrorCode::AlertAcknowledged) => {
            on_stale.run(());
            t_string!(i18n, monitoring.ack_already).to_owned()
        }
        Some(ErrorCode::Forbidden) => t_string!(i18n, monitoring.ack_forbidden).to_owned(),
        _ => error_message(i18n, e.kind()).to_owned(),
    })
}

/// "Пациент написал": his free-text answers sent with the values behind an alert.
#[component]
pub fn PatientWords(words: Vec<common::monitoring::PatientWordsDto>) -> impl IntoView {
    let i18n = use_i18n();
    (!words.is_empty()).then(|| {
        view! {
            <div class="alert-card__words" data-testid="patient-words">
                <p class="alert-card__words-title">{t!(i18n, patient_page.patient_words)}</p>
                {words.into_iter().map(|w| {
                    let (item, label) = (w.item.clone(), w.label.clone());
                    view! {
                        <blockquote class="alert-card__quote">
                            <span class="hint">{move || super::item_name(i18n, &item, label.as_ref())}": "</span>
                            {format!("«{}»", w.text)}
                        </blockquote>
                    }
                }).collect_view()}
            </div>
        }
    })
}
