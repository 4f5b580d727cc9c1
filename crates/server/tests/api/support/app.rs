//! `spawn_app`: the real application on port 0 with its own database, an in-memory mailer
//! and a controllable clock.

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, TimeZone, Utc};
use db::sea_orm::{ConnectionTrait, Database};
use server::config::Settings;
use server::platform::clock::Clock;
use server::startup::{Application, connect_state};
use server::state::AppState;
use tokio::sync::{Mutex, OnceCell};

/// A fixed instant tests start from, so times in assertions are readable.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).single().expect("valid time")
}

pub struct TestApp {
    pub address: String,
    pub state: AppState,
    pub client: reqwest::Client,
    /// Kept alive for the test; its database is dropped with it.
    _db: TestDb,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }
}

/// Starts the application on a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the application after `adjust` changed its settings.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let db = TestDb::new().await;
    let mut settings = Settings::for_tests(db.dir.path(), db.url.clone());
    adjust(&mut settings);
    let app = Application::build_with(settings, Clock::fixed(t0())).await.expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    TestApp { address, state, client, _db: db }
}

/// A second, independent state on the same database: another "process" after a crash.
pub async fn state_on(db: &TestDb, clock: Clock) -> AppState {
    connect_state(Settings::for_tests(db.dir.path(), db.url.clone()), clock).await.expect("state")
}

/// One test's database; dropped (on PostgreSQL) when the test ends.
pub struct TestDb {
    pub url: String,
    pub dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

static PG_TEMPLATE: OnceCell<String> = OnceCell::const_new();
static PG_CREATE: Mutex<()> = Mutex::const_new(());
static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestDb {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        match std::env::var("TEST_DATABASE_URL").ok().filter(|s| !s.is_empty()) {
            None => {
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
                Self { url, dir, pg: None }
            }
            Some(admin_url) => {
                let template = PG_TEMPLATE.get_or_init(|| make_template(&admin_url)).await.clone();
                let name = format!(
                    "oncocenter_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst),
                    rand_suffix()
                );
                {
                    let _guard = PG_CREATE.lock().await;
                    let admin = Database::connect(&admin_url).await.expect("connect to TEST_DATABASE_URL");
                    admin
                        .execute_unprepared(&format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""))
                        .await
                        .expect("create test database from the template");
                    admin.close().await.ok();
                }
                let url = with_database(&admin_url, &name);
                Self { url, dir, pg: Some((admin_url, name)) }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = self.pg.take() {
            // Drop may run inside the test's runtime: use a thread with its own.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build();
                if let Ok(rt) = rt {
                    rt.block_on(async move {
                        if let Ok(admin) = Database::connect(&admin_url).await {
                            let _ = admin
                                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                                .await;
                            let _ = admin.close().await;
                        }
                    });
                }
            })
            .join();
        }
    }
}

/// Creates and migrates this test run's template database; returns its name.
async fn make_template(admin_url: &str) -> String {
    let name = format!("oncocenter_tpl_{}_{}", std::process::id(), rand_suffix());
    let admin = Database::connect(admin_url).await.expect("connect to TEST_DATABASE_URL");
    drop_leftovers(&admin).await;
    admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create template database");
    let tpl = db::connect(&with_database(admin_url, &name), 2).await.expect("connect to template");
    db::migrate(&tpl).await.expect("migrate template");
    tpl.close().await.ok();
    admin.close().await.ok();
    // The template is dropped by the test command after the run (scripts/test.sh): a
    // static has no destructor to do it here.
    name
}

/// Drops the databases of earlier test runs whose process is gone (a run killed midway,
/// or the template a finished run leaves behind).
async fn drop_leftovers(admin: &db::sea_orm::DatabaseConnection) {
    use db::sea_orm::{DbBackend, Statement};
    let rows = admin
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT datname FROM pg_database WHERE datname LIKE 'oncocenter_t%'",
        ))
        .await
        .unwrap_or_default();
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "datname") else { continue };
        let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| Path::new(&format!("/proc/{p}")).exists());
        if !alive && (name.starts_with("oncocenter_test_") || name.starts_with("oncocenter_tpl_")) {
            let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
        }
    }
}

/// `postgres://user@host:port/any?x` → `postgres://user@host:port/<name>?x`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map(|(b, q)| (b, format!("?{q}"))).unwrap_or((url, String::new()));
    let authority_start = base.find("://").map(|i| i + 3).unwrap_or(0);
    let root = match base[authority_start..].find('/') {
        Some(i) => &base[..authority_start + i],
        None => base,
    };
    format!("{root}/{name}{query}")
}

fn rand_suffix() -> String {
    format!("{:08x}", rand::random::<u32>())
}

/// Finds an executable on PATH.
pub fn which(name: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| Path::new(p).is_file()))
}
