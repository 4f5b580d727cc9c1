//! Paging and search helpers every list endpoint shares.

use common::FieldError;
use common::page::PageParams;
use db::sea_orm::Condition;
use db::sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};

use crate::http::error::{ApiError, ApiResult};

/// The page and its size, or 422 `out_of_range` naming the parameter.
pub fn page_params(q: &PageParams) -> ApiResult<PageParams> {
    q.check().map_err(|field| {
        ApiError::Validation(vec![FieldError {
            field: field.to_owned(),
            code: "out_of_range".to_owned(),
            message: format!("page must be ≥ 1 and per_page 1..={}", common::page::MAX_PAGE_SIZE),
        }])
    })
}

/// `column LIKE '%word%'` with `%`, `_` and `\` in the word taken literally.
pub fn contains_text<C: db::sea_orm::sea_query::IntoColumnRef>(column: C, word: &str) -> Condition {
    let mut escaped = String::with_capacity(word.len() + 2);
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    Condition::all().add(Expr::col(column).like(LikeExpr::new(format!("%{escaped}%")).escape('\\')))
}
