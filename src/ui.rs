//! What the commands tell the user besides their output and findings:
//! informational lines (hidden by `--quiet`), details with timings (shown
//! by `--verbose`), and a progress bar for long steps.
//!
//! Everything here goes to stderr, so stdout carries only what a command
//! was asked for. The bar is drawn only when stderr is a terminal, `--quiet`
//! is off and no CI is detected, and only once a step has run for a while:
//! a quick step never flashes a bar, and pipes and CI logs never see one.

use std::fmt::Display;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::progress::Progress;

/// How much a command says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Only findings, errors and the requested output.
    Quiet,
    /// Also what was done, in a line or two.
    Normal,
    /// Also what was read and written, with timings.
    Verbose,
}

/// A step that runs longer than this gets a bar (when bars are on);
/// `ERRBOOK_PROGRESS_AFTER_MS` changes it (tests set 0).
const BAR_AFTER: Duration = Duration::from_millis(500);

/// The user-facing side of a command run. Clones share it (a build's
/// worker thread holds one).
#[derive(Clone, Debug)]
pub struct Ui(std::sync::Arc<UiState>);

/// What a [`Ui`] and its clones share.
#[derive(Debug)]
pub struct UiState {
    verbosity: Verbosity,
    bars: bool,
    bar_after: Duration,
    start: Instant,
    step: Mutex<Option<Step>>,
}

#[derive(Debug)]
struct Step {
    what: String,
    bar: Option<ProgressBar>,
    started: Instant,
    shown: bool,
}

/// True when progress bars may be drawn: not quiet, stderr is a terminal
/// that can move the cursor, and no CI runner is detected.
pub fn bars_wanted(
    verbosity: Verbosity,
    stderr_is_terminal: bool,
    env: &dyn Fn(&str) -> Option<String>,
) -> bool {
    let set = |k: &str| env(k).is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    verbosity != Verbosity::Quiet
        && stderr_is_terminal
        && env("TERM").as_deref() != Some("dumb")
        && !set("CI")
        && !set("ERRBOOK_NO_PROGRESS")
}

impl std::ops::Deref for Ui {
    type Target = UiState;

    fn deref(&self) -> &UiState {
        &self.0
    }
}

impl Ui {
    /// A UI at `verbosity`, drawing bars when [`bars_wanted`] says so for
    /// this process.
    pub fn new(verbosity: Verbosity) -> Ui {
        let bars = bars_wanted(verbosity, std::io::stderr().is_terminal(), &|k| {
            std::env::var(k).ok()
        });
        let bar_after = std::env::var("ERRBOOK_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(BAR_AFTER, Duration::from_millis);
        Ui(std::sync::Arc::new(UiState {
            verbosity,
            bars,
            bar_after,
            start: Instant::now(),
            step: Mutex::new(None),
        }))
    }

    /// The verbosity.
    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// Prints an informational line (what was done), unless quiet.
    pub fn info(&self, line: impl Display) {
        if self.verbosity >= Verbosity::Normal {
            self.print(&line.to_string());
        }
    }

    /// Prints a detail (what was read or written), with the time since the
    /// start, when verbose.
    pub fn detail(&self, line: impl Display) {
        if self.verbosity >= Verbosity::Verbose {
            let t = self.start.elapsed().as_secs_f64();
            self.print(&format!("[{t:7.3}s] {line}"));
        }
    }

    /// Prints a line on stderr, above the bar if one is showing.
    fn print(&self, line: &str) {
        self.above_bar(|| eprintln!("{line}"));
    }

    /// Runs `f`, which writes to the terminal, with the bar (if one is
    /// showing) taken away and then drawn again below what it wrote: for
    /// output that comes while a step is in progress (`check` prints each
    /// locale's findings as it is checked). `f` should flush what it wrote.
    pub fn above_bar<T>(&self, f: impl FnOnce() -> T) -> T {
        let step = self.step.lock().unwrap_or_else(|e| e.into_inner());
        match step
            .as_ref()
            .and_then(|s| s.bar.as_ref().filter(|_| s.shown))
        {
            Some(bar) => bar.suspend(f),
            None => {
                // No bar to keep clear: the other threads go on reporting
                // progress while `f` writes.
                drop(step);
                f()
            }
        }
    }

    /// Times `f` and reports `what` with its duration when verbose.
    pub fn timed<T>(&self, what: &str, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let out = f();
        self.detail(format_args!("{what} in {}", millis(t.elapsed())));
        out
    }
}

/// A duration for people: `12.3 ms`, `1.42 s`.
pub fn millis(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

impl Progress for Ui {
    fn begin(&self, what: &str, total: usize) {
        self.end();
        let bar = self.bars.then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
            bar.set_style(
                ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar.set_message(what.to_owned());
            bar
        });
        *self.step.lock().unwrap_or_else(|e| e.into_inner()) = Some(Step {
            what: what.to_owned(),
            bar,
            started: Instant::now(),
            shown: false,
        });
    }

    fn item(&self, item: &dyn Display) {
        if self.verbosity >= Verbosity::Verbose {
            let what = self
                .step
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .as_ref()
                .map(|s| s.what.clone());
            match what {
                Some(w) => self.detail(format_args!("{w}: {item}")),
                None => self.detail(item),
            }
        }
        let mut step = self.step.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = step.as_mut() {
            if let Some(bar) = &s.bar {
                bar.inc(1);
                if !s.shown && s.started.elapsed() >= self.bar_after {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    s.shown = true;
                }
            }
        }
    }

    fn end(&self) {
        let step = self.step.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(Step { bar: Some(bar), .. }) = step {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_only_on_a_quiet_free_terminal_outside_ci() {
        let none = |_: &str| None;
        assert!(bars_wanted(Verbosity::Normal, true, &none));
        assert!(bars_wanted(Verbosity::Verbose, true, &none));
        assert!(!bars_wanted(Verbosity::Quiet, true, &none));
        assert!(!bars_wanted(Verbosity::Normal, false, &none));
        let ci = |k: &str| (k == "CI").then(|| "true".to_owned());
        assert!(!bars_wanted(Verbosity::Normal, true, &ci));
        let ci_off = |k: &str| (k == "CI").then(|| "false".to_owned());
        assert!(bars_wanted(Verbosity::Normal, true, &ci_off));
        let dumb = |k: &str| (k == "TERM").then(|| "dumb".to_owned());
        assert!(!bars_wanted(Verbosity::Normal, true, &dumb));
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(millis(Duration::from_micros(12_345)), "12.3 ms");
        assert_eq!(millis(Duration::from_millis(1420)), "1.42 s");
    }
}
