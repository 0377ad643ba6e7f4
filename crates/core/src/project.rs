//! A project: the configuration, the source catalog and every locale's
//! files, read once. Commands work on a loaded [`Project`].

use std::path::{Path, PathBuf};

use crate::catalog::SourceMessage;
use crate::check;
use crate::config::Config;
use crate::diag::{Diagnostic, FileId, Files, Level};
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
}

/// The project could not be loaded; the diagnostics say why (exit 2).
#[derive(Debug)]
pub struct Fatal {
    /// What went wrong.
    pub diagnostics: Vec<Diagnostic>,
    /// The files read so far (for printing).
    pub files: Files,
}

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
            || source::read(&config.source, &mut files, &opts),
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
            messages,
            locales,
            diagnostics,
            index: std::sync::OnceLock::new(),
            prefetched: std::sync::Mutex::new(prefetched_by_id),
            buffers: std::sync::Mutex::new(Vec::new()),
            findings: std::sync::Mutex::new(Vec::new()),
            largest: std::sync::OnceLock::new(),
        })
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

    /// Reads and parses a locale's catalog file (`errors.ftl`). Takes
    /// `&self`, so locales can be read in parallel; the text is not kept
    /// (see [`Files`]): a caller that reports diagnostics at positions in
    /// the file records their lines with [`Project::keep_lines`].
    pub fn read_catalog(&self, loc: &Locale) -> CatalogRead {
        match self.read_catalog_text(loc) {
            Unparsed::Unread(diagnostics) => CatalogRead {
                loaded: None,
                diagnostics,
            },
            Unparsed::Parsed(loaded) => CatalogRead {
                loaded: Some(loaded),
                diagnostics: Vec::new(),
            },
            Unparsed::Text(file, text) => CatalogRead {
                loaded: Some(Loaded {
                    path: self.files.path(file).to_path_buf(),
                    file,
                    ftl: FtlFile::parse_shared(text),
                }),
                diagnostics: Vec::new(),
            },
        }
    }

    /// A locale's catalog file read as text (or parsed already, when it
    /// was parsed ahead while the source was read).
    fn read_catalog_text(&self, loc: &Locale) -> Unparsed {
        let Some(file) = loc.catalog_file else {
            return Unparsed::Unread(Vec::new());
        };
        {
            let mut early = self.prefetched.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(i) = early.iter().position(|l| l.file == file) {
                return Unparsed::Parsed(early.swap_remove(i));
            }
        }
        match read_utf8_into(self.files.path(file), &loc.dir.tag, self.take_buffer()) {
            Ok(text) => Unparsed::Text(file, std::sync::Arc::new(text)),
            Err(failure) => match *failure {
                ReadFailure {
                    diagnostic,
                    lossy: Some((lossy, at)),
                } => {
                    self.files.keep_lines(file, &lossy, [at, at + 1]);
                    Unparsed::Unread(vec![diagnostic.at(file, at..at + 1)])
                }
                ReadFailure { diagnostic, .. } => Unparsed::Unread(vec![diagnostic]),
            },
        }
    }

    /// The text of a locale's catalog file, when it exists and is UTF-8:
    /// for a command that wants a little of it before reading it in full
    /// ([`Project::read_catalog`], which reports why a file cannot be read).
    pub fn catalog_text(&self, loc: &Locale) -> Option<std::sync::Arc<String>> {
        let file = loc.catalog_file?;
        {
            let early = self.prefetched.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(l) = early.iter().find(|l| l.file == file) {
                return Some(l.ftl.text.clone());
            }
        }
        read_utf8(self.files.path(file), &loc.dir.tag)
            .ok()
            .map(std::sync::Arc::new)
    }

    /// The first `max` bytes or so of a locale's catalog file, cut at a
    /// line end, and whether that is the whole file; `None` when it cannot
    /// be read or that part is not UTF-8 ([`Project::read_catalog`] says
    /// why). For a command that wants a little of a large file.
    pub fn catalog_head(&self, loc: &Locale, max: usize) -> Option<(std::sync::Arc<String>, bool)> {
        use std::io::Read;
        let file = loc.catalog_file?;
        {
            let early = self.prefetched.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(l) = early.iter().find(|l| l.file == file) {
                return Some((l.ftl.text.clone(), true));
            }
        }
        let mut bytes = Vec::with_capacity(max.min(1 << 20));
        crate::input::open(self.files.path(file))
            .ok()?
            .take(max as u64)
            .read_to_end(&mut bytes)
            .ok()?;
        let whole = bytes.len() < max;
        if !whole {
            let end = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            bytes.truncate(end);
        }
        crate::utf8::string(bytes)
            .ok()
            .map(|t| (std::sync::Arc::new(t), whole))
    }

    /// Records the lines of a catalog file that diagnostics point at, so
    /// they can be shown after its text is dropped.
    pub fn keep_lines(&self, loaded: &Loaded, diags: &[Diagnostic]) {
        self.keep_lines_of(loaded.file, &loaded.ftl.text, diags);
    }

    /// [`Project::keep_lines`] of the file `file` whose text is `text`.
    fn keep_lines_of(&self, file: FileId, text: &str, diags: &[Diagnostic]) {
        let offsets = diags
            .iter()
            .filter_map(|d| d.location.as_ref())
            .filter(|l| l.file == file)
            .flat_map(|l| [l.span.start, l.span.end]);
        self.files.keep_lines(file, text, offsets);
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

    /// The checks the configuration sets to `allow` (a fatal one never is):
    /// their findings are not made.
    pub fn allowed_checks(&self) -> Vec<&'static str> {
        checks::ALL
            .iter()
            .filter(|c| !checks::is_fatal(c) && self.config.level(c) == Level::Allow)
            .map(|c| c.name)
            .collect()
    }

    /// Runs every check. Levels are the checks' defaults; see
    /// [`apply_levels`].
    pub fn check(&self) -> Vec<Diagnostic> {
        self.check_with(&Silent)
    }

    /// [`Project::check`], telling `progress` about each locale checked (a
    /// command that also needs each parsed catalog calls
    /// [`Project::check_locale`] itself, as `build` does).
    pub fn check_with(&self, progress: &dyn Progress) -> Vec<Diagnostic> {
        let found = std::sync::Mutex::new(vec![Vec::new(); self.locales.len()]);
        let order: Vec<usize> = (0..self.locales.len()).collect();
        self.check_each(progress, &order, |i, diags| {
            found.lock().unwrap_or_else(|e| e.into_inner())[i] = diags;
        });
        let found = found.into_inner().unwrap_or_else(|e| e.into_inner());
        // Sized once: a large catalog can have findings by the ten
        // thousand, and a list grown by doubling would hold up to twice
        // their size, and copy them on the way.
        let project = self.project_diagnostics();
        let mut out = Vec::with_capacity(project.len() + found.iter().map(Vec::len).sum::<usize>());
        out.extend(project);
        for diags in found {
            out.extend(diags);
        }
        out
    }

    /// Checks every locale, one a core at a time, taking them in `order`
    /// (see [`Project::in_order`]), and hands each locale's findings to
    /// `each` with its index as soon as it is checked, so that a caller can
    /// print them in order as they come rather than hold them all.
    /// [`Project::project_diagnostics`] are not included.
    pub fn check_each(
        &self,
        progress: &dyn Progress,
        order: &[usize],
        each: impl Fn(usize, Vec<Diagnostic>) + Sync,
    ) {
        self.in_order(progress, "checking", order, |i, loc| {
            each(i, self.check_one(loc))
        });
        // Not needed any more: give the memory back for the report.
        self.buffers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.findings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Gives back a list of findings that have been printed, for the next
    /// locale's findings to be collected into. A list of a finding per
    /// message is tens of megabytes; one a worker is kept.
    pub fn give_findings(&self, mut list: Vec<Diagnostic>) {
        if list.capacity() == 0 {
            return;
        }
        list.clear();
        let mut lists = self.findings.lock().unwrap_or_else(|e| e.into_inner());
        if lists.len() < rayon::current_num_threads() {
            lists.push(list);
        }
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
        let queue: Vec<usize> = {
            let early = self.prefetched.lock().unwrap_or_else(|e| e.into_inner());
            let parsed = |&i: &usize| {
                let file = self.locales[i].catalog_file;
                early.iter().any(|l| Some(l.file) == file)
            };
            let (first, rest): (Vec<usize>, Vec<usize>) = order.iter().copied().partition(parsed);
            first.into_iter().chain(rest).collect()
        };
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

    /// The findings of one locale's files.
    fn check_one(&self, loc: &Locale) -> Vec<Diagnostic> {
        if self.source_locale_current(loc) {
            // Exactly what errbook generates: nothing in it to check, so
            // it is not parsed.
            return self.check_locale_with(loc, Vec::new(), None);
        }
        // The catalog is checked as it is parsed, a run of entries at a
        // time, and its entries are never all held. Its text is read into
        // the buffer of one checked before: a large catalog's file is
        // megabytes, which the system would otherwise clear for every file.
        let (diags, text) = match self.read_catalog_text(loc) {
            Unparsed::Unread(diagnostics) => (self.check_locale_with(loc, diagnostics, None), None),
            Unparsed::Parsed(l) => {
                let catalog = Some((l.file, &l.ftl.text, Some(&l.ftl)));
                let diags = self.check_locale_with(loc, Vec::new(), catalog);
                (diags, Some(l.ftl.text))
            }
            Unparsed::Text(file, text) => {
                let diags = self.check_locale_with(loc, Vec::new(), Some((file, &text, None)));
                (diags, Some(text))
            }
        };
        if let Some(text) = text.and_then(|t| std::sync::Arc::try_unwrap(t).ok()) {
            self.give_buffer(text.into_bytes());
        }
        diags
    }

    /// True when `loc` is the source locale and its catalog file holds
    /// exactly the text errbook generates from the table (compared as
    /// bytes, so the file need not be parsed, nor even validated as UTF-8),
    /// from source messages with distinct ids: such a file has nothing to
    /// report. (Two source messages can share an id when two group names
    /// hash alike; the generated file then defines it twice, which the
    /// duplicate-id check of the parsed file reports.)
    fn source_locale_current(&self, loc: &Locale) -> bool {
        let Some(file) = loc.catalog_file.filter(|_| loc.is_source) else {
            return false;
        };
        if self.extraction.has_errors()
            || !self.source_index().is_unique()
            || self
                .prefetched
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .iter()
                .any(|l| l.file == file)
        {
            return false;
        }
        let Ok(bytes) = read_into(self.files.path(file), self.take_buffer()) else {
            return false;
        };
        let current = generate::is_source_locale_file(
            &bytes,
            &self.extraction.catalog,
            &self.messages,
            &self.config.source_display(),
        );
        self.give_buffer(bytes);
        current
    }

    /// A buffer to read a catalog file into: one given back, or a new one
    /// the size of the largest catalog file. (Catalogs differ in size by a
    /// few kilobytes: a buffer sized for the file it was first read for would
    /// mostly be too small for the next, and grown by a copy to new memory.)
    fn take_buffer(&self) -> Vec<u8> {
        let given_back = self.buffers.lock().unwrap_or_else(|e| e.into_inner()).pop();
        given_back.unwrap_or_else(|| Vec::with_capacity(self.largest_catalog()))
    }

    /// The size of the largest catalog file, in bytes (0 when none can be
    /// read), looked up once.
    fn largest_catalog(&self) -> usize {
        *self.largest.get_or_init(|| {
            self.locales
                .iter()
                .filter_map(|l| l.catalog_file)
                .filter_map(|f| std::fs::metadata(self.files.path(f)).ok())
                .map(|m| usize::try_from(m.len()).unwrap_or(0))
                .max()
                .unwrap_or(0)
        })
    }

    /// A list given back by [`Project::give_findings`], or a new one.
    fn take_findings(&self) -> Vec<Diagnostic> {
        let mut lists = self.findings.lock().unwrap_or_else(|e| e.into_inner());
        lists.pop().unwrap_or_default()
    }

    /// Gives back a buffer that is no longer needed, for the next file.
    fn give_buffer(&self, buffer: Vec<u8>) {
        let mut buffers = self.buffers.lock().unwrap_or_else(|e| e.into_inner());
        // One a worker: the files are read one a worker at a time.
        if buffers.len() < rayon::current_num_threads() {
            buffers.push(buffer);
        }
    }

    /// What the check finds outside the locales' files: the source table's
    /// problems and the locales directory's.
    pub fn project_diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = self.extraction.diagnostics.clone();
        out.extend(self.diagnostics.iter().cloned());
        out
    }

    /// Checks one locale's files, with its catalog file as
    /// [`Project::read_catalog`] found it, and gives the parsed catalog
    /// back (for a command that also renders it: one read for both). The
    /// lines the diagnostics point at are kept (see [`Project::keep_lines`]).
    pub fn check_locale(
        &self,
        loc: &Locale,
        read: CatalogRead,
    ) -> (Vec<Diagnostic>, Option<Loaded>) {
        let catalog = read
            .loaded
            .as_ref()
            .map(|l| (l.file, &l.ftl.text, Some(&l.ftl)));
        let out = self.check_locale_with(loc, read.diagnostics, catalog);
        (out, read.loaded)
    }

    /// [`Project::check_locale`] after `diagnostics` from reading the
    /// catalog file, with the catalog's file id and text, and the file
    /// parsed (or `None` to parse it here a run at a time, never holding
    /// all its entries).
    fn check_locale_with(
        &self,
        loc: &Locale,
        diagnostics: Vec<Diagnostic>,
        catalog: Option<(FileId, &std::sync::Arc<String>, Option<&FtlFile>)>,
    ) -> Vec<Diagnostic> {
        let site_file = std::path::Path::new(crate::config::SITE_FILE);
        let is_site = |f: &&Loaded| f.path.file_name() == Some(site_file.as_os_str());
        let mut out = diagnostics;
        let tag = &loc.dir.tag;
        let findings = catalog.map(|(file, text, parsed)| {
            // A translated catalog holds the source's ids, and is compared
            // with the source messages when the source reads cleanly.
            let source = (!loc.is_source).then(|| (&self.messages[..], self.source_index()));
            let compare = !loc.is_source && !self.extraction.has_errors();
            let mut check = check::locale::FileCheck::new(tag, file, text, source, compare)
                .allowing(self.allowed_checks())
                .reusing(self.take_findings());
            match parsed {
                Some(ftl) => check.feed(&ftl.items, &ftl.errors),
                None => crate::ftl::parse_runs(text, |run| check.feed(&run.items, &run.errors)),
            }
            check.finish()
        });
        let findings = findings.unwrap_or_default();
        out.extend(findings.syntax);
        for f in &loc.others {
            out.extend(check::locale::syntax(tag, f.file, &f.ftl));
        }
        let source_site = self
            .locales
            .iter()
            .find(|l| l.is_source)
            .and_then(|l| l.others.iter().find(is_site));
        if let (false, Some(src)) = (loc.is_source, source_site) {
            match loc.others.iter().find(is_site) {
                Some(f) => out.extend(check::locale::site_strings(tag, f.file, &f.ftl, &src.ftl)),
                None => out.push(
                    Diagnostic::new(
                        &checks::MISSING_FILE,
                        format!("locale {tag} has no {}", site_file.display()),
                    )
                    .at_path(loc.dir.dir.join(site_file))
                    .locale(tag.as_str())
                    .help("copy the source locale's site.ftl and translate it"),
                ),
            }
        }
        if !loc.dir.catalog().exists() {
            out.push(
                Diagnostic::new(
                    &checks::MISSING_FILE,
                    format!("locale {tag} has no {}", crate::config::CATALOG_FILE),
                )
                .at_path(loc.dir.catalog())
                .locale(tag.as_str())
                .help("run `errbook sync` to create it"),
            );
        } else if let (false, Some((file, text, _))) = (self.extraction.has_errors(), catalog) {
            if loc.is_source {
                // Generated here, by the one worker that needs it.
                out.extend(check::locale::source_locale(
                    tag,
                    file,
                    text,
                    &self.source_locale_text(),
                ));
            } else {
                // The comparison's findings go last, where they are also
                // the most: the others move in front of them, rather than
                // all of them into a second list.
                let mut compared = findings.compared;
                compared.splice(0..0, std::mem::take(&mut out));
                out = compared;
            }
        }
        if let Some((file, text, _)) = catalog {
            self.keep_lines_of(file, text, &out);
        }
        out
    }
}

/// A locale's catalog file as read, before it is parsed.
enum Unparsed {
    /// No catalog file, or one that cannot be read (with why).
    Unread(Vec<Diagnostic>),
    /// Parsed ahead, while the source was read.
    Parsed(Loaded),
    /// Its text.
    Text(FileId, std::sync::Arc<String>),
}

/// A file that could not be read as UTF-8 text.
struct ReadFailure {
    /// What went wrong, without a location yet.
    diagnostic: Diagnostic,
    /// For a file that is not UTF-8: its text read lossily and the offset
    /// of the first bad byte, so the diagnostic can point at it.
    lossy: Option<(String, usize)>,
}

fn read_utf8(path: &Path, tag: &str) -> Result<String, Box<ReadFailure>> {
    read_utf8_into(path, tag, Vec::new())
}

/// Reads the file at `path` into `buffer` (emptied first, and grown to
/// the file's size if it is smaller).
fn read_into(path: &Path, buffer: Vec<u8>) -> std::io::Result<Vec<u8>> {
    crate::input::read_into(path, buffer)
}

/// [`read_utf8`] into `buffer` (see [`read_into`]).
fn read_utf8_into(path: &Path, tag: &str, buffer: Vec<u8>) -> Result<String, Box<ReadFailure>> {
    let bytes = read_into(path, buffer).map_err(|e| {
        Box::new(ReadFailure {
            diagnostic: Diagnostic::new(
                &checks::LOCALE_UNREADABLE,
                format!("cannot read locale file: {}", crate::io_reason(&e)),
            )
            .at_path(path)
            .locale(tag),
            lossy: None,
        })
    })?;
    crate::utf8::string(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        Box::new(ReadFailure {
            diagnostic: Diagnostic::new(
                &checks::LOCALE_ENCODING,
                format!("locale file is not valid UTF-8 (byte 0x{:02X})", bytes[at]),
            )
            .locale(tag)
            .help("re-save the file as UTF-8"),
            lossy: Some((String::from_utf8_lossy(&bytes).into_owned(), at)),
        })
    })
}

/// Reads and parses one small `.ftl` file, kept whole in `files`.
fn read_ftl(
    path: &Path,
    tag: &str,
    files: &mut Files,
    diags: &mut Vec<Diagnostic>,
) -> Option<Loaded> {
    match read_utf8(path, tag) {
        Ok(text) => {
            // A small file (site.ftl), kept whole for diagnostics.
            let file = files.add(path, text.as_str());
            Some(Loaded {
                path: path.to_path_buf(),
                file,
                ftl: FtlFile::parse(text),
            })
        }
        Err(failure) => match *failure {
            ReadFailure {
                diagnostic,
                lossy: Some((lossy, at)),
            } => {
                let file = files.add(path, lossy);
                diags.push(diagnostic.at(file, at..at + 1));
                None
            }
            ReadFailure { diagnostic, .. } => {
                diags.push(diagnostic);
                None
            }
        },
    }
}

/// Sets each diagnostic's level from the configuration; with
/// `deny_warnings`, warnings become errors. Diagnostics set to `allow` are
/// dropped.
pub fn apply_levels(diags: &mut Vec<Diagnostic>, config: &Config, deny_warnings: bool) {
    for d in diags.iter_mut() {
        d.level = config.level(d.check);
        if deny_warnings && d.level == Level::Warning {
            d.level = Level::Error;
        }
        if checks::is_fatal(d.check) {
            d.level = Level::Error;
        }
    }
    diags.retain(|d| d.level != Level::Allow);
}
