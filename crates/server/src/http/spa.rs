//! Serves the built SPA at `/`: files by path; client routes (paths without a file extension)
//! fall back to `index.html`; a missing asset is a 404.

use std::path::PathBuf;

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header;
use common::{ErrorCode, Problem};

use crate::http::error::problem_response;

/// The static-files service for the SPA folder.
pub fn service(dir: PathBuf) -> Files {
    let index = dir.join("index.html");
    Files::new("/", dir).index_file("index.html").prefer_utf8(true).default_handler(fn_service(
        move |req: ServiceRequest| {
            let index = index.clone();
            async move {
                let (req, _) = req.into_parts();
                let last = req.path().rsplit('/').next().unwrap_or("");
                let is_client_route = !last.contains('.') && !req.path().starts_with("/api/");
                if is_client_route && let Ok(file) = NamedFile::open(&index) {
                    let mut res = file.into_response(&req);
                    // The shell must be revalidated so a deploy reaches users at once.
                    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache"));
                    return Ok(ServiceResponse::new(req, res));
                }
                let problem = Problem::new(ErrorCode::NotFound, None);
                Ok(ServiceResponse::new(req, problem_response(&problem)))
            }
        },
    ))
}
