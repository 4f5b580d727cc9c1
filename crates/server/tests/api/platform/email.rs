//! The email outbox: queued with the change, sent once by a job, through each backend —
//! SMTP against a real SMTP server (aiosmtpd) on loopback.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration as StdDuration, Instant};

use chrono::Duration;
use common::Locale;
use db::entities::{email, job};
use db::sea_orm::{EntityTrait, TransactionTrait};
use server::config::{MailSettings, Secret};
use server::platform::clock::Clock;
use server::platform::email::outbox::{EmailRequest, queue_email};
use server::platform::email::templates::Template;
use server::platform::email::{Mailer, OutgoingEmail};
use server::platform::jobs::queue::{self, LEASE};
use server::platform::jobs::worker::run_due;

use crate::support::app::{TestDb, state_on, t0, which};

fn test_email(to: &str, locale: Locale) -> EmailRequest {
    EmailRequest { organization_id: None, to: to.to_owned(), locale, template: Template::TestMessage }
}

#[tokio::test]
async fn a_queued_email_is_sent_by_its_job() {
    let db = TestDb::new().await;
    let state = state_on(&db, Clock::fixed(t0())).await;
    let id =
        queue_email(&state.db, "http://onco.test", test_email("anna@example.org", Locale::Ru), t0()).await.unwrap();
    assert!(state.mailer.sent().is_empty(), "nothing is sent before the job runs");
    assert_eq!(run_due(&state, t0()).await.unwrap(), 1);
    let sent = state.mailer.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].id, id.0);
    assert_eq!(sent[0].to, "anna@example.org");
    assert_eq!(sent[0].subject, "ОНКОЦЕНТР: проверка почты");
    assert!(sent[0].text.contains("http://onco.test"));
    let row = email::Entity::find_by_id(id.0).one(&state.db).await.unwrap().unwrap();
    assert_eq!(row.status, email::STATUS_SENT);
    assert_eq!(row.sent_at, Some(t0()));
}

#[tokio::test]
async fn an_email_of_a_rolled_back_change_is_never_sent() {
    let db = TestDb::new().await;
    let state = state_on(&db, Clock::fixed(t0())).await;
    let txn = state.db.begin().await.unwrap();
    queue_email(&txn, "http://onco.test", test_email("anna@example.org", Locale::En), t0()).await.unwrap();
    txn.rollback().await.unwrap();
    assert_eq!(run_due(&state, t0()).await.unwrap(), 0);
    assert!(state.mailer.sent().is_empty());
    assert!(email::Entity::find().all(&state.db).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_crash_between_enqueue_and_send_still_delivers_once() {
    let db = TestDb::new().await;
    {
        // The first process queues the email and dies before its worker runs.
        let first = state_on(&db, Clock::fixed(t0())).await;
        queue_email(&first.db, "http://onco.test", test_email("boris@example.org", Locale::Ru), t0()).await.unwrap();
        first.db.close().await.unwrap();
    }
    let second = state_on(&db, Clock::fixed(t0())).await;
    assert_eq!(run_due(&second, t0()).await.unwrap(), 1);
    assert_eq!(run_due(&second, t0() + Duration::hours(1)).await.unwrap(), 0);
    assert_eq!(second.mailer.sent().len(), 1);
}

#[tokio::test]
async fn a_send_interrupted_mid_job_is_delivered_once_after_the_lease() {
    let db = TestDb::new().await;
    let state = state_on(&db, Clock::fixed(t0())).await;
    queue_email(&state.db, "http://onco.test", test_email("vera@example.org", Locale::Ru), t0()).await.unwrap();
    // A worker took the job and died.
    queue::claim(&state.db, "dead-worker", t0()).await.unwrap().unwrap();
    assert_eq!(run_due(&state, t0() + Duration::minutes(1)).await.unwrap(), 0);
    assert_eq!(run_due(&state, t0() + LEASE + Duration::seconds(1)).await.unwrap(), 1);
    assert_eq!(state.mailer.sent().len(), 1);
}

#[tokio::test]
async fn an_email_already_marked_sent_is_not_sent_again() {
    let db = TestDb::new().await;
    let state = state_on(&db, Clock::fixed(t0())).await;
    queue_email(&state.db, "http://onco.test", test_email("gleb@example.org", Locale::Ru), t0()).await.unwrap();
    run_due(&state, t0()).await.unwrap();
    // Re-queue the same job as if its completion had been lost.
    use db::sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
    let j = job::Entity::find().one(&state.db).await.unwrap().unwrap();
    let mut am = j.into_active_model();
    am.status = Set(job::STATUS_QUEUED.to_owned());
    am.update(&state.db).await.unwrap();
    assert_eq!(run_due(&state, t0()).await.unwrap(), 1);
    assert_eq!(state.mailer.sent().len(), 1);
}

#[tokio::test]
async fn the_folder_backend_writes_one_eml_per_email() {
    let dir = tempfile::tempdir().unwrap();
    let mailer = Mailer::from_settings(&MailSettings::Folder(dir.path().join("outbox"))).unwrap();
    let email = OutgoingEmail {
        id: uuid::Uuid::now_v7(),
        to: "dina@example.org".into(),
        subject: "Hello".into(),
        text: "plain".into(),
        html: "<p>html</p>".into(),
    };
    mailer.send("OncoCenter <no-reply@onco.test>", &email).await.unwrap();
    mailer.send("OncoCenter <no-reply@onco.test>", &email).await.unwrap();
    let files: Vec<_> = std::fs::read_dir(dir.path().join("outbox")).unwrap().collect();
    assert_eq!(files.len(), 1, "a resend rewrites the same file");
    let text = std::fs::read_to_string(dir.path().join("outbox").join(format!("{}.eml", email.id))).unwrap();
    assert!(text.contains("Subject: Hello"));
    assert!(text.contains("To: dina@example.org"));
    assert!(text.contains(&format!("Message-ID: <{}@onco.test>", email.id)));
}

/// A real SMTP server (aiosmtpd) on a loopback port, delivering into a maildir.
struct SmtpServer {
    child: Child,
    port: u16,
    maildir: PathBuf,
    _dir: tempfile::TempDir,
}

impl SmtpServer {
    fn start() -> Self {
        Self::start_on(free_port())
    }

    fn start_on(port: u16) -> Self {
        let bin = which("aiosmtpd")
            .expect("aiosmtpd is not on PATH: run the README's test command (scripts/test.sh installs it)");
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("maildir");
        let child = Command::new(bin)
            .args(["-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + StdDuration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "aiosmtpd did not start");
            std::thread::sleep(StdDuration::from_millis(50));
        }
        Self { child, port, maildir, _dir: dir }
    }

    fn messages(&self) -> Vec<String> {
        let new = self.maildir.join("new");
        match std::fs::read_dir(&new) {
            Ok(rd) => rd.map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect(),
            Err(_) => Vec::new(),
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn smtp_state(db: &TestDb, url: String) -> server::state::AppState {
    let mut state = state_on(db, Clock::fixed(t0())).await;
    state.mailer = Mailer::from_settings(&MailSettings::Smtp(Secret::new(url))).unwrap();
    state
}

fn wait_for(pred: impl Fn() -> bool) {
    let deadline = Instant::now() + StdDuration::from_secs(10);
    while !pred() {
        assert!(Instant::now() < deadline, "timed out waiting for delivery");
        std::thread::sleep(StdDuration::from_millis(50));
    }
}

#[tokio::test]
async fn smtp_delivers_to_a_real_server() {
    let smtp = SmtpServer::start();
    let db = TestDb::new().await;
    let state = smtp_state(&db, format!("smtp://127.0.0.1:{}", smtp.port)).await;
    let id =
        queue_email(&state.db, "http://onco.test", test_email("egor@example.org", Locale::En), t0()).await.unwrap();
    assert_eq!(run_due(&state, t0()).await.unwrap(), 1);
    wait_for(|| !smtp.messages().is_empty());
    let msgs = smtp.messages();
    assert_eq!(msgs.len(), 1);
    assert!(msgs[0].contains("To: egor@example.org"));
    assert!(msgs[0].contains("Subject: ONCOCENTER: mail check"));
    assert!(msgs[0].contains(&id.0.to_string()), "Message-ID carries the email id");
    let row = email::Entity::find_by_id(id.0).one(&state.db).await.unwrap().unwrap();
    assert_eq!(row.status, email::STATUS_SENT);
}

#[tokio::test]
async fn smtp_down_means_retry_with_backoff_then_delivery() {
    let db = TestDb::new().await;
    let port = free_port();
    let state = smtp_state(&db, format!("smtp://127.0.0.1:{port}")).await;
    queue_email(&state.db, "http://onco.test", test_email("zoya@example.org", Locale::Ru), t0()).await.unwrap();
    assert_eq!(run_due(&state, t0()).await.unwrap(), 1);
    let j = job::Entity::find().one(&state.db).await.unwrap().unwrap();
    assert_eq!(j.status, job::STATUS_QUEUED);
    assert_eq!(j.run_at, t0() + Duration::seconds(30));
    assert!(j.last_error.unwrap().contains("SMTP"));

    // The server comes up on that port; the retry delivers.
    let smtp = SmtpServer::start_on(port);
    assert_eq!(run_due(&state, t0() + Duration::seconds(30)).await.unwrap(), 1);
    wait_for(|| smtp.messages().len() == 1);
}
