//! `/admin/feedback` ("Обращения пациентов", CAB-11): the organizer reads the patients'
//! messages — new or answered — and marks one answered, with an optional note the patient sees.

use common::ErrorCode;
use common::auth::Role;
use common::cabinet::{FEEDBACK_TEXT_MAX, FeedbackCategory, FeedbackDto, FeedbackStatus};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::api::{self, ApiError};
use crate::components::datetime::format_datetime;
use crate::components::form::{ActionForm, FieldErrors, FieldKind, Refused};
use crate::components::page::RolePage;
use crate::components::page::{EmptyPanel, PageHeader, Paged, PagedView};
use crate::components::table::{CardTable, Cell, Column};
use crate::components::ui::{FieldErr, Modal, TextAreaField, use_toasts};
use crate::i18n::*;

const PER_PAGE: u32 = 20;

#[component]
pub fn AdminFeedbackPage() -> impl IntoView {
    view! {
        <RolePage title=|i| t_string!(i, org_cabinet.nav_feedback) roles=&[Role::Organizer]>
            <FeedbackList />
        </RolePage>
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
    let list = Paged::new(PER_PAGE, move |page| {
        let status = status.get();
        async move { api::organization::feedback(Some(status), page, PER_PAGE).await }
    });
    let page = list.page;
    let refresh = list.refresher();
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
    let empty = move || {
        let answered = status.get_untracked() == FeedbackStatus::Answered;
        view! {
            <EmptyPanel
                testid="feedback-empty"
                title=move || if answered { t_string!(i18n, org_cabinet.fb_empty_answered) } else { t_string!(i18n, org_cabinet.fb_empty_new) }
                text=move || if answered { t_string!(i18n, org_cabinet.fb_empty_answered_text) } else { t_string!(i18n, org_cabinet.fb_empty_new_text) }
            />
        }
        .into_any()
    };
    view! {
        <section class="page" data-page="admin-feedback">
            <PageHeader title=move || t_string!(i18n, org_cabinet.nav_feedback) lead=move || t_string!(i18n, org_cabinet.fb_lead) />
            <div class="segmented" role="group" aria-label=move || t_string!(i18n, org_cabinet.fb_filter)>
                {filter_button(FeedbackStatus::New)}
                {filter_button(FeedbackStatus::Answered)}
            </div>
            <PagedView paged=list empty=empty render=move |items| view! { <FeedbackTable items=items on_answer=on_answer /> }.into_any() />
        </section>
        <Modal id="feedback-dialog" open=open title=move || t_string!(i18n, org_cabinet.fb_mark_title)>
            {move || answering.get().map(|f| view! { <AnswerForm item=f open=open on_done=refresh /> })}
        </Modal>
    }
}

const DATE: Column = Column::new(|i| t_string!(i, org_cabinet.fb_col_date));
const PATIENT: Column = Column::new(|i| t_string!(i, org_cabinet.fb_col_patient));
const CATEGORY: Column = Column::new(|i| t_string!(i, org_cabinet.fb_col_category));
const MESSAGE: Column = Column::new(|i| t_string!(i, org_cabinet.fb_col_message));
const STATUS: Column = Column::new(|i| t_string!(i, org_cabinet.fb_col_status));

#[component]
fn FeedbackTable(items: Vec<FeedbackDto>, on_answer: Callback<FeedbackDto>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <CardTable columns=&[DATE, PATIENT, CATEGORY, MESSAGE, STATUS] caption=move || t_string!(i18n, org_cabinet.nav_feedback) testid="feedback">
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
                                <Cell label=DATE.label class="nowrap">{move || format_datetime(i18n, created)}</Cell>
                                <Cell label=PATIENT.label>
                                    <span class="person">
                                        <span class="person__name">{f.patient_name.clone()}</span>
                                        {written_by.map(|w| view! {
                                            <span class="person__email">{move || t_string!(i18n, org_cabinet.fb_written_by, name = w.clone()).to_string()}</span>
                                        })}
                                    </span>
                                </Cell>
                                <Cell label=CATEGORY.label>
                                    <span class="badge">{move || category_label(i18n, category)}</span>
                                </Cell>
                                <Cell label=MESSAGE.label class="feedback-message">
                                    <p class="feedback-message__subject">{f.subject.clone()}</p>
                                    <p class="feedback-message__text">{f.text.clone()}</p>
                                </Cell>
                                <Cell label=STATUS.label>
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
                                </Cell>
                            </tr>
                        }
                    }).collect_view()}
        </CardTable>
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
            call=move |text: String| async move { api::organization::mark_feedback_answered(id, &text).await }
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
