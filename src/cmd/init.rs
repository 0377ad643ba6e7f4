//! `errbook init`: start a project from a Chinese error-code page (or a
//! starter table). Everything is checked before anything is written: an
//! existing file or a page that does not extract cleanly leaves the disk as
//! it was; a write that fails half-way removes what init had created.

use std::path::{Component, Path, PathBuf};

use crate::cli::{Global, InitArgs};
use crate::config::{DEFAULT_LOCALES, DEFAULT_SOURCE, FILE_NAME};
use crate::diag::{emit::Format, Diagnostic, Files};
use crate::registry as checks;
use crate::scaffold::{self, Layout, WORKFLOW_FILE};
use crate::source::{self, columns::ColumnChoice, suggest, ExtractOptions};
use crate::ui::Ui;

use super::fail;

/// `rel` inside `dir`, without a leading `./` for the current directory.
fn under(dir: &Path, rel: impl AsRef<Path>) -> PathBuf {
    if dir == Path::new(".") {
        rel.as_ref().to_path_buf()
    } else {
        dir.join(rel)
    }
}

/// A file init will create.
struct NewFile {
    path: PathBuf,
    contents: Vec<u8>,
}

pub fn run(ui: &Ui, g: &Global, args: &InitArgs) -> anyhow::Result<u8> {
    if g.config.is_some() {
        return fail(
            Diagnostic::new(&checks::CONFIG, "--config does not apply to init")
                .help("init writes errbook.toml into the project directory (DIR)"),
        );
    }
    let mut layout = Layout {
        source: match inside("--source", g.source.as_deref(), DEFAULT_SOURCE) {
            Ok(s) => s,
            Err(d) => return fail(*d),
        },
        locales: match inside("--locales", g.locales.as_deref(), DEFAULT_LOCALES) {
            Ok(s) => s,
            Err(d) => return fail(*d),
        },
        columns: ColumnChoice {
            code: g.code_column.clone(),
            message: g.message_column.clone(),
            hint: g.hint_column.clone(),
            tables: g.table.clone(),
        },
        ..Layout::default()
    };
    let dir = &args.dir;
    if dir.exists() && !dir.is_dir() {
        return fail(
            Diagnostic::new(&checks::WRITE_FAILED, "the project directory is a file")
                .at_path(dir)
                .help("name a directory (it is created when missing)"),
        );
    }

    // Where the workflow goes: the root of the enclosing git repository,
    // which is the only place GitHub reads workflows from.
    let (workflow_path, working_dir) = match repository_root(dir) {
        Some((root, sub)) if !sub.is_empty() => (under(&root, WORKFLOW_FILE), Some(sub)),
        _ => (under(dir, WORKFLOW_FILE), None),
    };
    if !args.force {
        if let Some(d) = would_overwrite(dir, &layout, &workflow_path, args.from.as_deref()) {
            return fail(d);
        }
    }

    // The page, read and extracted before anything is written.
    let mut files = Files::new();
    let (page_path, page) = match &args.from {
        Some(from) => match crate::input::read(from) {
            Ok(bytes) => (from.clone(), bytes),
            Err(e) => {
                return fail(
                    Diagnostic::new(
                        &checks::SOURCE_UNREADABLE,
                        format!("cannot read the page: {}", crate::io_reason(&e)),
                    )
                    .at_path(from)
                    .help("check the path given to --from"),
                )
            }
        },
        None => (
            PathBuf::from("starter table"),
            scaffold::STARTER_TABLE.as_bytes().to_vec(),
        ),
    };
    let opts = ExtractOptions {
        locale: layout.source_locale.clone(),
        columns: layout.columns.clone(),
    };
    let mut extraction = source::extract(&page_path, &page, &mut files, &opts);
    super::print(
        &mut anstream::stderr(),
        &files,
        &mut extraction.diagnostics,
        Format::Human,
    );
    ui.detail(format_args!(
        "read {}: {} codes",
        page_path.display(),
        extraction.catalog.entries.len()
    ));
    if extraction.has_errors() {
        eprintln!(
            "errbook: nothing written: {} is not a clean error-code table (the errors above)",
            page_path.display()
        );
        let found = suggest::columns_that_work(&page_path, &page, &opts);
        if !found.is_empty() {
            eprintln!("help: it reads cleanly with other columns; run one of:");
            for s in &found {
                eprintln!(
                    "  {}   # {} code{}",
                    command_line(args, g, &s.columns),
                    s.codes,
                    if s.codes == 1 { "" } else { "s" }
                );
            }
        } else {
            eprintln!("help: fix what the errors above point at (in a copy of the page), then run init again");
        }
        return Ok(super::FINDINGS);
    }

    // A page with no Chinese message column is read with the column it
    // has: its language is the project's source locale.
    if let Some(tag) = page_language(&extraction.catalog) {
        layout.source_locale = tag.to_owned();
        if layout.source == DEFAULT_SOURCE {
            layout.source = format!("docs/error-codes.{tag}.md");
        }
        if let Some(d) = would_overwrite(dir, &layout, &workflow_path, args.from.as_deref()) {
            return fail(d);
        }
        extraction.catalog.locale = tag.to_owned();
        ui.info(format_args!(
            "the page's messages are not in Chinese: its source locale is `{tag}` (source-locale in errbook.toml)"
        ));
    }
    let source_path = under(dir, &layout.source);
    let adopted = match &args.from {
        Some(from) => same_file(from, &source_path),
        None => false,
    };

    let mut new = Vec::new();
    let project_files =
        scaffold::project_files(&layout, (!adopted).then_some(page.as_slice()), &extraction);
    for (rel, contents) in project_files {
        new.push(NewFile {
            path: under(dir, rel),
            contents,
        });
    }
    new.push(NewFile {
        path: workflow_path.clone(),
        contents: scaffold::workflow(working_dir.as_deref()).into_bytes(),
    });
    // What init writes must read back as the project it describes.
    let config_text = String::from_utf8_lossy(&new[0].contents).into_owned();
    crate::config::Config::parse(&config_text, &under(dir, FILE_NAME))?;

    // The project's .gitignore: errbook's own state (the lock, in
    // `<locales>/.errbook/`) and the built site stay out of the repository.
    let ignore_path = under(dir, ".gitignore");
    let ignore_update = match std::fs::symlink_metadata(&ignore_path) {
        Err(_) => {
            new.push(NewFile {
                path: ignore_path.clone(),
                contents: scaffold::GITIGNORE.as_bytes().to_vec(),
            });
            None
        }
        // A link (to a shared file elsewhere) or anything odd is left alone.
        Ok(m) if !m.is_file() => None,
        Ok(_) => crate::input::read_to_string(&ignore_path)
            .ok()
            .and_then(|text| scaffold::gitignore_additions(&text))
            .map(|text| (ignore_path.clone(), text)),
    };

    if let Err(d) = write_all(ui, &new, args.force) {
        return fail(*d);
    }
    if let Some((path, text)) = ignore_update {
        match crate::fsio::write_atomic(&path, text.as_bytes()) {
            Ok(_) => ui.info(format_args!("added errbook's lines to {}", path.display())),
            Err(e) => ui.info(format_args!(
                "errbook: warning: could not add `.errbook/` to {}: {e}",
                path.display()
            )),
        }
    }

    let codes = extraction.catalog.entries.len();
    ui.info(format_args!(
        "created an errbook project in {} ({codes} codes{}):",
        if dir == Path::new(".") {
            "the current directory".to_owned()
        } else {
            dir.display().to_string()
        },
        match &args.from {
            Some(f) => format!(" from {}", f.display()),
            None => ", a starter table".to_owned(),
        }
    ));
    for f in &new {
        ui.info(format_args!("  {}", f.path.display()));
    }
    // The workflow as seen from the project directory, after `cd DIR`.
    let workflow_shown = match &working_dir {
        Some(sub) => "../".repeat(sub.split('/').count()) + WORKFLOW_FILE,
        None => WORKFLOW_FILE.to_owned(),
    };
    // The en-US messages seeded from the page's English column, and the
    // others, if init started that locale.
    let seeded = if scaffold::starts_english(&layout, &extraction.catalog) {
        let messages = extraction.catalog.messages();
        let review = messages.iter().filter(|m| m.english.is_some()).count();
        Some((review, messages.len() - review))
    } else {
        None
    };
    ui.info(next_steps(dir, &layout, &workflow_shown, seeded));
    Ok(super::OK)
}

/// A path given for inside the project: relative and below it, written
/// with `/` as in `errbook.toml`.
fn inside(flag: &str, given: Option<&Path>, default: &str) -> Result<String, Box<Diagnostic>> {
    let Some(p) = given else {
        return Ok(default.to_owned());
    };
    let mut parts = Vec::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::CurDir => {}
            _ => {
                return Err(Box::new(
                    Diagnostic::new(
                        &checks::CONFIG,
                        format!("{flag} must be a path inside the project directory"),
                    )
                    .at_path(p)
                    .help(format!(
                        "with init, {flag} is relative to DIR, such as {default}"
                    )),
                ))
            }
        }
    }
    if parts.is_empty() {
        return Err(Box::new(
            Diagnostic::new(&checks::CONFIG, format!("{flag} is empty"))
                .help(format!("the default is {default}")),
        ));
    }
    Ok(parts.join("/"))
}

/// The root of the git repository `dir` is in (or will be in), and `dir`
/// relative to it with `/` separators.
fn repository_root(dir: &Path) -> Option<(PathBuf, String)> {
    let abs = std::path::absolute(dir).ok()?;
    let root = abs
        .ancestors()
        .find(|a| a.exists() && a.join(".git").exists())?;
    let sub: Vec<String> = abs
        .strip_prefix(root)
        .ok()?
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    // The root as the user would write it: `dir` with one `..` per level.
    let mut shown = dir.to_path_buf();
    for _ in &sub {
        shown.push("..");
    }
    Some((normalise(&shown), sub.join("/")))
}

/// `a/b/../..` → `.`; `a/../../x` → `../x` (lexically: enough for display).
fn normalise(p: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

/// True when `a` and `b` are the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes every file: never over an existing one, unless `force`, which
/// replaces it atomically. On a failure it removes the files and
/// directories it had created and puts back those it had replaced, so init
/// leaves all or nothing.
fn write_all(ui: &Ui, files: &[NewFile], force: bool) -> Result<(), Box<Diagnostic>> {
    let mut made_dirs: Vec<PathBuf> = Vec::new();
    let mut made_files: Vec<&Path> = Vec::new();
    let mut replaced: Vec<(&Path, Vec<u8>)> = Vec::new();
    for f in files {
        let existing = force && f.path.symlink_metadata().is_ok();
        let written = if existing {
            replace_one(f).map(|old| replaced.push((&f.path, old)))
        } else {
            write_one(f, &mut made_dirs).map(|()| made_files.push(&f.path))
        };
        match written {
            Ok(()) => ui.detail(format_args!(
                "{} {}",
                if existing { "replaced" } else { "wrote" },
                f.path.display()
            )),
            Err(d) => {
                for (path, old) in replaced.iter().rev() {
                    let _ = crate::fsio::write_atomic(path, old);
                }
                for f in made_files.iter().rev() {
                    let _ = std::fs::remove_file(f);
                }
                for d in made_dirs.iter().rev() {
                    let _ = std::fs::remove_dir(d);
                }
                return Err(Box::new((*d).help(
                    "init put back what it had replaced and removed what it had written; fix the cause and run it again",
                )));
            }
        }
    }
    Ok(())
}

/// Replaces an existing file with `f`'s contents (`--force`), returning
/// what it held. Only a regular file is replaced: a directory or a special
/// file there is refused.
fn replace_one(f: &NewFile) -> Result<Vec<u8>, Box<Diagnostic>> {
    let cannot = |why: String| {
        Box::new(
            Diagnostic::new(&checks::WRITE_FAILED, format!("cannot replace it: {why}"))
                .at_path(&f.path),
        )
    };
    // Not through a link: a link there is refused, never followed.
    if !f
        .path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_file())
    {
        return Err(cannot("it is not a regular file".to_owned()));
    }
    let old = crate::input::read(&f.path).map_err(|e| cannot(crate::io_reason(&e)))?;
    crate::fsio::write_atomic(&f.path, &f.contents).map_err(|e| cannot(e.to_string()))?;
    Ok(old)
}

/// Creates one file and the directories it needs (recorded in `made`).
fn write_one(f: &NewFile, made: &mut Vec<PathBuf>) -> Result<(), Box<Diagnostic>> {
    make_dirs(f.path.parent(), made).map_err(|(dir, e)| {
        Box::new(
            Diagnostic::new(
                &checks::WRITE_FAILED,
                format!("cannot create directory: {}", crate::io_reason(&e)),
            )
            .at_path(dir),
        )
    })?;
    crate::fsio::create_new(&f.path, &f.contents).map_err(|e| {
        Box::new(Diagnostic::new(&checks::WRITE_FAILED, e.to_string()).at_path(&f.path))
    })
}

/// Creates `dir` and its missing parents one by one, recording each.
fn make_dirs(dir: Option<&Path>, made: &mut Vec<PathBuf>) -> Result<(), (PathBuf, std::io::Error)> {
    let Some(dir) = dir.filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    if dir.is_dir() {
        return Ok(());
    }
    make_dirs(dir.parent(), made)?;
    match std::fs::create_dir(dir) {
        Ok(()) => {
            made.push(dir.to_path_buf());
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err((dir.to_path_buf(), e)),
    }
}

/// The init command line with other column flags, quoted for a shell.
fn command_line(args: &InitArgs, g: &Global, columns: &ColumnChoice) -> String {
    let mut words: Vec<String> = vec!["errbook".into(), "init".into()];
    let path = |p: &Path| p.to_string_lossy().into_owned();
    if args.dir != Path::new(".") {
        words.push(path(&args.dir));
    }
    if let Some(f) = &args.from {
        words.extend(["--from".into(), path(f)]);
    }
    for (flag, value) in [("--source", &g.source), ("--locales", &g.locales)] {
        if let Some(v) = value {
            words.extend([flag.into(), path(v)]);
        }
    }
    for (flag, value) in [
        ("--code-column", &columns.code),
        ("--message-column", &columns.message),
        ("--hint-column", &columns.hint),
    ] {
        if let Some(v) = value {
            words.extend([flag.into(), v.clone()]);
        }
    }
    words
        .iter()
        .map(|w| shell_word(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A word as a POSIX shell reads it back: as it is when it holds only
/// letters (any script), digits and `-_./:=@,+%`; single-quoted otherwise.
fn shell_word(w: &str) -> String {
    if !w.is_empty()
        && w.chars()
            .all(|c| c.is_alphanumeric() || "-_./:=@,+%".contains(c))
    {
        w.to_owned()
    } else {
        format!("'{}'", w.replace('\'', r"'\''"))
    }
}

/// The numbered list of what to do next.
fn next_steps(
    dir: &Path,
    layout: &Layout,
    workflow: &str,
    seeded: Option<(usize, usize)>,
) -> String {
    let mut steps: Vec<(String, String)> = Vec::new();
    if dir != Path::new(".") {
        steps.push((format!("cd {}", dir.display()), String::new()));
    }
    // A first translation into another language than the source's.
    let target = if crate::locale::generate::seeds_from_english(&layout.source_locale) {
        "zh-CN"
    } else {
        "en-US"
    };
    let example = format!("{}/{target}/errors.ftl", layout.locales);
    if let Some((review, untranslated)) = seeded {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        steps.push((
            format!("edit {example}"),
            format!(
                "{review} message{} from the page's English column: check each marked `# review:`; \
                 translate the {untranslated} marked `# untranslated` (title, headers, groups, hints); \
                 delete each mark when done (check fails until then)",
                plural(review)
            ),
        ));
    } else {
        steps.extend([
            (
                format!("errbook sync --add-locale {target}"),
                "start a translation (any BCP 47 tag: ja-JP, fr-FR …)".to_owned(),
            ),
            (
                format!("edit {example}"),
                "translate each message marked `# untranslated`, then delete that line".to_owned(),
            ),
        ]);
    }
    steps.extend([
        (
            "errbook check".to_owned(),
            "the CI gate; `errbook explain CHECK` explains a finding".to_owned(),
        ),
        (
            "errbook build".to_owned(),
            "the reference site, into site/".to_owned(),
        ),
        (
            "git add . && git commit".to_owned(),
            format!("{workflow} then checks and builds on every push"),
        ),
    ]);
    let width = steps
        .iter()
        .map(|(c, _)| c.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::from("\nnext steps:\n");
    for (i, (cmd, why)) in steps.iter().enumerate() {
        if why.is_empty() {
            out.push_str(&format!("  {}. {cmd}\n", i + 1));
        } else {
            let pad = width - cmd.chars().count();
            out.push_str(&format!(
                "  {}. {cmd}{}   # {why}\n",
                i + 1,
                " ".repeat(pad)
            ));
        }
    }
    out.push_str(
        "\nguides: https://github.com/errbook/errbook/blob/main/docs/translators.md (translators),\n        https://github.com/errbook/errbook/blob/main/docs/ci.md (CI and pre-commit)",
    );
    out
}

/// The files init would write that are already there, as the diagnostic
/// that stops it; `None` when it may go on. The page given with `--from`
/// may be the source table itself (init adopts it).
fn would_overwrite(
    dir: &Path,
    layout: &Layout,
    workflow_path: &Path,
    from: Option<&Path>,
) -> Option<Diagnostic> {
    let source_path = under(dir, &layout.source);
    let adopted = from.is_some_and(|f| same_file(f, &source_path));
    let targets = [
        under(dir, FILE_NAME),
        source_path.clone(),
        under(dir, layout.source_locale_file()),
        workflow_path.to_path_buf(),
    ];
    let existing: Vec<&PathBuf> = targets
        .iter()
        .filter(|p| !(adopted && **p == source_path) && p.symlink_metadata().is_ok())
        .collect();
    if existing.is_empty() {
        return None;
    }
    let names: Vec<String> = existing
        .iter()
        .map(|p| format!("`{}`", p.display()))
        .collect();
    let mut d = Diagnostic::new(
        &checks::INIT_EXISTS,
        format!(
            "init would overwrite {}; nothing was written",
            names.join(", ")
        ),
    )
    .help("move them away, init another directory, or pass --force to replace them");
    if existing.contains(&&source_path) && existing.len() == 1 && from.is_none() {
        d = d.note(format!(
            "to start from the table already there, pass --from {}",
            source_path.display()
        ));
    }
    Some(d)
}

/// The language of a page whose messages have no Chinese: `ja` for kana,
/// `ko` for Hangul, else `en` (a Latin-script page); `None` when some
/// message is in Chinese (the page is zh-CN, as errbook assumes).
fn page_language(catalog: &crate::catalog::Catalog) -> Option<&'static str> {
    use crate::source::columns::is_han;
    let texts = || catalog.entries.iter().map(|e| &*e.message);
    let any = |f: fn(char) -> bool| texts().any(|t| t.chars().any(f));
    if catalog.entries.is_empty() {
        return None;
    }
    // Japanese writes kanji too: kana decide first.
    if any(|c| matches!(c, '\u{3040}'..='\u{30ff}')) {
        return Some("ja");
    }
    if any(is_han) {
        return None;
    }
    Some(
        if any(|c| matches!(c, '\u{ac00}'..='\u{d7af}' | '\u{1100}'..='\u{11ff}')) {
            "ko"
        } else {
            "en"
        },
    )
}
