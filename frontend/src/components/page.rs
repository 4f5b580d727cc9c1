//! The frame every staff page shares: the title and the role guard ([`RolePage`]), the header
//! ([`PageHeader`]), a paged list with its loading, empty and error states and its pagination
//! ([`Paged`] + [`PagedView`]), the "nothing here" panel ([`EmptyPanel`]) and the dialog of a
//! row action ([`RowDialog`] + [`ActionModal`]).

use std::future::Future;

use common::auth::Role;
use common::page::Page;
use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_meta::Title;

use crate::api::ApiError;
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::components::icons::{PanelIcon, PlusIcon};
use crate::components::table::Label;
use crate::components::ui::{Modal, Pagination};
use crate::i18n::*;
use crate::session::RequireRole;

/// A page for `roles`: its `<title>` and the guard that sends anyone else away.
#[component]
pub fn RolePage(title: Label, roles: &'static [Role], children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || title(i18n).to_owned() />
        <RequireRole roles=roles>{children()}</RequireRole>
    }
}

/// The header of a page: its title, a lead, and at the right an "Add …" button (with the plus
/// icon) when `on_add` is given.
#[component]
pub fn PageHeader(
    #[prop(into)] title: TextProp,
    #[prop(optional, into)] lead: Option<TextProp>,
    /// The text of the "Add …" button.
    #[prop(optional, into)]
    add: Option<TextProp>,
    /// What the "Add …" button does (no button without it).
    #[prop(optional_no_strip)]
    on_add: Option<Callback<()>>,
) -> impl IntoView {
    let lead = lead.map(|l| view! { <p class="page-header__lead">{move || l.get()}</p> });
    match add.zip(on_add) {
        None => view! {
            <header class="page-header">
                <h1>{move || title.get()}</h1>
                {lead}
            </header>
        }
        .into_any(),
        Some((text, on_add)) => view! {
            <header class="page-header page-header--actions">
                <div>
                    <h1>{move || title.get()}</h1>
                    {lead}
                </div>
                <button type="button" class="btn btn--primary" on:click=move |_| on_add.run(())>
                    <PlusIcon />
                    {move || text.get()}
                </button>
            </header>
        }
        .into_any(),
    }
}

/// "Nothing here yet": a card with a title and a sentence, or (`flat`, inside a card) the same
/// without a card of its own, with an optional icon (an SVG path) and, after the sentence,
/// optional further content (a link to where to go instead, a hint).
#[component]
pub fn EmptyPanel(
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(into)] title: TextProp,
    #[prop(into)] text: TextProp,
    #[prop(optional)] flat: bool,
    #[prop(optional)] icon: Option<&'static str>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let icon = icon.map(|d| {
        view! {
            <span class="empty-panel__icon" aria-hidden="true"><PanelIcon d=d /></span>
        }
    });
    let more = children.map(|c| c());
    if flat {
        view! {
            <div class="empty-panel empty-panel--flat" data-testid=testid>
                {icon}
                <p class="empty-panel__title">{move || title.get()}</p>
                <p class="hint">{move || text.get()}</p>
                {more}
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="card empty-panel" data-testid=testid>
                {icon}
                <h2>{move || title.get()}</h2>
                <p>{move || text.get()}</p>
                {more}
            </div>
        }
        .into_any()
    }
}

/// What a call loads, loaded again by [`Reloaded::refresh`] (after a change) or when a signal
/// its fetch reads changes.
pub struct Reloaded<T: 'static> {
    pub resource: LocalResource<Result<T, ApiError>>,
    version: RwSignal<u32>,
}

impl<T: 'static> Clone for Reloaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Reloaded<T> {}

impl<T: 'static> Reloaded<T> {
    /// `fetch()` is called tracked: the signals it reads (a search, a filter) reload it.
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let version = RwSignal::new(0u32);
        let resource = LocalResource::new(move || {
            version.track();
            fetch()
        });
        Self { resource, version }
    }

    /// Loads it again (after a change).
    pub fn refresh(self) {
        self.version.update(|v| *v += 1);
    }

    /// [`Reloaded::refresh`] as a callback for a dialog's `on_done`.
    pub fn refresher(self) -> Callback<()> {
        Callback::new(move |()| self.refresh())
    }
}

/// One page of a list from the server, reloaded when its page, a signal its fetch reads, or
/// [`Paged::refresh`] changes.
pub struct Paged<T: 'static> {
    pub page: RwSignal<u32>,
    pub per_page: u32,
    list: Reloaded<Page<T>>,
}

impl<T: 'static> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Paged<T> {}

impl<T: Clone + 'static> Paged<T> {
    /// `fetch(page)` is called tracked: the signals it reads (a search, a filter) reload the list.
    pub fn new<F, Fut>(per_page: u32, fetch: F) -> Self
    where
        F: Fn(u32) -> Fut + 'static,
        Fut: Future<Output = Result<Page<T>, ApiError>> + 'static,
    {
        let page = RwSignal::new(1u32);
        let list = Reloaded::new(move || fetch(page.get()));
        Self { page, per_page, list }
    }

    /// Loads the list again (after a change).
    pub fn refresh(self) {
        self.list.refresh();
    }

    /// [`Paged::refresh`] as a callback for a dialog's `on_done`.
    pub fn refresher(self) -> Callback<()> {
        self.list.refresher()
    }

    /// Back to the first page when `key` changes (a filter, another card).
    pub fn first_page_on<K: PartialEq + 'static>(self, key: impl Fn() -> K + 'static) {
        let page = self.page;
        Effect::new(move |prev: Option<K>| {
            let k = key();
            if prev.is_some_and(|p| p != k) {
                page.set(1);
            }
            k
        });
    }

    /// How many items all pages hold (0 until the first answer).
    pub fn total(self) -> Signal<u64> {
        let list = self.list.resource;
        Signal::derive(move || list.get().and_then(|r| r.ok()).map_or(0, |p| p.total))
    }
}

/// A card of a page's section: its heading (`h2#title_id`) with, at its right, an "Add …"
/// button (shown while `can_add`) or other `tools`, and the content.
#[component]
pub fn SectionCard(
    title_id: &'static str,
    #[prop(into)] title: TextProp,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional, into)] add: Option<TextProp>,
    #[prop(optional)] on_add: Option<Callback<()>>,
    #[prop(optional, into)] can_add: MaybeProp<bool>,
    /// What else stands at the right of the heading (a filter, a count).
    #[prop(optional, into)]
    tools: ViewFn,
    #[prop(default = "card stack-card")] class: &'static str,
    children: Children,
) -> impl IntoView {
    let add = add.zip(on_add).map(|(text, on_add)| {
        view! {
            <Show when=move || can_add.get().unwrap_or(true)>
                <button type="button" class="btn btn--primary" on:click=move |_| on_add.run(())>
                    {let text = text.clone(); move || text.get()}
                </button>
            </Show>
        }
    });
    view! {
        <section class=class aria-labelledby=title_id data-testid=testid>
            <div class="section-head">
                <h2 id=title_id>{move || title.get()}</h2>
                {add}
                {tools.run()}
            </div>
            {children()}
        </section>
    }
}

/// What a call loads: a skeleton while waiting, `render` of the answer, or the error panel
/// with "Try again".
#[component]
pub fn Loaded<T, R>(
    resource: LocalResource<Result<T, ApiError>>,
    render: R,
    /// How many grey lines stand in while waiting.
    #[prop(default = 6)]
    skeleton: usize,
    /// The last answer stays while the next loads (a list that pages or follows live changes).
    #[prop(optional)]
    keep: bool,
) -> impl IntoView
where
    T: Clone + 'static,
    R: Fn(T) -> AnyView + Clone + Send + Sync + 'static,
{
    let fallback = move || view! { <Skeleton lines=skeleton /> };
    let answer = move || {
        let render = render.clone();
        Suspend::new(async move {
            match resource.await {
                Ok(value) => render(value),
                Err(e) => view! {
                    <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| resource.refetch()) />
                }
                .into_any(),
            }
        })
    };
    if keep {
        view! { <Transition fallback=fallback>{answer}</Transition> }.into_any()
    } else {
        view! { <Suspense fallback=fallback>{answer}</Suspense> }.into_any()
    }
}

/// A loaded list: `empty` when there is nothing, else `render` of the items.
#[component]
pub fn ListView<T, E, R>(
    resource: LocalResource<Result<Vec<T>, ApiError>>,
    empty: E,
    render: R,
    #[prop(default = 6)] skeleton: usize,
) -> impl IntoView
where
    T: Clone + 'static,
    E: Fn() -> AnyView + Clone + Send + Sync + 'static,
    R: Fn(Vec<T>) -> AnyView + Clone + Send + Sync + 'static,
{
    let render = move |items: Vec<T>| if items.is_empty() { empty() } else { render(items) };
    view! { <Loaded resource=resource render=render skeleton=skeleton /> }
}

/// The list of a [`Paged`]: [`Loaded`] with `empty` when there is nothing, `render` of the
/// items, and the pagination below.
#[component]
pub fn PagedView<T, E, R>(
    paged: Paged<T>,
    /// The "nothing here" view.
    empty: E,
    /// The items' view.
    render: R,
    #[prop(default = 6)] skeleton: usize,
    /// Only the first page can be empty (a later empty page is drawn as an empty list).
    #[prop(optional)]
    empty_first_page_only: bool,
    /// The shown page stays while the next loads.
    #[prop(optional)]
    keep: bool,
) -> impl IntoView
where
    T: Clone + 'static,
    E: Fn() -> AnyView + Clone + Send + Sync + 'static,
    R: Fn(Vec<T>) -> AnyView + Clone + Send + Sync + 'static,
{
    let total = paged.total();
    let render = move |p: Page<T>| {
        if p.items.is_empty() && (!empty_first_page_only || p.page == 1) { empty() } else { render(p.items) }
    };
    view! {
        <Loaded resource=paged.list.resource render=render skeleton=skeleton keep=keep />
        <Pagination page=paged.page per_page=paged.per_page total=total />
    }
}

/// The dialog of a list's row actions: which action (`A`, an enum of the page's) is open.
/// Closing the dialog forgets the action, so each opening starts afresh.
pub struct RowDialog<A: Send + Sync + 'static> {
    pub action: RwSignal<Option<A>>,
    pub open: RwSignal<bool>,
}

impl<A: Send + Sync + 'static> Clone for RowDialog<A> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<A: Send + Sync + 'static> Copy for RowDialog<A> {}

impl<A: Send + Sync + 'static> Default for RowDialog<A> {
    fn default() -> Self {
        Self::new()
    }
}

impl<A: Send + Sync + 'static> RowDialog<A> {
    pub fn new() -> Self {
        let action = RwSignal::new(None::<A>);
        let open = RwSignal::new(false);
        Effect::new(move |_| {
            if !open.get() {
                action.set(None);
            }
        });
        Self { action, open }
    }

    /// Opens the dialog on `a`.
    pub fn show(self, a: A) {
        self.action.set(Some(a));
        self.open.set(true);
    }

    /// [`RowDialog::show`] as a callback for the rows.
    pub fn opener(self) -> Callback<A> {
        Callback::new(move |a| self.show(a))
    }
}

/// The [`Modal`] of a [`RowDialog`]: its title and content follow the open action.
#[component]
pub fn ActionModal<A, T, C>(id: &'static str, dialog: RowDialog<A>, title: T, content: C) -> impl IntoView
where
    A: Clone + Send + Sync + 'static,
    T: Fn(&A) -> &'static str + Send + Sync + 'static,
    C: Fn(A) -> AnyView + Send + Sync + 'static,
{
    let action = dialog.action;
    let content = std::sync::Arc::new(content);
    view! {
        <Modal id=id open=dialog.open title=move || action.with(|a| a.as_ref().map_or("", &title))>
            {
                let content = std::sync::Arc::clone(&content);
                move || action.get().map(|a| content(a))
            }
        </Modal>
    }
}
