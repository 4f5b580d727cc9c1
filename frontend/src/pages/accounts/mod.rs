//! The accounts domain: logging in, registering, a forgotten password, an invitation's
//! activation, an email change, one's profile, and acting for a represented patient.

pub mod activate;
pub mod email_change;
pub mod login;
pub mod password_reset;
pub mod profile;
pub mod register;
pub mod representation;

use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::ApiError;
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::components::form::{ActionForm, Refused};

/// A public account page: its `<title>` and its card in the middle of the screen.
#[component]
pub fn AuthPage(
    #[prop(into)] title: TextProp,
    /// `data-page` of the section (for the tests).
    #[prop(optional, into)]
    page: MaybeProp<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <Title text=title />
        <section class="auth-page" data-page=move || page.get()>
            <div class="card auth-card">{children()}</div>
        </section>
    }
}

/// Where a flow or a link ends: its heading, a sentence, and what to do next (`children`, a
/// button), as a `testid` panel.
#[component]
pub fn Outcome(
    #[prop(into)] testid: String,
    #[prop(into)] title: TextProp,
    #[prop(into)] text: TextProp,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="empty-state" data-testid=testid>
            <h1 class="auth-card__title">{move || title.get()}</h1>
            <p>{move || text.get()}</p>
            {children()}
        </div>
    }
}

/// A link that leads nowhere (used, expired, unknown): what happened and the way to the login
/// page, as a `testid` panel.
#[component]
pub fn InvalidLink(
    testid: &'static str,
    #[prop(into)] title: TextProp,
    #[prop(into)] text: TextProp,
    #[prop(into)] to_login: TextProp,
) -> impl IntoView {
    view! {
        <Outcome testid=testid title=title text=text>
            <LinkButton href=crate::routes::AppRoute::Login.path().to_owned() text=to_login />
        </Outcome>
    }
}

/// The full-width primary button of an account page that leads elsewhere.
#[component]
pub fn LinkButton(href: String, #[prop(into)] text: TextProp) -> impl IntoView {
    view! { <A href=href attr:class="btn btn--primary btn--block">{move || text.get()}</A> }
}

/// "Done": the success note of a flow's last step and the button to go on.
#[component]
pub fn DoneStep(
    testid: &'static str,
    #[prop(into)] text: TextProp,
    href: String,
    #[prop(into)] link: TextProp,
) -> impl IntoView {
    view! {
        <div class="alert alert--success" role="status" data-testid=testid>
            <crate::components::icons::SuccessIcon />
            <p class="alert__body">{move || text.get()}</p>
        </div>
        <LinkButton href=href text=link />
    }
}

/// What an emailed link's token loads: the page's heading and grey lines while waiting, then
/// `render` of the answer; a failure `render` hands back is said under the heading with
/// "Try again".
#[component]
pub fn LinkAnswer<T, R>(
    #[prop(into)] title: TextProp,
    resource: LocalResource<Result<T, ApiError>>,
    render: R,
    #[prop(default = 5)] lines: usize,
) -> impl IntoView
where
    T: Clone + 'static,
    R: Fn(Result<T, ApiError>) -> Result<AnyView, ApiError> + Clone + Send + Sync + 'static,
{
    let heading = title.clone();
    view! {
        <Suspense fallback=move || {
            let title = heading.clone();
            view! {
                <h1 class="auth-card__title">{move || title.get()}</h1>
                <Skeleton lines=lines />
            }
        }>
            {move || {
                let (render, title) = (render.clone(), title.clone());
                Suspend::new(async move {
                    match render(resource.await) {
                        Ok(view) => view,
                        Err(e) => view! {
                            <h1 class="auth-card__title">{move || title.get()}</h1>
                            <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| resource.refetch()) />
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Step 1 of a flow that mails a code (a forgotten password, a registration): a lead, the
/// form (a refusal said in the login page's words), and "Back to login".
#[component]
pub fn CodeRequest<Req, C, K, Fut>(
    #[prop(into)] lead: TextProp,
    check: C,
    call: K,
    /// The code went out: on to step 2.
    on_sent: Callback<()>,
    #[prop(into)] submit: TextProp,
    #[prop(into)] submitting: TextProp,
    #[prop(optional, into)] testid: MaybeProp<&'static str>,
    children: Children,
) -> impl IntoView
where
    Req: Clone + 'static,
    C: Fn() -> Option<Req> + 'static,
    K: Fn(Req) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<(), ApiError>> + 'static,
{
    let i18n = crate::i18n::use_i18n();
    let in_words = Callback::new(move |e: ApiError| Refused::Alert(login::login_error_message(i18n, &e)));
    view! {
        <p class="auth-card__lead">{move || lead.get()}</p>
        <ActionForm
            check=check
            call=call
            on_ok=move |()| on_sent.run(())
            refused=in_words
            submit=submit
            submitting=submitting
            block=true
            testid=testid
        >
            {children()}
        </ActionForm>
        <A href=crate::routes::AppRoute::Login.path() attr:class="link">
            {move || crate::i18n::t_string!(i18n, reset.back_to_login)}
        </A>
    }
}
