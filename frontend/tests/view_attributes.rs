//! Guards the `view!` markup of every source file against the mistake that broke every list
//! (issue 12): a comparison or arrow written bare in an attribute value —
//! `disabled=move || page.get() >= last` — ends the tag at its `>`, so the rest of the Rust
//! expression is rendered as the element's text and the attribute never applies. Attribute
//! values holding `<` or `>` must be braced (`disabled={move || a >= b}`) or, better, a named
//! closure (`disabled=on_last`). The same scan refuses bare (unquoted) text between tags that
//! looks like Rust source, which is how such a slip shows on screen.

use std::path::{Path, PathBuf};

/// One finding: file, line and what is wrong.
#[derive(Debug, PartialEq)]
struct Finding {
    line: usize,
    what: String,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A cursor over the source that knows Rust's literals and comments.
struct Src<'a> {
    b: &'a [u8],
}

impl Src<'_> {
    fn line_of(&self, at: usize) -> usize {
        self.b[..at.min(self.b.len())].iter().filter(|&&c| c == b'\n').count() + 1
    }

    /// If a literal or comment starts at `i`, the index just after it.
    fn skip_literal(&self, i: usize) -> Option<usize> {
        let b = self.b;
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                Some(b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p))
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut j = i + 2;
                while j + 1 < b.len() && !(b[j] == b'*' && b[j + 1] == b'/') {
                    j += 1;
                }
                Some((j + 2).min(b.len()))
            }
            b'r' if matches!(b.get(i + 1), Some(b'#') | Some(b'"')) && (i == 0 || !is_ident(b[i - 1])) => {
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    return None;
                }
                j += 1;
                loop {
                    if j >= b.len() {
                        return Some(b.len());
                    }
                    if b[j] == b'"' && b[j + 1..].iter().take(hashes).filter(|&&c| c == b'#').count() == hashes {
                        return Some(j + 1 + hashes);
                    }
                    j += 1;
                }
            }
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                Some((j + 1).min(b.len()))
            }
            // A char literal ('x', '\n', '\u{..}'), not a lifetime ('a).
            b'\'' => {
                if b.get(i + 1) == Some(&b'\\') {
                    let close = b[i + 2..].iter().position(|&c| c == b'\'')?;
                    Some(i + 2 + close + 1)
                } else {
                    let ch_len = std::str::from_utf8(&b[i + 1..(i + 5).min(b.len())])
                        .ok()
                        .or_else(|| std::str::from_utf8(&b[i + 1..(i + 4).min(b.len())]).ok())
                        .or_else(|| std::str::from_utf8(&b[i + 1..(i + 3).min(b.len())]).ok())
                        .or_else(|| std::str::from_utf8(&b[i + 1..(i + 2).min(b.len())]).ok())
                        .and_then(|s| s.chars().next())
                        .map_or(1, char::len_utf8);
                    (b.get(i + 1 + ch_len) == Some(&b'\'')).then_some(i + 2 + ch_len)
                }
            }
            _ => None,
        }
    }

    /// The index of the bracket closing the one at `open`.
    fn close_of(&self, open: usize) -> usize {
        let mut depth = 0usize;
        let mut i = open;
        while i < self.b.len() {
            if let Some(next) = self.skip_literal(i) {
                i = next;
                continue;
            }
            match self.b[i] {
                b'{' | b'(' | b'[' => depth += 1,
                b'}' | b')' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return i;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.b.len()
    }
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn is_key(c: u8) -> bool {
    is_ident(c) || c == b':' || c == b'-'
}

/// Scans one `view! { … }` body (between its braces).
fn scan_view(src: &Src, start: usize, end: usize, out: &mut Vec<Finding>) {
    let b = src.b;
    let mut i = start;
    while i < end {
        if let Some(next) = src.skip_literal(i) {
            i = next;
            continue;
        }
        match b[i] {
            b'{' | b'(' | b'[' => i = src.close_of(i) + 1,
            b'<' if b.get(i + 1).is_some_and(|&c| c.is_ascii_alphabetic()) => i = scan_tag(src, i + 1, end, out),
            b'<' => {
                // A closing tag or a fragment.
                i = b[i..end].iter().position(|&c| c == b'>').map_or(end, |p| i + p + 1);
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                // Bare text between tags: Leptos renders it as is.
                let stop = b[i..end].iter().position(|&c| matches!(c, b'<' | b'{' | b'"')).map_or(end, |p| i + p);
                let text = String::from_utf8_lossy(&b[i..stop]);
                if looks_like_rust(&text) {
                    out.push(Finding {
                        line: src.line_of(i),
                        what: format!("Rust source rendered as text: {}", text.trim()),
                    });
                }
                i = stop;
            }
        }
    }
}

fn looks_like_rust(text: &str) -> bool {
    ["move |", "|_|", ".get()", "=>", "::", "on:", "()", ";", "= "].iter().any(|p| text.contains(p))
}

/// Scans a tag's attributes from just after `<`; returns the index after the tag's `>`.
fn scan_tag(src: &Src, mut i: usize, end: usize, out: &mut Vec<Finding>) -> usize {
    let b = src.b;
    while i < end && is_key(b[i]) {
        i += 1;
    }
    loop {
        while i < end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= end {
            return end;
        }
        if let Some(next) = src.skip_literal(i) {
            i = next;
            continue;
        }
        match b[i] {
            b'>' => return i + 1,
            b'/' if b.get(i + 1) == Some(&b'>') => return i + 2,
            b'{' => i = src.close_of(i) + 1,
            c if is_key(c) => {
                while i < end && is_key(b[i]) {
                    i += 1;
                }
                if b.get(i) == Some(&b'=') {
                    i = scan_value(src, i + 1, end, out);
                }
            }
            _ => {
                out.push(Finding { line: src.line_of(i), what: format!("unexpected `{}` in a tag", b[i] as char) });
                i += 1;
            }
        }
    }
}

/// Scans an attribute value; returns where the next attribute (or the tag's end) begins.
fn scan_value(src: &Src, mut i: usize, end: usize, out: &mut Vec<Finding>) -> usize {
    let b = src.b;
    if let Some(next) = src.skip_literal(i) {
        return next;
    }
    if b.get(i) == Some(&b'{') {
        return src.close_of(i) + 1;
    }
    // A bare expression: everything up to the `>` or `/>` that rstml takes for the tag's end,
    // or up to the next line that starts an attribute. Brackets hide their content.
    let from = i;
    while i < end {
        if let Some(next) = src.skip_literal(i) {
            i = next;
            continue;
        }
        match b[i] {
            b'{' | b'(' | b'[' => i = src.close_of(i) + 1,
            b'<' => {
                out.push(Finding {
                    line: src.line_of(i),
                    what: format!("`<` in a bare attribute value (brace it or name it): {}", excerpt(b, from, i)),
                });
                i += 1;
            }
            b'>' => {
                let prev = b[..i].iter().rev().find(|c| **c != b' ').copied().unwrap_or(b' ');
                let glued =
                    matches!(b[i - 1], b'-' | b'=' | b'>' | b'<') || matches!(b.get(i + 1), Some(b'=') | Some(b'>'));
                // `a > b`: spaces on both sides and more expression after it on the line.
                let rest = &b[i + 1..end];
                let line_rest = rest.iter().position(|&c| c == b'\n').map_or(rest, |p| &rest[..p]);
                let spaced = b[i - 1] == b' '
                    && prev != b'\n'
                    && line_rest.first() == Some(&b' ')
                    && line_rest
                        .iter()
                        .find(|c| !c.is_ascii_whitespace())
                        .is_some_and(|c| !matches!(c, b'<' | b'{' | b'"'));
                if glued || spaced {
                    out.push(Finding {
                        line: src.line_of(i),
                        what: format!("`>` ends the tag inside an attribute value: {}", excerpt(b, from, i + 2)),
                    });
                }
                return i;
            }
            b'/' if b.get(i + 1) == Some(&b'>') => return i,
            b'\n' => {
                // A following line that begins with `key=` (or the tag's end) is the next part.
                let mut j = i + 1;
                while j < end && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                let key_end = b[j..end].iter().position(|&c| !is_key(c)).map_or(end, |p| j + p);
                let next_attr = key_end > j && b.get(key_end) == Some(&b'=') && b.get(key_end + 1) != Some(&b'=');
                if next_attr || matches!(b.get(j), Some(b'>') | Some(b'/')) {
                    return j;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    end
}

fn excerpt(b: &[u8], from: usize, to: usize) -> String {
    String::from_utf8_lossy(&b[from..to.min(b.len())]).trim().to_owned()
}

fn scan(text: &str) -> Vec<Finding> {
    let src = Src { b: text.as_bytes() };
    let mut out = Vec::new();
    let mut i = 0;
    while i < src.b.len() {
        if let Some(next) = src.skip_literal(i) {
            i = next;
            continue;
        }
        if src.b[i..].starts_with(b"view!") && (i == 0 || !is_ident(src.b[i - 1])) {
            let mut j = i + 5;
            while j < src.b.len() && src.b[j].is_ascii_whitespace() {
                j += 1;
            }
            if matches!(src.b.get(j), Some(b'{') | Some(b'(')) {
                let close = src.close_of(j);
                scan_view(&src, j + 1, close, &mut out);
                // Nested `view!` calls sit inside braces of this one: scan them too.
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

#[test]
fn no_bare_comparisons_in_view_attributes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(files.len() > 20, "the scan sees the sources ({} files)", files.len());
    let mut problems = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for f in scan(&text) {
            problems.push(format!("{}:{}: {}", file.strip_prefix(&root).unwrap().display(), f.line, f.what));
        }
    }
    assert!(problems.is_empty(), "view! markup problems:\n{}", problems.join("\n"));
}

#[test]
fn the_scan_catches_what_broke_the_lists() {
    // The pagination button of issue 12, verbatim.
    let broken = r#"view! {
        <nav>
            <button
                type="button"
                disabled=move || u64::from(page.get()) >= total.get().div_ceil(u64::from(per_page)).max(1)
                on:click=move |_| page.update(|p| *p += 1)
            >
                {label}
            </button>
        </nav>
    }"#;
    let found = scan(broken);
    assert!(found.iter().any(|f| f.line == 5 && f.what.contains("ends the tag")), "{found:?}");
    for bad in [
        "view! { <b disabled=move || a > b>\"x\"</b> }",
        "view! { <b class=move || if x { \"a\" } else { \"b\" } hidden=move || n < 2>\"x\"</b> }",
        "view! { <b f=|x| -> u8 { 1 }>\"x\"</b> }",
        "view! { <p>{a}</p> on:click = move |_| go() </div> }",
    ] {
        assert!(!scan(bad).is_empty(), "{bad}");
    }
    // What the codebase writes instead passes.
    for good in [
        "view! { <b disabled=on_last on:click=move |_| page.update(|p| *p += 1)>{label}</b> }",
        "view! { <b disabled={move || a >= b} title=\"a > b\">\"x\"</b> }",
        "view! {\n <b\n disabled=move || page.get() == 1\n class=\"x\"\n>\n \"Назад\"\n</b> }",
        "view! { <For each=move || rows.get() key=|r| r.id let:row><Row row /></For> }",
        "view! { <b on:click=move |_| set(a)>\"x\"</b> <i title=move || match x { _ => 1 }>\"y\"</i> }",
        "let c = '>'; view! { <b title=move || format!(\"{}>\", c)>\"x\"</b> }",
    ] {
        assert_eq!(scan(good), vec![], "{good}");
    }
}
