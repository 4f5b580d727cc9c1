//! The record domain: entries, answers in the record, attachments, the cabinet's record.

mod attachments;
mod cabinet_record;
mod entries;
mod record_answers;
mod summary;
