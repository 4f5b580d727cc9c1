//! `/operator/organizations`: the platform operator's list of medical organizations and their
//! organizers, and "Register an organization" (ACC-1).

use common::ErrorCode;
use common::auth::{CreateOrganizationRequest, OrganizationDto, Role};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::datetime::format_date;
use crate::components::form::{ActionForm, Refused};
use crate::components::page::{EmptyPanel, PageHeader, Paged, PagedView, RolePage};
use crate::components::person_form::{PersonFields, PersonForm};
use crate::components::table::{CardTable, Cell, Column};
use crate::components::time_zone::{TimeZonePicker, browser_zones, is_russian, parse_zone, zone_name};
use crate::components::ui::{FieldErr, FieldKind, Modal, StatusBadge, TextField, use_toasts};
use crate::i18n::*;

const PER_PAGE: u32 = 20;

#[component]
pub fn OrganizationsPage() -> impl IntoView {
    view! {
        <RolePage title=|i| t_string!(i, operator.page_title) roles=&[Role::Operator]>
            <Organizations />
        </RolePage>
    }
}

#[component]
fn Organizations() -> impl IntoView {
    let i18n = use_i18n();
    let dialog_open = RwSignal::new(false);
    let list = Paged::new(PER_PAGE, |page| async move { api::organization::organizations(page, PER_PAGE).await });
    let empty = move || {
        view! {
            <EmptyPanel
                testid="organizations-empty"
                title=move || t_string!(i18n, operator.empty_title)
                text=move || t_string!(i18n, operator.empty_text)
            />
        }
        .into_any()
    };
    view! {
        <section class="page" data-page="organizations">
            <PageHeader
                title=move || t_string!(i18n, operator.title)
                lead=move || t_string!(i18n, operator.lead)
                add=move || t_string!(i18n, operator.register)
                on_add=Some(Callback::new(move |()| dialog_open.set(true)))
            />
            <PagedView paged=list empty=empty render=|items| view! { <OrganizationsTable items=items /> }.into_any() empty_first_page_only=true />
        </section>
        <Modal id="register-organization" open=dialog_open title=move || t_string!(i18n, operator.dialog_title)>
            <RegisterOrganizationForm open=dialog_open on_created=list.refresher() />
        </Modal>
    }
}

const NAME: Column = Column::new(|i| t_string!(i, operator.col_name));
const TIME_ZONE: Column = Column::new(|i| t_string!(i, operator.col_time_zone));
const ORGANIZER: Column = Column::new(|i| t_string!(i, operator.col_organizer));
const CREATED: Column = Column::new(|i| t_string!(i, operator.col_created));

#[component]
fn OrganizationsTable(items: Vec<OrganizationDto>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <CardTable
            columns=&[NAME, TIME_ZONE, ORGANIZER, CREATED]
            caption=move || t_string!(i18n, operator.title)
            testid="organizations"
        >
            {items.into_iter().map(|org| {
                let tz = org.time_zone.clone();
                let created = org.created_at;
                view! {
                    <tr>
                        <Cell label=NAME.label><strong>{org.name.clone()}</strong></Cell>
                        <Cell label=TIME_ZONE.label>{move || zone_name(i18n, &tz)}</Cell>
                        <Cell label=ORGANIZER.label>
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
                        </Cell>
                        <Cell label=CREATED.label>{move || format_date(i18n, created)}</Cell>
                    </tr>
                }
            }).collect_view()}
        </CardTable>
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

    let check = move || {
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
        let (Some((email, full_name)), None, Some(zone)) = (parsed, name_error.get_untracked(), zone) else {
            return None;
        };
        Some(CreateOrganizationRequest {
            name: org_name,
            time_zone: zone,
            organizer_email: email.into_string(),
            organizer_name: full_name,
        })
    };
    let refused = Callback::new(move |e: ApiError| {
        if e.code() != Some(ErrorCode::ValidationFailed) {
            return Refused::Default;
        }
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
        if shown { Refused::AtField } else { Refused::Default }
    });
    let on_ok = move |org: OrganizationDto| {
        toasts.push(t_string!(i18n, operator.created, name = org.name).to_string());
        on_created.run(());
    };
    view! {
        <ActionForm
            check=check
            call=|request: CreateOrganizationRequest| async move { api::organization::create_organization(&request).await }
            on_ok=on_ok
            refused=refused
            open=open
            submit=move || t_string!(i18n, operator.register_submit)
            submitting=move || t_string!(i18n, operator.registering)
        >
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
        </ActionForm>
    }
}
