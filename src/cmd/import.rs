//! `errbook import`: merge the translations of an XLIFF 2.0 document or a PO
//! file into a locale's Fluent file.

use std::io::Write;

use crate::cli::ImportArgs;
use crate::config::Config;
use crate::diag::{Diagnostic, Level};
use crate::exchange::{self, Format};
use crate::fsio::{write_locale, Written};
use crate::registry as checks;
use crate::tag::canonical_tag;

pub fn run(ui: &crate::ui::Ui, config: Config, args: &ImportArgs) -> anyhow::Result<u8> {
    // Held from the first read to the write, as sync holds it.
    let _lock = match super::lock_unless_check(ui, args.check, &config) {
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

    let bytes = match crate::input::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            diags.push(
                Diagnostic::new(
                    &checks::XLIFF_UNREADABLE,
                    format!("cannot read the file: {}", crate::io_reason(&e)),
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
            let format = Format::detect(&args.file, &lossy);
            let file = project.files.add(&args.file, lossy);
            diags.push(
                Diagnostic::new(
                    &checks::XLIFF_INVALID,
                    format!("the {} file is not valid UTF-8", format.name()),
                )
                .at(file, at..at + 1)
                .help(match format {
                    Format::Po => "convert it with `msgconv --to-code=UTF-8`",
                    Format::Xliff => "save it as UTF-8",
                }),
            );
            return Ok(nothing(&mut diags, &project, "the file is not UTF-8"));
        }
    };
    let format = Format::detect(&args.file, &text);
    let xliff_file = project.files.add(&args.file, text.as_str());
    let (doc, problems) = format.read(&text, xliff_file);
    diags.extend(problems);
    let Some(doc) = doc else {
        let why = match format {
            Format::Xliff => "the file is not an XLIFF 2.0 document errbook can read",
            Format::Po => "the file is not a PO file errbook can read",
        };
        return Ok(nothing(&mut diags, &project, why));
    };
    let source_locale = &project.config.source_locale;
    // A PO file need not name its source language.
    let unnamed = format == Format::Po && doc.src_lang.is_empty();
    if !unnamed && canonical_tag(&doc.src_lang).as_ref() != Some(source_locale) {
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
        (None, Some(t)) => match canonical_tag(t) {
            Some(tag) => tag,
            None => {
                diags.push(
                    Diagnostic::new(
                        &checks::XLIFF_INVALID,
                        format!(
                            "the file's language `{t}` is no BCP 47 tag errbook can match to a locale"
                        ),
                    )
                    .at(xliff_file, language_at(&text, &doc))
                    .help("name the locale with --locale"),
                );
                return Ok(nothing(&mut diags, &project, "no locale to import into"));
            }
        },
        (None, None) => {
            diags.push(
                Diagnostic::new(
                    &checks::XLIFF_INVALID,
                    match format {
                        Format::Xliff => "the file names no target language (trgLang)",
                        Format::Po => "the file names no language (the header's Language field)",
                    },
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
    let loc_dir = loc.dir.dir.clone();
    let mut imported = match exchange::import(
        &f.ftl,
        f.file,
        &project.messages,
        &doc,
        (xliff_file, format),
    ) {
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
    diags.append(&mut imported.diagnostics);
    // The locale file is not kept in memory: keep the lines shown.
    project.keep_lines(&f, &diags);
    // What is imported must pass `errbook check`: the messages it writes
    // are checked as check would, and any error there writes nothing.
    if *imported.text != *f.ftl.text {
        diags.extend(recheck(&mut project, &tag, &f, &imported));
    }
    crate::run::apply_levels(&mut diags, &project.config, false);
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
        crate::fsio::remove_leftovers(&loc_dir);
        match write_locale(
            path,
            imported.text.as_bytes(),
            &[&project.config.root, &project.config.locales],
        ) {
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
        (&changes.confirmed, "= confirmed by a reviewer"),
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

/// The findings `errbook check` would report on the messages an import
/// writes (translated, updated or confirmed), in the file as it would be,
/// that it does not report on them now: an import never makes `check`
/// worse (a message whose hint is still untranslated stays so, and is no
/// reason to refuse its value's translation).
fn recheck(
    project: &mut crate::project::Project,
    tag: &str,
    before: &crate::project::Loaded,
    imported: &exchange::Imported,
) -> Vec<Diagnostic> {
    use crate::ftl::FtlFile;
    let changed: std::collections::HashSet<&str> = [
        &imported.changes.translated,
        &imported.changes.updated,
        &imported.changes.confirmed,
    ]
    .into_iter()
    .flatten()
    .map(String::as_str)
    .collect();
    // Each finding on a changed message, by check and message id.
    let on_changed = |ftl: &FtlFile, found: Vec<Diagnostic>| -> Vec<(String, Diagnostic)> {
        let ranges: Vec<(&str, std::ops::Range<usize>)> = ftl
            .messages()
            .filter(|(_, m)| changed.contains(m.id()))
            .map(|(i, m)| (m.id(), ftl.items[i].range.clone()))
            .collect();
        found
            .into_iter()
            .filter_map(|d| {
                let at = d.location.as_ref()?.span.start;
                let (id, _) = ranges.iter().find(|(_, r)| r.contains(&at))?;
                Some(((*id).to_owned(), d))
            })
            .collect()
    };
    let old: std::collections::HashSet<(String, &str)> = on_changed(
        &before.ftl,
        crate::check::locale::translated_all(tag, before.file, &before.ftl, &project.messages),
    )
    .into_iter()
    .map(|(id, d)| (id, d.check.code))
    .collect();
    let ftl = FtlFile::parse(imported.text.clone());
    let file = project.files.add(&before.path, ftl.text.as_str());
    let found = crate::check::locale::translated_all(tag, file, &ftl, &project.messages);
    on_changed(&ftl, found)
        .into_iter()
        .filter(|(id, d)| !old.contains(&(id.clone(), d.check.code)))
        .map(|(_, d)| d.note("as the import would write it; no file was changed"))
        .collect()
}

/// Where a file names its language: a PO header's `Language:` field, or
/// the document's start (XLIFF's root element, with `trgLang`).
fn language_at(text: &str, doc: &crate::xliff::Document) -> std::ops::Range<usize> {
    text.get(doc.at.clone())
        .and_then(|h| h.find("\"Language:"))
        .map_or(doc.at.clone(), |i| {
            let at = doc.at.start + i + 1;
            at..at + "Language:".len()
        })
}
