//! The page frame: header (product, organization and role, account menu with the role switcher
//! and logout, language), the organizer's side menu on `/admin/*` (a drawer on a phone), the doctor's and the
//! assistant's menu on their pages, the content, toasts, the live channel of alerts (for a
//! doctor or an assistant), and a footer with the service status.

use common::auth::{MembershipDto, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api;
use crate::components::icons::{CloseIcon, Icon, MENU_PATH};
use crate::components::lang_switch::LangSwitch;
use crate::components::service_status::ServiceStatus;
use crate::components::ui::{ToastRegion, focus_first, role_label, use_toasts};
use crate::i18n::*;
use crate::live::{LiveAlerts, provide_live};
use crate::routes::AppRoute;
use crate::session::{SessionState, membership_line, switchable, use_session};

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    provide_live();
    // The doctor's and the assistant's menu, on their own pages.
    let staff_menu = Memo::new(move |_| {
        let path = location.pathname.get();
        let staff_page = path == AppRoute::Doctor.path()
            || path.starts_with("/staff/")
            || path.starts_with("/assistant/")
            || path == AppRoute::Profile.path();
        session.role().filter(|r| staff_page && matches!(r, Role::Doctor | Role::Assistant))
    });
    let has_sidebar = Memo::new(move |_| {
        let path = location.pathname.get();
        (path.starts_with("/admin/") || path == AppRoute::Profile.path()) && session.role() == Some(Role::Organizer)
    });
    let home_href = move || session.role().map_or(AppRoute::Home.path(), |r| AppRoute::home_of(r).path()).to_owned();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="app-header">
            <div class="app-header__inner">
                <A href=home_href attr:class="brand" attr:aria-label=move || t_string!(i18n, nav.home_link)>
                    <Logo />
                    <span class="brand__name">{t!(i18n, app_name)}</span>
                </A>
                <div class="app-header__actions">
                    <AccountMenu />
                    <LangSwitch />
                </div>
            </div>
        </header>
        <div class="app-body" class:app-body--with-sidebar=move || has_sidebar.get()>
            <Show when=move || has_sidebar.get()>
                <AdminMenu />
            </Show>
            <div class="app-column">
                {move || staff_menu.get().map(|role| view! { <StaffMenu role=role /> })}
                <main id="main" class="app-main" tabindex="-1">{children()}</main>
            </div>
        </div>
        <LiveAlerts />
        <ToastRegion />
        <footer class="app-footer">
            <div class="app-footer__inner">
                <span class="app-footer__name">{t!(i18n, app_tagline)}</span>
                <ServiceStatus />
            </div>
        </footer>
    }
}

/// The organizer's side menu. On a phone (≤ 640 px, CSS decides) it is a drawer behind a
/// "Меню" button: the button says whether it is open (`aria-expanded`), opening moves the
/// focus into the drawer, Escape or the close button close it and give the focus back, and
/// opening a page closes it. On a wider screen the button is hidden and the menu always shown.
#[component]
fn AdminMenu() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let open = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    let drawer = NodeRef::<leptos::html::Nav>::new();
    Effect::new(move |_| {
        location.pathname.track();
        open.set(false);
    });
    // Opened: the first link takes the focus once the drawer is shown (after this render).
    Effect::new(move |_| {
        if open.get()
            && let Some(el) = drawer.get()
        {
            set_timeout(move || focus_first(&el), std::time::Duration::from_millis(0));
        }
    });
    let close = move || {
        open.set(false);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    view! {
        <div class="sidebar-wrap" on:keydown=move |ev| if ev.key() == "Escape" && open.get_untracked() { close() }>
            <div class="sidebar-bar">
                <button
                    type="button"
                    class="btn btn--secondary sidebar-bar__button"
                    node_ref=button
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls="admin-menu"
                    data-testid="menu-button"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    <Icon d=MENU_PATH size=20 />
                    {t!(i18n, shell.menu)}
                </button>
            </div>
            <Show when=move || open.get()>
                <div class="sidebar__backdrop" aria-hidden="true" on:click=move |_| open.set(false)></div>
            </Show>
            <nav
                id="admin-menu"
                class="sidebar"
                class:sidebar--open=move || open.get()
                node_ref=drawer
                aria-label=move || t_string!(i18n, nav.admin_menu)
            >
                <button type="button" class="btn btn--ghost sidebar__close" on:click=move |_| close()>
                    <CloseIcon />
                    {t!(i18n, shell.menu_close)}
                </button>
                <A href=AppRoute::AdminStaff.path()>{t!(i18n, nav.staff)}</A>
                <A href=AppRoute::AdminDoctors.path()>{t!(i18n, nav.doctors)}</A>
                <A href=AppRoute::AdminInstructors.path()>{t!(i18n, nav.instructors)}</A>
                <A href=AppRoute::AdminAssistants.path()>{t!(i18n, nav.assistants)}</A>
                // Current on the list and on a patient's card, not on "Удалённые пациенты".
                <a href=AppRoute::AdminPatients.path() aria-current=move || {
                    let path = location.pathname.get();
                    let patients = AppRoute::AdminPatients.path();
                    let on = path == patients
                        || (path.starts_with(&format!("{patients}/")) && !path.starts_with(AppRoute::AdminDeletedPatients.path()));
                    on.then_some("page")
                }>{t!(i18n, nav.patients)}</a>
                <A href=AppRoute::AdminDeletedPatients.path()>{t!(i18n, nav.deleted_patients)}</A>
                <A href=AppRoute::AdminSettings.path()>{t!(i18n, nav.settings)}</A>
                <A href=AppRoute::AdminNews.path()>{t!(i18n, nav.news)}</A>
                <A href=AppRoute::AdminPrices.path()>{t!(i18n, nav.prices)}</A>
                <A href=AppRoute::AdminAudit.path()>{t!(i18n, nav.audit)}</A>
                <A href=AppRoute::AdminFeedback.path()>{t!(i18n, org_cabinet.nav_feedback)}</A>
                <A href=AppRoute::AdminDependentRequests.path()>{t!(i18n, org_cabinet.nav_dependents)}</A>
                <A href=AppRoute::AdminQuestionnaires.path()>{t!(i18n, library.nav_library)}</A>
                <A href=AppRoute::AdminMonitoring.path()>{t!(i18n, library.nav_monitoring)}</A>
                <A href=AppRoute::Profile.path()>{t!(i18n, nav.profile)}</A>
            </nav>
        </div>
    }
}

/// The menu of a doctor ("Мониторинг" first: where he starts) or an assistant.
#[component]
fn StaffMenu(role: Role) -> impl IntoView {
    let i18n = use_i18n();
    let monitoring = view! { <A href=AppRoute::StaffMonitoring.path()>{t!(i18n, monitoring.nav)}</A> };
    let patients = match role {
        Role::Assistant => view! { <A href=AppRoute::AssistantPatients.path()>{t!(i18n, nav.patients)}</A> }.into_any(),
        _ => view! { <A href=AppRoute::Doctor.path()>{t!(i18n, nav.my_patients)}</A> }.into_any(),
    };
    let items = match role {
        Role::Assistant => view! { {patients}{monitoring} }.into_any(),
        _ => view! { {monitoring}{patients} }.into_any(),
    };
    view! {
        <nav class="staff-menu" aria-label=move || t_string!(i18n, monitoring.staff_menu) data-testid="staff-menu">
            {items}
            <A href=AppRoute::Profile.path()>{t!(i18n, nav.profile)}</A>
        </nav>
    }
}

/// Logged in: the organization and role, and a menu with the person, the role switcher (more
/// than one membership) and "Log out". Not logged in (and not on the login page): "Log in".
#[component]
fn AccountMenu() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    let toasts = use_toasts();
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(false);

    // Close the menu whenever the page changes.
    Effect::new(move |_| {
        location.pathname.track();
        open.set(false);
    });

    let nav_logout = navigate.clone();
    let logout = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let navigate = nav_logout.clone();
        spawn_local(async move {
            // Whatever the server says, this browser forgets the session.
            let _ = api::accounts::logout().await;
            busy.set(false);
            open.set(false);
            // Leave the guarded page first, then forget the session (else its guard would send
            // the user to the login page).
            navigate(AppRoute::Home.path(), NavigateOptions::default());
            set_timeout(move || session.clear(), std::time::Duration::from_millis(50));
        });
    };

    let switch_to = move |membership: MembershipDto| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failed.set(false);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = match api::accounts::switch(membership.id).await {
                Ok(s) => session.establish(s).await,
                Err(e) => Err(e),
            };
            busy.set(false);
            match result {
                Ok(me) => {
                    open.set(false);
                    let label = role_label(i18n, me.current.role);
                    toasts.push(t_string!(i18n, account.switched, role = label).to_string());
                    navigate(AppRoute::home_of(me.current.role).path(), NavigateOptions::default());
                }
                Err(_) => failed.set(true),
            }
        });
    };

    move || match session.state.get() {
        SessionState::Restoring => view! { <span class="account-placeholder" aria-hidden="true"></span> }.into_any(),
        SessionState::Anonymous => {
            // The start page and the login page have their own way in.
            let path = location.pathname.get();
            let elsewhere = path != AppRoute::Login.path() && path != AppRoute::Home.path();
            elsewhere
                .then(|| {
                    view! {
                        <A href=AppRoute::Login.path() attr:class="btn btn--secondary header-login">
                            {t!(i18n, nav.login)}
                        </A>
                    }
                })
                .into_any()
        }
        SessionState::Active(me) => {
            let me = *me;
            let current_role = me.current.role;
            let current_org = me.current.organization_name.clone();
            let org_for_line = current_org.clone();
            let line = move || membership_line(org_for_line.as_deref(), role_label(i18n, current_role));
            let memberships = switchable(&me);
            let can_switch = memberships.len() > 1;
            let name = me.display_name.clone();
            let initials: String =
                name.split_whitespace().take(2).filter_map(|w| w.chars().next()).collect::<String>().to_uppercase();
            let switch_to = switch_to.clone();
            let logout = logout.clone();
            view! {
                <div class="account" on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
                    <p class="account__context" data-testid="current-membership">
                        <span class="account__org">{current_org.clone().unwrap_or_default()}</span>
                        <span class="account__role">{move || role_label(i18n, current_role)}</span>
                    </p>
                    <button
                        type="button"
                        class="account__button"
                        aria-expanded=move || if open.get() { "true" } else { "false" }
                        aria-controls="account-menu"
                        on:click=move |_| open.update(|o| *o = !*o)
                    >
                        <span class="account__avatar" aria-hidden="true">{initials}</span>
                        <span class="account__name">{name.clone()}</span>
                        <span class="visually-hidden">{move || t_string!(i18n, account.menu)}</span>
                        <crate::components::icons::Icon d="M6 9l6 6 6-6" size=16 class="icon account__chevron" />
                    </button>
                    <Show when=move || open.get()>
                        <div class="account__backdrop" aria-hidden="true" on:click=move |_| open.set(false)></div>
                    </Show>
                    <div id="account-menu" class="account__menu" hidden=move || !open.get()>
                        <div class="account__who">
                            <p class="account__who-name">{name.clone()}</p>
                            <p class="account__who-email">{me.email.clone()}</p>
                            <p class="account__who-line">{line.clone()}</p>
                        </div>
                        {can_switch.then(|| {
                            let switch_to = switch_to.clone();
                            view! {
                                <div class="account__section" role="group" aria-labelledby="switch-title">
                                    <p class="account__section-title" id="switch-title">{t!(i18n, account.switch_title)}</p>
                                    <ul class="account__list" role="list">
                                        {memberships.into_iter().map(|m| {
                                            let is_current = m.id == me.current.id;
                                            let org = m.organization_name.clone();
                                            let role = m.role;
                                            let switch_to = switch_to.clone();
                                            let m2 = m.clone();
                                            view! {
                                                <li>
                                                    <button
                                                        type="button"
                                                        class="account__switch"
                                                        aria-current=is_current.then_some("true")
                                                        data-role=role.as_str()
                                                        disabled=move || busy.get()
                                                        on:click=move |_| if !is_current { switch_to(m2.clone()) }
                                                    >
                                                        <span class="account__switch-role">{move || role_label(i18n, role)}</span>
                                                        <span class="account__switch-org">{org.clone().unwrap_or_default()}</span>
                                                        {is_current.then(|| view! {
                                                            <span class="badge badge--success">{t!(i18n, account.current)}</span>
                                                        })}
                                                    </button>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                    <Show when=move || failed.get()>
                                        <p class="field__error" role="alert">{t!(i18n, account.switch_failed)}</p>
                                    </Show>
                                </div>
                            }
                        })}
                        {matches!(current_role, Role::Doctor | Role::Assistant).then(|| view! {
                            <nav class="account__nav" aria-label=move || t_string!(i18n, library.staff_menu)>
                                <A href=AppRoute::StaffQuestionnaires.path() attr:class="btn btn--ghost btn--block" attr:data-testid="library-link">
                                    {t!(i18n, library.nav_library)}
                                </A>
                            </nav>
                        })}
                        <A href=AppRoute::Profile.path() attr:class="btn btn--ghost btn--block" attr:data-testid="profile-link">
                            {t!(i18n, nav.profile_edit)}
                        </A>
                        <button type="button" class="btn btn--secondary btn--block" on:click=logout>
                            {t!(i18n, account.logout)}
                        </button>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}

/// The product mark: a calm cross inside a circle; decorative (the name is next to it).
#[component]
fn Logo() -> impl IntoView {
    view! {
        <svg class="brand__logo" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
            <circle cx="16" cy="16" r="15" fill="currentColor" />
            <path d="M13 8h6v5h5v6h-5v5h-6v-5H8v-6h5z" fill="#fff" />
        </svg>
    }
}
