//! What the organization shows of its content, here and in the patient's cabinet: a news item
//! and a feedback message as DTOs.

use common::admin::NewsDto;
use common::cabinet::FeedbackDto;
use common::ids::{FeedbackId, NewsId, PatientId};
use db::entities::{feedback, news};

/// A news item as the organizer and the cabinet see it.
pub fn news_dto(n: news::Model) -> NewsDto {
    NewsDto {
        id: NewsId(n.id),
        title: n.title,
        body: n.body,
        publish_on: n.publish_on,
        visible: n.visible,
        created_at: n.created_at,
        updated_at: n.updated_at,
    }
}

/// A feedback message with its card's name, as the organizer and the patient see it.
pub fn feedback_dto(f: feedback::Model, patient_name: String) -> FeedbackDto {
    FeedbackDto {
        id: FeedbackId(f.id),
        patient_id: PatientId(f.patient_card_id),
        patient_name,
        written_by: f.written_by,
        category: f.category,
        status: f.status,
        subject: f.subject,
        text: f.text,
        created_at: f.created_at,
        answered_at: f.answered_at,
        answer_note: f.answer_note,
    }
}
