//! `errbook import`: merge the translations of an XLIFF 2.0 document into a
//! locale's Fluent file.

use std::io::Write;

use crate::check::registry as checks;
use crate::cli::ImportArgs;
use crate::config::Config;
use crate::diag::{Diagnostic, Level};
use crate::fsio::{write_atomic, Written};
use crate::locale::exchange;
use crate::locale::{canonical_tag, xliff};

pub fn run(ui: &crate::ui::Ui, config: Config, args: &ImportArgs) -> anyhow::Result<u8> {
    // Held from the first read to the write, as sync holds it.
    let _lock = match super::lock_unless_check(ui, args.check, &config.locales) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let mut project = match super::load(ui, config) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let mut diags: Vec<Diagnostic> = project.extraction.diagnostics.clone();
    let nothing = |diags: &mut Vec<Diagnostic>, project: &crate::project::Project, why: &str| {
        let status = super::report(&project.config, &project.files, diags);
        eprintln!("errbook: nothing imported: {why}");
        status
    };
    if project.extraction.has_errors() {
        return Ok(nothing(&mut diags, &project, "fix the source table first"));
    }

    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            diags.push(
                Diagnostic::new(
                    &checks::XLIFF_UNREADABLE,
                    format!("cannot read the XLIFF file: {}", crate::io_reason(&e)),
                )
                .at_path(&args.file),
            );
            return Ok(nothing(&mut diags, &project, "the file cannot be read"));
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = project.files.add(&args.file, lossy);
            diags.push(
                Diagnostic::new(&checks::XLIFF_INVALID, "the XLIFF file is not valid UTF-8")
                    .at(file, at..at + 1)
                    .help("save it as UTF-8"),
            );
            return Ok(nothing(&mut diags, &project, "the file is not UTF-8"));
        }
    };
    let xliff_file = project.files.add(&args.file, text.as_str());
    let (doc, problems) = xliff::read(&text, xliff_file);
    diags.extend(problems);
    let Some(doc) = doc else {
        return Ok(nothing(
            &mut diags,
            &project,
            "the file is not an XLIFF 2.0 document errbook can read",
        ));
    };
    let source_locale = &project.config.source_locale;
    if canonical_tag(&doc.src_lang).as_ref() != Some(source_locale) {
        diags.push(
            Diagnostic::new(
                &checks::XLIFF_INVALID,
                format!(
                    "the file translates from `{}`, not from the source locale {source_locale}",
                    doc.src_lang
                ),
            )
            .at(xliff_file, doc.at.clone())
            .help("import the file `errbook export` wrote for this project"),
        );
        return Ok(nothing(
            &mut diags,
            &project,
            "the file is of another source language",
        ));
    }
    let tag = match (&args.locale, &doc.trg_lang) {
        (Some(t), _) => t.clone(),
        (None, Some(t)) => canonical_tag(t).unwrap_or_else(|| t.clone()),
        (None, None) => {
            diags.push(
                Diagnostic::new(
                    &checks::XLIFF_INVALID,
                    "the file names no target language (trgLang)",
                )
                .at(xliff_file, doc.at.clone())
                .help("name the locale with --locale"),
            );
            return Ok(nothing(&mut diags, &project, "no locale to import into"));
        }
    };
    let (loc, f) = match project.translated_locale(&tag) {
        Ok(l) => l,
        Err(d) => {
            diags.extend(project.diagnostics.iter().cloned());
            diags.extend(d);
            return Ok(nothing(
                &mut diags,
                &project,
                "no locale file to import into",
            ));
        }
    };
    let imported = match exchange::import(&f.ftl, f.file, &project.messages, &doc, xliff_file) {
        Ok(i) => i,
        Err(refusal) => {
            let at = f.ftl.errors.first().map_or(0, |e| e.pos.start);
            diags.push(
                refusal
                    .diagnostic("import")
                    .at(f.file, at..at)
                    .locale(tag.as_str()),
            );
            project.keep_lines(&f, &diags);
            return Ok(nothing(
                &mut diags,
                &project,
                "the locale file cannot be rewritten safely",
            ));
        }
    };
    diags.extend(imported.diagnostics);
    // The locale file is not kept in memory: keep the lines shown.
    project.keep_lines(&f, &diags);
    crate::project::apply_levels(&mut diags, &project.config, false);
    if diags.iter().any(|d| d.level == Level::Error) {
        return Ok(nothing(
            &mut diags,
            &project,
            "fix the problems above (no file was changed)",
        ));
    }
    let path = &f.path;
    let shown = path.display();
    let changes = &imported.changes;
    let mut out = std::io::stdout().lock();
    if *imported.text == *f.ftl.text {
        drop(out);
        let status = super::report(&project.config, &project.files, &mut diags);
        ui.info(format_args!(
            "errbook: nothing to import: {shown} already holds every translation of the file"
        ));
        return Ok(status);
    }
    if args.check {
        writeln!(out, "would update {shown}: {}", changes.summary())?;
    } else {
        crate::fsio::remove_leftovers(&loc.dir.dir);
        match write_atomic(path, imported.text.as_bytes()) {
            Ok(Written::Changed) | Ok(Written::Unchanged) => {
                writeln!(out, "updated {shown}: {}", changes.summary())?
            }
            Err(e) => {
                drop(out);
                diags.push(
                    Diagnostic::new(&checks::WRITE_FAILED, e.to_string())
                        .at_path(path)
                        .help("the previous file is intact; fix the permissions and import again"),
                );
                return Ok(super::report(&project.config, &project.files, &mut diags));
            }
        }
    }
    for (ids, mark) in [
        (&changes.translated, "+ translated"),
        (&changes.updated, "~ updated"),
        (&changes.confirmed, "= confirmed, no longer stale"),
    ] {
        for id in ids {
            writeln!(out, "  {mark}: {id}")?;
        }
    }
    drop(out);
    let status = super::report(&project.config, &project.files, &mut diags);
    if args.check && status == super::OK {
        return Ok(super::FINDINGS);
    }
    Ok(status)
}
