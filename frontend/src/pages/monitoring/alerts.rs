//! The alerts of a patient's monitoring page (MON-5): open ones first, each with its rule in
//! words, when it opened, the values it gathered and whether it escalated, and "Подтвердить"
//! (a required note of what was done); acknowledged ones in a collapsible history with who,
//! when and the time to acknowledge.

use common::ErrorCode;
use common::alerts::AlertRule;
use common::ids::{AlertId, PatientId};
use common::monitoring::{AlertAckInput, AlertDto, AlertStatus, MAX_ACK_NOTE};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{alert_text, duration, with_unit};
use crate::api::{self, ApiError};
use crate::components::datetime::format_datetime;
use crate::components::feedback::{ErrorPanel, Skeleton, error_message};
use crate::components::page::EmptyPanel;
use crate::components::ui::{FieldErr, FieldKind, FormAlert, Modal, Pagination, TextAreaField, use_toasts};
use crate::i18n::*;
use crate::live::use_live;

const OPEN_PAGE: u32 = 100;
const HISTORY_PAGE: u32 = 10;

#[component]
pub fn AlertsSection(id: PatientId, #[prop(into)] rules: Signal<Vec<AlertRule>>) -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let version = RwSignal::new(0u32);
    let history_page = RwSignal::new(1u32);
    let history_open = RwSignal::new(false);
    let just_acknowledged = RwSignal::new(None::<AlertId>);
    let open_alerts = LocalResource::new(move || {
        live.version();
        version.track();
        api::monitoring::alerts(id, AlertStatus::Open, 1, OPEN_PAGE)
    });
    let history = LocalResource::new(move || {
        live.version();
        version.track();
        let page = history_page.get();
        api::monitoring::alerts(id, AlertStatus::Acknowledged, page, HISTORY_PAGE)
    });
    let history_total = Signal::derive(move || history.get().and_then(|r| r.ok()).map_or(0, |p| p.total));
    let dialog_open = RwSignal::new(false);
    let target = RwSignal::new(None::<AlertDto>);
    let on_ack = Callback::new(move |a: AlertDto| {
        target.set(Some(a));
        dialog_open.set(true);
    });
    let acknowledged = Callback::new(move |a: AlertDto| {
        just_acknowledged.set(Some(a.id));
        history_page.set(1);
        history_open.set(true);
        version.update(|v| *v += 1);
    });
    let stale = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <section class="card stack-card" aria-labelledby="alerts-title" data-testid="alerts">
            <h2 id="alerts-title">{t!(i18n, monitoring.alerts_title)}</h2>
            <Transition fallback=|| view! { <Skeleton lines=3 /> }>
                {move || Suspend::new(async move {
                    match open_alerts.await {
                        Ok(p) if p.items.is_empty() => view! {
                            <EmptyPanel flat=true testid="alerts-empty" title=move || t_string!(i18n, monitoring.alerts_empty) text=move || t_string!(i18n, monitoring.alerts_empty_text) />
                        }.into_any(),
                        Ok(p) => view! {
                            <ul class="alert-list" role="list" data-testid="open-alerts">
                                {p.items.into_iter().map(|a| view! {
                                    <li><AlertCard alert=a rules=rules on_ack=Some(on_ack) highlight=false /></li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! {
                            <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| open_alerts.refetch()) />
                        }.into_any(),
                    }
                })}
            </Transition>
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
                <Transition fallback=|| view! { <Skeleton lines=2 /> }>
                    {move || Suspend::new(async move {
                        match history.await {
                            Ok(p) if p.items.is_empty() => view! {
                                <p class="hint">{t!(i18n, monitoring.history_empty)}</p>
                            }.into_any(),
                            Ok(p) => view! {
                                <ul class="alert-list" role="list" data-testid="acknowledged-alerts">
                                    {p.items.into_iter().map(|a| {
                                        let highlight = just_acknowledged.get_untracked() == Some(a.id);
                                        view! { <li><AlertCard alert=a rules=rules on_ack=None highlight=highlight /></li> }
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => view! {
                                <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| history.refetch()) />
                            }.into_any(),
                        }
                    })}
                </Transition>
                <Pagination page=history_page per_page=HISTORY_PAGE total=history_total />
            </details>
            <Modal id="ack-dialog" open=dialog_open title=move || t_string!(i18n, monitoring.ack_title)>
                {move || target.get().map(|a| view! {
                    <AckForm alert=a rules=rules open=dialog_open on_done=acknowledged on_stale=stale />
                })}
            </Modal>
        </section>
    }
}

/// One alert: its rule in words and what happened to it.
#[component]
fn AlertCard(
    alert: AlertDto,
    rules: Signal<Vec<AlertRule>>,
    on_ack: Option<Callback<AlertDto>>,
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
    let to_ack = alert.clone();
    view! {
        <article
            class="alert-card"
            class:alert-card--open=is_open
            class:alert-card--done=!is_open
            class:alert-card--highlight=highlight
            data-alert=alert.id.to_string()
            data-status=alert.status.as_str()
            data-rule=alert.rule.clone()
        >
            <div class="alert-card__head">
                <crate::components::icons::AlertCardIcon open=is_open />
                <div class="alert-card__title">
                    <p class="alert-card__status">
                        {move || if is_open { t_string!(i18n, monitoring.status_open) } else { t_string!(i18n, monitoring.status_acknowledged) }}
                    </p>
                    <p class="alert-card__rule" data-testid="alert-rule">{text}</p>
                </div>
                {escalated.clone().map(|_| view! {
                    <span class="badge badge--warning" data-testid="escalated">
                        <span class="badge__dot" aria-hidden="true"></span>
                        {move || t_string!(i18n, monitoring.escalated)}
                    </span>
                })}
            </div>
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
            </dl>
            {on_ack.filter(|_| is_open).map(|cb| view! {
                <div class="alert-card__actions">
                    <button type="button" class="btn btn--primary" on:click=move |_| cb.run(to_ack.clone())>
                        {t!(i18n, monitoring.ack)}
                    </button>
                </div>
            })}
        </article>
    }
}

/// The acknowledgement: what was done (required), sent with `POST /alerts/{id}/acknowledge`.
#[component]
fn AckForm(
    alert: AlertDto,
    rules: Signal<Vec<AlertRule>>,
    open: RwSignal<bool>,
    on_done: Callback<AlertDto>,
    on_stale: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let note = RwSignal::new(String::new());
    let note_error = RwSignal::new(None::<FieldErr>);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let id = alert.id;
    let a = alert.clone();
    let rule_code = alert.rule.clone();
    let summary = move || {
        let rules = rules.get();
        alert_text(i18n, &a, rules.iter().find(|r| r.code == rule_code))
    };
    let patient = alert.patient_name.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        failure.set(None);
        let text = match (AlertAckInput { note: note.get_untracked() }).check() {
            Ok(text) => text,
            Err(e) => {
                note_error.set(Some(FieldErr::from_code(FieldKind::Text, &e.code)));
                return;
            }
        };
        pending.set(true);
        spawn_local(async move {
            let result = api::monitoring::acknowledge(id, &text).await;
            pending.set(false);
            match result {
                Ok(done) => {
                    toasts.push(t_string!(i18n, monitoring.ack_done).to_owned());
                    open.set(false);
                    on_done.run(done);
                }
                Err(e) => show_error(i18n, &e, note_error, failure, on_stale),
            }
        });
    };
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="ack-form">
            <div class="ack-summary">
                <p class="ack-summary__patient">{patient}</p>
                <p class="ack-summary__rule">{summary}</p>
            </div>
            <FormAlert message=Signal::derive(move || failure.get()) testid="ack-error" />
            <TextAreaField
                id="ack-note"
                label=move || t_string!(i18n, monitoring.ack_note)
                hint=move || t_string!(i18n, monitoring.ack_note_hint)
                value=note
                error=note_error
                rows=4
                maxlength=u32::try_from(MAX_ACK_NOTE).unwrap_or(2000)
            />
            <div class="dialog__actions">
                <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                <button type="submit" class="btn btn--primary" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { t_string!(i18n, monitoring.acking) } else { t_string!(i18n, monitoring.ack) }}
                </button>
            </div>
        </form>
    }
}

fn show_error(
    i18n: leptos_i18n::I18nContext<Locale>,
    e: &ApiError,
    note_error: RwSignal<Option<FieldErr>>,
    failure: RwSignal<Option<String>>,
    on_stale: Callback<()>,
) {
    if let Some((_, code)) = e.field_errors().into_iter().find(|(f, _)| f == "note") {
        note_error.set(Some(FieldErr::from_code(FieldKind::Text, &code)));
        return;
    }
    let message = match e.code() {
        Some(ErrorCode::AlertAcknowledged) => {
            on_stale.run(());
            t_string!(i18n, monitoring.ack_already).to_owned()
        }
        Some(ErrorCode::Forbidden) => t_string!(i18n, monitoring.ack_forbidden).to_owned(),
        _ => error_message(i18n, e.kind()).to_owned(),
    };
    failure.set(Some(message));
}
