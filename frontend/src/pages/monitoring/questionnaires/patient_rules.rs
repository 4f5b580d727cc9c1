//! A patient's alert rules (MON-5): what applies to him — the organization's value beside his
//! own — and, for his doctor, a number overridden or a rule switched off for him alone, a reset
//! to the organization's rule, and his own time zone ("due" and "today" are his days).
//! `GET/PUT /patients/{id}/monitoring/settings`. Mounted on the staff patient page; the
//! monitoring page may mount it too (`PatientRulesPanel { patient, can_edit }`).

use common::alerts::{AlertRule, check_rules};
use common::domain::RUSSIAN_TIME_ZONES;
use common::ids::PatientId;
use common::monitoring::{PatientMonitoringDto, PatientMonitoringInput};
use common::{ErrorCode, FieldError};
use leptos::prelude::*;

use super::rules::{RuleDraft, RuleParams, build_rule, rule_place, rule_sentence, rule_subject, rule_values};
use super::{ErrorSummary, FieldErrors, error_text, field_error};
use crate::api::{self, ApiError};
use crate::components::feedback::error_message;
use crate::components::form::{ActionForm, Refused};
use crate::components::page::Loaded;
use crate::components::table::{CardTable, Cell, Column};
use crate::components::time_zone::{is_russian, zone_name};
use crate::components::ui::use_toasts;
use crate::i18n::*;

/// One rule of the patient: the organization's (if it has one), his override (if any).
#[derive(Debug, Clone, Copy)]
struct Row {
    org: StoredValue<Option<AlertRule>>,
    overridden: RwSignal<bool>,
    draft: RuleDraft,
}

/// `overrides[k]…` of the request → `rows[r]…` of the row it came from.
pub fn row_path(field: &str, rows_of_overrides: &[usize]) -> String {
    if let Some(rest) = field.strip_prefix("overrides[")
        && let Some((k, tail)) = rest.split_once(']')
        && let Ok(k) = k.parse::<usize>()
        && let Some(r) = rows_of_overrides.get(k)
    {
        return format!("rows[{r}]{tail}");
    }
    field.to_owned()
}

#[component]
pub fn PatientRulesPanel(patient: PatientId, can_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = LocalResource::new(move || api::monitoring::admin::patient_monitoring(patient));
    let current = RwSignal::new(None::<PatientMonitoringDto>);
    view! {
        <section class="card stack-card patient-rules" aria-labelledby="patient-rules-title" data-testid="patient-rules">
            <h2 id="patient-rules-title">{t!(i18n, library.patient_rules_title)}</h2>
            <p class="hint">
                {move || if can_edit { t_string!(i18n, library.patient_rules_lead) } else { t_string!(i18n, library.patient_rules_lead_readonly) }}
            </p>
            <Loaded resource=loaded render=move |dto| {
                    current.set(Some(dto));
                    view! {
                        {move || current.get().map(|dto| view! {
                            <RulesForm patient=patient dto=dto can_edit=can_edit current=current />
                        })}
                    }.into_any()
                } />
        </section>
    }
}

const COL_RULE: Column = Column::new(|i| t_string!(i, library.col_rule));
const COL_ORG_VALUE: Column = Column::new(|i| t_string!(i, library.col_org_value));
const COL_PATIENT_VALUE: Column = Column::new(|i| t_string!(i, library.col_patient_value));

#[component]
fn RulesForm(
    patient: PatientId,
    dto: PatientMonitoringDto,
    can_edit: bool,
    current: RwSignal<Option<PatientMonitoringDto>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let rows: Vec<Row> = dto
        .effective
        .iter()
        .map(|eff| {
            let org = dto.organization_rules.iter().find(|r| r.code == eff.code).cloned();
            let own = dto.overrides.iter().find(|r| r.code == eff.code);
            Row {
                org: StoredValue::new(org),
                overridden: RwSignal::new(own.is_some()),
                draft: RuleDraft::new(own.unwrap_or(eff)),
            }
        })
        .collect();
    let rows = StoredValue::new(rows);
    let zone = RwSignal::new(dto.time_zone.clone().unwrap_or_default());
    let org_zone = dto.organization_time_zone.clone();
    let errors = FieldErrors::with_text(crate::pages::monitoring::questionnaires::error_text);
    // A failed check or a 422 lists every error in the `ErrorSummary` (the rules are many rows);
    // the rows of the overrides sent, to name a refused override by its row.
    let sent_rows = StoredValue::new(Vec::<usize>::new());

    let check = move || {
        let mut problems: Vec<FieldError> = Vec::new();
        let mut overrides = Vec::new();
        let mut rows_of = Vec::new();
        rows.with_value(|rs| {
            for (r, row) in rs.iter().enumerate() {
                if !row.overridden.get_untracked() {
                    continue;
                }
                let (rule, errs) =
                    row.draft.base.with_value(|b| build_rule(b, &row.draft.form(), &format!("rows[{r}]")));
                problems.extend(errs);
                overrides.push(rule);
                rows_of.push(r);
            }
        });
        if let Err(more) = check_rules("overrides", &overrides) {
            let fresh: Vec<_> = more
                .into_iter()
                .map(|e| FieldError { field: row_path(&e.field, &rows_of), ..e })
                .filter(|e| !problems.iter().any(|p| p.field == e.field))
                .collect();
            problems.extend(fresh);
        }
        if !problems.is_empty() {
            errors.set(problems, &[]);
            return None;
        }
        sent_rows.set_value(rows_of);
        let z = zone.get_untracked();
        Some(PatientMonitoringInput { overrides, time_zone: (!z.trim().is_empty()).then(|| z.trim().to_owned()) })
    };
    let on_ok = move |saved: PatientMonitoringDto| {
        toasts.push(t_string!(i18n, library.patient_rules_saved).to_owned());
        current.set(Some(saved));
    };
    let refused = Callback::new(move |e: ApiError| {
        if e.code() == Some(ErrorCode::ValidationFailed) && !e.field_errors().is_empty() {
            let list = sent_rows.with_value(|rows_of| {
                e.field_errors().into_iter().map(|(f, c)| field_error(row_path(&f, rows_of), &c)).collect()
            });
            errors.set(list, &[]);
            Refused::AtField
        } else if let Some(ErrorCode::DoctorOnly | ErrorCode::Forbidden) = e.code() {
            Refused::Alert(t_string!(i18n, library.doctor_only).to_owned())
        } else {
            Refused::Alert(error_message(i18n, e.kind()).to_owned())
        }
    });
    let id_of = Callback::new(move |path: String| -> Option<String> {
        if path == "time_zone" {
            return Some("patient-zone".to_owned());
        }
        let rest = path.strip_prefix("rows[")?;
        let (r, _) = rest.split_once(']')?;
        let r: usize = r.parse().ok()?;
        let code = rows.with_value(|rs| rs.get(r).map(|row| row.draft.code()))?;
        Some(format!("prule-{code}-a"))
    });
    let place_of = Callback::new(move |path: String| -> String {
        if path == "time_zone" {
            return t_string!(i18n, library.patient_zone).to_owned();
        }
        if let Some(rest) = path.strip_prefix("rows[")
            && let Some((r, field)) = rest.split_once(']')
            && let Ok(r) = r.parse::<usize>()
            && let Some(place) = rows.with_value(|rs| {
                rs.get(r).map(|row| row.draft.base.with_value(|b| rule_place(i18n, b, field.trim_start_matches('.'))))
            })
        {
            return place;
        }
        path
    });
    let org_zone_name = org_zone.clone();
    let own_zone = dto.time_zone.clone();
    view! {
        <ActionForm
            check=check
            call=move |input: PatientMonitoringInput| async move {
                api::monitoring::admin::save_patient_monitoring(patient, &input).await
            }
            on_ok=on_ok
            errors=errors
            refused=refused
            read_only=!can_edit
            submit=move || t_string!(i18n, library.save_patient_rules)
            class="form patient-rules__form"
            actions_class="form__actions"
            summary=move || view! { <ErrorSummary errors=errors id_of=id_of place_of=place_of /> }
        >
            <CardTable columns=&[COL_RULE, COL_ORG_VALUE, COL_PATIENT_VALUE] caption=move || t_string!(i18n, library.patient_rules_title) testid="patient-rule-rows" class="table rules-table">
                        {rows.get_value().into_iter().enumerate().map(|(r, row)| view! {
                            <PatientRuleRow r=r row=row can_edit=can_edit errors=errors />
                        }).collect_view()}
            </CardTable>
            <div class="field field--narrow" class:field--invalid=move || errors.code_at("time_zone").is_some()>
                {if can_edit {
                    view! { <label class="field__label" for="patient-zone">{t!(i18n, library.patient_zone)}</label> }.into_any()
                } else {
                    view! { <p class="field__label">{t!(i18n, library.patient_zone)}</p> }.into_any()
                }}
                <p class="field__hint" id="patient-zone-hint">{t!(i18n, library.patient_zone_hint)}</p>
                {if can_edit {
                    let unknown = own_zone.clone().filter(|z| !is_russian(z));
                    view! {
                        <select id="patient-zone" class="select" aria-describedby="patient-zone-hint" on:change=move |ev| {
                            zone.set(event_target_value(&ev));
                            errors.clear_at("time_zone");
                        }>
                            <option value="" selected=move || zone.with(String::is_empty)>
                                {move || t_string!(i18n, library.zone_as_organization, zone = zone_name(i18n, &org_zone_name)).to_string()}
                            </option>
                            {RUSSIAN_TIME_ZONES.iter().map(|(z, _)| view! {
                                <option value=*z selected=move || zone.get() == *z>{move || zone_name(i18n, z)}</option>
                            }).collect_view()}
                            {unknown.map(|z| view! { <option value=z.clone() selected=true>{z.clone()}</option> })}
                        </select>
                    }.into_any()
                } else {
                    view! {
                        <p class="patient-zone" data-testid="patient-zone">{move || match &own_zone {
                            Some(z) => zone_name(i18n, z),
                            None => t_string!(i18n, library.zone_as_organization, zone = zone_name(i18n, &org_zone)).to_string(),
                        }}</p>
                    }.into_any()
                }}
                {move || errors.code_at("time_zone").map(|c| view! {
                    <p class="field__error">{error_text(i18n, "time_zone", &c)}</p>
                })}
            </div>
        </ActionForm>
    }
}

#[component]
fn PatientRuleRow(r: usize, row: Row, can_edit: bool, errors: FieldErrors) -> impl IntoView {
    let i18n = use_i18n();
    let d = row.draft;
    let code = d.code();
    let id = format!("prule-{code}");
    let row_id = id.clone();
    let subject = move || d.base.with_value(|b| rule_subject(i18n, b));
    // What applies: the draft when overridden, else the organization's rule.
    let applies = move || {
        if row.overridden.get() { Some(d.preview()) } else { row.org.get_value().or_else(|| Some(d.preview())) }
    };
    let sentence = move || applies().map(|rule| rule_sentence(i18n, &rule)).unwrap_or_default();
    let enabled = move || applies().is_some_and(|r| r.enabled);
    let org_words = move || match row.org.get_value() {
        Some(org) => rule_values(i18n, &org),
        None => t_string!(i18n, library.not_in_organization).to_owned(),
    };
    let path = Signal::derive(move || format!("rows[{r}]"));
    let customize = move |_| {
        if let Some(org) = row.org.get_value() {
            d.reset(&org);
        }
        row.overridden.set(true);
        errors.clear();
    };
    let reset = move |_| {
        // A rule only this patient had is dropped when saved.
        if let Some(org) = row.org.get_value() {
            d.reset(&org);
        }
        row.overridden.set(false);
        errors.clear();
    };
    let switch_id = format!("{id}-enabled");
    let has_org = row.org.with_value(Option::is_some);
    view! {
        <tr data-testid=row_id data-rule=code.clone() class:row--muted=move || !enabled()>
            <Cell label=COL_RULE.label>
                <p class="rule-subject">{subject}</p>
                <p class="rule-sentence">{sentence}</p>
                {move || (!enabled()).then(|| view! { <span class="badge">{t!(i18n, library.rule_off)}</span> })}
            </Cell>
            <Cell label=COL_ORG_VALUE.label>{org_words}</Cell>
            <Cell label=COL_PATIENT_VALUE.label>
                {move || if row.overridden.get() {
                    let switch_id = switch_id.clone();
                    let id = id.clone();
                    if can_edit {
                        view! {
                            <div class="patient-rule-edit">
                                <RuleParams d=d id=id errors=errors path=path />
                                <label class="switch" for=switch_id.clone()>
                                    <input id=switch_id.clone() type="checkbox" role="switch" class="switch__input"
                                        prop:checked=move || d.enabled.get()
                                        on:change=move |ev| d.enabled.set(event_target_checked(&ev)) />
                                    <span class="switch__track" aria-hidden="true"></span>
                                    <span class="switch__text">{t!(i18n, library.applies_to_patient)}</span>
                                </label>
                                <button type="button" class="btn btn--ghost btn--small" on:click=reset>
                                    {move || if has_org { t_string!(i18n, library.reset_to_org) } else { t_string!(i18n, library.remove_patient_rule) }}
                                </button>
                            </div>
                        }.into_any()
                    } else {
                        view! {
                            <span class="badge badge--info">{t!(i18n, library.own_value)}</span>
                            " "
                            <span>{move || rule_values(i18n, &d.preview())}</span>
                        }.into_any()
                    }
                } else {
                    view! {
                        <span class="hint">{t!(i18n, library.as_organization)}</span>
                        {can_edit.then(|| view! {
                            <button type="button" class="btn btn--secondary btn--small patient-rule-customize" on:click=customize
                                aria-label=move || t_string!(i18n, library.customize_for, rule = subject()).to_string()>
                                {t!(i18n, library.customize)}
                            </button>
                        })}
                    }.into_any()
                }}
            </Cell>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_errors_land_on_their_rows() {
        assert_eq!(row_path("overrides[1].value", &[0, 3]), "rows[3].value");
        assert_eq!(row_path("overrides[0].code", &[2]), "rows[2].code");
        assert_eq!(row_path("overrides[5].value", &[2]), "overrides[5].value");
        assert_eq!(row_path("time_zone", &[2]), "time_zone");
    }
}
