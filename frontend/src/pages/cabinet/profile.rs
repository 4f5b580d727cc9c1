//! Профиль (CAB-9): the card's data, read-only (corrections go through the organization); the
//! account's email and password (not while acting for a dependent); "My dependents" — the
//! request to add one, and the requests sent (CAB-10).

use common::ErrorCode;
use common::admin::Sex;
use common::cabinet::{CabinetProfileDto, DependentInput, DependentRequestDto, DependentRequestStatus};
use leptos::prelude::*;
use leptos_meta::Title;

use super::use_cabinet;
use crate::api::{self, ApiError};
use crate::components::datetime::{format_datetime, format_day, today};
use crate::components::feedback::error_message;
use crate::components::form::{ActionForm, Refused, show_at_fields};
use crate::components::page::{Loaded, PageHeader, Reloaded};
use crate::components::person_form::{NameFields, PersonForm, SexField};
use crate::components::ui::{FieldErr, FieldKind, TextField, use_toasts};
use crate::i18n::*;
use crate::pages::accounts::profile::{EmailCard, PasswordCard};

#[component]
pub fn ProfileTab() -> impl IntoView {
    let i18n = use_i18n();
    let cabinet = use_cabinet();
    let profile = cabinet.load(api::cabinet::profile);
    view! {
        <Title text=move || t_string!(i18n, cabinet.tabs.profile).to_owned() />
        <section class="page page--narrow" data-page="cabinet-profile">
            <PageHeader title=move || t_string!(i18n, cabinet.profile.title) />
            <Loaded resource=profile skeleton=8 render=move |p| view! { <Profile profile=p /> }.into_any() />
        </section>
    }
}

#[component]
fn Profile(profile: CabinetProfileDto) -> impl IntoView {
    let i18n = use_i18n();
    let birth = profile.birth_date;
    let sex = profile.sex;
    let name = [Some(profile.last_name.clone()), Some(profile.first_name.clone()), profile.middle_name.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let dash = || "—".to_owned();
    let account_email = profile.account_email.clone();
    view! {
        <section class="card stack-card" aria-labelledby="card-data" data-testid="card-data">
            <h2 id="card-data">{t!(i18n, cabinet.profile.card_title)}</h2>
            <dl class="facts">
                <div class="facts__row"><dt>{t!(i18n, cabinet.profile.name)}</dt><dd>{name}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, cabinet.profile.birth_date)}</dt><dd>{move || format_day(i18n, birth)}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, cabinet.profile.sex)}</dt><dd>{move || match sex {
                    Sex::Male => t_string!(i18n, patients.sex_male),
                    Sex::Female => t_string!(i18n, patients.sex_female),
                }}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, cabinet.profile.email)}</dt><dd>{profile.email.clone().unwrap_or_else(dash)}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, cabinet.profile.phone)}</dt><dd>{profile.phone.clone().unwrap_or_else(dash)}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, cabinet.profile.snils)}</dt><dd>{profile.snils.clone().unwrap_or_else(dash)}</dd></div>
                <div class="facts__row"><dt>{t!(i18n, cabinet.profile.organization)}</dt><dd>{profile.organization_name.clone()}</dd></div>
            </dl>
            <p class="hint">{t!(i18n, cabinet.profile.correction_hint)}</p>
        </section>
        {if profile.account_actions {
            view! {
                <section class="stack-card" aria-labelledby="account-title" data-testid="account-section">
                    <h2 id="account-title">{t!(i18n, cabinet.profile.account_title)}</h2>
                    <p class="hint">{move || t_string!(i18n, cabinet.profile.account_email, email = account_email.clone()).to_string()}</p>
                    <EmailCard current=profile.account_email.clone() />
                    <PasswordCard email=profile.account_email.clone() />
                </section>
                <Dependents />
            }.into_any()
        } else {
            view! {
                <p class="alert alert--info" data-testid="account-hidden">{t!(i18n, cabinet.profile.account_hidden)}</p>
            }.into_any()
        }}
    }
}

#[component]
fn Dependents() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = Reloaded::new(api::cabinet::dependents);
    let (list, sent) = (loaded.resource, loaded.refresher());
    view! {
        <section class="stack-card" aria-labelledby="dependents-title" data-testid="dependents">
            <h2 id="dependents-title">{t!(i18n, cabinet.dependents.title)}</h2>
            <p class="hint">{t!(i18n, cabinet.dependents.lead)}</p>
            <Loaded resource=list skeleton=3 render=move |value| match value {
                items if items.is_empty() => view! {
                    <p class="card" data-testid="dependents-empty">{t!(i18n, cabinet.dependents.empty)}</p>
                }.into_any(),
                items => view! {
                    <ul class="news-list" role="list" data-testid="dependent-requests">
                        {items.into_iter().map(|d| view! { <DependentCard item=d /> }).collect_view()}
                    </ul>
                }.into_any(),
            } />
            <DependentForm on_sent=sent />
        </section>
    }
}

#[component]
fn DependentCard(item: DependentRequestDto) -> impl IntoView {
    let i18n = use_i18n();
    let birth = item.birth_date;
    let created = item.created_at;
    let name = [Some(item.last_name.clone()), Some(item.first_name.clone()), item.middle_name.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <li class="card news-card" data-status=item.status.as_str()>
            <div class="news-card__meta">
                {match item.status {
                    DependentRequestStatus::Requested => view! { <span class="badge badge--warning"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, cabinet.dependents.requested)}</span> }.into_any(),
                    DependentRequestStatus::Confirmed => view! { <span class="badge badge--success"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, cabinet.dependents.confirmed)}</span> }.into_any(),
                    DependentRequestStatus::Rejected => view! { <span class="badge badge--danger"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, cabinet.dependents.rejected)}</span> }.into_any(),
                }}
                <span class="hint">{move || t_string!(i18n, cabinet.dependents.sent_at, date = format_datetime(i18n, created)).to_string()}</span>
            </div>
            <h3 class="news-card__title">{name}</h3>
            <p class="hint">{move || t_string!(i18n, cabinet.dependents.born, date = format_day(i18n, birth)).to_string()}</p>
        </li>
    }
}

#[component]
fn DependentForm(on_sent: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let person = PersonForm::new();
    let birth = RwSignal::new(String::new());
    let birth_error = RwSignal::new(None::<FieldErr>);
    let sex = RwSignal::new(None::<Sex>);
    let sex_error = RwSignal::new(None::<FieldErr>);
    let check = move || {
        let name = person.parse_name();
        let birth_date = match chrono::NaiveDate::parse_from_str(birth.get_untracked().trim(), "%Y-%m-%d") {
            _ if birth.get_untracked().trim().is_empty() => {
                birth_error.set(Some(FieldErr::Required));
                None
            }
            Ok(d) if d > today() => {
                birth_error.set(Some(FieldErr::DateInFuture));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                birth_error.set(Some(FieldErr::DateFormat));
                None
            }
        };
        let chosen = sex.get_untracked();
        if chosen.is_none() {
            sex_error.set(Some(FieldErr::Required));
        }
        let (name, birth_date, sex) = (name?, birth_date?, chosen?);
        Some(DependentInput {
            last_name: name.last_name,
            first_name: name.first_name,
            middle_name: name.middle_name,
            birth_date,
            sex,
        })
    };
    let on_ok = move |_| {
        person.last.set(String::new());
        person.first.set(String::new());
        person.middle.set(String::new());
        birth.set(String::new());
        sex.set(None);
        toasts.push(t_string!(i18n, cabinet.dependents.sent).to_owned());
        on_sent.run(());
    };
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::ValidationFailed) => {
            let on_name = person.show_server_errors(&e, "-");
            let on_rest = show_at_fields(
                &e,
                &[("birth_date", FieldKind::Date, birth_error), ("sex", FieldKind::Text, sex_error)],
            );
            if on_name || on_rest { Refused::AtField } else { Refused::Alert(error_message(i18n, e.kind()).to_owned()) }
        }
        Some(ErrorCode::ActingForDependent) => {
            Refused::Alert(t_string!(i18n, cabinet.profile.account_hidden).to_owned())
        }
        _ => Refused::Alert(error_message(i18n, e.kind()).to_owned()),
    });
    view! {
        <div class="card">
            <ActionForm
                check=check
                call=|input: DependentInput| async move { api::cabinet::request_dependent(&input).await }
                on_ok=on_ok
                refused=refused
                submit=move || t_string!(i18n, cabinet.dependents.submit)
                submitting=move || t_string!(i18n, cabinet.dependents.sending)
                actions_class="form__actions"
                testid="dependent-form"
                heading=move || t_string!(i18n, cabinet.dependents.form_title)
                heading_hint=move || t_string!(i18n, cabinet.dependents.form_hint)
                minor_heading=true
            >
                <NameFields form=person ids=["dependent-last", "dependent-first", "dependent-middle"] />
                <div class="form__row">
                    <TextField id="dependent-birth" label=move || t_string!(i18n, cabinet.dependents.birth_date) value=birth error=birth_error input_type="date" required=true />
                    <SexField id="dependent-sex" label=move || t_string!(i18n, cabinet.dependents.sex) value=sex error=sex_error />
                </div>
            </ActionForm>
        </div>
    }
}
