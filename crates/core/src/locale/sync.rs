//! Sync: bring a translated locale file up to date with the source, editing
//! the file around the entries that change.
//!
//! - a new code is inserted after its predecessor in the source, with the
//!   source text as its value, marked `# untranslated`;
//! - a code whose source text changed keeps its translation and gets a
//!   `# stale, source was: …` line beside the new `# source: …`;
//! - a removed code moves, byte for byte, to the obsolete section at the end
//!   (and back, should the code return);
//! - every other byte of the file stays as it was.
//!
//! A file with syntax errors or duplicate ids is refused: rewriting it could
//! lose text.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;

use crate::catalog::SourceMessage;
use crate::diag::Diagnostic;
use crate::registry as checks;

use super::generate::{
    new_entry, obsolete_heading, reused_entry, seeded_entry, untranslated_entry, MarkerLines,
};
use crate::ftl::escape::{entry_line, Push};
use crate::ftl::{FtlFile, ItemKind, MessageEntry};

/// True when a message's text (from its id line) has an attribute other
/// than `.hint`: a translator's own, which errbook does not write.
fn other_attributes(body: &str) -> bool {
    body.lines().skip(1).any(|line| {
        let t = line.trim_start();
        t.len() < line.len()
            && t.strip_prefix('.')
                .and_then(|rest| rest.split_once('='))
                .is_some_and(|(name, _)| name.trim() != "hint")
    })
}

/// What sync did (or would do) to one file, by message id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// New messages, marked untranslated (or, in an English locale,
    /// seeded from the page's English column and marked for review).
    pub added: Vec<String>,
    /// Messages seeded from the page's English column, marked for review:
    /// new ones, and errbook's untranslated copies.
    pub seeded: Vec<String>,
    /// Untranslated messages whose source text was refreshed.
    pub refreshed: Vec<String>,
    /// Translations marked stale.
    pub stale: Vec<String>,
    /// Messages moved to the obsolete section.
    pub obsoleted: Vec<String>,
    /// Messages moved back from the obsolete section.
    pub revived: Vec<String>,
    /// New messages given the translation of another message with the
    /// same source text, marked for review.
    pub reused: Vec<String>,
}

impl Changes {
    /// True when nothing changes.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.seeded.is_empty()
            && self.refreshed.is_empty()
            && self.stale.is_empty()
            && self.obsoleted.is_empty()
            && self.revived.is_empty()
            && self.reused.is_empty()
    }

    /// A one-line summary, e.g. `2 new, 1 stale, 1 obsolete`.
    pub fn summary(&self) -> String {
        summary(&[
            (self.added.len(), "new"),
            (self.seeded.len(), "from the English column, to review"),
            (self.refreshed.len(), "refreshed"),
            (self.stale.len(), "stale"),
            (self.obsoleted.len(), "obsolete"),
            (self.revived.len(), "restored from obsolete"),
            (self.reused.len(), "reused, to review"),
        ])
    }
}

/// `2 new, 1 stale`: the counts that are not zero, with what they count.
#[doc(hidden)]
pub fn summary(counts: &[(usize, &str)]) -> String {
    counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why sync will not rewrite a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The file holds Junk.
    SyntaxErrors,
    /// The ids are defined more than once.
    DuplicateIds(Vec<String>),
    /// errbook cannot place every entry of the file with certainty (a
    /// carriage return without a line feed, for one).
    Layout,
}

impl Refusal {
    /// The diagnostic that says why `errbook <command>` (`sync`, `import`)
    /// leaves the file alone; the caller places it.
    pub fn diagnostic(&self, command: &str) -> Diagnostic {
        match self {
            Refusal::SyntaxErrors => Diagnostic::new(
                &checks::SYNTAX_ERROR,
                format!("not {command}ed: the file has Fluent syntax errors, and rewriting it would drop the broken text"),
            )
            .help(format!("fix the errors `errbook check` reports, then {command} again")),
            Refusal::Layout => Diagnostic::new(
                &checks::SYNTAX_ERROR,
                format!("not {command}ed: errbook cannot tell for sure where each entry of this file ends"),
            )
            .help("a carriage return without a line feed is the usual cause; save the file with LF or CRLF line endings"),
            Refusal::DuplicateIds(ids) => Diagnostic::new(
                &checks::DUPLICATE_ID,
                format!("not {command}ed: ids defined twice: {}", ids.join(", ")),
            )
            .help(format!("keep one definition of each, then {command} again")),
        }
    }
}

/// A piece of the file: an entry segment or the gap after it.
#[derive(Clone, Debug, Default)]
struct Piece<'a> {
    /// The text: borrowed from the file, owned once rewritten.
    text: Cow<'a, str>,
    /// The message id, for message segments.
    id: Option<&'a str>,
    /// The message, for message segments.
    msg: Option<&'a MessageEntry>,
    /// The position of its source message, once looked up (sync).
    src: Option<usize>,
    /// True for entry segments, false for gaps.
    entry: bool,
}

/// Whether errbook may rewrite `file`: not when it holds Junk, entries it
/// cannot place, or ids defined twice (rewriting could lose text).
pub fn editable(file: &FtlFile) -> Result<(), Refusal> {
    editable_by(file, file.messages().map(|(_, m)| (m.id(), None)), 0)
}

/// [`editable`], given the file's message ids in order, each with the
/// position of its source message among `sources` where it has one (an
/// id told apart by that position is not hashed).
fn editable_by<'a>(
    file: &FtlFile,
    ids: impl Iterator<Item = (&'a str, Option<usize>)>,
    sources: usize,
) -> Result<(), Refusal> {
    if !file.errors.is_empty() || file.items.iter().any(|i| matches!(i.kind, ItemKind::Junk)) {
        return Err(Refusal::SyntaxErrors);
    }
    if !file.layout_ok {
        return Err(Refusal::Layout);
    }
    let mut seen_source = vec![false; sources];
    let mut seen = HashSet::default();
    let mut dups: Vec<String> = Vec::new();
    for (id, source) in ids {
        let again = match source.and_then(|i| seen_source.get_mut(i)) {
            Some(seen) => std::mem::replace(seen, true),
            None => !seen.insert(id),
        };
        if again {
            dups.push(id.to_owned());
        }
    }
    if !dups.is_empty() {
        dups.dedup();
        return Err(Refusal::DuplicateIds(dups));
    }
    Ok(())
}

/// Cuts a file into pieces: the gap before the first entry, then each entry
/// and the gap after it; the live part and the obsolete section apart.
fn cut(file: &FtlFile) -> (Vec<Piece<'_>>, Vec<Piece<'_>>) {
    let text = &file.text;
    // An entry and the gap after it: two pieces an item at most.
    let obsolete_items = file
        .obsolete_from
        .map_or(0, |o| file.items.len().saturating_sub(o));
    let mut live: Vec<Piece> = Vec::with_capacity(2 * (file.items.len() - obsolete_items) + 1);
    let mut obsolete: Vec<Piece> = Vec::with_capacity(2 * obsolete_items);
    let first_start = file.items.first().map_or(text.len(), |i| i.range.start);
    live.push(Piece {
        text: Cow::Borrowed(&text[..first_start]),
        id: None,
        msg: None,
        src: None,
        entry: false,
    });
    for (i, item) in file.items.iter().enumerate() {
        let next = file.items.get(i + 1).map_or(text.len(), |n| n.range.start);
        let region = if file.obsolete_from.is_some_and(|o| i >= o) {
            &mut obsolete
        } else {
            &mut live
        };
        let msg = match &item.kind {
            ItemKind::Message(m) => Some(&**m),
            _ => None,
        };
        let id = msg.map(|m| m.id());
        region.push(Piece {
            text: Cow::Borrowed(&text[item.range.clone()]),
            id,
            msg,
            src: None,
            entry: true,
        });
        region.push(Piece {
            text: Cow::Borrowed(&text[item.range.end..next]),
            id: None,
            msg: None,
            src: None,
            entry: false,
        });
    }
    (live, obsolete)
}

/// Replaces the text of the message piece `i` (whose entry is `e`).
fn set_segment(pieces: &mut [Piece<'_>], i: usize, e: &MessageEntry, new: String, nl: &str) {
    pieces[i].text = Cow::Owned(segment_text(pieces, i, e, new, nl));
}

/// The text that replaces the message piece `i` (whose entry is `e`): its
/// new text `new`, parted from a comment right above it when need be.
fn segment_text(
    pieces: &[Piece<'_>],
    i: usize,
    e: &MessageEntry,
    mut new: String,
    nl: &str,
) -> String {
    // A message that had no comment of its own and sits right under
    // another comment: the new comment lines would run into that one
    // (and Fluent would read them as one), so a blank line parts them.
    let had_comment = pieces[i].text.len() != e.body_len;
    let right_under_comment = i >= 2
        && pieces[i - 1].text.is_empty()
        && pieces[i - 2].entry
        && pieces[i - 2].id.is_none();
    if !had_comment && right_under_comment && new.starts_with('#') {
        new.insert_str(0, nl);
    }
    new
}

/// Rewrites live messages of a file where they are: `edit` gets a message's
/// segment (its comment and body) and entry, and returns its new text, or
/// `None` to keep it. Every other byte stays as it was. Refuses the files
/// [`editable`] refuses.
pub fn edit_in_place(
    file: &FtlFile,
    mut edit: impl FnMut(&str, &MessageEntry) -> Option<String>,
) -> Result<String, Refusal> {
    editable(file)?;
    let (mut live, obsolete) = cut(file);
    for i in 0..live.len() {
        let Some(e) = live[i].msg else {
            continue;
        };
        if let Some(new) = edit(&live[i].text, e) {
            set_segment(&mut live, i, e, new, file.newline);
        }
    }
    Ok(live.iter().chain(&obsolete).map(|p| &*p.text).collect())
}

/// Syncs a translated locale file with the source messages. Returns the new
/// text (equal to the old one when nothing changes) and what changed.
pub fn sync(file: &FtlFile, messages: &[SourceMessage]) -> Result<(String, Changes), Refusal> {
    let (text, changes) = sync_with(
        file,
        messages,
        &crate::standing::source_index(messages),
        false,
    )?;
    Ok((text.into_owned(), changes))
}

/// [`sync`] with the source's index built once for every locale. The text
/// is borrowed from `file` when, and only when, it is the same: a file in
/// sync is compared as the output is assembled, never copied.
///
/// With `seed` (an English locale, see
/// [`super::generate::seeds_from_english`]), a message the page's English
/// column translates is seeded from it, marked for review, rather than
/// left untranslated: when it is new, and when it is still errbook's own
/// untranslated copy.
pub fn sync_with<'f>(
    file: &'f FtlFile,
    messages: &[SourceMessage],
    index: &crate::standing::SourceIndex,
    seed: bool,
) -> Result<(Cow<'f, str>, Changes), Refusal> {
    let mut built = Built(String::new());
    let (changed, changes) = sync_into(file, messages, index, seed, &mut built)?;
    let text = if changed {
        Cow::Owned(built.0)
    } else {
        Cow::Borrowed(file.text.as_str())
    };
    Ok((text, changes))
}

/// Where [`sync_into`] puts a file's new text, from the first byte that
/// differs from the old one: a file, written as the text is made, or a
/// string.
pub trait Spill {
    /// The text differs: it starts here. `size` estimates its whole length.
    fn open(&mut self, size: usize);
    /// The text goes on with `s`.
    fn push(&mut self, s: &str);
}

/// A [`Spill`] into a string.
struct Built(String);

impl Spill for Built {
    fn open(&mut self, size: usize) {
        self.0.reserve(size);
    }
    fn push(&mut self, s: &str) {
        self.0.push_str(s);
    }
}

/// [`sync_with`] that hands the new text to `spill` as it is made, from
/// the first byte that differs from the file's (a file in sync is only
/// compared): neither is held whole besides the file. Returns whether the
/// text changed, and what changed.
pub fn sync_into(
    file: &FtlFile,
    messages: &[SourceMessage],
    index: &crate::standing::SourceIndex,
    seed: bool,
    spill: &mut dyn Spill,
) -> Result<(bool, Changes), Refusal> {
    let nl = file.newline;
    let lookup = index.lookup(messages);
    let source = |id: &str| lookup.get(id).map(|i| &messages[i]);
    let (mut live, mut obsolete) = cut(file);
    // Each message's source, looked up once.
    for p in live.iter_mut().chain(obsolete.iter_mut()) {
        p.src = p.id.and_then(|id| lookup.get(id));
    }
    let ids = live
        .iter()
        .chain(&obsolete)
        .filter_map(|p| Some((p.id?, p.src)));
    editable_by(file, ids, messages.len())?;

    let mut changes = Changes::default();

    // Live messages of removed codes leave for the obsolete section.
    let (kept, removed) = remove_entries(live, |p| p.src.is_none(), nl);
    live = kept;
    let mut moved_out = Vec::with_capacity(removed.len());
    for (id, text) in removed {
        changes.obsoleted.push(id);
        moved_out.push(text);
    }
    // Obsolete messages of codes that are back return to the live part.
    let (kept, removed) = remove_entries(obsolete, |p| p.src.is_some(), nl);
    obsolete = kept;
    let mut revived: HashMap<String, String> = removed.into_iter().collect();
    let revived_entries: HashMap<&str, &MessageEntry> = if revived.is_empty() {
        HashMap::default()
    } else {
        file.messages()
            .filter(|(i, _)| file.is_obsolete(*i))
            .map(|(_, m)| (m.id(), m))
            .collect()
    };

    // Place new and revived messages after their predecessor in the source.
    // (What that changes is reported after the updates of live messages,
    // which are made as the output is written, below.)
    let mut placed = Changes::default();
    let mut present = vec![false; messages.len()];
    for i in live.iter().filter_map(|p| p.src) {
        present[i] = true;
    }
    let mut after: HashMap<String, Vec<String>> = HashMap::default();
    let mut front: Vec<String> = Vec::new();
    let mut anchor: Option<&str> = None;
    // Translations of the file by the source text they were made from,
    // asked for when a message is new.
    let mut translations: Option<Translations<'_>> = None;
    for (at, m) in messages.iter().enumerate() {
        if present[index.first_of(messages, at)] {
            anchor = Some(&m.id);
            continue;
        }
        let text = match revived.remove(&m.id) {
            Some(old) => {
                placed.revived.push(m.id.clone());
                let e = revived_entries[m.id.as_str()];
                update(&old, e, m, nl, seed, &mut placed).unwrap_or(old)
            }
            None if seed && m.english.is_some() => {
                placed.seeded.push(m.id.clone());
                convert_newlines(&new_entry(m, seed, &[]), nl)
            }
            None => {
                let known = translations.get_or_insert_with(|| {
                    // Only the source texts of the messages that are new.
                    let wanted = messages
                        .iter()
                        .enumerate()
                        .filter(|&(at, _)| !present[index.first_of(messages, at)])
                        .map(|(_, m)| &*m.value)
                        .collect();
                    Translations::of(file, &wanted, &|id| {
                        source(id).map(|m| (&*m.value, m.hint.as_deref()))
                    })
                });
                match known.of_source(m) {
                    Some(t) => {
                        placed.reused.push(m.id.clone());
                        convert_newlines(&reused_entry(m, t.value, t.hint, &t.from()), nl)
                    }
                    None => {
                        placed.added.push(m.id.clone());
                        convert_newlines(&new_entry(m, seed, &[]), nl)
                    }
                }
            }
        };
        match anchor {
            Some(a) => after.entry(a.to_owned()).or_default().push(text),
            None => front.push(text),
        }
    }

    // The whole output, sized once (a copy of a large file is costly): the
    // live part may grow by a comment line a message when sync records
    // the source texts, and pages reserved but not written cost nothing.
    let size = 2 * live.iter().map(|p| p.text.len()).sum::<usize>()
        + front
            .iter()
            .chain(after.values().flatten())
            .map(|t| t.len() + 2 * nl.len())
            .sum::<usize>()
        + obsolete.iter().map(|p| p.text.len()).sum::<usize>()
        + moved_out
            .iter()
            .map(|t| t.len() + 2 * nl.len())
            .sum::<usize>()
        + 256;
    let mut out = Output {
        file: &file.text,
        at: 0,
        size,
        spill,
        spilled: false,
        tail: String::new(),
        trim_at: TAIL,
    };
    let mut front_done = front.is_empty();
    // The comments of live messages are updated as they are written, so
    // that the new texts are never all held besides the output.
    for i in 0..live.len() {
        let piece = &live[i];
        if !front_done && piece.id.is_some() {
            // New entries open with comment lines: keep them apart from a
            // comment right above (Fluent would read the two as one block).
            let text = out.as_str();
            if text.lines().last().is_some_and(|l| l.starts_with('#')) && text.ends_with('\n') {
                out.push_str(nl);
            }
            for t in &front {
                out.push_str(t);
                ensure_newline(&mut out, nl);
                out.push_str(nl);
            }
            front_done = true;
        }
        let new = match (piece.src, piece.msg) {
            (Some(at), Some(e)) => {
                let m = &messages[at];
                update(&piece.text, e, m, nl, seed, &mut changes)
                    .map(|new| segment_text(&live, i, e, new, nl))
            }
            _ => None,
        };
        out.push_str(new.as_deref().unwrap_or(&piece.text));
        if let Some(list) = piece.id.and_then(|id| after.get(id)) {
            for t in list {
                ensure_newline(&mut out, nl);
                out.push_str(nl);
                out.push_str(t);
            }
        }
    }
    if !front_done {
        for t in &front {
            separate(&mut out, nl);
            out.push_str(t);
        }
    }
    let mut obsolete_text: String = obsolete.iter().map(|p| &*p.text).collect();
    if !moved_out.is_empty() {
        if file.obsolete_from.is_none() {
            obsolete_text = convert_newlines(&obsolete_heading(), nl);
        }
        for t in &moved_out {
            separate(&mut obsolete_text, nl);
            obsolete_text.push_str(t);
        }
    }
    if !obsolete_text.is_empty() {
        if file.obsolete_from.is_none() || live_ends_inside(out.as_str()) {
            separate(&mut out, nl);
        }
        out.push_str(&obsolete_text);
    }
    for (all, more) in [
        (&mut changes.added, placed.added),
        (&mut changes.seeded, placed.seeded),
        (&mut changes.refreshed, placed.refreshed),
        (&mut changes.stale, placed.stale),
        (&mut changes.revived, placed.revived),
        (&mut changes.reused, placed.reused),
    ] {
        all.extend(more);
    }
    if !changes.is_empty() {
        ensure_newline(&mut out, nl);
    }
    Ok((out.finish(), changes))
}

/// The translations of a file by the source text they were made from, to
/// offer to a new message with the same source text. A current live
/// translation is preferred, then one in the obsolete section, then one a
/// stale mark says was made from that text; an untranslated copy, a
/// translation under review and one with placeables are not offered.
pub struct Translations<'f> {
    /// By source text, then by source hint.
    by_source: HashMap<&'f str, Vec<(Option<&'f str>, Offer<'f>)>>,
}

/// A message's source text and hint.
pub type SourceTexts<'a> = (&'a str, Option<&'a str>);

/// A translation [`Translations`] offers.
pub struct Offer<'f> {
    /// The message it is the translation of.
    pub id: &'f str,
    /// Its value's text.
    pub value: &'f str,
    /// Its hint's text.
    pub hint: Option<&'f str>,
    /// Where it is: `None` for a current live message.
    place: Option<&'static str>,
}

impl Offer<'_> {
    /// Where it comes from, in words (the `# review:` line's).
    pub fn from(&self) -> String {
        match self.place {
            None => format!("reused from `{}`, which has the same source text", self.id),
            Some(place) => format!(
                "reused from `{}` ({place}), which was translated from the same source text",
                self.id
            ),
        }
    }
}

impl<'f> Translations<'f> {
    /// The translations of `file` made from one of the `wanted` texts;
    /// `current` gives the source text (and hint) of a message id now, or
    /// `None` when the source no longer has it.
    pub fn of<'c>(
        file: &'f FtlFile,
        wanted: &HashSet<&str>,
        current: &dyn Fn(&str) -> Option<SourceTexts<'c>>,
    ) -> Self {
        let mut by_source: HashMap<&str, Vec<(Option<&str>, Offer<'f>)>> = HashMap::default();
        let usable = |e: &'f MessageEntry| {
            let meta = e.meta();
            let value = e.value_text().filter(|v| !v.trim().is_empty())?;
            if meta.untranslated || meta.untranslated_hint || meta.review.is_some() {
                return None;
            }
            if e.has_hint && e.hint_text().is_none_or(|h| h.trim().is_empty()) {
                return None; // a hint with placeables, or empty
            }
            Some((meta, value, e.hint_text()))
        };
        // Three passes, in order of preference: the first offer of a
        // source text stays.
        for pass in 0..3 {
            for (i, e) in file.messages() {
                let obsolete = file.is_obsolete(i);
                let Some((meta, value, hint)) = usable(e) else {
                    continue;
                };
                let stale = meta.is_marked_stale();
                let recorded = meta.source.map(|s| (s, meta.source_hint));
                // What the source says of the message now: the text it was
                // translated from, another (it changed), or nothing (its
                // code is gone).
                let now = if obsolete { None } else { current(e.id()) };
                let (key, place) = match pass {
                    0 if !obsolete && !stale && recorded.is_some() && now == recorded => {
                        (recorded, None)
                    }
                    1 if !stale && recorded.is_some() && now.is_none() => {
                        (recorded, Some("in the obsolete section"))
                    }
                    2 if meta.stale_was.is_some() || meta.stale_hint_was.is_some() => (
                        Some((
                            meta.stale_was.or(meta.source).unwrap_or(""),
                            meta.stale_hint_was.or(meta.source_hint),
                        )),
                        Some("before its source changed"),
                    ),
                    2 if !stale && now.is_some() && now != recorded => {
                        (recorded, Some("before its source changed"))
                    }
                    _ => (None, None),
                };
                let Some((source, source_hint)) =
                    key.filter(|(s, _)| !s.is_empty() && wanted.contains(s))
                else {
                    continue;
                };
                let offers = by_source.entry(source).or_default();
                if offers.iter().any(|(h, _)| *h == source_hint) {
                    continue;
                }
                offers.push((
                    source_hint,
                    Offer {
                        id: e.id(),
                        value,
                        hint,
                        place,
                    },
                ));
            }
        }
        Translations { by_source }
    }

    /// A translation of `m`'s source text (and hint), when the file has
    /// one.
    pub fn of_source(&self, m: &SourceMessage) -> Option<&Offer<'f>> {
        self.by_source
            .get(&*m.value)?
            .iter()
            .find(|(h, _)| *h == m.hint.as_deref())
            .map(|(_, o)| o)
    }
}

/// How long the kept end of a spilled text grows before it is cut.
const TAIL: usize = 4096;

/// A file's new text as it is assembled: while it is the same as a prefix
/// of the old text, only how far it has come; from the first byte that
/// differs, handed to a [`Spill`], with its end kept (what the assembly
/// looks at: its last line and line breaks).
struct Output<'f, 's> {
    file: &'f str,
    /// While not `spilled`, the text so far is `file[..at]`.
    at: usize,
    /// The estimate of the whole text's length.
    size: usize,
    spill: &'s mut dyn Spill,
    spilled: bool,
    /// Once `spilled`: the end of the text, from after its third-last line
    /// break on (at least).
    tail: String,
    /// The length of `tail` at which it is next cut.
    trim_at: usize,
}

impl Output<'_, '_> {
    /// The text so far, or (once spilled) its end, from after its
    /// third-last line break on: enough to tell its last line, whether it
    /// ends in a blank line, and whether it is empty.
    fn as_str(&self) -> &str {
        if self.spilled {
            &self.tail
        } else {
            &self.file[..self.at]
        }
    }

    fn spill(&mut self, s: &str) {
        self.spill.push(s);
        if let Some((i, _)) = s.rmatch_indices('\n').nth(2) {
            self.tail.clear();
            self.tail.push_str(&s[i + 1..]);
            return;
        }
        self.tail.push_str(s);
        if self.tail.len() >= self.trim_at {
            let cut = self
                .tail
                .rmatch_indices('\n')
                .nth(2)
                .map_or(0, |(i, _)| i + 1);
            self.tail.drain(..cut);
            // A long last line is not searched again at every piece.
            self.trim_at = TAIL.max(2 * self.tail.len());
        }
    }

    /// Whether the text differs from the file's; the text's last part is
    /// handed over.
    fn finish(mut self) -> bool {
        if !self.spilled && self.at < self.file.len() {
            // The old text, cut short.
            self.spilled = true;
            self.spill.open(self.at);
            let file = self.file;
            self.spill(&file[..self.at]);
        }
        self.spilled
    }
}

impl AsRef<str> for Output<'_, '_> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Push for Output<'_, '_> {
    fn push_str(&mut self, s: &str) {
        if !self.spilled {
            let end = self.at + s.len();
            // Most pieces are borrowed from the file at this very place:
            // the same bytes, not compared again.
            let same =
                self.file.as_bytes().get(self.at..end).is_some_and(|old| {
                    std::ptr::eq(old.as_ptr(), s.as_ptr()) || old == s.as_bytes()
                });
            if same {
                self.at = end;
                return;
            }
            self.spilled = true;
            self.spill.open(self.size.max(end));
            let file = self.file;
            self.spill(&file[..self.at]);
        }
        self.spill(s);
    }
}

/// True when the text does not end in a blank line (so a section after it
/// needs one).
fn live_ends_inside(out: &str) -> bool {
    !(out.is_empty() || out.ends_with("\n\n") || out.ends_with("\r\n\r\n"))
}

/// Removes the entry pieces whose id `remove` selects, each with one
/// neighbouring gap, keeping the layout of what remains; returns what is
/// left and the removed entries' ids and texts, in order.
///
/// One pass: `out` holds what is kept so far, so the piece before the
/// current one is `out.last()`; a gap after it that goes too is marked in
/// `dead`. (Removing from a `Vec` one entry at a time would be quadratic
/// in the removed codes.)
fn remove_entries<'a>(
    mut pieces: Vec<Piece<'a>>,
    remove: impl Fn(&Piece<'a>) -> bool,
    nl: &str,
) -> (Vec<Piece<'a>>, Vec<(String, String)>) {
    let goes = |p: &Piece<'a>| p.id.is_some() && remove(p);
    if !pieces.iter().any(goes) {
        return (pieces, Vec::new());
    }
    let n = pieces.len();
    // Entry pieces at or after each index; entries after the current one
    // are never removed before it is reached.
    let mut entries_from = vec![0usize; n + 1];
    for k in (0..n).rev() {
        entries_from[k] = entries_from[k + 1] + usize::from(pieces[k].entry);
    }
    let is_comment = |p: &Piece<'_>| p.entry && p.id.is_none();
    let mut dead = vec![false; n];
    let mut out: Vec<Piece<'a>> = Vec::with_capacity(n);
    let mut removed = Vec::new();
    for i in 0..n {
        if dead[i] {
            continue;
        }
        let piece = std::mem::take(&mut pieces[i]);
        let Some(id) = piece.id.filter(|_| goes(&piece)) else {
            out.push(piece);
            continue;
        };
        let id = id.to_owned();
        let has_later_entry = entries_from[i + 1] > 0;
        // An entry that sat right under the one before (no blank line)
        // leaves that empty gap, not the blank lines after it: otherwise the
        // entries around it would touch, and Fluent reads touching comments
        // as one.
        let touching_before = out.last().is_some_and(|p| !p.entry && p.text.is_empty());
        if has_later_entry && touching_before {
            out.pop();
            // The entries on either side now meet through the gap that
            // followed the removed one (pieces alternate entry and gap).
            // When that gap is empty and one of them is a standalone
            // comment, they would touch: Fluent would then read two comments
            // as one block, or attach the comment to the message after it.
            // A blank line keeps them apart.
            let prev_is_comment = out.last().is_some_and(is_comment);
            let next_is_comment = pieces.get(i + 2).is_some_and(is_comment);
            if let Some(gap) = pieces.get_mut(i + 1) {
                if gap.text.is_empty() && (prev_is_comment || next_is_comment) {
                    gap.text = Cow::Owned(nl.to_owned());
                }
            }
        } else if has_later_entry {
            if pieces.get(i + 1).is_some_and(|p| !p.entry) {
                dead[i + 1] = true;
            }
        } else if out.len() >= 2 && out.last().is_some_and(|p| !p.entry) {
            // The last entry: drop the gap before it, keep the file's ending.
            out.pop();
        }
        removed.push((id, piece.text.into_owned()));
    }
    (out, removed)
}

/// Ends a non-empty `s` with a line break.
#[doc(hidden)]
pub fn ensure_newline(s: &mut (impl Push + AsRef<str>), nl: &str) {
    let t = s.as_ref();
    if !t.is_empty() && !t.ends_with('\n') {
        s.push_str(nl);
    }
}

/// Ends `s` with exactly one blank line (unless it is empty).
fn separate(s: &mut (impl Push + AsRef<str>), nl: &str) {
    if s.as_ref().is_empty() {
        return;
    }
    ensure_newline(s, nl);
    let t = s.as_ref();
    if !(t.ends_with("\n\n") || t.ends_with("\n\r\n")) {
        s.push_str(nl);
    }
}

/// `s` with its `\n` line ends written as `nl`.
#[doc(hidden)]
pub fn convert_newlines(s: &str, nl: &str) -> String {
    if nl == "\n" {
        s.to_owned()
    } else {
        s.replace('\n', nl)
    }
}

/// The new text of a live message's segment, or `None` when it stays.
/// `nl` is the file's line ending: text errbook writes uses it, whatever the
/// segment's own lines end with, so a file with mixed endings converges.
fn update(
    segment: &str,
    e: &MessageEntry,
    m: &SourceMessage,
    nl: &str,
    seed: bool,
    changes: &mut Changes,
) -> Option<String> {
    let meta = e.meta();
    // The segment ends where the message ends, so the body's length is
    // known from the file's offsets even for a copy of the segment.
    let body = &segment[segment.len() - e.body_len..];

    // An untranslated message that still holds exactly its recorded source
    // text is errbook's own copy: refresh it whole.
    // (Not when the message has attributes of a translator's own beside
    // the hint: rewriting it whole would drop them.)
    if meta.untranslated
        && e.value_text().is_some()
        && e.value_text() == meta.source
        && !other_attributes(body)
    {
        let pristine_hint = !e.has_hint || e.hint_text() == meta.source_hint;
        if let Some(english) = m.english.as_deref().filter(|_| seed && pristine_hint) {
            changes.seeded.push(m.id.clone());
            return Some(convert_newlines(&seeded_entry(m, english, meta.notes), nl));
        }
        if meta.source == Some(&*m.value) && meta.source_hint == m.hint.as_deref() {
            return None;
        }
        if pristine_hint {
            changes.refreshed.push(m.id.clone());
            return Some(convert_newlines(&untranslated_entry(m, meta.notes), nl));
        }
    }

    let mut markers = MarkerLines::from_meta(meta);
    let mut stale = false;
    let mut new_body = Cow::Borrowed(body);
    match &meta.source {
        None => {
            markers.source = Some(Cow::Borrowed(&m.value));
            markers.source_hint = m.hint.as_deref().map(Cow::Borrowed);
            if markers.stale_reason.is_none() {
                markers.stale_reason = Some(Cow::Borrowed(
                    "no source text was recorded; check the translation against it, then delete this line",
                ));
            }
            stale = true;
        }
        Some(recorded) => {
            if **recorded != *m.value {
                let was = markers.stale_was.take().unwrap_or(Cow::Borrowed(recorded));
                markers.stale_was = (*was != *m.value).then_some(was);
                markers.source = Some(Cow::Borrowed(&m.value));
                stale |= markers.stale_was.is_some();
            }
            if meta.source_hint != m.hint.as_deref() {
                match (&meta.source_hint, &m.hint) {
                    (None, Some(_)) if !e.has_hint => {
                        // The source gained a hint: add it, untranslated.
                        markers.untranslated_hint = true;
                    }
                    (old, _) => {
                        let was = markers
                            .stale_hint_was
                            .take()
                            .or_else(|| old.map(Cow::Borrowed))
                            .unwrap_or_default();
                        markers.stale_hint_was = (Some(&*was) != m.hint.as_deref()).then_some(was);
                        stale |= markers.stale_hint_was.is_some();
                    }
                }
                markers.source_hint = m.hint.as_deref().map(Cow::Borrowed);
            }
        }
    }
    if let (Some(h), false) = (&m.hint, e.has_hint) {
        if markers.untranslated_hint || meta.source.is_none() {
            markers.untranslated_hint = true;
            let new_body = new_body.to_mut();
            ensure_newline(new_body, nl);
            let mut attr = String::new();
            entry_line(&mut attr, 4, ".hint", h);
            new_body.push_str(&convert_newlines(&attr, nl));
        }
    }
    // Most messages are current: their comment is compared as it is
    // written, without making it.
    if let Cow::Borrowed(_) = new_body {
        let mut same = Matcher {
            rest: &segment[..segment.len() - e.body_len],
            nl,
            same: true,
        };
        markers.write(&mut same, meta.notes);
        if same.same && same.rest.is_empty() {
            return None;
        }
    }
    let mut comment = String::new();
    markers.write(&mut comment, meta.notes);
    let new = convert_newlines(&comment, nl) + &new_body;
    if new == segment {
        return None;
    }
    if stale {
        changes.stale.push(m.id.clone());
    } else {
        changes.refreshed.push(m.id.clone());
    }
    Some(new)
}

/// Compares the text written to it with `rest`, each `\n` written as `nl`
/// (as [`convert_newlines`] would).
struct Matcher<'a> {
    /// What is still to come.
    rest: &'a str,
    /// The line ending.
    nl: &'a str,
    /// False from the first difference.
    same: bool,
}

impl Matcher<'_> {
    fn eat(&mut self, s: &str) {
        if !self.same {
            return;
        }
        match self.rest.strip_prefix(s) {
            Some(rest) => self.rest = rest,
            None => self.same = false,
        }
    }

    /// A line ending: the file's own, or the other one. A file may mix
    /// them (an editor that kept some lines' CRLF); a current entry is
    /// then left as it is, not rewritten to change its line endings.
    fn eat_newline(&mut self) {
        if !self.same {
            return;
        }
        let rest = self.rest.strip_prefix(self.nl).or_else(|| {
            self.rest
                .strip_prefix("\r\n")
                .or_else(|| self.rest.strip_prefix('\n'))
        });
        match rest {
            Some(rest) => self.rest = rest,
            None => self.same = false,
        }
    }
}

impl Push for Matcher<'_> {
    fn push_str(&mut self, mut s: &str) {
        // Most often the file has the text as it is written, `\n` and all:
        // one comparison, before line by line.
        if let Some(rest) = self.rest.strip_prefix(s).filter(|_| self.same) {
            self.rest = rest;
            return;
        }
        while self.same {
            let Some(i) = memchr::memchr(b'\n', s.as_bytes()) else {
                return self.eat(s);
            };
            self.eat(&s[..i]);
            self.eat_newline();
            s = &s[i + 1..];
        }
    }
}

#[cfg(test)]
mod tests {
    /// What the assembly of a synced file asks of its text so far, which a
    /// spilled output answers from the end it keeps: the same answers as
    /// the whole text, for any text given in any pieces.
    mod spilled_output {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn answers_as_the_whole_text(
                file in "[ab#\r\n]{0,40}",
                pieces in proptest::collection::vec("([ab#\r\n]{0,12}|[ab]{4000,4200})", 0..12),
            ) {
                let mut built = Built(String::new());
                let mut out = Output {
                    file: &file,
                    at: 0,
                    size: 0,
                    spill: &mut built,
                    spilled: false,
                    tail: String::new(),
                    trim_at: TAIL,
                };
                let mut whole = String::new();
                for p in &pieces {
                    out.push_str(p);
                    whole.push_str(p);
                    let seen = out.as_str();
                    prop_assert_eq!(seen.is_empty(), whole.is_empty());
                    prop_assert_eq!(seen.lines().last(), whole.lines().last());
                    for end in ["\n", "\n\n", "\r\n\r\n", "\n\r\n"] {
                        prop_assert_eq!(seen.ends_with(end), whole.ends_with(end));
                    }
                    prop_assert!(seen.len() <= whole.len());
                }
                let changed = out.finish();
                prop_assert_eq!(changed, whole != file);
                if changed {
                    prop_assert_eq!(&built.0, &whole);
                }
            }
        }
    }

    use super::*;

    fn msg(id: &str, value: &str) -> SourceMessage {
        SourceMessage::plain(id, value)
    }

    fn run(file: &str, msgs: &[SourceMessage]) -> (String, Changes) {
        sync(&FtlFile::parse(file.to_owned()), msgs).unwrap()
    }

    const BASE: &str = "### header\n\n# note kept\n# source: 一\nerror-1 = One\n\n# source: 二\nerror-2   =   Two\n";

    #[test]
    fn unchanged_file_is_identical() {
        let (out, ch) = run(BASE, &[msg("error-1", "一"), msg("error-2", "二")]);
        assert_eq!(out, BASE);
        assert!(ch.is_empty());
    }

    #[test]
    fn new_code_goes_after_its_predecessor() {
        let (out, ch) = run(
            BASE,
            &[
                msg("error-1", "一"),
                msg("error-15", "一五"),
                msg("error-2", "二"),
            ],
        );
        assert_eq!(ch.added, ["error-15"]);
        assert_eq!(
            out,
            "### header\n\n# note kept\n# source: 一\nerror-1 = One\n\n# untranslated\n# source: 一五\nerror-15 = 一五\n\n# source: 二\nerror-2   =   Two\n"
        );
        let (again, ch) = run(
            &out,
            &[
                msg("error-1", "一"),
                msg("error-15", "一五"),
                msg("error-2", "二"),
            ],
        );
        assert_eq!(again, out);
        assert!(ch.is_empty());
    }

    #[test]
    fn changed_source_marks_stale_and_keeps_translation() {
        let (out, ch) = run(BASE, &[msg("error-1", "壹"), msg("error-2", "二")]);
        assert_eq!(ch.stale, ["error-1"]);
        assert!(
            out.contains("# note kept\n# stale, source was: 一\n# source: 壹\nerror-1 = One\n"),
            "{out}"
        );
        // Changing back clears the mark.
        let (back, _) = run(&out, &[msg("error-1", "一"), msg("error-2", "二")]);
        assert_eq!(back, BASE);
    }

    /// A new code whose source text another message was translated from
    /// gets that translation, marked for review: from a current live
    /// message first, then the obsolete section, then a stale mark's old
    /// source; never from an untranslated copy or a translation still
    /// under review. The translator's comment of the other message stays
    /// with it.
    #[test]
    fn new_code_reuses_a_translation_of_its_source_text() {
        let text = "# note kept\n# source: 一\nerror-1 = One\n\n# untranslated\n# source: 三\nerror-3 = 三\n\n\
                    # review: from somewhere\n# source: 四\nerror-4 = Four?\n\n\
                    # stale, source was: 五\n# source: 伍\nerror-5 = Five\n\n\
                    ## Obsolete\n\n# source: 二\nerror-9 = Two\n";
        let msgs = [
            msg("error-1", "一"),
            msg("error-3", "三"),
            msg("error-4", "四"),
            msg("error-5", "伍"),
            msg("error-11", "一"),
            msg("error-12", "二"),
            msg("error-13", "三"),
            msg("error-14", "四"),
            msg("error-15", "五"),
        ];
        let (out, ch) = run(text, &msgs);
        assert_eq!(ch.reused, ["error-11", "error-12", "error-15"]);
        assert_eq!(ch.added, ["error-13", "error-14"]);
        for expected in [
            "# review: reused from `error-1`, which has the same source text\n# source: 一\nerror-11 = One\n",
            "# review: reused from `error-9` (in the obsolete section), which was translated from the same source text\n# source: 二\nerror-12 = Two\n",
            "# review: reused from `error-5` (before its source changed), which was translated from the same source text\n# source: 五\nerror-15 = Five\n",
            "# untranslated\n# source: 三\nerror-13 = 三\n",
            "# untranslated\n# source: 四\nerror-14 = 四\n",
        ] {
            assert!(out.contains(expected), "{expected}\nin\n{out}");
        }
        assert_eq!(out.matches("# note kept").count(), 1);
        // The reused entries read as marked for review, and a second sync
        // leaves them.
        let file = FtlFile::parse(out.clone());
        let reviewed: Vec<&str> = file
            .messages()
            .filter(|(_, e)| e.meta().review.is_some())
            .map(|(_, e)| e.id())
            .collect();
        assert_eq!(reviewed, ["error-4", "error-11", "error-12", "error-15"]);
        let (again, ch) = run(&out, &msgs);
        assert_eq!(again, out);
        assert!(ch.is_empty(), "{ch:?}");
    }

    /// A translation whose code changes its text in the same sync is
    /// offered for what it was translated from, and says so.
    #[test]
    fn reuse_from_a_message_whose_source_changes_now() {
        let (out, ch) = run(
            BASE,
            &[
                msg("error-1", "壹"),
                msg("error-2", "二"),
                msg("error-3", "一"),
            ],
        );
        assert_eq!(ch.reused, ["error-3"]);
        assert_eq!(ch.stale, ["error-1"]);
        assert!(
            out.contains("# review: reused from `error-1` (before its source changed), which was translated from the same source text\n# source: 一\nerror-3 = One\n"),
            "{out}"
        );
    }

    /// A hint is reused with the value when the source hint is the same;
    /// a source with a hint is not matched by a translation made without
    /// one.
    #[test]
    fn reuse_matches_the_hint_too() {
        let text = "# source: 一\n# source.hint: 重试\nerror-1 = One\n    .hint = Retry\n\n# source: 二\nerror-2 = Two\n";
        let mut a = msg("error-1", "一");
        a.hint = Some("重试".into());
        let mut b = msg("error-11", "一");
        b.hint = Some("重试".into());
        let mut c = msg("error-12", "二");
        c.hint = Some("等待".into());
        let (out, ch) = run(text, &[a, msg("error-2", "二"), b, c]);
        assert_eq!(ch.reused, ["error-11"]);
        assert_eq!(ch.added, ["error-12"]);
        assert!(
            out.contains("# source.hint: 重试\nerror-11 = One\n    .hint = Retry\n"),
            "{out}"
        );
    }

    #[test]
    fn removed_code_moves_to_obsolete_and_back() {
        let (out, ch) = run(BASE, &[msg("error-2", "二")]);
        assert_eq!(ch.obsoleted, ["error-1"]);
        assert!(
            out.starts_with("### header\n\n# source: 二\nerror-2   =   Two\n\n## Obsolete\n"),
            "{out}"
        );
        assert!(
            out.ends_with("\n\n# note kept\n# source: 一\nerror-1 = One\n"),
            "{out}"
        );
        let (again, ch) = run(&out, &[msg("error-2", "二")]);
        assert_eq!(again, out);
        assert!(ch.is_empty());
        let (back, ch) = run(&out, &[msg("error-1", "一"), msg("error-2", "二")]);
        assert_eq!(ch.revived, ["error-1"]);
        assert!(
            back.contains("# note kept\n# source: 一\nerror-1 = One\n\n# source: 二"),
            "{back}"
        );
    }

    #[test]
    fn removing_a_message_between_two_comments_keeps_them_apart() {
        // Found by the sync fuzzer: a group comment, a message right under it
        // and a comment right under that. Without a blank line the two
        // comments would touch once the message is gone.
        let (out, ch) = run("## Group\ne = x\n# note\n", &[msg("error-1", "一")]);
        assert_eq!(ch.obsoleted, ["e"]);
        assert!(out.starts_with("## Group\n\n# note\n"), "{out}");
        let parsed = FtlFile::parse(out.clone());
        assert!(parsed.layout_ok && parsed.errors.is_empty(), "{out}");
        assert_eq!(run(&out, &[msg("error-1", "一")]).0, out);
    }

    #[test]
    fn refuses_junk_and_duplicates() {
        assert_eq!(
            sync(&FtlFile::parse("a = \n"), &[]),
            Err(Refusal::SyntaxErrors)
        );
        assert_eq!(
            sync(&FtlFile::parse("a = 1\na = 2\n"), &[]),
            Err(Refusal::DuplicateIds(vec!["a".into()]))
        );
        // Ids of the source are told apart by their source message, the
        // others by their text: the same answer as `editable`, in the
        // file's order, live or obsolete.
        let source = [msg("error-1", "一"), msg("error-2", "二")];
        for (text, dups) in [
            ("error-1 = a\nerror-2 = b\nerror-1 = c\n", vec!["error-1"]),
            (
                "x = 1\nerror-1 = a\nx = 2\nerror-2 = b\n\n## Obsolete\n\nerror-1 = c\n",
                vec!["x", "error-1"],
            ),
            ("error-2 = a\nerror-2 = b\nerror-2 = c\n", vec!["error-2"]),
        ] {
            let file = FtlFile::parse(text.to_owned());
            let want = Err(Refusal::DuplicateIds(
                dups.iter().map(|d| d.to_string()).collect(),
            ));
            assert_eq!(editable(&file), want, "{text}");
            assert_eq!(sync(&file, &source).map(|_| ()), want, "{text}");
        }
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let f = BASE.replace('\n', "\r\n");
        let (out, _) = run(
            &f,
            &[
                msg("error-1", "一"),
                msg("error-15", "一五"),
                msg("error-2", "二"),
            ],
        );
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
    }

    /// `sync_with` on `text`: whether the result was borrowed, and it.
    fn synced(text: &str, msgs: &[SourceMessage]) -> (bool, String) {
        let file = FtlFile::parse(text.to_owned());
        let index = crate::standing::source_index(msgs);
        let (out, _) = sync_with(&file, msgs, &index, false).unwrap();
        (matches!(out, Cow::Borrowed(_)), out.into_owned())
    }

    #[test]
    fn a_current_file_is_borrowed_and_any_change_is_a_copy() {
        let msgs = [msg("error-1", "一"), msg("error-2", "二")];
        for text in [BASE.to_owned(), BASE.replace('\n', "\r\n")] {
            assert_eq!(synced(&text, &msgs), (true, text.clone()));
        }
        // A comment errbook would write otherwise: its markers out of
        // order, or a changed source text, in either line ending.
        let reordered = "# source: 一\n# stale, source was: 旧\nerror-1 = One\n";
        let normal = "# stale, source was: 旧\n# source: 一\nerror-1 = One\n";
        for nl in ["\n", "\r\n"] {
            let (borrowed, out) = synced(&reordered.replace('\n', nl), &msgs[..1]);
            assert_eq!((borrowed, out), (false, normal.replace('\n', nl)));
            let (borrowed, out) = synced(
                &BASE.replace('\n', nl),
                &[msg("error-1", "一"), msg("error-2", "两")],
            );
            assert!(!borrowed);
            assert!(
                out.contains(&format!("# stale, source was: 二{nl}# source: 两{nl}")),
                "{out:?}"
            );
        }
        // Current files with markers, notes and a hint, in both endings.
        let marked = "# a translator's note\n# untranslated\n# source: 一\nerror-1 = 一\n\n# stale, source was: 旧\n# source: 二\n# source.hint: 提示\nerror-2 = Two\n    .hint = Hint\n";
        let hinted = [
            msg("error-1", "一"),
            SourceMessage {
                hint: Some("提示".into()),
                ..msg("error-2", "二")
            },
        ];
        for nl in ["\n", "\r\n"] {
            let text = marked.replace('\n', nl);
            assert_eq!(synced(&text, &hinted), (true, text.clone()));
        }
        // A file whose last line has no line break is current as it is.
        let open_end = BASE.trim_end();
        assert_eq!(synced(open_end, &msgs), (true, open_end.to_owned()));
    }
}
