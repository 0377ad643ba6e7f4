//! The checks run on a loaded project: the project's own findings, then
//! each locale's files, in order or as they come, with the levels of the
//! configuration applied.

use crate::check;
use crate::config::Config;
use crate::diag::FileId;
use crate::diag::{Diagnostic, Level};
use crate::ftl::FtlFile;
use crate::locale::generate;
use crate::progress::{Progress, Silent};
use crate::project::read::{read_into, Unparsed};
use crate::project::{CatalogRead, Loaded, Locale, Project};
use crate::registry::{self as checks, Check};

impl Project {
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
        self.release_pools();
    }

    /// The findings of one locale's files.
    fn check_one(&self, loc: &Locale) -> Vec<Diagnostic> {
        if self.source_locale_current(loc, |_| ()) {
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
    /// duplicate-id check of the parsed file reports.) `current` is given
    /// the file's bytes when it is.
    pub fn source_locale_current(&self, loc: &Locale, current: impl FnOnce(&[u8])) -> bool {
        let Some(file) = loc.catalog_file.filter(|_| loc.is_source) else {
            return false;
        };
        if self.extraction.has_errors()
            || !self.source_index().is_unique()
            || self.is_prefetched(file)
        {
            return false;
        }
        let Ok(bytes) = read_into(self.files.path(file), self.take_buffer()) else {
            return false;
        };
        let is_current = generate::is_source_locale_file(
            &bytes,
            &self.extraction.catalog,
            &self.messages,
            &self.config.source_display(),
        );
        if is_current {
            current(&bytes);
        }
        self.give_buffer(bytes);
        is_current
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
    ///
    /// The findings of the checks in `counting` are counted, not made.
    pub fn check_locale(
        &self,
        loc: &Locale,
        read: CatalogRead,
        counting: &[&'static Check],
    ) -> (Vec<Diagnostic>, Counted, Option<Loaded>) {
        let catalog = read
            .loaded
            .as_ref()
            .map(|l| (l.file, &l.ftl.text, Some(&l.ftl)));
        let (out, counted) = self.check_locale_counting(loc, read.diagnostics, catalog, counting);
        (out, counted, read.loaded)
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
        self.check_locale_counting(loc, diagnostics, catalog, &[]).0
    }

    /// [`Project::check_locale_with`], counting the findings of the checks
    /// in `counting` rather than making them.
    fn check_locale_counting(
        &self,
        loc: &Locale,
        diagnostics: Vec<Diagnostic>,
        catalog: Option<(FileId, &std::sync::Arc<String>, Option<&FtlFile>)>,
        counting: &[&'static Check],
    ) -> (Vec<Diagnostic>, Counted) {
        let mut out = diagnostics;
        let tag = &loc.dir.tag;
        let findings = catalog.map(|(file, text, parsed)| {
            // A translated catalog holds the source's ids, and is compared
            // with the source messages when the source reads cleanly.
            let source = (!loc.is_source).then(|| (&self.messages[..], self.source_index()));
            let compare = !loc.is_source && !self.extraction.has_errors();
            let allowed = self.allowed_checks();
            // The QA checks' facts of every source message are not
            // gathered when the configuration allows every one of them.
            let qa = !crate::qa::Enabled::all_but(&allowed).none();
            let mut check = check::locale::FileCheck::new(tag, file, text, source, compare)
                .allowing(allowed)
                .counting(counting)
                .reusing(self.take_findings());
            if qa {
                let rules = crate::qa::Rules::for_locale(tag, &self.config.source_locale);
                check = check.qa(self.qa(), rules);
            }
            match parsed {
                Some(ftl) => check.feed(&ftl.items, &ftl.errors),
                None => crate::ftl::parse_runs(text, |run| check.feed(&run.items, &run.errors)),
            }
            check.finish()
        });
        let findings = findings.unwrap_or_default();
        let counted = findings.counted;
        out.extend(findings.syntax);
        for f in &loc.others {
            out.extend(check::locale::syntax(tag, f.file, &f.ftl));
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
        (out, counted)
    }
}

/// How many findings each counted check had (see [`Project::check_locale`]).
pub type Counted = Vec<(&'static Check, usize)>;

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

/// The checks that say what translators have not done yet: an entry
/// untranslated, stale, missing or without its hint, a translation without
/// the source text it was made from. What they find shows the source text
/// or a mark, so a site or an app can be built with them (`errbook build`
/// does, unless `--deny warnings`; the runtime builder when asked).
pub const INCOMPLETE: &[&Check] = &[
    &checks::UNTRANSLATED,
    &checks::STALE,
    &checks::MISSING_MESSAGE,
    &checks::MISSING_HINT,
    &checks::NO_SOURCE_RECORD,
];

/// True when `check` is one of [`INCOMPLETE`].
pub fn is_incomplete(check: &Check) -> bool {
    INCOMPLETE.iter().any(|c| std::ptr::eq(*c, check))
}

/// Lowers the errors of the [`INCOMPLETE`] checks to warnings.
pub fn tolerate_incomplete(diags: &mut [Diagnostic]) {
    for d in diags {
        if d.level == Level::Error && is_incomplete(d.check) {
            d.level = Level::Warning;
        }
    }
}
