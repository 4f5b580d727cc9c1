//! `/admin/audit`: the organization's audit log (X-2, ORG-6) — who read or changed what and
//! when, from which address, and whether it was denied; filtered by staff member, patient
//! (`?patient=ID`, linked from the patient list) and period.

use common::admin::AuditEntryDto;
use common::auth::Role;
use common::ids::{MembershipId, PatientId};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::api::admin::AuditFilter;
use crate::components::datetime::{TimeZoneNote, format_datetime, local_midnight_rfc3339};
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::components::ui::{Pagination, role_label};
use crate::i18n::*;
use crate::routes::AppRoute;
use crate::session::RequireRole;

const PER_PAGE: u32 = 50;

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, nav.audit).to_owned() />
        <RequireRole roles=&[Role::Organizer]>
            <AuditLog />
        </RequireRole>
    }
}

/// The translated name of a known action; others are shown as their code.
pub fn action_label(i18n: I18nContext<Locale>, action: &str) -> Option<&'static str> {
    Some(match action {
        "patient.list" => t_string!(i18n, audit.a_patient_list),
        "patient.read" => t_string!(i18n, audit.a_patient_read),
        "patient.access" => t_string!(i18n, audit.a_patient_access),
        "patient.create" => t_string!(i18n, audit.a_patient_create),
        "patient.update" => t_string!(i18n, audit.a_patient_update),
        "patient.invite" => t_string!(i18n, audit.a_patient_invite),
        "patient.deactivate" => t_string!(i18n, audit.a_patient_deactivate),
        "patient.activate" => t_string!(i18n, audit.a_patient_activate),
        "patient.doctors" | "patient.set_doctors" => t_string!(i18n, audit.a_patient_doctors),
        "patient.take" => t_string!(i18n, audit.a_patient_take),
        "patient.lapse" => t_string!(i18n, audit.a_patient_lapse),
        "patient.register_again" | "patient.reregister" => t_string!(i18n, audit.a_patient_register_again),
        "patient.register" => t_string!(i18n, audit.a_patient_register),
        "record.list" => t_string!(i18n, audit.a_record_list),
        "record.read" => t_string!(i18n, audit.a_record_read),
        "record.print" => t_string!(i18n, audit.a_record_print),
        "record.create" => t_string!(i18n, audit.a_record_create),
        "record.update" => t_string!(i18n, audit.a_record_update),
        "record.sign" => t_string!(i18n, audit.a_record_sign),
        "record.amend" => t_string!(i18n, audit.a_record_amend),
        "record.upload" => t_string!(i18n, audit.a_record_upload),
        "attachment.link" => t_string!(i18n, audit.a_attachment_link),
        "attachment.download" => t_string!(i18n, audit.a_attachment_download),
        "prescription.list" => t_string!(i18n, audit.a_prescription_list),
        "prescription.create" => t_string!(i18n, audit.a_prescription_create),
        "prescription.status" => t_string!(i18n, audit.a_prescription_status),
        "cabinet.access" => t_string!(i18n, audit.a_cabinet_access),
        "cabinet.context" => t_string!(i18n, audit.a_cabinet_context),
        "cabinet.profile" => t_string!(i18n, audit.a_cabinet_profile),
        "cabinet.notifications" => t_string!(i18n, audit.a_cabinet_notifications),
        "cabinet.feedback" => t_string!(i18n, audit.a_cabinet_feedback),
        "feedback.create" => t_string!(i18n, audit.a_feedback_create),
        "feedback.list" => t_string!(i18n, audit.a_feedback_list),
        "feedback.answer" => t_string!(i18n, audit.a_feedback_answer),
        "dependent.request" => t_string!(i18n, audit.a_dependent_request),
        "dependent.confirm" => t_string!(i18n, audit.a_dependent_confirm),
        "dependent.reject" => t_string!(i18n, audit.a_dependent_reject),
        "representative.list" => t_string!(i18n, audit.a_representative_list),
        "representative.create" => t_string!(i18n, audit.a_representative_create),
        "representative.delete" => t_string!(i18n, audit.a_representative_delete),
        "representative.invite" => t_string!(i18n, audit.a_representative_invite),
        "representative.resend" => t_string!(i18n, audit.a_representative_resend),
        "representative.revoke" => t_string!(i18n, audit.a_representative_revoke),
        "representative.accept" => t_string!(i18n, audit.a_representative_accept),
        "representative.decline" => t_string!(i18n, audit.a_representative_decline),
        "alert.list" => t_string!(i18n, audit.a_alert_list),
        "alert.read" => t_string!(i18n, audit.a_alert_read),
        "alert.acknowledge" => t_string!(i18n, audit.a_alert_acknowledge),
        "alert.escalate" => t_string!(i18n, audit.a_alert_escalate),
        "alert.silence" => t_string!(i18n, audit.a_alert_silence),
        "alert.live" => t_string!(i18n, audit.a_alert_live),
        "assignment.create" => t_string!(i18n, audit.a_assignment_create),
        "assignment.end" => t_string!(i18n, audit.a_assignment_end),
        "assignment.list" => t_string!(i18n, audit.a_assignment_list),
        "monitoring.data_entry" => t_string!(i18n, audit.a_monitoring_data_entry),
        "monitoring.list" => t_string!(i18n, audit.a_monitoring_list),
        "monitoring.remind" => t_string!(i18n, audit.a_monitoring_remind),
        "monitoring.series" => t_string!(i18n, audit.a_monitoring_series),
        "monitoring.settings" => t_string!(i18n, audit.a_monitoring_settings),
        "monitoring.settings.read" => t_string!(i18n, audit.a_monitoring_settings_read),
        "monitoring.submissions" => t_string!(i18n, audit.a_monitoring_submissions),
        "monitoring.submit" => t_string!(i18n, audit.a_monitoring_submit),
        "questionnaire.access" => t_string!(i18n, audit.a_questionnaire_access),
        "questionnaire.create" => t_string!(i18n, audit.a_questionnaire_create),
        "questionnaire.version" => t_string!(i18n, audit.a_questionnaire_version),
        "questionnaire.copy" => t_string!(i18n, audit.a_questionnaire_copy),
        "questionnaire.archive" => t_string!(i18n, audit.a_questionnaire_archive),
        "questionnaire.restore" => t_string!(i18n, audit.a_questionnaire_restore),
        "settings.monitoring" => t_string!(i18n, audit.a_settings_monitoring),
        "settings.classes" => t_string!(i18n, audit.a_settings_classes),
        _ => return None,
    })
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
    let staff = LocalResource::new(|| api::admin::all_staff(None));
    let log = LocalResource::new(move || {
        let filter = AuditFilter {
            membership: membership.get(),
            patient: patient.get(),
            from: parse_day(&from.get()).map(local_midnight_rfc3339),
            to: parse_day(&to.get()).and_then(|d| d.succ_opt()).map(local_midnight_rfc3339),
        };
        let page = page.get();
        async move { api::admin::audit(&filter, page, PER_PAGE).await }
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
                            let name = m.name.display();
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
            <Suspense fallback=|| view! { <Skeleton lines=8 /> }>
                {move || Suspend::new(async move {
                    match log.await {
                        Ok(p) if p.items.is_empty() => view! {
                            <div class="card empty-panel" data-testid="audit-empty">
                                <h2>{t!(i18n, audit.empty_title)}</h2>
                                <p>{t!(i18n, audit.empty_text)}</p>
                            </div>
                        }.into_any(),
                        Ok(p) => view! { <AuditTable items=p.items /> }.into_any(),
                        Err(e) => view! {
                            <ErrorPanel kind=e.kind() on_retry=Callback::new(move |()| log.refetch()) />
                        }.into_any(),
                    }
                })}
            </Suspense>
            <Pagination page=page per_page=PER_PAGE total=total />
        </section>
    }
}

#[component]
fn AuditTable(items: Vec<AuditEntryDto>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table table--dense" data-testid="audit">
                <caption class="visually-hidden">{t!(i18n, nav.audit)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, audit.col_time)}</th>
                        <th scope="col">{t!(i18n, audit.col_who)}</th>
                        <th scope="col">{t!(i18n, audit.col_action)}</th>
                        <th scope="col">{t!(i18n, audit.col_patients)}</th>
                        <th scope="col">{t!(i18n, audit.col_address)}</th>
                        <th scope="col">{t!(i18n, audit.col_outcome)}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|e| {
                        let at = e.at;
                        let denied = e.outcome == "denied";
                        let action = e.action.clone();
                        let action_code = e.action.clone();
                        let count = e.patient_ids.len();
                        view! {
                            <tr data-action=e.action.clone() data-outcome=e.outcome.clone()>
                                <td data-label=move || t_string!(i18n, audit.col_time)>{move || format_datetime(i18n, at)}</td>
                                <td data-label=move || t_string!(i18n, audit.col_who)>
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
                                </td>
                                <td data-label=move || t_string!(i18n, audit.col_action)>
                                    <span class="stack">
                                        <span>{move || action_label(i18n, &action).map_or_else(|| action.clone(), str::to_owned)}</span>
                                        <span class="hint"><code>{action_code}</code></span>
                                    </span>
                                </td>
                                <td data-label=move || t_string!(i18n, audit.col_patients)>
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
                                </td>
                                <td data-label=move || t_string!(i18n, audit.col_address)>{e.client_ip.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                <td data-label=move || t_string!(i18n, audit.col_outcome)>
                                    {if denied {
                                        view! { <span class="badge badge--danger"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, audit.denied)}</span> }.into_any()
                                    } else {
                                        view! { <span class="badge badge--success"><span class="badge__dot" aria-hidden="true"></span>{t!(i18n, audit.ok)}</span> }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
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
