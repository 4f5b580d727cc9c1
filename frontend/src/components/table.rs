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

/// A button of a row's actions: it runs `on_action` with the row's `action` (opens the row's
/// dialog on it).
#[component]
pub fn RowButton<A>(
    on_action: Callback<A>,
    action: A,
    #[prop(into)] text: TextProp,
    #[prop(default = "btn btn--secondary btn--small")] class: &'static str,
) -> impl IntoView
where
    A: Clone + Send + Sync + 'static,
{
    view! {
        <button type="button" class=class on:click=move |_| on_action.run(action.clone())>
            {move || text.get()}
        </button>
    }
}

/// The class of a row's destructive button (deactivate, delete, reject).
pub const DANGER_ROW_BUTTON: &str = "btn btn--ghost btn--small btn--danger-text";

/// "Edit" and "Delete" of a row.
#[component]
pub fn EditDeleteButtons<A>(on_action: Callback<A>, edit: A, delete: A) -> impl IntoView
where
    A: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <RowButton on_action=on_action action=edit text=move || t_string!(i18n, common.edit) />
        <RowButton on_action=on_action action=delete text=move || t_string!(i18n, common.delete) class=DANGER_ROW_BUTTON />
    }
}

/// "Activate" for a deactivated person's row, else "Deactivate" (in the danger color).
#[component]
pub fn ToggleRowButton<A>(deactivated: bool, on_action: Callback<A>, activate: A, deactivate: A) -> impl IntoView
where
    A: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    if deactivated {
        view! { <RowButton on_action=on_action action=activate text=move || t_string!(i18n, staff.activate) /> }
            .into_any()
    } else {
        view! {
            <RowButton
                on_action=on_action
                action=deactivate
                text=move || t_string!(i18n, staff.deactivate)
                class=DANGER_ROW_BUTTON
            />
        }
        .into_any()
    }
}

/// When a pending invitation went out and until when its link is valid.
#[component]
pub fn InvitationDates(
    sent: chrono::DateTime<chrono::Utc>,
    expires: Option<chrono::DateTime<chrono::Utc>>,
) -> impl IntoView {
    use crate::components::datetime::format_date;
    let i18n = use_i18n();
    view! {
        <span class="stack">
            <span>{move || t_string!(i18n, staff.sent_on, date = format_date(i18n, sent)).to_string()}</span>
            {expires.map(|x| view! {
                <span class="hint">{move || t_string!(i18n, staff.valid_until, date = format_date(i18n, x)).to_string()}</span>
            })}
        </span>
    }
}
