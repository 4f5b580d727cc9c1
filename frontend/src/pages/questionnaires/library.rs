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
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::components::icons::PlusIcon;
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
        async move { api::monitoring_admin::questionnaires(archived).await }
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
                <Suspense fallback=|| view! { <Skeleton lines=6 /> }>
                    {move || Suspend::new(async move {
                        match list.await {
                            Ok(items) if items.is_empty() => view! {
                                <div class="empty-panel empty-panel--flat" data-testid="library-empty">
                                    <p class="empty-panel__title">{t!(i18n, library.empty_title)}</p>
                                    <p class="hint">{t!(i18n, library.empty_text)}</p>
                                </div>
                            }.into_any(),
                            Ok(items) => view! { <LibraryTable items=items /> }.into_any(),
                            Err(e) => view! {
                                <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| list.refetch()) />
                            }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </section>
    }
}

#[component]
fn LibraryTable(items: Vec<QuestionnaireSummaryDto>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="library">
                <caption class="visually-hidden">{t!(i18n, library.list_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, library.col_title)}</th>
                        <th scope="col">{t!(i18n, library.col_purpose)}</th>
                        <th scope="col">{t!(i18n, library.col_version)}</th>
                        <th scope="col" class="table__num">{t!(i18n, library.col_items)}</th>
                        <th scope="col">{t!(i18n, library.col_updated)}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|q| {
                        let title = q.title.clone();
                        let href = questionnaire_href(session.role(), Some(q.id), None);
                        let built_in = q.template.is_some();
                        let archived = q.archived;
                        let purpose = q.purpose;
                        let version = q.version;
                        let count = q.item_count;
                        let updated = q.updated_at;
                        view! {
                            <tr data-questionnaire=q.code.clone() class:row--muted=archived>
                                <td data-label=move || t_string!(i18n, library.col_title)>
                                    <a class="entry-link" href=href>{move || title.get(lang(i18n)).to_owned()}</a>
                                    <div class="q-badges">
                                        <code class="q-code">{q.code.clone()}</code>
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
                                </td>
                                <td data-label=move || t_string!(i18n, library.col_purpose)>{move || purpose_label(i18n, purpose)}</td>
                                <td data-label=move || t_string!(i18n, library.col_version) class="nowrap">
                                    <span class="q-version" title=move || t_string!(i18n, library.version_n, n = version).to_string()>
                                        {format!("v{version}")}
                                    </span>
                                </td>
                                <td data-label=move || t_string!(i18n, library.col_items) class="table__num">{count}</td>
                                <td data-label=move || t_string!(i18n, library.col_updated) class="nowrap">{move || format_date(i18n, updated)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
