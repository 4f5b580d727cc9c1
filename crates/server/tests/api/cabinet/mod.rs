//! The cabinet domain: its tabs, representatives, consents.

mod consents_access;
mod representatives;
mod tabs;
