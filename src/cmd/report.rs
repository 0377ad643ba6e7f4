//! A report printed as the locales are checked: what `check` and `build`
//! print, in the order one report of all the findings sorted by place
//! ([`diag::sort`]) has them, without holding them all.

use std::sync::{Arc, Mutex};

use crate::diag::emit::{Report, Tally};
use crate::diag::{self, Diagnostic, FileId, Level};
use crate::project::Project;
use crate::registry::Check;
use crate::run::apply_levels;
use crate::ui::Ui;

/// Prints findings a locale at a time. Each locale's findings lie in its
/// own directory, so the report is the locales in the order of their
/// directories, each sorted, with the project's own findings (the source
/// table's, the locales directory's) between them, or among a locale's
/// when they are in its directory.
///
/// Locales are handed over from any thread, in any order ([`Self::checked`]);
/// one checked before the ones it follows waits for them. Whichever thread
/// finds the next locale ready prints it, while the others go on checking:
/// the report is formatted on one core while the rest check, and the
/// findings of a check of a large catalog in many locales are never all
/// held.
pub(super) struct OrderedReport<'p, W> {
    project: &'p Project,
    /// Where the progress bar is, which the report is written above.
    ui: &'p Ui,
    deny: bool,
    /// The locales (indices in `project.locales`) in the report's order.
    order: Vec<usize>,
    /// Where each locale is in `order`.
    position: Vec<usize>,
    /// The counts of the project's own findings.
    project_tally: Tally,
    /// Which printed findings to keep.
    keep: fn(&Diagnostic) -> bool,
    state: Mutex<State>,
    /// The report, written by one thread at a time (the one whose turn it
    /// is, see [`State::printing`]).
    printed: Mutex<Printed<'p, W>>,
}

/// Findings kept after they are printed, for a caller that shows them
/// again (`serve`'s pages show what stops a build).
pub(super) type Kept = Vec<Diagnostic>;

struct State {
    /// The project's findings printed before the locale at each position
    /// (and, last, after them all).
    before: Vec<Vec<Diagnostic>>,
    /// The project's findings in the directory of the locale at each
    /// position.
    within: Vec<Vec<Diagnostic>>,
    /// The findings of locales checked, until they are printed, by
    /// position.
    waiting: Vec<Option<Vec<Diagnostic>>>,
    /// The position of the next locale to print.
    next: usize,
    /// A thread is printing: it prints whatever becomes ready before it
    /// finishes, so no other starts.
    printing: bool,
}

impl<'p, W: std::io::Write> OrderedReport<'p, W> {
    /// A report of `project`'s findings into `report`, starting with its
    /// own findings ([`Project::project_diagnostics`]); `keep` says which
    /// printed findings to keep ([`Self::finish`] returns them).
    pub fn new(
        project: &'p Project,
        ui: &'p Ui,
        deny: bool,
        report: Report<'p, W>,
        keep: fn(&Diagnostic) -> bool,
    ) -> Self {
        let locales = &project.locales;
        let mut order: Vec<usize> = (0..locales.len()).collect();
        order.sort_by(|&a, &b| locales[a].dir.dir.cmp(&locales[b].dir.dir));
        let mut position = vec![0; order.len()];
        for (at, &i) in order.iter().enumerate() {
            position[i] = at;
        }
        let mut before = vec![Vec::new(); order.len() + 1];
        let mut within = vec![Vec::new(); order.len()];
        let mut general = project.project_diagnostics();
        apply_levels(&mut general, &project.config, deny);
        let project_tally = Tally::of(&general);
        for d in general {
            match d.file_path(&project.files) {
                // No place: first.
                None => before[0].push(d),
                Some(path) => {
                    // Paths compare by component, so a path in a locale's
                    // directory sorts after the directory and before the
                    // next one.
                    let after = order.partition_point(|&i| locales[i].dir.dir.as_path() < path);
                    match after.checked_sub(1) {
                        Some(at) if path.starts_with(&locales[order[at]].dir.dir) => {
                            within[at].push(d)
                        }
                        _ => before[after].push(d),
                    }
                }
            }
        }
        for list in &mut before {
            diag::sort(list, &project.files);
        }
        OrderedReport {
            project,
            ui,
            deny,
            state: Mutex::new(State {
                waiting: (0..order.len()).map(|_| None).collect(),
                before,
                within,
                next: 0,
                printing: false,
            }),
            order,
            position,
            project_tally,
            keep,
            printed: Mutex::new(Printed {
                limiter: None,
                report,
                kept: Vec::new(),
                tally: Tally::default(),
            }),
        }
    }

    /// Shows at most `limit` findings of each kind (check and level) per
    /// locale in full, in the human format, and a line counting the rest,
    /// which `more` ends (where to see them all).
    pub fn showing(self, limit: Option<usize>, more: &'static str) -> Self {
        {
            let mut printed = self.printed.lock().unwrap_or_else(|e| e.into_inner());
            printed.limiter = limit
                .filter(|_| printed.report.format() == crate::diag::emit::Format::Human)
                .map(|limit| Limiter::new(limit, more));
        }
        self
    }

    /// The counts of the project's own findings (not the locales').
    pub fn project_tally(&self) -> Tally {
        self.project_tally
    }

    /// The locales in the order they are printed: checking them in this
    /// order keeps few waiting.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// Takes the findings of the locale at index `i` (at their default
    /// levels), and prints what is now in turn, unless another thread is
    /// printing (which then prints these too).
    pub fn checked(&self, i: usize, mut diags: Vec<Diagnostic>) {
        apply_levels(&mut diags, &self.project.config, self.deny);
        let at = self.position[i];
        {
            let mut state = self.state();
            // The project's findings first, as in one report of all.
            // Put in front of the locale's own, which are the more.
            let within = std::mem::take(&mut state.within[at]);
            diags.splice(0..0, within);
            state.waiting[at] = Some(diags);
            if state.printing {
                drop(state);
                self.wait_for_printer();
                return;
            }
            state.printing = true;
        }
        loop {
            let ready = {
                let mut state = self.state();
                let next = state.next;
                match state.waiting.get_mut(next).and_then(Option::take) {
                    Some(found) => {
                        state.next += 1;
                        let before = std::mem::take(&mut state.before[next]);
                        [before, found]
                    }
                    None => {
                        state.printing = false;
                        return;
                    }
                }
            };
            for mut diags in ready {
                diag::sort(&mut diags, &self.project.files);
                self.print(diags);
            }
        }
    }

    /// Holds a thread that has handed over its locale while the printer
    /// has locales waiting: formatting a locale's findings takes longer
    /// than checking it, and a thread that went on checking would pile up
    /// findings waiting to be printed. Meanwhile it helps the printer
    /// format them (the report formats in parallel).
    fn wait_for_printer(&self) {
        loop {
            {
                let state = self.state();
                if !state.printing || state.waiting.iter().all(Option::is_none) {
                    return;
                }
            }
            if rayon::yield_now() != Some(rayon::Yield::Executed) {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn print(&self, diags: Vec<Diagnostic>) {
        let mut printed = self.printed.lock().unwrap_or_else(|e| e.into_inner());
        printed.print(self.project, self.ui, diags, self.keep);
    }

    /// Prints what is left (the project's findings after every locale's)
    /// and ends the report: the counts of everything printed, and the
    /// findings kept.
    pub fn finish(self) -> (Tally, Kept) {
        let mut state = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut printed = self.printed.into_inner().unwrap_or_else(|e| e.into_inner());
        let print = |printed: &mut Printed<'p, W>, diags| {
            printed.print(self.project, self.ui, diags, self.keep)
        };
        for at in state.next..self.order.len() {
            // Only when a locale was not checked.
            let before = std::mem::take(&mut state.before[at]);
            print(&mut printed, before);
            let mut found = std::mem::take(&mut state.within[at]);
            found.extend(state.waiting[at].take().unwrap_or_default());
            diag::sort(&mut found, &self.project.files);
            print(&mut printed, found);
        }
        let last = std::mem::take(&mut state.before[self.order.len()]);
        print(&mut printed, last);
        let _ = printed.report.finish();
        (printed.tally, printed.kept)
    }
}

/// Shows the first `limit` findings of each kind (locale, check, level)
/// and counts the rest: a report at human scale.
pub(super) struct Limiter {
    limit: usize,
    /// What the count of a kind not shown ends with (where to see them all).
    more: &'static str,
    /// How many of each kind were shown.
    shown: std::collections::HashMap<(Option<Arc<str>>, &'static str, Level), usize>,
}

impl Limiter {
    pub fn new(limit: usize, more: &'static str) -> Limiter {
        Limiter {
            limit,
            more,
            shown: std::collections::HashMap::new(),
        }
    }

    /// The findings of `diags` to show in full, and a line for each kind
    /// of which some are not: "… and 52 more untranslated errors [EB0206]
    /// in en-US (…)". Counts run on across calls.
    pub fn split(&mut self, diags: &[Diagnostic]) -> (Vec<Diagnostic>, Vec<String>) {
        let limit = self.limit;
        let mut shown = Vec::new();
        let mut hidden: Vec<(Kind, usize)> = Vec::new();
        for d in diags.iter().filter(|d| d.level != Level::Allow) {
            let key = (d.locale.clone(), d.check.name, d.level);
            let n = self.shown.entry(key).or_insert(0);
            if *n < limit {
                *n += 1;
                shown.push(d.clone());
            } else {
                let key = (d.locale.clone(), d.check, d.level);
                match hidden
                    .iter_mut()
                    .find(|(k, _)| k.0 == key.0 && std::ptr::eq(k.1, key.1) && k.2 == key.2)
                {
                    Some((_, count)) => *count += 1,
                    None => hidden.push((key, 1)),
                }
            }
        }
        let more = self.more;
        let lines = hidden
            .into_iter()
            .map(|((locale, check, level), n)| {
                let place = locale.map(|l| format!(" in {l}")).unwrap_or_default();
                let kind = match (level, n) {
                    (Level::Error, 1) => "error",
                    (Level::Error, _) => "errors",
                    (_, 1) => "warning",
                    _ => "warnings",
                };
                // "… and 52 more" after some shown; "52" alone otherwise.
                let count = if limit == 0 {
                    n.to_string()
                } else {
                    format!("… and {n} more")
                };
                format!(
                    "{count} {} {kind} [{}]{place} ({more})",
                    check.name, check.code
                )
            })
            .collect();
        (shown, lines)
    }
}

/// A kind of finding in a locale: its locale, check and level.
type Kind = (Option<Arc<str>>, &'static Check, Level);

/// The report and what was printed in it.
struct Printed<'p, W> {
    report: Report<'p, W>,
    /// Shows the first few findings of each kind and counts the rest
    /// ([`OrderedReport::showing`]).
    limiter: Option<Limiter>,
    /// Findings kept after they were printed.
    kept: Kept,
    /// The counts of the findings printed.
    tally: Tally,
}

impl<W: std::io::Write> Printed<'_, W> {
    /// With a limit, the findings to show in full (`None`: all of them),
    /// and a line counting each kind not shown.
    fn limited(&mut self, diags: &[Diagnostic]) -> (Option<Vec<Diagnostic>>, Vec<String>) {
        match &mut self.limiter {
            None => (None, Vec::new()),
            Some(l) => {
                let (shown, lines) = l.split(diags);
                (Some(shown), lines)
            }
        }
    }

    /// Prints findings in order, above the progress bar, which is still
    /// drawn on a terminal while the other locales are checked.
    fn print(
        &mut self,
        project: &Project,
        ui: &Ui,
        diags: Vec<Diagnostic>,
        keep: fn(&Diagnostic) -> bool,
    ) {
        self.tally.add(&diags);
        if diags.is_empty() {
            return;
        }
        let (shown, more) = self.limited(&diags);
        let report = &mut self.report;
        // When a write fails (`errbook check | head` closed standard
        // output), the report stops there, and the exit status still
        // counts the rest.
        let _ = ui.above_bar(|| {
            match &shown {
                None => report.write(&diags)?,
                Some(shown) => report.write(shown)?,
            }
            for line in &more {
                report.line(line)?;
            }
            report.flush()
        });
        let mut files: Vec<FileId> = Vec::new();
        let kept_before = self.kept.len();
        let mut diags = diags;
        for d in diags.drain(..) {
            if let Some(l) = &d.location {
                if files.last() != Some(&l.file) {
                    files.push(l.file);
                }
            }
            if keep(&d) {
                self.kept.push(d);
            }
        }
        project.give_findings(diags);
        // Each file's findings are printed together: unless some are kept,
        // the lines kept to show them are not needed again.
        files.sort_unstable();
        files.dedup();
        let kept = &self.kept[kept_before..];
        for file in files {
            if !kept
                .iter()
                .any(|d| d.location.as_ref().is_some_and(|l| l.file == file))
            {
                project.files.forget_lines(file);
            }
        }
    }
}
