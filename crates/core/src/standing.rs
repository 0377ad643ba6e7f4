//! Where a locale's translations stand against the source messages: each
//! message's state (translated, stale, untranslated, missing), a locale's
//! counts of them, and the index of the source messages by id that every
//! stage shares. The checks report from it; sync, the site, `errbook
//! stats` and the runtime's build read it.

use crate::catalog::{MessageKind, SourceMessage};
use crate::ftl::{FtlFile, MessageEntry};

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
    /// Marked for review (`# review:`), whatever their state: seeded from
    /// the page's English column, or suggested.
    pub review: usize,
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
        for (_, state, e) in &self.codes {
            c.review += usize::from(e.is_some_and(|e| e.meta().review.is_some()));
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
/// standing and page. It holds positions in the messages it was built from,
/// hashed by their ids, and copies no id: its methods take those messages.
#[derive(Debug, Default)]
pub struct SourceIndex {
    /// The position of the first message with each id.
    first: hashbrown::HashTable<u32>,
    /// No two source messages share an id.
    unique: bool,
}

fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(id)
}

impl SourceIndex {
    /// The position in `messages` (those the index was built from) of the
    /// first message with this id.
    pub fn find(&self, messages: &[SourceMessage], id: &str) -> Option<usize> {
        let at = |&i: &u32| messages.get(i as usize).is_some_and(|m| m.id == id);
        self.first.find(id_hash(id), at).map(|&i| i as usize)
    }

    /// Where the first source message with the id of `messages[at]` is:
    /// `at` itself unless an earlier message has the same id.
    pub fn first_of(&self, messages: &[SourceMessage], at: usize) -> usize {
        if self.unique {
            return at;
        }
        messages
            .get(at)
            .and_then(|m| self.find(messages, &m.id))
            .unwrap_or(at)
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
            _ => self.index.find(self.messages, id)?,
        };
        self.next.set(at + 1);
        Some(at)
    }
}

/// The [`SourceIndex`] of `messages`.
///
/// # Panics
/// With more than `u32::MAX` messages (a source table of that many rows
/// would not fit in memory first).
pub fn source_index(messages: &[SourceMessage]) -> SourceIndex {
    let mut first = hashbrown::HashTable::with_capacity(messages.len());
    let rehash = |&i: &u32| id_hash(&messages[i as usize].id);
    let mut unique = true;
    for (i, m) in messages.iter().enumerate() {
        let hash = id_hash(&m.id);
        let same = |&j: &u32| messages[j as usize].id == m.id;
        if first.find(hash, same).is_some() {
            unique = false;
        } else {
            let i = u32::try_from(i).expect("fewer than 2^32 source messages");
            first.insert_unique(hash, i, rehash);
        }
    }
    SourceIndex { first, unique }
}
