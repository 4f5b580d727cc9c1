//! The questionnaire library (MON-1): `/admin/questionnaires` (organizer) and
//! `/staff/questionnaires` (doctors, assistants) — every questionnaire of the organization with
//! its type, current version, and whether it is built in or archived.

use common::auth::Role;
use common::monitoring::QuestionnaireSummaryDto;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{ADMIN_LIBRARY_ROLES, STAFF_LIBRARY_ROLES, can_edit_library, lang, purpose_label};
use crate::api;
use crate::components::datetime::format_date;
use crate::components::icons::PlusIcon;
use crate::components::page::{EmptyPanel, Loaded};
use crate::components::table::{CardTable, Cell, Column};
use crate::components::ui::CheckboxField;
use crate::i18n::*;
use crate::routes::questionnaire_href;
use crate::session::{RequireRole, use_session};

#[component]
pub fn AdminLibraryPage() -> impl IntoView {
    view! { <LibraryPage roles=ADMIN_LIBRARY_ROLES /> }
}

#[component]
pub fn StaffLibraryPage() -> impl IntoView {
    view! { <LibraryPage roles=STAFF_LIBRARY_ROLES /> }
}

#[component]
fn LibraryPage(roles: &'static [Role]) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, library.title).to_owned() />
        <RequireRole roles=roles>
            <Library />
        </RequireRole>
    }
}

#[component]
fn Library() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let show_archived = RwSignal::new(false);
    let list = LocalResource::new(move || {
        let archived = show_archived.get();
        async move { api::monitoring::admin::questionnaires(archived).await }
    });
    let editor = move || can_edit_library(session.role());
    view! {
        <section class="page" data-page="questionnaires">
            <header class="page-header page-header--actions">
                <div>
                    <h1>{t!(i18n, library.title)}</h1>
                    <p class="page-header__lead">{t!(i18n, library.lead)}</p>
                </div>
                <Show when=editor>
                    <a class="btn btn--primary" href=move || questionnaire_href(session.role(), None, None)>
                        <PlusIcon />
                        {t!(i18n, library.new_questionnaire)}
                    </a>
                </Show>
            </header>
            <Show when=move || !editor()>
                <p class="alert alert--info library-readonly" data-testid="library-readonly">
                    {t!(i18n, library.read_only_hint)}
                </p>
            </Show>
            <section class="card stack-card" aria-labelledby="library-list-title">
                <div class="section-head">
                    <h2 id="library-list-title">{t!(i18n, library.list_title)}</h2>
                    <CheckboxField
                        id="library-archived"
                        label=move || t_string!(i18n, library.show_archived)
                        checked=show_archived
                    />
                </div>
                <Loaded resource=list render=move |value| match value {
                    items if items.is_empty() => view! {
                        <EmptyPanel flat=true testid="library-empty" title=move || t_string!(i18n, library.empty_title) text=move || t_string!(i18n, library.empty_text) />
                    }.into_any(),
                    items => view! { <LibraryTable items=items /> }.into_any(),
                } />
            </section>
        </section>
    }
}

const COL_TITLE: Column = Column::new(|i| t_string!(i, library.col_title));
const COL_PURPOSE: Column = Column::new(|i| t_string!(i, library.col_purpose));
const COL_VERSION: Column = Column::new(|i| t_string!(i, library.col_version));
const COL_ITEMS: Column = Column::with_class(|i| t_string!(i, library.col_items), "table__num");
const COL_UPDATED: Column = Column::new(|i| t_string!(i, library.col_updated));

#[component]
fn LibraryTable(items: Vec<QuestionnaireSummaryDto>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <CardTable columns=&[COL_TITLE, COL_PURPOSE, COL_VERSION, COL_ITEMS, COL_UPDATED] caption=move || t_string!(i18n, library.list_title) testid="library">
                    {items.into_iter().map(|q| {
                        let title = q.title.clone();
                        let href = questionnaire_href(session.role(), Some(q.id), None);
                        let built_in = q.template.is_some();
                        let archived = q.archived;
                        let purpose = q.purpose;
                        let version = q.version;
                        let count = q.item_count;
                        let updated = q.updated_at;
                        let code = q.code.clone();
                        view! {
                            <tr data-questionnaire=q.code.clone() class:row--muted=archived>
                                <Cell label=COL_TITLE.label>
                                    <a class="entry-link" href=href>{move || title.get(lang(i18n)).to_owned()}</a>
                                    <div class="q-badges">
                                        <code class="q-code">{code}</code>
                                        {built_in.then(|| view! {
                                            <span class="badge badge--info">{t!(i18n, library.built_in)}</span>
                                        })}
                                        {archived.then(|| view! {
                                            <span class="badge badge--warning">
                                                <span class="badge__dot" aria-hidden="true"></span>
                                                {t!(i18n, library.archived)}
                                            </span>
                                        })}
                                    </div>
                                </Cell>
                                <Cell label=COL_PURPOSE.label>{move || purpose_label(i18n, purpose)}</Cell>
                                <Cell label=COL_VERSION.label class="nowrap">
                                    <span class="q-version" title=move || t_string!(i18n, library.version_n, n = version).to_string()>
                                        {format!("v{version}")}
                                    </span>
                                </Cell>
                                <Cell label=COL_ITEMS.label class="table__num">{count}</Cell>
                                <Cell label=COL_UPDATED.label class="nowrap">{move || format_date(i18n, updated)}</Cell>
                            </tr>
                        }
                    }).collect_view()}
        </CardTable>
    }
}
