//! The "Назначения" tab of the patient page (CAB-2 from the staff side): the list with kind and
//! status, a doctor's form to add one, and the status toggle.

use common::ErrorCode;
use common::auth::Role;
use common::ids::PatientId;
use common::record::{
    PRESCRIPTION_DETAILS_MAX, PRESCRIPTION_TITLE_MAX, PrescriptionDto, PrescriptionInput, PrescriptionKind,
    PrescriptionStatus,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::datetime::{format_date, format_day};
use crate::components::feedback::error_message;
use crate::components::form::{ActionForm, FieldErrors, Refused};
use crate::components::page::{EmptyPanel, Loaded, Reloaded, SectionCard};
use crate::components::table::{ACTIONS, CardTable, Cell, Column};
use crate::components::ui::{FieldErr, FieldKind, FormAlert, Modal, TextAreaField, TextField, use_toasts};
use crate::i18n::*;
use crate::session::use_session;

use super::author_line;

#[component]
pub fn PrescriptionsTab(id: PatientId) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let is_doctor = Memo::new(move |_| session.role() == Some(Role::Doctor));
    let loaded = Reloaded::new(move || api::record::prescriptions(id));
    let (list, refresh) = (loaded.resource, loaded.refresher());
    let open = RwSignal::new(false);
    view! {
        <SectionCard
            title_id="prescriptions-title"
            title=move || t_string!(i18n, record.rx_title)
            testid="prescriptions-tab"
            add=move || t_string!(i18n, record.rx_add)
            on_add=Callback::new(move |()| open.set(true))
            can_add=is_doctor
        >
            <Loaded resource=list skeleton=4 render=move |value| match value {
                items if items.is_empty() => view! {
                    <EmptyPanel
                        flat=true
                        testid="prescriptions-empty"
                        title=move || t_string!(i18n, record.rx_empty_title)
                        text=move || if is_doctor.get() { t_string!(i18n, record.rx_empty_doctor) } else { t_string!(i18n, record.rx_empty_assistant) }
                    />
                }.into_any(),
                items => view! { <PrescriptionTable id=id items=items on_changed=refresh /> }.into_any(),
            } />
        </SectionCard>
        <Modal id="prescription-dialog" open=open title=move || t_string!(i18n, record.rx_add)>
            <PrescriptionForm id=id open=open on_done=refresh />
        </Modal>
    }
}

#[component]
fn KindBadge(kind: PrescriptionKind) -> impl IntoView {
    let i18n = use_i18n();
    let (class, text): (&str, fn(leptos_i18n::I18nContext<Locale>) -> &'static str) = match kind {
        PrescriptionKind::Prescribed => ("badge badge--info", |i| t_string!(i, record.rx_prescribed)),
        PrescriptionKind::Recommended => ("badge", |i| t_string!(i, record.rx_recommended)),
    };
    view! { <span class=class data-kind=kind.as_str()>{move || text(i18n)}</span> }
}

#[component]
fn RxStatusBadge(status: PrescriptionStatus) -> impl IntoView {
    let (class, text): (&str, fn(leptos_i18n::I18nContext<Locale>) -> &'static str) = match status {
        PrescriptionStatus::Todo => ("badge badge--warning", |i| t_string!(i, record.rx_todo)),
        PrescriptionStatus::Done => ("badge badge--success", |i| t_string!(i, record.rx_done)),
    };
    view! { <crate::components::ui::DotBadge class=class status=status.as_str() text=text /> }
}

const RX_TITLE: Column = Column::new(|i| t_string!(i, record.rx_col_title));
const RX_KIND: Column = Column::new(|i| t_string!(i, record.rx_kind));
const RX_DUE: Column = Column::new(|i| t_string!(i, record.rx_col_due));
const COL_STATUS: Column = Column::new(|i| t_string!(i, record.col_status));

#[component]
fn PrescriptionTable(id: PatientId, items: Vec<PrescriptionDto>, on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let busy = RwSignal::new(None::<common::ids::PrescriptionId>);
    let error = RwSignal::new(None::<String>);
    view! {
        <FormAlert message=Signal::derive(move || error.get()) testid="prescription-error" />
        <CardTable columns=&[RX_TITLE, RX_KIND, RX_DUE, COL_STATUS, ACTIONS] caption=move || t_string!(i18n, record.rx_title) testid="prescriptions">
                    {items.into_iter().map(|p| {
                        let pid = p.id;
                        let status = p.status;
                        let due = p.due_on;
                        let done_at = p.done_at;
                        let by = p.prescribed_by.clone();
                        let next = match status {
                            PrescriptionStatus::Todo => PrescriptionStatus::Done,
                            PrescriptionStatus::Done => PrescriptionStatus::Todo,
                        };
                        let toggle = move |_| {
                            if busy.get_untracked().is_some() {
                                return;
                            }
                            busy.set(Some(pid));
                            error.set(None);
                            spawn_local(async move {
                                let result = api::record::set_prescription_status(id, pid, next).await;
                                busy.set(None);
                                match result {
                                    Ok(_) => {
                                        toasts.push(t_string!(i18n, record.rx_status_saved).to_owned());
                                        on_changed.run(());
                                    }
                                    Err(e) => error.set(Some(error_message(i18n, e.kind()).to_owned())),
                                }
                            });
                        };
                        let details = p.details.clone();
                        view! {
                            <tr data-prescription=pid.to_string()>
                                <Cell label=RX_TITLE.label>
                                    <span class="person">
                                        <span class="person__name">{p.title.clone()}</span>
                                        {(!details.is_empty()).then(|| view! { <span class="rx-details">{details.clone()}</span> })}
                                        <span class="person__email">{move || author_line(i18n, &by)}</span>
                                    </span>
                                </Cell>
                                <Cell label=RX_KIND.label><KindBadge kind=p.kind /></Cell>
                                <Cell label=RX_DUE.label class="nowrap">
                                    {move || due.map_or_else(|| t_string!(i18n, record.rx_no_due).to_owned(), |d| format_day(i18n, d))}
                                </Cell>
                                <Cell label=COL_STATUS.label>
                                    <span class="stack stack--gap">
                                        <RxStatusBadge status=status />
                                        {done_at.map(|at| view! {
                                            <span class="hint">{move || t_string!(i18n, record.rx_done_at, date = format_date(i18n, at)).to_string()}</span>
                                        })}
                                    </span>
                                </Cell>
                                <td class="table__actions">
                                    <button type="button" class="btn btn--secondary btn--small"
                                        aria-disabled=move || (busy.get() == Some(pid)).then_some("true")
                                        on:click=toggle>
                                        {move || match next {
                                            PrescriptionStatus::Done => t_string!(i18n, record.rx_mark_done),
                                            PrescriptionStatus::Todo => t_string!(i18n, record.rx_mark_todo),
                                        }}
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
        </CardTable>
    }
}

/// The errors of the title, the details and the due date.
pub type RxErrors = (Option<FieldErr>, Option<FieldErr>, Option<FieldErr>);

/// A translated text picked by a variant.
type Label = fn(leptos_i18n::I18nContext<Locale>) -> &'static str;

/// The prescription as the server takes it, or the errors of the title, details and due date.
pub fn parse_prescription(
    kind: PrescriptionKind,
    title: &str,
    details: &str,
    due: &str,
) -> Result<PrescriptionInput, RxErrors> {
    let title = title.trim();
    let details = details.trim();
    let title_err = if title.is_empty() {
        Some(FieldErr::Required)
    } else {
        (title.chars().count() > PRESCRIPTION_TITLE_MAX).then_some(FieldErr::TooLongMax(PRESCRIPTION_TITLE_MAX))
    };
    let details_err =
        (details.chars().count() > PRESCRIPTION_DETAILS_MAX).then_some(FieldErr::TooLongMax(PRESCRIPTION_DETAILS_MAX));
    let due = if due.trim().is_empty() {
        Ok(None)
    } else {
        chrono::NaiveDate::parse_from_str(due.trim(), "%Y-%m-%d").map(Some).map_err(|_| FieldErr::DateFormat)
    };
    match (title_err, details_err, due) {
        (None, None, Ok(due_on)) => {
            Ok(PrescriptionInput { kind, title: title.to_owned(), details: details.to_owned(), due_on })
        }
        (t, d, due) => Err((t, d, due.err())),
    }
}

#[component]
fn PrescriptionForm(id: PatientId, open: RwSignal<bool>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let kind = RwSignal::new(PrescriptionKind::Prescribed);
    let title = RwSignal::new(String::new());
    let details = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let errors = FieldErrors::new();
    let check = move || {
        parse_prescription(kind.get_untracked(), &title.get_untracked(), &details.get_untracked(), &due.get_untracked())
            .map_err(|(t, d, u)| errors.put_each([("title", t), ("details", d), ("due_on", u)]))
            .ok()
    };
    let refused = Callback::new(move |e: ApiError| match e.code() {
        Some(ErrorCode::DoctorOnly) => Refused::Alert(t_string!(i18n, record.doctor_only).to_owned()),
        _ => Refused::Default,
    });
    let on_ok = move |_| {
        toasts.push(t_string!(i18n, record.rx_saved).to_owned());
        on_done.run(());
    };
    let radio = move |k: PrescriptionKind| {
        let (label, hint): (Label, Label) = match k {
            PrescriptionKind::Prescribed => {
                (|i| t_string!(i, record.rx_prescribed), |i| t_string!(i, record.rx_prescribed_hint))
            }
            PrescriptionKind::Recommended => {
                (|i| t_string!(i, record.rx_recommended), |i| t_string!(i, record.rx_recommended_hint))
            }
        };
        let input_id = format!("rx-kind-{}", k.as_str());
        view! {
            <div class="check">
                <input id=input_id.clone() class="check__input" type="radio" name="rx-kind" value=k.as_str()
                    prop:checked=move || kind.get() == k
                    on:change=move |_| kind.set(k) />
                <label class="check__label" for=input_id>
                    <span>{move || label(i18n)}</span>
                    <span class="check__hint">{move || hint(i18n)}</span>
                </label>
            </div>
        }
    };
    view! {
        <ActionForm
            check=check
            call=move |input: PrescriptionInput| async move { api::record::add_prescription(id, &input).await }
            on_ok=on_ok
            errors=errors
            refused=refused
            open=open
            submit=move || t_string!(i18n, record.rx_add)
            submitting=move || t_string!(i18n, common.saving)
            testid="prescription-form"
        >
            <fieldset class="fieldset fieldset--inline">
                <legend class="field__label">{t!(i18n, record.rx_kind)}</legend>
                {radio(PrescriptionKind::Prescribed)}
                {radio(PrescriptionKind::Recommended)}
            </fieldset>
            <TextField id="rx-title" label=move || t_string!(i18n, record.rx_field_title) value=title error=errors.at("title", FieldKind::Text) required=true maxlength=PRESCRIPTION_TITLE_MAX as u32 />
            <TextAreaField id="rx-details" label=move || t_string!(i18n, record.rx_details) hint=move || t_string!(i18n, record.rx_details_hint) value=details error=errors.at("details", FieldKind::Text) rows=4 maxlength=PRESCRIPTION_DETAILS_MAX as u32 />
            <TextField id="rx-due" label=move || t_string!(i18n, record.rx_due) value=due error=errors.at("due_on", FieldKind::Date) input_type="date" />
        </ActionForm>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prescriptions_are_checked_like_the_server() {
        let ok = parse_prescription(PrescriptionKind::Recommended, " Ходьба ", "", "").unwrap();
        assert_eq!(ok.title, "Ходьба");
        assert_eq!(ok.due_on, None);
        let ok = parse_prescription(PrescriptionKind::Prescribed, "ОАК", "натощак", "2026-12-01").unwrap();
        assert_eq!(ok.due_on, chrono::NaiveDate::from_ymd_opt(2026, 12, 1));
        let err = parse_prescription(PrescriptionKind::Prescribed, " ", &"я".repeat(PRESCRIPTION_DETAILS_MAX + 1), "x")
            .unwrap_err();
        assert_eq!(
            err,
            (
                Some(FieldErr::Required),
                Some(FieldErr::TooLongMax(PRESCRIPTION_DETAILS_MAX)),
                Some(FieldErr::DateFormat)
            )
        );
    }
}
