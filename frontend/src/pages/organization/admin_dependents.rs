//! `/admin/dependent-requests` ("Заявки на подопечных", CAB-10): a patient asked to add a
//! dependent; the organizer confirms (the card and the representation until a date are
//! created) or declines.

use chrono::{Months, NaiveDate};
use common::ErrorCode;
use common::admin::Sex;
use common::auth::Role;
use common::cabinet::{DependentRequestDto, DependentRequestStatus};
use common::person::FullName;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::datetime::{format_date, format_day, today};
use crate::components::form::{ActionForm, ConfirmForm, FieldErrors, FieldKind, Refused, day_from};
use crate::components::page::{ActionModal, EmptyPanel, ListView, PageHeader, Reloaded, RolePage, RowDialog};
use crate::components::table::{ACTIONS, CardTable, Cell, Column, DANGER_ROW_BUTTON, RowButton};
use crate::components::ui::{FieldErr, TextField, use_toasts};
use crate::i18n::*;

#[component]
pub fn AdminDependentsPage() -> impl IntoView {
    view! {
        <RolePage title=|i| t_string!(i, org_cabinet.nav_dependents) roles=&[Role::Organizer]>
            <DependentList />
        </RolePage>
    }
}

/// The representation's default end: the dependent's 18th birthday if it is still ahead, else
/// one year from today.
pub fn default_until(birth: NaiveDate, today: NaiveDate) -> NaiveDate {
    let adult = birth.checked_add_months(Months::new(18 * 12)).unwrap_or(birth);
    if adult > today { adult } else { today.checked_add_months(Months::new(12)).unwrap_or(today) }
}

fn full_name(r: &DependentRequestDto) -> String {
    FullName::of(&r.last_name, &r.first_name, r.middle_name.as_deref()).full()
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Decision {
    Confirm(DependentRequestDto),
    Reject(DependentRequestDto),
}

#[component]
fn DependentList() -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(Some(DependentRequestStatus::Requested));
    let list = Reloaded::new(move || {
        let status = status.get();
        async move { api::organization::dependent_requests(status).await }
    });
    let refresh = list.refresher();
    let dialog = RowDialog::new();
    let title = move |d: &Decision| match d {
        Decision::Confirm(_) => t_string!(i18n, org_cabinet.dep_confirm_title),
        Decision::Reject(_) => t_string!(i18n, org_cabinet.dep_reject_title),
    };
    let content = move |d| match d {
        Decision::Confirm(r) => view! { <ConfirmRequest request=r open=dialog.open on_done=refresh /> }.into_any(),
        Decision::Reject(r) => view! { <RejectForm request=r open=dialog.open on_done=refresh /> }.into_any(),
    };
    let filter_button = move |s: Option<DependentRequestStatus>| {
        let text = move || match s {
            Some(DependentRequestStatus::Requested) => t_string!(i18n, org_cabinet.dep_requested),
            Some(DependentRequestStatus::Confirmed) => t_string!(i18n, org_cabinet.dep_confirmed),
            Some(DependentRequestStatus::Rejected) => t_string!(i18n, org_cabinet.dep_rejected),
            None => t_string!(i18n, org_cabinet.dep_all),
        };
        view! {
            <button type="button" class="segmented__option" aria-pressed=move || if status.get() == s { "true" } else { "false" }
                on:click=move |_| status.set(s)>
                {text}
            </button>
        }
    };
    view! {
        <section class="page" data-page="admin-dependents">
            <PageHeader title=move || t_string!(i18n, org_cabinet.nav_dependents) lead=move || t_string!(i18n, org_cabinet.dep_lead) />
            <div class="segmented" role="group" aria-label=move || t_string!(i18n, org_cabinet.dep_filter)>
                {filter_button(Some(DependentRequestStatus::Requested))}
                {filter_button(Some(DependentRequestStatus::Confirmed))}
                {filter_button(Some(DependentRequestStatus::Rejected))}
                {filter_button(None)}
            </div>
            <ListView
                resource=list.resource
                skeleton=5
                empty=move || view! {
                    <EmptyPanel testid="dependents-empty" title=move || t_string!(i18n, org_cabinet.dep_empty) text=move || t_string!(i18n, org_cabinet.dep_empty_text) />
                }.into_any()
                render=move |items| view! { <DependentTable items=items on_decide=dialog.opener() /> }.into_any()
            />
        </section>
        <ActionModal id="dependent-dialog" dialog=dialog title=title content=content />
    }
}

#[component]
fn RequestStatusBadge(status: DependentRequestStatus) -> impl IntoView {
    let (class, text): (&str, fn(leptos_i18n::I18nContext<Locale>) -> &'static str) = match status {
        DependentRequestStatus::Requested => {
            ("badge badge--warning", |i| t_string!(i, org_cabinet.dep_status_requested))
        }
        DependentRequestStatus::Confirmed => {
            ("badge badge--success", |i| t_string!(i, org_cabinet.dep_status_confirmed))
        }
        DependentRequestStatus::Rejected => ("badge badge--danger", |i| t_string!(i, org_cabinet.dep_status_rejected)),
    };
    view! { <crate::components::ui::DotBadge class=class status=status.as_str() text=text /> }
}

const DEP_REQUESTER: Column = Column::new(|i| t_string!(i, org_cabinet.dep_col_requester));
const DEP_DEPENDENT: Column = Column::new(|i| t_string!(i, org_cabinet.dep_col_dependent));
const DEP_STATUS: Column = Column::new(|i| t_string!(i, org_cabinet.dep_col_status));

#[component]
fn DependentTable(items: Vec<DependentRequestDto>, on_decide: Callback<Decision>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <CardTable columns=&[DEP_REQUESTER, DEP_DEPENDENT, DEP_STATUS, ACTIONS] caption=move || t_string!(i18n, org_cabinet.nav_dependents) testid="dependent-requests">
                    {items.into_iter().map(|r| {
                        let born = r.birth_date;
                        let sex = r.sex;
                        let created = r.created_at;
                        let decided = r.decided_at;
                        let pending = r.status == DependentRequestStatus::Requested;
                        let confirm = r.clone();
                        let reject = r.clone();
                        let (by_name, by_email, dependent, status) =
                            (r.requested_by_name.clone(), r.requested_by_email.clone(), full_name(&r), r.status);
                        view! {
                            <tr data-request=r.id.to_string()>
                                <Cell label=DEP_REQUESTER.label>
                                    <span class="person">
                                        <span class="person__name">{by_name}</span>
                                        <span class="person__email">{by_email}</span>
                                        <span class="person__email">{move || format_date(i18n, created)}</span>
                                    </span>
                                </Cell>
                                <Cell label=DEP_DEPENDENT.label>
                                    <span class="person">
                                        <span class="person__name">{dependent}</span>
                                        <span class="person__email">{move || t_string!(i18n, org_cabinet.dep_born, date = format_day(i18n, born)).to_string()}</span>
                                        <span class="person__email">{move || {
                                            let s = match sex {
                                                Sex::Male => t_string!(i18n, org_cabinet.dep_sex_male),
                                                Sex::Female => t_string!(i18n, org_cabinet.dep_sex_female),
                                            };
                                            t_string!(i18n, org_cabinet.dep_sex, sex = s).to_string()
                                        }}</span>
                                    </span>
                                </Cell>
                                <Cell label=DEP_STATUS.label>
                                    <span class="stack stack--gap">
                                        <RequestStatusBadge status=status />
                                        {decided.map(|at| view! {
                                            <span class="hint">{move || t_string!(i18n, org_cabinet.dep_decided, date = format_date(i18n, at)).to_string()}</span>
                                        })}
                                    </span>
                                </Cell>
                                <td class="table__actions">
                                    {pending.then(|| view! {
                                        <RowButton on_action=on_decide action=Decision::Confirm(confirm) text=move || t_string!(i18n, org_cabinet.dep_confirm) class="btn btn--primary btn--small" />
                                        <RowButton on_action=on_decide action=Decision::Reject(reject) text=move || t_string!(i18n, org_cabinet.dep_reject) class=DANGER_ROW_BUTTON />
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
        </CardTable>
    }
}

#[component]
fn ConfirmRequest(request: DependentRequestDto, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let until = RwSignal::new(default_until(request.birth_date, today()).format("%Y-%m-%d").to_string());
    let errors = FieldErrors::new();
    let id = request.id;
    let dependent = full_name(&request);
    let requester = request.requested_by_name.clone();
    let toast_name = dependent.clone();
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::ValidationFailed) if e.field_errors().iter().any(|(f, _)| f == "until") => {
            errors.put("until", FieldErr::OutOfRange);
            Refused::AtField
        }
        Some(ErrorCode::Conflict) => Refused::Alert(t_string!(i18n, org_cabinet.dep_conflict).to_owned()),
        _ => Refused::Default,
    });
    let on_ok = move |_| {
        toasts.push(t_string!(i18n, org_cabinet.dep_confirmed_toast, name = toast_name.clone()).to_string());
        on_done.run(());
    };
    view! {
        <ActionForm
            check=move || day_from(&until.get_untracked(), today()).map_err(|e| errors.put("until", e)).ok()
            call=move |day: NaiveDate| api::organization::confirm_dependent(id, day)
            on_ok=on_ok
            errors=errors
            refused=refused
            open=open
            submit=move || t_string!(i18n, org_cabinet.dep_confirm)
            submitting=move || t_string!(i18n, org_cabinet.dep_confirming)
            testid="dependent-confirm"
            lead=move || t_string!(i18n, org_cabinet.dep_confirm_lead, dependent = dependent.clone(), requester = requester.clone()).to_string()
        >
            <TextField id="dependent-until" label=move || t_string!(i18n, org_cabinet.dep_until) hint=move || t_string!(i18n, org_cabinet.dep_until_hint) value=until error=errors.at("until", FieldKind::Date) input_type="date" required=true />
        </ActionForm>
    }
}

#[component]
fn RejectForm(request: DependentRequestDto, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = request.id;
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::Conflict) => Refused::Alert(t_string!(i18n, org_cabinet.dep_conflict).to_owned()),
        _ => Refused::Default,
    });
    let dependent = full_name(&request);
    let requester = request.requested_by_name.clone();
    view! {
        <ConfirmForm
            lead=move || t_string!(i18n, org_cabinet.dep_reject_lead, requester = requester.clone(), dependent = dependent.clone()).to_string()
            call=move || api::organization::reject_dependent(id)
            on_ok=move |_| {
                toasts.push(t_string!(i18n, org_cabinet.dep_rejected_toast).to_owned());
                on_done.run(());
            }
            open=open
            refused=refused
            submit=move || t_string!(i18n, org_cabinet.dep_reject)
            submitting=move || t_string!(i18n, org_cabinet.dep_rejecting)
            testid="dependent-reject"
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn representation_ends_at_eighteen_or_in_a_year() {
        assert_eq!(default_until(d(2015, 6, 1), d(2026, 11, 29)), d(2033, 6, 1));
        assert_eq!(default_until(d(1950, 6, 1), d(2026, 11, 29)), d(2027, 11, 29));
        // The 18th birthday today is not "in the future".
        assert_eq!(default_until(d(2008, 11, 29), d(2026, 11, 29)), d(2027, 11, 29));
        // 29 February: chrono clamps to the 28th.
        assert_eq!(default_until(d(2012, 2, 29), d(2026, 11, 29)), d(2030, 2, 28));
    }
}
