//! `FtlFile::parse` cuts a large file into chunks and parses them in
//! parallel.
//! These tests check that a file cut at every possible place reads exactly
//! as the Fluent parser reads the whole file: the same items with the same
//! byte ranges, the same syntax errors at the same places, the same layout.

use std::path::Path;

use errbook::locale::ftl::{self, FtlFile};
use proptest::prelude::*;

/// Everything `parse` reports, as comparable text.
fn reading(f: &FtlFile) -> String {
    format!(
        "{:#?}\n{:#?}\n{:?} {:?} {:?}",
        f.items, f.errors, f.obsolete_from, f.newline, f.layout_ok
    )
}

/// The lines as a file, with CRLF or LF line ends, and a last one or not.
fn file_of(lines: &[String], crlf: bool, final_newline: bool) -> String {
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut text = lines.join(eol);
    if final_newline {
        text.push_str(eol);
    }
    text
}

fn assert_same(text: &str) {
    let whole = FtlFile::parse_by_fluent(std::sync::Arc::new(text.to_owned()));
    for chunk in [usize::MAX, 1, 7, 64] {
        let cut = FtlFile::parse_in_chunks(std::sync::Arc::new(text.to_owned()), chunk);
        assert_eq!(
            reading(&whole),
            reading(&cut),
            "chunks of {chunk} bytes read differently:\n{text}"
        );
        // Handed over a run at a time (as `check` reads a catalog), the
        // file reads the same: every item and error once, in order.
        let (mut items, mut errors, mut layout_ok) = (Vec::new(), Vec::new(), true);
        ftl::parse_runs_in_chunks(&std::sync::Arc::new(text.to_owned()), chunk, |run| {
            items.extend(run.items);
            errors.extend(run.errors);
            layout_ok &= run.layout_ok;
        });
        assert_eq!(
            format!("{:#?}\n{:#?}", whole.items, whole.errors),
            format!("{items:#?}\n{errors:#?}"),
            "runs of chunks of {chunk} bytes read differently:\n{text}"
        );
        if !text.contains('\r') {
            assert_eq!(whole.layout_ok, layout_ok, "{text}");
        }
    }
}

/// Lines of Fluent a file is made of: valid entries of every kind, the
/// blank and whitespace lines between them, and lines the parser rejects.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" ".to_owned()),
        Just("# note".to_owned()),
        Just("#".to_owned()),
        Just("## Obsolete".to_owned()),
        Just("## group".to_owned()),
        Just("### resource".to_owned()),
        Just("# source: 错误".to_owned()),
        Just("# untranslated".to_owned()),
        Just("#bad comment".to_owned()),
        "[a-z][a-z0-9-]{0,6} = [a-z 错误{}$.*\\[\\]]{0,12}",
        "-[a-z]{1,4} = [a-z ]{1,6}",
        "[a-z]{1,4} =",
        Just("    continued".to_owned()),
        Just("    .hint = 提示".to_owned()),
        Just("    .hint =".to_owned()),
        Just("    [one] x".to_owned()),
        Just("   *[other] y".to_owned()),
        Just("    }".to_owned()),
        Just("e = { $n ->".to_owned()),
        Just("x = { -t }".to_owned()),
        Just("= junk".to_owned()),
        Just("}".to_owned()),
        Just("[x]".to_owned()),
        Just("*".to_owned()),
        Just(".attr = v".to_owned()),
        Just("\u{feff}a = b".to_owned()),
        // A placeable open over lines, with a word at the start of a line
        // inside it (a cut there would be wrong).
        Just("x = {".to_owned()),
        Just("a = { -t".to_owned()),
        "[a-z]{1,4}",
        // Braces that nest past what errbook reads, or that Junk leaves
        // open, and literal braces, which open nothing.
        "[a-z]{1,2} = [{]{20,70}",
        "[a-z]{1,2}[{]{20,70}",
        "    [{(]{20,40}",
        Just("b = { \"{\" }".to_owned()),
    ]
}

/// Lines near the edge of what errbook reads without the Fluent parser:
/// simple messages and comments, and lines that look like them but are
/// not (tabs, trailing spaces, a missing space after `#`, odd attributes).
fn simple_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("   ".to_owned()),
        "# [a-z 源:{}]{0,8}",
        "#[a-z ]{0,3}",
        "#  [a-z]{0,3} ",
        "[a-zA-Z][a-zA-Z0-9_-]{0,5} {0,2}= {0,2}[a-z 错误\\t.*\\[\\]#=]{0,10}",
        "[a-z]{1,3}=[a-z]{0,3}",
        "[a-z]{1,3} = [a-z]{1,3}[ \\t]{1,3}",
        "[a-z]{1,3} =[ ]{0,3}",
        "[ ]{0,5}\\.[a-z0-9]{0,5} {0,2}= {0,2}[a-z ]{0,6}",
        "[ ]{1,4}\\.hint = [a-z 提示]{0,6}",
        "[ ]{1,4}[a-z]{1,5}",
        "\\t\\.hint = x",
        Just("x = \u{3000}".to_owned()),
        Just("é = x".to_owned()),
        Just("a.b = c".to_owned()),
        Just("x = a {\"b\"}".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_cut_reads_as_the_whole(
        lines in prop::collection::vec(line(), 0..40),
        crlf in any::<bool>(),
        final_newline in any::<bool>(),
    ) {
        assert_same(&file_of(&lines, crlf, final_newline));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn simple_entries_read_as_the_parser_reads_them(
        lines in prop::collection::vec(prop_oneof![3 => simple_line(), 1 => line()], 0..40),
        crlf in prop::sample::select(vec![false, false, false, true]),
        final_newline in any::<bool>(),
    ) {
        assert_same(&file_of(&lines, crlf, final_newline));
    }
}

/// Every `.ftl` file in the repository (shipped locales, fixtures) and the
/// fuzzing inputs, cut everywhere.
#[test]
fn repository_files_read_the_same_cut() {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for d in [
        "locales",
        "tests/fixtures",
        "fuzz/seeds/sync",
        "fuzz/regressions/sync",
    ] {
        walk(&root.join(d), &mut files);
    }
    let mut n = 0;
    for p in files {
        let is_ftl = p.extension().is_some_and(|e| e == "ftl");
        let is_fuzz = p.components().any(|c| c.as_os_str() == "fuzz");
        if !(is_ftl || is_fuzz) {
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        assert_same(&String::from_utf8_lossy(&bytes));
        n += 1;
    }
    assert!(n > 20, "only {n} files found");
}
