//! Authentication: password hashing and policy; tokens, sessions and extractors to follow.

pub mod password;
