//! `errbook man`: man pages (roff) from the clap definitions: the main page
//! on stdout, or with `--out` one page per command.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};
use crate::diag::Diagnostic;
use crate::fsio::{write_atomic, Written};
use crate::registry as checks;
use crate::ui::Ui;

pub fn run(ui: &Ui, args: &ManArgs) -> anyhow::Result<u8> {
    let pages = pages(Cli::command())?;
    let Some(dir) = &args.out else {
        // The pages are in command order, the main page first.
        std::io::stdout().lock().write_all(&pages[0].1)?;
        return Ok(super::OK);
    };
    let failed = |path: &std::path::Path, reason: String| {
        super::fail(Diagnostic::new(&checks::WRITE_FAILED, reason).at_path(path))
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        return failed(
            dir,
            format!("cannot create directory: {}", crate::io_reason(&e)),
        );
    }
    for (name, roff) in &pages {
        let path = dir.join(name);
        match write_atomic(&path, roff) {
            Ok(Written::Changed) => ui.info(format_args!("wrote {}", path.display())),
            Ok(Written::Unchanged) => ui.detail(format_args!("unchanged: {}", path.display())),
            Err(e) => return failed(&path, e.to_string()),
        }
    }
    Ok(super::OK)
}

/// Every page as (file name, roff): `errbook.1`, then `errbook-<command>.1`
/// for each visible command, in the order `--help` lists them. No date, so
/// that the pages are reproducible.
fn pages(cmd: clap::Command) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    let mut render = |cmd: clap::Command| -> std::io::Result<()> {
        let man = clap_mangen::Man::new(cmd);
        let mut roff = Vec::new();
        man.render(&mut roff)?;
        pages.push((man.get_filename(), roff));
        Ok(())
    };
    render(cmd.clone())?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        render(sub.clone())?;
    }
    Ok(pages)
}
