//! The file store of attachments (CAB-12): object storage behind one [`FileStore`] — a folder
//! on the local disk (the embedded default, one node) or an S3 bucket (several nodes).
//!
//! Uploads are streamed into the store part by part (`WriteMultipart`), never held whole in
//! memory; downloads stream out of it. Files are reached only through signed, short-lived
//! links ([`link`]); the store itself is never exposed.

pub mod link;
pub mod sniff;

use std::sync::Arc;

use anyhow::Context;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt};
use uuid::Uuid;

use crate::config::FileBackend;

/// The store of attachment bytes, cheap to clone.
#[derive(Clone, Debug)]
pub struct FileStore {
    inner: Arc<dyn ObjectStore>,
}

impl FileStore {
    /// Opens the configured backend; the local folder is created if missing.
    pub fn from_settings(backend: &FileBackend) -> anyhow::Result<Self> {
        let inner: Arc<dyn ObjectStore> = match backend {
            FileBackend::Local(dir) => {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create the files dir {}", dir.display()))?;
                tracing::info!(backend = "local", path = %dir.display(), "file store");
                Arc::new(
                    LocalFileSystem::new_with_prefix(dir)
                        .with_context(|| format!("cannot open the files dir {}", dir.display()))?
                        .with_automatic_cleanup(true),
                )
            }
            FileBackend::S3(s3) => {
                install_crypto_provider();
                let mut b = AmazonS3Builder::new()
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_allow_http(s3.allow_http);
                if let Some(endpoint) = &s3.endpoint {
                    b = b.with_endpoint(endpoint);
                }
                if let Some((id, secret)) = &s3.credentials {
                    b = b.with_access_key_id(id).with_secret_access_key(secret.expose());
                }
                tracing::info!(backend = "s3", bucket = %s3.bucket, endpoint = s3.endpoint.as_deref().unwrap_or("aws"), "file store");
                Arc::new(b.build().context("cannot configure the S3 file store")?)
            }
        };
        Ok(Self { inner })
    }

    pub fn store(&self) -> &Arc<dyn ObjectStore> {
        &self.inner
    }

    /// Deletes objects, logging (not failing on) what could not be deleted: used to leave
    /// nothing behind after a failed upload.
    pub async fn delete_all(&self, keys: &[ObjectPath]) {
        for key in keys {
            if let Err(e) = self.inner.delete(key).await {
                tracing::warn!(key = %key, error = %e, "could not delete an orphaned file");
            }
        }
    }
}

/// The key of an attachment's object: `org/<org>/patient/<card>/<attachment>`.
pub fn attachment_key(org: Uuid, card: Uuid, attachment: Uuid) -> String {
    format!("org/{org}/patient/{card}/{attachment}")
}

/// rustls needs one process-wide crypto provider for the S3 client (ring; the build has no
/// aws-lc-rs). Installing twice is harmless.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
