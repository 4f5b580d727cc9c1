//! The live channel (MON-5): alerts reach a logged-in doctor or assistant without a reload.
//!
//! One connection per tab, opened by [`LiveAlerts`] in the layout while the current membership
//! is a clinician's: `POST /live/ticket` (a one-time ticket, so the access token never travels
//! in a URL) → `EventSource` on `/api/v1/live?ticket=…`, listening to the `alert` event (a
//! [`LiveEvent`]). On an error the source is closed — the browser's own reconnection would
//! reuse the spent ticket — and a new ticket is fetched after a backoff of 1, 2, 4 … 30 s.
//! Logging out (or switching to a role without alerts) closes it.
//!
//! Every event bumps [`Live::version`], which the monitoring pages track to refetch, and shows
//! a toast with a link to the patient's monitoring page.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use common::auth::Role;
use common::ids::MembershipId;
use common::monitoring::{LiveEvent, LiveEventKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::api::{self, API_BASE, ApiError};
use crate::components::ui::use_toasts;
use crate::i18n::*;
use crate::routes::staff_patient_href;
use crate::session::use_session;

/// The live context: a counter bumped on every event (and after a reconnection, when events
/// may have been missed).
#[derive(Debug, Clone, Copy)]
pub struct Live {
    version: RwSignal<u64>,
}

impl Live {
    /// The number of changes seen so far (tracked): a resource that reads it refetches on
    /// every alert event.
    pub fn version(self) -> u64 {
        self.version.get()
    }

    fn bump(self) {
        self.version.update(|v| *v += 1);
    }
}

/// Provides the live context; the layout calls it once, above every page.
pub fn provide_live() -> Live {
    let live = Live { version: RwSignal::new(0) };
    provide_context(live);
    live
}

pub fn use_live() -> Live {
    use_context::<Live>().unwrap_or_else(|| Live { version: RwSignal::new(0) })
}

/// The seconds to wait before connection attempt `attempt` (0 = the first retry): 1, 2, 4, 8,
/// 16, then 30.
pub fn backoff(attempt: u32) -> Duration {
    Duration::from_secs(2u64.saturating_pow(attempt.min(5)).min(30))
}

/// The open connection and the callbacks it holds.
struct Connection {
    source: web_sys::EventSource,
    _on_alert: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_open: Closure<dyn FnMut(web_sys::Event)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

type Handler = Rc<dyn Fn(LiveEvent)>;

thread_local! {
    // The SPA runs on one thread; one connection per tab.
    static CONNECTION: RefCell<Option<Connection>> = const { RefCell::new(None) };
    // Bumped by every start and stop: a pending retry of an older generation gives up.
    static GENERATION: Cell<u64> = const { Cell::new(0) };
}

fn generation() -> u64 {
    GENERATION.with(Cell::get)
}

/// Closes the connection and cancels pending retries.
fn stop() {
    GENERATION.with(|g| g.set(g.get() + 1));
    if let Some(c) = CONNECTION.with(|c| c.borrow_mut().take()) {
        c.source.close();
    }
}

/// (Re)starts the channel: whatever was open closes first.
fn start(on_event: Handler, on_reconnect: Rc<dyn Fn()>) {
    stop();
    connect(generation(), 0, on_event, on_reconnect);
}

fn retry(generation_of: u64, attempt: u32, on_event: Handler, on_reconnect: Rc<dyn Fn()>) {
    set_timeout(
        move || {
            if generation() == generation_of {
                connect(generation_of, attempt + 1, on_event, on_reconnect);
            }
        },
        backoff(attempt),
    );
}

fn connect(generation_of: u64, attempt: u32, on_event: Handler, on_reconnect: Rc<dyn Fn()>) {
    spawn_local(async move {
        let ticket = api::monitoring::live_ticket().await;
        if generation() != generation_of {
            return;
        }
        let ticket = match ticket {
            Ok(t) => t,
            // No session (the app goes to the login page) or no right to alerts: no retry.
            Err(e) if refuses_for_good(&e) => return,
            Err(_) => return retry(generation_of, attempt, on_event, on_reconnect),
        };
        let url = format!("{API_BASE}/live?ticket={}", api::encode(&ticket.ticket));
        let Ok(source) = web_sys::EventSource::new(&url) else {
            return retry(generation_of, attempt, on_event, on_reconnect);
        };
        let handler = on_event.clone();
        let on_alert = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if let Some(text) = ev.data().as_string()
                && let Ok(event) = serde_json::from_str::<LiveEvent>(&text)
            {
                handler(event);
            }
        });
        let reconnected = on_reconnect.clone();
        let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            // Back after a failure: events may have been missed while away.
            if attempt > 0 {
                reconnected();
            }
        });
        let failed = Cell::new(false);
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            // Close now (the browser would retry with the spent ticket); the callbacks are
            // dropped when the next connection replaces this one, not while they run.
            if let Some(source) = ev.target().and_then(|t| t.dyn_into::<web_sys::EventSource>().ok()) {
                source.close();
            }
            if failed.replace(true) || generation() != generation_of {
                return;
            }
            retry(generation_of, attempt, on_event.clone(), on_reconnect.clone());
        });
        if source.add_event_listener_with_callback("alert", on_alert.as_ref().unchecked_ref()).is_err() {
            source.close();
            return;
        }
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let previous = CONNECTION.with(|c| {
            c.borrow_mut().replace(Connection { source, _on_alert: on_alert, _on_open: on_open, _on_error: on_error })
        });
        if let Some(p) = previous {
            p.source.close();
        }
    });
}

fn refuses_for_good(e: &ApiError) -> bool {
    matches!(e.status(), Some(401 | 403))
}

/// The membership the channel is open for: a doctor's or an assistant's.
fn clinician(session: crate::session::Session) -> Option<MembershipId> {
    session.me().filter(|me| matches!(me.current.role, Role::Doctor | Role::Assistant)).map(|me| me.current.id)
}

/// Opens the channel while the session is a clinician's, shows a toast per event, bumps the
/// live version. Mounted once, in the layout.
#[component]
pub fn LiveAlerts() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let toasts = use_toasts();
    let live = use_live();
    let membership = Memo::new(move |_| clinician(session));
    Effect::new(move |_| match membership.get() {
        Some(_) => {
            let on_event: Handler = Rc::new(move |event: LiveEvent| {
                live.bump();
                let me = session.state.with_untracked(|s| match s {
                    crate::session::SessionState::Active(me) => Some(me.display_name.clone()),
                    _ => None,
                });
                let patient = event.alert.patient_name.clone();
                let text = match event.kind {
                    LiveEventKind::AlertOpened => {
                        t_string!(i18n, monitoring.live_opened, patient = patient).to_string()
                    }
                    LiveEventKind::AlertWorse => t_string!(i18n, monitoring.live_worse, patient = patient).to_string(),
                    LiveEventKind::AlertEscalated => {
                        let to = event.alert.escalated_to_name.clone().unwrap_or_default();
                        if me.is_some_and(|me| me == to) {
                            t_string!(i18n, monitoring.live_escalated_to_me, patient = patient).to_string()
                        } else {
                            t_string!(i18n, monitoring.live_escalated, patient = patient, doctor = to).to_string()
                        }
                    }
                    // Someone acknowledged, took or let go of it: the pages refresh, nobody needs
                    // to act.
                    LiveEventKind::AlertAcknowledged | LiveEventKind::AlertTaken | LiveEventKind::AlertReleased => {
                        return;
                    }
                };
                toasts.push_link(
                    text,
                    staff_patient_href(event.alert.patient_id, None),
                    t_string!(i18n, monitoring.live_open_patient),
                );
            });
            start(on_event, Rc::new(move || live.bump()));
        }
        None => stop(),
    });
    on_cleanup(stop);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_30_seconds() {
        let secs: Vec<u64> = (0..8).map(|a| backoff(a).as_secs()).collect();
        assert_eq!(secs, vec![1, 2, 4, 8, 16, 30, 30, 30]);
    }
}
