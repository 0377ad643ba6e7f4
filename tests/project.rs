//! The shipped catalog and end-to-end behaviours that need more than a
//! fixture: file permissions, the generated check reference, the seed.

mod common;
use common::{copy_tree, errbook, findings};

use std::path::Path;
use std::process::Command;

/// The names of the findings of `errbook check` in `dir`, in its order:
/// of one locale, or of all with `None`.
fn finding_names(dir: &Path, locale: Option<&str>) -> Vec<String> {
    findings(dir)
        .iter()
        .filter(|f| locale.is_none_or(|l| f["locale"] == l))
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect()
}

/// A copy of this repository's catalog in a temporary directory.
fn shipped_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new("docs"), &dir.path().join("docs"));
    copy_tree(Path::new("locales"), &dir.path().join("locales"));
    dir
}

#[test]
fn seed_extracts_72_codes_in_order_with_their_exact_text() {
    // An independent reading of the seed: split each table line on `|`.
    let seed = std::fs::read_to_string("docs/error-codes.zh-CN.md").unwrap();
    let expected: Vec<(String, String, usize)> = seed
        .lines()
        .enumerate()
        .skip(5)
        .filter(|(_, l)| l.starts_with('|'))
        .map(|(i, l)| {
            let cells: Vec<&str> = l.trim_start_matches('|').split('|').collect();
            (
                cells[0].trim().to_owned(),
                cells[1].trim().to_owned(),
                i + 1,
            )
        })
        .collect();
    assert_eq!(expected.len(), 72);

    let out = errbook(Path::new("."), &["extract", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // No finding: only the one-line summary.
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "errbook: extracted 72 codes from docs/error-codes.zh-CN.md\n"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["locale"], "zh-CN");
    assert_eq!(json["title"], "错误码");
    let entries = json["entries"].as_array().unwrap();
    let got: Vec<(String, String, usize)> = entries
        .iter()
        .map(|e| {
            (
                e["code"].as_str().unwrap().to_owned(),
                e["message"].as_str().unwrap().to_owned(),
                e["line"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(got, expected);
    assert_eq!(got.first().unwrap().0, "60002");
    assert_eq!(got.last().unwrap().0, "290002");
    // 60004 has no trailing pipe; 60004 and 60005 share their text.
    assert_eq!(got[2].1, got[3].1);
}

#[test]
fn shipped_locales_pass_check_deny_warnings_and_are_in_sync() {
    let out = errbook(Path::new("."), &["check", "--deny", "warnings"]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let out = errbook(Path::new("."), &["sync", "--check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = errbook(Path::new("."), &["stats", "--format", "json"]);
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for row in stats.as_array().unwrap() {
        assert_eq!(row["total"], 72);
        assert_eq!(row["translated"], 72, "{row}");
    }
    let tags: Vec<&str> = stats
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["locale"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["en-US", "ja-JP", "zh-CN"]);
}

#[test]
fn every_shipped_translation_records_its_source_and_differs_from_it() {
    for tag in ["en-US", "ja-JP"] {
        let text = std::fs::read_to_string(format!("locales/{tag}/errors.ftl")).unwrap();
        let f = errbook::locale::ftl::FtlFile::parse(text);
        assert!(f.errors.is_empty());
        let mut n = 0;
        for (_, m) in f.messages() {
            let source = m
                .meta()
                .source
                .unwrap_or_else(|| panic!("{tag} {}: no source", m.id()));
            let value = m.value_text().unwrap();
            assert_ne!(source, value, "{tag} {}: not translated", m.id());
            n += 1;
        }
        assert_eq!(
            n, 76,
            "{tag}: 72 codes, title, intro and two column headers"
        );
    }
}

#[test]
fn docs_checks_md_is_generated_from_the_registry() {
    let want = errbook::check::registry::reference_markdown();
    if std::env::var_os("ERRBOOK_BLESS").is_some() {
        std::fs::write("docs/checks.md", &want).unwrap();
    }
    let have = std::fs::read_to_string("docs/checks.md").unwrap();
    assert!(
        have == want,
        "docs/checks.md is stale: run `cargo run -- explain --all > docs/checks.md` (or ERRBOOK_BLESS=1 cargo test)"
    );
    for c in errbook::check::registry::ALL {
        assert!(have.contains(&format!("## {}", c.code)));
    }
}

#[cfg(unix)]
#[test]
fn read_only_locale_file_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = shipped_project();
    let src = dir.path().join("docs/error-codes.zh-CN.md");
    let table = std::fs::read_to_string(&src)
        .unwrap()
        .replace("坐席繁忙。", "坐席全忙。");
    std::fs::write(&src, table).unwrap();
    let en = dir.path().join("locales/en-US/errors.ftl");
    let before = std::fs::read(&en).unwrap();
    std::fs::set_permissions(&en, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = errbook(dir.path(), &["sync"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("locales/en-US/errors.ftl is read-only; not rewritten"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&en).unwrap(), before);
    // The other locale was synced.
    let ja = std::fs::read_to_string(dir.path().join("locales/ja-JP/errors.ftl")).unwrap();
    assert!(
        ja.contains("# stale, source was: 坐席繁忙。\n# source: 坐席全忙。\n"),
        "{ja}"
    );
}

#[test]
fn a_directory_where_the_catalog_file_belongs_is_a_clear_failure() {
    let dir = shipped_project();
    let en = dir.path().join("locales/en-US/errors.ftl");
    std::fs::remove_file(&en).unwrap();
    std::fs::create_dir(&en).unwrap();
    let out = errbook(dir.path(), &["sync"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("locales/en-US/errors.ftl"), "{stderr}");
    assert!(en.is_dir());
}

#[test]
fn sync_then_check_finds_nothing_missing_and_a_second_sync_is_a_no_op() {
    let dir = shipped_project();
    let src = dir.path().join("docs/error-codes.zh-CN.md");
    let table = std::fs::read_to_string(&src)
        .unwrap()
        .replace(
            "|290002|请求中存在无效的工单客服。|\n",
            "|290003|工单已关闭。|\n",
        )
        .replace("|280006|\t坐席繁忙。|", "|280006|\t坐席全部繁忙。|");
    std::fs::write(&src, table).unwrap();
    let out = errbook(dir.path(), &["sync"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let en_after_first = std::fs::read(dir.path().join("locales/en-US/errors.ftl")).unwrap();
    let out = errbook(dir.path(), &["sync", "--check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        std::fs::read(dir.path().join("locales/en-US/errors.ftl")).unwrap(),
        en_after_first
    );

    let names = finding_names(dir.path(), None);
    assert!(!names.iter().any(|n| n == "missing-message"), "{names:?}");
    assert_eq!(
        names.iter().filter(|n| **n == "untranslated").count(),
        2,
        "{names:?}"
    );
    assert_eq!(
        names.iter().filter(|n| **n == "stale").count(),
        2,
        "{names:?}"
    );
    assert_eq!(
        names.iter().filter(|n| **n == "obsolete-message").count(),
        2,
        "{names:?}"
    );
    // The translation of the removed code is kept.
    let en = String::from_utf8(en_after_first).unwrap();
    assert!(en.contains("error-290002 = The request contains an invalid ticket agent."));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = shipped_project();
    std::fs::write(dir.path().join("locales/en-US/errors.ftl"), "broken\n").unwrap();
    let plain = errbook(dir.path(), &["check"]);
    assert_eq!(plain.status.code(), Some(1));
    assert!(!plain.stdout.contains(&0x1b), "piped output has no colour");
    let coloured = Command::new(env!("CARGO_BIN_EXE_errbook"))
        .args(["check", "--color", "always"])
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(coloured.stdout.contains(&0x1b), "--color always colours");
    let no_color = Command::new(env!("CARGO_BIN_EXE_errbook"))
        .args(["check"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!no_color.stdout.contains(&0x1b), "NO_COLOR wins");
}

/// `check` skips parsing the source locale's file when it is exactly what
/// the table generates; any edit brings back every check of it.
#[test]
fn an_edited_source_locale_file_is_checked_in_full() {
    let dir = shipped_project();
    assert_eq!(
        finding_names(dir.path(), Some("zh-CN")),
        Vec::<String>::new()
    );
    let file = dir.path().join("locales/zh-CN/errors.ftl");
    let text = std::fs::read_to_string(&file).unwrap();
    let first = text
        .lines()
        .find(|l| l.starts_with("error-"))
        .unwrap()
        .to_owned();
    std::fs::write(&file, format!("{text}\n{first}\nbroken {{\n")).unwrap();
    let mut found = finding_names(dir.path(), Some("zh-CN"));
    found.sort();
    assert_eq!(
        found,
        ["duplicate-id", "source-locale-outdated", "syntax-error"],
        "{found:?}"
    );
}

/// Two group names whose ids hash alike make the generated source-locale
/// file define one id twice: check must still report it there, though the
/// file is exactly what errbook generates (and is then not parsed unless
/// the source's ids are distinct).
#[test]
fn a_generated_source_locale_file_with_a_repeated_id_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    // `G6bd7b608` and `G3d94045b` both give `errbook-group-000f108f`.
    std::fs::write(
        dir.path().join("docs/error-codes.zh-CN.md"),
        "# 错误码\n\n## G6bd7b608\n\n| 错误码 | 说明 |\n|---|---|\n| 1001 | 参数错误。 |\n\n\
         ## G3d94045b\n\n| 错误码 | 说明 |\n|---|---|\n| 1002 | 签名错误。 |\n",
    )
    .unwrap();
    // Four locales: the source locale is not among the two catalogs read
    // while the table is.
    for tag in ["de-DE", "en-US", "fr-FR", "zh-CN"] {
        std::fs::create_dir_all(dir.path().join("locales").join(tag)).unwrap();
    }
    errbook(dir.path(), &["sync"]);
    assert_eq!(finding_names(dir.path(), Some("zh-CN")), ["duplicate-id"]);
}
