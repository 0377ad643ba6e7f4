//! `errbook serve`: build the site, serve it on 127.0.0.1, and on every
//! change of its inputs build it again and reload the open pages.
//!
//! Each build runs in a child process (this same binary, with the same
//! arguments, told by [`BUILD_ENV`] to build once and report on standard
//! output): a template that renders for ever cannot be stopped inside a
//! thread, but a process can be killed. So the server answers while a build
//! runs (the first one included: its URL comes at once, and the pages say
//! the site is being built until it is), stops a build that outlives
//! `ERRBOOK_RENDER_TIMEOUT`, and on Ctrl-C or SIGTERM kills the build under
//! way, removes its temporary directory and exits at once.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::Context;

use super::build::{self, Outcome};
use crate::cli::{Deny, Global, ServeArgs};
use crate::diag::Level;
use crate::serve::{watch, Server};

/// Set (to the output directory) in the environment of a build's child
/// process: `errbook serve` then builds once, reports on standard output
/// and exits.
const BUILD_ENV: &str = "ERRBOOK_SERVE_BUILD";

/// The server's pid, given to its build processes: one whose parent is no
/// longer that server ends (see `die_with_server`).
const PARENT_ENV: &str = "ERRBOOK_SERVE_PARENT";
/// The first word of a child's report.
const REPORT: &str = "errbook-serve-build";
/// How much longer than the server's deadline a child's own deadline is:
/// the server stops it first; the child's own stops it should the server
/// be killed without a chance to.
const CHILD_GRACE: u64 = 60;

enum Event {
    Changed(Vec<PathBuf>),
    Stop,
    /// A build's child closed its standard output: its id, and what it
    /// wrote there.
    Done(u64, Vec<u8>),
}

/// What a build came to, as the server shows it.
type BuildResult = Result<build::Built, String>;

/// A build running in a child process.
struct Running {
    id: u64,
    child: Child,
    started: Instant,
}

impl Running {
    /// Kills the child (a no-op if it has ended) and reaps it.
    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn run(ui: &crate::ui::Ui, global: &Global, args: &ServeArgs) -> anyhow::Result<u8> {
    if let Some(out) = std::env::var_os(BUILD_ENV) {
        return build_child(ui, global, args, Path::new(&out));
    }
    // The paths to watch; a configuration that cannot be read stops here
    // (later, a broken errbook.toml is shown like any other failed build).
    let config = super::config(ui, global)?;
    // Without --out, a temporary directory that is removed on the way out,
    // whatever way that is (an error below included: it is dropped). The
    // site goes in a directory inside it, so that the staging directories
    // of the builds (made beside the site) go with it too.
    let (out, temp) = match &args.out {
        Some(dir) => (dir.clone(), None),
        None => {
            let t = tempfile::Builder::new()
                .prefix("errbook-serve-")
                .tempdir()
                .context("cannot create a temporary directory for the site")?;
            (t.path().join("site"), Some(t))
        }
    };

    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Event::Stop);
    })
    .context("cannot catch Ctrl-C")?;
    let server = Server::start(args.port, &out)?;
    let inputs = watch::Inputs {
        source: config.source.clone(),
        locales: config.locales.clone(),
        templates: args.templates.clone(),
        config: config.file.clone(),
        out: out.clone(),
    };
    let changed = tx.clone();
    let watcher = watch::Watcher::start(&inputs, move |paths| {
        let _ = changed.send(Event::Changed(paths));
    })?;

    // The first line of standard output, for scripts and tests: at once,
    // before the first build ends.
    println!("{}", server.url());
    eprintln!(
        "serving {} (built in {}); watching {}; Ctrl-C stops",
        server.url(),
        out.display(),
        watcher
            .dirs
            .iter()
            .map(|d| shown(d))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if args.open {
        open_browser(&server.url());
    }

    let deadline = render_timeout();
    let mut next_id = 0;
    // The changes not built yet; the first build needs none.
    let mut pending: Option<Vec<PathBuf>> = Some(Vec::new());
    let mut running: Option<Running> = None;
    let mut first = true;
    loop {
        if running.is_none() {
            if let Some(paths) = pending.take() {
                if !first {
                    announce(paths);
                }
                next_id += 1;
                match spawn_build(next_id, &out, deadline, &tx) {
                    Ok(r) => running = Some(r),
                    Err(e) => {
                        let text = format!("errbook: error: cannot start a build: {e:#}");
                        eprintln!("{text}");
                        show(&server, Err(text), first, Duration::ZERO);
                        first = false;
                    }
                }
            }
        }
        let event = match &running {
            Some(r) => match rx.recv_timeout(deadline.saturating_sub(r.started.elapsed())) {
                Ok(e) => Some(e),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => break,
            },
            None => match rx.recv() {
                Ok(e) => Some(e),
                Err(_) => break,
            },
        };
        match event {
            Some(Event::Stop) => break,
            Some(Event::Changed(paths)) => pending.get_or_insert_with(Vec::new).extend(paths),
            Some(Event::Done(id, report)) => {
                // A killed build's report comes after it was given up.
                let Some(mut r) = running.take_if(|r| r.id == id) else {
                    continue;
                };
                let status = r.child.wait();
                let result = read_report(&report, status);
                show(&server, result, first, r.started.elapsed());
                first = false;
            }
            // The deadline: the build is stopped; nothing was put in place.
            None => {
                if let Some(r) = running.take() {
                    r.kill();
                }
                let text = format!(
                    "errbook: error: the build took longer than {} s and was stopped; does a \
                     template loop forever?\n  = help: nothing was written; fix the template \
                     (or raise ERRBOOK_RENDER_TIMEOUT for a huge catalog)",
                    deadline.as_secs()
                );
                eprintln!("{text}");
                show(&server, Err(text), first, deadline);
                first = false;
            }
        }
    }
    // A build under way is killed, and waited for, before its directory is
    // removed.
    if let Some(r) = running.take() {
        r.kill();
    }
    drop(watcher);
    drop(temp);
    eprintln!("stopped");
    Ok(super::OK)
}

/// `ERRBOOK_RENDER_TIMEOUT` (default 120 s), as `errbook build` reads it.
fn render_timeout() -> Duration {
    Duration::from_secs(
        std::env::var("ERRBOOK_RENDER_TIMEOUT")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(120u64),
    )
}

/// Says on the terminal which changes a build is for.
fn announce(mut paths: Vec<PathBuf>) {
    paths.sort();
    paths.dedup();
    let names: Vec<String> = paths.iter().take(3).map(|p| shown(p)).collect();
    let more = paths.len().saturating_sub(3);
    eprintln!(
        "changed: {}{}",
        names.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    );
}

/// Starts a build into `out` in a child process: this program again, with
/// the same arguments and [`BUILD_ENV`]. Its diagnostics go to the same
/// terminal; its report comes to `tx` as [`Event::Done`] when it closes its
/// standard output.
fn spawn_build(
    id: u64,
    out: &Path,
    deadline: Duration,
    tx: &Sender<Event>,
) -> anyhow::Result<Running> {
    // The running program even if its file was replaced (`cargo install`).
    let exe = if cfg!(target_os = "linux") {
        PathBuf::from("/proc/self/exe")
    } else {
        std::env::current_exe().context("cannot find the errbook program")?
    };
    let mut args = std::env::args_os();
    let arg0 = args.next();
    let mut cmd = Command::new(exe);
    cmd.args(args)
        .env(BUILD_ENV, out)
        .env(PARENT_ENV, std::process::id().to_string())
        .env(
            "ERRBOOK_RENDER_TIMEOUT",
            deadline.as_secs().saturating_add(CHILD_GRACE).to_string(),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        if let Some(a) = arg0 {
            cmd.arg0(a);
        }
        // Its own process group: Ctrl-C on the terminal reaches the server
        // only, which then stops the build itself.
        cmd.process_group(0);
    }
    #[cfg(not(unix))]
    drop(arg0);
    let mut child = cmd.spawn().context("cannot start errbook")?;
    let mut stdout = child.stdout.take().context("no pipe from the build")?;
    let tx = tx.clone();
    let reader = std::thread::Builder::new()
        .name("serve-build".to_owned())
        .spawn(move || {
            let mut report = Vec::new();
            let _ = stdout.read_to_end(&mut report);
            let _ = tx.send(Event::Done(id, report));
        });
    if let Err(e) = reader {
        let _ = child.kill();
        let _ = child.wait();
        return Err(e).context("cannot start a thread");
    }
    Ok(Running {
        id,
        child,
        started: Instant::now(),
    })
}

/// The child's side: one build into `out`, its diagnostics on standard
/// error, and its report on standard output (see [`read_report`]).
fn build_child(
    ui: &crate::ui::Ui,
    global: &Global,
    args: &ServeArgs,
    out: &Path,
) -> anyhow::Result<u8> {
    if !die_with_server() {
        return Ok(super::FAILURE);
    }
    let result = build_once(ui, global, args, out);
    let mut stdout = std::io::stdout().lock();
    let _ = match &result {
        Ok(b) => writeln!(
            stdout,
            "{REPORT} built {} {} {} {} {} {} {}",
            b.locales,
            b.files,
            b.written,
            b.removed,
            b.incomplete.untranslated,
            b.incomplete.stale,
            b.incomplete.other
        ),
        Err(problems) => write!(stdout, "{REPORT} failed\n{problems}"),
    };
    let _ = stdout.flush();
    Ok(super::OK)
}

/// Makes this build process end with the server that started it, even
/// when the server is killed (SIGKILL, which it cannot pass on): a build
/// stuck in a template would otherwise spin until its own deadline, minutes
/// later. On Linux the kernel sends this process SIGKILL when its parent
/// ends (`PR_SET_PDEATHSIG`), so no thread watches and nothing here exits;
/// elsewhere an orphaned build ends at its render deadline. False when the
/// server has gone already.
fn die_with_server() -> bool {
    #[cfg(target_os = "linux")]
    {
        // The signal follows the thread that started this process: the
        // server's main loop, which lives as long as the server.
        let _ =
            rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::KILL));
    }
    #[cfg(unix)]
    {
        // The server's pid as it gave it: a server killed before this
        // process got here has already left it with another parent.
        let parent = std::env::var(PARENT_ENV)
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(std::os::unix::process::parent_id);
        std::os::unix::process::parent_id() == parent
    }
    #[cfg(not(unix))]
    true
}

/// What a child reported: `errbook-serve-build built LOCALES FILES WRITTEN
/// REMOVED UNTRANSLATED STALE OTHER`, or `errbook-serve-build failed` and the diagnostics to show on
/// the lines after. A child that ended without a report (killed, or it
/// crashed) is a failed build whose reason is on the terminal.
fn read_report(report: &[u8], status: std::io::Result<ExitStatus>) -> BuildResult {
    let text = String::from_utf8_lossy(report);
    let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
    let mut words = first.split(' ');
    if words.next() == Some(REPORT) {
        match words.next() {
            Some("built") => {
                let n: Vec<usize> = words.filter_map(|w| w.parse().ok()).collect();
                if let [locales, files, written, removed, untranslated, stale, other] = n[..] {
                    return Ok(build::Built {
                        locales,
                        files,
                        written,
                        removed,
                        incomplete: build::Incomplete {
                            untranslated,
                            stale,
                            other,
                        },
                    });
                }
            }
            Some("failed") => return Err(rest.to_owned()),
            _ => {}
        }
    }
    let how = match status {
        Ok(s) => s.to_string(),
        Err(e) => crate::io_reason(&e),
    };
    Err(format!(
        "errbook serve: the build stopped without a result ({how}); the terminal says why"
    ))
}

/// Shows what a build came to: in the pages (reloading them when that
/// changes what they show) and on the terminal.
fn show(server: &Server, result: BuildResult, first: bool, took: Duration) {
    match result {
        Ok(b) => {
            let reload = first || b.written + b.removed > 0 || server.problems().is_some();
            if reload {
                server.reload(None);
            }
            let incomplete = b
                .incomplete
                .summary()
                .map(|s| format!("; {s}"))
                .unwrap_or_default();
            if first {
                eprintln!(
                    "built the site in {} ms: {}, {} files{incomplete}",
                    took.as_millis(),
                    super::plural(b.locales, "locale", "locales"),
                    b.files
                );
            } else {
                eprintln!(
                    "rebuilt in {} ms: {} written, {} removed{}{incomplete}",
                    took.as_millis(),
                    b.written,
                    b.removed,
                    if reload { "; pages reloaded" } else { "" }
                );
            }
        }
        Err(problems) => {
            if first || server.problems().as_deref() != Some(problems.as_str()) {
                server.reload(Some(problems));
            }
            if first {
                eprintln!("errbook serve: not built; the pages show the diagnostics above");
            } else {
                eprintln!(
                    "errbook serve: not rebuilt; the pages show the last good build and the \
                     diagnostics above"
                );
            }
        }
    }
}

/// One build, reported on the terminal. `Err` holds the diagnostics (as
/// plain text) when the site was not built.
fn build_once(
    ui: &crate::ui::Ui,
    global: &Global,
    args: &ServeArgs,
    out: &Path,
) -> Result<build::Built, String> {
    let config = match super::config(ui, global) {
        Ok(c) => c,
        Err(e) => {
            let text = format!("errbook: error: {e:#}");
            eprintln!("{text}");
            return Err(text);
        }
    };
    let mut attempt = build::attempt(
        ui,
        config,
        &build::Options {
            out,
            templates: args.templates.as_deref(),
            deny_warnings: args.deny.contains(&Deny::Warnings),
            keep_errors: true,
            // The terminal gets a count of each kind; the page's banner
            // shows the findings.
            shown: (Some(0), "details in the page's banner"),
        },
    );
    attempt.print_stderr();
    match attempt.outcome {
        Outcome::Built(b) => Ok(b),
        Outcome::Refused | Outcome::Failed => {
            // The pages show what stops the build; warnings stay on the terminal.
            attempt.diags.retain(|d| d.level == Level::Error);
            let mut text = anstream::StripStream::new(Vec::new());
            attempt.print(&mut text);
            let text = String::from_utf8_lossy(&text.into_inner()).into_owned();
            Err(if text.trim().is_empty() {
                "the site could not be built; the terminal says why".to_owned()
            } else {
                text
            })
        }
    }
}

/// A path as the user knows it: relative to the current directory when it
/// is inside it.
fn shown(p: &Path) -> String {
    let here = std::env::current_dir().and_then(|d| d.canonicalize());
    match here
        .ok()
        .and_then(|h| p.strip_prefix(h).ok().map(Path::to_path_buf))
    {
        Some(rel) if rel.as_os_str().is_empty() => ".".to_owned(),
        Some(rel) => rel.display().to_string(),
        None => p.display().to_string(),
    }
}

pub(super) fn open_browser(url: &str) {
    let (program, args): (&str, &[&str]) = if cfg!(target_os = "macos") {
        ("open", &[])
    } else if cfg!(windows) {
        ("cmd", &["/C", "start", ""])
    } else {
        ("xdg-open", &[])
    };
    match std::process::Command::new(program)
        .args(args)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        // Reaped on a thread of its own, so it does not linger as a zombie.
        Ok(mut child) => drop(std::thread::spawn(move || child.wait())),
        Err(e) => eprintln!(
            "errbook: cannot start {program} ({}); open {url} yourself",
            crate::io_reason(&e)
        ),
    }
}
