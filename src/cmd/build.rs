//! `errbook build`: check, then render and write the site.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::fail;
use crate::check::registry as checks;
use crate::cli::{BuildArgs, Deny};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::fsio::{write_atomic, Written};
use crate::progress::Progress;
use crate::render::{self, html, Output};
use crate::ui::Ui;

/// The list of files the last build wrote, so the next one can remove
/// those it no longer writes (and nothing else).
const MANIFEST: &str = ".errbook-manifest";

pub fn run(ui: &Ui, config: Config, args: &BuildArgs) -> anyhow::Result<u8> {
    if let Some(dir) = &args.init_templates {
        return init_templates(ui, dir);
    }
    let _lock = match super::lock(ui, &args.out) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let project = match super::load(ui, config) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let mut diags = ui.timed("checked", || project.check_with(ui));
    crate::project::apply_levels(
        &mut diags,
        &project.config,
        args.deny.contains(&Deny::Warnings),
    );
    super::print(
        &mut anstream::stderr(),
        &project.files,
        &mut diags,
        crate::diag::emit::Format::Human,
    );
    let status = super::status(&diags);
    if status != super::OK {
        eprintln!(
            "errbook: site not built: fix the errors above (they are what `errbook check` reports)"
        );
        return Ok(status);
    }

    let templates = match html::Templates::load(args.templates.as_deref()) {
        Ok(t) => t,
        Err(e) => return fail(Diagnostic::new(&checks::TEMPLATE, e.to_string())),
    };
    let catalogs = project.map_locales_with(ui, "reading locales", |_, read| read.loaded);
    let (pages, root) = render::site(&project, &catalogs);
    let started = std::time::Instant::now();
    let rendered = render_with_deadline(ui, &templates, &pages, &root);
    ui.end();
    let mut outputs = match rendered {
        Ok(o) => o,
        Err(e) => return fail(Diagnostic::new(&checks::TEMPLATE, e.to_string())),
    };
    for page in &pages {
        outputs.push(Output {
            path: PathBuf::from(&page.lang).join("error-codes.md"),
            bytes: render::markdown::render(page).into_bytes(),
        });
        outputs.push(Output {
            path: PathBuf::from(&page.lang).join("errors.json"),
            bytes: render::json(page),
        });
    }
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    ui.detail(format_args!(
        "rendered {} pages in {}",
        pages.len(),
        crate::ui::millis(started.elapsed())
    ));
    let written = write_site(ui, &args.out, &outputs);
    ui.end();
    match written {
        Ok((written, removed)) => {
            ui.info(format_args!(
                "built the site for {} locales into {}: {} files, {written} written, {removed} removed",
                pages.len(),
                args.out.display(),
                outputs.len()
            ));
            Ok(super::OK)
        }
        Err(d) => fail(*d),
    }
}

/// Renders the HTML on a worker thread and gives up after
/// `ERRBOOK_RENDER_TIMEOUT` seconds (default 120): a template can loop
/// without producing output, and nothing can stop Tera from outside. Nothing
/// has been written yet, so exiting leaves the previous site whole.
fn render_with_deadline(
    ui: &Ui,
    templates: &html::Templates,
    pages: &[render::Page],
    root: &render::RootPage,
) -> Result<Vec<Output>, render::RenderError> {
    let secs = std::env::var("ERRBOOK_RENDER_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120u64);
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::channel();
        s.spawn(move || {
            let _ = tx.send(templates.site_with(pages, root, ui));
        });
        match rx.recv_timeout(std::time::Duration::from_secs(secs)) {
            Ok(result) => result,
            Err(_) => {
                let _ = fail(
                    Diagnostic::new(
                        &checks::TEMPLATE,
                        format!("rendering took longer than {secs} s; does a template loop forever?"),
                    )
                    .help("nothing was written; fix the template (or raise ERRBOOK_RENDER_TIMEOUT for a huge catalog)"),
                );
                std::process::exit(i32::from(super::FAILURE));
            }
        }
    })
}

/// Writes the outputs (only those whose content changed), then removes the
/// files of the previous build that this one no longer has.
fn write_site(ui: &Ui, out: &Path, outputs: &[Output]) -> Result<(usize, usize), Box<Diagnostic>> {
    let failed = |path: &Path, reason: String| {
        Box::new(
            Diagnostic::new(&checks::WRITE_FAILED, reason)
                .at_path(path)
                .help("the files already there are intact; fix the cause and build again"),
        )
    };
    let manifest_path = out.join(MANIFEST);
    let previous: BTreeSet<String> = std::fs::read_to_string(&manifest_path)
        .map(|t| t.lines().map(str::to_owned).collect())
        .unwrap_or_default();
    let mut written = 0;
    let mut now = BTreeSet::new();
    let mut cleaned = BTreeSet::new();
    ui.begin("writing", outputs.len());
    for o in outputs {
        let path = out.join(&o.path);
        if let Some(dir) = path.parent() {
            if cleaned.insert(dir.to_path_buf()) {
                crate::fsio::remove_leftovers(dir);
            }
            std::fs::create_dir_all(dir).map_err(|e| {
                failed(
                    dir,
                    format!("cannot create directory: {}", crate::io_reason(&e)),
                )
            })?;
        }
        match write_atomic(&path, &o.bytes) {
            Ok(Written::Changed) => {
                written += 1;
                ui.item(&format_args!("{} (changed)", path.display()));
            }
            Ok(Written::Unchanged) => ui.item(&format_args!("{} (unchanged)", path.display())),
            Err(e) => return Err(failed(&path, e.to_string())),
        }
        now.insert(o.path.to_string_lossy().replace('\\', "/"));
    }
    let mut removed = 0;
    for stale in previous.difference(&now) {
        // Only plain relative paths that the manifest could have come from.
        if stale.split('/').any(|c| c == ".." || c.is_empty()) {
            continue;
        }
        let path = out.join(stale);
        if path.is_file() && std::fs::remove_file(&path).is_ok() {
            removed += 1;
            ui.detail(format_args!("removed {}", path.display()));
            // Remove the directories this leaves empty, up to `out`.
            let mut dir = path.parent();
            while let Some(d) = dir {
                if d == out || std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
    }
    let manifest: String = now.iter().map(|p| format!("{p}\n")).collect();
    write_atomic(&manifest_path, manifest.as_bytes())
        .map_err(|e| failed(&manifest_path, e.to_string()))?;
    Ok((written, removed))
}

fn init_templates(ui: &Ui, dir: &Path) -> anyhow::Result<u8> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in html::DEFAULT_TEMPLATES {
        let path = dir.join(name);
        if path.exists() {
            eprintln!("errbook: {} exists; left as it is", path.display());
            continue;
        }
        std::fs::write(&path, text)?;
        ui.info(format_args!("wrote {}", path.display()));
    }
    ui.info(format_args!(
        "build with: errbook build --templates {}",
        dir.display()
    ));
    Ok(super::OK)
}
