//! The source reader parses a page a section at a time (each section
//! starts at a heading after a blank line), the sections of a window on
//! every core while the window before is applied. These tests check that
//! any page reads exactly as it reads parsed whole, whatever the window:
//! the same catalog and the same diagnostics, in the same order.

mod common;

use std::path::Path;

use errbook::diag::Files;
use errbook::source::{extract, extract_whole, extract_windowed, ExtractOptions};
use proptest::prelude::*;

#[derive(Clone, Copy, Debug)]
enum Read {
    /// The page parsed whole.
    Whole,
    /// As errbook reads it.
    Sections,
    /// In sections, with windows of at least this many bytes (0: a
    /// window a section).
    Windows(usize),
}

fn reading(text: &str, how: Read) -> String {
    let mut files = Files::new();
    let opts = ExtractOptions::default();
    let path = Path::new("errors.md");
    let bytes = text.as_bytes();
    let ex = match how {
        Read::Whole => extract_whole(path, bytes, &mut files, &opts),
        Read::Sections => extract(path, bytes, &mut files, &opts),
        Read::Windows(n) => extract_windowed(path, bytes, &mut files, &opts, n),
    };
    format!("{:#?}\n{:#?}", ex.catalog, ex.diagnostics)
}

/// Lines of a page: headings, error tables, other tables, paragraphs and
/// the blocks that run past blank lines (fenced code, HTML, lists, quotes,
/// link reference definitions).
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(String::new()),
        3 => "#{1,7} [a-z错误码]{0,6}",
        1 => Just("# 错误码".to_owned()),
        2 => Just("| 错误码 | 说明 |".to_owned()),
        2 => Just("|---|---|".to_owned()),
        1 => Just("| 错误码 | 说明 | 处理建议 |".to_owned()),
        1 => Just("| --- | --- | --- |".to_owned()),
        1 => Just("| 参数 | 类型 |".to_owned()),
        6 => "\\| [0-9]{1,3} \\| [a-z错误 *`\\[\\]]{0,8} \\|",
        1 => Just("| 1 | see [x] |".to_owned()),
        1 => Just("| abc def | 说明 |".to_owned()),
        1 => Just("**鉴权错误**".to_owned()),
        1 => Just("本页列出全部错误码。".to_owned()),
        1 => Just("```".to_owned()),
        1 => Just("~~~".to_owned()),
        1 => Just("<!--".to_owned()),
        1 => Just("-->".to_owned()),
        1 => Just("<div>".to_owned()),
        1 => Just("- item".to_owned()),
        1 => Just("    indented".to_owned()),
        1 => Just("> quote".to_owned()),
        1 => Just("[x]: https://example.com".to_owned()),
        1 => Just("Title\n===".to_owned()),
        1 => Just("   ".to_owned()),
        1 => Just("\t".to_owned()),
        1 => Just("x\r```".to_owned()),
        1 => Just("\r<div>".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_page_reads_the_same_in_sections(
        lines in prop::collection::vec(line(), 0..60),
        crlf in prop::sample::select(vec![false, false, true]),
        bom in prop::sample::select(vec![false, false, true]),
        window in 0usize..200,
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut text = lines.join(eol);
        if bom {
            text.insert(0, '\u{feff}');
        }
        let whole = reading(&text, Read::Whole);
        prop_assert_eq!(&whole, &reading(&text, Read::Sections), "page:\n{}", text);
        prop_assert_eq!(
            &whole,
            &reading(&text, Read::Windows(window)),
            "window {}, page:\n{}",
            window,
            text
        );
    }
}

/// The shipped table and every fixture page (the corpus of real pages among
/// them).
#[test]
fn real_pages_read_the_same_in_sections() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("docs/error-codes.zh-CN.md")];
    let mut dirs = vec![root.join("tests/fixtures")];
    // The real pages of the shared corpora, where they are.
    let corpora: Vec<_> = ["tables", "wild"]
        .into_iter()
        .filter_map(common::shared_corpus)
        .collect();
    dirs.extend(corpora.iter().cloned());
    while let Some(dir) = dirs.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "md") {
                pages.push(p);
            }
        }
    }
    let mut n = 0;
    for p in &pages {
        let Ok(text) = std::fs::read_to_string(p) else {
            continue;
        };
        let whole = reading(&text, Read::Whole);
        assert_eq!(whole, reading(&text, Read::Sections), "{}", p.display());
        // A window a section, and windows of a few sections each.
        for window in [0, 300, 1000, 4000] {
            let windowed = reading(&text, Read::Windows(window));
            assert_eq!(whole, windowed, "window {window}: {}", p.display());
        }
        n += 1;
    }
    // Our own fixtures, and the 50 real pages where the corpora are.
    let floor = if corpora.len() == 2 { 120 } else { 70 };
    assert!(n >= floor, "only {n} pages read");
}

/// Pages whose blocks reach across a heading after a blank line: a link
/// defined in one section and used in the next, fenced code and HTML that
/// run past blank lines.
#[test]
fn blocks_that_reach_across_sections_read_the_same() {
    let pages = [
        "# 错误码\n\n[x]: https://example.com\n\n## 通用\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | see [x] |\n",
        "# 错误码\n\n```\n\n## not a heading\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | a |\n```\n\n| 错误码 | 说明 |\n|---|---|\n| 2 | b |\n",
        "# 错误码\n\n~~~\n\n# code\n~~~\n\n| 错误码 | 说明 |\n|---|---|\n| 2 | b |\n",
        "<!--\n\n# hidden\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | a |\n\n-->\n\n| 错误码 | 说明 |\n|---|---|\n| 2 | b |\n",
        "- item\n\n    ```\n\n# out\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | a |\n",
        // A carriage return alone ends a line: the fence and the comment
        // start lines (found by review).
        "x\r```\n\n# 错误码\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | a |\n",
        "x\r<!--\n\n# 错误码\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | a |\n",
        "# 错误码\r\r~~~\n\n## 通用\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | a |\n",
    ];
    for page in pages {
        assert_eq!(
            reading(page, Read::Whole),
            reading(page, Read::Sections),
            "{page}"
        );
    }
    // The link resolves in the next section.
    assert!(reading(pages[0], Read::Sections).contains("\"see x\""));
}
