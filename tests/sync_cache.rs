//! The sync cache (`locale::fingerprint`): a sync with nothing to do reads
//! nothing, and the cache never keeps sync from work it has to do.

mod common;
use common::copy_tree;

use std::path::Path;
use std::process::{Command, Output};

fn shipped_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new("docs"), &dir.path().join("docs"));
    copy_tree(Path::new("locales"), &dir.path().join("locales"));
    dir
}

fn run(dir: &Path, cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_errbook"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", cache)
        .env_remove("ERRBOOK_NO_CACHE")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn cache_files(cache: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(cache.join("errbook"))
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

fn edit(path: &Path, from: &str, to: &str) {
    let t = std::fs::read_to_string(path).unwrap();
    assert!(t.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, t.replacen(from, to, 1)).unwrap();
}

#[test]
fn the_cache_skips_only_what_did_not_change() {
    let project = shipped_project();
    let cache = tempfile::tempdir().unwrap();
    let p = project.path();
    let en = p.join("locales/en-US/errors.ftl");
    let ja = p.join("locales/ja-JP/errors.ftl");

    // The shipped catalog is in sync: the first sync records it.
    let o = run(p, cache.path(), &["sync"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(cache_files(cache.path()).len(), 1);
    let recorded = std::fs::read(&cache_files(cache.path())[0]).unwrap();

    // Nothing changed: nothing to do, nothing written (not even the cache).
    let before = std::fs::read(&en).unwrap();
    let o = run(p, cache.path(), &["sync"]);
    assert!(o.status.success());
    assert!(
        text(&o).contains("every locale is up to date"),
        "{}",
        text(&o)
    );
    assert_eq!(std::fs::read(&en).unwrap(), before);
    assert_eq!(
        std::fs::read(&cache_files(cache.path())[0]).unwrap(),
        recorded
    );

    // The source changed: every locale is synced again, not skipped.
    edit(
        &p.join("docs/error-codes.zh-CN.md"),
        "HTTP 解析错误",
        "HTTP 解析失败",
    );
    let o = run(p, cache.path(), &["sync"]);
    assert!(o.status.success(), "{}", text(&o));
    for f in [&en, &ja] {
        let t = std::fs::read_to_string(f).unwrap();
        assert!(
            t.contains("# stale, source was: HTTP 解析错误"),
            "{} not marked stale:\n{}",
            f.display(),
            text(&o)
        );
    }

    // A translator removes a message from one locale: sync puts it back
    // (that locale is read again; the other is known to be in sync).
    let o = run(p, cache.path(), &["sync"]);
    assert!(
        text(&o).contains("every locale is up to date"),
        "{}",
        text(&o)
    );
    let t = std::fs::read_to_string(&en).unwrap();
    let start = t.find("error-60003 =").unwrap();
    let end = start + t[start..].find('\n').unwrap() + 1;
    std::fs::write(&en, format!("{}{}", &t[..start], &t[end..])).unwrap();
    let o = run(p, cache.path(), &["sync", "--check"]);
    assert!(
        !o.status.success(),
        "sync --check missed the change: {}",
        text(&o)
    );
    assert!(text(&o).contains("would update"), "{}", text(&o));
    let o = run(p, cache.path(), &["sync"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("error-60003"), "{}", text(&o));
    assert!(std::fs::read_to_string(&en)
        .unwrap()
        .contains("error-60003 ="));
}

#[test]
fn errbook_no_cache_turns_it_off() {
    let project = shipped_project();
    let cache = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_errbook"))
        .arg("sync")
        .current_dir(project.path())
        .env("XDG_CACHE_HOME", cache.path())
        .env("ERRBOOK_NO_CACHE", "1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(cache_files(cache.path()).is_empty());
}

/// A table with warnings (real pages repeat codes) still lets the next sync
/// use the cache, which counts the warnings rather than repeat them; a
/// project with any other finding records nothing.
#[test]
fn the_tables_warnings_are_counted_not_a_reason_to_read_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let cache = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(p.join("docs")).unwrap();
    let table = "# 错误码\n\n| 错误码 | 说明 |\n|---|---|\n| 1001 | 参数错误 |\n| 1001 | 参数缺失 |\n| 1002 | 签名错误 |\n";
    std::fs::write(p.join("docs/error-codes.zh-CN.md"), table).unwrap();
    let o = run(p, cache.path(), &["sync", "--add-locale", "en-US"]);
    assert!(o.status.success(), "{}", text(&o));

    // The first sync shows the warning and records what it left in sync.
    let o = run(p, cache.path(), &["sync"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("duplicate-code"), "{}", text(&o));
    assert_eq!(cache_files(cache.path()).len(), 1, "{}", text(&o));

    // The next one reads nothing and says how many warnings there are.
    let o = run(p, cache.path(), &["sync"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("duplicate-code"), "{}", text(&o));
    assert!(
        text(&o).contains("every locale is up to date; the source table has 1 warning"),
        "{}",
        text(&o)
    );

    // A finding in a locale's file: nothing is recorded, every sync reads.
    std::fs::remove_dir_all(cache.path().join("errbook")).unwrap();
    let en = p.join("locales/en-US/errors.ftl");
    let mut t = std::fs::read_to_string(&en).unwrap();
    t.push_str("this line is Junk\n");
    std::fs::write(&en, t).unwrap();
    let o = run(p, cache.path(), &["sync"]);
    assert!(text(&o).contains("syntax"), "{}", text(&o));
    assert!(cache_files(cache.path()).is_empty(), "{}", text(&o));
}
