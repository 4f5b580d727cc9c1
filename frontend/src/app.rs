//! The root component: translations, router, layout.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::context::CookieOptions;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{NavigateOptions, path};

use crate::api;
use crate::components::layout::Layout;
use crate::components::ui::provide_toasts;
use crate::i18n::*;
use crate::pages::activate::ActivatePage;
use crate::pages::admin::{AssistantsPage, DoctorsPage, InstructorsPage, StaffPage};
use crate::pages::admin_dependents::AdminDependentsPage;
use crate::pages::admin_feedback::AdminFeedbackPage;
use crate::pages::admin_settings::ClassSettingsPage;
use crate::pages::audit::AuditPage;
use crate::pages::cabinet::CabinetPage;
use crate::pages::cabinet::data_entry::DataEntryTab;
use crate::pages::cabinet::data_entry::charts::ChartsPage;
use crate::pages::cabinet::data_entry::form::QuestionnairePage;
use crate::pages::cabinet::data_entry::history::HistoryPage;
use crate::pages::cabinet::feedback::FeedbackTab;
use crate::pages::cabinet::news::NewsTab;
use crate::pages::cabinet::notifications::NotificationsTab;
use crate::pages::cabinet::prescriptions::PrescriptionsTab;
use crate::pages::cabinet::prices::PricesTab;
use crate::pages::cabinet::profile::ProfileTab;
use crate::pages::cabinet::record::{EntryPage, PrintPage, RecordTab};
use crate::pages::cabinet::upload::UploadPage;
use crate::pages::email_change::{EmailConfirmPage, EmailRevertPage};
use crate::pages::monitoring::list::MonitoringPage;
use crate::pages::monitoring::patient::PatientMonitoringPage;
use crate::pages::news::NewsPage;
use crate::pages::operator::OrganizationsPage;
use crate::pages::patients::{DeletedPatientsPage, PatientsPage};
use crate::pages::prices::PricesPage;
use crate::pages::profile::ProfilePage;
use crate::pages::questionnaires::editor::{
    AdminQuestionnaireEditPage, AdminQuestionnaireNewPage, StaffQuestionnaireEditPage, StaffQuestionnaireNewPage,
};
use crate::pages::questionnaires::library::{AdminLibraryPage, StaffLibraryPage};
use crate::pages::questionnaires::settings::MonitoringSettingsPage;
use crate::pages::questionnaires::view::{AdminQuestionnairePage, StaffQuestionnairePage};
use crate::pages::register::RegisterPage;
use crate::pages::representation::RepresentationPage;
use crate::pages::staff::editor::{StaffEntryAmendPage, StaffEntryEditPage, StaffEntryNewPage};
use crate::pages::staff::entry::StaffEntryPage;
use crate::pages::staff::patient::StaffPatientPage;
use crate::pages::staff_patients::AssistantPatientsPage;
use crate::pages::staff_patients::DoctorPage;
use crate::pages::workplace::WorkplacePage;
use crate::pages::{home::HomePage, login::LoginPage, not_found::NotFoundPage, password_reset::PasswordResetPage};
use crate::routes::login_after_sign_out;
use crate::session::provide_session;

/// The cookie that remembers the chosen language in this browser.
const LANG_COOKIE: &str = "oncocenter_lang";
/// One year, in milliseconds (leptos-use's unit).
const LANG_COOKIE_MAX_AGE_MS: i64 = 365 * 24 * 60 * 60 * 1000;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Russian unless this browser chose otherwise (not the browser's language: the product's
    // users are Russian-speaking first).
    let cookie_options = CookieOptions::<Locale>::default()
        .max_age(LANG_COOKIE_MAX_AGE_MS)
        .path("/".to_owned())
        .default_value(Some(Locale::ru));

    let session = provide_session();
    provide_toasts();
    api::on_session_renewed(move |s| session.renewed(s));
    // The access token lives in memory only: a reload restores the session from the
    // HttpOnly refresh cookie.
    spawn_local(session.restore());

    view! {
        <I18nContextProvider cookie_name=LANG_COOKIE cookie_options=cookie_options>
            <AppTitle />
            <Router>
                <SessionExpiredRedirect />
                <Layout>
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=HomePage />
                        <Route path=path!("/login") view=LoginPage />
                        <Route path=path!("/password-reset") view=PasswordResetPage />
                        <Route path=path!("/register") view=RegisterPage />
                        <Route path=path!("/activate") view=ActivatePage />
                        <Route path=path!("/representation") view=RepresentationPage />
                        <Route path=path!("/home") view=WorkplacePage />
                        <Route path=path!("/doctor") view=DoctorPage />
                        <Route path=path!("/operator/organizations") view=OrganizationsPage />
                        <Route path=path!("/admin/staff") view=StaffPage />
                        <Route path=path!("/admin/doctors") view=DoctorsPage />
                        <Route path=path!("/admin/instructors") view=InstructorsPage />
                        <Route path=path!("/admin/assistants") view=AssistantsPage />
                        <Route path=path!("/admin/patients") view=PatientsPage />
                        <Route path=path!("/admin/patients/deleted") view=DeletedPatientsPage />
                        <Route path=path!("/admin/settings") view=ClassSettingsPage />
                        <Route path=path!("/admin/news") view=NewsPage />
                        <Route path=path!("/admin/prices") view=PricesPage />
                        <Route path=path!("/admin/audit") view=AuditPage />
                        <Route path=path!("/assistant/patients") view=AssistantPatientsPage />
                        <Route path=path!("/profile") view=ProfilePage />
                        <Route path=path!("/email/confirm") view=EmailConfirmPage />
                        <Route path=path!("/email/revert") view=EmailRevertPage />
                        <ParentRoute path=path!("/cabinet") view=CabinetPage>
                            <Route path=path!("") view=|| view! { <Redirect path="/cabinet/record" /> } />
                            <Route path=path!("record") view=RecordTab />
                            <Route path=path!("record/upload") view=UploadPage />
                            <Route path=path!("record/print") view=PrintPage />
                            <Route path=path!("record/:id") view=EntryPage />
                            <Route path=path!("data-entry") view=DataEntryTab />
                            <Route path=path!("data-entry/charts") view=ChartsPage />
                            <Route path=path!("data-entry/history") view=HistoryPage />
                            <Route path=path!("data-entry/q/:id") view=QuestionnairePage />
                            <Route path=path!("prescriptions") view=PrescriptionsTab />
                            <Route path=path!("prices") view=PricesTab />
                            <Route path=path!("news") view=NewsTab />
                            <Route path=path!("notifications") view=NotificationsTab />
                            <Route path=path!("feedback") view=FeedbackTab />
                            <Route path=path!("profile") view=ProfileTab />
                        </ParentRoute>
                        <Route path=path!("/admin/feedback") view=AdminFeedbackPage />
                        <Route path=path!("/admin/dependent-requests") view=AdminDependentsPage />
                        <Route path=path!("/staff/monitoring") view=MonitoringPage />
                        <Route path=path!("/staff/monitoring/:id") view=PatientMonitoringPage />
                        <Route path=path!("/staff/patients/:id") view=StaffPatientPage />
                        <Route path=path!("/staff/patients/:id/record/new") view=StaffEntryNewPage />
                        <Route path=path!("/staff/patients/:id/record/:entry/edit") view=StaffEntryEditPage />
                        <Route path=path!("/staff/patients/:id/record/:entry/amend") view=StaffEntryAmendPage />
                        <Route path=path!("/staff/patients/:id/record/:entry") view=StaffEntryPage />
                        <Route path=path!("/admin/questionnaires") view=AdminLibraryPage />
                        <Route path=path!("/admin/questionnaires/new") view=AdminQuestionnaireNewPage />
                        <Route path=path!("/admin/questionnaires/:id") view=AdminQuestionnairePage />
                        <Route path=path!("/admin/questionnaires/:id/edit") view=AdminQuestionnaireEditPage />
                        <Route path=path!("/staff/questionnaires") view=StaffLibraryPage />
                        <Route path=path!("/staff/questionnaires/new") view=StaffQuestionnaireNewPage />
                        <Route path=path!("/staff/questionnaires/:id") view=StaffQuestionnairePage />
                        <Route path=path!("/staff/questionnaires/:id/edit") view=StaffQuestionnaireEditPage />
                        <Route path=path!("/admin/monitoring") view=MonitoringSettingsPage />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}

/// `<title>`: "page — ОнкоЦентр"; pages set their part with `<Title text=…>`.
#[component]
fn AppTitle() -> impl IntoView {
    let i18n = use_i18n();
    let formatter = move |page: String| {
        let app = t_string!(i18n, app_name).to_string();
        if page.is_empty() { app } else { format!("{page} — {app}") }
    };
    view! { <Title formatter=formatter /> }
}

/// A session that ended (a 401 the refresh could not cure) sends the user to the login page,
/// and back here after logging in.
#[component]
fn SessionExpiredRedirect() -> impl IntoView {
    let navigate = use_navigate();
    let location = use_location();
    let session = crate::session::use_session();
    api::on_session_expired(move |reason| {
        session.clear();
        let pathname = location.pathname.get_untracked();
        // Several requests in flight fail together: the first one navigates; the others find
        // the login page already open (it reads the remembered reason) and stay.
        if pathname == crate::routes::AppRoute::Login.path() {
            return;
        }
        let here = crate::routes::path_with_search(&pathname, &location.search.get_untracked());
        navigate(&login_after_sign_out(&here, reason), NavigateOptions::default());
    });
}
