//! The walk of an entry's syntax tree: how deep its placeables nest, what
//! it refers to, and how many placeables and references formatting one of
//! its patterns meets. Reading keeps these with each message and term
//! ([`super::Refs`]); the format limits add them up along references.

use fluent_syntax::ast;

use super::limits::longest_way;
use super::Refs;

/// How deep the placeables of a message or term nest, counted as the
/// parser recurses: a placeable is a level, and so are a call's arguments.
/// An entry deeper than [`super::MAX_NESTING`] is not read (see [`super::items`]).
pub fn entry_depth(entry: &ast::Entry<&str>) -> usize {
    match entry {
        ast::Entry::Message(m) => walk_entry(m.value.as_ref(), &m.attributes, &mut |_, _| {}).depth,
        ast::Entry::Term(t) => walk_entry(Some(&t.value), &t.attributes, &mut |_, _| {}).depth,
        _ => 0,
    }
}

/// What the walk of a pattern meets ([`walk_entry`]).
#[derive(Clone, Copy)]
enum Met<'s> {
    /// `$name`.
    Variable(&'s str),
    /// `other` or `other.attr`.
    Message(&'s str, Option<&'s str>),
    /// `-name` or `-name.attr`, without the dash.
    Term(&'s str, Option<&'s str>),
}

/// How far formatting a pattern goes, on the variants it may choose.
#[derive(Clone, Copy, Default)]
struct Reached {
    /// How deep its placeables and call arguments nest.
    depth: usize,
    /// How many placeables the formatter counts in it (the pattern's and
    /// those of the variants it chooses).
    placeables: usize,
    /// How many message and term references it formats.
    references: usize,
}

impl Reached {
    /// `self` then `other`, in one call.
    fn and(self, other: Reached) -> Reached {
        Reached {
            depth: self.depth.max(other.depth),
            placeables: self.placeables + other.placeables,
            references: self.references + other.references,
        }
    }

    /// `self` or `other`, whichever is chosen: at most the larger of each.
    fn or(self, other: Reached) -> Reached {
        Reached {
            depth: self.depth.max(other.depth),
            placeables: self.placeables.max(other.placeables),
            references: self.references.max(other.references),
        }
    }

    /// Nothing, at depth `d`.
    fn at(d: usize) -> Reached {
        Reached {
            depth: d,
            ..Reached::default()
        }
    }
}

/// Walks the value and attributes of a message or term as the parser and
/// the formatter recurse, calling `f` with each reference and the depth it
/// sits at (how many placeables and call arguments are around it); returns
/// how deep the entry nests, and the most placeables and references one
/// of its patterns formats (fluent-bundle formats one variant of a
/// select expression, and each pattern in its own call).
fn walk_entry<'s>(
    value: Option<&ast::Pattern<&'s str>>,
    attributes: &[ast::Attribute<&'s str>],
    f: &mut impl FnMut(Met<'s>, usize),
) -> Reached {
    fn pattern<'s>(
        p: &ast::Pattern<&'s str>,
        d: usize,
        f: &mut impl FnMut(Met<'s>, usize),
    ) -> Reached {
        let mut r = Reached::at(d);
        for el in &p.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                let own = Reached {
                    placeables: 1,
                    ..Reached::at(d + 1)
                };
                r = r.and(own).and(expression_at(expression, d + 1, f));
            }
        }
        r
    }
    fn expression_at<'s>(
        e: &ast::Expression<&'s str>,
        d: usize,
        f: &mut impl FnMut(Met<'s>, usize),
    ) -> Reached {
        match e {
            ast::Expression::Select { selector, variants } => {
                let chosen = (variants.iter())
                    .map(|v| pattern(&v.value, d, f))
                    .fold(Reached::at(d), Reached::or);
                inline(selector, d, f).and(chosen)
            }
            ast::Expression::Inline(i) => inline(i, d, f),
        }
    }
    fn arguments<'s>(
        a: &ast::CallArguments<&'s str>,
        d: usize,
        f: &mut impl FnMut(Met<'s>, usize),
    ) -> Reached {
        let named = a.named.iter().map(|n| &n.value);
        (a.positional.iter().chain(named))
            .map(|e| inline(e, d, f))
            .fold(Reached::at(d), Reached::and)
    }
    fn inline<'s>(
        e: &ast::InlineExpression<&'s str>,
        d: usize,
        f: &mut impl FnMut(Met<'s>, usize),
    ) -> Reached {
        let reference = Reached {
            references: 1,
            ..Reached::at(d)
        };
        match e {
            ast::InlineExpression::VariableReference { id } => {
                f(Met::Variable(id.name), d);
                Reached::at(d)
            }
            ast::InlineExpression::MessageReference { id, attribute } => {
                f(Met::Message(id.name, attribute.as_ref().map(|a| a.name)), d);
                reference
            }
            ast::InlineExpression::FunctionReference { arguments: a, .. } => arguments(a, d + 1, f),
            ast::InlineExpression::TermReference {
                id,
                attribute,
                arguments: a,
            } => {
                f(Met::Term(id.name, attribute.as_ref().map(|a| a.name)), d);
                (a.as_ref()).map_or(reference, |a| reference.and(arguments(a, d + 1, f)))
            }
            ast::InlineExpression::Placeable { expression } => expression_at(expression, d + 1, f),
            _ => Reached::at(d),
        }
    }
    let attributes = attributes.iter().map(|a| &a.value);
    (value.into_iter().chain(attributes))
        .map(|p| pattern(p, 0, f))
        .fold(Reached::default(), Reached::or)
}

/// What a message or term refers to, with the depths of its placeables.
/// `own`: the entry's name, and whether it is a term (a reference to the
/// entry itself is to another of its patterns).
pub(super) fn refs_of<'s>(
    own: (bool, &str),
    value: Option<&ast::Pattern<&'s str>>,
    attributes: &[ast::Attribute<&'s str>],
) -> (Refs, usize) {
    let mut refs = Refs::default();
    let mut depth = 0;
    // The pattern of the entry a reference to itself formats: 0 the value,
    // then the attributes (none: a value or attribute it lacks).
    let first = usize::from(value.is_some());
    let own_pattern = |attribute: Option<&str>| match attribute {
        None => value.map(|_| 0),
        Some(a) => attributes
            .iter()
            .position(|x| x.id.name == a)
            .map(|i| first + i),
    };
    // For each pattern, the entry's patterns it refers to: filled only
    // once one does (few entries refer to themselves).
    let mut to_own: Vec<Vec<usize>> = Vec::new();
    let patterns = value.into_iter().chain(attributes.iter().map(|a| &a.value));
    // Each pattern is formatted on its own: the counts are per pattern.
    for (at, p) in patterns.enumerate() {
        let mut own_targets = Vec::new();
        let r = walk_entry(Some(p), &[], &mut |r, d| match r {
            Met::Variable(name) => {
                refs.variables.insert(name.to_owned());
            }
            Met::Message(id, attribute) | Met::Term(id, attribute) => {
                let term = matches!(r, Met::Term(..));
                if term {
                    refs.terms.insert(id.to_owned());
                } else {
                    refs.references.insert(match attribute {
                        Some(a) => format!("{id}.{a}"),
                        None => id.to_owned(),
                    });
                }
                if (term, id) == own {
                    own_targets.extend(own_pattern(attribute));
                }
                refs.reference_depth = refs.reference_depth.max(d);
            }
        });
        if !own_targets.is_empty() {
            to_own.resize_with(at + 1, Vec::new);
            to_own[at] = own_targets;
        }
        depth = depth.max(r.depth);
        refs.placeables = refs.placeables.max(r.placeables);
        refs.reference_count = refs.reference_count.max(r.references);
    }
    if !to_own.is_empty() {
        // Every pattern of the entry, those that refer to none included.
        to_own.resize_with(first + attributes.len(), Vec::new);
    }
    let way = longest_way(&to_own);
    refs.own_way = way.unwrap_or(0);
    refs.own_circle = way.is_none();
    (refs, depth)
}
