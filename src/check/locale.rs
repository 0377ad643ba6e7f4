//! Checks of a locale's Fluent files against the source messages.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::catalog::{MessageKind, SourceMessage};
use crate::diag::{line_col, Diagnostic, FileId, LineIndex};
use crate::locale::escape::comment_value;
use crate::locale::ftl::{FtlFile, MessageEntry};

use super::registry as checks;

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
    let mut out = Vec::new();
    // Only needed for a file with problems: building it costs a pass.
    let lines = std::cell::OnceCell::new();
    let lines = || lines.get_or_init(|| LineIndex::new(&ftl.text));
    for e in &ftl.errors {
        let junk_line = lines().line(e.junk.start);
        let junk_end = lines().line(e.junk.end.saturating_sub(1).max(e.junk.start));
        let mut d = Diagnostic::new(
            &checks::SYNTAX_ERROR,
            format!("Fluent syntax error: {}", e.message),
        )
        .at(file, e.pos.clone())
        .locale(tag);
        d = if junk_end > junk_line {
            d.note(format!(
                "lines {junk_line}–{junk_end} cannot be read and are kept as Junk"
            ))
        } else {
            d.note(format!(
                "line {junk_line} cannot be read and is kept as Junk"
            ))
        };
        out.push(d.help("fix the syntax; errbook will not rewrite this file until it parses"));
    }
    let terms: HashSet<&str> = ftl
        .items
        .iter()
        .filter_map(|i| match &i.kind {
            crate::locale::ftl::ItemKind::Term(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    for (_, m) in ftl.messages() {
        for t in m.terms().iter().filter(|t| !terms.contains(t.as_str())) {
            out.push(
                Diagnostic::new(
                    &checks::UNKNOWN_TERM,
                    format!(
                        "`{}` uses the term `-{t}`, which this file does not define",
                        m.id()
                    ),
                )
                .at(file, m.id_span.clone())
                .locale(tag)
                .help(format!(
                    "define it (`-{t} = …`) in this file, or write the text instead"
                )),
            );
        }
    }
    // Where each id is first defined: by source position for the ids of
    // the source, by id for the others.
    const NONE: usize = usize::MAX;
    let lookup = source.map(|(messages, index)| index.lookup(messages));
    let mut first_known = vec![NONE; source.map_or(0, |(m, _)| m.len())];
    let mut first: HashMap<&str, usize> = HashMap::with_capacity_and_hasher(
        if source.is_some() { 0 } else { ftl.items.len() },
        Default::default(),
    );
    for (_, m) in ftl.messages() {
        let seen = match lookup.as_ref().and_then(|l| l.get(m.id())) {
            Some(si) => {
                let at = first_known[si];
                if at == NONE {
                    first_known[si] = m.id_span.start;
                    None
                } else {
                    Some(at)
                }
            }
            None => match first.get(m.id()) {
                Some(&at) => Some(at),
                None => {
                    first.insert(m.id(), m.id_span.start);
                    None
                }
            },
        };
        if let Some(at) = seen {
            out.push(
                Diagnostic::new(
                    &checks::DUPLICATE_ID,
                    format!("message `{}` is defined twice", m.id()),
                )
                .at(file, m.id_span.clone())
                .locale(tag)
                .note(format!("first defined at line {}", lines().line(at)))
                .help("Fluent uses the first definition; merge the two and delete one"),
            );
        }
    }
    out
}

/// The translation state of one source message in a locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Translated from the current source text.
    Current,
    /// Marked `# untranslated` (value or hint).
    Untranslated,
    /// Translated from another source text, or marked stale.
    Stale,
    /// No `# source:` record: cannot tell.
    Unrecorded,
    /// Not in the live part of the file.
    Missing,
}

/// The state of a message that is present.
pub fn state(e: &MessageEntry, m: &SourceMessage) -> State {
    let meta = e.meta();
    if meta.untranslated || meta.untranslated_hint {
        State::Untranslated
    } else if meta.source.is_none() {
        State::Unrecorded
    } else if meta.is_marked_stale()
        || meta.source != Some(&*m.value)
        || meta.source_hint != m.hint.as_deref()
    {
        State::Stale
    } else {
        State::Current
    }
}

/// Counts of a locale's states, for `errbook stats`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    /// Codes in the source.
    pub total: usize,
    /// Translated from the current source text.
    pub translated: usize,
    /// Marked untranslated.
    pub untranslated: usize,
    /// Absent from the file.
    pub missing: usize,
    /// Translated from an older source text (or with no record of it).
    pub stale: usize,
    /// Kept in the obsolete section, or extra.
    pub obsolete: usize,
}

impl Coverage {
    /// Share of codes translated and current, in percent.
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            (self.translated as f64) * 100.0 / (self.total as f64)
        }
    }
}

/// Where each error code of the source stands in a translated file, and
/// what the file keeps that the source no longer has: the facts behind
/// [`coverage`], `errbook stats` and the status page.
#[derive(Debug)]
pub struct Standing<'a> {
    /// Every error code of the source, in source order, with its state and
    /// the file's live message for it (none when missing).
    pub codes: Vec<(&'a SourceMessage, State, Option<&'a MessageEntry>)>,
    /// Messages of the file whose id the source does not have (in the
    /// obsolete section or not), in file order.
    pub obsolete: Vec<&'a MessageEntry>,
}

impl Standing<'_> {
    /// The counts.
    pub fn coverage(&self) -> Coverage {
        let mut c = Coverage {
            total: self.codes.len(),
            obsolete: self.obsolete.len(),
            ..Coverage::default()
        };
        for (_, state, _) in &self.codes {
            match state {
                State::Current => c.translated += 1,
                State::Untranslated => c.untranslated += 1,
                State::Stale | State::Unrecorded => c.stale += 1,
                State::Missing => c.missing += 1,
            }
        }
        c
    }
}

/// The [`Standing`] of the error codes of `messages` (indexed by `index`)
/// in a translated file (every code missing when there is no file).
pub fn standing<'a>(
    ftl: Option<&'a FtlFile>,
    messages: &'a [SourceMessage],
    index: &SourceIndex,
) -> Standing<'a> {
    let mut live: Vec<Option<&MessageEntry>> = vec![None; messages.len()];
    let mut obsolete = Vec::new();
    if let Some(f) = ftl {
        let lookup = index.lookup(messages);
        for (i, e) in f.messages() {
            match lookup.get(e.id()) {
                None => obsolete.push(e),
                Some(si) => {
                    if !f.is_obsolete(i) && live[si].is_none() {
                        live[si] = Some(e);
                    }
                }
            }
        }
    }
    let codes = messages
        .iter()
        .zip(live)
        .filter(|(m, _)| m.kind == MessageKind::Error)
        .map(|(m, e)| (m, e.map_or(State::Missing, |e| state(e, m)), e))
        .collect();
    Standing { codes, obsolete }
}

/// Where each source message is in the source order, by id (the first,
/// should two share one): built once and shared by every locale's check,
/// standing and page.
#[derive(Debug, Default)]
pub struct SourceIndex {
    by_id: HashMap<Box<str>, usize>,
    /// No two source messages share an id.
    unique: bool,
}

impl SourceIndex {
    /// Where the first source message with the id of `messages[at]` is:
    /// `at` itself unless an earlier message has the same id.
    pub fn first_of(&self, at: usize, id: &str) -> usize {
        if self.unique {
            at
        } else {
            self.by_id.get(id).copied().unwrap_or(at)
        }
    }

    /// True when no two source messages share an id.
    pub fn is_unique(&self) -> bool {
        self.unique
    }

    /// A lookup for the ids of one file, in file order.
    pub fn lookup<'a>(&'a self, messages: &'a [SourceMessage]) -> Lookup<'a> {
        Lookup {
            index: self,
            messages,
            next: std::cell::Cell::new(0),
        }
    }
}

/// Looks up the ids of a file in a [`SourceIndex`], trying first the
/// source message after the one found last: sync writes messages in source
/// order, so in most files most ids need no hashing.
#[derive(Debug)]
pub struct Lookup<'a> {
    index: &'a SourceIndex,
    messages: &'a [SourceMessage],
    next: std::cell::Cell<usize>,
}

impl Lookup<'_> {
    /// The position of the (first) source message with this id.
    pub fn get(&self, id: &str) -> Option<usize> {
        let next = self.next.get();
        let at = match self.messages.get(next) {
            Some(m) if self.index.unique && m.id == id => next,
            _ => *self.index.by_id.get(id)?,
        };
        self.next.set(at + 1);
        Some(at)
    }
}

/// The [`SourceIndex`] of `messages`.
pub fn source_index(messages: &[SourceMessage]) -> SourceIndex {
    let mut by_id = HashMap::with_capacity_and_hasher(messages.len(), Default::default());
    for (i, m) in messages.iter().enumerate() {
        by_id.entry(m.id.as_str().into()).or_insert(i);
    }
    SourceIndex {
        unique: by_id.len() == messages.len(),
        by_id,
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
    let mut out = Vec::new();
    // For each source message: the item of its live message (the first
    // definition), and whether the obsolete section keeps one.
    const NONE: usize = usize::MAX;
    let mut live = vec![NONE; messages.len()];
    let mut kept_obsolete = vec![false; messages.len()];
    let mut extra_seen: HashSet<&str> = HashSet::default();
    let lookup = index.lookup(messages);
    for (i, e) in ftl.messages() {
        let at = e.id_span.clone();
        let Some(si) = lookup.get(e.id()) else {
            if !extra_seen.insert(e.id()) {
                continue; // a duplicate: `syntax` reports it
            }
            out.push(if ftl.is_obsolete(i) {
                Diagnostic::new(
                    &checks::OBSOLETE,
                    format!("`{}` is kept for a code the source no longer has", e.id()),
                )
                .at(file, at)
                .locale(tag)
                .help("delete it when it is no longer needed")
            } else {
                Diagnostic::new(
                    &checks::EXTRA_MESSAGE,
                    format!("`{}` is not a message of the source", e.id()),
                )
                .at(file, at)
                .locale(tag)
                .help("run `errbook sync` to move it to the obsolete section, or fix the id")
            });
            continue;
        };
        if ftl.is_obsolete(i) {
            // Reported as missing below, with a note.
            kept_obsolete[si] = true;
            continue;
        }
        if live[si] != NONE {
            continue; // a duplicate: `syntax` reports it
        }
        live[si] = i;
        let m = &messages[si];
        if e.empty_value || (e.has_hint && e.empty_hint) {
            out.push(
                Diagnostic::new(&checks::EMPTY_VALUE, format!("`{}` has no text", e.id()))
                    .at(file, at.clone())
                    .locale(tag)
                    .help(format!("translate: {}", comment_value(&m.value))),
            );
        }
        match state(e, m) {
            State::Untranslated => {
                let what = if e.meta().untranslated {
                    ""
                } else {
                    "the hint of "
                };
                out.push(
                    Diagnostic::new(
                        &checks::UNTRANSLATED,
                        format!("{what}`{}` is not translated yet", e.id()),
                    )
                    .at(file, at.clone())
                    .locale(tag)
                    .note(format!("source: {}", comment_value(&m.value)))
                    .help("translate it, then delete the `# untranslated` line above it"),
                );
            }
            State::Unrecorded => out.push(
                Diagnostic::new(
                    &checks::NO_SOURCE_RECORD,
                    format!(
                        "`{}` does not record the source text it was translated from",
                        e.id()
                    ),
                )
                .at(file, at.clone())
                .locale(tag)
                .help("run `errbook sync`: it records the source and marks the entry for review"),
            ),
            State::Stale => {
                let mut d = Diagnostic::new(
                    &checks::STALE,
                    format!("`{}` was translated from an older source text", e.id()),
                )
                .at(file, at.clone())
                .locale(tag);
                let meta = e.meta();
                let was = meta.stale_was.or(meta.source.filter(|s| *s != &*m.value));
                if let Some(was) = was {
                    d = d.note(format!("source was: {}", comment_value(was)));
                }
                d = d.note(format!("source now: {}", comment_value(&m.value)));
                if e.meta().is_marked_stale() {
                    d = d.help("update the translation, then delete the `# stale` line above it");
                } else {
                    d = d.help("run `errbook sync` to mark it, then update the translation");
                }
                out.push(d);
            }
            State::Current | State::Missing => {}
        }
        if m.hint.is_some() && !e.has_hint {
            out.push(
                Diagnostic::new(&checks::MISSING_HINT, format!("`{}` has no `.hint` attribute", e.id()))
                    .at(file, at.clone())
                    .locale(tag)
                    .help("add `.hint = …` with the translation of the source hint, or run `errbook sync`"),
            );
        }
        for v in e.variables() {
            out.push(
                Diagnostic::new(
                    &checks::VARIABLE_MISMATCH,
                    format!(
                        "`{}` uses the variable `${v}`, which the source message does not have",
                        e.id()
                    ),
                )
                .at(file, at.clone())
                .locale(tag)
                .help("the app never passes it; write the text instead"),
            );
        }
        for r in e.references() {
            out.push(
                Diagnostic::new(
                    &checks::REFERENCE_MISMATCH,
                    format!(
                        "`{}` references the message `{r}`, which the source message does not",
                        e.id()
                    ),
                )
                .at(file, at.clone())
                .locale(tag)
                .help("write the text instead, or use a term (`{ -name }`)"),
            );
        }
    }

    // Missing messages point where sync would insert them.
    let mut insert_at = ftl
        .messages()
        .find(|(i, _)| !ftl.is_obsolete(*i))
        .map_or(ftl.text.len(), |(i, _)| ftl.items[i].range.start);
    for (si, m) in messages.iter().enumerate() {
        if live[si] != NONE {
            insert_at = ftl.items[live[si]].range.end;
            continue;
        }
        if index.first_of(si, &m.id) != si {
            continue; // a second source message with this id: the source reports it
        }
        let what = match m.code.as_ref() {
            Some(c) => format!("no message for code `{c}` (`{}`)", m.id),
            None => format!("no message `{}`", m.id),
        };
        let mut d = Diagnostic::new(&checks::MISSING_MESSAGE, what)
            .at(file, insert_at..insert_at)
            .locale(tag)
            .note(format!("source: {}", comment_value(&m.value)));
        if kept_obsolete[si] {
            d = d.note("it is in the obsolete section; `errbook sync` moves it back");
        }
        out.push(d.help("run `errbook sync` to add it marked untranslated, then translate it"));
    }
    out
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
    let at = actual[..at].rfind('\n').map_or(0, |i| i + 1);
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

/// Compares a translated locale's file of site strings (`site.ftl`) with the
/// source locale's: every string present, no extra ones, the same
/// variables. (Site strings are written by hand in every locale, so there
/// is no `# source:` record and no staleness to track.)
pub fn site_strings(tag: &str, file: FileId, ftl: &FtlFile, source: &FtlFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let src: HashMap<&str, &MessageEntry> = source.messages().map(|(_, m)| (m.id(), m)).collect();
    let own = ftl.live();
    for (_, m) in ftl.messages() {
        match src.get(m.id()) {
            None => out.push(
                Diagnostic::new(
                    &checks::EXTRA_MESSAGE,
                    format!("`{}` is not a site string of the source locale", m.id()),
                )
                .at(file, m.id_span.clone())
                .locale(tag)
                .help("delete it, or fix its id"),
            ),
            Some(s) => {
                for v in m.variables().symmetric_difference(s.variables()) {
                    out.push(
                        Diagnostic::new(
                            &checks::VARIABLE_MISMATCH,
                            format!(
                                "`{}` {} the variable `${v}`, unlike the source",
                                m.id(),
                                if m.variables().contains(v) {
                                    "uses"
                                } else {
                                    "lacks"
                                }
                            ),
                        )
                        .at(file, m.id_span.clone())
                        .locale(tag)
                        .help("use the same variables as the source locale's site.ftl"),
                    );
                }
                if m.empty_value {
                    out.push(
                        Diagnostic::new(&checks::EMPTY_VALUE, format!("`{}` has no text", m.id()))
                            .at(file, m.id_span.clone())
                            .locale(tag),
                    );
                }
            }
        }
    }
    let end = ftl.text.len();
    for (_, s) in source.messages() {
        if !own.contains_key(s.id()) {
            out.push(
                Diagnostic::new(
                    &checks::MISSING_MESSAGE,
                    format!("no site string `{}`", s.id()),
                )
                .at(file, end..end)
                .locale(tag)
                .help("add it with the translation of the source locale's site.ftl"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{MessageKind, SourceMessage};

    fn source(ids: &[&str]) -> Vec<SourceMessage> {
        ids.iter()
            .map(|id| SourceMessage {
                id: (*id).to_owned(),
                value: "文".into(),
                hint: None,
                kind: MessageKind::Error,
                code: None,
                group: None,
                span: 0..0,
            })
            .collect()
    }

    fn duplicates(d: &[Diagnostic]) -> Vec<(String, Vec<String>)> {
        d.iter()
            .filter(|d| d.check.name == checks::DUPLICATE_ID.name)
            .map(|d| (d.message.clone(), d.notes.clone()))
            .collect()
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
