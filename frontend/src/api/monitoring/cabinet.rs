//! The patient's side of remote monitoring (CAB-4, MON-3): the "Data entry" tab, a
//! questionnaire to answer, submissions and his own chart series. Every call is under
//! `/cabinet/`, so it carries `X-Patient-Id` while the cabinet acts for a dependent.

use chrono::NaiveDate;
use common::ids::QuestionnaireId;
use common::monitoring::{
    DataEntryDto, QuestionnaireDto, SeriesSetDto, SubmissionDto, SubmissionInput, SubmissionResultDto, TodayDto,
};
use common::page::Page;

use crate::api::http::{self, Access};
use crate::api::{ApiError, encode};

/// `GET /api/v1/cabinet/today`: the cabinet's home — what is due, the one action for open
/// alerts, the care team's reviews and the organization's numbers.
pub async fn today() -> Result<TodayDto, ApiError> {
    http::get_json(Access::Session, "/cabinet/today").await
}

/// `GET /api/v1/cabinet/data-entry`: what is due, the diaries, other questionnaires, advice for
/// open alerts and the last submissions.
pub async fn data_entry() -> Result<DataEntryDto, ApiError> {
    http::get_json(Access::Session, "/cabinet/data-entry").await
}

/// `GET /api/v1/cabinet/questionnaires/{id}`: a diary of his organization or a questionnaire
/// assigned to him.
pub async fn questionnaire(id: QuestionnaireId) -> Result<QuestionnaireDto, ApiError> {
    http::get_json(Access::Session, &format!("/cabinet/questionnaires/{id}")).await
}

/// `POST /api/v1/cabinet/submissions`: the answers, stored with the advice of any rule fired.
pub async fn submit(input: &SubmissionInput) -> Result<SubmissionResultDto, ApiError> {
    http::post_json(Access::Session, "/cabinet/submissions", input).await
}

/// `GET /api/v1/cabinet/submissions`: newest first, with the definitions answered.
pub async fn submissions(page: u32, per_page: u32) -> Result<Page<SubmissionDto>, ApiError> {
    http::get_json(Access::Session, &format!("/cabinet/submissions?page={page}&per_page={per_page}")).await
}

/// The query of the series: `?from=…&to=…` and the item codes, when any are named.
pub fn series_query(from: NaiveDate, to: NaiveDate, codes: &[&str]) -> String {
    let mut q = format!("?from={from}&to={to}");
    if !codes.is_empty() {
        q.push_str("&codes=");
        q.push_str(&encode(&codes.join(",")));
    }
    q
}

/// `GET /api/v1/cabinet/monitoring/series`: his values of every charted item over the period.
pub async fn series(from: NaiveDate, to: NaiveDate) -> Result<SeriesSetDto, ApiError> {
    http::get_json(Access::Session, &format!("/cabinet/monitoring/series{}", series_query(from, to, &[]))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_queries() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(series_query(d("2026-01-01"), d("2026-01-30"), &[]), "?from=2026-01-01&to=2026-01-30");
        assert_eq!(
            series_query(d("2026-01-01"), d("2026-01-30"), &["vitals.temp_c", "esas.pain"]),
            "?from=2026-01-01&to=2026-01-30&codes=vitals.temp_c%2Cesas.pain"
        );
    }
}
