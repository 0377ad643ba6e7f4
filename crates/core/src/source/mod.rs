//! The source reader: a Markdown page of error-code tables → [`Catalog`].
//!
//! The page is parsed with pulldown-cmark (GFM tables) with byte offsets, so
//! every diagnostic points at the row and cell it is about. The reader
//! collects every problem before giving up, and always returns what it
//! could read: callers decide whether errors stop them.

pub mod columns;
pub mod html;
pub mod prepare;
pub mod suggest;

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::catalog::{Attribute, Catalog, Code, CodeError, Columns, Entry};
use crate::diag::{Diagnostic, FileId, Files};
use crate::registry as checks;
use columns::{ColumnChoice, Roles, RolesError};

/// How to read the source document.
#[derive(Clone, Debug)]
pub struct ExtractOptions {
    /// The source locale, recorded in the catalog.
    pub locale: String,
    /// Columns named by the user.
    pub columns: ColumnChoice,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            locale: "zh-CN".to_owned(),
            columns: ColumnChoice::default(),
        }
    }
}

/// What reading the source gave: the catalog (with the rows that could be
/// read) and the diagnostics.
#[derive(Debug)]
pub struct Extraction {
    /// The catalog. When there are errors it holds only the valid rows.
    pub catalog: Catalog,
    /// Every problem found, in document order.
    pub diagnostics: Vec<Diagnostic>,
    /// The source file in the [`Files`] store.
    pub file: FileId,
    /// Every table of the page, in order, with what was made of it (what
    /// `errbook extract --explain` says).
    pub tables: Vec<TableReport>,
}

/// One table of the page and what was made of it.
#[derive(Clone, Debug)]
pub struct TableReport {
    /// 1-based line of its header row.
    pub line: usize,
    /// The heading (or bold label) above it.
    pub heading: Option<Arc<str>>,
    /// Its column headers.
    pub headers: Vec<String>,
    /// Its body rows.
    pub rows: usize,
    /// Read, or skipped and why.
    pub outcome: TableOutcome,
}

/// What was made of a table.
#[derive(Clone, Debug)]
pub enum TableOutcome {
    /// Read as an error table: its columns' roles, and the entries it gave.
    Read {
        /// The columns' roles and why.
        roles: Roles,
        /// The entries it gave.
        entries: usize,
    },
    /// Not read, and why.
    Skipped(String),
}

impl Extraction {
    /// True when some diagnostic is at error level.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.level == crate::diag::Level::Error)
    }
}

/// Reads the source document at `path` from disk. An unreadable file is a
/// [`SOURCE_UNREADABLE`](checks::SOURCE_UNREADABLE) error and no catalog.
pub fn read(
    path: &Path,
    files: &mut Files,
    opts: &ExtractOptions,
) -> Result<Extraction, Box<Diagnostic>> {
    let bytes = crate::input::read(path).map_err(|e| {
        Box::new(
            Diagnostic::new(
                &checks::SOURCE_UNREADABLE,
                format!("cannot read the source document: {}", crate::io_reason(&e)),
            )
            .at_path(path)
            .help("check `source` in errbook.toml or pass --source FILE"),
        )
    })?;
    Ok(extract_owned(path, bytes, files, opts))
}

/// Reads a source document from bytes.
pub fn extract(path: &Path, bytes: &[u8], files: &mut Files, opts: &ExtractOptions) -> Extraction {
    extract_owned(path, bytes.to_vec(), files, opts)
}

/// Reads a source document from bytes it may keep: the text is held once,
/// in [`Files`], and parsed from there.
pub fn extract_owned(
    path: &Path,
    bytes: Vec<u8>,
    files: &mut Files,
    opts: &ExtractOptions,
) -> Extraction {
    extract_with(path, bytes, files, opts)
}

fn extract_with(
    path: &Path,
    bytes: Vec<u8>,
    files: &mut Files,
    opts: &ExtractOptions,
) -> Extraction {
    let mut diagnostics = Vec::new();
    let (text, bad_utf8) = match crate::utf8::string(bytes) {
        Ok(t) => (t, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (
                String::from_utf8_lossy(e.as_bytes()).into_owned(),
                Some((at, e.as_bytes()[at])),
            )
        }
    };
    let file = files.add(path, text);
    let text = files.text_arc(file);
    let mut catalog = empty_catalog(&opts.locale, path);
    if let Some((at, byte)) = bad_utf8 {
        diagnostics.push(
            Diagnostic::new(
                &checks::SOURCE_ENCODING,
                format!("the source document is not valid UTF-8 (byte 0x{byte:02X})"),
            )
            .at(file, at..at + 1)
            .help("re-save the file as UTF-8"),
        );
        return Extraction {
            catalog,
            diagnostics,
            file,
            tables: Vec::new(),
        };
    }
    if text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::new(&checks::NO_ERROR_TABLE, "the source document is empty")
                .at(file, 0..0)
                .help("add a Markdown table with a header row such as `| 错误码 | 说明 |`"),
        );
        return Extraction {
            catalog,
            diagnostics,
            file,
            tables: Vec::new(),
        };
    }
    let prepared = prepare::prepare(text.strip_prefix('\u{feff}').unwrap_or(&text));
    let mut reader = Reader::new(
        &text,
        &prepared.text,
        file,
        opts,
        &mut catalog,
        &mut diagnostics,
    );
    let bom = text.len() - prepared.text.len();
    for c in &prepared.conflicts {
        let r = c.range.clone();
        let first_line = prepared.text[r.clone()]
            .find('\n')
            .map_or(r.clone(), |n| r.start..r.start + n);
        let d = if c.splits_table {
            Diagnostic::new(
                &checks::CONFLICT_IN_TABLE,
                "an unresolved merge conflict inside a table: which rows are the table's cannot be told",
            )
            .help("keep one side, delete the `<<<<<<<`, `=======` and `>>>>>>>` lines; until then the page is not read")
        } else {
            Diagnostic::new(
                &checks::MERGE_CONFLICT,
                "an unresolved merge conflict: the text of both sides is read",
            )
            .help("keep one side, delete the `<<<<<<<`, `=======` and `>>>>>>>` lines")
        };
        reader
            .diagnostics
            .push(d.at(file, bom + first_line.start..bom + first_line.end));
    }
    reader.html = raw_html_tables(&prepared.tables, bom);
    let tables = reader.run();
    // A page whose title is in its front matter, not in a heading.
    if catalog.title.is_none() {
        catalog.title = prepared.title;
    }
    Extraction {
        catalog,
        diagnostics,
        file,
        tables,
    }
}

/// The HTML tables of the prepared text as raw tables of the file (whose
/// byte order mark, if any, is `base` bytes).
fn raw_html_tables(tables: &[html::HtmlTable], base: usize) -> Vec<RawTable> {
    let shift = |r: &Range<usize>| r.start + base..r.end + base;
    let cell = |(text, span): &(String, Range<usize>)| Cell {
        text: text.clone(),
        span: shift(span),
    };
    tables
        .iter()
        .map(|t| RawTable {
            span: shift(&t.span),
            headers: t.headers.iter().map(cell).collect(),
            rows: t
                .rows
                .iter()
                .map(|(span, cells)| RawRow {
                    span: shift(span),
                    cells: cells.iter().map(cell).collect(),
                })
                .collect(),
            group: None,
        })
        .collect()
}

/// A catalog with nothing read yet.
fn empty_catalog(locale: &str, path: &Path) -> Catalog {
    Catalog {
        locale: locale.to_owned(),
        title: None,
        intro: None,
        columns: Columns::default(),
        entries: Vec::new(),
        path: path.to_path_buf(),
    }
}

/// The header cells of every GFM table of a page, in document order.
pub fn table_headers(text: &str) -> Vec<Vec<String>> {
    let prepared = prepare::prepare(text.strip_prefix('\u{feff}').unwrap_or(text));
    let base = text.len() - prepared.text.len();
    let html = raw_html_tables(&prepared.tables, base);
    let mut headers = Vec::new();
    page_blocks(text, &prepared.text, base, &html, &mut |block| {
        if let Block::Table(t) = block {
            headers.push(t.headers.into_iter().map(|c| c.text).collect());
        }
    });
    headers
}

/// What reading the tables so far has found (see [`Reader::run`]).
struct Applied {
    /// Each message id given so far: the line of its row and its code
    /// (one code has one id, so this also finds a code's first row).
    ids: Claims,
    /// The first row of each code whose id another code had (rare).
    collided: HashMap<String, usize>,
    /// Rows that repeat a code with another message: the message ids they
    /// were given, and how many rows each such code has so far.
    variants: Variants,
    /// Tables with a code column.
    error_tables: usize,
    /// Tables.
    tables: usize,
    /// Every table's header, when the user named a column.
    headers: Vec<Vec<String>>,
    /// Where every table is, in order (a row outside all of them is cut
    /// off from its table).
    spans: Vec<Range<usize>>,
    /// Every table's heading, in order.
    headings: Vec<Option<Arc<str>>>,
}

/// The message id of each code read so far, with the line of the code's
/// first row, the code, and its entry's index.
#[derive(Default)]
struct Claims(HashMap<String, (usize, Code, usize)>);

impl Claims {
    /// The first row of a code with the id of `code`, that code, and the
    /// index of its entry.
    fn get(&self, code: &Code) -> Option<&(usize, Code, usize)> {
        self.0.get(&code.message_id())
    }

    /// Records the id of `code`, which no code read before has, at `line`,
    /// for the entry at `entry`.
    fn insert(&mut self, line: usize, code: Code, entry: usize) {
        self.0.insert(code.message_id(), (line, code, entry));
    }
}

/// The variants of repeated codes (see [`Entry::variant`]).
#[derive(Default)]
struct Variants {
    /// Rows so far of each code that repeats.
    rows: HashMap<Code, usize>,
    /// Every variant's message id.
    ids: rustc_hash::FxHashSet<String>,
}

impl Variants {
    /// A name for one more row of `code`: `key` if it is free, else the
    /// row's place among the code's rows (2, 3 …), passing over any that
    /// `taken` says a code already has.
    fn name(&mut self, code: &Code, key: Option<String>, taken: impl Fn(&str) -> bool) -> String {
        let n = self.rows.entry(code.clone()).or_insert(1);
        *n += 1;
        let mut place = *n;
        let mut candidate = key.unwrap_or_else(|| place.to_string());
        while taken(&candidate)
            || self
                .ids
                .contains(&crate::catalog::variant_id(code, &candidate))
        {
            place += 1;
            candidate = place.to_string();
        }
        self.ids
            .insert(crate::catalog::variant_id(code, &candidate));
        candidate
    }

    /// True when a variant already has the message id of `code`.
    fn taken(&self, code: &Code) -> bool {
        !self.ids.is_empty() && self.ids.contains(&code.message_id())
    }
}

/// A table's rows as cells (text and byte range), before roles are applied.
#[derive(Clone)]
struct RawTable {
    span: Range<usize>,
    headers: Vec<Cell>,
    rows: Vec<RawRow>,
    group: Option<Arc<str>>,
}

#[derive(Clone)]
struct RawRow {
    span: Range<usize>,
    cells: Vec<Cell>,
}

#[derive(Clone)]
struct Cell {
    text: String,
    /// The cell's source with surrounding whitespace trimmed.
    span: Range<usize>,
}

struct Reader<'a> {
    /// The file text, BOM included: spans index into it.
    full: &'a str,
    /// The text the Markdown parser reads (without the BOM, prepared).
    text: &'a str,
    /// Offset of the parsed text in the file (3 after a BOM).
    base: usize,
    /// Line starts of `full`, built on first use.
    lines: Option<crate::diag::LineIndex>,
    /// The page's raw HTML tables, each marked in `text` where it stands
    /// (see [`prepare::table_marker`]).
    html: Vec<RawTable>,
    file: FileId,
    opts: &'a ExtractOptions,
    catalog: &'a mut Catalog,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// What was made of each table.
    reports: Vec<TableReport>,
}

impl<'a> Reader<'a> {
    /// A reader of the file `full`, parsing `text`: the file after its byte
    /// order mark, prepared (see [`prepare`]) but as long.
    fn new(
        full: &'a str,
        text: &'a str,
        file: FileId,
        opts: &'a ExtractOptions,
        catalog: &'a mut Catalog,
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> Self {
        let base = full.len() - text.len();
        Reader {
            full,
            text,
            base,
            lines: None,
            html: Vec::new(),
            file,
            opts,
            catalog,
            diagnostics,
            reports: Vec::new(),
        }
    }

    /// Reads the page, building the entries of each table as soon as it
    /// ends (a table's rows are dropped once read).
    fn run(mut self) -> Vec<TableReport> {
        let before = self.diagnostics.len();
        // Every row of a Markdown table is a line that starts with `|`
        // (after up to three spaces): room for the entries of those, so
        // that the largest list of a large page is not copied as it grows.
        let rows = self
            .text
            .lines()
            .filter(|l| l.trim_start_matches(' ').starts_with('|'))
            .count();
        self.catalog.entries.reserve(rows);
        let mut state = Applied {
            ids: Claims::default(),
            collided: HashMap::default(),
            variants: Variants::default(),
            spans: Vec::new(),
            error_tables: 0,
            tables: 0,
            headers: Vec::new(),
            headings: Vec::new(),
        };
        let (full, text, base) = (self.full, self.text, self.base);
        let html = std::mem::take(&mut self.html);
        let mut page = Page::default();
        page_blocks(full, text, base, &html, &mut |block| {
            if let Some(table) = self.apply_block(block, &mut page) {
                self.apply_table(table, &mut state);
            }
        });
        self.finish(state, before);
        self.reports
    }

    /// Applies one of the page's blocks, in order, to the page read so far:
    /// a table comes back, with its group, for its entries to be built.
    fn apply_block(&mut self, block: Block, page: &mut Page) -> Option<RawTable> {
        match block {
            Block::Heading { level, text } => {
                if page.title_level.is_none()
                    && level == HeadingLevel::H1
                    && self.catalog.title.is_none()
                    && page.tables == 0
                {
                    page.title_level = Some(level);
                    if !text.is_empty() {
                        self.catalog.title = Some(text);
                    }
                    page.group = None;
                } else {
                    page.seen_block_after_title = true;
                    page.group = (!text.is_empty()).then(|| text.into());
                }
            }
            Block::Paragraph { text, only_bold } => {
                if only_bold {
                    page.group = Some(text.into());
                } else if self.catalog.intro.is_none()
                    && page.tables == 0
                    && !page.seen_block_after_title
                {
                    self.catalog.intro = Some(text);
                }
            }
            Block::Table(mut table) => {
                page.seen_block_after_title = true;
                page.tables += 1;
                table.group = page.group.clone();
                return Some(table);
            }
        }
        None
    }

    /// Applies column roles to a table and builds its entries.
    fn apply_table(&mut self, table: RawTable, state: &mut Applied) {
        let choice = &self.opts.columns;
        state.tables += 1;
        state.spans.push(table.span.clone());
        let headers: Vec<String> = table.headers.iter().map(|c| c.text.clone()).collect();
        if choice.code.is_some() || choice.message.is_some() || choice.hint.is_some() {
            state.headers.push(headers.clone());
        }
        let head_span = table
            .headers
            .first()
            .map_or(table.span.clone(), |c| c.span.clone());
        let full = self.full;
        let line = self
            .lines
            .get_or_insert_with(|| crate::diag::LineIndex::new(full))
            .line(head_span.start);
        let mut report = TableReport {
            line,
            heading: table.group.clone(),
            headers: headers.clone(),
            rows: table.rows.len(),
            outcome: TableOutcome::Skipped(String::new()),
        };
        // A table under no heading but the page's title is named by the
        // title.
        let heading = table
            .group
            .clone()
            .or_else(|| self.catalog.title.as_deref().map(Arc::from));
        state.headings.push(heading.clone());
        if !choice.selects(state.tables, heading.as_deref()) {
            report.outcome = TableOutcome::Skipped(
                "not one of the tables named by --table or extract.tables".into(),
            );
            self.reports.push(report);
            return;
        }
        // What the columns hold is judged on the first rows: enough to
        // tell codes from text, and a large table is not read twice.
        let cells: Vec<Vec<&str>> = table
            .rows
            .iter()
            .take(SHAPE_ROWS)
            .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
            .collect();
        let names_errors = |t: &str| {
            let t = t.to_lowercase();
            [
                "错误",
                "异常",
                "状态码",
                "返回码",
                "error",
                "exception",
                "status",
                "code",
            ]
            .iter()
            .any(|w| t.contains(w))
        };
        let heading = table.group.as_deref().is_some_and(names_errors);
        let errors = columns::ErrorsNamed {
            page: heading || self.catalog.title.as_deref().is_some_and(names_errors),
            table: heading || headers.iter().any(|h| names_errors(h)),
        };
        let roles = match columns::assign_by_content(&headers, &cells, choice, errors) {
            Ok(r) => r,
            Err(e @ (RolesError::NoCode | RolesError::NoMessageText { .. })) => {
                let (why, explained) = if table.rows.is_empty() {
                    (
                        "has a header but no rows".to_owned(),
                        "a header but no rows".to_owned(),
                    )
                } else if let RolesError::NoMessageText { code } = e {
                    (
                        "holds codes with no message in Chinese, under no heading that names errors (a lookup table)".to_owned(),
                        format!(
                            "a lookup table: codes (`{}`) beside names, none of them a message in Chinese, and no heading or header that names errors",
                            headers[code]
                        ),
                    )
                } else {
                    (
                        "has no error-code column".to_owned(),
                        "no column of codes under a header or heading that names codes or errors"
                            .to_owned(),
                    )
                };
                report.outcome = TableOutcome::Skipped(explained);
                self.reports.push(report);
                self.diagnostics.push(
                    Diagnostic::new(
                        &checks::SKIPPED_TABLE,
                        format!("table with columns {} {why}; skipped", quote_list(&headers)),
                    )
                    .at(self.file, head_span)
                    .help("if it holds error codes, name its code column with --code-column"),
                );
                return;
            }
            Err(RolesError::NoMessage { code }) => {
                state.error_tables += 1;
                report.outcome = TableOutcome::Skipped(format!(
                    "code column `{}`, but no column tells itself the message (error EB0109)",
                    headers[code]
                ));
                self.reports.push(report);
                self.diagnostics.push(
                    Diagnostic::new(
                        &checks::AMBIGUOUS_COLUMN,
                        format!(
                            "cannot tell which column holds the message: code column is `{}`, others are {}",
                            headers[code],
                            quote_list(
                                &headers
                                    .iter()
                                    .enumerate()
                                    .filter(|(i, _)| *i != code)
                                    .map(|(_, h)| h.clone())
                                    .collect::<Vec<_>>()
                            )
                        ),
                    )
                    .at(self.file, head_span)
                    .help("name it with --message-column NAME (or extract.message-column in errbook.toml)"),
                );
                return;
            }
        };
        state.error_tables += 1;
        if state.error_tables == 1 {
            self.catalog.columns = Columns {
                code: headers[roles.code].clone(),
                message: headers[roles.message].clone(),
                hint: roles.hint.map(|h| headers[h].clone()),
                english: roles.english.map(|h| headers[h].clone()),
                attributes: Vec::new(),
            };
        }
        if self.catalog.columns.english.is_none() {
            self.catalog.columns.english = roles.english.map(|h| headers[h].clone());
        }
        let attribute_names = columns::attribute_names(&headers, &roles);
        for (_, name) in &attribute_names {
            if !self.catalog.columns.attributes.contains(name) {
                self.catalog.columns.attributes.push(name.clone());
            }
        }
        let before = self.catalog.entries.len();
        self.rows(table, &headers, &roles, &attribute_names, state);
        report.outcome = TableOutcome::Read {
            roles,
            entries: self.catalog.entries.len() - before,
        };
        self.reports.push(report);
    }

    /// What can only be said once every table is read: columns named by
    /// the user that no table has (reported before the tables' findings,
    /// which start at `before`), and a page with no error table.
    fn finish(&mut self, state: Applied, before: usize) {
        self.stray_rows(&state.spans);
        let choice = &self.opts.columns;
        let mut missing = Vec::new();
        for (name, flag) in [
            (&choice.code, "--code-column"),
            (&choice.message, "--message-column"),
            (&choice.hint, "--hint-column"),
        ] {
            if let Some(name) = name {
                if !state.headers.iter().any(|h| columns::names_column(h, name)) {
                    missing.push(
                        Diagnostic::new(
                            &checks::MISSING_COLUMN,
                            format!("{flag} `{name}` names no column of any table"),
                        )
                        .at(self.file, 0..0)
                        .help("use a header text exactly as written in the table, or a 1-based column number"),
                    );
                }
            }
        }
        for name in &choice.tables {
            let found = state
                .headings
                .iter()
                .enumerate()
                .any(|(i, h)| columns::names_table(name, i + 1, h.as_deref()));
            if !found {
                missing.push(
                    Diagnostic::new(
                        &checks::MISSING_TABLE,
                        format!(
                            "the table `{name}` (extract.tables or --table) is not on the page, which has {} table{}",
                            state.tables,
                            if state.tables == 1 { "" } else { "s" }
                        ),
                    )
                    .at(self.file, 0..0)
                    .help("name a table by the text of the heading above it, or by its number (1 is the first); `errbook extract --explain` lists them"),
                );
            }
        }
        self.diagnostics.splice(before..before, missing);
        if state.error_tables == 0 {
            let d = Diagnostic::new(
                &checks::NO_ERROR_TABLE,
                if state.tables == 0 {
                    "the document has no table (Markdown or HTML)".to_owned()
                } else if !choice.tables.is_empty() {
                    "none of the tables named by extract.tables or --table has an error-code column".to_owned()
                } else {
                    format!("none of the document's {} tables has an error-code column", state.tables)
                },
            )
            .at(self.file, 0..0)
            .help(if state.tables == 0 {
                "errbook reads error codes from tables: write them as a Markdown table with a header row such as `| 错误码 | 说明 |`"
            } else {
                "add a table whose header names a code column (错误码, 错误代码, 返回码, 状态码, code), or pass --code-column NAME"
            });
            self.diagnostics.push(d);
        }
    }

    /// Warns of lines that look like table rows but are in no table (a
    /// blank line cut them off from theirs): their codes would be missing
    /// without a word.
    fn stray_rows(&mut self, spans: &[Range<usize>]) {
        if memchr::memchr(b'|', self.text.as_bytes()).is_none() {
            return;
        }
        let fenced = html::fenced_ranges(self.text);
        let mut at = 0;
        for line in self.text.split_inclusive('\n') {
            let start = at;
            at += line.len();
            let indent = line.len() - line.trim_start_matches(' ').len();
            let rest = line[indent..].trim_end();
            if indent > 3 || !rest.starts_with('|') || rest.matches('|').count() < 3 {
                continue;
            }
            // Where the row's first `|` is: a table's range starts there.
            let offset = self.base + start + indent;
            // The tables come in document order: the one that starts last
            // at or before the line is the only one that can hold it.
            let before = spans.partition_point(|s| s.start <= offset);
            let in_table = before > 0 && spans[before - 1].contains(&offset);
            if in_table || fenced.iter().any(|f| f.contains(&start)) {
                continue;
            }
            let span = offset..offset + rest.len();
            self.diagnostics.push(
                Diagnostic::new(
                    &checks::STRAY_ROW,
                    "this line looks like a table row but is in no table; not read",
                )
                .at(self.file, span)
                .help("remove the blank line before it, or give it a header row; delete it if it is not a row"),
            );
        }
    }

    fn rows(
        &mut self,
        table: RawTable,
        headers: &[String],
        roles: &Roles,
        attribute_names: &[(usize, String)],
        state: &mut Applied,
    ) {
        let Applied {
            ids,
            collided,
            variants,
            ..
        } = state;
        let full = self.full;
        let lines = self
            .lines
            .get_or_insert_with(|| crate::diag::LineIndex::new(full));
        let line_of = |offset: usize| lines.line(offset);
        // One string per attribute name for all the table's entries.
        let attribute_names: Vec<(usize, Arc<str>)> = attribute_names
            .iter()
            .map(|(i, name)| (*i, Arc::from(name.as_str())))
            .collect();
        // For each code on several rows of the table, the first attribute
        // column whose values differ on each of them: what tells its rows
        // apart for good (an edit of one row renames no other).
        let mut keyed: HashMap<String, usize> = HashMap::default();
        let mut repeated_here: rustc_hash::FxHashSet<String> = Default::default();
        if !attribute_names.is_empty() {
            let mut rows_of: HashMap<&str, Vec<usize>> = HashMap::default();
            for (r, row) in table.rows.iter().enumerate() {
                if let Some(c) = row.cells.get(roles.code) {
                    rows_of
                        .entry(columns::code_cell(&c.text).code)
                        .or_default()
                        .push(r);
                }
            }
            for (code, rs) in rows_of.into_iter().filter(|(_, rs)| rs.len() > 1) {
                repeated_here.insert(code.to_owned());
                let column = attribute_names.iter().map(|(i, _)| *i).find(|&i| {
                    let mut seen = std::collections::HashSet::new();
                    rs.iter().all(|&r| {
                        table.rows[r].cells.get(i).is_some_and(|c| {
                            let v = columns::clean_code(&c.text);
                            Code::parse(&v).is_ok() && v != code && seen.insert(v.into_owned())
                        })
                    })
                });
                if let Some(column) = column {
                    keyed.insert(code.to_owned(), column);
                }
            }
        }
        let alias_name: Arc<str> = Arc::from(crate::catalog::ALIAS);
        let note_name: Arc<str> = Arc::from(crate::catalog::NOTE);
        let other_code_like: Vec<&String> = headers
            .iter()
            .enumerate()
            .filter(|(i, h)| {
                *i != roles.code && (h.contains('码') || h.to_lowercase().contains("code"))
            })
            .map(|(_, h)| h)
            .collect();
        for mut row in table.rows {
            let line = line_of(row.span.start);
            // A row with fewer cells than the header: point after its text.
            let row_end = trim_span(full, row.span.clone()).end;
            let empty = Cell {
                text: String::new(),
                span: row_end..row_end,
            };
            let code_cell = row.cells.get(roles.code).unwrap_or(&empty);
            // Each code of the cell, with the end of its range for a range.
            let columns::CodeCell {
                code: cell,
                alias,
                note,
                english: english_in_code,
            } = columns::code_cell(&code_cell.text);
            let alias: Option<Arc<str>> = alias.map(Arc::from);
            let note: Option<Arc<str>> = note.map(Arc::from);
            let english_in_code: Option<String> = english_in_code.map(str::to_owned);
            let parsed = Code::parse(cell)
                .map(|c| vec![(c, None)])
                .or_else(|e| match e {
                    // `1001、1002`, `1001/1002`: one entry per code, each with
                    // the row's text.
                    CodeError::Several => Code::parse_list(cell)
                        .map(|codes| codes.into_iter().map(|c| (c, None)).collect())
                        .ok_or(e),
                    // `120001 - 130000`, `DIS.5000~DIS.5999`: one range entry.
                    CodeError::Range => Code::parse_range(cell)
                        .map(|(first, last)| vec![(first, Some(last))])
                        .ok_or(e),
                    e => Err(e),
                });
            // A row of empty cells is filler; a code cell with no letter or
            // digit (`...`, `—`, `其他`, `其余状态码`) speaks of the codes not
            // listed: neither is an entry.
            if row.cells.iter().all(|c| columns::is_blank(&c.text)) {
                continue;
            }
            let parsed = if columns::names_no_code(cell) {
                Err(CodeError::Empty)
            } else {
                parsed
            };
            let codes: Vec<(Code, Option<Code>)> = match parsed {
                Ok(codes) => codes,
                Err(CodeError::Empty) => {
                    let what = if cell.trim().is_empty() {
                        "this row has no code; skipped".to_owned()
                    } else {
                        format!("this row has no code (`{}`); skipped", cell.trim())
                    };
                    self.diagnostics.push(
                        Diagnostic::new(&checks::EMPTY_CODE, what)
                            .at(self.file, code_cell.span.clone())
                            .help("give it a code if it documents one; delete it if it is filler"),
                    );
                    continue;
                }
                Err(e) => {
                    let help = match e {
                        CodeError::Several | CodeError::Range => "give each code its own row",
                        _ => "a code is a number, 0x… hex, or an ASCII identifier such as FailedOperation.AccountNotFound",
                    };
                    let mut d = Diagnostic::new(
                        &checks::INVALID_CODE,
                        format!("`{}` is not a code: {e}", code_cell.text.replace('\n', " ")),
                    )
                    .at(self.file, code_cell.span.clone())
                    .help(help);
                    if !other_code_like.is_empty() {
                        d = d.note(format!(
                            "the code column is `{}`; if the code is in another column, pass --code-column {}",
                            headers[roles.code],
                            quote_list(&other_code_like.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                        ));
                    }
                    self.diagnostics.push(d);
                    continue;
                }
            };
            let many = codes.len() > 1;
            for (code, range_end) in codes {
                let code_cell = row.cells.get(roles.code).unwrap_or(&empty);
                let msg_cell = row.cells.get(roles.message).unwrap_or(&empty);
                // The first row of this code, or the code whose id it would
                // take (a range is no repeat of its first code).
                let claimed = if range_end.is_some() {
                    None
                } else {
                    ids.get(&code)
                };
                let (first, other) = match claimed {
                    Some((line, other, at)) if other.as_str() == code.as_str() => {
                        (Some((*line, *at)), None)
                    }
                    Some((_, other, _)) => {
                        (collided.get(code.as_str()).map(|&l| (l, 0)), Some(other))
                    }
                    None => (None, None),
                };
                // A range's id is its first code's with `-to-` and its last
                // (`error-120001-to-130000`).
                let mut variant = range_end.as_ref().map(|last| {
                    variants.name(&code, Some(format!("to-{last}")), |candidate| {
                        Code::parse(&format!("{code}-{candidate}"))
                            .is_ok_and(|c| ids.get(&c).is_some())
                    })
                });
                if let (Some((first, at)), None) = (first, &range_end) {
                    let hint_text = roles
                        .hint
                        .and_then(|h| row.cells.get(h))
                        .map(|c| c.text.as_str())
                        .filter(|t| !columns::is_blank(t));
                    let same = other.is_none()
                        && self.catalog.entries.get(at).is_some_and(|e| {
                            *e.message == *msg_cell.text && e.hint.as_deref() == hint_text
                        });
                    if same || other.is_some() {
                        if same {
                            self.diagnostics.push(
                            Diagnostic::new(
                                &checks::DUPLICATE_CODE,
                                format!("code `{code}` repeats line {first} with the same message; merged"),
                            )
                            .at(self.file, code_cell.span.clone())
                            .note(format!("first defined at line {first}"))
                            .help("delete this row"),
                        );
                        } else {
                            // A code whose id another code took, again.
                            self.diagnostics.push(
                                Diagnostic::new(
                                    &checks::ID_COLLISION,
                                    format!(
                                    "code `{code}` maps to message id `{}`, as another code does",
                                    code.message_id()
                                ),
                                )
                                .at(self.file, code_cell.span.clone())
                                .note(format!("first defined at line {first}"))
                                .help("ids replace `.` and `:` with `_`; rename one of the codes"),
                            );
                        }
                        continue;
                    }
                    // Another message: a variant of the code, told apart by a
                    // column whose value here is a code of its own (a protocol
                    // code beside the business code), else by its place.
                    // (A value the code's first row has as well tells nothing
                    // apart: one name of one code with several causes.)
                    let first_entry = self.catalog.entries.get(at);
                    let key = match keyed.get(code.as_str()) {
                        Some(&i) => row
                            .cells
                            .get(i)
                            .map(|c| columns::clean_code(&c.text).into_owned()),
                        // The code's first row is in another table (a push
                        // and a play table): a value that differs from it.
                        None if !repeated_here.contains(code.as_str()) => attribute_names
                            .iter()
                            .filter_map(|(i, name)| Some((name, row.cells.get(*i)?)))
                            .map(|(name, c)| (name, columns::clean_code(&c.text).into_owned()))
                            .find(|(name, v)| {
                                Code::parse(v).is_ok()
                                    && v != code.as_str()
                                    && first_entry.and_then(|e| e.attribute(name))
                                        != Some(v.as_str())
                            })
                            .map(|(_, v)| v),
                        None => None,
                    }
                    .or_else(|| {
                        // Else the code's alias, when it differs (`4440（10100）`
                        // then `4440（10600）`).
                        alias
                            .as_deref()
                            .filter(|a| {
                                first_entry.and_then(|e| e.attribute(crate::catalog::ALIAS))
                                    != Some(*a)
                            })
                            .map(str::to_owned)
                    });
                    let v = variants.name(&code, key, |candidate| {
                        // A variant's id must be no code's own.
                        Code::parse(&format!("{code}-{candidate}"))
                            .is_ok_and(|c| ids.get(&c).is_some())
                    });
                    self.diagnostics.push(
                    Diagnostic::new(
                        &checks::DUPLICATE_CODE,
                        format!(
                            "code `{code}` is documented again with another message; kept as `{}`",
                            crate::catalog::variant_id(&code, &v)
                        ),
                    )
                    .at(self.file, code_cell.span.clone())
                    .note(format!("first defined at line {first}"))
                    .help("every row is kept, translated and shown; the runtime answers the code with its first row"),
                );
                    variant = Some(v);
                }
                if let Some(other) = other {
                    collided.insert(code.as_str().to_owned(), line);
                    self.diagnostics.push(
                        Diagnostic::new(
                            &checks::ID_COLLISION,
                            format!(
                                "code `{code}` maps to message id `{}`, as `{other}` does",
                                code.message_id()
                            ),
                        )
                        .at(self.file, code_cell.span.clone())
                        .help("ids replace `.` and `:` with `_`; rename one of the codes"),
                    );
                    continue;
                }
                if msg_cell.text.is_empty() {
                    self.diagnostics.push(
                        Diagnostic::new(
                            &checks::EMPTY_MESSAGE,
                            format!(
                                "code `{code}` has an empty message (column `{}`)",
                                headers[roles.message]
                            ),
                        )
                        .at(self.file, msg_cell.span.clone())
                        .help("write the message in the cell; until then the row is not read"),
                    );
                    continue;
                }
                if variant.is_none() {
                    if variants.taken(&code) {
                        // An id a variant of another code already has.
                        self.diagnostics.push(
                        Diagnostic::new(
                            &checks::ID_COLLISION,
                            format!("code `{code}` maps to message id `{}`, which a repeated code's row has", code.message_id()),
                        )
                        .at(self.file, code_cell.span.clone())
                        .help("rename one of the codes"),
                    );
                        continue;
                    }
                    ids.insert(line, code.clone(), self.catalog.entries.len());
                }
                let code_span = code_cell.span.clone();
                let message_span = msg_cell.span.clone();
                // The row is not read again: its texts move to the entry (or
                // are copied, for a cell of several codes).
                let mut take = |column: usize| {
                    row.cells.get_mut(column).map(|c| {
                        if many {
                            c.text.clone()
                        } else {
                            std::mem::take(&mut c.text)
                        }
                    })
                };
                let message = take(roles.message).unwrap_or_default();
                let hint = roles
                    .hint
                    .and_then(&mut take)
                    .filter(|t| !columns::is_blank(t));
                // (A Chinese text left in the English column is no English.)
                let english = roles
                    .english
                    .and_then(&mut take)
                    .filter(|t| !columns::is_blank(t) && columns::is_latin(t))
                    .or_else(|| {
                        english_in_code
                            .clone()
                            .filter(|_| !columns::is_latin(&message))
                    });
                let mut attributes: Vec<Attribute> = attribute_names
                    .iter()
                    .filter_map(|(i, name)| {
                        take(*i)
                            .filter(|t| !columns::is_blank(t))
                            .map(|value| Attribute {
                                name: name.clone(),
                                value: value.into(),
                            })
                    })
                    .collect();
                for (name, value) in [(&alias_name, &alias), (&note_name, &note)] {
                    if let Some(value) = value {
                        let names = &mut self.catalog.columns.attributes;
                        if !names.iter().any(|a| **a == **name) {
                            names.push(name.to_string());
                        }
                        attributes.push(Attribute {
                            name: name.clone(),
                            value: value.clone(),
                        });
                    }
                }
                self.catalog.entries.push(Entry {
                    code,
                    message: message.into(),
                    hint: hint.map(Into::into),
                    group: table.group.clone(),
                    variant: variant.map(Into::into),
                    range_end,
                    attributes: attributes.into_boxed_slice(),
                    english: english.map(Into::into),
                    line,
                    code_span,
                    message_span,
                });
            }
        }
    }
}

/// How many of a table's rows decide which column holds what (see
/// [`columns::assign_by_content`]).
const SHAPE_ROWS: usize = 1024;

/// What the reader keeps from one block of the page.
enum Block {
    /// A heading, with its text trimmed.
    Heading { level: HeadingLevel, text: String },
    /// A paragraph outside a table, with its text trimmed (never empty),
    /// and whether it is only bold text (a group label).
    Paragraph { text: String, only_bold: bool },
    /// A table, its group not yet known.
    Table(RawTable),
}

/// What the blocks read so far say about the ones to come.
#[derive(Default)]
struct Page {
    /// The group of the tables to come.
    group: Option<Arc<str>>,
    /// The level of the title heading, once read.
    title_level: Option<HeadingLevel>,
    /// A heading or table has come after the title.
    seen_block_after_title: bool,
    /// Tables read so far.
    tables: usize,
}

/// Parses the page (`text`, which starts at byte `base` of the file
/// `full`) into its blocks, handing each to `emit` in order.
fn page_blocks(
    full: &str,
    text: &str,
    base: usize,
    html: &[RawTable],
    emit: &mut dyn FnMut(Block),
) {
    let mut heading: Option<(HeadingLevel, String)> = None;
    // The paragraph being read runs over more than one line.
    let mut para_broken = false;
    // A paragraph's text, and whether it is only bold text (a label).
    let mut para: Option<(String, bool)> = None;
    let mut table: Option<RawTable> = None;
    let mut row: Option<RawRow> = None;
    let mut cell: Option<(CellText, Range<usize>)> = None;
    let mut in_head = false;
    let mut strong_depth = 0usize;
    let mut link_depth = 0usize;
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        let range = range.start + base..range.end + base;
        if let Some((buf, _)) = cell.as_mut() {
            match &event {
                Event::End(TagEnd::TableCell) => {}
                _ => {
                    buf.push(&event);
                    continue;
                }
            }
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = heading.take() {
                    let text = text.trim().to_owned();
                    emit(Block::Heading { level, text });
                }
            }
            Event::Start(Tag::Paragraph) if table.is_none() => {
                para = Some((String::new(), true));
                para_broken = false;
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some((text, only_bold)) = para.take() {
                    let text = text.trim();
                    if let Some((level, title)) = unspaced_heading(text).filter(|_| !para_broken) {
                        emit(Block::Heading {
                            level,
                            text: title.to_owned(),
                        });
                    } else if !text.is_empty() {
                        let text = text.to_owned();
                        emit(Block::Paragraph { text, only_bold });
                    }
                }
            }
            Event::Start(Tag::Strong) => strong_depth += 1,
            Event::End(TagEnd::Strong) => strong_depth = strong_depth.saturating_sub(1),
            Event::Start(Tag::Link { .. }) => link_depth += 1,
            Event::End(TagEnd::Link) => link_depth = link_depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, h)) = heading.as_mut() {
                    push_clean(h, &t);
                } else if let Some((p, only_bold)) = para.as_mut() {
                    push_clean(p, &t);
                    // A bold link is a table of contents' entry, not a
                    // label of what follows.
                    if (strong_depth == 0 || link_depth > 0) && !t.trim().is_empty() {
                        *only_bold = false;
                    }
                }
            }
            // A raw HTML table, where it stood (see `prepare`).
            Event::Html(h) | Event::InlineHtml(h)
                if prepare::marked_table(&h).is_some_and(|i| i < html.len()) =>
            {
                let i = prepare::marked_table(&h).unwrap_or_default();
                emit(Block::Table(html[i].clone()));
            }
            // A heading written in HTML (`<h3 id=…>4. 错误码</h3>`).
            Event::Html(h) if table.is_none() && heading.is_none() => {
                if let Some((level, text)) = html_heading(&h) {
                    emit(Block::Heading { level, text });
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((p, _)) = para.as_mut() {
                    p.push(' ');
                    para_broken = true;
                }
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(RawTable {
                    span: range,
                    headers: Vec::new(),
                    rows: Vec::new(),
                    group: None,
                });
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    emit(Block::Table(t));
                }
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => {
                row = Some(RawRow {
                    span: range,
                    cells: Vec::new(),
                })
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(r), Some(t)) = (row.take(), table.as_mut()) {
                    t.rows.push(r);
                }
            }
            Event::Start(Tag::TableCell) => cell = Some((CellText::default(), range)),
            Event::End(TagEnd::TableCell) => {
                if let Some((buf, range)) = cell.take() {
                    // A cell the row does not have comes as an empty range
                    // at the row's end (the next line): point after the
                    // row's text instead.
                    let span = match row.as_ref() {
                        Some(r) if range.is_empty() => {
                            let end = trim_span(full, r.span.clone()).end;
                            end..end
                        }
                        _ => trim_span(full, range),
                    };
                    let c = Cell {
                        text: buf.finish(),
                        span,
                    };
                    if in_head {
                        if let Some(t) = table.as_mut() {
                            t.headers.push(c);
                        }
                    } else if let Some(r) = row.as_mut() {
                        r.cells.push(c);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The level and text of a heading written as one HTML element on a line
/// (`<h3 name="x">4.通用错误信息</h3>`), its inner tags dropped.
/// A paragraph that is a heading written without its space, `#返回码说明`
/// or `##通用错误码`: one to six `#` and then Chinese (CommonMark wants a
/// space; `#5` or `#tag` stays text). The caller makes sure it is one line.
fn unspaced_heading(text: &str) -> Option<(HeadingLevel, &str)> {
    let hashes = text.len() - text.trim_start_matches('#').len();
    let rest = &text[hashes..];
    let level = match hashes {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        6 => HeadingLevel::H6,
        _ => return None,
    };
    rest.chars()
        .next()
        .is_some_and(columns::is_han)
        .then(|| (level, rest.trim_end_matches('#').trim()))
}

fn html_heading(html: &str) -> Option<(HeadingLevel, String)> {
    let t = html.trim();
    let rest = t.strip_prefix("<h").or_else(|| t.strip_prefix("<H"))?;
    let level = match rest.as_bytes().first()? {
        b'1' => HeadingLevel::H1,
        b'2' => HeadingLevel::H2,
        b'3' => HeadingLevel::H3,
        b'4' => HeadingLevel::H4,
        b'5' => HeadingLevel::H5,
        b'6' => HeadingLevel::H6,
        _ => return None,
    };
    let after = &rest[1..];
    if !after.starts_with(['>', ' ', '\t', '\n']) {
        return None;
    }
    let inner = &after[after.find('>')? + 1..];
    let close = inner.to_ascii_lowercase().rfind("</h")?;
    let mut text = String::new();
    let mut in_tag = false;
    for c in inner[..close].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Some((level, text))
}

fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Narrows a cell's byte range to its text without surrounding whitespace.
fn trim_span(text: &str, range: Range<usize>) -> Range<usize> {
    let Some(slice) = text.get(range.clone()) else {
        return range;
    };
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    if start >= end {
        range.start..range.start
    } else {
        start..end
    }
}

/// Appends text with control characters (NUL, escape sequences …) replaced
/// by U+FFFD, as CommonMark asks for NUL: they would reach Fluent files,
/// terminals and HTML, where they are invalid or dangerous. Tabs and line
/// breaks are kept.
fn push_clean(out: &mut String, text: &str) {
    let control = |c: char| c.is_control() && c != '\t' && c != '\n';
    // A control character's UTF-8 starts with a byte below 0x20, 0x7F or
    // 0xC2 (U+0080 to U+009F): a text without one has none, and bytes are
    // looked at faster than characters are decoded (by a fold, which the
    // compiler vectorizes, unlike a search that stops early).
    let lead = |b: u8| b < 0x20 || b == 0x7F || b == 0xC2;
    if text.bytes().fold(false, |found, b| found | lead(b)) && text.contains(control) {
        out.extend(
            text.chars()
                .map(|c| if control(c) { '\u{fffd}' } else { c }),
        );
    } else {
        out.push_str(text);
    }
}

/// Collects a cell's plain text from its inline events.
#[derive(Default)]
struct CellText {
    out: String,
}

impl CellText {
    fn push(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(t) | Event::Code(t) => push_clean(&mut self.out, t),
            Event::SoftBreak => self.out.push(' '),
            Event::HardBreak => self.out.push('\n'),
            Event::Html(h) | Event::InlineHtml(h) => {
                let tag = h.trim();
                let name = html::tag_name(tag);
                match name.as_str() {
                    "br" => self.out.push('\n'),
                    "li" | "p" | "div" | "tr"
                        if !tag.starts_with("</") && !self.out.trim().is_empty() =>
                    {
                        self.out.push('\n');
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// The text: each line trimmed, leading and trailing blank lines dropped.
    fn finish(self) -> String {
        // Trimmed whole, the blank lines at either end are gone.
        let text = self.out.trim();
        if text.split('\n').all(|l| l.trim().len() == l.len()) {
            // Every line is as it was: no copy when nothing was trimmed.
            return if text.len() == self.out.len() {
                self.out
            } else {
                text.to_owned()
            };
        }
        text.split('\n')
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> Extraction {
        let mut files = Files::new();
        extract(
            Path::new("t.md"),
            src.as_bytes(),
            &mut files,
            &ExtractOptions::default(),
        )
    }

    #[test]
    fn cells_reduce_inline_markdown() {
        let e = run("|错误码|说明|\n|--|--|\n|\t`A.B`\t| a **b** `c` [d](e) <br> f \\| g |\n");
        assert!(e.diagnostics.is_empty(), "{:?}", e.diagnostics);
        assert_eq!(e.catalog.entries[0].code.as_str(), "A.B");
        assert_eq!(&*e.catalog.entries[0].message, "a b c d\nf | g");
    }

    #[test]
    fn cell_text_trims_each_line_and_drops_blank_ends() {
        let finish = |s: &str| CellText { out: s.to_owned() }.finish();
        for (cell, text) in [
            ("a b", "a b"),
            ("  a b ", "a b"),
            ("\u{3000}a\u{3000}", "a"),
            ("a\nb", "a\nb"),
            ("\n \na \n  b\n\n", "a\nb"),
            ("a\n\n b", "a\n\nb"),
            ("a\r\nb", "a\nb"),
            (" \n \n", ""),
            ("", ""),
        ] {
            assert_eq!(finish(cell), text, "{cell:?}");
        }
        let mut out = String::new();
        push_clean(&mut out, "a\u{0}b\u{1b}[0m\u{85}c\td\ne\u{a0}");
        assert_eq!(out, "a\u{fffd}b\u{fffd}[0m\u{fffd}c\td\ne\u{a0}");
    }

    #[test]
    fn bom_and_crlf() {
        let e = run("\u{feff}# 错误码\r\n\r\n说明。\r\n\r\n|错误码|说明|\r\n|--|--|\r\n|1|一|\r\n");
        assert!(e.diagnostics.is_empty(), "{:?}", e.diagnostics);
        assert_eq!(e.catalog.title.as_deref(), Some("错误码"));
        assert_eq!(e.catalog.intro.as_deref(), Some("说明。"));
        assert_eq!(e.catalog.entries[0].line, 7);
        assert_eq!(&*e.catalog.entries[0].message, "一");
    }
}
