//! Every page of the real-world corpus (../shared/corpus/tables, read
//! where it lies: the project keeps no copies of third-party pages) gives a
//! defined outcome, snapshotted so that any change of behaviour shows in
//! review; the pages with a recognisable, unique code column extract with
//! exactly INDEX.md's row counts. Skipped, saying so, where the corpus is
//! absent.

mod common;

use std::fmt::Write;
use std::path::{Path, PathBuf};

use errbook::diag::{emit, Files, Level};
use errbook::source::{extract, ExtractOptions};

fn corpus() -> Option<(PathBuf, Vec<PathBuf>)> {
    let dir = common::shared_corpus("tables")?;
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("INDEX.md"))
        .collect();
    v.sort();
    Some((dir, v))
}

/// A readable summary of one page's outcome.
fn outcome(path: &Path) -> (String, Option<usize>) {
    let bytes = std::fs::read(path).unwrap();
    let mut files = Files::new();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let ex = extract(
        Path::new(&name),
        &bytes,
        &mut files,
        &ExtractOptions::default(),
    );
    let mut s = String::new();
    let ok = !ex.has_errors();
    let c = &ex.catalog;
    writeln!(s, "outcome: {}", if ok { "ok" } else { "refused" }).unwrap();
    writeln!(s, "title: {:?}", c.title).unwrap();
    writeln!(s, "columns: {:?}", c.columns).unwrap();
    writeln!(s, "entries read: {}", c.entries.len()).unwrap();
    let mut groups: Vec<(Option<std::sync::Arc<str>>, usize)> = Vec::new();
    for e in &c.entries {
        match groups.last_mut() {
            Some((g, n)) if *g == e.group => *n += 1,
            _ => groups.push((e.group.clone(), 1)),
        }
    }
    for (g, n) in &groups {
        writeln!(s, "  group {g:?}: {n}").unwrap();
    }
    for e in c.entries.first().into_iter().chain(c.entries.last()) {
        writeln!(
            s,
            "  line {}: {} = {:?} hint={:?}",
            e.line, e.code, e.message, e.hint
        )
        .unwrap();
    }
    writeln!(s, "diagnostics:").unwrap();
    for d in &ex.diagnostics {
        writeln!(s, "  {}", emit::short_line(&files, d)).unwrap();
    }
    // Every diagnostic points inside the file.
    for d in &ex.diagnostics {
        let loc = d
            .location
            .as_ref()
            .expect("source diagnostics have a position");
        assert!(loc.span.end <= bytes.len(), "{name}: span past the end");
        assert!(d.level != Level::Allow);
    }
    (s, ok.then_some(c.entries.len()))
}

#[test]
fn every_corpus_page_has_a_defined_outcome() {
    let Some((_, pages)) = corpus() else { return };
    assert_eq!(pages.len(), 30);
    for p in pages {
        let (summary, _) = outcome(&p);
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(name, summary);
    }
}

#[test]
fn pages_with_a_unique_code_column_extract_every_row() {
    let Some((dir, _)) = corpus() else { return };
    // Row counts from the corpus's INDEX.md.
    for (name, rows) in [
        ("xiaowei-1", 72),
        ("meeting-1", 29),
        ("tdsql-1", 135),
        ("bizlicense-1", 33),
        ("faceid-2", 8),
        ("ccc-1", 14),
        ("dts-1", 31),
        ("tpns-1", 25),
        ("fin-kefu-1", 22),
        ("scf-1", 19),
    ] {
        let (summary, n) = outcome(&dir.join(format!("{name}.md")));
        assert_eq!(n, Some(rows), "{name}:\n{summary}");
    }
}

#[test]
fn refused_pages_point_at_rows_by_line() {
    let Some((_, pages)) = corpus() else { return };
    for p in pages {
        let (summary, n) = outcome(&p);
        if n.is_none() {
            assert!(
                summary.lines().any(|l| l.contains(": error: ")),
                "{}: refused without an error line\n{summary}",
                p.display()
            );
        }
    }
}
