//! Properties the fuzz targets check (see `fuzz/README.md`), as functions
//! that panic when a property fails, so that the regression inputs and seed
//! corpora run in the normal test suite too (`tests/fuzz_regressions.rs`).
//! Not part of the supported API.

use std::collections::BTreeMap;
use std::path::Path;

use crate::catalog::{MessageKind, SourceMessage};
use crate::diag::{Files, LineIndex};
use crate::locale::ftl::FtlFile;
use crate::locale::sync::sync;
use crate::render::markdown;
use crate::source::{extract, ExtractOptions};

/// Extraction never panics, and every diagnostic points inside the input.
pub fn extract_props(data: &[u8]) {
    let mut files = Files::new();
    let ex = extract(
        Path::new("fuzz.md"),
        data,
        &mut files,
        &ExtractOptions::default(),
    );
    let text = files.text(ex.file);
    let lines = LineIndex::new(text).line(text.len());
    for d in &ex.diagnostics {
        let loc = d
            .location
            .as_ref()
            .expect("source diagnostics have a location");
        assert!(
            loc.span.start <= loc.span.end && loc.span.end <= text.len(),
            "span {:?} outside {}",
            loc.span,
            text.len()
        );
        let (line, col) = files
            .line_col(ex.file, loc.span.start)
            .expect("the source file is kept whole");
        assert!(line >= 1 && line <= lines, "line {line} of {lines}");
        let line_len = text.lines().nth(line - 1).map_or(0, |l| l.chars().count());
        assert!(
            col >= 1 && col <= line_len + 1,
            "column {col} on a line of {line_len}"
        );
    }
    for e in &ex.catalog.entries {
        assert!(!e.message.is_empty());
        assert!(e.line >= 1 && e.line <= lines);
        assert!(!e.message.contains('\0'));
    }
}

/// Source messages for the sync target: a few fixed ones, and ids the input
/// itself defines (so that sync meets them as existing entries).
fn fuzz_sources(f: &FtlFile, salt: u8) -> Vec<SourceMessage> {
    let mut out: Vec<SourceMessage> = ["一", "二 {x}", "三\n四"]
        .iter()
        .enumerate()
        .map(|(i, t)| source(&format!("error-{}", 1000 + i), t))
        .collect();
    for (n, (_, m)) in f.messages().enumerate() {
        // Keep some, change some, drop some, depending on the input.
        match (n as u8).wrapping_add(salt) % 3 {
            0 => out.push(source(m.id(), m.meta().source.unwrap_or("源"))),
            1 => out.push(source(m.id(), "改了")),
            _ => {}
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
    out
}

fn source(id: &str, value: &str) -> SourceMessage {
    SourceMessage {
        id: id.to_owned(),
        value: value.into(),
        hint: None,
        kind: MessageKind::Error,
        code: None,
        group: None,
        span: 0..0,
    }
}

/// Sync either refuses (Junk, duplicate ids) or writes a file that parses
/// without Junk, keeps every translated message of its input, and that a
/// second sync leaves unchanged.
pub fn sync_props(data: &[u8]) {
    let (salt, rest) = data.split_first().map_or((0, data), |(s, r)| (*s, r));
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let before = FtlFile::parse(text.to_owned());
    let sources = fuzz_sources(&before, salt);
    let Ok((after, _)) = sync(&before, &sources) else {
        assert!(
            !before.errors.is_empty() || !before.layout_ok || has_duplicates(&before),
            "sync refused a clean file"
        );
        return;
    };
    let parsed = FtlFile::parse(after.clone());
    assert!(
        parsed.errors.is_empty(),
        "sync wrote Junk: {:?}\n--- in\n{text}\n--- out\n{after}",
        parsed.errors
    );
    let kept: BTreeMap<&str, Option<&str>> = parsed
        .messages()
        .map(|(_, m)| (m.id(), m.value_text()))
        .collect();
    for (_, m) in before.messages() {
        if m.meta().untranslated {
            continue; // a copy of the source, which sync may refresh
        }
        assert_eq!(
            kept.get(m.id()).copied(),
            Some(m.value_text()),
            "{} lost or changed\n--- in\n{text}\n--- out\n{after}",
            m.id()
        );
    }
    let (again, changes) = sync(&parsed, &sources).unwrap_or_else(|r| {
        panic!(
            "sync refuses its own output ({r:?}):\n{after:?}\n{:#?}",
            parsed.items
        )
    });
    assert_eq!(again, after, "sync is not idempotent: {changes:?}");
}

fn has_duplicates(f: &FtlFile) -> bool {
    let mut seen = std::collections::HashSet::new();
    f.messages().any(|(_, m)| !seen.insert(m.id()))
}

/// Any text survives the trip through a Markdown table cell and back, and
/// HTML rendering leaves no markup of it.
pub fn escape_props(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // What extraction makes of a cell: control characters replaced, each
    // line trimmed, blank lines at either end dropped.
    let expected: String = {
        let cleaned: String = text
            .chars()
            .map(|c| {
                if c.is_control() && c != '\n' && c != '\t' {
                    '\u{fffd}'
                } else if c == '\t' {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let lines: Vec<&str> = cleaned.split('\n').map(str::trim).collect();
        let first = lines.iter().position(|l| !l.is_empty());
        let last = lines.iter().rposition(|l| !l.is_empty());
        match (first, last) {
            (Some(a), Some(b)) => lines[a..=b].join("\n"),
            _ => String::new(),
        }
    };
    if expected.is_empty() {
        return;
    }
    let md = format!(
        "# t\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | {} |\n",
        markdown::cell(text)
    );
    let mut files = Files::new();
    let ex = extract(
        Path::new("fuzz.md"),
        md.as_bytes(),
        &mut files,
        &ExtractOptions::default(),
    );
    assert!(!ex.has_errors(), "{md}: {:?}", ex.diagnostics);
    assert_eq!(ex.catalog.entries.len(), 1, "{md}");
    assert_eq!(
        &*ex.catalog.entries[0].message, expected,
        "markdown round trip of {text:?}: {md}"
    );

    let mut tera = tera::Tera::new();
    tera.add_raw_template("attr.html", "<p title=\"{{ m }}\"></p>")
        .unwrap();
    tera.add_raw_template("text.html", "<p>{{ m }}</p>")
        .unwrap();
    let mut ctx = tera::Context::new();
    ctx.insert("m", text);
    let attr = tera.render("attr.html", &ctx).unwrap();
    let value = &attr["<p title=\"".len()..attr.len() - "\"></p>".len()];
    assert!(
        !value.contains(['<', '>', '"']),
        "markup or a quote in the attribute: {attr}"
    );
    let html = tera.render("text.html", &ctx).unwrap();
    let inner = &html["<p>".len()..html.len() - "</p>".len()];
    assert!(!inner.contains(['<', '>']), "markup in the text: {html}");
}
