//! GNU gettext PO files, the second exchange format of `errbook export` and
//! `errbook import`, for Poedit, Weblate, Lokalize and the gettext tools.
//!
//! The same [`Document`] as XLIFF, written one PO entry per segment:
//! `msgctxt` is the Fluent message id (`e60002`, or `e60002.hint` for the
//! hint), `msgid` the source text, `msgstr` the translation (empty when
//! there is none). A translation that is not final (stale, or to review)
//! carries the `fuzzy` flag, with the source text it was made from as the
//! previous `msgid` (`#|`) when the file records it; notes become extracted
//! comments (`#.`), the source position a reference (`#:`), the
//! translator's own notes translator comments (`#`).
//!
//! A `msgstr` is the translation as a Fluent pattern on one logical line:
//! text as it is, a placeable as its Fluent source (`{ $name }`,
//! `{ -brand }`), and a literal brace as Fluent writes it, `{"{"}` and
//! `{"}"}`. `msgid` is the source text, which holds no placeables, as it is.
//!
//! Reading keeps the byte range of every entry and string for diagnostics,
//! which the PO crates on crates.io do not give; the format is small (GNU
//! gettext manual, "The Format of PO Files") and the reader follows it:
//! escapes of C strings, continuation strings, obsolete entries (skipped),
//! `\r\n` line ends and a byte-order mark.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use crate::diag::{Diagnostic, FileId};
use crate::ftl::escape::{normalize_pieces, Piece};
use crate::ftl::keys;
use crate::registry as checks;
use crate::xliff::{Document, Note, Segment, State, Unit, HINT, VALUE};

/// The header field naming the source language (no standard field exists;
/// Translate Toolkit and others write this one).
pub const SOURCE_LANGUAGE: &str = "X-Source-Language";

/// The flag of a translation that is not final.
pub const FUZZY: &str = "fuzzy";

// ---------------------------------------------------------------- writing

/// A C string of the PO format: quotes, backslashes and control characters
/// escaped.
fn quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if c.is_ascii_control() => {
                let _ = write!(out, "\\{:03o}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `keyword "text"`; text of several lines as gettext writes it: an empty
/// first string, then one string per line.
fn field(out: &mut String, prefix: &str, keyword: &str, s: &str) {
    out.push_str(prefix);
    out.push_str(keyword);
    out.push(' ');
    let lines: Vec<&str> = s.split_inclusive('\n').collect();
    if lines.len() <= 1 {
        quoted(out, s);
        out.push('\n');
        return;
    }
    out.push_str("\"\"\n");
    for l in lines {
        out.push_str(prefix);
        quoted(out, l);
        out.push('\n');
    }
}

/// A comment of one kind (`#.`, `# `), one line per line of the text.
fn comment(out: &mut String, mark: &str, text: &str) {
    for line in text.split('\n') {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            out.push_str(mark.trim_end());
        } else {
            out.push_str(mark);
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// A translation as the `msgstr` of an entry: text as it is, literal braces
/// as Fluent string literals, placeables as their Fluent source.
pub fn msgstr(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => {
                for c in t.chars() {
                    match c {
                        '{' => out.push_str("{\"{\"}"),
                        '}' => out.push_str("{\"}\"}"),
                        c => out.push(c),
                    }
                }
            }
            Piece::Placeable(src) => out.push_str(src),
        }
    }
    out
}

/// The source text of a segment (plain text; a placeable as its source).
fn source_text(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) | Piece::Placeable(t) => t.as_str(),
        })
        .collect()
}

/// The `msgctxt` of a segment of a unit.
fn context(unit: &str, segment: &str) -> String {
    if segment == VALUE {
        unit.to_owned()
    } else {
        format!("{unit}.{segment}")
    }
}

/// The `Language` header value: gettext's `ll_CC` for a tag of a language
/// and a region, the BCP 47 tag otherwise (gettext has no form for scripts).
fn gettext_language(tag: &str) -> String {
    let parts: Vec<&str> = tag.split('-').collect();
    match parts.as_slice() {
        [l, r] if r.len() == 2 || r.chars().all(|c| c.is_ascii_digit()) => format!("{l}_{r}"),
        _ => tag.to_owned(),
    }
}

/// The document as a PO file. Deterministic: the same document gives the
/// same bytes.
pub fn write(doc: &Document) -> String {
    let mut out = String::new();
    if let Some(o) = &doc.original {
        comment(
            &mut out,
            "# ",
            &format!("Translations of {o}, exported by errbook; import with `errbook import`."),
        );
    }
    out.push_str("msgid \"\"\nmsgstr \"\"\n");
    // gettext's order; the fields a translation tool fills in are left
    // empty (msgfmt --check warns when they are missing).
    let mut header = vec![
        ("Project-Id-Version", "errbook".to_owned()),
        ("PO-Revision-Date", String::new()),
        ("Last-Translator", String::new()),
        ("Language-Team", String::new()),
    ];
    if let Some(t) = &doc.trg_lang {
        header.push(("Language", gettext_language(t)));
    }
    header.extend([
        ("MIME-Version", "1.0".to_owned()),
        ("Content-Type", "text/plain; charset=UTF-8".to_owned()),
        ("Content-Transfer-Encoding", "8bit".to_owned()),
        (SOURCE_LANGUAGE, doc.src_lang.clone()),
        (
            "X-Generator",
            format!("errbook {}", env!("CARGO_PKG_VERSION")),
        ),
    ]);
    for (k, v) in header {
        let line = format!("{k}: {v}");
        quoted(&mut out, &format!("{}\n", line.trim_end()));
        out.push('\n');
    }
    for unit in &doc.units {
        for seg in &unit.segments {
            out.push('\n');
            let first = seg.id == VALUE;
            // gettext's order: the translator's comments, extracted
            // comments, references, flags, the previous msgid.
            for n in unit.notes.iter().filter(|n| n.category == "translator") {
                if first {
                    comment(&mut out, "# ", &n.text);
                }
            }
            if !first {
                comment(&mut out, "#. ", &format!("the hint of `{}`", unit.id));
            }
            for n in &unit.notes {
                // errbook's notes on the hint (its stale mark) go with the
                // hint's entry, the others with the message's.
                let on_hint = n.text.starts_with(keys::STALE_HINT_WAS);
                match n.category.as_str() {
                    "translator" | "location" => {}
                    "errbook" if on_hint != first => comment(&mut out, "#. ", &n.text),
                    "errbook" => {}
                    "context" if first => comment(&mut out, "#. ", &n.text),
                    other if first => comment(&mut out, "#. ", &format!("{other}: {}", n.text)),
                    _ => {}
                }
            }
            if first {
                for g in &unit.terms {
                    let mut line = format!("term: {} → {}", g.term, g.translations.join(", "));
                    if let Some(d) = &g.definition {
                        line.push_str(&format!(" ({d})"));
                    }
                    comment(&mut out, "#. ", &line);
                }
            }
            // A suggestion is the msgstr of an untranslated entry, fuzzy
            // (as msgmerge leaves its guesses): a translator confirms it by
            // clearing the flag.
            let suggestion = unit
                .suggestions
                .iter()
                .find(|m| m.segment == seg.id)
                .filter(|_| seg.target.is_none());
            if let Some(m) = suggestion {
                comment(&mut out, "#. ", &format!("suggestion: {}", m.origin));
            }
            for n in unit.notes.iter().filter(|n| n.category == "location") {
                // A reference holds no blanks: gettext splits them there.
                comment(&mut out, "#: ", &n.text.replace(char::is_whitespace, "_"));
            }
            if (seg.target.is_some() && seg.state < State::Reviewed) || suggestion.is_some() {
                out.push_str("#, fuzzy\n");
            }
            let ctx = context(&unit.id, &seg.id);
            if let Some(prev) = &seg.previous {
                field(&mut out, "#| ", "msgctxt", &ctx);
                field(&mut out, "#| ", "msgid", prev);
            }
            field(&mut out, "", "msgctxt", &ctx);
            field(&mut out, "", "msgid", &source_text(&seg.source));
            let target = match (&seg.target, suggestion) {
                (Some(t), _) => msgstr(t),
                (None, Some(m)) => msgstr(&[Piece::Text(m.target.clone())]),
                (None, None) => String::new(),
            };
            field(&mut out, "", "msgstr", &target);
        }
    }
    out
}

// ---------------------------------------------------------------- reading

/// A problem found while reading.
struct Problem {
    at: Range<usize>,
    message: String,
    help: Option<String>,
}

fn problem(at: Range<usize>, message: impl Into<String>) -> Problem {
    Problem {
        at,
        message: message.into(),
        help: None,
    }
}

impl Problem {
    fn help(mut self, h: impl Into<String>) -> Problem {
        self.help = Some(h.into());
        self
    }
}

/// A string field as read: its bytes, then (when the entry is complete)
/// its text, and where its strings are.
#[derive(Clone, Debug, Default)]
struct Field {
    raw: Vec<u8>,
    text: String,
    at: Range<usize>,
}

impl Field {
    fn new(raw: Vec<u8>, at: Range<usize>) -> Field {
        Field {
            raw,
            text: String::new(),
            at,
        }
    }

    /// Its text, once every string of it is read.
    fn finish(&mut self) -> Result<(), Problem> {
        match String::from_utf8(std::mem::take(&mut self.raw)) {
            Ok(t) => {
                self.text = t;
                Ok(())
            }
            Err(_) => Err(problem(
                self.at.clone(),
                "the escapes of this string make no UTF-8 text",
            )
            .help("write the characters themselves; the file is UTF-8")),
        }
    }
}

/// An entry whose strings are all read: their text.
fn finished(mut e: Entry) -> Result<Entry, Problem> {
    for f in [&mut e.msgctxt, &mut e.msgid, &mut e.msgstr, &mut e.previous]
        .into_iter()
        .flatten()
    {
        f.finish()?;
    }
    Ok(e)
}

/// One entry as read.
#[derive(Debug, Default)]
struct Entry {
    flags: Vec<String>,
    msgctxt: Option<Field>,
    msgid: Option<Field>,
    plural: bool,
    msgstr: Option<Field>,
    previous: Option<Field>,
    translator: Vec<String>,
    /// True once a line of the entry was read.
    begun: bool,
    /// True after a `#~` line: the comments so far were an obsolete
    /// entry's.
    obsolete: bool,
    at: Range<usize>,
}

/// Which string the next continuation line adds to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    None,
    Ctxt,
    Id,
    Str,
    Previous,
    Skipped,
}

/// Decodes a C string that starts at `line[0]` (a quote); returns the text
/// and what follows the closing quote.
fn unquote(line: &str, base: usize) -> Result<(Vec<u8>, &str), Problem> {
    // Bytes: escapes give bytes, and a character may be split over the
    // escapes of two adjacent strings, as gettext reads them.
    let mut out: Vec<u8> = Vec::new();
    let mut chars = line.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, &line[i + 1..])),
            '\\' => {
                let Some((j, e)) = chars.next() else { break };
                let simple = match e {
                    'n' => Some(b'\n'),
                    't' => Some(b'\t'),
                    'r' => Some(b'\r'),
                    'a' => Some(7),
                    'b' => Some(8),
                    'f' => Some(12),
                    'v' => Some(11),
                    '\\' | '"' | '\'' | '?' => Some(e as u8),
                    _ => None,
                };
                if let Some(b) = simple {
                    out.push(b);
                    continue;
                }
                let (radix, max, first) = match e {
                    '0'..='7' => (8, 3, Some(e)),
                    'x' => (16, 2, None),
                    _ => {
                        let at = base + i;
                        return Err(problem(
                            at..base + j + e.len_utf8(),
                            format!("unknown escape `\\{e}` in a string"),
                        )
                        .help("write a backslash as `\\\\`"));
                    }
                };
                let mut digits = String::new();
                digits.extend(first);
                while digits.len() < max {
                    match chars.peek() {
                        Some(&(_, d)) if d.is_digit(radix) => {
                            digits.push(d);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                let at = base + i..base + j + 1 + digits.len() - usize::from(first.is_some());
                match u8::from_str_radix(&digits, radix) {
                    Ok(b) if !digits.is_empty() => out.push(b),
                    Ok(_) | Err(_) if digits.is_empty() => {
                        return Err(problem(at, "the escape `\\x` has no hex digits"))
                    }
                    _ => {
                        return Err(problem(
                            at,
                            format!(
                            "the escape `\\{digits}` is not a byte: octal escapes go up to `\\377`"
                        ),
                        ))
                    }
                }
            }
            c => {
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    let end = base + line.len();
    Err(problem(
        end..end,
        "a string is not closed: it needs a `\"` before the end of the line",
    ))
}

/// Reads the strings at the start of `rest` (after blanks) up to the end of
/// the line: one or more, joined, as gettext reads adjacent strings.
fn string_at(rest: &str, base: usize) -> Result<(Vec<u8>, Range<usize>), Problem> {
    let mut text = Vec::new();
    let mut at = base..base;
    let mut rest = rest;
    let mut base = base;
    loop {
        let trimmed = rest.trim_start();
        let start = base + (rest.len() - trimmed.len());
        if trimmed.is_empty() && at.start != at.end {
            return Ok((text, at));
        }
        if !trimmed.starts_with('"') {
            let problem = if at.start == at.end {
                problem(start..start, "a string in double quotes is expected here")
            } else {
                problem(
                    start..base + rest.len(),
                    "text after the closing quote of a string",
                )
            };
            return Err(problem);
        }
        let (t, after) = unquote(trimmed, start)?;
        text.extend(t);
        let end = start + (trimmed.len() - after.len());
        if at.start == at.end {
            at.start = start;
        }
        at.end = end;
        base = end;
        rest = after;
    }
}

/// The entries of a PO file, handed to `sink` one at a time as they are
/// read (until it returns false), or the first problem that stops reading.
fn entries(text: &str, mut sink: impl FnMut(Entry) -> bool) -> Result<(), Problem> {
    let mut cur = Entry::default();
    let mut slot = Slot::None;
    let mut pos = 0usize;
    let bom = text.starts_with('\u{feff}');
    if bom {
        pos = '\u{feff}'.len_utf8();
    }
    // True once the current entry has a msgstr: a comment or keyword then
    // starts the next one.
    let started = |e: &Entry| e.msgctxt.is_some() || e.msgid.is_some() || e.msgstr.is_some();
    for raw in text[pos..].split_inclusive('\n') {
        let line_start = pos;
        pos += raw.len();
        let line = raw.trim_end_matches('\n').trim_end_matches('\r');
        let trimmed = line.trim_start();
        let base = line_start + (line.len() - trimmed.len());
        if trimmed.is_empty() {
            if cur.msgstr.is_some() {
                if !sink(finished(std::mem::take(&mut cur))?) {
                    return Ok(());
                }
            } else if !started(&cur) {
                // Comments of no entry (an obsolete one's flags, say)
                // belong to none.
                cur = Entry::default();
            }
            slot = Slot::None;
            continue;
        }
        if cur.msgstr.is_some()
            && !trimmed.starts_with('"')
            && !trimmed.starts_with("msgstr[")
            && !sink(finished(std::mem::take(&mut cur))?)
        {
            return Ok(());
        }
        // An obsolete entry (`#~` lines) takes the comments above it, and
        // ends at the first line that is not one of its own.
        if trimmed.starts_with("#~") {
            if !started(&cur) {
                cur = Entry {
                    obsolete: true,
                    ..Entry::default()
                };
            }
        } else if cur.obsolete {
            cur = Entry::default();
        }
        if let Some(c) = trimmed.strip_prefix('#') {
            if started(&cur) {
                return Err(problem(
                    base..base + trimmed.len(),
                    "a comment inside an entry, before its msgstr",
                ));
            }
            if !cur.begun {
                cur.begun = true;
                cur.at = base..base;
            }
            cur.at.end = pos;
            match c.chars().next() {
                Some(',') => cur.flags.extend(
                    // gettext splits flags at commas and blanks.
                    c[1..]
                        .split(|c: char| c == ',' || c.is_whitespace())
                        .map(str::trim)
                        .filter(|f| !f.is_empty())
                        .map(str::to_owned),
                ),
                Some('|') => {
                    let rest = c[1..].trim_start();
                    // After the `#` and the `|`, and the blanks.
                    let at = base + 2 + (c.len() - 1 - rest.len());
                    let previous_msgid = rest
                        .strip_prefix("msgid")
                        .filter(|s| s.starts_with(|c: char| c.is_whitespace() || c == '"'));
                    if let Some(s) = previous_msgid {
                        let (t, r) = string_at(s, at + "msgid".len())?;
                        cur.previous = Some(Field::new(t, r));
                        slot = Slot::Previous;
                    } else if rest.starts_with('"') && slot == Slot::Previous {
                        let (t, r) = string_at(rest, at)?;
                        if let Some(p) = &mut cur.previous {
                            p.raw.extend(t);
                            p.at.end = r.end;
                        }
                    } else {
                        // `#| msgctxt` and others: nothing errbook uses.
                        slot = Slot::Skipped;
                    }
                }
                Some('~') => slot = Slot::Skipped,
                Some('.') | Some(':') => {}
                _ => cur
                    .translator
                    .push(c.strip_prefix(' ').unwrap_or(c).to_owned()),
            }
            continue;
        }
        if trimmed.starts_with('"') {
            let (t, r) = string_at(trimmed, base)?;
            let field = match slot {
                Slot::Ctxt => cur.msgctxt.as_mut(),
                Slot::Id => cur.msgid.as_mut(),
                Slot::Str => cur.msgstr.as_mut(),
                Slot::Skipped => continue,
                Slot::Previous | Slot::None => None,
            };
            let Some(f) = field else {
                return Err(problem(
                    r,
                    "a string that continues no keyword (msgctxt, msgid, msgstr)",
                ));
            };
            f.raw.extend(t);
            f.at.end = r.end;
            cur.at.end = pos;
            continue;
        }
        let keyword_len = trimmed
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(trimmed.len());
        let keyword = &trimmed[..keyword_len];
        let rest_at = base + keyword_len;
        let rest = &trimmed[keyword_len..];
        if !cur.begun {
            cur.begun = true;
            cur.at = base..base;
        }
        let key_at = base..base + keyword_len;
        match keyword {
            "msgctxt" if cur.msgctxt.is_none() && cur.msgid.is_none() => {
                let (t, r) = string_at(rest, rest_at)?;
                cur.msgctxt = Some(Field::new(t, r));
                slot = Slot::Ctxt;
            }
            "msgid" if cur.msgid.is_none() => {
                let (t, r) = string_at(rest, rest_at)?;
                cur.msgid = Some(Field::new(t, r));
                slot = Slot::Id;
            }
            "msgid_plural" if cur.msgid.is_some() && cur.msgstr.is_none() => {
                string_at(rest, rest_at)?;
                cur.plural = true;
                slot = Slot::Skipped;
            }
            "msgstr" if cur.msgid.is_some() && !cur.plural => {
                let (t, r) = string_at(rest, rest_at)?;
                cur.msgstr = Some(Field::new(t, r));
                slot = Slot::Str;
            }
            k if k.starts_with("msgstr[") && cur.plural => {
                string_at(rest, rest_at)?;
                // The entry ends with its plural forms; keep it for the
                // report (a plural entry is not errbook's).
                cur.msgstr
                    .get_or_insert_with(|| Field::new(Vec::new(), key_at.clone()));
                slot = Slot::Skipped;
            }
            "msgctxt" | "msgid" | "msgid_plural" | "msgstr" => {
                return Err(problem(
                    key_at,
                    format!("`{keyword}` out of place: an entry is msgctxt (optional), msgid, msgstr, in this order"),
                ))
            }
            _ => {
                return Err(problem(
                    key_at,
                    format!("`{}` is not a keyword of the PO format", keyword.chars().take(40).collect::<String>()),
                )
                .help("an entry's lines are comments (#), msgctxt, msgid, msgstr and continuation strings"))
            }
        }
        cur.at.end = pos;
    }
    if started(&cur) {
        if cur.msgstr.is_none() {
            let end = text.len();
            return Err(problem(
                end..end,
                "the file ends inside an entry, before its msgstr",
            ));
        }
        sink(finished(cur)?);
    }
    Ok(())
}

/// The fields of a header: `Name: value` lines.
fn header_fields(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect()
}

/// A `msgstr` read back into pieces: the inverse of [`msgstr`]. Each `{…}`
/// must be one Fluent placeable; a literal brace is `{"{"}` or `{"}"}`.
pub fn pieces(s: &str) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(['{', '}']) {
        text.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('}') {
            return Err(
                "a `}` that closes no placeable; write a literal brace as {\"}\"}".to_owned(),
            );
        }
        let Some(end) = crate::ftl::placeable_end(rest.as_bytes()) else {
            return Err(
                "a `{` whose placeable is not closed; write a literal brace as {\"{\"}".to_owned(),
            );
        };
        let src = &rest[..end];
        if crate::ftl::too_deep(src.as_bytes()).is_some() {
            return Err(format!(
                "placeables nested more than {} deep",
                crate::ftl::MAX_NESTING
            ));
        }
        let resource = format!("x = {src}\n");
        let placeable = crate::ftl::with_parser_stack(src.as_bytes(), || {
            let parsed = fluent_syntax::parser::parse(resource.as_str());
            let pattern = match &parsed {
                Ok(r) => match r.body.as_slice() {
                    [fluent_syntax::ast::Entry::Message(m)] => m.value.as_ref(),
                    _ => None,
                },
                Err(_) => None,
            };
            pattern
                .filter(|p| p.elements.len() == 1)
                .map(crate::ftl::pattern_pieces)
        })
        .flatten();
        let Some(placeable) = placeable else {
            return Err(format!(
                "`{src}` is not a Fluent placeable; write a literal brace as {{\"{{\"}}"
            ));
        };
        for p in placeable {
            match p {
                Piece::Text(t) => text.push_str(&t),
                p => {
                    out.push(Piece::Text(std::mem::take(&mut text)));
                    out.push(p);
                }
            }
        }
        rest = &rest[end..];
    }
    text.push_str(rest);
    out.push(Piece::Text(text));
    Ok(normalize_pieces(&out))
}

/// Reads a PO file. `None`, with diagnostics of the check
/// [`checks::XLIFF_INVALID`], when the text is not one errbook can use.
/// Entries with problems are reported and left out.
pub fn read(text: &str, file: FileId) -> (Option<Document>, Vec<Diagnostic>) {
    let mut b = Builder::default();
    let read = entries(text, |e| b.add(e));
    let (doc, mut problems) = b.finish();
    let doc = match read {
        Ok(()) => doc,
        Err(p) => {
            problems.push(p);
            None
        }
    };
    let diags = problems
        .into_iter()
        .map(|p| {
            let mut d = Diagnostic::new(&checks::XLIFF_INVALID, p.message).at(file, p.at);
            if let Some(h) = p.help {
                d = d.help(h);
            }
            d
        })
        .collect();
    (doc, diags)
}

/// The document, built an entry at a time as they are read.
#[derive(Default)]
struct Builder {
    src_lang: Option<String>,
    trg_lang: Option<String>,
    doc_at: Range<usize>,
    units: Vec<Unit>,
    index: HashMap<String, usize>,
    problems: Vec<Problem>,
    /// The file cannot be used at all (another charset, two headers).
    refused: bool,
}

impl Builder {
    /// Takes one entry; false when the file is refused and reading stops.
    fn add(&mut self, e: Entry) -> bool {
        let (Some(id), Some(s)) = (&e.msgid, &e.msgstr) else {
            return true;
        };
        if e.msgctxt.is_none() && id.text.is_empty() {
            if !self.doc_at.is_empty() {
                // gettext: "duplicate message definition".
                self.problems.push(
                    problem(
                        id.at.clone(),
                        "a second header entry (msgid \"\"); the file has one",
                    )
                    .help("remove one of them: which language the file is in must be clear"),
                );
                self.refused = true;
                return false;
            }
            let fields = header_fields(&s.text);
            self.doc_at = e.at.clone();
            if let Some(cs) = fields
                .get("content-type")
                .and_then(|c| c.split("charset=").nth(1))
            {
                let cs = cs
                    .split(|c: char| c == ';' || c.is_whitespace())
                    .next()
                    .unwrap_or_default();
                // `CHARSET` is the template's placeholder; the text is read
                // as UTF-8 in any case.
                let utf8 = ["utf-8", "utf8", "charset"]
                    .iter()
                    .any(|u| cs.eq_ignore_ascii_case(u));
                if !utf8 {
                    self.problems.push(
                        problem(
                            s.at.clone(),
                            format!("the file declares the charset {cs}; errbook reads UTF-8"),
                        )
                        .help("convert it with `msgconv --to-code=UTF-8`"),
                    );
                    self.refused = true;
                    return false;
                }
            }
            self.src_lang = fields.get(&SOURCE_LANGUAGE.to_ascii_lowercase()).cloned();
            // gettext writes `pt_BR`, BCP 47 `pt-BR`.
            self.trg_lang = fields
                .get("language")
                .filter(|l| !l.is_empty())
                .map(|l| l.replace('_', "-"));
            return true;
        }
        let Some(ctx) = &e.msgctxt else {
            self.problems.push(
                problem(id.at.clone(), "an entry without msgctxt; skipped")
                    .help("errbook writes the message id as each entry's msgctxt: export again"),
            );
            return true;
        };
        if e.plural {
            self.problems.push(problem(
            e.at.clone(),
            format!("entry `{}` has plural forms (msgid_plural), which errbook never writes; skipped", ctx.text),
        ));
            return true;
        }
        let (unit_id, seg_id) = match ctx.text.split_once('.') {
            None => (ctx.text.as_str(), VALUE),
            Some((u, HINT)) => (u, HINT),
            Some(_) => {
                self.problems.push(problem(
                    ctx.at.clone(),
                    format!(
                        "msgctxt `{}` is no message id nor the hint of one; skipped",
                        ctx.text
                    ),
                ));
                return true;
            }
        };
        let fuzzy = e.flags.iter().any(|f| f == FUZZY);
        let target = if s.text.is_empty() {
            None
        } else {
            match pieces(&s.text) {
                Ok(p) => Some(p),
                Err(why) => {
                    self.problems.push(problem(
                        s.at.clone(),
                        format!("entry `{}`: {why}", ctx.text),
                    ));
                    return true;
                }
            }
        };
        let segment = Segment {
            id: seg_id.to_owned(),
            // gettext leaves a fuzzy translation out (msgfmt does): it is
            // not a finished one.
            state: if fuzzy || target.is_none() {
                State::Initial
            } else {
                State::Final
            },
            // A fuzzy flag on an empty msgstr marks nothing.
            sub_state: (fuzzy && target.is_some()).then(|| FUZZY.to_owned()),
            source: vec![Piece::Text(id.text.clone())],
            target,
            previous: e.previous.as_ref().map(|p| p.text.clone()),
            source_at: id.at.clone(),
            target_at: s.at.clone(),
        };
        let i = *self.index.entry(unit_id.to_owned()).or_insert_with(|| {
            self.units.push(Unit {
                terms: Vec::new(),
                suggestions: Vec::new(),
                id: unit_id.to_owned(),
                name: None,
                notes: Vec::new(),
                segments: Vec::new(),
                at: ctx.at.clone(),
            });
            self.units.len() - 1
        });
        let unit = &mut self.units[i];
        if unit.segment(seg_id).is_some() {
            self.problems.push(problem(
                ctx.at.clone(),
                format!(
                    "msgctxt `{}` appears twice; the second entry is skipped",
                    ctx.text
                ),
            ));
            return true;
        }
        if !e.translator.is_empty() && seg_id == VALUE {
            unit.notes.push(Note {
                category: "translator".to_owned(),
                text: e.translator.join("\n"),
            });
        }
        unit.segments.push(segment);
        true
    }

    fn finish(mut self) -> (Option<Document>, Vec<Problem>) {
        if self.refused {
            return (None, self.problems);
        }
        // A unit's value comes first, as in XLIFF.
        for u in &mut self.units {
            u.segments.sort_by_key(|s| s.id != VALUE);
        }
        let doc = Document {
            src_lang: self.src_lang.unwrap_or_default(),
            trg_lang: self.trg_lang,
            original: None,
            units: self.units,
            at: self.doc_at,
        };
        (Some(doc), self.problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Files;
    use proptest::prelude::*;

    fn read_str(s: &str) -> (Option<Document>, Vec<(String, String)>) {
        let mut files = Files::new();
        let f = files.add("t.po", s);
        let (d, diags) = read(s, f);
        let shown = diags
            .into_iter()
            .map(|d| {
                let at = d.location.as_ref().unwrap().span.clone();
                let (line, col) = files.line_col(f, at.start).unwrap();
                (format!("{line}:{col}"), d.message)
            })
            .collect();
        (d, shown)
    }

    fn seg(id: &str, state: State, source: &str, target: Option<Vec<Piece>>) -> Segment {
        Segment {
            id: id.to_owned(),
            state,
            sub_state: None,
            source: vec![Piece::Text(source.to_owned())],
            target,
            previous: None,
            source_at: 0..0,
            target_at: 0..0,
        }
    }

    fn doc(units: Vec<Unit>) -> Document {
        Document {
            src_lang: "zh-CN".to_owned(),
            trg_lang: Some("pt-BR".to_owned()),
            original: Some("locales/pt-BR/errors.ftl".to_owned()),
            units,
            at: 0..0,
        }
    }

    /// What a document keeps through a PO file: no positions, no notes but
    /// the translator's, a fuzzy target as `initial` with its flag.
    fn expected(d: &Document) -> Document {
        let mut d = d.clone();
        d.original = None;
        for u in &mut d.units {
            u.name = None;
            u.notes.retain(|n| n.category == "translator");
            for s in &mut u.segments {
                if s.target.is_none() || s.state < State::Reviewed {
                    s.sub_state = s.target.is_some().then(|| FUZZY.to_owned());
                    s.state = State::Initial;
                } else {
                    s.state = State::Final;
                    s.sub_state = None;
                }
                if s.target.is_none() {
                    s.previous = None;
                }
            }
        }
        d
    }

    #[test]
    fn states_flags_and_previous_text_read_back() {
        let mut stale = seg(
            VALUE,
            State::Translated,
            "签名错误。",
            Some(vec![Piece::Text("Bad signature.".into())]),
        );
        stale.previous = Some("签名无效。".into());
        let d = doc(vec![
            Unit {
                terms: Vec::new(),
                suggestions: Vec::new(),
                id: "error-1".into(),
                name: Some("1".into()),
                notes: vec![
                    Note {
                        category: "translator".into(),
                        text: "Checked by Ana.\nTwice.".into(),
                    },
                    Note {
                        category: "group".into(),
                        text: "通用".into(),
                    },
                ],
                segments: vec![stale, seg(HINT, State::Initial, "检查。", None)],
                at: 0..0,
            },
            Unit {
                terms: Vec::new(),
                suggestions: Vec::new(),
                id: "error-2".into(),
                name: None,
                notes: vec![],
                segments: vec![seg(
                    VALUE,
                    State::Final,
                    "余额不足。",
                    Some(vec![
                        Piece::Text("Saldo { insuficiente } para ".into()),
                        Piece::Placeable("{ -brand }".into()),
                        Piece::Text(".".into()),
                    ]),
                )],
                at: 0..0,
            },
        ]);
        let text = write(&d);
        assert!(
            text.contains(
                "#, fuzzy\n#| msgctxt \"error-1\"\n#| msgid \"签名无效。\"\nmsgctxt \"error-1\"\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("msgctxt \"error-1.hint\"\nmsgid \"检查。\"\nmsgstr \"\"\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "msgstr \"Saldo {\\\"{\\\"} insuficiente {\\\"}\\\"} para { -brand }.\"\n"
            ),
            "{text}"
        );
        assert!(text.contains("\"Language: pt_BR\\n\"\n"), "{text}");
        let (back, problems) = read_str(&text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back.unwrap().without_positions(), expected(&d));
    }

    #[test]
    fn continued_strings_escapes_crlf_bom_and_obsolete_entries() {
        let text = "\u{feff}# header\r\nmsgid \"\"\r\nmsgstr \"\"\r\n\"Language: ja\\n\"\r\n\"X-Source-Language: zh-CN\\n\"\r\n\r\n#~ msgctxt \"gone\"\r\n#~ msgid \"旧\"\r\n#~ msgstr \"old\"\r\n\r\n#, c-format, fuzzy\r\nmsgctxt \"e\" \"-1\"\r\nmsgid \"\"\r\n  \"a\\tb\\\\\\\"\\101\\x42\\343\\201\\202\"\r\nmsgstr \"x\"\r\n\"y\"\r\n";
        let (d, problems) = read_str(text);
        assert!(problems.is_empty(), "{problems:?}");
        let d = d.unwrap();
        assert_eq!(d.trg_lang.as_deref(), Some("ja"));
        assert_eq!(d.src_lang, "zh-CN");
        assert_eq!(d.units.len(), 1);
        let u = &d.units[0];
        assert_eq!(u.id, "e-1");
        let s = &u.segments[0];
        assert_eq!(s.source, vec![Piece::Text("a\tb\\\"ABあ".into())]);
        assert_eq!(s.target, Some(vec![Piece::Text("xy".into())]));
        assert_eq!(s.state, State::Initial);
        assert_eq!(s.sub_state.as_deref(), Some(FUZZY));
        // The spans cover the strings, continuation lines included.
        assert_eq!(&text[s.target_at.clone()], "\"x\"\r\n\"y\"");
    }

    #[test]
    fn malformed_files_are_reported_where_they_are_wrong() {
        for (text, at, what) in [
            ("msgid \"a\nmsgstr \"\"\n", "1:9", "a string is not closed"),
            (
                "msgid \"a\\q\"\nmsgstr \"\"\n",
                "1:9",
                "unknown escape `\\q`",
            ),
            (
                "msgid \"a\" x\nmsgstr \"\"\n",
                "1:11",
                "text after the closing quote",
            ),
            (
                "msgctxt \"a\"\nmsgid \"b\"\n",
                "3:1",
                "the file ends inside an entry",
            ),
            (
                "msgid \"a\"\nmsgtxt \"b\"\n",
                "2:1",
                "`msgtxt` is not a keyword",
            ),
            ("msgstr \"b\"\n", "1:1", "`msgstr` out of place"),
            (
                "msgid \"a\"\n# c\nmsgstr \"\"\n",
                "2:1",
                "a comment inside an entry",
            ),
            ("\"a\"\n", "1:1", "a string that continues no keyword"),
            // Positions on a `#|` line count its `#` and `|`.
            (
                "#| msgid \"é\\q\"\nmsgid \"a\"\nmsgstr \"\"\n",
                "1:12",
                "unknown escape",
            ),
            (
                "msgid \"\\xff\"\nmsgstr \"\"\n",
                "1:7",
                "make no UTF-8 text",
            ),
            (
                "msgid \"\\777\"\nmsgstr \"\"\n",
                "1:8",
                "`\\777` is not a byte",
            ),
            (
                "msgid \"\"\nmsgstr \"\"\n\nmsgid \"\"\nmsgstr \"Language: ja\\n\"\n",
                "4:7",
                "a second header",
            ),
        ] {
            let (d, problems) = read_str(text);
            assert!(d.is_none(), "{text:?}");
            assert_eq!(problems.len(), 1, "{text:?}: {problems:?}");
            assert_eq!(problems[0].0, at, "{text:?}: {problems:?}");
            assert!(problems[0].1.contains(what), "{text:?}: {problems:?}");
        }
    }

    #[test]
    fn entries_errbook_cannot_use_are_skipped_and_reported() {
        let text = concat!(
            "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n",
            "msgid \"no context\"\nmsgstr \"x\"\n\n",
            "msgctxt \"e-1.other\"\nmsgid \"a\"\nmsgstr \"b\"\n\n",
            "msgctxt \"e-2\"\nmsgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"b\"\nmsgstr[1] \"bs\"\n\n",
            "msgctxt \"e-3\"\nmsgid \"a\"\nmsgstr \"{ oops\"\n\n",
            "msgctxt \"e-4\"\nmsgid \"a\"\nmsgstr \"b\"\n\n",
            "msgctxt \"e-4\"\nmsgid \"a\"\nmsgstr \"c\"\n",
        );
        let (d, problems) = read_str(text);
        let msgs: Vec<&str> = problems.iter().map(|p| p.1.as_str()).collect();
        assert_eq!(msgs.len(), 5, "{msgs:?}");
        assert!(msgs[0].contains("without msgctxt"));
        assert!(msgs[1].contains("`e-1.other` is no message id"));
        assert!(msgs[2].contains("plural forms"));
        assert!(msgs[3].contains("placeable is not closed"));
        assert!(msgs[4].contains("appears twice"));
        let d = d.unwrap();
        assert_eq!(d.units.len(), 1);
        assert_eq!(
            d.units[0].segments[0].target,
            Some(vec![Piece::Text("b".into())])
        );
    }

    #[test]
    fn what_gettext_reads_is_read_alike() {
        let text = concat!(
            "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=utf-8; format=flowed\\n\"\n\n",
            // A fuzzy obsolete entry: its flag is its own.
            "#, fuzzy\n#~ msgctxt \"gone\"\n#~ msgid \"旧\"\n#~ msgstr \"Old\"\n\n",
            "msgctxt \"e-1\"\nmsgid \"a\"\nmsgstr \"A\"\n\n",
            // Flags split at blanks; an obsolete entry right above.
            "#, c-format fuzzy\nmsgctxt \"e-2\"\nmsgid \"b\"\nmsgstr \"B\"\n",
            "#~ msgid \"x\"\n#~ msgstr \"y\"\n",
            // A fuzzy plural entry's previous strings, as msgmerge writes
            // them: skipped with the entry.
            "#, fuzzy\n#| msgid \"x\"\n#| msgid_plural \"xs\"\nmsgctxt \"p\"\nmsgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"\"\nmsgstr[1] \"\"\n\n",
            // A character split over two strings' escapes.
            "msgctxt \"e-3\"\nmsgid \"\\343\" \"\\201\\202\"\nmsgstr \"C\"\n",
        );
        let (d, problems) = read_str(text);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].1.contains("plural forms"), "{problems:?}");
        let d = d.unwrap();
        let states: Vec<(&str, Option<&str>)> = d
            .units
            .iter()
            .map(|u| (u.id.as_str(), u.segments[0].sub_state.as_deref()))
            .collect();
        assert_eq!(states, [("e-1", None), ("e-2", Some(FUZZY)), ("e-3", None)]);
        assert_eq!(
            d.units[2].segments[0].source,
            vec![Piece::Text("あ".into())]
        );
        for cs in ["UTF8", "utf-8", "CHARSET"] {
            let text =
                format!("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset={cs}\\n\"\n");
            assert!(read_str(&text).0.is_some(), "{cs}");
        }
    }

    #[test]
    fn another_charset_is_refused() {
        let text = "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n";
        let (d, problems) = read_str(text);
        assert!(d.is_none());
        assert!(problems[0].1.contains("charset ISO-8859-1"), "{problems:?}");
    }

    #[test]
    fn msgstr_braces() {
        assert_eq!(
            pieces("a {\"{\"}b{\"}\"} { $n } { \"x\" }").unwrap(),
            vec![
                Piece::Text("a {b} ".into()),
                Piece::Placeable("{ $n }".into()),
                Piece::Text(" x".into()),
            ]
        );
        for bad in ["a } b", "a { b", "{ \"x }", "{ 1 + 2 }", "{}"] {
            assert!(pieces(bad).is_err(), "{bad}");
        }
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("{".to_owned()),
                Just("}".to_owned()),
                Just("\"".to_owned()),
                Just("\\".to_owned()),
                Just("\n".to_owned()),
                Just("\r\n".to_owned()),
                Just("#".to_owned()),
                Just("msgstr ".to_owned()),
                "[\\u{1}-\\u{1f}]",
                "[a-z 错误码。]{1,6}",
            ],
            1..8,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        /// Any text, as source and as translation, reads back exactly.
        #[test]
        fn any_text_reads_back(source in text_strategy(), target in text_strategy(),
                               placeable in prop::option::of(Just("{ $x }".to_owned()))) {
            let mut t = vec![Piece::Text(target)];
            if let Some(p) = placeable {
                t.push(Piece::Placeable(p));
            }
            let t = normalize_pieces(&t);
            let d = doc(vec![Unit {
                terms: Vec::new(),
                suggestions: Vec::new(),
                id: "error-1".into(),
                name: None,
                notes: vec![],
                segments: vec![seg(VALUE, State::Final, &source, Some(t))],
                at: 0..0,
            }]);
            let text = write(&d);
            let (back, problems) = read_str(&text);
            prop_assert!(problems.is_empty(), "{:?}\n{}", problems, text);
            prop_assert_eq!(back.unwrap().without_positions(), expected(&d));
        }

        /// No input makes the reader panic.
        #[test]
        fn any_input_is_read_or_refused(text in "(msgctxt|msgid|msgstr|#[,.|~:]?| |\"|\\\\|[a-z{}]|\n|\r){0,40}") {
            let _ = read_str(&text);
        }
    }
}
