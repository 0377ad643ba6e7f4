//! `errbook check`: the CI gate.

use super::report::OrderedReport;
use crate::cli::{CheckArgs, Deny};
use crate::config::Config;
use crate::diag::emit::{Format, Report, Tally};
use crate::ui::Ui;

/// How many findings of one kind in one locale `check` shows in full.
const SHOWN_PER_KIND: usize = 3;

pub fn run(ui: &Ui, config: Config, args: &CheckArgs) -> anyhow::Result<u8> {
    // No catalog is parsed ahead while the table is read: the table's
    // sections are parsed on every core, and a catalog parsed ahead is held
    // whole where `check_each` streams it.
    let project = match super::load(ui, config) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let deny = args.deny.contains(&Deny::Warnings);
    let report = Report::stdout(&project.files, args.format);
    // A person reads the human format: the first few findings of each
    // kind, then a count.
    let printer = OrderedReport::new(&project, ui, deny, report, |_| false).showing(
        (!args.all).then_some(SHOWN_PER_KIND),
        "`errbook check --all` shows every one",
    );
    ui.timed("checked", || {
        project.check_each(ui, printer.order(), |i, mut diags| {
            diags.extend(super::site_findings(&project, &project.locales[i]));
            printer.checked(i, diags)
        })
    });
    let (tally, _) = printer.finish();
    if args.format == Format::Human {
        let locales = super::plural(project.locales.len(), "locale", "locales");
        let codes = project.extraction.catalog.entries.len();
        let summary = if tally == Tally::default() {
            format!("checked {codes} codes in {locales}: no problems")
        } else {
            format!("checked {codes} codes in {locales}: {}", tally.summary())
        };
        ui.info(summary);
    }
    // The process ends here: the system takes back the memory faster than
    // freeing the source catalog's strings one by one.
    std::mem::forget(project);
    Ok(super::status_of(tally))
}
