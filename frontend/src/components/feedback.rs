//! Loading and error states: a skeleton while waiting, an error panel when a call failed.

use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::api::{ApiError, ErrorKind};
use crate::i18n::*;

/// Grey placeholder lines while data loads; screen readers hear "Loading…".
#[component]
pub fn Skeleton(
    /// How many lines to draw.
    #[prop(default = 3)]
    lines: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="skeleton" role="status">
            <span class="visually-hidden">{t!(i18n, loading)}</span>
            {(0..lines).map(|_| view! { <span class="skeleton__line" aria-hidden="true"></span> }).collect_view()}
        </div>
    }
}

/// The translated sentence for an error kind.
pub fn error_message(i18n: I18nContext<Locale>, kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Network => t_string!(i18n, errors.network),
        ErrorKind::Server => t_string!(i18n, errors.server),
        ErrorKind::Unavailable => t_string!(i18n, errors.unavailable),
        ErrorKind::Unauthorized => t_string!(i18n, errors.unauthorized),
        ErrorKind::Forbidden => t_string!(i18n, errors.forbidden),
        ErrorKind::NotFound => t_string!(i18n, errors.not_found),
        ErrorKind::RateLimited => t_string!(i18n, errors.rate_limited),
        ErrorKind::Stale => t_string!(i18n, errors.stale),
        ErrorKind::Unexpected => t_string!(i18n, errors.unexpected),
    }
}

/// What went wrong and what to do, with an optional "Try again".
#[component]
pub fn ErrorPanel(kind: ErrorKind, #[prop(optional)] on_retry: Option<Callback<()>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="alert alert--danger" role="alert">
            <crate::components::icons::AlertIcon />
            <div class="alert__body">
                <p class="alert__title">{t!(i18n, errors.title)}</p>
                <p>{move || error_message(i18n, kind)}</p>
                {on_retry.map(|retry| view! {
                    <button type="button" class="btn btn--secondary" on:click=move |_| retry.run(())>
                        {t!(i18n, errors.retry)}
                    </button>
                })}
            </div>
        </div>
    }
}

/// An `ErrorBoundary` that shows [`ErrorPanel`] for the first [`ApiError`] thrown inside.
#[component]
pub fn ApiErrorBoundary(children: Children) -> impl IntoView {
    let fallback = |errs: ArcRwSignal<Errors>| {
        let kind = move || {
            errs.read()
                .iter()
                .find_map(|(_, e)| (**e).downcast_ref::<ApiError>().map(ApiError::kind))
                .unwrap_or(ErrorKind::Unexpected)
        };
        move || view! { <ErrorPanel kind=kind() /> }
    };
    view! { <ErrorBoundary fallback=fallback>{children()}</ErrorBoundary> }
}
