//! Email: one backend enum (SMTP, a folder of `.eml` files, memory), templates in Russian
//! and English, and the transactional outbox that sends through a job.

pub mod outbox;
pub mod templates;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};

use crate::config::MailSettings;

/// A rendered email ready to go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    /// Also the `Message-ID`, so a resend after a crash is recognizable as the same message.
    pub id: uuid::Uuid,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(PathBuf),
    Memory(Arc<Mutex<Vec<OutgoingEmail>>>),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Smtp(_) => f.write_str("Mailer::Smtp"),
            Self::Folder(p) => write!(f, "Mailer::Folder({})", p.display()),
            Self::Memory(_) => f.write_str("Mailer::Memory"),
        }
    }
}

impl Mailer {
    pub fn from_settings(settings: &MailSettings) -> anyhow::Result<Self> {
        Ok(match settings {
            MailSettings::Smtp(url) => Self::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .context("ONCOCENTER_SMTP_URL is not a valid smtp:// or smtps:// URL")?
                    .timeout(Some(std::time::Duration::from_secs(20)))
                    .build(),
            ),
            MailSettings::Folder(dir) => {
                std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
                Self::Folder(dir.clone())
            }
            MailSettings::Memory => Self::Memory(Arc::default()),
        })
    }

    /// Delivers one email through the backend.
    pub async fn send(&self, from: &str, email: &OutgoingEmail) -> anyhow::Result<()> {
        match self {
            Self::Memory(sent) => {
                sent.lock().map_err(|_| anyhow::anyhow!("mail store poisoned"))?.push(email.clone());
                Ok(())
            }
            Self::Folder(dir) => {
                let bytes = build_message(from, email)?.formatted();
                // Named by the email's id: a resend after a crash rewrites the same file.
                let path = dir.join(format!("{}.eml", email.id));
                tokio::fs::write(&path, bytes).await.with_context(|| format!("cannot write {}", path.display()))
            }
            Self::Smtp(transport) => {
                let message = build_message(from, email)?;
                transport.send(message).await.context("the SMTP server refused or could not be reached")?;
                Ok(())
            }
        }
    }

    /// The emails kept by the in-memory backend (tests).
    pub fn sent(&self) -> Vec<OutgoingEmail> {
        match self {
            Self::Memory(sent) => sent.lock().map(|v| v.clone()).unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

fn build_message(from: &str, email: &OutgoingEmail) -> anyhow::Result<Message> {
    let from: Mailbox = from.parse().context("ONCOCENTER_MAIL_FROM is not a mailbox")?;
    let to: Mailbox = email.to.parse().context("recipient address is not valid")?;
    let domain = from.email.domain().to_owned();
    Message::builder()
        .from(from)
        .to(to)
        .subject(email.subject.clone())
        .message_id(Some(format!("<{}@{}>", email.id, domain)))
        .multipart(MultiPart::alternative_plain_html(email.text.clone(), email.html.clone()))
        .context("cannot build the email")
}
