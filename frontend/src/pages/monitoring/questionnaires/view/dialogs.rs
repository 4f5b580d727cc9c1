//! The library's dialogs of one questionnaire: copy (and edit the copy), archive.

use common::ErrorCode;
use common::ids::QuestionnaireId;
use common::monitoring::QuestionnaireDto;
use common::questionnaire::valid_code;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiError};
use crate::components::form::{ActionForm, ConfirmForm, FieldKind, Refused};
use crate::components::ui::use_toasts;
use crate::i18n::*;
use crate::pages::monitoring::questionnaires::{FieldErrors, Input, field_error};
use crate::routes::questionnaire_href;
use crate::session::use_session;

/// A copy under a new code: built-ins become editable this way.
#[component]
pub fn CopyForm(id: QuestionnaireId, then_edit: bool, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let code = RwSignal::new(String::new());
    let errors = FieldErrors::with_text(crate::pages::monitoring::questionnaires::error_text);
    let check = move || {
        let value = code.get_untracked().trim().to_owned();
        let problem =
            if value.is_empty() { Some("required") } else { (!valid_code(&value, 2)).then_some("invalid_format") };
        match problem {
            Some(c) => {
                errors.set(vec![field_error("code", c)], &[]);
                None
            }
            None => Some(value),
        }
    };
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::Conflict) => {
            errors.set(vec![field_error("code", "taken")], &[]);
            Refused::AtField
        }
        _ => Refused::Default,
    });
    let on_ok = move |copy: QuestionnaireDto| {
        toasts.push(t_string!(i18n, library.copied, code = copy.code.clone()).to_string());
        let action = then_edit.then_some("edit");
        navigate(&questionnaire_href(session.role(), Some(copy.id), action), NavigateOptions::default());
    };
    view! {
        <ActionForm
            check=check
            call=move |value: String| async move { api::monitoring::admin::copy_questionnaire(id, &value).await }
            on_ok=on_ok
            errors=errors
            refused=refused
            open=open
            submit=move || t_string!(i18n, library.copy_submit)
            submitting=move || t_string!(i18n, library.copying)
            testid="copy-form"
            lead=move || t_string!(i18n, library.copy_lead)
        >
            <Input
                id="copy-code"
                label=move || t_string!(i18n, library.new_code)
                hint=move || t_string!(i18n, library.code_hint)
                value=code
                error=errors.at("code", FieldKind::Text)
                required=true
                maxlength=64
                lang="en"
                on_edit=Callback::new(move |()| errors.clear())
            />
        </ActionForm>
    }
}

/// Archiving ends the questionnaire's active assignments: asked first.
#[component]
pub fn ArchiveForm(id: QuestionnaireId, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::Conflict) => Refused::Alert(t_string!(i18n, library.archive_conflict).to_owned()),
        _ => Refused::Default,
    });
    let label = move || t_string!(i18n, library.archive);
    view! {
        <ConfirmForm
            lead=move || t_string!(i18n, library.archive_text)
            call=move || api::monitoring::admin::set_archived(id, true)
            on_ok=move |_| {
                toasts.push(t_string!(i18n, library.archived_toast).to_owned());
                on_done.run(());
            }
            open=open
            refused=refused
            submit=label
            submitting=label
        />
    }
}
