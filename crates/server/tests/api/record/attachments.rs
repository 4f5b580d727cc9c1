//! Attachments (CAB-12, X-7): a patient's upload streamed into the file store, and downloads
//! through signed, short-lived links — on the local store and on a real S3 API (moto).

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration as StdDuration, Instant};

use chrono::Duration;
use common::ErrorCode;
use common::ids::PatientId;
use common::record::{DownloadLinkDto, EntryDto, EntryKind, EntryStatus, FileKind};
use db::entities::{attachment, audit_log, record_entry};
use db::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use reqwest::Response;
use reqwest::multipart::{Form, Part};
use server::config::{FileBackend, S3Settings, Secret};

use crate::support::accounts::*;
use crate::support::app::{TestApp, spawn_app, spawn_app_with, which};
use crate::support::cabinet::*;

const UPLOADS: &str = "/cabinet/record/uploads";

/// A real one-page PDF.
fn pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// A real 1×1 PNG.
fn png() -> Vec<u8> {
    hex::decode(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000\
         1f15c4890000000d4944415478da63f8cfc0f01f0005000201e2a0ad\
         c40000000049454e44ae426082",
    )
    .unwrap()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn form(description: &str, files: &[(&str, Vec<u8>)]) -> Form {
    let mut f = Form::new().text("description", description.to_owned());
    for (name, bytes) in files {
        f = f.part("file", Part::bytes(bytes.clone()).file_name(name.to_string()));
    }
    f
}

async fn upload(app: &TestApp, token: &str, for_card: Option<PatientId>, form: Form) -> Response {
    as_patient(app, reqwest::Method::POST, UPLOADS, token, for_card).multipart(form).send().await.unwrap()
}

async fn upload_ok(app: &TestApp, token: &str, files: &[(&str, Vec<u8>)]) -> EntryDto {
    json_of(upload(app, token, None, form("Анализы за ноябрь\nподробности", files)).await, 201).await
}

async fn link_res(app: &TestApp, token: &str, id: impl std::fmt::Display) -> Response {
    get(app, &format!("/attachments/{id}/link"), Some(token)).await
}

async fn link(app: &TestApp, token: &str, id: impl std::fmt::Display) -> DownloadLinkDto {
    json_of(link_res(app, token, id).await, 200).await
}

/// Follows a link with no `Authorization` header.
async fn follow(app: &TestApp, url: &str) -> Response {
    app.client.get(app.url(url)).send().await.unwrap()
}

fn files_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() { out.extend(files_in(&p)) } else { out.push(p) }
        }
    }
    out
}

/// Nothing of a refused upload remains: no entry, no attachment row, no object.
async fn assert_nothing_left(app: &TestApp) {
    assert_eq!(record_entry::Entity::find().count(&app.state.db).await.unwrap(), 0, "an entry row remained");
    assert_eq!(attachment::Entity::find().count(&app.state.db).await.unwrap(), 0, "an attachment row remained");
    let left = files_in(&app.state.settings.data_dir.join("files"));
    assert!(left.is_empty(), "objects remained: {left:?}");
}

async fn audited(app: &TestApp, action: &str) -> Vec<audit_log::Model> {
    app.state.audit.flush().await;
    audit_log::Entity::find().filter(audit_log::Column::Action.eq(action)).all(&app.state.db).await.unwrap()
}

#[tokio::test]
async fn a_patient_uploads_a_pdf_and_a_png_and_downloads_them_by_link() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let (pdf, png) = (pdf(), png());
    let entry =
        upload_ok(&app, c.patient.token(), &[("анализ крови.pdf", pdf.clone()), ("снимок.png", png.clone())]).await;
    assert_eq!(entry.kind, EntryKind::Patient);
    assert_eq!(entry.status, EntryStatus::Signed);
    assert_eq!(entry.patient_id, c.patient.id());
    assert_eq!(entry.title, "Анализы за ноябрь");
    assert_eq!(entry.body, "Анализы за ноябрь\nподробности");
    assert_eq!(entry.author.role, "patient");
    assert_eq!(entry.author.name, "Белова Ирина Павловна");
    assert!(entry.signed_by.is_none() && entry.amendment_entries.is_empty());
    assert_eq!(entry.occurred_on, crate::support::app::t0().date_naive());
    let kinds: Vec<_> = entry.attachments.iter().map(|a| (a.file_name.as_str(), a.kind, a.size_bytes)).collect();
    assert_eq!(
        kinds,
        vec![("анализ крови.pdf", FileKind::Pdf, pdf.len() as u64), ("снимок.png", FileKind::Png, png.len() as u64)]
    );

    // Rows and objects exist, keyed by organization, card and attachment.
    let rows = attachment::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(rows.len(), 2);
    for r in &rows {
        assert_eq!(r.storage_key, format!("org/{}/patient/{}/{}", c.org.org.id.0, c.patient.id().0, r.id));
        assert_eq!(r.entry_id, entry.id.0);
    }
    assert_eq!(files_in(&app.state.settings.data_dir.join("files")).len(), 2);
    assert_eq!(audited(&app, "record.upload").await.len(), 1);

    for (att, bytes, mime) in
        [(&entry.attachments[0], &pdf, "application/pdf"), (&entry.attachments[1], &png, "image/png")]
    {
        let l = link(&app, c.patient.token(), att.id.0).await;
        assert!(l.url.starts_with("/api/v1/files/"), "{}", l.url);
        assert_eq!(l.expires_at, crate::support::app::t0() + Duration::minutes(5));
        let res = follow(&app, &l.url).await;
        assert_eq!(res.status(), 200);
        let h = res.headers().clone();
        assert_eq!(h["content-type"], mime);
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["cache-control"], "private, no-store");
        let disposition = h["content-disposition"].to_str().unwrap().to_owned();
        assert!(disposition.starts_with("attachment; filename*=UTF-8''%D"), "{disposition}");
        assert_eq!(res.bytes().await.unwrap().to_vec(), *bytes);
    }
    let pdf_res = follow(&app, &link(&app, c.patient.token(), entry.attachments[0].id.0).await.url).await;
    assert_eq!(
        pdf_res.headers()["content-disposition"],
        "attachment; filename*=UTF-8''%D0%B0%D0%BD%D0%B0%D0%BB%D0%B8%D0%B7%20%D0%BA%D1%80%D0%BE%D0%B2%D0%B8.pdf"
    );
    assert_eq!(audited(&app, "attachment.link").await.len(), 3);
    let downloads = audited(&app, "attachment.download").await;
    assert_eq!(downloads.len(), 3);
    assert!(downloads[0].patient_ids.contains(&c.patient.id().0.to_string()));
}

#[tokio::test]
async fn the_type_comes_from_the_content_not_the_name() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let docx = zip_of(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]);
    let plain_zip = zip_of(&[("scans/1.pdf", b"%PDF-1.4")]);
    let jpeg = [&[0xFF, 0xD8, 0xFF, 0xE0][..], b"\x00\x10JFIF\x00"].concat();
    let ole = [&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..], &[0u8; 64][..]].concat();
    let entry = upload_ok(
        &app,
        c.patient.token(),
        &[("x.pdf", png()), ("letter.docx", docx), ("archive.zip", plain_zip), ("photo.jpg", jpeg), ("old.doc", ole)],
    )
    .await;
    let kinds: Vec<_> = entry.attachments.iter().map(|a| a.kind).collect();
    assert_eq!(kinds, vec![FileKind::Png, FileKind::Docx, FileKind::Zip, FileKind::Jpeg, FileKind::Doc]);
    assert_eq!(entry.attachments[0].file_name, "x.pdf");
    let res = follow(&app, &link(&app, c.patient.token(), entry.attachments[0].id.0).await.url).await;
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.headers()["content-disposition"], "attachment; filename*=UTF-8''x.png");
}

#[tokio::test]
async fn a_file_type_not_allowed_is_refused_and_nothing_remains() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
    let res = upload(&app, c.patient.token(), None, form("Выписка", &[("ok.pdf", pdf()), ("virus.pdf", exe)])).await;
    let p = expect_problem(res, 415, ErrorCode::FileTypeNotAllowed).await;
    assert_eq!(p.errors[0].field, "file[1]");
    assert_nothing_left(&app).await;
    // Too short to be anything.
    let res = upload(&app, c.patient.token(), None, form("Выписка", &[("empty.pdf", Vec::new())])).await;
    let p = expect_problem(res, 415, ErrorCode::FileTypeNotAllowed).await;
    assert_eq!(p.errors[0].field, "file[0]");
    assert_nothing_left(&app).await;
}

#[tokio::test]
async fn eleven_files_are_too_many() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let files: Vec<_> = (0..11).map(|_| ("scan.pdf", pdf())).collect();
    let res = upload(&app, c.patient.token(), None, form("Много файлов", &files)).await;
    expect_problem(res, 422, ErrorCode::TooManyFiles).await;
    assert_nothing_left(&app).await;
    // Ten are fine.
    let entry = upload_ok(&app, c.patient.token(), &files[..10]).await;
    assert_eq!(entry.attachments.len(), 10);
}

#[tokio::test]
async fn a_file_over_the_limit_is_413_and_nothing_remains() {
    let app = spawn_app_with(|s| s.max_upload_bytes = 4096).await;
    let c = one_clinic(&app).await;
    let mut big = pdf();
    big.resize(4097, b' ');
    let res = upload(&app, c.patient.token(), None, form("Большой", &[("small.png", png()), ("big.pdf", big)])).await;
    let p = expect_problem(res, 413, ErrorCode::PayloadTooLarge).await;
    assert_eq!(p.errors[0].field, "file[1]");
    assert_nothing_left(&app).await;
    let mut exact = pdf();
    exact.resize(4096, b' ');
    let entry = upload_ok(&app, c.patient.token(), &[("exact.pdf", exact)]).await;
    assert_eq!(entry.attachments[0].size_bytes, 4096);
}

#[tokio::test]
async fn unsafe_archives_are_rejected() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    for name in ["../evil", "docs/../../evil", "/etc/cron.d/evil"] {
        let z = zip_of(&[("readme.txt", b"hi"), (name, b"x")]);
        let res = upload(&app, c.patient.token(), None, form("Архив", &[("a.zip", z)])).await;
        let p = expect_problem(res, 422, ErrorCode::ArchiveRejected).await;
        assert_eq!(p.errors[0].field, "file[0]", "{name}");
        assert_nothing_left(&app).await;
    }
    let names: Vec<String> = (0..1001).map(|i| format!("f{i}.txt")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let res = upload(&app, c.patient.token(), None, form("Архив", &[("many.zip", zip_of(&entries))])).await;
    expect_problem(res, 422, ErrorCode::ArchiveRejected).await;
    assert_nothing_left(&app).await;
}

#[tokio::test]
async fn invalid_uploads_are_422_and_roles_are_checked() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let t = c.patient.token();
    let no_description = Form::new().part("file", Part::bytes(pdf()).file_name("a.pdf"));
    expect_invalid(upload(&app, t, None, no_description).await, &["description"]).await;
    expect_invalid(upload(&app, t, None, form("   ", &[("a.pdf", pdf())])).await, &["description"]).await;
    let long = "д".repeat(16_001);
    expect_invalid(upload(&app, t, None, form(&long, &[("a.pdf", pdf())])).await, &["description"]).await;
    expect_invalid(upload(&app, t, None, form("Без файлов", &[])).await, &["file"]).await;
    let extra = form("x", &[("a.pdf", pdf())]).text("comment", "?");
    expect_invalid(upload(&app, t, None, extra).await, &["comment"]).await;
    assert_nothing_left(&app).await;
    // 16,000 characters are fine; the title is the first 200.
    let max = "д".repeat(16_000);
    let entry: EntryDto = json_of(upload(&app, t, None, form(&max, &[("a.pdf", pdf())])).await, 201).await;
    assert_eq!(entry.title.chars().count(), 200);

    // Not multipart.
    let res = as_patient(&app, reqwest::Method::POST, UPLOADS, t, None)
        .json(&serde_json::json!({"description": "x"}))
        .send()
        .await
        .unwrap();
    expect_problem(res, 415, ErrorCode::UnsupportedMediaType).await;
    // Staff do not upload here; nobody without a session.
    let res = app
        .client
        .post(api(&app, UPLOADS))
        .bearer_auth(c.doctor.token())
        .multipart(form("x", &[("a.pdf", pdf())]))
        .send()
        .await
        .unwrap();
    expect_problem(res, 403, ErrorCode::Forbidden).await;
    let res = app.client.post(api(&app, UPLOADS)).multipart(form("x", &[("a.pdf", pdf())])).send().await.unwrap();
    expect_problem(res, 401, ErrorCode::Unauthorized).await;
    // A card the patient does not represent.
    let other = registered_patient(&app, &c.org, "Орлова", "Анна", "orlova@example.org").await;
    let res = upload(&app, t, Some(other.id()), form("x", &[("a.pdf", pdf())])).await;
    expect_problem(res, 404, ErrorCode::NotFound).await;
    assert_eq!(record_entry::Entity::find().count(&app.state.db).await.unwrap(), 1);
}

#[tokio::test]
async fn links_expire_and_cannot_be_forged() {
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let entry = upload_ok(&app, c.patient.token(), &[("a.pdf", pdf())]).await;
    let l = link(&app, c.patient.token(), entry.attachments[0].id.0).await;

    // Tampered: one character of the token changed.
    let token = l.url.trim_start_matches("/api/v1/files/");
    let mut chars: Vec<char> = token.chars().collect();
    chars[5] = if chars[5] == 'A' { 'B' } else { 'A' };
    let forged: String = chars.into_iter().collect();
    expect_problem(follow(&app, &format!("/api/v1/files/{forged}")).await, 410, ErrorCode::LinkExpired).await;
    expect_problem(follow(&app, "/api/v1/files/nonsense").await, 410, ErrorCode::LinkExpired).await;

    // Still valid just before five minutes, expired at five.
    app.state.clock.advance(Duration::seconds(299));
    assert_eq!(follow(&app, &l.url).await.status(), 200);
    app.state.clock.advance(Duration::seconds(1));
    expect_problem(follow(&app, &l.url).await, 410, ErrorCode::LinkExpired).await;
}

#[tokio::test]
async fn links_are_only_for_the_card_and_the_clinicians_in_reach() {
    let app = spawn_app().await;
    let (a, b) = two_clinics(&app).await;
    let entry = upload_ok(&app, a.patient.token(), &[("a.pdf", pdf())]).await;
    let id = entry.attachments[0].id.0;
    let b_entry = upload_ok(&app, b.patient.token(), &[("b.pdf", pdf())]).await;
    let b_id = b_entry.attachments[0].id.0;

    // The doctor of the patient and his assistant: yes; another doctor: 404.
    let l = link(&app, a.doctor.token(), id).await;
    assert_eq!(follow(&app, &l.url).await.status(), 200);
    link(&app, a.assistant.token(), id).await;
    expect_problem(link_res(&app, a.other_doctor.token(), id).await, 404, ErrorCode::NotFound).await;
    // The organizer does not read the record.
    expect_problem(link_res(&app, a.org.token(), id).await, 403, ErrorCode::Forbidden).await;
    // Another patient of the same clinic: 404.
    let other = registered_patient(&app, &a.org, "Орлова", "Анна", "orlova@example.org").await;
    expect_problem(link_res(&app, other.token(), id).await, 404, ErrorCode::NotFound).await;
    // The other organization's attachment: 404 for its patient and its doctor.
    expect_problem(link_res(&app, a.patient.token(), b_id).await, 404, ErrorCode::NotFound).await;
    expect_problem(link_res(&app, a.doctor.token(), b_id).await, 404, ErrorCode::NotFound).await;
    // Unknown id: 404; no session: 401.
    expect_problem(link_res(&app, a.doctor.token(), uuid::Uuid::now_v7()).await, 404, ErrorCode::NotFound).await;
    expect_problem(get(&app, &format!("/attachments/{id}/link"), None).await, 401, ErrorCode::Unauthorized).await;

    let denied: Vec<_> = audited(&app, "attachment.link").await.into_iter().filter(|r| r.outcome == "denied").collect();
    assert_eq!(denied.len(), 6);
}

// --- S3 -----------------------------------------------------------------------------------

/// moto's S3 API on a loopback port, stopped with the test.
struct Moto {
    child: Child,
    port: u16,
}

impl Moto {
    fn start() -> Self {
        // The test talks to moto with its own client before the app (which installs the TLS
        // crypto provider) is built; under nextest each test is a process of its own.
        server::platform::files::install_crypto_provider();
        let bin = which("moto_server")
            .expect("moto_server is not on PATH: run `scripts/bootstrap.sh test` (it installs moto[server])");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        let deadline = Instant::now() + StdDuration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "moto_server did not start");
            std::thread::sleep(StdDuration::from_millis(50));
        }
        Self { child, port }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn uploads_and_downloads_go_through_s3() {
    let moto = Moto::start();
    let http = reqwest::Client::new();
    let bucket = "oncocenter-files";
    let res = http.put(format!("{}/{bucket}", moto.url())).send().await.unwrap();
    assert!(res.status().is_success(), "bucket not created: {}", res.status());

    let endpoint = moto.url();
    let app = spawn_app_with(|s| {
        s.files = FileBackend::S3(S3Settings {
            bucket: bucket.to_owned(),
            endpoint: Some(endpoint),
            region: "us-east-1".to_owned(),
            credentials: Some(("testing".to_owned(), Secret::new("testing".to_owned()))),
            allow_http: true,
        })
    })
    .await;
    let c = one_clinic(&app).await;
    let (pdf, png) = (pdf(), png());
    let entry = upload_ok(&app, c.patient.token(), &[("a.pdf", pdf.clone()), ("b.png", png.clone())]).await;
    // Nothing on the local disk: the objects are in the bucket.
    assert!(files_in(&app.state.settings.data_dir.join("files")).is_empty());
    let listing = http.get(format!("{}/{bucket}?list-type=2", moto.url())).send().await.unwrap().text().await.unwrap();
    for a in &entry.attachments {
        assert!(listing.contains(&format!("/{}</Key>", a.id.0)), "{listing}");
    }
    for (att, bytes) in [(&entry.attachments[0], &pdf), (&entry.attachments[1], &png)] {
        let l = link(&app, c.patient.token(), att.id.0).await;
        let res = follow(&app, &l.url).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.bytes().await.unwrap().to_vec(), *bytes);
    }

    // A refused upload leaves no object in the bucket.
    let res = upload(
        &app,
        c.patient.token(),
        None,
        form("x", &[("ok.pdf", pdf.clone()), ("bad.pdf", b"MZ\x90\x00\x03\x00\x00\x00".to_vec())]),
    )
    .await;
    expect_problem(res, 415, ErrorCode::FileTypeNotAllowed).await;
    let after = http.get(format!("{}/{bucket}?list-type=2", moto.url())).send().await.unwrap().text().await.unwrap();
    assert_eq!(after.matches("</Key>").count(), 2, "{after}");
}

#[tokio::test]
async fn a_representative_uploads_for_the_card_he_represents() {
    use db::entities::representative;
    use db::sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let app = spawn_app().await;
    let c = one_clinic(&app).await;
    let child = registered_patient(&app, &c.org, "Белов", "Миша", "misha@example.org").await;
    let parent_account = me(&app, c.patient.token()).await.account_id;
    representative::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        organization_id: Set(c.org.org.id.0),
        patient_card_id: Set(child.id().0),
        account_id: Set(parent_account.0),
        until: Set(crate::support::app::t0().date_naive() + Duration::days(30)),
        created_by: Set(None),
        created_at: Set(crate::support::app::t0()),
    }
    .insert(&app.state.db)
    .await
    .unwrap();

    let res = upload(&app, c.patient.token(), Some(child.id()), form("Справка для школы", &[("s.pdf", pdf())])).await;
    let entry: EntryDto = json_of(res, 201).await;
    assert_eq!(entry.patient_id, child.id());
    assert_eq!(entry.author.role, "representative");
    assert!(entry.author.name.starts_with("Белова"), "{}", entry.author.name);
    let row = record_entry::Entity::find_by_id(entry.id.0).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(row.patient_card_id, child.id().0);
    let audit = audited(&app, "record.upload").await;
    assert_eq!(audit[0].acting_for, Some(child.id().0));

    // The representative reaches it acting for the child, not as himself; the child himself does.
    let id = entry.attachments[0].id.0;
    let l: DownloadLinkDto = json_of(
        as_patient(&app, reqwest::Method::GET, &format!("/attachments/{id}/link"), c.patient.token(), Some(child.id()))
            .send()
            .await
            .unwrap(),
        200,
    )
    .await;
    assert_eq!(follow(&app, &l.url).await.status(), 200);
    expect_problem(link_res(&app, c.patient.token(), id).await, 404, ErrorCode::NotFound).await;
    link(&app, child.token(), id).await;
}
