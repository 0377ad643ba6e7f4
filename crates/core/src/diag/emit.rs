//! Printing diagnostics: `human` (clang-style `file:line:col: level: …` with
//! the offending line and a caret), `json` (an array of objects) and `github`
//! (workflow-command annotations).

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use serde::Serialize;
use unicode_width::UnicodeWidthChar;

use super::{Diagnostic, Files, Level};

/// Output format of diagnostics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    /// `file:line:col: error: …`, the source line and a caret (colour on a
    /// terminal unless NO_COLOR is set).
    #[default]
    Human,
    /// A JSON array, one object per finding.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
}

/// The styles of human output, as the text that turns each on and off:
/// colours, or nothing at all (so that output to a file or a pipe need not
/// be written with escape codes and then stripped).
struct Palette {
    error: Paint,
    warning: Paint,
    bold: Paint,
    gutter: Paint,
}

/// A style's escape codes, rendered once for a whole report.
struct Paint {
    on: String,
    off: String,
}

impl Paint {
    fn new(style: Style) -> Paint {
        Paint {
            on: style.render().to_string(),
            off: style.render_reset().to_string(),
        }
    }
}

impl Palette {
    fn new(color: bool) -> Palette {
        let styles = if color {
            [
                AnsiColor::Red.on_default().bold(),
                AnsiColor::Yellow.on_default().bold(),
                Style::new().bold(),
                AnsiColor::Blue.on_default().bold(),
            ]
        } else {
            // An empty style writes nothing.
            [Style::new(); 4]
        };
        let [error, warning, bold, gutter] = styles.map(Paint::new);
        Palette {
            error,
            warning,
            bold,
            gutter,
        }
    }

    fn level(&self, level: Level) -> &Paint {
        match level {
            Level::Error => &self.error,
            _ => &self.warning,
        }
    }
}

/// Writes diagnostics in `format`. `w` should be an `anstream` stream, which
/// strips the colour codes where colour is not wanted.
pub fn emit(
    w: &mut dyn Write,
    files: &Files,
    diags: &[Diagnostic],
    format: Format,
) -> io::Result<()> {
    emit_styled(w, files, diags, format, true)
}

/// Writes diagnostics to standard output, buffered, in colour only when
/// standard output wants it (a terminal, unless `NO_COLOR`): the path for
/// `check`, whose output can run to hundreds of thousands of lines.
pub fn emit_stdout(files: &Files, diags: &[Diagnostic], format: Format) -> io::Result<()> {
    emit_raw(io::stdout(), files, diags, format)
}

/// [`emit_stdout`] to standard error.
pub fn emit_stderr(files: &Files, diags: &[Diagnostic], format: Format) -> io::Result<()> {
    emit_raw(io::stderr(), files, diags, format)
}

fn emit_raw<S>(raw: S, files: &Files, diags: &[Diagnostic], format: Format) -> io::Result<()>
where
    S: anstream::stream::RawStream + anstream::stream::AsLockedWrite + Send,
{
    let mut report = Report::to_stream(raw, files, format);
    report.write(diags)?;
    report.finish()
}

fn emit_styled(
    w: &mut dyn Write,
    files: &Files,
    diags: &[Diagnostic],
    format: Format,
    color: bool,
) -> io::Result<()> {
    let mut report = Report::new(w, files, format, color);
    report.write(diags)?;
    report.finish()
}

/// A report written a part at a time: for a check that prints each
/// locale's findings once it is checked (in order), and so never holds
/// them all. The parts together read exactly as one report of all their
/// findings, in every format.
pub struct Report<'a, W> {
    w: W,
    files: &'a Files,
    format: Format,
    palette: Palette,
    /// Findings written so far.
    written: usize,
    /// A write failed: nothing more is written, so that the report stops
    /// where it failed rather than going on with a gap.
    failed: bool,
    /// The buffers findings are formatted into, kept from one part to the
    /// next.
    buffers: Vec<Vec<u8>>,
}

/// Where [`Report::stdout`] writes.
pub type Stdout<'a> = Box<dyn Write + Send + 'a>;

impl<'a> Report<'a, Stdout<'a>> {
    /// A report to standard output, buffered, in colour only when standard
    /// output wants it (a terminal, unless `NO_COLOR`).
    pub fn stdout(files: &'a Files, format: Format) -> Self {
        Report::to_stream(io::stdout(), files, format)
    }

    /// [`Report::stdout`] to standard error.
    pub fn stderr(files: &'a Files, format: Format) -> Self {
        Report::to_stream(io::stderr(), files, format)
    }

    fn to_stream<S>(raw: S, files: &'a Files, format: Format) -> Self
    where
        S: anstream::stream::RawStream + anstream::stream::AsLockedWrite + Send + 'a,
    {
        let choice = anstream::AutoStream::choice(&raw);
        if choice == anstream::ColorChoice::Never {
            let w = io::BufWriter::with_capacity(1 << 16, raw);
            Report::new(Box::new(w), files, format, false)
        } else {
            let w = anstream::AutoStream::new(raw, choice);
            let w = io::BufWriter::with_capacity(1 << 16, w);
            Report::new(Box::new(w), files, format, true)
        }
    }
}

impl<'a, W: Write> Report<'a, W> {
    /// A report to `w`, in colour or not.
    pub fn new(w: W, files: &'a Files, format: Format, color: bool) -> Self {
        Report {
            w,
            files,
            format,
            palette: Palette::new(color),
            written: 0,
            failed: false,
            buffers: Vec::new(),
        }
    }

    /// Writes the next findings, in order (those at level `allow` are not
    /// shown).
    pub fn write(&mut self, diags: &[Diagnostic]) -> io::Result<()> {
        if self.failed {
            return Err(io::Error::other("an earlier write of the report failed"));
        }
        let written = self.write_unchecked(diags);
        self.failed = written.is_err();
        written
    }

    fn write_unchecked(&mut self, diags: &[Diagnostic]) -> io::Result<()> {
        let shown: Vec<&Diagnostic> = diags.iter().filter(|d| d.level != Level::Allow).collect();
        let (files, palette) = (self.files, &self.palette);
        match self.format {
            Format::Human => in_parallel(&mut self.w, &mut self.buffers, &shown, |w, _, d| {
                human(w, files, d, palette)
            })?,
            Format::Github => in_parallel(&mut self.w, &mut self.buffers, &shown, |w, _, d| {
                github(w, files, d)
            })?,
            Format::Json => {
                let first = self.written;
                in_parallel(&mut self.w, &mut self.buffers, &shown, |w, i, d| {
                    w.extend_from_slice(if first + i == 0 { b"[\n" } else { b",\n" });
                    json_item(w, files, d)
                })?
            }
        }
        self.written += shown.len();
        Ok(())
    }

    /// The report's format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Writes a line of its own between findings (a summary of findings
    /// not shown). Only in the human format, whose reader is a person.
    pub fn line(&mut self, text: &str) -> io::Result<()> {
        if self.failed || self.format != Format::Human {
            return Ok(());
        }
        let written = writeln!(self.w, "{text}");
        self.failed = written.is_err();
        written
    }

    /// Writes out what is buffered.
    pub fn flush(&mut self) -> io::Result<()> {
        if self.failed {
            return Err(io::Error::other("an earlier write of the report failed"));
        }
        let flushed = self.w.flush();
        self.failed = flushed.is_err();
        flushed
    }

    /// Ends the report (closes the JSON array) and flushes it.
    pub fn finish(mut self) -> io::Result<()> {
        if self.failed {
            return Err(io::Error::other("an earlier write of the report failed"));
        }
        if self.format == Format::Json {
            let end: &[u8] = if self.written == 0 { b"[]\n" } else { b"\n]\n" };
            self.w.write_all(end)?;
        }
        self.w.flush()
    }
}

/// One finding as an item of the JSON array, as serde_json prints the whole
/// array ([`JsonDiagnostic`] pretty-printed, the object indented by two
/// spaces), without the `,` between items. Written field by field: a check
/// of a large catalog can report a million findings, and serialising each
/// through a tree of maps and re-indenting it would take longer than the
/// check.
fn json_item(w: &mut Vec<u8>, files: &Files, d: &Diagnostic) -> io::Result<()> {
    let j = JsonDiagnostic::new(files, d);
    let string = |w: &mut Vec<u8>, s: &str| json_string(w, s);
    let key = |w: &mut Vec<u8>, k: &str, first: bool| {
        w.extend_from_slice(if first { b"  {\n    \"" } else { b",\n    \"" });
        w.extend_from_slice(k.as_bytes());
        w.extend_from_slice(b"\": ");
    };
    let text = |w: &mut Vec<u8>, k: &str, v: Option<&str>| {
        key(w, k, false);
        match v {
            Some(v) => string(w, v),
            None => w.write_all(b"null"),
        }
    };
    let number = |w: &mut Vec<u8>, k: &str, v: Option<usize>| {
        key(w, k, false);
        match v {
            Some(n) => {
                w.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
                Ok(())
            }
            None => w.write_all(b"null"),
        }
    };
    key(w, "severity", true);
    string(w, j.severity)?;
    text(w, "code", Some(j.code))?;
    text(w, "name", Some(j.name))?;
    text(w, "locale", j.locale)?;
    text(w, "file", j.file.as_deref())?;
    number(w, "line", j.line)?;
    number(w, "column", j.column)?;
    number(w, "end_line", j.end_line)?;
    number(w, "end_column", j.end_column)?;
    text(w, "message", Some(j.message))?;
    key(w, "notes", false);
    if j.notes.is_empty() {
        w.extend_from_slice(b"[]");
    } else {
        for (i, n) in j.notes.iter().enumerate() {
            w.extend_from_slice(if i == 0 { b"[\n      " } else { b",\n      " });
            string(w, n)?;
        }
        w.extend_from_slice(b"\n    ]");
    }
    text(w, "help", j.help)?;
    w.extend_from_slice(b"\n  }");
    Ok(())
}

/// Writes `s` as a JSON string, as serde_json does: most strings of a
/// report need no escape, and are told so a block of bytes at a time and
/// copied whole.
fn json_string(w: &mut Vec<u8>, s: &str) -> io::Result<()> {
    let plain = s.as_bytes().chunks(16).all(|block| {
        !block.iter().fold(false, |any, &b| {
            any | (b < 0x20) | (b == b'"') | (b == b'\\')
        })
    });
    if !plain {
        return serde_json::to_writer(w, s).map_err(io::Error::from);
    }
    w.reserve(s.len() + 2);
    w.push(b'"');
    w.extend_from_slice(s.as_bytes());
    w.push(b'"');
    Ok(())
}

/// Writes each diagnostic with `one` (given its index in `diags`), in
/// order: a run of them at a time is formatted in parallel into `buffers`
/// (kept by the caller from one call to the next: a check of a large
/// catalog prints tens of megabytes, and fresh buffers for each run would
/// be fresh pages for the system to clear), which are then written in turn.
fn in_parallel(
    w: &mut dyn Write,
    buffers: &mut Vec<Vec<u8>>,
    diags: &[&Diagnostic],
    one: impl Fn(&mut Vec<u8>, usize, &Diagnostic) -> io::Result<()> + Sync,
) -> io::Result<()> {
    use rayon::prelude::*;
    const BATCH: usize = 512;
    const BATCHES: usize = 8;
    buffers.resize_with(BATCHES, Vec::new);
    for (r, run) in diags.chunks(BATCH * BATCHES).enumerate() {
        buffers
            .par_iter_mut()
            .zip(run.par_chunks(BATCH))
            .enumerate()
            .try_for_each(|(b, (buf, batch))| {
                buf.clear();
                let first = (r * BATCHES + b) * BATCH;
                for (i, d) in batch.iter().enumerate() {
                    one(buf, first + i, d)?;
                }
                Ok::<_, io::Error>(())
            })?;
        let used = run.len().div_ceil(BATCH);
        for b in &buffers[..used] {
            w.write_all(b)?;
        }
    }
    Ok(())
}

/// One diagnostic in the short, one-line form (no source line).
pub fn short_line(files: &Files, d: &Diagnostic) -> String {
    let mut s = String::new();
    if let Some(p) = d.file_path(files) {
        s.push_str(&visible_name(&p.display().to_string()));
        if let Some((l, c)) = d.line_col(files) {
            s.push_str(&format!(":{l}:{c}"));
        }
        s.push_str(": ");
    }
    s.push_str(&format!(
        "{}: {} [{} {}]",
        d.level.as_str(),
        visible(&shortened(&d.message)),
        d.check.code,
        d.check.name
    ));
    s
}

/// Writes a diagnostic in the human format. A report can run to a million
/// lines, so the pieces are copied in, not formatted.
fn human(w: &mut Vec<u8>, files: &Files, d: &Diagnostic, p: &Palette) -> io::Result<()> {
    let (ls, bold, gs) = (p.level(d.level), &p.bold, &p.gutter);
    let at = d
        .location
        .as_ref()
        .and_then(|loc| Some((loc, files.line_at(loc.file, loc.span.start)?)));
    let push = |w: &mut Vec<u8>, parts: &[&str]| {
        for part in parts {
            w.extend_from_slice(part.as_bytes());
        }
    };
    if let Some(path) = d.file_path(files) {
        push(w, &[&bold.on]);
        // A file name comes from the repository too: a line feed or an
        // escape in it must not start a line of its own (a GitHub workflow
        // command) or drive the terminal.
        match path.to_str() {
            Some(path) => push(w, &[&visible_name(path)]),
            None => push(w, &[&visible_name(&path.display().to_string())]),
        }
        if let Some((_, line)) = &at {
            write!(w, ":{}:{}", line.number, line.column)?;
        }
        push(w, &[":", &bold.off, " "]);
    }
    push(
        w,
        &[
            &ls.on,
            d.level.as_str(),
            ":",
            &ls.off,
            " ",
            &bold.on,
            &visible(&shortened(&d.message)),
            &bold.off,
            " [",
            d.check.code,
            " ",
            d.check.name,
            "]\n",
        ],
    );
    let spaces = |w: &mut Vec<u8>, n: usize| w.resize(w.len() + n, b' ');
    let mut gutter = 4;
    if let Some((loc, line)) = &at {
        let lr = line.start..line.start + line.text.len();
        if !line.text.trim().is_empty() || !loc.span.is_empty() {
            let num = line.number.to_string();
            gutter = num.len() + 1;
            let start = loc.span.start.max(lr.start) - lr.start;
            let len = {
                let end = loc.span.end.min(lr.end).max(loc.span.start);
                end - loc.span.start.min(end)
            };
            // A long line (a 1 MB table row) is shown as a window around
            // the column it points at.
            let (text, start, len) = window(&line.text, start, len);
            let (shown, caret_col, caret_len) = caret(&text, start, len);
            push(
                w,
                &[&gs.on, " ", &num, " |", &gs.off, " ", &shown, "\n", &gs.on],
            );
            spaces(w, gutter);
            push(w, &[" |", &gs.off, " "]);
            spaces(w, caret_col);
            push(w, &[&ls.on]);
            w.resize(w.len() + caret_len.max(1), b'^');
            push(w, &[&ls.off, "\n"]);
        }
    }
    let notes = d.notes.iter().map(|n| ("note:", n.as_str()));
    for (what, text) in notes.chain(d.help.as_deref().map(|h| ("help:", h))) {
        push(w, &[&gs.on]);
        spaces(w, gutter);
        push(
            w,
            &[
                " =",
                &gs.off,
                " ",
                &bold.on,
                what,
                &bold.off,
                " ",
                &visible(&shortened(text)),
                "\n",
            ],
        );
    }
    Ok(())
}

/// How many characters of a long line are shown on either side of the
/// place a diagnostic points at.
const WINDOW: usize = 80;

/// `line` cut to a window of [`WINDOW`] characters either side of the byte
/// range `start..start + len` (itself cut to `WINDOW` characters), with `…`
/// where something was left out; and the range in the window.
fn window(line: &str, start: usize, len: usize) -> (std::borrow::Cow<'_, str>, usize, usize) {
    use std::borrow::Cow;
    if line.len() <= 4 * WINDOW {
        return (Cow::Borrowed(line), start, len);
    }
    let floor = |mut i: usize| {
        i = i.min(line.len());
        while !line.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(start);
    let from = line[..start]
        .char_indices()
        .rev()
        .nth(WINDOW - 1)
        .map_or(0, |(i, _)| i);
    let span_end = line[start..]
        .char_indices()
        .nth(WINDOW)
        .map_or(line.len(), |(i, _)| start + i)
        .min(floor(start + len));
    let to = line[span_end..]
        .char_indices()
        .nth(WINDOW)
        .map_or(line.len(), |(i, _)| span_end + i);
    if from == 0 && to == line.len() {
        return (Cow::Borrowed(line), start, len);
    }
    let mut shown = String::with_capacity(to - from + 6);
    if from > 0 {
        shown.push('…');
    }
    let offset = shown.len();
    shown.push_str(&line[from..to]);
    if to < line.len() {
        shown.push('…');
    }
    (Cow::Owned(shown), start - from + offset, span_end - start)
}

/// Characters that change how a terminal shows the text around them
/// without being seen: the bidirectional controls (which can make a
/// diagnostic read as something else, CVE-2021-42574), shown as `<U+202E>`.
fn is_invisible_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// `s` for a terminal: bidirectional controls and other control characters
/// (an escape sequence in a message from the table) written as `<U+…>`.
fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| (c.is_control() && c != '\n' && c != '\t') || is_invisible_control(c);
    let suspect = s
        .bytes()
        .any(|b| b < 0x20 || b == 0x7f || b == 0xe2 || b == 0xd8 || b == 0xc2);
    if !suspect || !s.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if hidden(c) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A file name for a terminal: [`visible`], and line breaks too.
fn visible_name(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['\n', '\t']) {
        return visible(s);
    }
    std::borrow::Cow::Owned(
        visible(s)
            .replace('\n', "<U+000A>")
            .replace('\t', "<U+0009>"),
    )
}

/// How many characters of a message or note a report shows.
const MESSAGE_CHARS: usize = 400;

/// `s` cut to [`MESSAGE_CHARS`] characters, with `…` (a message can quote a
/// 1 MB cell).
fn shortened(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(MESSAGE_CHARS) {
        None => std::borrow::Cow::Borrowed(s),
        Some((at, _)) => std::borrow::Cow::Owned(format!("{}…", &s[..at])),
    }
}

/// The line as displayed (tabs expanded, control characters shown as `�`,
/// bidirectional controls as `<U+202E>`),
/// and the display column and width of the byte range `start..start+len`.
fn caret(line: &str, start: usize, len: usize) -> (std::borrow::Cow<'_, str>, usize, usize) {
    // Most lines are shown as they are, and need only be measured.
    let plain = !line
        .chars()
        .any(|c| c == '\t' || c == '\u{feff}' || c.is_control() || is_invisible_control(c));
    let mut shown = String::new();
    let mut col = 0usize;
    let (mut caret_col, mut caret_end) = (None, None);
    for (i, ch) in line.char_indices() {
        if i == start {
            caret_col = Some(col);
        }
        if caret_end.is_none() && i >= start + len && i > start {
            caret_end = Some(col);
            if plain && caret_col.is_some() {
                break; // the rest is not shown differently
            }
        }
        match ch {
            '\t' => {
                let n = 4 - col % 4;
                shown.push_str(&" ".repeat(n));
                col += n;
            }
            '\u{feff}' => {}
            c if is_invisible_control(c) => {
                let escaped = format!("<U+{:04X}>", u32::from(c));
                col += escaped.len();
                shown.push_str(&escaped);
            }
            c if c.is_control() => {
                shown.push('\u{fffd}');
                col += 1;
            }
            c => {
                if !plain {
                    shown.push(c);
                }
                col += c.width().unwrap_or(0);
            }
        }
    }
    let caret_col = caret_col.unwrap_or(col);
    let caret_end = caret_end.unwrap_or(col);
    let shown = if plain {
        std::borrow::Cow::Borrowed(line)
    } else {
        std::borrow::Cow::Owned(shown)
    };
    (shown, caret_col, caret_end.saturating_sub(caret_col))
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: &'static str,
    code: &'static str,
    name: &'static str,
    locale: Option<&'a str>,
    file: Option<std::borrow::Cow<'a, str>>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    message: &'a str,
    notes: &'a [String],
    help: Option<&'a str>,
}

impl<'a> JsonDiagnostic<'a> {
    fn new(files: &'a Files, d: &'a Diagnostic) -> Self {
        let (start, end) = d
            .location
            .as_ref()
            .and_then(|l| files.span_line_cols(l.file, &l.span))
            .unzip();
        JsonDiagnostic {
            severity: d.level.as_str(),
            code: d.check.code,
            name: d.check.name,
            locale: d.locale.as_deref(),
            file: d.file_path(files).map(|p| p.to_string_lossy()),
            line: start.map(|s| s.0),
            column: start.map(|s| s.1),
            end_line: end.map(|e| e.0),
            end_column: end.map(|e| e.1),
            message: &d.message,
            notes: &d.notes,
            help: d.help.as_deref(),
        }
    }
}

fn github(w: &mut Vec<u8>, files: &Files, d: &Diagnostic) -> io::Result<()> {
    let cmd = match d.level {
        Level::Error => "error",
        _ => "warning",
    };
    let mut props = Vec::new();
    if let Some(p) = d.file_path(files) {
        props.push(format!(
            "file={}",
            escape_property(&p.display().to_string())
        ));
    }
    if let Some((l, c)) = d.line_col(files) {
        props.push(format!("line={l}"));
        props.push(format!("col={c}"));
    }
    props.push(format!(
        "title={}",
        escape_property(&format!("{} {}", d.check.code, d.check.name))
    ));
    let mut message = d.message.clone();
    for n in &d.notes {
        message.push_str(&format!("\nnote: {n}"));
    }
    if let Some(h) = &d.help {
        message.push_str(&format!("\nhelp: {h}"));
    }
    writeln!(w, "::{cmd} {}::{}", props.join(","), escape_data(&message))
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A one-line count of errors and warnings, e.g. `2 errors, 1 warning`.
pub fn summary(diags: &[Diagnostic]) -> String {
    Tally::of(diags).summary()
}

/// How many findings of each level a report holds, counted as it is
/// written a part at a time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Findings at level `error`.
    pub errors: usize,
    /// Findings at level `warning`.
    pub warnings: usize,
    /// Errors of a fatal check (the command could not do its work).
    pub fatal: usize,
}

impl Tally {
    /// The counts of `diags`.
    pub fn of(diags: &[Diagnostic]) -> Tally {
        let mut t = Tally::default();
        t.add(diags);
        t
    }

    /// Counts `diags` too.
    pub fn add(&mut self, diags: &[Diagnostic]) {
        for d in diags {
            match d.level {
                Level::Error => {
                    self.errors += 1;
                    self.fatal += usize::from(crate::registry::is_fatal(d.check));
                }
                Level::Warning => self.warnings += 1,
                _ => {}
            }
        }
    }

    /// A one-line count of errors and warnings, e.g. `2 errors, 1 warning`.
    pub fn summary(&self) -> String {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}, {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The JSON report, written field by field, is what serde_json
        /// prints for the array of [`JsonDiagnostic`]s: the same text, and
        /// so the same schema, whatever the strings hold.
        #[test]
        fn json_report_is_serde_jsons_pretty_array(
            items in proptest::collection::vec(
                (
                    ".{0,12}",
                    proptest::option::of("[a-z\\-]{2,6}"),
                    proptest::collection::vec(".{0,8}", 0..3),
                    proptest::option::of(".{0,8}"),
                    proptest::option::of(0usize..40),
                    proptest::bool::ANY,
                ),
                0..5,
            ),
            text in "[a\\n\"\\\\错\u{1}\t]{0,40}",
        ) {
            use crate::registry as checks;
            let mut files = Files::new();
            let file = files.add("locales/en-US/errors.ftl", text.clone());
            let diags: Vec<Diagnostic> = items
                .iter()
                .map(|(message, locale, notes, help, at, error)| {
                    let mut d = Diagnostic::new(&checks::STALE, message.clone());
                    d.level = if *error { Level::Error } else { Level::Warning };
                    if let Some(l) = locale {
                        d = d.locale(l.as_str());
                    }
                    for n in notes {
                        d = d.note(n.clone());
                    }
                    if let Some(h) = help {
                        d = d.help(h.clone());
                    }
                    if let Some(at) = at {
                        let at = (*at).min(text.len());
                        d = d.at(file, at..text.len());
                    }
                    d
                })
                .collect();
            let mut out = Vec::new();
            let mut report = Report::new(&mut out, &files, Format::Json, false);
            report.write(&diags[..diags.len() / 2]).unwrap();
            report.write(&diags[diags.len() / 2..]).unwrap();
            report.finish().unwrap();
            let expected: Vec<JsonDiagnostic> =
                diags.iter().map(|d| JsonDiagnostic::new(&files, d)).collect();
            let expected = serde_json::to_string_pretty(&expected).unwrap() + "\n";
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }

    #[test]
    fn caret_counts_display_width() {
        let (shown, col, len) = caret("|错误\t|x", 7, 1);
        assert_eq!(shown, "|错误   |x");
        assert_eq!((col, len), (5, 3));
        let (_, col, len) = caret("|错误|", 1, 6);
        assert_eq!((col, len), (1, 4));
        // A plain line is shown as it is, and measured only to the caret's
        // end; an offset inside a character measures as in any line.
        let (shown, col, len) = caret("a错b错", 1, 3);
        assert!(matches!(shown, std::borrow::Cow::Borrowed("a错b错")));
        assert_eq!((col, len), (1, 2));
        assert_eq!(caret("错误", 1, 1), ("错误".into(), 4, 0));
        assert_eq!(caret("错\t误", 1, 1), ("错  误".into(), 6, 0));
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_its_column() {
        let line = format!("{}X{}", "错".repeat(300_000), "误".repeat(300_000));
        let at = line.find('X').unwrap();
        let (shown, start, len) = window(&line, at, 1);
        assert!(shown.chars().count() <= 2 * WINDOW + 3, "{}", shown.len());
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(&shown[start..start + len], "X");
        // Near the start: no leading mark; a short line is left alone.
        let (shown, start, _) = window(&line, 3, 3);
        assert!(!shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(&shown[start..start + 3], "错");
        assert!(matches!(
            window("short", 1, 1).0,
            std::borrow::Cow::Borrowed(_)
        ));
        // An offset inside a character, and a span longer than the window.
        let (shown, start, len) = window(&line, at - 1, 10_000);
        assert!(shown.is_char_boundary(start) && shown.is_char_boundary(start + len));
        assert!(len <= 3 * (WINDOW + 1));
    }

    #[test]
    fn bidirectional_controls_are_shown_not_obeyed() {
        let evil = "a\u{202e}b\u{2066}c\u{1b}[31md\te";
        assert_eq!(visible(evil), "a<U+202E>b<U+2066>c<U+001B>[31md\te");
        assert!(matches!(
            visible("错误 — ok"),
            std::borrow::Cow::Borrowed(_)
        ));
        let (shown, col, _) = caret("x\u{202e}yz", 4, 1);
        assert_eq!(shown, "x<U+202E>yz");
        assert_eq!(col, 1 + "<U+202E>".len());
        // In a whole report: the line, the message and the notes.
        let mut files = Files::new();
        let text = "| 1 | \u{202e}说明 |\n";
        let file = files.add(std::path::Path::new("t.md"), text);
        let d = Diagnostic::new(
            &crate::registry::SOURCE_UNREADABLE,
            "bad \u{202e}cell".to_owned(),
        )
        .at(file, 6..9)
        .note("was \u{2067}x".to_owned());
        let mut out = Vec::new();
        emit(&mut out, &files, &[d], Format::Human).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            !out.contains('\u{202e}') && !out.contains('\u{2067}'),
            "{out}"
        );
        assert!(
            out.contains("bad <U+202E>cell") && out.contains("was <U+2067>x"),
            "{out}"
        );
    }

    #[test]
    fn file_names_and_long_messages_cannot_take_over_the_terminal() {
        let mut files = Files::new();
        let name = "locales/ja-JP/x\n::error file=README.md::INJECTED\u{1b}[2K\u{202e}.ftl";
        let file = files.add(std::path::Path::new(name), "a = {\n");
        let long = format!("`{}` is not a code", "码".repeat(100_000));
        let d = Diagnostic::new(&crate::registry::SYNTAX_ERROR, long).at(file, 4..5);
        let mut out = Vec::new();
        emit(&mut out, &files, std::slice::from_ref(&d), Format::Human).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(!out.lines().any(|l| l.starts_with("::")), "{out}");
        assert!(
            !out.contains("\u{1b}[2K") && !out.contains('\u{202e}'),
            "{out}"
        );
        assert!(out.contains("x<U+000A>::error"), "{out}");
        assert!(out.len() < 4_000, "{} bytes", out.len());
        let short = short_line(&files, &d);
        assert!(!short.contains('\n') && short.len() < 2_000, "{short}");
    }

    /// After a failed write the report stops: nothing after the failure
    /// is written, even if the stream works again, so it never goes on
    /// with a gap.
    #[test]
    fn a_report_stops_at_its_first_failed_write() {
        struct FailsOnce {
            out: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
            calls: usize,
        }
        impl Write for FailsOnce {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.calls += 1;
                if self.calls == 2 {
                    return Err(io::Error::other("full"));
                }
                self.out.lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut files = Files::new();
        let file = files.add(std::path::Path::new("a.ftl"), "a = 1\nb = 2\n");
        let d = |at: usize| {
            Diagnostic::new(&crate::registry::STALE, "stale")
                .at(file, at..at + 1)
                .locale("de")
        };
        let out = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let w = FailsOnce {
            out: out.clone(),
            calls: 0,
        };
        let mut report = Report::new(w, &files, Format::Json, false);
        report.write(&[d(0)]).unwrap();
        assert!(report.write(&[d(6)]).is_err());
        assert!(report.write(&[d(0)]).is_err());
        assert!(report.flush().is_err());
        assert!(report.finish().is_err());
        let written = String::from_utf8(out.lock().unwrap().clone()).unwrap();
        assert!(written.starts_with("[\n  {"), "{written}");
        assert_eq!(written.matches("\"severity\"").count(), 1, "{written}");
        assert!(
            !written.trim_end().ends_with(']'),
            "the array is not closed: {written}"
        );
    }

    #[test]
    fn github_escapes() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("x\ny"), "x%0Ay");
    }
}
