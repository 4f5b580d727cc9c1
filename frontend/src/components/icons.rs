//! Every icon of the SPA, in one place: inline SVG drawn with `currentColor`, hidden from
//! screen readers (the text beside an icon says what it means). Pages import icons only
//! from here.

use leptos::prelude::*;

/// The warning triangle's two paths (toasts, badges, alert cards).
pub const WARNING_PATHS: [&str; 2] = ["M12 3l10 18H2z", "M12 10v5M12 18v.5"];
/// A tick.
pub const CHECK_PATH: &str = "M5 12l5 5 9-10";
/// The cabinet's tab bar: today (a calendar with a tick), the record (a page), prescriptions
/// (a clipboard), readings (a line over an axis), more (three dots); a menu (three bars).
pub const TODAY_PATH: &str = "M4 6h16v14H4zM4 10h16M8 3v4M16 3v4M9 15l2 2 4-4";
pub const RECORD_PATH: &str = "M6 3h9l4 4v14H6zM14 3v5h5M9 13h7M9 17h5";
pub const PRESCRIPTIONS_PATH: &str = "M9 3h6v3H9zM7 5H5v16h14V5h-2M8 11h8M8 15h8M8 19h5";
pub const READINGS_PATH: &str = "M3 20h18M4 16l5-6 4 3 7-8";
pub const MORE_PATH: &str = "M5 12h.01M12 12h.01M19 12h.01";
pub const MENU_PATH: &str = "M4 6h16M4 12h16M4 18h16";

/// A one-path stroked icon of the 24×24 grid; `class` defaults to `icon`.
#[component]
pub fn Icon(
    d: &'static str,
    #[prop(default = 20)] size: u32,
    #[prop(default = "2")] stroke_width: &'static str,
    #[prop(default = "icon")] class: &'static str,
) -> impl IntoView {
    view! {
        <svg class=class viewBox="0 0 24 24" width=size height=size aria-hidden="true" focusable="false">
            <path d=d fill="none" stroke="currentColor" stroke-width=stroke_width stroke-linecap="round" stroke-linejoin="round" />
        </svg>
    }
}

/// The large icon of an empty panel (`.empty-panel__icon` wraps it).
#[component]
pub fn PanelIcon(d: &'static str) -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="28" height="28" focusable="false">
            <path d=d fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
    }
}

/// Show/hide a password: an eye, struck through while the password is shown.
#[component]
pub fn EyeIcon(open: RwSignal<bool>) -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" class="icon">
            <path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
            <circle cx="12" cy="12" r="3" fill="none" stroke="currentColor" stroke-width="2" />
            <Show when=move || open.get()>
                <path d="M4 4l16 16" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
            </Show>
        </svg>
    }
}

/// An alert's icon: a mark (`d`) in a circle.
fn circled(d: &'static str) -> impl IntoView {
    view! {
        <svg class="alert__icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" stroke-width="2" />
            <path d=d stroke="currentColor" stroke-width="2.4" stroke-linecap="round" />
        </svg>
    }
}

/// The icon of a danger alert: an exclamation mark in a circle.
#[component]
pub fn AlertIcon() -> impl IntoView {
    circled("M12 7v6M12 16.5v.5")
}

/// The icon of an informational alert: an "i" in a circle.
#[component]
pub fn InfoIcon() -> impl IntoView {
    circled("M12 11v6M12 7.5v.5")
}

/// The icon of a success alert: a tick.
#[component]
pub fn SuccessIcon() -> impl IntoView {
    view! { <Icon d=CHECK_PATH size=24 stroke_width="2.5" class="alert__icon" /> }
}

/// The icon of "we sent you an email": an envelope.
#[component]
pub fn MailIcon() -> impl IntoView {
    view! { <Icon d="M3 6h18v12H3z M3 6l9 7 9-7" size=24 class="alert__icon" /> }
}

/// A warning triangle.
#[component]
pub fn WarningIcon(
    #[prop(default = 20)] size: u32,
    #[prop(default = "2.2")] stroke_width: &'static str,
    #[prop(default = "icon")] class: &'static str,
) -> impl IntoView {
    view! {
        <svg class=class viewBox="0 0 24 24" width=size height=size aria-hidden="true" focusable="false">
            <path d=WARNING_PATHS[0] fill="none" stroke="currentColor" stroke-width=stroke_width stroke-linejoin="round" />
            <path d=WARNING_PATHS[1] stroke="currentColor" stroke-width=stroke_width stroke-linecap="round" />
        </svg>
    }
}

#[component]
pub fn PlusIcon() -> impl IntoView {
    view! { <Icon d="M12 5v14M5 12h14" stroke_width="2.4" /> }
}

#[component]
pub fn CloseIcon() -> impl IntoView {
    view! { <Icon d="M6 6l12 12M18 6L6 18" size=18 stroke_width="2.2" /> }
}

#[component]
pub fn PaperclipIcon() -> impl IntoView {
    view! { <Icon d="M21 11l-8.5 8.5a5 5 0 01-7-7L14 4a3.5 3.5 0 015 5l-8.5 8.5a2 2 0 01-3-3L15 7" size=16 /> }
}

#[component]
pub fn DownloadIcon() -> impl IntoView {
    view! { <Icon d="M12 4v11M7 10l5 5 5-5M5 20h14" /> }
}

/// An arrow up or down (moving an item of a list).
#[component]
pub fn ArrowIcon(up: bool) -> impl IntoView {
    let d = if up { "M12 19V5M6 11l6-6 6 6" } else { "M12 5v14M6 13l6 6 6-6" };
    view! { <Icon d=d stroke_width="2.2" /> }
}

/// The head of an alert card: a warning while open, a tick in a circle once acknowledged.
#[component]
pub fn AlertCardIcon(open: bool) -> impl IntoView {
    view! {
        <svg class="alert-card__icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
            {if open {
                view! {
                    <path d=WARNING_PATHS[0] fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
                    <path d=WARNING_PATHS[1] stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
                }.into_any()
            } else {
                view! {
                    <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" stroke-width="2" />
                    <path d="M7 12l3.5 3.5L17 9" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" />
                }.into_any()
            }}
        </svg>
    }
}
