//! `/admin/prices`: the price list (ORG-5) — services grouped by section, search, add, edit,
//! delete, and a CSV import that reports bad rows by line (nothing is imported then).

use std::collections::BTreeSet;

use common::ErrorCode;
use common::admin::{PriceItemDto, PriceItemInput};
use common::auth::Role;
use common::domain::Kopecks;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;

use crate::api::{self, ApiError};
use crate::components::feedback::{ErrorPanel, Skeleton, error_message};
use crate::components::list_controls::SearchBox;
use crate::components::ui::{CheckboxField, FieldErr, FieldKind, FormAlert, Modal, TextField, use_toasts};
use crate::i18n::*;
use crate::pages::operator::PlusIcon;
use crate::session::RequireRole;

/// The longest section, code and name the form accepts.
const TEXT_MAX: usize = 200;
/// The largest CSV file the import reads (the server has its own limit too).
const CSV_MAX_BYTES: f64 = 2.0 * 1024.0 * 1024.0;

#[component]
pub fn PricesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, nav.prices).to_owned() />
        <RequireRole roles=&[Role::Organizer]>
            <PriceList />
        </RequireRole>
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum PriceAction {
    Add,
    Edit(PriceItemDto),
    Delete(PriceItemDto),
    Import,
}

/// "1 250,50 ₽".
pub fn price_text(price: Kopecks) -> String {
    format!("{}\u{a0}₽", price.display_ru())
}

/// The items grouped by section, in the order the server sent them (section, then code).
pub fn group_by_section(items: Vec<PriceItemDto>) -> Vec<(String, Vec<PriceItemDto>)> {
    let mut groups: Vec<(String, Vec<PriceItemDto>)> = Vec::new();
    for item in items {
        match groups.last_mut() {
            Some((section, list)) if *section == item.section => list.push(item),
            _ => groups.push((item.section.clone(), vec![item])),
        }
    }
    groups
}

#[component]
fn PriceList() -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let page = RwSignal::new(1u32);
    let version = RwSignal::new(0u32);
    let action = RwSignal::new(None::<PriceAction>);
    let open = RwSignal::new(false);
    Effect::new(move |_| {
        if !open.get() {
            action.set(None);
        }
    });
    let list = LocalResource::new(move || {
        let q = query.get();
        version.track();
        async move { api::admin::prices(&q).await }
    });
    let sections = Signal::derive(move || {
        list.get()
            .and_then(|r| r.ok())
            .map(|items| {
                items.iter().map(|i| i.section.clone()).collect::<BTreeSet<_>>().into_iter().collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let refresh = Callback::new(move |()| version.update(|v| *v += 1));
    let act = Callback::new(move |a: PriceAction| {
        action.set(Some(a));
        open.set(true);
    });
    view! {
        <section class="page" data-page="prices">
            <header class="page-header page-header--actions">
                <div>
                    <h1>{t!(i18n, nav.prices)}</h1>
                    <p class="page-header__lead">{t!(i18n, prices.lead)}</p>
                </div>
                <div class="page-header__buttons">
                    <button type="button" class="btn btn--secondary" on:click=move |_| act.run(PriceAction::Import)>
                        {t!(i18n, prices.import)}
                    </button>
                    <button type="button" class="btn btn--primary" on:click=move |_| act.run(PriceAction::Add)>
                        <PlusIcon />
                        {t!(i18n, prices.add)}
                    </button>
                </div>
            </header>
            <div class="toolbar" role="search">
                <SearchBox id="price-search" label=move || t_string!(i18n, prices.search_label) query=query page=page />
            </div>
            <Suspense fallback=|| view! { <Skeleton lines=8 /> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => {
                            let searching = !query.get_untracked().trim().is_empty();
                            view! {
                                <div class="card empty-panel" data-testid="prices-empty">
                                    <h2>{move || if searching { t_string!(i18n, prices.nothing_found) } else { t_string!(i18n, prices.empty_title) }}</h2>
                                    <p>{move || if searching { t_string!(i18n, prices.nothing_found_text) } else { t_string!(i18n, prices.empty_text) }}</p>
                                </div>
                            }.into_any()
                        }
                        Ok(items) => view! {
                            <div class="price-sections" data-testid="prices">
                                {group_by_section(items).into_iter().enumerate().map(|(n, (section, items))| {
                                    view! { <PriceSection n=n section=section items=items on_action=act /> }
                                }).collect_view()}
                            </div>
                        }.into_any(),
                        Err(e) => view! {
                            <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| list.refetch()) />
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <Modal id="price-dialog" open=open title=move || match action.get() {
            Some(PriceAction::Add) => t_string!(i18n, prices.add),
            Some(PriceAction::Edit(_)) => t_string!(i18n, prices.edit_title),
            Some(PriceAction::Delete(_)) => t_string!(i18n, prices.delete_title),
            Some(PriceAction::Import) => t_string!(i18n, prices.import_title),
            None => "",
        }>
            {move || action.get().map(|a| match a {
                PriceAction::Add => view! { <PriceForm item=None sections=sections open=open on_done=refresh /> }.into_any(),
                PriceAction::Edit(p) => view! { <PriceForm item=Some(p) sections=sections open=open on_done=refresh /> }.into_any(),
                PriceAction::Delete(p) => view! { <DeletePrice item=p open=open on_done=refresh /> }.into_any(),
                PriceAction::Import => view! { <ImportPrices open=open on_done=refresh /> }.into_any(),
            })}
        </Modal>
    }
}

#[component]
fn PriceSection(
    n: usize,
    section: String,
    items: Vec<PriceItemDto>,
    on_action: Callback<PriceAction>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("price-section-{n}");
    let labelled_by = heading.clone();
    view! {
        <section class="price-section" aria-labelledby=labelled_by>
            <h2 id=heading class="price-section__title">{section.clone()}</h2>
            <div class="table-wrap">
                <table class="table">
                    <caption class="visually-hidden">{section}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, prices.code)}</th>
                            <th scope="col">{t!(i18n, prices.name)}</th>
                            <th scope="col" class="table__num">{t!(i18n, prices.price)}</th>
                            <th scope="col">{t!(i18n, staff.col_status)}</th>
                            <th scope="col"><span class="visually-hidden">{t!(i18n, staff.col_actions)}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {items.into_iter().map(|p| {
                            let edit = p.clone();
                            let delete = p.clone();
                            let active = p.active;
                            view! {
                                <tr data-code=p.code.clone()>
                                    <td data-label=move || t_string!(i18n, prices.code)><code>{p.code.clone()}</code></td>
                                    <td data-label=move || t_string!(i18n, prices.name)>{p.name.clone()}</td>
                                    <td data-label=move || t_string!(i18n, prices.price) class="table__num">{price_text(p.price)}</td>
                                    <td data-label=move || t_string!(i18n, staff.col_status)>
                                        {if active {
                                            view! { <span class="badge badge--success"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, prices.active)}</span> }.into_any()
                                        } else {
                                            view! { <span class="badge"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, prices.inactive)}</span> }.into_any()
                                        }}
                                    </td>
                                    <td class="table__actions">
                                        <button type="button" class="btn btn--secondary btn--small" on:click=move |_| on_action.run(PriceAction::Edit(edit.clone()))>
                                            {t!(i18n, common.edit)}
                                        </button>
                                        <button type="button" class="btn btn--ghost btn--small btn--danger-text" on:click=move |_| on_action.run(PriceAction::Delete(delete.clone()))>
                                            {t!(i18n, common.delete)}
                                        </button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn required_text(value: &str) -> Result<String, FieldErr> {
    let v = value.trim();
    if v.is_empty() {
        Err(FieldErr::Required)
    } else if v.chars().count() > TEXT_MAX {
        Err(FieldErr::TooLongMax(TEXT_MAX))
    } else {
        Ok(v.to_owned())
    }
}

#[component]
fn PriceForm(
    item: Option<PriceItemDto>,
    sections: Signal<Vec<String>>,
    open: RwSignal<bool>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = item.as_ref().map(|p| p.id);
    let section = RwSignal::new(item.as_ref().map(|p| p.section.clone()).unwrap_or_default());
    let code = RwSignal::new(item.as_ref().map(|p| p.code.clone()).unwrap_or_default());
    let name = RwSignal::new(item.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let price = RwSignal::new(item.as_ref().map(|p| p.price.display_ru()).unwrap_or_default());
    let active = RwSignal::new(item.as_ref().is_none_or(|p| p.active));
    let section_error = RwSignal::new(None::<FieldErr>);
    let code_error = RwSignal::new(None::<FieldErr>);
    let name_error = RwSignal::new(None::<FieldErr>);
    let price_error = RwSignal::new(None::<FieldErr>);
    let pending = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submit_error.set(None);
        let s = required_text(&section.get_untracked()).map_err(|e| section_error.set(Some(e))).ok();
        let c = required_text(&code.get_untracked()).map_err(|e| code_error.set(Some(e))).ok();
        let n = required_text(&name.get_untracked()).map_err(|e| name_error.set(Some(e))).ok();
        let p = Kopecks::parse_roubles(&price.get_untracked())
            .map_err(|e| price_error.set(Some(FieldErr::from_domain(FieldKind::Price, e))))
            .ok();
        let (Some(section), Some(code), Some(name), Some(price)) = (s, c, n, p) else { return };
        let input = PriceItemInput { section, code, name, price, active: active.get_untracked() };
        pending.set(true);
        spawn_local(async move {
            let result = api::admin::save_price(id, &input).await;
            pending.set(false);
            match result {
                Ok(p) => {
                    toasts.push(t_string!(i18n, prices.saved, name = p.name).to_string());
                    open.set(false);
                    on_done.run(());
                }
                Err(e) if e.code() == Some(ErrorCode::Conflict) => code_error.set(Some(FieldErr::CodeTaken)),
                Err(e) if e.code() == Some(ErrorCode::ValidationFailed) => {
                    let mut shown = false;
                    for (field, c) in e.field_errors() {
                        if field == "code" && c == "taken" {
                            code_error.set(Some(FieldErr::CodeTaken));
                            shown = true;
                            continue;
                        }
                        let (target, kind) = match field.as_str() {
                            "section" => (section_error, FieldKind::Text),
                            "code" => (code_error, FieldKind::Text),
                            "name" => (name_error, FieldKind::Text),
                            "price" => (price_error, FieldKind::Price),
                            _ => continue,
                        };
                        target.set(Some(FieldErr::from_code(kind, &c)));
                        shown = true;
                    }
                    if !shown {
                        submit_error.set(Some(error_message(i18n, e.kind()).to_owned()));
                    }
                }
                Err(e) => submit_error.set(Some(error_message(i18n, e.kind()).to_owned())),
            }
        });
    };
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="price-form">
            <FormAlert message=Signal::derive(move || submit_error.get()) />
            <datalist id="price-sections">
                {move || sections.get().into_iter().map(|s| view! { <option value=s></option> }).collect_view()}
            </datalist>
            <div class="field" class:field--invalid=move || section_error.get().is_some()>
                <label class="field__label" for="price-section">{t!(i18n, prices.section)}</label>
                <p class="field__hint" id="price-section-hint">{t!(i18n, prices.section_hint)}</p>
                <input
                    id="price-section"
                    class="input"
                    list="price-sections"
                    autocomplete="off"
                    required
                    aria-invalid=move || if section_error.get().is_some() { "true" } else { "false" }
                    aria-describedby=move || if section_error.get().is_some() { "price-section-hint price-section-error" } else { "price-section-hint" }
                    prop:value=move || section.get()
                    on:input=move |ev| {
                        section.set(event_target_value(&ev));
                        section_error.set(None);
                    }
                />
                {move || section_error.get().map(|e| view! { <p class="field__error" id="price-section-error">{move || e.message(i18n)}</p> })}
            </div>
            <div class="form__row">
                <TextField id="price-code" label=move || t_string!(i18n, prices.code) hint=move || t_string!(i18n, prices.code_hint) value=code error=code_error required=true />
                <TextField id="price-price" label=move || t_string!(i18n, prices.price_label) hint=move || t_string!(i18n, prices.price_hint) value=price error=price_error inputmode="decimal" required=true />
            </div>
            <TextField id="price-name" label=move || t_string!(i18n, prices.name) value=name error=name_error required=true />
            <CheckboxField id="price-active" label=move || t_string!(i18n, prices.active_label) hint=move || t_string!(i18n, prices.active_hint) checked=active />
            <div class="dialog__actions">
                <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                <button type="submit" class="btn btn--primary" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { t_string!(i18n, common.saving) } else { t_string!(i18n, common.save) }}
                </button>
            </div>
        </form>
    }
}

#[component]
fn DeletePrice(item: PriceItemDto, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let pending = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<ApiError>);
    let id = item.id;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        spawn_local(async move {
            let result = api::admin::delete_price(id).await;
            pending.set(false);
            match result {
                Ok(()) => {
                    toasts.push(t_string!(i18n, prices.deleted).to_owned());
                    open.set(false);
                    on_done.run(());
                }
                Err(e) => submit_error.set(Some(e)),
            }
        });
    };
    let message = Signal::derive(move || submit_error.get().map(|e| error_message(i18n, e.kind()).to_owned()));
    let what = format!("{} {}", item.code, item.name);
    view! {
        <form class="form" novalidate on:submit=on_submit>
            <p class="dialog__lead">{move || t_string!(i18n, prices.delete_text, name = what.clone()).to_string()}</p>
            <FormAlert message=message />
            <div class="dialog__actions">
                <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                <button type="submit" class="btn btn--danger" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { t_string!(i18n, common.deleting) } else { t_string!(i18n, common.delete) }}
                </button>
            </div>
        </form>
    }
}

/// `line[12].price` → (12, "price"); `line[3]` → (3, "").
pub fn parse_line_field(field: &str) -> Option<(u32, String)> {
    let rest = field.strip_prefix("line[")?;
    let (n, after) = rest.split_once(']')?;
    let line = n.parse().ok()?;
    Some((line, after.trim_start_matches('.').to_owned()))
}

/// One bad cell of a refused import, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ImportError {
    line: Option<u32>,
    column: String,
    code: String,
    message: String,
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
        ("invalid_format", "active") => t_string!(i18n, prices.err_active).to_owned(),
        ("invalid_format", "row") => t_string!(i18n, prices.err_row).to_owned(),
        ("invalid_format" | "out_of_range", "price") => t_string!(i18n, fields.price_format).to_owned(),
        _ => e.message.clone(),
    }
}

#[component]
fn ImportPrices(open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let file_ref = NodeRef::<leptos::html::Input>::new();
    let file_error = RwSignal::new(None::<FieldErr>);
    let pending = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<String>);
    let row_errors = RwSignal::new(Vec::<ImportError>::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submit_error.set(None);
        row_errors.set(Vec::new());
        let file = file_ref.get_untracked().and_then(|input| input.files()).and_then(|files| files.get(0));
        let Some(file) = file else {
            file_error.set(Some(FieldErr::Required));
            return;
        };
        if file.size() > CSV_MAX_BYTES {
            file_error.set(Some(FieldErr::TooLong));
            return;
        }
        pending.set(true);
        spawn_local(async move {
            let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(v) => v.as_string().unwrap_or_default(),
                Err(_) => {
                    pending.set(false);
                    submit_error.set(Some(t_string!(i18n, prices.import_unreadable).to_owned()));
                    return;
                }
            };
            let result = api::admin::import_prices(text).await;
            pending.set(false);
            match result {
                Ok(r) => {
                    toasts.push(t_string!(i18n, prices.imported, created = r.created, updated = r.updated).to_string());
                    open.set(false);
                    on_done.run(());
                }
                Err(e) if e.code() == Some(ErrorCode::ValidationFailed) => {
                    let errors: Vec<ImportError> = match &e {
                        ApiError::Problem { problem, .. } => problem
                            .errors
                            .iter()
                            .map(|fe| {
                                let (line, column) =
                                    parse_line_field(&fe.field).map_or((None, fe.field.clone()), |(l, c)| (Some(l), c));
                                ImportError { line, column, code: fe.code.clone(), message: fe.message.clone() }
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    submit_error.set(Some(t_string!(i18n, prices.import_refused).to_owned()));
                    row_errors.set(errors);
                }
                Err(e) if e.code() == Some(ErrorCode::PayloadTooLarge) => file_error.set(Some(FieldErr::TooLong)),
                Err(e) => submit_error.set(Some(error_message(i18n, e.kind()).to_owned())),
            }
        });
    };
    view! {
        <form class="form" novalidate on:submit=on_submit data-testid="price-import">
            <p class="dialog__lead">{t!(i18n, prices.import_lead)}</p>
            <details class="csv-format" open>
                <summary>{t!(i18n, prices.import_format_title)}</summary>
                <p class="hint">{t!(i18n, prices.import_format)}</p>
                <pre class="code-sample">"section;code;name;price;active\nКонсультации;A01.001;Прием врача-онколога первичный;2 500,00;да\nКонсультации;A01.002;Телемедицинская консультация;1 250,50;да\nЛФК;B05.010;Групповое занятие ЛФК;800;нет"</pre>
            </details>
            <FormAlert message=Signal::derive(move || submit_error.get()) testid="import-error" />
            <Show when=move || !row_errors.get().is_empty()>
                <ul class="import-errors" data-testid="import-errors">
                    {move || row_errors.get().into_iter().map(|e| {
                        let text = match e.line {
                            Some(line) => t_string!(i18n, prices.import_row_error, line = line, column = column_label(i18n, &e.column), message = import_problem(i18n, &e)).to_string(),
                            None => format!("{}: {}", column_label(i18n, &e.column), import_problem(i18n, &e)),
                        };
                        view! { <li>{text}</li> }
                    }).collect_view()}
                </ul>
            </Show>
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
                    on:change=move |_| {
                        file_error.set(None);
                        row_errors.set(Vec::new());
                        submit_error.set(None);
                    }
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
                <button type="submit" class="btn btn--primary" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { t_string!(i18n, prices.importing) } else { t_string!(i18n, prices.import_submit) }}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::ids::PriceItemId;

    #[test]
    fn line_fields() {
        assert_eq!(parse_line_field("line[12].price"), Some((12, "price".to_owned())));
        assert_eq!(parse_line_field("line[3]"), Some((3, String::new())));
        assert_eq!(parse_line_field("header"), None);
        assert_eq!(parse_line_field("line[x].price"), None);
    }

    #[test]
    fn prices_show_in_roubles_and_group_by_section() {
        assert_eq!(price_text(Kopecks(125_050)), "1\u{a0}250,50\u{a0}₽");
        let item = |n: u128, section: &str| PriceItemDto {
            id: format!("00000000-0000-0000-0000-{n:012}").parse::<PriceItemId>().unwrap(),
            section: section.to_owned(),
            code: format!("C{n}"),
            name: "x".to_owned(),
            price: Kopecks(100),
            active: true,
        };
        let groups = group_by_section(vec![item(1, "A"), item(2, "A"), item(3, "B")]);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].1.len(), 2);
        assert_eq!(groups[1].0, "B");
    }
}
