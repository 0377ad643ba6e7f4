//! What the commands print at each level: `--quiet` keeps only findings,
//! errors and the requested output; progress bars appear on a terminal
//! only, never in a pipe (CI logs) and never with `--quiet`.

use std::path::Path;
use std::process::{Command, Output};

/// The binary, with progress bars allowed at once (no half-second wait)
/// and no CI detected, so that only the terminal test decides.
fn cmd(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_errbook"));
    c.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("ERRBOOK_PROGRESS_AFTER_MS", "0")
        .env_remove("CI")
        .env_remove("ERRBOOK_NO_PROGRESS");
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    let o = cmd(dir, args).output().unwrap();
    assert!(
        o.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

const LOCALES: &[&str] = &[
    "de-DE", "en-US", "es-ES", "fr-FR", "it-IT", "ja-JP", "ko-KR", "pt-BR", "ru-RU", "vi-VN",
];

/// A project with the starter table and ten locales; untranslated messages
/// allowed so that it builds.
fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    run(tmp.path(), &["init", "-q"]);
    let mut args = vec!["sync", "-q"];
    for l in LOCALES {
        args.extend(["--add-locale", l]);
    }
    run(tmp.path(), &args);
    let toml = tmp.path().join("errbook.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str("untranslated = \"allow\"\n");
    std::fs::write(&toml, text).unwrap();
    tmp
}

fn no_terminal_codes(what: &str, bytes: &[u8]) {
    let s = String::from_utf8_lossy(bytes);
    assert!(
        !s.contains('\u{1b}') && !s.contains('\r'),
        "{what}: terminal control codes in a pipe: {s:?}"
    );
}

#[test]
fn pipes_get_no_progress_bars() {
    let p = project();
    for args in [
        &["check"][..],
        &["sync"],
        &["build", "--out", "site"],
        &["stats"],
        &["build", "-v", "--out", "site"],
    ] {
        let o = run(p.path(), args);
        no_terminal_codes(&format!("{args:?} stderr"), &o.stderr);
        no_terminal_codes(&format!("{args:?} stdout"), &o.stdout);
    }
}

#[test]
fn quiet_keeps_only_findings_and_requested_output() {
    let p = project();
    // Informational lines go; the requested output stays the same.
    for (args, info) in [
        (&["check"][..], "checked 5 codes in 11 locales"),
        (&["build", "--out", "site"], "built the site for 11 locales"),
        (&["sync"], "every locale is up to date"),
    ] {
        let loud = run(p.path(), args);
        assert!(String::from_utf8_lossy(&loud.stderr).contains(info));
        let mut q = args.to_vec();
        q.push("-q");
        let quiet = run(p.path(), &q);
        assert_eq!(
            String::from_utf8_lossy(&quiet.stderr),
            "",
            "{args:?} -q prints nothing on a clean project"
        );
        assert_eq!(quiet.stdout, loud.stdout, "{args:?}");
    }
    for args in [&["stats"][..], &["extract"], &["stats", "--format", "json"]] {
        let loud = run(p.path(), args);
        let mut q = args.to_vec();
        q.push("--quiet");
        let quiet = run(p.path(), &q);
        assert!(!loud.stdout.is_empty());
        assert_eq!(
            quiet.stdout, loud.stdout,
            "{args:?}: the requested output stays"
        );
    }
    // Findings stay: a syntax error is reported with -q too.
    let fr = p.path().join("locales/fr-FR/errors.ftl");
    let text = std::fs::read_to_string(&fr).unwrap();
    std::fs::write(
        &fr,
        text.replace("error-10001 =", "error-10001 = x\nbroken ="),
    )
    .unwrap();
    let o = cmd(p.path(), &["check", "-q"]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1));
    assert!(err.contains("locales/fr-FR/errors.ftl"), "{err}");
    assert!(o.stderr.is_empty(), "no summary line");
}

#[test]
fn verbose_tells_what_was_read_and_written_with_timings() {
    let p = project();
    let o = run(p.path(), &["build", "--verbose", "--out", "site"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("configuration: errbook.toml"), "{err}");
    assert!(err.contains("building: locales/ja-JP/errors.ftl"), "{err}");
    assert!(err.contains("wrote site/ja-JP/index.html"), "{err}");
    assert!(err.contains("checked and rendered in "), "{err}");
    assert!(
        err.lines().any(|l| l.starts_with('[') && l.contains("s] ")),
        "{err}"
    );
}

/// Runs `args` on a pseudo-terminal with util-linux `script`; `None` when
/// it is not installed.
fn on_terminal(dir: &Path, args: &str) -> Option<String> {
    let (out, success) = on_terminal_status(dir, args)?;
    assert!(success, "{out}");
    Some(out)
}

/// [`on_terminal`], for a command that may fail: what it wrote (stdout and
/// stderr on the one terminal), and whether it succeeded.
fn on_terminal_status(dir: &Path, args: &str) -> Option<(String, bool)> {
    if !Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return None;
    }
    let line = format!("{} {args}", env!("CARGO_BIN_EXE_errbook"));
    let o = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("ERRBOOK_PROGRESS_AFTER_MS", "0")
        .env_remove("CI")
        .env_remove("ERRBOOK_NO_PROGRESS")
        .output()
        .unwrap();
    let mut out = String::from_utf8_lossy(&o.stdout).into_owned();
    out.push_str(&String::from_utf8_lossy(&o.stderr));
    Some((out, o.status.success()))
}

/// `check` prints each locale's findings while the others are checked, and
/// the bar is still drawn on the same terminal: each finding starts on a
/// line of its own, never after the bar's text, and the bar is cleared.
#[test]
fn findings_printed_during_a_check_start_their_own_lines() {
    let p = project();
    for l in LOCALES {
        let file = p.path().join("locales").join(l).join("errors.ftl");
        let mut text = std::fs::read_to_string(&file).unwrap();
        for i in 0..50 {
            text.push_str(&format!("\nextra-{i} = x\n"));
        }
        std::fs::write(&file, text).unwrap();
    }
    let Some((out, success)) = on_terminal_status(p.path(), "check --all") else {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    };
    assert!(!success, "the extra messages are findings");
    assert!(out.contains("checking ["), "a bar was drawn: {out:?}");
    let findings = out.matches("is not a message of the source").count();
    assert_eq!(findings, 50 * LOCALES.len(), "{out:?}");
    // The bar redraws with a carriage return; a finding printed after its
    // text, without clearing it, would share the bar's line.
    for line in out.split(['\n', '\r']) {
        assert!(
            !(line.contains("checking [") && line.contains("locales/")),
            "a finding on the bar's line: {line:?}"
        );
    }
}

#[test]
fn a_terminal_gets_a_bar_unless_quiet() {
    let p = project();
    let Some(out) = on_terminal(p.path(), "build --out site") else {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    };
    assert!(out.contains("building ["), "{out:?}");
    assert!(out.contains("\u{1b}[2K"), "the bar is cleared: {out:?}");
    let quiet = on_terminal(p.path(), "build --out site -q").unwrap();
    assert!(!quiet.contains('['), "{quiet:?}");
    assert_eq!(quiet, "");
    // CI=true on a terminal (a CI runner with a pty): no bar either.
    let line = format!("CI=true {} build --out site", env!("CARGO_BIN_EXE_errbook"));
    let o = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .current_dir(p.path())
        .env("TERM", "xterm")
        .env("ERRBOOK_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    let ci = String::from_utf8_lossy(&o.stdout);
    assert!(!ci.contains("rendering ["), "{ci:?}");
}
