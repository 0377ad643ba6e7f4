//! A project: the configuration, the source catalog and every locale's
//! files, read once. Commands work on a loaded [`Project`].

use std::path::{Path, PathBuf};

use crate::catalog::SourceMessage;
use crate::check::{self, registry as checks};
use crate::config::Config;
use crate::diag::{Diagnostic, FileId, Files, Level};
use crate::locale::ftl::FtlFile;
use crate::locale::{self, generate, LocaleDir};
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
#[derive(Debug)]
pub struct Locale {
    /// The directory.
    pub dir: LocaleDir,
    /// True for the source locale, whose file is generated.
    pub is_source: bool,
    /// `errors.ftl`, when it exists and could be read as UTF-8.
    pub catalog: Option<Loaded>,
    /// The other `.ftl` files.
    pub others: Vec<Loaded>,
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
        let mut files = Files::new();
        let opts = ExtractOptions {
            locale: config.source_locale.clone(),
            columns: config.columns.clone(),
        };
        let extraction = match source::read(&config.source, &mut files, &opts) {
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
        let dirs = if config.locales.exists() {
            match locale::discover(&config.locales, &config.root) {
                Ok((dirs, diags)) => {
                    diagnostics.extend(diags);
                    dirs
                }
                Err(d) => {
                    return Err(Fatal {
                        diagnostics: vec![*d],
                        files,
                    })
                }
            }
        } else {
            Vec::new()
        };
        let mut locales = Vec::with_capacity(dirs.len() + 1);
        for dir in dirs {
            let is_source = dir.tag == config.source_locale;
            let mut catalog = None;
            let mut others = Vec::new();
            for path in &dir.ftl_files {
                if let Some(loaded) = read_ftl(path, &dir.tag, &mut files, &mut diagnostics) {
                    if path == &dir.catalog() {
                        catalog = Some(loaded);
                    } else {
                        others.push(loaded);
                    }
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
                catalog,
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
                catalog: None,
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
        })
    }

    /// The generated text of the source locale's catalog file.
    pub fn source_locale_text(&self) -> String {
        generate::source_locale_file(
            &self.extraction.catalog,
            &self.messages,
            &self.config.source_display(),
        )
    }

    /// Where each error code stands in a translated locale; `None` for the
    /// source locale, whose every code is current by definition.
    pub fn standing<'a>(&'a self, loc: &'a Locale) -> Option<check::locale::Standing<'a>> {
        (!loc.is_source)
            .then(|| check::locale::standing(loc.catalog.as_ref().map(|c| &c.ftl), &self.messages))
    }

    /// A locale's coverage (complete for the source locale).
    pub fn coverage(&self, loc: &Locale) -> check::locale::Coverage {
        match self.standing(loc) {
            Some(s) => s.coverage(),
            None => {
                let total = self.extraction.catalog.entries.len();
                check::locale::Coverage {
                    total,
                    translated: total,
                    ..Default::default()
                }
            }
        }
    }

    /// Runs every check. Levels are the checks' defaults; see
    /// [`apply_levels`].
    pub fn check(&self) -> Vec<Diagnostic> {
        let mut out = self.extraction.diagnostics.clone();
        out.extend(self.diagnostics.iter().cloned());
        let source_ok = !self.extraction.has_errors();
        let expected = source_ok.then(|| self.source_locale_text());
        let site_file = std::path::Path::new(crate::render::strings::SITE_FILE);
        let source_site = self.locales.iter().find(|l| l.is_source).and_then(|l| {
            l.others
                .iter()
                .find(|f| f.path.file_name() == Some(site_file.as_os_str()))
        });
        for loc in &self.locales {
            let tag = &loc.dir.tag;
            for f in loc.catalog.iter().chain(&loc.others) {
                out.extend(check::locale::syntax(tag, f.file, &f.ftl));
            }
            if let (false, Some(src)) = (loc.is_source, source_site) {
                match loc
                    .others
                    .iter()
                    .find(|f| f.path.file_name() == Some(site_file.as_os_str()))
                {
                    Some(f) => {
                        out.extend(check::locale::site_strings(tag, f.file, &f.ftl, &src.ftl))
                    }
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
            let missing_file = || {
                Diagnostic::new(
                    &checks::MISSING_FILE,
                    format!("locale {tag} has no {}", crate::config::CATALOG_FILE),
                )
                .at_path(loc.dir.catalog())
                .locale(tag.as_str())
                .help("run `errbook sync` to create it")
            };
            if !loc.dir.catalog().exists() {
                out.push(missing_file());
                continue;
            }
            let (Some(expected), Some(f)) = (&expected, &loc.catalog) else {
                continue;
            };
            if loc.is_source {
                out.extend(check::locale::source_locale(
                    tag,
                    f.file,
                    &f.ftl.text,
                    expected,
                ));
            } else {
                out.extend(check::locale::translated(
                    tag,
                    f.file,
                    &f.ftl,
                    &self.messages,
                ));
            }
        }
        out
    }
}

/// Reads and parses one `.ftl` file, reporting what goes wrong.
fn read_ftl(
    path: &Path,
    tag: &str,
    files: &mut Files,
    diags: &mut Vec<Diagnostic>,
) -> Option<Loaded> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(
                Diagnostic::new(
                    &checks::LOCALE_UNREADABLE,
                    format!("cannot read locale file: {}", crate::io_reason(&e)),
                )
                .at_path(path)
                .locale(tag),
            );
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            let file = files.add(path, text.as_str());
            Some(Loaded {
                path: path.to_path_buf(),
                file,
                ftl: FtlFile::parse(text),
            })
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let file = files.add(path, String::from_utf8_lossy(&bytes).into_owned());
            diags.push(
                Diagnostic::new(
                    &checks::LOCALE_ENCODING,
                    format!("locale file is not valid UTF-8 (byte 0x{:02X})", bytes[at]),
                )
                .at(file, at..at + 1)
                .locale(tag)
                .help("re-save the file as UTF-8"),
            );
            None
        }
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
