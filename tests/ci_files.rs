//! The CI integrations shipped at the repository root: `action.yml` (a
//! composite GitHub Action) and `.pre-commit-hooks.yaml`. They are read as
//! YAML, their fields checked, and the commands they run are run: the
//! action's steps in bash against a real project (with a recording stand-in
//! for errbook to get the exact arguments, parsed by the real `Cli`, then
//! with errbook itself).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::Parser;
use errbook::cli::Cli;
use yaml_rust2::{Yaml, YamlLoader};

fn load(path: &str) -> Yaml {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    YamlLoader::load_from_str(&text).unwrap().remove(0)
}

fn str_of<'a>(y: &'a Yaml, what: &str) -> &'a str {
    y.as_str()
        .unwrap_or_else(|| panic!("{what} is not a string: {y:?}"))
}

fn parses(argv: &[String]) {
    if let Err(e) = Cli::try_parse_from(argv) {
        panic!("{argv:?} is not a valid errbook command line: {e}");
    }
}

#[test]
fn action_inputs_and_steps() {
    let a = load("action.yml");
    assert_eq!(str_of(&a["name"], "name"), "errbook");
    assert!(!str_of(&a["description"], "description").is_empty());
    assert_eq!(str_of(&a["runs"]["using"], "runs.using"), "composite");
    let inputs = a["inputs"].as_hash().unwrap();
    for (name, default) in [
        ("version", ""),
        ("working-directory", "."),
        ("args", ""),
        ("deny", ""),
        ("build", "true"),
        ("out", "site"),
    ] {
        let input = &inputs[&Yaml::String(name.into())];
        assert!(!input.is_badvalue(), "input {name}");
        assert!(!str_of(&input["description"], name).is_empty(), "{name}");
        assert_eq!(str_of(&input["default"], name), default, "{name}");
        assert_eq!(input["required"].as_bool(), Some(false), "{name}");
    }
    let steps = a["runs"]["steps"].as_vec().unwrap();
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert_eq!(uses, ["actions/cache@v4"]);
    for s in steps.iter().filter(|s| !s["run"].is_badvalue()) {
        assert_eq!(
            s["shell"].as_str(),
            Some("bash"),
            "a composite step needs a shell"
        );
        // Inputs reach scripts through the environment, never pasted into the
        // script (where a value could inject commands).
        assert!(!str_of(&s["run"], "run").contains("${{"), "{:?}", s["name"]);
    }
    let install = step(steps, "Install errbook");
    let run = str_of(&install["run"], "run");
    assert!(run.contains("cargo install --locked --path \"$ACTION_PATH\""));
    assert!(run.contains("cargo install --locked --git https://github.com/errbook/errbook"));
    assert_eq!(
        install["if"].as_str(),
        Some("steps.cache.outputs.cache-hit != 'true'")
    );
    let cache = step(steps, "Cache errbook");
    assert!(str_of(&cache["with"]["path"], "path").contains("~/.cargo/bin/errbook"));
    assert_eq!(
        a["outputs"]["site"]["value"].as_str(),
        Some("${{ steps.build.outputs.site }}")
    );
}

fn step<'a>(steps: &'a [Yaml], name: &str) -> &'a Yaml {
    steps
        .iter()
        .find(|s| s["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no step {name}"))
}

/// The value a step's `${{ inputs.x }}` expression takes.
fn expand(value: &str, inputs: &BTreeMap<&str, &str>) -> String {
    let mut out = value.to_owned();
    for (k, v) in inputs {
        out = out.replace(&format!("${{{{ inputs.{k} }}}}"), v);
    }
    assert!(!out.contains("${{"), "unexpanded: {out}");
    out
}

/// Runs the action's check and build steps as the runner would (bash -e,
/// the step's env and working directory), with `bin` first on PATH. Returns
/// each step's exit status and stdout.
fn run_steps(
    workspace: &Path,
    bin: &Path,
    inputs: &BTreeMap<&str, &str>,
) -> Vec<(String, Option<i32>, String)> {
    let a = load("action.yml");
    let steps = a["runs"]["steps"].as_vec().unwrap();
    let mut out = Vec::new();
    let github_output = workspace.join("github-output");
    for name in ["Check the catalog", "Build the reference site"] {
        let s = step(steps, name);
        if let Some(cond) = s["if"].as_str() {
            assert_eq!(cond, "inputs.build == 'true'");
            if inputs["build"] != "true" {
                continue;
            }
        }
        let dir = expand(str_of(&s["working-directory"], "working-directory"), inputs);
        let mut c = Command::new("bash");
        c.arg("-e")
            .arg("-c")
            .arg(str_of(&s["run"], "run"))
            .current_dir(workspace.join(dir))
            .env("GITHUB_OUTPUT", &github_output)
            .env("NO_COLOR", "1")
            .env(
                "PATH",
                format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
            );
        for (k, v) in s["env"].as_hash().unwrap() {
            c.env(str_of(k, "env"), expand(str_of(v, "env"), inputs));
        }
        let o = c.output().unwrap();
        out.push((
            name.to_owned(),
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        ));
    }
    out
}

/// A directory holding an `errbook` that records its arguments (one line
/// per call, NUL-separated) and exits 0.
fn recorder(dir: &Path) -> (PathBuf, PathBuf) {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = dir.join("argv.log");
    let script = format!(
        "#!/bin/sh\nprintf 'errbook' >> '{log}'\nfor a in \"$@\"; do printf '\\0%s' \"$a\" >> '{log}'; done\necho >> '{log}'\n",
        log = log.display()
    );
    let exe = bin.join("errbook");
    std::fs::write(&exe, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    (bin, log)
}

fn have_bash() -> bool {
    Command::new("bash").arg("--version").output().is_ok()
}

#[test]
fn action_steps_run_valid_errbook_commands() {
    if !have_bash() {
        eprintln!("skipped: no bash");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("docs/api")).unwrap();
    let (bin, log) = recorder(tmp.path());
    let inputs = BTreeMap::from([
        ("version", ""),
        ("working-directory", "docs/api"),
        ("args", "--config errbook.toml --locales i18n"),
        ("deny", "warnings"),
        ("build", "true"),
        ("out", "public site"),
    ]);
    for (name, status, _) in run_steps(tmp.path(), &bin, &inputs) {
        assert_eq!(status, Some(0), "{name}");
    }
    let calls: Vec<Vec<String>> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| l.split('\0').map(str::to_owned).collect())
        .collect();
    for argv in &calls {
        parses(argv);
    }
    let joined: Vec<String> = calls.iter().map(|a| a.join(" ")).collect();
    assert_eq!(
        joined,
        [
            "errbook check --format github --deny warnings --config errbook.toml --locales i18n",
            "errbook build --out public site --deny warnings --config errbook.toml --locales i18n",
        ]
    );
    assert_eq!(
        calls[1][3], "public site",
        "the out directory stays one argument"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("github-output")).unwrap(),
        "site=docs/api/public site\n"
    );

    // Without deny and build: check only, no --deny.
    std::fs::remove_file(&log).unwrap();
    let inputs = BTreeMap::from([
        ("version", ""),
        ("working-directory", "."),
        ("args", ""),
        ("deny", ""),
        ("build", "false"),
        ("out", "site"),
    ]);
    run_steps(tmp.path(), &bin, &inputs);
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "errbook\0check\0--format\0github\n"
    );
}

#[test]
fn action_steps_check_and_build_a_real_project() {
    if !have_bash() {
        eprintln!("skipped: no bash");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("catalog");
    std::fs::create_dir_all(&project).unwrap();
    let o = common::errbook(&project, &["init", "-q"]);
    assert_eq!(o.status.code(), Some(0));
    let o = common::errbook(&project, &["sync", "-q", "--add-locale", "en-US"]);
    assert_eq!(o.status.code(), Some(0));
    let toml = project.join("errbook.toml");
    let text = std::fs::read_to_string(&toml).unwrap() + "untranslated = \"warning\"\n";
    std::fs::write(&toml, text).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_errbook")).parent().unwrap();
    let mut inputs = BTreeMap::from([
        ("version", ""),
        ("working-directory", "catalog"),
        ("args", ""),
        ("deny", ""),
        ("build", "true"),
        ("out", "site"),
    ]);
    let steps = run_steps(tmp.path(), bin, &inputs);
    let (_, status, annotations) = &steps[0];
    assert_eq!(*status, Some(0));
    assert!(
        annotations.contains("::warning file=locales/en-US/errors.ftl,line="),
        "{annotations}"
    );
    assert_eq!(steps[1].1, Some(0));
    assert!(project.join("site/en-US/index.html").is_file());
    // With deny: warnings, the check fails the job and bash -e stops there.
    inputs.insert("deny", "warnings");
    inputs.insert("build", "false");
    let steps = run_steps(tmp.path(), bin, &inputs);
    assert_eq!(steps[0].1, Some(1));
    assert!(steps[0].2.contains("::error file=locales/en-US/errors.ftl"));
}

#[test]
fn pre_commit_hooks() {
    let hooks = load(".pre-commit-hooks.yaml");
    let hooks = hooks.as_vec().unwrap();
    let ids: Vec<&str> = hooks.iter().map(|h| str_of(&h["id"], "id")).collect();
    assert_eq!(
        ids,
        [
            "errbook-check",
            "errbook-sync-check",
            "errbook-check-system"
        ]
    );
    for h in hooks {
        let id = str_of(&h["id"], "id");
        assert!(!str_of(&h["name"], id).is_empty());
        assert!(!str_of(&h["description"], id).is_empty());
        let language = str_of(&h["language"], id);
        assert!(["rust", "system"].contains(&language), "{id}: {language}");
        // The whole project is checked, not the files of the commit.
        assert_eq!(h["pass_filenames"].as_bool(), Some(false), "{id}");
        let argv = shlex::split(str_of(&h["entry"], id)).unwrap();
        assert_eq!(argv[0], "errbook", "{id}");
        parses(&argv);
        // pre-commit matches `files` with Python's re.search; this pattern
        // uses nothing that Rust's regex reads otherwise.
        let files = regex::Regex::new(str_of(&h["files"], id)).unwrap();
        for path in [
            "locales/fr-FR/errors.ftl",
            "locales/zh-CN/site.ftl",
            "docs/error-codes.zh-CN.md",
            "errbook.toml",
            "api/errbook.toml",
        ] {
            assert!(files.is_match(path), "{id} runs for {path}");
        }
        for path in ["README.md", "src/main.rs", "docs/ci.md", "my-errbook.toml"] {
            assert!(!files.is_match(path), "{id} does not run for {path}");
        }
    }
}

/// Runs one step of the action by name with the given inputs, `bin` first
/// on PATH, and `extra` environment; returns its status and what it wrote
/// to GITHUB_OUTPUT.
fn run_step(
    name: &str,
    inputs: &BTreeMap<&str, &str>,
    bin: &Path,
    extra: &[(&str, &str)],
) -> (Option<i32>, String) {
    let a = load("action.yml");
    let s = step(a["runs"]["steps"].as_vec().unwrap(), name);
    let tmp = tempfile::tempdir().unwrap();
    let output = tmp.path().join("github-output");
    let mut c = Command::new("bash");
    c.arg("-e")
        .arg("-c")
        .arg(str_of(&s["run"], "run"))
        .current_dir(tmp.path())
        .env("GITHUB_OUTPUT", &output)
        .env(
            "PATH",
            format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
        );
    for (k, v) in s["env"].as_hash().unwrap() {
        let v = str_of(v, "env").replace("${{ github.action_path }}", env!("CARGO_MANIFEST_DIR"));
        let v = expand(&v, inputs);
        c.env(str_of(k, "env"), v);
    }
    c.envs(extra.iter().copied());
    let status = c.output().unwrap().status.code();
    (status, std::fs::read_to_string(output).unwrap_or_default())
}

#[test]
fn action_installs_the_version_asked_for() {
    if !have_bash() {
        eprintln!("skipped: no bash");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    // A `cargo` that records its arguments instead of building.
    let (bin, log) = recorder(tmp.path());
    std::fs::rename(bin.join("errbook"), bin.join("cargo")).unwrap();
    let manifest = env!("CARGO_MANIFEST_DIR");
    for (version, want) in [
        ("", format!("errbook install --locked --path {manifest}")),
        (
            "v0.1.0",
            "errbook install --locked --git https://github.com/errbook/errbook --tag v0.1.0 errbook"
                .to_owned(),
        ),
        (
            "1b92f6bd",
            "errbook install --locked --git https://github.com/errbook/errbook --rev 1b92f6bd errbook"
                .to_owned(),
        ),
        (
            "main",
            "errbook install --locked --git https://github.com/errbook/errbook --branch main errbook"
                .to_owned(),
        ),
    ] {
        let _ = std::fs::remove_file(&log);
        let inputs = BTreeMap::from([("version", version)]);
        let (status, _) = run_step("Install errbook", &inputs, &bin, &[]);
        assert_eq!(status, Some(0), "{version}");
        // The recorder names itself errbook; the rest is cargo's argv.
        let argv = std::fs::read_to_string(&log).unwrap().replace('\0', " ");
        assert_eq!(argv.trim_end(), want, "version {version:?}");
    }
}

#[test]
fn action_cache_key_follows_the_version() {
    if !have_bash() {
        eprintln!("skipped: no bash");
        return;
    }
    let env = [("RUNNER_OS", "Linux"), ("RUNNER_ARCH", "X64")];
    let bin = Path::new("/nonexistent");
    let (status, out) = run_step(
        "Cache key",
        &BTreeMap::from([("version", "v0.1.0")]),
        bin,
        &env,
    );
    assert_eq!(status, Some(0));
    assert_eq!(out, "key=errbook-Linux-X64-git-v0.1.0\n");
    let (status, out) = run_step("Cache key", &BTreeMap::from([("version", "")]), bin, &env);
    assert_eq!(status, Some(0));
    let key = out
        .trim_end()
        .strip_prefix("key=errbook-Linux-X64-path-")
        .unwrap();
    assert_eq!(key.len(), 16, "{out}");
    assert!(key.chars().all(|c| c.is_ascii_hexdigit()), "{out}");
}
