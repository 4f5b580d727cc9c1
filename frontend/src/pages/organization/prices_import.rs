//! The price list's CSV import (ORG-5) in two steps: the file goes to the server as it is (its
//! bytes: UTF-8 or Windows-1251, the server tells them apart), which answers what an import
//! would add and change, and every bad row by line; "Применить" sends the same file to be
//! imported in one transaction.

use common::ErrorCode;
use common::admin::{CsvEncoding, PriceImportChange, PriceImportPreview, PriceImportRow};
use leptos::prelude::*;

use super::prices::price_text;
use crate::api::{self, ApiError};
use crate::components::feedback::error_message;
use crate::components::form::{Sender, SubmitButton};
use crate::components::ui::{FieldErr, FormAlert, use_toasts};
use crate::i18n::*;

/// The largest CSV file the import reads (the server has its own limit too).
const CSV_MAX_BYTES: f64 = 2.0 * 1024.0 * 1024.0;

/// `line[12].price` → (12, "price"); `line[3]` → (3, "").
pub fn parse_line_field(field: &str) -> Option<(u32, String)> {
    let rest = field.strip_prefix("line[")?;
    let (n, after) = rest.split_once(']')?;
    let line = n.parse().ok()?;
    Some((line, after.trim_start_matches('.').to_owned()))
}

/// One bad cell of a file, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ImportError {
    line: Option<u32>,
    column: String,
    code: String,
    message: String,
}

fn import_errors(errors: &[common::FieldError]) -> Vec<ImportError> {
    errors
        .iter()
        .map(|fe| {
            let (line, column) = parse_line_field(&fe.field).map_or((None, fe.field.clone()), |(l, c)| (Some(l), c));
            ImportError { line, column, code: fe.code.clone(), message: fe.message.clone() }
        })
        .collect()
}

fn column_label(i18n: leptos_i18n::I18nContext<Locale>, column: &str) -> String {
    match column {
        "section" => t_string!(i18n, prices.section).to_owned(),
        "code" => t_string!(i18n, prices.code).to_owned(),
        "name" => t_string!(i18n, prices.name).to_owned(),
        "price" => t_string!(i18n, prices.price).to_owned(),
        "active" => t_string!(i18n, prices.active_label).to_owned(),
        "header" => t_string!(i18n, prices.col_header).to_owned(),
        "row" => t_string!(i18n, prices.col_row).to_owned(),
        "file" => t_string!(i18n, prices.import_file).to_owned(),
        other => other.to_owned(),
    }
}

/// What is wrong with a cell, in the reader's language (the server's English message for a
/// code this client does not know).
fn import_problem(i18n: leptos_i18n::I18nContext<Locale>, e: &ImportError) -> String {
    match (e.code.as_str(), e.column.as_str()) {
        ("required", _) if e.line == Some(1) => t_string!(i18n, prices.err_no_column).to_owned(),
        ("required", _) => t_string!(i18n, prices.err_empty).to_owned(),
        ("too_long", _) => t_string!(i18n, fields.too_long).to_owned(),
        ("duplicate", _) => match e.message.rsplit(' ').next().and_then(|n| n.parse::<u32>().ok()) {
            Some(first) => t_string!(i18n, prices.err_duplicate_line, line = first).to_string(),
            None => t_string!(i18n, prices.err_duplicate).to_owned(),
        },
        ("invalid_encoding", _) => t_string!(i18n, prices.err_encoding).to_owned(),
        ("spreadsheet", _) => t_string!(i18n, prices.err_spreadsheet).to_owned(),
        ("invalid_format", "active") => t_string!(i18n, prices.err_active).to_owned(),
        ("invalid_format", "row") => t_string!(i18n, prices.err_row).to_owned(),
        ("invalid_format" | "out_of_range", "price") => t_string!(i18n, fields.price_format).to_owned(),
        _ => e.message.clone(),
    }
}

fn error_line(i18n: leptos_i18n::I18nContext<Locale>, e: &ImportError) -> String {
    match e.line {
        Some(line) => t_string!(
            i18n,
            prices.import_row_error,
            line = line,
            column = column_label(i18n, &e.column),
            message = import_problem(i18n, e)
        )
        .to_string(),
        None => format!("{}: {}", column_label(i18n, &e.column), import_problem(i18n, e)),
    }
}

/// What changes in a service, field by field: "Цена: 2 000,00 ₽ → 2 500,00 ₽".
fn change_lines(i18n: leptos_i18n::I18nContext<Locale>, c: &PriceImportChange) -> Vec<String> {
    let (b, a) = (&c.before, &c.after);
    let active = |v: bool| if v { t_string!(i18n, prices.active) } else { t_string!(i18n, prices.inactive) };
    let mut out = Vec::new();
    let mut field = |label: &str, before: String, after: String| {
        if before != after {
            out.push(format!("{label}: {before} → {after}"));
        }
    };
    field(t_string!(i18n, prices.section), b.section.clone(), a.section.clone());
    field(t_string!(i18n, prices.name), b.name.clone(), a.name.clone());
    field(t_string!(i18n, prices.price), price_text(b.price), price_text(a.price));
    field(t_string!(i18n, prices.active_label), active(b.active).to_owned(), active(a.active).to_owned());
    out
}

fn encoding_name(e: CsvEncoding) -> &'static str {
    match e {
        CsvEncoding::Utf8 => "UTF-8",
        CsvEncoding::Windows1251 => "Windows-1251",
    }
}

#[component]
pub fn ImportPrices(open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let file_ref = NodeRef::<leptos::html::Input>::new();
    let file_error = RwSignal::new(None::<FieldErr>);
    // Two steps share one alert — the file is read and checked (a preview of what would
    // change), then imported — with the file's bytes kept between them: two `Sender`s.
    let alert = RwSignal::new(None::<String>);
    let row_errors = RwSignal::new(Vec::<ImportError>::new());
    // The file's bytes and what importing them would do.
    let checked = RwSignal::new_local(None::<(js_sys::Uint8Array, PriceImportPreview)>);
    let reset = move || {
        file_error.set(None);
        row_errors.set(Vec::new());
        alert.set(None);
        checked.set(None);
    };
    let refused = move |e: ApiError| match e.code() {
        Some(ErrorCode::ValidationFailed) => {
            let errors = match &e {
                ApiError::Problem { problem, .. } => import_errors(&problem.errors),
                _ => Vec::new(),
            };
            row_errors.set(errors);
            Some(t_string!(i18n, prices.import_refused).to_owned())
        }
        Some(ErrorCode::PayloadTooLarge) => {
            file_error.set(Some(FieldErr::TooLong));
            None
        }
        _ => Some(error_message(i18n, e.kind()).to_owned()),
    };
    let check = Sender::with_alert(alert, move |file: web_sys::File| async move {
        let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await else {
            return Some(t_string!(i18n, prices.import_unreadable).to_owned());
        };
        let bytes = js_sys::Uint8Array::new(&buffer);
        match api::organization::preview_price_import(bytes.clone()).await {
            Ok(p) => {
                row_errors.set(import_errors(&p.errors));
                checked.set(Some((bytes, p)));
                None
            }
            Err(e) => refused(e),
        }
    });
    let import = Sender::with_alert(alert, move |bytes: js_sys::Uint8Array| async move {
        match api::organization::import_prices(bytes).await {
            Ok(r) => {
                toasts.push(t_string!(i18n, prices.imported, created = r.created, updated = r.updated).to_string());
                open.set(false);
                on_done.run(());
                None
            }
            Err(e) => {
                checked.set(None);
                refused(e)
            }
        }
    });
    let on_check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if check.busy() {
            return;
        }
        reset();
        let file = file_ref.get_untracked().and_then(|input| input.files()).and_then(|files| files.get(0));
        match file {
            None => file_error.set(Some(FieldErr::Required)),
            Some(file) if file.size() > CSV_MAX_BYTES => file_error.set(Some(FieldErr::TooLong)),
            Some(file) => check.send(file),
        }
    };
    let apply = move |()| {
        if let Some((bytes, _)) = checked.get_untracked() {
            import.send(bytes);
        }
    };
    view! {
        <Show
            when=move || checked.with(Option::is_some)
            fallback=move || view! {
                <form class="form" novalidate on:submit=on_check data-testid="price-import">
                    <p class="dialog__lead">{t!(i18n, prices.import_lead)}</p>
                    <details class="csv-format" open>
                        <summary>{t!(i18n, prices.import_format_title)}</summary>
                        <p class="hint">{t!(i18n, prices.import_format)}</p>
                        <pre class="code-sample">"section;code;name;price;active\nКонсультации;A01.001;Прием врача-онколога первичный;2 500,00;да\nКонсультации;A01.002;Телемедицинская консультация;1 250,50;да\nЛФК;B05.010;Групповое занятие ЛФК;800;нет"</pre>
                    </details>
                    <FormAlert message=alert testid="import-error" />
                    <ErrorList errors=row_errors />
                    <div class="field" class:field--invalid=move || file_error.get().is_some()>
                        <label class="field__label" for="price-file">{t!(i18n, prices.import_file)}</label>
                        <p class="field__hint" id="price-file-hint">{t!(i18n, prices.import_file_hint)}</p>
                        <input
                            id="price-file"
                            class="input input--file"
                            type="file"
                            accept=".csv,text/csv"
                            node_ref=file_ref
                            aria-invalid=move || if file_error.get().is_some() { "true" } else { "false" }
                            aria-describedby=move || if file_error.get().is_some() { "price-file-hint price-file-error" } else { "price-file-hint" }
                            on:change=move |_| reset()
                        />
                        {move || file_error.get().map(|e| view! {
                            <p class="field__error" id="price-file-error">{move || match e {
                                FieldErr::Required => t_string!(i18n, prices.import_choose_file).to_owned(),
                                FieldErr::TooLong => t_string!(i18n, prices.import_too_large).to_owned(),
                                other => other.message(i18n),
                            }}</p>
                        })}
                    </div>
                    <div class="dialog__actions">
                        <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                        <SubmitButton pending=check.pending() label=move || t_string!(i18n, prices.import_check)
                            busy=move || t_string!(i18n, prices.import_checking) />
                    </div>
                </form>
            }
        >
            {move || checked.get().map(|(_, p)| {
                let PriceImportPreview { encoding, delimiter, added, changed, unchanged, not_in_file, errors } = p;
                let blocked = !errors.is_empty();
                let nothing = added.is_empty() && changed.is_empty();
                let encoding = encoding_name(encoding);
                let (n_added, n_changed, n_kept) = (added.len(), changed.len(), not_in_file.len());
                view! {
                    <div class="form import-preview" data-testid="import-preview">
                        <p class="hint" data-testid="import-encoding">{
                            move || t_string!(i18n, prices.preview_read_as, encoding = encoding, delimiter = delimiter.clone()).to_string()
                        }</p>
                        <ul class="import-preview__counts" role="list">
                            <li>{move || t_string!(i18n, prices.preview_added, n = n_added).to_string()}</li>
                            <li>{move || t_string!(i18n, prices.preview_changed, n = n_changed).to_string()}</li>
                            <li>{move || t_string!(i18n, prices.preview_unchanged, n = unchanged).to_string()}</li>
                            <li>{move || t_string!(i18n, prices.preview_not_in_file, n = n_kept).to_string()}</li>
                        </ul>
                        <FormAlert message=alert testid="import-error" />
                        {blocked.then(|| view! {
                            <div class="alert alert--danger" role="alert" data-testid="import-blocked">
                                <p class="alert__body">{t!(i18n, prices.preview_blocked)}</p>
                            </div>
                        })}
                        <ErrorList errors=row_errors />
                        {(!added.is_empty()).then(|| view! {
                            <section aria-labelledby="import-added">
                                <h3 class="import-preview__title" id="import-added">{t!(i18n, prices.preview_added_title)}</h3>
                                <ul class="import-preview__list" role="list" data-testid="import-added">
                                    {added.into_iter().map(|r| view! { <AddedRow row=r /> }).collect_view()}
                                </ul>
                            </section>
                        })}
                        {(!changed.is_empty()).then(|| view! {
                            <section aria-labelledby="import-changed">
                                <h3 class="import-preview__title" id="import-changed">{t!(i18n, prices.preview_changed_title)}</h3>
                                <ul class="import-preview__list" role="list" data-testid="import-changed">
                                    {changed.into_iter().map(|c| view! { <ChangedRow change=c /> }).collect_view()}
                                </ul>
                            </section>
                        })}
                        {(nothing && !blocked).then(|| view! { <p data-testid="import-nothing">{t!(i18n, prices.preview_nothing)}</p> })}
                        <div class="dialog__actions">
                            <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                            <button type="button" class="btn btn--secondary" on:click=move |_| reset()>{t!(i18n, prices.preview_other_file)}</button>
                            {(!blocked && !nothing).then(|| view! {
                                <SubmitButton pending=import.pending() label=move || t_string!(i18n, prices.preview_apply)
                                    busy=move || t_string!(i18n, prices.importing) on_click=Callback::new(apply) testid="import-apply" />
                            })}
                        </div>
                    </div>
                }
            })}
        </Show>
    }
}

#[component]
fn ErrorList(errors: RwSignal<Vec<ImportError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || !errors.get().is_empty()>
            <ul class="import-errors" data-testid="import-errors">
                {move || errors.get().into_iter().map(|e| view! { <li>{move || error_line(i18n, &e)}</li> }).collect_view()}
            </ul>
        </Show>
    }
}

#[component]
fn ChangedRow(change: PriceImportChange) -> impl IntoView {
    let i18n = use_i18n();
    let line = change.after.line;
    let code = change.after.code.clone();
    view! {
        <li>
            <span class="hint">{move || t_string!(i18n, prices.preview_line, line = line).to_string()}</span>
            " "<code>{code}</code>
            {move || change_lines(i18n, &change).into_iter().map(|l| view! { <span class="import-preview__change">{l}</span> }).collect_view()}
        </li>
    }
}

#[component]
fn AddedRow(row: PriceImportRow) -> impl IntoView {
    let i18n = use_i18n();
    let line = row.line;
    let inactive = !row.active;
    view! {
        <li>
            <span class="hint">{move || t_string!(i18n, prices.preview_line, line = line).to_string()}</span>
            " "<code>{row.code.clone()}</code>" "
            <span>{row.name.clone()}</span>
            <span class="import-preview__change">{format!("{} · {}", row.section, price_text(row.price))}</span>
            {inactive.then(|| view! { <span class="badge">{t!(i18n, prices.inactive)}</span> })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_fields() {
        assert_eq!(parse_line_field("line[12].price"), Some((12, "price".to_owned())));
        assert_eq!(parse_line_field("line[3]"), Some((3, String::new())));
        assert_eq!(parse_line_field("header"), None);
        assert_eq!(parse_line_field("line[x].price"), None);
    }

    #[test]
    fn file_errors_keep_their_field() {
        let e = import_errors(&[common::FieldError {
            field: "file".into(),
            code: "spreadsheet".into(),
            message: "x".into(),
        }]);
        assert_eq!((e[0].line, e[0].column.as_str()), (None, "file"));
    }
}
