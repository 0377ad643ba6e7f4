//! Crashes and races: a `sync` killed at any moment leaves every file either
//! as it was or as it would be, and two syncs at once do not corrupt
//! anything (the second waits for the first).

mod common;
use common::copy_tree;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CODES: usize = 20_000;

fn errbook(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_errbook"));
    c.current_dir(dir).env("NO_COLOR", "1");
    c
}

/// A large catalog: the source table, zh-CN generated, en-US and ja-JP
/// started, then the table changed so that sync rewrites every file.
fn large_project(dir: &Path) {
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    let table = |suffix: &str| {
        let mut t = String::from("# 错误码\n\n| 错误码 | 说明 |\n|---|---|\n");
        for i in 0..CODES {
            t.push_str(&format!(
                "| {} | 第 {i} 号错误{suffix}，请检查请求参数后重试。 |\n",
                100_000 + i
            ));
        }
        t
    };
    std::fs::write(dir.join("docs/error-codes.zh-CN.md"), table("")).unwrap();
    let ok = errbook(dir)
        .args(["sync", "--add-locale", "en-US", "--add-locale", "ja-JP"])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    std::fs::write(dir.join("docs/error-codes.zh-CN.md"), table("（已更新）")).unwrap();
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    ["zh-CN", "en-US", "ja-JP"]
        .iter()
        .map(|t| {
            (
                t.to_string(),
                std::fs::read(dir.join(format!("locales/{t}/errors.ftl"))).unwrap(),
            )
        })
        .collect()
}

/// True once a sync has started writing: a temporary file exists (unless
/// `replaced_only`), or a locale file differs from its old content.
fn writing(dir: &Path, old: &[(String, Vec<u8>)], replaced_only: bool) -> bool {
    old.iter().any(|(tag, bytes)| {
        let d = dir.join("locales").join(tag);
        let tmp = !replaced_only
            && std::fs::read_dir(&d)
                .map(|rd| {
                    rd.flatten()
                        .any(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
                })
                .unwrap_or(false);
        tmp || std::fs::metadata(d.join("errors.ftl"))
            .map(|m| m.len() != bytes.len() as u64)
            .unwrap_or(false)
    })
}

#[test]
fn a_sync_killed_at_any_moment_leaves_old_or_new_files() {
    let base = tempfile::tempdir().unwrap();
    let original = base.path().join("original");
    large_project(&original);
    let old = snapshot(&original);

    // What an uninterrupted sync gives, and how long it takes.
    let done = base.path().join("done");
    copy_tree(&original, &done);
    let t = Instant::now();
    let ok = errbook(&done).arg("sync").output().unwrap();
    let full = t.elapsed();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let new = snapshot(&done);
    for ((tag, a), (_, b)) in old.iter().zip(&new) {
        assert_ne!(a, b, "{tag}: the change rewrites every file");
    }

    let work = base.path().join("work");
    let mut seen_partial = 0;
    let rounds = 20u32;
    for round in 0..rounds {
        let _ = std::fs::remove_dir_all(&work);
        copy_tree(&original, &work);
        let mut child = errbook(&work)
            .arg("sync")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        match round % 3 {
            // Anywhere in the run, reading and planning included.
            0 => std::thread::sleep(full.mul_f64(f64::from(round) / f64::from(rounds))),
            // In the write phase: once the first temporary file shows, then
            // a little later each round.
            1 => {
                while !writing(&work, &old, false) && started.elapsed() < full * 4 {
                    std::thread::sleep(Duration::from_micros(100));
                }
                std::thread::sleep(Duration::from_millis(u64::from(round) * 2));
            }
            // Right after the first file has been replaced.
            _ => {
                while !writing(&work, &old, true) && started.elapsed() < full * 4 {
                    std::thread::sleep(Duration::from_micros(100));
                }
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&work);
        let mut mixed = (false, false);
        for (((tag, o), (_, n)), (_, got)) in old.iter().zip(&new).zip(&now) {
            assert!(
                got == o || got == n,
                "round {round}: {tag} is neither the old nor the new file"
            );
            if got == n {
                mixed.1 = true
            } else {
                mixed.0 = true
            }
        }
        if mixed.0 && mixed.1 {
            seen_partial += 1;
        }
        // A sync after the crash finishes the job and cleans up.
        let ok = errbook(&work).arg("sync").output().unwrap();
        assert!(
            ok.status.success(),
            "round {round}: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
        assert_eq!(snapshot(&work), new, "round {round}: recovery");
        for tag in ["zh-CN", "en-US", "ja-JP"] {
            for e in std::fs::read_dir(work.join("locales").join(tag)).unwrap() {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                assert!(
                    !name.ends_with(".tmp"),
                    "round {round}: {tag}/{name} left behind"
                );
            }
        }
    }
    eprintln!("killed {rounds} runs (a full sync takes {full:?}); {seen_partial} stopped between two files");
    assert!(
        seen_partial > 0,
        "no kill landed between two file writes; the test did not exercise the write phase"
    );
}

#[test]
fn two_syncs_at_once_do_not_corrupt_anything() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("p");
    large_project(&dir);
    let done = base.path().join("done");
    copy_tree(&dir, &done);
    assert!(errbook(&done)
        .arg("sync")
        .output()
        .unwrap()
        .status
        .success());
    let new = snapshot(&done);

    let a = errbook(&dir)
        .arg("sync")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(30));
    let b = errbook(&dir)
        .arg("sync")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success() && b.status.success());
    assert_eq!(snapshot(&dir), new);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&a.stderr),
        String::from_utf8_lossy(&b.stderr)
    );
    assert!(
        said.contains("waiting: another errbook (pid "),
        "the second sync says why it waits:\n{said}"
    );
}

#[test]
fn a_sync_that_cannot_get_the_lock_in_time_refuses_and_says_why() {
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("p");
    large_project(&dir);
    let before = snapshot(&dir);
    let lock = errbook::fsio::Lock::acquire(&dir.join("locales"), Duration::ZERO, |_| {}).unwrap();
    let out = errbook(&dir)
        .arg("sync")
        .env("ERRBOOK_LOCK_TIMEOUT", "1")
        .output()
        .unwrap();
    drop(lock);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("another errbook (pid {})", std::process::id())),
        "{err}"
    );
    assert!(err.contains("[EB0304 locked]"), "{err}");
    assert_eq!(snapshot(&dir), before);
}
