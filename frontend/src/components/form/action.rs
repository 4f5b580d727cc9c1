//! Forms that send: the page gives its fields, the client check and the call; the form owns
//! the pending state (a Leptos `Action`: a second submit while one is in flight does nothing),
//! the server's problem → field errors mapping, the alert above the fields, and the buttons.

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::text_prop::TextProp;

use super::{FieldErrors, FormAlert};
use crate::api::ApiError;
use crate::components::feedback::error_message;
use crate::components::ui::Modal;
use crate::i18n::*;

/// What a page makes of a refusal before the form's own handling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Said above the form.
    Alert(String),
    /// The page put it at a field (nothing above the form).
    AtField,
    /// The form's own: the server's field errors at their fields, else the kind of failure.
    Default,
}

/// The alert of a refusal the page left to the form: the field errors went to their fields
/// (nothing above the form), or the kind of failure in words.
fn alert_of(
    i18n: leptos_i18n::I18nContext<Locale>,
    errors: FieldErrors,
    strip: &[&str],
    e: &ApiError,
) -> Option<String> {
    if errors.take_problem(e, strip) { None } else { Some(error_message(i18n, e.kind()).to_owned()) }
}

/// The sending half of every form: one call at a time (a Leptos `Action`: a send while one is
/// in flight does nothing) and the alert its refusal leaves above the fields. [`ActionForm`] is
/// made of it; a form with two ways to send, or two steps, uses it with [`SubmitButton`] and
/// [`FormAlert`].
pub struct Sender<Req: 'static> {
    action: Action<Req, ()>,
    alert: RwSignal<Option<String>>,
}

impl<Req: 'static> Clone for Sender<Req> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Req: 'static> Copy for Sender<Req> {}

impl<Req: Clone + 'static> Sender<Req> {
    /// `send` makes the call and handles its answer; what it returns is said in the alert
    /// (`None`: it went through, or the refusal went to the fields).
    pub fn new<F, Fut>(send: F) -> Self
    where
        F: Fn(Req) -> Fut + 'static,
        Fut: Future<Output = Option<String>> + 'static,
    {
        Self::with_alert(RwSignal::new(None), send)
    }

    /// The same, saying the refusal in a page's own alert (the page clears or fills it too).
    pub fn with_alert<F, Fut>(alert: RwSignal<Option<String>>, send: F) -> Self
    where
        F: Fn(Req) -> Fut + 'static,
        Fut: Future<Output = Option<String>> + 'static,
    {
        let action = Action::new_local(move |req: &Req| {
            let sent = send(req.clone());
            async move {
                if let Some(text) = sent.await {
                    alert.set(Some(text));
                }
            }
        });
        Self { action, alert }
    }

    /// Whether a call is in flight (tracked).
    pub fn pending(self) -> Signal<bool> {
        self.action.pending().into()
    }

    /// Whether a call is in flight (untracked: a new one would do nothing).
    pub fn busy(self) -> bool {
        self.action.pending().get_untracked()
    }

    /// The refusal in words (or a check's message a page puts there).
    pub fn alert(self) -> RwSignal<Option<String>> {
        self.alert
    }

    /// Clears the alert and sends, unless a call is in flight.
    pub fn send(self, req: Req) {
        if self.busy() {
            return;
        }
        self.alert.set(None);
        self.action.dispatch_local(req);
    }
}

/// A form's button that sends: its text while sending, `aria-disabled` meanwhile. The form's
/// submit button, or (with `on_click`) a second way to send the same form.
#[component]
pub fn SubmitButton(
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] label: TextProp,
    /// The text while sending (the label, if none).
    #[prop(optional, into)]
    busy: Option<TextProp>,
    #[prop(default = "btn btn--primary")] class: &'static str,
    /// A button of its own (`type="button"`) that runs this.
    #[prop(optional)]
    on_click: Option<Callback<()>>,
    #[prop(optional, into)] testid: MaybeProp<&'static str>,
) -> impl IntoView {
    let busy = busy.unwrap_or_else(|| label.clone());
    view! {
        <button type=if on_click.is_some() { "button" } else { "submit" } class=class
            aria-disabled=move || pending.get().then_some("true") data-testid=move || testid.get()
            on:click=move |_| {
                if let Some(run) = on_click {
                    run.run(());
                }
            }>
            {move || if pending.get() { busy.get() } else { label.get() }}
        </button>
    }
}

/// A form that sends: `check` reads the fields (and puts the errors of `common`'s checks into
/// `errors`), `call` sends what it returned, `on_ok` takes the answer; in a dialog (`open`),
/// success closes it and "Cancel" too.
#[component]
pub fn ActionForm<Req, T, C, K, Fut, O>(
    /// Reads and checks the fields: `None` when a check failed (its errors are shown).
    check: C,
    /// Said above the form when the check failed (a long form's "see the fields below").
    #[prop(optional, into)]
    invalid: Option<TextProp>,
    /// Sends: the API call.
    call: K,
    /// The answer: a toast, a refresh, a navigation.
    on_ok: O,
    /// The submit button's text, and while sending: "Save" / "Saving…" unless given.
    #[prop(optional, into)]
    submit: Option<TextProp>,
    #[prop(optional, into)] submitting: Option<TextProp>,
    /// The form's field errors (the server's go there too).
    #[prop(optional)]
    errors: FieldErrors,
    /// Prefixes of the server's paths the fields do not write (`definition.`).
    #[prop(optional)]
    strip: &'static [&'static str],
    /// The dialog the form is in: closed on success and by "Cancel".
    #[prop(optional)]
    open: Option<RwSignal<bool>>,
    /// A page's reading of a refusal (a conflict in its own words, a code at a field).
    #[prop(optional)]
    refused: Option<Callback<ApiError, Refused>>,
    /// The page's handle on the alert: a check says its failure there, an edit clears it.
    #[prop(optional)]
    alert: Option<RwSignal<Option<String>>>,
    /// A standing message said in the alert's place while it holds ("check the marked answers").
    #[prop(optional, into)]
    alert_over: Option<Signal<Option<String>>>,
    /// The alert stands last, above the buttons (a long form on a phone), not first.
    #[prop(optional)]
    alert_last: bool,
    /// What stands above the alert: a long form's `ErrorSummary`.
    #[prop(optional, into)]
    summary: Option<ViewFn>,
    /// Links or buttons after the submit button (a page's "Cancel" link).
    #[prop(optional, into)]
    more_actions: Option<ViewFn>,
    /// Shown, not sent: no buttons (a reader without the right to edit).
    #[prop(optional)]
    read_only: bool,
    #[prop(default = "btn btn--primary")] submit_class: &'static str,
    #[prop(optional, into)] submit_testid: MaybeProp<&'static str>,
    /// A form of a page (not a dialog): one full-width button, no "Cancel".
    #[prop(optional)]
    block: bool,
    #[prop(optional, into)] testid: MaybeProp<&'static str>,
    #[prop(optional, into)] alert_testid: MaybeProp<&'static str>,
    #[prop(optional, into)] lead: Option<TextProp>,
    /// A form of a page's card: its title (`h2#heading_id`) and a hint, above the alert.
    #[prop(optional, into)]
    heading: Option<TextProp>,
    #[prop(optional)] heading_id: &'static str,
    #[prop(optional, into)] heading_hint: Option<TextProp>,
    /// The heading is an `h3` (a form inside a section of its own heading), of this class.
    #[prop(optional)]
    minor_heading: bool,
    #[prop(default = "form__title")] minor_heading_class: &'static str,
    #[prop(default = "form")] class: &'static str,
    /// The row of buttons: `dialog__actions` in a dialog, `form__actions` on a page.
    #[prop(default = "dialog__actions")]
    actions_class: &'static str,
    children: Children,
) -> impl IntoView
where
    Req: Clone + 'static,
    T: 'static,
    C: Fn() -> Option<Req> + 'static,
    K: Fn(Req) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
    O: Fn(T) + 'static,
{
    let i18n = use_i18n();
    let submit = submit.unwrap_or_else(|| TextProp::from(move || t_string!(i18n, common.save)));
    let submitting = submitting.unwrap_or_else(|| TextProp::from(move || t_string!(i18n, common.saving)));
    let on_ok = Rc::new(on_ok);
    let sender = Sender::with_alert(alert.unwrap_or_else(|| RwSignal::new(None)), move |req: Req| {
        let sent = call(req);
        let on_ok = Rc::clone(&on_ok);
        async move {
            match sent.await {
                Ok(answer) => {
                    on_ok(answer);
                    if let Some(open) = open {
                        open.set(false);
                    }
                    None
                }
                Err(e) => match refused.map_or(Refused::Default, |r| r.run(e.clone())) {
                    Refused::Alert(text) => Some(text),
                    Refused::AtField => None,
                    Refused::Default => alert_of(i18n, errors, strip, &e),
                },
            }
        }
    });
    let pending = sender.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if read_only || sender.busy() {
            return;
        }
        sender.alert().set(None);
        errors.clear();
        match check() {
            Some(req) => sender.send(req),
            None => {
                if let Some(text) = &invalid {
                    sender.alert().set(Some(text.get().to_string()));
                }
            }
        }
    };
    let shown = Signal::derive(move || alert_over.and_then(|o| o.get()).or_else(|| sender.alert().get()));
    let alert_view = move || view! { <FormAlert message=shown testid=alert_testid /> };
    let button = view! {
        <SubmitButton pending=pending label=submit busy=submitting testid=submit_testid
            class=if block { "btn btn--primary btn--block" } else { submit_class } />
    };
    let (alert_first, alert_end) = if alert_last { (None, Some(alert_view())) } else { (Some(alert_view()), None) };
    view! {
        <form class=class novalidate on:submit=on_submit data-testid=move || testid.get()
            aria-busy=move || pending.get().then_some("true")>
            {heading.map(|h| view! {
                <div>
                    {if minor_heading {
                        view! { <h3 class=minor_heading_class>{move || h.get()}</h3> }.into_any()
                    } else {
                        view! { <h2 id=heading_id class="form__title">{move || h.get()}</h2> }.into_any()
                    }}
                    {heading_hint.map(|t| view! { <p class="hint">{move || t.get()}</p> })}
                </div>
            })}
            {lead.map(|l| view! { <p class="dialog__lead">{move || l.get()}</p> })}
            {summary.map(|s| s.run())}
            {alert_first}
            {children()}
            {alert_end}
            {if read_only {
                ().into_any()
            } else if block {
                button.into_any()
            } else {
                view! {
                    <div class=actions_class>
                        {open.map(|open| view! {
                            <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                        })}
                        {button}
                        {more_actions.map(|m| m.run())}
                    </div>
                }.into_any()
            }}
        </form>
    }
}

/// "Are you sure?": a lead, the alert of a refusal, "Cancel" and the (danger) button.
#[component]
pub fn ConfirmForm<T, K, Fut, O>(
    #[prop(into)] lead: TextProp,
    call: K,
    on_ok: O,
    #[prop(into)] submit: TextProp,
    #[prop(into)] submitting: TextProp,
    open: RwSignal<bool>,
    #[prop(optional)] refused: Option<Callback<ApiError, Refused>>,
    #[prop(default = "btn btn--danger")] submit_class: &'static str,
    #[prop(optional, into)] testid: MaybeProp<&'static str>,
    #[prop(optional, into)] alert_testid: MaybeProp<&'static str>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView
where
    T: 'static,
    K: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
    O: Fn(T) + 'static,
{
    view! {
        <ActionForm
            check=|| Some(())
            call=move |()| call()
            on_ok=on_ok
            submit=submit
            submitting=submitting
            open=open
            refused=refused.unwrap_or_else(|| Callback::new(|_| Refused::Default))
            submit_class=submit_class
            testid=testid
            alert_testid=alert_testid
            lead=lead
        >
            {children.map(|c| c())}
        </ActionForm>
    }
}

/// A [`ConfirmForm`] in its own [`Modal`].
#[component]
pub fn ConfirmDialog<T, K, Fut, O>(
    id: &'static str,
    open: RwSignal<bool>,
    #[prop(into)] title: TextProp,
    #[prop(into)] lead: TextProp,
    call: K,
    on_ok: O,
    #[prop(into)] submit: TextProp,
    #[prop(into)] submitting: TextProp,
    #[prop(optional)] refused: Option<Callback<ApiError, Refused>>,
) -> impl IntoView
where
    T: 'static,
    K: Fn() -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
    O: Fn(T) + Clone + Send + Sync + 'static,
{
    view! {
        <Modal id=id open=open title=title>
            <ConfirmForm
                lead=lead.clone()
                call=call.clone()
                on_ok=on_ok.clone()
                submit=submit.clone()
                submitting=submitting.clone()
                open=open
                refused=refused.unwrap_or_else(|| Callback::new(|_| Refused::Default))
            />
        </Modal>
    }
}

/// An [`ActionForm`] in its own [`Modal`]: the fields are mounted anew at each opening.
#[component]
pub fn FormDialog<Req, T, C, K, Fut, O>(
    id: &'static str,
    open: RwSignal<bool>,
    #[prop(into)] title: TextProp,
    check: C,
    call: K,
    on_ok: O,
    #[prop(into)] submit: TextProp,
    #[prop(into)] submitting: TextProp,
    #[prop(optional)] errors: FieldErrors,
    #[prop(optional)] refused: Option<Callback<ApiError, Refused>>,
    #[prop(optional, into)] testid: MaybeProp<&'static str>,
    #[prop(optional)] children: Option<ChildrenFn>,
) -> impl IntoView
where
    Req: Clone + 'static,
    T: 'static,
    C: Fn() -> Option<Req> + Clone + Send + Sync + 'static,
    K: Fn(Req) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
    O: Fn(T) + Clone + Send + Sync + 'static,
{
    let children = StoredValue::new(children);
    view! {
        <Modal id=id open=open title=title>
            <ActionForm
                check=check.clone()
                call=call.clone()
                on_ok=on_ok.clone()
                submit=submit.clone()
                submitting=submitting.clone()
                errors=errors
                open=open
                refused=refused.unwrap_or_else(|| Callback::new(|_| Refused::Default))
                testid=testid
            >
                {children.with_value(|c| c.as_ref().map(|c| c()))}
            </ActionForm>
        </Modal>
    }
}

/// A button that sends at once (no fields): pending while the call is in flight (a second
/// click does nothing), the answer to `on_ok`, a failure said in a toast.
#[component]
pub fn ActionButton<T, K, Fut, O>(
    call: K,
    on_ok: O,
    #[prop(into)] label: TextProp,
    /// The text while sending (the label, if none).
    #[prop(optional, into)]
    busy_label: Option<TextProp>,
    #[prop(default = "btn btn--secondary")] class: &'static str,
) -> impl IntoView
where
    T: 'static,
    K: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
    O: Fn(T) + 'static,
{
    let i18n = use_i18n();
    let toasts = crate::components::ui::use_toasts();
    let on_ok = Rc::new(on_ok);
    let action = Action::new_local(move |(): &()| {
        let sent = call();
        let on_ok = Rc::clone(&on_ok);
        async move {
            match sent.await {
                Ok(answer) => on_ok(answer),
                Err(e) => toasts.push(error_message(i18n, e.kind()).to_owned()),
            }
        }
    });
    let pending = action.pending();
    let busy = busy_label.unwrap_or_else(|| label.clone());
    view! {
        <button type="button" class=class aria-disabled=move || pending.get().then_some("true")
            on:click=move |_| {
                if !pending.get_untracked() {
                    action.dispatch_local(());
                }
            }>
            {move || if pending.get() { busy.get() } else { label.get() }}
        </button>
    }
}

/// Whose membership a [`ToggleActiveForm`] switches (the lead names him in its words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member {
    Staff,
    Patient,
}

/// "Deactivate / activate this person?" of a staff member's or a patient's row: the lead names
/// the person, a toast says it is done, a page's refusal in its own words.
#[component]
pub fn ToggleActiveForm<T, K, Fut>(
    name: String,
    /// Activate (or deactivate).
    active: bool,
    member: Member,
    call: K,
    open: RwSignal<bool>,
    on_done: Callback<()>,
    refused: Callback<ApiError, Refused>,
) -> impl IntoView
where
    T: 'static,
    K: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let i18n = use_i18n();
    let toasts = crate::components::ui::use_toasts();
    let name_for_toast = name.clone();
    let on_ok = move |_| {
        let name = name_for_toast.clone();
        toasts.push(if active {
            t_string!(i18n, staff.activated, name = name).to_string()
        } else {
            t_string!(i18n, staff.deactivated, name = name).to_string()
        });
        on_done.run(());
    };
    let lead = move || {
        let name = name.clone();
        match (member, active) {
            (Member::Staff, true) => t_string!(i18n, staff.activate_text, name = name).to_string(),
            (Member::Staff, false) => t_string!(i18n, staff.deactivate_text, name = name).to_string(),
            (Member::Patient, true) => t_string!(i18n, patients.activate_text, name = name).to_string(),
            (Member::Patient, false) => t_string!(i18n, patients.deactivate_text, name = name).to_string(),
        }
    };
    let label = move || if active { t_string!(i18n, staff.activate) } else { t_string!(i18n, staff.deactivate) };
    view! {
        <ConfirmForm
            lead=lead
            call=call
            on_ok=on_ok
            open=open
            refused=refused
            submit=label
            submitting=label
            submit_class=if active { "btn btn--primary" } else { "btn btn--danger" }
            alert_testid="action-error"
        />
    }
}

/// "Delete …?": a [`ConfirmForm`] with "Delete"; a toast `done` when it is gone.
#[component]
pub fn DeleteForm<T, K, Fut>(
    #[prop(into)] lead: TextProp,
    call: K,
    /// The toast: "… deleted".
    #[prop(into)]
    done: TextProp,
    open: RwSignal<bool>,
    on_done: Callback<()>,
) -> impl IntoView
where
    T: 'static,
    K: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let i18n = use_i18n();
    let toasts = crate::components::ui::use_toasts();
    view! {
        <ConfirmForm
            lead=lead
            call=call
            on_ok=move |_| {
                toasts.push(done.get());
                on_done.run(());
            }
            open=open
            submit=move || t_string!(i18n, common.delete)
            submitting=move || t_string!(i18n, common.deleting)
        />
    }
}
