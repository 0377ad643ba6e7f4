//! The builder as an app's build script runs it: what it prints for cargo,
//! what it refuses, and what `allow_incomplete` lets through.

use std::path::{Path, PathBuf};

use errbook_messages_build::Builder;

/// A copy of the example app's catalog (five text codes, zh-CN and en-US,
/// every entry translated) in a temporary directory.
fn catalog() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/app/catalog");
    copy_dir(&from, &dir.path().join("catalog"));
    let root = dir.path().join("catalog");
    (dir, root)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Marks the en-US translation of `NoSuchBucket` untranslated (its text
/// back to the source's), as `errbook sync` leaves a new entry.
fn untranslate(root: &Path) {
    let path = root.join("locales/en-US/errors.ftl");
    let text = std::fs::read_to_string(&path).unwrap();
    let from = "error-NoSuchBucket = The bucket does not exist.";
    assert!(text.contains(from), "the example catalog changed: {text}");
    let text = text.replace(from, "# untranslated\nerror-NoSuchBucket = 存储桶不存在。");
    std::fs::write(&path, text).unwrap();
}

struct Run {
    ok: bool,
    error: String,
    cargo: String,
    human: String,
    generated: Option<String>,
}

fn run(builder: Builder, out: &Path) -> Run {
    let (mut cargo, mut human) = (Vec::new(), Vec::new());
    let result = builder
        .out_dir(out)
        .compile_with_output("errors", &mut cargo, &mut human);
    Run {
        ok: result.is_ok(),
        error: result.err().map(|e| format!("{e:?}")).unwrap_or_default(),
        cargo: String::from_utf8(cargo).unwrap(),
        human: String::from_utf8(human).unwrap(),
        generated: std::fs::read_to_string(out.join("errors.rs")).ok(),
    }
}

fn warnings(cargo: &str) -> Vec<&str> {
    cargo
        .lines()
        .filter_map(|l| l.strip_prefix("cargo:warning="))
        .collect()
}

#[test]
fn a_complete_catalog_compiles_and_names_what_it_read() {
    let (dir, root) = catalog();
    let r = run(Builder::new(&root), dir.path());
    assert!(r.ok, "{}\n{}", r.error, r.human);
    assert!(warnings(&r.cargo).is_empty(), "{}", r.cargo);
    assert_eq!(r.human, "");
    let reruns: Vec<&str> = r
        .cargo
        .lines()
        .filter_map(|l| l.strip_prefix("cargo:rerun-if-changed="))
        .collect();
    let root = root.canonicalize().unwrap();
    for read in [root.join("docs/error-codes.zh-CN.md"), root.join("locales")] {
        assert!(
            reruns.iter().any(|p| Path::new(p) == read),
            "{} not in {reruns:?}",
            read.display()
        );
    }
    let generated = r.generated.unwrap();
    assert!(
        generated.contains("NoSuchBucket = \"NoSuchBucket\""),
        "{generated}"
    );
    assert!(generated.contains("catalog_texts!(none)"), "{generated}");
}

#[test]
fn an_untranslated_entry_fails_the_build_with_its_position_printed_once() {
    let (dir, root) = catalog();
    untranslate(&root);
    let r = run(Builder::new(&root), dir.path());
    assert!(!r.ok);
    assert!(
        r.error.contains("does not pass `errbook check`: 1 error"),
        "{}",
        r.error
    );
    // The full diagnostic, with file:line:col, on standard error…
    assert!(r.human.contains("EB0206"), "{}", r.human);
    assert!(r.human.contains("errors.ftl:"), "{}", r.human);
    // …and not a second time as a cargo warning.
    assert!(warnings(&r.cargo).is_empty(), "{}", r.cargo);
    assert!(r.generated.is_none());
}

#[test]
fn allow_incomplete_warns_once_per_finding_and_shows_the_source_text() {
    let (dir, root) = catalog();
    untranslate(&root);
    let r = run(Builder::new(&root).allow_incomplete(true), dir.path());
    assert!(r.ok, "{}\n{}", r.error, r.human);
    let w = warnings(&r.cargo);
    assert_eq!(w.len(), 1, "{}", r.cargo);
    assert!(
        w[0].contains("errors.ftl:") && w[0].contains("untranslated"),
        "{}",
        w[0]
    );
    assert_eq!(r.human, "", "warnings go to cargo only");
    assert!(r.generated.unwrap().contains("存储桶不存在。"));
}

#[test]
fn allow_incomplete_lets_nothing_else_through() {
    let (dir, root) = catalog();
    // A message whose id no source row has, outside the obsolete section.
    let path = root.join("locales/en-US/errors.ftl");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("{text}\nerror-NoSuchKey = The key does not exist.\n"),
    )
    .unwrap();
    let r = run(Builder::new(&root).allow_incomplete(true), dir.path());
    assert!(!r.ok);
    assert!(r.human.contains("EB0209"), "{}", r.human);
}

#[test]
fn the_levels_of_errbook_toml_are_honoured() {
    let (dir, root) = catalog();
    untranslate(&root);
    std::fs::write(
        root.join("errbook.toml"),
        "[checks]\nuntranslated = \"warning\"\n",
    )
    .unwrap();
    let r = run(Builder::new(&root), dir.path());
    assert!(r.ok, "{}\n{}", r.error, r.human);
    assert_eq!(warnings(&r.cargo).len(), 1, "{}", r.cargo);
    assert!(r
        .cargo
        .lines()
        .any(|l| l.starts_with("cargo:rerun-if-changed=") && l.ends_with("errbook.toml")));
}

#[test]
fn a_missing_catalog_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(Builder::new(dir.path().join("nowhere")), dir.path());
    assert!(!r.ok);
    assert!(
        r.error.contains("nowhere") && r.error.contains("cannot read the catalog's directory"),
        "{}",
        r.error
    );
}

#[test]
fn a_name_that_is_no_file_name_is_refused() {
    let (dir, root) = catalog();
    let mut sink = Vec::new();
    let e = Builder::new(&root)
        .out_dir(dir.path())
        .compile_with_output("../escape", &mut Vec::new(), &mut sink)
        .err()
        .expect("refused");
    assert!(
        e.to_string().contains("cannot name the generated file"),
        "{e}"
    );
}

#[test]
fn relative_paths_are_taken_from_the_package_directory() {
    // Cargo runs build scripts (and tests) with CARGO_MANIFEST_DIR set; a
    // relative root is joined to it, not to the working directory.
    let r = run(
        Builder::new("../../examples/app/catalog"),
        tempfile::tempdir().unwrap().path(),
    );
    assert!(r.ok, "{}\n{}", r.error, r.human);
}

/// A translation that refers, through a chain of terms, to more nesting
/// than an app's stack may take when it formats the message: refused
/// with EB0221, and refused still when errbook.toml allows that check
/// (the builder formats every message, as the app would).
#[test]
fn references_nested_too_deep_are_refused_whatever_the_levels() {
    let (dir, root) = catalog();
    let path = root.join("locales/en-US/errors.ftl");
    let text = std::fs::read_to_string(&path).unwrap();
    let from = "error-NoSuchBucket = The bucket does not exist.";
    assert!(text.contains(from), "the example catalog changed: {text}");
    let mut chain = "error-NoSuchBucket = { -t0 }\n".to_owned();
    for i in 0..40 {
        let next = if i < 39 {
            format!("-t{}", i + 1)
        } else {
            "\"end\"".to_owned()
        };
        chain.push_str(&format!(
            "-t{i} = {{ {}{next}{} }}\n",
            "F(".repeat(30),
            ")".repeat(30)
        ));
    }
    std::fs::write(&path, text.replace(from, &chain)).unwrap();
    let r = run(Builder::new(&root), dir.path());
    assert!(!r.ok);
    assert!(r.human.contains("EB0221"), "{}\n{}", r.error, r.human);
    std::fs::write(
        root.join("errbook.toml"),
        "[checks]\nformat-limits = \"allow\"\nunknown-term = \"allow\"\n",
    )
    .unwrap();
    let r = run(Builder::new(&root), dir.path());
    assert!(!r.ok, "{}", r.human);
    let said = format!("{}\n{}", r.error, r.human);
    assert!(said.contains("cannot be formatted safely"), "{said}");
}
