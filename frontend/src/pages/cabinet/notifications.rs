//! Уведомления (CAB-8): newest first; unread ones stand out; opening one marks it read and
//! follows its link; "mark all read".

use common::cabinet::{NotificationChannel, NotificationDto, NotificationKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use super::{cabinet_link, use_cabinet};
use crate::api;
use crate::components::datetime::{TimeZoneNote, format_datetime};
use crate::components::feedback::error_message;
use crate::components::form::ActionButton;
use crate::components::page::{EmptyPanel, Loaded};
use crate::components::ui::{Pagination, use_toasts};
use crate::i18n::*;

const PER_PAGE: u32 = 20;

/// What happened, in the reader's words, with what it names.
pub fn notification_text(i18n: I18nContext<Locale>, kind: NotificationKind, subject: &str) -> String {
    let s = subject.to_owned();
    match kind {
        NotificationKind::EntrySigned => {
            t_string!(i18n, cabinet.notifications.kind.entry_signed, subject = s).to_string()
        }
        NotificationKind::PrescriptionAdded => {
            t_string!(i18n, cabinet.notifications.kind.prescription_added, subject = s).to_string()
        }
        NotificationKind::FeedbackAnswered => {
            t_string!(i18n, cabinet.notifications.kind.feedback_answered, subject = s).to_string()
        }
        NotificationKind::DependentConfirmed => {
            t_string!(i18n, cabinet.notifications.kind.dependent_confirmed, subject = s).to_string()
        }
        NotificationKind::DependentRejected => {
            t_string!(i18n, cabinet.notifications.kind.dependent_rejected, subject = s).to_string()
        }
        NotificationKind::RepresentativeAdded => {
            t_string!(i18n, cabinet.notifications.kind.representative_added, subject = s).to_string()
        }
        NotificationKind::QuestionnaireDue => {
            t_string!(i18n, cabinet.notifications.kind.questionnaire_due, subject = s).to_string()
        }
        NotificationKind::AnswersReviewed => {
            t_string!(i18n, cabinet.notifications.kind.answers_reviewed, subject = s).to_string()
        }
    }
}

#[component]
pub fn NotificationsTab() -> impl IntoView {
    let i18n = use_i18n();
    let cabinet = use_cabinet();
    let toasts = use_toasts();
    let page = RwSignal::new(1u32);
    let version = RwSignal::new(0u32);
    let list = cabinet.load(move || {
        let p = page.get();
        version.track();
        async move { api::cabinet::notifications(p, PER_PAGE).await }
    });
    let total = Signal::derive(move || list.get().and_then(|r| r.ok()).map_or(0, |p| p.total));
    let unread = Signal::derive(move || list.get().and_then(|r| r.ok()).map_or(0, |p| p.unread));
    let changed = Callback::new(move |()| {
        version.update(|v| *v += 1);
        cabinet.unread_version.update(|v| *v += 1);
    });
    view! {
        <Title text=move || t_string!(i18n, cabinet.tabs.notifications).to_owned() />
        <section class="page" data-page="cabinet-notifications">
            <header class="page-header page-header--actions">
                <div>
                    <h1>{t!(i18n, cabinet.notifications.title)}</h1>
                    <p class="page-header__lead">{t!(i18n, cabinet.notifications.lead)}</p>
                    <TimeZoneNote />
                </div>
                <Show when=move || { unread.get() > 0 }>
                    <ActionButton
                        call=api::cabinet::notifications_read_all
                        on_ok=move |()| {
                            toasts.push(t_string!(i18n, cabinet.notifications.all_read).to_owned());
                            changed.run(());
                        }
                        label=move || t_string!(i18n, cabinet.notifications.read_all)
                    />
                </Show>
            </header>
            <Loaded resource=list render=move |value| match value {
                p if p.items.is_empty() => view! {
                    <EmptyPanel testid="notifications-empty" title=move || t_string!(i18n, cabinet.notifications.empty_title) text=move || t_string!(i18n, cabinet.notifications.empty_text) />
                }.into_any(),
                p => view! {
                    <ul class="notice-list" role="list" data-testid="notifications">
                        {p.items.into_iter().map(|n| view! { <Notice item=n on_change=changed /> }).collect_view()}
                    </ul>
                }.into_any(),
            } />
            <Pagination page=page per_page=PER_PAGE total=total />
        </section>
    }
}

#[component]
fn Notice(item: NotificationDto, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let unread = item.read_at.is_none();
    let id = item.id;
    let link = cabinet_link(item.link.as_deref());
    let has_link = link.is_some();
    let at = item.created_at;
    let kind = item.kind;
    let subject = item.subject.clone();
    let channel = item.channel;
    let open = move |_| {
        let link = link.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            if unread {
                match api::cabinet::notification_read(id).await {
                    Ok(()) => on_change.run(()),
                    Err(e) => {
                        toasts.push(error_message(i18n, e.kind()).to_owned());
                        return;
                    }
                }
            }
            if let Some(link) = link {
                navigate(&link, NavigateOptions::default());
            }
        });
    };
    let content = move || {
        let subject = subject.clone();
        view! {
            <span class="notice__meta">
                {unread.then(|| view! { <span class="badge badge--info"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, cabinet.notifications.new)}</span> })}
                <span class="hint">{move || format_datetime(i18n, at)}</span>
            </span>
            <span class="notice__text">{move || notification_text(i18n, kind, &subject)}</span>
            <span class="notice__channel hint">{move || match channel {
                NotificationChannel::Email => t_string!(i18n, cabinet.notifications.channel_email),
                NotificationChannel::InApp => t_string!(i18n, cabinet.notifications.channel_app),
            }}</span>
        }
    };
    view! {
        <li class="card notice" class:notice--unread=unread data-kind=kind.as_str() data-unread=unread.then_some("true")>
            {if unread || has_link {
                view! { <button type="button" class="notice__button" on:click=open>{content()}</button> }.into_any()
            } else {
                view! { <div class="notice__button notice__button--static">{content()}</div> }.into_any()
            }}
        </li>
    }
}
