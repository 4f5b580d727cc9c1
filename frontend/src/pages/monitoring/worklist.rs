//! The triage worklist on "Monitoring" (issue 14): the open alerts of the caller's patients
//! (an assistant: his doctors'; a covering doctor: also those escalated to him), escalated and
//! most urgent first — each with its patient, its reason and value ("🌡 38,6 °C", "Боль 8/10
//! ↑2"), its age, the escalation countdown and who has taken it — filtered by state (new / in
//! progress / closed), by "mine" and by urgency. "Взять в работу" marks it for colleagues;
//! "Закрыть" acknowledges it with a note for the team and one for the patient.

use common::alerts::Urgency;
use common::monitoring::{AlertDto, AlertState};
use leptos::prelude::*;

use super::alerts::AckDialog;
use super::{alert_reason, duration, reason_short};
use crate::api::{self, monitoring::Worklist};
use crate::components::datetime::{format_datetime, now};
use crate::components::page::{EmptyPanel, Paged, PagedView};
use crate::i18n::*;
use crate::live::use_live;
use crate::pages::monitoring::questionnaires::settings::urgency_label;
use crate::routes::staff_patient_href;

const PER_PAGE: u32 = 10;

/// A filter button's text.
type Label = fn(leptos_i18n::I18nContext<Locale>) -> &'static str;

#[component]
pub fn WorklistSection() -> impl IntoView {
    let i18n = use_i18n();
    let live = use_live();
    let state = RwSignal::new(Some(AlertState::New));
    let mine = RwSignal::new(false);
    let urgency = RwSignal::new(None::<Urgency>);
    let list = Paged::new(PER_PAGE, move |p| {
        live.version();
        let filter = Worklist { state: state.get(), urgency: urgency.get(), mine: mine.get() };
        async move { api::monitoring::worklist(&filter, p, PER_PAGE).await }
    });
    let page = list.page;
    let reload = list.refresher();
    let target = RwSignal::new(None::<AlertDto>);
    let dialog_open = RwSignal::new(false);
    let on_ack = Callback::new(move |a: AlertDto| {
        target.set(Some(a));
        dialog_open.set(true);
    });
    let empty = move || {
        view! {
            <EmptyPanel flat=true testid="worklist-empty" title=move || t_string!(i18n, care.worklist_empty) text=move || t_string!(i18n, care.worklist_empty_text) />
        }
        .into_any()
    };
    let render = move |items: Vec<AlertDto>| {
        view! {
            <ul class="worklist__rows" role="list" data-testid="worklist-rows">
                {items.into_iter().map(|a| view! { <WorkRow alert=a on_ack=on_ack on_change=reload /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let states: [(Option<AlertState>, Label); 4] = [
        (Some(AlertState::New), |i| t_string!(i, care.state_new)),
        (Some(AlertState::InProgress), |i| t_string!(i, care.state_in_progress)),
        (Some(AlertState::Closed), |i| t_string!(i, care.state_closed)),
        (None, |i| t_string!(i, care.state_all)),
    ];
    view! {
        <section class="card stack-card worklist" aria-labelledby="worklist-title" data-testid="worklist">
            <h2 id="worklist-title">{t!(i18n, care.worklist_title)}</h2>
            <div class="toolbar worklist__filters">
                <div class="segmented" role="group" aria-label=move || t_string!(i18n, care.state_label)>
                    {states.into_iter().map(|(s, label)| view! {
                        <button type="button" class="segmented__item"
                            aria-pressed=move || (state.get() == s).to_string()
                            data-state=s.map_or("all", AlertState::as_str)
                            on:click=move |_| { state.set(s); page.set(1); }>
                            {move || label(i18n)}
                        </button>
                    }).collect_view()}
                </div>
                <label class="check worklist__mine">
                    <input type="checkbox" prop:checked=move || mine.get()
                        on:change=move |ev| { mine.set(event_target_checked(&ev)); page.set(1); } data-testid="worklist-mine" />
                    <span>{t!(i18n, care.only_mine)}</span>
                </label>
                <label class="field field--inline">
                    <span class="field__label">{t!(i18n, care.urgency_filter)}</span>
                    <select class="select" data-testid="worklist-urgency" on:change=move |ev| {
                        urgency.set(Urgency::parse(&event_target_value(&ev)));
                        page.set(1);
                    }>
                        <option value="" selected=move || urgency.get().is_none()>{t!(i18n, care.urgency_any)}</option>
                        {[Urgency::CallClinic, Urgency::Emergency].into_iter().map(|u| view! {
                            <option value=u.as_str() selected=move || urgency.get() == Some(u)>{move || urgency_label(i18n, u)}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <PagedView paged=list skeleton=4 keep=true empty=empty render=render />
            <AckDialog target=target open=dialog_open on_done=Callback::new(move |_| reload.run(())) on_stale=reload />
        </section>
    }
}

/// One alert of the worklist: patient, reason and value, age, countdown, who has it, actions.
#[component]
fn WorkRow(alert: AlertDto, on_ack: Callback<AlertDto>, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = alert_reason(&alert);
    let opened = alert.opened_at;
    let age = (now() - opened).num_seconds().max(0);
    let escalates = alert.escalates_at.map(|at| (at - now()).num_seconds());
    let is_open = alert.state != AlertState::Closed;
    let taken = alert.taken_by_name.clone();
    let closed_by = alert.acknowledged_by_name.clone();
    let href = staff_patient_href(alert.patient_id, None);
    let class = match alert.urgency {
        Urgency::Review => "work-row work-row--review",
        Urgency::CallClinic => "work-row work-row--call",
        Urgency::Emergency => "work-row work-row--emergency",
    };
    let to_ack = alert.clone();
    let taking = super::alerts::TakeButton(alert.id, alert.taken_by, Some(on_change));
    view! {
        <li class=class data-alert=alert.id.to_string() data-state=alert.state.as_str() data-urgency=alert.urgency.as_str()>
            <div class="work-row__main">
                <a class="entry-link work-row__patient" href=href>{alert.patient_name.clone()}</a>
                <p class="work-row__reason" data-testid="work-reason">{move || reason_short(i18n, &reason)}</p>
                <super::alerts::PatientWords words=alert.patient_words.clone() />
                <p class="hint work-row__facts">
                    <span title=move || format_datetime(i18n, opened)>{move || t_string!(i18n, care.age, time = duration(i18n, age)).to_string()}</span>
                    {escalates.filter(|_| is_open).map(|secs| view! {
                        " · "<span data-testid="countdown">{move || if secs > 0 {
                            t_string!(i18n, care.escalates_in, time = duration(i18n, secs)).to_string()
                        } else {
                            t_string!(i18n, care.escalating).to_owned()
                        }}</span>
                    })}
                    {alert.escalated_to_name.clone().map(|n| view! { " · "<span>{move || t_string!(i18n, care.escalated_to, name = n.clone()).to_string()}</span> })}
                    {taken.filter(|_| is_open).map(|n| view! { " · "<span data-testid="taken-by">{move || t_string!(i18n, care.taken_by, name = n.clone()).to_string()}</span> })}
                    {closed_by.map(|n| view! { " · "<span>{move || t_string!(i18n, care.closed_by, name = n.clone()).to_string()}</span> })}
                </p>
            </div>
            {is_open.then(|| view! {
                <div class="work-row__actions">
                    {taking}
                    <button type="button" class="btn btn--primary btn--small" data-testid="close-alert" on:click=move |_| on_ack.run(to_ack.clone())>
                        {t!(i18n, care.close)}
                    </button>
                </div>
            })}
        </li>
    }
}
