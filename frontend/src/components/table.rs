//! A list as a table on a wide screen and as cards on a phone: the header row is hidden there
//! and each cell says its column (`data-label`, drawn by `.table td[data-label]::before` in
//! style.css). A column's name is written once, as a [`Label`], for its header and its cells.

use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_i18n::I18nContext;

use crate::i18n::*;

/// A column's name in the reader's language.
pub type Label = fn(I18nContext<Locale>) -> &'static str;

/// A column: its name, the class of its header (`table__num`), and whether the name is for
/// screen readers only (a column of row buttons).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub label: Label,
    pub class: Option<&'static str>,
    pub hidden: bool,
}

impl Column {
    pub const fn new(label: Label) -> Self {
        Self { label, class: None, hidden: false }
    }

    pub const fn with_class(label: Label, class: &'static str) -> Self {
        Self { label, class: Some(class), hidden: false }
    }

    /// A column whose name only screen readers hear.
    pub const fn hidden(label: Label) -> Self {
        Self { label, class: None, hidden: true }
    }
}

/// The column of a row's buttons ("Actions", for screen readers).
pub const ACTIONS: Column = Column::hidden(|i| t_string!(i, staff.col_actions));

/// The table: caption (for screen readers), the header row of `columns`, the rows (children:
/// `<tr>`s of [`Cell`]s).
#[component]
pub fn CardTable(
    columns: &'static [Column],
    #[prop(optional, into)] caption: Option<TextProp>,
    #[prop(default = "table")] class: &'static str,
    #[prop(optional, into)] testid: MaybeProp<&'static str>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class=class data-testid=move || testid.get()>
                {caption.map(|c| view! { <caption class="visually-hidden">{move || c.get()}</caption> })}
                <thead>
                    <tr>
                        {columns.iter().map(|c| {
                            let label = c.label;
                            if c.hidden {
                                view! { <th scope="col" class=c.class><span class="visually-hidden">{move || label(i18n)}</span></th> }.into_any()
                            } else {
                                view! { <th scope="col" class=c.class>{move || label(i18n)}</th> }.into_any()
                            }
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// One cell, labelled with its column's name for the card layout.
#[component]
pub fn Cell(
    label: Label,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! { <td class=class data-label=move || label(i18n)>{children.map(|c| c())}</td> }
}
