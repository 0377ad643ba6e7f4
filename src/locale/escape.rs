//! Writing plain text as Fluent, and reading it back.
//!
//! Source messages are plain text, but Fluent gives meaning to `{` and `}`,
//! to `[`, `*` and `.` at the start of a continuation line, and drops
//! leading and trailing blanks. [`pattern`] writes text so that formatting
//! the message gives back exactly that text; [`comment_value`] and
//! [`parse_comment_value`] keep text on a single comment line.

/// Writes `id = text` (or an indented attribute when `indent` is 4), as
/// Fluent source with a trailing newline, escaping what Fluent would read as
/// syntax. Multi-line text goes on indented lines below the `=`.
pub fn entry_line(out: &mut String, indent: usize, name: &str, text: &str) {
    out.push_str(&" ".repeat(indent));
    out.push_str(name);
    out.push_str(" =");
    let lines: Vec<&str> = text.split('\n').collect();
    if lines.len() == 1 {
        out.push(' ');
        out.push_str(&escape_line(lines[0], false));
        out.push('\n');
    } else {
        out.push('\n');
        for line in lines {
            out.push_str(&" ".repeat(indent + 4));
            out.push_str(&escape_line(line, true));
            out.push('\n');
        }
    }
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

/// Escapes one line of text. `continuation`: the line starts a line of a
/// block pattern, where `[`, `*` and `.` are syntax.
fn escape_line(line: &str, continuation: bool) -> String {
    if line.is_empty() {
        return literal("");
    }
    let body_start = line.len() - line.trim_start_matches([' ', '\t']).len();
    let trimmed_end = line.trim_end_matches([' ', '\t']).len().max(body_start);
    let (lead, rest) = line.split_at(body_start);
    let (body, trail) = rest.split_at(trimmed_end - body_start);
    let mut out = String::with_capacity(line.len() + 8);
    if !lead.is_empty() {
        out.push_str(&literal(lead));
    }
    for (i, c) in body.char_indices() {
        match c {
            '{' | '}' => out.push_str(&literal(&c.to_string())),
            '[' | '*' | '.' if i == 0 && lead.is_empty() && continuation => {
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

/// Encodes text for a one-line comment (`# source: …`): `\` becomes `\\`, a
/// line break `\n`, a carriage return `\r`.
pub fn comment_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// Decodes [`comment_value`]. A backslash before any other character is kept.
pub fn parse_comment_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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
    out
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

    proptest! {
        #[test]
        fn any_text_formats_back(text in "\\PC{0,40}|[ \\t\\n{}\\[\\]*.a-z\"\\\\]{1,20}") {
            prop_assert_eq!(round_trip(&text), text);
        }

        #[test]
        fn any_comment_value_round_trips(text in "\\PC{0,40}|[\\\\nr\\n\\r]{0,12}") {
            prop_assert_eq!(parse_comment_value(&comment_value(&text)), text);
        }
    }
}
