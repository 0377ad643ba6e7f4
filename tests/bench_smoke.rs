//! A smoke run of the benchmarks' workload at a small size (300 codes × 3
//! locales, from examples/gen-catalog.rs): it asserts what `benches/scale.py`
//! verifies at scale, and no timing. `check` finds exactly the planted
//! missing, stale and obsolete entries and the Junk; a no-op `sync` and
//! `sync --check` write nothing; `sync` after a release's changes marks every
//! changed entry stale and moves every removed one to the obsolete section;
//! `build` succeeds and a no-op rebuild writes nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

use errbook::locale::ftl::FtlFile;

#[allow(dead_code)]
#[path = "../examples/gen-catalog.rs"]
mod gen;

fn errbook(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_errbook"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn run(dir: &Path, args: &[&str], status: i32) -> Output {
    let out = errbook(dir, args);
    assert_eq!(
        out.status.code(),
        Some(status),
        "errbook {args:?}\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every file under `dir`: its modification time and content.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (SystemTime, Vec<u8>)> {
    fn walk(d: &Path, out: &mut BTreeMap<PathBuf, (SystemTime, Vec<u8>)>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            // errbook's own state (the lock, which records its holder's
            // pid) is not the project's files.
            if p.file_name().is_some_and(|n| n == ".errbook") {
                continue;
            }
            if p.is_dir() {
                walk(&p, out);
            } else {
                let mtime = p.metadata().unwrap().modified().unwrap();
                out.insert(p.clone(), (mtime, std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, &mut out);
    out
}

fn generate(dir: &Path) -> gen::Manifest {
    let m = gen::generate(
        &gen::Options {
            codes: 300,
            locales: 3,
            seed: 1,
            shape: gen::Shape::BASE,
        },
        dir,
    );
    // The test means something only if every kind of problem is planted.
    let total = |f: fn(&gen::Planted) -> usize| m.locales.iter().map(f).sum::<usize>();
    assert!(total(|p| p.missing.len()) > 0);
    assert!(total(|p| p.stale.len()) > 0);
    assert!(total(|p| p.obsolete.len()) > 0);
    assert_eq!(m.locales.iter().filter(|p| p.junk).count(), 1);
    m
}

/// Removes the Junk line, then syncs once: the catalog as translators have it.
fn synced(dir: &Path, m: &gen::Manifest) {
    let junk = m.locales.iter().find(|p| p.junk).unwrap();
    let path = dir.join("locales").join(&junk.tag).join("errors.ftl");
    let text = std::fs::read_to_string(&path).unwrap();
    let kept = text
        .strip_suffix(gen::JUNK_LINE)
        .and_then(|t| t.strip_suffix('\n'))
        .expect("the Junk line ends the file");
    std::fs::write(&path, kept).unwrap();
    run(dir, &["sync"], 0);
}

#[test]
fn check_finds_exactly_what_the_generator_planted() {
    let tmp = tempfile::tempdir().unwrap();
    let m = generate(tmp.path());
    let out = run(tmp.path(), &["check", "--format", "json"], 1);
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    // (locale, check) → the message ids named, in order of appearance.
    let mut found: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for d in &diags {
        let message = d["message"].as_str().unwrap();
        let id = message
            .split('`')
            .find(|s| s.starts_with("error-"))
            .unwrap_or(message);
        found
            .entry((
                d["locale"].as_str().unwrap_or_default().to_owned(),
                d["name"].as_str().unwrap().to_owned(),
            ))
            .or_default()
            .insert(id.to_owned());
    }
    let mut expected: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for p in &m.locales {
        for (name, ids) in [
            ("missing-message", &p.missing),
            ("stale", &p.stale),
            ("obsolete-message", &p.obsolete),
        ] {
            if !ids.is_empty() {
                expected.insert(
                    (p.tag.clone(), name.to_owned()),
                    ids.iter().cloned().collect(),
                );
            }
        }
        if p.junk {
            let junk = &found[&(p.tag.clone(), "syntax-error".to_owned())];
            assert_eq!(junk.len(), 1, "one syntax error in {}", p.tag);
            expected.insert((p.tag.clone(), "syntax-error".to_owned()), junk.clone());
        }
    }
    assert_eq!(found, expected);
    assert_eq!(
        diags.len(),
        expected.values().map(BTreeSet::len).sum::<usize>(),
        "one diagnostic per planted problem"
    );
}

#[test]
fn a_no_op_sync_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let m = generate(tmp.path());
    synced(tmp.path(), &m);
    let before = snapshot(tmp.path());
    let out = run(tmp.path(), &["sync"], 0);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("every locale is up to date"),
        "{out:?}"
    );
    run(tmp.path(), &["sync", "--check"], 0);
    assert!(before == snapshot(tmp.path()), "a file changed");
}

#[test]
fn sync_after_a_release_marks_changed_stale_and_keeps_removed_as_obsolete() {
    let tmp = tempfile::tempdir().unwrap();
    let m = generate(tmp.path());
    synced(tmp.path(), &m);
    let release = gen::mutate(tmp.path(), 2);
    assert!(!release.changed.is_empty() && !release.removed.is_empty());
    assert!(!release.added.is_empty());
    run(tmp.path(), &["sync"], 0);
    let mut stale = 0;
    for p in &m.locales {
        let path = tmp.path().join("locales").join(&p.tag).join("errors.ftl");
        let ftl = FtlFile::parse(std::fs::read_to_string(path).unwrap());
        assert!(ftl.errors.is_empty(), "{}: {:?}", p.tag, ftl.errors);
        let entries: BTreeMap<&str, (bool, errbook::locale::ftl::Meta)> = ftl
            .messages()
            .map(|(i, e)| (e.id(), (ftl.is_obsolete(i), e.meta())))
            .collect();
        for id in &release.changed {
            let (obsolete, meta) = entries[id.as_str()];
            assert!(
                !obsolete,
                "{} {id}: changed, in the obsolete section",
                p.tag
            );
            // An entry still untranslated has no translation to go stale:
            // sync refreshes its text instead.
            assert!(
                meta.is_marked_stale() || meta.untranslated,
                "{} {id}: changed but not marked stale",
                p.tag
            );
            stale += usize::from(meta.is_marked_stale());
        }
        for id in &release.removed {
            assert!(
                entries[id.as_str()].0,
                "{} {id}: removed but not obsolete",
                p.tag
            );
        }
        for id in &release.added {
            let (obsolete, meta) = entries[id.as_str()];
            assert!(!obsolete && meta.untranslated, "{} {id}: added", p.tag);
        }
    }
    assert!(stale > 0);
}

#[test]
fn build_succeeds_and_a_no_op_rebuild_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let m = generate(tmp.path());
    synced(tmp.path(), &m);
    // Sync added the missing entries untranslated: publish them as they are.
    std::fs::write(
        tmp.path().join("errbook.toml"),
        "[checks]\nuntranslated = \"warning\"\n",
    )
    .unwrap();
    run(tmp.path(), &["build"], 0);
    for p in &m.locales {
        assert!(tmp.path().join("site").join(&p.tag).is_dir(), "{}", p.tag);
    }
    let before = snapshot(tmp.path());
    let out = run(tmp.path(), &["build"], 0);
    assert!(before == snapshot(tmp.path()), "a file changed");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(" 0 written, 0 removed"),
        "{out:?}"
    );
}

/// Every shape variant of the benchmarks is what it says: its catalog loads,
/// its files have the factor it names, and `check` finds the planted
/// problems (and, without source records, that every entry lacks one).
#[test]
fn every_shape_variant_has_its_factor_and_loads() {
    for name in gen::Shape::NAMES {
        let shape = gen::Shape::named(name).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let m = gen::generate(
            &gen::Options {
                codes: 300,
                locales: 2,
                seed: 1,
                shape,
            },
            dir,
        );
        let text = std::fs::read_to_string(dir.join("locales/en-US/errors.ftl")).unwrap();
        assert_eq!(text.contains("\r\n"), shape.crlf, "{name}");
        assert_eq!(
            text.contains("\n# source: "),
            shape.source_records,
            "{name}"
        );
        assert_eq!(text.contains("-brand"), shape.placeables > 0, "{name}");
        let blank_between = text.matches("\n\n").count() + text.matches("\r\n\r\n").count();
        assert_eq!(blank_between > 100, shape.blank_lines, "{name}");
        assert_eq!(m.groups > 0, shape.headings, "{name}");
        // Junk only where planted; every message read.
        let ftl = FtlFile::parse(text.clone());
        assert!(ftl.errors.is_empty(), "{name}: {:?}", ftl.errors.first());
        let out = run(dir, &["check", "--format", "json"], 1);
        let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let of = |check: &str| {
            findings
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["name"] == check)
                .count()
        };
        let missing: usize = m.locales.iter().map(|l| l.missing.len()).sum();
        assert_eq!(of("missing-message"), missing, "{name}");
        assert_eq!(of("syntax-error"), 1, "{name}: the planted Junk only");
        if !shape.source_records {
            assert!(of("no-source-record") > 300, "{name}");
        }
    }
}
