//! `errbook build`: check, then render and write the site.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::report::OrderedReport;
use crate::cli::{BuildArgs, Deny};
use crate::config::Config;
use crate::diag::emit::{self, Format, Stdout, Tally};
use crate::diag::{Diagnostic, Files, Level};
use crate::progress::Progress;
use crate::project::Project;
use crate::registry::{self as checks, Check};
use crate::render::{self, html, Output, PAGE_ENTRIES};
use crate::ui::Ui;

/// The list of files the last build wrote, so the next one can remove
/// those it no longer writes (and nothing else).
const MANIFEST: &str = ".errbook-manifest";

pub fn run(ui: &Ui, config: Config, args: &BuildArgs) -> anyhow::Result<u8> {
    if let Some(dir) = &args.init_templates {
        return init_templates(ui, dir);
    }
    let opts = Options {
        out: &args.out,
        templates: args.templates.as_deref(),
        deny_warnings: args.deny.contains(&Deny::Warnings),
        keep_errors: false,
        shown: (Some(3), "`errbook check --all` shows every one"),
    };
    let mut attempt = attempt(ui, config, &opts);
    attempt.print_stderr();
    if args.open && matches!(attempt.outcome, Outcome::Built(_)) {
        super::serve::open_browser(&args.out.join("index.html").display().to_string());
    }
    match attempt.outcome {
        Outcome::Built(b) => ui.info(format_args!(
            "built the site for {} into {}: {} files, {} written, {} removed{}",
            super::plural(b.locales, "locale", "locales"),
            args.out.display(),
            b.files,
            b.written,
            b.removed,
            b.incomplete
                .summary()
                .map(|s| format!("; {s}"))
                .unwrap_or_default()
        )),
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
    /// Keep the findings at level error once printed, in
    /// [`Attempt::diags`] (`serve` shows them in its pages).
    pub keep_errors: bool,
    /// How many findings of each kind per locale are printed in full (the
    /// rest are counted), and where to see them all.
    pub shown: (Option<usize>, &'static str),
}

/// One build: what it found, and what became of the site.
pub(super) struct Attempt {
    /// The findings, at their configured levels: every one, or, when they
    /// were printed as the locales were checked (`printed`), those kept
    /// ([`Options::keep_errors`]).
    pub diags: Vec<Diagnostic>,
    /// The findings were printed already, to standard error.
    pub printed: bool,
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
    /// Prints the findings, then the failure, to standard error (buffered:
    /// a large catalog can have tens of thousands of findings).
    pub fn print_stderr(&mut self) {
        use crate::diag::emit::emit_stderr;
        if !self.printed {
            crate::diag::sort(&mut self.diags, &self.files);
            let _ = emit_stderr(&self.files, &self.diags, Format::Human);
        }
        if let Some(f) = &self.failure {
            let _ = emit_stderr(&self.files, std::slice::from_ref(f), Format::Human);
        }
    }

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
    /// What translators have not done yet, built anyway.
    pub incomplete: Incomplete,
}

/// The findings of the [`crate::run::INCOMPLETE`] checks a build let
/// through (without `--deny warnings`): not printed one by one, but
/// counted for the build's last line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Incomplete {
    /// Messages that show the source text: untranslated or missing.
    pub untranslated: usize,
    /// Entries whose translation may be out of date.
    pub stale: usize,
    /// Other findings of those checks (a missing hint, no source record).
    pub other: usize,
}

impl Incomplete {
    /// Takes the findings of the incomplete checks out of `diags` (once
    /// lowered to warnings) and counts them.
    fn take(&mut self, diags: &mut Vec<Diagnostic>) {
        diags.retain(|d| {
            if d.level != Level::Warning || !crate::run::is_incomplete(d.check) {
                return true;
            }
            self.count(d.check, 1);
            false
        });
    }

    /// Counts `n` findings of `check`, one of the incomplete checks.
    fn count(&mut self, check: &Check, n: usize) {
        if std::ptr::eq(check, &checks::STALE) {
            self.stale += n;
        } else if std::ptr::eq(check, &checks::UNTRANSLATED)
            || std::ptr::eq(check, &checks::MISSING_MESSAGE)
        {
            self.untranslated += n;
        } else {
            self.other += n;
        }
    }

    fn add(&mut self, other: Incomplete) {
        self.untranslated += other.untranslated;
        self.stale += other.stale;
        self.other += other.other;
    }

    /// What the build's last line adds, or `None` when nothing is
    /// incomplete.
    pub fn summary(&self) -> Option<String> {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = Vec::new();
        if self.untranslated > 0 {
            parts.push(format!(
                "{} the source text",
                plural(self.untranslated, "message shows", "messages show")
            ));
        }
        if self.stale > 0 {
            parts.push(format!(
                "{} marked as possibly out of date",
                plural(self.stale, "translation is", "translations are")
            ));
        }
        if self.other > 0 {
            parts.push(plural(self.other, "other finding", "other findings"));
        }
        (!parts.is_empty()).then(|| {
            format!(
                "{} (`errbook check` lists them; `--deny warnings` refuses to build with them)",
                parts.join(", ")
            )
        })
    }
}

/// Checks the project and, when the check passes, renders the site and
/// writes the files whose content changed. Prints nothing but what taking
/// the output directory's lock and `--verbose` have to say: the caller
/// reports the findings (`build` on the terminal, `serve` also in the
/// pages it serves).
///
/// Each catalog file is read once: a locale is checked and, while no
/// locale has failed the check, rendered from the same parse into a
/// staging directory. Nothing is in place until every locale has passed
/// and rendered, so a failing check leaves the site as it was.
pub(super) fn attempt(ui: &Ui, config: Config, opts: &Options<'_>) -> Attempt {
    let failed = |diags: Vec<Diagnostic>, files: Files, failure: Option<Diagnostic>| Attempt {
        diags,
        printed: false,
        failure,
        files,
        status: super::FAILURE,
        outcome: Outcome::Failed,
    };
    let _lock = match super::lock_for_reading(ui, &config) {
        Ok(l) => l,
        Err(status) => {
            return Attempt {
                status,
                ..failed(Vec::new(), Files::new(), None)
            }
        }
    };
    // And the output's: two builds into one directory (of two projects)
    // take turns, so neither removes the other's staging.
    let _out_lock = match super::lock_output(ui, opts.out) {
        Ok(l) => l,
        Err(status) => {
            return Attempt {
                status,
                ..failed(Vec::new(), Files::new(), None)
            }
        }
    };
    // One catalog parsed while the table is read: the first to be checked
    // (the next is read while it renders).
    let project = match super::try_load_prefetching(config, 1) {
        Ok(p) => p,
        Err((diags, files)) => return failed(diags, files, None),
    };
    let templates = match html::Templates::load(opts.templates, &project.config.root) {
        Ok(t) => t,
        Err(e) => {
            let why = Diagnostic::new(&checks::TEMPLATE, e.to_string());
            return cannot_render(ui, project, opts.deny_warnings, why);
        }
    };
    // The language switch shows every locale's title on every page: they
    // are read first, each from the part of its catalog that holds it.
    let titles = ui.timed("read the titles", || read_titles(&project));
    // New files wait in a directory beside the output until every page has
    // rendered: a failing or endless template leaves the site untouched.
    let staging = match staging_dir(opts.out).and_then(|d| {
        let flush = crate::fsio::Flush::open(d.path())
            .map_err(|e| write_failed(d.path(), e.to_string()))?;
        Ok((d, flush))
    }) {
        Ok(d) => d,
        Err(why) => return cannot_render(ui, project, opts.deny_warnings, *why),
    };
    let (staging, flush) = staging;
    let locales = project.locales.len();
    // The worker owns what it renders from, so that the deadline can return
    // while it runs.
    let project = Arc::new(project);
    let job = RenderJob {
        project: Arc::clone(&project),
        titles,
        templates,
        ui: ui.clone(),
        out: opts.out.to_path_buf(),
        staging: staging.path().to_path_buf(),
        deny_warnings: opts.deny_warnings,
        shown: opts.shown,
        // The findings are printed as the locales are checked, and only
        // the errors are held when asked.
        keep: if opts.keep_errors {
            |d| d.level == Level::Error
        } else {
            |_| false
        },
    };
    let rendered = with_deadline(move || job.run());
    ui.end();
    let files = |project: Arc<Project>| match Arc::try_unwrap(project) {
        Ok(p) => p.files,
        // The worker still runs (it timed out): its findings are printed.
        Err(_) => Files::new(),
    };
    let done = |files: Files,
                diags: Vec<Diagnostic>,
                status: u8,
                failure: Option<Box<Diagnostic>>,
                outcome: Outcome| Attempt {
        diags,
        printed: true,
        failure: failure.map(|f| *f),
        files,
        status,
        outcome,
    };
    let Rendered {
        staged,
        tally,
        kept,
        incomplete,
    } = match rendered {
        Ok(r) => r,
        Err(failure) => {
            // Nothing is in place: the previous site stays whole. A worker
            // that still writes into the staging directory finds it gone
            // (what it manages to leave, the next build removes).
            let _ = std::fs::remove_dir_all(staging.path());
            return done(
                files(project),
                Vec::new(),
                super::FAILURE,
                Some(failure),
                Outcome::Failed,
            );
        }
    };
    let files = files(project);
    let done = |diags, status, failure, outcome| done(files, diags, status, failure, outcome);
    let kept: Vec<Diagnostic> = kept;
    let status = super::status_of(tally);
    if status != super::OK {
        return done(kept, status, None, Outcome::Refused);
    }
    let staged = match staged {
        Some(Ok(s)) => s,
        Some(Err(d)) => return done(kept, super::FAILURE, Some(d), Outcome::Failed),
        // Not rendered although every check passed: cannot happen, but
        // nothing is in place, so say the site was refused.
        None => return done(kept, super::FINDINGS, None, Outcome::Refused),
    };
    match commit_site(ui, opts.out, &flush, staged) {
        Ok(written) => {
            let built = Built {
                locales,
                files: written.files,
                written: written.written,
                removed: written.removed,
                incomplete,
            };
            done(kept, super::OK, None, Outcome::Built(built))
        }
        Err(d) => done(kept, super::FAILURE, Some(d), Outcome::Failed),
    }
}

/// The attempt of a build that cannot render (`why`: its templates, its
/// output directory), after the check: a site that fails its check is
/// refused whatever its templates or output, with its findings.
fn cannot_render(
    ui: &Ui,
    project: crate::project::Project,
    deny_warnings: bool,
    why: Diagnostic,
) -> Attempt {
    let mut diags = project.check_with(ui);
    for loc in &project.locales {
        diags.extend(super::site_findings(&project, loc));
    }
    crate::run::apply_levels(&mut diags, &project.config, deny_warnings);
    if !deny_warnings {
        crate::run::tolerate_incomplete(&mut diags);
    }
    let status = super::status(&diags);
    let (status, failure, outcome) = if status == super::OK {
        (super::FAILURE, Some(why), Outcome::Failed)
    } else {
        (status, None, Outcome::Refused)
    };
    Attempt {
        diags,
        printed: false,
        failure,
        files: project.files,
        status,
        outcome,
    }
}

/// One output of the build: its path relative to the output directory, and
/// its new content when that differs from the file already there.
type StagedOutput = (String, Option<crate::fsio::Staged>);

/// The staged site, or why it could not be rendered or staged.
type StagedSite = Result<Vec<StagedOutput>, Box<Diagnostic>>;

/// What a locale's turn produced: its staged outputs and status, or why it
/// could not render them.
type LocaleOutputs = Result<(Vec<StagedOutput>, render::status::LocaleStatus), Box<Diagnostic>>;

/// Checks every locale and, while every check so far has passed (`passing`
/// says whether the project's own findings did), renders it and writes
/// each changed file next to its target. Nothing is in place yet. Hands
/// the locales' findings to `report`, and returns the staged site: `None`
/// when a check failed (rendering stops at the first failure).
///
/// Locales go in the report's order through [`Project::pipeline`]: one
/// renders (its pages, Markdown, JSON and search index in parallel) while
/// the next is read, checked and modelled, its catalog dropped once its
/// page model is made.
#[allow(clippy::too_many_arguments)]
fn stage_site(
    ui: &Ui,
    out: &Path,
    staging: &Path,
    project: &crate::project::Project,
    site: &render::Site<'_>,
    templates: &html::Templates,
    report: &OrderedReport<'_, Stdout<'_>>,
    deny_warnings: bool,
    passing: bool,
    incomplete: &std::sync::Mutex<Incomplete>,
) -> Option<StagedSite> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    let passing = AtomicBool::new(passing);
    let cx = render::RenderContext::of(project);
    let root = site.root();
    let template_error =
        |e: render::RenderError| Box::new(Diagnostic::new(&checks::TEMPLATE, e.to_string()));
    // A locale's page model and status, made from its catalog (then
    // dropped), and its outputs, made from them.
    let model = |i: usize, read: Option<crate::project::Loaded>| {
        let page = site.locale(i, read.as_ref().map(|l| &l.ftl));
        let status = render::status::locale_status(cx, i, read.as_ref(), &page, &root);
        (page, status)
    };
    let render_locale =
        |(page, status): (render::Page<'_>, render::status::LocaleStatus)| -> LocaleOutputs {
            let dir = PathBuf::from(&page.lang);
            let paged = site.paginate(&page, PAGE_ENTRIES);
            // The Markdown page, the JSON export and the search index, the
            // largest files, go to the disk as they are made, while the pages
            // render.
            let streamed = |file: &str,
                            write: &(dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>
                                  + Sync)| {
                stage_streamed(out, staging, &dir.join(file), write)
            };
            let pages = || {
                (0..paged.len())
                    .into_par_iter()
                    .filter_map(|n| paged.page(n))
                    .map(|p| {
                        let bytes = templates.page(&p).map_err(template_error)?;
                        stage_one(
                            out,
                            staging,
                            Output {
                                path: dir.join(&p.file),
                                bytes,
                            },
                        )
                    })
                    .collect::<Result<Vec<_>, _>>()
            };
            let ((markdown, json), (search, pages)) = rayon::join(
                || {
                    rayon::join(
                        || streamed("error-codes.md", &|w| render::markdown::write(&page, w)),
                        || {
                            streamed("errors.json", &|w| {
                                render::write_json(&page, PAGE_ENTRIES, w)
                            })
                        },
                    )
                },
                || {
                    rayon::join(
                        || {
                            (paged.len() > 1).then(|| {
                                streamed(render::SEARCH_INDEX_FILE, &|w| {
                                    paged.write_search_index(w).map(drop)
                                })
                            })
                        },
                        pages,
                    )
                },
            );
            let mut staged = vec![markdown?, json?];
            staged.extend(search.transpose()?);
            staged.extend(pages?);
            Ok((staged, status))
        };
    // What translators have not done yet renders with the source text or
    // a mark: without `--deny warnings`, counted, not printed one by one
    // (nor made: a release can make one per entry).
    // (Checks the project allows are not made at all, nor counted.)
    let counting: &[&'static Check] = if deny_warnings {
        &[]
    } else {
        crate::run::INCOMPLETE
    };
    // One locale renders while the next is read, checked and modelled: the
    // two use every core, and memory holds one catalog and two page models
    // (not two catalogs, as a locale per core would).
    let prepare = |i: usize| {
        let loc = &project.locales[i];
        let (mut diags, counts, loaded) =
            project.check_locale(loc, project.read_catalog(loc), counting);
        diags.extend(super::site_findings(project, loc));
        crate::run::apply_levels(&mut diags, &project.config, deny_warnings);
        if !deny_warnings {
            crate::run::tolerate_incomplete(&mut diags);
            let mut counted = Incomplete::default();
            for (check, n) in counts {
                counted.count(check, n);
            }
            counted.take(&mut diags);
            incomplete
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .add(counted);
        }
        if super::status(&diags) != super::OK {
            passing.store(false, Ordering::Relaxed);
        }
        report.checked(i, diags);
        passing.load(Ordering::Relaxed).then(|| model(i, loaded))
    };
    let queue = project.queue(report.order());
    let per_locale = project.pipeline(
        ui,
        "building",
        &queue,
        |i, _| prepare(i),
        |_, _, modelled| {
            let outputs = modelled.map(render_locale);
            // A locale after one that failed its check is not rendered.
            outputs.filter(|_| passing.load(Ordering::Relaxed))
        },
    );
    let mut staged = Vec::new();
    let mut statuses = Vec::new();
    let mut failure = None;
    for outputs in per_locale.into_iter().flatten() {
        match outputs {
            Some(Ok((s, status))) => {
                staged.extend(s);
                statuses.push(status);
            }
            Some(Err(e)) => failure = failure.or(Some(e)),
            None => {}
        }
    }
    if !passing.load(Ordering::Relaxed) {
        return None;
    }
    if let Some(e) = failure {
        return Some(Err(e));
    }
    let rest = (|| -> StagedSite {
        let mut outputs = vec![Output {
            path: PathBuf::from("index.html"),
            bytes: templates.root(&root).map_err(template_error)?,
        }];
        let status_page = render::status::model(cx, &root, statuses);
        outputs.extend(render::status::render(templates, &status_page).map_err(template_error)?);
        outputs.extend(templates.assets());
        // A page for addresses the site does not have, at its root (which
        // GitHub Pages serves for them) and in every locale.
        outputs.push(Output {
            path: PathBuf::from("404.html"),
            bytes: templates
                .not_found(&site.not_found(None))
                .map_err(template_error)?,
        });
        for (i, loc) in cx.locales.iter().enumerate() {
            outputs.push(Output {
                path: PathBuf::from(&loc.dir.tag).join("404.html"),
                bytes: templates
                    .not_found(&site.not_found(Some(i)))
                    .map_err(template_error)?,
            });
        }
        // Published at a known address: a sitemap of every page and its
        // copies in the other locales.
        if let Some(site_url) = &cx.config.site_url {
            let tags: Vec<String> = cx.locales.iter().map(|l| l.dir.tag.clone()).collect();
            let pages: Vec<String> = staged
                .iter()
                .map(|(p, _)| p.clone())
                .filter(|p| p.ends_with(".html"))
                .collect();
            outputs.push(Output {
                path: PathBuf::from("sitemap.xml"),
                bytes: render::sitemap(site_url, &tags, &pages).into_bytes(),
            });
        }
        outputs
            .into_iter()
            .map(|o| stage_one(out, staging, o))
            .collect()
    })();
    match rest {
        Ok(r) => staged.extend(r),
        Err(e) => return Some(Err(e)),
    }
    staged.sort_by(|a, b| a.0.cmp(&b.0));
    Some(Ok(staged))
}

fn write_failed(path: &Path, reason: String) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::new(&checks::WRITE_FAILED, reason)
            .at_path(path)
            .help("the files already there are intact; fix the cause and build again"),
    )
}

/// The prefix of the staging directories of builds into `out`.
fn staging_prefix(out: &Path) -> String {
    let name = out
        .file_name()
        .map_or_else(|| "site".to_owned(), |n| n.to_string_lossy().into_owned());
    format!(".errbook-build-{name}-")
}

/// A fresh staging directory beside `out` (same file system, so putting a
/// file in place is a rename), after removing those a killed build left.
fn staging_dir(out: &Path) -> Result<tempfile::TempDir, Box<Diagnostic>> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let prefix = staging_prefix(out);
    if let Ok(rd) = std::fs::read_dir(&parent) {
        for e in rd.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    std::fs::create_dir_all(&parent).map_err(|e| {
        write_failed(
            &parent,
            format!("cannot create directory: {}", crate::io_reason(&e)),
        )
    })?;
    tempfile::Builder::new()
        .prefix(&prefix)
        .tempdir_in(&parent)
        .map_err(|e| {
            write_failed(
                &parent,
                format!(
                    "cannot create a staging directory: {}",
                    crate::io_reason(&e)
                ),
            )
        })
}

/// Writes one output to the staging directory, unless its target already
/// has that content.
fn stage_one(out: &Path, staging: &Path, o: Output) -> Result<StagedOutput, Box<Diagnostic>> {
    let path = out.join(&o.path);
    let staged = crate::fsio::stage_in(&path, &o.bytes, staging)
        .map_err(|e| write_failed(&path, e.to_string()))?;
    Ok((o.path.to_string_lossy().replace('\\', "/"), staged))
}

/// Stages the output at `rel` (relative to `out`), which `write` makes a
/// piece at a time: see [`crate::fsio::StagingWriter`].
fn stage_streamed(
    out: &Path,
    staging: &Path,
    rel: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<StagedOutput, Box<Diagnostic>> {
    let path = out.join(rel);
    let mut w = crate::fsio::StagingWriter::new(&path, staging)
        .map_err(|e| write_failed(&path, e.to_string()))?;
    write(&mut w).map_err(|e| {
        write_failed(
            &path,
            format!("cannot write {}: {}", path.display(), crate::io_reason(&e)),
        )
    })?;
    let staged = w.finish().map_err(|e| write_failed(&path, e.to_string()))?;
    Ok((rel.to_string_lossy().replace('\\', "/"), staged))
}

/// Every locale's title, as [`render::Site::new`] wants them, without parsing
/// each catalog file: only the part of it around its title is read
/// (see [`crate::ftl::parse_first`]), unless that part cannot
/// tell (a title that refers to a term, one that may lie in the
/// obsolete section), and then the whole file.
fn read_titles(project: &Project) -> Vec<Option<String>> {
    /// How much of a catalog file is read first for its title.
    const TITLE_HEAD: usize = 64 << 10;
    use crate::ftl::{parse_first, First};
    use rayon::prelude::*;
    const TITLE: &str = "errbook-title";
    if !project.messages.iter().any(|m| m.id == TITLE) {
        return vec![None; project.locales.len()];
    }
    project
        .locales
        .par_iter()
        .enumerate()
        .map(|(i, loc)| {
            if loc.is_source {
                return None;
            }
            let cx = render::RenderContext::of(project);
            let whole = |text| {
                render::Site::title_of(cx, i, Some(&crate::ftl::FtlFile::parse_shared(text)))
            };
            let whole_file = || whole(project.catalog_text(loc)?);
            // The title is near the top of a file that sync wrote.
            let (head, complete) = project.catalog_head(loc, TITLE_HEAD)?;
            match parse_first(head, TITLE, complete) {
                First::Absent => None,
                First::In(part) => {
                    let plain = part
                        .messages()
                        .find(|(k, m)| m.id() == TITLE && !part.is_obsolete(*k))
                        .is_some_and(|(_, m)| m.value_text().is_some());
                    if plain {
                        render::Site::title_of(cx, i, Some(&part))
                    } else {
                        whole_file()
                    }
                }
                First::Unknown => whole_file(),
            }
        })
        .collect()
}

/// What the render worker needs, owned, so that it can outlive a deadline.
struct RenderJob {
    project: Arc<Project>,
    titles: Vec<Option<String>>,
    templates: html::Templates,
    ui: Ui,
    out: PathBuf,
    staging: PathBuf,
    deny_warnings: bool,
    keep: fn(&Diagnostic) -> bool,
    shown: (Option<usize>, &'static str),
}

/// What the render worker gives back.
struct Rendered {
    /// The staged site; `None` when a locale failed its check.
    staged: Option<StagedSite>,
    /// The counts of the findings printed.
    tally: Tally,
    /// The findings kept (see [`Options::keep_errors`]).
    kept: Vec<Diagnostic>,
    /// What translators have not done yet, built anyway.
    incomplete: Incomplete,
}

impl RenderJob {
    /// Checks every locale and, while all pass, renders it into the
    /// staging directory, printing the findings as it goes.
    fn run(self) -> Rendered {
        let project = &*self.project;
        let site = render::Site::new(render::RenderContext::of(project), self.titles);
        let report = OrderedReport::new(
            project,
            &self.ui,
            self.deny_warnings,
            emit::Report::stderr(&project.files, Format::Human),
            self.keep,
        )
        .showing(self.shown.0, self.shown.1);
        let passing = super::status_of(report.project_tally()) == super::OK;
        let incomplete = std::sync::Mutex::new(Incomplete::default());
        let staged = self.ui.timed("checked and rendered", || {
            stage_site(
                &self.ui,
                &self.out,
                &self.staging,
                project,
                &site,
                &self.templates,
                &report,
                self.deny_warnings,
                passing,
                &incomplete,
            )
        });
        let (tally, kept) = report.finish();
        Rendered {
            staged,
            tally,
            kept,
            incomplete: incomplete.into_inner().unwrap_or_else(|e| e.into_inner()),
        }
    }
}

/// Runs `work` on a worker thread and gives up after
/// `ERRBOOK_RENDER_TIMEOUT` seconds (default 120): a template can loop
/// without producing output, and nothing can stop Tera from outside. Since
/// each locale is checked and rendered in one pass, the clock also runs
/// while the locales are checked (a small part of the limit, even for a
/// large catalog), and a template that loops is reported even when a
/// locale's check would also have failed.
///
/// On the deadline, `Err` says so and the worker is left to run: it owns
/// what it works on, and writes only into the staging directory, which the
/// caller removes. The process ends when the command returns to `main`. A
/// worker that panics is a bug in errbook, not a slow template: `Err` holds
/// the internal error to report (the panic's message), and the caller fails
/// the build with it (exit status 2). `ERRBOOK_TEST_PANIC=render` makes the
/// worker panic, for the tests of that path.
fn with_deadline<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Box<Diagnostic>> {
    use std::sync::mpsc::RecvTimeoutError;
    let secs = std::env::var("ERRBOOK_RENDER_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120u64);
    let (tx, rx) = std::sync::mpsc::channel();
    let worker = std::thread::Builder::new()
        .name("render".into())
        .spawn(move || {
            if std::env::var_os("ERRBOOK_TEST_PANIC").is_some_and(|v| v == "render") {
                panic!("ERRBOOK_TEST_PANIC=render: a panic injected for the tests");
            }
            let _ = tx.send(work());
        });
    let worker = match worker {
        Ok(w) => w,
        Err(e) => {
            return Err(Box::new(Diagnostic::new(
                &checks::TEMPLATE,
                format!("cannot start the render thread: {}", crate::io_reason(&e)),
            )))
        }
    };
    match rx.recv_timeout(std::time::Duration::from_secs(secs)) {
        Ok(result) => {
            // The worker has sent its last word; it ends at once.
            let _ = worker.join();
            Ok(result)
        }
        // The sender went without sending: the worker panicked. Joining it
        // takes the panic.
        Err(RecvTimeoutError::Disconnected) => {
            let why = match worker.join() {
                Err(payload) => payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic without a message".to_owned()),
                Ok(()) => "the worker ended without a result".to_owned(),
            };
            Err(Box::new(
                Diagnostic::new(
                    &checks::TEMPLATE,
                    format!("internal error while checking and rendering: {why}"),
                )
                .help("this is a bug in errbook, please report it; nothing was written"),
            ))
        }
        Err(RecvTimeoutError::Timeout) => Err(Box::new(
            Diagnostic::new(
                &checks::TEMPLATE,
                format!("rendering took longer than {secs} s; does a template loop forever?"),
            )
            .help("nothing was written; fix the template (or raise ERRBOOK_RENDER_TIMEOUT for a huge catalog)"),
        )),
    }
}

/// What [`commit_site`] did.
struct Report {
    files: usize,
    written: usize,
    removed: usize,
}

/// Flushes the staged files to the disk and puts them in place, then
/// removes the files of the previous build that this one no longer has (and
/// nothing else).
fn commit_site(
    ui: &Ui,
    out: &Path,
    flush: &crate::fsio::Flush,
    staged: Vec<StagedOutput>,
) -> Result<Report, Box<Diagnostic>> {
    let manifest_path = out.join(MANIFEST);
    let new = staged.iter().filter_map(|(_, s)| s.as_ref());
    if new.clone().next().is_some() {
        flush
            .all(new)
            .map_err(|e| write_failed(out, e.to_string()))?;
    }
    // Nothing is written through a link that leads out of `out`: every
    // directory the new files go into is checked before the first is put
    // in place, so a refused build leaves the site as it was.
    let mut inside = Inside::new(out);
    for (rel, _) in &staged {
        inside.check(rel).map_err(|why| write_failed(out, why))?;
    }
    // The manifest is errbook's own file: a link or a special file in its
    // place is not read (and is replaced when the manifest is written).
    let previous: BTreeSet<String> = std::fs::symlink_metadata(&manifest_path)
        .ok()
        .filter(std::fs::Metadata::is_file)
        .and_then(|_| crate::input::read_to_string(&manifest_path).ok())
        .map(|t| t.lines().map(str::to_owned).collect())
        .unwrap_or_default();
    let files = staged.len();
    let mut written = 0;
    let mut now = BTreeSet::new();
    for (rel, s) in staged {
        if let Some(s) = s {
            s.commit()
                .map_err(|e| write_failed(&out.join(&rel), e.to_string()))?;
            ui.detail(format_args!("wrote {}", out.join(&rel).display()));
            written += 1;
        }
        now.insert(rel);
    }
    let mut removed = 0;
    for stale in previous.difference(&now) {
        // Only plain relative paths that the manifest could have come from.
        if stale.split('/').any(|c| c == ".." || c.is_empty()) {
            continue;
        }
        // Nor is anything deleted through such a link; a link in a file's
        // place is removed itself, never what it points at.
        if inside.check(stale).is_err() {
            continue;
        }
        let path = out.join(stale);
        let removable = std::fs::symlink_metadata(&path)
            .is_ok_and(|m| m.is_file() || m.file_type().is_symlink());
        if removable && std::fs::remove_file(&path).is_ok() {
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
    // Written in place of a link, never through it.
    if std::fs::symlink_metadata(&manifest_path).is_ok_and(|m| !m.is_file()) {
        let _ = std::fs::remove_file(&manifest_path);
    }
    crate::fsio::write_atomic(&manifest_path, manifest.as_bytes())
        .map_err(|e| write_failed(&manifest_path, e.to_string()))?;
    Ok(Report {
        files,
        written,
        removed,
    })
}

/// Checks that the directories on the way to a file of the output stay
/// inside the output directory: `out` itself may be a link (the user named
/// it), but a directory found in it that is a link elsewhere
/// (`site/en-US -> /home/me`) is never written or deleted through.
struct Inside<'a> {
    out: &'a Path,
    /// `out`, resolved; `None` while it does not exist (nothing in it can
    /// be a link then).
    base: Option<PathBuf>,
    /// Directories already found to be inside.
    checked: BTreeSet<PathBuf>,
}

impl<'a> Inside<'a> {
    fn new(out: &'a Path) -> Inside<'a> {
        Inside {
            out,
            base: std::fs::canonicalize(out).ok(),
            checked: BTreeSet::new(),
        }
    }

    /// `Err(why)` when a directory on the way to `rel` (a `/`-separated
    /// path below `out`) is a link that leads outside `out`.
    fn check(&mut self, rel: &str) -> Result<(), String> {
        let Some(base) = &self.base else {
            return Ok(());
        };
        let mut dir = self.out.to_path_buf();
        let parts: Vec<&str> = rel.split('/').collect();
        for part in &parts[..parts.len().saturating_sub(1)] {
            dir.push(part);
            if self.checked.contains(&dir) {
                continue;
            }
            match std::fs::symlink_metadata(&dir) {
                // Not there yet: created as a plain directory, as is all below.
                Err(_) => return Ok(()),
                Ok(m) if m.file_type().is_symlink() => {
                    let target = std::fs::canonicalize(&dir);
                    if !target.as_ref().is_ok_and(|t| t.starts_with(base)) {
                        return Err(format!(
                            "{} is a link to {}, outside the output directory; errbook writes and \
                             deletes only inside it: remove the link and build again",
                            dir.display(),
                            target
                                .map_or_else(|_| "nowhere".to_owned(), |t| t.display().to_string())
                        ));
                    }
                }
                Ok(_) => {}
            }
            self.checked.insert(dir.clone());
        }
        Ok(())
    }
}

fn init_templates(ui: &Ui, dir: &Path) -> anyhow::Result<u8> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in html::DEFAULT_TEMPLATES {
        let path = dir.join(name);
        // Anything there (a link too, even one that leads nowhere) is left
        // as it is, and never written through.
        if std::fs::symlink_metadata(&path).is_ok() {
            eprintln!("errbook: {} exists; left as it is", path.display());
            continue;
        }
        crate::fsio::create_new(&path, text.as_bytes())?;
        ui.info(format_args!("wrote {}", path.display()));
    }
    ui.info(format_args!(
        "build with: errbook build --templates {}",
        dir.display()
    ));
    Ok(super::OK)
}
