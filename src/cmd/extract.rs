//! `errbook extract`: the source table as a JSON catalog on stdout.

use std::io::Write;

use crate::cli::{ExtractArgs, ExtractFormat};
use crate::config::Config;
use crate::diag::{emit::Format, Files};
use crate::source::{self, ExtractOptions};
use crate::ui::Ui;

pub fn run(ui: &Ui, config: Config, args: &ExtractArgs) -> anyhow::Result<u8> {
    let mut files = Files::new();
    let opts = ExtractOptions {
        locale: config.source_locale.clone(),
        columns: config.columns.clone(),
    };
    let started = std::time::Instant::now();
    let mut extraction = match source::read(&config.source, &mut files, &opts) {
        Ok(e) => e,
        Err(d) => {
            super::print(&mut anstream::stderr(), &files, &mut [*d], Format::Human);
            return Ok(super::FAILURE);
        }
    };
    ui.detail(format_args!(
        "read {}: {} codes in {}",
        config.source.display(),
        extraction.catalog.entries.len(),
        crate::ui::millis(started.elapsed())
    ));
    let status = super::report(&config, &files, &mut extraction.diagnostics);
    if status != super::OK {
        return Ok(status);
    }
    match args.format {
        ExtractFormat::Json => {
            // Stdout flushes at every line break; pretty JSON has one per field.
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            serde_json::to_writer_pretty(&mut out, &extraction.catalog)?;
            writeln!(out)?;
            out.flush()?;
        }
    }
    Ok(super::OK)
}
