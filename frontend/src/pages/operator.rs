//! `/operator/organizations`: the platform operator's list of medical organizations and their
//! organizers, and "Register an organization" (ACC-1).

use common::ErrorCode;
use common::auth::{CreateOrganizationRequest, OrganizationDto, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;

use crate::api::{self, ApiError};
use crate::components::datetime::format_date;
use crate::components::feedback::{ErrorPanel, Skeleton, error_message};
use crate::components::person_form::{PersonFields, PersonForm};
use crate::components::time_zone::{TimeZonePicker, browser_zones, is_russian, parse_zone, zone_name};
use crate::components::ui::{FieldErr, FieldKind, FormAlert, Modal, Pagination, StatusBadge, TextField, use_toasts};
use crate::i18n::*;
use crate::session::RequireRole;

const PER_PAGE: u32 = 20;

#[component]
pub fn OrganizationsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, operator.page_title).to_owned() />
        <RequireRole roles=&[Role::Operator]>
            <Organizations />
        </RequireRole>
    }
}

#[component]
fn Organizations() -> impl IntoView {
    let i18n = use_i18n();
    let page = RwSignal::new(1u32);
    let version = RwSignal::new(0u32);
    let dialog_open = RwSignal::new(false);
    let list = LocalResource::new(move || {
        let page = page.get();
        version.track();
        async move { api::session::organizations(page, PER_PAGE).await }
    });
    let total = Signal::derive(move || list.get().and_then(|r| r.ok()).map_or(0, |p| p.total));
    view! {
        <section class="page" data-page="organizations">
            <header class="page-header page-header--actions">
                <div>
                    <h1>{t!(i18n, operator.title)}</h1>
                    <p class="page-header__lead">{t!(i18n, operator.lead)}</p>
                </div>
                <button type="button" class="btn btn--primary" on:click=move |_| dialog_open.set(true)>
                    <PlusIcon />
                    {t!(i18n, operator.register)}
                </button>
            </header>
            <Suspense fallback=|| view! { <Skeleton lines=6 /> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(p) if p.items.is_empty() && p.page == 1 => view! {
                            <div class="card empty-panel" data-testid="organizations-empty">
                                <h2>{t!(i18n, operator.empty_title)}</h2>
                                <p>{t!(i18n, operator.empty_text)}</p>
                            </div>
                        }.into_any(),
                        Ok(p) => view! { <OrganizationsTable items=p.items /> }.into_any(),
                        Err(e) => view! {
                            <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| list.refetch()) />
                        }.into_any(),
                    }
                })}
            </Suspense>
            <Pagination page=page per_page=PER_PAGE total=total />
        </section>
        <Modal id="register-organization" open=dialog_open title=move || t_string!(i18n, operator.dialog_title)>
            <RegisterOrganizationForm open=dialog_open on_created=Callback::new(move |()| version.update(|v| *v += 1)) />
        </Modal>
    }
}

#[component]
fn OrganizationsTable(items: Vec<OrganizationDto>) -> impl IntoView {
    let i18n = use_i18n();
    let col = |k: fn(leptos_i18n::I18nContext<Locale>) -> &'static str| move || k(i18n);
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="organizations">
                <caption class="visually-hidden">{t!(i18n, operator.title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{col(|i| t_string!(i, operator.col_name))}</th>
                        <th scope="col">{col(|i| t_string!(i, operator.col_time_zone))}</th>
                        <th scope="col">{col(|i| t_string!(i, operator.col_organizer))}</th>
                        <th scope="col">{col(|i| t_string!(i, operator.col_created))}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|org| {
                        let tz = org.time_zone.clone();
                        let created = org.created_at;
                        view! {
                            <tr>
                                <td data-label=move || t_string!(i18n, operator.col_name)><strong>{org.name.clone()}</strong></td>
                                <td data-label=move || t_string!(i18n, operator.col_time_zone)>{move || zone_name(i18n, &tz)}</td>
                                <td data-label=move || t_string!(i18n, operator.col_organizer)>
                                    {if org.organizers.is_empty() {
                                        view! { <span class="hint">"—"</span> }.into_any()
                                    } else {
                                        org.organizers.iter().map(|o| view! {
                                            <div class="person">
                                                <span class="person__name">{o.name.full()}</span>
                                                <span class="person__email">{o.email.clone()}</span>
                                                <StatusBadge status=o.status />
                                            </div>
                                        }).collect_view().into_any()
                                    }}
                                </td>
                                <td data-label=move || t_string!(i18n, operator.col_created)>{move || format_date(i18n, created)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn RegisterOrganizationForm(open: RwSignal<bool>, on_created: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let name = RwSignal::new(String::new());
    let name_error = RwSignal::new(None::<FieldErr>);
    let time_zone = RwSignal::new("Europe/Moscow".to_owned());
    let tz_error = RwSignal::new(None::<FieldErr>);
    let person = PersonForm::new();
    let pending = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<ApiError>);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submit_error.set(None);
        let org_name = name.get_untracked().split_whitespace().collect::<Vec<_>>().join(" ");
        if org_name.is_empty() {
            name_error.set(Some(FieldErr::Required));
        } else if org_name.chars().count() > 200 {
            name_error.set(Some(FieldErr::TooLongMax(200)));
        }
        let typed = time_zone.get_untracked();
        let zone = if is_russian(&typed) { Ok(typed) } else { parse_zone(&typed, &browser_zones()) };
        let zone = zone.map_err(|e| tz_error.set(Some(e))).ok();
        let parsed = person.parse();
        let (Some((email, full_name)), None, Some(zone)) = (parsed, name_error.get_untracked(), zone) else { return };
        let request = CreateOrganizationRequest {
            name: org_name,
            time_zone: zone,
            organizer_email: email.into_string(),
            organizer_name: full_name,
        };
        pending.set(true);
        spawn_local(async move {
            let result = api::session::create_organization(&request).await;
            pending.set(false);
            match result {
                Ok(org) => {
                    toasts.push(t_string!(i18n, operator.created, name = org.name).to_string());
                    open.set(false);
                    on_created.run(());
                }
                Err(e) if e.code() == Some(ErrorCode::ValidationFailed) => {
                    let mut shown = person.show_server_errors(&e, "organizer_email");
                    for (field, code) in e.field_errors() {
                        if field == "name" {
                            name_error.set(Some(FieldErr::from_code(FieldKind::Text, &code)));
                            shown = true;
                        } else if field == "time_zone" {
                            tz_error.set(Some(FieldErr::Invalid));
                            shown = true;
                        }
                    }
                    if !shown {
                        submit_error.set(Some(e));
                    }
                }
                Err(e) => submit_error.set(Some(e)),
            }
        });
    };
    let message = Signal::derive(move || submit_error.get().map(|e| error_message(i18n, e.kind()).to_owned()));
    view! {
        <form class="form" novalidate on:submit=on_submit>
            <FormAlert message=message />
            <TextField
                id="org-name"
                label=move || t_string!(i18n, operator.name_label)
                hint=move || t_string!(i18n, operator.name_hint)
                value=name
                error=name_error
                required=true
                autocomplete="organization"
            />
            <TimeZonePicker
                id="org-tz"
                label=Signal::derive(move || t_string!(i18n, operator.tz_label).to_owned())
                value=time_zone
                error=tz_error
            />
            <fieldset class="fieldset">
                <legend class="fieldset__legend">{t!(i18n, operator.organizer_legend)}</legend>
                <p class="field__hint">{t!(i18n, operator.organizer_hint)}</p>
                <PersonFields form=person ids=["org-email", "org-last", "org-first", "org-middle"] />
            </fieldset>
            <div class="dialog__actions">
                <button type="button" class="btn btn--secondary" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                <button type="submit" class="btn btn--primary" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { t_string!(i18n, operator.registering) } else { t_string!(i18n, operator.register_submit) }}
                </button>
            </div>
        </form>
    }
}

#[component]
pub fn PlusIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path d="M12 5v14M5 12h14" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" />
        </svg>
    }
}
