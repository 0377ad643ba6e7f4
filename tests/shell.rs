//! Shell completions and man pages: generated from the parser's own clap
//! definitions, naming every command and flag, and accepted by the shells
//! (and man) that are installed.

mod common;
use common::errbook;

use std::path::Path;
use std::process::{Command, Output};

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// True when `program` can be run.
fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

const COMMANDS: &[&str] = &[
    "init",
    "extract",
    "sync",
    "check",
    "build",
    "stats",
    "export",
    "import",
    "serve",
    "lsp",
    "explain",
    "completions",
    "man",
];

fn script(shell: &str) -> String {
    let o = errbook(Path::new("."), &["completions", shell]);
    assert_eq!(o.status.code(), Some(0), "{shell}");
    let s = stdout(&o);
    assert!(s.len() > 2000, "{shell}: {} bytes", s.len());
    for word in COMMANDS
        .iter()
        .chain(&["--add-locale", "--format", "--deny", "--from", "--quiet"])
    {
        // fish writes long flags as `-l add-locale`.
        let bare = word.trim_start_matches('-');
        assert!(s.contains(bare), "{shell} script does not name {word}");
    }
    s
}

/// Writes `text` to a temporary file and runs `program args… FILE`.
fn parses(program: &str, args: &[&str], text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("completion");
    std::fs::write(&file, text).unwrap();
    let o = Command::new(program)
        .args(args)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{program} rejects the script: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn bash() {
    let s = script("bash");
    assert!(s.contains("complete -F _errbook"));
    assert!(s.contains("--add-locale") && s.contains("--code-column"));
    parses("bash", &["-n"], &s);
    // Loaded into a shell, it registers the completion function.
    let o = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "{s}\ncomplete -p errbook && declare -F _errbook >/dev/null"
        ))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn zsh() {
    let s = script("zsh");
    assert!(s.starts_with("#compdef errbook"));
    if have("zsh") {
        parses("zsh", &["-n"], &s);
    }
}

#[test]
fn fish() {
    let s = script("fish");
    assert!(s.contains("complete -c errbook"));
    if have("fish") {
        parses("fish", &["--no-execute"], &s);
    }
}

#[test]
fn powershell() {
    let s = script("powershell");
    assert!(s.contains("Register-ArgumentCompleter"));
    if have("pwsh") {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("completion.ps1");
        std::fs::write(&file, &s).unwrap();
        let check = format!(
            "$e = $null; [System.Management.Automation.Language.Parser]::ParseFile('{}', [ref]$null, [ref]$e) | Out-Null; if ($e.Count) {{ exit 1 }}",
            file.display()
        );
        let o = Command::new("pwsh")
            .args(["-NoProfile", "-Command", &check])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
}

#[test]
fn an_unknown_shell_is_refused() {
    let o = errbook(Path::new("."), &["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("possible values"));
}

#[test]
fn man_page_on_stdout() {
    let o = errbook(Path::new("."), &["man"]);
    assert_eq!(o.status.code(), Some(0));
    let roff = stdout(&o);
    assert!(roff.starts_with(".ie \\n(.g .ds Aq") || roff.contains("\n.TH "));
    assert!(roff.contains(".TH errbook 1"), "{}", &roff[..200]);
    assert!(roff.contains(".SH SUBCOMMANDS"));
    for c in COMMANDS {
        assert!(roff.contains(&format!("errbook\\-{c}(1)")), "names {c}");
    }
    assert!(roff.contains("\\-\\-quiet") && roff.contains("\\-\\-verbose"));
}

#[test]
fn man_pages_into_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let o = errbook(dir.path(), &["man", "--out", "man1"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want: Vec<String> = COMMANDS.iter().map(|c| format!("errbook-{c}.1")).collect();
    want.push("errbook.1".to_owned());
    want.sort();
    assert_eq!(names, want);
    let sync = std::fs::read_to_string(out.join("errbook-sync.1")).unwrap();
    assert!(sync.contains(".TH errbook-sync 1"));
    assert!(sync.contains("\\-\\-add\\-locale"));
    assert!(
        sync.contains("untranslated"),
        "the examples are in the page"
    );
    // Written again: nothing changes, -q says nothing.
    let o = errbook(dir.path(), &["man", "--out", "man1", "-q"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stderr.is_empty() && o.stdout.is_empty());
    // man itself can format them, when it is installed.
    if have("man") {
        let o = Command::new("man")
            .arg("-l")
            .arg(out.join("errbook-sync.1"))
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "80")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stdout).contains("add-locale"));
    }
}
