//! A project: the configuration, the source catalog and every locale's
//! files, read once. Commands work on a loaded [`Project`].

use std::path::PathBuf;

use crate::catalog::SourceMessage;
use crate::config::Config;
use crate::diag::{Diagnostic, FileId, Files};
use crate::ftl::FtlFile;
use crate::locale::{self, generate, LocaleDir};
use crate::progress::{Progress, Silent};
use crate::registry as checks;
use crate::source::{self, ExtractOptions, Extraction};

/// A Fluent file that was read.
#[derive(Debug)]
pub struct Loaded {
    /// Its path.
    pub path: PathBuf,
    /// Its id in [`Files`].
    pub file: FileId,
    /// Its parsed content.
    pub ftl: FtlFile,
}

/// A locale and its files.
///
/// The other `.ftl` files (`site.ftl`) are small and read at load time. The
/// catalog file, `errors.ftl`, can be tens of megabytes: it is read when a
/// command gets to it ([`Project::read_catalog`], [`Project::map_locales`]),
/// one or two locales at a time, and dropped after.
#[derive(Debug)]
pub struct Locale {
    /// The directory.
    pub dir: LocaleDir,
    /// True for the source locale, whose file is generated.
    pub is_source: bool,
    /// The id reserved in [`Files`] for `errors.ftl`, when it is among the
    /// locale's files.
    pub catalog_file: Option<FileId>,
    /// The other `.ftl` files.
    pub others: Vec<Loaded>,
}

/// A locale's catalog file as [`Project::read_catalog`] found it.
#[derive(Debug)]
pub struct CatalogRead {
    /// The parsed file, when it exists and could be read as UTF-8.
    pub loaded: Option<Loaded>,
    /// Why it could not be read.
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything a command needs.
#[derive(Debug)]
pub struct Project {
    /// The configuration.
    pub config: Config,
    /// The text of every file read.
    pub files: Files,
    /// The source catalog and its diagnostics.
    pub extraction: Extraction,
    /// The digest of the source table's text as it was read
    /// ([`crate::locale::fingerprint::source_digest`]): the table itself is
    /// not kept once read, only the lines its diagnostics point at.
    pub source_digest: u128,
    /// The source messages, in order.
    pub messages: Vec<SourceMessage>,
    /// The locales, sorted by tag; the source locale is always among them.
    pub locales: Vec<Locale>,
    /// Problems found while reading the locales.
    pub diagnostics: Vec<Diagnostic>,
    /// The source messages by id, built when first needed.
    index: std::sync::OnceLock<crate::standing::SourceIndex>,
    /// Catalog files parsed while the source was read, until asked for.
    prefetched: std::sync::Mutex<Vec<Loaded>>,
    /// Buffers of catalog files checked and dropped, to read the next
    /// ones into (see `Project::check_one`).
    buffers: std::sync::Mutex<Vec<Vec<u8>>>,
    /// Lists of findings printed and emptied, to collect the next locale's
    /// into (see `Project::give_findings`).
    findings: std::sync::Mutex<Vec<Vec<Diagnostic>>>,
    /// The size of the largest catalog file (see `Project::take_buffer`).
    largest: std::sync::OnceLock<usize>,
    /// The term base, when the project has one.
    pub glossary: Option<std::sync::Arc<crate::qa::Glossary>>,
    /// What the QA checks need of the source, built when first needed.
    qa: std::sync::OnceLock<crate::qa::Qa>,
}

/// The project could not be loaded; the diagnostics say why (exit 2).
#[derive(Debug)]
pub struct Fatal {
    /// What went wrong.
    pub diagnostics: Vec<Diagnostic>,
    /// The files read so far (for printing).
    pub files: Files,
}

pub(crate) mod read;

/// Reads the project's term base: none when the default file is not there.
fn read_glossary(
    config: &Config,
    files: &mut Files,
) -> Result<Option<std::sync::Arc<crate::qa::Glossary>>, Box<Diagnostic>> {
    let path = &config.glossary;
    let help = if config.glossary_named {
        "check the path `glossary` names in errbook.toml; the term base's format is in docs/translators.md"
    } else {
        "fix the file or remove it; the term base's format is in docs/translators.md"
    };
    let invalid = |message: String| {
        Diagnostic::new(&checks::GLOSSARY_INVALID, message)
            .at_path(path)
            .help(help)
    };
    // Read as every input is (a regular file, not a FIFO or a device),
    // and no larger than any term base needs: its terms take many times
    // the file's size in memory.
    const LIMIT: u64 = 16 << 20;
    let bytes = match crate::input::open_limited(path, LIMIT).and_then(|f| {
        let mut buf = Vec::new();
        f.read_all(&mut buf).map(|_| buf)
    }) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if path.symlink_metadata().is_ok() {
                return Err(Box::new(invalid(
                    "the term base is a link to a file that does not exist".to_owned(),
                )));
            }
            if !config.glossary_named {
                return Ok(None);
            }
            return Err(Box::new(invalid(
                "cannot read the term base: no such file".to_owned(),
            )));
        }
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            return Err(Box::new(invalid(format!(
                "the term base is larger than the {} errbook reads for one; is this the right file?",
                crate::input::human_size(LIMIT)
            ))))
        }
        Err(e) => {
            return Err(Box::new(invalid(format!(
                "cannot read the term base: {}",
                crate::io_reason(&e)
            ))))
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Err(Box::new(invalid(format!(
                "the term base is not UTF-8 (byte {})",
                e.utf8_error().valid_up_to()
            ))))
        }
    };
    let text = crate::ftl::without_bom(&text).to_owned();
    match crate::qa::Glossary::parse(&text, path) {
        Ok(g) => Ok(Some(std::sync::Arc::new(g))),
        Err(e) => {
            let file = files.add(path.clone(), text);
            let d = Diagnostic::new(
                &checks::GLOSSARY_INVALID,
                format!("invalid term base: {}", e.message),
            )
            .help(help);
            Err(Box::new(match e.span {
                Some(span) => d.at(file, span),
                None => d.at_path(path),
            }))
        }
    }
}

use read::{read_ftl, read_utf8};

impl Project {
    /// Reads the source and every locale.
    pub fn load(config: Config) -> Result<Project, Fatal> {
        Project::load_prefetching(config, 0)
    }

    /// [`Project::load`], parsing up to `prefetch` catalog files (those the
    /// first readers of [`Project::map_locales`] will ask for) on the other
    /// cores while the source table is read, so that a command that reads
    /// every locale does not wait for the table first.
    pub fn load_prefetching(config: Config, prefetch: usize) -> Result<Project, Fatal> {
        Project::load_from(config, prefetch, None)
    }

    /// [`Project::load`] with the source table's text given rather than
    /// read (an editor's unsaved text of it).
    pub fn load_with_table(config: Config, table: Vec<u8>) -> Result<Project, Fatal> {
        Project::load_from(config, 0, Some(table))
    }

    fn load_from(
        config: Config,
        prefetch: usize,
        table: Option<Vec<u8>>,
    ) -> Result<Project, Fatal> {
        let mut files = Files::new();
        let opts = ExtractOptions {
            locale: config.source_locale.clone(),
            columns: config.columns.clone(),
        };
        let discovered = config
            .locales
            .exists()
            .then(|| locale::discover(&config.locales, &config.root));
        // Map_locales hands its first locales to the first two workers: the
        // first one and the one halfway.
        let wanted: Vec<PathBuf> = match &discovered {
            Some(Ok((dirs, _))) if prefetch > 0 && !dirs.is_empty() => {
                let mut picks = vec![0, dirs.len() / 2];
                picks.dedup();
                picks
                    .into_iter()
                    .take(prefetch)
                    .map(|i| dirs[i].catalog())
                    .filter(|p| dirs.iter().any(|d| d.ftl_files.contains(p)))
                    .collect()
            }
            _ => Vec::new(),
        };
        let (extraction, mut prefetched) = rayon::join(
            || match table {
                Some(bytes) => Ok(source::extract_owned(
                    &config.source,
                    bytes,
                    &mut files,
                    &opts,
                )),
                None => source::read(&config.source, &mut files, &opts),
            },
            || {
                wanted
                    .iter()
                    .filter_map(|p| {
                        // A file that cannot be read is read again, and
                        // reported, when it is asked for.
                        let text = read_utf8(p, "").ok()?;
                        Some((p.clone(), FtlFile::parse(text)))
                    })
                    .collect::<Vec<_>>()
            },
        );
        let extraction = match extraction {
            Ok(e) => e,
            Err(d) => {
                return Err(Fatal {
                    diagnostics: vec![*d],
                    files,
                })
            }
        };
        let messages = extraction.catalog.messages();
        // Everything errbook needs of the table is in the catalog now: keep
        // only the lines its diagnostics point at (a large table is tens of
        // megabytes).
        let source_digest =
            crate::locale::fingerprint::source_digest(files.text(extraction.file).as_bytes());
        let points: Vec<usize> = extraction
            .diagnostics
            .iter()
            .filter_map(|d| d.location.as_ref())
            .filter(|l| l.file == extraction.file)
            .flat_map(|l| [l.span.start, l.span.end])
            .collect();
        files.release(extraction.file, points);
        let glossary = read_glossary(&config, &mut files).map_err(|d| Fatal {
            diagnostics: vec![*d],
            files: std::mem::take(&mut files),
        })?;
        let mut diagnostics = Vec::new();
        let dirs = match discovered {
            Some(Ok((dirs, diags))) => {
                diagnostics.extend(diags);
                dirs
            }
            Some(Err(d)) => {
                return Err(Fatal {
                    diagnostics: vec![*d],
                    files,
                })
            }
            None => Vec::new(),
        };
        let mut prefetched_by_id = Vec::new();
        let mut locales = Vec::with_capacity(dirs.len() + 1);
        for dir in dirs {
            let is_source = dir.tag == config.source_locale;
            let mut catalog_file = None;
            let mut others = Vec::new();
            for path in &dir.ftl_files {
                if path == &dir.catalog() {
                    let file = files.reserve(path);
                    catalog_file = Some(file);
                    if let Some(ftl) = prefetched
                        .iter()
                        .position(|(p, _)| p == path)
                        .map(|i| prefetched.swap_remove(i).1)
                    {
                        prefetched_by_id.push(Loaded {
                            path: path.clone(),
                            file,
                            ftl,
                        });
                    }
                } else if let Some(loaded) = read_ftl(path, &dir.tag, &mut files, &mut diagnostics)
                {
                    others.push(loaded);
                }
            }
            let catalog_path = dir.catalog();
            if catalog_path.exists() && !catalog_path.is_file() {
                diagnostics.push(
                    Diagnostic::new(
                        &checks::LOCALE_UNREADABLE,
                        "the catalog file is not a regular file",
                    )
                    .at_path(&catalog_path)
                    .locale(dir.tag.as_str())
                    .help("move it away; errbook sync then creates the file"),
                );
            }
            locales.push(Locale {
                dir,
                is_source,
                catalog_file,
                others,
            });
        }
        if !locales.iter().any(|l| l.is_source) {
            locales.push(Locale {
                dir: LocaleDir {
                    tag: config.source_locale.clone(),
                    dir: config.locales.join(&config.source_locale),
                    ftl_files: Vec::new(),
                },
                is_source: true,
                catalog_file: None,
                others: Vec::new(),
            });
            locales.sort_by(|a, b| a.dir.tag.cmp(&b.dir.tag));
        }
        Ok(Project {
            config,
            files,
            extraction,
            source_digest,
            messages,
            locales,
            diagnostics,
            index: std::sync::OnceLock::new(),
            prefetched: std::sync::Mutex::new(prefetched_by_id),
            buffers: std::sync::Mutex::new(Vec::new()),
            findings: std::sync::Mutex::new(Vec::new()),
            largest: std::sync::OnceLock::new(),
            glossary,
            qa: std::sync::OnceLock::new(),
        })
    }

    /// What the QA checks need of the source.
    pub fn qa(&self) -> &crate::qa::Qa {
        self.qa
            .get_or_init(|| crate::qa::Qa::new(&self.messages, self.glossary.clone()))
    }

    /// The translated locale `tag` with its catalog file read, or the
    /// diagnostics that say why there is none (a tag that is not canonical,
    /// no such locale, the source locale, no readable `errors.ftl`).
    pub fn translated_locale(&self, tag: &str) -> Result<(&Locale, Loaded), Vec<Diagnostic>> {
        let fail = |d: Diagnostic| Err(vec![d.locale(tag)]);
        if let Some(d) = locale::tag_problem(tag) {
            return fail(d);
        }
        let dir = self.config.locales.join(tag);
        let Some(loc) = self.locales.iter().find(|l| l.dir.tag == tag) else {
            return fail(
                Diagnostic::new(&checks::MISSING_FILE, format!("there is no locale {tag}"))
                    .at_path(dir)
                    .help(format!("start it with `errbook sync --add-locale {tag}`")),
            );
        };
        if loc.is_source {
            return fail(
                Diagnostic::new(
                    &checks::LOCALE_TAG,
                    format!("{tag} is the source locale, which is generated from the table, not translated"),
                )
                .help("name a translated locale"),
            );
        }
        let read = self.read_catalog(loc);
        match read.loaded {
            Some(f) => Ok((loc, f)),
            None if !read.diagnostics.is_empty() => Err(read.diagnostics),
            None => fail(
                Diagnostic::new(
                    &checks::MISSING_FILE,
                    format!("locale {tag} has no {}", crate::config::CATALOG_FILE),
                )
                .at_path(loc.dir.catalog())
                .help("run `errbook sync` to create it"),
            ),
        }
    }

    /// The generated text of the source locale's catalog file.
    pub fn source_locale_text(&self) -> String {
        generate::source_locale_file(
            &self.extraction.catalog,
            &self.messages,
            &self.config.source_display(),
        )
    }

    /// The source messages' positions by id, shared by every locale.
    pub fn source_index(&self) -> &crate::standing::SourceIndex {
        self.index
            .get_or_init(|| crate::standing::source_index(&self.messages))
    }

    /// The index in `locales` of one of this project's locales.
    pub fn index_of(&self, loc: &Locale) -> usize {
        self.locales
            .iter()
            .position(|l| std::ptr::eq(l, loc))
            .expect("a locale of this project")
    }

    /// Runs `f` on every locale with its catalog file read, in parallel
    /// (one locale per core at a time, so memory holds a few catalogs, not
    /// all of them), and returns the results in locale order.
    pub fn map_locales<T: Send>(&self, f: impl Fn(&Locale, CatalogRead) -> T + Sync) -> Vec<T> {
        self.map_locales_with(&Silent, "", f)
    }

    /// [`Project::map_locales`] as a step `what` of `progress`, one item
    /// per locale (its catalog file) as it is done.
    pub fn map_locales_with<T: Send>(
        &self,
        progress: &dyn Progress,
        what: &str,
        f: impl Fn(&Locale, CatalogRead) -> T + Sync,
    ) -> Vec<T> {
        self.for_locales_with(progress, what, |_, loc| f(loc, self.read_catalog(loc)))
    }

    /// Runs `first`, then `second` with what it returned, on every locale
    /// in `order` (indices in `locales`): the second stage of one locale
    /// beside the first stage of the next, each with the cores the other
    /// leaves. Memory holds what two stages need, not two locales'
    /// everything, as a locale per core would. Returns what `second`
    /// returned, by index in `locales` (`None` for a locale not in `order`).
    pub fn pipeline<A: Send, T: Send>(
        &self,
        progress: &dyn Progress,
        what: &str,
        order: &[usize],
        first: impl Fn(usize, &Locale) -> A + Sync,
        second: impl Fn(usize, &Locale, A) -> T + Sync,
    ) -> Vec<Option<T>> {
        let mut out: Vec<Option<T>> = (0..self.locales.len()).map(|_| None).collect();
        progress.begin(what, order.len());
        let mut staged: Option<(usize, A)> = None;
        for next in order.iter().copied().map(Some).chain([None]) {
            let (done, next) = rayon::join(
                || {
                    staged.take().map(|(i, a)| {
                        let loc = &self.locales[i];
                        let t = second(i, loc, a);
                        progress.item(&loc.dir.catalog().display());
                        (i, t)
                    })
                },
                || next.map(|i| (i, first(i, &self.locales[i]))),
            );
            if let Some((i, t)) = done {
                out[i] = Some(t);
            }
            staged = next;
        }
        progress.end();
        out
    }

    /// Runs `f` on every locale (with its index in `locales`) in parallel,
    /// as a step `what` of `progress`, and returns the results in locale
    /// order; `f` reads the catalog file ([`Project::read_catalog`]) if and
    /// when it needs it.
    pub fn for_locales_with<T: Send>(
        &self,
        progress: &dyn Progress,
        what: &str,
        f: impl Fn(usize, &Locale) -> T + Sync,
    ) -> Vec<T> {
        use rayon::prelude::*;
        progress.begin(what, self.locales.len());
        let out = self
            .locales
            .par_iter()
            .enumerate()
            .map(|(i, loc)| {
                let t = f(i, loc);
                progress.item(&loc.dir.catalog().display());
                t
            })
            .collect();
        progress.end();
        out
    }

    /// Where each error code stands in a translated locale, from its parsed
    /// catalog file; `None` for the source locale, whose every code is
    /// current by definition.
    pub fn standing<'a>(
        &'a self,
        loc: &Locale,
        catalog: Option<&'a FtlFile>,
    ) -> Option<crate::standing::Standing<'a>> {
        (!loc.is_source)
            .then(|| crate::standing::standing(catalog, &self.messages, self.source_index()))
    }

    /// A locale's coverage (complete for the source locale), from its
    /// parsed catalog file.
    pub fn coverage(&self, loc: &Locale, catalog: Option<&FtlFile>) -> crate::standing::Coverage {
        match self.standing(loc, catalog) {
            Some(s) => s.coverage(),
            None => {
                let total = self.extraction.catalog.entries.len();
                crate::standing::Coverage {
                    total,
                    translated: total,
                    ..Default::default()
                }
            }
        }
    }

    /// The locales (indices in `locales`) in `order`, those parsed ahead
    /// first.
    pub fn queue(&self, order: &[usize]) -> Vec<usize> {
        let early = self.prefetched.lock().unwrap_or_else(|e| e.into_inner());
        let parsed = |&i: &usize| {
            let file = self.locales[i].catalog_file;
            early.iter().any(|l| Some(l.file) == file)
        };
        let (first, rest): (Vec<usize>, Vec<usize>) = order.iter().copied().partition(parsed);
        first.into_iter().chain(rest).collect()
    }

    /// Runs `f` on every locale, one a core at a time, each worker taking
    /// the next in `order` (indices in `locales`), those parsed ahead
    /// first: for a caller that reports each locale's findings in that
    /// order as they come (see `cmd::report`), which then waits for few.
    pub fn in_order(
        &self,
        progress: &dyn Progress,
        what: &str,
        order: &[usize],
        f: impl Fn(usize, &Locale) + Sync,
    ) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let queue = self.queue(order);
        let next = AtomicUsize::new(0);
        progress.begin(what, queue.len());
        rayon::broadcast(|_| {
            while let Some(&i) = queue.get(next.fetch_add(1, Ordering::Relaxed)) {
                let loc = &self.locales[i];
                f(i, loc);
                progress.item(&loc.dir.catalog().display());
            }
        });
        progress.end();
    }
}
