//! The shape of the code, checked from its text: every import points down
//! the layers, the lower layers know nothing of HTTP, and the files people
//! read stay short enough to read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules from the bottom up: a module may use only those in
/// the layers below its own.
const LAYERS: &[&[&str]] = &[
    &["domain"],
    &["settings"],
    &["telemetry"],
    &["error"],
    &["auth"],
    &["db"],
    &["reports"],
    &["services"],
    &["mailer"],
    &["web"],
    &["demo"],
    &["synthetic"],
    &["server"],
    &["cli"],
];

/// Layers that must not know of HTTP or HTML: the compiler cannot tell,
/// so this test does.
const NO_WEB: &[&str] = &["domain", "error", "auth", "db", "reports", "services"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level module a file belongs to (`src/db/users.rs` → `db`).
fn top_module(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib" && name != "main").then(|| name.to_owned())
}

/// The top-level modules a source text names through `crate::`, including
/// grouped imports such as `use crate::{db::Db, domain::User};`.
fn crate_refs(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Module → (module it uses → files that use it).
fn uses() -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut graph: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in files {
        let Some(from) = top_module(&file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        let shown = file.strip_prefix(src()).unwrap().display().to_string();
        let entry = graph.entry(from.clone()).or_default();
        for to in crate_refs(&text) {
            if to != from {
                entry.entry(to).or_default().insert(shown.clone());
            }
        }
    }
    graph
}

#[test]
fn every_import_points_down_the_layers() {
    let graph = uses();
    let unplaced: Vec<&String> = graph.keys().filter(|m| layer_of(m).is_none()).collect();
    assert!(
        unplaced.is_empty(),
        "top-level modules with no layer in tests/app/architecture.rs: {unplaced:?}"
    );
    let mut upward = Vec::new();
    for (from, tos) in &graph {
        let own = layer_of(from).unwrap();
        for (to, files) in tos {
            match layer_of(to) {
                Some(l) if l < own => {}
                _ => upward.push(format!("{from} uses {to} in {files:?}")),
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that do not point down:\n{}",
        upward.join("\n")
    );
}

#[test]
fn top_level_modules_form_no_circle() {
    let graph = uses();
    // Depth-first search; a module met again on the current path closes a circle.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == m) {
            let mut circle = path[at..].to_vec();
            circle.push(m.to_owned());
            return Some(circle);
        }
        if !done.insert(m.to_owned()) {
            return None;
        }
        path.push(m.to_owned());
        for to in graph.get(m).into_iter().flat_map(|t| t.keys()) {
            if let Some(c) = visit(to, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        let circle = visit(m, &graph, &mut Vec::new(), &mut done);
        assert!(circle.is_none(), "a circle of modules: {circle:?}");
    }
}

#[test]
fn the_layers_below_web_know_nothing_of_http_or_html() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut found = Vec::new();
    for file in files {
        let Some(m) = top_module(&file) else { continue };
        if !NO_WEB.contains(&m.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for word in ["axum", "maud", "tower", "http::"] {
            if text.contains(&format!("{word}::")) || text.contains(&format!("use {word}")) {
                found.push(format!("{} mentions {word}", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_checker_itself_sees_grouped_and_plain_imports() {
    let refs = crate_refs("use crate::{db::Db, domain::User};\nlet x = crate::web::urlencode(y);");
    assert_eq!(
        refs,
        ["db", "domain", "web"]
            .map(String::from)
            .into_iter()
            .collect()
    );
}

/// Each `async fn` of a file with its length in lines, signature to
/// closing brace (braces in strings and comments are rare enough in
/// handlers not to matter).
fn async_fns(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_start();
        let rest = line
            .strip_prefix("pub async fn ")
            .or_else(|| line.strip_prefix("async fn "));
        let Some(rest) = rest else {
            i += 1;
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let (mut depth, mut opened, mut j) = (0_i64, false, i);
        while j < lines.len() {
            for c in lines[j].chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if opened && depth <= 0 {
                break;
            }
            j += 1;
        }
        out.push((name, j - i + 1));
        i = j + 1;
    }
    out
}

#[test]
fn no_web_handler_runs_past_fifty_lines() {
    let mut files = Vec::new();
    rust_files(&src().join("web"), &mut files);
    let mut long = Vec::new();
    for file in files
        .iter()
        .filter(|f| !f.components().any(|c| c.as_os_str() == "views"))
    {
        let text = std::fs::read_to_string(file).unwrap();
        for (name, n) in async_fns(&text) {
            if n > 50 {
                long.push(format!("{}: {name} has {n} lines", file.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "handlers gather and call; markup belongs in web/views:\n{}",
        long.join("\n")
    );
}

#[test]
fn no_test_file_runs_past_a_thousand_lines() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/app"),
        &mut files,
    );
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > 1000).then(|| format!("{}: {n} lines", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split by feature:\n{}", long.join("\n"));
}

#[test]
fn the_length_checker_counts_a_function_from_signature_to_brace() {
    let text = "fn a() {}\nasync fn h(x: u8) -> u8 {\n    if x > 0 { 1 } else { 0 }\n}\n";
    assert_eq!(async_fns(text), vec![("h".to_owned(), 3)]);
}
