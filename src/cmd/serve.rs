//! `errbook serve`: build the site, serve it on 127.0.0.1, and on every
//! change of its inputs build it again and reload the open pages.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use anyhow::Context;

use super::build::{self, Outcome};
use crate::cli::{Deny, Global, ServeArgs};
use crate::diag::Level;
use crate::serve::{watch, Server};

enum Event {
    Changed(Vec<PathBuf>),
    Stop,
}

pub fn run(ui: &crate::ui::Ui, global: &Global, args: &ServeArgs) -> anyhow::Result<u8> {
    // The paths to watch; a configuration that cannot be read stops here
    // (later, a broken errbook.toml is shown like any other failed build).
    let config = super::config(ui, global)?;
    // Without --out, a temporary directory that is removed on the way out.
    let (out, temp) = match &args.out {
        Some(dir) => (dir.clone(), None),
        None => {
            let t = tempfile::Builder::new()
                .prefix("errbook-serve-")
                .tempdir()
                .context("cannot create a temporary directory for the site")?;
            (t.path().to_path_buf(), Some(t))
        }
    };

    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Event::Stop);
    })
    .context("cannot catch Ctrl-C")?;
    let server = Server::start(args.port, &out)?;
    if let Err(problems) = build_once(ui, global, args, &out) {
        server.reload(Some(problems));
    }
    let inputs = watch::Inputs {
        source: config.source.clone(),
        locales: config.locales.clone(),
        templates: args.templates.clone(),
        config: config.file.clone(),
        out: out.clone(),
    };
    let watcher = watch::Watcher::start(&inputs, move |paths| {
        let _ = tx.send(Event::Changed(paths));
    })?;

    // The first line of standard output, for scripts and tests.
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

    while let Ok(event) = rx.recv() {
        let Event::Changed(mut paths) = event else {
            break;
        };
        // Take in whatever else arrived meanwhile: one build for all.
        let mut stopped = false;
        while let Ok(more) = rx.try_recv() {
            match more {
                Event::Changed(p) => paths.extend(p),
                Event::Stop => stopped = true,
            }
        }
        if stopped {
            break;
        }
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
        let start = Instant::now();
        match build_once(ui, global, args, &out) {
            Ok(b) => {
                let reload = b.written + b.removed > 0 || server.problems().is_some();
                if reload {
                    server.reload(None);
                }
                eprintln!(
                    "rebuilt in {} ms: {} written, {} removed{}",
                    start.elapsed().as_millis(),
                    b.written,
                    b.removed,
                    if reload { "; pages reloaded" } else { "" }
                );
            }
            Err(problems) => {
                if server.problems().as_deref() != Some(problems.as_str()) {
                    server.reload(Some(problems));
                }
                eprintln!(
                    "errbook serve: not rebuilt; the pages show the last good build and the \
                     diagnostics above"
                );
            }
        }
    }
    drop(watcher);
    drop(temp);
    eprintln!("stopped");
    Ok(super::OK)
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

fn open_browser(url: &str) {
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
