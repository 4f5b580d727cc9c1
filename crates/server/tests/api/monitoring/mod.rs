//! The monitoring domain: questionnaires, submissions, the list, alerts, settings, the live stream.

mod alerts;
mod care_loop;
mod list;
mod live;
mod questionnaires;
mod settings;
mod submissions;
