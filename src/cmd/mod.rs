//! The commands: each file puts the pipeline's stages together for one
//! subcommand and returns its exit status. No logic of its own lives here.

mod build;
mod check;
mod completions;
mod explain;
mod export;
mod extract;
mod import;
mod init;
mod man;
mod report;
mod serve;
mod stats;
mod sync;

use std::io::Write;

use crate::cli::{Cli, ColorWhen, Command, Global};
use crate::config::Config;
use crate::diag::emit::{self, Format};
use crate::diag::{self, Diagnostic, Files, Level};
use crate::project::{Fatal, Project};
use crate::registry as checks;
use crate::ui::{Ui, Verbosity};

/// Exit status: nothing at error level.
pub const OK: u8 = 0;
/// Exit status: findings at error level.
pub const FINDINGS: u8 = 1;
/// Exit status: errbook could not run.
pub const FAILURE: u8 = 2;

/// `n` and the noun for it: "1 locale", "3 locales".
pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The findings about a locale's site strings (the site's business, not
/// the core's): see [`crate::render::chrome::check`].
pub(super) fn site_findings(
    project: &crate::project::Project,
    loc: &crate::project::Locale,
) -> Vec<crate::diag::Diagnostic> {
    let source_site = project.locales.iter().find(|l| l.is_source).and_then(|l| {
        l.others.iter().find(|f| {
            f.path
                .file_name()
                .is_some_and(|n| n == crate::config::SITE_FILE)
        })
    });
    crate::render::chrome::check(loc, source_site)
}

/// Runs a parsed command line; returns the exit status. `Err` means the
/// tool itself failed (exit 2).
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    let choice = match cli.global.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let ui = Ui::new(if cli.global.quiet {
        Verbosity::Quiet
    } else if cli.global.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    });
    // A limit that cannot be read would be a limit silently not applied.
    if let Err(why) = crate::input::check_max_size_var() {
        return fail(Diagnostic::new(&checks::CONFIG, why).help(
            "set it to a size such as 512MiB or 1GiB (or unset it for the default of 256 MiB)",
        ));
    }
    // The commands that read no project, and init, which must not read the
    // configuration of the directory it runs in.
    match &cli.command {
        Command::Explain(args) => return explain::run(args),
        Command::Completions(args) => return completions::run(args),
        Command::Man(args) => return man::run(&ui, args),
        Command::Init(args) => return init::run(&ui, &cli.global, args),
        // Serve reads the configuration again for every build.
        Command::Serve(args) => return serve::run(&ui, &cli.global, args),
        // The language server finds each document's project itself.
        Command::Lsp => return crate::lsp::run(),
        _ => {}
    }
    let config = config(&ui, &cli.global)?;
    let needs_project = !matches!(&cli.command, Command::Build(a) if a.init_templates.is_some());
    if needs_project {
        require_project(&config, &cli.global)?;
    }
    match &cli.command {
        Command::Extract(args) => extract::run(&ui, config, args),
        Command::Sync(args) => sync::run(&ui, config, args),
        Command::Check(args) => check::run(&ui, config, args),
        Command::Build(args) => build::run(&ui, config, args),
        Command::Stats(args) => stats::run(&ui, config, args),
        Command::Export(args) => export::run(&ui, config, args),
        Command::Import(args) => import::run(&ui, config, args),
        Command::Explain(_)
        | Command::Completions(_)
        | Command::Man(_)
        | Command::Init(_)
        | Command::Lsp
        | Command::Serve(_) => {
            unreachable!("handled above")
        }
    }
}

/// Outside a project (no errbook.toml found, no table named, none where
/// the defaults look), says so and how to start one.
fn require_project(c: &Config, g: &Global) -> anyhow::Result<()> {
    let named = g.source.is_some() || g.locales.is_some();
    if c.file.is_none() && !named && c.source.symlink_metadata().is_err() {
        anyhow::bail!(
            "no errbook project here: no {} in this directory or above it, and no {}; \
             start one with `errbook init` (or `errbook init --from PAGE.md` from an existing page), \
             or name the table with `--source`",
            crate::config::FILE_NAME,
            crate::config::DEFAULT_SOURCE
        );
    }
    Ok(())
}

/// The configuration with command-line overrides applied.
fn config(ui: &Ui, g: &Global) -> anyhow::Result<Config> {
    // A command line that names the source or the locales works where it
    // is; otherwise the project is searched upward, as cargo does.
    let named = g.source.is_some() || g.locales.is_some();
    let mut c = match &g.config {
        None if named => Config::load_here()?,
        explicit => Config::load(explicit.as_deref())?,
    };

    match &c.file {
        Some(f) => ui.detail(format_args!("configuration: {}", f.display())),
        None => ui.detail("configuration: none found; the defaults"),
    }
    if let Some(s) = &g.source {
        c.source = s.clone();
    }
    if let Some(l) = &g.locales {
        c.locales = l.clone();
    }
    for (flag, slot) in [
        (&g.code_column, &mut c.columns.code),
        (&g.message_column, &mut c.columns.message),
        (&g.hint_column, &mut c.columns.hint),
    ] {
        if flag.is_some() {
            slot.clone_from(flag);
        }
    }
    if !g.table.is_empty() {
        c.columns.tables.clone_from(&g.table);
    }
    Ok(c)
}

/// Loads the project, or prints why it cannot be loaded.
fn load(ui: &Ui, config: Config) -> Result<Project, u8> {
    let started = std::time::Instant::now();
    let project = try_load_prefetching(config, 0);
    if let Ok(p) = &project {
        ui.detail(format_args!(
            "read {} ({} codes), found {} locales, in {}",
            p.config.source.display(),
            p.extraction.catalog.entries.len(),
            p.locales.len(),
            crate::ui::millis(started.elapsed())
        ));
    }
    project.map_err(|(mut diagnostics, files)| {
        print(
            &mut anstream::stderr(),
            &files,
            &mut diagnostics,
            Format::Human,
        );
        FAILURE
    })
}

/// Loads the project (parsing `prefetch` catalogs while the table is
/// read), or says why it cannot be loaded (every reason at error level).
fn try_load_prefetching(
    config: Config,
    prefetch: usize,
) -> Result<Project, (Vec<Diagnostic>, Files)> {
    Project::load_prefetching(config, prefetch).map_err(
        |Fatal {
             mut diagnostics,
             files,
         }| {
            for d in &mut diagnostics {
                d.level = Level::Error;
            }
            (diagnostics, files)
        },
    )
}

/// Prints a diagnostic that stops the command; exit 2.
fn fail(d: Diagnostic) -> anyhow::Result<u8> {
    print(
        &mut anstream::stderr(),
        &Files::new(),
        &mut [d],
        Format::Human,
    );
    Ok(FAILURE)
}

/// Sorts and prints diagnostics; I/O errors on the terminal are ignored.
fn print(w: &mut dyn Write, files: &Files, diags: &mut [Diagnostic], format: Format) {
    diag::sort(diags, files);
    let _ = emit::emit(w, files, diags, format);
}

/// The project's write lock, unless the command only checks (`--check`
/// writes nothing, so it need not wait).
fn lock_unless_check(
    ui: &Ui,
    check: bool,
    config: &crate::config::Config,
) -> Result<Option<Vec<crate::fsio::Lock>>, u8> {
    if check {
        Ok(None)
    } else {
        lock(ui, config).map(Some)
    }
}

/// Takes the project's write lock for a command, telling the user when it
/// has to wait for another errbook. The lock is keyed on the locales
/// directory (see [`crate::fsio::Lock`]), which is made if it is missing
/// (the commands that lock write into it, or need it).
fn lock(ui: &Ui, config: &crate::config::Config) -> Result<Vec<crate::fsio::Lock>, u8> {
    lock_with(ui, config, false).map(|l| l.expect("a required lock"))
}

/// [`lock`], or for a command that only reads the project (`build`, which
/// writes its site elsewhere) `None` when the project cannot be written,
/// as in a read-only checkout: nobody can change it under the build then.
fn lock_for_reading(
    ui: &Ui,
    config: &crate::config::Config,
) -> Result<Option<Vec<crate::fsio::Lock>>, u8> {
    lock_with(ui, config, true)
}

fn lock_with(
    ui: &Ui,
    config: &crate::config::Config,
    reading: bool,
) -> Result<Option<Vec<crate::fsio::Lock>>, u8> {
    let dir = config.locales.as_path();
    if !reading {
        let _ = std::fs::create_dir_all(dir);
    }
    let wait = lock_wait();
    let mut locks = Vec::new();
    for d in lock_dirs(dir) {
        let taken = crate::fsio::Lock::acquire(&d, wait, |pid| {
            ui.info(format_args!(
                "errbook: waiting: another errbook ({}) is writing {}; giving up after {} s",
                crate::fsio::holder_words(pid),
                d.display(),
                wait.as_secs()
            ));
        });
        match taken {
            Ok(l) => locks.push(l),
            Err(e) if reading && (e.is_read_only() || !dir.exists()) => {
                ui.detail(format_args!(
                    "not locked ({e}); the project cannot be written"
                ));
                return Ok(None);
            }
            Err(e) => return Err(locked(&e, &d)),
        }
    }
    Ok(Some(locks))
}

/// The locales directories a command on `dir` writes into: `dir`, and the
/// directory of each locale that is a link into another locales tree
/// (whose own commands lock that tree), canonical and sorted, so that two
/// commands take their locks in one order and cannot wait on each other.
fn lock_dirs(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut dirs = vec![std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())];
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let linked = e.file_type().is_ok_and(|t| t.is_symlink());
            if let (true, Ok(target)) = (linked, std::fs::canonicalize(e.path())) {
                if let Some(parent) = target.parent().filter(|_| target.is_dir()) {
                    dirs.push(parent.to_path_buf());
                }
            }
        }
    }
    dirs.sort();
    dirs.dedup();
    dirs
}

/// The lock of the directory a build's output directory is in (where its
/// staging goes too; see [`crate::fsio::DirLock`]), telling the user when
/// it has to wait. Nothing is made for it: where that directory does not
/// exist yet, or cannot be opened, there is no lock (and the build reports
/// why it cannot write, after its findings).
fn lock_output(ui: &Ui, out: &std::path::Path) -> Result<Option<crate::fsio::DirLock>, u8> {
    let parent = match out.parent() {
        Some(p) if p.as_os_str().is_empty() => std::path::Path::new("."),
        Some(p) => p,
        None => out,
    };
    if !parent.is_dir() {
        return Ok(None);
    }
    let wait = lock_wait();
    let waiting = || {
        ui.info(format_args!(
            "errbook: waiting: another errbook is building into {}; giving up after {} s",
            parent.display(),
            wait.as_secs()
        ));
    };
    match crate::fsio::DirLock::acquire(parent, wait, waiting) {
        Ok(l) => Ok(Some(l)),
        Err(e @ crate::fsio::LockError::Busy { .. }) => Err(locked(&e, out)),
        Err(_) => Ok(None),
    }
}

/// How long a command waits for another's lock: `ERRBOOK_LOCK_TIMEOUT`
/// seconds, 60 by default.
fn lock_wait() -> std::time::Duration {
    std::time::Duration::from_secs(
        std::env::var("ERRBOOK_LOCK_TIMEOUT")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(60),
    )
}

/// Reports a lock not taken (EB0304); the exit status.
fn locked(e: &crate::fsio::LockError, at: &std::path::Path) -> u8 {
    let d = Diagnostic::new(&checks::LOCKED, e.to_string()).at_path(at);
    print(
        &mut anstream::stderr(),
        &Files::new(),
        &mut [d],
        Format::Human,
    );
    FAILURE
}

/// Applies the configured levels, prints the diagnostics to stderr in the
/// human format and returns the exit status they call for.
/// The first three findings of each kind are shown in full, the rest
/// counted (a page with 52 repeated codes is 52 lines, not 260).
fn report(config: &Config, files: &Files, diags: &mut Vec<Diagnostic>) -> u8 {
    crate::run::apply_levels(diags, config, false);
    diag::sort(diags, files);
    let mut limiter = report::Limiter::new(3, "`errbook check --all` shows every one");
    let (shown, more) = limiter.split(diags);
    let mut err = anstream::stderr();
    let _ = emit::emit(&mut err, files, &shown, Format::Human);
    for line in more {
        let _ = writeln!(err, "{line}");
    }
    status(diags)
}

/// The exit status diagnostics call for.
fn status(diags: &[Diagnostic]) -> u8 {
    status_of(emit::Tally::of(diags))
}

/// The exit status of a command whose report counts `tally`.
fn status_of(tally: emit::Tally) -> u8 {
    if tally.fatal > 0 {
        FAILURE
    } else if tally.errors > 0 {
        FINDINGS
    } else {
        OK
    }
}
