//! One form system for every page.
//!
//! - The model: a form's errors are [`FieldErrors`], keyed by the server's JSON field paths
//!   (`email`, `items[2].options[0].code`). The same `common` checks run here before sending
//!   and put their errors at the same paths; a 422 answer puts the server's there
//!   ([`FieldErrors::take_problem`]).
//! - The fields ([`fields`]): a labelled input, textarea, password or checkbox, showing the
//!   error at its path (or, on pages not yet moved, a signal of its own).
//! - The forms ([`action`]): [`ActionForm`] and [`ConfirmForm`] built on a Leptos `Action`
//!   own the pending state, the problem → field errors mapping and the alert above the form;
//!   a page gives the fields, the client check and the call. [`FormDialog`] and
//!   [`ConfirmDialog`] put them in a [`Modal`](crate::components::ui::Modal).

pub mod action;
pub mod code;
pub mod fields;
pub mod password;

pub use action::{
    ActionButton, ActionForm, ConfirmDialog, ConfirmForm, DeleteForm, FormDialog, Member, Refused, Sender,
    SubmitButton, ToggleActiveForm,
};
pub use code::{CodeAnswer, CodeStep, normalize_code};
pub use fields::{Area, CheckboxField, ErrorSummary, FormAlert, Input, PasswordField, TextAreaField, TextField};
pub use password::{NewPassword, NewPasswordFields, not_empty, password_policy};

use common::FieldError;
use common::domain::{DomainError, PASSWORD_MIN_LEN};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::api::ApiError;
use crate::i18n::*;

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

impl FieldErr {
    /// The code this error has in a `FieldError` (the server's, or `common`'s
    /// [`DomainError::code`]).
    pub const fn code(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::TooLong | Self::TooLongMax(_) => "too_long",
            Self::EmailFormat
            | Self::NameFormat
            | Self::CodeFormat
            | Self::SnilsFormat
            | Self::PhoneFormat
            | Self::PriceFormat
            | Self::DateFormat => "invalid_format",
            Self::PasswordTooShort => "too_short",
            Self::SameAsEmail => "same_as_email",
            Self::CommonPassword => "common_password",
            Self::Mismatch => "mismatch",
            Self::InvalidCode => "invalid_code",
            Self::AlreadyMember | Self::PatientExists => "already_member",
            Self::CodeTaken => "code_taken",
            Self::WrongPassword => "wrong_password",
            Self::SameEmail => "same_email",
            Self::DateInFuture | Self::OutOfRange => "out_of_range",
            Self::Invalid => "invalid",
        }
    }
}

/// A day typed in a date input (`YYYY-MM-DD`), not before `earliest`.
pub fn day_from(text: &str, earliest: chrono::NaiveDate) -> Result<chrono::NaiveDate, FieldErr> {
    let t = text.trim();
    match chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        Ok(d) if d < earliest => Err(FieldErr::OutOfRange),
        Ok(d) => Ok(d),
        Err(_) if t.is_empty() => Err(FieldErr::Required),
        Err(_) => Err(FieldErr::DateFormat),
    }
}

/// Puts a refusal's field errors at the fields that show them, each named by its server path,
/// read as its kind, with its error signal; true when one was shown.
pub fn show_at_fields(e: &ApiError, fields: &[(&str, FieldKind, RwSignal<Option<FieldErr>>)]) -> bool {
    let mut shown = false;
    for (field, code) in e.field_errors() {
        for (_, kind, error) in fields.iter().filter(|(path, _, _)| *path == field) {
            error.set(Some(FieldErr::from_code(*kind, &code)));
            shown = true;
        }
    }
    shown
}

/// A `FieldError` made on this side (a number that does not parse).
pub fn field_error(field: impl Into<String>, code: &str) -> FieldError {
    FieldError { field: field.into(), code: code.to_owned(), message: String::new() }
}

/// What is wrong at one path: a code (the server's, or a check's of `common`) translated by
/// the field that shows it, or an error this side already typed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Fault {
    Code(String),
    Known(FieldErr),
}

/// How a form's codes read in words when its fields do not say (a path-aware translator, such
/// as the questionnaire editor's).
pub type ErrorText = fn(I18nContext<Locale>, &str, &str) -> String;

/// The failing fields of a form, by path. The server's paths may carry the body's prefix
/// (`definition.items[0].code`): it is dropped, so both sides' errors meet at one path.
#[derive(Debug, Clone, Copy)]
pub struct FieldErrors {
    list: RwSignal<Vec<(String, Fault)>>,
    /// The paths a field of this form shows (a server's error elsewhere goes above the form).
    shown: StoredValue<Vec<String>>,
    text: Option<ErrorText>,
}

impl Default for FieldErrors {
    fn default() -> Self {
        Self::new()
    }
}

impl FieldErrors {
    pub fn new() -> Self {
        Self { list: RwSignal::new(Vec::new()), shown: StoredValue::new(Vec::new()), text: None }
    }

    /// The errors of a form whose codes read by their path (`text(i18n, path, code)`).
    pub fn with_text(text: ErrorText) -> Self {
        Self { text: Some(text), ..Self::new() }
    }

    /// Replaces every error by `errors` (a check's or the server's), dropping `strip` prefixes.
    pub fn set(self, mut errors: Vec<FieldError>, strip: &[&str]) {
        for e in &mut errors {
            for prefix in strip {
                if let Some(rest) = e.field.strip_prefix(prefix) {
                    e.field = rest.to_owned();
                }
            }
        }
        self.list.set(errors.into_iter().map(|e| (e.field, Fault::Code(e.code))).collect());
    }

    /// Adds a typed error at `path`.
    pub fn put(self, path: &str, error: FieldErr) {
        self.list.update(|l| {
            l.retain(|(p, _)| p != path);
            l.push((path.to_owned(), Fault::Known(error)));
        });
    }

    /// Adds each error that is there; `true` when one was.
    pub fn put_each<'a>(self, items: impl IntoIterator<Item = (&'a str, Option<FieldErr>)>) -> bool {
        let mut any = false;
        for (path, error) in items {
            if let Some(e) = error {
                self.put(path, e);
                any = true;
            }
        }
        any
    }

    /// Adds the error of a `common` check at `path`: `Some(value)` when it passed.
    pub fn check<T>(self, path: &str, kind: FieldKind, result: Result<T, DomainError>) -> Option<T> {
        result.map_err(|e| self.put(path, FieldErr::from_domain(kind, e))).ok()
    }

    /// The server's field errors of a 422 answer, at their paths; `true` when one landed at a
    /// field the form shows (otherwise the form says the answer above its fields).
    pub fn take_problem(self, error: &ApiError, strip: &[&str]) -> bool {
        let list: Vec<FieldError> =
            error.field_errors().into_iter().map(|(field, code)| field_error(field, &code)).collect();
        if list.is_empty() {
            return false;
        }
        self.set(list, strip);
        let shown = self.shown.get_value();
        self.list.with_untracked(|l| l.iter().any(|(p, _)| shown.contains(p)))
    }

    pub fn clear(self) {
        if !self.list.with_untracked(Vec::is_empty) {
            self.list.set(Vec::new());
        }
    }

    /// Forgets the error of one field (when it is edited).
    pub fn clear_at(self, path: &str) {
        if self.list.with_untracked(|e| e.iter().any(|(p, _)| p == path)) {
            self.list.update(|e| e.retain(|(p, _)| p != path));
        }
    }

    /// Says that a field shows `path` (a server's error there is not repeated above the form).
    pub fn show(self, path: &str) {
        self.shown.update_value(|s| {
            if !s.iter().any(|p| p == path) {
                s.push(path.to_owned());
            }
        });
    }

    /// The code of the first error at `path` (tracked).
    pub fn code_at(self, path: &str) -> Option<String> {
        self.list.with(|e| {
            e.iter().find(|(p, _)| p == path).map(|(_, f)| match f {
                Fault::Code(c) => c.clone(),
                Fault::Known(k) => k.code().to_owned(),
            })
        })
    }

    /// Whether there is an error at `path` (tracked).
    pub fn has(self, path: &str) -> bool {
        self.list.with(|e| e.iter().any(|(p, _)| p == path))
    }

    /// The message of the error at `path`, read as a field of `kind` (tracked).
    pub fn message_at(self, i18n: I18nContext<Locale>, path: &str, kind: FieldKind) -> Option<String> {
        let fault = self.list.with(|e| e.iter().find(|(p, _)| p == path).map(|(_, f)| f.clone()))?;
        Some(match (fault, self.text) {
            (Fault::Known(k), _) => k.message(i18n),
            (Fault::Code(c), Some(text)) => text(i18n, path, &c),
            (Fault::Code(c), None) => FieldErr::from_code(kind, &c).message(i18n),
        })
    }

    /// How many errors there are (tracked).
    pub fn count(self) -> usize {
        self.list.with(Vec::len)
    }

    /// Every error as `(path, message)` (tracked).
    pub fn messages(self, i18n: I18nContext<Locale>) -> Vec<(String, String)> {
        let paths: Vec<String> = self.list.with(|l| l.iter().map(|(p, _)| p.clone()).collect());
        paths.into_iter().filter_map(|p| self.message_at(i18n, &p, FieldKind::Text).map(|m| (p, m))).collect()
    }

    /// Whether any error is set (untracked; for a check before sending).
    pub fn any(self) -> bool {
        self.list.with_untracked(|l| !l.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_checked_against_the_earliest() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(day_from(" 2026-03-05 ", today), Ok(today));
        assert_eq!(day_from("2026-03-04", today), Err(FieldErr::OutOfRange));
        assert_eq!(day_from("", today), Err(FieldErr::Required));
        assert_eq!(day_from("5.3.2026", today), Err(FieldErr::DateFormat));
    }

    #[test]
    fn a_typed_error_keeps_its_code() {
        assert_eq!(FieldErr::TooLongMax(5).code(), "too_long");
        assert_eq!(FieldErr::from_code(FieldKind::Email, FieldErr::EmailFormat.code()), FieldErr::EmailFormat);
        assert_eq!(
            FieldErr::from_code(FieldKind::Password, FieldErr::PasswordTooShort.code()),
            FieldErr::PasswordTooShort
        );
    }

    #[test]
    fn errors_meet_at_the_server_s_paths() {
        let owner = Owner::new();
        owner.with(|| {
            let errors = FieldErrors::new();
            errors.show("code");
            errors.set(vec![field_error("definition.items[0].code", "required")], &["definition."]);
            assert_eq!(errors.code_at("items[0].code").as_deref(), Some("required"));
            errors.put("email", FieldErr::EmailFormat);
            assert_eq!(errors.code_at("email").as_deref(), Some("invalid_format"));
            errors.clear_at("email");
            assert!(!errors.has("email"));
            assert_eq!(errors.check("x", FieldKind::Text, Ok::<_, DomainError>(3)), Some(3));
            assert_eq!(errors.check::<()>("x", FieldKind::Text, Err(DomainError::Required)), None);
            assert!(errors.has("x"));
        });
    }
}
