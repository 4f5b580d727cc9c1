//! Назначения (CAB-2): what the organization prescribed and what the doctor recommends the
//! patient to do himself; a recommendation to do can be marked done.

use common::record::{PrescriptionDto, PrescriptionKind, PrescriptionStatus};
use leptos::prelude::*;
use leptos_meta::Title;

use super::use_cabinet;
use crate::api;
use crate::components::datetime::{format_date, format_datetime, format_day};
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::components::form::ActionButton;
use crate::components::page::{EmptyPanel, PageHeader};
use crate::components::ui::use_toasts;
use crate::i18n::*;

#[component]
pub fn PrescriptionsTab() -> impl IntoView {
    let i18n = use_i18n();
    let cabinet = use_cabinet();
    let list = cabinet.load(api::cabinet::prescriptions);
    let refresh = Callback::new(move |()| list.refetch());
    view! {
        <Title text=move || t_string!(i18n, cabinet.tabs.prescriptions).to_owned() />
        <section class="page" data-page="cabinet-prescriptions">
            <PageHeader title=move || t_string!(i18n, cabinet.prescriptions.title) lead=move || t_string!(i18n, cabinet.prescriptions.lead) />
            <Suspense fallback=|| view! { <Skeleton lines=6 /> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! {
                            <EmptyPanel testid="prescriptions-empty" title=move || t_string!(i18n, cabinet.prescriptions.empty_title) text=move || t_string!(i18n, cabinet.prescriptions.empty_text) />
                        }.into_any(),
                        Ok(items) => {
                            let (prescribed, recommended): (Vec<_>, Vec<_>) =
                                items.into_iter().partition(|p| p.kind == PrescriptionKind::Prescribed);
                            view! {
                                <Group kind=PrescriptionKind::Prescribed items=prescribed on_change=refresh />
                                <Group kind=PrescriptionKind::Recommended items=recommended on_change=refresh />
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorPanel kind=e.kind() on_retry=refresh /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Group(kind: PrescriptionKind, items: Vec<PrescriptionDto>, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("prescriptions-{}", kind.as_str());
    let labelled = id.clone();
    let empty = items.is_empty();
    view! {
        <section class="stack-card" aria-labelledby=labelled data-group=kind.as_str()>
            <h2 id=id>{move || match kind {
                PrescriptionKind::Prescribed => t_string!(i18n, cabinet.prescriptions.prescribed),
                PrescriptionKind::Recommended => t_string!(i18n, cabinet.prescriptions.recommended),
            }}</h2>
            <p class="hint">{move || match kind {
                PrescriptionKind::Prescribed => t_string!(i18n, cabinet.prescriptions.prescribed_hint),
                PrescriptionKind::Recommended => t_string!(i18n, cabinet.prescriptions.recommended_hint),
            }}</p>
            {if empty {
                view! { <p class="card">{t!(i18n, cabinet.prescriptions.group_empty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="news-list" role="list">
                        {items.into_iter().map(|p| view! { <PrescriptionCard item=p on_change=on_change /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn PrescriptionCard(item: PrescriptionDto, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = item.id;
    let due = item.due_on;
    let done_at = item.done_at;
    let created = item.created_at;
    let can_mark = item.kind == PrescriptionKind::Recommended && item.status == PrescriptionStatus::Todo;
    let status = item.status;
    view! {
        <li class="card news-card prescription" data-prescription=item.id.to_string() data-status=status.as_str()>
            <div class="news-card__meta">
                {match status {
                    PrescriptionStatus::Todo => view! {
                        <span class="badge badge--warning"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, cabinet.prescriptions.todo)}</span>
                    }.into_any(),
                    PrescriptionStatus::Done => view! {
                        <span class="badge badge--success"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, cabinet.prescriptions.done)}</span>
                    }.into_any(),
                }}
                {due.map(|d| view! { <span class="hint">{move || t_string!(i18n, cabinet.prescriptions.due, date = format_day(i18n, d)).to_string()}</span> })}
            </div>
            <h3 class="news-card__title">{item.title.clone()}</h3>
            {(!item.details.trim().is_empty()).then(|| view! { <p class="news-card__body">{item.details.clone()}</p> })}
            <p class="hint">
                {let name = item.prescribed_by.name.clone(); move || t_string!(i18n, cabinet.prescriptions.by, name = name.clone(), date = format_date(i18n, created)).to_string()}
                {done_at.map(|at| view! { <br />{move || t_string!(i18n, cabinet.prescriptions.done_at, date = format_datetime(i18n, at)).to_string()} })}
            </p>
            {can_mark.then(|| view! {
                <div class="news-card__actions">
                    <ActionButton
                        call=move || api::cabinet::prescription_done(id)
                        on_ok=move |_| {
                            toasts.push(t_string!(i18n, cabinet.prescriptions.marked).to_owned());
                            on_change.run(());
                        }
                        label=move || t_string!(i18n, cabinet.prescriptions.mark_done)
                        busy_label=move || t_string!(i18n, common.saving)
                        class="btn btn--primary"
                    />
                </div>
            })}
        </li>
    }
}
