//! The cabinet's navigation (issue 14). On a desk, a row of every tab that wraps rather than
//! cuts one off. On a phone (≤ 640 px, CSS decides), a bar fixed at the bottom with five
//! items — Сегодня, Медкарта, Назначения, Показатели, Ещё — icons and short labels, the
//! current one marked; "Ещё" opens a sheet of the other tabs (notifications with the unread
//! count, profile, feedback, prices, news, adding documents). Both are labelled alike: only one
//! is shown at a time.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::components::icons::{Icon, MORE_PATH, PRESCRIPTIONS_PATH, READINGS_PATH, RECORD_PATH, TODAY_PATH};
use crate::components::ui::focus_first;
use crate::i18n::*;
use crate::routes::AppRoute;

/// The tabs the "Ещё" sheet holds: its button is marked while one of them is open. (Adding
/// documents is in the sheet too, but belongs to the record, whose item is marked then.)
const MORE: [AppRoute; 5] = [
    AppRoute::CabinetNotifications,
    AppRoute::CabinetProfile,
    AppRoute::CabinetFeedback,
    AppRoute::CabinetPrices,
    AppRoute::CabinetNews,
];

/// Whether `path` is one of the sheet's pages.
pub fn in_more(path: &str) -> bool {
    MORE.iter().any(|r| path == r.path() || path.starts_with(&format!("{}/", r.path())))
}

/// The unread count after a tab's name: the number shown, the words for screen readers.
#[component]
fn UnreadCount(unread: LocalResource<u64>, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let n = unread.get().unwrap_or(0);
        (n > 0).then(|| {
            view! {
                <span class="cabinet-tabs__count" data-testid=testid>
                    <span aria-hidden="true">{n}</span>
                    <span class="visually-hidden">{t_string!(i18n, cabinet.tabs.unread, count = n).to_string()}</span>
                </span>
            }
        })
    }
}

/// The row of tabs on a wider screen.
#[component]
pub fn CabinetTabs(unread: LocalResource<u64>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="cabinet-tabs" aria-label=move || t_string!(i18n, cabinet.tabs.label)>
            <A href=AppRoute::CabinetToday.path() attr:data-testid="tab-today">{t!(i18n, today.tab)}</A>
            <A href=AppRoute::CabinetRecord.path()>{t!(i18n, cabinet.tabs.record)}</A>
            <A href=AppRoute::CabinetDataEntry.path() attr:data-testid="tab-data-entry">{t!(i18n, data_entry.tab)}</A>
            <A href=AppRoute::CabinetPrescriptions.path()>{t!(i18n, cabinet.tabs.prescriptions)}</A>
            <A href=AppRoute::CabinetPrices.path()>{t!(i18n, cabinet.tabs.prices)}</A>
            <A href=AppRoute::CabinetNews.path()>{t!(i18n, cabinet.tabs.news)}</A>
            <A href=AppRoute::CabinetNotifications.path() attr:data-testid="tab-notifications">
                {t!(i18n, cabinet.tabs.notifications)}
                <UnreadCount unread=unread testid="unread-count" />
            </A>
            <A href=AppRoute::CabinetFeedback.path()>{t!(i18n, cabinet.tabs.feedback)}</A>
            <A href=AppRoute::CabinetProfile.path()>{t!(i18n, cabinet.tabs.profile)}</A>
        </nav>
    }
}

/// The bottom bar on a phone, with its "Ещё" sheet.
#[component]
pub fn CabinetTabBar(unread: LocalResource<u64>) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let open = RwSignal::new(false);
    let more_button = NodeRef::<leptos::html::Button>::new();
    let sheet = NodeRef::<leptos::html::Div>::new();
    // A page opened from the sheet (or anywhere) closes it.
    Effect::new(move |_| {
        location.pathname.track();
        open.set(false);
    });
    // Opened: the first link takes the focus — once the sheet is shown (a hidden element
    // cannot take it), so after this render.
    Effect::new(move |_| {
        if open.get()
            && let Some(el) = sheet.get()
        {
            set_timeout(move || focus_first(&el), std::time::Duration::from_millis(0));
        }
    });
    let close_to_button = move || {
        open.set(false);
        if let Some(b) = more_button.get_untracked() {
            let _ = b.focus();
        }
    };
    let more_current = move || in_more(&location.pathname.get());
    let n_unread = move || unread.get().unwrap_or(0);
    view! {
        <nav
            class="tabbar"
            aria-label=move || t_string!(i18n, cabinet.tabs.label)
            on:keydown=move |ev| if ev.key() == "Escape" && open.get_untracked() { close_to_button() }
        >
            <Show when=move || open.get()>
                <div class="tabbar__backdrop" aria-hidden="true" on:click=move |_| open.set(false)></div>
            </Show>
            <div id="cabinet-more" class="tabbar__sheet" node_ref=sheet hidden=move || !open.get()>
                <p class="tabbar__sheet-title">{t!(i18n, today.more_title)}</p>
                <ul class="tabbar__sheet-list" role="list">
                    <li>
                        <A href=AppRoute::CabinetNotifications.path() attr:data-testid="more-notifications">
                            {t!(i18n, cabinet.tabs.notifications)}
                            <UnreadCount unread=unread testid="more-unread-count" />
                        </A>
                    </li>
                    <li><A href=AppRoute::CabinetProfile.path()>{t!(i18n, cabinet.tabs.profile)}</A></li>
                    <li><A href=AppRoute::CabinetFeedback.path()>{t!(i18n, cabinet.tabs.feedback)}</A></li>
                    <li><A href=AppRoute::CabinetPrices.path()>{t!(i18n, cabinet.tabs.prices)}</A></li>
                    <li><A href=AppRoute::CabinetNews.path()>{t!(i18n, cabinet.tabs.news)}</A></li>
                    <li><A href=AppRoute::CabinetUpload.path()>{t!(i18n, cabinet.record.upload)}</A></li>
                </ul>
            </div>
            <ul class="tabbar__items" role="list">
                <li>
                    <A href=AppRoute::CabinetToday.path() attr:class="tabbar__item">
                        <Icon d=TODAY_PATH size=24 />
                        <span class="tabbar__label">{t!(i18n, today.tab)}</span>
                    </A>
                </li>
                <li>
                    <A href=AppRoute::CabinetRecord.path() attr:class="tabbar__item">
                        <Icon d=RECORD_PATH size=24 />
                        <span class="tabbar__label">{t!(i18n, cabinet.tabs.record)}</span>
                    </A>
                </li>
                <li>
                    <A href=AppRoute::CabinetPrescriptions.path() attr:class="tabbar__item">
                        <Icon d=PRESCRIPTIONS_PATH size=24 />
                        <span class="tabbar__label">{t!(i18n, cabinet.tabs.prescriptions)}</span>
                    </A>
                </li>
                <li>
                    <A href=AppRoute::CabinetDataEntry.path() attr:class="tabbar__item">
                        <Icon d=READINGS_PATH size=24 />
                        <span class="tabbar__label">{t!(i18n, today.readings_tab)}</span>
                    </A>
                </li>
                <li>
                    <button
                        type="button"
                        class="tabbar__item"
                        node_ref=more_button
                        aria-expanded=move || if open.get() { "true" } else { "false" }
                        aria-controls="cabinet-more"
                        aria-current=move || more_current().then_some("page")
                        data-testid="tab-more"
                        on:click=move |_| open.update(|o| *o = !*o)
                    >
                        <span class="tabbar__icon">
                            <Icon d=MORE_PATH size=24 stroke_width="3" />
                            <Show when=move || { n_unread() > 0 }>
                                <span class="tabbar__dot" aria-hidden="true">{n_unread}</span>
                            </Show>
                        </span>
                        <span class="tabbar__label">{t!(i18n, today.more)}</span>
                        <Show when=move || { n_unread() > 0 }>
                            <span class="visually-hidden">{move || format!(", {}", t_string!(i18n, cabinet.tabs.unread, count = n_unread()))}</span>
                        </Show>
                    </button>
                </li>
            </ul>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sheet_s_pages_mark_more() {
        assert!(in_more("/cabinet/notifications"));
        assert!(!in_more("/cabinet/record/upload"), "the record's item is marked there");
        assert!(!in_more("/cabinet/record"));
        assert!(!in_more("/cabinet/today"));
        assert!(!in_more("/cabinet/profiles"));
    }
}
