//! The root component: translations, router, layout.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::context::CookieOptions;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{NavigateOptions, ParamSegment, StaticSegment};

use crate::api;
use crate::components::layout::Layout;
use crate::components::ui::provide_toasts;
use crate::i18n::*;
use crate::pages::accounts::activate::ActivatePage;
use crate::pages::accounts::email_change::{EmailConfirmPage, EmailRevertPage};
use crate::pages::accounts::profile::ProfilePage;
use crate::pages::accounts::register::RegisterPage;
use crate::pages::accounts::representation::RepresentationPage;
use crate::pages::accounts::{login::LoginPage, password_reset::PasswordResetPage};
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
use crate::pages::cabinet::today::TodayTab;
use crate::pages::cabinet::upload::UploadPage;
use crate::pages::monitoring::list::MonitoringPage;
use crate::pages::monitoring::patient::PatientMonitoringPage;
use crate::pages::monitoring::questionnaires::editor::{
    AdminQuestionnaireEditPage, AdminQuestionnaireNewPage, StaffQuestionnaireEditPage, StaffQuestionnaireNewPage,
};
use crate::pages::monitoring::questionnaires::library::{AdminLibraryPage, StaffLibraryPage};
use crate::pages::monitoring::questionnaires::settings::MonitoringSettingsPage;
use crate::pages::monitoring::questionnaires::view::{AdminQuestionnairePage, StaffQuestionnairePage};
use crate::pages::operator::OrganizationsPage;
use crate::pages::organization::admin::{AssistantsPage, DoctorsPage, InstructorsPage, StaffPage};
use crate::pages::organization::admin_dependents::AdminDependentsPage;
use crate::pages::organization::admin_feedback::AdminFeedbackPage;
use crate::pages::organization::admin_settings::ClassSettingsPage;
use crate::pages::organization::audit::AuditPage;
use crate::pages::organization::news::NewsPage;
use crate::pages::organization::patients::detail::AdminPatientPage;
use crate::pages::organization::patients::{DeletedPatientsPage, PatientsPage};
use crate::pages::organization::prices::PricesPage;
use crate::pages::organization::staff_patients::AssistantPatientsPage;
use crate::pages::organization::staff_patients::DoctorPage;
use crate::pages::record::editor::{StaffEntryAmendPage, StaffEntryEditPage, StaffEntryNewPage};
use crate::pages::record::entry::StaffEntryPage;
use crate::pages::record::patient::StaffPatientPage;
use crate::pages::workplace::WorkplacePage;
use crate::pages::{home::HomePage, not_found::NotFoundPage};
use crate::routes::{
    AMEND, AppRoute, CABINET, EDIT, NEW, QUESTIONNAIRE, RECORD, STAFF_PATIENTS, Segments, login_after_sign_out,
};
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
                        <Route path=AppRoute::Home.segments() view=HomePage />
                        <Route path=AppRoute::Login.segments() view=LoginPage />
                        <Route path=AppRoute::PasswordReset.segments() view=PasswordResetPage />
                        <Route path=AppRoute::Register.segments() view=RegisterPage />
                        <Route path=AppRoute::Activate.segments() view=ActivatePage />
                        <Route path=AppRoute::Representation.segments() view=RepresentationPage />
                        <Route path=AppRoute::Workplace.segments() view=WorkplacePage />
                        <Route path=AppRoute::Doctor.segments() view=DoctorPage />
                        <Route path=AppRoute::OperatorOrganizations.segments() view=OrganizationsPage />
                        <Route path=AppRoute::AdminStaff.segments() view=StaffPage />
                        <Route path=AppRoute::AdminDoctors.segments() view=DoctorsPage />
                        <Route path=AppRoute::AdminInstructors.segments() view=InstructorsPage />
                        <Route path=AppRoute::AdminAssistants.segments() view=AssistantsPage />
                        <Route path=AppRoute::AdminPatients.segments() view=PatientsPage />
                        <Route path=AppRoute::AdminDeletedPatients.segments() view=DeletedPatientsPage />
                        <Route path=(AppRoute::AdminPatients.segments(), ParamSegment("id")) view=AdminPatientPage />
                        <Route path=AppRoute::AdminSettings.segments() view=ClassSettingsPage />
                        <Route path=AppRoute::AdminNews.segments() view=NewsPage />
                        <Route path=AppRoute::AdminPrices.segments() view=PricesPage />
                        <Route path=AppRoute::AdminAudit.segments() view=AuditPage />
                        <Route path=AppRoute::AssistantPatients.segments() view=AssistantPatientsPage />
                        <Route path=AppRoute::Profile.segments() view=ProfilePage />
                        <Route path=AppRoute::EmailConfirm.segments() view=EmailConfirmPage />
                        <Route path=AppRoute::EmailRevert.segments() view=EmailRevertPage />
                        <ParentRoute path=Segments::of(CABINET) view=CabinetPage>
                            <Route path=Segments::of("") view=|| view! { <Redirect path=AppRoute::CabinetToday.path() /> } />
                            <Route path=AppRoute::CabinetToday.segments_under(CABINET) view=TodayTab />
                            <Route path=AppRoute::CabinetRecord.segments_under(CABINET) view=RecordTab />
                            <Route path=AppRoute::CabinetUpload.segments_under(CABINET) view=UploadPage />
                            <Route path=AppRoute::CabinetPrint.segments_under(CABINET) view=PrintPage />
                            <Route path=(AppRoute::CabinetRecord.segments_under(CABINET), ParamSegment("id")) view=EntryPage />
                            <Route path=AppRoute::CabinetDataEntry.segments_under(CABINET) view=DataEntryTab />
                            <Route path=AppRoute::CabinetDataEntryCharts.segments_under(CABINET) view=ChartsPage />
                            <Route path=AppRoute::CabinetDataEntryHistory.segments_under(CABINET) view=HistoryPage />
                            <Route path=(AppRoute::CabinetDataEntry.segments_under(CABINET), StaticSegment(QUESTIONNAIRE), ParamSegment("id")) view=QuestionnairePage />
                            <Route path=AppRoute::CabinetPrescriptions.segments_under(CABINET) view=PrescriptionsTab />
                            <Route path=AppRoute::CabinetPrices.segments_under(CABINET) view=PricesTab />
                            <Route path=AppRoute::CabinetNews.segments_under(CABINET) view=NewsTab />
                            <Route path=AppRoute::CabinetNotifications.segments_under(CABINET) view=NotificationsTab />
                            <Route path=AppRoute::CabinetFeedback.segments_under(CABINET) view=FeedbackTab />
                            <Route path=AppRoute::CabinetProfile.segments_under(CABINET) view=ProfileTab />
                        </ParentRoute>
                        <Route path=AppRoute::AdminFeedback.segments() view=AdminFeedbackPage />
                        <Route path=AppRoute::AdminDependentRequests.segments() view=AdminDependentsPage />
                        <Route path=AppRoute::StaffMonitoring.segments() view=MonitoringPage />
                        <Route path=(AppRoute::StaffMonitoring.segments(), ParamSegment("id")) view=PatientMonitoringPage />
                        <Route path=(Segments::of(STAFF_PATIENTS), ParamSegment("id")) view=StaffPatientPage />
                        <Route path=(Segments::of(STAFF_PATIENTS), ParamSegment("id"), StaticSegment(RECORD), StaticSegment(NEW)) view=StaffEntryNewPage />
                        <Route path=(Segments::of(STAFF_PATIENTS), ParamSegment("id"), StaticSegment(RECORD), ParamSegment("entry"), StaticSegment(EDIT)) view=StaffEntryEditPage />
                        <Route path=(Segments::of(STAFF_PATIENTS), ParamSegment("id"), StaticSegment(RECORD), ParamSegment("entry"), StaticSegment(AMEND)) view=StaffEntryAmendPage />
                        <Route path=(Segments::of(STAFF_PATIENTS), ParamSegment("id"), StaticSegment(RECORD), ParamSegment("entry")) view=StaffEntryPage />
                        <Route path=AppRoute::AdminQuestionnaires.segments() view=AdminLibraryPage />
                        <Route path=(AppRoute::AdminQuestionnaires.segments(), StaticSegment(NEW)) view=AdminQuestionnaireNewPage />
                        <Route path=(AppRoute::AdminQuestionnaires.segments(), ParamSegment("id")) view=AdminQuestionnairePage />
                        <Route path=(AppRoute::AdminQuestionnaires.segments(), ParamSegment("id"), StaticSegment(EDIT)) view=AdminQuestionnaireEditPage />
                        <Route path=AppRoute::StaffQuestionnaires.segments() view=StaffLibraryPage />
                        <Route path=(AppRoute::StaffQuestionnaires.segments(), StaticSegment(NEW)) view=StaffQuestionnaireNewPage />
                        <Route path=(AppRoute::StaffQuestionnaires.segments(), ParamSegment("id")) view=StaffQuestionnairePage />
                        <Route path=(AppRoute::StaffQuestionnaires.segments(), ParamSegment("id"), StaticSegment(EDIT)) view=StaffQuestionnaireEditPage />
                        <Route path=AppRoute::AdminMonitoring.segments() view=MonitoringSettingsPage />
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
        if pathname == AppRoute::Login.path() {
            return;
        }
        let here = crate::routes::path_with_search(&pathname, &location.search.get_untracked());
        navigate(&login_after_sign_out(&here, reason), NavigateOptions::default());
    });
}
