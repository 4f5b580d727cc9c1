//! `/cabinet/record/upload` — "Добавить документы" (CAB-12): a description and up to ten files
//! (PDF, Word, ZIP, PNG, JPEG; 50 MB each), checked here as the server checks them, then sent
//! as `multipart/form-data`; the new entry opens.

use common::ErrorCode;
use common::record::{FileKind, UPLOAD_DESCRIPTION_MAX, UPLOAD_MAX_FILE_BYTES, UPLOAD_MAX_FILES};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use super::format_size;
use crate::api::{self, ApiError};
use crate::components::feedback::error_message;
use crate::components::form::{ActionForm, Refused};
use crate::components::page::PageHeader;
use crate::components::ui::{too_long_text, use_toasts};
use crate::i18n::*;
use crate::routes::{AppRoute, cabinet_entry};

/// What is wrong with one chosen file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    /// Not one of [`FileKind::ACCEPT`].
    Type,
    /// Larger than [`UPLOAD_MAX_FILE_BYTES`].
    TooLarge,
    /// Empty.
    Empty,
}

/// Whether the file name ends with an extension the server takes.
pub fn allowed_extension(name: &str) -> bool {
    let lower = name.to_lowercase();
    let Some((_, ext)) = lower.rsplit_once('.') else { return false };
    FileKind::ACCEPT.split(',').any(|a| a.trim_start_matches('.') == ext)
}

/// The check of one file by its name and size.
pub fn check_file(name: &str, size: u64) -> Option<FileProblem> {
    if !allowed_extension(name) {
        Some(FileProblem::Type)
    } else if size > UPLOAD_MAX_FILE_BYTES {
        Some(FileProblem::TooLarge)
    } else if size == 0 {
        Some(FileProblem::Empty)
    } else {
        None
    }
}

/// `file[3]` → 3.
fn file_index(field: &str) -> Option<usize> {
    field.strip_prefix("file[")?.strip_suffix(']')?.parse().ok()
}

#[derive(Clone)]
struct Chosen {
    key: u32,
    file: web_sys::File,
}

#[component]
pub fn UploadPage() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let description = RwSignal::new(String::new());
    let description_error = RwSignal::new(None::<String>);
    let files = RwSignal::new_local(Vec::<Chosen>::new());
    let next_key = StoredValue::new(0u32);
    let files_error = RwSignal::new(None::<String>);
    // The form's alert: a new choice of files clears it, a form that cannot be built says so.
    let alert = RwSignal::new(None::<String>);
    // The names of the files sent, for a refusal that names one.
    let sent_names = StoredValue::new(Vec::<String>::new());
    let input_ref = NodeRef::<leptos::html::Input>::new();

    let problem_text = move |problem: FileProblem| match problem {
        FileProblem::Type => t_string!(i18n, cabinet.upload.bad_type).to_owned(),
        FileProblem::TooLarge => {
            t_string!(i18n, cabinet.upload.too_large, max = format_size(i18n, UPLOAD_MAX_FILE_BYTES)).to_string()
        }
        FileProblem::Empty => t_string!(i18n, cabinet.upload.empty_file).to_owned(),
    };

    let on_pick = move |_| {
        let Some(input) = input_ref.get_untracked() else { return };
        if let Some(list) = input.files() {
            let mut picked = Vec::new();
            for i in 0..list.length() {
                if let Some(file) = list.get(i) {
                    let key = next_key.get_value();
                    next_key.set_value(key + 1);
                    picked.push(Chosen { key, file });
                }
            }
            files.update(|f| f.extend(picked));
        }
        // The same file may be chosen again after removing it.
        input.set_value("");
        files_error.set(None);
        alert.set(None);
    };

    let check = move || {
        let text = description.get_untracked().trim().to_owned();
        let mut ok = true;
        if text.is_empty() {
            description_error.set(Some(t_string!(i18n, fields.required).to_owned()));
            ok = false;
        } else if text.chars().count() > UPLOAD_DESCRIPTION_MAX {
            description_error.set(Some(too_long_text(i18n, UPLOAD_DESCRIPTION_MAX)));
            ok = false;
        }
        let chosen = files.get_untracked();
        if chosen.is_empty() {
            files_error.set(Some(t_string!(i18n, cabinet.upload.no_files).to_owned()));
            ok = false;
        } else if chosen.len() > UPLOAD_MAX_FILES {
            files_error.set(Some(t_string!(i18n, cabinet.upload.too_many, max = UPLOAD_MAX_FILES).to_string()));
            ok = false;
        } else if chosen.iter().any(|c| check_file(&c.file.name(), file_size(&c.file)).is_some()) {
            files_error.set(Some(t_string!(i18n, cabinet.upload.fix_files).to_owned()));
            ok = false;
        }
        if !ok {
            return None;
        }
        let Ok(form) = web_sys::FormData::new() else {
            alert.set(Some(t_string!(i18n, errors.unexpected).to_owned()));
            return None;
        };
        let mut built = form.append_with_str("description", &text).is_ok();
        for c in &chosen {
            let blob: &web_sys::Blob = c.file.unchecked_ref();
            built &= form.append_with_blob_and_filename("file", blob, &c.file.name()).is_ok();
        }
        if !built {
            alert.set(Some(t_string!(i18n, errors.unexpected).to_owned()));
            return None;
        }
        sent_names.set_value(chosen.iter().map(|c| c.file.name()).collect());
        Some(form)
    };
    let on_ok = move |entry: common::record::EntryDto| {
        toasts.push(t_string!(i18n, cabinet.upload.done).to_owned());
        navigate(&cabinet_entry(entry.id), NavigateOptions::default());
    };
    let refused = Callback::new(move |e: ApiError| {
        let (desc, files_msg, general) = sent_names.with_value(|names| upload_error(i18n, &e, names));
        if desc.is_some() {
            description_error.set(desc);
        }
        if files_msg.is_some() {
            files_error.set(files_msg);
        }
        general.map_or(Refused::AtField, Refused::Alert)
    });

    let count = Memo::new(move |_| description.with(|d| d.chars().count()));
    view! {
        <Title text=move || t_string!(i18n, cabinet.upload.title).to_owned() />
        <section class="page page--narrow" data-page="cabinet-upload">
            <p class="back-link"><A href=AppRoute::CabinetRecord.path()>{t!(i18n, cabinet.record.back)}</A></p>
            <PageHeader title=move || t_string!(i18n, cabinet.upload.title) lead=move || t_string!(i18n, cabinet.upload.lead) />
            <ActionForm
                check=check
                call=|form: web_sys::FormData| api::cabinet::upload(form)
                on_ok=on_ok
                refused=refused
                alert=alert
                submit=move || t_string!(i18n, cabinet.upload.submit)
                submitting=move || t_string!(i18n, cabinet.upload.sending)
                submit_testid="upload-submit"
                class="card form"
                testid="upload-form"
                alert_testid="upload-error"
                actions_class="form__actions"
                more_actions=move || view! {
                    <A href=AppRoute::CabinetRecord.path() attr:class="btn btn--secondary">{t!(i18n, common.cancel)}</A>
                }
            >
                <div class="field" class:field--invalid=move || description_error.get().is_some()>
                    <div class="field__label-row">
                        <label class="field__label" for="upload-description">{t!(i18n, cabinet.upload.description)}</label>
                        <span class="counter" id="upload-description-count" class:counter--over=move || { count.get() > UPLOAD_DESCRIPTION_MAX }>
                            {move || format!("{} / {}", count.get(), UPLOAD_DESCRIPTION_MAX)}
                        </span>
                    </div>
                    <p class="field__hint" id="upload-description-hint">{t!(i18n, cabinet.upload.description_hint)}</p>
                    <textarea
                        id="upload-description"
                        class="textarea"
                        rows=6
                        maxlength=UPLOAD_DESCRIPTION_MAX
                        required
                        aria-invalid=move || if description_error.get().is_some() { "true" } else { "false" }
                        aria-describedby=move || if description_error.get().is_some() { "upload-description-hint upload-description-count upload-description-error" } else { "upload-description-hint upload-description-count" }
                        prop:value=move || description.get()
                        on:input=move |ev| {
                            description.set(event_target_value(&ev));
                            description_error.set(None);
                        }
                    ></textarea>
                    {move || description_error.get().map(|m| view! { <p class="field__error" id="upload-description-error">{m}</p> })}
                </div>
                <div class="field" class:field--invalid=move || files_error.get().is_some()>
                    <label class="field__label" for="upload-files">{t!(i18n, cabinet.upload.files)}</label>
                    <p class="field__hint" id="upload-files-hint">
                        {move || t_string!(i18n, cabinet.upload.files_hint, max = UPLOAD_MAX_FILES, size = format_size(i18n, UPLOAD_MAX_FILE_BYTES)).to_string()}
                    </p>
                    <input
                        id="upload-files"
                        class="input input--file"
                        type="file"
                        multiple
                        accept=FileKind::ACCEPT
                        node_ref=input_ref
                        aria-describedby=move || if files_error.get().is_some() { "upload-files-hint upload-files-error" } else { "upload-files-hint" }
                        on:change=on_pick
                    />
                    {move || files_error.get().map(|m| view! { <p class="field__error" id="upload-files-error" data-testid="files-error">{m}</p> })}
                    <Show when=move || files.with(|f| !f.is_empty())>
                        <ul class="chosen-files" role="list" data-testid="chosen-files" aria-label=move || t_string!(i18n, cabinet.upload.chosen)>
                            <For each=move || files.get() key=|c| c.key let:c>
                                {
                                    let name = c.file.name();
                                    let size = file_size(&c.file);
                                    let problem = check_file(&name, size);
                                    let key = c.key;
                                    let label = name.clone();
                                    view! {
                                        <li class="chosen-file" class:chosen-file--bad=problem.is_some()>
                                            <span class="chosen-file__name">{name.clone()}</span>
                                            <span class="chosen-file__size">{move || format_size(i18n, size)}</span>
                                            {problem.map(|p| view! { <span class="chosen-file__error field__error">{problem_text(p)}</span> })}
                                            <button
                                                type="button"
                                                class="btn btn--ghost btn--small chosen-file__remove"
                                                on:click=move |_| {
                                                    files.update(|f| f.retain(|x| x.key != key));
                                                    files_error.set(None);
                                                }
                                            >
                                                {t!(i18n, cabinet.upload.remove)}
                                                <span class="visually-hidden">{format!(" {label}")}</span>
                                            </button>
                                        </li>
                                    }
                                }
                            </For>
                        </ul>
                        <p class="hint">{move || t_string!(i18n, cabinet.upload.chosen_count, count = files.with(Vec::len), max = UPLOAD_MAX_FILES).to_string()}</p>
                    </Show>
                </div>
            </ActionForm>
        </section>
    }
}

#[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "a file's size in bytes is a whole number")]
fn file_size(file: &web_sys::File) -> u64 {
    file.size().max(0.0) as u64
}

/// The server's refusal as messages for the description, the files, and the whole form.
fn upload_error(
    i18n: leptos_i18n::I18nContext<Locale>,
    e: &ApiError,
    names: &[String],
) -> (Option<String>, Option<String>, Option<String>) {
    let named =
        |field: Option<&str>| -> Option<String> { field.and_then(file_index).and_then(|i| names.get(i)).cloned() };
    let first_field = e.field_errors().into_iter().map(|(f, _)| f).next();
    match e.code() {
        Some(ErrorCode::FileTypeNotAllowed) => {
            let msg = match named(first_field.as_deref()) {
                Some(name) => t_string!(i18n, cabinet.upload.type_refused, name = name).to_string(),
                None => t_string!(i18n, cabinet.upload.bad_type).to_owned(),
            };
            (None, Some(msg), None)
        }
        Some(ErrorCode::PayloadTooLarge) => {
            let size = format_size(i18n, UPLOAD_MAX_FILE_BYTES);
            (None, Some(t_string!(i18n, cabinet.upload.too_large, max = size).to_string()), None)
        }
        Some(ErrorCode::TooManyFiles) => {
            (None, Some(t_string!(i18n, cabinet.upload.too_many, max = UPLOAD_MAX_FILES).to_string()), None)
        }
        Some(ErrorCode::ArchiveRejected) => {
            let msg = match named(first_field.as_deref()) {
                Some(name) => t_string!(i18n, cabinet.upload.archive_refused_named, name = name).to_string(),
                None => t_string!(i18n, cabinet.upload.archive_refused).to_owned(),
            };
            (None, Some(msg), None)
        }
        Some(ErrorCode::ValidationFailed) => {
            let mut desc = None;
            let mut files = None;
            for (field, code) in e.field_errors() {
                if field == "description" {
                    desc = Some(match code.as_str() {
                        "too_long" => too_long_text(i18n, UPLOAD_DESCRIPTION_MAX),
                        _ => t_string!(i18n, fields.required).to_owned(),
                    });
                } else if field.starts_with("file") {
                    files = Some(t_string!(i18n, cabinet.upload.fix_files).to_owned());
                }
            }
            let general = (desc.is_none() && files.is_none()).then(|| error_message(i18n, e.kind()).to_owned());
            (desc, files, general)
        }
        _ => (None, None, Some(error_message(i18n, e.kind()).to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_checked_like_the_server() {
        assert!(allowed_extension("scan.PDF"));
        assert!(allowed_extension("photo.jpeg"));
        assert!(allowed_extension("x.docx"));
        assert!(!allowed_extension("virus.exe"));
        assert!(!allowed_extension("noext"));
        assert_eq!(check_file("a.png", 10), None);
        assert_eq!(check_file("a.exe", 10), Some(FileProblem::Type));
        assert_eq!(check_file("a.pdf", UPLOAD_MAX_FILE_BYTES + 1), Some(FileProblem::TooLarge));
        assert_eq!(check_file("a.pdf", 0), Some(FileProblem::Empty));
        assert_eq!(file_index("file[3]"), Some(3));
        assert_eq!(file_index("description"), None);
    }
}
