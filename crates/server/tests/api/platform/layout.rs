//! The server's layout (docs/architecture.md), checked on its source: `platform/`, `http/` and
//! `auth/` name no domain, a domain never reaches into another domain's `routes`, and the domains
//! import each other without a cycle. A plain text scan of `crates/server/src`: comments are
//! skipped, every `domains::<name>` elsewhere counts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The code lines of a file (line comments and doc comments dropped) with their numbers.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let code = line.split("//").next().unwrap_or("").to_owned();
            (!code.trim().is_empty()).then_some((i + 1, code))
        })
        .collect()
}

/// The `domains::<name>…` paths a line mentions: the domain's name and what follows it.
fn domain_refs(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("domains::") {
        let after = &rest[at + "domains::".len()..];
        let path: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
        let mut parts = path.split("::");
        let name = parts.next().unwrap_or("").to_owned();
        if !name.is_empty() {
            out.push((name, parts.collect::<Vec<_>>().join("::")));
        }
        rest = after;
    }
    out
}

fn domains() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(src().join("domains"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn platform_http_and_auth_import_no_domain() {
    let mut offenders = Vec::new();
    for dir in ["platform", "http", "auth"] {
        for file in rust_files(&src().join(dir)) {
            for (n, line) in code_lines(&file) {
                if line.contains("domains::") || line.contains("crate::routes") {
                    offenders.push(format!("{}:{n}: {}", file.display(), line.trim()));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "platform/, http/ and auth/ must not import a domain:\n{}", offenders.join("\n"));
}

#[test]
fn a_domain_never_reaches_into_another_domains_routes() {
    let mut offenders = Vec::new();
    for domain in domains() {
        for file in rust_files(&src().join("domains").join(&domain)) {
            for (n, line) in code_lines(&file) {
                for (other, path) in domain_refs(&line) {
                    if other != domain && (path == "routes" || path.starts_with("routes::")) {
                        offenders.push(format!("{}:{n}: {}", file.display(), line.trim()));
                    }
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "a domain uses another's pub(crate) API, never its routes:\n{}",
        offenders.join("\n")
    );
}

/// Which domains each domain imports.
fn domain_graph() -> BTreeMap<String, BTreeSet<String>> {
    let names = domains();
    let mut graph = BTreeMap::new();
    for domain in &names {
        let mut deps = BTreeSet::new();
        for file in rust_files(&src().join("domains").join(domain)) {
            for (_, line) in code_lines(&file) {
                for (other, _) in domain_refs(&line) {
                    if &other != domain && names.contains(&other) {
                        deps.insert(other);
                    }
                }
            }
        }
        graph.insert(domain.clone(), deps);
    }
    graph
}

/// A cycle of `graph` as the path that closes it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_domains_import_each_other_without_a_cycle() {
    let graph = domain_graph();
    let cycle = find_cycle(&graph);
    assert!(cycle.is_none(), "domains import each other in a cycle: {cycle:?}\n{graph:#?}");
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_owned(), BTreeSet::from(["b".to_owned()])),
        ("b".to_owned(), BTreeSet::from(["c".to_owned()])),
        ("c".to_owned(), BTreeSet::from(["a".to_owned()])),
    ]
    .into();
    assert_eq!(find_cycle(&graph), Some(vec!["a", "b", "c", "a"].into_iter().map(str::to_owned).collect()));
    assert_eq!(
        domain_refs("use crate::domains::record::routes::x;"),
        vec![("record".to_owned(), "routes::x".to_owned())]
    );
}
