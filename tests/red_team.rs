//! Hostile inputs of the kinds a red-team pass found (issue 20), each on a
//! copy of the shipped catalog (or a small project of its own), with
//! variants of each.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::copy_tree;

/// A copy of the shipped catalog: the table and the locales.
fn shipped() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::copy(
        root.join("docs/error-codes.zh-CN.md"),
        dir.path().join("docs/error-codes.zh-CN.md"),
    )
    .unwrap();
    copy_tree(&root.join("locales"), &dir.path().join("locales"));
    dir
}

fn table(dir: &Path) -> PathBuf {
    dir.join("docs/error-codes.zh-CN.md")
}

fn errbook(dir: &Path, args: &[&str]) -> Output {
    let out = common::errbook(dir, args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("panicked"),
        "errbook {args:?} panicked: {err}"
    );
    assert_ne!(out.status.code(), Some(101), "{err}");
    out
}

/// What errbook said: findings (stdout for `check`) and messages (stderr).
fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// Replaces the first `from` of the table with `to`.
fn edit_table(dir: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(table(dir)).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(table(dir), text.replacen(from, to, 1)).unwrap();
}

// 1. A one-character CJK edit of the table made `check` slice the source
// locale's file inside a character.
#[test]
fn an_edit_inside_a_multi_byte_character_is_reported_not_a_panic() {
    // Pairs that share their first bytes in UTF-8, so that the first
    // differing byte is inside the character; and one that differs in its
    // first byte, and ASCII against CJK.
    let edits = [
        ("HTTP 解析错误 ，", "HTTP 解析错误 ："),
        ("。", "．"),
        ("错误", "错諤"),
        ("请", "讀"),
        ("HTTP 解析错误 ，", "HTTP 解析错误 ,"),
    ];
    for (from, to) in edits {
        let dir = shipped();
        edit_table(dir.path(), from, to);
        let out = errbook(dir.path(), &["check"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{from} -> {to}: {err}");
        assert!(
            err.contains("the source locale's file is out of date"),
            "{from} -> {to}: {err}"
        );
        assert!(err.contains("locales/zh-CN/errors.ftl:"), "{err}");
        let out = errbook(dir.path(), &["build", "--out", "site"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{from} -> {to}: {err}");
        assert!(!err.contains("took longer"), "{err}");
        // After a sync, everything is current again.
        errbook(dir.path(), &["sync"]);
        let out = errbook(dir.path(), &["check", "--format", "json"]);
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(!report.contains("source-locale"), "{report}");
    }
}

/// Runs errbook, killing it (and failing) after `limit`: a hang is a
/// defect, reported as such rather than blocking the suite.
fn bounded(dir: &Path, args: &[&str], envs: &[(&str, &str)], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_errbook"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("ERRBOOK_NO_CACHE", "1")
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "errbook {args:?} still ran after {limit:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("panicked"),
        "errbook {args:?} panicked: {err}"
    );
    out
}

const LIMIT: Duration = Duration::from_secs(30);

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let _ = std::fs::remove_file(path);
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success());
}

// 2. Two commands that reach the same locales by different paths share one
// lock.
#[cfg(unix)]
#[test]
fn one_lock_per_project_whatever_path_reaches_its_locales() {
    let base = tempfile::tempdir().unwrap();
    let p = base.path().join("P");
    let q = base.path().join("Q");
    std::fs::create_dir_all(&q).unwrap();
    let project = shipped();
    copy_tree(project.path(), &p);
    std::os::unix::fs::symlink(p.join("locales"), q.join("linked")).unwrap();
    // This test holds the lock of P's locales, as a running sync would.
    let _held = errbook::fsio::Lock::acquire(&p.join("locales"), Duration::ZERO, |_| {}).unwrap();
    let me = std::process::id().to_string();
    let env = [("ERRBOOK_LOCK_TIMEOUT", "1")];
    let tries: [(&Path, Vec<&str>); 4] = [
        (
            &q,
            vec![
                "sync",
                "--source",
                "../P/docs/error-codes.zh-CN.md",
                "--locales",
                "../P/locales",
            ],
        ),
        (
            &q,
            vec![
                "sync",
                "--source",
                "../P/docs/error-codes.zh-CN.md",
                "--locales",
                "../Q/../P/./locales",
            ],
        ),
        (
            &q,
            vec![
                "sync",
                "--source",
                "../P/docs/error-codes.zh-CN.md",
                "--locales",
                "linked",
            ],
        ),
        (&p, vec!["build", "--out", "site"]),
    ];
    for (dir, args) in tries {
        let out = bounded(dir, &args, &env, LIMIT);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(&format!("waiting: another errbook (pid {me})")),
            "{err}"
        );
        assert!(err.contains("EB0304") || err.contains("locked"), "{err}");
        assert!(
            err.contains(&format!("another errbook (pid {me}) is still writing")),
            "{err}"
        );
    }
    // The import of a translation waits too, and writes nothing meanwhile.
    let before = std::fs::read(p.join("locales/ja-JP/errors.ftl")).unwrap();
    let xlf = bounded(
        &p,
        &["export", "--format", "xliff", "--locale", "ja-JP"],
        &[],
        LIMIT,
    );
    assert_eq!(xlf.status.code(), Some(0), "{}", stderr(&xlf));
    std::fs::write(q.join("one.xlf"), &xlf.stdout).unwrap();
    let out = bounded(
        &q,
        &[
            "import",
            "--source",
            "../P/docs/error-codes.zh-CN.md",
            "--locales",
            "linked",
            "one.xlf",
        ],
        &env,
        LIMIT,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(p.join("locales/ja-JP/errors.ftl")).unwrap(),
        before
    );
}

// 3. The lock file is the project's own, never followed through a link.
#[cfg(unix)]
#[test]
fn a_link_in_the_lock_files_place_is_refused_and_its_target_untouched() {
    let dir = shipped();
    let victim = tempfile::tempdir().unwrap();
    let precious = victim.path().join("precious.txt");
    std::fs::write(&precious, "keep me").unwrap();
    let state = dir.path().join("locales/.errbook");
    std::fs::create_dir_all(&state).unwrap();
    std::os::unix::fs::symlink(&precious, state.join("lock")).unwrap();
    for args in [&["sync"][..], &["build", "--out", "site"]] {
        let out = bounded(dir.path(), args, &[], LIMIT);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("is a link"), "{err}");
        assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep me");
    }
    // Nothing is kept in the shared temporary directory any more.
    std::fs::remove_file(state.join("lock")).unwrap();
    let out = bounded(dir.path(), &["sync"], &[], LIMIT);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(state.join("lock").is_file());
    // Never beside the project: with the locales at its root, the lock is
    // in the project too.
    let flat = tempfile::tempdir().unwrap();
    let root = flat.path().join("proj");
    copy_tree(&dir.path().join("locales"), &root);
    let _ = std::fs::remove_dir_all(root.join(".errbook"));
    std::fs::copy(table(dir.path()), root.join("table.md")).unwrap();
    std::fs::write(
        root.join("errbook.toml"),
        "source = \"table.md\"\nlocales = \".\"\n",
    )
    .unwrap();
    let out = bounded(&root, &["sync"], &[], LIMIT);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    assert!(root.join(".errbook/lock").is_file());
    assert!(!flat.path().join(".errbook").exists());
}

// 4. A build writes and deletes only inside its output directory.
#[cfg(unix)]
#[test]
fn a_build_never_writes_or_deletes_through_a_link_out_of_the_site() {
    let dir = shipped();
    let out = bounded(dir.path(), &["build", "--out", "site"], &[], LIMIT);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let site = dir.path().join("site");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("precious.txt"), "keep").unwrap();
    std::fs::write(elsewhere.path().join("index.html"), "mine").unwrap();
    // A manifest entry that names a file through a link to elsewhere.
    std::os::unix::fs::symlink(elsewhere.path(), site.join("link")).unwrap();
    let manifest = site.join(".errbook-manifest");
    let mut m = std::fs::read_to_string(&manifest).unwrap();
    m.push_str("link/precious.txt\nlink/index.html\n");
    std::fs::write(&manifest, m).unwrap();
    let out = bounded(dir.path(), &["build", "--out", "site"], &[], LIMIT);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("precious.txt")).unwrap(),
        "keep"
    );
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("index.html")).unwrap(),
        "mine"
    );
    // A locale's directory replaced by a link to elsewhere: refused, nothing
    // written there, and the rest of the site as it was.
    let before_root = std::fs::read(site.join("index.html")).unwrap();
    std::fs::rename(site.join("en-US"), dir.path().join("old-en-US")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.join("en-US")).unwrap();
    let out = bounded(dir.path(), &["build", "--out", "site"], &[], LIMIT);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("outside the output directory"), "{err}");
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("index.html")).unwrap(),
        "mine"
    );
    let mut names: Vec<_> = std::fs::read_dir(elsewhere.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["index.html", "precious.txt"]);
    assert_eq!(std::fs::read(site.join("index.html")).unwrap(), before_root);
    // A link that stays inside the site is fine.
    std::fs::remove_file(site.join("en-US")).unwrap();
    std::fs::rename(dir.path().join("old-en-US"), site.join("real-en-US")).unwrap();
    std::os::unix::fs::symlink(site.join("real-en-US"), site.join("en-US")).unwrap();
    let out = bounded(dir.path(), &["build", "--out", "site"], &[], LIMIT);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The output directory itself may be a link: the user named it.
    let real = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(real.path(), dir.path().join("linked-site")).unwrap();
    let out = bounded(dir.path(), &["build", "--out", "linked-site"], &[], LIMIT);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(real.path().join("en-US/index.html").is_file());
}

// 5. A template override that is a link out of the project is not read.
#[cfg(unix)]
#[test]
fn template_overrides_may_not_lead_out_of_the_project() {
    let dir = shipped();
    let secrets = tempfile::tempdir().unwrap();
    std::fs::write(secrets.path().join("env"), "AWS_SECRET=hunter2").unwrap();
    let t = dir.path().join("t");
    std::fs::create_dir_all(&t).unwrap();
    for (name, target) in [
        ("site.css", secrets.path().join("env")),
        ("site.js", PathBuf::from("/proc/self/environ")),
        ("page.html", secrets.path().join("env")),
    ] {
        let _ = std::fs::remove_file(t.join(name));
        std::os::unix::fs::symlink(&target, t.join(name)).unwrap();
        let out = bounded(
            dir.path(),
            &["build", "--out", "site", "--templates", "t"],
            &[],
            LIMIT,
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains("outside the templates directory and the project"),
            "{err}"
        );
        assert!(!dir.path().join("site").exists() || !grep(&dir.path().join("site"), "hunter2"));
        std::fs::remove_file(t.join(name)).unwrap();
    }
    // A FIFO or a device as a template: refused, not waited on.
    mkfifo(&t.join("page.html"));
    let out = bounded(
        dir.path(),
        &["build", "--out", "site", "--templates", "t"],
        &[],
        LIMIT,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("FIFO"), "{}", stderr(&out));
    std::fs::remove_file(t.join("page.html")).unwrap();
    // Links inside the project are fine, and so is a templates directory
    // that is itself a link (the user named it).
    std::fs::write(dir.path().join("shared.css"), "body{}").unwrap();
    std::os::unix::fs::symlink(dir.path().join("shared.css"), t.join("site.css")).unwrap();
    let out = bounded(
        dir.path(),
        &["build", "--out", "site", "--templates", "t"],
        &[],
        LIMIT,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("site/assets/site.css")).unwrap(),
        "body{}"
    );
}

fn grep(dir: &Path, needle: &str) -> bool {
    std::fs::read_dir(dir).unwrap().flatten().any(|e| {
        let p = e.path();
        if p.is_dir() {
            grep(&p, needle)
        } else {
            std::fs::read(&p).is_ok_and(|b| String::from_utf8_lossy(&b).contains(needle))
        }
    })
}

// 6. Special files are refused at once, never read forever.
#[cfg(unix)]
#[test]
fn fifos_and_devices_in_place_of_inputs_get_a_diagnostic_at_once() {
    let cases: [(&str, &[&str]); 5] = [
        ("docs/error-codes.zh-CN.md", &["check"]),
        ("locales/ja-JP/errors.ftl", &["check"]),
        ("locales/ja-JP/site.ftl", &["sync"]),
        ("locales/ja-JP/extra.ftl", &["build", "--out", "site"]),
        ("errbook.toml", &["check"]),
    ];
    for (file, args) in cases {
        let dir = shipped();
        mkfifo(&dir.path().join(file));
        let out = bounded(dir.path(), args, &[], LIMIT);
        let err = stderr(&out);
        assert!(matches!(out.status.code(), Some(1 | 2)), "{file}: {err}");
        assert!(
            err.contains("FIFO (named pipe), not a regular file"),
            "{file}: {err}"
        );
    }
    // The XLIFF given to import, and a page given to init.
    let dir = shipped();
    mkfifo(&dir.path().join("one.xlf"));
    let out = bounded(dir.path(), &["import", "one.xlf"], &[], LIMIT);
    assert!(stderr(&out).contains("FIFO"), "{}", stderr(&out));
    let out = bounded(
        dir.path(),
        &["init", "new", "--from", "one.xlf"],
        &[],
        LIMIT,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("FIFO"), "{}", stderr(&out));
    // Devices named directly: refused at once, memory untouched.
    for device in ["/dev/zero", "/dev/urandom"] {
        let out = bounded(dir.path(), &["check", "--source", device], &[], LIMIT);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("a character device"),
            "{}",
            stderr(&out)
        );
        let out = bounded(dir.path(), &["import", device], &[], LIMIT);
        assert!(
            stderr(&out).contains("a character device"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn files_over_the_size_limit_are_refused_with_how_to_raise_it() {
    let dir = shipped();
    let out = bounded(
        dir.path(),
        &["check"],
        &[("ERRBOOK_MAX_FILE_SIZE", "4KiB")],
        LIMIT,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("larger than the 4 KiB errbook reads"), "{err}");
    assert!(err.contains("ERRBOOK_MAX_FILE_SIZE"), "{err}");
    // Raised, the same project reads.
    let out = bounded(
        dir.path(),
        &["check"],
        &[("ERRBOOK_MAX_FILE_SIZE", "64MiB")],
        LIMIT,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A value that is no size is an error, not a limit silently dropped.
    for bad in ["garbage", "0", "-1", "5T", "1e9"] {
        let out = bounded(
            dir.path(),
            &["check"],
            &[("ERRBOOK_MAX_FILE_SIZE", bad)],
            LIMIT,
        );
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(stderr(&out).contains("is not a size"), "{}", stderr(&out));
    }
}

// 9. A current file with mixed line endings comes back byte for byte.
#[test]
fn a_current_file_with_mixed_line_endings_is_left_as_it_is() {
    for every in [2, 3, 7] {
        let dir = shipped();
        let path = dir.path().join("locales/ja-JP/errors.ftl");
        let text = std::fs::read(&path).unwrap();
        let mut mixed = Vec::new();
        for (i, line) in text.split_inclusive(|&b| b == b'\n').enumerate() {
            if i % every == 1 && line.ends_with(b"\n") {
                mixed.extend_from_slice(&line[..line.len() - 1]);
                mixed.extend_from_slice(b"\r\n");
            } else {
                mixed.extend_from_slice(line);
            }
        }
        std::fs::write(&path, &mixed).unwrap();
        let out = bounded(dir.path(), &["check"], &[], LIMIT);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let out = bounded(dir.path(), &["sync"], &[], LIMIT);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(
            std::fs::read(&path).unwrap(),
            mixed,
            "every {every}th line CRLF"
        );
        let out = bounded(dir.path(), &["sync", "--check"], &[], LIMIT);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
}

// 10. A byte order mark is no syntax error, and stays.
#[test]
fn a_byte_order_mark_is_read_past_and_kept() {
    for file in ["locales/en-US/errors.ftl", "locales/ja-JP/site.ftl"] {
        let dir = shipped();
        let path = dir.path().join(file);
        let mut text = b"\xef\xbb\xbf".to_vec();
        text.extend(std::fs::read(&path).unwrap());
        std::fs::write(&path, &text).unwrap();
        let out = bounded(dir.path(), &["check"], &[], LIMIT);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
        let out = bounded(dir.path(), &["sync"], &[], LIMIT);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
        assert_eq!(std::fs::read(&path).unwrap(), text, "{file}");
        // An edit of the source: the file is edited, and keeps its mark.
        edit_table(dir.path(), "HTTP 解析错误 ，", "HTTP 解析错误 ：");
        let out = bounded(dir.path(), &["sync"], &[], LIMIT);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
        let now = std::fs::read(&path).unwrap();
        assert!(now.starts_with(b"\xef\xbb\xbf###"), "{file}");
        let out = bounded(dir.path(), &["build", "--out", "site"], &[], LIMIT);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
    }
}

// 11. A linked locale file is neither replaced by a copy (which left its
// target stale) nor written through (which could overwrite the table,
// another locale or a file outside the project): sync refuses it, saying
// so, and leaves both as they are.
#[cfg(unix)]
#[test]
fn a_linked_locale_file_is_refused_never_written_through_or_replaced() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("bashrc"), "# mine\n").unwrap();
    let cases: [(&str, Option<&str>); 5] = [
        // A translation kept elsewhere in the project.
        ("locales/ja-JP/errors.ftl", Some("translations/ja.ftl")),
        // The generated file linked to the table, to another locale, to a
        // file outside the project.
        (
            "locales/zh-CN/errors.ftl",
            Some("docs/error-codes.zh-CN.md"),
        ),
        ("locales/zh-CN/errors.ftl", Some("locales/ja-JP/errors.ftl")),
        ("locales/zh-CN/errors.ftl", None),
        ("locales/en-US/errors.ftl", None),
    ];
    for (file, target) in cases {
        let dir = shipped();
        let link = dir.path().join(file);
        let target = match target {
            Some(t) => {
                let t = dir.path().join(t);
                if !t.exists() {
                    std::fs::create_dir_all(t.parent().unwrap()).unwrap();
                    std::fs::rename(&link, &t).unwrap();
                }
                t
            }
            None => outside.path().join("bashrc"),
        };
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let before = std::fs::read(&target).unwrap();
        edit_table(dir.path(), "HTTP 解析错误 ，", "HTTP 解析错误 ：");
        let edited = std::fs::read(table(dir.path())).unwrap();
        let out = bounded(dir.path(), &["sync"], &[], LIMIT);
        let err = stderr(&out);
        assert!(matches!(out.status.code(), Some(1 | 2)), "{file}: {err}");
        assert!(err.contains("link"), "{file}: {err}");
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        let now = std::fs::read(&target).unwrap();
        if target == table(dir.path()) {
            assert!(now == edited, "the table is untouched");
        } else if target.ends_with("ja-JP/errors.ftl") && file.contains("zh-CN") {
            // ja-JP's own sync marks it stale; its translations stay.
            let text = String::from_utf8(now).unwrap();
            assert!(
                text.starts_with("### Error-code catalog, locale ja-JP"),
                "{file}"
            );
            assert!(text.contains("HTTP 解析エラーです。"), "{file}");
        } else {
            assert!(now == before, "{file}: the target is untouched");
        }
    }
    // A new locale whose directory is a link out of the project.
    let dir = shipped();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("locales/fr-FR")).unwrap();
    let out = bounded(dir.path(), &["sync", "--add-locale", "fr-FR"], &[], LIMIT);
    assert!(matches!(out.status.code(), Some(1 | 2)), "{}", stderr(&out));
    assert!(!outside.path().join("errors.ftl").exists());
}

// 14. What import writes passes check: a placeable smuggled in through
// `<originalData>` that check would reject is refused, nothing written.
#[test]
fn import_writes_nothing_that_check_would_reject() {
    for data in ["{ $user }", "{ -brand }", "{ error-60003 }"] {
        let dir = shipped();
        let xlf = bounded(
            dir.path(),
            &["export", "--format", "xliff", "--locale", "ja-JP"],
            &[],
            LIMIT,
        );
        let mut doc = String::from_utf8(xlf.stdout).unwrap();
        let unit = "<unit id=\"error-60002\" name=\"60002\">";
        assert!(doc.contains(unit));
        doc = doc.replacen(
            unit,
            &format!("{unit}\n<originalData><data id=\"d1\">{data}</data></originalData>"),
            1,
        );
        let target =
            "<target>HTTP 解析エラーです。HTTP リクエスト URL の形式を確認してください。</target>";
        assert!(doc.contains(target));
        doc = doc.replacen(
            target,
            "<target>HTTP 解析エラー <ph id=\"1\" dataRef=\"d1\"/></target>",
            1,
        );
        std::fs::write(dir.path().join("t.xlf"), doc).unwrap();
        let before = std::fs::read(dir.path().join("locales/ja-JP/errors.ftl")).unwrap();
        let out = bounded(dir.path(), &["import", "t.xlf"], &[], LIMIT);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{data}: {err}");
        assert!(err.contains("no file was changed"), "{err}");
        assert_eq!(
            std::fs::read(dir.path().join("locales/ja-JP/errors.ftl")).unwrap(),
            before
        );
        let out = bounded(dir.path(), &["check"], &[], LIMIT);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
}

// 14. Long lines and bidirectional controls in a terminal report.
#[test]
fn a_report_shows_a_window_of_a_long_line_and_no_raw_bidi_controls() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    let cell = "错".repeat(400_000);
    let table = format!(
        "# 错误码\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | {cell} |\n| 1 | {cell} |\n| 2\u{202e}x | 说明\u{2066} |\n"
    );
    std::fs::write(dir.path().join("docs/error-codes.zh-CN.md"), table).unwrap();
    let out = bounded(dir.path(), &["extract"], &[], LIMIT);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.len() < 20_000,
        "the report repeats the whole line: {} bytes",
        err.len()
    );
    assert!(err.contains("duplicate") || err.contains("EB0104"), "{err}");
    assert!(err.contains('…'), "{err}");
    assert!(
        !err.contains('\u{202e}') && !err.contains('\u{2066}'),
        "{err}"
    );
    assert!(err.contains("<U+202E>"), "{err}");
}

// The same policy for what init-templates and man write into a directory
// the user names: a link found there is never written through.
#[cfg(unix)]
#[test]
fn files_written_into_a_named_directory_never_follow_links_found_there() {
    let dir = shipped();
    let elsewhere = tempfile::tempdir().unwrap();
    let t = dir.path().join("t");
    std::fs::create_dir_all(&t).unwrap();
    // A link that leads nowhere yet, and one to an existing file.
    std::os::unix::fs::symlink(elsewhere.path().join("planted.html"), t.join("page.html")).unwrap();
    std::fs::write(elsewhere.path().join("keep.css"), "keep").unwrap();
    std::os::unix::fs::symlink(elsewhere.path().join("keep.css"), t.join("site.css")).unwrap();
    let out = bounded(dir.path(), &["build", "--init-templates", "t"], &[], LIMIT);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!elsewhere.path().join("planted.html").exists());
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("keep.css")).unwrap(),
        "keep"
    );
    assert!(t.join("index.html").is_file());
    // man pages into a directory holding a link to elsewhere.
    let m = dir.path().join("man");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(elsewhere.path().join("errbook.1"), "keep").unwrap();
    std::os::unix::fs::symlink(elsewhere.path().join("errbook.1"), m.join("errbook.1")).unwrap();
    let out = bounded(dir.path(), &["man", "--out", "man"], &[], LIMIT);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("errbook.1")).unwrap(),
        "keep"
    );
    assert!(m.join("errbook.1").is_file() && !m.join("errbook.1").is_symlink());
}

// Two projects building into one output directory take turns: neither
// removes the other's staging (a build cleans up the staging that killed
// builds left beside its output).
#[test]
fn builds_into_one_output_directory_take_turns() {
    let a = shipped();
    let shared = tempfile::tempdir().unwrap();
    let out = shared.path().join("site");
    let out = out.to_str().unwrap();
    // As if another project's build were running into it.
    let held = errbook::fsio::DirLock::acquire(shared.path(), Duration::ZERO, || {}).unwrap();
    let r = bounded(
        a.path(),
        &["build", "--out", out],
        &[("ERRBOOK_LOCK_TIMEOUT", "1")],
        LIMIT,
    );
    let err = stderr(&r);
    assert_eq!(r.status.code(), Some(2), "{err}");
    assert!(err.contains("another errbook is building into"), "{err}");
    assert!(
        !shared.path().join("site").exists(),
        "nothing written while it waited"
    );
    drop(held);
    let r = bounded(a.path(), &["build", "--out", out], &[], LIMIT);
    assert_eq!(r.status.code(), Some(0), "{}", stderr(&r));
}

// A locale directory linked from another locales tree is written by the
// commands of both trees: a command takes the other tree's lock too.
#[cfg(unix)]
#[test]
fn a_locale_linked_from_another_tree_is_locked_with_that_tree() {
    let dir = shipped();
    let l2 = dir.path().join("l2");
    std::fs::create_dir_all(&l2).unwrap();
    std::fs::rename(dir.path().join("locales/ja-JP"), l2.join("ja-JP")).unwrap();
    std::os::unix::fs::symlink("../l2/ja-JP", dir.path().join("locales/ja-JP")).unwrap();
    let held = errbook::fsio::Lock::acquire(&l2, Duration::ZERO, |_| {}).unwrap();
    let r = bounded(
        dir.path(),
        &["sync"],
        &[("ERRBOOK_LOCK_TIMEOUT", "1")],
        LIMIT,
    );
    let err = stderr(&r);
    assert_eq!(r.status.code(), Some(2), "{err}");
    assert!(err.contains("l2"), "{err}");
    drop(held);
    let r = bounded(dir.path(), &["sync"], &[], LIMIT);
    assert_eq!(r.status.code(), Some(0), "{}", stderr(&r));
}

// A lone carriage return: sync refuses the file, and check says so too.
#[test]
fn check_and_sync_agree_on_a_lone_carriage_return() {
    for (from, to) in [
        ("HTTP 解析エラーです。", "HTTP 解析\rエラーです。"),
        ("# source: ", "#\r source: "),
    ] {
        let dir = shipped();
        let path = dir.path().join("locales/ja-JP/errors.ftl");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let before = std::fs::read(&path).unwrap();
        let check = bounded(dir.path(), &["check"], &[], LIMIT);
        assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
        assert!(
            stderr(&check).contains("carriage return"),
            "{}",
            stderr(&check)
        );
        let sync = bounded(dir.path(), &["sync"], &[], LIMIT);
        assert_eq!(sync.status.code(), Some(1), "{}", stderr(&sync));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}

/// Under a low address-space limit (`ulimit -v`), where the system refuses
/// the parser's large worker stacks, errbook still runs: on workers with
/// the default stack, not into rayon's panic for a global pool that failed
/// to build.
#[cfg(target_os = "linux")]
#[test]
fn a_low_address_space_limit_is_no_panic() {
    let dir = common::catalog_copy(None);
    let bin = env!("CARGO_BIN_EXE_errbook");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v 1500000 && exec '{bin}' check"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
