//! Compiles the error-code catalog into Rust.
//!
//! The build reads the catalog through the errbook library, exactly as
//! `errbook check --deny warnings` does, and refuses to go on when that check
//! would fail: an app can never ship a catalog the CI gate would refuse. Then
//! [`model`] formats every message of every locale with fluent-bundle (so
//! that nothing is parsed or formatted at run time for a message that needs no
//! arguments) and [`emit`] writes the tables to `$OUT_DIR`, where `src/lib.rs`
//! includes them.
//!
//! The catalog is this repository's (`../..`) unless `ERRBOOK_MESSAGES_CATALOG`
//! names another project root. With the `fixture` feature (this crate's tests
//! and benches) the test catalog under `tests/fixtures/catalog` is compiled
//! too, as the hidden module `fixture`.

#[path = "build/emit.rs"]
mod emit;
#[path = "build/model.rs"]
mod model;

use std::path::{Path, PathBuf};
use std::{env, fs, process};

use errbook_core::config::{Config, FILE_NAME};
use errbook_core::diag::emit::{emit, short_line, summary, Format};
use errbook_core::diag::Level;
use errbook_core::project::{apply_levels, Fatal, Project};

/// The variable that points the build at another errbook project.
const CATALOG_VAR: &str = "ERRBOOK_MESSAGES_CATALOG";

fn main() {
    println!("cargo:rerun-if-env-changed={CATALOG_VAR}");
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    // A relative path is taken from this crate's directory, where cargo runs
    // build scripts.
    let root = env::var_os(CATALOG_VAR)
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../.."));

    let model = compile(&root);
    write(&out.join("catalog.rs"), &emit::catalog(&model));
    write(&out.join("baseline.rs"), &emit::baseline(&model));

    if env::var_os("CARGO_FEATURE_FIXTURE").is_some() {
        let fixture = compile(&manifest.join("tests/fixtures/catalog"));
        write(&out.join("fixture.rs"), &emit::catalog(&fixture));
    }
}

/// Loads and checks the project at `root` and builds its model, or ends the
/// build with errbook's diagnostics.
fn compile(root: &Path) -> model::Model {
    let root = root.canonicalize().unwrap_or_else(|e| {
        fail(
            root,
            &format!(
                "cannot read the catalog's directory: {}",
                errbook_core::io_reason(&e)
            ),
        )
    });
    let config = Config::for_root(&root).unwrap_or_else(|e| fail(&root, &e.to_string()));
    rerun_if_changed(&root, &config);
    let project = match Project::load(config) {
        Ok(p) => p,
        Err(Fatal {
            mut diagnostics,
            files,
        }) => {
            for d in &mut diagnostics {
                d.level = Level::Error;
            }
            print(&files, &mut diagnostics);
            fail(&root, "errbook could not read the catalog")
        }
    };
    let mut diags = project.check();
    apply_levels(&mut diags, &project.config, true);
    if diags.iter().any(|d| d.level == Level::Error) {
        print(&project.files, &mut diags);
        fail(
            &root,
            &format!(
                "the catalog does not pass `errbook check --deny warnings`: {}",
                summary(&diags)
            ),
        );
    }
    model::Model::build(&project).unwrap_or_else(|problems| {
        for p in &problems {
            eprintln!("error: {p}");
            println!("cargo:warning={p}");
        }
        fail(&root, "errbook-messages cannot compile this catalog")
    })
}

/// Cargo reruns this script when the source table, a locale file or the
/// configuration changes.
fn rerun_if_changed(root: &Path, config: &Config) {
    let paths = [
        root.join("docs"),
        root.join("locales"),
        config.source.clone(),
        config.locales.clone(),
    ];
    for p in paths.iter().collect::<std::collections::BTreeSet<_>>() {
        println!("cargo:rerun-if-changed={}", p.display());
    }
    // Cargo reruns a script on every build while a path it names does not
    // exist, so a missing errbook.toml is not named. The cost: creating one
    // later does not rebuild this crate until docs/ or locales/ change.
    let toml = root.join(FILE_NAME);
    if toml.is_file() {
        println!("cargo:rerun-if-changed={}", toml.display());
    }
}

/// Prints diagnostics as `errbook check` does, and their one-line form as
/// cargo warnings so that they show even in a terse build log.
fn print(files: &errbook_core::diag::Files, diags: &mut [errbook_core::diag::Diagnostic]) {
    errbook_core::diag::sort(diags, files);
    let _ = emit(&mut anstream::stderr(), files, diags, Format::Human);
    for d in diags.iter() {
        println!("cargo:warning={}", short_line(files, d));
    }
}

fn fail(root: &Path, why: &str) -> ! {
    eprintln!("error: {}: {why}", root.display());
    println!("cargo:warning={}: {why}", root.display());
    process::exit(1)
}

/// Writes a generated file, leaving it untouched when its content is the
/// same (so that the crate is not recompiled for nothing).
fn write(path: &Path, text: &str) {
    if fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    if let Err(e) = fs::write(path, text) {
        eprintln!("error: cannot write {}: {e}", path.display());
        process::exit(1);
    }
}
