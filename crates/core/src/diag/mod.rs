//! Diagnostics: what errbook reports about its inputs.
//!
//! A [`Diagnostic`] names a [`Check`](crate::registry::Check) (its stable code and
//! name), a message, and where it applies as a byte range in a file held by
//! [`Files`]. Line and column are computed only when printing, by the emitters
//! in [`emit`].

pub mod emit;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::registry::Check;
pub use crate::registry::Level;

/// Index of a file in [`Files`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(usize);

/// The files a run has read, so that diagnostics can show their lines.
///
/// A small file (the source table, `site.ftl`) is kept whole. A locale's
/// catalog file can be tens of megabytes and a run reads one per locale, so
/// it is only *reserved* here: whoever reads it checks it, records the
/// lines its diagnostics point at ([`Files::keep_lines`]), and drops the
/// text. That keeps memory to a few files at a time, whatever the catalog's
/// size, and lets locales be checked in parallel (`keep_lines` takes
/// `&self`).
#[derive(Debug, Default)]
pub struct Files {
    files: Vec<FileEntry>,
}

#[derive(Debug)]
struct FileEntry {
    path: PathBuf,
    /// The whole text, for files kept whole (a `String` as it was read,
    /// not copied: a source table can be many megabytes).
    text: Option<Arc<String>>,
    index: std::sync::OnceLock<LineIndex>,
    /// For reserved files: the lines diagnostics point at, a batch for
    /// each call of [`Files::keep_lines`].
    lines: std::sync::RwLock<Vec<KeptLines>>,
}

/// Lines of a reserved file, kept in one string rather than one each: a
/// report of a large catalog can point at a hundred thousand lines of a
/// file.
#[derive(Debug)]
struct KeptLines {
    /// The lines' text (without their line feeds), one after another.
    text: Arc<String>,
    /// For each line, in the order of the file: its start offset in the
    /// file, its number, and where its text ends in `text` (it starts where
    /// the one before ends).
    lines: Vec<(usize, usize, usize)>,
}

impl KeptLines {
    /// The last line that starts at or before `offset`: its index.
    fn before(&self, offset: usize) -> Option<usize> {
        self.lines.partition_point(|l| l.0 <= offset).checked_sub(1)
    }

    /// The text of line `i`.
    fn text(&self, i: usize) -> std::ops::Range<usize> {
        let start = i.checked_sub(1).map_or(0, |p| self.lines[p].2);
        start..self.lines[i].2
    }
}

/// Of the lines kept of a file, the one that starts last at or before
/// `offset`: its batch and index there.
fn kept_line(kept: &[KeptLines], offset: usize) -> Option<(&KeptLines, usize)> {
    kept.iter()
        .filter_map(|k| Some((k, k.before(offset)?)))
        .max_by_key(|(k, i)| k.lines[*i].0)
}

/// The 1-based column of `offset` on kept line `i` of `lines`; `None` when
/// the offset lies past that line.
fn kept_column(lines: &KeptLines, i: usize, offset: usize) -> Option<usize> {
    let start = lines.lines[i].0;
    let line = &lines.text[lines.text(i)];
    // `offset` may sit on the line feed, one byte past the line.
    let within = offset - start;
    if within > line.len() + 1 {
        return None;
    }
    let mut within = within.min(line.len());
    while !line.is_char_boundary(within) {
        within -= 1;
    }
    Some(column(&line[..within], start))
}

/// A line of a file, as [`Files::line_at`] finds it.
#[derive(Debug, Clone)]
pub struct LineAt<'a> {
    /// 1-based line number.
    pub number: usize,
    /// Byte offset of the line's start in the file.
    pub start: usize,
    /// 1-based column (in characters) of the offset asked for.
    pub column: usize,
    /// The line, without its line ending.
    pub text: LineText<'a>,
}

/// The text of a [`LineAt`]: a line of a file kept whole, or a line kept
/// alone (shared, not copied: a report can show a million lines).
#[derive(Debug, Clone)]
pub enum LineText<'a> {
    /// Part of the file's text.
    Whole(&'a str),
    /// Kept lines and the part of them shown (the line, without a `\r`).
    Kept(Arc<String>, Range<usize>),
}

impl std::ops::Deref for LineText<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            LineText::Whole(s) => s,
            LineText::Kept(lines, range) => lines.get(range.clone()).unwrap_or_default(),
        }
    }
}

/// The byte offsets where each line of a text starts, so that a position's
/// line is a binary search rather than a scan from the start (thousands of
/// diagnostics in a large file stay linear).
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// 1-based line and column (in characters) of a byte offset of `text`,
    /// the text this index was built from.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line(offset);
        let start = self.starts[line - 1];
        (line, column(&text[start..offset], start))
    }
}

/// The 1-based column (in characters) after `before`, the text from the
/// start of a line (at byte `start` of its file) to an offset. A BOM at the
/// very start of a file is not a column anyone can see.
fn column(before: &str, start: usize) -> usize {
    let before = if start == 0 {
        before.strip_prefix('\u{feff}').unwrap_or(before)
    } else {
        before
    };
    before.chars().count() + 1
}

impl Files {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, path: PathBuf, text: Option<Arc<String>>) -> FileId {
        self.files.push(FileEntry {
            path,
            text,
            index: std::sync::OnceLock::new(),
            lines: Default::default(),
        });
        FileId(self.files.len() - 1)
    }

    /// Adds a file's text (for a file that is not valid UTF-8, the valid
    /// prefix), kept whole, and returns its id.
    pub fn add(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) -> FileId {
        self.push(path.into(), Some(Arc::new(text.into())))
    }

    /// Reserves an id for a file that is read later and not kept: only the
    /// lines given to [`Files::keep_lines`] can be shown.
    pub fn reserve(&mut self, path: impl Into<PathBuf>) -> FileId {
        self.push(path.into(), None)
    }

    /// Stops keeping a file's whole text: only its lines that hold the
    /// given byte offsets are kept, as for a reserved file
    /// ([`Files::keep_lines`]). Does nothing for a reserved file.
    pub fn release(&mut self, id: FileId, offsets: impl IntoIterator<Item = usize>) {
        let entry = &mut self.files[id.0];
        let Some(text) = entry.text.take() else {
            return;
        };
        entry.index = std::sync::OnceLock::new();
        self.keep_lines(id, &text, offsets);
    }

    /// Records the lines of `text` (the reserved file's content) that hold
    /// the given byte offsets, so that diagnostics at them can be shown
    /// after the text is dropped. One pass over the text, however many
    /// offsets. Does nothing for a file kept whole.
    pub fn keep_lines(&self, id: FileId, text: &str, offsets: impl IntoIterator<Item = usize>) {
        let entry = &self.files[id.0];
        if entry.text.is_some() {
            return;
        }
        let mut offsets: Vec<usize> = offsets.into_iter().map(|o| o.min(text.len())).collect();
        if offsets.is_empty() {
            return;
        }
        offsets.sort_unstable();
        offsets.dedup();
        let bytes = text.as_bytes();
        let mut kept = entry.lines.write().unwrap_or_else(|e| e.into_inner());
        // The lines are found first and their text copied after, into a
        // string of the right size.
        let mut ends = Vec::with_capacity(offsets.len());
        let mut lines = Vec::with_capacity(offsets.len());
        let mut size = 0;
        let (mut line, mut line_start) = (1usize, 0usize);
        for offset in offsets {
            // Advance to the line holding `offset`, counting line feeds.
            let between = &bytes[line_start..offset];
            if let Some(last) = memchr::memrchr(b'\n', between) {
                line += memchr::memchr_iter(b'\n', between).count();
                line_start += last + 1;
            }
            let known = |k: &KeptLines| {
                k.before(line_start)
                    .is_some_and(|i| k.lines[i].0 == line_start)
            };
            if lines
                .last()
                .is_some_and(|l: &(usize, usize, usize)| l.0 == line_start)
                || kept.iter().any(known)
            {
                continue;
            }
            // Up to the line feed: a `\r` before it counts in columns, as
            // it does for files kept whole.
            let end =
                memchr::memchr(b'\n', &bytes[line_start..]).map_or(text.len(), |n| line_start + n);
            size += end - line_start;
            ends.push(end);
            lines.push((line_start, line, size));
        }
        if !lines.is_empty() {
            let mut batch = String::with_capacity(size);
            for (&(start, _, _), &end) in lines.iter().zip(&ends) {
                batch.push_str(&text[start..end]);
            }
            kept.push(KeptLines {
                text: Arc::new(batch),
                lines,
            });
        }
    }

    /// Drops the lines kept of a reserved file ([`Files::keep_lines`]), once
    /// the diagnostics that point at them have been shown: a report of a
    /// large catalog shows a line per finding, and a run that kept them all
    /// would hold every line of every locale.
    pub fn forget_lines(&self, id: FileId) {
        let entry = &self.files[id.0];
        if entry.text.is_none() {
            let mut kept = entry.lines.write().unwrap_or_else(|e| e.into_inner());
            *kept = Vec::new();
        }
    }

    /// The path of a file, as it was given.
    pub fn path(&self, id: FileId) -> &Path {
        &self.files[id.0].path
    }

    /// The text of a file kept whole, shared (empty for a reserved file).
    pub fn text_arc(&self, id: FileId) -> Arc<String> {
        self.files[id.0].text.clone().unwrap_or_default()
    }

    /// The text of a file kept whole (empty for a reserved file).
    pub fn text(&self, id: FileId) -> &str {
        self.files[id.0].text.as_ref().map_or("", |t| t.as_str())
    }

    /// The line holding a byte offset, and the offset's column in it: from
    /// the whole text, or from the lines kept of a reserved file (`None`
    /// when that line was not kept).
    pub fn line_at(&self, id: FileId, offset: usize) -> Option<LineAt<'_>> {
        let entry = &self.files[id.0];
        match &entry.text {
            Some(text) => {
                let mut offset = offset.min(text.len());
                while !text.is_char_boundary(offset) {
                    offset -= 1;
                }
                let index = entry.index.get_or_init(|| LineIndex::new(text));
                let number = index.line(offset);
                let start = index.starts[number - 1];
                let range = line_range(text, start);
                Some(LineAt {
                    number,
                    start,
                    column: column(&text[start..offset], start),
                    text: LineText::Whole(&text[range]),
                })
            }
            None => {
                // Read by every thread that formats the report.
                let kept = entry.lines.read().unwrap_or_else(|e| e.into_inner());
                let (lines, i) = kept_line(&kept, offset)?;
                let (start, number, _) = lines.lines[i];
                let column = kept_column(lines, i, offset)?;
                let range = lines.text(i);
                let line = &lines.text[range.clone()];
                let shown = line.strip_suffix('\r').unwrap_or(line).len();
                Some(LineAt {
                    number,
                    start,
                    column,
                    text: LineText::Kept(lines.text.clone(), range.start..range.start + shown),
                })
            }
        }
    }

    /// The 1-based lines and columns of both ends of `span` in a file, as
    /// [`Files::line_col`] gives each, in one lookup when they are on one
    /// line (as most spans a diagnostic points at are).
    pub fn span_line_cols(
        &self,
        id: FileId,
        span: &Range<usize>,
    ) -> Option<((usize, usize), (usize, usize))> {
        let entry = &self.files[id.0];
        match &entry.text {
            Some(text) => {
                let index = entry.index.get_or_init(|| LineIndex::new(text));
                let (line, col) = index.line_col(text, span.start);
                let line_start = index.starts[line - 1];
                let next = index.starts.get(line).copied().unwrap_or(usize::MAX);
                let end = if (span.start..next).contains(&span.end) && span.end <= text.len() {
                    let mut end = span.end;
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    (line, column(&text[line_start..end], line_start))
                } else {
                    index.line_col(text, span.end)
                };
                Some(((line, col), end))
            }
            None => {
                let kept = entry.lines.read().unwrap_or_else(|e| e.into_inner());
                let at = |offset| {
                    let (lines, i) = kept_line(&kept, offset)?;
                    Some((lines, i, (lines.lines[i].1, kept_column(lines, i, offset)?)))
                };
                let (lines, i, start) = at(span.start)?;
                let line_end = lines.lines[i].0 + lines.text(i).len();
                let end = if (span.start..=line_end).contains(&span.end) {
                    (start.0, kept_column(lines, i, span.end)?)
                } else {
                    at(span.end)?.2
                };
                Some((start, end))
            }
        }
    }

    /// 1-based line and column (in characters) of a byte offset; `None` for
    /// a line of a reserved file that was not kept.
    pub fn line_col(&self, id: FileId, offset: usize) -> Option<(usize, usize)> {
        let entry = &self.files[id.0];
        if let Some(text) = &entry.text {
            let index = entry.index.get_or_init(|| LineIndex::new(text));
            return Some(index.line_col(text, offset));
        }
        self.line_at(id, offset).map(|l| (l.number, l.column))
    }
}

/// 1-based line and column (counted in Unicode scalar values) of a byte
/// offset in `text`. Offsets past the end or inside a character are clamped.
/// Scans `text` once; use a [`LineIndex`] (or [`Files`]) for many lookups.
/// A BOM at the very start is not a column anyone can see.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_col(text, offset)
}

/// Byte range of the line holding `offset`, without its line ending.
pub fn line_range(text: &str, offset: usize) -> Range<usize> {
    // Searched among the bytes: `offset` may fall inside a character, and a
    // line feed is always a whole one.
    let bytes = text.as_bytes();
    let offset = offset.min(text.len());
    let start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[offset..]).map_or(text.len(), |i| offset + i);
    let end = if end > start && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    };
    start..end.max(start)
}

/// Where a diagnostic applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub file: FileId,
    /// Byte range in the file; empty for a point.
    pub span: Range<usize>,
}

/// One finding.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// The check that found it.
    pub check: &'static Check,
    /// Its level, once configuration has been applied.
    pub level: Level,
    /// What is wrong, in one line, lowercase, no trailing period.
    pub message: String,
    /// Where, when it applies to a place in a file.
    pub location: Option<Location>,
    /// A path to name when there is no file text to point into (an
    /// unreadable file, a directory).
    pub path: Option<PathBuf>,
    /// The locale it concerns, if any (shared: a locale can have a finding
    /// per message).
    pub locale: Option<Arc<str>>,
    /// Further facts (`note: first defined at line 8`).
    pub notes: Vec<String>,
    /// How to fix it.
    pub help: Option<std::borrow::Cow<'static, str>>,
    /// The text to put in place of its span, when the check knows it (an
    /// editor offers it as a fix).
    pub fix: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of `check` at its default level.
    pub fn new(check: &'static Check, message: impl Into<String>) -> Self {
        Diagnostic {
            check,
            level: check.default_level,
            message: message.into(),
            location: None,
            path: None,
            locale: None,
            notes: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// Points the diagnostic at a byte range of a file.
    pub fn at(mut self, file: FileId, span: Range<usize>) -> Self {
        self.location = Some(Location { file, span });
        self
    }

    /// Names a path without a position.
    pub fn at_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Sets the locale.
    pub fn locale(mut self, locale: impl Into<Arc<str>>) -> Self {
        self.locale = Some(locale.into());
        self
    }

    /// Adds a note.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the text to put in place of its span ([`Diagnostic::fix`]).
    pub fn fix(mut self, fix: Option<String>) -> Self {
        self.fix = fix;
        self
    }

    /// Sets the help text.
    pub fn help(mut self, help: impl Into<std::borrow::Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The file path this diagnostic names, if any.
    pub fn file_path<'a>(&'a self, files: &'a Files) -> Option<&'a Path> {
        match &self.location {
            Some(loc) => Some(files.path(loc.file)),
            None => self.path.as_deref(),
        }
    }

    /// 1-based line and column, when the diagnostic points into a file.
    pub fn line_col(&self, files: &Files) -> Option<(usize, usize)> {
        self.location
            .as_ref()
            .and_then(|loc| files.line_col(loc.file, loc.span.start))
    }
}

/// Sorts diagnostics by file and position. The sort is stable, so findings
/// at one place keep the order they were found in (source order).
pub fn sort(diags: &mut [Diagnostic], files: &Files) {
    // A run can have a million diagnostics in a dozen files: order the
    // files' paths once, and sort by rank. File k ranks 2k + 1; a path
    // given without file text ranks with the file of that path, or between
    // the two files its path falls between (and then by the path itself).
    let mut order: Vec<(&Path, usize)> = files
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.as_path(), i))
        .collect();
    order.sort();
    let mut rank = vec![0; order.len()];
    for (k, (_, i)) in order.iter().enumerate() {
        rank[*i] = 2 * k + 1;
    }
    // Most findings point into a file, and a locale's come mostly in the
    // file's order already: those need no key computed ahead, and often no
    // sorting at all.
    let at = |d: &Diagnostic| d.location.as_ref().map(|l| (rank[l.file.0], l.span.start));
    if diags.iter().all(|d| d.location.is_some()) {
        if !diags.is_sorted_by_key(at) {
            diags.sort_by_key(at);
        }
        return;
    }
    diags.sort_by_cached_key(|d| match (&d.location, &d.path) {
        (Some(l), _) => (Some(rank[l.file.0]), Some(l.span.start), None),
        (None, Some(p)) => {
            let r = match order.binary_search_by(|(q, _)| (*q).cmp(p.as_path())) {
                Ok(k) => 2 * k + 1,
                Err(k) => 2 * k,
            };
            (Some(r), None, Some(p.clone()))
        }
        (None, None) => (None, None, None),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_orders_by_path_then_position() {
        let mut files = Files::new();
        let b = files.add(Path::new("locales/b/errors.ftl"), "x\ny\n");
        let a = files.add(Path::new("locales/a/errors.ftl"), "x\ny\n");
        let c = &crate::registry::STALE;
        let mut diags = vec![
            Diagnostic::new(c, "b2").at(b, 2..2),
            Diagnostic::new(c, "path b").at_path("locales/b/errors.ftl"),
            Diagnostic::new(c, "none"),
            Diagnostic::new(c, "a2").at(a, 2..3),
            Diagnostic::new(c, "path between").at_path("locales/a/site.ftl"),
            Diagnostic::new(c, "b0").at(b, 0..1),
            Diagnostic::new(c, "a0").at(a, 0..1),
            Diagnostic::new(c, "path first").at_path("docs/x.md"),
            Diagnostic::new(c, "path last").at_path("z"),
        ];
        let naive: Vec<String> = {
            let mut d: Vec<_> = diags
                .iter()
                .map(|d| {
                    (
                        d.file_path(&files).map(Path::to_path_buf),
                        d.location.as_ref().map(|l| l.span.start),
                        d.message.clone(),
                    )
                })
                .collect();
            d.sort_by(|x, y| (&x.0, x.1).cmp(&(&y.0, y.1)));
            d.into_iter().map(|x| x.2).collect()
        };
        sort(&mut diags, &files);
        let ours: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
        assert_eq!(ours, naive);
        assert_eq!(ours[0], "none");
        assert_eq!(ours[1], "path first");
        // Findings that all point into files (sorted without a cached
        // key), two at one place keeping the order they were found in.
        let mut located = vec![
            Diagnostic::new(c, "b0").at(b, 0..1),
            Diagnostic::new(c, "a2 first").at(a, 2..3),
            Diagnostic::new(c, "a0").at(a, 0..1),
            Diagnostic::new(c, "a2 second").at(a, 2..2),
        ];
        sort(&mut located, &files);
        let ours: Vec<&str> = located.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(ours, ["a0", "a2 first", "a2 second", "b0"]);
    }

    #[test]
    fn line_col_counts_chars() {
        let t = "ab\n错误码|x\r\nz";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 12), (2, 4));
        assert_eq!(line_col(t, t.len()), (3, 2));
        assert_eq!(line_col("\u{feff}x", 3), (1, 1));
        // Inside a multi-byte character: clamps to its start.
        assert_eq!(line_col(t, 4), (2, 1));
    }

    /// A file kept whole and the same file kept a line at a time give the
    /// same line, column and shown text, at every offset (a BOM, CRLF
    /// line ends, characters of several bytes, the end of the file).
    #[test]
    fn kept_lines_read_as_the_whole_file() {
        let text = "\u{feff}a错\r\n\r\nx = 错误码\r\nz";
        let mut files = Files::new();
        let whole = files.add(Path::new("whole.ftl"), text);
        let kept = files.reserve(Path::new("kept.ftl"));
        files.keep_lines(kept, text, 0..=text.len());
        for offset in 0..=text.len() {
            let (w, k) = (files.line_at(whole, offset), files.line_at(kept, offset));
            let (w, k) = (
                w.expect("a whole file has every line"),
                k.expect("every line was kept"),
            );
            assert_eq!(
                (w.number, w.start, w.column, &*w.text),
                (k.number, k.start, k.column, &*k.text),
                "at {offset}"
            );
            assert_eq!(files.line_col(whole, offset), Some((w.number, w.column)));
            assert_eq!(files.line_col(kept, offset), Some((k.number, k.column)));
            assert!(!k.text.ends_with('\r'));
        }
        // A line that was not kept has no column.
        let sparse = files.reserve(Path::new("sparse.ftl"));
        files.keep_lines(sparse, text, [0]);
        assert!(files.line_at(sparse, text.len()).is_none());
        assert_eq!(files.line_col(sparse, text.len()), None);
    }

    /// Both ends of a span in one lookup give what a lookup of each gives,
    /// for every span of a file kept whole, kept a line at a time, and kept
    /// only at the lines the spans' ends are on.
    #[test]
    fn span_ends_read_as_two_lookups() {
        let text = "\u{feff}a错\r\n\r\nx = 错误码\r\nz\n\n";
        let mut files = Files::new();
        let whole = files.add(Path::new("whole.ftl"), text);
        let kept = files.reserve(Path::new("kept.ftl"));
        files.keep_lines(kept, text, 0..=text.len());
        for start in 0..=text.len() + 1 {
            for end in start..=text.len() + 1 {
                let span = start..end;
                let sparse = files.reserve(Path::new("sparse.ftl"));
                files.keep_lines(sparse, text, [start, end]);
                for id in [whole, kept, sparse] {
                    let two = files.line_col(id, start).zip(files.line_col(id, end));
                    assert_eq!(files.span_line_cols(id, &span), two, "{span:?} of {id:?}");
                    assert!(two.is_some(), "{span:?} of {id:?}");
                }
            }
        }
    }

    #[test]
    fn line_range_strips_crlf() {
        let t = "a\r\nbc\r\n";
        assert_eq!(&t[line_range(t, 4)], "bc");
        assert_eq!(&t[line_range(t, 0)], "a");
    }
}
