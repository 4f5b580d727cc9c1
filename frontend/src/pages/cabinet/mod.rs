//! `/cabinet/*`: the patient's cabinet (issue 5) — a header with the organization and the
//! patient switcher (CAB-10), a banner while acting for a dependent, the tabs ([`tabs`]: a row
//! on a desk, a bottom bar on a phone), and one module per tab; "Сегодня" ([`today`]) first.
//!
//! The card acted for is kept in memory by the API client (every `/cabinet/*` and
//! `/attachments/*` call sends it as `X-Patient-Id`) and in `sessionStorage` under the account,
//! so a reload stays on the same card; leaving the cabinet forgets it in memory.

pub mod data_entry;
pub mod feedback;
pub mod news;
pub mod notifications;
pub mod prescriptions;
pub mod prices;
pub mod profile;
pub mod record;
pub mod tabs;
pub mod today;
pub mod upload;

use common::auth::Role;
use common::cabinet::{CabinetCardDto, CabinetContextDto, CardRelation};
use common::record::EntryKind;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::NavigateOptions;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api::{self, ApiError};
use crate::components::feedback::ErrorPanel;
use crate::i18n::*;
use crate::routes::AppRoute;
use crate::session::{RequireRole, use_session};
use tabs::{CabinetTabBar, CabinetTabs};

/// What every tab of the cabinet shares.
#[derive(Clone, Copy)]
pub struct Cabinet {
    /// Bumped when the card acted for changes: every tab's data depends on it.
    pub card_version: RwSignal<u32>,
    /// Bumped when notifications were read: the tab's badge counts again.
    pub unread_version: RwSignal<u32>,
    /// `GET /cabinet/context`.
    pub context: LocalResource<Result<CabinetContextDto, ApiError>>,
}

impl Cabinet {
    /// The context, once loaded (tracked).
    pub fn loaded(self) -> Option<CabinetContextDto> {
        self.context.get().and_then(Result::ok)
    }

    /// What a tab loads for the card it shows: `fetch` runs tracked (the signals it reads load
    /// it again), and again when the card changes.
    pub fn load<T, Fut>(self, fetch: impl Fn() -> Fut + 'static) -> LocalResource<T>
    where
        T: 'static,
        Fut: std::future::Future<Output = T> + 'static,
    {
        LocalResource::new(move || {
            self.card_version.track();
            fetch()
        })
    }

    /// Acting for a dependent's card (tracked); false while loading.
    pub fn acting_for_dependent(self) -> bool {
        self.loaded().is_some_and(|c| c.current.relation == CardRelation::Dependent)
    }
}

/// The cabinet context of the enclosing [`CabinetPage`].
pub fn use_cabinet() -> Cabinet {
    use_context::<Cabinet>().unwrap_or_else(|| Cabinet {
        card_version: RwSignal::new(0),
        unread_version: RwSignal::new(0),
        context: LocalResource::new(|| async { api::cabinet::context().await }),
    })
}

const STORAGE_PREFIX: &str = "oncocenter_acting_for:";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

/// The card this account last acted for in this tab, if any.
fn stored_card(account: &str) -> Option<String> {
    session_storage().and_then(|s| s.get_item(&format!("{STORAGE_PREFIX}{account}")).ok().flatten())
}

fn store_card(account: &str, card: Option<&str>) {
    if let Some(storage) = session_storage() {
        let key = format!("{STORAGE_PREFIX}{account}");
        let _ = match card {
            Some(card) => storage.set_item(&key, card),
            None => storage.remove_item(&key),
        };
    }
}

/// The parent route of every cabinet page: a patient only.
#[component]
pub fn CabinetPage() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::Patient]>
            <CabinetShell />
        </RequireRole>
    }
}

#[component]
fn CabinetShell() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let account = session.me().map(|m| m.account_id.to_string()).unwrap_or_default();
    api::set_acting_for(stored_card(&account));
    on_cleanup(|| api::set_acting_for(None));

    let card_version = RwSignal::new(0u32);
    let unread_version = RwSignal::new(0u32);
    let account_for_context = account.clone();
    let context = LocalResource::new(move || {
        card_version.track();
        let account = account_for_context.clone();
        async move {
            match api::cabinet::context().await {
                // The stored card is no longer his to open: back to his own card.
                Err(e) if e.status() == Some(404) && api::acting_for().is_some() => {
                    api::set_acting_for(None);
                    store_card(&account, None);
                    card_version.update(|v| *v += 1);
                    api::cabinet::context().await
                }
                other => other,
            }
        }
    });
    let cabinet = Cabinet { card_version, unread_version, context };
    provide_context(cabinet);

    let unread = LocalResource::new(move || {
        card_version.track();
        unread_version.track();
        async move { api::cabinet::notifications(1, 1).await.map(|p| p.unread).unwrap_or(0) }
    });

    let navigate = use_navigate();
    let location = use_location();
    let switch = Callback::new(move |card: CabinetCardDto| {
        let id = (card.relation == CardRelation::Dependent).then(|| card.id.to_string());
        api::set_acting_for(id.clone());
        store_card(&account, id.as_deref());
        card_version.update(|v| *v += 1);
        // An entry belongs to one card: the list of the new one instead.
        let path = location.pathname.get_untracked();
        if is_entry_path(&path) {
            navigate(AppRoute::CabinetRecord.path(), NavigateOptions::default());
        } else if is_questionnaire_path(&path) {
            // So does an assignment: what the other card has to fill in.
            navigate(AppRoute::CabinetDataEntry.path(), NavigateOptions::default());
        }
    });

    view! {
        <div class="cabinet" data-page="cabinet">
            <div class="cabinet-head" data-testid="cabinet-head">
                {move || match context.get() {
                    None => view! { <p class="cabinet-head__org hint">{t!(i18n, loading)}</p> }.into_any(),
                    Some(Ok(c)) => view! { <CabinetHead context=c on_switch=switch /> }.into_any(),
                    Some(Err(e)) => view! { <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| context.refetch()) /> }.into_any(),
                }}
            </div>
            <CabinetTabs unread=unread />
            <div class="cabinet-body">
                <Outlet />
            </div>
            <CabinetTabBar unread=unread />
        </div>
    }
}

/// `/cabinet/record/<id>` (not the list, the upload form or the print view).
fn is_entry_path(path: &str) -> bool {
    path.strip_prefix("/cabinet/record/").is_some_and(|rest| !rest.is_empty() && rest != "upload" && rest != "print")
}

/// `/cabinet/data-entry/q/<id>`: a questionnaire being filled in.
fn is_questionnaire_path(path: &str) -> bool {
    path.strip_prefix("/cabinet/data-entry/q/").is_some_and(|rest| !rest.is_empty())
}

/// The organization, whose card is open, the switcher (more than one card) and the banner
/// while acting for a dependent.
#[component]
fn CabinetHead(context: CabinetContextDto, on_switch: Callback<CabinetCardDto>) -> impl IntoView {
    let i18n = use_i18n();
    let current = context.current.clone();
    let dependent = current.relation == CardRelation::Dependent;
    let cards = context.cards.clone();
    let own = cards.iter().find(|c| c.relation == CardRelation::Own).cloned();
    let switcher = (cards.len() > 1).then(|| {
        let current_id = current.id;
        let cards_for_change = cards.clone();
        view! {
            <div class="cabinet-switch">
                <label class="cabinet-switch__label" for="cabinet-patient">{t!(i18n, cabinet.switch_label)}</label>
                <select
                    id="cabinet-patient"
                    class="select cabinet-switch__select"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if let Some(card) = cards_for_change.iter().find(|c| c.id.to_string() == value) {
                            on_switch.run(card.clone());
                        }
                    }
                >
                    {cards.into_iter().map(|c| {
                        let label = match c.relation {
                            CardRelation::Own => t_string!(i18n, cabinet.switch_own, name = c.name.clone()).to_string(),
                            CardRelation::Dependent => c.name.clone(),
                        };
                        view! { <option value=c.id.to_string() selected=c.id == current_id>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    });
    let name = current.name.clone();
    view! {
        <div class="cabinet-head__row">
            <div class="cabinet-head__who">
                <p class="cabinet-head__org">{context.organization_name.clone()}</p>
                <p class="cabinet-head__name" data-testid="cabinet-patient">{current.name.clone()}</p>
            </div>
            {switcher}
        </div>
        {dependent.then(|| {
            let back = own.clone();
            view! {
                <div class="alert alert--info cabinet-banner" role="status" data-testid="acting-banner">
                    <crate::components::icons::AlertIcon />
                    <div class="alert__body">
                        <p class="alert__title">{move || t_string!(i18n, cabinet.acting_for, name = name.clone()).to_string()}</p>
                        <p>{t!(i18n, cabinet.acting_hint)}</p>
                        {back.map(|own| view! {
                            <button type="button" class="btn btn--secondary btn--small" on:click=move |_| on_switch.run(own.clone())>
                                {t!(i18n, cabinet.back_to_own)}
                            </button>
                        })}
                    </div>
                </div>
            }
        })}
    }
}

/// The filter's and the row's name of an entry kind.
pub fn kind_label(i18n: I18nContext<Locale>, kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Outpatient => t_string!(i18n, cabinet.kind.outpatient),
        EntryKind::Inpatient => t_string!(i18n, cabinet.kind.inpatient),
        EntryKind::Patient => t_string!(i18n, cabinet.kind.patient),
        EntryKind::Telemedicine => t_string!(i18n, cabinet.kind.telemedicine),
    }
}

/// One entry's kind: as [`kind_label`], but an entry the patient made reads "Внесено
/// пациентом" (the filter says "Внесённые пациентом").
pub fn entry_kind_label(i18n: I18nContext<Locale>, kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Patient => t_string!(i18n, record.kind_patient),
        other => kind_label(i18n, other),
    }
}

/// Who wrote an entry ("doctor", "assistant", "patient", "representative"), in words.
pub fn author_role(i18n: I18nContext<Locale>, role: &str) -> &'static str {
    match role {
        "doctor" => t_string!(i18n, cabinet.author.doctor),
        "assistant" => t_string!(i18n, cabinet.author.assistant),
        "patient" => t_string!(i18n, cabinet.author.patient),
        "representative" => t_string!(i18n, cabinet.author.representative),
        _ => "",
    }
}

/// A file size in the reader's units: bytes, KB or MB with one decimal (comma in Russian).
pub fn format_size(i18n: I18nContext<Locale>, bytes: u64) -> String {
    let (value, unit) = size_parts(bytes);
    let value = match i18n.get_locale() {
        Locale::ru => value.replace('.', ","),
        Locale::en => value,
    };
    match unit {
        SizeUnit::Bytes => t_string!(i18n, cabinet.size.bytes, n = value).to_string(),
        SizeUnit::Kb => t_string!(i18n, cabinet.size.kb, n = value).to_string(),
        SizeUnit::Mb => t_string!(i18n, cabinet.size.mb, n = value).to_string(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeUnit {
    Bytes,
    Kb,
    Mb,
}

/// The number (with a dot) and unit of a size.
pub fn size_parts(bytes: u64) -> (String, SizeUnit) {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes < KB {
        (bytes.to_string(), SizeUnit::Bytes)
    } else if bytes < MB {
        (tenths(bytes, KB), SizeUnit::Kb)
    } else {
        (tenths(bytes, MB), SizeUnit::Mb)
    }
}

/// `bytes / unit` rounded to tenths, without a trailing ".0".
fn tenths(bytes: u64, unit: u64) -> String {
    let t = (bytes * 10 + unit / 2) / unit;
    if t.is_multiple_of(10) { (t / 10).to_string() } else { format!("{}.{}", t / 10, t % 10) }
}

/// An in-app link from a notification: only a path of the cabinet is followed.
pub fn cabinet_link(link: Option<&str>) -> Option<String> {
    link.filter(|l| l.starts_with("/cabinet/") && !l.contains("//") && !l.contains('\\')).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(size_parts(512), ("512".into(), SizeUnit::Bytes));
        assert_eq!(size_parts(1024), ("1".into(), SizeUnit::Kb));
        assert_eq!(size_parts(1536), ("1.5".into(), SizeUnit::Kb));
        assert_eq!(size_parts(50 * 1024 * 1024), ("50".into(), SizeUnit::Mb));
        assert_eq!(size_parts(1_300_000), ("1.2".into(), SizeUnit::Mb));
    }

    #[test]
    fn entry_paths_and_links() {
        assert!(is_entry_path("/cabinet/record/0190f0a2-0000-7000-8000-000000000001"));
        assert!(!is_entry_path("/cabinet/record"));
        assert!(!is_entry_path("/cabinet/record/upload"));
        assert!(!is_entry_path("/cabinet/record/print"));
        assert!(is_questionnaire_path("/cabinet/data-entry/q/0190f0a2-0000-7000-8000-000000000001"));
        assert!(!is_questionnaire_path("/cabinet/data-entry"));
        assert!(!is_questionnaire_path("/cabinet/data-entry/charts"));
        assert_eq!(cabinet_link(Some("/cabinet/record/1")).as_deref(), Some("/cabinet/record/1"));
        assert_eq!(cabinet_link(Some("https://evil.example/cabinet/")), None);
        assert_eq!(cabinet_link(Some("/admin/staff")), None);
        assert_eq!(cabinet_link(None), None);
    }
}
