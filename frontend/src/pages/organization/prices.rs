//! `/admin/prices`: the price list (ORG-5) — services grouped by section, search, add, edit,
//! delete, and a CSV import previewed before it is applied ([`super::prices_import`]).

use std::collections::BTreeSet;

use common::ErrorCode;
use common::admin::{PriceItemDto, PriceItemInput};
use common::auth::Role;
use common::domain::Kopecks;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::form::{ActionForm, DeleteForm, FieldErrors, Refused};
use crate::components::icons::PlusIcon;
use crate::components::list_controls::SearchBox;
use crate::components::page::RolePage;
use crate::components::page::{ActionModal, EmptyPanel, Loaded, RowDialog};
use crate::components::table::{ACTIONS, CardTable, Cell, Column, EditDeleteButtons};
use crate::components::ui::{CheckboxField, FieldErr, FieldKind, TextField, use_toasts};
use crate::i18n::*;
use crate::pages::organization::prices_import::ImportPrices;

/// The longest section, code and name the form accepts.
const TEXT_MAX: usize = 200;

#[component]
pub fn PricesPage() -> impl IntoView {
    view! {
        <RolePage title=|i| t_string!(i, nav.prices) roles=&[Role::Organizer]>
            <PriceList />
        </RolePage>
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
    let dialog = RowDialog::new();
    let list = LocalResource::new(move || {
        let q = query.get();
        version.track();
        async move { api::organization::prices(&q).await }
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
    let act = dialog.opener();
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
            <Loaded resource=list skeleton=8 render=move |value| match value {
                items if items.is_empty() => {
                    let searching = !query.get_untracked().trim().is_empty();
                    view! {
                        <EmptyPanel
                            testid="prices-empty"
                            title=move || if searching { t_string!(i18n, prices.nothing_found) } else { t_string!(i18n, prices.empty_title) }
                            text=move || if searching { t_string!(i18n, prices.nothing_found_text) } else { t_string!(i18n, prices.empty_text) }
                        />
                    }.into_any()
                }
                items => view! {
                    <div class="price-sections" data-testid="prices">
                        {group_by_section(items).into_iter().enumerate().map(|(n, (section, items))| {
                            view! { <PriceSection n=n section=section items=items on_action=act /> }
                        }).collect_view()}
                    </div>
                }.into_any(),
            } />
        </section>
        <ActionModal id="price-dialog" dialog=dialog
            title=move |a: &PriceAction| match a {
                PriceAction::Add => t_string!(i18n, prices.add),
                PriceAction::Edit(_) => t_string!(i18n, prices.edit_title),
                PriceAction::Delete(_) => t_string!(i18n, prices.delete_title),
                PriceAction::Import => t_string!(i18n, prices.import_title),
            }
            content=move |a| {
                let open = dialog.open;
                match a {
                    PriceAction::Add => view! { <PriceForm item=None sections=sections open=open on_done=refresh /> }.into_any(),
                    PriceAction::Edit(p) => view! { <PriceForm item=Some(p) sections=sections open=open on_done=refresh /> }.into_any(),
                    PriceAction::Delete(p) => view! { <DeletePrice item=p open=open on_done=refresh /> }.into_any(),
                    PriceAction::Import => view! { <ImportPrices open=open on_done=refresh /> }.into_any(),
                }
            }
        />
    }
}

const CODE: Column = Column::new(|i| t_string!(i, prices.code));
const NAME: Column = Column::new(|i| t_string!(i, prices.name));
const PRICE: Column = Column::with_class(|i| t_string!(i, prices.price), "table__num");
const STATUS: Column = Column::new(|i| t_string!(i, staff.col_status));

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
            <CardTable columns=&[CODE, NAME, PRICE, STATUS, ACTIONS] caption=section>
                        {items.into_iter().map(|p| {
                            let edit = p.clone();
                            let delete = p.clone();
                            let active = p.active;
                            let (code, name) = (p.code.clone(), p.name);
                            view! {
                                <tr data-code=p.code>
                                    <Cell label=CODE.label><code>{code}</code></Cell>
                                    <Cell label=NAME.label>{name}</Cell>
                                    <Cell label=PRICE.label class="table__num">{price_text(p.price)}</Cell>
                                    <Cell label=STATUS.label>
                                        {if active {
                                            view! { <span class="badge badge--success"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, prices.active)}</span> }.into_any()
                                        } else {
                                            view! { <span class="badge"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, prices.inactive)}</span> }.into_any()
                                        }}
                                    </Cell>
                                    <td class="table__actions">
                                        <EditDeleteButtons on_action=on_action edit=PriceAction::Edit(edit) delete=PriceAction::Delete(delete) />
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
            </CardTable>
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
    let errors = FieldErrors::new();
    let check = move || {
        let text = |path: &str, value: RwSignal<String>| {
            required_text(&value.get_untracked()).map_err(|e| errors.put(path, e)).ok()
        };
        let (s, c, n) = (text("section", section), text("code", code), text("name", name));
        let p = errors.check("price", FieldKind::Price, Kopecks::parse_roubles(&price.get_untracked()));
        let (section, code, name, price) = (s?, c?, n?, p?);
        Some(PriceItemInput { section, code, name, price, active: active.get_untracked() })
    };
    let refused = Callback::new(move |e: ApiError| {
        let taken =
            e.code() == Some(ErrorCode::Conflict) || e.field_errors().iter().any(|(f, c)| f == "code" && c == "taken");
        if e.code() == Some(ErrorCode::ValidationFailed) && !errors.take_problem(&e, &[]) {
            return Refused::Default;
        }
        if taken {
            errors.put("code", FieldErr::CodeTaken);
            return Refused::AtField;
        }
        if e.code() == Some(ErrorCode::ValidationFailed) { Refused::AtField } else { Refused::Default }
    });
    let on_ok = move |p: PriceItemDto| {
        toasts.push(t_string!(i18n, prices.saved, name = p.name).to_string());
        on_done.run(());
    };
    view! {
        <ActionForm
            check=check
            call=move |input: PriceItemInput| async move { api::organization::save_price(id, &input).await }
            on_ok=on_ok
            errors=errors
            refused=refused
            open=open
            testid="price-form"
        >
            <datalist id="price-sections">
                {move || sections.get().into_iter().map(|s| view! { <option value=s></option> }).collect_view()}
            </datalist>
            <TextField id="price-section" label=move || t_string!(i18n, prices.section) hint=move || t_string!(i18n, prices.section_hint) value=section error=errors.at("section", FieldKind::Text) list="price-sections" required=true />
            <div class="form__row">
                <TextField id="price-code" label=move || t_string!(i18n, prices.code) hint=move || t_string!(i18n, prices.code_hint) value=code error=errors.at("code", FieldKind::Text) required=true />
                <TextField id="price-price" label=move || t_string!(i18n, prices.price_label) hint=move || t_string!(i18n, prices.price_hint) value=price error=errors.at("price", FieldKind::Price) inputmode="decimal" required=true />
            </div>
            <TextField id="price-name" label=move || t_string!(i18n, prices.name) value=name error=errors.at("name", FieldKind::Text) required=true />
            <CheckboxField id="price-active" label=move || t_string!(i18n, prices.active_label) hint=move || t_string!(i18n, prices.active_hint) checked=active />
        </ActionForm>
    }
}

#[component]
fn DeletePrice(item: PriceItemDto, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = item.id;
    let what = format!("{} {}", item.code, item.name);
    view! {
        <DeleteForm
            lead=move || t_string!(i18n, prices.delete_text, name = what.clone()).to_string()
            call=move || api::organization::delete_price(id)
            done=move || t_string!(i18n, prices.deleted).to_owned()
            open=open
            on_done=on_done
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::ids::PriceItemId;

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
