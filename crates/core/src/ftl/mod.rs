//! Reading a Fluent file into entries with byte ranges.
//!
//! fluent-syntax's AST has no spans, but it borrows every identifier and
//! comment line from the input, so an entry's position is the distance of
//! its first borrowed slice from the start of the text. From those starts we
//! cut the file into segments (an entry with its attached comment) and the
//! gaps between them, which is what lets sync edit a file around the entries
//! it changes and leave every other byte alone.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use fluent_syntax::ast;
use fluent_syntax::parser;

pub mod escape;
mod limits;
mod stack;
mod walk;

pub use limits::{any_too_deep, too_deep_by_reference, Reach, MAX_PLACEABLES};
pub use stack::{
    build_parser_threads, parser_can_take, placeable_end, too_deep, with_parser_stack, PARSER_STACK,
};
use stack::{nesting, openers, walk_deeper_than, PARSE_LEVELS};
pub use walk::entry_depth;
use walk::refs_of;

use escape::{normalize_pieces, parse_comment_value_into, Piece};

/// Comment keys errbook writes above a translation.
pub mod keys {
    /// `# source: …`: the source text the translation was made from.
    pub const SOURCE: &str = "source: ";
    /// `# source.hint: …`: the source hint the `.hint` was made from.
    pub const SOURCE_HINT: &str = "source.hint: ";
    /// `# stale, source was: …`: the source changed since translation.
    pub const STALE_WAS: &str = "stale, source was: ";
    /// `# stale, source.hint was: …`.
    pub const STALE_HINT_WAS: &str = "stale, source.hint was: ";
    /// `# stale: …`: stale for a reason given in words.
    pub const STALE: &str = "stale: ";
    /// `# untranslated`: the value is still the source text.
    pub const UNTRANSLATED: &str = "untranslated";
    /// `# untranslated: .hint`: the hint is still the source text.
    pub const UNTRANSLATED_HINT: &str = "untranslated: .hint";
    /// `# review: …`: a translation no translator has confirmed yet (seeded
    /// from the page's English column, or suggested), with where it came
    /// from in words.
    pub const REVIEW: &str = "review: ";
}

/// What errbook recorded in a message's comment: a view of its
/// [`MessageEntry`] ([`MessageEntry::meta`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Meta<'a> {
    /// `# source:`.
    pub source: Option<&'a str>,
    /// `# source.hint:`.
    pub source_hint: Option<&'a str>,
    /// `# stale, source was:`.
    pub stale_was: Option<&'a str>,
    /// `# stale, source.hint was:`.
    pub stale_hint_was: Option<&'a str>,
    /// `# stale: …` (reason in words).
    pub stale_reason: Option<&'a str>,
    /// `# untranslated`.
    pub untranslated: bool,
    /// `# untranslated: .hint`.
    pub untranslated_hint: bool,
    /// `# review: …` (where the translation came from).
    pub review: Option<&'a str>,
    /// Every other comment line, as written (without `# `): the translator's.
    pub notes: &'a [String],
}

impl Meta<'_> {
    /// True when any stale marker is present.
    pub fn is_marked_stale(&self) -> bool {
        self.stale_was.is_some() || self.stale_hint_was.is_some() || self.stale_reason.is_some()
    }
}

/// The texts of a message: its value's and hint's plain text and what its
/// comment records. Each is a range of the file's text when it is written
/// there as it is (most are), or of a string of the message's own when it
/// had to be decoded; a catalog has a hundred thousand messages, so most
/// of them allocate nothing.
#[derive(Clone)]
struct Texts {
    /// The file's text.
    file: Arc<String>,
    /// The texts that are not in the file as they are, one after another.
    own: Box<str>,
    /// Where each [`Part`] lies; `NONE` when absent.
    at: [(u32, u32); PARTS],
    /// Bit `p` set: part `p` lies in `own`, not in `file`.
    in_own: u8,
}

/// The texts of a message ([`Texts`]).
#[derive(Clone, Copy)]
enum Part {
    Value,
    Hint,
    Source,
    SourceHint,
    StaleWas,
    StaleHintWas,
    StaleReason,
    Review,
}
const PARTS: usize = 8;
const NONE: (u32, u32) = (u32::MAX, u32::MAX);

impl Texts {
    fn get(&self, part: Part) -> Option<&str> {
        let (start, end) = self.at[part as usize];
        if (start, end) == NONE {
            return None;
        }
        let from: &str = if self.in_own & (1 << part as u8) != 0 {
            &self.own
        } else {
            &self.file
        };
        // In range by construction (the builder keeps a text that would
        // not fit in 32-bit offsets out of `at`).
        Some(from.get(start as usize..end as usize).unwrap_or(""))
    }
}

impl Texts {
    /// Where `part` lies in the file, when it is written there as it is.
    fn span(&self, part: Part) -> Option<Range<usize>> {
        let (start, end) = self.at[part as usize];
        if (start, end) == NONE || self.in_own & (1 << part as u8) != 0 {
            return None;
        }
        Some(start as usize..end as usize)
    }
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts = [
            ("value", Part::Value),
            ("hint", Part::Hint),
            ("source", Part::Source),
            ("source_hint", Part::SourceHint),
            ("stale_was", Part::StaleWas),
            ("stale_hint_was", Part::StaleHintWas),
            ("stale_reason", Part::StaleReason),
        ];
        let mut m = f.debug_map();
        for (name, part) in parts {
            if let Some(t) = self.get(part) {
                m.entry(&name, &t);
            }
        }
        m.finish()
    }
}

/// Builds [`Texts`], a part at a time in any order (a part given twice
/// keeps the last, as a repeated comment key does).
struct TextsBuilder<'f> {
    file: &'f Arc<String>,
    own: String,
    at: [(u32, u32); PARTS],
    in_own: u8,
}

impl<'f> TextsBuilder<'f> {
    fn new(file: &'f Arc<String>) -> Self {
        TextsBuilder {
            file,
            own: String::new(),
            at: [NONE; PARTS],
            in_own: 0,
        }
    }

    /// Sets `part` to `s`: a range of the file's text when `s` lies in it,
    /// else a copy.
    fn str(&mut self, part: Part, s: &str) {
        let base = self.file.as_ptr() as usize;
        let at = (s.as_ptr() as usize).wrapping_sub(base);
        // Where `s` ends, when it lies in the file (a string of its own can
        // end exactly where the file's text starts: no overflow then).
        let end = at.checked_add(s.len()).filter(|&e| e <= self.file.len());
        match (u32::try_from(at), end.map(u32::try_from)) {
            (Ok(start), Some(Ok(end))) => {
                self.at[part as usize] = (start, end);
                self.in_own &= !(1 << part as u8);
            }
            _ => self.own_part(part, |t| t.push_str(s)),
        }
    }

    /// Sets `part` to what `write` appends to the message's own string.
    fn own_part(&mut self, part: Part, write: impl FnOnce(&mut String)) {
        let start = self.own.len();
        write(&mut self.own);
        match (u32::try_from(start), u32::try_from(self.own.len())) {
            (Ok(start), Ok(end)) => {
                self.at[part as usize] = (start, end);
                self.in_own |= 1 << part as u8;
            }
            // Over 4 GiB of text in one message's comment: not kept.
            _ => self.at[part as usize] = NONE,
        }
    }

    /// Sets `part` to a comment value, decoded ([`escape::parse_comment_value`]).
    fn comment_value(&mut self, part: Part, v: &str) {
        if memchr::memchr(b'\\', v.as_bytes()).is_none() {
            self.str(part, v);
        } else {
            self.own_part(part, |t| parse_comment_value_into(v, t));
        }
    }

    fn build(self) -> Texts {
        Texts {
            file: Arc::clone(self.file),
            own: self.own.into_boxed_str(),
            at: self.at,
            in_own: self.in_own,
        }
    }
}

/// The comment lines above a message, read into `texts` and the flags and
/// notes that are not texts.
fn read_comment(lines: &[&str], texts: &mut TextsBuilder<'_>) -> Flags {
    let mut flags = Flags::default();
    let mut notes = Vec::new();
    for &line in lines {
        // A comment line of a CRLF file keeps its `\r` in the AST.
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line_t = line.trim_end();
        if let Some(v) = line.strip_prefix(keys::SOURCE) {
            texts.comment_value(Part::Source, v);
        } else if let Some(v) = line.strip_prefix(keys::SOURCE_HINT) {
            texts.comment_value(Part::SourceHint, v);
        } else if let Some(v) = line.strip_prefix(keys::STALE_WAS) {
            texts.comment_value(Part::StaleWas, v);
        } else if let Some(v) = line.strip_prefix(keys::STALE_HINT_WAS) {
            texts.comment_value(Part::StaleHintWas, v);
        } else if let Some(v) = line.strip_prefix(keys::STALE) {
            texts.str(Part::StaleReason, v);
        } else if let Some(v) = line.strip_prefix(keys::REVIEW) {
            texts.str(Part::Review, v);
        } else if line_t == keys::REVIEW.trim_end()
            || line_t == keys::REVIEW.trim_end_matches([':', ' '])
        {
            // `# review:` with nothing after it, or `# review`.
            texts.str(Part::Review, "");
        } else if line_t == keys::UNTRANSLATED {
            flags.untranslated = true;
        } else if line_t == keys::UNTRANSLATED_HINT {
            flags.untranslated_hint = true;
        } else {
            notes.push(line.to_owned());
        }
    }
    flags.notes = notes.into_boxed_slice();
    flags
}

/// What a message's comment holds besides texts.
#[derive(Clone, Debug, Default)]
struct Flags {
    untranslated: bool,
    untranslated_hint: bool,
    /// Boxed: most messages have none, and every message has a `Flags`.
    notes: Box<[String]>,
}

/// A message of the file.
#[derive(Clone, Debug)]
pub struct MessageEntry {
    /// The id, the value's and hint's plain text, and what the comment
    /// records ([`MessageEntry::id`], [`MessageEntry::meta`] …).
    texts: Texts,
    /// The comment's flags and notes.
    flags: Flags,
    /// Byte range of the id.
    pub id_span: Range<usize>,
    /// Where the message itself (its id line) starts; the segment before it
    /// is the attached comment.
    pub body_start: usize,
    /// Length in bytes of the message from `body_start` to the end of its
    /// segment.
    pub body_len: usize,
    /// True when the message has a value.
    pub has_value: bool,
    /// True when a `.hint` attribute is present.
    pub has_hint: bool,
    /// What the value and attributes refer to (`None` when nothing, as
    /// for most messages: the three sets cost 72 bytes a message).
    pub refs: Option<Box<Refs>>,
    /// True when the value (or hint) formats to nothing but whitespace.
    pub empty_value: bool,
    /// True when the `.hint` formats to nothing but whitespace.
    pub empty_hint: bool,
    /// How deep its placeables nest ([`entry_depth`]).
    pub depth: u8,
    /// How many placeables its patterns have ([`Refs::placeables`]).
    pub placeables: u16,
}

impl MessageEntry {
    /// The id.
    pub fn id(&self) -> &str {
        self.texts.file.get(self.id_span.clone()).unwrap_or("")
    }

    /// The value as plain text, when it is only text and string literals.
    pub fn value_text(&self) -> Option<&str> {
        self.texts.get(Part::Value)
    }

    /// The `.hint` attribute as plain text (`Some("")` when it has only
    /// placeables), when it is present and plain.
    pub fn hint_text(&self) -> Option<&str> {
        self.texts.get(Part::Hint)
    }

    /// Where the value's plain text lies in the file, when the file writes
    /// it as it is (on one line, without escapes).
    pub fn value_span(&self) -> Option<Range<usize>> {
        self.texts.span(Part::Value)
    }

    /// Where the `.hint`'s plain text lies in the file, as [`value_span`](Self::value_span).
    pub fn hint_span(&self) -> Option<Range<usize>> {
        self.texts.span(Part::Hint)
    }

    /// What errbook recorded in the attached comment.
    pub fn meta(&self) -> Meta<'_> {
        Meta {
            source: self.texts.get(Part::Source),
            source_hint: self.texts.get(Part::SourceHint),
            stale_was: self.texts.get(Part::StaleWas),
            stale_hint_was: self.texts.get(Part::StaleHintWas),
            stale_reason: self.texts.get(Part::StaleReason),
            untranslated: self.flags.untranslated,
            untranslated_hint: self.flags.untranslated_hint,
            review: self.texts.get(Part::Review),
            notes: &self.flags.notes,
        }
    }

    /// Variables referenced (`$name`), anywhere in value or attributes.
    pub fn variables(&self) -> &BTreeSet<String> {
        self.refs.as_ref().map_or(&NO_NAMES, |r| &r.variables)
    }

    /// Messages referenced (`other` or `other.attr`).
    pub fn references(&self) -> &BTreeSet<String> {
        self.refs.as_ref().map_or(&NO_NAMES, |r| &r.references)
    }

    /// Terms referenced (`-product`, without the dash).
    pub fn terms(&self) -> &BTreeSet<String> {
        self.refs.as_ref().map_or(&NO_NAMES, |r| &r.terms)
    }
}

static NO_NAMES: BTreeSet<String> = BTreeSet::new();

/// A term as errbook reads it.
#[derive(Clone, Debug)]
pub struct TermEntry {
    /// The name, without the dash.
    pub name: String,
    /// How deep its placeables nest ([`entry_depth`]).
    pub depth: usize,
    /// What it refers to.
    pub refs: Refs,
}

/// What a top-level segment of the file is.
#[derive(Clone, Debug)]
pub enum ItemKind {
    /// A message with its attached comment.
    Message(Box<MessageEntry>),
    /// A term (`-name = …`) with its attached comment.
    Term(Box<TermEntry>),
    /// A standalone `#` comment.
    Comment,
    /// A `##` group comment; `obsolete` when it opens the obsolete section.
    GroupComment {
        /// Opens the obsolete section.
        obsolete: bool,
    },
    /// A `###` resource comment.
    ResourceComment,
    /// Text the parser could not read.
    Junk,
}

/// A top-level segment: an entry and its attached comment, without the
/// blank lines that follow it.
#[derive(Clone, Debug)]
pub struct Item {
    /// Byte range in the file, ending after the entry's last line break (or
    /// at the end of the file).
    pub range: Range<usize>,
    /// What it is.
    pub kind: ItemKind,
}

/// A syntax error, as the Fluent parser reported it.
#[derive(Clone, Debug)]
pub struct SyntaxError {
    /// Where the parser stopped.
    pub pos: Range<usize>,
    /// The text kept as Junk.
    pub junk: Range<usize>,
    /// The parser's message.
    pub message: String,
}

/// A parsed Fluent file.
#[derive(Clone, Debug)]
pub struct FtlFile {
    /// The text (shared with [`crate::diag::Files`] when it is kept there).
    pub text: std::sync::Arc<String>,
    /// Top-level segments, in order.
    pub items: Vec<Item>,
    /// Syntax errors.
    pub errors: Vec<SyntaxError>,
    /// Index in `items` of the group comment that opens the obsolete section.
    pub obsolete_from: Option<usize>,
    /// The file's line ending (`\r\n` when most lines end so).
    pub newline: &'static str,
    /// False when the entries' positions could not all be established, in
    /// which case the file must not be edited (sync refuses it).
    pub layout_ok: bool,
}

/// The first line of the group comment that opens the obsolete section.
pub const OBSOLETE_HEADING: &str = "Obsolete";

impl FtlFile {
    /// Parses `text`.
    ///
    /// A large file is cut into chunks at entry starts that follow a blank
    /// line, which the parser reads the same way whether or not anything
    /// comes before them (a comment before a blank line never attaches to
    /// what follows; Junk ends at the next line that can start an entry).
    /// The chunks are parsed in parallel and each syntax tree is dropped as
    /// soon as its entries are read, so a large file never holds its whole
    /// tree in memory.
    pub fn parse(text: impl Into<String>) -> FtlFile {
        FtlFile::parse_shared(std::sync::Arc::new(text.into()))
    }

    /// [`FtlFile::parse`] of a text that is shared.
    pub fn parse_shared(text: std::sync::Arc<String>) -> FtlFile {
        FtlFile::parse_in_chunks(text, PARSE_CHUNK)
    }

    /// [`FtlFile::parse`] with chunks of about `chunk` bytes (exposed so
    /// tests can check that any cut reads the same as none).
    #[doc(hidden)]
    pub fn parse_in_chunks(text: std::sync::Arc<String>, chunk: usize) -> FtlFile {
        FtlFile::parse_with(text, chunk)
    }

    /// The whole file read by the Fluent parser alone, which is what
    /// [`FtlFile::parse`] must always agree with (exposed for tests).
    #[doc(hidden)]
    pub fn parse_by_fluent(text: std::sync::Arc<String>) -> FtlFile {
        FtlFile::parse_with(text, usize::MAX)
    }

    fn parse_with(text: std::sync::Arc<String>, chunk: usize) -> FtlFile {
        let mut parts = Vec::new();
        parse_runs_with(&text, chunk, usize::MAX, |part| parts.push(part));
        let mut items = Vec::with_capacity(parts.iter().map(|p| p.items.len()).sum());
        let mut errors = Vec::new();
        let mut layout_ok = true;
        for part in parts {
            items.extend(part.items);
            errors.extend(part.errors);
            layout_ok &= part.layout_ok;
        }
        let obsolete_from = items
            .iter()
            .position(|it| matches!(it.kind, ItemKind::GroupComment { obsolete: true }));
        // A carriage return without a line feed is no line end to Fluent,
        // but whitespace to errbook's segmentation: the two could disagree
        // on where a message ends, so such a file is not edited.
        let bytes = text.as_bytes();
        let (newline, bare_cr) = if memchr::memchr(b'\r', bytes).is_some() {
            let lf = memchr::memchr_iter(b'\n', bytes).count();
            let (mut crlf, mut bare) = (0usize, false);
            for at in memchr::memchr_iter(b'\r', bytes) {
                if bytes.get(at + 1) == Some(&b'\n') {
                    crlf += 1;
                } else {
                    bare = true;
                }
            }
            (if crlf * 2 > lf { "\r\n" } else { "\n" }, bare)
        } else {
            ("\n", false)
        };
        let layout_ok = layout_ok && !bare_cr;
        FtlFile {
            text,
            items,
            errors,
            obsolete_from,
            newline,
            layout_ok,
        }
    }

    /// The messages, with their index in `items`.
    pub fn messages(&self) -> impl Iterator<Item = (usize, &MessageEntry)> {
        self.items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| match &it.kind {
                ItemKind::Message(m) => Some((i, &**m)),
                _ => None,
            })
    }

    /// The messages outside the obsolete section, by id (the first
    /// definition wins, as in Fluent).
    pub fn live(&self) -> rustc_hash::FxHashMap<&str, &MessageEntry> {
        let mut map = rustc_hash::FxHashMap::default();
        for (i, m) in self.messages() {
            if !self.is_obsolete(i) {
                map.entry(m.id()).or_insert(m);
            }
        }
        map
    }

    /// True when item `i` lies in the obsolete section.
    pub fn is_obsolete(&self, i: usize) -> bool {
        self.obsolete_from.is_some_and(|o| i > o)
    }
}

/// A run of a file's items, in file order, as [`parse_runs`] hands them
/// over.
#[derive(Debug)]
pub struct Run {
    /// The items.
    pub items: Vec<Item>,
    /// The syntax errors among them.
    pub errors: Vec<SyntaxError>,
    /// False when the positions of these items could not all be
    /// established (see [`FtlFile::layout_ok`]).
    pub layout_ok: bool,
}

/// Reads `text` as [`FtlFile::parse`] does, but hands its items to `sink` a
/// run at a time, in file order, instead of keeping them: for a reader
/// that needs each item once (`check`), which then never holds the entries
/// of a whole catalog. Every item and syntax error of the file is in
/// exactly one run, in the order [`FtlFile::parse`] has them.
///
/// The chunks (see [`FtlFile::parse`]) are parsed a few at a time, in
/// parallel, and handed over in order.
pub fn parse_runs(text: &Arc<String>, sink: impl FnMut(Run)) {
    parse_runs_in_chunks(text, PARSE_CHUNK, sink);
}

/// [`parse_runs`] with chunks of about `chunk` bytes (exposed so tests can
/// check that it reads as [`FtlFile::parse`] for any cut).
#[doc(hidden)]
pub fn parse_runs_in_chunks(text: &Arc<String>, chunk: usize, sink: impl FnMut(Run)) {
    parse_runs_with(text, chunk, 2 * rayon::current_num_threads(), sink);
}

/// Parses `text` in chunks of about `chunk` bytes, `batch` chunks at a time
/// in parallel, and hands each chunk's reading to `sink` in file order.
fn parse_runs_with(text: &Arc<String>, chunk: usize, batch: usize, mut sink: impl FnMut(Run)) {
    use rayon::prelude::*;
    let cuts = chunk_bounds(text, chunk);
    let parse = |r: Range<usize>| {
        let (items, errors, layout_ok) = parse_chunk(text, r);
        Run {
            items,
            errors,
            layout_ok,
        }
    };
    let chunks = cuts.len() - 1;
    let mut next = 0;
    while next < chunks {
        let end = next.saturating_add(batch.max(1)).min(chunks);
        let runs: Vec<Run> = if end - next > 1 {
            cuts[next..=end]
                .par_windows(2)
                .map(|w| parse(w[0]..w[1]))
                .collect()
        } else {
            vec![parse(cuts[next]..cuts[next + 1])]
        };
        for (i, run) in (next..end).zip(runs) {
            // A chunk that runs into the cut after it may hold an entry
            // that the whole file continues past the cut (an unclosed
            // placeable spans blank lines, and the next line reads as part
            // of it): then that cut is not safe, and the rest of the file,
            // from this chunk's start (a safe cut, or the start), is
            // parsed whole.
            if i + 1 < chunks && runs_into(&run.errors, cuts[i + 1]) {
                sink(parse(cuts[i]..text.len()));
                return;
            }
            sink(run);
        }
        next = end;
    }
}

/// The part of a file that holds the first definition of message `id`,
/// parsed: the chunk (see [`chunk_bounds`]) around the first line that
/// starts with `id` and `=`, read as [`FtlFile::parse`] reads it in the
/// whole file. For a command that wants one message of a large file
/// without parsing all of it.
///
/// The items of the result are the chunk's only, so only its messages are
/// known, and a message that refers to a term or another message cannot
/// be formatted from it.
///
/// `text` may be the head of a file (`whole` false), cut at a line end:
/// then the definition must lie in a chunk that ends inside it, and a
/// head without one says [`First::Unknown`].
pub fn parse_first(text: std::sync::Arc<String>, id: &str, whole: bool) -> First {
    let bytes = text.as_bytes();
    let defines = |at: usize| {
        bytes[at..].starts_with(id.as_bytes())
            && bytes[at + id.len()..]
                .iter()
                .find(|&&b| b != b' ')
                .is_some_and(|&b| b == b'=')
    };
    let mut line = 0;
    let at = loop {
        if defines(line) {
            break line;
        }
        match memchr::memchr(b'\n', &bytes[line..]) {
            Some(n) => line += n + 1,
            // A message starts at the start of a line: there is none.
            None if whole => return First::Absent,
            None => return First::Unknown,
        }
    };
    // The chunk starts at the last cut at or before the line, and ends at
    // the first cut after it.
    let (mut before, mut start) = (0, 0);
    while let Some(cut) = find_cut(bytes, start + 1).filter(|&c| c <= at) {
        (before, start) = (start, cut);
    }
    // The cut is safe when the chunk before it does not run into it (see
    // `parse_in_chunks`).
    if start > 0 && runs_into(&parse_chunk(&text, before..start).1, start) {
        return First::Unknown;
    }
    let end = match find_cut(bytes, at + 1) {
        Some(cut) => cut,
        None if whole => bytes.len(),
        None => return First::Unknown,
    };
    let obsolete_before = text[..start].lines().any(|l| {
        l.strip_prefix("##")
            .filter(|c| !c.starts_with('#'))
            .is_some_and(|c| c.trim().eq_ignore_ascii_case(OBSOLETE_HEADING))
    });
    if obsolete_before {
        return First::Unknown;
    }
    let (items, errors, layout_ok) = parse_chunk(&text, start..end);
    let obsolete_from = items
        .iter()
        .position(|it| matches!(it.kind, ItemKind::GroupComment { obsolete: true }));
    First::In(FtlFile {
        text,
        items,
        errors,
        obsolete_from,
        newline: "\n",
        layout_ok,
    })
}

/// What [`parse_first`] found.
#[derive(Debug)]
pub enum First {
    /// No line of the file starts the message: the file does not define it.
    Absent,
    /// The part of the file around its first definition.
    In(FtlFile),
    /// A line before that definition could open the obsolete section:
    /// parse the whole file to know.
    Unknown,
}

/// The size of the chunks a large file is parsed in (see [`FtlFile::parse`]).
const PARSE_CHUNK: usize = 1 << 18;

/// True when a chunk's syntax errors reach its end, `cut`: the parser was
/// in the middle of an entry there (see [`FtlFile::parse`]).
fn runs_into(errors: &[SyntaxError], cut: usize) -> bool {
    errors.iter().any(|e| e.junk.end >= cut || e.pos.end >= cut)
}

/// Where to cut `text` into chunks of at least `chunk` bytes: 0, the cuts,
/// and the end. A cut is the start of a line that begins with a character
/// that can start an entry (a letter, `-` or `#`) and follows an empty line.
fn chunk_bounds(text: &str, chunk: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    // A byte order mark is no part of the Fluent text (the parser would
    // read it as Junk): reading starts after it, and the offsets, which
    // stay those of the whole file, leave it where it is when sync edits
    // the file around its entries.
    let mut cuts = vec![text.len() - without_bom(text).len()];
    let mut from = chunk.max(1);
    while from < bytes.len() {
        let Some(at) = find_cut(bytes, from) else {
            break;
        };
        cuts.push(at);
        from = at + chunk.max(1);
    }
    cuts.push(bytes.len());
    cuts
}

/// `text` without the UTF-8 byte order mark some editors (Notepad) put at
/// the start of a file.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// True when a line starting with `b` starts an entry: a message, a term
/// or a comment.
fn starts_entry(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'-' || b == b'#'
}

/// The first cut at or after `from` (see [`chunk_bounds`]): the start of a
/// line that starts an entry after an empty line, or after a line of a
/// message (not of a comment, which would attach to what follows), so that
/// a file with no blank lines between its messages is cut as well.
fn find_cut(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from.checked_sub(1)?;
    loop {
        // `i` is in the line before; the cut is after its line feed.
        let nl = i + memchr::memchr(b'\n', bytes.get(i..)?)?;
        let line_start = bytes[..nl]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let prev = &bytes[line_start..nl];
        let prev = prev.strip_suffix(b"\r").unwrap_or(prev);
        let next = match bytes.get(nl + 1..) {
            Some([b'\n', ..]) => nl + 2,
            Some([b'\r', b'\n', ..]) => nl + 3,
            // After a line of a message that opens no placeable (which
            // could run on over the lines below): the very next line.
            Some(_)
                if prev
                    .first()
                    .is_some_and(|b| b.is_ascii_alphabetic() || *b == b' ')
                    && memchr::memchr(b'{', prev).is_none() =>
            {
                nl + 1
            }
            _ => {
                i = nl + 1;
                continue;
            }
        };
        match bytes.get(next) {
            Some(&b) if starts_entry(b) => return Some(next),
            Some(_) => i = nl + 1,
            None => return None,
        }
    }
}

/// How deep an entry's placeables may nest before errbook refuses to read
/// it: the code that formats, renders or exports a message recurses once a
/// level on an ordinary thread's stack, which ends after some hundreds of
/// levels; real messages nest a few.
pub const MAX_NESTING: usize = 64;

/// True for a line that may start an entry (where the parser starts again
/// after Junk).
fn starts_entry_line(line: &[u8]) -> bool {
    line.first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'-' || *b == b'#')
}

/// Parses `text[range]` (a chunk, see [`chunk_bounds`]) with the Fluent
/// parser into its items, with positions in `text`.
///
/// The parser is not given a part where it could recurse deeper than
/// [`PARSE_LEVELS`] (the stack it would need is not to be had). The walk
/// that bounds its recursion errs upward and cannot know where the parser
/// ends an entry, so where it finds such a place it starts again at the
/// last cut before it (see [`find_cut`]), once the parser has read the text
/// before that cut without running into it: as a chunk would start there.
/// A place still that deep is refused: Junk, with an error, from the line
/// that may start its entry to the next such line after it.
fn parse_chunk(text: &Arc<String>, range: Range<usize>) -> (Vec<Item>, Vec<SyntaxError>, bool) {
    let bytes = text.as_bytes();
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut ok = true;
    let mut start = range.start;
    // Fewer braces and parentheses than that cannot nest that deep.
    let guarded = openers(&bytes[range.clone()]) > PARSE_LEVELS;
    while let Some(deep) = guarded
        .then(|| walk_deeper_than(&bytes[start..range.end], PARSE_LEVELS))
        .flatten()
        .map(|d| start + d)
    {
        // The last cut before the place, after `start`.
        let mut cut = None;
        while let Some(c) = find_cut(&bytes[..=deep], cut.unwrap_or(start) + 1) {
            cut = Some(c);
        }
        if let Some(cut) = cut {
            let (i, e, o) = parse_chunk_whole(text, start..cut);
            if !runs_into(&e, cut) {
                items.extend(i);
                errors.extend(e);
                ok &= o;
                start = cut;
                continue;
            }
        }
        let line_of = |p: usize| memchr::memrchr(b'\n', &bytes[..p]).map_or(0, |n| n + 1);
        // Back to a line that may start an entry, not before `start`.
        let mut junk_start = line_of(deep).max(start);
        while junk_start > start && !starts_entry_line(&bytes[junk_start..]) {
            junk_start = line_of(junk_start - 1).max(start);
        }
        // On to the next such line after the place.
        let mut junk_end = range.end;
        let mut at = deep;
        while let Some(n) = memchr::memchr(b'\n', &bytes[at..range.end]) {
            at += n + 1;
            if starts_entry_line(&bytes[at..range.end]) {
                junk_end = at;
                break;
            }
        }
        if junk_start > start {
            let (i, e, _) = parse_chunk_whole(text, start..junk_start);
            items.extend(i);
            errors.extend(e);
        }
        items.push(Item {
            range: junk_start..junk_end,
            kind: ItemKind::Junk,
        });
        errors.push(SyntaxError {
            pos: deep..deep + 1,
            junk: junk_start..junk_end,
            message: format!(
                "placeables may nest more than {PARSE_LEVELS} deep here; errbook does not read \
                 this part"
            ),
        });
        ok = false;
        start = junk_end;
    }
    if start < range.end || items.is_empty() {
        let (i, e, o) = parse_chunk_whole(text, start..range.end);
        items.extend(i);
        errors.extend(e);
        ok &= o;
    }
    (items, errors, ok)
}

/// [`parse_chunk`] of a range the parser cannot be made to recurse in
/// deeper than [`PARSE_LEVELS`], on a thread whose stack holds as many
/// levels as the range has `{` and `(` (see [`with_parser_stack`]).
fn parse_chunk_whole(
    text: &Arc<String>,
    range: Range<usize>,
) -> (Vec<Item>, Vec<SyntaxError>, bool) {
    let unguarded = || parse_chunk_unguarded(text, range.clone());
    // No thread to be had: the range is kept as Junk, not parsed.
    with_parser_stack(&text.as_bytes()[range.clone()], unguarded).unwrap_or_else(|| {
        (
            vec![Item {
                range: range.clone(),
                kind: ItemKind::Junk,
            }],
            vec![SyntaxError {
                pos: range.start..range.start,
                junk: range.clone(),
                message: "errbook could not start a thread to read this part of the file"
                    .to_owned(),
            }],
            false,
        )
    })
}

/// Parses a range with the Fluent parser, on this thread.
fn parse_chunk_unguarded(
    text: &Arc<String>,
    range: Range<usize>,
) -> (Vec<Item>, Vec<SyntaxError>, bool) {
    let base = text.as_ptr() as usize;
    let offset = range.start;
    let (resource, errors) = match parser::parse(&text[range.clone()]) {
        Ok(r) => (r, Vec::new()),
        Err((r, errs)) => {
            let shift = |r: Range<usize>| r.start + offset..r.end + offset;
            let errors = errs
                .into_iter()
                .map(|e| SyntaxError {
                    junk: shift(e.slice.clone().unwrap_or(e.pos.clone())),
                    message: lowercase_first(&e.kind.to_string()),
                    pos: shift(e.pos),
                })
                .collect();
            (r, errors)
        }
    };
    let (items, deep, ok) = items(text, &resource, base, range);
    let mut errors = errors;
    if !deep.is_empty() {
        errors.extend(deep);
        errors.sort_by_key(|e| e.pos.start);
    }
    (items, errors, ok)
}

/// The items of `resource`, parsed from `text[range]`, with the errors of
/// the entries it holds that nest deeper than [`MAX_NESTING`]: those are
/// Junk (comment included).
fn items(
    text: &Arc<String>,
    resource: &ast::Resource<&str>,
    base: usize,
    range: Range<usize>,
) -> (Vec<Item>, Vec<SyntaxError>, bool) {
    // The offset of a slice the parser borrowed from `text`; `None` for one
    // it did not (an empty slice may point anywhere).
    let off = |s: &str| -> Option<usize> {
        (s.as_ptr() as usize)
            .checked_sub(base)
            .filter(|&o| o <= text.len() && text.is_char_boundary(o))
    };
    // A line starts after a line feed, or where the range does (a chunk
    // starts a line; the first may start after a byte order mark).
    let line_start = |p: usize| {
        memchr::memrchr(b'\n', &text.as_bytes()[range.start..p])
            .map_or(range.start, |i| range.start + i + 1)
    };
    let comment_start =
        |c: &ast::Comment<&str>| c.content.first().and_then(|l| off(l)).map(line_start);
    let mut starts: Vec<Option<usize>> = Vec::with_capacity(resource.body.len());
    let mut kinds = Vec::with_capacity(resource.body.len());
    let mut deep = Vec::new();
    for (i, entry) in resource.body.iter().enumerate() {
        let (start, kind) = match entry {
            ast::Entry::Message(m) => match off(m.id.name) {
                Some(id_at) => {
                    let body_start = line_start(id_at);
                    let start = m.comment.as_ref().map_or(Some(body_start), &comment_start);
                    (
                        start,
                        ItemKind::Message(Box::new(message_info(text, m, id_at, body_start))),
                    )
                }
                None => (None, ItemKind::Junk),
            },
            ast::Entry::Term(t) => {
                let body_start = off(t.id.name).map(line_start);
                let start = match &t.comment {
                    Some(c) => comment_start(c),
                    None => body_start,
                };
                let (refs, depth) = refs_of((true, t.id.name), Some(&t.value), &t.attributes);
                let term = TermEntry {
                    name: t.id.name.to_owned(),
                    depth,
                    refs,
                };
                (start, ItemKind::Term(Box::new(term)))
            }
            ast::Entry::Comment(c) => (comment_start(c), ItemKind::Comment),
            ast::Entry::GroupComment(c) => (
                comment_start(c),
                ItemKind::GroupComment {
                    obsolete: c
                        .content
                        .first()
                        .is_some_and(|l| l.trim().eq_ignore_ascii_case(OBSOLETE_HEADING)),
                },
            ),
            ast::Entry::ResourceComment(c) => (comment_start(c), ItemKind::ResourceComment),
            ast::Entry::Junk { content } => (off(content), ItemKind::Junk),
        };
        // The depth the reading of a message or term measured, else walked.
        let depth = match &kind {
            ItemKind::Message(m) => usize::from(m.depth),
            ItemKind::Term(t) => t.depth,
            _ => entry_depth(entry),
        };
        if depth > MAX_NESTING {
            deep.push(i);
        }
        starts.push(start);
        kinds.push(kind);
    }
    // Where the entry before ends at the earliest: after a message's or
    // term's id line (its other lines are indented or blank), after a
    // comment's run of `#` lines, after Junk's text.
    let line_after =
        |p: usize| memchr::memchr(b'\n', &text.as_bytes()[p..]).map_or(text.len(), |n| p + n + 1);
    let earliest_next = |i: usize, start: usize| -> usize {
        match (&kinds[i], &resource.body[i]) {
            (ItemKind::Message(m), _) => line_after(m.body_start),
            (ItemKind::Term(_), ast::Entry::Term(t)) => {
                off(t.id.name).map_or(line_after(start), line_after)
            }
            (_, ast::Entry::Junk { content }) => {
                off(content).map_or(line_after(start), |o| o + content.len())
            }
            _ => {
                let mut at = start;
                while at < range.end && text[at..].starts_with('#') {
                    at = line_after(at);
                }
                at
            }
        }
    };
    // A comment the parser gave no line of (a bare `#` at the very end, for
    // one) starts at the first `#` line after the entry before it.
    let mut fixed = Vec::with_capacity(starts.len());
    let mut floor = range.start;
    let mut ok = true;
    for (i, start) in starts.iter().enumerate() {
        let start = start.or_else(|| {
            let is_comment = matches!(
                kinds[i],
                ItemKind::Comment | ItemKind::GroupComment { .. } | ItemKind::ResourceComment
            );
            if !is_comment {
                return None;
            }
            let mut at = floor;
            while at < range.end && !text[at..].starts_with('#') {
                at = line_after(at);
            }
            (at < range.end).then_some(at)
        });
        match start {
            Some(s) if s >= floor && (i == 0 || s > fixed[i - 1]) => {
                fixed.push(s);
                floor = earliest_next(i, s);
            }
            _ => {
                // A position that cannot be trusted: the file must not be edited.
                ok = false;
                fixed.push(fixed.last().copied().unwrap_or(range.start));
            }
        }
    }
    let mut items = Vec::with_capacity(kinds.len());
    for (i, kind) in kinds.into_iter().enumerate() {
        let start = fixed[i];
        let next = fixed.get(i + 1).copied().unwrap_or(range.end).max(start);
        let end = segment_end(text, start, next);
        let mut kind = kind;
        if let ItemKind::Message(m) = &mut kind {
            m.body_len = end.saturating_sub(m.body_start);
        }
        items.push(Item {
            range: start..end,
            kind,
        });
    }
    let deep = deep
        .into_iter()
        .map(|i| {
            let item = &mut items[i];
            item.kind = ItemKind::Junk;
            // The place, walked as the parser nests in the entry it read.
            let mut pos = item.range.start;
            nesting(&text.as_bytes()[item.range.clone()], false, |at, depth| {
                if depth > MAX_NESTING {
                    pos += at;
                }
                depth <= MAX_NESTING
            });
            SyntaxError {
                pos: pos..pos + 1,
                junk: item.range.clone(),
                message: format!(
                    "placeables nested more than {MAX_NESTING} deep; errbook does not read \
                     this entry"
                ),
            }
        })
        .collect();
    (items, deep, ok)
}

/// The end of a segment that starts at `start` and runs at most to `next`:
/// after the line break of its last non-blank line.
fn segment_end(text: &str, start: usize, next: usize) -> usize {
    let seg = &text[start..next];
    let content_end = seg.trim_end().len();
    match seg[content_end..].find('\n') {
        Some(i) => start + content_end + i + 1,
        None => next,
    }
}

/// `s` with its first letter in lower case (messages are lowercase).
#[doc(hidden)]
pub fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A [`MessageEntry`] from what the parser read of message `m`, whose id is
/// at `id_at` (`body_len` is set once the end of its segment is known).
fn message_info(
    file: &Arc<String>,
    m: &ast::Message<&str>,
    id_at: usize,
    body_start: usize,
) -> MessageEntry {
    let (refs, depth) = refs_of((false, m.id.name), m.value.as_ref(), &m.attributes);
    let placeables = u16::try_from(refs.placeables).unwrap_or(u16::MAX);
    let hint = m.attributes.iter().find(|a| a.id.name == "hint");
    let value = m.value.as_ref().and_then(plain_text);
    let hint_text = hint.and_then(|a| plain_text(&a.value));
    // Blank: formats to nothing but whitespace (only plain text can).
    let blank =
        |t: &Option<std::borrow::Cow<'_, str>>| t.as_ref().is_some_and(|t| t.trim().is_empty());
    let mut texts = TextsBuilder::new(file);
    if let Some(v) = &value {
        texts.str(Part::Value, v);
    }
    if let Some(h) = &hint_text {
        texts.str(Part::Hint, h);
    }
    let comment = m.comment.as_ref().map_or(&[][..], |c| c.content.as_slice());
    let flags = read_comment(comment, &mut texts);
    MessageEntry {
        texts: texts.build(),
        flags,
        id_span: id_at..id_at + m.id.name.len(),
        body_start,
        body_len: 0,
        has_value: m.value.is_some(),
        empty_value: m.value.is_none() || blank(&value),
        has_hint: hint.is_some(),
        empty_hint: hint.is_some() && blank(&hint_text),
        depth: u8::try_from(depth).unwrap_or(u8::MAX),
        placeables,
        refs: (!refs.is_empty()).then(|| Box::new(refs)),
    }
}

/// The text a pattern formats to, when it has only text and literals.
pub fn plain_text<'s>(p: &ast::Pattern<&'s str>) -> Option<std::borrow::Cow<'s, str>> {
    if let [ast::PatternElement::TextElement { value }] = p.elements.as_slice() {
        return Some(std::borrow::Cow::Borrowed(value));
    }
    let mut out = String::new();
    for el in &p.elements {
        match el {
            ast::PatternElement::TextElement { value } => out.push_str(value),
            ast::PatternElement::Placeable {
                expression: ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }),
            } => out.push_str(&fluent_syntax::unicode::unescape_unicode_to_string(value)),
            // A number literal is formatted by Fluent (`{ 007 }` gives "7"),
            // so a pattern with one is not plain text.
            _ => return None,
        }
    }
    Some(std::borrow::Cow::Owned(out))
}

/// A pattern as text and placeables: string literals become their text,
/// every other placeable its Fluent source (`{ -brand }`), which may span
/// lines (a select expression). Adjacent text is joined.
pub fn pattern_pieces(p: &ast::Pattern<&str>) -> Vec<Piece> {
    let mut out = Vec::with_capacity(p.elements.len());
    for el in &p.elements {
        match el {
            ast::PatternElement::TextElement { value } => {
                out.push(Piece::Text((*value).to_owned()))
            }
            ast::PatternElement::Placeable {
                expression: ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }),
            } => out.push(Piece::Text(
                fluent_syntax::unicode::unescape_unicode_to_string(value).into_owned(),
            )),
            ast::PatternElement::Placeable { .. } => {
                out.push(Piece::Placeable(placeable_source(el)))
            }
        }
    }
    normalize_pieces(&out)
}

/// The Fluent source of one placeable, as fluent-syntax's serializer writes it.
fn placeable_source(el: &ast::PatternElement<&str>) -> String {
    let resource = ast::Resource {
        body: vec![ast::Entry::Message(ast::Message {
            id: ast::Identifier { name: "x" },
            value: Some(ast::Pattern {
                elements: vec![el.clone()],
            }),
            attributes: Vec::new(),
            comment: None,
        })],
    };
    let s = fluent_syntax::serializer::serialize(&resource);
    let s = s.strip_prefix("x =").unwrap_or(&s);
    // A multi-line placeable starts on the line below the `=`.
    let s = s.strip_prefix(' ').unwrap_or(s);
    s.trim_start_matches('\n')
        .trim_end_matches('\n')
        .trim()
        .to_owned()
}

/// A message's value and `.hint` as pieces, and where its parts lie in the
/// file, for tools that edit one part of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageParts {
    /// The value, when the message has one.
    pub value: Option<Vec<Piece>>,
    /// The `.hint` attribute, when present.
    pub hint: Option<Vec<Piece>>,
    /// Byte range in the file of the id line and the value: from the
    /// message's start to its first attribute (or its end).
    pub head: Range<usize>,
    /// Each attribute's name and byte range in the file (its lines).
    pub attributes: Vec<(String, Range<usize>)>,
}

impl FtlFile {
    /// The parts of a message of this file (`None` if its text no longer
    /// parses alone as one message, which a file errbook edits never has).
    pub fn parts(&self, m: &MessageEntry) -> Option<MessageParts> {
        let start = m.body_start;
        let end = start + m.body_len;
        let body = self.text.get(start..end)?;
        let base = body.as_ptr() as usize;
        let resource = parser::parse(body).ok()?;
        let [ast::Entry::Message(msg)] = resource.body.as_slice() else {
            return None;
        };
        let mut attributes = Vec::with_capacity(msg.attributes.len());
        for a in &msg.attributes {
            let at = (a.id.name.as_ptr() as usize).checked_sub(base)?;
            let line = body[..at].rfind('\n').map_or(0, |i| i + 1);
            attributes.push((a.id.name.to_owned(), start + line));
        }
        let ranges: Vec<(String, Range<usize>)> = attributes
            .iter()
            .enumerate()
            .map(|(i, (name, at))| {
                let next = attributes.get(i + 1).map_or(end, |(_, n)| *n);
                (name.clone(), *at..next)
            })
            .collect();
        let head_end = attributes.first().map_or(end, |(_, at)| *at);
        Some(MessageParts {
            value: msg.value.as_ref().map(pattern_pieces),
            hint: msg
                .attributes
                .iter()
                .find(|a| a.id.name == "hint")
                .map(|a| pattern_pieces(&a.value)),
            head: start..head_end,
            attributes: ranges,
        })
    }
}

/// What a message's patterns refer to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Refs {
    /// Variables (`$name`).
    pub variables: BTreeSet<String>,
    /// Messages (`other` or `other.attr`).
    pub references: BTreeSet<String>,
    /// Terms (`-product`, without the dash).
    pub terms: BTreeSet<String>,
    /// The depth of the deepest message or term reference (how many
    /// placeables and call arguments are around it).
    pub reference_depth: usize,
    /// How many message and term references a pattern (the value or an
    /// attribute, each formatted on its own) formats at most (of a select
    /// expression's variants, the one with the most).
    pub reference_count: usize,
    /// How many placeables one of its patterns formats at most (of a
    /// select expression's variants, the one with the most).
    pub placeables: usize,
    /// How many references to its own patterns (an attribute referring to
    /// its message's value) a way through the entry follows at most
    /// ([`limits::longest_way`]).
    pub own_way: usize,
    /// True when those references lead round in a circle.
    pub own_circle: bool,
}

impl Refs {
    /// The terms (`true`) and messages referred to, by name (a message's
    /// attribute by its message).
    pub fn targets(&self) -> Vec<(bool, &str)> {
        let messages = self
            .references
            .iter()
            .map(|m| (false, m.split_once('.').map_or(m.as_str(), |(id, _)| id)));
        let terms = self.terms.iter().map(|t| (true, t.as_str()));
        messages.chain(terms).collect()
    }

    fn is_empty(&self) -> bool {
        self.variables.is_empty() && self.references.is_empty() && self.terms.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "### res\n\n#\n# source: 旧\nfoo = bar\n    baz\n\n\n## group\n\n# standalone\n\nmsg = x { $a ->\n  [one] y { other }\n *[other] z\n}\n  .hint = h\n\n-term = t\nbad line\n\n## Obsolete\n\nold = gone";

    #[test]
    fn segments_cover_entries_exactly() {
        let f = FtlFile::parse(SAMPLE.to_owned());
        let segs: Vec<&str> = f.items.iter().map(|i| &SAMPLE[i.range.clone()]).collect();
        assert_eq!(
            segs,
            [
                "### res\n",
                "#\n# source: 旧\nfoo = bar\n    baz\n",
                "## group\n",
                "# standalone\n",
                "msg = x { $a ->\n  [one] y { other }\n *[other] z\n}\n  .hint = h\n",
                "-term = t\n",
                "bad line\n",
                "## Obsolete\n",
                "old = gone",
            ]
        );
        assert_eq!(f.errors.len(), 1);
        assert_eq!(f.obsolete_from, Some(7));
        assert!(f.is_obsolete(8));
        let (_, foo) = f.messages().next().unwrap();
        assert_eq!(foo.meta().source, Some("旧"));
        assert_eq!(foo.meta().notes, vec![String::new()]);
        assert_eq!(foo.value_text(), Some("bar\nbaz"));
        let (_, msg) = f.messages().nth(1).unwrap();
        assert!(msg.variables().contains("a"));
        assert!(msg.references().contains("other"));
        assert!(msg.has_hint);
        assert_eq!(&SAMPLE[msg.id_span.clone()], "msg");
    }

    /// A message's texts point into the file when they are written there
    /// as they are, and are copies when decoded; both read the same.
    #[test]
    fn texts_in_the_file_and_decoded_read_alike() {
        let text = "# source: 旧\\n行\n# stale, source was: a\\\\b\n# note\n# source: 新\n\
                    m = x { \"y\" }\n    .hint = h\n\n\
                    # source: s\n# source.hint: sh\n# stale: why\nn = plain\n    .hint = { \"\" }\n\n\
                    # source: p\\\\q\n# source: p\\nq\no = v\n    .hint = w\n";
        for chunked in [true, false] {
            let f = if chunked {
                FtlFile::parse_in_chunks(Arc::new(text.to_owned()), 1)
            } else {
                FtlFile::parse_by_fluent(Arc::new(text.to_owned()))
            };
            let m: Vec<&MessageEntry> = f.messages().map(|(_, m)| m).collect();
            assert_eq!(m[0].id(), "m");
            // A repeated key keeps the last; escapes are decoded.
            assert_eq!(m[0].meta().source, Some("新"));
            assert_eq!(m[0].meta().stale_was, Some("a\\b"));
            assert_eq!(m[0].meta().notes, ["note".to_owned()]);
            assert_eq!(m[0].value_text(), Some("x y"));
            assert_eq!(m[0].hint_text(), Some("h"));
            assert_eq!(m[1].id(), "n");
            let meta = m[1].meta();
            assert_eq!(
                (meta.source, meta.source_hint, meta.stale_reason),
                (Some("s"), Some("sh"), Some("why"))
            );
            assert_eq!(meta.stale_hint_was, None);
            assert_eq!(m[1].value_text(), Some("plain"));
            assert_eq!(m[1].hint_text(), Some(""));
            assert!(m[1].empty_hint);
            assert_eq!(m[2].id(), "o");
            assert_eq!(m[2].meta().source, Some("p\nq"));
            assert_eq!(
                (m[2].value_text(), m[2].hint_text()),
                (Some("v"), Some("w"))
            );
        }
    }

    #[test]
    fn number_literals_and_terms_are_not_plain_text() {
        let f = FtlFile::parse("a = { 007 } b\nb = x { -t } y\nc = { \"lit\" }\n".to_owned());
        let m: Vec<&MessageEntry> = f.messages().map(|(_, m)| m).collect();
        // Fluent formats `{ 007 }` as "7": only the formatter knows.
        assert_eq!(m[0].value_text(), None);
        assert_eq!(m[1].value_text(), None);
        assert!(m[1].terms().contains("t"));
        assert_eq!(m[2].value_text(), Some("lit"));
    }

    #[test]
    fn a_bare_comment_sigil_at_the_end_is_placed() {
        // fluent-syntax gives this comment no line at all.
        let t = "foo = bar\n\n#";
        let f = FtlFile::parse(t.to_owned());
        assert!(f.layout_ok);
        let segs: Vec<&str> = f.items.iter().map(|i| &t[i.range.clone()]).collect();
        assert_eq!(segs, ["foo = bar\n", "#"]);
    }

    #[test]
    fn nesting_is_counted_as_the_parser_nests() {
        let deep = |n: usize| format!("x = {}$x{}\n", "{".repeat(n), "}".repeat(n));
        assert_eq!(too_deep(deep(MAX_NESTING).as_bytes()), None);
        assert_eq!(
            too_deep(deep(MAX_NESTING + 1).as_bytes()),
            Some(4 + MAX_NESTING)
        );
        // Braces in string literals close nothing (and, to err upward,
        // open as if they could); quotes in text hide nothing.
        let strings = format!(
            "x = {}{{ \"{}\" {}",
            "{".repeat(60),
            "}".repeat(60),
            "{".repeat(10)
        );
        assert!(too_deep(strings.as_bytes()).is_some());
        let text = format!("x = \"{}", deep(100));
        assert!(too_deep(text.as_bytes()).is_some());
        // Closed placeables do not add up.
        let many = "x = { $a } { $b }\n".repeat(1000);
        assert_eq!(too_deep(many.as_bytes()), None);
        // Quotes in a variant's text are text.
        let mut select = String::from("ok");
        for _ in 0..100 {
            select = format!("{{ $n ->\n *[a] \"{{ {select}\n}}");
        }
        assert!(too_deep(select.as_bytes()).is_some());
        // Call arguments nest in the parser too.
        let calls = format!("x = {{ {}$x{} }}\n", "a(".repeat(100), ")".repeat(100));
        assert!(too_deep(calls.as_bytes()).is_some());
        // Parentheses in text are text.
        assert_eq!(too_deep("x = (((((((((( a\n".repeat(10).as_bytes()), None);
        // A brace an entry left open does not let a quote hide braces.
        let stale = format!("a = {{ !\nb = \"{}", deep(100));
        assert!(too_deep(stale.as_bytes()).is_some());
        // Placeables the parser carries over blank lines, through lines
        // that start as an entry may, add up.
        let across = format!(
            "x = {{\n\n{}",
            format!("F({}\n\n", "{".repeat(30)).repeat(3)
        );
        assert!(too_deep(across.as_bytes()).is_some());
        // Braces in comments open nothing.
        let comments = format!("{}\nx = {{{{{{$a}}}}}}\n", "# a { b\n".repeat(100));
        assert_eq!(too_deep(comments.as_bytes()), None);
        // Such an entry is Junk; the others are read.
        let file = FtlFile::parse(format!("a = A\n{}b = B\n", deep(1000)));
        let ids: Vec<&str> = file.messages().map(|(_, m)| m.id()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(file.errors.len(), 1);
        assert!(file.errors[0].message.contains("nested more than"));
    }

    #[test]
    fn references_add_up_their_depths() {
        // Terms that each nest `d` deep, each referring to the next at the
        // bottom of its placeables, `k` of them.
        let chain = |k: usize, d: usize| {
            let mut text = String::from("m = { -t0 }\n");
            for i in 0..k {
                let next = if i + 1 < k {
                    format!("-t{}", i + 1)
                } else {
                    "\"end\"".to_owned()
                };
                text.push_str(&format!(
                    "-t{i} = {}{next}{}\n",
                    "{".repeat(d),
                    "}".repeat(d)
                ));
            }
            text
        };
        let deep = |text: &str| {
            let f = FtlFile::parse(text.to_owned());
            assert!(f.errors.is_empty(), "{:?}", f.errors);
            // The first message, which refers to the rest.
            let first = f.messages().next().map(|(_, m)| m.id()).unwrap();
            let by_file = f.unformattable().contains(first);
            // The same from the syntax tree, as a program formats it.
            let resource = parser::parse(text).unwrap();
            assert_eq!(any_too_deep(&resource.body), by_file);
            by_file
        };
        // `m`'s reference sits at depth 1, each term's at depth 10, and
        // each reference is a level: 2 + (k − 1) × 11 + 10 is 56 for five
        // terms, 78 for seven. Terms nesting 1: 61 for 30, 81 for 40.
        assert!(!deep(&chain(5, 10)));
        assert!(deep(&chain(7, 10)));
        // Many levels of terms that nest nothing still add up.
        assert!(!deep(&chain(30, 1)));
        assert!(deep(&chain(40, 1)));
        // Messages refer as terms do, by their id (an attribute too).
        let messages = (0..40)
            .map(|i| format!("m{i} = {{ m{}.hint }}\n    .hint = x\n", i + 1))
            .collect::<String>();
        assert!(deep(&messages));
        // A circle is too deep, however shallow.
        assert!(deep("m = { -a }\n-a = { -b }\n-b = { -a }\n"));
        assert!(deep("m = { m }\n"));
        assert!(deep("m = { m.hint }\n    .hint = { m }\n"));
        let own_circle = "m = { -t }\n-t = { -t.a ->\n *[x] x\n }\n    .a = { -t.b ->\n *[y] y\n }\n    .b = { -t }\n";
        assert!(deep(own_circle));
        // An entry's patterns referring to one another without a circle
        // are no circle: fluent-bundle formats each once on a way.
        assert!(!deep("m = M\n    .hint = see { m }\n"));
        assert!(!deep("m = { m.hint }\n    .hint = H\n"));
        let select_own = "m = { -t }\n-t = { -t.g ->\n   *[a] x\n  }\n    .g = a\n";
        assert!(!deep(select_own));
        // Each such reference is a level, and each is counted along the
        // longest way: 2 levels a reference (at depth 1, plus one).
        let own_chain = |n: usize| {
            let mut text = String::from("m = { m.a0 }\n");
            for i in 0..n {
                text.push_str(&format!("    .a{i} = {{ m.a{} }}\n", i + 1));
            }
            text.push_str(&format!("    .a{n} = end\n"));
            text
        };
        assert!(!deep(&own_chain(30)));
        assert!(deep(&own_chain(32)));
        // And their placeables add up: 60 and 60 in one call.
        let x60 = "{ \"x\" }".repeat(60);
        assert!(deep(&format!("m = {x60}{{ m.hint }}\n    .hint = {x60}\n")));
        // A reference to what the file lacks counts as plain text.
        assert!(!deep("m = { -nowhere } { other }\n"));
        // Placeables are counted on the variant with the most, and those of what is
        // referred to each time it is: fluent-bundle stops at 100.
        let select = |n: usize| format!("m = {{ $n ->\n *[a] {}\n }}\n", "{ \"x\" }".repeat(n));
        assert!(!deep(&select(MAX_PLACEABLES - 1)));
        assert!(deep(&select(MAX_PLACEABLES)));
        let term = |uses: usize| {
            format!(
                "m = {}\n-t = {}\n",
                "{ -t }".repeat(uses),
                "{ $x }".repeat(30)
            )
        };
        assert!(!deep(&term(3)));
        assert!(deep(&term(4)));
        // One variant is formatted: the one with the most counts.
        let variants = |n: usize| {
            let x = "{ \"x\" }".repeat(n);
            format!("m = {{ -t }}{{ -t }}{{ -t }}\n-t = {{ $n ->\n [one] {x}\n *[other] {x}\n }}\n")
        };
        assert!(!deep(&variants(30)));
        assert!(deep(&variants(32)));
        // The value and each attribute are formatted on their own.
        assert!(!deep(&format!("m = {x60}\n    .hint = {x60}\n")));
        // A term no message uses is never formatted.
        let unused = format!("m = M\n-unused = {}\n", "{ \"x\" }".repeat(101));
        assert!(!deep(&unused));
    }

    #[test]
    fn the_bound_on_the_parse_starts_again_where_the_parser_does() {
        // More literal braces in strings than the walk lets the parser take
        // (it counts them, erring upward), in entries the parser reads one
        // by one: all are read, whole or cut.
        let mut text: String = (0..PARSE_LEVELS + 20)
            .map(|i| format!("m{i} = {{ \"{{\" }}\n\n"))
            .collect();
        text.push_str("z = { $x }\n");
        let text = Arc::new(text);
        let whole = FtlFile::parse_by_fluent(text.clone());
        assert!(whole.errors.is_empty(), "{:?}", &whole.errors[..1]);
        assert_eq!(whole.messages().count(), PARSE_LEVELS + 21);
        let cut = FtlFile::parse_in_chunks(text, 4096);
        assert_eq!(format!("{:?}", whole.items), format!("{:?}", cut.items));
        // One entry that deep is still refused before parsing, and the
        // entries around it are read.
        let deep = format!("a = A\n\nb = {}\n\nc = C\n", "{".repeat(PARSE_LEVELS + 1));
        let file = FtlFile::parse(deep);
        let ids: Vec<&str> = file.messages().map(|(_, m)| m.id()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(file.errors.len(), 1);
        assert!(file.errors[0].message.contains("may nest more than"));
    }

    #[test]
    fn in_a_file_the_nesting_rule_holds_per_entry() {
        let deep = |n: usize| format!("{}$x{}", "{".repeat(n), "}".repeat(n));
        // Literal braces close nothing in the text, and open nothing either:
        // after many, a message with a placeable is read.
        let mut text = "m = { \"{\" }\n".repeat(MAX_NESTING + 10);
        text.push_str("z = { $x }\n");
        let file = FtlFile::parse(text);
        assert!(file.errors.is_empty(), "{:?}", file.errors);
        assert_eq!(file.messages().count(), MAX_NESTING + 11);
        // Braces Junk left open are no part of the next entry.
        let text = format!("ag{}\n# o\n\ni{{{{{{\nz = {}\n", "{".repeat(60), deep(60));
        let file = FtlFile::parse(text);
        assert!(file.messages().any(|(_, m)| m.id() == "z"));
        assert!(!file.errors.iter().any(|e| e.message.contains("nested")));
        // One entry deeper than the rule is Junk, its comment with it, and
        // the error is at its first brace too many; a term likewise.
        for (head, entry) in [("x = ", "x"), ("-t = ", "-t")] {
            let text = format!(
                "a = A\n\n# note\n{head}{}\n    .hint = h\nb = B\n",
                deep(65)
            );
            let file = FtlFile::parse(text.clone());
            let ids: Vec<&str> = file.messages().map(|(_, m)| m.id()).collect();
            assert_eq!(ids, ["a", "b"], "{entry}");
            assert_eq!(file.errors.len(), 1);
            let e = &file.errors[0];
            assert!(e.message.contains("nested more than 64"), "{}", e.message);
            let at = text.find(head).unwrap() + head.len() + MAX_NESTING;
            assert_eq!(e.pos, at..at + 1);
            assert_eq!(
                &text[e.junk.clone()],
                &text[text.find("# note").unwrap()..text.find("b = B").unwrap()]
            );
            let junk: Vec<&str> = (file.items.iter())
                .filter(|i| matches!(i.kind, ItemKind::Junk))
                .map(|i| &text[i.range.clone()])
                .collect();
            assert_eq!(junk, [&text[e.junk.clone()]]);
        }
        // Arguments of a call are a level as well; exactly the rule's depth
        // is read.
        let calls = |n: usize| format!("x = {{ {}$x{} }}\n", "F(".repeat(n), ")".repeat(n));
        assert!(FtlFile::parse(calls(MAX_NESTING - 1)).errors.is_empty());
        assert_eq!(FtlFile::parse(calls(MAX_NESTING)).errors.len(), 1);
        assert!(FtlFile::parse(format!("x = {}\n", deep(MAX_NESTING)))
            .errors
            .is_empty());
    }

    #[test]
    fn parts_of_a_message() {
        let t = "# c\nx = a { -brand } b{\"{\"}\n    .title = T\n    .hint =\n        h1\n        {\"[\"}h2\n\ny = { $n ->\n   *[one] z\n  }\n";
        let f = FtlFile::parse(t.to_owned());
        let (_, x) = f.messages().next().unwrap();
        let parts = f.parts(x).unwrap();
        let text = |s: &str| Piece::Text(s.to_owned());
        assert_eq!(
            parts.value.unwrap(),
            [
                text("a "),
                Piece::Placeable("{ -brand }".to_owned()),
                text(" b{")
            ]
        );
        assert_eq!(parts.hint.unwrap(), [text("h1\n[h2")]);
        assert_eq!(&t[parts.head.clone()], "x = a { -brand } b{\"{\"}\n");
        let names: Vec<(&str, &str)> = parts
            .attributes
            .iter()
            .map(|(n, r)| (n.as_str(), &t[r.clone()]))
            .collect();
        assert_eq!(
            names,
            [
                ("title", "    .title = T\n"),
                ("hint", "    .hint =\n        h1\n        {\"[\"}h2\n")
            ]
        );
        // Plain text gives one piece, the same as `plain_text`.
        let (_, y) = f.messages().nth(1).unwrap();
        let value = f.parts(y).unwrap().value.unwrap();
        assert!(matches!(&value[..], [Piece::Placeable(s)] if s.contains("*[one] z")));
    }

    #[test]
    fn crlf_detected() {
        let f = FtlFile::parse("a = b\r\nc = d\r\n".to_owned());
        assert_eq!(f.newline, "\r\n");
        assert_eq!(f.items.len(), 2);
        assert_eq!(&f.text[f.items[0].range.clone()], "a = b\r\n");
        assert!(f.layout_ok);
        // The line end most lines have; a carriage return without a line
        // feed, anywhere, keeps the file from being edited.
        for (text, newline, layout_ok) in [
            ("a = b\r\nc = d\n", "\n", true),
            ("a = b\r\nc = d\r\ne = f\n", "\r\n", true),
            ("a = b\rc\n", "\n", false),
            ("a = b\r\nc = d\r", "\r\n", false),
            ("\ra = b\r\n", "\r\n", false),
        ] {
            let f = FtlFile::parse(text.to_owned());
            assert_eq!((f.newline, f.layout_ok), (newline, layout_ok), "{text:?}");
        }
    }

    /// The first live definition of `id`: its value text and comment.
    fn first_live<'a>(f: &'a FtlFile, id: &str) -> Option<(Option<&'a str>, Meta<'a>)> {
        f.messages()
            .find(|(i, m)| m.id() == id && !f.is_obsolete(*i))
            .map(|(_, m)| (m.value_text(), m.meta()))
    }

    #[test]
    fn the_first_definition_reads_as_in_the_whole_file() {
        let filler: String = (0..40)
            .map(|i| format!("# source: 源{i}\nm-{i} = Text {i}\n    .hint = H\n\n"))
            .collect();
        let cases: Vec<(String, bool)> = vec![
            // (file, whether the part must be enough)
            (
                format!("{filler}# source: 标题\ntitle = Title\n\n{filler}"),
                true,
            ),
            (
                format!("{filler}# stale, source was: 旧\n# source: 新\ntitle = T\n"),
                true,
            ),
            (
                format!("{filler}# untranslated\ntitle = 标题\n{filler}"),
                true,
            ),
            (format!("title = First\n\n{filler}title = Second\n"), true),
            (format!("{filler}title=No spaces\n"), true),
            (format!("{filler}title-more = Not it\n\ntitle = It\n"), true),
            (
                format!("{filler}title = {{ -brand }} errors\n\n-brand = B\n"),
                true,
            ),
            (format!("{filler}title = Multi\n    line\n\n{filler}"), true),
            (format!("{filler}title = A\r\n\r\n{filler}"), true),
            (
                format!("{filler}title = {{ $n ->\n   *[other] x\n}}\n\n{filler}"),
                true,
            ),
            (format!("{filler}oops {{\ntitle = After junk\n"), true),
            // An unclosed placeable reads the title line as its content.
            (format!("{filler}x = {{\n\ntitle = T\n"), false),
            (format!("x = {{\n\ntitle = T\n\n{filler}"), false),
            ("x = {\n\n-t\n\ntitle = T\n".to_owned(), false),
            (
                "foo = Welcome {\n\ntitle = Wrong\n\n# source: S\ntitle = Right\n".to_owned(),
                false,
            ),
            (format!("{filler}## Obsolete\n\ntitle = Kept\n"), false),
            (
                "title = Live\n\n## Obsolete\n\ntitle = Old\n".to_owned(),
                true,
            ),
            (filler.clone(), true),
        ];
        for (text, fast) in cases {
            let whole = FtlFile::parse(text.clone());
            let want = first_live(&whole, "title");
            // The head of the file up to each line end must say the same,
            // or not know.
            for (i, _) in text.match_indices('\n') {
                if let First::In(part) =
                    parse_first(std::sync::Arc::new(text[..=i].to_owned()), "title", false)
                {
                    assert_eq!(first_live(&part, "title"), want, "head {i}: {text}");
                }
            }
            match parse_first(std::sync::Arc::new(text.clone()), "title", true) {
                First::Absent => assert_eq!(want, None, "{text}"),
                First::In(part) => {
                    assert_eq!(first_live(&part, "title"), want, "{text}");
                }
                First::Unknown => assert!(!fast, "the part should have been enough: {text}"),
            }
        }
    }
}
