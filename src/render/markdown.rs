//! `error-codes.md`: a locale's page as GitHub-flavoured Markdown that
//! errbook's own extractor reads back into the same codes and messages.

use super::{Page, Status};

/// Escapes text for a GFM table cell: Markdown punctuation is
/// backslash-escaped, `<`, `>` and `&` become entities (so neither HTML nor
/// an entity can sneak in), and a line break becomes `<br>`.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
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
                // As the extractor reads them: no control character
                // survives into a page.
                c if c.is_control() => out.push('\u{fffd}'),
                c => out.push(c),
            }
        }
    }
    out.trim().to_owned()
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
    let mut out = format!("# {}\n\n", inline(&page.title));
    if let Some(intro) = &page.intro {
        out.push_str(&inline(intro));
        out.push_str("\n\n");
    }
    if page.lang != page.source_lang {
        out.push_str(&inline(&page.coverage.text));
        out.push_str("\n\n");
    }
    for g in &page.groups {
        out.push_str(&format!("## {}\n\n", inline(&g.name)));
        let mut head = vec![cell(&page.column_code), cell(&page.column_message)];
        if let Some(h) = &page.column_hint {
            head.push(cell(h));
        }
        if page.has_status {
            head.push(cell(
                page.strings.get("status_column").map_or("", String::as_str),
            ));
        }
        out.push_str(&format!("| {} |\n", head.join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
        for e in &g.entries {
            let mut row = vec![cell(&e.code), cell(&e.message)];
            if page.column_hint.is_some() {
                row.push(e.hint.as_deref().map(cell).unwrap_or_default());
            }
            if page.has_status {
                let key = match e.status {
                    Status::Untranslated => "status_untranslated",
                    Status::Stale => "status_stale",
                    _ => "",
                };
                row.push(page.strings.get(key).map(|s| cell(s)).unwrap_or_default());
            }
            out.push_str(&format!("| {} |\n", row.join(" | ")));
        }
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
    }
}
