//! The XLIFF round trip of a translated locale, for translation agencies and
//! platforms that do not read Fluent.
//!
//! [`export`] turns the source messages and a locale's file into an XLIFF
//! [`Document`]: one unit per message, a `value` segment and, when the
//! source has a hint, a `hint` segment, each with the source text, the
//! current translation and its state (untranslated → `initial` without a
//! target, stale → `translated` with the `errbook:stale` sub-state and a
//! note, current → `final`).
//!
//! [`import`] merges a returned document back. It edits only the messages
//! whose translation changed (or whose stale translation a reviewer
//! confirmed), with sync's machinery, so every other byte of the file stays
//! as it was; the source text a translation was made from becomes the
//! recorded `# source:`, and the `# untranslated` and `# stale` markers of
//! what was translated go away. A unit whose source text is no longer the
//! table's is refused: the translation may not fit the new text.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::catalog::{MessageKind, SourceMessage};
use crate::diag::{Diagnostic, FileId};
use crate::registry as checks;

use crate::ftl::escape::{comment_value, entry_pieces, normalize_pieces, pieces_text, Piece};
use crate::ftl::{keys, FtlFile, MessageEntry, MessageParts};
use crate::locale::generate::MarkerLines;
use crate::locale::sync::{convert_newlines, edit_in_place, ensure_newline, Refusal};
use crate::xliff::{self, Document, Note, Segment, State, Unit};

/// The format of an exchange file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// XLIFF 2.0 ([`crate::xliff`]).
    Xliff,
    /// GNU gettext PO ([`crate::po`]).
    Po,
}

impl Format {
    /// The format's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Xliff => "XLIFF",
            Format::Po => "PO",
        }
    }

    /// Its value of `errbook export --format`.
    pub fn flag(self) -> &'static str {
        match self {
            Format::Xliff => "xliff",
            Format::Po => "po",
        }
    }

    /// What the format calls the part of a file that holds one message.
    fn unit(self) -> &'static str {
        match self {
            Format::Xliff => "unit",
            Format::Po => "entry",
        }
    }

    /// The file as text.
    pub fn write(self, doc: &Document) -> String {
        match self {
            Format::Xliff => xliff::write(doc),
            Format::Po => crate::po::write(doc),
        }
    }

    /// Reads a file of this format.
    pub fn read(self, text: &str, file: FileId) -> (Option<Document>, Vec<Diagnostic>) {
        match self {
            Format::Xliff => xliff::read(text, file),
            Format::Po => crate::po::read(text, file),
        }
    }

    /// The format of a file, from its name (`.po`, `.pot`; `.xlf`,
    /// `.xliff`, `.xml`) or else its first character (`<` for XML).
    pub fn detect(path: &std::path::Path, text: &str) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("po" | "pot") => Format::Po,
            Some("xlf" | "xliff" | "xml") => Format::Xliff,
            _ if text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('<') =>
            {
                Format::Xliff
            }
            _ => Format::Po,
        }
    }
}

/// The `subState` of a stale translation.
pub const STALE_SUBSTATE: &str = "errbook:stale";

/// The `subState` of a translation marked for review (`# review:`).
pub const REVIEW_SUBSTATE: &str = "errbook:review";

/// Where one part (value or hint) of a message stands in a locale.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    /// Absent (no message, or no `.hint`) or marked untranslated.
    Untranslated,
    /// Translated from another source text; the note says which.
    Stale(String),
    /// Translated from the current source text, marked for review (seeded
    /// from the page's English column); the note says where it came from.
    Review(String),
    /// Translated from the current source text.
    Current,
}

/// The state of a message's value in a locale.
fn value_part(e: &MessageEntry, m: &SourceMessage) -> Part {
    let meta = e.meta();
    if meta.untranslated {
        return Part::Untranslated;
    }
    if let Some(reason) = &meta.stale_reason {
        return Part::Stale(format!("{}{reason}", keys::STALE));
    }
    match (&meta.stale_was, &meta.source) {
        (Some(was), _) => Part::Stale(format!("{}{was}", keys::STALE_WAS)),
        (None, None) => Part::Stale(format!(
            "{}no source text was recorded for this translation",
            keys::STALE
        )),
        (None, Some(s)) if **s != *m.value => Part::Stale(format!("{}{s}", keys::STALE_WAS)),
        _ => match meta.review {
            Some(from) => Part::Review(format!("{}{from}", keys::REVIEW)),
            None => Part::Current,
        },
    }
}

/// The state of a message's `.hint` in a locale, when the source has one.
fn hint_part(e: &MessageEntry, m: &SourceMessage) -> Option<Part> {
    m.hint.as_ref()?;
    let meta = e.meta();
    Some(
        if !e.has_hint || meta.untranslated || meta.untranslated_hint {
            Part::Untranslated
        } else if let Some(reason) = &meta.stale_reason {
            Part::Stale(format!("{}{reason}", keys::STALE))
        } else if meta.source.is_none() {
            Part::Stale(format!(
                "{}no source text was recorded for this translation",
                keys::STALE
            ))
        } else if let Some(was) = &meta.stale_hint_was {
            Part::Stale(format!("{}{was}", keys::STALE_HINT_WAS))
        } else if meta.source_hint != m.hint.as_deref() {
            Part::Stale(format!(
                "{}{}",
                keys::STALE_HINT_WAS,
                meta.source_hint.unwrap_or("")
            ))
        } else {
            Part::Current
        },
    )
}

/// What a translator is told a message is, when it is not an error code.
fn context(kind: MessageKind) -> Option<&'static str> {
    match kind {
        MessageKind::Title => Some("the title of the error-code page"),
        MessageKind::Intro => Some("the introduction above the error-code tables"),
        MessageKind::Column => Some("a column header of the error-code tables"),
        MessageKind::Group => Some("a heading above a group of error codes"),
        MessageKind::Error => None,
    }
}

fn note(category: &str, text: impl Into<String>) -> Note {
    Note {
        category: category.to_owned(),
        text: text.into(),
    }
}

/// The source text a stale part was translated from, when the file records
/// one other than the current text (`now`).
fn previous(part: &Part, was: Option<&str>, recorded: Option<&str>, now: &str) -> Option<String> {
    if !matches!(part, Part::Stale(_)) {
        return None;
    }
    was.or(recorded).filter(|t| *t != now).map(str::to_owned)
}

fn segment(
    id: &str,
    source: &str,
    part: &Part,
    target: Option<Vec<Piece>>,
    previous: Option<String>,
) -> Segment {
    let (state, sub_state, target) = match (part, target) {
        (Part::Untranslated, _) | (_, None) => (State::Initial, None, None),
        (Part::Stale(_), t) => (State::Translated, Some(STALE_SUBSTATE.to_owned()), t),
        (Part::Review(_), t) => (State::Translated, Some(REVIEW_SUBSTATE.to_owned()), t),
        (Part::Current, t) => (State::Final, None, t),
    };
    Segment {
        id: id.to_owned(),
        state,
        sub_state,
        source: vec![Piece::Text(source.to_owned())],
        target,
        previous,
        source_at: 0..0,
        target_at: 0..0,
    }
}

/// What [`export`] needs besides the messages and the locale's file.
#[derive(Clone, Debug)]
pub struct ExportInfo {
    /// The source locale's tag (`srcLang`).
    pub source_locale: String,
    /// The locale's tag (`trgLang`).
    pub tag: String,
    /// The locale file, as shown to the translator (`original`).
    pub original: String,
    /// The project's term base: the terms of each unit's source go with
    /// it, with the locale's approved translations.
    pub glossary: Option<std::sync::Arc<crate::qa::Glossary>>,
}

/// The XLIFF document of a locale: every source message, in order, with the
/// locale's translation. `ftl` is the locale's file, `None` when it has none;
/// `location` gives a message's place in the source (`file:line`).
pub fn export(
    messages: &[SourceMessage],
    ftl: Option<&FtlFile>,
    info: &ExportInfo,
    location: impl Fn(&SourceMessage) -> Option<String>,
) -> Document {
    let entries = ftl.map(FtlFile::live).unwrap_or_default();
    let terms = info
        .glossary
        .as_deref()
        .map(|g| (g, g.for_locale(&info.tag)));
    // Suggestions for the untranslated messages: the translations of the
    // same source texts the file already has (as sync reuses them).
    let untranslated = |m: &SourceMessage| {
        entries
            .get(m.id.as_str())
            .is_none_or(|e| e.meta().untranslated)
    };
    let wanted = messages
        .iter()
        .filter(|m| untranslated(m))
        .map(|m| &*m.value)
        .collect();
    let by_id: std::collections::HashMap<&str, &SourceMessage> =
        messages.iter().map(|m| (m.id.as_str(), m)).collect();
    let offers = ftl.map(|f| {
        crate::locale::sync::Translations::of(f, &wanted, &|id| {
            by_id.get(id).map(|m| (&*m.value, m.hint.as_deref()))
        })
    });
    let mut units = Vec::with_capacity(messages.len());
    for m in messages {
        let mut notes = Vec::new();
        if let Some(l) = location(m) {
            notes.push(note("location", l));
        }
        if let Some(c) = context(m.kind) {
            notes.push(note("context", c));
        }
        if let Some(g) = &m.group {
            notes.push(note("group", &**g));
        }
        let e = entries.get(m.id.as_str()).copied();
        let parts: Option<MessageParts> = e.and_then(|e| ftl.and_then(|f| f.parts(e)));
        let (value, hint) = match e {
            Some(e) => (value_part(e, m), hint_part(e, m)),
            None => (
                Part::Untranslated,
                m.hint.as_ref().map(|_| Part::Untranslated),
            ),
        };
        for part in [Some(&value), hint.as_ref()].into_iter().flatten() {
            if let Part::Stale(n) | Part::Review(n) = part {
                notes.push(note("errbook", n.as_str()));
            }
        }
        if let Some(e) = e {
            let own: Vec<&str> = e.meta().notes.iter().map(String::as_str).collect();
            if own.iter().any(|n| !n.trim().is_empty()) {
                notes.push(note("translator", own.join("\n")));
            }
        }
        let meta = e.map(MessageEntry::meta);
        let mut segments = vec![segment(
            xliff::VALUE,
            &m.value,
            &value,
            parts.as_ref().and_then(|p| p.value.clone()),
            meta.as_ref()
                .and_then(|meta| previous(&value, meta.stale_was, meta.source, &m.value)),
        )];
        if let (Some(h), Some(part)) = (&m.hint, &hint) {
            segments.push(segment(
                xliff::HINT,
                h,
                part,
                parts.as_ref().and_then(|p| p.hint.clone()),
                meta.as_ref()
                    .and_then(|meta| previous(part, meta.stale_hint_was, meta.source_hint, h)),
            ));
        }
        let mut glossary: Vec<xliff::GlossEntry> = Vec::new();
        if let Some((g, lt)) = &terms {
            for text in [Some(&*m.value), m.hint.as_deref()].into_iter().flatten() {
                for t in g.terms_in(text) {
                    let Some(r) = g.rendering(lt, t) else {
                        continue;
                    };
                    let term = &g.terms()[t];
                    if glossary.iter().any(|e| e.term == term.source[0]) {
                        continue;
                    }
                    let definition = [term.note.as_deref(), r.note.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join("; ");
                    glossary.push(xliff::GlossEntry {
                        term: term.source[0].clone(),
                        translations: r.approved.clone(),
                        definition: (!definition.is_empty()).then_some(definition),
                    });
                }
            }
        }
        let mut suggestions = Vec::new();
        if let Some(offer) = offers
            .as_ref()
            .filter(|_| untranslated(m))
            .and_then(|o| o.of_source(m))
            .filter(|o| o.id != m.id)
        {
            suggestions.push(xliff::Suggestion {
                segment: xliff::VALUE.to_owned(),
                target: offer.value.to_owned(),
                origin: offer.from(),
            });
            if let (Some(h), true) = (offer.hint, m.hint.is_some()) {
                suggestions.push(xliff::Suggestion {
                    segment: xliff::HINT.to_owned(),
                    target: h.to_owned(),
                    origin: offer.from(),
                });
            }
        }
        units.push(Unit {
            id: m.id.clone(),
            name: m.code.as_ref().map(|c| c.as_str().to_owned()),
            notes,
            segments,
            terms: glossary,
            suggestions,
            at: 0..0,
        });
    }
    Document {
        src_lang: info.source_locale.clone(),
        trg_lang: Some(info.tag.clone()),
        original: Some(info.original.clone()),
        units,
        at: 0..0,
    }
}

/// What [`import`] did (or would do) to a locale file, by message id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportChanges {
    /// Messages that were untranslated (value or hint) and now are translated.
    pub translated: Vec<String>,
    /// Translations replaced by new ones.
    pub updated: Vec<String>,
    /// Stale translations a reviewer confirmed unchanged.
    pub confirmed: Vec<String>,
}

impl ImportChanges {
    /// True when nothing changes.
    pub fn is_empty(&self) -> bool {
        self.translated.is_empty() && self.updated.is_empty() && self.confirmed.is_empty()
    }

    /// A one-line summary, e.g. `2 translated, 1 updated`.
    pub fn summary(&self) -> String {
        crate::locale::sync::summary(&[
            (self.translated.len(), "translated"),
            (self.updated.len(), "updated"),
            (self.confirmed.len(), "confirmed by a reviewer"),
        ])
    }
}

/// The outcome of [`import`].
#[derive(Debug)]
pub struct Imported {
    /// The new text of the locale file (the old one when nothing changes).
    pub text: String,
    /// What changed.
    pub changes: ImportChanges,
    /// What the document and the locale file gave to report. The caller
    /// writes nothing when one of them is an error (at its configured level).
    pub diagnostics: Vec<Diagnostic>,
}

/// What to do with one part of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Action {
    /// Leave it.
    Keep,
    /// A reviewer confirmed the stale translation: clear the mark.
    Confirm,
    /// Replace the translation.
    Apply(Vec<Piece>),
}

impl Action {
    fn done(&self) -> bool {
        *self != Action::Keep
    }
}

/// What a target asks for, given the part's state and text in the file.
fn action(seg: &Segment, part: &Part, current: Option<&[Piece]>) -> Action {
    let Some(target) = &seg.target else {
        return Action::Keep;
    };
    let same = current.is_some_and(|c| normalize_pieces(c) == *target);
    match part {
        Part::Untranslated => Action::Apply(target.clone()),
        Part::Stale(_) | Part::Review(_) if same && seg.state >= State::Reviewed => Action::Confirm,
        _ if same => Action::Keep,
        _ => Action::Apply(target.clone()),
    }
}

/// True for a target that holds nothing to import.
fn blank(pieces: &[Piece]) -> bool {
    pieces.iter().all(|p| match p {
        Piece::Text(t) => t.trim().is_empty(),
        Piece::Placeable(_) => false,
    })
}

/// The plan for one message.
struct Plan<'a> {
    message: &'a SourceMessage,
    value: Action,
    hint: Action,
    /// Where the unit is in the XLIFF file, for problems found later.
    at: std::ops::Range<usize>,
}

/// What a unit asks for a message whose entry (and its parts) in the file is
/// `entry`; `None` when it asks nothing. Targets of `initial` segments are
/// reported when they differ from the file, and skipped.
fn plan<'a>(
    unit: &Unit,
    m: &'a SourceMessage,
    entry: Option<(&MessageEntry, Option<MessageParts>)>,
    (xliff_file, format): (FileId, Format),
    diags: &mut Vec<Diagnostic>,
) -> Option<Plan<'a>> {
    let (value_state, hint_state) = match &entry {
        Some((e, _)) => (value_part(e, m), hint_part(e, m)),
        None => (
            Part::Untranslated,
            m.hint.as_ref().map(|_| Part::Untranslated),
        ),
    };
    let parts = entry.and_then(|(_, p)| p);
    let mut plan = Plan {
        message: m,
        value: Action::Keep,
        hint: Action::Keep,
        at: unit.at.clone(),
    };
    for (seg, state, current, slot) in [
        (
            unit.segment(xliff::VALUE),
            Some(&value_state),
            parts.as_ref().and_then(|p| p.value.as_deref()),
            &mut plan.value,
        ),
        (
            unit.segment(xliff::HINT),
            hint_state.as_ref(),
            parts.as_ref().and_then(|p| p.hint.as_deref()),
            &mut plan.hint,
        ),
    ] {
        let (Some(seg), Some(state)) = (seg, state) else {
            continue;
        };
        if seg.target.as_deref().is_none_or(blank) {
            continue;
        }
        if seg.state == State::Initial {
            let same = current.is_some_and(|c| Some(normalize_pieces(c)) == seg.target);
            if !same {
                diags.push(
                    Diagnostic::new(
                        &checks::XLIFF_INITIAL_TARGET,
                        format!(
                            "{} `{}`: the {} has a translation {}; not imported",
                            format.unit(),
                            unit.id,
                            if seg.id == xliff::HINT { "hint" } else { "message" },
                            match format {
                                Format::Xliff => "whose state is `initial`",
                                Format::Po => "marked fuzzy",
                            }
                        ),
                    )
                    .at(xliff_file, seg.target_at.clone())
                    .help(match format {
                        Format::Xliff => "mark the segment translated in the translation tool, then import again",
                        Format::Po => "clear the fuzzy flag in the translation tool once the translation is done, then import again",
                    }),
                );
            }
            continue;
        }
        *slot = action(seg, state, current);
    }
    // A hint translated while its message is not: the file has no mark
    // for a message translated but for its value, so the hint waits.
    if value_state == Part::Untranslated && !plan.value.done() && plan.hint.done() {
        let seg = unit.segment(xliff::HINT);
        diags.push(
            Diagnostic::new(
                &checks::XLIFF_HINT_ALONE,
                format!(
                    "{} `{}`: the hint is translated but the message is not; the hint is not imported",
                    format.unit(),
                    unit.id
                ),
            )
            .at(
                xliff_file,
                seg.map_or_else(|| unit.at.clone(), |s| s.target_at.clone()),
            )
            .help("translate the message too, then import again"),
        );
        plan.hint = Action::Keep;
    }
    (plan.value.done() || plan.hint.done()).then_some(plan)
}

/// The longest translation an import writes, in bytes and in lines.
pub const MAX_TRANSLATION_BYTES: usize = 4 << 20;
/// See [`MAX_TRANSLATION_BYTES`].
pub const MAX_TRANSLATION_LINES: usize = 10_000;

/// How many units that are no message of the source are reported one by
/// one; the rest are counted in one more finding.
const UNKNOWN_REPORTED: usize = 100;

/// Merges a returned XLIFF document into a locale's file (`ftl`, read as
/// `ftl_file`; the document was read from `xliff_file`). Refuses, as sync
/// does, a file it could not rewrite without losing text.
pub fn import(
    ftl: &FtlFile,
    ftl_file: FileId,
    messages: &[SourceMessage],
    doc: &Document,
    (xliff_file, format): (FileId, Format),
) -> Result<Imported, Refusal> {
    crate::locale::sync::editable(ftl)?;
    let by_id: HashMap<&str, &SourceMessage> =
        messages.iter().map(|m| (m.id.as_str(), m)).collect();
    let entries = ftl.live();
    let mut diags = Vec::new();
    let mut plans: HashMap<&str, Plan<'_>> = HashMap::new();

    let mut unknown = 0usize;
    for unit in &doc.units {
        let Some(&m) = by_id.get(unit.id.as_str()) else {
            unknown += 1;
            if unknown > UNKNOWN_REPORTED {
                continue;
            }
            diags.push(
                Diagnostic::new(
                    &checks::XLIFF_UNKNOWN_UNIT,
                    format!(
                        "{} `{}` is not a message of the source; skipped",
                        format.unit(),
                        unit.id
                    ),
                )
                .at(xliff_file, unit.at.clone())
                .help(
                    "its code was removed from the table since the export, or the id was changed",
                ),
            );
            continue;
        };
        if changed_parts(unit, m) != (false, false) {
            diags.push(source_changed(unit, m, (xliff_file, format)));
            continue;
        }
        let e = entries.get(m.id.as_str()).copied();
        let Some(plan) = plan(
            unit,
            m,
            e.map(|e| (e, ftl.parts(e))),
            (xliff_file, format),
            &mut diags,
        ) else {
            continue;
        };
        if e.is_none() {
            let end = ftl.text.len();
            diags.push(
                Diagnostic::new(
                    &checks::MISSING_MESSAGE,
                    format!(
                        "`{}` is not in the locale file; its translation is not imported",
                        m.id
                    ),
                )
                .at(ftl_file, end..end)
                .help("run `errbook sync` to add it, then import again"),
            );
            continue;
        }
        let multi_line = [&plan.value, &plan.hint].into_iter().any(|a| match a {
            Action::Apply(t) => t
                .iter()
                .any(|p| matches!(p, Piece::Placeable(s) if s.contains('\n'))),
            _ => false,
        });
        if multi_line {
            diags.push(
                Diagnostic::new(
                    &checks::XLIFF_INVALID,
                    format!(
                        "{} `{}`: the translation holds a Fluent placeable of several lines (a select expression), which an import cannot write",
                        format.unit(),
                        unit.id
                    ),
                )
                .at(xliff_file, unit.at.clone())
                .help("edit this message in the .ftl file"),
            );
            continue;
        }
        // An error message's translation is some lines, not a book: a
        // larger one is refused before Fluent has to hold it.
        let too_long = [&plan.value, &plan.hint].into_iter().any(|a| match a {
            Action::Apply(t) => {
                let (bytes, lines) = t.iter().fold((0, 1), |(b, l), p| {
                    let (Piece::Text(s) | Piece::Placeable(s)) = p;
                    (
                        b + s.len(),
                        l + memchr::memchr_iter(b'\n', s.as_bytes()).count(),
                    )
                });
                bytes > MAX_TRANSLATION_BYTES || lines > MAX_TRANSLATION_LINES
            }
            _ => false,
        });
        if too_long {
            diags.push(
                Diagnostic::new(
                    &checks::XLIFF_INVALID,
                    format!(
                        "{} `{}`: the translation is longer than errbook imports ({} lines or {} MiB); not imported",
                        format.unit(),
                        unit.id,
                        MAX_TRANSLATION_LINES,
                        MAX_TRANSLATION_BYTES >> 20
                    ),
                )
                .at(xliff_file, unit.at.clone())
                .help("edit this message in the .ftl file"),
            );
            continue;
        }
        plans.insert(m.id.as_str(), plan);
    }

    if unknown > UNKNOWN_REPORTED {
        let first = doc
            .units
            .iter()
            .filter(|u| !by_id.contains_key(u.id.as_str()))
            .nth(UNKNOWN_REPORTED)
            .map_or(0..0, |u| u.at.clone());
        diags.push(
            Diagnostic::new(
                &checks::XLIFF_UNKNOWN_UNIT,
                format!(
                    "{} more {}s from here on are not messages of the source; skipped",
                    unknown - UNKNOWN_REPORTED,
                    format.unit()
                ),
            )
            .at(xliff_file, first),
        );
    }
    let mut changes = ImportChanges::default();
    let nl = ftl.newline;
    let text = edit_in_place(ftl, |segment, e| {
        let plan = plans.get(e.id())?;
        let m = plan.message;
        let new = rewrite(ftl, e, m, plan, nl)?;
        if new == segment {
            return None;
        }
        // Read back what is about to be written: the message must parse
        // alone, as the same message, with exactly the imported text.
        if let Err(why) = verify(&new, e, plan) {
            diags.push(
                Diagnostic::new(
                    &checks::XLIFF_INVALID,
                    format!("{} `{}`: {why}; not imported", format.unit(), e.id()),
                )
                .at(xliff_file, plan.at.clone())
                .help("edit this message in the .ftl file"),
            );
            return None;
        }
        let was_untranslated = (plan.value.done() && value_part(e, m) == Part::Untranslated)
            || (plan.hint.done() && hint_part(e, m) == Some(Part::Untranslated));
        let applied =
            matches!(plan.value, Action::Apply(_)) || matches!(plan.hint, Action::Apply(_));
        if was_untranslated {
            changes.translated.push(e.id().to_owned());
        } else if applied {
            changes.updated.push(e.id().to_owned());
        } else {
            changes.confirmed.push(e.id().to_owned());
        }
        Some(new)
    })?;
    Ok(Imported {
        text,
        changes,
        diagnostics: diags,
    })
}

/// Which parts of a unit (value, hint) hold a source text that is not the
/// table's. A part the file leaves out (a PO file of the untranslated
/// entries only, say) changed nothing; a hint the source no longer has did.
fn changed_parts(unit: &Unit, m: &SourceMessage) -> (bool, bool) {
    let differs = |seg: Option<&Segment>, now: Option<&str>| match seg {
        None => false,
        Some(s) => pieces_text(&s.source).as_deref() != now,
    };
    (
        differs(unit.segment(xliff::VALUE), Some(&m.value)),
        differs(unit.segment(xliff::HINT), m.hint.as_deref()),
    )
}

/// The diagnostic of a unit whose source text is no longer the table's.
fn source_changed(
    unit: &Unit,
    m: &SourceMessage,
    (xliff_file, format): (FileId, Format),
) -> Diagnostic {
    let value = unit.segment(xliff::VALUE);
    let hint = unit.segment(xliff::HINT);
    let mut d = Diagnostic::new(
        &checks::XLIFF_SOURCE_CHANGED,
        format!(
            "{} `{}`: the source text changed since the export",
            format.unit(),
            unit.id
        ),
    );
    let at = if changed_parts(unit, m).0 {
        let value_then = value.and_then(|s| pieces_text(&s.source));
        d = d
            .note(format!(
                "exported: {}",
                comment_value(value_then.as_deref().unwrap_or(""))
            ))
            .note(format!("now: {}", comment_value(&m.value)));
        value.map(|s| s.source_at.clone())
    } else {
        let hint_then = hint.and_then(|s| pieces_text(&s.source));
        d = d
            .note(format!(
                "exported hint: {}",
                hint_then
                    .as_deref()
                    .map_or("(none)".to_owned(), comment_value)
            ))
            .note(format!(
                "hint now: {}",
                m.hint.as_deref().map_or("(none)".to_owned(), comment_value)
            ));
        hint.map(|s| s.source_at.clone())
    };
    d.at(xliff_file, at.unwrap_or_else(|| unit.at.clone()))
        .help(format!(
            "export again (`errbook export --format {} --locale TAG`) and have the new text translated; the translation tool's memory fills in the rest",
            format.flag()
        ))
}

/// The new text of a message's segment: the comment's markers brought up to
/// date, the imported value and hint written, everything else as it was.
fn rewrite(
    ftl: &FtlFile,
    e: &MessageEntry,
    m: &SourceMessage,
    plan: &Plan<'_>,
    nl: &str,
) -> Option<String> {
    let parts = ftl.parts(e)?;
    let meta = e.meta();
    let mut markers = MarkerLines::from_meta(meta);
    if plan.value.done() {
        // A translator's text, or their confirmation: no longer to review.
        markers.review = None;
        markers.untranslated = false;
        markers.stale_was = None;
        markers.source = Some(Cow::Borrowed(&m.value));
        if meta.untranslated && m.hint.is_some() && !plan.hint.done() {
            // The hint is still the source text `# untranslated` covered.
            markers.untranslated_hint = true;
        }
    }
    if plan.hint.done() {
        markers.untranslated_hint = false;
        markers.stale_hint_was = None;
        markers.source_hint = m.hint.as_deref().map(Cow::Borrowed);
    }
    let hint_ok = m.hint.is_none() || plan.hint.done();
    if plan.value.done() && hint_ok {
        markers.stale_reason = None;
    }
    let mut comment = String::new();
    markers.write(&mut comment, meta.notes);
    let mut out = convert_newlines(&comment, nl);

    let written = |indent: usize, name: &str, pieces: &[Piece]| {
        let mut s = String::new();
        entry_pieces(&mut s, indent, name, pieces);
        convert_newlines(&s, nl)
    };
    match &plan.value {
        Action::Apply(t) => out.push_str(&written(0, e.id(), t)),
        _ => out.push_str(&ftl.text[parts.head.clone()]),
    }
    let mut hint_written = false;
    for (name, range) in &parts.attributes {
        match (&plan.hint, name.as_str()) {
            (Action::Apply(t), "hint") if !hint_written => {
                ensure_newline(&mut out, nl);
                out.push_str(&written(4, ".hint", t));
                hint_written = true;
            }
            _ => out.push_str(&ftl.text[range.clone()]),
        }
    }
    if let (Action::Apply(t), false) = (&plan.hint, hint_written) {
        ensure_newline(&mut out, nl);
        out.push_str(&written(4, ".hint", t));
    }
    Some(out)
}

/// Checks that a rewritten message reads back as itself, with the imported
/// text.
fn verify(new: &str, e: &MessageEntry, plan: &Plan<'_>) -> Result<(), String> {
    let f = FtlFile::parse(new.to_owned());
    let msgs: Vec<&MessageEntry> = f.messages().map(|(_, m)| m).collect();
    if !f.errors.is_empty() || msgs.len() != 1 || msgs[0].id() != e.id() || f.items.len() != 1 {
        return Err("the translation would not be valid Fluent".to_owned());
    }
    let parts = f
        .parts(msgs[0])
        .ok_or("the translation would not be valid Fluent")?;
    for (action, got) in [(&plan.value, &parts.value), (&plan.hint, &parts.hint)] {
        if let Action::Apply(t) = action {
            if got.as_ref() != Some(t) {
                return Err("the translation would not read back as it was given".to_owned());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Files;

    fn msg(id: &str, value: &str, hint: Option<&str>) -> SourceMessage {
        SourceMessage {
            hint: hint.map(Into::into),
            ..SourceMessage::plain(id, value)
        }
    }

    fn info() -> ExportInfo {
        ExportInfo {
            source_locale: "zh-CN".into(),
            tag: "en-US".into(),
            original: "locales/en-US/errors.ftl".into(),
            glossary: None,
        }
    }

    const FILE: &str = "\
### header

# untranslated
# source: 一
# source.hint: 提示一
error-1 = 一
    .hint = 提示一

# stale, source was: 旧二
# source: 二
error-2 = Two

# Reviewed.
# source: 三
# source.hint: 提示三
error-3 = Three
    .hint = Hint three

# source: 四
error-4 = Four
";

    fn messages() -> Vec<SourceMessage> {
        vec![
            msg("error-1", "一", Some("提示一")),
            msg("error-2", "二", None),
            msg("error-3", "三", Some("提示三")),
            msg("error-4", "四", Some("提示四")),
            msg("error-5", "五", None),
        ]
    }

    /// Imports `doc` into `file`; the new text and the diagnostics' messages.
    fn run(file: &str, doc: &Document) -> (String, ImportChanges, Vec<String>) {
        let mut files = Files::new();
        let ff = files.add("errors.ftl", file);
        let xf = files.add("t.xlf", "");
        let ftl = FtlFile::parse(file.to_owned());
        let out = import(&ftl, ff, &messages(), doc, (xf, Format::Xliff)).unwrap();
        let msgs = out.diagnostics.into_iter().map(|d| d.message).collect();
        (out.text, out.changes, msgs)
    }

    fn exported() -> Document {
        export(
            &messages(),
            Some(&FtlFile::parse(FILE.to_owned())),
            &info(),
            |_| None,
        )
    }

    fn set_target(doc: &mut Document, unit: &str, seg: &str, state: State, t: &str) {
        let u = doc.units.iter_mut().find(|u| u.id == unit).unwrap();
        let s = u.segments.iter_mut().find(|s| s.id == seg).unwrap();
        s.state = state;
        s.sub_state = None;
        s.target = Some(vec![Piece::Text(t.to_owned())]);
    }

    /// An export carries the term base's terms of each source, with the
    /// locale's approved translations, and suggests for an untranslated
    /// message the translation of another with the same source text: in
    /// XLIFF's glossary and translation candidates modules, which an
    /// import reads past; in PO as extracted comments and a fuzzy msgstr.
    #[test]
    fn terms_and_suggestions_go_with_the_units() {
        let glossary = crate::qa::Glossary::parse(
            "[[term]]\nsource = \"三\"\nnote = \"three\"\nen-US = { approved = [\"Three\", \"3\"] }\n\
             [[term]]\nsource = \"一\"\nja-JP = { approved = \"いち\" }\n",
            std::path::Path::new("glossary.toml"),
        )
        .unwrap();
        let mut info = info();
        info.glossary = Some(std::sync::Arc::new(glossary));
        let file = format!("{FILE}\n# untranslated\n# source: 四\nerror-5 = 四\n");
        let mut msgs = messages();
        msgs[4] = msg("error-5", "四", None);
        let doc = export(&msgs, Some(&FtlFile::parse(file.clone())), &info, |_| None);
        let unit = |id: &str| doc.units.iter().find(|u| u.id == id).unwrap();
        assert_eq!(
            unit("error-3").terms,
            [xliff::GlossEntry {
                term: "三".into(),
                translations: vec!["Three".into(), "3".into()],
                definition: Some("three".into()),
            }]
        );
        // No rendering for en-US: no entry.
        assert!(unit("error-1").terms.is_empty());
        assert_eq!(unit("error-5").suggestions.len(), 1);
        assert_eq!(unit("error-5").suggestions[0].target, "Four");
        assert!(unit("error-5").suggestions[0].origin.contains("`error-4`"));
        // Translated messages get none.
        assert!(doc
            .units
            .iter()
            .filter(|u| u.id != "error-5")
            .all(|u| u.suggestions.is_empty()));

        let xlf = xliff::write(&doc);
        assert!(
            xlf.contains("<gls:term source=\"glossary.toml\">三</gls:term>"),
            "{xlf}"
        );
        assert!(xlf.contains("<mtc:match ref=\"#value\""), "{xlf}");
        assert!(xlf.contains("<target>Four</target>"), "{xlf}");
        let mut files = Files::new();
        let xf = files.add("t.xlf", xlf.clone());
        let (read, problems) = xliff::read(&xlf, xf);
        assert!(problems.is_empty(), "{problems:?}");
        let read = read.unwrap();
        // The suggestion is no target: importing the file changes nothing.
        let ff = files.add("errors.ftl", file.clone());
        let out = import(
            &FtlFile::parse(file.clone()),
            ff,
            &msgs,
            &read,
            (xf, Format::Xliff),
        )
        .unwrap();
        assert_eq!(out.text, file);

        let po = crate::po::write(&doc);
        assert!(po.contains("#. term: 三 → Three, 3 (three)\n"), "{po}");
        let entry = po
            .split("\n\n")
            .find(|e| e.contains("msgctxt \"error-5\""))
            .unwrap();
        assert!(entry.contains("#, fuzzy\n"), "{entry}");
        assert!(entry.contains("msgstr \"Four\""), "{entry}");
        assert!(
            entry.contains("#. suggestion: reused from `error-4`"),
            "{entry}"
        );
    }

    #[test]
    fn states_map_to_xliff() {
        let doc = exported();
        let states: Vec<(&str, &str, State, Option<&str>, bool)> = doc
            .units
            .iter()
            .flat_map(|u| {
                u.segments.iter().map(move |s| {
                    (
                        u.id.as_str(),
                        s.id.as_str(),
                        s.state,
                        s.sub_state.as_deref(),
                        s.target.is_some(),
                    )
                })
            })
            .collect();
        assert_eq!(
            states,
            [
                ("error-1", "value", State::Initial, None, false),
                ("error-1", "hint", State::Initial, None, false),
                (
                    "error-2",
                    "value",
                    State::Translated,
                    Some(STALE_SUBSTATE),
                    true
                ),
                ("error-3", "value", State::Final, None, true),
                ("error-3", "hint", State::Final, None, true),
                ("error-4", "value", State::Final, None, true),
                // The source gained a hint the file does not have yet.
                ("error-4", "hint", State::Initial, None, false),
                ("error-5", "value", State::Initial, None, false),
            ]
        );
        let notes: Vec<(&str, &str)> = doc
            .units
            .iter()
            .flat_map(|u| {
                u.notes
                    .iter()
                    .map(move |n| (u.id.as_str(), n.text.as_str()))
            })
            .collect();
        assert_eq!(
            notes,
            [
                ("error-2", "stale, source was: 旧二"),
                ("error-3", "Reviewed.")
            ]
        );
    }

    #[test]
    fn an_unedited_round_trip_changes_nothing() {
        let doc = exported();
        let (text, changes, diags) = run(FILE, &doc);
        assert_eq!(text, FILE);
        assert!(changes.is_empty(), "{changes:?}");
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn a_translation_replaces_the_text_and_its_markers() {
        let mut doc = exported();
        // The value only: the hint is still the source text.
        set_target(&mut doc, "error-1", "value", State::Translated, "One {x}");
        set_target(&mut doc, "error-3", "hint", State::Final, "New\n[hint]");
        set_target(&mut doc, "error-4", "hint", State::Translated, "Hint four");
        let (text, changes, diags) = run(FILE, &doc);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(changes.translated, ["error-1", "error-4"]);
        assert_eq!(changes.updated, ["error-3"]);
        assert_eq!(
            text,
            "\
### header

# untranslated: .hint
# source: 一
# source.hint: 提示一
error-1 = One {\"{\"}x{\"}\"}
    .hint = 提示一

# stale, source was: 旧二
# source: 二
error-2 = Two

# Reviewed.
# source: 三
# source.hint: 提示三
error-3 = Three
    .hint =
        New
        {\"[\"}hint]

# source: 四
# source.hint: 提示四
error-4 = Four
    .hint = Hint four
"
        );
    }

    #[test]
    fn a_reviewer_confirms_a_stale_translation() {
        let mut doc = exported();
        // Exported as `translated`, returned unchanged: nothing to do.
        set_target(&mut doc, "error-2", "value", State::Translated, "Two");
        assert_eq!(run(FILE, &doc).0, FILE);
        set_target(&mut doc, "error-2", "value", State::Reviewed, "Two");
        let (text, changes, _) = run(FILE, &doc);
        assert_eq!(changes.confirmed, ["error-2"]);
        assert_eq!(text, FILE.replace("# stale, source was: 旧二\n", ""));
    }

    #[test]
    fn refusals_and_skips_are_reported() {
        let mut doc = exported();
        doc.units[0].segments[0].source = vec![Piece::Text("一一".into())];
        doc.units[1].id = "error-99".into();
        set_target(&mut doc, "error-5", "value", State::Final, "Five");
        set_target(&mut doc, "error-4", "value", State::Initial, "Vier");
        let (text, changes, diags) = run(FILE, &doc);
        assert_eq!(text, FILE);
        assert!(changes.is_empty());
        assert_eq!(
            diags,
            [
                "unit `error-1`: the source text changed since the export",
                "unit `error-99` is not a message of the source; skipped",
                "unit `error-4`: the message has a translation whose state is `initial`; not imported",
                "`error-5` is not in the locale file; its translation is not imported",
            ]
        );
    }

    #[test]
    fn comment_lines_stay_apart_and_line_ends_are_kept() {
        // A message without a comment right under a group comment gets a
        // blank line, or Fluent would read the two comments as one.
        let file = "## Group\r\nerror-2 = Two\r\n";
        let mut doc = export(
            &messages()[1..2],
            Some(&FtlFile::parse(file)),
            &info(),
            |_| None,
        );
        set_target(&mut doc, "error-2", "value", State::Translated, "Deux");
        let (text, _, _) = run(file, &doc);
        assert_eq!(text, "## Group\r\n\r\n# source: 二\r\nerror-2 = Deux\r\n");
    }
}
