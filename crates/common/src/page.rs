//! Pagination shared by every list endpoint.

use serde::{Deserialize, Serialize};

/// The largest page any list endpoint returns; larger requests are refused with 422.
pub const MAX_PAGE_SIZE: u32 = 100;
/// The page size when the client names none.
pub const DEFAULT_PAGE_SIZE: u32 = 20;

/// Query parameters of a paginated list: `?page=1&per_page=20`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "server", into_params(parameter_in = Query))]
pub struct PageParams {
    /// 1-based page number.
    #[serde(default = "first_page")]
    pub page: u32,
    /// Items per page, 1..=100.
    #[serde(default = "default_per_page")]
    pub per_page: u32,
}

fn first_page() -> u32 {
    1
}
fn default_per_page() -> u32 {
    DEFAULT_PAGE_SIZE
}

impl Default for PageParams {
    fn default() -> Self {
        Self { page: 1, per_page: DEFAULT_PAGE_SIZE }
    }
}

impl PageParams {
    /// Checks the bounds; the failing field's name on error.
    pub fn check(self) -> Result<Self, &'static str> {
        if self.page == 0 {
            return Err("page");
        }
        if self.per_page == 0 || self.per_page > MAX_PAGE_SIZE {
            return Err("per_page");
        }
        Ok(self)
    }

    pub fn offset(self) -> u64 {
        u64::from(self.page.saturating_sub(1)) * u64::from(self.per_page)
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    /// Total number of items over all pages.
    pub total: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_enforced() {
        assert_eq!(PageParams { page: 0, per_page: 10 }.check(), Err("page"));
        assert_eq!(PageParams { page: 1, per_page: 101 }.check(), Err("per_page"));
        assert_eq!(PageParams { page: 1, per_page: 0 }.check(), Err("per_page"));
        assert_eq!(PageParams { page: 3, per_page: 100 }.check().map(PageParams::offset), Ok(200));
    }
}
