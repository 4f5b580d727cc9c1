//! The built SPA's files, compressed once at build time (issue 15):
//!
//! - `precompress DIR` writes `F.br` (brotli, quality 11) and `F.gz` (gzip, level 9) beside
//!   every file of `DIR` a browser downloads (`.wasm`, `.js`, `.css`, `.html`, `.svg`), for the
//!   server to send by content negotiation (`crates/server/src/http/spa.rs`), and prints each
//!   file's sizes.
//! - `precompress --budget BYTES DIR FILE…` adds up the brotli sizes of the named files — what
//!   a patient downloads before the login form works — prints the breakdown, and fails when the
//!   sum passes `BYTES` (the CI check of `scripts/test.sh`).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The files a browser downloads, by extension.
const EXTENSIONS: [&str; 5] = ["wasm", "js", "css", "html", "svg"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag, budget, dir, files @ ..] if flag == "--budget" && !files.is_empty() => match budget.parse::<u64>() {
            Ok(budget) => check_budget(Path::new(dir), files, budget),
            Err(_) => Err(format!("not a number of bytes: {budget}")),
        },
        [dir] if !dir.starts_with('-') => compress_dir(Path::new(dir)).map_err(|e| e.to_string()),
        _ => Err("usage: precompress DIR | precompress --budget BYTES DIR FILE...".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("precompress: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Brotli at its best quality and largest window: the browser's cost to decode is the same.
fn brotli(raw: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, ..Default::default() };
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params)?;
    Ok(out)
}

/// Gzip at level 9, for browsers and proxies without brotli.
fn gzip(raw: &[u8]) -> io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(raw)?;
    encoder.finish()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn compress_dir(dir: &Path) -> io::Result<()> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<Vec<_>>>()?
        .into_iter()
        .filter(|p| p.is_file() && p.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.contains(&e)))
        .collect();
    files.sort();
    println!("{:<24} {:>10} {:>10} {:>10}", "file", "bytes", "gzip -9", "brotli 11");
    for path in files {
        let raw = fs::read(&path)?;
        let (br, gz) = (brotli(&raw)?, gzip(&raw)?);
        fs::write(with_suffix(&path, "br"), &br)?;
        fs::write(with_suffix(&path, "gz"), &gz)?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        println!("{name:<24} {:>10} {:>10} {:>10}", raw.len(), gz.len(), br.len());
    }
    Ok(())
}

fn check_budget(dir: &Path, files: &[String], budget: u64) -> Result<(), String> {
    let mut total = 0u64;
    println!("first load, brotli:");
    for f in files {
        let path = with_suffix(&dir.join(f), "br");
        let size =
            fs::metadata(&path).map_err(|e| format!("{}: {e} (run `precompress DIR` first)", path.display()))?.len();
        println!("  {f:<24} {size:>10} B");
        total += size;
    }
    println!("  {:<24} {total:>10} B of a budget of {budget} B", "total");
    if total > budget {
        return Err(format!(
            "the first load is {total} B, over the budget of {budget} B by {} B (docs/benchmarks.md)",
            total - budget
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_encodings_round_trip_and_shrink_text() {
        let raw = "Дневник самочувствия. ".repeat(200).into_bytes();
        let br = brotli(&raw).unwrap();
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, raw);
        let gz = gzip(&raw).unwrap();
        let mut back = Vec::new();
        io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back).unwrap();
        assert_eq!(back, raw);
        assert!(br.len() < raw.len() / 10 && gz.len() < raw.len() / 10);
    }

    #[test]
    fn the_budget_fails_when_passed_and_names_a_missing_file() {
        let dir = std::env::temp_dir().join(format!("precompress-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.js"), "x".repeat(1000)).unwrap();
        compress_dir(&dir).unwrap();
        let size = fs::metadata(dir.join("a.js.br")).unwrap().len();
        assert!(check_budget(&dir, &["a.js".to_owned()], size).is_ok());
        assert!(check_budget(&dir, &["a.js".to_owned()], size - 1).unwrap_err().contains("over the budget"));
        assert!(check_budget(&dir, &["b.js".to_owned()], 1_000_000).unwrap_err().contains("b.js"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
