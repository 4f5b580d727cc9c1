//! The price list's rules (ORG-5): a service's fields, and the CSV import — reading the file in
//! the encoding it was saved in, parsing it by line, and the plan of what it would add and
//! change, which the preview shows and the import applies in one transaction.

use std::collections::{BTreeMap, HashMap, HashSet};

use common::FieldError;
use common::admin::{CsvEncoding, PriceImportChange, PriceImportPreview, PriceImportRow, PriceItemDto, PriceItemInput};
use common::domain::{Kopecks, MAX_PRICE_KOPECKS, search_key};
use common::ids::OrganizationId;
use common::ids::PriceItemId;
use db::entities::price_item;
use db::sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder};

use crate::http::error::ApiResult;

/// An organization's services by section, then code (only active ones when `active_only`),
/// those whose code or name contains `q` (case- and ё/е-insensitive, through `search_key`):
/// the organizer's list and the patient's cabinet (CAB-5) search alike.
pub async fn search(
    db: &impl ConnectionTrait,
    org: OrganizationId,
    active_only: bool,
    q: Option<&str>,
) -> ApiResult<Vec<PriceItemDto>> {
    let mut query = db::Org::new(org).find::<price_item::Entity>();
    if active_only {
        query = query.filter(price_item::Column::Active.eq(true));
    }
    let rows = query.order_by_asc(price_item::Column::Section).order_by_asc(price_item::Column::Code).all(db).await?;
    let needle = q.map(search_key).unwrap_or_default();
    Ok(rows
        .into_iter()
        .filter(|p| needle.is_empty() || search_key(&format!("{} {}", p.code, p.name)).contains(&needle))
        .map(dto)
        .collect())
}

const SECTION_MAX: usize = 200;
const CODE_MAX: usize = 50;
const NAME_MAX: usize = 500;

pub fn dto(p: price_item::Model) -> PriceItemDto {
    PriceItemDto {
        id: PriceItemId(p.id),
        section: p.section,
        code: p.code,
        name: p.name,
        price: Kopecks(p.price_kopecks),
        active: p.active,
    }
}

/// A service's fields, checked and normalized (inner whitespace collapsed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub section: String,
    pub code: String,
    pub name: String,
    pub price: Kopecks,
    pub active: bool,
}

fn text_field(errors: &mut Vec<FieldError>, field: String, raw: &str, max: usize) -> String {
    let v = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if v.is_empty() {
        errors.push(FieldError { field, code: "required".into(), message: "is required".into() });
    } else if v.chars().count() > max {
        errors.push(FieldError {
            field,
            code: "too_long".into(),
            message: format!("must be at most {max} characters long"),
        });
    }
    v
}

/// Checks a service's fields; `prefix` names each failing one (`section` or `line[3].section`).
pub fn check(errors: &mut Vec<FieldError>, prefix: &str, input: &PriceItemInput) -> Item {
    let section = text_field(errors, format!("{prefix}section"), &input.section, SECTION_MAX);
    let code = text_field(errors, format!("{prefix}code"), &input.code, CODE_MAX);
    let name = text_field(errors, format!("{prefix}name"), &input.name, NAME_MAX);
    if !(0..=MAX_PRICE_KOPECKS).contains(&input.price.0) {
        errors.push(FieldError {
            field: format!("{prefix}price"),
            code: "out_of_range".into(),
            message: "must be between 0 and 100 000 000 roubles".into(),
        });
    }
    Item { section, code, name, price: input.price, active: input.active }
}

fn file_error(code: &str, message: &str) -> FieldError {
    FieldError { field: "file".into(), code: code.into(), message: message.into() }
}

const SAVE_AS: &str = "In Excel choose File → Save As → \"CSV UTF-8\" or \"CSV (semicolon delimited)\".";

/// Reads a price-list file as text: UTF-8 with or without a byte-order mark, else
/// Windows-1251 (Russian Excel's "CSV"). A workbook (`.xlsx`, `.xls`), UTF-16 text or a file
/// that reads as neither is refused at `file`, saying how to save it.
pub fn decode(bytes: &[u8]) -> Result<(String, CsvEncoding), FieldError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(file_error("spreadsheet", &format!("an Excel workbook, not a CSV file. {SAVE_AS}")));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(file_error("invalid_encoding", &format!("UTF-16 text (\"Unicode text\"). {SAVE_AS}")));
    }
    let binary = |text: &str| text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
    let neither = || file_error("invalid_encoding", &format!("neither UTF-8 nor Windows-1251 text. {SAVE_AS}"));
    let (text, encoding) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (std::str::from_utf8(rest).map_err(|_| neither())?.to_owned(), CsvEncoding::Utf8),
        None => match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_owned(), CsvEncoding::Utf8),
            Err(_) => {
                let text = encoding_rs::WINDOWS_1251
                    .decode_without_bom_handling_and_without_replacement(bytes)
                    .ok_or_else(neither)?;
                if !plausibly_russian(&text) {
                    return Err(neither());
                }
                (text.into_owned(), CsvEncoding::Windows1251)
            }
        },
    };
    if binary(&text) {
        return Err(neither());
    }
    Ok((text, encoding))
}

/// Whether Windows-1251 text reads as Russian: its non-ASCII characters are Cyrillic letters
/// or the typographic signs Russian text uses. Bytes of another encoding (UTF-16, KOI8's
/// pseudographics, binary data) decode to Latin-1 letters and symbols instead.
fn plausibly_russian(text: &str) -> bool {
    let mut other = 0usize;
    let mut total = 0usize;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        total += 1;
        let cyrillic = matches!(c, 'А'..='я' | 'Ё' | 'ё');
        let sign = matches!(c, '№' | '«' | '»' | '–' | '—' | '…' | '\u{a0}' | '“' | '”' | '„' | '‘' | '’' | '•' | '°');
        if !cyrillic && !sign {
            other += 1;
        }
    }
    other * 20 <= total
}

const COLUMNS: [&str; 5] = ["section", "code", "name", "price", "active"];

fn parse_active(raw: &str) -> Option<bool> {
    match raw.trim().to_lowercase().as_str() {
        "" | "да" | "yes" | "true" | "1" | "y" | "д" => Some(true),
        "нет" | "no" | "false" | "0" | "n" | "н" => Some(false),
        _ => None,
    }
}

fn row_error(line: u64, column: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: format!("line[{line}].{column}"), code: code.into(), message: message.into() }
}

/// A parsed price-list file: its good rows by line, and every bad cell.
#[derive(Debug, Default)]
pub struct Parsed {
    /// `;` or `,`, as found in the header.
    pub delimiter: char,
    pub rows: Vec<(u64, Item)>,
    pub errors: Vec<FieldError>,
}

/// Parses a price-list CSV (see docs/admin-panel.md): `;` or `,` separated (the one the header
/// uses more), quoted cells, a header naming the columns in any order. A row with a bad cell
/// is left out of `rows`; its every bad cell is in `errors`.
pub fn parse_csv(text: &str) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Excel ends lines with CRLF; the csv reader counts a CRLF file's lines one short.
    let text = text.replace("\r\n", "\n");
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = if header_line.matches(';').count() >= header_line.matches(',').count() { b';' } else { b',' };
    let mut out = Parsed { delimiter: char::from(delimiter), ..Parsed::default() };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) => {
            out.errors.push(row_error(1, "header", "invalid_format", e.to_string()));
            return out;
        }
    };
    let index: HashMap<&str, usize> =
        COLUMNS.iter().filter_map(|c| headers.iter().position(|h| h == c).map(|i| (*c, i))).collect();
    out.errors.extend(
        COLUMNS[..4]
            .iter()
            .filter(|c| !index.contains_key(**c))
            .map(|c| row_error(1, c, "required", "the header has no such column")),
    );
    if !out.errors.is_empty() {
        return out;
    }
    let mut codes: BTreeMap<String, u64> = BTreeMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                out.errors.push(row_error(line, "row", "invalid_format", e.to_string()));
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut errors = Vec::new();
        let cell = |c: &str| index.get(c).and_then(|i| record.get(*i)).unwrap_or("");
        let price = match Kopecks::parse_roubles(cell("price")) {
            Ok(p) => p,
            Err(e) => {
                errors.push(row_error(line, "price", e.code(), e.to_string()));
                Kopecks(0)
            }
        };
        let active = parse_active(cell("active")).unwrap_or_else(|| {
            errors.push(row_error(line, "active", "invalid_format", "must be да/нет, yes/no, true/false or 1/0"));
            true
        });
        let input = PriceItemInput {
            section: cell("section").to_owned(),
            code: cell("code").to_owned(),
            name: cell("name").to_owned(),
            price,
            active,
        };
        let item = check(&mut errors, &format!("line[{line}]."), &input);
        if !item.code.is_empty()
            && let Some(first) = codes.insert(item.code.clone(), line)
        {
            errors.push(row_error(line, "code", "duplicate", format!("the same code as line {first}")));
        }
        if errors.is_empty() {
            out.rows.push((line, item));
        }
        out.errors.extend(errors);
    }
    out
}

/// What an import of `parsed` does to the organization's `existing` services.
#[derive(Debug)]
pub struct Plan {
    pub preview: PriceImportPreview,
    /// The rows to add.
    pub add: Vec<Item>,
    /// The services to change (by id) and their new fields.
    pub change: Vec<(uuid::Uuid, Item)>,
}

fn import_row(line: u64, item: &Item) -> PriceImportRow {
    PriceImportRow {
        line,
        section: item.section.clone(),
        code: item.code.clone(),
        name: item.name.clone(),
        price: item.price,
        active: item.active,
    }
}

/// Compares the file's rows with the services by code.
pub fn plan(parsed: Parsed, encoding: CsvEncoding, existing: Vec<price_item::Model>) -> Plan {
    let named: HashSet<&str> = parsed.rows.iter().map(|(_, i)| i.code.as_str()).collect();
    let mut not_in_file = Vec::new();
    let mut by_code: HashMap<String, price_item::Model> = HashMap::new();
    for p in existing {
        if named.contains(p.code.as_str()) {
            by_code.insert(p.code.clone(), p);
        } else {
            not_in_file.push(dto(p));
        }
    }
    let mut preview = PriceImportPreview {
        encoding,
        delimiter: parsed.delimiter.to_string(),
        added: Vec::new(),
        changed: Vec::new(),
        unchanged: 0,
        not_in_file,
        errors: parsed.errors,
    };
    let (mut add, mut change) = (Vec::new(), Vec::new());
    for (line, item) in parsed.rows {
        match by_code.get(&item.code) {
            None => {
                preview.added.push(import_row(line, &item));
                add.push(item);
            }
            Some(p) => {
                let now = Item {
                    section: p.section.clone(),
                    code: p.code.clone(),
                    name: p.name.clone(),
                    price: Kopecks(p.price_kopecks),
                    active: p.active,
                };
                if now == item {
                    preview.unchanged += 1;
                } else {
                    preview.changed.push(PriceImportChange { before: dto(p.clone()), after: import_row(line, &item) });
                    change.push((p.id, item));
                }
            }
        }
    }
    Plan { preview, add, change }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Vec<(u64, Item)> {
        let parsed = parse_csv(text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        parsed.rows
    }

    #[test]
    fn parses_semicolon_csv_with_bom_and_russian_prices() {
        let csv = "\u{feff}Section;Code;Name;Price;Active\nКонсультации;B01;Приём;2 500,50;да\nАнализы;A09;\"Анализ; крови\";300;нет\n";
        let rows = ok(csv);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].1.price, Kopecks(250_050));
        assert_eq!(rows[1].1.name, "Анализ; крови");
        assert!(!rows[1].1.active);
        assert_eq!(parse_csv(csv).delimiter, ';');
    }

    #[test]
    fn comma_csv_and_optional_active_column() {
        let parsed = parse_csv("code,name,section,price\nX1,Name,Sec,\"1 000\"\n");
        assert_eq!(parsed.delimiter, ',');
        assert_eq!(parsed.rows[0].1.price, Kopecks(100_000));
        assert!(parsed.rows[0].1.active);
    }

    #[test]
    fn reports_every_bad_cell_by_line_and_keeps_the_good_rows() {
        let csv = "section;code;name;price\nS;C1;N;100\nS;;N;abc\nS;C1;N;5\nS;C2;N;7\n";
        let parsed = parse_csv(csv);
        let fields: Vec<&str> = parsed.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["line[3].price", "line[3].code", "line[4].code"]);
        assert_eq!(parsed.errors[2].code, "duplicate");
        let lines: Vec<u64> = parsed.rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 5]);
    }

    #[test]
    fn crlf_lines_are_numbered_as_the_editor_shows_them() {
        let parsed = parse_csv("section;code;name;price\r\nS;C1;N;1\r\nS;C2;N;x\r\n");
        assert_eq!(parsed.rows[0].0, 2);
        assert_eq!(parsed.errors[0].field, "line[3].price");
    }

    #[test]
    fn a_header_without_columns_is_refused() {
        let parsed = parse_csv("foo;bar\n1;2\n");
        assert_eq!(parsed.errors.len(), 4);
        assert!(parsed.errors.iter().all(|e| e.field.starts_with("line[1].")));
        assert!(parsed.rows.is_empty());
    }

    #[test]
    fn reads_utf8_with_and_without_bom_and_windows_1251() {
        let utf8 = "section;code;name;price\nКонсультации;B01;Приём;1\n";
        assert_eq!(decode(utf8.as_bytes()).unwrap(), (utf8.to_owned(), CsvEncoding::Utf8));
        let bom = [b"\xEF\xBB\xBF".as_slice(), utf8.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap(), (utf8.to_owned(), CsvEncoding::Utf8));
        let (cp1251, _, lossy) = encoding_rs::WINDOWS_1251.encode(utf8);
        assert!(!lossy);
        assert_eq!(decode(&cp1251).unwrap(), (utf8.to_owned(), CsvEncoding::Windows1251));
        // "Приём" byte by byte, as Excel writes it.
        let (text, enc) = decode(b"\xcf\xf0\xe8\xb8\xec;\xb9 1").unwrap();
        assert_eq!((text.as_str(), enc), ("Приём;№ 1", CsvEncoding::Windows1251));
    }

    #[test]
    fn refuses_what_is_neither_and_says_what_to_do() {
        let xlsx = decode(b"PK\x03\x04\x14\x00\x06\x00").unwrap_err();
        assert_eq!((xlsx.field.as_str(), xlsx.code.as_str()), ("file", "spreadsheet"));
        assert!(xlsx.message.contains("Save As"));
        let utf16 = decode(&[0xFF, 0xFE, b'a', 0, b';', 0]).unwrap_err();
        assert_eq!(utf16.code, "invalid_encoding");
        // Latin-1 accents and symbols decode to non-Russian signs in Windows-1251.
        assert_eq!(decode("Müller;Größe;±§©®".as_bytes()).unwrap().1, CsvEncoding::Utf8, "UTF-8 is read as UTF-8");
        let latin1 = b"name;price\n\xa9\xae\xb1\xa7\xa4\xa6;1\n";
        assert_eq!(decode(latin1).unwrap_err().code, "invalid_encoding");
        // A byte Windows-1251 does not define, and binary data.
        assert_eq!(decode(b"\x98\xff").unwrap_err().code, "invalid_encoding");
        assert_eq!(decode(b"a;b\x00\x01\x02").unwrap_err().code, "invalid_encoding");
    }

    fn model(code: &str, name: &str, price: i64) -> price_item::Model {
        let now = chrono::Utc::now();
        price_item::Model {
            id: uuid::Uuid::now_v7(),
            organization_id: uuid::Uuid::nil(),
            section: "S".into(),
            code: code.into(),
            name: name.into(),
            price_kopecks: price,
            active: true,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn the_plan_adds_changes_and_keeps() {
        let parsed = parse_csv("section;code;name;price\nS;A;Same;1\nS;B;New name;2\nS;C;Added;3\n");
        let existing = vec![model("A", "Same", 100), model("B", "Old name", 200), model("Z", "Kept", 1)];
        let plan = plan(parsed, CsvEncoding::Utf8, existing);
        assert_eq!(plan.preview.unchanged, 1);
        assert_eq!(plan.preview.changed.len(), 1);
        assert_eq!(
            (plan.preview.changed[0].before.name.as_str(), plan.preview.changed[0].after.name.as_str()),
            ("Old name", "New name")
        );
        assert_eq!(plan.preview.added.iter().map(|r| (r.line, r.code.as_str())).collect::<Vec<_>>(), [(4, "C")]);
        assert_eq!(plan.preview.not_in_file.iter().map(|p| p.code.as_str()).collect::<Vec<_>>(), ["Z"]);
        assert_eq!((plan.add.len(), plan.change.len()), (1, 1));
    }
}
