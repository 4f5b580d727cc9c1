//! Logging: `tracing` to stderr, `RUST_LOG` to filter, `ONCOCENTER_LOG_FORMAT=json` for
//! machine-read logs. Fields are stable and dotted (`job.id`); no personal data is logged.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let json = std::env::var("ONCOCENTER_LOG_FORMAT").map(|v| v == "json").unwrap_or(false);
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if json { builder.json().try_init() } else { builder.try_init() };
}
