//! Serves the built SPA at `/`: files by path; client routes (paths without a file extension)
//! fall back to `index.html`; a missing asset is a 404.
//!
//! Issue 15: a file with a brotli (`F.br`) or gzip (`F.gz`) copy made at build time
//! (`crates/precompress`) is sent as that copy when the request accepts it (brotli first), with
//! `Vary: Accept-Encoding`, and never compressed again on the fly. Files named with their
//! content hash (`?v=…`, see `scripts/build-spa.sh`) are cached for a year as immutable; the
//! rest (`index.html`, client routes, the favicon) are revalidated on every load, so a deploy
//! reaches users at once.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use actix_files::{Files, NamedFile};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{HttpServiceFactory, ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::Method;
use actix_web::http::header::{self, ContentEncoding, HeaderMap, HeaderValue};
use actix_web::middleware::{Next, from_fn};
use actix_web::web;
use common::{ErrorCode, Problem};

use crate::http::error::problem_response;

/// `Cache-Control` of a file named by its content hash.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of everything else: use the cached copy only after revalidating it.
pub const REVALIDATE: &str = "no-cache";

/// The static-files service for the SPA folder.
pub fn service(dir: PathBuf) -> impl HttpServiceFactory {
    let index = dir.join("index.html");
    let files = Files::new("/", dir.clone()).index_file("index.html").prefer_utf8(true).default_handler(fn_service(
        move |req: ServiceRequest| {
            let index = index.clone();
            async move {
                let (req, _) = req.into_parts();
                let last = req.path().rsplit('/').next().unwrap_or("");
                let is_client_route = !last.contains('.') && !req.path().starts_with("/api/");
                if is_client_route && let Ok(file) = NamedFile::open(&index) {
                    let res = file.into_response(&req);
                    return Ok(ServiceResponse::new(req, res));
                }
                let problem = Problem::new(ErrorCode::NotFound, None);
                Ok(ServiceResponse::new(req, problem_response(&problem)))
            }
        },
    ));
    let dir = Arc::new(dir);
    web::scope("").wrap(from_fn(move |req, next| negotiate(Arc::clone(&dir), req, next))).service(files)
}

/// Sends a precompressed copy when there is one the request accepts, and sets `Cache-Control`.
async fn negotiate(
    dir: Arc<PathBuf>,
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let hashed = req.query_string().split('&').any(|p| p.starts_with("v="));
    let copy = if matches!(*req.method(), Method::GET | Method::HEAD) {
        precompressed(&dir, req.path(), req.headers())
    } else {
        None
    };
    let mut res = match copy {
        Some(file) => {
            let (http, _) = req.into_parts();
            let res = file.into_response(&http);
            ServiceResponse::new(http, res)
        }
        None => next.call(req).await?.map_into_boxed_body(),
    };
    if res.status().is_success() || res.status() == actix_web::http::StatusCode::NOT_MODIFIED {
        let headers = res.headers_mut();
        let policy = if hashed { IMMUTABLE } else { REVALIDATE };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    Ok(res)
}

/// The file a path names inside the SPA folder (`/` is `index.html`); nothing for a path that
/// climbs out of it or names no file.
fn file_of(dir: &Path, path: &str) -> Option<PathBuf> {
    let rel = path.trim_start_matches('/');
    let rel = if rel.is_empty() { "index.html" } else { rel };
    let rel = Path::new(rel);
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let file = dir.join(rel);
    file.is_file().then_some(file)
}

/// Whether `Accept-Encoding` accepts `coding` (a quality of 0 refuses it).
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|part| {
        let mut bits = part.split(';').map(str::trim);
        let name = bits.next().unwrap_or("");
        let refused = bits.any(|b| b.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()).is_some_and(|q| q <= 0.0));
        name.eq_ignore_ascii_case(coding) && !refused
    })
}

/// The brotli or gzip copy of the file the request names, typed as the original.
fn precompressed(dir: &Path, path: &str, headers: &HeaderMap) -> Option<NamedFile> {
    let original = file_of(dir, path)?;
    let ext = original.extension()?.to_str()?.to_owned();
    let mime = actix_files::file_extension_to_mime(&ext);
    for (coding, suffix, encoding) in [("br", "br", ContentEncoding::Brotli), ("gzip", "gz", ContentEncoding::Gzip)] {
        if !accepts(headers, coding) {
            continue;
        }
        let mut name = original.clone().into_os_string();
        name.push(".");
        name.push(suffix);
        if let Ok(file) = NamedFile::open(PathBuf::from(name)) {
            // Typed as the original, shown inline: a disposition from the copy's own name
            // (`index.html.br`) would make a browser download the page.
            return Some(file.set_content_type(mime).set_content_encoding(encoding).disable_content_disposition());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::HeaderName;

    use super::*;

    fn with(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(HeaderName::from_static("accept-encoding"), HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn accept_encoding_is_read_with_its_qualities() {
        assert!(accepts(&with("gzip, deflate, br, zstd"), "br"));
        assert!(accepts(&with("gzip;q=1.0, br;q=0.5"), "br"));
        assert!(!accepts(&with("gzip, br;q=0"), "br"));
        assert!(accepts(&with("gzip, br;q=0"), "gzip"));
        assert!(!accepts(&with("identity"), "gzip"));
        assert!(!accepts(&HeaderMap::new(), "br"));
    }

    #[test]
    fn a_path_never_climbs_out_of_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "x").unwrap();
        assert!(file_of(dir.path(), "/").is_some());
        assert!(file_of(dir.path(), "/index.html").is_some());
        assert!(file_of(dir.path(), "/../index.html").is_none());
        assert!(file_of(dir.path(), "/missing.js").is_none());
    }
}
