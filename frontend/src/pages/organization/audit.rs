//! `/admin/audit`: the organization's audit log (X-2, ORG-6) — who read or changed what and
//! when, from which address, and whether it was denied; filtered by staff member, patient
//! (`?patient=ID`, linked from the patient list) and period.

use common::admin::AuditEntryDto;
use common::audit::AuditAction;
use common::auth::Role;
use common::ids::{MembershipId, PatientId};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::api::organization::AuditFilter;
use crate::components::datetime::{TimeZoneNote, format_datetime, local_midnight_rfc3339};
use crate::components::page::{EmptyPanel, Loaded, RolePage};
use crate::components::table::{CardTable, Cell, Column};
use crate::components::ui::{Pagination, role_label};
use crate::i18n::*;
use crate::routes::AppRoute;

const PER_PAGE: u32 = 50;

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <RolePage title=|i| t_string!(i, nav.audit) roles=&[Role::Organizer]>
            <AuditLog />
        </RolePage>
    }
}

/// The translated name of an action; one this build does not know (from an older or newer
/// release) is shown as its stored code.
pub fn action_text(i18n: I18nContext<Locale>, action: &str) -> String {
    action.parse::<AuditAction>().map_or_else(|_| action.to_owned(), |a| action_label(i18n, a).to_owned())
}

/// The translated name of an action.
pub fn action_label(i18n: I18nContext<Locale>, action: AuditAction) -> &'static str {
    use AuditAction as A;
    match action {
        A::AccountChange => t_string!(i18n, audit.a_account_change),
        A::AlertAcknowledge => t_string!(i18n, audit.a_alert_acknowledge),
        A::AlertEscalate => t_string!(i18n, audit.a_alert_escalate),
        A::AlertList => t_string!(i18n, audit.a_alert_list),
        A::AlertLive => t_string!(i18n, audit.a_alert_live),
        A::AlertRead => t_string!(i18n, audit.a_alert_read),
        A::AlertSilence => t_string!(i18n, audit.a_alert_silence),
        A::AlertTake => t_string!(i18n, care.a_alert_take),
        A::AlertRelease => t_string!(i18n, care.a_alert_release),
        A::AssignmentCreate => t_string!(i18n, audit.a_assignment_create),
        A::AssignmentEnd => t_string!(i18n, audit.a_assignment_end),
        A::AssignmentList => t_string!(i18n, audit.a_assignment_list),
        A::AttachmentDownload => t_string!(i18n, audit.a_attachment_download),
        A::AttachmentLink => t_string!(i18n, audit.a_attachment_link),
        A::CabinetAccess => t_string!(i18n, audit.a_cabinet_access),
        A::CabinetContext => t_string!(i18n, audit.a_cabinet_context),
        A::CabinetFeedback => t_string!(i18n, audit.a_cabinet_feedback),
        A::CabinetNotifications => t_string!(i18n, audit.a_cabinet_notifications),
        A::CabinetProfile => t_string!(i18n, audit.a_cabinet_profile),
        A::DependentConfirm => t_string!(i18n, audit.a_dependent_confirm),
        A::DependentReject => t_string!(i18n, audit.a_dependent_reject),
        A::DependentRequest => t_string!(i18n, audit.a_dependent_request),
        A::FeedbackAnswer => t_string!(i18n, audit.a_feedback_answer),
        A::FeedbackCreate => t_string!(i18n, audit.a_feedback_create),
        A::FeedbackList => t_string!(i18n, audit.a_feedback_list),
        A::MonitoringDataEntry => t_string!(i18n, audit.a_monitoring_data_entry),
        A::MonitoringList => t_string!(i18n, audit.a_monitoring_list),
        A::MonitoringRemind => t_string!(i18n, audit.a_monitoring_remind),
        A::MonitoringSeries => t_string!(i18n, audit.a_monitoring_series),
        A::MonitoringSettings => t_string!(i18n, audit.a_monitoring_settings),
        A::MonitoringSettingsRead => t_string!(i18n, audit.a_monitoring_settings_read),
        A::MonitoringSubmissions => t_string!(i18n, audit.a_monitoring_submissions),
        A::MonitoringSubmit => t_string!(i18n, audit.a_monitoring_submit),
        A::NewsCreate => t_string!(i18n, audit.a_news_create),
        A::NewsDelete => t_string!(i18n, audit.a_news_delete),
        A::NewsUpdate => t_string!(i18n, audit.a_news_update),
        A::NotificationRead => t_string!(i18n, audit.a_notification_read),
        A::NotificationReadAll => t_string!(i18n, audit.a_notification_read_all),
        A::PatientAccess => t_string!(i18n, audit.a_patient_access),
        A::PatientActivate => t_string!(i18n, audit.a_patient_activate),
        A::PatientCreate => t_string!(i18n, audit.a_patient_create),
        A::PatientDeactivate => t_string!(i18n, audit.a_patient_deactivate),
        A::PatientDiagnosis => t_string!(i18n, patient_page.a_diagnosis),
        A::PatientDoctors => t_string!(i18n, audit.a_patient_doctors),
        A::PatientInvite => t_string!(i18n, audit.a_patient_invite),
        A::PatientLapse => t_string!(i18n, audit.a_patient_lapse),
        A::PatientList => t_string!(i18n, audit.a_patient_list),
        A::PatientRead => t_string!(i18n, audit.a_patient_read),
        A::PatientRegister => t_string!(i18n, audit.a_patient_register),
        A::PatientRegisterAgain => t_string!(i18n, audit.a_patient_register_again),
        A::PatientSummary => t_string!(i18n, patient_page.a_summary),
        A::PatientTake => t_string!(i18n, audit.a_patient_take),
        A::PatientUpdate => t_string!(i18n, audit.a_patient_update),
        A::PrescriptionCreate => t_string!(i18n, audit.a_prescription_create),
        A::PrescriptionList => t_string!(i18n, audit.a_prescription_list),
        A::PrescriptionStatus => t_string!(i18n, audit.a_prescription_status),
        A::PriceCreate => t_string!(i18n, audit.a_price_create),
        A::PriceDelete => t_string!(i18n, audit.a_price_delete),
        A::PriceImport => t_string!(i18n, audit.a_price_import),
        A::PriceUpdate => t_string!(i18n, audit.a_price_update),
        A::QuestionnaireAccess => t_string!(i18n, audit.a_questionnaire_access),
        A::QuestionnaireArchive => t_string!(i18n, audit.a_questionnaire_archive),
        A::QuestionnaireCopy => t_string!(i18n, audit.a_questionnaire_copy),
        A::QuestionnaireCreate => t_string!(i18n, audit.a_questionnaire_create),
        A::QuestionnaireRestore => t_string!(i18n, audit.a_questionnaire_restore),
        A::QuestionnaireVersion => t_string!(i18n, audit.a_questionnaire_version),
        A::RecordAmend => t_string!(i18n, audit.a_record_amend),
        A::RecordCreate => t_string!(i18n, audit.a_record_create),
        A::RecordList => t_string!(i18n, audit.a_record_list),
        A::RecordPrint => t_string!(i18n, audit.a_record_print),
        A::RecordRead => t_string!(i18n, audit.a_record_read),
        A::RecordSign => t_string!(i18n, audit.a_record_sign),
        A::RecordUpdate => t_string!(i18n, audit.a_record_update),
        A::RecordUpload => t_string!(i18n, audit.a_record_upload),
        A::RepresentativeAccept => t_string!(i18n, audit.a_representative_accept),
        A::RepresentativeCreate => t_string!(i18n, audit.a_representative_create),
        A::RepresentativeDecline => t_string!(i18n, audit.a_representative_decline),
        A::RepresentativeDelete => t_string!(i18n, audit.a_representative_delete),
        A::RepresentativeInvite => t_string!(i18n, audit.a_representative_invite),
        A::RepresentativeList => t_string!(i18n, audit.a_representative_list),
        A::RepresentativeResend => t_string!(i18n, audit.a_representative_resend),
        A::RepresentativeRevoke => t_string!(i18n, audit.a_representative_revoke),
        A::SettingsClasses => t_string!(i18n, audit.a_settings_classes),
        A::SettingsMonitoring => t_string!(i18n, audit.a_settings_monitoring),
        A::StaffAccess => t_string!(i18n, audit.a_staff_access),
    }
}

/// "Last First Middle (role)" as the server writes it → the name and the role, translated
/// where the role is one this client knows.
pub fn split_who(who: &str) -> (String, Option<Role>) {
    if let Some((name, rest)) = who.rsplit_once(" (")
        && let Some(role) = rest.strip_suffix(')').and_then(Role::parse)
    {
        return (name.to_owned(), Some(role));
    }
    (who.to_owned(), None)
}

/// The day of a date input (`YYYY-MM-DD`).
fn parse_day(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

#[component]
fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let query_map = use_query_map();
    let navigate = use_navigate();
    let page = RwSignal::new(1u32);
    let membership = RwSignal::new(None::<MembershipId>);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    // The patient filter lives in the URL, so the list's "Audit" link and the links in this
    // table filter the same way.
    let patient = Memo::new(move |_| query_map.with(|q| q.get("patient").and_then(|p| p.parse::<PatientId>().ok())));
    Effect::new(move |_| {
        patient.track();
        page.set(1);
    });
    let staff = LocalResource::new(|| api::organization::all_staff(None));
    let log = LocalResource::new(move || {
        let filter = AuditFilter {
            membership: membership.get(),
            patient: patient.get(),
            from: parse_day(&from.get()).map(local_midnight_rfc3339),
            to: parse_day(&to.get()).and_then(|d| d.succ_opt()).map(local_midnight_rfc3339),
        };
        let page = page.get();
        async move { api::organization::audit(&filter, page, PER_PAGE).await }
    });
    let total = Signal::derive(move || log.get().and_then(|r| r.ok()).map_or(0, |p| p.total));
    let clear_patient = move |_| {
        navigate(AppRoute::AdminAudit.path(), NavigateOptions::default());
    };
    let period_invalid = move || matches!((parse_day(&from.get()), parse_day(&to.get())), (Some(f), Some(t)) if f > t);

    view! {
        <section class="page" data-page="audit">
            <header class="page-header">
                <h1>{t!(i18n, nav.audit)}</h1>
                <p class="page-header__lead">{t!(i18n, audit.lead)}</p>
                <TimeZoneNote />
            </header>
            <form class="card filters" role="search" aria-label=move || t_string!(i18n, audit.filters) on:submit=|ev| ev.prevent_default()>
                <div class="field">
                    <label class="field__label" for="audit-staff">{t!(i18n, audit.staff)}</label>
                    <select id="audit-staff" class="select" on:change=move |ev| {
                        membership.set(event_target_value(&ev).parse::<MembershipId>().ok());
                        page.set(1);
                    }>
                        <option value="" selected=move || membership.get().is_none()>{t!(i18n, audit.anyone)}</option>
                        {move || staff.get().and_then(|r| r.ok()).map(|list| list.into_iter().map(|m| {
                            let id = m.id;
                            let role = m.role;
                            let name = m.name.full();
                            view! {
                                <option value=id.to_string() selected=move || membership.get() == Some(id)>
                                    {move || format!("{name} ({})", role_label(i18n, role))}
                                </option>
                            }
                        }).collect_view())}
                    </select>
                </div>
                <div class="field">
                    <label class="field__label" for="audit-from">{t!(i18n, audit.from)}</label>
                    <input id="audit-from" class="input" type="date" prop:value=move || from.get()
                        on:change=move |ev| { from.set(event_target_value(&ev)); page.set(1); } />
                </div>
                <div class="field" class:field--invalid=period_invalid>
                    <label class="field__label" for="audit-to">{t!(i18n, audit.to)}</label>
                    <input id="audit-to" class="input" type="date" prop:value=move || to.get()
                        aria-invalid=move || if period_invalid() { "true" } else { "false" }
                        aria-describedby=move || period_invalid().then_some("audit-to-error")
                        on:change=move |ev| { to.set(event_target_value(&ev)); page.set(1); } />
                    <Show when=period_invalid>
                        <p class="field__error" id="audit-to-error">{t!(i18n, audit.period_invalid)}</p>
                    </Show>
                </div>
                {move || patient.get().map(|p| view! {
                    <p class="filters__chip" data-testid="audit-patient-filter">
                        <span>{t!(i18n, audit.patient_filter)}" "<code>{p.to_string()}</code></span>
                        <button type="button" class="btn btn--ghost btn--small" on:click=clear_patient.clone()>
                            {t!(i18n, audit.clear_patient)}
                        </button>
                    </p>
                })}
            </form>
            <Loaded resource=log skeleton=8 render=move |value| match value {
                p if p.items.is_empty() => view! {
                    <EmptyPanel testid="audit-empty" title=move || t_string!(i18n, audit.empty_title) text=move || t_string!(i18n, audit.empty_text) />
                }.into_any(),
                p => view! { <AuditTable items=p.items /> }.into_any(),
            } />
            <Pagination page=page per_page=PER_PAGE total=total />
        </section>
    }
}

const COL_TIME: Column = Column::new(|i| t_string!(i, audit.col_time));
const COL_WHO: Column = Column::new(|i| t_string!(i, audit.col_who));
const COL_ACTION: Column = Column::new(|i| t_string!(i, audit.col_action));
const COL_PATIENTS: Column = Column::new(|i| t_string!(i, audit.col_patients));
const COL_ADDRESS: Column = Column::new(|i| t_string!(i, audit.col_address));
const COL_OUTCOME: Column = Column::new(|i| t_string!(i, audit.col_outcome));

#[component]
fn AuditTable(items: Vec<AuditEntryDto>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <CardTable columns=&[COL_TIME, COL_WHO, COL_ACTION, COL_PATIENTS, COL_ADDRESS, COL_OUTCOME] caption=move || t_string!(i18n, nav.audit) testid="audit" class="table table--dense">
                    {items.into_iter().map(|e| {
                        let at = e.at;
                        let denied = e.outcome == "denied";
                        let action = e.action.clone();
                        let action_code = e.action.clone();
                        let count = e.patient_ids.len();
                        view! {
                            <tr data-action=e.action.clone() data-outcome=e.outcome.clone()>
                                <Cell label=COL_TIME.label>{move || format_datetime(i18n, at)}</Cell>
                                <Cell label=COL_WHO.label>
                                    {match e.who.as_deref().map(split_who) {
                                        Some((name, role)) => view! {
                                            <span class="stack">
                                                <span>{name}</span>
                                                {role.map(|r| view! { <span class="hint">{move || role_label(i18n, r)}</span> })}
                                            </span>
                                        }.into_any(),
                                        None => view! { <span class="hint">{t!(i18n, audit.system)}</span> }.into_any(),
                                    }}
                                    {e.acting_for.map(|p| view! {
                                        <span class="hint stack">{t!(i18n, audit.acting_for)}" "<code>{p.to_string()}</code></span>
                                    })}
                                </Cell>
                                <Cell label=COL_ACTION.label>
                                    <span class="stack">
                                        <span>{move || action_text(i18n, &action)}</span>
                                        <span class="hint"><code>{action_code}</code></span>
                                    </span>
                                </Cell>
                                <Cell label=COL_PATIENTS.label>
                                    {if count == 0 {
                                        view! { <span class="hint">"—"</span> }.into_any()
                                    } else {
                                        view! {
                                            <details class="audit-patients">
                                                <summary>{move || t_string!(i18n, audit.patients_count, count = count).to_string()}</summary>
                                                <ul class="audit-patients__list">
                                                    {e.patient_ids.clone().into_iter().map(|p| {
                                                        let href = format!("{}?patient={p}", AppRoute::AdminAudit.path());
                                                        view! { <li><A href=href><code>{p.to_string()}</code></A></li> }
                                                    }).collect_view()}
                                                </ul>
                                            </details>
                                        }.into_any()
                                    }}
                                </Cell>
                                <Cell label=COL_ADDRESS.label>{e.client_ip.clone().unwrap_or_else(|| "—".to_owned())}</Cell>
                                <Cell label=COL_OUTCOME.label>
                                    {if denied {
                                        view! { <span class="badge badge--danger"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, audit.denied)}</span> }.into_any()
                                    } else {
                                        view! { <span class="badge badge--success"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, audit.ok)}</span> }.into_any()
                                    }}
                                </Cell>
                            </tr>
                        }
                    }).collect_view()}
        </CardTable>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_splits_into_name_and_role() {
        assert_eq!(split_who("Иванова Анна (organizer)"), ("Иванова Анна".to_owned(), Some(Role::Organizer)));
        assert_eq!(split_who("Иванова Анна"), ("Иванова Анна".to_owned(), None));
        assert_eq!(split_who("X (unknown)"), ("X (unknown)".to_owned(), None));
    }

    #[test]
    fn days_parse_from_date_inputs() {
        assert_eq!(parse_day("2026-03-05"), chrono::NaiveDate::from_ymd_opt(2026, 3, 5));
        assert_eq!(parse_day(""), None);
        assert_eq!(parse_day("05.03.2026"), None);
    }
}
