//! The entry editors: `/staff/patients/:id/record/new` (a new entry), `…/:entry/edit` (a draft,
//! prefilled, `PUT`) and `…/:entry/amend` (an amendment of a signed entry: the original shown
//! read-only above, the kind fixed). "Сохранить черновик" for everyone; "Подписать и
//! сохранить" for a doctor only (the role of the session).

use common::ErrorCode;
use common::auth::Role;
use common::ids::{EntryId, PatientId};
use common::record::{ENTRY_BODY_MAX, ENTRY_TITLE_MAX, EntryDto, EntryInput, EntryKind, EntryStatus, check_entry_text};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use super::entry::EntryBody;
use super::{STAFF_KINDS, STAFF_ROLES, entry_param, kind_label, patient_param};
use crate::api::{self, ErrorKind};
use crate::components::datetime::today;
use crate::components::feedback::{ErrorPanel, error_message};
use crate::components::form::{Sender, SubmitButton, show_at_fields};
use crate::components::page::Loaded;
use crate::components::ui::{FieldErr, FieldKind, FormAlert, TextField, use_toasts};
use crate::i18n::*;
use crate::routes::{staff_entry_href, staff_patient_href};
use crate::session::{RequireRole, use_session};

/// What the editor writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorMode {
    New,
    Edit,
    Amend,
}

#[component]
pub fn StaffEntryNewPage() -> impl IntoView {
    view! { <EditorPage mode=EditorMode::New /> }
}

#[component]
pub fn StaffEntryEditPage() -> impl IntoView {
    view! { <EditorPage mode=EditorMode::Edit /> }
}

#[component]
pub fn StaffEntryAmendPage() -> impl IntoView {
    view! { <EditorPage mode=EditorMode::Amend /> }
}

fn title_of(i18n: leptos_i18n::I18nContext<Locale>, mode: EditorMode) -> &'static str {
    match mode {
        EditorMode::New => t_string!(i18n, record.editor_new_title),
        EditorMode::Edit => t_string!(i18n, record.editor_edit_title),
        EditorMode::Amend => t_string!(i18n, record.editor_amend_title),
    }
}

#[component]
fn EditorPage(mode: EditorMode) -> impl IntoView {
    let i18n = use_i18n();
    let id = patient_param();
    let entry = entry_param();
    view! {
        <Title text=move || title_of(i18n, mode).to_owned() />
        <RequireRole roles=STAFF_ROLES>
            {move || match (mode, id.get(), entry.get()) {
                (EditorMode::New, Some(id), _) => view! {
                    <section class="page page--narrow" data-page="entry-editor">
                        <a class="link back-link" href=staff_patient_href(id, Some("record"))>{t!(i18n, record.back_to_patient)}</a>
                        <h1>{move || title_of(i18n, mode)}</h1>
                        <EntryEditor id=id mode=mode original=None />
                    </section>
                }.into_any(),
                (_, Some(id), Some(entry)) => view! { <LoadedEditor id=id entry=entry mode=mode /> }.into_any(),
                _ => view! { <ErrorPanel kind=ErrorKind::NotFound /> }.into_any(),
            }}
        </RequireRole>
    }
}

#[component]
fn LoadedEditor(id: PatientId, entry: EntryId, mode: EditorMode) -> impl IntoView {
    let i18n = use_i18n();
    let data = LocalResource::new(move || api::record::entry(id, entry));
    view! {
        <section class="page page--narrow" data-page="entry-editor">
            <a class="link back-link" href=staff_entry_href(id, Some(entry), None)>{t!(i18n, record.back_to_entry)}</a>
            <h1>{move || title_of(i18n, mode)}</h1>
            <Loaded resource=data render=move |value| match value {
                // A signed entry never changes: the edit page says so and offers the amendment.
                e if mode == EditorMode::Edit && e.status == EntryStatus::Signed => view! {
                    <div class="alert alert--info" role="note">
                        <div class="alert__body">
                            <p>{t!(i18n, record.signed_hint)}</p>
                            <a class="btn btn--primary" href=staff_entry_href(id, Some(entry), Some("amend"))>{t!(i18n, record.add_amendment)}</a>
                        </div>
                    </div>
                }.into_any(),
                e if mode == EditorMode::Amend => view! {
                    <p class="hint" data-testid="amend-hint">{t!(i18n, record.amend_hint)}</p>
                    <section class="card entry entry--original" aria-labelledby="original-title" data-testid="original">
                        <h2 id="original-title" class="entry__label">{t!(i18n, record.original)}</h2>
                        <EntryBody entry=e.clone() heading=false />
                    </section>
                    <EntryEditor id=id mode=mode original=Some(e) />
                }.into_any(),
                e => view! { <EntryEditor id=id mode=mode original=Some(e) /> }.into_any(),
            } />
        </section>
    }
}

/// The errors of the entry form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EntryErrors {
    pub date: Option<FieldErr>,
    pub title: Option<FieldErr>,
    pub body: Option<FieldErr>,
}

/// The entry as the server takes it, or the field errors (the same rules as the API's).
pub fn parse_entry(
    kind: EntryKind,
    date: &str,
    title: &str,
    body: &str,
    sign: bool,
) -> Result<EntryInput, EntryErrors> {
    let mut errors = EntryErrors::default();
    for (field, code) in check_entry_text(title, body, ENTRY_BODY_MAX) {
        let err = Some(FieldErr::from_code(FieldKind::Text, code));
        match field {
            "title" => errors.title = err,
            _ => errors.body = err,
        }
    }
    let occurred_on = if date.trim().is_empty() {
        errors.date = Some(FieldErr::Required);
        None
    } else {
        match chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                errors.date = Some(FieldErr::DateFormat);
                None
            }
        }
    };
    match occurred_on {
        Some(occurred_on) if errors == EntryErrors::default() => {
            Ok(EntryInput { kind, occurred_on, title: title.trim().to_owned(), body: body.trim().to_owned(), sign })
        }
        _ => Err(errors),
    }
}

#[component]
fn EntryEditor(id: PatientId, mode: EditorMode, original: Option<EntryDto>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let session = use_session();
    let navigate = use_navigate();
    let is_doctor = Memo::new(move |_| session.role() == Some(Role::Doctor));
    let prefill = original.as_ref().filter(|_| mode == EditorMode::Edit);
    let kind = RwSignal::new(original.as_ref().map_or(EntryKind::Outpatient, |e| e.kind));
    let date = RwSignal::new(prefill.map_or_else(today, |e| e.occurred_on).format("%Y-%m-%d").to_string());
    let title = RwSignal::new(prefill.map(|e| e.title.clone()).unwrap_or_default());
    let body = RwSignal::new(prefill.map(|e| e.body.clone()).unwrap_or_default());
    let date_error = RwSignal::new(None::<FieldErr>);
    let title_error = RwSignal::new(None::<FieldErr>);
    let body_error = RwSignal::new(None::<FieldErr>);
    let kind_error = RwSignal::new(None::<FieldErr>);
    let target = original.as_ref().map(|e| e.id);
    let back_to = original.as_ref().and_then(|e| e.amends).or(target);

    // One form, two ways to send it ("Save the draft" and "Sign and save"), each with its own
    // pending text: a `Sender` and two `SubmitButton`s (an `ActionForm` has one).
    let sender = Sender::new(move |input: EntryInput| {
        let navigate = navigate.clone();
        async move {
            let sign = input.sign;
            let saved = match (mode, target) {
                (EditorMode::Edit, Some(entry)) => api::record::update_entry(id, entry, &input).await,
                (EditorMode::Amend, Some(entry)) => api::record::amend_entry(id, entry, &input).await,
                _ => api::record::create_entry(id, &input).await,
            };
            // A doctor's "sign and save": should the server have kept a draft, sign it now.
            let result = match saved {
                Ok(e) if sign && e.status == EntryStatus::Draft => api::record::sign_entry(id, e.id).await,
                other => other,
            };
            match result {
                Ok(e) => {
                    let text = match (mode, e.status) {
                        (_, EntryStatus::Signed) => t_string!(i18n, record.entry_signed_toast),
                        (EditorMode::Amend, _) => t_string!(i18n, record.amendment_saved),
                        _ => t_string!(i18n, record.draft_saved),
                    };
                    toasts.push(text.to_owned());
                    // An amendment is shown under its original.
                    let show = e.amends.or(back_to.filter(|_| mode == EditorMode::Amend)).unwrap_or(e.id);
                    navigate(&staff_entry_href(id, Some(show), None), NavigateOptions::default());
                    None
                }
                Err(e)
                    if e.code() == Some(ErrorCode::ValidationFailed)
                        && show_at_fields(
                            &e,
                            &[
                                ("title", FieldKind::Text, title_error),
                                ("body", FieldKind::Text, body_error),
                                ("occurred_on", FieldKind::Date, date_error),
                                ("kind", FieldKind::Text, kind_error),
                            ],
                        ) =>
                {
                    None
                }
                Err(e) => Some(match e.code() {
                    Some(ErrorCode::DoctorOnly) => t_string!(i18n, record.doctor_only).to_owned(),
                    Some(ErrorCode::EntrySigned) => t_string!(i18n, record.entry_signed_error).to_owned(),
                    _ => error_message(i18n, e.kind()).to_owned(),
                }),
            }
        }
    });
    // Which of the two is sending (its button says "Saving…").
    let signing = RwSignal::new(false);
    let save = move |sign: bool| {
        if sender.busy() {
            return;
        }
        sender.alert().set(None);
        match parse_entry(
            kind.get_untracked(),
            &date.get_untracked(),
            &title.get_untracked(),
            &body.get_untracked(),
            sign,
        ) {
            Ok(input) => {
                signing.set(sign);
                sender.send(input);
            }
            Err(e) => {
                date_error.set(e.date);
                title_error.set(e.title);
                body_error.set(e.body);
            }
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save(false);
    };
    let cancel_href = match back_to {
        Some(entry) => staff_entry_href(id, Some(entry), None),
        None => staff_patient_href(id, Some("record")),
    };
    let fixed_kind = mode == EditorMode::Amend;
    view! {
        <form class="form form--page entry-form" novalidate on:submit=on_submit data-testid="entry-form">
            <FormAlert message=sender.alert() testid="entry-form-error" />
            {if fixed_kind {
                view! {
                    <p class="facts__inline" data-testid="kind-fixed">
                        {move || t_string!(i18n, record.kind_fixed, kind = kind_label(i18n, kind.get())).to_string()}
                    </p>
                }.into_any()
            } else {
                view! {
                    <div class="field field--narrow" class:field--invalid=move || kind_error.get().is_some()>
                        <label class="field__label" for="entry-kind">{t!(i18n, record.field_kind)}</label>
                        <select id="entry-kind" class="select" on:change=move |ev| {
                            kind_error.set(None);
                            if let Some(k) = EntryKind::parse(&event_target_value(&ev)) {
                                kind.set(k);
                            }
                        }>
                            {STAFF_KINDS.into_iter().map(|k| view! {
                                <option value=k.as_str() selected=move || kind.get() == k>{move || kind_label(i18n, k)}</option>
                            }).collect_view()}
                        </select>
                        {move || kind_error.get().map(|e| view! { <p class="field__error">{move || e.message(i18n)}</p> })}
                    </div>
                }.into_any()
            }}
            <div class="field--narrow">
                <TextField id="entry-date" label=move || t_string!(i18n, record.field_date) hint=move || t_string!(i18n, record.field_date_hint) value=date error=date_error input_type="date" required=true />
            </div>
            <TextField id="entry-title" label=move || t_string!(i18n, record.field_title) hint=move || t_string!(i18n, record.field_title_hint) value=title error=title_error required=true maxlength=ENTRY_TITLE_MAX as u32 />
            <crate::components::ui::TextAreaField id="entry-body" label=move || t_string!(i18n, record.field_body) hint=move || t_string!(i18n, record.field_body_hint) value=body error=body_error rows=14 maxlength=ENTRY_BODY_MAX as u32 />
            <Show when=move || !is_doctor.get()>
                <p class="hint" data-testid="assistant-hint">{t!(i18n, record.assistant_hint)}</p>
            </Show>
            <div class="form__actions">
                <SubmitButton pending=sender.pending() label=move || t_string!(i18n, record.save_draft)
                    busy=move || if signing.get() { t_string!(i18n, record.save_draft) } else { t_string!(i18n, record.saving) } class="btn btn--secondary" />
                <Show when=move || is_doctor.get()>
                    <SubmitButton pending=sender.pending() label=move || t_string!(i18n, record.sign_and_save)
                        busy=move || if signing.get() { t_string!(i18n, record.saving) } else { t_string!(i18n, record.sign_and_save) } on_click=Callback::new(move |()| save(true)) />
                </Show>
                <a class="btn btn--ghost" href=cancel_href.clone()>{t!(i18n, record.cancel)}</a>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_checked_like_the_server() {
        let ok = parse_entry(EntryKind::Inpatient, "2026-11-20", " Выписка ", " Текст ", true).unwrap();
        assert_eq!(ok.title, "Выписка");
        assert_eq!(ok.body, "Текст");
        assert!(ok.sign);
        let err = parse_entry(EntryKind::Outpatient, "", "", "x", false).unwrap_err();
        assert_eq!(err, EntryErrors { date: Some(FieldErr::Required), title: Some(FieldErr::Required), body: None });
        let err = parse_entry(EntryKind::Outpatient, "20.11.2026", "t", " ", false).unwrap_err();
        assert_eq!(err.date, Some(FieldErr::DateFormat));
        assert_eq!(err.body, Some(FieldErr::Required));
        let long = "я".repeat(ENTRY_TITLE_MAX + 1);
        assert_eq!(
            parse_entry(EntryKind::Outpatient, "2026-01-01", &long, "b", false).unwrap_err().title,
            Some(FieldErr::TooLong)
        );
    }
}
