//! The API under `/api/v1`. A module per resource, a function per action; every handler is
//! registered through utoipa so the OpenAPI document cannot miss it.

pub mod alerts;
pub mod assignments;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod cabinet;
pub mod cabinet_record;
pub mod feedback;
pub mod health;
pub mod invitations;
pub mod live;
pub mod monitoring;
pub mod news;
pub mod operator;
pub mod patients;
pub mod prices;
pub mod profile;
pub mod questionnaires;
pub mod record;
pub mod registration;
pub mod representation;
pub mod representatives;
pub mod settings;
pub mod staff;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every `/api/v1` endpoint.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::health)
        .service(health::ready)
        .service(auth::login::login)
        .service(auth::session::refresh)
        .service(auth::session::logout)
        .service(auth::session::switch)
        .service(auth::session::me)
        .service(auth::password_reset::request)
        .service(auth::password_reset::confirm)
        .service(invitations::get_invitation)
        .service(invitations::accept)
        .service(operator::list)
        .service(operator::create)
        .service(staff::list)
        .service(staff::invite)
        .service(staff::resend)
        .service(staff::deactivate)
        .service(staff::activate)
        .service(staff::update)
        .service(staff::get_access)
        .service(staff::set_access)
        .service(patients::list)
        .service(patients::create)
        .service(patients::get_one)
        .service(patients::update)
        .service(patients::invite)
        .service(patients::register_again)
        .service(patients::deactivate)
        .service(patients::activate)
        .service(patients::set_doctors)
        .service(patients::take)
        .service(record::read::list)
        .service(record::write::create)
        .service(record::read::get_one)
        .service(record::write::update)
        .service(record::write::sign)
        .service(record::write::amend)
        .service(record::prescriptions::list)
        .service(record::prescriptions::create)
        .service(record::prescriptions::set_status)
        // `print` before `{entry_id}`: routes match in the order registered.
        .service(cabinet_record::list)
        .service(cabinet_record::print)
        .service(cabinet_record::get_one)
        .service(cabinet_record::prescriptions)
        .service(cabinet_record::done)
        .service(settings::get_classes)
        .service(settings::put_classes)
        .service(news::list)
        .service(news::create)
        .service(news::update)
        .service(news::remove)
        .service(prices::list)
        .service(prices::create)
        .service(prices::import_preview)
        .service(prices::import)
        .service(prices::update)
        .service(prices::remove)
        .service(profile::change_name)
        .service(profile::change_email)
        .service(profile::confirm_email)
        .service(profile::revert_email)
        .service(profile::change_password)
        .service(audit::list)
        .service(registration::start)
        .service(registration::complete)
        .service(cabinet::context::context)
        .service(cabinet::context::profile)
        .service(cabinet::context::news_list)
        .service(cabinet::context::price_list)
        .service(cabinet::notifications::list)
        .service(cabinet::notifications::read_all)
        .service(cabinet::notifications::read)
        .service(cabinet::feedback::create)
        .service(cabinet::feedback::list)
        .service(cabinet::dependents::create)
        .service(cabinet::dependents::list)
        .service(feedback::list)
        .service(feedback::answered)
        .service(representatives::list)
        .service(representatives::create)
        .service(representatives::remove)
        .service(representation::list)
        .service(representation::resend)
        .service(representation::revoke)
        .service(representation::get_one)
        .service(representation::accept)
        .service(representation::register)
        .service(representation::decline)
        .service(representatives::requests)
        .service(representatives::confirm)
        .service(representatives::reject)
        .service(attachments::upload::create)
        .service(attachments::download::get_link)
        .service(attachments::download::get_file)
        // Remote monitoring: the questionnaire library, assignments, data entry, submissions.
        .service(questionnaires::read::list)
        .service(questionnaires::write::create)
        .service(questionnaires::read::get_one)
        .service(questionnaires::write::new_version)
        .service(questionnaires::read::get_version)
        .service(questionnaires::write::copy)
        .service(questionnaires::archive::archive)
        .service(questionnaires::archive::restore)
        .service(assignments::list)
        .service(assignments::create)
        .service(assignments::end)
        .service(assignments::submissions_of)
        .service(cabinet::data_entry::data_entry)
        .service(cabinet::data_entry::get_questionnaire)
        .service(cabinet::submissions::create)
        .service(cabinet::submissions::list)
        .service(monitoring::list::list)
        .service(monitoring::series::staff)
        .service(monitoring::series::cabinet)
        .service(monitoring::settings::get_patient)
        .service(monitoring::settings::put_patient)
        .service(monitoring::settings::get_org)
        .service(monitoring::settings::put_org)
        .service(alerts::list)
        .service(alerts::get_one)
        .service(alerts::acknowledge)
        .service(live::ticket)
        .service(live::stream);
}
