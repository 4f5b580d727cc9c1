//! Building and running the server: `Application::build` binds its listener first and
//! exposes `port()`, so tests bind port 0 and never sleep.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, ErrorHandlers, from_fn};
use actix_web::{App, HttpRequest, HttpServer, web};
use common::{ErrorCode, FieldError, Problem};
use tokio::sync::{Notify, watch};
use tracing_actix_web::TracingLogger;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::config::Settings;
use crate::domains;
use crate::http::api_index::ApiIndex;
use crate::http::error::{ApiError, problem_response};
use crate::http::extract::JSON_LIMIT;
use crate::http::middleware;
use crate::http::openapi::ApiDoc;
use crate::http::spa;
use crate::platform::clock::Clock;
use crate::platform::email::Mailer;
use crate::platform::jobs::Registry;
use crate::state::AppState;

pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
}

impl Application {
    /// Connects, migrates, binds; does not serve until [`Application::run_until_stopped`].
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        Self::build_with(settings, Clock::system()).await
    }

    /// Like [`Application::build`] with a given clock (tests move it).
    pub async fn build_with(settings: Settings, clock: Clock) -> anyhow::Result<Self> {
        let state = connect_state(settings, clock).await?;
        let listener = TcpListener::bind(&state.settings.bind)
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", state.settings.bind))?;
        let port = listener.local_addr()?.port();
        let doc = crate::http::openapi::document();
        let app_state = state.clone();
        let server = HttpServer::new(move || build_app(app_state.clone(), doc.clone()))
            .listen(listener)?
            .shutdown_timeout(10)
            .run();
        Ok(Self { port, server, state })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until the process is told to stop (SIGINT/SIGTERM); runs the job worker beside
    /// the HTTP server when the settings say so.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let (stop_tx, stop_rx) = watch::channel(false);
        let worker = self
            .state
            .settings
            .run_workers
            .then(|| tokio::spawn(crate::platform::jobs::worker::run_loop(self.state.clone(), stop_rx)));
        let result = self.server.await;
        self.state.audit.flush().await;
        let _ = stop_tx.send(true);
        if let Some(w) = worker {
            let _ = w.await;
        }
        result.map_err(Into::into)
    }
}

/// Connects to the database, applies migrations, and assembles the shared state.
pub async fn connect_state(settings: Settings, clock: Clock) -> anyhow::Result<AppState> {
    // Every HTTP client of the process (the S3 store's) uses rustls with ring.
    crate::platform::files::install_crypto_provider();
    let db = db::connect(settings.database_url.expose(), settings.db_max_connections)
        .await
        .map_err(|e| anyhow::anyhow!("cannot connect to the database: {e}"))?;
    db::migrate(&db).await.map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
    // Organizations created before the built-in questionnaires existed get them now.
    crate::domains::monitoring::questionnaires::ensure_templates_everywhere(&db, clock.now()).await?;
    let mailer = Mailer::from_settings(&settings.mail)?;
    let audit = crate::platform::audit::AuditSink::start(db.clone(), settings.audit_reads);
    let files = crate::platform::files::FileStore::from_settings(&settings.files)?;
    // On PostgreSQL, live events fan out across processes through LISTEN/NOTIFY.
    let live = crate::platform::live::Hub::start(
        &db,
        settings.database_url.expose(),
        domains::monitoring::live_alert_loader(),
    )
    .await;
    Ok(AppState {
        live,
        files,
        audit,
        db,
        settings: Arc::new(settings),
        mailer,
        clock,
        jobs: Arc::new(jobs()),
        hasher: crate::auth::password::PasswordHasher::new(),
        jobs_notify: Arc::new(Notify::new()),
    })
}

/// Registers every `/api/v1` endpoint: the probes, then each domain's.
pub fn api(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(crate::http::health::health).service(crate::http::health::ready);
    domains::accounts::configure(cfg);
    domains::operator::configure(cfg);
    domains::organization::configure(cfg);
    domains::record::configure(cfg);
    domains::cabinet::configure(cfg);
    domains::monitoring::configure(cfg);
}

/// Every job kind the server knows: the platform's, then each domain's.
pub fn jobs() -> Registry {
    let mut r = Registry::default();
    r.job::<crate::platform::email::outbox::SendEmail>();
    domains::accounts::register_jobs(&mut r);
    domains::monitoring::register_jobs(&mut r);
    r
}

fn build_app(
    state: AppState,
    doc: utoipa::openapi::OpenApi,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let spa_dir = state.settings.spa_dir.clone();
    let index = web::Data::new(ApiIndex::from_doc(&doc));
    let (app, _) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .app_data(web::Data::new(state))
        .app_data(web::PayloadConfig::new(JSON_LIMIT))
        .app_data(web::QueryConfig::default().error_handler(|err, _| parameter_error("query", &err.to_string())))
        .app_data(web::PathConfig::default().error_handler(|err, _| parameter_error("path", &err.to_string())))
        .service(utoipa_actix_web::scope("/api/v1").configure(api).default_service(web::to(api_unmatched)))
        .split_for_parts();
    let app = app
        .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", doc))
        .app_data(index)
        .configure(crate::http::problems::configure)
        .service(web::scope("/api").default_service(web::to(api_unmatched)));
    let app = if spa_dir.join("index.html").is_file() {
        app.service(spa::service(spa_dir))
    } else {
        tracing::warn!(dir = %spa_dir.display(), "no built SPA found; serving the API only (set ONCOCENTER_SPA_DIR)");
        app.default_service(web::to(api_unmatched))
    };
    app.wrap(from_fn(middleware::method_not_allowed))
        .wrap(ErrorHandlers::new().default_handler(middleware::problem_for_bare_errors))
        .wrap(from_fn(middleware::timeout))
        .wrap(Compress::default())
        .wrap(from_fn(middleware::security_headers))
        .wrap(TracingLogger::default())
}

async fn api_unmatched(req: HttpRequest, index: web::Data<ApiIndex>) -> actix_web::HttpResponse {
    index.unmatched(&req)
}

fn parameter_error(place: &str, message: &str) -> actix_web::Error {
    let field = message.split('`').nth(1).map(str::to_owned).unwrap_or_else(|| place.to_owned());
    ApiError::Code { code: ErrorCode::InvalidParameter, detail: Some(format!("Invalid {place} parameter: {message}")) }
        .problem()
        .with_errors(vec![FieldError { field, code: "invalid".to_owned(), message: message.to_owned() }])
        .into_error()
}

trait IntoActixError {
    fn into_error(self) -> actix_web::Error;
}

impl IntoActixError for Problem {
    fn into_error(self) -> actix_web::Error {
        actix_web::error::InternalError::from_response("invalid parameter", problem_response(&self)).into()
    }
}
