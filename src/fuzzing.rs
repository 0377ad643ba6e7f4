//! Properties the fuzz targets check (see `fuzz/README.md`), as functions
//! that panic when a property fails, so that the regression inputs and seed
//! corpora run in the normal test suite too (`tests/fuzz_regressions.rs`).
//! Not part of the supported API.

use std::collections::BTreeMap;
use std::path::Path;

use crate::catalog::SourceMessage;
use crate::diag::{Files, LineIndex};
use crate::ftl::FtlFile;
use crate::locale::sync::sync;
use crate::render::markdown;
use crate::source::{extract, ExtractOptions};

/// Extraction never panics, and every diagnostic points inside the input.
pub fn extract_props(data: &[u8]) {
    let mut files = Files::new();
    let ex = extract(
        Path::new("fuzz.md"),
        data,
        &mut files,
        &ExtractOptions::default(),
    );
    let text = files.text(ex.file);
    let lines = LineIndex::new(text).line(text.len());
    for d in &ex.diagnostics {
        let loc = d
            .location
            .as_ref()
            .expect("source diagnostics have a location");
        assert!(
            loc.span.start <= loc.span.end && loc.span.end <= text.len(),
            "span {:?} outside {}",
            loc.span,
            text.len()
        );
        let (line, col) = files
            .line_col(ex.file, loc.span.start)
            .expect("the source file is kept whole");
        assert!(line >= 1 && line <= lines, "line {line} of {lines}");
        let line_len = text.lines().nth(line - 1).map_or(0, |l| l.chars().count());
        assert!(
            col >= 1 && col <= line_len + 1,
            "column {col} on a line of {line_len}"
        );
    }
    for e in &ex.catalog.entries {
        assert!(!e.message.is_empty());
        assert!(e.line >= 1 && e.line <= lines);
        assert!(!e.message.contains('\0'));
    }
}

/// Source messages for the sync target: a few fixed ones, and ids the input
/// itself defines (so that sync meets them as existing entries).
fn fuzz_sources(f: &FtlFile, salt: u8) -> Vec<SourceMessage> {
    let mut out: Vec<SourceMessage> = ["一", "二 {x}", "三\n四"]
        .iter()
        .enumerate()
        .map(|(i, t)| source(&format!("error-{}", 1000 + i), t))
        .collect();
    for (n, (_, m)) in f.messages().enumerate() {
        // Keep some, change some, drop some, depending on the input.
        match (n as u8).wrapping_add(salt) % 3 {
            0 => out.push(source(m.id(), m.meta().source.unwrap_or("源"))),
            1 => out.push(source(m.id(), "改了")),
            _ => {}
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
    out
}

fn source(id: &str, value: &str) -> SourceMessage {
    SourceMessage::plain(id, value)
}

/// Sync either refuses (Junk, duplicate ids) or writes a file that parses
/// without Junk, keeps every translated message of its input, and that a
/// second sync leaves unchanged.
pub fn sync_props(data: &[u8]) {
    let (salt, rest) = data.split_first().map_or((0, data), |(s, r)| (*s, r));
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let before = FtlFile::parse(text.to_owned());
    let sources = fuzz_sources(&before, salt);
    let Ok((after, _)) = sync(&before, &sources) else {
        assert!(
            !before.errors.is_empty() || !before.layout_ok || has_duplicates(&before),
            "sync refused a clean file"
        );
        return;
    };
    let parsed = FtlFile::parse(after.clone());
    assert!(
        parsed.errors.is_empty(),
        "sync wrote Junk: {:?}\n--- in\n{text}\n--- out\n{after}",
        parsed.errors
    );
    let kept: BTreeMap<&str, Option<&str>> = parsed
        .messages()
        .map(|(_, m)| (m.id(), m.value_text()))
        .collect();
    for (_, m) in before.messages() {
        if m.meta().untranslated {
            continue; // a copy of the source, which sync may refresh
        }
        assert_eq!(
            kept.get(m.id()).copied(),
            Some(m.value_text()),
            "{} lost or changed\n--- in\n{text}\n--- out\n{after}",
            m.id()
        );
    }
    let (again, changes) = sync(&parsed, &sources).unwrap_or_else(|r| {
        panic!(
            "sync refuses its own output ({r:?}):\n{after:?}\n{:#?}",
            parsed.items
        )
    });
    assert_eq!(again, after, "sync is not idempotent: {changes:?}");
}

/// The reading of a Fluent file is fluent-syntax's, however it is cut: a
/// selector byte (the size of the chunks, 0 for none), then the file.
///
/// - The file cut into chunks of that size, read whole or handed over a
///   run at a time (as `check` reads it), reads as the whole file does:
///   the same items with the same byte ranges, the same syntax errors.
/// - That reading is fluent-syntax's own: an item for each of its entries,
///   of the same kind and id, in order, the message's id at the span the
///   item names, and a syntax error for each of its errors, at the same
///   place.
pub fn read_props(data: &[u8]) {
    use crate::ftl::{self, ItemKind};
    use fluent_syntax::ast;
    use std::sync::Arc;
    let (selector, rest) = data.split_first().map_or((0, data), |(s, r)| (*s, r));
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let chunk = if selector == 0 {
        usize::MAX
    } else {
        usize::from(selector)
    };
    let shared = Arc::new(text.to_owned());
    let whole = FtlFile::parse_by_fluent(shared.clone());
    let reading = |f: &FtlFile| format!("{:?}\n{:?}\n{:?}", f.items, f.errors, f.layout_ok);
    let cut = FtlFile::parse_in_chunks(shared.clone(), chunk);
    assert_eq!(
        reading(&whole),
        reading(&cut),
        "chunks of {chunk} bytes read differently:\n{text:?}"
    );
    let (mut items, mut errors) = (Vec::new(), Vec::new());
    ftl::parse_runs_in_chunks(&shared, chunk, |run| {
        items.extend(run.items);
        errors.extend(run.errors);
    });
    assert_eq!(
        format!("{:?}\n{:?}", whole.items, whole.errors),
        format!("{items:?}\n{errors:?}"),
        "runs of chunks of {chunk} bytes read differently:\n{text:?}"
    );
    // fluent-syntax itself, on the text after a byte order mark; not on
    // nesting its recursion cannot take, which errbook keeps as Junk. An
    // entry it reads that nests deeper than errbook reads is Junk to
    // errbook, with an error of its own. The tree is dropped where it was
    // built, on a stack that holds it.
    if !ftl::parser_can_take(text) {
        return;
    }
    let body = ftl::without_bom(text);
    let offset = text.len() - body.len();
    let Some((kinds, parse_errors, deep)) = ftl::with_parser_stack(body.as_bytes(), || {
        let (resource, errors) = match fluent_syntax::parser::parse(body) {
            Ok(r) => (r, Vec::new()),
            Err((r, e)) => (r, e),
        };
        let mut deep = 0;
        let kinds: Vec<String> = resource
            .body
            .iter()
            .map(|e| match e {
                _ if ftl::entry_depth(e) > ftl::MAX_NESTING => {
                    deep += 1;
                    "junk".to_owned()
                }
                ast::Entry::Message(m) => format!("message {}", m.id.name),
                ast::Entry::Term(t) => format!("term {}", t.id.name),
                ast::Entry::Comment(_) => "comment".to_owned(),
                ast::Entry::GroupComment(_) => "group comment".to_owned(),
                ast::Entry::ResourceComment(_) => "resource comment".to_owned(),
                ast::Entry::Junk { .. } => "junk".to_owned(),
            })
            .collect();
        (kinds, errors, deep)
    }) else {
        return;
    };
    let ours: Vec<String> = whole
        .items
        .iter()
        .map(|it| match &it.kind {
            ItemKind::Message(m) => {
                assert_eq!(
                    &text[m.id_span.clone()],
                    m.id(),
                    "a message's id span in {text:?}"
                );
                assert!(it.range.start <= m.id_span.start && m.id_span.end <= it.range.end);
                format!("message {}", m.id())
            }
            ItemKind::Term(t) => format!("term {}", t.name),
            ItemKind::Comment => "comment".to_owned(),
            ItemKind::GroupComment { .. } => "group comment".to_owned(),
            ItemKind::ResourceComment => "resource comment".to_owned(),
            ItemKind::Junk => "junk".to_owned(),
        })
        .collect();
    assert_eq!(
        kinds, ours,
        "the entries differ from fluent-syntax's in {text:?}"
    );
    let theirs: Vec<std::ops::Range<usize>> = parse_errors
        .iter()
        .map(|e| e.pos.start + offset..e.pos.end + offset)
        .collect();
    let nested = |e: &&ftl::SyntaxError| e.message.starts_with("placeables nested more than");
    let ours: Vec<std::ops::Range<usize>> = (whole.errors.iter())
        .filter(|e| !nested(e))
        .map(|e| e.pos.clone())
        .collect();
    assert_eq!(
        theirs, ours,
        "the errors differ from fluent-syntax's in {text:?}"
    );
    assert_eq!(
        whole.errors.iter().filter(nested).count(),
        deep,
        "the entries too deep to read in {text:?}"
    );
}

fn has_duplicates(f: &FtlFile) -> bool {
    let mut seen = std::collections::HashSet::new();
    f.messages().any(|(_, m)| !seen.insert(m.id()))
}

/// Any text survives the trip through a Markdown table cell and back, and
/// HTML rendering leaves no markup of it.
pub fn escape_props(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // What extraction makes of a cell: control characters replaced, each
    // line trimmed, blank lines at either end dropped.
    let expected: String = {
        let cleaned: String = text
            .chars()
            .map(|c| {
                if c.is_control() && c != '\n' && c != '\t' {
                    '\u{fffd}'
                } else if c == '\t' {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let lines: Vec<&str> = cleaned.split('\n').map(str::trim).collect();
        let first = lines.iter().position(|l| !l.is_empty());
        let last = lines.iter().rposition(|l| !l.is_empty());
        match (first, last) {
            (Some(a), Some(b)) => lines[a..=b].join("\n"),
            _ => String::new(),
        }
    };
    if expected.is_empty() {
        return;
    }
    let md = format!(
        "# t\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | {} |\n",
        markdown::cell(text)
    );
    let mut files = Files::new();
    let ex = extract(
        Path::new("fuzz.md"),
        md.as_bytes(),
        &mut files,
        &ExtractOptions::default(),
    );
    assert!(!ex.has_errors(), "{md}: {:?}", ex.diagnostics);
    assert_eq!(ex.catalog.entries.len(), 1, "{md}");
    assert_eq!(
        &*ex.catalog.entries[0].message, expected,
        "markdown round trip of {text:?}: {md}"
    );

    let mut tera = tera::Tera::new();
    tera.add_raw_template("attr.html", "<p title=\"{{ m }}\"></p>")
        .unwrap();
    tera.add_raw_template("text.html", "<p>{{ m }}</p>")
        .unwrap();
    let mut ctx = tera::Context::new();
    ctx.insert("m", text);
    let attr = tera.render("attr.html", &ctx).unwrap();
    let value = &attr["<p title=\"".len()..attr.len() - "\"></p>".len()];
    assert!(
        !value.contains(['<', '>', '"']),
        "markup or a quote in the attribute: {attr}"
    );
    let html = tera.render("text.html", &ctx).unwrap();
    let inner = &html["<p>".len()..html.len() - "</p>".len()];
    assert!(!inner.contains(['<', '>']), "markup in the text: {html}");
}

/// The catalog the `check` target edits: a small source table with CJK text,
/// hints and full-width punctuation, and its locales as errbook makes them
/// (the source locale's generated `errors.ftl`; an `en-US` file with some
/// messages translated, the others untranslated, as sync leaves it).
#[derive(Debug)]
pub struct CheckBase {
    /// The source table (`docs/error-codes.zh-CN.md`).
    pub source: String,
    /// `locales/zh-CN/errors.ftl`, generated from the table.
    pub zh: String,
    /// `locales/en-US/errors.ftl`, synced.
    pub en: String,
    /// The messages `en` translates: id, and the source text and hint it
    /// records as translated from.
    translated: Vec<(String, String, Option<String>)>,
}

const CHECK_SOURCE: &str = "# 错误码

描述系统返回的错误码含义：请按错误码查找。

## 通用错误

| 错误码 | 说明 | 处理建议 |
|---|---|---|
| 60002 | HTTP 解析错误，请检查 HTTP 请求 URL 格式。 | 请检查：URL 是否完整。 |
| 60003 | 请求 JSON 解析错误：格式不对。 | 请核对「JSON」格式；重试。 |
| 60004 | 帐号或签名错误（AppId 失效）。 | |
| 60005 | 服务请求超时、或 HTTP 请求格式错误！ | 请稍后重试？ |

## 会话错误

| 错误码 | 说明 |
|---|---|
| 70001 | 会话已过期，请重新登录。 |
| 70002 | 参数错误：类型不匹配（应为整数）。 |
| 70003 | 第 3 号错误，见「文档」、附录。 |
| FailedOperation.Timeout | 操作超时，请稍后重试。 |
";

/// Where the `check` target writes its files: a directory a thread, so
/// that tests running in parallel do not share one.
struct CheckDir {
    dir: tempfile::TempDir,
    /// The files as last written (`None`: absent), to write only changes.
    written: [Option<Vec<u8>>; 3],
}

thread_local! {
    static CHECK_DIR: std::cell::RefCell<Option<CheckDir>> = const { std::cell::RefCell::new(None) };
}

/// The project's paths under `root`, in the order of [`check_files`]' files.
fn check_paths(root: &Path) -> [std::path::PathBuf; 3] {
    [
        root.join(crate::config::DEFAULT_SOURCE),
        root.join("locales/zh-CN").join(crate::config::CATALOG_FILE),
        root.join("locales/en-US").join(crate::config::CATALOG_FILE),
    ]
}

/// One worker: a fuzzer runs one input at a time, and `check` broadcasts to
/// every worker of the pool it runs in.
fn check_pool() -> &'static rayon::ThreadPool {
    static POOL: std::sync::OnceLock<rayon::ThreadPool> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a thread pool")
    })
}

/// The base catalog of the `check` target, made once with errbook's own
/// extraction, generation and sync.
pub fn check_base() -> &'static CheckBase {
    static BASE: std::sync::OnceLock<CheckBase> = std::sync::OnceLock::new();
    BASE.get_or_init(|| check_pool().install(make_check_base))
}

fn make_check_base() -> CheckBase {
    use crate::locale::generate;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let [source_path, zh_path, en_path] = check_paths(dir.path());
    for p in [&source_path, &zh_path, &en_path] {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    }
    std::fs::write(&source_path, CHECK_SOURCE).unwrap();
    let config = crate::config::Config::for_root(dir.path()).unwrap();
    let project = crate::project::Project::load(config).expect("the base project loads");
    assert!(
        project.extraction.diagnostics.is_empty(),
        "the base table reads cleanly: {:?}",
        project.extraction.diagnostics
    );
    let zh = project.source_locale_text();
    // en-US: every other message translated, the rest as a new locale has
    // them; then synced, as `errbook sync` would leave the file.
    let mut en = generate::translated_header("en-US", "zh-CN");
    let mut translated = Vec::new();
    for (i, m) in project.messages.iter().enumerate() {
        en.push('\n');
        if i % 2 == 0 {
            // Stand-ins that keep the source's numbers and identifiers,
            // as the translation QA checks ask.
            let kept = |s: &str| {
                let k = crate::qa::kept_words(s);
                if k.is_empty() {
                    k
                } else {
                    format!(", with {k}")
                }
            };
            let hint = m
                .hint
                .as_ref()
                .map(|h| format!("Hint of {}{}.", m.id, kept(h)));
            en.push_str(&generate::translated_entry(
                m,
                &format!("The text of {}{}.", m.id, kept(&m.value)),
                hint.as_deref(),
            ));
            translated.push((
                m.id.clone(),
                m.value.to_string(),
                m.hint.as_deref().map(str::to_owned),
            ));
        } else {
            en.push_str(&generate::untranslated_entry(m, &[]));
        }
    }
    let (en, _) = sync(&FtlFile::parse(en), &project.messages).expect("sync takes its own file");
    let base = CheckBase {
        source: CHECK_SOURCE.to_owned(),
        zh,
        en,
        translated,
    };
    // Sanity: the catalog as made checks clean but for the untranslated
    // messages.
    std::fs::write(&zh_path, &base.zh).unwrap();
    std::fs::write(&en_path, &base.en).unwrap();
    let config = crate::config::Config::for_root(dir.path()).unwrap();
    let project = crate::project::Project::load(config).unwrap();
    let found = project.check();
    assert!(
        found
            .iter()
            .all(|d| d.check.name == crate::registry::UNTRANSLATED.name),
        "the base catalog checks clean: {found:#?}"
    );
    assert!(!found.is_empty(), "en-US has untranslated messages");
    base
}

/// Fuzzed files of the `check` target: the source table, the source
/// locale's `errors.ftl` and `en-US/errors.ftl` (`None`: the file is
/// absent). Runs what `errbook check` runs (the project loaded from disk,
/// every check, the configured levels, the report in each format) and
/// checks the stale comparisons:
///
/// - the source locale's file is reported out of date exactly when it
///   differs from the text generated from the table, at a character
///   boundary of the file;
/// - when `en-US/errors.ftl` is the base file, each of its translations is
///   reported stale exactly when the source text or hint it was translated
///   from changed.
pub fn check_files(source: &[u8], zh: Option<&[u8]>, en: Option<&[u8]>) {
    let base = check_base();
    CHECK_DIR.with(|cell| {
        let mut cell = cell.borrow_mut();
        let state = cell.get_or_insert_with(|| {
            let dir = tempfile::tempdir().expect("a temporary directory");
            for p in check_paths(dir.path()) {
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            }
            CheckDir {
                dir,
                written: [None, None, None],
            }
        });
        let paths = check_paths(state.dir.path());
        for ((path, want), was) in paths
            .iter()
            .zip([Some(source), zh, en])
            .zip(state.written.iter_mut())
        {
            if was.as_deref() == want {
                continue;
            }
            match want {
                Some(bytes) => std::fs::write(path, bytes).unwrap(),
                None => {
                    let _ = std::fs::remove_file(path);
                }
            }
            *was = want.map(<[u8]>::to_vec);
        }
        check_pool().install(|| check_project(base, state.dir.path(), zh, en));
    });
}

fn check_project(base: &CheckBase, root: &Path, zh: Option<&[u8]>, en: Option<&[u8]>) {
    use crate::diag::emit::{Format, Report};
    use crate::registry as checks;
    let config = crate::config::Config::for_root(root).unwrap();
    let project = match crate::project::Project::load(config) {
        Ok(p) => p,
        Err(fatal) => {
            // `errbook check` prints why and exits 2.
            let mut out = Vec::new();
            crate::diag::emit::emit(&mut out, &fatal.files, &fatal.diagnostics, Format::Human)
                .unwrap();
            return;
        }
    };
    let found = project.check();

    // The report, as `errbook check` prints it in each format.
    let mut shown = found.clone();
    crate::run::apply_levels(&mut shown, &project.config, false);
    crate::diag::sort(&mut shown, &project.files);
    for format in [Format::Human, Format::Json, Format::Github] {
        let mut report = Report::new(Vec::new(), &project.files, format, false);
        report.write(&shown).unwrap();
        report.finish().unwrap();
    }

    if project.extraction.has_errors() {
        return;
    }
    // The source locale's file.
    if let Some(Ok(zh)) = zh.map(std::str::from_utf8) {
        let generated = project.source_locale_text();
        let outdated: Vec<_> = found
            .iter()
            .filter(|d| d.check.name == checks::SOURCE_LOCALE_OUTDATED.name)
            .collect();
        assert_eq!(
            outdated.len(),
            usize::from(zh != generated),
            "the source locale's file is {}; found {outdated:#?}",
            if zh == generated {
                "current"
            } else {
                "out of date"
            }
        );
        for d in outdated {
            let at = d
                .location
                .as_ref()
                .expect("at a place in the file")
                .span
                .start;
            assert!(
                zh.is_char_boundary(at),
                "reported at byte {at}, not a character boundary"
            );
            assert!(
                at == 0 || zh.as_bytes()[at - 1] == b'\n',
                "not at a line start: {at}"
            );
            assert_eq!(
                generated.as_bytes().get(..at),
                Some(&zh.as_bytes()[..at]),
                "reported at byte {at}, after the first difference"
            );
        }
    }
    // A translated locale's stale translations, when the file is as synced
    // and only the source changed.
    if en == Some(base.en.as_bytes()) && project.source_index().is_unique() {
        let stale: Vec<&str> = found
            .iter()
            .filter(|d| d.check.name == checks::STALE.name)
            .filter_map(|d| d.message.split('`').nth(1))
            .collect();
        for (id, value, hint) in &base.translated {
            let Some(m) = project.messages.iter().find(|m| &m.id == id) else {
                continue; // gone from the source: obsolete, not stale
            };
            let changed = &*m.value != value.as_str() || m.hint.as_deref() != hint.as_deref();
            assert_eq!(
                stale.contains(&id.as_str()),
                changed,
                "`{id}`: source {:?} / {:?}, translated from {value:?} / {hint:?}; stale: {stale:?}",
                m.value,
                m.hint
            );
        }
    }
}

/// Edits the `check` target's input makes to the base catalog's files.
const CHECK_TOKENS: &[&str] = &[
    "，",
    "：",
    "。",
    "；",
    "、",
    "！",
    "？",
    "（",
    "）",
    "「",
    "」",
    "错",
    "误",
    "码",
    "请",
    "\u{3000}",
    "\u{ff5c}",
    "\n",
    " ",
    "=",
    "|",
    "-",
    "#",
    "# source: ",
    "error-",
    "{ $x }",
    "{",
    "}",
    "[",
    "*",
    ".",
    "\\",
    "`",
    "<",
    "1",
    "0",
    "é",
    "😀",
    "\t",
    "\r\n",
    "\n\n",
    "\u{feff}",
    "\u{200b}",
];

/// Full-width punctuation and CJK characters that differ from one another in
/// their last or middle byte only.
const CHECK_SWAPS: &[char] = &[
    '，', '：', '。', '；', '、', '！', '？', '（', '）', '「', '」', '错', '误', '码', '请', '文',
    '档',
];

/// The start of the character at or before byte `at` of `text` (a start
/// byte, whatever the rest of the text is).
fn char_start(text: &[u8], at: usize) -> usize {
    let mut at = at.min(text.len());
    while at > 0 && at < text.len() && (text[at] & 0xc0) == 0x80 {
        at -= 1;
    }
    at
}

/// The end of the character that starts at `at`.
fn char_end(text: &[u8], at: usize) -> usize {
    let mut end = (at + 1).min(text.len());
    while end < text.len() && (text[end] & 0xc0) == 0x80 {
        end += 1;
    }
    end
}

/// Applies one edit of the `check` target to `file`: `kind`, at `pos`
/// (scaled to the file), with the argument `arg` and, for raw insertions,
/// the bytes `raw`.
fn edit(file: &mut Option<Vec<u8>>, is_source: bool, kind: u8, pos: u16, arg: u8, raw: &[u8]) {
    if kind == 7 {
        // Remove a locale's file, or put it back empty; cut the table short.
        match (is_source, file.as_mut()) {
            (true, Some(t)) => {
                let at = char_start(t, usize::from(pos) % (t.len() + 1));
                t.truncate(at);
            }
            (false, Some(_)) => *file = None,
            (_, None) => *file = Some(Vec::new()),
        }
        return;
    }
    let Some(text) = file.as_mut() else {
        return;
    };
    let raw_at = usize::from(pos) % (text.len() + 1);
    let at = char_start(text, raw_at);
    let token = CHECK_TOKENS[usize::from(arg) % CHECK_TOKENS.len()].as_bytes();
    match kind {
        0 if at < text.len() => {
            let end = char_end(text, at);
            text.splice(at..end, token.iter().copied());
        }
        0 | 1 => {
            text.splice(at..at, token.iter().copied());
        }
        2 => {
            let mut end = at;
            for _ in 0..=(arg % 8) {
                if end < text.len() {
                    end = char_end(text, end);
                }
            }
            text.drain(at..end);
        }
        3 => {
            // Swap the n-th CJK character of a set for another of the set
            // (`，` for `：`): the files differ inside a character.
            let Ok(s) = std::str::from_utf8(text) else {
                return;
            };
            let spots: Vec<(usize, char)> = s
                .char_indices()
                .filter(|(_, c)| CHECK_SWAPS.contains(c))
                .collect();
            if spots.is_empty() {
                return;
            }
            let (i, c) = spots[usize::from(pos) % spots.len()];
            let with = CHECK_SWAPS[usize::from(arg) % CHECK_SWAPS.len()];
            let mut buf = [0; 4];
            text.splice(i..i + c.len_utf8(), with.encode_utf8(&mut buf).bytes());
        }
        4 if raw_at < text.len() => text[raw_at] = arg,
        4 => text.push(arg),
        5 => {
            text.splice(raw_at..raw_at, raw.iter().copied());
        }
        _ => {
            // Repeat the line at `at`.
            let start = text[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let end = text[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len(), |i| at + i + 1);
            let line = text[start..end].to_vec();
            text.splice(end..end, line);
        }
    }
}

/// The `check` target: edits of the base catalog ([`check_base`]) read from
/// the input, then [`check_files`]. Each edit is four bytes: the file
/// (source table, source locale, en-US) and the kind of edit, a position
/// (two bytes, scaled to the file), and an argument; a raw insertion takes
/// up to 15 more bytes of the input. At most 16 edits.
pub fn check_props(data: &[u8]) {
    let base = check_base();
    let mut files = [
        Some(base.source.as_bytes().to_vec()),
        Some(base.zh.as_bytes().to_vec()),
        Some(base.en.as_bytes().to_vec()),
    ];
    let mut rest = data;
    for _ in 0..16 {
        let [op, p0, p1, arg, tail @ ..] = rest else {
            break;
        };
        let (which, kind) = (usize::from(op % 3), (op / 3) % 8);
        let raw_len = if kind == 5 {
            (usize::from(*arg) % 16).min(tail.len())
        } else {
            0
        };
        let (raw, tail) = tail.split_at(raw_len);
        edit(
            &mut files[which],
            which == 0,
            kind,
            u16::from_le_bytes([*p0, *p1]),
            *arg,
            raw,
        );
        rest = tail;
    }
    let [source, zh, en] = &files;
    check_files(
        source.as_deref().unwrap_or_default(),
        zh.as_deref(),
        en.as_deref(),
    );
}

/// The exchange formats' readers never panic on any text, and what they
/// read survives being written and read again: a PO file is read back
/// into the same document (units, segments, states, flags, the previous
/// source text, every target's text and placeables), and so is an XLIFF
/// document.
pub fn exchange_props(data: &[u8]) {
    use crate::xliff::Document;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut files = Files::new();
    for (name, read, write) in [
        (
            "fuzz.po",
            crate::po::read as fn(&str, crate::diag::FileId) -> _,
            crate::po::write as fn(&Document) -> String,
        ),
        ("fuzz.xlf", crate::xliff::read, crate::xliff::write),
    ] {
        let file = files.add(name, text);
        let (doc, diags) = read(text, file);
        for d in &diags {
            let span = &d.location.as_ref().expect("a located diagnostic").span;
            assert!(span.end <= text.len() && span.start <= span.end, "{d:?}");
        }
        let Some(doc) = doc else {
            continue;
        };
        let written = write(&doc);
        let again = files.add(name, written.as_str());
        let (back, problems) = read(&written, again);
        assert!(problems.is_empty(), "{name}: {problems:?}\n{written}");
        let back = back
            .expect("what errbook writes reads back")
            .without_positions();
        let mut doc = doc.without_positions();
        // PO keeps no unit names nor notes but the translator's.
        if name.ends_with(".po") {
            for u in &mut doc.units {
                u.notes.retain(|n| n.category == "translator");
                u.notes.iter_mut().for_each(|n| {
                    n.text = n
                        .text
                        .split('\n')
                        .map(|l| l.trim_end_matches('\r'))
                        .collect::<Vec<_>>()
                        .join("\n");
                });
            }
        }
        assert_eq!(back, doc, "{name}: written as\n{written}");
    }
}
