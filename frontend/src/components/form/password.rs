//! "New password" and "Repeat the password": one show/hide toggle for both, and one check.

use common::domain::{PASSWORD_MIN_LEN, Password};
use leptos::prelude::*;
use leptos::text_prop::TextProp;

use super::{FieldErr, FieldKind, PasswordField};
use crate::i18n::*;

/// A new password, its repeat and their errors.
#[derive(Debug, Clone, Copy)]
pub struct NewPassword {
    pub password: RwSignal<String>,
    pub repeat: RwSignal<String>,
    pub error: RwSignal<Option<FieldErr>>,
    pub repeat_error: RwSignal<Option<FieldErr>>,
    pub show: RwSignal<bool>,
}

impl Default for NewPassword {
    fn default() -> Self {
        Self::new()
    }
}

/// The policy's verdict on a new password (`common`'s [`Password::parse`], as the server's).
pub fn password_policy(password: &str, email: Option<&str>) -> Option<FieldErr> {
    Password::parse(password, email).err().map(|e| FieldErr::from_domain(FieldKind::Password, e))
}

/// Only that it is not empty: an existing account's password need not meet today's policy.
pub fn not_empty(password: &str) -> Option<FieldErr> {
    password.is_empty().then_some(FieldErr::Required)
}

/// The repeat's verdict: checked once the password itself passed.
pub fn repeat_check(password_error: Option<FieldErr>, password: &str, repeat: &str) -> Option<FieldErr> {
    (password_error.is_none() && repeat != password).then_some(FieldErr::Mismatch)
}

impl NewPassword {
    pub fn new() -> Self {
        Self {
            password: RwSignal::new(String::new()),
            repeat: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            repeat_error: RwSignal::new(None),
            show: RwSignal::new(false),
        }
    }

    /// Checks both fields: `policy` judges the password ([`password_policy`], [`not_empty`]),
    /// then the repeat must equal it. The password, when both pass.
    pub fn check(self, policy: impl FnOnce(&str) -> Option<FieldErr>) -> Option<String> {
        let pw = self.password.get_untracked();
        let error = policy(&pw);
        self.error.set(error);
        self.repeat_error.set(repeat_check(error, &pw, &self.repeat.get_untracked()));
        (self.error.get_untracked().is_none() && self.repeat_error.get_untracked().is_none()).then_some(pw)
    }

    /// Empties both (after a change was saved).
    pub fn reset(self) {
        self.password.set(String::new());
        self.repeat.set(String::new());
    }
}

/// The two fields, `{id}-password` and `{id}-repeat`; the hint says the policy unless given.
#[component]
pub fn NewPasswordFields(
    state: NewPassword,
    id: &'static str,
    #[prop(into)] label: TextProp,
    #[prop(into)] repeat_label: TextProp,
    #[prop(optional, into)] hint: Option<TextProp>,
    #[prop(optional)] password_id: Option<&'static str>,
    #[prop(optional)] repeat_id: Option<&'static str>,
    /// The password input (focused when a check failed).
    #[prop(optional)]
    node_ref: Option<NodeRef<leptos::html::Input>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint = hint.unwrap_or_else(|| {
        TextProp::from(move || t_string!(i18n, fields.password_policy, min = PASSWORD_MIN_LEN).to_string())
    });
    view! {
        <PasswordField
            id=password_id.map_or_else(|| format!("{id}-password"), str::to_owned)
            label=label
            hint=hint
            value=state.password
            error=state.error
            show=state.show
            autocomplete="new-password"
            node_ref=node_ref.unwrap_or_default()
        />
        <PasswordField
            id=repeat_id.map_or_else(|| format!("{id}-repeat"), str::to_owned)
            label=repeat_label
            value=state.repeat
            error=state.repeat_error
            show=state.show
            autocomplete="new-password"
            toggle=false
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repeat_is_checked_once_the_password_passes() {
        assert_eq!(repeat_check(None, "a", "b"), Some(FieldErr::Mismatch));
        assert_eq!(repeat_check(None, "a", "a"), None);
        assert_eq!(repeat_check(Some(FieldErr::Required), "", "b"), None);
        assert_eq!(not_empty(""), Some(FieldErr::Required));
        assert_eq!(password_policy("short", None), Some(FieldErr::PasswordTooShort));
    }
}
