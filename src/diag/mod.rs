//! Diagnostics: what errbook reports about its inputs.
//!
//! A [`Diagnostic`] names a [`Check`](crate::check::Check) (its stable code and
//! name), a message, and where it applies as a byte range in a file held by
//! [`Files`]. Line and column are computed only when printing, by the emitters
//! in [`emit`].

pub mod emit;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::check::Check;

/// How serious a finding is. The order matters: `Allow < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported; fails only with `--deny warnings`.
    Warning,
    /// Reported; fails the command.
    Error,
}

impl Level {
    /// The lowercase name used in output and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "allow" => Ok(Level::Allow),
            "warn" | "warning" => Ok(Level::Warning),
            "error" | "deny" => Ok(Level::Error),
            other => Err(format!(
                "unknown level `{other}`; expected `error`, `warning` or `allow`"
            )),
        }
    }
}

/// Index of a file in [`Files`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(usize);

/// The text of every file a run has read, so that diagnostics can show lines.
#[derive(Debug, Default)]
pub struct Files {
    files: Vec<(PathBuf, Arc<str>, std::sync::OnceLock<LineIndex>)>,
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
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
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
        let line_text = &text[start..offset];
        let line_text = if start == 0 {
            line_text.strip_prefix('\u{feff}').unwrap_or(line_text)
        } else {
            line_text
        };
        (line, line_text.chars().count() + 1)
    }
}

impl Files {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file's text (for a file that is not valid UTF-8, the valid
    /// prefix) and returns its id.
    pub fn add(&mut self, path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> FileId {
        self.files
            .push((path.into(), text.into(), std::sync::OnceLock::new()));
        FileId(self.files.len() - 1)
    }

    /// The path of a file, as it was given.
    pub fn path(&self, id: FileId) -> &Path {
        &self.files[id.0].0
    }

    /// The text of a file, shared.
    pub fn text_arc(&self, id: FileId) -> Arc<str> {
        Arc::clone(&self.files[id.0].1)
    }

    /// The text of a file.
    pub fn text(&self, id: FileId) -> &str {
        &self.files[id.0].1
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        let (_, text, index) = &self.files[id.0];
        index
            .get_or_init(|| LineIndex::new(text))
            .line_col(text, offset)
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
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
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
    /// The locale it concerns, if any.
    pub locale: Option<String>,
    /// Further facts (`note: first defined at line 8`).
    pub notes: Vec<String>,
    /// How to fix it.
    pub help: Option<String>,
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
    pub fn locale(mut self, locale: impl Into<String>) -> Self {
        self.locale = Some(locale.into());
        self
    }

    /// Adds a note.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the help text.
    pub fn help(mut self, help: impl Into<String>) -> Self {
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
            .map(|loc| files.line_col(loc.file, loc.span.start))
    }
}

/// Sorts diagnostics by file and position. The sort is stable, so findings
/// at one place keep the order they were found in (source order).
pub fn sort(diags: &mut [Diagnostic], files: &Files) {
    diags.sort_by_cached_key(|d| {
        (
            d.file_path(files).map(Path::to_path_buf),
            d.location.as_ref().map(|l| l.span.start),
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn line_range_strips_crlf() {
        let t = "a\r\nbc\r\n";
        assert_eq!(&t[line_range(t, 4)], "bc");
        assert_eq!(&t[line_range(t, 0)], "a");
    }
}
