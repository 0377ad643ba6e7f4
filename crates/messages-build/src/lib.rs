#![doc = include_str!("../README.md")]
//!
//! [`compile`] reads a catalog through errbook-core, exactly as `errbook
//! check --deny warnings` does, and refuses it when that check would fail:
//! an app can never ship a catalog the CI gate would refuse. Then the model
//! formats every message of every locale with fluent-bundle (so that
//! nothing is parsed or formatted at run time for a message that needs no
//! arguments), and [`Compiled::catalog`] writes the tables as Rust.

mod emit;
mod model;

use std::fmt;
use std::path::{Path, PathBuf};

use errbook_core::config::{Config, FILE_NAME};
use errbook_core::diag::emit::{emit, short_line, summary, Format};
use errbook_core::diag::{Diagnostic, Files, Level};
use errbook_core::project::{apply_levels, Fatal, Project};

/// A catalog compiled: the tables of every code in every locale.
pub struct Compiled {
    model: model::Model,
}

impl Compiled {
    /// The Rust source of the catalog's tables, for `errbook-messages` to
    /// include.
    pub fn catalog(&self) -> String {
        emit::catalog(&self.model)
    }

    /// The Rust source of the same messages as a plain `match`, the floor
    /// the runtime's benchmarks are measured against.
    pub fn baseline(&self) -> String {
        emit::baseline(&self.model)
    }
}

/// Why a catalog cannot be compiled. Its diagnostics have been printed
/// (to standard error, and as `cargo:warning` lines).
#[derive(Debug)]
pub struct Error {
    root: PathBuf,
    why: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.root.display(), self.why)
    }
}

impl std::error::Error for Error {}

/// Loads and checks the errbook project at `root` (its errbook.toml, source
/// table and `locales/`), prints `cargo:rerun-if-changed` for what it
/// reads, and compiles it.
pub fn compile(root: &Path) -> Result<Compiled, Error> {
    let fail = |why: String| Error {
        root: root.to_path_buf(),
        why,
    };
    let root = root.canonicalize().map_err(|e| {
        fail(format!(
            "cannot read the catalog's directory: {}",
            errbook_core::io_reason(&e)
        ))
    })?;
    let config = Config::for_root(&root).map_err(|e| fail(e.to_string()))?;
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
            return Err(fail("errbook could not read the catalog".to_owned()));
        }
    };
    let mut diags = project.check();
    apply_levels(&mut diags, &project.config, true);
    if diags.iter().any(|d| d.level == Level::Error) {
        print(&project.files, &mut diags);
        return Err(fail(format!(
            "the catalog does not pass `errbook check --deny warnings`: {}",
            summary(&diags)
        )));
    }
    let model = model::Model::build(&project).map_err(|problems| {
        for p in &problems {
            eprintln!("error: {p}");
            println!("cargo:warning={p}");
        }
        fail("errbook-messages cannot compile this catalog".to_owned())
    })?;
    Ok(Compiled { model })
}

/// Cargo reruns the build script when the source table, a locale file or
/// the configuration changes.
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
    // later does not rebuild the crate until docs/ or locales/ change.
    let toml = root.join(FILE_NAME);
    if toml.is_file() {
        println!("cargo:rerun-if-changed={}", toml.display());
    }
}

/// Prints diagnostics as `errbook check` does, and their one-line form as
/// cargo warnings so that they show even in a terse build log.
fn print(files: &Files, diags: &mut [Diagnostic]) {
    errbook_core::diag::sort(diags, files);
    let _ = emit(&mut anstream::stderr(), files, diags, Format::Human);
    for d in diags.iter() {
        println!("cargo:warning={}", short_line(files, d));
    }
}

/// Writes a generated file, leaving it untouched when its content is the
/// same (so that the crate that includes it is not recompiled for nothing).
pub fn write_if_changed(path: &Path, text: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::write(path, text)
}
