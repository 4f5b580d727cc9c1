//! What crosses the domains: errors, dates, concurrency, email, jobs, health, the SPA, the OpenAPI
//! document and schema, the source layout, timing, and the first flow through every role.

mod concurrency;
mod dates;
mod email;
mod errors;
mod first_flow;
mod health;
mod jobs;
mod layout;
mod openapi;
mod schema;
mod spa;
mod timing;
