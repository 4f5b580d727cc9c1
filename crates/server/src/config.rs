//! Settings from the environment (`ONCOCENTER_*`), with defaults for the embedded run.
//!
//! Secrets are wrapped in [`Secret`] so `Debug` never prints them. Under
//! `ONCOCENTER_ENV=production` the server refuses to start with development fallbacks.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// A value that `Debug` prints as `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> std::fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

/// Where the JWT signing key came from; production refuses a generated one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    Environment,
    GeneratedFile,
}

/// How email leaves the server.
#[derive(Debug, Clone)]
pub enum MailSettings {
    /// `smtps://user:pass@host:465` (TLS), `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS), or `smtp://host:25` (plain, for a relay on a trusted network).
    Smtp(Secret<String>),
    /// Each email written as `<id>.eml` into this folder.
    Folder(PathBuf),
    /// Kept in memory; tests read it.
    Memory,
}

/// Where attachments are stored (CAB-12).
#[derive(Debug, Clone)]
pub enum FileBackend {
    /// A folder on this machine (`<data dir>/files`): the embedded default, one node only.
    Local(PathBuf),
    /// An S3 (or S3-compatible) bucket, shared by every node.
    S3(S3Settings),
}

#[derive(Debug, Clone)]
pub struct S3Settings {
    pub bucket: String,
    /// For S3-compatible stores (MinIO, Ceph …); `None` is AWS.
    pub endpoint: Option<String>,
    pub region: String,
    /// The access key id and its secret; `None` leaves credentials to the environment's
    /// instance or task role.
    pub credentials: Option<(String, Secret<String>)>,
    /// Whether a plain `http://` endpoint is allowed (a loopback test store).
    pub allow_http: bool,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub environment: Environment,
    pub database_url: Secret<String>,
    pub data_dir: PathBuf,
    pub bind: String,
    /// The public origin used in emailed links (`https://onco.example.org`).
    pub base_url: String,
    pub base_url_configured: bool,
    pub mail: MailSettings,
    pub mail_from: String,
    pub jwt_secret: Secret<Vec<u8>>,
    pub jwt_key_source: KeySource,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    pub spa_dir: PathBuf,
    /// Whether this process runs the background-job worker loop.
    pub run_workers: bool,
    pub db_max_connections: u32,
    /// How audit rows of reads are written.
    pub audit_reads: AuditReads,
    /// Where attachments live.
    pub files: FileBackend,
    /// The largest file a patient may upload, in bytes (CAB-12: 50 MB; tests lower it).
    pub max_upload_bytes: u64,
    /// The minimum answer time of public requests that name an address (login, password
    /// reset, registration), so that it does not tell whether the address has an account
    /// (ACC-10): `ONCOCENTER_ANSWER_FLOOR_MS`, 400 ms by default.
    pub answer_floor: std::time::Duration,
}

/// How the audit rows of reads reach the database. Changes are always audited in their own
/// transaction; this only concerns reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditReads {
    /// Queued in memory and written in batches (every 200 ms or 500 rows) — the default.
    Batched,
    /// Written before the response, one row per request.
    Sync,
    /// Not written — for benchmarks only; production refuses it.
    Off,
}

/// The minimum answer time of public requests that name an address, unless configured.
pub const DEFAULT_ANSWER_FLOOR: std::time::Duration = std::time::Duration::from_millis(400);

/// Reads one `ONCOCENTER_*` variable; empty counts as unset.
fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Settings {
    /// Reads the environment. Creates the data dir and, when no key is configured, the
    /// generated JWT key file.
    pub fn from_env() -> anyhow::Result<Self> {
        let environment = match var("ONCOCENTER_ENV").as_deref() {
            None | Some("development") | Some("dev") => Environment::Development,
            Some("production") | Some("prod") => Environment::Production,
            Some(other) => bail!("ONCOCENTER_ENV must be `production` or `development`, not `{other}`"),
        };
        let data_dir = PathBuf::from(var("ONCOCENTER_DATA_DIR").unwrap_or_else(|| "./data".to_owned()));
        std::fs::create_dir_all(&data_dir)
            .with_context(|| format!("cannot create the data dir {}", data_dir.display()))?;
        let database_url = var("ONCOCENTER_DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", data_dir.join("oncocenter.db").display()));
        let bind = var("ONCOCENTER_BIND").unwrap_or_else(|| "127.0.0.1:8080".to_owned());
        let base_url_env = var("ONCOCENTER_BASE_URL");
        let base_url_configured = base_url_env.is_some();
        let base_url = base_url_env.unwrap_or_else(|| format!("http://{bind}")).trim_end_matches('/').to_owned();
        let mail = match var("ONCOCENTER_SMTP_URL") {
            Some(url) => MailSettings::Smtp(Secret::new(url)),
            None => MailSettings::Folder(data_dir.join("outbox")),
        };
        let mail_from =
            var("ONCOCENTER_MAIL_FROM").unwrap_or_else(|| "OncoCenter <no-reply@oncocenter.local>".to_owned());
        let (jwt_secret, jwt_key_source) = match var("ONCOCENTER_JWT_SECRET") {
            Some(s) => {
                if s.len() < 32 {
                    bail!("ONCOCENTER_JWT_SECRET must be at least 32 characters");
                }
                (s.into_bytes(), KeySource::Environment)
            }
            None => (load_or_create_key(&data_dir.join("jwt.key"))?, KeySource::GeneratedFile),
        };
        let trusted_proxies = match var("ONCOCENTER_TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    s.parse::<IpAddr>()
                        .with_context(|| format!("ONCOCENTER_TRUSTED_PROXIES: `{s}` is not an IP address"))
                })
                .collect::<anyhow::Result<_>>()?,
        };
        let spa_dir = var("ONCOCENTER_SPA_DIR").map(PathBuf::from).unwrap_or_else(default_spa_dir);
        let run_workers = match var("ONCOCENTER_WORKERS").as_deref() {
            None | Some("1") | Some("true") | Some("on") => true,
            Some("0") | Some("false") | Some("off") => false,
            Some(other) => bail!("ONCOCENTER_WORKERS must be on or off, not `{other}`"),
        };
        let db_max_connections = match var("ONCOCENTER_DB_MAX_CONNECTIONS") {
            None => 10,
            Some(n) => n.parse().context("ONCOCENTER_DB_MAX_CONNECTIONS must be a number")?,
        };
        let audit_reads = match var("ONCOCENTER_AUDIT_READS").as_deref() {
            None | Some("batched") => AuditReads::Batched,
            Some("sync") => AuditReads::Sync,
            Some("off") => AuditReads::Off,
            Some(other) => bail!("ONCOCENTER_AUDIT_READS must be batched, sync or off, not `{other}`"),
        };
        let files = file_backend(&data_dir)?;
        let answer_floor = match var("ONCOCENTER_ANSWER_FLOOR_MS") {
            None => DEFAULT_ANSWER_FLOOR,
            Some(ms) => std::time::Duration::from_millis(
                ms.parse().context("ONCOCENTER_ANSWER_FLOOR_MS must be a number of milliseconds")?,
            ),
        };
        let settings = Self {
            environment,
            database_url: Secret::new(database_url),
            data_dir,
            bind,
            base_url,
            base_url_configured,
            mail,
            mail_from,
            jwt_secret: Secret::new(jwt_secret),
            jwt_key_source,
            trusted_proxies,
            spa_dir,
            run_workers,
            db_max_connections,
            audit_reads,
            files,
            max_upload_bytes: common::record::UPLOAD_MAX_FILE_BYTES,
            answer_floor,
        };
        settings.check_production()?;
        Ok(settings)
    }

    /// Production refuses development fallbacks, naming what to set.
    pub fn check_production(&self) -> anyhow::Result<()> {
        if self.environment != Environment::Production {
            return Ok(());
        }
        let mut missing = Vec::new();
        if !matches!(self.mail, MailSettings::Smtp(_)) {
            missing.push("ONCOCENTER_SMTP_URL (production does not write emails to a folder)");
        }
        if !self.base_url_configured {
            missing.push("ONCOCENTER_BASE_URL (the public origin for emailed links)");
        }
        if self.jwt_key_source != KeySource::Environment {
            missing.push("ONCOCENTER_JWT_SECRET (production does not use a generated key file)");
        }
        if self.audit_reads == AuditReads::Off {
            missing.push("ONCOCENTER_AUDIT_READS other than off (production audits every read)");
        }
        if !missing.is_empty() {
            bail!("refusing to start with ONCOCENTER_ENV=production; set: {}", missing.join("; "));
        }
        Ok(())
    }

    /// Settings for tests: everything explicit, nothing read from the environment.
    pub fn for_tests(data_dir: &Path, database_url: String) -> Self {
        Self {
            environment: Environment::Development,
            database_url: Secret::new(database_url),
            data_dir: data_dir.to_path_buf(),
            bind: "127.0.0.1:0".to_owned(),
            base_url: "http://oncocenter.test".to_owned(),
            base_url_configured: true,
            mail: MailSettings::Memory,
            mail_from: "OncoCenter <no-reply@oncocenter.test>".to_owned(),
            jwt_secret: Secret::new(b"test-secret-test-secret-test-secret!".to_vec()),
            jwt_key_source: KeySource::Environment,
            trusted_proxies: Vec::new(),
            spa_dir: data_dir.join("no-spa"),
            run_workers: false,
            db_max_connections: 5,
            audit_reads: AuditReads::Batched,
            files: FileBackend::Local(data_dir.join("files")),
            max_upload_bytes: common::record::UPLOAD_MAX_FILE_BYTES,
            // No floor: the suite logs in hundreds of times. The timing tests set one.
            answer_floor: std::time::Duration::ZERO,
        }
    }
}

/// `ONCOCENTER_S3_*` when a bucket is named, else the local folder `<data dir>/files`.
fn file_backend(data_dir: &Path) -> anyhow::Result<FileBackend> {
    let Some(bucket) = var("ONCOCENTER_S3_BUCKET") else {
        return Ok(FileBackend::Local(data_dir.join("files")));
    };
    let credentials = match (var("ONCOCENTER_S3_ACCESS_KEY_ID"), var("ONCOCENTER_S3_SECRET_ACCESS_KEY")) {
        (Some(id), Some(secret)) => Some((id, Secret::new(secret))),
        (None, None) => None,
        _ => bail!("set both ONCOCENTER_S3_ACCESS_KEY_ID and ONCOCENTER_S3_SECRET_ACCESS_KEY, or neither"),
    };
    let allow_http = match var("ONCOCENTER_S3_ALLOW_HTTP").as_deref() {
        None | Some("0") | Some("false") | Some("off") => false,
        Some("1") | Some("true") | Some("on") => true,
        Some(other) => bail!("ONCOCENTER_S3_ALLOW_HTTP must be on or off, not `{other}`"),
    };
    Ok(FileBackend::S3(S3Settings {
        bucket,
        endpoint: var("ONCOCENTER_S3_ENDPOINT"),
        region: var("ONCOCENTER_S3_REGION").unwrap_or_else(|| "us-east-1".to_owned()),
        credentials,
        allow_http,
    }))
}

/// `frontend/dist` beside the workspace the binary was built in, else `./frontend/dist`.
fn default_spa_dir() -> PathBuf {
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../frontend/dist");
    if built.join("index.html").is_file() { built } else { PathBuf::from("frontend/dist") }
}

/// Reads the key file, or writes 64 random bytes (hex) to it with mode 0600.
fn load_or_create_key(path: &Path) -> anyhow::Result<Vec<u8>> {
    if let Ok(text) = std::fs::read_to_string(path) {
        let key = hex::decode(text.trim()).with_context(|| format!("{} is not a hex key", path.display()))?;
        if key.len() < 32 {
            bail!("{} holds a key shorter than 32 bytes", path.display());
        }
        return Ok(key);
    }
    let key: [u8; 64] = rand::random();
    write_private(path, hex::encode(key).as_bytes())
        .with_context(|| format!("cannot write the generated key {}", path.display()))?;
    tracing::info!(path = %path.display(), "generated a JWT signing key");
    Ok(key.to_vec())
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_in_debug() {
        let s = Secret::new("hunter2-hunter2".to_owned());
        assert_eq!(format!("{s:?}"), "[redacted]");
    }

    #[test]
    fn production_names_every_missing_setting() {
        let dir = std::env::temp_dir();
        let mut s = Settings::for_tests(&dir, "sqlite::memory:".to_owned());
        s.environment = Environment::Production;
        s.mail = MailSettings::Folder(dir.clone());
        s.base_url_configured = false;
        s.jwt_key_source = KeySource::GeneratedFile;
        let err = s.check_production().unwrap_err().to_string();
        assert!(err.contains("ONCOCENTER_SMTP_URL"), "{err}");
        assert!(err.contains("ONCOCENTER_BASE_URL"), "{err}");
        assert!(err.contains("ONCOCENTER_JWT_SECRET"), "{err}");
    }

    #[test]
    fn s3_secret_is_redacted() {
        let s = S3Settings {
            bucket: "b".to_owned(),
            endpoint: None,
            region: "us-east-1".to_owned(),
            credentials: Some(("AKIDEXAMPLE".to_owned(), Secret::new("wJalrXUtnFEMIK7MDENG".to_owned()))),
            allow_http: false,
        };
        let text = format!("{s:?}");
        assert!(!text.contains("wJalrXUtnFEMIK7MDENG"), "{text}");
    }

    #[test]
    fn generated_key_is_private_and_stable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("jwt.key");
        let a = load_or_create_key(&path).unwrap();
        let b = load_or_create_key(&path).unwrap();
        assert_eq!(a.len(), 64);
        assert_eq!(a, b);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }
}
