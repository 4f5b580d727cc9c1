//! The operator domain: the platform operator's organizations.

mod organizations;
