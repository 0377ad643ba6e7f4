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
    if args.explain {
        let mut out = std::io::stdout().lock();
        out.write_all(explain(&config.source, &extraction).as_bytes())?;
        return Ok(status);
    }
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
    let n = extraction.catalog.entries.len();
    ui.info(format_args!(
        "errbook: extracted {n} code{} from {}",
        if n == 1 { "" } else { "s" },
        config.source_display()
    ));
    Ok(super::OK)
}

/// What `extract --explain` says: each table of the page, read or skipped
/// and why, with the columns chosen, why, and the runners-up.
pub fn explain(source: &std::path::Path, extraction: &source::Extraction) -> String {
    use crate::source::TableOutcome;
    let c = &extraction.catalog;
    let read = extraction
        .tables
        .iter()
        .filter(|t| matches!(t.outcome, TableOutcome::Read { .. }))
        .count();
    let mut out = format!(
        "{}: {} code{} from {read} of {} table{}\n",
        source.display(),
        c.entries.len(),
        if c.entries.len() == 1 { "" } else { "s" },
        extraction.tables.len(),
        if extraction.tables.len() == 1 {
            ""
        } else {
            "s"
        },
    );
    if let Some(t) = &c.title {
        out.push_str(&format!("title: {t}\n"));
    }
    for (n, t) in extraction.tables.iter().enumerate() {
        out.push_str(&format!("\ntable {}, line {}", n + 1, t.line));
        if let Some(h) = &t.heading {
            out.push_str(&format!(", under \"{h}\""));
        }
        out.push_str(&format!(
            ", {} row{}: ",
            t.rows,
            if t.rows == 1 { "" } else { "s" }
        ));
        let column = |i: usize| {
            format!(
                "`{}` (column {})",
                t.headers.get(i).map_or("", String::as_str),
                i + 1
            )
        };
        match &t.outcome {
            TableOutcome::Skipped(why) => {
                out.push_str(&format!("skipped: {why}\n"));
                out.push_str(&format!(
                    "  columns: {}\n",
                    t.headers
                        .iter()
                        .map(|h| format!("`{h}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            TableOutcome::Read { roles, entries } => {
                out.push_str(&format!(
                    "read, {entries} entr{}\n",
                    if *entries == 1 { "y" } else { "ies" }
                ));
                let why = &roles.why;
                for (role, chosen, reason, runner_up) in [
                    ("code:      ", roles.code, &why.code, &why.code_runner_up),
                    (
                        "message:   ",
                        roles.message,
                        &why.message,
                        &why.message_runner_up,
                    ),
                ] {
                    out.push_str(&format!("  {role} {}: {reason}\n", column(chosen)));
                    if let Some((r, lost)) = runner_up {
                        out.push_str(&format!("    runner-up {}: {lost}\n", column(*r)));
                    }
                }
                if let Some(h) = roles.hint {
                    out.push_str(&format!("  hint:       {}\n", column(h)));
                }
                if let Some(e) = roles.english {
                    out.push_str(&format!(
                        "  english:    {}: seeds English locales (en-US …), each message marked for review\n",
                        column(e)
                    ));
                }
                if !roles.attributes.is_empty() {
                    out.push_str(&format!(
                        "  attributes: {}\n",
                        roles
                            .attributes
                            .iter()
                            .map(|&i| column(i))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
        }
    }
    if !extraction.tables.is_empty() {
        out.push_str(
            "\nto override: --code-column, --message-column, --hint-column (a header or a number) and \
             --table (a heading or a number), or the same keys under [extract] in errbook.toml\n",
        );
    }
    out
}
