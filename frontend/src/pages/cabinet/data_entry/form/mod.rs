//! `/cabinet/data-entry/q/:id?assignment=<id>`: answering a questionnaire or adding a diary
//! entry (CAB-4, MON-3). Phone first: every control is a large touch target; items of each kind
//! get their own control; conditional items appear and disappear as the answers change
//! (`Definition::is_shown`); the answers are checked on submit by `Definition::check_answers`,
//! the same function the server runs, and each error is shown at its item. The result shows
//! the organization's advice when a rule fired.
//!
//! - [`model`]: the answers being written, their check and the messages (pure, natively tested);
//! - [`items`]: the control of each item kind.

mod items;
pub mod model;

use std::collections::HashMap;

use common::ErrorCode;
use common::FieldError;
use common::ids::{AssignmentId, QuestionnaireId};
use common::monitoring::{QuestionnaireDto, SubmissionInput, SubmissionResultDto};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use self::items::ItemField;
use self::model::*;
use super::{answer_rows, lang, text};
use crate::api::{self, ApiError};
use crate::components::care::AdviceCard;
use crate::components::datetime::format_datetime;
use crate::components::feedback::{ErrorPanel, error_message};
use crate::components::form::{ActionForm, Refused};
use crate::components::page::Loaded;
use crate::i18n::*;
use crate::pages::cabinet::use_cabinet;
use crate::routes::{AppRoute, cabinet_entry};

// ---------------------------------------------------------------- the page

/// `/cabinet/data-entry/q/:id`.
#[component]
pub fn QuestionnairePage() -> impl IntoView {
    let i18n = use_i18n();
    let cabinet = use_cabinet();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<QuestionnaireId>().ok()));
    let assignment = Memo::new(move |_| query.read().get("assignment").and_then(|s| s.parse::<AssignmentId>().ok()));
    let questionnaire = cabinet.load(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::monitoring::cabinet::questionnaire(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <Title text=move || t_string!(i18n, data_entry.title).to_owned() />
        <section class="page page--narrow" data-page="cabinet-questionnaire">
            <p class="back-link">
                <A href=AppRoute::CabinetDataEntry.path()>{t!(i18n, data_entry.back)}</A>
            </p>
            <Loaded resource=questionnaire skeleton=8 render=move |value| match value {
                Some(q) => view! { <QuestionnaireForm questionnaire=q assignment=assignment.get_untracked() /> }.into_any(),
                None => view! { <ErrorPanel kind=crate::api::ErrorKind::NotFound /> }.into_any(),
            } />
        </section>
    }
}

#[component]
fn QuestionnaireForm(questionnaire: QuestionnaireDto, assignment: Option<AssignmentId>) -> impl IntoView {
    let i18n = use_i18n();
    let questionnaire_id = questionnaire.id;
    let definition = StoredValue::new(questionnaire.definition.clone());
    let title = questionnaire.definition.title.clone();
    let title_for_page = title.clone();
    let description = questionnaire.definition.description.clone();
    let mark_optional = questionnaire.definition.items.iter().any(|i| i.required);

    let drafts = RwSignal::new(HashMap::<String, Draft>::new());
    let errors = RwSignal::new(HashMap::<String, String>::new());
    // The form's alert: a check or a refusal that names no item says it there.
    let form_error = RwSignal::new(None::<String>);
    // "Check the marked answers", while any answer is still marked.
    let fix_marked = RwSignal::new(false);
    let result = RwSignal::new(None::<SubmissionResultDto>);
    let answers = Memo::new(move |_| drafts.with(|d| definition.with_value(|def| answers_of(def, d))));
    let shown = Memo::new(move |_| answers.with(|a| definition.with_value(|def| shown_codes(def, a))));

    // Marks the items' errors and moves the focus to the first of them.
    let show_errors = move |list: &[FieldError]| -> bool {
        let (by_item, other) = definition.with_value(|def| errors_by_item(def, list));
        let first =
            definition.with_value(|def| def.items.iter().find(|i| by_item.contains_key(&i.code)).map(focus_target));
        let any = !by_item.is_empty();
        errors.set(by_item);
        if any {
            fix_marked.set(true);
        } else if other.iter().any(|e| e.field == "answers") {
            form_error.set(Some(t_string!(i18n, data_entry.form.nothing_answered).to_owned()));
        } else if !other.is_empty() {
            form_error.set(Some(t_string!(i18n, data_entry.form.not_available).to_owned()));
        }
        if let Some(id) = first {
            focus(&id);
        }
        any || !other.is_empty()
    };

    let check = move || {
        fix_marked.set(false);
        let given = answers.get_untracked();
        let kept = match definition.with_value(|def| def.check_answers(&given)) {
            Ok(kept) => kept,
            Err(list) => {
                show_errors(&list);
                return None;
            }
        };
        errors.set(HashMap::new());
        if kept.is_empty() {
            form_error.set(Some(t_string!(i18n, data_entry.form.nothing_answered).to_owned()));
            if let Some(first) = definition.with_value(|def| def.items.first().map(focus_target)) {
                focus(&first);
            }
            return None;
        }
        Some(SubmissionInput { questionnaire_id, assignment_id: assignment, answers: kept })
    };
    let on_ok = move |r: SubmissionResultDto| {
        result.set(Some(r));
        request_animation_frame(|| focus("de-result-title"));
    };
    let refused = Callback::new(move |e: ApiError| {
        if e.code() == Some(ErrorCode::ValidationFailed) && show_errors(&field_errors(&e)) {
            Refused::AtField
        } else {
            Refused::Alert(refusal_text(i18n, &e))
        }
    });
    // "Check the marked answers" in the alert's place while an answer is still marked.
    let fix_text = Signal::derive(move || {
        (fix_marked.get() && errors.with(|e| !e.is_empty()))
            .then(|| t_string!(i18n, data_entry.form.fix_marked).to_owned())
    });

    let items = questionnaire.definition.items.clone();
    let form = move || {
        let items = items.clone();
        let title = title.clone();
        let description = description.clone();
        view! {
            <header class="page-header">
                <h1>{move || text(i18n, &title)}</h1>
                {description.map(|d| view! { <p class="page-header__lead de-description">{move || text(i18n, &d)}</p> })}
            </header>
            <ActionForm
                check=check
                call=|input: SubmissionInput| async move { api::monitoring::cabinet::submit(&input).await }
                on_ok=on_ok
                refused=refused
                alert=form_error
                alert_over=fix_text
                alert_last=true
                submit=move || t_string!(i18n, data_entry.form.submit)
                submitting=move || t_string!(i18n, data_entry.form.saving)
                submit_class="btn btn--primary btn--large"
                submit_testid="questionnaire-submit"
                class="card form qform"
                testid="questionnaire-form"
                alert_testid="questionnaire-error"
                actions_class="form__actions"
                more_actions=move || view! {
                    <A href=AppRoute::CabinetDataEntry.path() attr:class="btn btn--secondary btn--large">{t!(i18n, common.cancel)}</A>
                }
            >
                {items.into_iter().map(|item| view! { <ItemField item=item drafts=drafts errors=errors shown=shown mark_optional=mark_optional /> }).collect_view()}
            </ActionForm>
        }
    };
    view! {
        <Title text=move || text(i18n, &title_for_page) />
        {move || match result.get() {
            None => form().into_any(),
            Some(r) => view! { <ResultPanel result=r /> }.into_any(),
        }}
    }
}

/// A refusal of the submission that names no item.
fn refusal_text(i18n: I18nContext<Locale>, e: &ApiError) -> String {
    match e.code() {
        Some(ErrorCode::NotFound | ErrorCode::QuestionnaireArchived) => {
            t_string!(i18n, data_entry.form.not_available).to_owned()
        }
        // The due day was answered a moment ago (another window, a double tap elsewhere).
        Some(ErrorCode::Conflict) => t_string!(i18n, data_entry.form.already_answered).to_owned(),
        _ => error_message(i18n, e.kind()).to_owned(),
    }
}

/// After a submission: saved and passed to the doctor; the advice of any rule that fired; the
/// answers given; back to "Data entry" or to the record entry.
#[component]
fn ResultPanel(result: SubmissionResultDto) -> impl IntoView {
    let i18n = use_i18n();
    let submission = result.submission.clone();
    let advice = result.advice.clone();
    let title = submission.title.clone();
    let at = submission.submitted_at;
    let rows = move || answer_rows(submission.definition.as_ref(), &submission.answers, lang(i18n));
    view! {
        <div class="de-result" data-testid="submission-result">
            <header class="page-header de-result__head">
                <span class="de-result__icon" aria-hidden="true">
                    <crate::components::icons::PanelIcon d="M5 12l5 5 9-10" />
                </span>
                <div>
                    <h1 id="de-result-title" tabindex="-1">{t!(i18n, data_entry.result.title)}</h1>
                    <p class="page-header__lead">{move || format!("{} · {}", text(i18n, &title), format_datetime(i18n, at))}</p>
                </div>
            </header>
            {advice.map(|advice| view! { <AdviceCard advice=advice testid="result-advice" /> })}
            <section class="card" aria-labelledby="de-result-answers">
                <h2 id="de-result-answers" class="de-section__title">{t!(i18n, data_entry.result.answers)}</h2>
                <dl class="de-answers">
                    {move || rows().into_iter().map(|(q, a)| view! { <div class="de-answers__row"><dt>{q}</dt><dd>{a}</dd></div> }).collect_view()}
                </dl>
            </section>
            <div class="form__actions">
                <A href=AppRoute::CabinetDataEntry.path() attr:class="btn btn--primary">{t!(i18n, data_entry.result.back)}</A>
                <A href=cabinet_entry(result.submission.entry_id) attr:class="btn btn--secondary" attr:data-testid="result-entry-link">
                    {t!(i18n, data_entry.result.open_entry)}
                </A>
            </div>
        </div>
    }
}
