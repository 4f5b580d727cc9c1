//! The staff workplaces' patient lists (ORG-3, ORG-8): `/doctor` — the doctor's own patients
//! and "Take a patient" (a search of the whole organization); `/assistant/patients` — the
//! patients of the doctors an assistant works for.

use common::admin::{PatientDto, PatientListKind, SortOrder};
use common::auth::Role;
use common::ids::MembershipId;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::api::organization::PatientListQuery;
use crate::components::feedback::error_message;
use crate::components::list_controls::{SearchBox, SortSelect};
use crate::components::page::{EmptyPanel, Loaded, Paged, PagedView, RolePage};
use crate::components::patient::{DOCTORS_COL, DoctorNames, PATIENT_COL, PatientCell, PatientStatusBadge};
use crate::components::table::{ACTIONS, CardTable, Cell, Column};
use crate::components::ui::{FormAlert, Pagination, role_label, use_toasts};
use crate::i18n::*;
use crate::session::use_session;

const PER_PAGE: u32 = 20;
/// The organization-wide search starts at this many characters (the server's rule).
const TAKE_MIN_CHARS: usize = 3;

#[component]
pub fn DoctorPage() -> impl IntoView {
    view! {
        <RolePage title=|i| t_string!(i, nav.my_patients) roles=&[Role::Doctor]>
            <StaffPatients role=Role::Doctor />
        </RolePage>
    }
}

#[component]
pub fn AssistantPatientsPage() -> impl IntoView {
    view! {
        <RolePage title=|i| t_string!(i, nav.patients) roles=&[Role::Assistant]>
            <StaffPatients role=Role::Assistant />
        </RolePage>
    }
}

#[component]
fn StaffPatients(role: Role) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new(SortOrder::Name);
    let list = Paged::new(PER_PAGE, move |page| {
        let request = PatientListQuery {
            q: query.get(),
            list: PatientListKind::Current,
            sort: sort.get(),
            all: false,
            page,
            per_page: PER_PAGE,
            ..PatientListQuery::default()
        };
        async move { api::organization::patients(&request).await }
    });
    let page = list.page;
    let refresh = list.refresher();
    let is_doctor = role == Role::Doctor;
    let header = move || {
        session.me().map(|me| {
            let org = me.current.organization_name.clone().unwrap_or_default();
            let name = me.display_name.clone();
            view! {
                <p class="page-header__eyebrow">{org}" · "{move || role_label(i18n, role)}</p>
                <h1>{move || t_string!(i18n, doctor.greeting, name = name.clone()).to_string()}</h1>
            }
        })
    };
    let empty = move || {
        let searching = !query.get_untracked().trim().is_empty();
        view! {
            <EmptyPanel
                flat=true
                icon="M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8a7 7 0 0 1 14 0"
                testid="patients-empty"
                title=move || match (searching, is_doctor) {
                    (true, _) => t_string!(i18n, patients.nothing_found),
                    (false, true) => t_string!(i18n, doctor.patients_empty),
                    (false, false) => t_string!(i18n, assistant.patients_empty),
                }
                text=move || match (searching, is_doctor) {
                    (true, _) => t_string!(i18n, patients.nothing_found_text),
                    (false, true) => t_string!(i18n, doctor.patients_hint),
                    (false, false) => t_string!(i18n, assistant.patients_hint),
                }
            />
        }
        .into_any()
    };
    view! {
        <section class="page" data-page=if is_doctor { "doctor" } else { "assistant" }>
            <header class="page-header">{header}</header>
            <section class="card stack-card" aria-labelledby="my-patients">
                <h2 id="my-patients">
                    {move || if is_doctor { t_string!(i18n, nav.my_patients) } else { t_string!(i18n, assistant.patients_title) }}
                </h2>
                <div class="toolbar" role="search">
                    <SearchBox id="my-patient-search" label=move || t_string!(i18n, patients.search_label) query=query page=page />
                    <SortSelect id="my-patient-sort" sort=sort page=page />
                </div>
                <PagedView paged=list empty=empty render=move |items| view! { <StaffPatientTable items=items show_doctors=!is_doctor /> }.into_any() skeleton=5 />
            </section>
            {is_doctor.then(|| view! { <TakePatient on_taken=refresh /> })}
        </section>
    }
}

const PHONE: Column = Column::new(|i| t_string!(i, patients.phone));
const STATUS: Column = Column::new(|i| t_string!(i, staff.col_status));

#[component]
fn StaffPatientTable(items: Vec<PatientDto>, show_doctors: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <CardTable
            columns=if show_doctors { &[PATIENT_COL, PHONE, STATUS, DOCTORS_COL, ACTIONS] } else { &[PATIENT_COL, PHONE, STATUS, ACTIONS] }
            caption=move || t_string!(i18n, nav.my_patients)
            testid="my-patients"
        >
                    {items.into_iter().map(|p| { let name = p.name.full(); let for_name = p.clone(); let phone = p.phone.clone(); view! {
                        <tr data-patient=p.id.to_string()>
                            <Cell label=PATIENT_COL.label><PatientCell patient=for_name /></Cell>
                            <Cell label=PHONE.label>{phone.unwrap_or_else(|| "—".to_owned())}</Cell>
                            <Cell label=STATUS.label><PatientStatusBadge status=p.status /></Cell>
                            {show_doctors.then(|| {
                                let p = p.clone();
                                view! { <Cell label=DOCTORS_COL.label><DoctorNames patient=p /></Cell> }
                            })}
                            <td class="table__actions">
                                <a class="btn btn--secondary btn--small" href=crate::routes::staff_patient_href(p.id, None)
                                    aria-label=move || t_string!(i18n, record.open_patient_of, name = name.clone()).to_string()>
                                    {t!(i18n, record.open_patient)}
                                </a>
                            </td>
                        </tr>
                    }}).collect_view()}
        </CardTable>
    }
}

/// "Take a patient": the organization's patients matching ≥ 3 characters, each with "Take"
/// (`POST /patients/{id}/take`) unless he is already this doctor's.
#[component]
fn TakePatient(on_taken: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let page = RwSignal::new(1u32);
    let query = RwSignal::new(String::new());
    let version = RwSignal::new(0u32);
    let me = Memo::new(move |_| session.me().map(|m| m.current.id));
    let results = LocalResource::new(move || {
        let q = query.get();
        let request = PatientListQuery {
            q: q.clone(),
            list: PatientListKind::Current,
            sort: SortOrder::Name,
            all: true,
            page: page.get(),
            per_page: PER_PAGE,
            ..PatientListQuery::default()
        };
        version.track();
        async move {
            if q.trim().chars().count() < TAKE_MIN_CHARS {
                return Ok(None);
            }
            api::organization::patients(&request).await.map(Some)
        }
    });
    let total = Signal::derive(move || results.get().and_then(|r| r.ok()).flatten().map_or(0, |p| p.total));
    let taken = Callback::new(move |()| {
        version.update(|v| *v += 1);
        on_taken.run(());
    });
    view! {
        <section class="card stack-card" aria-labelledby="take-patient" data-testid="take-patient">
            <h2 id="take-patient">{t!(i18n, doctor.take_title)}</h2>
            <p class="hint">{t!(i18n, doctor.take_lead)}</p>
            <div class="toolbar" role="search">
                <SearchBox
                    id="take-search"
                    label=move || t_string!(i18n, doctor.take_search)
                    placeholder=move || t_string!(i18n, doctor.take_placeholder)
                    query=query
                    page=page
                />
            </div>
            <Loaded resource=results skeleton=3 render=move |value| match value {
                None => view! { <p class="hint">{t!(i18n, doctor.take_min_chars)}</p> }.into_any(),
                Some(p) if p.items.is_empty() => view! {
                    <p class="hint" data-testid="take-empty">{t!(i18n, patients.nothing_found_text)}</p>
                }.into_any(),
                Some(p) => view! { <TakeTable items=p.items me=me on_taken=taken /> }.into_any(),
            } />
            <Pagination page=page per_page=PER_PAGE total=total />
        </section>
    }
}

#[component]
fn TakeTable(items: Vec<PatientDto>, me: Memo<Option<MembershipId>>, on_taken: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let busy = RwSignal::new(None::<common::ids::PatientId>);
    let error = RwSignal::new(None::<String>);
    view! {
        <FormAlert message=Signal::derive(move || error.get()) testid="take-error" />
        <CardTable columns=&[PATIENT_COL, DOCTORS_COL, ACTIONS] caption=move || t_string!(i18n, doctor.take_title) testid="take-results">
                    {items.into_iter().map(|p| {
                        let id = p.id;
                        let doctor_ids: Vec<MembershipId> = p.doctors.iter().map(|d| d.id).collect();
                        let mine = move || me.get().is_some_and(|m| doctor_ids.contains(&m));
                        let name = p.name.full();
                        let take = move |_| {
                            if busy.get_untracked().is_some() {
                                return;
                            }
                            busy.set(Some(id));
                            error.set(None);
                            let name = name.clone();
                            spawn_local(async move {
                                let result = api::organization::take_patient(id).await;
                                busy.set(None);
                                match result {
                                    Ok(_) => {
                                        toasts.push(t_string!(i18n, doctor.taken, name = name).to_string());
                                        on_taken.run(());
                                    }
                                    Err(e) => error.set(Some(error_message(i18n, e.kind()).to_owned())),
                                }
                            });
                        };
                        let p2 = p.clone();
                        view! {
                            <tr data-patient=id.to_string()>
                                <Cell label=PATIENT_COL.label><PatientCell patient=p.clone() /></Cell>
                                <Cell label=DOCTORS_COL.label><DoctorNames patient=p2 /></Cell>
                                <td class="table__actions">
                                    <Show
                                        when=mine.clone()
                                        fallback=move || view! {
                                            <button type="button" class="btn btn--primary btn--small"
                                                aria-disabled=move || (busy.get() == Some(id)).then_some("true")
                                                on:click=take.clone()>
                                                {move || if busy.get() == Some(id) { t_string!(i18n, doctor.taking) } else { t_string!(i18n, doctor.take) }}
                                            </button>
                                        }
                                    >
                                        <span class="badge badge--success">{t!(i18n, doctor.already_mine)}</span>
                                    </Show>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
        </CardTable>
    }
}
