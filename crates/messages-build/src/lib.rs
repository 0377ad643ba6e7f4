#![doc = include_str!("../README.md")]
//!
//! [`compile`] reads a catalog through errbook-core, exactly as `errbook
//! check` does (with the levels of its `errbook.toml`), and refuses it when
//! that check would fail: an app can never ship a catalog the CI gate would
//! refuse. Then the model
//! formats every message of every locale with fluent-bundle (so that
//! nothing is parsed or formatted at run time for a message that needs no
//! arguments), and [`Compiled::catalog`] writes the tables as Rust.

mod emit;
mod model;
mod names;

use std::fmt;
use std::path::{Path, PathBuf};

use errbook_core::config::{Config, FILE_NAME};
use errbook_core::diag::emit::{emit, short_line, summary, Format};
use errbook_core::diag::{Diagnostic, Files, Level};
use errbook_core::project::{Fatal, Project};
use errbook_core::run::apply_levels;

/// Compiles the catalog at `root` into `$OUT_DIR/<name>.rs`, with the
/// default options: `Builder::new(root).compile(name)`.
///
/// # Errors
///
/// When the catalog cannot be read, does not pass its checks or cannot be
/// compiled, or the file cannot be written; the diagnostics are printed.
pub fn compile(root: impl AsRef<Path>, name: &str) -> Result<Compiled, Error> {
    Builder::new(root).compile(name)
}

/// The checks that a development build may turn into warnings with
/// [`Builder::allow_incomplete`]: what translators have not done yet.
pub use errbook_core::run::INCOMPLETE;

/// Compiles a catalog from a build script, with options.
#[derive(Clone, Debug)]
pub struct Builder {
    root: PathBuf,
    out_dir: Option<PathBuf>,
    allow_incomplete: bool,
    print: bool,
}

impl Builder {
    /// A builder for the errbook project at `root` (the directory of its
    /// `errbook.toml`, or of `docs/` and `locales/` when it has none). A
    /// relative path is taken from the directory of the package whose build
    /// script runs (`CARGO_MANIFEST_DIR`), wherever cargo was started.
    pub fn new(root: impl AsRef<Path>) -> Builder {
        let root = root.as_ref();
        let root = match std::env::var_os("CARGO_MANIFEST_DIR") {
            Some(dir) if root.is_relative() => Path::new(&dir).join(root),
            _ => root.to_path_buf(),
        };
        Builder {
            root,
            out_dir: None,
            allow_incomplete: false,
            print: true,
        }
    }

    /// Writes into `dir` instead of `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.out_dir = Some(dir.into());
        self
    }

    /// With `true`, the checks in [`INCOMPLETE`] (untranslated, stale and
    /// missing messages and hints, translations without a source record)
    /// are warnings rather than errors, whatever `errbook.toml` says: each
    /// finding is printed once, as a `cargo:warning`, and the build goes
    /// on, showing the source text where a translation is missing. Meant
    /// for development builds; CI should build with `false`, the default,
    /// which fails on what `errbook check` fails on. For example:
    ///
    /// ```no_run
    /// // build.rs: strict when the CI variable is set (GitHub Actions,
    /// // GitLab and most CI services set it), lenient on a laptop.
    /// println!("cargo:rerun-if-env-changed=CI");
    /// errbook_messages_build::Builder::new("catalog")
    ///     .allow_incomplete(std::env::var_os("CI").is_none())
    ///     .compile("errors")
    ///     .unwrap();
    /// ```
    pub fn allow_incomplete(mut self, yes: bool) -> Builder {
        self.allow_incomplete = yes;
        self
    }

    /// With `false`, prints neither diagnostics nor `cargo:` lines (for
    /// tools and tests that run the builder outside a build script).
    pub fn cargo_output(mut self, yes: bool) -> Builder {
        self.print = yes;
        self
    }

    /// Loads and checks the catalog, prints `cargo:rerun-if-changed` for
    /// every file and directory it reads, and writes the catalog's Rust
    /// into `<out_dir>/<name>.rs` (left untouched when it is the same),
    /// which `errbook_messages::include_catalog!("<name>")` includes.
    ///
    /// # Errors
    ///
    /// When the catalog cannot be read, does not pass its checks or cannot
    /// be compiled (its diagnostics are printed to standard error, which
    /// cargo shows when the build fails), or the file cannot be written.
    pub fn compile(&self, name: &str) -> Result<Compiled, Error> {
        let mut out = Output {
            cargo: Box::new(std::io::stdout()),
            human: Box::new(anstream::stderr()),
            print: self.print,
        };
        self.compile_to(name, &mut out)
    }

    /// [`compile`](Self::compile), printing the `cargo:` lines and the
    /// diagnostics into the given writers (for tests).
    #[doc(hidden)]
    pub fn compile_with_output(
        &self,
        name: &str,
        cargo: &mut dyn std::io::Write,
        human: &mut dyn std::io::Write,
    ) -> Result<Compiled, Error> {
        let mut out = Output {
            cargo: Box::new(cargo),
            human: Box::new(human),
            print: self.print,
        };
        self.compile_to(name, &mut out)
    }

    fn compile_to(&self, name: &str, out: &mut Output<'_>) -> Result<Compiled, Error> {
        let fail = |why: String| Error {
            root: self.root.clone(),
            why,
        };
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(fail(format!(
                "`{name}` cannot name the generated file: use letters, digits, `_` and `-`"
            )));
        }
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => PathBuf::from(std::env::var_os("OUT_DIR").ok_or_else(|| {
                fail("OUT_DIR is not set: call the builder from a build script, or give it an out_dir".to_owned())
            })?),
        };
        let compiled = self.build(out)?;
        let path = out_dir.join(format!("{name}.rs"));
        write_if_changed(&path, &compiled.catalog()).map_err(|e| {
            fail(format!(
                "cannot write {}: {}",
                path.display(),
                errbook_core::io_reason(&e)
            ))
        })?;
        Ok(compiled)
    }

    /// Loads, checks and compiles the catalog without writing it.
    fn build(&self, out: &mut Output<'_>) -> Result<Compiled, Error> {
        let fail = |why: String| Error {
            root: self.root.clone(),
            why,
        };
        let root = self.root.canonicalize().map_err(|e| {
            fail(format!(
                "cannot read the catalog's directory: {}",
                errbook_core::io_reason(&e)
            ))
        })?;
        let config = Config::for_root(&root).map_err(|e| fail(e.to_string()))?;
        rerun_if_changed(out, &root, &config);
        let project = match Project::load(config) {
            Ok(p) => p,
            Err(Fatal {
                mut diagnostics,
                files,
            }) => {
                for d in &mut diagnostics {
                    d.level = Level::Error;
                }
                out.errors(&files, &mut diagnostics);
                return Err(fail("errbook could not read the catalog".to_owned()));
            }
        };
        let mut diags = project.check();
        apply_levels(&mut diags, &project.config, false);
        if self.allow_incomplete {
            errbook_core::run::tolerate_incomplete(&mut diags);
        }
        if diags.iter().any(|d| d.level == Level::Error) {
            out.errors(&project.files, &mut diags);
            return Err(fail(format!(
                "the catalog does not pass `errbook check`: {}",
                summary(&diags)
            )));
        }
        out.warnings(&project.files, &mut diags, &self.root);
        let model = model::Model::build(&project).map_err(|problems| {
            for p in &problems {
                out.human(&format!("error: {p}"));
            }
            fail(format!(
                "errbook-messages cannot compile this catalog: {}",
                problems.first().map_or("", String::as_str)
            ))
        })?;
        Ok(Compiled { model })
    }
}

/// Where a build script's output goes: `cargo:` lines to standard output,
/// diagnostics to standard error.
struct Output<'a> {
    cargo: Box<dyn std::io::Write + 'a>,
    human: Box<dyn std::io::Write + 'a>,
    print: bool,
}

impl Output<'_> {
    fn cargo(&mut self, line: &str) {
        if self.print {
            let _ = writeln!(self.cargo, "cargo:{line}");
        }
    }

    fn human(&mut self, line: &str) {
        if self.print {
            let _ = writeln!(self.human, "{line}");
        }
    }

    /// The diagnostics of a build that fails, in full, to standard error
    /// (cargo shows it when a build script fails): once, not also as
    /// `cargo:warning` lines.
    fn errors(&mut self, files: &Files, diags: &mut [Diagnostic]) {
        if self.print {
            errbook_core::diag::sort(diags, files);
            let _ = emit(&mut self.human, files, diags, Format::Human);
        }
    }

    /// The warnings of a build that goes on, one `cargo:warning` each (cargo
    /// shows nothing else of a build script that succeeds), at most
    /// [`MAX_WARNINGS`] and a line for the rest.
    fn warnings(&mut self, files: &Files, diags: &mut [Diagnostic], root: &Path) {
        if !self.print || diags.is_empty() {
            return;
        }
        errbook_core::diag::sort(diags, files);
        for d in diags.iter().take(MAX_WARNINGS) {
            self.cargo(&format!("warning={}", short_line(files, d)));
        }
        if diags.len() > MAX_WARNINGS {
            self.cargo(&format!(
                "warning=… and {} more warnings of the catalog at {}: `errbook check` lists them all",
                diags.len() - MAX_WARNINGS,
                root.display()
            ));
        }
    }
}

/// How many warnings a build prints one by one; a catalog in the middle of
/// its translation can have thousands.
pub const MAX_WARNINGS: usize = 50;

/// A catalog compiled: the tables of every code in every locale.
pub struct Compiled {
    model: model::Model,
}

impl Compiled {
    /// The Rust source of the catalog's types and tables, which
    /// `errbook_messages::include_catalog!` includes.
    pub fn catalog(&self) -> String {
        emit::catalog(&self.model)
    }

    /// The Rust source of the same messages as a plain `match`, the floor
    /// the runtime's benchmarks are measured against; `None` unless every
    /// code is a number a `u32` holds.
    #[doc(hidden)]
    pub fn baseline(&self) -> Option<String> {
        emit::baseline(&self.model)
    }
}

/// Why a catalog cannot be compiled. Its diagnostics have been printed to
/// standard error.
pub struct Error {
    root: PathBuf,
    why: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.root.display(), self.why)
    }
}

// A build script's `main` that returns this error prints it with `Debug`:
// the same sentence, not a struct.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}

/// Cargo reruns the build script when the source table, a file under
/// `locales/` (added, removed or changed) or the configuration changes.
fn rerun_if_changed(out: &mut Output<'_>, root: &Path, config: &Config) {
    out.cargo(&format!("rerun-if-changed={}", config.source.display()));
    out.cargo(&format!("rerun-if-changed={}", config.locales.display()));
    // Cargo reruns a script on every build while a path it names does not
    // exist, so a missing errbook.toml is not named. The cost: creating one
    // later does not rebuild the crate until the table or a locale changes.
    let toml = root.join(FILE_NAME);
    if toml.is_file() {
        out.cargo(&format!("rerun-if-changed={}", toml.display()));
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
