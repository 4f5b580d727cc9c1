//! Small building blocks of the staff and account pages: text and password fields with their
//! errors, a modal dialog, toasts, badges, pagination, role names (dates and times: [`super::datetime`]).

use common::auth::{MembershipStatus, Role};
use common::domain::{DomainError, PASSWORD_MIN_LEN};
use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_i18n::I18nContext;

use crate::i18n::*;

/// The Russian / English name of a role (GLOSSARY).
pub fn role_label(i18n: I18nContext<Locale>, role: Role) -> &'static str {
    match role {
        Role::Operator => t_string!(i18n, roles.operator),
        Role::Organizer => t_string!(i18n, roles.organizer),
        Role::Doctor => t_string!(i18n, roles.doctor),
        Role::Instructor => t_string!(i18n, roles.instructor),
        Role::Assistant => t_string!(i18n, roles.assistant),
        Role::Patient => t_string!(i18n, roles.patient),
    }
}

/// A status badge: text and an icon-like dot, never color alone.
#[component]
pub fn StatusBadge(status: MembershipStatus) -> impl IntoView {
    let i18n = use_i18n();
    let (class, text): (&str, fn(I18nContext<Locale>) -> &'static str) = match status {
        MembershipStatus::Pending => ("badge badge--warning", |i| t_string!(i, membership_status.pending)),
        MembershipStatus::Active => ("badge badge--success", |i| t_string!(i, membership_status.active)),
        MembershipStatus::Deactivated => ("badge badge--danger", |i| t_string!(i, membership_status.deactivated)),
    };
    view! {
        <span class=class data-status=status.as_str()>
            <span class="badge__dot" aria-hidden="true"></span>
            {move || text(i18n)}
        </span>
    }
}

/// What kind of value a field holds (the same domain code reads differently per field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Email,
    Name,
    Password,
    Text,
    Snils,
    Phone,
    Price,
    Date,
}

/// What is wrong with a field; translated at render time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldErr {
    Required,
    /// Too long, the limit unknown (a server's answer): "Слишком длинное значение."
    TooLong,
    /// Too long, with its limit in characters: "Не длиннее 200 символов."
    TooLongMax(usize),
    EmailFormat,
    NameFormat,
    PasswordTooShort,
    SameAsEmail,
    CommonPassword,
    Mismatch,
    CodeFormat,
    InvalidCode,
    AlreadyMember,
    PatientExists,
    CodeTaken,
    WrongPassword,
    SameEmail,
    SnilsFormat,
    PhoneFormat,
    PriceFormat,
    DateFormat,
    DateInFuture,
    OutOfRange,
    Invalid,
}

impl FieldErr {
    pub fn from_domain(kind: FieldKind, error: DomainError) -> Self {
        match error {
            DomainError::TooLong { max } if kind != FieldKind::Phone => Self::TooLongMax(max),
            _ => Self::from_code(kind, error.code()),
        }
    }

    /// From a `FieldError.code` of a 422 answer (or [`DomainError::code`]).
    pub fn from_code(kind: FieldKind, code: &str) -> Self {
        match (code, kind) {
            ("required", _) => Self::Required,
            ("too_long", FieldKind::Phone) => Self::PhoneFormat,
            ("too_long", _) => Self::TooLong,
            ("too_short", FieldKind::Password) => Self::PasswordTooShort,
            ("invalid_format", FieldKind::Email) => Self::EmailFormat,
            ("invalid_format", FieldKind::Name) => Self::NameFormat,
            ("invalid_format", FieldKind::Snils) => Self::SnilsFormat,
            ("invalid_format", FieldKind::Phone) => Self::PhoneFormat,
            ("invalid_format", FieldKind::Price) => Self::PriceFormat,
            ("invalid_format", FieldKind::Date) => Self::DateFormat,
            ("out_of_range" | "too_small" | "too_large", _) => Self::OutOfRange,
            ("same_as_email", _) => Self::SameAsEmail,
            ("common_password", _) => Self::CommonPassword,
            _ => Self::Invalid,
        }
    }

    pub fn message(self, i18n: I18nContext<Locale>) -> String {
        match self {
            Self::Required => t_string!(i18n, fields.required).to_owned(),
            Self::TooLong => t_string!(i18n, fields.too_long).to_owned(),
            Self::TooLongMax(max) => too_long_text(i18n, max),
            Self::EmailFormat => t_string!(i18n, fields.email_format).to_owned(),
            Self::NameFormat => t_string!(i18n, fields.name_format).to_owned(),
            Self::PasswordTooShort => t_string!(i18n, fields.password_too_short, min = PASSWORD_MIN_LEN).to_string(),
            Self::SameAsEmail => t_string!(i18n, fields.same_as_email).to_owned(),
            Self::CommonPassword => t_string!(i18n, fields.common_password).to_owned(),
            Self::Mismatch => t_string!(i18n, fields.mismatch).to_owned(),
            Self::CodeFormat => t_string!(i18n, fields.code_format).to_owned(),
            Self::InvalidCode => t_string!(i18n, fields.invalid_code).to_owned(),
            Self::AlreadyMember => t_string!(i18n, fields.already_member).to_owned(),
            Self::PatientExists => t_string!(i18n, fields.patient_exists).to_owned(),
            Self::WrongPassword => t_string!(i18n, fields.wrong_password).to_owned(),
            Self::SameEmail => t_string!(i18n, fields.same_email).to_owned(),
            Self::CodeTaken => t_string!(i18n, fields.code_taken).to_owned(),
            Self::SnilsFormat => t_string!(i18n, fields.snils_format).to_owned(),
            Self::PhoneFormat => t_string!(i18n, fields.phone_format).to_owned(),
            Self::PriceFormat => t_string!(i18n, fields.price_format).to_owned(),
            Self::DateFormat => t_string!(i18n, fields.date_format).to_owned(),
            Self::DateInFuture => t_string!(i18n, fields.date_in_future).to_owned(),
            Self::OutOfRange => t_string!(i18n, fields.out_of_range).to_owned(),
            Self::Invalid => t_string!(i18n, fields.invalid).to_owned(),
        }
    }
}

/// "Не длиннее 200 символов.", "At most 1 character."
pub fn too_long_text(i18n: I18nContext<Locale>, max: usize) -> String {
    #[expect(clippy::cast_precision_loss, reason = "a length limit")]
    let n = max as f64;
    let lang = match i18n.get_locale() {
        Locale::ru => common::Locale::Ru,
        Locale::en => common::Locale::En,
    };
    match lang.plural(n) {
        common::Plural::One => t_string!(i18n, fields.too_long_max_one, max = max).to_string(),
        common::Plural::Few | common::Plural::Many => t_string!(i18n, fields.too_long_max_many, max = max).to_string(),
    }
}

fn described_by(id: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if has_hint {
        ids.push(format!("{id}-hint"));
    }
    if has_error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A labelled text input with an optional hint and its error.
#[component]
pub fn TextField(
    id: &'static str,
    #[prop(into)] label: TextProp,
    value: RwSignal<String>,
    error: RwSignal<Option<FieldErr>>,
    #[prop(optional, into)] hint: Option<TextProp>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] node_ref: Option<NodeRef<leptos::html::Input>>,
    #[prop(optional)] maxlength: Option<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let has_hint = hint.is_some();
    let input_ref = node_ref.unwrap_or_default();
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label class="field__label" for=id>
                {move || label.get()}
                {(!required).then(|| view! { <span class="field__optional">{move || t_string!(i18n, fields.optional)}</span> })}
            </label>
            {hint.map(|h| view! { <p class="field__hint" id=format!("{id}-hint")>{move || h.get()}</p> })}
            <input
                id=id
                class="input"
                type=input_type
                name=id
                autocomplete=autocomplete
                inputmode=inputmode
                maxlength=maxlength
                autocapitalize=if input_type == "email" { Some("none") } else { None }
                spellcheck=if input_type == "email" { Some("false") } else { None }
                required=required
                node_ref=input_ref
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=move || described_by(id, has_hint, error.get().is_some())
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    error.set(None);
                }
            />
            {move || error.get().map(|e| view! { <p class="field__error" id=format!("{id}-error")>{move || e.message(i18n)}</p> })}
        </div>
    }
}

/// A labelled multi-line text input with an optional hint and its error.
#[component]
pub fn TextAreaField(
    id: &'static str,
    #[prop(into)] label: TextProp,
    value: RwSignal<String>,
    error: RwSignal<Option<FieldErr>>,
    #[prop(optional, into)] hint: Option<TextProp>,
    #[prop(default = 6)] rows: u32,
    #[prop(optional)] maxlength: Option<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let has_hint = hint.is_some();
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label class="field__label" for=id>{move || label.get()}</label>
            {hint.map(|h| view! { <p class="field__hint" id=format!("{id}-hint")>{move || h.get()}</p> })}
            <textarea
                id=id
                class="textarea"
                name=id
                rows=rows
                maxlength=maxlength
                required
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=move || described_by(id, has_hint, error.get().is_some())
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    error.set(None);
                }
            ></textarea>
            {move || error.get().map(|e| view! { <p class="field__error" id=format!("{id}-error")>{move || e.message(i18n)}</p> })}
        </div>
    }
}

/// A checkbox with its label (the whole row is the touch target) and an optional hint.
#[component]
pub fn CheckboxField(
    #[prop(into)] id: String,
    #[prop(into)] label: TextProp,
    checked: RwSignal<bool>,
    #[prop(optional, into)] hint: Option<TextProp>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described = hint.is_some().then(|| hint_id.clone());
    view! {
        <div class="check">
            <input
                id=id.clone()
                class="check__input"
                type="checkbox"
                aria-describedby=described
                prop:checked=move || checked.get()
                on:change=move |ev| checked.set(event_target_checked(&ev))
            />
            <label class="check__label" for=id>
                <span>{move || label.get()}</span>
                {hint.map(|h| view! { <span class="check__hint" id=hint_id.clone()>{move || h.get()}</span> })}
            </label>
        </div>
    }
}

/// A password input with a show/hide toggle (`show` may be shared by a "repeat" field, which
/// then omits its own toggle).
#[component]
pub fn PasswordField(
    id: &'static str,
    #[prop(into)] label: TextProp,
    value: RwSignal<String>,
    error: RwSignal<Option<FieldErr>>,
    show: RwSignal<bool>,
    #[prop(optional, into)] hint: Option<TextProp>,
    #[prop(default = "current-password")] autocomplete: &'static str,
    #[prop(default = true)] toggle: bool,
    #[prop(optional)] node_ref: Option<NodeRef<leptos::html::Input>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let has_hint = hint.is_some();
    let input_ref = node_ref.unwrap_or_default();
    let toggle_text =
        move || if show.get() { t_string!(i18n, login.hide_password) } else { t_string!(i18n, login.show_password) };
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label class="field__label" for=id>{move || label.get()}</label>
            {hint.map(|h| view! { <p class="field__hint" id=format!("{id}-hint")>{move || h.get()}</p> })}
            <div class="password-input" class:password-input--plain=!toggle>
                <input
                    id=id
                    class="input"
                    type=move || if show.get() { "text" } else { "password" }
                    name=id
                    autocomplete=autocomplete
                    required
                    node_ref=input_ref
                    aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                    aria-describedby=move || described_by(id, has_hint, error.get().is_some())
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        error.set(None);
                    }
                />
                {toggle.then(|| view! {
                    <button
                        type="button"
                        class="btn btn--ghost password-input__toggle"
                        aria-controls=id
                        aria-pressed=move || if show.get() { "true" } else { "false" }
                        title=toggle_text
                        on:click=move |_| show.update(|s| *s = !*s)
                    >
                        <EyeIcon open=show />
                        <span class="visually-hidden">{toggle_text}</span>
                    </button>
                })}
            </div>
            {move || error.get().map(|e| view! { <p class="field__error" id=format!("{id}-error")>{move || e.message(i18n)}</p> })}
        </div>
    }
}

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

/// A message box above a form (an answer of the server), announced by screen readers.
#[component]
pub fn FormAlert(
    #[prop(into)] message: Signal<Option<String>>,
    #[prop(default = "danger")] tone: &'static str,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div aria-live="assertive">
            {move || message.get().map(|text| view! {
                <div class=format!("alert alert--{tone}") role="alert" data-testid=testid>
                    <AlertIcon />
                    <p class="alert__body">{text}</p>
                </div>
            })}
        </div>
    }
}

#[component]
pub fn AlertIcon() -> impl IntoView {
    view! {
        <svg class="alert__icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" stroke-width="2" />
            <path d="M12 7v6M12 16.5v.5" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" />
        </svg>
    }
}

/// A modal dialog (native `<dialog>`: focus kept inside, Escape closes). The content is
/// mounted while open, so every opening starts with a fresh form.
#[component]
pub fn Modal(
    id: &'static str,
    open: RwSignal<bool>,
    #[prop(into)] title: TextProp,
    children: ChildrenFn,
) -> impl IntoView {
    let dialog_ref = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let is_open = open.get();
        if let Some(dialog) = dialog_ref.get() {
            if is_open && !dialog.open() {
                let _ = dialog.show_modal();
            } else if !is_open && dialog.open() {
                dialog.close();
            }
        }
    });
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <dialog id=id class="dialog" node_ref=dialog_ref aria-labelledby=labelled_by on:close=move |_| open.set(false)>
            <h2 id=title_id class="dialog__title">{move || title.get()}</h2>
            <Show when=move || open.get()>{children()}</Show>
        </dialog>
    }
}

/// One toast: a confirmation that goes away by itself, or a notice with a link (a live alert)
/// that stays until closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    /// `(href, link text)`.
    pub link: Option<(String, String)>,
}

/// The toast context: short confirmations at the bottom of the screen.
#[derive(Debug, Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next: RwSignal<u64>,
}

/// At most this many notices with a link stay on screen (the oldest goes first).
const MAX_NOTICES: usize = 3;

impl Toasts {
    pub fn push(self, text: impl Into<String>) {
        let id = self.add(text.into(), None);
        let items = self.items;
        set_timeout(move || items.update(|items| items.retain(|t| t.id != id)), std::time::Duration::from_secs(6));
    }

    /// A notice with a link (e.g. to the patient of a new alert): it stays until closed, since
    /// it asks for an action.
    pub fn push_link(self, text: impl Into<String>, href: impl Into<String>, link_text: impl Into<String>) {
        self.add(text.into(), Some((href.into(), link_text.into())));
        self.items.update(|items| {
            while items.iter().filter(|t| t.link.is_some()).count() > MAX_NOTICES {
                if let Some(pos) = items.iter().position(|t| t.link.is_some()) {
                    items.remove(pos);
                }
            }
        });
    }

    pub fn dismiss(self, id: u64) {
        self.items.update(|items| items.retain(|t| t.id != id));
    }

    fn add(self, text: String, link: Option<(String, String)>) -> u64 {
        let id = self.next.get_untracked();
        self.next.set(id + 1);
        self.items.update(|items| items.push(Toast { id, text, link }));
        id
    }
}

pub fn provide_toasts() {
    provide_context(Toasts { items: RwSignal::new(Vec::new()), next: RwSignal::new(0) });
}

pub fn use_toasts() -> Toasts {
    use_context::<Toasts>().unwrap_or(Toasts { items: RwSignal::new(Vec::new()), next: RwSignal::new(0) })
}

/// Where toasts appear; a polite live region.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            <For each=move || toasts.items.get() key=|t| t.id let:item>
                {match item.link {
                    None => view! {
                        <div class="toast" data-testid="toast">
                            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" class="icon">
                                <path d="M5 12l5 5 9-10" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" />
                            </svg>
                            <span>{item.text}</span>
                        </div>
                    }.into_any(),
                    Some((href, link_text)) => {
                        let id = item.id;
                        view! {
                            <div class="toast toast--notice" data-testid="toast">
                                <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" class="icon">
                                    <path d="M12 3l10 18H2z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
                                    <path d="M12 10v5M12 18v.5" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
                                </svg>
                                <span class="toast__text">
                                    <span>{item.text}</span>
                                    <a class="toast__link" href=href on:click=move |_| toasts.dismiss(id)>{link_text}</a>
                                </span>
                                <button type="button" class="toast__close" on:click=move |_| toasts.dismiss(id)
                                    aria-label=move || t_string!(i18n, common.close)>
                                    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" class="icon">
                                        <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
                                    </svg>
                                </button>
                            </div>
                        }.into_any()
                    }
                }}
            </For>
        </div>
    }
}

/// "1–20 of 45" with previous / next buttons.
#[component]
pub fn Pagination(page: RwSignal<u32>, per_page: u32, #[prop(into)] total: Signal<u64>) -> impl IntoView {
    let i18n = use_i18n();
    let range = move || {
        let p = u64::from(page.get());
        let total = total.get();
        let from = if total == 0 { 0 } else { (p - 1) * u64::from(per_page) + 1 };
        let to = (p * u64::from(per_page)).min(total);
        t_string!(i18n, pagination.range, from = from, to = to, total = total).to_string()
    };
    // Comparisons stay out of `view!` attributes: a bare `>` there closes the tag (issue 12).
    let pages = move || total.get().div_ceil(u64::from(per_page)).max(1);
    let on_first = move || page.get() <= 1;
    let on_last = move || u64::from(page.get()) >= pages();
    view! {
        <Show when=move || { total.get() > u64::from(per_page) }>
            <nav class="pagination" aria-label=move || t_string!(i18n, pagination.label)>
                <button
                    type="button"
                    class="btn btn--secondary"
                    data-testid="page-previous"
                    disabled=on_first
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))
                >
                    {move || t_string!(i18n, pagination.previous)}
                </button>
                <span class="pagination__range">{range}</span>
                <button
                    type="button"
                    class="btn btn--secondary"
                    data-testid="page-next"
                    disabled=on_last
                    on:click=move |_| page.update(|p| *p += 1)
                >
                    {move || t_string!(i18n, pagination.next)}
                </button>
            </nav>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_from_codes() {
        assert_eq!(FieldErr::from_code(FieldKind::Password, "too_short"), FieldErr::PasswordTooShort);
        assert_eq!(FieldErr::from_code(FieldKind::Email, "invalid_format"), FieldErr::EmailFormat);
        assert_eq!(FieldErr::from_code(FieldKind::Name, "invalid_format"), FieldErr::NameFormat);
        assert_eq!(FieldErr::from_code(FieldKind::Password, "common_password"), FieldErr::CommonPassword);
        assert_eq!(FieldErr::from_code(FieldKind::Text, "whatever"), FieldErr::Invalid);
        assert_eq!(described_by("x", true, true).as_deref(), Some("x-hint x-error"));
        assert_eq!(described_by("x", false, false), None);
    }
}
