//! `errbook sync`: bring every locale file up to date with the source.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::SyncArgs;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::fsio::{write_locale, StagingWriter, Written};
use crate::locale::fingerprint::{self, FileDigest, Fingerprint};
use crate::locale::sync::{sync_into, Changes, Spill};
use crate::locale::{generate, tag_problem};
use crate::registry as checks;
use crate::ui::{Ui, Verbosity};
use rustc_hash::FxHashSet as HashSet;

/// A file sync wants to write.
struct Plan {
    path: PathBuf,
    content: Content,
    what: String,
    changes: Changes,
}

/// A planned file's new content.
enum Content {
    /// Made whole (a new locale, the source locale).
    Text(String),
    /// Synced: staged beside the file as it was made (not with `--check`),
    /// or why it could not be.
    Streamed {
        staged: Option<Result<Option<crate::fsio::Staged>, crate::fsio::WriteError>>,
        digest: FileDigest,
    },
}

impl Content {
    fn digest(&self) -> FileDigest {
        match self {
            Content::Text(t) => FileDigest::of(t.as_bytes()),
            Content::Streamed { digest, .. } => *digest,
        }
    }
}

/// A synced locale file's new text, hashed and (unless only checked)
/// staged beside the file as sync makes it.
struct FileSpill<'a> {
    path: &'a std::path::Path,
    within: &'a [&'a std::path::Path],
    write: bool,
    hasher: fingerprint::FileHasher,
    writer: Option<Result<StagingWriter, crate::fsio::WriteError>>,
}

impl Spill for FileSpill<'_> {
    fn open(&mut self, _size: usize) {
        if !self.write {
            return;
        }
        let dir = self.path.parent().unwrap_or(std::path::Path::new("."));
        self.writer = Some(
            crate::fsio::check_locale_path(self.path, self.within)
                .and_then(|()| StagingWriter::replacing(self.path, dir)),
        );
    }

    fn push(&mut self, s: &str) {
        self.hasher.update(s.as_bytes());
        if let Some(Ok(w)) = &mut self.writer {
            // A failed write is recorded by the writer, and its `finish`
            // reports it.
            let _ = w.write_all(s.as_bytes());
        }
    }
}

impl FileSpill<'_> {
    fn finish(self) -> Content {
        Content::Streamed {
            staged: self.writer.map(|w| w.and_then(StagingWriter::finish)),
            digest: self.hasher.digest(),
        }
    }
}

pub fn run(ui: &Ui, config: Config, args: &SyncArgs) -> anyhow::Result<u8> {
    // Held from the first read to the last write, so a second sync cannot
    // read files this one is about to replace.
    let _lock = match super::lock_unless_check(ui, args.check, &config) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    // What the last sync left in sync (see locale::fingerprint): when
    // nothing changed since, there is nothing to read.
    let use_cache = args.add_locale.is_empty();
    let cached = use_cache.then(|| fingerprint::load(&config.root)).flatten();
    let on_disk = cached
        .as_ref()
        .and_then(|c| fingerprint::current(&config, c.key));
    if let (Some(now), Some(was)) = (&on_disk, &cached) {
        if now.same_files(was) {
            // The table's warnings were shown by the sync that recorded
            // this; they are counted here rather than read again.
            match was.table_warnings {
                0 => ui.info("errbook: every locale is up to date"),
                n => ui.info(format_args!(
                    "errbook: every locale is up to date; the source table has {n} warning{} (`errbook check` lists {})",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "it" } else { "them" },
                )),
            }
            return Ok(super::OK);
        }
    }
    let project = match super::load(ui, config) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    // The key of the source as it was read for this sync (it may have
    // changed since it was hashed above).
    let key = fingerprint::project_key(&project.config, project.source_digest);
    let unchanged: HashSet<&str> = match (&on_disk, &cached) {
        (Some(now), Some(was)) if now.key == key && was.key == key => now
            .locales
            .iter()
            .filter(|(tag, digest)| was.locales.get(*tag) == Some(digest))
            .map(|(tag, _)| tag.as_str())
            .collect(),
        _ => HashSet::default(),
    };
    let mut diags: Vec<Diagnostic> = project.diagnostics.clone();
    diags.extend(project.extraction.diagnostics.iter().cloned());
    if project.extraction.has_errors() {
        super::report(&project.config, &project.files, &mut diags);
        eprintln!("errbook: nothing synced: fix the source table first");
        return Ok(super::FINDINGS);
    }
    if !args.check {
        for loc in &project.locales {
            crate::fsio::remove_leftovers(&loc.dir.dir);
        }
    }
    let source_locale = &project.config.source_locale;
    let mut plans = Vec::new();

    for tag in &args.add_locale {
        if let Some(d) = tag_problem(tag) {
            diags.push(d);
            continue;
        }
        if project.locales.iter().any(|l| &l.dir.tag == tag) {
            diags.push(
                Diagnostic::new(&checks::LOCALE_TAG, format!("locale {tag} already exists"))
                    .at_path(project.config.locales.join(tag))
                    .help("run `errbook sync` without --add-locale to update it"),
            );
            continue;
        }
        plans.push(Plan {
            path: project
                .config
                .locales
                .join(tag)
                .join(crate::config::CATALOG_FILE),
            content: Content::Text(generate::new_locale_file(
                tag,
                source_locale,
                &project.messages,
            )),
            what: "new locale".to_owned(),
            changes: Changes {
                added: project.messages.iter().map(|m| m.id.clone()).collect(),
                ..Changes::default()
            },
        });
    }

    // Each locale is read, synced, written and dropped in turn, two at a
    // time on two cores: memory holds a few catalogs, not all of them.
    // What changed is the report of `sync --check`; after a write it is
    // information, which --quiet leaves out.
    let report = args.check || ui.verbosity() >= Verbosity::Normal;
    let within = [
        project.config.root.as_path(),
        project.config.locales.as_path(),
    ];
    let mut out = String::new();
    let mut planned = 0usize;
    for plan in plans {
        planned += 1;
        execute(plan, args.check, report, &within, &mut out, &mut diags);
    }
    let per_locale: Vec<(String, Vec<Diagnostic>, bool, Option<u128>)> =
        project.for_locales_with(ui, "syncing", |_, loc| {
            let tag = loc.dir.tag.as_str();
            if unchanged.contains(tag) {
                // In sync when the last sync recorded it, and unchanged.
                let digest = on_disk.as_ref().and_then(|f| f.locales.get(tag).copied());
                return (String::new(), Vec::new(), false, digest);
            }
            let mut out = String::new();
            let mut diags = Vec::new();
            // The digest of the locale's catalog file as this sync leaves it.
            let mut catalog: Option<FileDigest> = None;
            let mut plan = None;
            // The source locale's file, when it is exactly what errbook
            // generates, is compared as bytes and not parsed.
            let current = loc.is_source
                && project.source_locale_current(loc, |b| catalog = Some(FileDigest::of(b)));
            if !current {
                let read = project.read_catalog(loc);
                diags = read.diagnostics;
                plan = plan_locale(
                    &project,
                    loc,
                    read.loaded.as_ref(),
                    (!args.check, &within),
                    &mut diags,
                );
                if let Some(f) = &read.loaded {
                    project.keep_lines(f, &diags);
                }
                catalog = match &plan {
                    Some(p) => Some(p.content.digest()),
                    None => read
                        .loaded
                        .as_ref()
                        .map(|f| FileDigest::of(f.ftl.text.as_bytes())),
                };
                if let Some(loaded) = read.loaded {
                    project.recycle(loaded);
                }
            }
            let catalog_path = loc.dir.catalog();
            let mut files: Vec<(&std::path::Path, FileDigest)> = loc
                .others
                .iter()
                .map(|f| (f.path.as_path(), FileDigest::of(f.ftl.text.as_bytes())))
                .chain(catalog.map(|c| (catalog_path.as_path(), c)))
                .collect();
            files.sort_by(|a, b| a.0.cmp(b.0));
            let digest = fingerprint::locale_digest_of(files);
            let planned = plan.is_some();
            if let Some(plan) = plan {
                execute(plan, args.check, report, &within, &mut out, &mut diags);
            }
            let digest = diags.is_empty().then_some(digest);
            (out, diags, planned, digest)
        });
    // The table's warnings (none of its errors: then nothing is synced)
    // do not keep the next sync from using the cache; any other finding
    // does.
    let table_warnings = {
        let mut table = project.extraction.diagnostics.clone();
        crate::run::apply_levels(&mut table, &project.config, false);
        table
            .iter()
            .all(|d| d.level == crate::diag::Level::Warning)
            .then_some(table.len())
    };
    let mut synced = Fingerprint {
        key,
        locales: Default::default(),
        table_warnings: table_warnings.unwrap_or_default(),
    };
    let mut all_clean = use_cache
        && table_warnings.is_some()
        && diags.len() == project.extraction.diagnostics.len();
    for ((text, d, p, digest), loc) in per_locale.into_iter().zip(&project.locales) {
        out.push_str(&text);
        diags.extend(d);
        planned += usize::from(p);
        match digest {
            Some(digest) => {
                synced.locales.insert(loc.dir.tag.clone(), digest);
            }
            None => all_clean = false,
        }
    }
    // Record what is now in sync, for the next sync (not after --check,
    // which writes nothing, nor after any finding).
    if all_clean && !args.check && cached.as_ref() != Some(&synced) {
        fingerprint::save(&project.config.root, &synced);
    }
    std::io::stdout().lock().write_all(out.as_bytes())?;
    let status = super::report(&project.config, &project.files, &mut diags);
    // The process ends here: the system takes back the memory faster than
    // freeing the source's strings one by one.
    std::mem::forget(project);
    if status != super::OK {
        return Ok(status);
    }
    let files = format!(
        "{planned} locale file{}",
        if planned == 1 { "" } else { "s" }
    );
    if planned == 0 {
        ui.info("errbook: every locale is up to date");
    } else if args.check {
        ui.info(format_args!(
            "errbook: {files} would change (`errbook sync` writes {})",
            if planned == 1 { "it" } else { "them" }
        ));
        return Ok(super::FINDINGS);
    } else {
        ui.info(format_args!("errbook: updated {files}"));
    }
    Ok(super::OK)
}

/// What sync does to one locale's catalog file, if anything.
fn plan_locale(
    project: &crate::project::Project,
    loc: &crate::project::Locale,
    loaded: Option<&crate::project::Loaded>,
    (write, within): (bool, &[&std::path::Path]),
    diags: &mut Vec<Diagnostic>,
) -> Option<Plan> {
    let path = loc.dir.catalog();
    if loc.is_source {
        // Compared as it is generated, and made (by the one worker that
        // needs it) only when it differs.
        let current = loaded.is_some_and(|c| {
            generate::is_source_locale_file(
                c.ftl.text.as_bytes(),
                &project.extraction.catalog,
                &project.messages,
                &project.config.source_display(),
            )
        });
        if current {
            return None;
        }
        let source_text = project.source_locale_text();
        return Some(Plan {
            path,
            content: Content::Text(source_text),
            what: "regenerated from the source table".to_owned(),
            changes: Changes::default(),
        });
    }
    match loaded {
        Some(f) => {
            let mut spill = FileSpill {
                path: &path,
                within,
                write,
                hasher: Default::default(),
                writer: None,
            };
            let synced = sync_into(
                &f.ftl,
                &project.messages,
                project.source_index(),
                generate::seeds_from_english(&loc.dir.tag),
                &mut spill,
            );
            match synced {
                // The file is in sync: it was only compared.
                Ok((false, _)) => None,
                Ok((true, changes)) => Some(Plan {
                    content: spill.finish(),
                    path,
                    what: changes.summary(),
                    changes,
                }),
                Err(refusal) => {
                    let d = refusal.diagnostic("sync");
                    let at = f.ftl.errors.first().map_or(0, |e| e.pos.start);
                    diags.push(d.at(f.file, at..at).locale(loc.dir.tag.as_str()));
                    None
                }
            }
        }
        None if !path.exists() => Some(Plan {
            path,
            content: Content::Text(generate::new_locale_file(
                &loc.dir.tag,
                &project.config.source_locale,
                &project.messages,
            )),
            what: "created, every message untranslated".to_owned(),
            changes: Changes::default(),
        }),
        // Present but unreadable or not UTF-8: already reported.
        None => None,
    }
}

/// Writes a plan (or, with `--check`, says what it would write), and, when
/// `report`, lists its changes into `out`.
fn execute(
    mut plan: Plan,
    check: bool,
    report: bool,
    within: &[&std::path::Path],
    out: &mut String,
    diags: &mut Vec<Diagnostic>,
) {
    use std::fmt::Write as _;
    let shown = plan.path.display();
    if check {
        let _ = writeln!(out, "would update {shown}: {}", plan.what);
    } else {
        if let Some(dir) = plan.path.parent() {
            if let Err(e) = std::fs::create_dir_all(dir) {
                diags.push(
                    Diagnostic::new(
                        &checks::WRITE_FAILED,
                        format!("cannot create directory: {}", crate::io_reason(&e)),
                    )
                    .at_path(dir),
                );
                return;
            }
        }
        let content = std::mem::replace(&mut plan.content, Content::Text(String::new()));
        let written = match content {
            Content::Text(text) => write_locale(&plan.path, text.as_bytes(), within),
            Content::Streamed { staged, .. } => match staged {
                Some(Ok(Some(staged))) => staged
                    .synced()
                    .and_then(crate::fsio::Staged::commit)
                    .map(|()| Written::Changed),
                Some(Ok(None)) => Ok(Written::Unchanged),
                Some(Err(e)) => Err(e),
                None => Err(crate::fsio::WriteError::Io {
                    path: shown.to_string(),
                    reason: "the synced text was not staged".to_owned(),
                }),
            },
        };
        match written {
            Ok(Written::Changed) if report => {
                let _ = writeln!(out, "updated {shown}: {}", plan.what);
            }
            Ok(Written::Changed) => {}
            Ok(Written::Unchanged) => {}
            Err(e) => {
                diags.push(
                    Diagnostic::new(&checks::WRITE_FAILED, e.to_string())
                        .at_path(&plan.path)
                        .help("the previous file is intact; fix the cause and sync again"),
                );
                return;
            }
        }
    }
    if plan.what == "new locale" || !report {
        return;
    }
    for (ids, mark) in [
        (&plan.changes.added, "+ new, untranslated"),
        (&plan.changes.seeded, "+ from the English column, to review"),
        (&plan.changes.refreshed, "~ source refreshed"),
        (&plan.changes.stale, "! stale"),
        (&plan.changes.obsoleted, "- moved to obsolete"),
        (&plan.changes.revived, "+ restored from obsolete"),
        (
            &plan.changes.reused,
            "+ reused from the same source text, to review",
        ),
    ] {
        for id in ids {
            let _ = writeln!(out, "  {mark}: {id}");
        }
    }
}
