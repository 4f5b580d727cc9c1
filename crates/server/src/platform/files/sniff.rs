//! What a file is, from its content (CAB-12): the name's extension is never trusted.
//!
//! The first bytes decide (magic numbers); a ZIP archive is then opened (its central
//! directory only, nothing is unpacked) to refuse unsafe archives and to tell a Word `.docx`
//! from a plain `.zip`.

use std::io::{Read, Seek};

use common::record::FileKind;

/// How many leading bytes [`kind_of`] needs to decide (fewer only when the file is shorter).
pub const SNIFF_LEN: usize = 8;

/// An archive may list at most this many entries.
pub const ARCHIVE_MAX_ENTRIES: usize = 1_000;
/// An archive may unpack to at most this many bytes (as its directory declares them).
pub const ARCHIVE_MAX_UNPACKED_BYTES: u64 = 500 * 1024 * 1024;

const PDF: &[u8] = b"%PDF-";
const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF];
const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The kind the leading bytes show, or `None` for a type that is not allowed. A ZIP is
/// reported as [`FileKind::Zip`] until [`inspect_archive`] looks inside.
pub fn kind_of(head: &[u8]) -> Option<FileKind> {
    if head.starts_with(PDF) {
        Some(FileKind::Pdf)
    } else if head.starts_with(PNG) {
        Some(FileKind::Png)
    } else if head.starts_with(JPEG) {
        Some(FileKind::Jpeg)
    } else if head.starts_with(ZIP) {
        Some(FileKind::Zip)
    } else if head.starts_with(OLE) {
        Some(FileKind::Doc)
    } else {
        None
    }
}

/// Why an archive is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveProblem {
    Unreadable,
    TooManyEntries,
    TooLarge,
    UnsafePath,
}

impl ArchiveProblem {
    pub fn message(&self) -> &'static str {
        match self {
            Self::Unreadable => "the archive cannot be read",
            Self::TooManyEntries => "the archive has more than 1,000 entries",
            Self::TooLarge => "the archive unpacks to more than 500 MB",
            Self::UnsafePath => "the archive has an absolute path or a path with `..`",
        }
    }
}

/// A path that would escape the folder it is unpacked into.
fn unsafe_path(name: &str) -> bool {
    let absolute =
        name.starts_with('/') || name.starts_with('\\') || name.as_bytes().get(1) == Some(&b':') || name.contains('\0');
    absolute || name.split(['/', '\\']).any(|part| part == "..")
}

/// Reads a ZIP's directory: refuses unsafe or oversized archives, and answers
/// [`FileKind::Docx`] for a Word document (`[Content_Types].xml` and `word/` entries), else
/// [`FileKind::Zip`].
pub fn inspect_archive<R: Read + Seek>(reader: R) -> Result<FileKind, ArchiveProblem> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|_| ArchiveProblem::Unreadable)?;
    if archive.len() > ARCHIVE_MAX_ENTRIES {
        return Err(ArchiveProblem::TooManyEntries);
    }
    let mut total: u64 = 0;
    let (mut content_types, mut word) = (false, false);
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).map_err(|_| ArchiveProblem::Unreadable)?;
        let name = String::from_utf8_lossy(file.name_raw()).into_owned();
        if unsafe_path(&name) {
            return Err(ArchiveProblem::UnsafePath);
        }
        total = total.saturating_add(file.size());
        if total > ARCHIVE_MAX_UNPACKED_BYTES {
            return Err(ArchiveProblem::TooLarge);
        }
        content_types |= name == "[Content_Types].xml";
        word |= name.starts_with("word/");
    }
    Ok(if content_types && word { FileKind::Docx } else { FileKind::Zip })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn magic_numbers_decide() {
        assert_eq!(kind_of(b"%PDF-1.7\n"), Some(FileKind::Pdf));
        assert_eq!(kind_of(PNG), Some(FileKind::Png));
        assert_eq!(kind_of(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(FileKind::Jpeg));
        assert_eq!(kind_of(b"PK\x03\x04\x14\x00"), Some(FileKind::Zip));
        assert_eq!(kind_of(OLE), Some(FileKind::Doc));
        assert_eq!(kind_of(b"MZ\x90\x00"), None);
        assert_eq!(kind_of(b""), None);
        assert_eq!(kind_of(b"%PD"), None);
    }

    #[test]
    fn archives_are_inspected() {
        let docx = zip_of(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]);
        assert_eq!(inspect_archive(Cursor::new(docx)), Ok(FileKind::Docx));
        let plain = zip_of(&[("scan.pdf", b"%PDF-1.4")]);
        assert_eq!(inspect_archive(Cursor::new(plain)), Ok(FileKind::Zip));
        for bad in ["../evil", "a/../../evil", "/etc/passwd", "C:\\evil", "a\\..\\b"] {
            let z = zip_of(&[(bad, b"x")]);
            assert_eq!(inspect_archive(Cursor::new(z)), Err(ArchiveProblem::UnsafePath), "{bad}");
        }
        assert_eq!(inspect_archive(Cursor::new(b"PK\x03\x04garbage".to_vec())), Err(ArchiveProblem::Unreadable));
    }

    #[test]
    fn archive_limits() {
        let names: Vec<String> = (0..=ARCHIVE_MAX_ENTRIES).map(|i| format!("f{i}")).collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        assert_eq!(inspect_archive(Cursor::new(zip_of(&entries))), Err(ArchiveProblem::TooManyEntries));
        assert!(unsafe_path(".."));
        assert!(!unsafe_path("a..b/c"));
    }
}
