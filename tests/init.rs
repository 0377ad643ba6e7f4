//! `errbook init` end to end: projects started from real corpus pages pass
//! `errbook check` as they are; init never overwrites, writes nothing when
//! it refuses, and removes what it wrote when a write fails half-way.

mod common;
use common::errbook;

use std::path::{Path, PathBuf};
use std::process::Output;

/// A page of the shared corpus (../shared/corpus/tables); `None` (the
/// test skipped, saying so) where the corpus is absent.
fn corpus(page: &str) -> Option<PathBuf> {
    common::shared_corpus("tables").map(|d| d.join(page))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.push(format!("{}/", p.strip_prefix(base).unwrap().display()));
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out.sort();
    out
}

/// Pages of the corpus that extract cleanly as they are, with different
/// headers (错误码/说明, 错误代码/描述, 返回码/含义 …), groups, hints and a CRLF page.
const CLEAN_PAGES: &[&str] = &[
    "fin-kefu-1.md",
    "xiaowei-1.md",
    "tdsql-1.md",
    "dbox-1.md",
    "gme-1.md",
    "trtc-1.md",
    "tpns-1.md",
    "meeting-1.md",
];

#[test]
fn projects_from_corpus_pages_pass_check() {
    let tmp = tempfile::tempdir().unwrap();
    for page in CLEAN_PAGES {
        let name = page.trim_end_matches(".md");
        let Some(from) = corpus(page) else { return };
        let o = errbook(
            tmp.path(),
            &["init", name, "--from", from.to_str().unwrap()],
        );
        assert_eq!(o.status.code(), Some(0), "{page}: {}", stderr(&o));
        let dir = tmp.path().join(name);
        // A page with an English message column starts en-US from it.
        let seeded = dir.join("locales/en-US/errors.ftl");
        let bilingual = seeded.exists();
        if bilingual {
            let text = std::fs::read_to_string(&seeded).unwrap();
            assert!(text.contains("# review: "), "{page}: {text}");
            std::fs::remove_dir_all(dir.join("locales/en-US")).unwrap();
        }
        assert_eq!(bilingual, *page == "tpns-1.md", "{page}");
        assert_eq!(
            tree(&dir),
            [
                ".github/",
                ".github/workflows/",
                ".github/workflows/errbook.yml",
                ".gitignore",
                "docs/",
                "docs/error-codes.zh-CN.md",
                "errbook.toml",
                "locales/",
                "locales/zh-CN/",
                "locales/zh-CN/errors.ftl",
            ],
            "{page}"
        );
        // The table is the page, byte for byte.
        assert_eq!(
            std::fs::read(dir.join("docs/error-codes.zh-CN.md")).unwrap(),
            std::fs::read(&from).unwrap(),
            "{page}"
        );
        let check = errbook(&dir, &["check"]);
        assert_eq!(check.status.code(), Some(0), "{page}: {}", stderr(&check));
        // The source locale is exactly what sync would write.
        let sync = errbook(&dir, &["sync", "--check"]);
        assert_eq!(sync.status.code(), Some(0), "{page}: {}", stderr(&sync));
        // And a new locale starts from there.
        let add = errbook(&dir, &["sync", "--add-locale", "en-US", "-q"]);
        assert_eq!(add.status.code(), Some(0), "{page}: {}", stderr(&add));
        assert!(dir.join("locales/en-US/errors.ftl").is_file());
    }
}

#[test]
fn a_page_that_needs_a_column_flag_says_which_and_works_with_it() {
    // Two Chinese columns whose headers do not say which is the message:
    // errbook does not guess by their order.
    let tmp = tempfile::tempdir().unwrap();
    let page = "# 错误码\n\n| 错误码 | 甲 | 乙 |\n|---|---|---|\n| 1001 | 参数错误 | 检查参数 |\n| 1002 | 签名错误 | 重新签名 |\n";
    std::fs::write(tmp.path().join("page.md"), page).unwrap();
    let o = errbook(tmp.path(), &["init", "p", "--from", "page.md"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!tmp.path().join("p").exists(), "nothing is written");
    let err = stderr(&o);
    let suggested = "errbook init p --from page.md --message-column 甲";
    assert!(err.contains(suggested), "{err}");

    let o = errbook(
        tmp.path(),
        &["init", "p", "--from", "page.md", "--message-column", "甲"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let toml = std::fs::read_to_string(tmp.path().join("p/errbook.toml")).unwrap();
    assert!(toml.contains("\nmessage-column = \"甲\""), "{toml}");
    let check = errbook(&tmp.path().join("p"), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn a_page_whose_code_repeats_reads_without_a_flag() {
    // iotvideo-1 repeats two numeric codes, told apart by the enum's
    // name beside them: every row is kept, none refused.
    let tmp = tempfile::tempdir().unwrap();
    let Some(from) = corpus("iotvideo-1.md") else {
        return;
    };
    let o = errbook(tmp.path(), &["init", "p", "--from", from.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let ftl = std::fs::read_to_string(tmp.path().join("p/locales/zh-CN/errors.ftl")).unwrap();
    assert!(ftl.contains("\nerror--306 = "), "{ftl}");
    assert!(
        ftl.contains("\nerror--306-IV_ERR_AVT_STOP_RECV_DATA = "),
        "{ftl}"
    );
    let check = errbook(&tmp.path().join("p"), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn refuses_to_overwrite_any_file_and_writes_nothing() {
    let targets = [
        "errbook.toml",
        "docs/error-codes.zh-CN.md",
        "locales/zh-CN/errors.ftl",
        ".github/workflows/errbook.yml",
    ];
    for existing in targets {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(existing);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "mine\n").unwrap();
        let before = tree(tmp.path());
        // A page of our own (init's starter table) serves where the corpus is absent.
        for from in [None, corpus("fin-kefu-1.md")] {
            let mut args = vec!["init"];
            if let Some(f) = &from {
                args.extend(["--from", f.to_str().unwrap()]);
            }
            let o = errbook(tmp.path(), &args);
            assert_eq!(o.status.code(), Some(2), "{existing}: {}", stderr(&o));
            assert!(
                stderr(&o).contains(&format!("`{existing}`")),
                "names the file: {}",
                stderr(&o)
            );
            assert_eq!(tree(tmp.path()), before, "{existing}: nothing written");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine\n");
        }
    }
}

#[test]
fn a_failed_write_removes_what_init_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    // `.github` is a file: the workflow, written last, cannot be created.
    std::fs::write(tmp.path().join(".github"), "not a directory\n").unwrap();
    let o = errbook(tmp.path(), &["init"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(".github"), "{}", stderr(&o));
    assert_eq!(tree(tmp.path()), [".github"]);
}

#[test]
fn in_a_repository_subdirectory_the_workflow_goes_to_the_root() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join(".git")).unwrap();
    let o = errbook(tmp.path(), &["init", "services/api"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let wf = std::fs::read_to_string(tmp.path().join(".github/workflows/errbook.yml")).unwrap();
    assert!(wf.contains("working-directory: \"services/api\""), "{wf}");
    assert!(wf.contains("path: \"services/api/site\""), "{wf}");
    assert!(!tmp.path().join("services/api/.github").exists());
    assert!(stderr(&o).contains("../../.github/workflows/errbook.yml"));
    let check = errbook(&tmp.path().join("services/api"), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn the_workflow_runs_valid_errbook_commands() {
    use clap::Parser;
    let tmp = tempfile::tempdir().unwrap();
    let o = errbook(tmp.path(), &["init", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "quiet: {}", stderr(&o));
    let text = std::fs::read_to_string(tmp.path().join(".github/workflows/errbook.yml")).unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).unwrap();
    let steps = docs[0]["jobs"]["errbook"]["steps"].as_vec().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    let errbook_runs: Vec<&&str> = runs.iter().filter(|r| r.starts_with("errbook ")).collect();
    assert_eq!(errbook_runs.len(), 2, "{runs:?}");
    for run in &errbook_runs {
        let words = shlex::split(run).unwrap();
        errbook::cli::Cli::try_parse_from(&words).unwrap_or_else(|e| panic!("{run}: {e}"));
    }
    assert!(runs.contains(&"errbook check --format github"));
    assert!(runs
        .iter()
        .any(|r| r.starts_with("cargo install --locked --git")));
}

#[test]
fn a_page_without_chinese_is_read_in_its_own_language() {
    let tmp = tempfile::tempdir().unwrap();
    let page = "# Error codes\n\n| code | message |\n|---|---|\n| 0 | success |\n| -32700 | parse error |\n";
    std::fs::write(tmp.path().join("page.md"), page).unwrap();
    let o = errbook(tmp.path(), &["init", "p", "--from", "page.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("source locale is `en`"),
        "{}",
        stderr(&o)
    );
    let toml = std::fs::read_to_string(tmp.path().join("p/errbook.toml")).unwrap();
    assert!(toml.contains("source-locale = \"en\""), "{toml}");
    assert!(toml.contains("docs/error-codes.en.md"), "{toml}");
    let ftl = std::fs::read_to_string(tmp.path().join("p/locales/en/errors.ftl")).unwrap();
    assert!(ftl.contains("error--32700 = parse error"), "{ftl}");
    assert!(!tmp.path().join("p/locales/zh-CN").exists());
    let check = errbook(&tmp.path().join("p"), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    // A Chinese page stays zh-CN; a Japanese one (kana) is ja.
    let ja = "| エラーコード | 説明 |\n|---|---|\n| 1 | 接続できません |\n";
    std::fs::write(tmp.path().join("ja.md"), ja).unwrap();
    let o = errbook(tmp.path(), &["init", "j", "--from", "ja.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(tmp.path().join("j/locales/ja/errors.ftl").is_file());
}
