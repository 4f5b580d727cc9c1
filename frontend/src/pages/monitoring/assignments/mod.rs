//! The assignments of a patient's monitoring page (MON-2): what he is asked to answer and when
//! ("ежедневно", "по пн, чт", "однократно 5 дек."), the last due day and whether it was
//! answered; for a doctor, "Назначить анкету" and "Завершить". An assistant reads them only
//! (the server answers him 403 `doctor_only`).

use common::auth::Role;
use common::ids::PatientId;
use common::monitoring::AssignmentDto;
use leptos::prelude::*;

use super::{schedule_text, text};
use crate::api::{self, ApiError};
use crate::components::datetime::{format_date, format_day, today};
use crate::components::form::{ConfirmForm, Refused};
use crate::components::page::{EmptyPanel, Loaded, Reloaded, SectionCard};
use crate::components::table::{ACTIONS, CardTable, Cell, Column};
use crate::components::ui::{Modal, use_toasts};
use crate::i18n::*;
use crate::session::use_session;

mod assign;

use assign::{AssignForm, assign_error};

#[component]
pub fn AssignmentsSection(id: PatientId) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let is_doctor = Memo::new(move |_| session.role() == Some(Role::Doctor));
    let loaded = Reloaded::new(move || api::monitoring::assignments(id));
    let (list, refresh) = (loaded.resource, loaded.refresher());
    // Questionnaires with an active assignment: assigning one again is refused.
    let active = Signal::derive(move || {
        list.get()
            .and_then(Result::ok)
            .map(|items| items.into_iter().filter(|a| a.ended_at.is_none()).map(|a| a.questionnaire_id).collect())
            .unwrap_or_default()
    });
    let assign_open = RwSignal::new(false);
    let end_open = RwSignal::new(false);
    let to_end = RwSignal::new(None::<AssignmentDto>);
    let ask_end = Callback::new(move |a: AssignmentDto| {
        to_end.set(Some(a));
        end_open.set(true);
    });
    view! {
        <SectionCard
            title_id="assignments-title"
            title=move || t_string!(i18n, monitoring.assignments_title)
            testid="assignments"
            add=move || t_string!(i18n, monitoring.assign)
            on_add=Callback::new(move |()| assign_open.set(true))
            can_add=is_doctor
        >
            <Loaded resource=list skeleton=3 render=move |value| match value {
                items if items.is_empty() => view! {
                    <EmptyPanel
                        flat=true
                        testid="assignments-empty"
                        title=move || t_string!(i18n, monitoring.assignments_empty)
                        text=move || if is_doctor.get() { t_string!(i18n, monitoring.assignments_empty_doctor) } else { t_string!(i18n, monitoring.assignments_empty_assistant) }
                    />
                }.into_any(),
                mut items => {
                    // Active first, each group newest first.
                    items.sort_by(|a, b| a.ended_at.is_some().cmp(&b.ended_at.is_some()).then(b.created_at.cmp(&a.created_at)));
                    view! { <AssignmentTable items=items is_doctor=is_doctor on_end=ask_end /> }.into_any()
                }
            } />
            <Modal id="assign-dialog" open=assign_open title=move || t_string!(i18n, monitoring.assign_title)>
                <AssignForm id=id active=active open=assign_open on_done=refresh />
            </Modal>
            <Modal id="end-dialog" open=end_open title=move || t_string!(i18n, monitoring.end_title)>
                {move || to_end.get().map(|a| view! { <EndForm id=id assignment=a open=end_open on_done=refresh /> })}
            </Modal>
        </SectionCard>
    }
}

const COL_QUESTIONNAIRE: Column = Column::new(|i| t_string!(i, monitoring.col_questionnaire));
const COL_SCHEDULE: Column = Column::new(|i| t_string!(i, monitoring.col_schedule));
const COL_LAST_DUE: Column = Column::new(|i| t_string!(i, monitoring.col_last_due));

#[component]
fn AssignmentTable(items: Vec<AssignmentDto>, is_doctor: Memo<bool>, on_end: Callback<AssignmentDto>) -> impl IntoView {
    let i18n = use_i18n();
    let now_day = today();
    view! {
        <CardTable columns=&[COL_QUESTIONNAIRE, COL_SCHEDULE, COL_LAST_DUE, ACTIONS] caption=move || t_string!(i18n, monitoring.assignments_title) testid="assignment-list">
                    {items.into_iter().map(|a| {
                        let title = a.title.clone();
                        let schedule = a.schedule.clone();
                        let ended = a.ended_at;
                        let last_due = a.last_due;
                        let answered = a.last_due_answered;
                        let by = a.assigned_by_name.clone();
                        let created = a.created_at;
                        let to_end = a.clone();
                        view! {
                            <tr data-assignment=a.id.to_string() data-ended=ended.is_some().to_string()>
                                <Cell label=COL_QUESTIONNAIRE.label>
                                    <span class="assignment__title">{move || text(i18n, &title)}</span>
                                    <span class="hint assignment__by">
                                        {move || t_string!(i18n, monitoring.assigned_by, name = by.clone(), date = format_date(i18n, created)).to_string()}
                                    </span>
                                </Cell>
                                <Cell label=COL_SCHEDULE.label>
                                    {move || schedule_text(i18n, &schedule, now_day)}
                                    {ended.map(|at| view! {
                                        <span class="badge assignment__ended">
                                            <span class="badge__dot" aria-hidden="true"></span>
                                            {move || t_string!(i18n, monitoring.ended_on, date = format_date(i18n, at)).to_string()}
                                        </span>
                                    })}
                                </Cell>
                                <Cell label=COL_LAST_DUE.label>
                                    {match last_due {
                                        Some(day) => view! {
                                            <span class="assignment__due">
                                                <span>{move || format_day(i18n, day)}</span>
                                                {if answered {
                                                    view! {
                                                        <span class="badge badge--success" data-answered="true">
                                                            <span class="badge__dot" aria-hidden="true"></span>
                                                            {move || t_string!(i18n, monitoring.answered)}
                                                        </span>
                                                    }.into_any()
                                                } else {
                                                    view! {
                                                        <span class="badge badge--warning" data-answered="false">
                                                            <span class="badge__dot" aria-hidden="true"></span>
                                                            {move || t_string!(i18n, monitoring.not_answered)}
                                                        </span>
                                                    }.into_any()
                                                }}
                                            </span>
                                        }.into_any(),
                                        None => view! { <span class="muted">{move || t_string!(i18n, monitoring.not_due_yet)}</span> }.into_any(),
                                    }}
                                </Cell>
                                <td class="table__actions">
                                    <Show when=move || is_doctor.get() && ended.is_none()>
                                        {
                                            let to_end = to_end.clone();
                                            let name = text(i18n, &to_end.title);
                                            view! {
                                                <button type="button" class="btn btn--secondary btn--small"
                                                    aria-label=move || t_string!(i18n, monitoring.end_of, title = name.clone()).to_string()
                                                    on:click=move |_| on_end.run(to_end.clone())>
                                                    {t!(i18n, monitoring.end)}
                                                </button>
                                            }
                                        }
                                    </Show>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
        </CardTable>
    }
}

/// "Завершить": the patient stops getting this questionnaire; his answers stay.
#[component]
fn EndForm(id: PatientId, assignment: AssignmentDto, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let aid = assignment.id;
    let title = assignment.title.clone();
    view! {
        <ConfirmForm
            lead=move || t_string!(i18n, monitoring.end_lead, title = text(i18n, &title)).to_string()
            call=move || api::monitoring::end_assignment(id, aid)
            on_ok=move |_| {
                toasts.push(t_string!(i18n, monitoring.ended_toast).to_owned());
                on_done.run(());
            }
            open=open
            refused=Callback::new(move |e: ApiError| Refused::Alert(assign_error(i18n, &e)))
            submit=move || t_string!(i18n, monitoring.end)
            submitting=move || t_string!(i18n, monitoring.ending)
            submit_class="btn btn--primary"
            testid="end-form"
            alert_testid="end-error"
        />
    }
}
