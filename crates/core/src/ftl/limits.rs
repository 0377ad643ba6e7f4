//! What fluent-bundle can format safely: how deep a message's placeables
//! nest and how many there are, counting those of the terms and messages it
//! refers to. Each entry the reader keeps is within [`MAX_NESTING`] on its
//! own (see [`super::entry_depth`]); references add entries up on the stack
//! of whatever thread formats them, and fluent-bundle stops after
//! [`MAX_PLACEABLES`] placeables in one call (panicking for some).

use std::borrow::Cow;

use fluent_syntax::ast;

use super::{refs_of, FtlFile, ItemKind, Refs, MAX_NESTING};

impl FtlFile {
    /// The ids of the messages [`too_deep_by_reference`] finds cannot be
    /// formatted safely, with the terms and messages they refer to.
    pub fn unformattable(&self) -> rustc_hash::FxHashSet<&str> {
        let reach: Vec<Reach<'_>> = (self.items.iter())
            .filter_map(|it| match &it.kind {
                ItemKind::Message(m) => Some(Reach::new(
                    false,
                    m.id(),
                    (usize::from(m.depth), usize::from(m.placeables)),
                    m.refs.as_deref(),
                )),
                ItemKind::Term(t) => Some(Reach::new(
                    true,
                    &t.name,
                    (t.depth, t.refs.placeables),
                    Some(&t.refs),
                )),
                _ => None,
            })
            .collect();
        let flagged = too_deep_by_reference(&reach);
        reach
            .into_iter()
            .zip(flagged)
            .filter_map(|(r, f)| match r.name {
                Cow::Borrowed(id) if f && !r.term => Some(id),
                _ => None,
            })
            .collect()
    }
}

/// True when `entries` (those of one resource, as a bundle formats them)
/// hold a message that cannot be formatted safely, on its own or by
/// reference ([`too_deep_by_reference`]), or an entry nested deeper than
/// [`MAX_NESTING`] (which errbook reads as Junk): what a program formats
/// must not hold one. A term is formatted only through a message.
pub fn any_too_deep<'e, 's: 'e>(
    entries: impl IntoIterator<Item = &'e ast::Entry<&'s str>>,
) -> bool {
    let read: Vec<(bool, &str, usize, Refs)> = entries
        .into_iter()
        .filter_map(|e| match e {
            ast::Entry::Message(m) => {
                let (refs, depth) = refs_of((false, m.id.name), m.value.as_ref(), &m.attributes);
                Some((false, m.id.name, depth, refs))
            }
            ast::Entry::Term(t) => {
                let (refs, depth) = refs_of((true, t.id.name), Some(&t.value), &t.attributes);
                Some((true, t.id.name, depth, refs))
            }
            _ => None,
        })
        .collect();
    if read.iter().any(|r| r.2 > MAX_NESTING) {
        return true;
    }
    let reach: Vec<Reach<'_>> = read
        .iter()
        .map(|(term, name, depth, refs)| {
            Reach::new(*term, name, (*depth, refs.placeables), Some(refs))
        })
        .collect();
    let flagged = too_deep_by_reference(&reach);
    reach.iter().zip(flagged).any(|(r, f)| f && !r.term)
}

/// A message or term as [`too_deep_by_reference`] sees it.
#[derive(Clone, Debug)]
pub struct Reach<'a> {
    /// A term (its name without the dash), or a message (its id).
    pub term: bool,
    /// The id or name.
    pub name: Cow<'a, str>,
    /// How deep its own placeables nest ([`super::entry_depth`]).
    pub depth: usize,
    /// How many placeables it has ([`Refs::placeables`]).
    pub placeables: usize,
    /// The depth of its deepest reference ([`Refs::reference_depth`]).
    pub reference_depth: usize,
    /// How many references it makes ([`Refs::reference_count`]).
    pub reference_count: usize,
    /// What it refers to: terms (`true`) and messages, by name.
    pub targets: Vec<(bool, Cow<'a, str>)>,
    /// How many references to its own patterns a way through it follows
    /// at most ([`Refs::own_way`]).
    pub own_way: usize,
    /// True when those lead round in a circle ([`Refs::own_circle`]).
    pub own_circle: bool,
}

impl<'a> Reach<'a> {
    /// A message or term that refers to what `refs` holds.
    pub fn new(
        term: bool,
        name: &'a str,
        (depth, placeables): (usize, usize),
        refs: Option<&'a Refs>,
    ) -> Reach<'a> {
        let targets = refs.map_or_else(Vec::new, Refs::targets);
        Reach {
            term,
            name: Cow::Borrowed(name),
            depth,
            placeables,
            reference_depth: refs.map_or(0, |r| r.reference_depth),
            reference_count: refs.map_or(0, |r| r.reference_count),
            targets: targets
                .into_iter()
                .map(|(t, n)| (t, Cow::Borrowed(n)))
                .collect(),
            own_way: refs.map_or(0, |r| r.own_way),
            own_circle: refs.is_some_and(|r| r.own_circle),
        }
    }

    /// The same, holding its names: for a reader that drops the entries
    /// before the file is done.
    pub fn into_owned(self) -> Reach<'static> {
        Reach {
            name: Cow::Owned(self.name.into_owned()),
            targets: (self.targets.into_iter())
                .map(|(t, n)| (t, Cow::Owned(n.into_owned())))
                .collect(),
            ..self
        }
    }
}

/// The most references a way through an entry's own patterns can follow
/// (`to[p]`: the patterns pattern `p` refers to), or `None` when a way
/// leads back to a pattern it passed: formatting stops there, as Fluent
/// cannot format a circle. The patterns are few, but a hostile file may
/// have many: no recursion.
pub(super) fn longest_way(to: &[Vec<usize>]) -> Option<usize> {
    // Kahn's order from the patterns nothing refers to; the longest way to
    // each pattern, in references.
    let mut into = vec![0usize; to.len()];
    for &t in to.iter().flatten() {
        into[t] += 1;
    }
    let mut ready: Vec<usize> = (0..to.len()).filter(|&p| into[p] == 0).collect();
    let mut way = vec![0usize; to.len()];
    let mut done = 0;
    while let Some(p) = ready.pop() {
        done += 1;
        for &t in &to[p] {
            way[t] = way[t].max(way[p] + 1);
            into[t] -= 1;
            if into[t] == 0 {
                ready.push(t);
            }
        }
    }
    (done == to.len()).then(|| way.into_iter().max().unwrap_or(0))
}

/// How many placeables fluent-bundle formats in one call before it stops
/// (with an error, or a panic for some expressions).
pub const MAX_PLACEABLES: usize = 100;

/// Which of `entries` (the messages and terms of one file, as a bundle
/// formats them together) cannot be formatted safely: the formatter may
/// recurse in them deeper than [`MAX_NESTING`] levels, counting the
/// placeables of the messages and terms they refer to (and a level for
/// each reference), or meet more than [`MAX_PLACEABLES`] placeables,
/// on the variant with the most and every reference; or their references lead back to
/// them. Each entry is within the rule on its own; references add them up
/// on the stack of whatever thread formats them.
///
/// A reference of an entry to itself is to another of its patterns (an
/// attribute referring to its message's value): fluent-bundle formats no
/// pattern twice on one way, so such references add up along the longest
/// way through the entry's patterns ([`Reach::own_way`]), unless they lead
/// round ([`Reach::own_circle`]). A way that leaves an entry and comes back
/// to it counts as a circle.
pub fn too_deep_by_reference(entries: &[Reach<'_>]) -> Vec<bool> {
    let (deep, many) = (MAX_NESTING + 1, MAX_PLACEABLES + 1);
    let mut index: rustc_hash::FxHashMap<(bool, &str), usize> = rustc_hash::FxHashMap::default();
    for (i, e) in entries.iter().enumerate() {
        // The first definition is the one a bundle keeps.
        index.entry((e.term, &*e.name)).or_insert(i);
    }
    // What each entry refers to but itself (`None`: an entry not given, a
    // message that nests nothing, or one the file lacks).
    let targets: Vec<Vec<Option<usize>>> = (entries.iter().enumerate())
        .map(|(i, e)| {
            (e.targets.iter())
                .map(|(t, n)| index.get(&(*t, &**n)).copied())
                .filter(|&t| t != Some(i))
                .collect()
        })
        .collect();
    // What an entry reaches on its own: past the caps when it is a circle.
    let own = |e: &Reach<'_>| match e.own_circle {
        true => (deep, many),
        false => (e.depth.min(deep), e.placeables.min(many)),
    };
    let most = |a: (usize, usize), b: (usize, usize)| (a.0.max(b.0), a.1.max(b.1));
    // The longest way down from each entry, and the most placeables met on
    // the way, capped: a way longer than the cap, round a circle or not, is
    // too deep. Each round follows one more reference, and the values only
    // grow, so the caps bound the rounds.
    let mut reach: Vec<(usize, usize)> = entries.iter().map(own).collect();
    for _ in 0..=deep.max(many) {
        let mut changed = false;
        for (i, to) in targets.iter().enumerate() {
            let e = &entries[i];
            // One more reference, to what reaches `(d, p)`.
            let step = |(d, p): (usize, usize)| {
                (
                    (e.reference_depth + 1 + d).min(deep),
                    (e.placeables + e.reference_count.saturating_mul(p)).min(many),
                )
            };
            let below = to
                .iter()
                .map(|t| t.map_or((0, 0), |t| reach[t]))
                .reduce(most);
            let mut r = match below {
                Some(below) => most(own(e), step(below)),
                None => own(e),
            };
            // Then the references to its own patterns, one after another.
            for _ in 0..e.own_way.min(deep.max(many)) {
                r = most(r, step(r));
            }
            if r.0 > reach[i].0 || r.1 > reach[i].1 {
                reach[i] = most(reach[i], r);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    reach
        .into_iter()
        .map(|(d, p)| d > MAX_NESTING || p > MAX_PLACEABLES)
        .collect()
}
