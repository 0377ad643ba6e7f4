//! Writing plain text as Fluent, and reading it back.
//!
//! Source messages are plain text, but Fluent gives meaning to `{` and `}`,
//! to `[`, `*` and `.` at the start of a continuation line, and drops
//! leading and trailing blanks. [`pattern`] writes text so that formatting
//! the message gives back exactly that text; [`entry_pieces`] does the same
//! for text around placeables kept as Fluent source (a translation's
//! `{ -brand }`); [`comment_value`] and [`parse_comment_value`] keep text on
//! a single comment line.

/// Writes `id = text` (or an indented attribute when `indent` is 4), as
/// Fluent source with a trailing newline, escaping what Fluent would read as
/// syntax. Multi-line text goes on indented lines below the `=`.
pub fn entry_line(out: &mut String, indent: usize, name: &str, text: &str) {
    if is_plain_line(text) {
        // Most texts: written as they are.
        out.extend(std::iter::repeat_n(' ', indent));
        out.push_str(name);
        out.push_str(" = ");
        out.push_str(text);
        out.push('\n');
        return;
    }
    entry_pieces(out, indent, name, &[Piece::Text(text.to_owned())]);
}

/// True when `text` is one line that Fluent reads back as it is after
/// `id = `: not empty, no blank at either end (Fluent drops those), and no
/// brace, line break or other control character (a tab included, and any
/// character starting with the byte 0xC2, which the C1 controls do).
fn is_plain_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    // A fold, which the compiler vectorizes, unlike a search that stops
    // early: most texts are plain, and read to the end either way.
    let special = |b: u8| b < 0x20 || b == 0x7F || b == 0xC2 || b == b'{' || b == b'}';
    first != b' ' && last != b' ' && !bytes.iter().fold(false, |found, &b| found | special(b))
}

/// A part of a Fluent pattern: text, or a placeable kept as its Fluent
/// source (`{ -brand }`), which formats to something only Fluent knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Plain text.
    Text(String),
    /// A placeable's Fluent source, on one line, braces included.
    Placeable(String),
}

/// Joins adjacent text pieces and drops empty ones, so that two spellings
/// of the same pattern compare equal.
pub fn normalize_pieces(pieces: &[Piece]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for p in pieces {
        match (p, out.last_mut()) {
            (Piece::Text(t), _) if t.is_empty() => {}
            (Piece::Text(t), Some(Piece::Text(prev))) => prev.push_str(t),
            (p, _) => out.push(p.clone()),
        }
    }
    out
}

/// The text of pieces that are all text; `None` when one is a placeable.
pub fn pieces_text(pieces: &[Piece]) -> Option<String> {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => Some(t.as_str()),
            Piece::Placeable(_) => None,
        })
        .collect()
}

/// [`entry_line`] for a pattern of text and placeables: the text is escaped,
/// the placeables are written as they are. A placeable must be one line.
pub fn entry_pieces(out: &mut String, indent: usize, name: &str, pieces: &[Piece]) {
    out.push_str(&" ".repeat(indent));
    out.push_str(name);
    out.push_str(" =");
    // Split into lines, each a list of pieces.
    let mut lines: Vec<Vec<Piece>> = vec![Vec::new()];
    for p in pieces {
        match p {
            Piece::Text(t) => {
                for (i, part) in t.split('\n').enumerate() {
                    if i > 0 {
                        lines.push(Vec::new());
                    }
                    if let (false, Some(line)) = (part.is_empty(), lines.last_mut()) {
                        line.push(Piece::Text(part.to_owned()));
                    }
                }
            }
            Piece::Placeable(s) => {
                debug_assert!(!s.contains('\n'), "a placeable on several lines: {s:?}");
                if let Some(line) = lines.last_mut() {
                    line.push(p.clone());
                }
            }
        }
    }
    if lines.len() == 1 {
        out.push(' ');
        out.push_str(&escape_pieces_line(&lines[0], false));
        out.push('\n');
    } else {
        out.push('\n');
        for line in &lines {
            out.push_str(&" ".repeat(indent + 4));
            out.push_str(&escape_pieces_line(line, true));
            out.push('\n');
        }
    }
}

/// One line of pieces as Fluent source. `continuation`: the line starts a
/// line of a block pattern.
fn escape_pieces_line(line: &[Piece], continuation: bool) -> String {
    if line.is_empty() {
        return literal("");
    }
    let last = line.len() - 1;
    let mut out = String::new();
    for (i, p) in line.iter().enumerate() {
        match p {
            Piece::Text(t) => out.push_str(&escape_text(t, i == 0, i == last, continuation)),
            Piece::Placeable(s) => out.push_str(s),
        }
    }
    out
}

/// The Fluent pattern source of `text` as it would follow `id = ` on one
/// line, when the text is a single line.
pub fn pattern(text: &str) -> String {
    let mut s = String::new();
    entry_line(&mut s, 0, "x", text);
    s.trim_end_matches('\n')
        .strip_prefix("x =")
        .unwrap_or_default()
        .trim_start_matches(' ')
        .to_owned()
}

fn literal(s: &str) -> String {
    let mut out = String::from("{\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push_str("\"}");
    out
}

/// Escapes text that stands on one line. `at_start` / `at_end`: it starts
/// / ends the line, where Fluent drops blanks; `continuation`: the line is a
/// line of a block pattern, where `[`, `*` and `.` at its start are syntax.
fn escape_text(line: &str, at_start: bool, at_end: bool, continuation: bool) -> String {
    if line.is_empty() {
        return if at_start && at_end {
            literal("")
        } else {
            String::new()
        };
    }
    let body_start = if at_start {
        line.len() - line.trim_start_matches([' ', '\t']).len()
    } else {
        0
    };
    let trimmed_end = if at_end {
        line.trim_end_matches([' ', '\t']).len().max(body_start)
    } else {
        line.len()
    };
    let (lead, rest) = line.split_at(body_start);
    let (body, trail) = rest.split_at(trimmed_end - body_start);
    let mut out = String::with_capacity(line.len() + 8);
    if !lead.is_empty() {
        out.push_str(&literal(lead));
    }
    for (i, c) in body.char_indices() {
        match c {
            '{' | '}' => out.push_str(&literal(&c.to_string())),
            '[' | '*' | '.' if i == 0 && at_start && lead.is_empty() && continuation => {
                out.push_str(&literal(&c.to_string()))
            }
            c if c.is_control() && c != '\t' => out.push_str(&literal(&c.to_string())),
            c => out.push(c),
        }
    }
    if !trail.is_empty() {
        out.push_str(&literal(trail));
    }
    out
}

/// Where text is written a piece at a time: a `String`, or something that
/// only compares what it is given (sync's check that a file is current).
pub trait Push {
    /// Appends `s`.
    fn push_str(&mut self, s: &str);
}

impl Push for String {
    fn push_str(&mut self, s: &str) {
        String::push_str(self, s);
    }
}

/// Encodes text for a one-line comment (`# source: …`): `\` becomes `\\`, a
/// line break `\n`, a carriage return `\r`.
pub fn comment_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_comment_value(&mut out, text);
    out
}

/// [`comment_value`], appended to `out`.
pub fn push_comment_value(out: &mut impl Push, text: &str) {
    let mut rest = text;
    while let Some(i) = memchr::memchr3(b'\\', b'\n', b'\r', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'\\' => "\\\\",
            b'\n' => "\\n",
            _ => "\\r",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// Decodes [`comment_value`]. A backslash before any other character is kept.
pub fn parse_comment_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    parse_comment_value_into(s, &mut out);
    out
}

/// [`parse_comment_value`], appended to `out`.
pub fn parse_comment_value_into(s: &str, out: &mut String) {
    if memchr::memchr(b'\\', s.as_bytes()).is_none() {
        out.push_str(s);
        return;
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some('\\') => {
                    out.push('\\');
                    chars.next();
                }
                Some('n') => {
                    out.push('\n');
                    chars.next();
                }
                Some('r') => {
                    out.push('\r');
                    chars.next();
                }
                _ => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_bundle::{FluentBundle, FluentResource};
    use proptest::prelude::*;

    fn format(ftl: &str) -> String {
        let res = FluentResource::try_new(ftl.to_owned())
            .unwrap_or_else(|(_, e)| panic!("{ftl:?}: {e:?}"));
        let mut b = FluentBundle::default();
        b.set_use_isolating(false);
        b.add_resource(res).unwrap();
        let msg = b.get_message("x").unwrap();
        let mut errs = vec![];
        let v = b
            .format_pattern(msg.value().unwrap(), None, &mut errs)
            .into_owned();
        assert!(errs.is_empty(), "{errs:?}");
        v
    }

    fn round_trip(text: &str) -> String {
        let mut s = String::new();
        entry_line(&mut s, 0, "x", text);
        format(&s)
    }

    #[test]
    fn escapes_syntax() {
        assert_eq!(pattern("a {b} c"), "a {\"{\"}b{\"}\"} c");
        assert_eq!(
            pattern("请检查 HTTP 请求 URL 格式。"),
            "请检查 HTTP 请求 URL 格式。"
        );
        for t in [
            "{$x}",
            " lead",
            "trail ",
            "a\n.b\n[c]\n*d",
            "a\n\nb",
            "x\"y\\z",
            "\t",
            "a\r\nb",
            "}",
        ] {
            assert_eq!(round_trip(t), t, "{t:?}");
        }
    }

    #[test]
    fn comment_values_round_trip() {
        for t in [
            "plain",
            "a\nb",
            "back\\slash",
            "\\n literally",
            "650(660\\99",
        ] {
            assert_eq!(parse_comment_value(&comment_value(t)), t);
            assert!(!comment_value(t).contains('\n'));
        }
    }

    #[test]
    fn pieces_keep_placeables_and_escape_text() {
        let format_with_term = |pieces: &[Piece]| {
            let mut s = String::from("-brand = Acme\n");
            entry_pieces(&mut s, 0, "x", pieces);
            format(&s)
        };
        let p = |s: &str| Piece::Placeable(s.to_owned());
        let t = |s: &str| Piece::Text(s.to_owned());
        for (pieces, want) in [
            (vec![t("by "), p("{ -brand }"), t(".")], "by Acme."),
            (vec![p("{ -brand }"), t(" {x} ")], "Acme {x} "),
            (vec![t("  "), p("{ -brand }")], "  Acme"),
            (
                vec![t("a\n[b] "), p("{ -brand }"), t("\n.c")],
                "a\n[b] Acme\n.c",
            ),
            (
                vec![t("a\n"), p("{ -brand }"), t(" [b]\n\n*c")],
                "a\nAcme [b]\n\n*c",
            ),
        ] {
            assert_eq!(format_with_term(&pieces), want, "{pieces:?}");
        }
        // Plain text writes as it always did.
        let mut a = String::new();
        entry_line(&mut a, 4, ".hint", " x\n[y]");
        assert_eq!(a, "    .hint =\n        {\" \"}x\n        {\"[\"}y]\n");
        assert_eq!(
            normalize_pieces(&[t(""), t("a"), t("b"), p("{ $x }"), t("")]),
            [t("ab"), p("{ $x }")]
        );
        assert_eq!(pieces_text(&[t("a"), t("b")]).as_deref(), Some("ab"));
        assert_eq!(pieces_text(&[t("a"), p("{ $x }")]), None);
    }

    proptest! {
        #[test]
        fn any_text_formats_back(text in "\\PC{0,40}|[ \\t\\n{}\\[\\]*.a-z\"\\\\]{1,20}") {
            prop_assert_eq!(round_trip(&text), text);
        }

        #[test]
        fn plain_lines_are_written_as_escaped(
            text in "\\PC{0,40}|[ \t\n\r{}\\[\\]*.a-z\u{80}\u{9f}\u{a0}\u{7f}\"\\\\]{0,20}",
            indent in prop::sample::select(vec![0usize, 4]),
        ) {
            let mut fast = String::new();
            entry_line(&mut fast, indent, "x", &text);
            let mut escaped = String::new();
            entry_pieces(&mut escaped, indent, "x", &[Piece::Text(text.clone())]);
            prop_assert_eq!(fast, escaped);
        }

        #[test]
        fn any_comment_value_round_trips(text in "\\PC{0,40}|[\\\\nr\\n\\r]{0,12}") {
            prop_assert_eq!(parse_comment_value(&comment_value(&text)), text);
        }
    }
}
