//! Step 2 of a flow that mails a 6-digit code (a forgotten password, a registration): the
//! "code sent to …" note, the code and a new password, and "Send the code again".

use std::future::Future;

use common::ErrorCode;
use common::domain::PASSWORD_MIN_LEN;
use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_i18n::I18nContext;

use super::{ActionForm, FieldErr, FieldKind, NewPassword, NewPasswordFields, Refused, TextField};
use crate::api::ApiError;
use crate::i18n::*;

/// Six digits, spaces ignored (people copy "123 456").
pub fn normalize_code(input: &str) -> Option<String> {
    let code: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    (code.len() == 6 && code.chars().all(|c| c.is_ascii_digit())).then_some(code)
}

/// What the code step sends: the address of step 1 (trimmed, lowercase), the code, the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeAnswer {
    pub email: String,
    pub code: String,
    pub password: String,
}

/// The code step's form: fields `{id}-code`, `{id}-password`, `{id}-repeat`; a wrong or
/// malformed code and the server's verdict on the password go to their fields, any other
/// refusal above the form in `alert`'s words.
#[component]
pub fn CodeStep<T, K, Fut, O>(
    /// The address the code went to.
    email: RwSignal<String>,
    /// "We sent a code to {email}".
    sent: fn(I18nContext<Locale>, String) -> String,
    id: &'static str,
    password: NewPassword,
    /// Judges the password, given the address.
    policy: fn(&str, &str) -> Option<FieldErr>,
    /// The server's path of the password (`new_password`, `password`).
    password_path: &'static str,
    #[prop(into)] password_label: TextProp,
    #[prop(into)] repeat_label: TextProp,
    #[prop(optional, into)] hint: Option<TextProp>,
    #[prop(into)] submit: TextProp,
    #[prop(into)] submitting: TextProp,
    call: K,
    on_ok: O,
    /// A refusal in words.
    alert: fn(I18nContext<Locale>, &ApiError) -> String,
    /// "Send the code again" and what it does (back to step 1).
    #[prop(into)]
    again: TextProp,
    on_again: Callback<()>,
    /// The code input (focused when the step opens).
    code_ref: NodeRef<leptos::html::Input>,
    #[prop(optional, into)] testid: MaybeProp<&'static str>,
) -> impl IntoView
where
    T: 'static,
    K: Fn(CodeAnswer) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
    O: Fn(T) + 'static,
{
    let i18n = use_i18n();
    let hint = hint.unwrap_or_else(|| {
        TextProp::from(move || t_string!(i18n, fields.password_policy, min = PASSWORD_MIN_LEN).to_string())
    });
    let code = RwSignal::new(String::new());
    let code_error = RwSignal::new(None::<FieldErr>);
    let check = move || {
        let the_email = email.get_untracked().trim().to_lowercase();
        let the_code = normalize_code(&code.get_untracked());
        if the_code.is_none() {
            let typed = code.get_untracked();
            code_error.set(Some(if typed.trim().is_empty() { FieldErr::Required } else { FieldErr::CodeFormat }));
        }
        let pw = password.check(|pw| policy(pw, &the_email));
        Some(CodeAnswer { email: the_email, code: the_code?, password: pw? })
    };
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::InvalidCode) => {
            code_error.set(Some(FieldErr::InvalidCode));
            Refused::AtField
        }
        Some(ErrorCode::InvalidCredentials) => {
            password.error.set(Some(FieldErr::WrongPassword));
            Refused::AtField
        }
        Some(ErrorCode::ValidationFailed) => {
            let mut shown = false;
            for (field, c) in e.field_errors() {
                if field == password_path {
                    password.error.set(Some(FieldErr::from_code(FieldKind::Password, &c)));
                    shown = true;
                } else if field == "code" {
                    code_error.set(Some(FieldErr::CodeFormat));
                    shown = true;
                }
            }
            if shown { Refused::AtField } else { Refused::Alert(alert(i18n, &e)) }
        }
        _ => Refused::Alert(alert(i18n, &e)),
    });
    view! {
        <div class="alert alert--info" role="status" data-testid="code-sent">
            <crate::components::icons::MailIcon />
            <p class="alert__body">{move || sent(i18n, email.get().trim().to_owned())}</p>
        </div>
        <ActionForm check=check call=call on_ok=on_ok refused=refused submit=submit submitting=submitting block=true testid=testid>
            <TextField
                id=format!("{id}-code")
                label=move || t_string!(i18n, reset.code_label)
                hint=move || t_string!(i18n, reset.code_hint)
                value=code
                error=code_error
                autocomplete="one-time-code"
                inputmode="numeric"
                maxlength=7
                required=true
                node_ref=code_ref
            />
            <input type="email" class="visually-hidden" autocomplete="username" aria-hidden="true" tabindex="-1" readonly prop:value=move || email.get() />
            <NewPasswordFields state=password id=id label=password_label repeat_label=repeat_label hint=hint />
        </ActionForm>
        <button type="button" class="btn btn--ghost" on:click=move |_| on_again.run(())>{move || again.get()}</button>
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_code;

    #[test]
    fn codes_are_six_digits() {
        assert_eq!(normalize_code(" 123 456 ").as_deref(), Some("123456"));
        assert_eq!(normalize_code("123-456").as_deref(), Some("123456"));
        assert_eq!(normalize_code("12345"), None);
        assert_eq!(normalize_code("12345a"), None);
    }
}
