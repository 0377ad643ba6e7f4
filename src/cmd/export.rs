//! `errbook export`: a locale's messages as an XLIFF 2.0 document or a PO
//! file, for translation tools that do not read Fluent.

use std::io::Write;

use crate::cli::ExportArgs;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::exchange::{self, ExportInfo};
use crate::fsio::write_atomic;
use crate::locale::sync::editable;
use crate::xliff::State;

pub fn run(ui: &crate::ui::Ui, config: Config, args: &ExportArgs) -> anyhow::Result<u8> {
    let project = match super::load(ui, config) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let mut diags: Vec<Diagnostic> = project.extraction.diagnostics.clone();
    if project.extraction.has_errors() {
        let status = super::report(&project.config, &project.files, &mut diags);
        eprintln!("errbook: nothing exported: fix the source table first");
        return Ok(status);
    }
    let (_, f) = match project.translated_locale(&args.locale) {
        Ok(l) => l,
        Err(d) => {
            diags.extend(project.diagnostics.iter().cloned());
            diags.extend(d);
            return Ok(super::report(&project.config, &project.files, &mut diags));
        }
    };
    // What `errbook import` could not write back is not sent out.
    if let Err(refusal) = editable(&f.ftl) {
        let at = f.ftl.errors.first().map_or(0, |e| e.pos.start);
        diags.push(
            refusal
                .diagnostic("export")
                .at(f.file, at..at)
                .locale(args.locale.as_str())
                .note("`errbook import` rewrites this file, so errbook exports only files it can write back"),
        );
        project.keep_lines(&f, &diags);
        return Ok(super::report(&project.config, &project.files, &mut diags));
    }
    let info = ExportInfo {
        source_locale: project.config.source_locale.clone(),
        tag: args.locale.clone(),
        original: project.config.display(&f.path),
        glossary: project.glossary.clone(),
    };
    let source = project.config.source_display();
    // The row of each message, by where its text starts in the table.
    let rows: std::collections::HashMap<usize, usize> = project
        .extraction
        .catalog
        .entries
        .iter()
        .map(|e| (e.message_span.start, e.line))
        .collect();
    let doc = exchange::export(&project.messages, Some(&f.ftl), &info, |m| {
        let line = rows.get(&m.span.start).filter(|_| m.span.end > 0)?;
        Some(format!("{source}:{line}"))
    });
    let text = exchange::Format::from(args.format).write(&doc);
    let count = |st: State| {
        doc.units
            .iter()
            .filter(|u| u.segments.iter().any(|s| s.state == st))
            .count()
    };
    let summary = format!(
        "{} messages of {}: {} to translate, {} to review",
        doc.units.len(),
        args.locale,
        count(State::Initial),
        count(State::Translated),
    );
    match &args.out {
        Some(path) => {
            if let Some(d) = project_file(&project.config, path) {
                diags.push(d);
                return Ok(super::report(&project.config, &project.files, &mut diags));
            }
            if let Err(e) = write_atomic(path, text.as_bytes()) {
                diags.push(
                    Diagnostic::new(&crate::registry::WRITE_FAILED, e.to_string()).at_path(path),
                );
                return Ok(super::report(&project.config, &project.files, &mut diags));
            }
            ui.info(format_args!("errbook: wrote {}: {summary}", path.display()));
        }
        None => {
            std::io::stdout().lock().write_all(text.as_bytes())?;
            ui.info(format_args!("errbook: exported {summary}"));
        }
    }
    Ok(super::OK)
}

/// A refusal to write the export over a file of the project: the source
/// table, errbook.toml, or a file in the locales directory.
fn project_file(config: &Config, out: &std::path::Path) -> Option<Diagnostic> {
    let canon = |p: &std::path::Path| {
        // The file may not exist yet: its directory does, or nothing is
        // overwritten.
        let dir = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            // A bare file name is in the current directory.
            _ => std::path::Path::new("."),
        };
        let dir = std::fs::canonicalize(dir).ok()?;
        Some(dir.join(p.file_name()?))
    };
    let out_canon = canon(out)?;
    let locales = std::fs::canonicalize(&config.locales).ok();
    let ours = [
        canon(&config.source),
        canon(&config.root.join(crate::config::FILE_NAME)),
    ]
    .into_iter()
    .flatten()
    .any(|p| p == out_canon)
        || locales.is_some_and(|l| out_canon.starts_with(l));
    ours.then(|| {
        Diagnostic::new(
            &crate::registry::WRITE_FAILED,
            "refusing to write the export over the source table, errbook.toml or into the locales directory",
        )
        .at_path(out)
        .help("write it elsewhere, for example --out ja-JP.xlf")
    })
}
