//! `errbook check`: the CI gate.

use std::sync::Mutex;

use crate::cli::{CheckArgs, Deny};
use crate::config::Config;
use crate::diag::emit::{Format, Report, Stdout, Tally};
use crate::diag::{self, Diagnostic};
use crate::project::{apply_levels, Project};
use crate::ui::Ui;

pub fn run(ui: &Ui, config: Config, args: &CheckArgs) -> anyhow::Result<u8> {
    // No catalog is parsed ahead while the table is read: the table's
    // sections are parsed on every core, and a catalog parsed ahead is held
    // whole (about 37 MB at 100,000 codes) where `check_each` streams it.
    let project = match super::load(ui, config) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let deny = args.deny.contains(&Deny::Warnings);
    let printer = Mutex::new(Printer::new(&project, ui, deny, args.format));
    let order = printer
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .order
        .clone();
    ui.timed("checked", || {
        project.check_each(ui, &order, |i, diags| {
            printer
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .checked(i, diags);
        })
    });
    let printer = printer.into_inner().unwrap_or_else(|e| e.into_inner());
    let tally = printer.finish();
    if args.format == Format::Human {
        let locales = project.locales.len();
        let codes = project.extraction.catalog.entries.len();
        let summary = if tally == Tally::default() {
            format!("checked {codes} codes in {locales} locales: no problems")
        } else {
            format!(
                "checked {codes} codes in {locales} locales: {}",
                tally.summary()
            )
        };
        ui.info(summary);
    }
    // The process ends here: the system takes back the memory faster than
    // freeing the source catalog's strings one by one (about 2 % of a
    // check of 100,000 codes).
    std::mem::forget(project);
    Ok(super::status_of(tally))
}

/// Prints the report as the locales are checked, in the order one report
/// of all the findings sorted by place ([`diag::sort`]) has them: each
/// locale's findings lie in its own directory, so the report is the
/// locales in the order of their directories, each sorted, with the
/// project's own findings (the source table's, the locales directory's)
/// between them, or among a locale's when they are in its directory. A
/// locale checked before the ones it follows waits for them; the locales
/// are checked in that order, so few wait, and the findings of a check of
/// 100,000 codes in 10 locales are never all held.
struct Printer<'p> {
    project: &'p Project,
    /// Where the progress bar is, which the report is written above.
    ui: &'p Ui,
    deny: bool,
    report: Report<'p, Stdout<'p>>,
    /// The locales (indices in `project.locales`) in the report's order.
    order: Vec<usize>,
    /// Where each locale is in `order`.
    position: Vec<usize>,
    /// The project's findings printed before the locale at each position
    /// (and, last, after them all).
    before: Vec<Vec<Diagnostic>>,
    /// The project's findings in the directory of the locale at each
    /// position.
    within: Vec<Vec<Diagnostic>>,
    /// The findings of locales checked before their turn, by position.
    waiting: Vec<Option<Vec<Diagnostic>>>,
    /// The position of the next locale to print.
    next: usize,
    tally: Tally,
}

impl<'p> Printer<'p> {
    fn new(project: &'p Project, ui: &'p Ui, deny: bool, format: Format) -> Self {
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
        Printer {
            project,
            ui,
            deny,
            report: Report::stdout(&project.files, format),
            waiting: vec![None; order.len()],
            order,
            position,
            before,
            within,
            next: 0,
            tally: Tally::default(),
        }
    }

    /// Takes the findings of the locale at index `i`, and prints what is
    /// now in turn.
    fn checked(&mut self, i: usize, mut diags: Vec<Diagnostic>) {
        apply_levels(&mut diags, &self.project.config, self.deny);
        let at = self.position[i];
        // The project's findings first, as in one report of all.
        let mut found = std::mem::take(&mut self.within[at]);
        found.append(&mut diags);
        diag::sort(&mut found, &self.project.files);
        self.waiting[at] = Some(found);
        while let Some(found) = self.waiting.get_mut(self.next).and_then(Option::take) {
            let before = std::mem::take(&mut self.before[self.next]);
            self.print(before);
            self.print(found);
            self.next += 1;
        }
    }

    /// Prints findings in order, above the progress bar, which is still
    /// drawn on a terminal while the other locales are checked.
    fn print(&mut self, diags: Vec<Diagnostic>) {
        self.tally.add(&diags);
        if diags.is_empty() {
            return;
        }
        // When a write fails (`errbook check | head` closed standard
        // output), the report stops there, and the exit status still
        // counts the rest.
        let report = &mut self.report;
        let _ = self
            .ui
            .above_bar(|| report.write(&diags).and_then(|()| report.flush()));
    }

    /// Prints what is left (the project's findings after every locale's)
    /// and ends the report; the counts of everything printed.
    fn finish(mut self) -> Tally {
        for at in self.next..self.order.len() {
            // Only when a locale was not checked (it always is).
            let before = std::mem::take(&mut self.before[at]);
            self.print(before);
            let mut found = std::mem::take(&mut self.within[at]);
            found.extend(self.waiting[at].take().unwrap_or_default());
            diag::sort(&mut found, &self.project.files);
            self.print(found);
        }
        let last = std::mem::take(&mut self.before[self.order.len()]);
        self.print(last);
        let _ = self.report.finish();
        self.tally
    }
}
