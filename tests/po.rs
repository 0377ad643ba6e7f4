//! The PO round trip through the binary, checked with GNU gettext's own
//! tools: what `errbook export --format po` writes passes `msgfmt --check`,
//! gettext counts the same translated, fuzzy and untranslated entries
//! errbook does, a file rewritten by `msgcat` imports as unchanged, and a
//! file edited as a PO editor would is merged back with the guarantees of
//! the XLIFF import. The README's test command installs gettext.

mod common;
use common::{catalog_copy, errbook, ok};

use std::path::Path;
use std::process::{Command, Output};

/// Runs a gettext tool; the tests need gettext, as the browser tests need
/// a browser.
fn gettext(tool: &str, args: &[&str], dir: &Path) -> Output {
    Command::new(tool)
        .args(args)
        .current_dir(dir)
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {tool} ({e}): install GNU gettext (scripts/test.sh does)")
        })
}

/// Untranslated, stale (value and hint), to-review and hostile entries.
const FIXTURE: &str = "export-xliff";

fn export(dir: &Path, tag: &str) -> String {
    let path = dir.join(format!("{tag}.po"));
    ok(&errbook(
        dir,
        &[
            "export",
            "--format",
            "po",
            "--locale",
            tag,
            "--out",
            path.to_str().unwrap(),
        ],
    ));
    std::fs::read_to_string(path).unwrap()
}

/// msgfmt's counts: (translated, fuzzy, untranslated), from `--statistics`.
fn statistics(dir: &Path, file: &str) -> (usize, usize, usize) {
    let out = gettext(
        "msgfmt",
        &["--check", "--statistics", "-o", "/dev/null", file],
        dir,
    );
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "msgfmt --check failed:\n{stderr}");
    let count = |what: &str| {
        stderr
            .split([',', '\n'])
            .find(|p| p.contains(what))
            .and_then(|p| p.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    };
    (
        count("translated message"),
        count("fuzzy translation"),
        count("untranslated message"),
    )
}

#[test]
fn gettext_accepts_the_export_and_counts_what_errbook_counts() {
    // The shipped catalog: everything translated.
    let dir = catalog_copy(None);
    for tag in ["en-US", "ja-JP"] {
        export(dir.path(), tag);
        // Not even a warning (a missing header field would give one).
        let out = gettext(
            "msgfmt",
            &["--check", "-o", "/dev/null", &format!("{tag}.po")],
            dir.path(),
        );
        assert!(out.status.success() && out.stderr.is_empty(), "{out:?}");
        let (translated, fuzzy, untranslated) = statistics(dir.path(), &format!("{tag}.po"));
        assert!(translated > 70, "{tag}: {translated}");
        assert_eq!((fuzzy, untranslated), (0, 0), "{tag}");
    }
    // The fixture: 13 messages and 4 hints, 17 entries; 1004 (message and
    // hint), a group heading and 2001's hint untranslated; 1002 and 1003's
    // hint stale; the other 11 translated.
    let dir = catalog_copy(Some(FIXTURE));
    let po = export(dir.path(), "en-US");
    assert_eq!(statistics(dir.path(), "en-US.po"), (11, 2, 4));
    // A stale translation is fuzzy, with the text it was made from as the
    // previous msgid, as msgmerge writes it.
    assert!(
        po.contains(
            "#, fuzzy\n#| msgctxt \"error-1002\"\n#| msgid \"签名无效。\"\nmsgctxt \"error-1002\"\nmsgid \"签名错误。\"\nmsgstr \"Invalid   signature.\"\n"
        ),
        "{po}"
    );
    assert!(
        po.contains("#| msgid \"请稍后重试。\"\nmsgctxt \"error-1003.hint\"\n"),
        "{po}"
    );
}

#[test]
fn each_message_is_located_at_its_row_of_the_table() {
    // The shipped catalog: every message of the table is exported with
    // `#: <table>:<line>`, and that line is its row.
    let dir = catalog_copy(None);
    let po = export(dir.path(), "ja-JP");
    let table = std::fs::read_to_string(dir.path().join("docs/error-codes.zh-CN.md")).unwrap();
    let rows: Vec<&str> = table.lines().collect();
    let mut located = 0;
    let mut lines = po.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(at) = line.strip_prefix("#: docs/error-codes.zh-CN.md:") else {
            continue;
        };
        let n: usize = at.parse().unwrap();
        let ctx = lines.find(|l| l.starts_with("msgctxt ")).unwrap();
        let code = ctx
            .trim_start_matches("msgctxt \"error-")
            .trim_end_matches('"')
            .trim_end_matches(".hint");
        assert!(
            rows[n - 1].contains(code),
            "line {n} is not the row of {code}: {}",
            rows[n - 1]
        );
        located += 1;
    }
    // 72 codes, and their hints.
    assert!(located >= 72, "{located} located\n{po}");
}

#[cfg(unix)]
#[test]
fn a_file_rewritten_by_msgcat_imports_as_unchanged() {
    use std::os::unix::fs::MetadataExt;
    for (fixture, tags) in [
        (None, &["en-US", "ja-JP"][..]),
        (Some(FIXTURE), &["en-US"][..]),
    ] {
        let dir = catalog_copy(fixture);
        for tag in tags {
            export(dir.path(), tag);
            // msgcat wraps long strings at 79 columns and re-escapes.
            let cat = format!("{tag}-cat.po");
            let out = gettext(
                "msgcat",
                &["-w", "40", &format!("{tag}.po"), "-o", &cat],
                dir.path(),
            );
            assert!(out.status.success(), "{out:?}");
            let ftl = dir.path().join(format!("locales/{tag}/errors.ftl"));
            let before = std::fs::metadata(&ftl).unwrap();
            let bytes = std::fs::read(&ftl).unwrap();
            let stderr = ok(&errbook(dir.path(), &["import", &cat]));
            assert!(stderr.contains("nothing to import"), "{tag}: {stderr}");
            let after = std::fs::metadata(&ftl).unwrap();
            assert_eq!(
                (before.ino(), before.modified().unwrap()),
                (after.ino(), after.modified().unwrap()),
                "{tag}: the file was written"
            );
            assert_eq!(std::fs::read(&ftl).unwrap(), bytes);
        }
    }
}

/// Sets the msgstr of the entry of `ctx` in PO text (one-line strings).
fn set_msgstr(po: &str, ctx: &str, msgstr: &str) -> String {
    let at = po.find(&format!("\nmsgctxt \"{ctx}\"\n")).unwrap();
    let s = at + po[at..].find("\nmsgstr ").unwrap() + 1;
    let end = s + po[s..].find("\n\n").unwrap_or(po.len() - s);
    format!("{}msgstr \"{msgstr}\"{}", &po[..s], &po[end..])
}

/// Removes the fuzzy flag of the entry of `ctx`, as a PO editor does when
/// a translator accepts the translation.
fn clear_fuzzy(po: &str, ctx: &str) -> String {
    let at = po.find(&format!("\nmsgctxt \"{ctx}\"\n")).unwrap();
    let start = po[..at].rfind("\n\n").unwrap();
    let block = po[start..at].replacen("#, fuzzy\n", "", 1);
    format!("{}{block}{}", &po[..start], &po[at..])
}

#[test]
fn translations_from_a_po_editor_are_merged_and_fuzzy_ones_wait() {
    let dir = catalog_copy(Some(FIXTURE));
    let po = export(dir.path(), "en-US");
    // A translator translates 1004 and its hint, accepts 1003's stale hint
    // as it is, and rewrites 1002 but leaves it fuzzy (not done yet).
    let po = set_msgstr(&po, "error-1004", "Too many requests.");
    let po = set_msgstr(&po, "error-1004.hint", "Send fewer requests.");
    let po = clear_fuzzy(&po, "error-1003.hint");
    let po = set_msgstr(&po, "error-1002", "Bad signature.");
    // As the file comes back from a Windows editor.
    let po = po.replace('\n', "\r\n");
    std::fs::write(dir.path().join("back.po"), &po).unwrap();
    // gettext reads the edited file as the translator meant it.
    assert_eq!(statistics(dir.path(), "back.po"), (14, 1, 2));

    let out = errbook(dir.path(), &["import", "back.po"]);
    let stderr = ok(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "updated locales/en-US/errors.ftl: 1 translated, 1 confirmed by a reviewer\n  + translated: error-1004\n  = confirmed by a reviewer: error-1003\n"
    );
    assert!(
        stderr.contains(
            "warning: entry `error-1002`: the message has a translation marked fuzzy; not imported"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("back.po:"), "{stderr}");
    let ftl = std::fs::read_to_string(dir.path().join("locales/en-US/errors.ftl")).unwrap();
    assert!(
        ftl.contains("# source: 请求过于频繁。\n# source.hint: 降低请求频率。\nerror-1004 = Too many requests.\n    .hint = Send fewer requests.\n"),
        "{ftl}"
    );
    assert!(
        ftl.contains("# source: 服务器内部错误。\n# source.hint: 稍后重试。\nerror-1003 = Internal server error.\n    .hint = Please try again later.\n"),
        "{ftl}"
    );
    assert!(ftl.contains("# stale, source was: 签名无效。\n"), "{ftl}");
    // A new export says what is left, and gettext agrees.
    export(dir.path(), "en-US");
    assert_eq!(statistics(dir.path(), "en-US.po"), (14, 1, 2));
}

#[test]
fn literal_braces_placeables_and_lines_survive_the_round_trip() {
    let dir = catalog_copy(Some(FIXTURE));
    let po = export(dir.path(), "en-US");
    // The message with braces, quotes, a control character and two lines,
    // and a placeable of a term, written back changed.
    let po = set_msgstr(
        &po,
        "errbook-group-5948b51f",
        "Business {\\\"{\\\"}codes{\\\"}\\\"} of { -product }",
    );
    std::fs::write(dir.path().join("back.po"), &po).unwrap();
    ok(&errbook(dir.path(), &["import", "back.po"]));
    let ftl = std::fs::read_to_string(dir.path().join("locales/en-US/errors.ftl")).unwrap();
    assert!(
        ftl.contains("errbook-group-5948b51f = Business {\"{\"}codes{\"}\"} of { -product }\n"),
        "{ftl}"
    );
    // Nothing else to import: the other entries, the hostile one included,
    // already match.
    export(dir.path(), "en-US");
    let stderr = ok(&errbook(dir.path(), &["import", "en-US.po"]));
    assert!(stderr.contains("nothing to import"), "{stderr}");
    // And check has nothing to say about the message imported.
    let out = errbook(dir.path(), &["check", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        !findings.as_array().unwrap().is_empty(),
        "the fixture has others"
    );
    for f in findings.as_array().unwrap() {
        assert!(!f.to_string().contains("5948b51f"), "{f}");
    }
}

#[test]
fn a_changed_source_or_a_broken_file_changes_nothing() {
    let dir = catalog_copy(Some(FIXTURE));
    let po = export(dir.path(), "en-US");
    let ftl = dir.path().join("locales/en-US/errors.ftl");
    let before = std::fs::read(&ftl).unwrap();

    let changed = set_msgstr(&po, "error-1004", "Too many requests.")
        .replace("msgid \"余额不足。\"", "msgid \"余额不够。\"");
    std::fs::write(dir.path().join("back.po"), &changed).unwrap();
    let out = errbook(dir.path(), &["import", "back.po"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("[EB0402 xliff-source-changed]")
            && stderr.contains("entry `error-2001`: the source text changed since the export")
            && stderr.contains("errbook export --format po"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&ftl).unwrap(), before);

    // A string left open: the place, and nothing written.
    let line = po
        .lines()
        .position(|l| l == "msgctxt \"error-1004\"")
        .unwrap()
        + 3;
    let broken = set_msgstr(&po, "error-1004", "Too many requests.").replace(
        "msgstr \"Too many requests.\"",
        "msgstr \"Too many requests.",
    );
    std::fs::write(dir.path().join("broken.po"), &broken).unwrap();
    let out = errbook(dir.path(), &["import", "broken.po"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("broken.po:{line}:27")) && stderr.contains("is not closed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("nothing imported: the file is not a PO file errbook can read"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&ftl).unwrap(), before);
    // gettext agrees that the file is broken.
    assert!(!gettext(
        "msgfmt",
        &["--check", "-o", "/dev/null", "broken.po"],
        dir.path()
    )
    .status
    .success());
}

#[test]
fn the_locale_comes_from_the_language_header() {
    let dir = catalog_copy(Some(FIXTURE));
    let po = export(dir.path(), "en-US");
    assert!(po.contains("\"Language: en_US\\n\""), "{po}");
    // Another locale's header is named as such.
    let other = po.replace("Language: en_US", "Language: fr_FR");
    std::fs::write(dir.path().join("fr.po"), other).unwrap();
    let out = errbook(dir.path(), &["import", "fr.po"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("fr-FR"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // --locale overrides it.
    let renamed = set_msgstr(&po, "error-1004", "Too many requests.")
        .replace("Language: en_US", "Language: fr_FR");
    std::fs::write(dir.path().join("fr.po"), renamed).unwrap();
    ok(&errbook(
        dir.path(),
        &["import", "fr.po", "--locale", "en-US"],
    ));
}

#[test]
fn a_file_of_some_entries_imports_those() {
    // gettext's usual way to send out only what is left to translate.
    let dir = catalog_copy(Some(FIXTURE));
    export(dir.path(), "en-US");
    let out = gettext(
        "msgattrib",
        &["--untranslated", "en-US.po", "-o", "todo.po"],
        dir.path(),
    );
    assert!(out.status.success(), "{out:?}");
    let todo = std::fs::read_to_string(dir.path().join("todo.po")).unwrap();
    assert!(!todo.contains("msgctxt \"error-2001\"\n"), "{todo}");
    let todo = set_msgstr(&todo, "error-1004", "Too many requests.");
    let todo = set_msgstr(&todo, "error-1004.hint", "Send fewer requests.");
    std::fs::write(dir.path().join("todo.po"), todo).unwrap();
    let out = errbook(dir.path(), &["import", "todo.po"]);
    ok(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "updated locales/en-US/errors.ftl: 1 translated\n  + translated: error-1004\n"
    );
}

#[test]
fn a_hint_alone_waits_for_its_message() {
    let dir = catalog_copy(Some(FIXTURE));
    let po = export(dir.path(), "en-US");
    let po = set_msgstr(&po, "error-1004.hint", "Send fewer requests.");
    std::fs::write(dir.path().join("back.po"), po).unwrap();
    let before = std::fs::read(dir.path().join("locales/en-US/errors.ftl")).unwrap();
    let out = errbook(dir.path(), &["import", "back.po"]);
    let stderr = ok(&out);
    assert!(
        stderr.contains("[EB0405 xliff-hint-alone]")
            && stderr.contains("entry `error-1004`: the hint is translated but the message is not"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("locales/en-US/errors.ftl")).unwrap(),
        before
    );
}

#[test]
fn a_select_expression_with_quotes_in_its_text_round_trips() {
    let dir = catalog_copy(Some(FIXTURE));
    let ftl = dir.path().join("locales/en-US/errors.ftl");
    let text = std::fs::read_to_string(&ftl).unwrap().replace(
        "error-1001 = Invalid parameter.\n",
        "error-1001 =\n    { $n ->\n        [one] Invalid \"A.\n       *[other] Invalid {\"{\"} parameter.\n    }\n",
    );
    std::fs::write(&ftl, text).unwrap();
    let po = export(dir.path(), "en-US");
    assert!(po.contains("[one] Invalid \\\"A."), "{po}");
    let stderr = ok(&errbook(dir.path(), &["import", "en-US.po"]));
    assert!(stderr.contains("nothing to import"), "{stderr}");
}

#[test]
fn an_export_never_lands_on_the_project_and_a_bad_language_is_named() {
    let dir = catalog_copy(Some(FIXTURE));
    let before = std::fs::read(dir.path().join("locales/en-US/errors.ftl")).unwrap();
    std::fs::write(dir.path().join("errbook.toml"), "").unwrap();
    for out in [
        "locales/en-US/errors.ftl",
        "docs/error-codes.zh-CN.md",
        "locales/x.po",
        "errbook.toml",
        "./errbook.toml",
    ] {
        let o = errbook(
            dir.path(),
            &[
                "export", "--format", "po", "--locale", "en-US", "--out", out,
            ],
        );
        assert_eq!(o.status.code(), Some(2), "{out}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("refusing to write the export"),
            "{out}"
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("locales/en-US/errors.ftl")).unwrap(),
        before
    );
    assert!(!dir.path().join("locales/x.po").exists());
    // A Language header that is no tag: said where, with what to do.
    let po = export(dir.path(), "en-US").replace("Language: en_US", "Language: en_US@latin");
    std::fs::write(dir.path().join("back.po"), po).unwrap();
    let o = errbook(dir.path(), &["import", "back.po"]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("back.po:8:2")
            && stderr.contains("`en-US@latin`")
            && stderr.contains("--locale"),
        "{stderr}"
    );
}
