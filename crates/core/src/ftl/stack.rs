//! Keeping fluent-syntax's recursion within the stack.
//!
//! The parser recurses once for each level of placeables and call
//! arguments, so a hostile file could overflow any stack. Before a text is
//! given to the parser, a walk of its braces bounds how deep the parser
//! can go in it ([`parser_can_take`]); the parse then runs on a thread
//! whose stack holds that many levels ([`with_parser_stack`]).

use super::MAX_NESTING;

/// How deep the parser may be made to recurse in the part of a file it is
/// given: what [`with_parser_stack`] gives a stack for. fluent-syntax's
/// parser recurses once a level; a range that could take it deeper is not
/// given to it (see [`super::parse_chunk`]). Far beyond any real file, and a
/// bound on the stack a hostile one can make a parse touch.
pub(super) const PARSE_LEVELS: usize = 1 << 14;

/// Walks `bytes` as the Fluent parser nests, calling `f` with the place of
/// each `{`, `}`, `(` and `)` that changes the depth and the depth after
/// it, until `f` returns false. A `{` opens a placeable; inside an
/// expression a `(` opens call arguments (the parser recurses through
/// both). Inside an expression a string literal (which ends at its line)
/// hides `}` and `)`; after `->` the variants' text does not; comment lines
/// are skipped. `upward`: the walk errs upward only, as a guard must: a
/// `{` counts even where it may sit in a string, and an unclosed one is
/// never forgotten; else a string hides it, as the parser reads a well-formed
/// placeable.
pub(super) fn nesting(bytes: &[u8], upward: bool, mut f: impl FnMut(usize, usize) -> bool) {
    #[derive(Clone, Copy, PartialEq)]
    enum Level {
        Expression,
        Arguments,
        Variants,
    }
    let mut levels: Vec<Level> = Vec::new();
    let mut in_string = false;
    let mut line_start = true;
    let mut i = 0;
    while i < bytes.len() {
        if levels.is_empty() {
            // Outside every placeable only a `{` nests (strings and
            // parentheses nest inside expressions only), unless it is on a
            // comment line: skip to it rather than walk the text between.
            let Some(at) = memchr::memchr(b'{', &bytes[i..]).map(|n| i + n) else {
                return;
            };
            let line = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |n| n + 1);
            if bytes[line] == b'#' {
                i = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n + 1);
                line_start = true;
                continue;
            }
            i = at;
            in_string = false;
            line_start = false;
        } else if !line_start && levels.last() == Some(&Level::Variants) {
            // A variant's text (never in a string): only braces nest, and a
            // line end may start a comment line.
            match memchr::memchr3(b'{', b'}', b'\n', &bytes[i..]) {
                Some(n) => i += n,
                None => return,
            }
        }
        let b = bytes[i];
        if line_start && b == b'#' {
            // A comment line: nothing in it nests.
            i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n + 1);
            in_string = false;
            continue;
        }
        line_start = b == b'\n';
        let expression = matches!(levels.last(), Some(Level::Expression | Level::Arguments));
        match b {
            b'\n' => in_string = false,
            b'\\' if in_string && bytes.get(i + 1).is_some_and(|&n| n != b'\n') => i += 1,
            b'"' if in_string => in_string = false,
            b'"' if expression => in_string = true,
            // Erring upward, a `{` counts even where it may be in a
            // string; exactly, a string hides it.
            b'{' if upward || !in_string => {
                levels.push(Level::Expression);
                if !f(i, levels.len()) {
                    return;
                }
            }
            b'(' if expression && !in_string => {
                levels.push(Level::Arguments);
                if !f(i, levels.len()) {
                    return;
                }
            }
            b'}' if !in_string => {
                levels.pop();
                if !f(i, levels.len()) {
                    return;
                }
            }
            b')' if !in_string && levels.last() == Some(&Level::Arguments) => {
                levels.pop();
                if !f(i, levels.len()) {
                    return;
                }
            }
            b'-' if !in_string
                && levels.last() == Some(&Level::Expression)
                && bytes.get(i + 1) == Some(&b'>') =>
            {
                if let Some(l) = levels.last_mut() {
                    *l = Level::Variants;
                }
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
}

/// Where placeables may first nest deeper than [`MAX_NESTING`] in `bytes`,
/// a single piece of Fluent (one entry or placeable), or `None`; it errs
/// upward (see [`nesting`]). For a file, whose entries the parser
/// delimits, the rule applies per entry ([`super::entry_depth`]).
pub fn too_deep(bytes: &[u8]) -> Option<usize> {
    deeper_than(bytes, MAX_NESTING)
}

/// Where the parser may first recurse more than `limit` levels in `bytes`,
/// or `None`; it errs upward (see [`nesting`]).
fn deeper_than(bytes: &[u8], limit: usize) -> Option<usize> {
    // Fewer braces and parentheses than that cannot nest that deep.
    if openers(bytes) <= limit {
        return None;
    }
    walk_deeper_than(bytes, limit)
}

/// [`deeper_than`] without the count that spares the walk.
pub(super) fn walk_deeper_than(bytes: &[u8], limit: usize) -> Option<usize> {
    let mut at = None;
    nesting(bytes, true, |i, depth| {
        if depth > limit {
            at = Some(i);
        }
        at.is_none()
    });
    at
}

/// True when `text`, a whole file, holds no part the parser could be made
/// to recurse in deeper than errbook lets it: what it is safe to give
/// fluent-syntax (on the stack of [`with_parser_stack`]).
pub fn parser_can_take(text: &str) -> bool {
    deeper_than(text.as_bytes(), PARSE_LEVELS).is_none()
}

/// The end (past its `}`) of the placeable that starts `bytes` (with a
/// `{`), found as the parser nests; `None` when it is not closed.
pub fn placeable_end(bytes: &[u8]) -> Option<usize> {
    let mut end = None;
    nesting(bytes, false, |i, depth| {
        if depth == 0 {
            end = Some(i + 1);
        }
        end.is_none()
    });
    end
}

/// How many `{` and `(` there are in `bytes`: a bound on how deep the
/// parser can recurse in them.
pub(super) fn openers(bytes: &[u8]) -> usize {
    memchr::memchr2_iter(b'{', b'(', bytes).count()
}

/// Stack for one level of the parser's recursion, with room to spare for
/// the larger frames of a debug build.
const LEVEL: usize = 32 << 10;

/// The stack a thread gets from [`build_parser_threads`], for the workers that
/// parse: enough for a chunk of a catalog that uses placeables everywhere,
/// as address space (touched only as deep as a parse goes).
pub const PARSER_STACK: usize = 256 << 20;

std::thread_local! {
    /// How many parser levels this thread's stack holds beyond
    /// [`MAX_NESTING`] (0: only that many; a thread of unknown size).
    static STACK_LEVELS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Builds rayon's global pool with workers whose stacks hold
/// [`PARSER_STACK`] and say so, for [`with_parser_stack`]: what a program
/// that parses large Fluent files starts with. A worker the system refuses
/// so large a stack (a low `ulimit -v`) gets the default one and says that
/// instead: a pool that failed to build would leave rayon with no global
/// pool at all, and the program's first parallel call would panic.
pub fn build_parser_threads() -> Result<(), rayon::ThreadPoolBuildError> {
    rayon::ThreadPoolBuilder::new()
        .spawn_handler(|worker| {
            // Taken by the thread that runs; still here if the spawn failed.
            let slot = std::sync::Arc::new(std::sync::Mutex::new(Some(worker)));
            let spawn = |stack: Option<usize>| {
                let slot = std::sync::Arc::clone(&slot);
                let mut b = std::thread::Builder::new();
                if let Some(name) = slot
                    .lock()
                    .ok()
                    .and_then(|w| w.as_ref()?.name().map(str::to_owned))
                {
                    b = b.name(name);
                }
                if let Some(size) = stack {
                    b = b.stack_size(size);
                }
                b.spawn(move || {
                    STACK_LEVELS.with(|l| l.set(stack.map_or(0, |s| s / LEVEL)));
                    let worker = slot.lock().ok().and_then(|mut w| w.take());
                    if let Some(w) = worker {
                        w.run();
                    }
                })
            };
            match spawn(Some(PARSER_STACK)) {
                Ok(_) => Ok(()),
                Err(_) => spawn(None).map(|_| ()),
            }
        })
        .build_global()
}

/// Runs `parse`, a Fluent parse of `text`, where the parser's recursion
/// cannot overflow the stack: on this thread when `text` has no more `{`
/// and `(` than this thread's stack holds levels for ([`MAX_NESTING`], or
/// more on a worker of [`build_parser_threads`]), else on a thread whose stack
/// holds as many levels as it has of them, up to [`PARSE_LEVELS`] (address
/// space, touched only as deep as the parse goes): the caller checks that
/// `text` cannot take the parser deeper ([`parser_can_take`], or
/// [`too_deep`] for one entry). `None` when no such thread starts.
pub fn with_parser_stack<T: Send>(text: &[u8], parse: impl FnOnce() -> T + Send) -> Option<T> {
    let n = openers(text);
    if n <= MAX_NESTING.max(STACK_LEVELS.with(std::cell::Cell::get)) {
        return Some(parse());
    }
    let stack = (1 << 20) + n.min(PARSE_LEVELS) * LEVEL;
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("errbook-parse".to_owned())
            .stack_size(stack)
            .spawn_scoped(s, parse)
            .ok()
            .and_then(|h| h.join().ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::parser;

    /// The walk of [`nesting`] byte by byte, with no skipping (outside
    /// placeables or through a variant's text): the reference its skips
    /// must agree with.
    fn nesting_byte_by_byte(bytes: &[u8], upward: bool) -> Vec<(usize, usize)> {
        let mut levels: Vec<u8> = Vec::new(); // b'e'xpression, b'a'rguments, b'v'ariants
        let (mut in_string, mut line_start, mut i) = (false, true, 0);
        let mut out = Vec::new();
        while i < bytes.len() {
            let b = bytes[i];
            if line_start && b == b'#' {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n + 1);
                in_string = false;
                continue;
            }
            line_start = b == b'\n';
            let expression = matches!(levels.last(), Some(b'e' | b'a'));
            match b {
                b'\n' => in_string = false,
                b'\\' if in_string && bytes.get(i + 1).is_some_and(|&n| n != b'\n') => i += 1,
                b'"' if in_string => in_string = false,
                b'"' if expression => in_string = true,
                b'{' if upward || !in_string => {
                    levels.push(b'e');
                    out.push((i, levels.len()));
                }
                b'(' if expression && !in_string => {
                    levels.push(b'a');
                    out.push((i, levels.len()));
                }
                // A `}` that closes nothing changes nothing (the walk
                // skips it).
                b'}' if !in_string && levels.pop().is_some() => out.push((i, levels.len())),
                b')' if !in_string && levels.last() == Some(&b'a') => {
                    levels.pop();
                    out.push((i, levels.len()));
                }
                b'-' if !in_string
                    && levels.last() == Some(&b'e')
                    && bytes.get(i + 1) == Some(&b'>') =>
                {
                    *levels.last_mut().unwrap() = b'v';
                    i += 1;
                }
                _ => {}
            }
            i += 1;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn nesting_skips_only_what_cannot_nest(
            text in proptest::collection::vec(
                proptest::sample::select(&[
                    "{", "}", "(", ")", "\"", "\\", "#", "\n", "->", "-", ">", "a", " ", "=", "[", "]",
                ][..]),
                0..80,
            ),
            upward: bool,
        ) {
            let text = text.concat();
            let bytes = text.as_bytes();
            let mut seen = Vec::new();
            nesting(bytes, upward, |i, depth| {
                seen.push((i, depth));
                true
            });
            proptest::prop_assert_eq!(seen, nesting_byte_by_byte(bytes, upward));
        }
    }

    #[test]
    fn the_parser_runs_on_a_stack_that_holds_its_recursion() {
        // What the nesting walk would refuse, parsed anyway on the stack
        // `with_parser_stack` gives: the second guard holds on its own.
        let n = 20_000;
        let text = format!("x = {}$x{}\n", "{".repeat(n), "}".repeat(n));
        let parsed = with_parser_stack(text.as_bytes(), || {
            parser::parse(text.as_str())
                .map(|r| r.body.len())
                .unwrap_or(0)
        });
        assert_eq!(parsed, Some(1));
    }
}
