//! `/admin/feedback` ("Обращения пациентов", CAB-11): the organizer reads the patients'
//! messages — new or answered — and marks one answered, with an optional note the patient sees.

use common::ErrorCode;
use common::auth::Role;
use common::cabinet::{FEEDBACK_TEXT_MAX, FeedbackCategory, FeedbackDto, FeedbackStatus};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;

use crate::api::{self, ApiError};
use crate::components::datetime::format_datetime;
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::components::form::{ActionForm, FieldErrors, FieldKind, Refused};
use crate::components::ui::{FieldErr, Modal, Pagination, TextAreaField, use_toasts};
use crate::i18n::*;
use crate::session::RequireRole;

const PER_PAGE: u32 = 20;

#[component]
pub fn AdminFeedbackPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, org_cabinet.nav_feedback).to_owned() />
        <RequireRole roles=&[Role::Organizer]>
            <FeedbackList />
        </RequireRole>
    }
}

/// The name of a feedback category.
pub fn category_label(i18n: I18nContext<Locale>, category: FeedbackCategory) -> &'static str {
    match category {
        FeedbackCategory::Question => t_string!(i18n, org_cabinet.fb_cat_question),
        FeedbackCategory::Suggestion => t_string!(i18n, org_cabinet.fb_cat_suggestion),
        FeedbackCategory::Complaint => t_string!(i18n, org_cabinet.fb_cat_complaint),
        FeedbackCategory::Gratitude => t_string!(i18n, org_cabinet.fb_cat_gratitude),
        FeedbackCategory::Other => t_string!(i18n, org_cabinet.fb_cat_other),
    }
}

#[component]
fn FeedbackList() -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(FeedbackStatus::New);
    let page = RwSignal::new(1u32);
    let version = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        let (status, page) = (status.get(), page.get());
        version.track();
        async move { api::admin::feedback(Some(status), page, PER_PAGE).await }
    });
    let total = Signal::derive(move || list.get().and_then(|r| r.ok()).map_or(0, |p| p.total));
    let refresh = Callback::new(move |()| version.update(|v| *v += 1));
    let answering = RwSignal::new(None::<FeedbackDto>);
    let open = RwSignal::new(false);
    Effect::new(move |_| {
        if !open.get() {
            answering.set(None);
        }
    });
    let on_answer = Callback::new(move |f: FeedbackDto| {
        answering.set(Some(f));
        open.set(true);
    });
    let filter_button = move |s: FeedbackStatus| {
        let text = move || match s {
            FeedbackStatus::New => t_string!(i18n, org_cabinet.fb_new),
            FeedbackStatus::Answered => t_string!(i18n, org_cabinet.fb_answered),
        };
        view! {
            <button type="button" class="segmented__option" aria-pressed=move || if status.get() == s { "true" } else { "false" }
                on:click=move |_| {
                    page.set(1);
                    status.set(s);
                }>
                {text}
            </button>
        }
    };
    view! {
        <section class="page" data-page="admin-feedback">
            <header class="page-header">
                <h1>{t!(i18n, org_cabinet.nav_feedback)}</h1>
                <p class="page-header__lead">{t!(i18n, org_cabinet.fb_lead)}</p>
            </header>
            <div class="segmented" role="group" aria-label=move || t_string!(i18n, org_cabinet.fb_filter)>
                {filter_button(FeedbackStatus::New)}
                {filter_button(FeedbackStatus::Answered)}
            </div>
            <Suspense fallback=|| view! { <Skeleton lines=6 /> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(p) if p.items.is_empty() => {
                            let answered = status.get_untracked() == FeedbackStatus::Answered;
                            view! {
                                <div class="card empty-panel" data-testid="feedback-empty">
                                    <h2>{move || if answered { t_string!(i18n, org_cabinet.fb_empty_answered) } else { t_string!(i18n, org_cabinet.fb_empty_new) }}</h2>
                                    <p>{move || if answered { t_string!(i18n, org_cabinet.fb_empty_answered_text) } else { t_string!(i18n, org_cabinet.fb_empty_new_text) }}</p>
                                </div>
                            }.into_any()
                        }
                        Ok(p) => view! { <FeedbackTable items=p.items on_answer=on_answer /> }.into_any(),
                        Err(e) => view! {
                            <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| list.refetch()) />
                        }.into_any(),
                    }
                })}
            </Suspense>
            <Pagination page=page per_page=PER_PAGE total=total />
        </section>
        <Modal id="feedback-dialog" open=open title=move || t_string!(i18n, org_cabinet.fb_mark_title)>
            {move || answering.get().map(|f| view! { <AnswerForm item=f open=open on_done=refresh /> })}
        </Modal>
    }
}

#[component]
fn FeedbackTable(items: Vec<FeedbackDto>, on_answer: Callback<FeedbackDto>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="feedback">
                <caption class="visually-hidden">{t!(i18n, org_cabinet.nav_feedback)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, org_cabinet.fb_col_date)}</th>
                        <th scope="col">{t!(i18n, org_cabinet.fb_col_patient)}</th>
                        <th scope="col">{t!(i18n, org_cabinet.fb_col_category)}</th>
                        <th scope="col">{t!(i18n, org_cabinet.fb_col_message)}</th>
                        <th scope="col">{t!(i18n, org_cabinet.fb_col_status)}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|f| {
                        let created = f.created_at;
                        let category = f.category;
                        let answered_at = f.answered_at;
                        let note = f.answer_note.clone().filter(|n| !n.trim().is_empty());
                        let written_by = f.written_by.clone();
                        let is_new = f.status == FeedbackStatus::New;
                        let item = f.clone();
                        view! {
                            <tr data-feedback=f.id.to_string()>
                                <td data-label=move || t_string!(i18n, org_cabinet.fb_col_date) class="nowrap">{move || format_datetime(i18n, created)}</td>
                                <td data-label=move || t_string!(i18n, org_cabinet.fb_col_patient)>
                                    <span class="person">
                                        <span class="person__name">{f.patient_name.clone()}</span>
                                        {written_by.map(|w| view! {
                                            <span class="person__email">{move || t_string!(i18n, org_cabinet.fb_written_by, name = w.clone()).to_string()}</span>
                                        })}
                                    </span>
                                </td>
                                <td data-label=move || t_string!(i18n, org_cabinet.fb_col_category)>
                                    <span class="badge">{move || category_label(i18n, category)}</span>
                                </td>
                                <td data-label=move || t_string!(i18n, org_cabinet.fb_col_message) class="feedback-message">
                                    <p class="feedback-message__subject">{f.subject.clone()}</p>
                                    <p class="feedback-message__text">{f.text.clone()}</p>
                                </td>
                                <td data-label=move || t_string!(i18n, org_cabinet.fb_col_status)>
                                    {if is_new {
                                        view! {
                                            <span class="stack stack--gap">
                                                <span class="badge badge--warning"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, org_cabinet.fb_status_new)}</span>
                                                <button type="button" class="btn btn--primary btn--small" on:click=move |_| on_answer.run(item.clone())>
                                                    {t!(i18n, org_cabinet.fb_mark)}
                                                </button>
                                            </span>
                                        }.into_any()
                                    } else {
                                        view! {
                                            <span class="stack stack--gap">
                                                <span class="badge badge--success"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, org_cabinet.fb_status_answered)}</span>
                                                {answered_at.map(|at| view! {
                                                    <span class="hint">{move || t_string!(i18n, org_cabinet.fb_answered_at, date = format_datetime(i18n, at)).to_string()}</span>
                                                })}
                                                {note.clone().map(|n| view! {
                                                    <span class="hint feedback-note">{move || t_string!(i18n, org_cabinet.fb_note_label, note = n.clone()).to_string()}</span>
                                                })}
                                            </span>
                                        }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn AnswerForm(item: FeedbackDto, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let note = RwSignal::new(String::new());
    let errors = FieldErrors::new();
    let id = item.id;
    let too_long = FieldErr::TooLongMax(FEEDBACK_TEXT_MAX);
    let check = move || {
        let text = note.get_untracked().trim().to_owned();
        (text.chars().count() <= FEEDBACK_TEXT_MAX).then_some(text).or_else(|| {
            errors.put("note", too_long);
            None
        })
    };
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::ValidationFailed) if e.field_errors().iter().any(|(f, _)| f == "note") => {
            errors.put("note", too_long);
            Refused::AtField
        }
        Some(ErrorCode::Conflict) => Refused::Alert(t_string!(i18n, org_cabinet.fb_already).to_owned()),
        _ => Refused::Default,
    });
    let on_ok = move |_| {
        toasts.push(t_string!(i18n, org_cabinet.fb_marked).to_owned());
        on_done.run(());
    };
    let subject = item.subject.clone();
    let name = item.patient_name.clone();
    view! {
        <ActionForm
            check=check
            call=move |text: String| async move { api::admin::mark_feedback_answered(id, &text).await }
            on_ok=on_ok
            errors=errors
            refused=refused
            open=open
            submit=move || t_string!(i18n, org_cabinet.fb_mark)
            submitting=move || t_string!(i18n, org_cabinet.fb_marking)
            testid="feedback-answer"
            lead=move || t_string!(i18n, org_cabinet.fb_mark_lead, subject = subject.clone(), name = name.clone()).to_string()
        >
            <TextAreaField id="feedback-note" label=move || t_string!(i18n, org_cabinet.fb_note) hint=move || t_string!(i18n, org_cabinet.fb_note_hint) value=note error=errors.at("note", FieldKind::Text) rows=4 maxlength=FEEDBACK_TEXT_MAX as u32 />
        </ActionForm>
    }
}
