//! Every page of the real-world corpus (../shared/corpus/tables, read where
//! it lies) against what a person counted by reading it
//! (tests/fixtures/corpus-counts.toml): the number of error entries, the
//! first and last codes, the headers of the code and message columns and
//! the first entry's message. One test wants every page to match and reports
//! all mismatches at once; the other wants at least 27 of the 30 to match
//! completely and prints the rest. Skipped, saying so, where the corpus is
//! absent.

mod common;

use std::path::Path;

use errbook::diag::{emit, Files, Level};
use errbook::source::{extract, ExtractOptions};
use serde::Deserialize;

/// The fixture: one `[[page]]` per corpus page.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    page: Vec<Page>,
}

/// A page as a person reads it (see the fixture's header for each field).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Page {
    file: String,
    entries: usize,
    first: String,
    last: String,
    code: String,
    message: String,
    first_message: String,
    #[allow(dead_code)] // for the reader of the fixture
    note: String,
    /// Why no reasonable reader could read the page: errbook should refuse it.
    #[serde(default)]
    refuses: Option<String>,
}

/// Pages that must match completely, of the 30.
const AT_LEAST: usize = 27;

/// Error diagnostics shown per page.
const SHOWN: usize = 5;

fn fixture() -> Fixture {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus-counts.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What differs between errbook's reading of a page and the fixture's.
fn mismatches(dir: &Path, p: &Page) -> Vec<String> {
    let bytes = match std::fs::read(dir.join(&p.file)) {
        Ok(b) => b,
        Err(e) => return vec![format!("cannot read the page: {e}")],
    };
    let mut files = Files::new();
    let ex = extract(
        Path::new(&p.file),
        &bytes,
        &mut files,
        &ExtractOptions::default(),
    );
    let mut out = Vec::new();
    let errors: Vec<String> = ex
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Error)
        .map(|d| emit::short_line(&files, d))
        .collect();
    match (&p.refuses, errors.is_empty()) {
        (Some(why), true) => out.push(format!("read, but expected a refusal ({why})")),
        (Some(_), false) => return out,
        (None, false) => {
            // The first few, and how many more: a page can have hundreds.
            let n = errors.len();
            out.extend(
                errors
                    .into_iter()
                    .take(SHOWN)
                    .map(|e| format!("refused: {e}")),
            );
            if n > SHOWN {
                out.push(format!("refused: … and {} more errors", n - SHOWN));
            }
        }
        (None, true) => {}
    }
    let c = &ex.catalog;
    // Document order: by line, rows of one cell (several codes) as given.
    let mut entries: Vec<_> = c.entries.iter().collect();
    entries.sort_by_key(|e| e.line);
    if entries.len() != p.entries {
        out.push(format!(
            "entries: errbook {}, counted {}",
            entries.len(),
            p.entries
        ));
    }
    let code_at = |e: Option<&&errbook::catalog::Entry>| {
        e.map_or_else(|| "(none)".to_owned(), |e| e.code.as_str().to_owned())
    };
    let first = code_at(entries.first());
    if first != p.first {
        out.push(format!(
            "first code: errbook `{first}`, counted `{}`",
            p.first
        ));
    }
    let last = code_at(entries.last());
    if last != p.last {
        out.push(format!("last code: errbook `{last}`, counted `{}`", p.last));
    }
    if c.columns.code != p.code {
        out.push(format!(
            "code column: errbook `{}`, counted `{}`",
            c.columns.code, p.code
        ));
    }
    if c.columns.message != p.message {
        out.push(format!(
            "message column: errbook `{}`, counted `{}`",
            c.columns.message, p.message
        ));
    }
    let message = entries.first().map_or("(none)", |e| &*e.message);
    if message != p.first_message {
        out.push(format!(
            "first message: errbook {message:?}, counted {:?}",
            p.first_message
        ));
    }
    out
}

/// Each page's mismatches (empty where it reads as counted), in the
/// fixture's order; `None` where the corpus is absent.
fn results() -> Option<Vec<(String, Vec<String>)>> {
    // The fixture is read even where the corpus is absent, so that it
    // always parses.
    let fx = fixture();
    let dir = common::shared_corpus("tables")?;

    // The fixture covers the corpus: every page once, no other file.
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && n != "INDEX.md")
        .collect();
    on_disk.sort();
    let mut in_fixture: Vec<String> = fx.page.iter().map(|p| p.file.clone()).collect();
    in_fixture.sort();
    assert_eq!(
        in_fixture, on_disk,
        "the fixture must list each corpus page once"
    );

    Some(
        fx.page
            .iter()
            .map(|p| (p.file.clone(), mismatches(&dir, p)))
            .collect(),
    )
}

/// The pages that do not read as counted, one paragraph each.
fn report(results: &[(String, Vec<String>)]) -> Vec<String> {
    results
        .iter()
        .filter(|(_, m)| !m.is_empty())
        .map(|(f, m)| format!("{f}:\n  {}", m.join("\n  ")))
        .collect()
}

/// Pages that do not read as counted, and why: typos on the page itself,
/// which errbook refuses with a diagnostic at the row (what the cell holds,
/// why it is no code, how to fix it), rather than guessing the code.
const PENDING: &[(&str, &str)] = &[
    (
        "cos-1.md",
        "L125: the code cell holds the words `Request has expired`, the message of another column",
    ),
    (
        "sms-1.md",
        "L210 `BWLIST \\_006`, L420 `DB：0140`, L746 `MA:0054?`, L1883 `650(660\\99`: typos in code cells",
    ),
];

/// Every page reads exactly as counted, except the [`PENDING`] ones, which
/// are refused with a diagnostic at each bad row; all mismatches are
/// reported at once, and a pending page that starts to read is reported
/// too, so that the list only shrinks.
#[test]
fn every_corpus_page_reads_as_counted() {
    let Some(results) = results() else {
        return;
    };
    let pending = |f: &str| PENDING.iter().any(|(p, _)| *p == f);
    let failed: Vec<(String, Vec<String>)> = results
        .iter()
        .filter(|(f, m)| !m.is_empty() && !pending(f))
        .cloned()
        .collect();
    let failed = report(&failed);
    assert!(
        failed.is_empty(),
        "{} of {} pages do not read as counted:\n{}",
        failed.len(),
        results.len(),
        failed.join("\n")
    );
    for (f, m) in &results {
        if pending(f) {
            assert!(
                !m.is_empty(),
                "{f} now reads as counted: remove it from PENDING"
            );
            // Refused, not read wrong: every mismatch is a refused row
            // (and the count it costs).
            assert!(
                m.iter()
                    .all(|l| l.starts_with("refused:") || l.starts_with("entries:")),
                "{f}: {m:?}"
            );
        }
    }
}

/// At least 27 of the 30 pages match completely; the others are printed.
#[test]
fn most_corpus_pages_read_as_counted() {
    let Some(results) = results() else {
        return;
    };
    let failed = report(&results);
    let matched = results.len() - failed.len();
    eprintln!(
        "{matched} of {} corpus pages read as counted",
        results.len()
    );
    if !failed.is_empty() {
        eprintln!("mismatches:\n{}", failed.join("\n"));
    }
    assert!(
        matched >= AT_LEAST,
        "only {matched} of {} pages read as counted (at least {AT_LEAST} must):\n{}",
        results.len(),
        failed.join("\n")
    );
}
