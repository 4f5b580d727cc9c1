//! Обращения (CAB-11): a message to the organization (question, suggestion, complaint,
//! gratitude, other) and the list of the patient's messages with their status and the
//! organization's note.

use common::ErrorCode;
use common::cabinet::{
    FEEDBACK_SUBJECT_MAX, FEEDBACK_TEXT_MAX, FeedbackCategory, FeedbackDto, FeedbackInput, FeedbackStatus,
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;

use super::use_cabinet;
use crate::api::{self, ApiError};
use crate::components::datetime::format_datetime;
use crate::components::form::{ActionForm, FieldErrors, Refused};
use crate::components::page::{Loaded, PageHeader};
use crate::components::ui::{FieldErr, FieldKind, TextField, use_toasts};
use crate::i18n::*;

pub fn category_label(i18n: I18nContext<Locale>, c: FeedbackCategory) -> &'static str {
    match c {
        FeedbackCategory::Question => t_string!(i18n, cabinet.feedback.category_question),
        FeedbackCategory::Suggestion => t_string!(i18n, cabinet.feedback.category_suggestion),
        FeedbackCategory::Complaint => t_string!(i18n, cabinet.feedback.category_complaint),
        FeedbackCategory::Gratitude => t_string!(i18n, cabinet.feedback.category_gratitude),
        FeedbackCategory::Other => t_string!(i18n, cabinet.feedback.category_other),
    }
}

/// The message as the server takes it, or the errors of the subject and the text.
pub fn parse_feedback(
    category: FeedbackCategory,
    subject: &str,
    text: &str,
) -> Result<FeedbackInput, (Option<FieldErr>, Option<FieldErr>)> {
    let subject = subject.trim();
    let text = text.trim();
    let check = |s: &str, max: usize| {
        if s.is_empty() {
            Some(FieldErr::Required)
        } else {
            (s.chars().count() > max).then_some(FieldErr::TooLongMax(max))
        }
    };
    match (check(subject, FEEDBACK_SUBJECT_MAX), check(text, FEEDBACK_TEXT_MAX)) {
        (None, None) => Ok(FeedbackInput { category, subject: subject.to_owned(), text: text.to_owned() }),
        errors => Err(errors),
    }
}

#[component]
pub fn FeedbackTab() -> impl IntoView {
    let i18n = use_i18n();
    let cabinet = use_cabinet();
    let version = RwSignal::new(0u32);
    let list = cabinet.load(move || {
        version.track();
        async move {
            api::cabinet::feedback().await.map(|mut items| {
                items.sort_by_key(|f| std::cmp::Reverse(f.created_at));
                items
            })
        }
    });
    let sent = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <Title text=move || t_string!(i18n, cabinet.tabs.feedback).to_owned() />
        <section class="page" data-page="cabinet-feedback">
            <PageHeader title=move || t_string!(i18n, cabinet.feedback.title) lead=move || t_string!(i18n, cabinet.feedback.lead) />
            <div class="cabinet-columns">
                <FeedbackForm on_sent=sent />
                <section class="stack-card" aria-labelledby="feedback-list-title">
                    <h2 id="feedback-list-title">{t!(i18n, cabinet.feedback.list_title)}</h2>
                    <Loaded resource=list skeleton=4 render=move |value| match value {
                        items if items.is_empty() => view! {
                            <div class="card empty-panel empty-panel--compact" data-testid="feedback-empty">
                                <p class="empty-panel__title">{t!(i18n, cabinet.feedback.empty_title)}</p>
                                <p>{t!(i18n, cabinet.feedback.empty_text)}</p>
                            </div>
                        }.into_any(),
                        items => view! {
                            <ul class="news-list" role="list" data-testid="feedback-list">
                                {items.into_iter().map(|f| view! { <FeedbackCard item=f /> }).collect_view()}
                            </ul>
                        }.into_any(),
                    } />
                </section>
            </div>
        </section>
    }
}

#[component]
fn FeedbackForm(on_sent: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let category = RwSignal::new(FeedbackCategory::Question);
    let subject = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let errors = FieldErrors::new();
    let check = move || {
        parse_feedback(category.get_untracked(), &subject.get_untracked(), &text.get_untracked())
            .map_err(|(s, t)| errors.put_each([("subject", s), ("text", t)]))
            .ok()
    };
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::RateLimited) => Refused::Alert(t_string!(i18n, cabinet.feedback.rate_limited).to_owned()),
        _ => Refused::Default,
    });
    let on_ok = move |_| {
        subject.set(String::new());
        text.set(String::new());
        toasts.push(t_string!(i18n, cabinet.feedback.sent).to_owned());
        on_sent.run(());
    };
    errors.show("text");
    let text_error = move || errors.message_at(i18n, "text", FieldKind::Text);
    let count = Memo::new(move |_| text.with(|t| t.chars().count()));
    view! {
        <section class="card" aria-labelledby="feedback-form-title">
            <ActionForm
                check=check
                call=|input: FeedbackInput| async move { api::cabinet::send_feedback(&input).await }
                on_ok=on_ok
                errors=errors
                refused=refused
                submit=move || t_string!(i18n, cabinet.feedback.submit)
                submitting=move || t_string!(i18n, cabinet.feedback.sending)
                actions_class="form__actions"
                testid="feedback-form"
            >
                <h2 id="feedback-form-title" class="form__title">{t!(i18n, cabinet.feedback.form_title)}</h2>
                <div class="field">
                    <label class="field__label" for="feedback-category">{t!(i18n, cabinet.feedback.category)}</label>
                    <select id="feedback-category" class="select" on:change=move |ev| {
                        if let Some(c) = FeedbackCategory::parse(&event_target_value(&ev)) {
                            category.set(c);
                        }
                    }>
                        {FeedbackCategory::ALL.into_iter().map(|c| view! {
                            <option value=c.as_str() selected=move || category.get() == c>{move || category_label(i18n, c)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <TextField id="feedback-subject" label=move || t_string!(i18n, cabinet.feedback.subject) value=subject error=errors.at("subject", FieldKind::Text) required=true maxlength=FEEDBACK_SUBJECT_MAX as u32 />
                <div class="field" class:field--invalid=move || errors.has("text")>
                    <div class="field__label-row">
                        <label class="field__label" for="feedback-text">{t!(i18n, cabinet.feedback.text)}</label>
                        <span class="counter" id="feedback-text-count">{move || format!("{} / {}", count.get(), FEEDBACK_TEXT_MAX)}</span>
                    </div>
                    <textarea
                        id="feedback-text"
                        class="textarea"
                        rows=6
                        maxlength=FEEDBACK_TEXT_MAX
                        required
                        aria-invalid=move || if errors.has("text") { "true" } else { "false" }
                        aria-describedby=move || if errors.has("text") { "feedback-text-count feedback-text-error" } else { "feedback-text-count" }
                        prop:value=move || text.get()
                        on:input=move |ev| {
                            text.set(event_target_value(&ev));
                            errors.clear_at("text");
                        }
                    ></textarea>
                    {move || text_error().map(|e| view! { <p class="field__error" id="feedback-text-error">{e}</p> })}
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn FeedbackCard(item: FeedbackDto) -> impl IntoView {
    let i18n = use_i18n();
    let at = item.created_at;
    let category = item.category;
    let answered_at = item.answered_at;
    view! {
        <li class="card news-card" data-feedback=item.id.to_string() data-status=item.status.as_str()>
            <div class="news-card__meta">
                {match item.status {
                    FeedbackStatus::New => view! { <span class="badge badge--info"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, cabinet.feedback.status_new)}</span> }.into_any(),
                    FeedbackStatus::Answered => view! { <span class="badge badge--success"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, cabinet.feedback.status_answered)}</span> }.into_any(),
                }}
                <span class="badge">{move || category_label(i18n, category)}</span>
                <span class="hint">{move || format_datetime(i18n, at)}</span>
            </div>
            <h3 class="news-card__title">{item.subject.clone()}</h3>
            <p class="news-card__body">{item.text.clone()}</p>
            {item.written_by.clone().map(|w| view! { <p class="hint">{move || t_string!(i18n, cabinet.feedback.written_by, name = w.clone()).to_string()}</p> })}
            {item.answer_note.clone().filter(|n| !n.trim().is_empty()).map(|note| view! {
                <div class="answer-note">
                    <p class="answer-note__title">
                        {t!(i18n, cabinet.feedback.answer)}
                        {answered_at.map(|a| view! { " · "{move || format_datetime(i18n, a)} })}
                    </p>
                    <p class="news-card__body">{note}</p>
                </div>
            })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_is_checked_like_the_server() {
        let ok = parse_feedback(FeedbackCategory::Gratitude, " Спасибо ", " Всё хорошо ").unwrap();
        assert_eq!(ok.subject, "Спасибо");
        assert_eq!(ok.text, "Всё хорошо");
        assert_eq!(parse_feedback(FeedbackCategory::Other, "", "x").unwrap_err(), (Some(FieldErr::Required), None));
        let long = "я".repeat(FEEDBACK_SUBJECT_MAX + 1);
        assert_eq!(
            parse_feedback(FeedbackCategory::Other, &long, " ").unwrap_err(),
            (Some(FieldErr::TooLongMax(FEEDBACK_SUBJECT_MAX)), Some(FieldErr::Required))
        );
    }
}
