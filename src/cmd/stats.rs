//! `errbook stats`: translation coverage per locale.

use std::io::Write;

use serde::Serialize;

use crate::cli::{StatsArgs, StatsFormat};
use crate::config::Config;
use crate::progress::Progress;
use crate::standing::Coverage;
use crate::ui::Ui;

#[derive(Serialize)]
struct Row<'a> {
    locale: &'a str,
    source: bool,
    #[serde(flatten)]
    coverage: Coverage,
    percent: f64,
}

pub fn run(ui: &Ui, config: Config, args: &StatsArgs) -> anyhow::Result<u8> {
    let project = match super::load(ui, config) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    if project.extraction.has_errors() {
        let mut d = project.extraction.diagnostics.clone();
        return Ok(super::report(&project.config, &project.files, &mut d));
    }
    use rayon::prelude::*;
    ui.begin("reading locales", project.locales.len());
    let rows: Vec<Row<'_>> = project
        .locales
        .par_iter()
        .map(|l| {
            let coverage = if l.is_source {
                project.coverage(l, None)
            } else {
                let read = project.read_catalog(l);
                project.coverage(l, read.loaded.as_ref().map(|c| &c.ftl))
            };
            ui.item(&l.dir.catalog().display());
            Row {
                locale: &l.dir.tag,
                source: l.is_source,
                percent: (coverage.percent() * 10.0).round() / 10.0,
                coverage,
            }
        })
        .collect();
    ui.end();
    let mut out = std::io::stdout().lock();
    match args.format {
        StatsFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
        StatsFormat::Table => {
            let names: Vec<String> = rows
                .iter()
                .map(|r| {
                    if r.source {
                        format!("{} (source)", r.locale)
                    } else {
                        r.locale.to_owned()
                    }
                })
                .collect();
            let w = names.iter().map(String::len).max().unwrap_or(6).max(6);
            writeln!(
                out,
                "{:<w$}  {:>6}  {:>10}  {:>12}  {:>7}  {:>5}  {:>6}  {:>8}  {:>8}",
                "locale",
                "total",
                "translated",
                "untranslated",
                "missing",
                "stale",
                "review",
                "obsolete",
                "complete"
            )?;
            for (r, name) in rows.iter().zip(&names) {
                let c = &r.coverage;
                writeln!(
                    out,
                    "{:<w$}  {:>6}  {:>10}  {:>12}  {:>7}  {:>5}  {:>6}  {:>8}  {:>7.1}%",
                    name,
                    c.total,
                    c.translated,
                    c.untranslated,
                    c.missing,
                    c.stale,
                    c.review,
                    c.obsolete,
                    r.percent,
                )?;
            }
        }
    }
    drop(out);
    let translated: Vec<&Row<'_>> = rows.iter().filter(|r| !r.source).collect();
    let complete = translated
        .iter()
        .filter(|r| {
            let c = &r.coverage;
            c.untranslated + c.missing + c.stale + c.review == 0
        })
        .count();
    ui.info(format_args!(
        "errbook: {complete} of {} translated locale{} complete (every code translated, current and reviewed)",
        translated.len(),
        if translated.len() == 1 { "" } else { "s" }
    ));
    Ok(super::OK)
}
