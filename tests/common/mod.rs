//! Helpers shared by the integration tests.

use std::path::Path;

/// Runs the errbook binary in `dir`, without colour, and waits for it.
#[allow(dead_code)] // not every test binary runs the command
pub fn errbook(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_errbook"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The findings of `errbook check --format json` in `dir`, in its order.
#[allow(dead_code)]
pub fn findings(dir: &Path) -> Vec<serde_json::Value> {
    let out = errbook(dir, &["check", "--format", "json"]);
    match serde_json::from_slice(&out.stdout).unwrap() {
        serde_json::Value::Array(found) => found,
        other => panic!("not a list of findings: {other}"),
    }
}

/// The stderr of a command that must have succeeded; on failure, the
/// assertion shows its stdout and stderr.
#[allow(dead_code)]
pub fn ok(out: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "{}{stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr
}

/// A copy of the shipped catalog (`None`) or of the catalog of the CLI
/// case `tests/fixtures/<name>/cmd.in` (its `docs/`, `locales/` and term
/// base, when it has one) in a temporary directory.
#[allow(dead_code)]
pub fn catalog_copy(fixture: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = match fixture {
        Some(f) => Path::new("tests/fixtures").join(f).join("cmd.in"),
        None => Path::new(".").to_path_buf(),
    };
    copy_tree(&from.join("docs"), &dir.path().join("docs"));
    copy_tree(&from.join("locales"), &dir.path().join("locales"));
    let glossary = from.join("glossary.toml");
    if glossary.exists() {
        std::fs::copy(&glossary, dir.path().join("glossary.toml")).unwrap();
    }
    dir
}

/// Copies a directory tree.
#[allow(dead_code)]
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        // errbook's own state (the lock a run in this checkout made) is no
        // part of a project.
        if e.file_name() == ".errbook" {
            continue;
        }
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A corpus of real third-party pages, `tables` (one vendor's docs) or
/// `wild` (many organisations'), which lives beside the clone in
/// `../shared/corpus/` (CI has it there; `ERRBOOK_CORPUS` names another
/// place). The project keeps no copies of those pages. `None`, after
/// saying so, where it is absent, as in a user's fresh clone: the test
/// that asked is then skipped, and the rest of the suite runs.
#[allow(dead_code)]
pub fn shared_corpus(kind: &str) -> Option<std::path::PathBuf> {
    let base = std::env::var_os("ERRBOOK_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let dir = base.join(kind);
    if dir.join("INDEX.md").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: the {kind} corpus is not at {} (it lives in ../shared/corpus/ beside the clone; \
             ERRBOOK_CORPUS names another place)",
            dir.display()
        );
        None
    }
}
