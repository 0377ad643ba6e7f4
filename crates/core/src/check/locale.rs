//! Checks of a locale's Fluent files against the source messages.

use std::ops::Range;
use std::sync::Arc;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::catalog::SourceMessage;
use crate::diag::{line_col, Diagnostic, FileId, LineIndex};
use crate::ftl;
use crate::ftl::escape::comment_value;
use crate::ftl::{FtlFile, Item, ItemKind, MessageEntry, SyntaxError};

use crate::qa::{Qa, QaFile, Rules, Translated};
use crate::registry as checks;
use crate::registry::Check;
pub use crate::standing::{
    source_index, standing, state, Coverage, Lookup, SourceIndex, Standing, State,
};

/// Syntax errors and duplicate ids: the checks every `.ftl` file gets.
pub fn syntax(tag: &str, file: FileId, ftl: &FtlFile) -> Vec<Diagnostic> {
    syntax_with(tag, file, ftl, None)
}

/// [`syntax`] of a file whose ids are mostly those of the source messages
/// (a translated catalog): ids found with the source's index are told
/// apart by position, not hashed.
pub fn syntax_with(
    tag: &str,
    file: FileId,
    ftl: &FtlFile,
    source: Option<(&[SourceMessage], &SourceIndex)>,
) -> Vec<Diagnostic> {
    let mut check = FileCheck::new(tag, file, &ftl.text, source, false);
    check.feed(&ftl.items, &ftl.errors);
    check.finish().syntax
}

/// The checks of one Fluent file, fed its items in file order: a run at a
/// time, as [`parse_runs`](crate::ftl::parse_runs) reads them, so
/// that a large catalog is checked without holding all its entries, or all
/// at once from a parsed [`FtlFile`]. It makes the checks every file gets
/// ([`syntax`]) and, for a translated catalog, the comparison with the
/// source messages ([`translated`]), in one pass.
pub struct FileCheck<'a> {
    /// The locale's tag, shared by its findings.
    tag: Arc<str>,
    file: FileId,
    /// The file's text, which the items' positions index.
    text: &'a str,
    /// Line starts of `text`, built for the first diagnostic that needs
    /// a line number.
    lines: std::cell::OnceCell<LineIndex>,
    /// The source messages, their index and a lookup in it, when the file
    /// is a translated catalog.
    source: Option<(&'a [SourceMessage], &'a SourceIndex, Lookup<'a>)>,
    /// Compare the messages with the source messages.
    compare: bool,
    /// The obsolete section has begun.
    in_obsolete: bool,
    /// Syntax errors, in file order.
    errors: Vec<Diagnostic>,
    /// Terms the file defines.
    terms: HashSet<String>,
    /// The messages that nest or refer to something, and the terms, for
    /// the depth of their references (checked once every entry is known),
    /// with a message's id span.
    reach: Vec<ftl::Reach<'static>>,
    reach_spans: Vec<Option<Range<usize>>>,
    /// Each use of a term, in file order: the term, the id and the id's
    /// span of the message that uses it (checked once every term is known).
    term_uses: Vec<(String, &'a str, Range<usize>)>,
    /// Where each source message's id is first defined (`NONE`: not yet).
    first_known: Vec<usize>,
    /// Where each other id is first defined.
    first: HashMap<&'a str, usize>,
    duplicates: Vec<Diagnostic>,
    /// For each source message: the end of its live message (the first
    /// definition outside the obsolete section), or `NONE`.
    live_end: Vec<usize>,
    /// For each source message: the obsolete section keeps one.
    kept_obsolete: Vec<bool>,
    /// Ids of the file the source does not have, reported once each.
    extra_seen: HashSet<&'a str>,
    /// Where the first message outside the obsolete section starts.
    first_live: Option<usize>,
    compared: Vec<Diagnostic>,
    /// The room `compared` is given before the first entries come.
    room: usize,
    /// The checks whose findings are not made: allowed, or only counted.
    unmade: Unmade,
    /// The translation QA checks, when asked for ([`FileCheck::qa`]).
    qa: Option<QaFile<'a>>,
    /// Which of them the configuration allows, found on the first message.
    qa_enabled: std::cell::OnceCell<crate::qa::Enabled>,
}

/// The checks whose findings a [`FileCheck`] does not make: those the
/// project allows (a catalog without source records would otherwise make
/// one per entry, to drop them later), and those its caller only counts.
#[derive(Debug, Default)]
struct Unmade {
    allowed: Vec<&'static str>,
    /// Each counted check, and how many findings it had.
    counted: Vec<(&'static Check, usize)>,
}

impl Unmade {
    /// True when a finding of `check` is to be made; counts it when it is
    /// only counted.
    fn wants(&mut self, check: &'static Check) -> bool {
        if self.allowed.contains(&check.name) {
            return false;
        }
        match self
            .counted
            .iter_mut()
            .find(|(c, _)| std::ptr::eq(*c, check))
        {
            Some((_, n)) => {
                *n += 1;
                false
            }
            None => true,
        }
    }
}

/// What a [`FileCheck`] found.
#[derive(Debug, Default)]
pub struct FileFindings {
    /// Syntax errors, unknown terms, duplicate ids ([`syntax`]).
    pub syntax: Vec<Diagnostic>,
    /// The comparison with the source messages ([`translated`]).
    pub compared: Vec<Diagnostic>,
    /// The findings of each check asked to be only counted
    /// ([`FileCheck::counting`]).
    pub counted: Vec<(&'static Check, usize)>,
}

/// An unset position.
const NONE: usize = usize::MAX;

impl<'a> FileCheck<'a> {
    /// A check of the file whose text is `text`. With `source`, ids found
    /// in the source's index are told apart by position; with `compare`
    /// too, the messages are compared with the source messages.
    pub fn new(
        tag: &'a str,
        file: FileId,
        text: &'a str,
        source: Option<(&'a [SourceMessage], &'a SourceIndex)>,
        compare: bool,
    ) -> Self {
        let known = source.map_or(0, |(m, _)| m.len());
        let compared = if compare && source.is_some() {
            known
        } else {
            0
        };
        FileCheck {
            tag: Arc::from(tag),
            file,
            text,
            lines: std::cell::OnceCell::new(),
            source: source.map(|(messages, index)| (messages, index, index.lookup(messages))),
            compare: compare && source.is_some(),
            in_obsolete: false,
            errors: Vec::new(),
            terms: HashSet::default(),
            reach: Vec::new(),
            reach_spans: Vec::new(),
            term_uses: Vec::new(),
            first_known: vec![NONE; known],
            first: HashMap::default(),
            duplicates: Vec::new(),
            live_end: vec![NONE; compared],
            kept_obsolete: vec![false; compared],
            extra_seen: HashSet::default(),
            first_live: None,
            compared: Vec::new(),
            // Room for a finding per source message (as a catalog without
            // source records or one a release made stale has) and as many
            // again for the entries the source does not have: reserved, not
            // touched, so a catalog with few findings costs no memory for
            // it, and one with a finding per message neither copies them
            // as the list grows nor has the system clear each new larger
            // list's pages.
            room: 2 * compared,
            unmade: Unmade::default(),
            qa: None,
            qa_enabled: std::cell::OnceCell::new(),
        }
    }

    /// Also runs the translation QA checks ([`crate::qa`]) on the messages
    /// compared with the source, with the rules of the locale.
    pub fn qa(mut self, qa: &'a Qa, rules: Rules) -> Self {
        if self.compare {
            self.qa = Some(QaFile::new(qa, rules, &self.tag));
        }
        self
    }

    /// Makes no finding of the checks named in `allowed` (those the
    /// project's configuration sets to `allow`).
    pub fn allowing(mut self, allowed: Vec<&'static str>) -> Self {
        self.unmade.allowed = allowed;
        self
    }

    /// Counts the findings of `checks` rather than making them (a build
    /// that shows what is incomplete with a mark needs only how many).
    pub fn counting(mut self, checks: &[&'static Check]) -> Self {
        self.unmade.counted = checks.iter().map(|&c| (c, 0)).collect();
        self
    }

    /// Collects the findings of the comparison into `list` (emptied first),
    /// the list of a file checked before: a list of a finding per message
    /// is tens of megabytes, whose pages the system would otherwise clear
    /// again for every file.
    pub fn reusing(mut self, mut list: Vec<Diagnostic>) -> Self {
        list.clear();
        self.compared = list;
        self
    }

    /// The line of a byte offset of the file.
    fn line(&self, at: usize) -> usize {
        self.lines
            .get_or_init(|| LineIndex::new(self.text))
            .line(at)
    }

    /// Checks the next items of the file and the syntax errors among them.
    pub fn feed(&mut self, items: &[Item], errors: &[SyntaxError]) {
        if self.compared.capacity() < self.room {
            self.compared.reserve(self.room);
        }
        for e in errors {
            self.syntax_error(e);
        }
        for item in items {
            match &item.kind {
                ItemKind::Message(m) => self.message(item, m),
                ItemKind::Term(t) => {
                    self.terms.insert(t.name.clone());
                    let reach =
                        ftl::Reach::new(true, &t.name, (t.depth, t.refs.placeables), Some(&t.refs));
                    self.reach.push(reach.into_owned());
                    self.reach_spans.push(None);
                }
                ItemKind::GroupComment { obsolete: true } => self.in_obsolete = true,
                _ => {}
            }
        }
    }

    fn syntax_error(&mut self, e: &SyntaxError) {
        let junk_line = self.line(e.junk.start);
        let junk_end = self.line(e.junk.end.saturating_sub(1).max(e.junk.start));
        let mut d = Diagnostic::new(
            &checks::SYNTAX_ERROR,
            format!("Fluent syntax error: {}", e.message),
        )
        .at(self.file, e.pos.clone())
        .locale(self.tag.clone());
        d = if junk_end > junk_line {
            d.note(format!(
                "lines {junk_line}–{junk_end} cannot be read and are kept as Junk"
            ))
        } else {
            d.note(format!(
                "line {junk_line} cannot be read and is kept as Junk"
            ))
        };
        self.errors
            .push(d.help("fix the syntax; errbook will not rewrite this file until it parses"));
    }

    fn message(&mut self, item: &Item, e: &MessageEntry) {
        let id: &'a str = self.text.get(e.id_span.clone()).unwrap_or("");
        let refers = e
            .refs
            .as_ref()
            .filter(|r| !r.references.is_empty() || !r.terms.is_empty());
        if refers.is_some() || e.depth > 0 {
            let reach = ftl::Reach::new(
                false,
                id,
                (usize::from(e.depth), usize::from(e.placeables)),
                refers.map(|r| &**r),
            );
            self.reach.push(reach.into_owned());
            self.reach_spans.push(Some(e.id_span.clone()));
        }
        for t in e.terms() {
            self.term_uses.push((t.clone(), id, e.id_span.clone()));
        }
        // Where the id is first defined: by source position for the ids of
        // the source, by id for the others.
        let si = self
            .source
            .as_ref()
            .and_then(|(_, _, lookup)| lookup.get(id));
        let seen = match si {
            Some(si) => {
                let at = self.first_known[si];
                if at == NONE {
                    self.first_known[si] = e.id_span.start;
                    None
                } else {
                    Some(at)
                }
            }
            None => match self.first.get(id) {
                Some(&at) => Some(at),
                None => {
                    self.first.insert(id, e.id_span.start);
                    None
                }
            },
        };
        if let Some(at) = seen {
            let d = Diagnostic::new(
                &checks::DUPLICATE_ID,
                format!("message `{id}` is defined twice"),
            )
            .at(self.file, e.id_span.clone())
            .locale(self.tag.clone())
            .note(format!("first defined at line {}", self.line(at)))
            .help("Fluent uses the first definition; merge the two and delete one");
            self.duplicates.push(d);
        }
        if self.compare {
            if !self.in_obsolete && self.first_live.is_none() {
                self.first_live = Some(item.range.start);
            }
            self.compare(item, e, id, si);
        }
    }

    /// Compares a message with its source message.
    fn compare(&mut self, item: &Item, e: &MessageEntry, id: &'a str, si: Option<usize>) {
        let Some((messages, _, _)) = self.source else {
            return;
        };
        let (tag, file) = (&self.tag, self.file);
        let unmade = &mut self.unmade;
        let mut wants = |c: &'static Check| unmade.wants(c);
        let out = &mut self.compared;
        let at = e.id_span.clone();
        let Some(si) = si else {
            if !self.extra_seen.insert(id) {
                return; // a duplicate: reported as such
            }
            out.push(if self.in_obsolete {
                Diagnostic::new(
                    &checks::OBSOLETE,
                    format!("`{id}` is kept for a code the source no longer has"),
                )
                .at(file, at)
                .locale(tag.clone())
                .help("delete it when it is no longer needed")
            } else {
                Diagnostic::new(
                    &checks::EXTRA_MESSAGE,
                    format!("`{id}` is not a message of the source"),
                )
                .at(file, at)
                .locale(tag.clone())
                .help("run `errbook sync` to move it to the obsolete section, or fix the id")
            });
            return;
        };
        if self.in_obsolete {
            // Reported as missing, with a note.
            self.kept_obsolete[si] = true;
            return;
        }
        if self.live_end[si] != NONE {
            return; // a duplicate: reported as such
        }
        self.live_end[si] = item.range.end;
        let m = &messages[si];
        if e.empty_value || (e.has_hint && e.empty_hint) {
            out.push(
                Diagnostic::new(&checks::EMPTY_VALUE, format!("`{id}` has no text"))
                    .at(file, at.clone())
                    .locale(tag.clone())
                    .help(format!("translate: {}", comment_value(&m.value))),
            );
        }
        let st = state(e, m);
        match st {
            State::Untranslated if wants(&checks::UNTRANSLATED) => {
                let what = if e.meta().untranslated {
                    ""
                } else {
                    "the hint of "
                };
                out.push(
                    Diagnostic::new(
                        &checks::UNTRANSLATED,
                        format!("{what}`{id}` is not translated yet"),
                    )
                    .at(file, at.clone())
                    .locale(tag.clone())
                    .note(format!("source: {}", comment_value(&m.value)))
                    .help("translate it, then delete the `# untranslated` line above it"),
                );
            }
            State::Unrecorded if wants(&checks::NO_SOURCE_RECORD) => out.push(
                Diagnostic::new(
                    &checks::NO_SOURCE_RECORD,
                    format!("`{id}` does not record the source text it was translated from"),
                )
                .at(file, at.clone())
                .locale(tag.clone())
                .help("run `errbook sync`: it records the source and marks the entry for review"),
            ),
            State::Stale if wants(&checks::STALE) => {
                let mut d = Diagnostic::new(
                    &checks::STALE,
                    format!("`{id}` was translated from an older source text"),
                )
                .at(file, at.clone())
                .locale(tag.clone());
                let meta = e.meta();
                let was = meta.stale_was.or(meta.source.filter(|s| *s != &*m.value));
                if let Some(was) = was {
                    d = d.note(format!("source was: {}", comment_value(was)));
                }
                d = d.note(format!("source now: {}", comment_value(&m.value)));
                if meta.is_marked_stale() {
                    d = d.help("update the translation, then delete the `# stale` line above it");
                } else {
                    d = d.help("run `errbook sync` to mark it, then update the translation");
                }
                out.push(d);
            }
            _ => {}
        }
        if let Some(from) = e.meta().review.filter(|_| wants(&checks::NEEDS_REVIEW)) {
            let mut d = Diagnostic::new(
                &checks::NEEDS_REVIEW,
                format!("`{id}` is marked for review"),
            )
            .at(file, at.clone())
            .locale(tag.clone());
            if !from.trim().is_empty() {
                d = d.note(format!("translation {}", from.trim()));
            }
            out.push(
                d.note(format!("source: {}", comment_value(&m.value)))
                    .help("check the translation against the source, then delete the `# review:` line above it"),
            );
        }
        if m.hint.is_some() && !e.has_hint && wants(&checks::MISSING_HINT) {
            out.push(
                Diagnostic::new(&checks::MISSING_HINT, format!("`{id}` has no `.hint` attribute"))
                    .at(file, at.clone())
                    .locale(tag.clone())
                    .help("add `.hint = …` with the translation of the source hint, or run `errbook sync`"),
            );
        }
        for v in e.variables() {
            out.push(
                Diagnostic::new(
                    &checks::VARIABLE_MISMATCH,
                    format!(
                        "`{id}` uses the variable `${v}`, which the source message does not have"
                    ),
                )
                .at(file, at.clone())
                .locale(tag.clone())
                .help("the app never passes it; write the text instead"),
            );
        }
        for r in e.references() {
            out.push(
                Diagnostic::new(
                    &checks::REFERENCE_MISMATCH,
                    format!(
                        "`{id}` references the message `{r}`, which the source message does not"
                    ),
                )
                .at(file, at.clone())
                .locale(tag.clone())
                .help("write the text instead, or use a term (`{ -name }`)"),
            );
        }
        if self.qa.is_some()
            && matches!(st, State::Current | State::Unrecorded | State::Untranslated)
        {
            self.quality(e, id, si);
        }
    }

    /// The translation QA checks of a message that is translated (its hint
    /// may not be) and current, or whose source is not recorded.
    fn quality(&mut self, e: &MessageEntry, id: &'a str, si: usize) {
        let (Some(qa), Some((messages, _, _))) = (self.qa.as_mut(), self.source.as_ref()) else {
            return;
        };
        let meta = e.meta();
        if meta.untranslated {
            return;
        }
        let enabled = *self
            .qa_enabled
            .get_or_init(|| crate::qa::Enabled::all_but(&self.unmade.allowed));
        if enabled.none() {
            return;
        }
        let (accepted, unknown) = crate::qa::accept_lines(meta.notes);
        if let Some(line) = unknown.filter(|_| {
            !self
                .unmade
                .allowed
                .contains(&checks::QA_ACCEPT_UNKNOWN.name)
        }) {
            let word = line
                .trim_start()
                .strip_prefix(crate::qa::ACCEPT)
                .unwrap_or("")
                .split([',', ' '])
                .find(|w| !w.is_empty())
                .unwrap_or("");
            let what = if word.is_empty() {
                format!("`{id}`: a `# qa-accept:` line names no check")
            } else {
                format!("`{id}`: `# qa-accept:` names `{word}`, which is not a check it can accept")
            };
            let names: Vec<&str> = crate::qa::CHECKS.iter().map(|c| c.name).collect();
            self.compared.push(
                Diagnostic::new(&checks::QA_ACCEPT_UNKNOWN, what)
                    .at(self.file, e.id_span.clone())
                    .locale(self.tag.clone())
                    .note(format!("it can name: {}", names.join(", ")))
                    .help("write `# qa-accept: <check> <reason>` with one of these checks, or delete the line"),
            );
        }
        let wants =
            |c: &'static Check| enabled.has(c) && !accepted.iter().any(|a| std::ptr::eq(*a, c));
        let (lines, text) = (&self.lines, self.text);
        let line = |at: usize| lines.get_or_init(|| LineIndex::new(text)).line(at);
        let t = Translated {
            index: si,
            id,
            value: e.value_text(),
            hint: e.hint_text().filter(|_| !meta.untranslated_hint),
            line: &line,
            at: e.id_span.clone(),
        };
        let (tag, file, out) = (&self.tag, self.file, &mut self.compared);
        qa.message(&messages[si], &t, &wants, &mut |f| {
            let base = if f.hint {
                e.hint_span()
            } else {
                e.value_span()
            };
            // A fix replaces a place of the text as the file writes it.
            let (at, fix) = match (f.span, base) {
                (Some(r), Some(b)) => (b.start + r.start..b.start + r.end, f.fix),
                (None, Some(b)) if !std::ptr::eq(f.check, &checks::QA_INCONSISTENT) => (b, None),
                _ => (e.id_span.clone(), None),
            };
            let mut d = Diagnostic::new(f.check, f.message)
                .at(file, at)
                .locale(tag.clone())
                .fix(fix);
            for n in f.notes {
                d = d.note(n);
            }
            out.push(d.help(f.help));
        });
    }

    /// What the file holds, once every item has been fed.
    pub fn finish(mut self) -> FileFindings {
        let mut syntax = std::mem::take(&mut self.errors);
        // A carriage return that ends no line (no line feed after it) is a
        // line end to Fluent but not to errbook's reading of the file's
        // layout: sync refuses such a file, so check says so too.
        let bytes = self.text.as_bytes();
        if let Some(at) =
            memchr::memchr_iter(b'\r', bytes).find(|&i| bytes.get(i + 1) != Some(&b'\n'))
        {
            syntax.push(
                Diagnostic::new(
                    &checks::SYNTAX_ERROR,
                    "a carriage return without a line feed: errbook cannot tell for sure where each entry ends, and sync will not edit this file",
                )
                .at(self.file, at..at + 1)
                .locale(self.tag.clone())
                .help("save the file with LF or CRLF line endings"),
            );
        }
        let many = |r: &ftl::Reach<'_>| r.placeables > ftl::MAX_PLACEABLES;
        if self.reach.iter().any(|r| !r.targets.is_empty() || many(r)) {
            let deep = ftl::too_deep_by_reference(&self.reach);
            let flagged = (self.reach.iter().zip(&self.reach_spans).zip(deep))
                .filter_map(|((r, span), d)| Some((r, span.clone().filter(|_| d)?)));
            for (r, span) in flagged {
                syntax.push(
                    Diagnostic::new(
                        &checks::FORMAT_LIMITS,
                        format!(
                            "`{}` cannot be formatted safely: with the terms and messages it refers to, its placeables nest more than {} deep or number more than {}, or its references lead back to it",
                            r.name,
                            ftl::MAX_NESTING,
                            ftl::MAX_PLACEABLES,
                        ),
                    )
                    .at(self.file, span)
                    .locale(self.tag.clone())
                    .help("use fewer placeables and fewer levels of terms and messages, or write the text instead"),
                );
            }
        }
        for (t, id, span) in std::mem::take(&mut self.term_uses) {
            if self.terms.contains(&t) {
                continue;
            }
            syntax.push(
                Diagnostic::new(
                    &checks::UNKNOWN_TERM,
                    format!("`{id}` uses the term `-{t}`, which this file does not define"),
                )
                .at(self.file, span)
                .locale(self.tag.clone())
                .help(format!(
                    "define it (`-{t} = …`) in this file, or write the text instead"
                )),
            );
        }
        syntax.append(&mut self.duplicates);
        if let Some(qa) = self.qa.take() {
            for open in qa.finish() {
                self.compared.push(
                    Diagnostic::new(
                        &checks::QA_PUNCTUATION,
                        format!(
                            "{} does not end with sentence-final punctuation, as most of the locale's error messages do",
                            open.id
                        ),
                    )
                    .at(self.file, open.at)
                    .locale(self.tag.clone())
                    .help("end it as the others end, or say why in `# qa-accept: qa-punctuation <reason>`"),
                );
            }
        }
        let mut compared = std::mem::take(&mut self.compared);
        // (The rare findings not already left unmade.)
        let unmade = &mut self.unmade;
        if !unmade.allowed.is_empty() || !unmade.counted.is_empty() {
            compared.retain(|d| unmade.wants(d.check));
            syntax.retain(|d| checks::is_fatal(d.check) || unmade.wants(d.check));
        }
        if let (true, Some((messages, index, _))) = (self.compare, &self.source) {
            // Missing messages point where sync would insert them.
            let mut insert_at = self.first_live.unwrap_or(self.text.len());
            for (si, m) in messages.iter().enumerate() {
                if self.live_end[si] != NONE {
                    insert_at = self.live_end[si];
                    continue;
                }
                if index.first_of(messages, si) != si {
                    continue; // a second source message with this id: the source reports it
                }
                if !unmade.wants(&checks::MISSING_MESSAGE) {
                    continue;
                }
                let what = match m.code.as_ref() {
                    Some(c) => format!("no message for code `{c}` (`{}`)", m.id),
                    None => format!("no message `{}`", m.id),
                };
                let mut d = Diagnostic::new(&checks::MISSING_MESSAGE, what)
                    .at(self.file, insert_at..insert_at)
                    .locale(self.tag.clone())
                    .note(format!("source: {}", comment_value(&m.value)));
                if self.kept_obsolete[si] {
                    d = d.note("it is in the obsolete section; `errbook sync` moves it back");
                }
                compared.push(
                    d.help("run `errbook sync` to add it marked untranslated, then translate it"),
                );
            }
        }
        FileFindings {
            syntax,
            compared,
            counted: std::mem::take(&mut self.unmade.counted),
        }
    }
}

/// Compares a translated locale's catalog file with the source messages.
pub fn translated(
    tag: &str,
    file: FileId,
    ftl: &FtlFile,
    messages: &[SourceMessage],
) -> Vec<Diagnostic> {
    translated_with(tag, file, ftl, messages, &source_index(messages))
}

/// [`translated`] with the source's index built once for every locale.
pub fn translated_with(
    tag: &str,
    file: FileId,
    ftl: &FtlFile,
    messages: &[SourceMessage],
    index: &SourceIndex,
) -> Vec<Diagnostic> {
    let mut check = FileCheck::new(tag, file, &ftl.text, Some((messages, index)), true);
    check.feed(&ftl.items, &ftl.errors);
    check.finish().compared
}

/// Every finding of a translated file, its syntax (Junk, duplicates,
/// unknown terms) and its comparison with the source, as `errbook check`
/// reports them.
pub fn translated_all(
    tag: &str,
    file: FileId,
    ftl: &FtlFile,
    messages: &[SourceMessage],
) -> Vec<Diagnostic> {
    let index = source_index(messages);
    let mut check = FileCheck::new(tag, file, &ftl.text, Some((messages, &index)), true);
    check.feed(&ftl.items, &ftl.errors);
    let mut found = check.finish();
    found.syntax.append(&mut found.compared);
    found.syntax
}

/// Compares the source locale's file with the text the source generates.
pub fn source_locale(tag: &str, file: FileId, actual: &str, expected: &str) -> Option<Diagnostic> {
    if actual == expected {
        return None;
    }
    let at = actual
        .bytes()
        .zip(expected.bytes())
        .position(|(a, b)| a != b)
        .unwrap_or(actual.len().min(expected.len()));
    // `at` is a byte offset, possibly inside a multi-byte character (`，`
    // and `：` share their first two bytes): the line's start is found
    // among the bytes, where a line feed is always a whole character.
    let at = memchr::memrchr(b'\n', &actual.as_bytes()[..at]).map_or(0, |i| i + 1);
    let (line, _) = line_col(expected, at);
    let expected_line = expected[at..].lines().next().unwrap_or("");
    let mut d = Diagnostic::new(
        &checks::SOURCE_LOCALE_OUTDATED,
        "the source locale's file is out of date with the source table",
    )
    .at(file, at..at)
    .locale(tag);
    d = if expected_line.is_empty() {
        d.note(format!(
            "the generated file has {} lines here",
            expected.lines().count()
        ))
    } else {
        d.note(format!("line {line} should be: {expected_line}"))
    };
    Some(d.help("run `errbook sync` to regenerate it; do not edit it by hand"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::SourceMessage;

    fn source(ids: &[&str]) -> Vec<SourceMessage> {
        ids.iter()
            .map(|id| SourceMessage::plain(id, "文"))
            .collect()
    }

    fn duplicates(d: &[Diagnostic]) -> Vec<(String, Vec<String>)> {
        d.iter()
            .filter(|d| d.check.name == checks::DUPLICATE_ID.name)
            .map(|d| (d.message.clone(), d.notes.clone()))
            .collect()
    }

    /// Counting a check's findings gives as many as making them would, and
    /// leaves every other finding as it was.
    #[test]
    fn counted_findings_are_the_findings_not_made() {
        let text = "# untranslated\na = 文\n\n# stale\n# source: 旧\nb = B\n\nc = C\n\n\
                    # untranslated\nd = 文\n    .hint = 文\n\nx = 1\n\nbad = {\n";
        let ftl = FtlFile::parse(text);
        let file = crate::diag::Files::new().add("errors.ftl", text);
        let mut messages = source(&["a", "b", "c", "d", "e"]);
        messages[2].hint = Some("提示".into());
        let index = source_index(&messages);
        let counting: &[&'static Check] = &[
            &checks::UNTRANSLATED,
            &checks::STALE,
            &checks::MISSING_MESSAGE,
            &checks::MISSING_HINT,
            &checks::NO_SOURCE_RECORD,
        ];
        let check = |counted: &[&'static Check]| {
            let mut c = FileCheck::new(
                "de-DE",
                file,
                &ftl.text,
                Some((&messages[..], &index)),
                true,
            )
            .counting(counted);
            c.feed(&ftl.items, &ftl.errors);
            c.finish()
        };
        let made = check(&[]);
        let counted = check(counting);
        let all: Vec<&Diagnostic> = made.syntax.iter().chain(&made.compared).collect();
        for (c, n) in &counted.counted {
            let expected = all.iter().filter(|d| std::ptr::eq(d.check, *c)).count();
            assert_eq!(*n, expected, "{}", c.name);
        }
        // Each counted check has a finding here, so the test counts something.
        assert!(
            counted.counted.iter().all(|(_, n)| *n > 0),
            "{:?}",
            counted.counted
        );
        let rest = |f: &FileFindings| {
            f.syntax
                .iter()
                .chain(&f.compared)
                .filter(|d| !counting.iter().any(|c| std::ptr::eq(*c, d.check)))
                .map(|d| format!("{d:?}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(rest(&made), rest(&counted));
        assert!(!rest(&counted).is_empty());
        assert!(counted
            .syntax
            .iter()
            .chain(&counted.compared)
            .all(|d| !counting.iter().any(|c| std::ptr::eq(*c, d.check))));
    }

    /// A file checked as it is parsed, a run at a time, gets the same
    /// findings as the file parsed whole: duplicates across runs, a term
    /// defined after its use, the obsolete section, Junk, extra and
    /// missing messages.
    #[test]
    fn a_file_checked_run_by_run_reads_as_the_whole_file() {
        let text = "-t = T\n\na = { -t } { -u } { -z }\n\n# source: 文\nb = B\n\nb = again\n\nx = 1\n\n\
                    bad = {\n\nc = C\n\ne = { $v }\n\n## Obsolete\n\nd = D\n\na = old\n\ny = Y\n\n-u = U\n";
        let ftl = FtlFile::parse(text);
        assert!(!ftl.errors.is_empty());
        let file = crate::diag::Files::new().add("errors.ftl", text);
        let shared = std::sync::Arc::new(text.to_owned());
        let messages = source(&["a", "b", "c", "d", "e"]);
        let index = source_index(&messages);
        let render = |f: &FileFindings| format!("{:#?}\n{:#?}", f.syntax, f.compared);
        for (src, compare) in [
            (None, false),
            (Some((&messages[..], &index)), false),
            (Some((&messages[..], &index)), true),
        ] {
            let mut whole = FileCheck::new("de-DE", file, &ftl.text, src, compare);
            whole.feed(&ftl.items, &ftl.errors);
            let whole = whole.finish();
            assert!(!whole.syntax.is_empty());
            assert_eq!(whole.compared.is_empty(), !compare);
            for chunk in [1, 7, 64, usize::MAX] {
                let mut runs = FileCheck::new("de-DE", file, &shared, src, compare);
                crate::ftl::parse_runs_in_chunks(&shared, chunk, |run| {
                    runs.feed(&run.items, &run.errors)
                });
                assert_eq!(render(&whole), render(&runs.finish()), "chunks of {chunk}");
            }
        }
    }

    /// Duplicates found by source position read as those found by id:
    /// known and unknown ids, out of order, in the obsolete section, and
    /// a source that itself repeats an id.
    #[test]
    fn duplicates_by_source_position_match_duplicates_by_id() {
        let text =
            "b = 1\na = 2\nx = 3\nb = 4\nx = 5\nc = 6\n\n## Obsolete\n\na = 7\ny = 8\ny = 9\n";
        let ftl = FtlFile::parse(text);
        let file = crate::diag::Files::new().add("errors.ftl", text);
        for ids in [&["a", "b", "c"][..], &["c", "b"], &["a", "a", "b"], &[]] {
            let messages = source(ids);
            let index = source_index(&messages);
            let by_id = syntax("de-DE", file, &ftl);
            let by_position = syntax_with("de-DE", file, &ftl, Some((&messages, &index)));
            let found = duplicates(&by_position);
            assert_eq!(found, duplicates(&by_id), "{ids:?}");
            let named: Vec<&str> = found.iter().map(|(m, _)| m.as_str()).collect();
            assert_eq!(
                named,
                [
                    "message `b` is defined twice",
                    "message `x` is defined twice",
                    "message `a` is defined twice",
                    "message `y` is defined twice",
                ],
                "{ids:?}"
            );
        }
    }
}
