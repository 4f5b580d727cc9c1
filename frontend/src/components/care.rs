//! What the care team's side of monitoring looks like to a patient (issue 14): the one action
//! for his open alerts ([`AdviceCard`]: call an ambulance, call the department with its number,
//! or "your care team will look within N hours" with home-care advice), and the team's reviews
//! ([`ReviewCard`]: "Врач Петров О. просмотрел ваши ответы, 13:37" with the note meant for him).
//! One screen never carries two instructions: the server chooses the one action.

use common::alerts::Urgency;
use common::auth::Role;
use common::monitoring::{PatientAdviceDto, ReviewDto};
use leptos::prelude::*;

use crate::components::datetime::format_datetime;
use crate::components::icons::{AlertIcon, InfoIcon};
use crate::i18n::*;
use crate::pages::cabinet::data_entry::text;

/// A phone number as a `tel:` link: `+`, then digits only.
pub fn tel_href(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if phone.trim_start().starts_with('+') { format!("tel:+{digits}") } else { format!("tel:{digits}") }
}

/// The one action for the patient's open alerts. Announced when it appears (an alert for the
/// calls, a status for a review).
#[component]
pub fn AdviceCard(advice: PatientAdviceDto, #[prop(optional)] testid: Option<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    let urgency = advice.urgency;
    let (class, role) = match urgency {
        Urgency::Emergency => ("alert alert--danger advice advice--emergency", "alert"),
        Urgency::CallClinic => ("alert alert--danger advice advice--call", "alert"),
        Urgency::Review => ("alert alert--info advice advice--review", "status"),
    };
    let body = advice.text.clone();
    let tips = advice.tips.clone();
    let hours = advice.answer_hours;
    let phone = advice.phone.clone();
    view! {
        <div class=class role=role data-testid=testid.unwrap_or("advice") data-urgency=urgency.as_str()>
            {match urgency {
                Urgency::Review => view! { <InfoIcon /> }.into_any(),
                _ => view! { <AlertIcon /> }.into_any(),
            }}
            <div class="alert__body">
                <p class="alert__title advice__title">
                    {move || match urgency {
                        Urgency::Emergency => t_string!(i18n, care.emergency_title).to_owned(),
                        Urgency::CallClinic => t_string!(i18n, care.call_title).to_owned(),
                        Urgency::Review => t_string!(i18n, care.review_title, hours = hours).to_string(),
                    }}
                </p>
                <p class="advice__text">{move || text(i18n, &body)}</p>
                {match (urgency, phone) {
                    (Urgency::CallClinic, Some(phone)) => {
                        let href = tel_href(&phone);
                        view! {
                            <a class="btn btn--danger btn--large btn--block advice__call" href=href data-testid="advice-call">
                                {move || t_string!(i18n, care.call_number, phone = phone.clone()).to_string()}
                            </a>
                        }.into_any()
                    }
                    (Urgency::Emergency, _) => view! {
                        <div class="advice__calls">
                            <a class="btn btn--danger btn--large advice__call" href="tel:103" data-testid="advice-call">
                                {move || t_string!(i18n, care.call_number, phone = "103").to_string()}
                            </a>
                            <a class="btn btn--danger btn--large advice__call" href="tel:112">
                                {move || t_string!(i18n, care.call_number, phone = "112").to_string()}
                            </a>
                        </div>
                    }.into_any(),
                    _ => ().into_any(),
                }}
                {(!tips.is_empty()).then(|| view! {
                    <ul class="advice__tips">
                        {tips.into_iter().map(|t| view! { <li>{move || text(i18n, &t)}</li> }).collect_view()}
                    </ul>
                })}
            </div>
        </div>
    }
}

/// Who of the care team looked at the patient's answers, when, and what he wrote to him.
#[component]
pub fn ReviewCard(review: ReviewDto) -> impl IntoView {
    let i18n = use_i18n();
    let at = review.reviewed_at;
    let name = review.reviewer_name.clone();
    let role = review.reviewer_role;
    let line = move || {
        let time = format_datetime(i18n, at);
        match role {
            Role::Assistant => {
                t_string!(i18n, care.reviewed_by_assistant, name = name.clone(), time = time).to_string()
            }
            _ => t_string!(i18n, care.reviewed_by_doctor, name = name.clone(), time = time).to_string(),
        }
    };
    view! {
        <article class="card review-card" data-testid="review" data-alert=review.alert_id.to_string()>
            <p class="review-card__line">
                <span class="review-card__check" aria-hidden="true">"✓"</span>
                {line}
            </p>
            {review.note.map(|note| view! {
                <blockquote class="review-card__note" data-testid="review-note">{note}</blockquote>
            })}
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::tel_href;

    #[test]
    fn a_tel_link_keeps_the_plus_and_the_digits() {
        assert_eq!(tel_href("+7 (495) 765-43-21"), "tel:+74957654321");
        assert_eq!(tel_href("8 800 200-00-00"), "tel:88002000000");
    }
}
