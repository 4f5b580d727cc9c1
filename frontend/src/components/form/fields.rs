//! The labelled fields of every form: one frame (label, "optional", hint, error, and the
//! `aria-invalid` / `aria-describedby` wiring) around an input, a textarea or a password.

use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_i18n::I18nContext;

use super::{FieldErr, FieldErrors, FieldKind};
use crate::components::icons::{AlertIcon, EyeIcon};
use crate::i18n::*;

/// Where a field's error comes from.
#[derive(Clone, Default)]
pub enum ErrorAt {
    /// No error is ever shown.
    #[default]
    Nowhere,
    /// The form's errors at a path, read as a field of `kind`.
    Path { errors: FieldErrors, path: Signal<String>, kind: FieldKind },
    /// A signal of the field's own.
    Own(RwSignal<Option<FieldErr>>),
    /// A message already in words (the field's `on_edit` forgets it).
    Text(Signal<Option<String>>),
}

impl From<RwSignal<Option<FieldErr>>> for ErrorAt {
    fn from(s: RwSignal<Option<FieldErr>>) -> Self {
        Self::Own(s)
    }
}

impl From<Signal<Option<String>>> for ErrorAt {
    fn from(s: Signal<Option<String>>) -> Self {
        Self::Text(s)
    }
}

impl FieldErrors {
    /// The error of the field at `path` (the form then knows a field shows that path).
    pub fn at(self, path: &str, kind: FieldKind) -> ErrorAt {
        self.show(path);
        ErrorAt::Path { errors: self, path: Signal::stored(path.to_owned()), kind }
    }

    /// The same for a path that changes (a row that moves in a list).
    pub fn at_signal(self, path: Signal<String>) -> ErrorAt {
        ErrorAt::Path { errors: self, path, kind: FieldKind::Text }
    }
}

impl ErrorAt {
    /// The message in words (tracked).
    fn message(&self, i18n: I18nContext<Locale>) -> Option<String> {
        match self {
            Self::Nowhere => None,
            Self::Path { errors, path, kind } => errors.message_at(i18n, &path.get(), *kind),
            Self::Own(s) => s.get().map(|e| e.message(i18n)),
            Self::Text(s) => s.get(),
        }
    }

    /// Whether there is one (tracked).
    fn is_set(&self) -> bool {
        match self {
            Self::Nowhere => false,
            Self::Path { errors, path, .. } => errors.has(&path.get()),
            Self::Own(s) => s.with(Option::is_some),
            Self::Text(s) => s.with(Option::is_some),
        }
    }

    /// Forgets it: the field was edited.
    fn clear(&self) {
        match self {
            Self::Path { errors, path, .. } => errors.clear_at(&path.get_untracked()),
            Self::Own(s) => s.set(None),
            Self::Nowhere | Self::Text(_) => {}
        }
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

/// What a control needs of its frame: its id and the ARIA attributes that point at the hint and
/// the error.
#[derive(Clone)]
struct Wiring {
    id: String,
    has_hint: bool,
    error: ErrorAt,
}

impl Wiring {
    fn invalid(&self) -> impl Fn() -> &'static str + use<> {
        let error = self.error.clone();
        move || if error.is_set() { "true" } else { "false" }
    }

    fn described(&self) -> impl Fn() -> Option<String> + use<> {
        let (id, has_hint, error) = (self.id.clone(), self.has_hint, self.error.clone());
        move || described_by(&id, has_hint, error.is_set())
    }

    /// The `on:input` of a text control: the value, the error forgotten, then `on_edit`.
    fn on_input(&self, value: RwSignal<String>, on_edit: Option<Callback<()>>) -> impl Fn(leptos::ev::Event) + use<> {
        let error = self.error.clone();
        move |ev| {
            value.set(event_target_value(&ev));
            error.clear();
            if let Some(cb) = on_edit {
                cb.run(());
            }
        }
    }
}

/// The frame of one field: label (with "optional" unless `required`), hint, the control, error.
fn frame(
    w: &Wiring,
    label: TextProp,
    hint: Option<TextProp>,
    optional_mark: bool,
    class: Option<&'static str>,
    control: AnyView,
) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let cls = class.map_or_else(|| "field".to_owned(), |c| format!("field {c}"));
    let (id_for, id_hint, id_error) = (w.id.clone(), format!("{}-hint", w.id), format!("{}-error", w.id));
    let (err_class, err_text) = (w.error.clone(), w.error.clone());
    view! {
        <div class=cls class:field--invalid=move || err_class.is_set()>
            <label class="field__label" for=id_for>
                {move || label.get()}
                {optional_mark.then(|| view! { <span class="field__optional">{move || t_string!(i18n, fields.optional)}</span> })}
            </label>
            {hint.map(|h| view! { <p class="field__hint" id=id_hint>{move || h.get()}</p> })}
            {control}
            {move || err_text.message(i18n).map(|e| view! { <p class="field__error" id=id_error.clone()>{e}</p> })}
        </div>
    }
}

/// A labelled text input with an optional hint and its error.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: TextProp,
    value: RwSignal<String>,
    #[prop(into, optional)] error: ErrorAt,
    #[prop(optional, into)] hint: Option<TextProp>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] node_ref: Option<NodeRef<leptos::html::Input>>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] on_edit: Option<Callback<()>>,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional)] lang: Option<&'static str>,
    /// The id of a `<datalist>` of suggestions.
    #[prop(optional)]
    list: Option<&'static str>,
) -> impl IntoView {
    let w = Wiring { id: id.clone(), has_hint: hint.is_some(), error };
    let attrs =
        InputAttrs { name: true, input_type, autocomplete, inputmode, maxlength, lang, list, required, node_ref };
    let control = input(&w, attrs, value, on_edit);
    frame(&w, label, hint, !required, class, control)
}

/// The attributes of a text `<input>` beside its wiring.
struct InputAttrs {
    /// `name` = the id (a form of a page, for the browser's autofill).
    name: bool,
    input_type: &'static str,
    autocomplete: &'static str,
    inputmode: Option<&'static str>,
    maxlength: Option<u32>,
    lang: Option<&'static str>,
    list: Option<&'static str>,
    required: bool,
    node_ref: Option<NodeRef<leptos::html::Input>>,
}

/// The `<input>` of [`TextField`] and [`Input`].
fn input(w: &Wiring, a: InputAttrs, value: RwSignal<String>, on_edit: Option<Callback<()>>) -> AnyView {
    let email = a.input_type == "email";
    view! {
        <input
            id=w.id.clone()
            class="input"
            type=a.input_type
            name=a.name.then(|| w.id.clone())
            autocomplete=a.autocomplete
            inputmode=a.inputmode
            maxlength=a.maxlength
            lang=a.lang
            list=a.list
            autocapitalize=email.then_some("none")
            spellcheck=email.then_some("false")
            required=a.required
            node_ref=a.node_ref.unwrap_or_default()
            aria-invalid=w.invalid()
            aria-describedby=w.described()
            prop:value=move || value.get()
            on:input=w.on_input(value, on_edit)
        />
    }
    .into_any()
}

/// A labelled input with a runtime id (these forms have many rows, so ids are made per row).
#[component]
pub fn Input(
    #[prop(into)] id: String,
    #[prop(into)] label: TextProp,
    value: RwSignal<String>,
    #[prop(into, optional)] error: ErrorAt,
    #[prop(optional, into)] hint: Option<TextProp>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] on_edit: Option<Callback<()>>,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional)] lang: Option<&'static str>,
) -> impl IntoView {
    let w = Wiring { id, has_hint: hint.is_some(), error };
    let attrs = InputAttrs {
        name: false,
        input_type: "text",
        autocomplete: "off",
        inputmode,
        maxlength,
        lang,
        list: None,
        required: false,
        node_ref: None,
    };
    let control = input(&w, attrs, value, on_edit);
    frame(&w, label, hint, !required, class, control)
}

/// A labelled multi-line text input with an optional hint and its error: a required one
/// (`TextAreaField`) or, with a runtime id and "optional" unless `required`, [`Area`].
#[component]
pub fn TextAreaField(
    #[prop(into)] id: String,
    #[prop(into)] label: TextProp,
    value: RwSignal<String>,
    #[prop(into, optional)] error: ErrorAt,
    #[prop(optional, into)] hint: Option<TextProp>,
    #[prop(default = 6)] rows: u32,
    #[prop(optional)] maxlength: Option<u32>,
) -> impl IntoView {
    let w = Wiring { id: id.clone(), has_hint: hint.is_some(), error };
    let control = view! {
        <textarea
            id=id.clone()
            class="textarea"
            name=id
            rows=rows
            maxlength=maxlength
            required
            aria-invalid=w.invalid()
            aria-describedby=w.described()
            prop:value=move || value.get()
            on:input=w.on_input(value, None)
        ></textarea>
    }
    .into_any();
    frame(&w, label, hint, false, None, control)
}

/// A labelled textarea with a runtime id, an optional hint and an error message.
#[component]
pub fn Area(
    #[prop(into)] id: String,
    #[prop(into)] label: TextProp,
    value: RwSignal<String>,
    #[prop(into, optional)] error: ErrorAt,
    #[prop(optional, into)] hint: Option<TextProp>,
    #[prop(default = 3)] rows: u32,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] on_edit: Option<Callback<()>>,
    #[prop(optional)] lang: Option<&'static str>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let w = Wiring { id: id.clone(), has_hint: hint.is_some(), error };
    let control = view! {
        <textarea
            id=id
            class="textarea textarea--short"
            rows=rows
            maxlength=maxlength
            lang=lang
            aria-invalid=w.invalid()
            aria-describedby=w.described()
            prop:value=move || value.get()
            on:input=w.on_input(value, on_edit)
        ></textarea>
    }
    .into_any();
    frame(&w, label, hint, !required, None, control)
}

/// A password input with a show/hide toggle (`show` may be shared by a "repeat" field, which
/// then omits its own toggle).
#[component]
pub fn PasswordField(
    #[prop(into)] id: String,
    #[prop(into)] label: TextProp,
    value: RwSignal<String>,
    #[prop(into, optional)] error: ErrorAt,
    show: RwSignal<bool>,
    #[prop(optional, into)] hint: Option<TextProp>,
    #[prop(default = "current-password")] autocomplete: &'static str,
    #[prop(default = true)] toggle: bool,
    #[prop(optional)] node_ref: Option<NodeRef<leptos::html::Input>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let w = Wiring { id: id.clone(), has_hint: hint.is_some(), error };
    let toggle_text =
        move || if show.get() { t_string!(i18n, login.hide_password) } else { t_string!(i18n, login.show_password) };
    let controls = id.clone();
    let control = view! {
        <div class="password-input" class:password-input--plain=!toggle>
            <input
                id=id.clone()
                class="input"
                type=move || if show.get() { "text" } else { "password" }
                name=id
                autocomplete=autocomplete
                required
                node_ref=node_ref.unwrap_or_default()
                aria-invalid=w.invalid()
                aria-describedby=w.described()
                prop:value=move || value.get()
                on:input=w.on_input(value, None)
            />
            {toggle.then(|| view! {
                <button
                    type="button"
                    class="btn btn--ghost password-input__toggle"
                    aria-controls=controls
                    aria-pressed=move || if show.get() { "true" } else { "false" }
                    title=toggle_text
                    on:click=move |_| show.update(|s| *s = !*s)
                >
                    <EyeIcon open=show />
                    <span class="visually-hidden">{toggle_text}</span>
                </button>
            })}
        </div>
    }
    .into_any();
    frame(&w, label, hint, false, None, control)
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

/// A message box above a form (an answer of the server), announced by screen readers
/// (`role="alert"` is read out when it appears). Nothing is drawn while there is nothing to
/// say, so a form's grid keeps no empty band for it.
#[component]
pub fn FormAlert(
    #[prop(into)] message: Signal<Option<String>>,
    #[prop(default = "danger")] tone: &'static str,
    #[prop(optional, into)] testid: MaybeProp<&'static str>,
) -> impl IntoView {
    move || {
        message.get().map(|text| {
            view! {
                <div class=format!("alert alert--{tone}") role="alert" aria-live="assertive" data-testid=move || testid.get()>
                    <AlertIcon />
                    <p class="alert__body">{text}</p>
                </div>
            }
        })
    }
}

/// "Fix N errors": the list of what is wrong above a long form, each a link to its field.
#[component]
pub fn ErrorSummary(
    errors: FieldErrors,
    /// The id of the field a path names (the link's target).
    #[prop(into)]
    id_of: Callback<String, Option<String>>,
    /// The field in words: "Вопрос 3: Код вопроса".
    #[prop(into)]
    place_of: Callback<String, String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div aria-live="assertive">
            {move || (errors.count() > 0).then(|| {
                let list = errors.messages(i18n);
                let count = list.len();
                view! {
                    <div class="alert alert--danger" role="alert" data-testid="error-summary">
                        <AlertIcon />
                        <div class="alert__body">
                            <p class="alert__title">{move || t_string!(i18n, library.err_summary, count = count).to_string()}</p>
                            <ul class="error-summary__list">
                                {list.into_iter().take(12).map(|(path, text)| {
                                    let target = id_of.run(path.clone());
                                    let place = place_of.run(path);
                                    match target {
                                        Some(t) => view! {
                                            <li><a href=format!("#{t}")><span class="error-summary__place">{place}</span>" — "{text}</a></li>
                                        }.into_any(),
                                        None => view! { <li><span class="error-summary__place">{place}</span>" — "{text}</li> }.into_any(),
                                    }
                                }).collect_view()}
                            </ul>
                        </div>
                    </div>
                }
            })}
        </div>
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
