//! `errbook build`: check, then render and write the site.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::check::registry as checks;
use crate::cli::{BuildArgs, Deny};
use crate::config::Config;
use crate::diag::{Diagnostic, Files};
use crate::fsio::{write_atomic, Written};
use crate::render::{self, html, Output};

/// The list of files the last build wrote, so the next one can remove
/// those it no longer writes (and nothing else).
const MANIFEST: &str = ".errbook-manifest";

pub fn run(config: Config, args: &BuildArgs) -> anyhow::Result<u8> {
    if let Some(dir) = &args.init_templates {
        return init_templates(dir);
    }
    let opts = Options {
        out: &args.out,
        templates: args.templates.as_deref(),
        deny_warnings: args.deny.contains(&Deny::Warnings),
    };
    let mut attempt = attempt(config, &opts);
    attempt.print(&mut anstream::stderr());
    match attempt.outcome {
        Outcome::Built(b) => eprintln!(
            "built the site for {} locales into {}: {} files, {} written, {} removed",
            b.locales,
            args.out.display(),
            b.files,
            b.written,
            b.removed
        ),
        Outcome::Refused => eprintln!(
            "errbook: site not built: fix the errors above (they are what `errbook check` reports)"
        ),
        Outcome::Failed => {}
    }
    Ok(attempt.status)
}

/// What a build needs besides the configuration.
pub(super) struct Options<'a> {
    /// The output directory.
    pub out: &'a Path,
    /// A directory of template overrides.
    pub templates: Option<&'a Path>,
    /// `--deny warnings`.
    pub deny_warnings: bool,
}

/// One build: what it found, and what became of the site.
pub(super) struct Attempt {
    /// Every finding, at its configured level.
    pub diags: Vec<Diagnostic>,
    /// Why the site could not be rendered or written, after the findings.
    pub failure: Option<Diagnostic>,
    /// The files the findings point into.
    pub files: Files,
    /// The exit status the findings and the outcome call for.
    pub status: u8,
    /// What became of the site.
    pub outcome: Outcome,
}

impl Attempt {
    /// Prints the findings, then the failure, in the human format.
    pub fn print(&mut self, w: &mut dyn std::io::Write) {
        super::print(
            w,
            &self.files,
            &mut self.diags,
            crate::diag::emit::Format::Human,
        );
        if let Some(f) = &mut self.failure {
            super::print(
                w,
                &self.files,
                std::slice::from_mut(f),
                crate::diag::emit::Format::Human,
            );
        }
    }
}

/// What became of the site.
pub(super) enum Outcome {
    /// Written: the files whose content changed, and the stale ones removed.
    Built(Built),
    /// Not written: the check found errors.
    Refused,
    /// Not (wholly) written: errbook could not run, render or write.
    Failed,
}

/// The counts of a build that wrote the site.
#[derive(Clone, Copy, Debug)]
pub(super) struct Built {
    /// Locales.
    pub locales: usize,
    /// Files the site has.
    pub files: usize,
    /// Files written because their content changed.
    pub written: usize,
    /// Files of the previous build removed.
    pub removed: usize,
}

/// Checks the project and, when the check passes, renders the site and
/// writes the files whose content changed. Prints nothing but what taking
/// the output directory's lock has to say: the caller reports the findings
/// (`build` on the terminal, `serve` also in the pages it serves).
pub(super) fn attempt(config: Config, opts: &Options<'_>) -> Attempt {
    let failed = |diags: Vec<Diagnostic>, files: Files, failure: Option<Diagnostic>| Attempt {
        diags,
        failure,
        files,
        status: super::FAILURE,
        outcome: Outcome::Failed,
    };
    let _lock = match super::lock(opts.out) {
        Ok(l) => l,
        Err(status) => {
            return Attempt {
                status,
                ..failed(Vec::new(), Files::new(), None)
            }
        }
    };
    let project = match super::try_load(config) {
        Ok(p) => p,
        Err((diags, files)) => return failed(diags, files, None),
    };
    let mut diags = project.check();
    crate::project::apply_levels(&mut diags, &project.config, opts.deny_warnings);
    let status = super::status(&diags);
    if status != super::OK {
        return Attempt {
            diags,
            failure: None,
            files: project.files,
            status,
            outcome: Outcome::Refused,
        };
    }

    let template_failed = |diags: Vec<Diagnostic>, files: Files, e: render::RenderError| {
        failed(
            diags,
            files,
            Some(Diagnostic::new(&checks::TEMPLATE, e.to_string())),
        )
    };
    let templates = match html::Templates::load(opts.templates) {
        Ok(t) => t,
        Err(e) => return template_failed(diags, project.files, e),
    };
    let (pages, root) = render::site(&project);
    let status_page = render::status::model(&project, &pages, &root);
    let rendered = render_with_deadline(|| {
        let mut out = templates.site(&pages, &root)?;
        out.extend(render::status::render(&templates, &status_page)?);
        Ok(out)
    });
    let mut outputs = match rendered {
        Ok(o) => o,
        Err(e) => return template_failed(diags, project.files, e),
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
    match write_site(opts.out, &outputs) {
        Ok((written, removed)) => Attempt {
            diags,
            failure: None,
            files: project.files,
            status: super::OK,
            outcome: Outcome::Built(Built {
                locales: pages.len(),
                files: outputs.len(),
                written,
                removed,
            }),
        },
        Err(d) => failed(diags, project.files, Some(*d)),
    }
}

/// Renders the HTML on a worker thread and gives up after
/// `ERRBOOK_RENDER_TIMEOUT` seconds (default 120): a template can loop
/// without producing output, and nothing can stop Tera from outside. Nothing
/// has been written yet, so exiting leaves the previous site whole.
fn render_with_deadline(
    render: impl FnOnce() -> Result<Vec<Output>, render::RenderError> + Send,
) -> Result<Vec<Output>, render::RenderError> {
    let secs = std::env::var("ERRBOOK_RENDER_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120u64);
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::channel();
        s.spawn(move || {
            let _ = tx.send(render());
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

fn fail(d: Diagnostic) -> anyhow::Result<u8> {
    let mut d = [d];
    super::print(
        &mut anstream::stderr(),
        &crate::diag::Files::new(),
        &mut d,
        crate::diag::emit::Format::Human,
    );
    Ok(super::FAILURE)
}

/// Writes the outputs (only those whose content changed), then removes the
/// files of the previous build that this one no longer has.
fn write_site(out: &Path, outputs: &[Output]) -> Result<(usize, usize), Box<Diagnostic>> {
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
            Ok(Written::Changed) => written += 1,
            Ok(Written::Unchanged) => {}
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

fn init_templates(dir: &Path) -> anyhow::Result<u8> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in html::DEFAULT_TEMPLATES {
        let path = dir.join(name);
        if path.exists() {
            eprintln!("errbook: {} exists; left as it is", path.display());
            continue;
        }
        std::fs::write(&path, text)?;
        println!("wrote {}", path.display());
    }
    println!("build with: errbook build --templates {}", dir.display());
    Ok(super::OK)
}
