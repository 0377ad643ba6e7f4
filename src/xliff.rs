//! XLIFF 2.0 (OASIS, `urn:oasis:names:tc:xliff:document:2.0`), the exchange
//! format of `errbook export` and `errbook import`.
//!
//! This module knows the format only: a [`Document`] of units, each with a
//! `value` segment and, for a message with a hint, a `hint` segment, written
//! with quick-xml and read back with the byte range of every unit and
//! segment, for diagnostics. What a unit means for a locale file is decided
//! by [`crate::exchange`].
//!
//! Text is written so that any reader gets it back exactly: `&`, `<` and `>`
//! are escaped, a carriage return is written `&#13;` (XML would turn a raw
//! one into a line feed), and a character XML 1.0 cannot hold (a control
//! character) becomes XLIFF's `<cp hex="…"/>`. A Fluent placeable of a
//! translation (`{ -brand }`) becomes a `<ph/>` placeholder whose Fluent
//! source is kept in the unit's `<originalData>`, as XLIFF intends for
//! native codes.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::name::{QName, ResolveResult};
use quick_xml::NsReader;

use crate::diag::{Diagnostic, FileId};
use crate::ftl::escape::{normalize_pieces, Piece};
use crate::ftl::lowercase_first;
use crate::registry as checks;

/// The XLIFF 2.0 core namespace.
pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// The id of the segment that holds a message's value.
pub const VALUE: &str = "value";
/// The id of the segment that holds a message's `.hint`.
pub const HINT: &str = "hint";

/// A segment's state (XLIFF 2.0 `state`; `initial` when absent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    /// Not translated yet (the target, if any, is not a translation).
    Initial,
    /// Translated.
    Translated,
    /// Translated and reviewed.
    Reviewed,
    /// Done.
    Final,
}

impl State {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Initial => "initial",
            State::Translated => "translated",
            State::Reviewed => "reviewed",
            State::Final => "final",
        }
    }

    fn parse(s: &str) -> Option<State> {
        [
            State::Initial,
            State::Translated,
            State::Reviewed,
            State::Final,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }
}

/// A `<note>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// Its `category`.
    pub category: String,
    /// Its text.
    pub text: String,
}

/// A `<segment>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Its id: [`VALUE`] or [`HINT`].
    pub id: String,
    /// Its state.
    pub state: State,
    /// Its `subState` (`errbook:stale`).
    pub sub_state: Option<String>,
    /// The source text.
    pub source: Vec<Piece>,
    /// The target, when present.
    pub target: Option<Vec<Piece>>,
    /// The source text the target was translated from, when it is not the
    /// current one and the locale file records it (a stale translation).
    /// PO writes it as the previous msgid; XLIFF has no place for it.
    pub previous: Option<String>,
    /// Where `<source>` is in the file read (empty for a built document).
    pub source_at: Range<usize>,
    /// Where `<target>` is in the file read (empty when there is none).
    pub target_at: Range<usize>,
}

/// A term of the project's term base that a unit's source has, with the
/// locale's approved translations (XLIFF's glossary module).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlossEntry {
    /// The source term.
    pub term: String,
    /// Its approved translations in the locale.
    pub translations: Vec<String>,
    /// What it means (the term base's notes).
    pub definition: Option<String>,
}

/// A translation suggested for a segment (XLIFF's translation candidates
/// module): another message's translation of the same source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The segment it is for: [`VALUE`] or [`HINT`].
    pub segment: String,
    /// The suggested text.
    pub target: String,
    /// Where it comes from, in words.
    pub origin: String,
}

/// The namespace of XLIFF 2's glossary module.
pub const GLOSSARY_NAMESPACE: &str = "urn:oasis:names:tc:xliff:glossary:2.0";
/// The namespace of XLIFF 2's translation candidates module.
pub const MATCHES_NAMESPACE: &str = "urn:oasis:names:tc:xliff:matches:2.0";

/// A `<unit>`: one message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Its id: the Fluent message id.
    pub id: String,
    /// Its `name` (the error code, for error messages).
    pub name: Option<String>,
    /// Its notes.
    pub notes: Vec<Note>,
    /// Its segments, in order.
    pub segments: Vec<Segment>,
    /// The term base's terms in its source (written, not read back).
    pub terms: Vec<GlossEntry>,
    /// Suggested translations (written, not read back).
    pub suggestions: Vec<Suggestion>,
    /// Where its start tag is in the file read (empty for a built document).
    pub at: Range<usize>,
}

impl Unit {
    /// The segment of that id.
    pub fn segment(&self, id: &str) -> Option<&Segment> {
        self.segments.iter().find(|s| s.id == id)
    }
}

/// An XLIFF document with one `<file>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// `srcLang`.
    pub src_lang: String,
    /// `trgLang`.
    pub trg_lang: Option<String>,
    /// The `<file>`'s `original`: the locale file the units come from.
    pub original: Option<String>,
    /// The units, in order.
    pub units: Vec<Unit>,
    /// Where the root element's start tag is in the file read.
    pub at: Range<usize>,
}

impl Document {
    /// The document without the positions a read one has, to compare it
    /// with a built one (tests and fuzzing).
    #[doc(hidden)]
    pub fn without_positions(mut self) -> Document {
        self.at = 0..0;
        for u in &mut self.units {
            u.at = 0..0;
            for s in &mut u.segments {
                s.source_at = 0..0;
                s.target_at = 0..0;
            }
        }
        self
    }
}

// ---------------------------------------------------------------- writing

/// True for a character XML 1.0 cannot hold, even as a reference.
fn invalid_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// `s` with each character XML cannot hold replaced by U+FFFD, for the
/// places that cannot hold `<cp/>` (attributes, notes).
fn valid_xml(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(invalid_in_xml) {
        s.chars()
            .map(|c| if invalid_in_xml(c) { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// An attribute value, escaped: quick-xml escapes markup, quotes and the
/// carriage return; a tab and a line feed become references too, or XML
/// would read them as spaces.
fn attr_value(s: &str) -> String {
    quick_xml::escape::escape(valid_xml(s).as_ref())
        .replace('\t', "&#9;")
        .replace('\n', "&#10;")
}

/// Escaped element text. Quotes need no escaping in text, so they stay
/// readable; quick-xml writes a carriage return as a reference.
fn text_value(s: &str) -> String {
    quick_xml::escape::partial_escape(valid_xml(s).as_ref()).into_owned()
}

fn start<'a>(name: &'a str, attrs: &[(&'a str, String)]) -> BytesStart<'a> {
    let mut e = BytesStart::new(name);
    for (k, v) in attrs {
        e.push_attribute(Attribute {
            key: QName(k),
            value: attr_value(v).into(),
        });
    }
    e
}

/// The writer, with the indentation done by hand: quick-xml's own would
/// indent inside `<source>` and `<target>` too, where blanks are content.
struct Out {
    w: quick_xml::Writer<Vec<u8>>,
}

impl Out {
    fn raw(&mut self, s: &str) {
        // Writing into a Vec cannot fail.
        let _ = self.w.write_event(Event::Text(BytesText::from_escaped(s)));
    }

    fn line(&mut self, depth: usize) {
        self.raw(&format!("\n{}", "  ".repeat(depth)));
    }

    fn open(&mut self, depth: usize, name: &str, attrs: &[(&str, String)]) {
        self.line(depth);
        let _ = self.w.write_event(Event::Start(start(name, attrs)));
    }

    fn close(&mut self, depth: Option<usize>, name: &str) {
        if let Some(d) = depth {
            self.line(d);
        }
        let _ = self
            .w
            .write_event(Event::End(quick_xml::events::BytesEnd::new(name)));
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, String)]) {
        let _ = self.w.write_event(Event::Empty(start(name, attrs)));
    }

    /// Text with `<cp/>` for the characters XML cannot hold.
    fn cp_text(&mut self, s: &str) {
        let mut run = String::new();
        for c in s.chars() {
            if invalid_in_xml(c) {
                if !run.is_empty() {
                    self.raw(&text_value(&run));
                    run.clear();
                }
                self.empty("cp", &[("hex", format!("{:04X}", c as u32))]);
            } else {
                run.push(c);
            }
        }
        if !run.is_empty() {
            self.raw(&text_value(&run));
        }
    }

    /// Inline content: text, and a `<ph/>` for each placeable, which refers
    /// to the `<data>` of the unit numbered by its place in `data`.
    fn content(&mut self, pieces: &[Piece], data: &[String], next_ph: &mut usize) {
        for p in pieces {
            match p {
                Piece::Text(t) => self.cp_text(t),
                Piece::Placeable(src) => {
                    let n = data.iter().position(|d| d == src).unwrap_or(0) + 1;
                    let data_ref = format!("d{n}");
                    *next_ph += 1;
                    self.empty(
                        "ph",
                        &[
                            ("id", next_ph.to_string()),
                            ("dataRef", data_ref),
                            ("disp", src.clone()),
                        ],
                    );
                }
            }
        }
    }
}

/// The document as XLIFF 2.0 text. Deterministic: the same document gives
/// the same bytes.
pub fn write(doc: &Document) -> String {
    let mut out = Out {
        w: quick_xml::Writer::new(Vec::new()),
    };
    out.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let mut root = vec![
        ("xmlns", NAMESPACE.to_owned()),
        ("version", "2.0".to_owned()),
        ("srcLang", doc.src_lang.clone()),
    ];
    if let Some(t) = &doc.trg_lang {
        root.push(("trgLang", t.clone()));
    }
    out.open(0, "xliff", &root);
    let mut file = vec![("id", "errors".to_owned())];
    if let Some(o) = &doc.original {
        file.push(("original", o.clone()));
    }
    // A unit's segments are two strings, not sentences of one text: no
    // tool may join or split them. Blanks in the text are content.
    file.push(("canResegment", "no".to_owned()));
    file.push(("xml:space", "preserve".to_owned()));
    out.open(1, "file", &file);
    for unit in &doc.units {
        let mut attrs = vec![("id", unit.id.clone())];
        if let Some(n) = &unit.name {
            attrs.push(("name", n.clone()));
        }
        out.open(2, "unit", &attrs);
        // Modules come first in a unit, before its notes.
        if !unit.suggestions.is_empty() {
            out.open(
                3,
                "mtc:matches",
                &[("xmlns:mtc", MATCHES_NAMESPACE.to_owned())],
            );
            for m in &unit.suggestions {
                let attrs = [
                    ("ref", format!("#{}", m.segment)),
                    ("type", "tm".to_owned()),
                    ("origin", m.origin.clone()),
                    ("similarity", "100".to_owned()),
                ];
                out.open(4, "mtc:match", &attrs);
                let source = unit
                    .segment(&m.segment)
                    .map(|s| {
                        s.source
                            .iter()
                            .map(|p| match p {
                                Piece::Text(t) | Piece::Placeable(t) => t.as_str(),
                            })
                            .collect::<String>()
                    })
                    .unwrap_or_default();
                out.open(5, "source", &[]);
                out.raw(&text_value(&source));
                out.close(None, "source");
                out.open(5, "target", &[]);
                out.raw(&text_value(&m.target));
                out.close(None, "target");
                out.close(Some(4), "mtc:match");
            }
            out.close(Some(3), "mtc:matches");
        }
        if !unit.terms.is_empty() {
            out.open(
                3,
                "gls:glossary",
                &[("xmlns:gls", GLOSSARY_NAMESPACE.to_owned())],
            );
            for g in &unit.terms {
                out.open(4, "gls:glossEntry", &[]);
                out.open(5, "gls:term", &[("source", "glossary.toml".to_owned())]);
                out.raw(&text_value(&g.term));
                out.close(None, "gls:term");
                for t in &g.translations {
                    out.open(5, "gls:translation", &[]);
                    out.raw(&text_value(t));
                    out.close(None, "gls:translation");
                }
                if let Some(d) = &g.definition {
                    out.open(5, "gls:definition", &[]);
                    out.raw(&text_value(d));
                    out.close(None, "gls:definition");
                }
                out.close(Some(4), "gls:glossEntry");
            }
            out.close(Some(3), "gls:glossary");
        }
        if !unit.notes.is_empty() {
            out.open(3, "notes", &[]);
            for n in &unit.notes {
                out.open(4, "note", &[("category", n.category.clone())]);
                out.raw(&text_value(&n.text));
                out.close(None, "note");
            }
            out.close(Some(3), "notes");
        }
        // Every distinct placeable once, in order of appearance.
        let mut data: Vec<String> = Vec::new();
        for s in &unit.segments {
            for p in s.source.iter().chain(s.target.iter().flatten()) {
                if let Piece::Placeable(src) = p {
                    if !data.contains(src) {
                        data.push(src.clone());
                    }
                }
            }
        }
        if !data.is_empty() {
            out.open(3, "originalData", &[]);
            for (i, src) in data.iter().enumerate() {
                out.open(4, "data", &[("id", format!("d{}", i + 1))]);
                out.cp_text(src);
                out.close(None, "data");
            }
            out.close(Some(3), "originalData");
        }
        let mut next_ph = 0;
        for s in &unit.segments {
            let mut attrs = vec![("id", s.id.clone()), ("state", s.state.as_str().to_owned())];
            if let Some(sub) = &s.sub_state {
                attrs.push(("subState", sub.clone()));
            }
            out.open(3, "segment", &attrs);
            out.open(4, "source", &[]);
            out.content(&s.source, &data, &mut next_ph);
            out.close(None, "source");
            if let Some(t) = &s.target {
                out.open(4, "target", &[]);
                out.content(t, &data, &mut next_ph);
                out.close(None, "target");
            }
            out.close(Some(3), "segment");
        }
        out.close(Some(2), "unit");
    }
    out.close(Some(1), "file");
    out.close(Some(0), "xliff");
    out.raw("\n");
    String::from_utf8(out.w.into_inner()).unwrap_or_default()
}

// ---------------------------------------------------------------- reading

/// Inline content as read, before placeholders are resolved.
enum Inline {
    Text(String),
    /// A `<ph dataRef=…/>`, with where it is.
    Ph(String, Range<usize>),
}

/// A segment as read.
struct RawSegment {
    id: Option<String>,
    state: State,
    sub_state: Option<String>,
    source: Option<Vec<Inline>>,
    target: Option<Vec<Inline>>,
    at: Range<usize>,
    source_at: Range<usize>,
    target_at: Range<usize>,
}

/// A malformed document: where, and what.
struct Malformed {
    at: Range<usize>,
    message: String,
    help: Option<String>,
}

type R<T> = Result<T, Malformed>;

fn malformed(at: Range<usize>, message: impl Into<String>) -> Malformed {
    Malformed {
        at,
        message: message.into(),
        help: None,
    }
}

impl Malformed {
    fn help(mut self, h: impl Into<String>) -> Malformed {
        self.help = Some(h.into());
        self
    }
}

struct Reader<'a> {
    r: NsReader<&'a [u8]>,
    /// Problems that do not stop reading (a unit errbook cannot use).
    problems: Vec<Malformed>,
}

/// One event, owned, with its namespace and position.
struct Ev {
    event: Event<'static>,
    /// True when the element is in the XLIFF namespace.
    ours: bool,
    at: Range<usize>,
}

impl Reader<'_> {
    fn next(&mut self) -> R<Ev> {
        let start = self.r.buffer_position() as usize;
        match self.r.read_resolved_event() {
            Ok((ns, event)) => {
                let ours = matches!(ns, ResolveResult::Bound(n) if n.as_ref() == NAMESPACE);
                let end = self.r.buffer_position() as usize;
                // quick-xml reads attributes lazily: check them all here.
                if let Event::Start(e) | Event::Empty(e) = &event {
                    if let Some(Err(err)) = e.attributes().find(Result::is_err) {
                        use quick_xml::events::attributes::AttrError::*;
                        // Positions count from the tag's name, after `<`.
                        let (ExpectedEq(p)
                        | ExpectedValue(p)
                        | UnquotedValue(p)
                        | ExpectedQuote(p, _)
                        | Duplicated(p, _)) = err;
                        let at = (start + 1 + p).min(end);
                        let text = err.to_string();
                        let what = text.split_once(": ").map_or(text.as_str(), |(_, w)| w);
                        return Err(malformed(at..at, format!("not well-formed XML: {what}")));
                    }
                }
                Ok(Ev {
                    event: event.into_owned(),
                    ours,
                    at: start..end,
                })
            }
            Err(e) => {
                let at = self.r.error_position() as usize;
                Err(malformed(
                    at..at,
                    format!("not well-formed XML: {}", lowercase_first(&e.to_string())),
                ))
            }
        }
    }

    /// Skips the rest of an element whose start tag was just read.
    fn skip(&mut self, e: &BytesStart<'_>) -> R<()> {
        let start = self.r.buffer_position() as usize;
        self.r.read_to_end(e.name()).map(|_| ()).map_err(|err| {
            let at = self.r.error_position() as usize;
            malformed(
                at.max(start)..at.max(start),
                format!("not well-formed XML: {}", lowercase_first(&err.to_string())),
            )
        })
    }

    /// Reads the children of an element until its end tag, calling `child`
    /// for each element of the XLIFF namespace; others are skipped, and so
    /// is text between elements.
    fn children(
        &mut self,
        mut child: impl FnMut(&mut Self, &BytesStart<'static>, bool, Range<usize>) -> R<()>,
    ) -> R<()> {
        loop {
            let ev = self.next()?;
            match ev.event {
                Event::Start(e) if ev.ours => child(self, &e, false, ev.at)?,
                Event::Empty(e) if ev.ours => child(self, &e, true, ev.at)?,
                Event::Start(e) => self.skip(&e)?,
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(malformed(ev.at, "the document ends inside an element")),
                _ => {}
            }
        }
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_owned()
}

/// Reads an XLIFF 2.0 document. `None`, with diagnostics of the check
/// [`checks::XLIFF_INVALID`], when the text is not one errbook can use.
/// Units with problems are reported and left out.
pub fn read(text: &str, file: FileId) -> (Option<Document>, Vec<Diagnostic>) {
    let mut reader = Reader {
        r: NsReader::from_str(text),
        problems: Vec::new(),
    };
    let doc = xml_chars(text).and_then(|()| read_document(&mut reader));
    let mut problems = reader.problems;
    let doc = match doc {
        Ok(d) => Some(d),
        Err(m) => {
            problems.push(m);
            None
        }
    };
    let diags = problems
        .into_iter()
        .map(|m| {
            let mut d = Diagnostic::new(&checks::XLIFF_INVALID, m.message).at(file, m.at);
            if let Some(h) = m.help {
                d = d.help(h);
            }
            d
        })
        .collect();
    (doc, diags)
}

/// XML 1.0 holds no control character but tab, line feed and carriage
/// return, raw or as a character reference (`&#0;`); quick-xml does not
/// check, so this does, as any XML parser would.
fn xml_chars(text: &str) -> R<()> {
    if let Some((at, c)) = text.char_indices().find(|(_, c)| invalid_in_xml(*c)) {
        return Err(malformed(
            at..at + c.len_utf8(),
            format!(
                "not well-formed XML: the character U+{:04X} is not allowed in XML 1.0",
                c as u32
            ),
        )
        .help("write it as <cp hex=\"…\"/> inside a source or target; elsewhere, remove it"));
    }
    let mut rest = text;
    let mut base = 0;
    while let Some(i) = rest.find("&#") {
        let at = base + i;
        let after = &rest[i + 2..];
        // Without its `;` it is no reference (the XML reader says so).
        let end = after.find(';').unwrap_or(0);
        let digits = &after[..end];
        let value = match digits.strip_prefix('x') {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => digits.parse().ok(),
        };
        if let Some(c) = value
            .and_then(char::from_u32)
            .filter(|c| invalid_in_xml(*c))
        {
            return Err(malformed(
                at..at + 2 + end + 1,
                format!(
                    "not well-formed XML: `&#{digits};` refers to U+{:04X}, which XML 1.0 does not allow",
                    c as u32
                ),
            )
            .help("write it as <cp hex=\"…\"/> inside a source or target; elsewhere, remove it"));
        }
        base = at + 2;
        rest = &text[base..];
    }
    Ok(())
}

fn read_document(rd: &mut Reader<'_>) -> R<Document> {
    // Up to the root element.
    let (root, at, empty, ours) = loop {
        let ev = rd.next()?;
        match ev.event {
            Event::Start(e) => break (e, ev.at, false, ev.ours),
            Event::Empty(e) => break (e, ev.at, true, ev.ours),
            Event::Eof => return Err(malformed(ev.at, "the file holds no XML element")),
            Event::Text(t) if !t.trim_start_matches('\u{feff}').trim().is_empty() => {
                return Err(malformed(
                    ev.at,
                    "not well-formed XML: text before the root element",
                ))
            }
            _ => {}
        }
    };
    if local(&root) != "xliff" || !ours {
        // The namespace as written, to say which it is.
        let prefix = root.name().prefix().map(|p| p.as_ref().to_owned());
        let ns = attr(
            &root,
            &prefix.map_or("xmlns".to_owned(), |p| format!("xmlns:{p}")),
        );
        let mut m = malformed(
            at.clone(),
            match (local(&root).as_str(), ns.as_deref()) {
                ("xliff", Some(ns)) if ns.contains("xliff:document:1") => {
                    "this is an XLIFF 1 document; errbook reads XLIFF 2.0".to_owned()
                }
                ("xliff", Some(ns)) => format!("unknown XLIFF namespace `{ns}`"),
                (name, _) => format!("the root element is <{name}>, not an XLIFF 2.0 <xliff>"),
            },
        );
        m.help = Some(format!(
            "errbook imports the XLIFF 2.0 files `errbook export` writes (namespace {NAMESPACE}); export as XLIFF 2.0 from your tool"
        ));
        return Err(m);
    }
    let version = attr(&root, "version").unwrap_or_default();
    if !(version == "2.0" || version == "2.1") {
        return Err(malformed(
            at,
            format!("XLIFF version `{version}`; errbook reads version 2.0 (or 2.1)"),
        ));
    }
    let Some(src_lang) = attr(&root, "srcLang") else {
        return Err(malformed(at, "<xliff> has no srcLang"));
    };
    let mut doc = Document {
        src_lang,
        trg_lang: attr(&root, "trgLang"),
        original: None,
        units: Vec::new(),
        at: at.clone(),
    };
    if empty {
        return Err(malformed(at, "the document has no <file>"));
    }
    let mut seen: HashSet<String> = HashSet::new();
    rd.children(|rd, e, empty, _| {
        if local(e) != "file" {
            return if empty { Ok(()) } else { rd.skip(e) };
        }
        if doc.original.is_none() {
            doc.original = attr(e, "original");
        }
        if empty {
            return Ok(());
        }
        read_container(rd, &mut doc.units, &mut seen)
    })?;
    Ok(doc)
}

/// Reads the units of a `<file>` or `<group>`.
fn read_container(rd: &mut Reader<'_>, units: &mut Vec<Unit>, seen: &mut HashSet<String>) -> R<()> {
    rd.children(|rd, e, empty, at| match local(e).as_str() {
        "group" if !empty => read_container(rd, units, seen),
        "unit" => {
            let Some(id) = attr(e, "id") else {
                rd.problems.push(malformed(at, "a <unit> without an id"));
                return if empty { Ok(()) } else { rd.skip(e) };
            };
            if !seen.insert(id.clone()) {
                rd.problems
                    .push(malformed(at.clone(), format!("unit `{id}` appears twice")));
                return if empty { Ok(()) } else { rd.skip(e) };
            }
            if empty {
                rd.problems
                    .push(malformed(at, format!("unit `{id}` has no segment")));
                return Ok(());
            }
            if let Some(u) = read_unit(rd, id, attr(e, "name"), at)? {
                units.push(u);
            }
            Ok(())
        }
        _ if empty => Ok(()),
        _ => rd.skip(e),
    })
}

fn read_unit(
    rd: &mut Reader<'_>,
    id: String,
    name: Option<String>,
    at: Range<usize>,
) -> R<Option<Unit>> {
    let mut notes = Vec::new();
    let mut data: BTreeMap<String, String> = BTreeMap::new();
    let mut raw: Vec<RawSegment> = Vec::new();
    rd.children(|rd, e, empty, seg_at| match (local(e).as_str(), empty) {
        ("notes", false) => rd.children(|rd, n, empty, _| {
            if local(n) != "note" || empty {
                return if empty { Ok(()) } else { rd.skip(n) };
            }
            let text = read_inline(rd)?
                .into_iter()
                .map(|i| match i {
                    Inline::Text(t) => t,
                    Inline::Ph(..) => String::new(),
                })
                .collect();
            notes.push(Note {
                category: attr(n, "category").unwrap_or_default(),
                text,
            });
            Ok(())
        }),
        ("originalData", false) => rd.children(|rd, d, empty, _| {
            let key = attr(d, "id").unwrap_or_default();
            let content = if empty {
                String::new()
            } else {
                read_inline(rd)?
                    .into_iter()
                    .map(|i| match i {
                        Inline::Text(t) => t,
                        Inline::Ph(..) => String::new(),
                    })
                    .collect()
            };
            data.insert(key, content);
            Ok(())
        }),
        ("segment", false) => {
            let mut s = RawSegment {
                id: attr(e, "id"),
                state: State::Initial,
                sub_state: attr(e, "subState"),
                source: None,
                target: None,
                at: seg_at.clone(),
                source_at: 0..0,
                target_at: 0..0,
            };
            if let Some(st) = attr(e, "state") {
                match State::parse(&st) {
                    Some(st) => s.state = st,
                    None => rd.problems.push(malformed(
                        seg_at.clone(),
                        format!("unknown segment state `{st}`"),
                    )),
                }
            }
            rd.children(|rd, c, empty, c_at| {
                let content = if empty { Vec::new() } else { read_inline(rd)? };
                match local(c).as_str() {
                    "source" => {
                        s.source = Some(content);
                        s.source_at = c_at;
                    }
                    "target" => {
                        s.target = Some(content);
                        s.target_at = c_at;
                    }
                    _ => {}
                }
                Ok(())
            })?;
            raw.push(s);
            Ok(())
        }
        (_, true) => Ok(()),
        (_, false) => rd.skip(e),
    })?;

    let mut segments = Vec::with_capacity(raw.len());
    let mut ok = true;
    for s in raw {
        let seg_id = match s.id.as_deref() {
            Some(sid @ (VALUE | HINT)) => sid.to_owned(),
            other => {
                let mut m = malformed(
                    s.at.clone(),
                    format!(
                        "unit `{id}` has a segment {} that errbook did not write",
                        other.map_or("without an id".to_owned(), |o| format!("`{o}`"))
                    ),
                );
                m.help = Some("errbook writes a `value` and a `hint` segment per unit; keep the tool from splitting or joining segments, or export again".to_owned());
                rd.problems.push(m);
                ok = false;
                continue;
            }
        };
        let Some(source) = s.source else {
            rd.problems.push(malformed(
                s.at.clone(),
                format!("unit `{id}`: a segment without <source>"),
            ));
            ok = false;
            continue;
        };
        let source = resolve(source, &data, &id, &mut rd.problems);
        let target = s.target.map(|t| resolve(t, &data, &id, &mut rd.problems));
        let (Some(source), Some(target)) = (source, target.map_or(Some(None), |t| t.map(Some)))
        else {
            ok = false;
            continue;
        };
        segments.push(Segment {
            id: seg_id,
            state: s.state,
            sub_state: s.sub_state,
            source,
            target,
            previous: None,
            source_at: s.source_at,
            target_at: s.target_at,
        });
    }
    let mut seen = HashSet::new();
    for s in &segments {
        if !seen.insert(s.id.clone()) {
            rd.problems.push(malformed(
                s.source_at.clone(),
                format!("unit `{id}` has two `{}` segments", s.id),
            ));
            ok = false;
        }
    }
    if segments.iter().all(|s| s.id != VALUE) && ok {
        rd.problems.push(malformed(
            at.clone(),
            format!("unit `{id}` has no `value` segment"),
        ));
        ok = false;
    }
    Ok(ok.then_some(Unit {
        id,
        name,
        notes,
        segments,
        terms: Vec::new(),
        suggestions: Vec::new(),
        at,
    }))
}

/// Content with its placeholders replaced by the Fluent source they stand
/// for; `None` (with a problem) when one refers to no `<data>`.
fn resolve(
    pieces: Vec<Inline>,
    data: &BTreeMap<String, String>,
    unit: &str,
    problems: &mut Vec<Malformed>,
) -> Option<Vec<Piece>> {
    let mut out = Vec::with_capacity(pieces.len());
    for p in pieces {
        match p {
            Inline::Text(t) => out.push(Piece::Text(t)),
            Inline::Ph(key, at) => match data.get(&key) {
                Some(src) => out.push(Piece::Placeable(src.clone())),
                None => {
                    problems.push(malformed(
                        at,
                        format!("unit `{unit}`: a <ph> whose dataRef `{key}` is in no <data> of the unit"),
                    ));
                    return None;
                }
            },
        }
    }
    Some(normalize_pieces(&out))
}

/// Reads inline content up to the end tag of the element just opened:
/// text, character references, `<cp/>`, `<ph/>`, and the text inside
/// annotations (`<mrk>`, `<sm/>`, `<em/>`). Other inline codes were not
/// written by errbook and cannot be put back into Fluent.
fn read_inline(rd: &mut Reader<'_>) -> R<Vec<Inline>> {
    let mut out: Vec<Inline> = Vec::new();
    let mut text = String::new();
    let mut depth = 0usize;
    loop {
        let ev = rd.next()?;
        match ev.event {
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => quick_xml::escape::resolve_xml_entity(&r).map(str::to_owned),
                    Err(_) => None,
                };
                match c {
                    Some(c) => text.push_str(&c),
                    None => {
                        return Err(malformed(
                            ev.at,
                            format!("unknown entity or character reference `&{};`", &*r),
                        ))
                    }
                }
            }
            Event::Start(e) if !ev.ours => rd.skip(&e)?,
            Event::Empty(_) if !ev.ours => {}
            Event::Empty(e) => match local(&e).as_str() {
                "cp" => {
                    let c = attr(&e, "hex")
                        .and_then(|h| u32::from_str_radix(&h, 16).ok())
                        .and_then(char::from_u32);
                    match c {
                        Some(c) => text.push(c),
                        None => {
                            return Err(malformed(ev.at, "a <cp> whose hex is not a character"))
                        }
                    }
                }
                "ph" => {
                    out.push(Inline::Text(std::mem::take(&mut text)));
                    out.push(Inline::Ph(attr(&e, "dataRef").unwrap_or_default(), ev.at));
                }
                "sm" | "em" => {}
                other => return Err(unsupported(other, ev.at)),
            },
            Event::Start(e) => match local(&e).as_str() {
                "mrk" => depth += 1,
                "ph" => {
                    out.push(Inline::Text(std::mem::take(&mut text)));
                    out.push(Inline::Ph(attr(&e, "dataRef").unwrap_or_default(), ev.at));
                    rd.skip(&e)?;
                }
                other => return Err(unsupported(other, ev.at)),
            },
            Event::End(_) if depth > 0 => depth -= 1,
            Event::End(_) => break,
            Event::Eof => return Err(malformed(ev.at, "the document ends inside an element")),
            _ => {}
        }
    }
    out.push(Inline::Text(text));
    Ok(out)
}

fn unsupported(name: &str, at: Range<usize>) -> Malformed {
    Malformed {
        at,
        message: format!("an inline code <{name}> that errbook did not write"),
        help: Some(
            "errbook's messages are plain text with `<ph/>` for Fluent placeables; remove the code, or export again"
                .to_owned(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Files;
    use proptest::prelude::*;

    fn text(t: &str) -> Vec<Piece> {
        vec![Piece::Text(t.to_owned())]
    }

    fn unit(id: &str, target: Vec<Piece>) -> Unit {
        Unit {
            id: id.to_owned(),
            name: Some("1001".to_owned()),
            terms: Vec::new(),
            suggestions: Vec::new(),
            notes: vec![Note {
                category: "translator".to_owned(),
                text: "a & b < c \"q\" 'a'\n\u{1}line".to_owned(),
            }],
            segments: vec![
                Segment {
                    id: VALUE.to_owned(),
                    state: State::Translated,
                    sub_state: Some("errbook:stale".to_owned()),
                    source: text("参数 {x} & <y>"),
                    target: Some(target),
                    previous: None,
                    source_at: 0..0,
                    target_at: 0..0,
                },
                Segment {
                    id: HINT.to_owned(),
                    state: State::Initial,
                    sub_state: None,
                    source: text("提示"),
                    target: None,
                    previous: None,
                    source_at: 0..0,
                    target_at: 0..0,
                },
            ],
            at: 0..0,
        }
    }

    fn doc(units: Vec<Unit>) -> Document {
        Document {
            src_lang: "zh-CN".to_owned(),
            trg_lang: Some("ja-JP".to_owned()),
            original: Some("locales/ja-JP/errors.ftl".to_owned()),
            units,
            at: 0..0,
        }
    }

    fn read_str(s: &str) -> (Option<Document>, Vec<String>) {
        let mut files = Files::new();
        let f = files.add("t.xlf", s);
        let (d, diags) = read(s, f);
        (d, diags.into_iter().map(|d| d.message).collect())
    }

    /// The document read back, without the positions a built one lacks.
    fn round_trip(d: &Document) -> Document {
        let written = write(d);
        let (read, problems) = read_str(&written);
        assert!(problems.is_empty(), "{problems:?}\n{written}");
        read.unwrap().without_positions()
    }

    #[test]
    fn characters_xml_does_not_allow_are_refused_raw_or_referenced() {
        let d = doc(vec![unit("error-1", text("x"))]);
        let written = write(&d);
        for (bad, what) in [
            ("category=\"translator\"", "category=\"trans\u{0}lator\""),
            ("<source>参数", "<source>参&#1;数"),
            ("<source>参数", "<source>参&#x1F;数"),
        ] {
            let broken = written.replacen(bad, what, 1);
            assert_ne!(broken, written);
            let (read, problems) = read_str(&broken);
            assert!(read.is_none(), "{what}");
            assert!(
                problems[0].contains("not allowed in XML 1.0")
                    || problems[0].contains("does not allow"),
                "{problems:?}"
            );
        }
        // Tab, line feed and carriage return are allowed.
        let (read, problems) =
            read_str(&written.replacen("<source>参数", "<source>参&#9;&#10;&#13;数", 1));
        assert!(read.is_some() && problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn what_is_written_reads_back() {
        let target = vec![
            Piece::Text("  lead, \"quotes\" & <tags> ]]> \t\r\n\u{7}\u{1f}x".to_owned()),
            Piece::Placeable("{ -brand }".to_owned()),
            Piece::Text("\ntrail  ".to_owned()),
            Piece::Placeable("{ -brand }".to_owned()),
            Piece::Placeable("{ NUMBER(5) }".to_owned()),
        ];
        let mut d = doc(vec![unit("error-1001", target)]);
        // Notes cannot hold `<cp/>`: the control character becomes U+FFFD.
        let mut expected = d.clone();
        expected.units[0].notes[0].text = "a & b < c \"q\" 'a'\n\u{FFFD}line".to_owned();
        assert_eq!(round_trip(&d), expected);
        let written = write(&d);
        assert!(
            written.contains("<cp hex=\"0007\"/><cp hex=\"001F\"/>"),
            "{written}"
        );
        assert!(written.contains("&#13;"), "{written}");
        assert_eq!(written.matches("<data ").count(), 2, "{written}");
        assert!(!written.chars().any(|c| invalid_in_xml(c) || c == '\r'));
        d.units.clear();
        assert_eq!(round_trip(&d), d);
    }

    #[test]
    fn what_tools_add_is_read_through() {
        let s = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0" version="2.1" srcLang="zh-CN" trgLang="ja-JP">
 <file id="f1">
  <mda:metadata><mda:metaGroup><mda:meta type="x">y</mda:meta></mda:metaGroup></mda:metadata>
  <group id="g">
   <unit id="a">
    <segment id="value" state="reviewed"><source>一</source><target><mrk id="m1" type="term">Term</mrk> and <![CDATA[<raw> & ]]>&amp;&#x41;&lt;<sm id="s"/>x<em startRef="s"/></target></segment>
    <ignorable><source> </source></ignorable>
   </unit>
  </group>
 </file>
</xliff>
"#;
        let (d, problems) = read_str(s);
        assert!(problems.is_empty(), "{problems:?}");
        let d = d.unwrap();
        assert_eq!(d.units.len(), 1);
        let seg = d.units[0].segment(VALUE).unwrap();
        assert_eq!(seg.state, State::Reviewed);
        assert_eq!(seg.target, Some(text("Term and <raw> & &A<x")));
    }

    #[test]
    fn what_errbook_did_not_write_is_refused() {
        let wrap = |units: &str| {
            format!(
                r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN"><file id="f">{units}</file></xliff>"#
            )
        };
        for (units, problem) in [
            (
                r#"<unit id="a"><segment id="value"><source>x</source></segment></unit><unit id="a"><segment id="value"><source>y</source></segment></unit>"#,
                "unit `a` appears twice",
            ),
            (
                r#"<unit><segment id="value"><source>x</source></segment></unit>"#,
                "a <unit> without an id",
            ),
            (
                r#"<unit id="a"><segment id="s1"><source>x</source></segment></unit>"#,
                "unit `a` has a segment `s1` that errbook did not write",
            ),
            (
                r#"<unit id="a"><segment id="hint"><source>x</source></segment></unit>"#,
                "unit `a` has no `value` segment",
            ),
            (
                r#"<unit id="a"><segment id="value"><source>x <ph id="1" dataRef="d9"/></source></segment></unit>"#,
                "unit `a`: a <ph> whose dataRef `d9` is in no <data> of the unit",
            ),
            (
                r#"<unit id="a"><segment id="value" state="done"><source>x</source></segment></unit>"#,
                "unknown segment state `done`",
            ),
        ] {
            let (_, problems) = read_str(&wrap(units));
            assert_eq!(problems, [problem], "{units}");
        }
        for (text, problem) in [
            ("", "the file holds no XML element"),
            (
                "<html/>",
                "the root element is <html>, not an XLIFF 2.0 <xliff>",
            ),
            (
                r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN"><file id="f"><unit id="a"><segment id="value"><source>x <pc id="1">y</pc></source></segment></unit></file></xliff>"#,
                "an inline code <pc> that errbook did not write",
            ),
            (
                r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN"><file id="f"><unit id="a"><segment id="value"><source>&nbsp;</source></segment></unit></file></xliff>"#,
                "unknown entity or character reference `&nbsp;`",
            ),
        ] {
            let (d, problems) = read_str(text);
            assert!(d.is_none());
            assert_eq!(problems, [problem], "{text}");
        }
    }

    #[test]
    fn a_prefixed_root_is_the_same_document() {
        let s = r#"<x:xliff xmlns:x="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN"><x:file id="f"><x:unit id="a"><x:segment id="value"><x:source>一</x:source></x:segment></x:unit></x:file></x:xliff>"#;
        let (d, problems) = read_str(s);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(d.unwrap().units[0].segments[0].source, text("一"));
        let (_, problems) =
            read_str(r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>"#);
        assert_eq!(
            problems,
            ["this is an XLIFF 1 document; errbook reads XLIFF 2.0"]
        );
    }

    #[test]
    fn positions_point_at_the_source() {
        let s = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"zh-CN\">\n<file id=\"f\">\n<unit id=\"a\">\n<segment id=\"value\">\n  <source>x</source>\n</segment></unit></file></xliff>";
        let (d, _) = read_str(s);
        let seg = &d.unwrap().units[0].segments[0];
        assert_eq!(&s[seg.source_at.clone()], "<source>");
    }

    proptest! {
        #[test]
        fn any_text_round_trips(t in "\\PC{0,30}|[\\x00-\\x20&<>\"'\\r\\n\\t\\u{FFFE}\\u{FFFF}\\]a-z]{0,20}") {
            let d = doc(vec![unit("a", text(&t))]);
            let got = round_trip(&d);
            let want = normalize_pieces(&text(&t));
            prop_assert_eq!(got.units[0].segments[0].target.clone(), Some(want));
        }
    }
}
