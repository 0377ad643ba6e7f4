//! `error-codes.md`: a locale's page as GitHub-flavoured Markdown that
//! errbook's own extractor reads back into the same codes and messages.

use rayon::prelude::*;

use super::{Page, PageGroup, Status};

/// Escapes text for a GFM table cell: Markdown punctuation is
/// backslash-escaped, `<`, `>` and `&` become entities (so neither HTML nor
/// an entity can sneak in), and a line break becomes `<br>`.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_cell(&mut out, text);
    out
}

/// [`cell`], appended to `out`. Runs of text that need no escaping are
/// copied at once.
pub fn push_cell(out: &mut String, text: &str) {
    let start = out.len();
    let bytes = text.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (escaped, len): (&str, usize) = match b {
            b'\\' => ("\\\\", 1),
            b'|' => ("\\|", 1),
            b'*' => ("\\*", 1),
            b'_' => ("\\_", 1),
            b'`' => ("\\`", 1),
            b'[' => ("\\[", 1),
            b']' => ("\\]", 1),
            b'~' => ("\\~", 1),
            b'#' => ("\\#", 1),
            b'!' => ("\\!", 1),
            b'$' => ("\\$", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'&' => ("&amp;", 1),
            b'\n' => ("<br>", 1),
            b'\t' => (" ", 1),
            // As the extractor reads them: no control character survives
            // into a page (C0, DEL, and C1, which UTF-8 writes as C2 80-9F).
            0..=0x1f | 0x7f => ("\u{fffd}", 1),
            0xc2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => ("\u{fffd}", 2),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[plain..i]);
        out.push_str(escaped);
        i += len;
        plain = i;
    }
    out.push_str(&text[plain..]);
    // Trimmed as a whole, as a cell is read.
    let end = start + out[start..].trim_end().len();
    out.truncate(end);
    let lead = out[start..].len() - out[start..].trim_start().len();
    if lead > 0 {
        out.drain(start..start + lead);
    }
}

/// Escapes text for a heading or paragraph (one line).
fn inline(text: &str) -> String {
    let s = cell(text);
    // A paragraph that starts like a list, a heading or a block quote.
    match s.chars().next() {
        Some('-' | '+' | '=' | '>') => format!("\\{s}"),
        Some(c) if c.is_ascii_digit() && s.contains(". ") => s.replacen(". ", "\\. ", 1),
        _ => s,
    }
}

/// Renders a page as Markdown.
pub fn render(page: &Page) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write(page, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Rows rendered together: a piece of a group's table, rendered on one
/// thread; a batch of pieces is rendered in parallel, then written, so
/// that a page is never held whole, whatever the shape of its groups.
const PIECE_ROWS: usize = 512;

/// Writes a page as Markdown to `out`, as it is rendered.
pub fn write(page: &Page, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut head = format!("# {}\n\n", inline(&page.title));
    if let Some(intro) = &page.intro {
        head.push_str(&inline(intro));
        head.push_str("\n\n");
    }
    if page.lang != page.source_lang {
        head.push_str(&inline(&page.coverage.text));
        head.push_str("\n\n");
    }
    out.write_all(head.as_bytes())?;
    // Each group's table cut into pieces of rows, in page order.
    let pieces: Vec<(&PageGroup, std::ops::Range<usize>)> = page
        .groups
        .iter()
        .flat_map(|g| {
            let n = g.entries.len();
            (0..n.max(1).div_ceil(PIECE_ROWS))
                .map(move |i| (g, i * PIECE_ROWS..((i + 1) * PIECE_ROWS).min(n)))
        })
        .collect();
    let batch = 4 * rayon::current_num_threads().max(1);
    for chunk in pieces.chunks(batch) {
        let rendered: Vec<String> = chunk
            .par_iter()
            .map(|(g, rows)| piece(page, g, rows.clone()))
            .collect();
        for r in rendered {
            out.write_all(r.as_bytes())?;
        }
    }
    Ok(())
}

/// The rows `rows` of a group's table: with its heading and header when
/// they start it, and a blank line when they end it.
fn piece(page: &Page, g: &PageGroup, rows: std::ops::Range<usize>) -> String {
    let status_text = |status: Status| {
        let key = match status {
            Status::Untranslated => "status_untranslated",
            Status::Stale => "status_stale",
            _ => "",
        };
        page.strings.get(key).map_or("", String::as_str)
    };
    let columns = 2 + usize::from(page.column_hint.is_some()) + usize::from(page.has_status);
    let entries = &g.entries[rows.clone()];
    let mut out = String::with_capacity(
        64 + entries
            .iter()
            .map(|e| 16 + e.code.len() + e.message.len() + e.hint.as_ref().map_or(0, |h| h.len()))
            .sum::<usize>(),
    );
    if rows.start == 0 {
        out.push_str("## ");
        out.push_str(&inline(&g.name));
        out.push_str("\n\n| ");
        push_cell(&mut out, &page.column_code);
        out.push_str(" | ");
        push_cell(&mut out, &page.column_message);
        if let Some(h) = &page.column_hint {
            out.push_str(" | ");
            push_cell(&mut out, h);
        }
        if page.has_status {
            out.push_str(" | ");
            push_cell(
                &mut out,
                page.strings.get("status_column").map_or("", String::as_str),
            );
        }
        out.push_str(" |\n|");
        for _ in 0..columns {
            out.push_str("---|");
        }
        out.push('\n');
    }
    for e in entries {
        out.push_str("| ");
        push_cell(&mut out, e.code);
        out.push_str(" | ");
        push_cell(&mut out, &e.message);
        // Attributes under the message, one per line.
        for a in e.attributes {
            let name = e
                .attribute_labels
                .as_ref()
                .and_then(|l| l.get(&a.name))
                .map_or(&*a.name, String::as_str);
            out.push_str("<br>");
            push_cell(&mut out, name);
            out.push_str(": ");
            push_cell(&mut out, &a.value);
        }
        if page.column_hint.is_some() {
            out.push_str(" | ");
            push_cell(&mut out, e.hint.as_deref().unwrap_or(""));
        }
        if page.has_status {
            out.push_str(" | ");
            push_cell(&mut out, status_text(e.status));
        }
        out.push_str(" |\n");
    }
    if rows.end == g.entries.len() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_cells_cannot_break_the_table() {
        assert_eq!(cell("a|b"), "a\\|b");
        assert_eq!(
            cell("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(cell("`x` *y* _z_"), "\\`x\\` \\*y\\* \\_z\\_");
        assert_eq!(cell("one\ntwo"), "one<br>two");
        assert_eq!(cell("&amp;"), "&amp;amp;");
        assert_eq!(cell(" \ta\u{85}b\u{a0}c\u{3000} "), "a\u{fffd}b\u{a0}c");
    }

    /// The escaping as first written, a character at a time: the oracle.
    fn cell_by_char(text: &str) -> String {
        let mut out = String::new();
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.push_str("<br>");
            }
            for c in line.chars() {
                match c {
                    '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '~' | '#' | '!' | '$' => {
                        out.push('\\');
                        out.push(c);
                    }
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '&' => out.push_str("&amp;"),
                    '\t' => out.push(' '),
                    c if c.is_control() => out.push('\u{fffd}'),
                    c => out.push(c),
                }
            }
        }
        out.trim().to_owned()
    }

    proptest::proptest! {
        #[test]
        fn escapes_as_a_character_at_a_time(
            text in "[ \t\n\r\u{0}-\u{1f}\u{7f}-\u{a0}\u{3000}a-z|*_`\\[\\]~#!$<>&\\\\中文。]{0,40}",
            before in "[a |]{0,3}",
        ) {
            proptest::prop_assert_eq!(cell(&text), cell_by_char(&text));
            let mut out = before.clone();
            push_cell(&mut out, &text);
            proptest::prop_assert_eq!(out, format!("{before}{}", cell_by_char(&text)));
        }
    }
}
