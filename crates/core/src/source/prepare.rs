//! What a page holds besides Markdown, taken out before the Markdown parser
//! reads it: front matter (YAML `---`, TOML `+++`, and Hexo's key lines
//! closed by `---`), HTML comments (a table inside one is not on the page),
//! and tabs in table lines (GFM's parser in pulldown-cmark does not take a
//! delimiter row padded with tabs, `| :---\t|`).
//!
//! Every change keeps the text's length and its line breaks: what is taken
//! out becomes spaces, a tab becomes a space. Byte offsets of the prepared
//! text are those of the file, so diagnostics still point into the file as
//! it is.

use std::borrow::Cow;

/// The prepared text and what was learnt on the way.
pub struct Prepared<'a> {
    /// The text for the Markdown parser: as long as the file's.
    pub text: Cow<'a, str>,
    /// The front matter's `title`, if it has one.
    pub title: Option<String>,
    /// The raw HTML tables, in order (see [`super::html`]). Each is blanked
    /// in `text` and marked there by [`table_marker`] so that the reader
    /// meets it where it stands among the headings.
    pub tables: Vec<super::html::HtmlTable>,
    /// Unresolved merge conflicts (`<<<<<<<` … `=======` … `>>>>>>>`).
    pub conflicts: Vec<Conflict>,
}

/// The marker that stands for HTML table `i` in the prepared text.
pub fn table_marker(i: usize) -> String {
    format!("<!--errbook-table-{i}-->")
}

/// The table a marker (an HTML comment the parser hands over) stands for.
pub fn marked_table(html: &str) -> Option<usize> {
    html.trim()
        .strip_prefix("<!--errbook-table-")?
        .strip_suffix("-->")?
        .parse()
        .ok()
}

/// Prepares `text` (without its byte order mark) for the Markdown parser.
pub fn prepare(text: &str) -> Prepared<'_> {
    let mut out: Option<Vec<u8>> = None;
    let mut title = None;
    if let Some(end) = front_matter_end(text) {
        title = front_matter_title(&text[..end]);
        let bytes = out.get_or_insert_with(|| text.as_bytes().to_vec());
        blank(bytes, 0..end);
    }
    // HTML comments that start a line (after up to three spaces): an HTML
    // block, which runs to `-->` or the end of the page as CommonMark
    // reads it. (One inside a line is inline HTML, which cells drop
    // already; an unclosed `<!--` there is text.)
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&text.as_bytes()[from..], b"<!--") {
        let start = from + at;
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let indent = &text[line_start..start];
        if indent.len() > 3 || indent.bytes().any(|b| b != b' ') {
            from = start + 4;
            continue;
        }
        let end = memchr::memmem::find(&text.as_bytes()[start + 4..], b"-->")
            .map_or(text.len(), |e| start + 4 + e + 3);
        let bytes = out.get_or_insert_with(|| text.as_bytes().to_vec());
        blank(bytes, start..end);
        from = end;
    }
    // Tabs in lines that hold a pipe: table lines.
    if memchr::memchr(b'\t', text.as_bytes()).is_some() {
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let range = line_start..line_start + line.len();
            line_start = range.end;
            if line.contains('|') && line.contains('\t') {
                let bytes = out.get_or_insert_with(|| text.as_bytes().to_vec());
                for b in &mut bytes[range] {
                    if *b == b'\t' {
                        *b = b' ';
                    }
                }
            }
        }
    }
    // Merge conflicts, found in the text as it is now (comments blanked).
    let conflicts = if memchr::memmem::find(text.as_bytes(), b"<<<<<<<").is_some() {
        let current = match &out {
            Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            None => text.to_owned(),
        };
        merge_conflicts(&current)
    } else {
        Vec::new()
    };
    for c in conflicts.iter().filter(|c| !c.splits_table) {
        let bytes = out.get_or_insert_with(|| text.as_bytes().to_vec());
        for line in c.blanked.iter() {
            blank(bytes, line.clone());
        }
    }
    // Raw HTML tables, read from the text as it is now (comments blanked);
    // most pages have none, and are not copied to find out.
    let mut tables = Vec::new();
    let has_table = |t: &[u8]| {
        memchr::memchr_iter(b'<', t).any(|i| {
            t[i..]
                .get(..6)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"<table"))
        })
    };
    if has_table(text.as_bytes()) {
        let current = match &out {
            Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            None => text.to_owned(),
        };
        for t in super::html::tables(&current) {
            let marker = table_marker(tables.len());
            if t.span.len() < marker.len() {
                continue;
            }
            let bytes = out.get_or_insert_with(|| text.as_bytes().to_vec());
            blank(bytes, t.span.clone());
            bytes[t.span.start..t.span.start + marker.len()].copy_from_slice(marker.as_bytes());
            tables.push(t);
        }
    }
    let text = match out {
        None => Cow::Borrowed(text),
        // Only ASCII bytes were written, each over a whole character (a
        // blanked range starts and ends on ASCII delimiters, and every
        // byte in it, continuation bytes included, becomes a space), so
        // the text is still UTF-8.
        Some(bytes) => Cow::Owned(String::from_utf8(bytes).expect("spaces over whole characters")),
    };
    Prepared {
        text,
        title,
        tables,
        conflicts,
    }
}

/// An unresolved merge conflict of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// From its `<<<<<<<` line through its `>>>>>>>` line.
    pub range: std::ops::Range<usize>,
    /// True when a table row is inside it or next to it: blanking its
    /// markers would cut the table (a blank line ends one), so it is left
    /// as it is, for the reader to refuse.
    pub splits_table: bool,
    /// The lines blanked when it does not split a table: its marker lines,
    /// and the base text of a diff3 conflict (`|||||||` to `=======`), so
    /// that the text of both sides is read.
    blanked: Vec<std::ops::Range<usize>>,
}

/// Which git conflict marker a line is, if any: `<<<<<<< ours`,
/// `=======`, `>>>>>>> theirs` (and `|||||||` of the diff3 style).
fn conflict_marker(line: &str) -> Option<u8> {
    let l = line.trim_end();
    let b = l.as_bytes();
    let marker = *b.first()?;
    if !matches!(marker, b'<' | b'=' | b'>' | b'|')
        || b.len() < 7
        || b[..7].iter().any(|&c| c != marker)
    {
        return None;
    }
    match (marker, b.get(7)) {
        (b'=', None) => Some(marker),
        (b'<' | b'>' | b'|', None | Some(b' ')) => Some(marker),
        _ => None,
    }
}

/// True when `line` is a table row: `|` first, after up to three spaces.
fn table_row(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    line.len() - t.len() <= 3 && t.starts_with('|') && !t.starts_with("|||||||")
}

/// The ranges of `<pre>` blocks, where a page may show markers.
fn pre_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<pre") {
        let start = from + at;
        let end = lower[start..]
            .find("</pre>")
            .map_or(text.len(), |e| start + e + 6);
        out.push(start..end);
        from = end;
    }
    out
}

/// The unresolved merge conflicts of `text`: from a `<<<<<<<` line through
/// `=======` to a `>>>>>>>` line, outside fenced code and `<pre>` (where a
/// page may show one).
fn merge_conflicts(text: &str) -> Vec<Conflict> {
    let mut skip = super::html::fenced_ranges(text);
    skip.extend(pre_ranges(text));
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .collect();
    let mut out = Vec::new();
    // The open conflict: the index of its first line, and whether its
    // `=======` was seen.
    let mut open: Option<(usize, bool)> = None;
    for (i, &(start, line)) in lines.iter().enumerate() {
        if skip.iter().any(|f| f.contains(&start)) {
            continue;
        }
        match (conflict_marker(line), open) {
            (Some(b'<'), _) => open = Some((i, false)),
            (Some(b'='), Some((first, false))) => open = Some((first, true)),
            (Some(b'>'), Some((first, true))) => {
                let around = first.saturating_sub(1)..(i + 2).min(lines.len());
                let splits_table = lines[around].iter().any(|(_, l)| table_row(l));
                let mut blanked = Vec::new();
                let mut base = false;
                for &(s, l) in &lines[first..=i] {
                    match conflict_marker(l) {
                        Some(b'|') => base = true,
                        Some(b'=') => base = false,
                        Some(_) => {}
                        None if base => {}
                        None => continue,
                    }
                    blanked.push(s..s + l.len());
                }
                out.push(Conflict {
                    range: lines[first].0..start + line.len(),
                    splits_table,
                    blanked,
                });
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// Spaces over `range`, keeping its line breaks.
fn blank(bytes: &mut [u8], range: std::ops::Range<usize>) {
    for b in &mut bytes[range] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

/// The end (after its closing line) of the front matter at the very start
/// of `text`, if it has one.
fn front_matter_end(text: &str) -> Option<usize> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    let fence = first.trim_end();
    let mut at = first.len();
    if fence == "---" || fence == "+++" {
        for line in lines {
            at += line.len();
            let l = line.trim_end();
            if l == fence || (fence == "---" && l == "...") {
                return Some(at);
            }
        }
        return None;
    }
    // Hexo: `key: value` lines (and their list items) from the first line,
    // closed by `---`. A setext heading (`标题` then `---`) has no colon.
    if !is_key_line(first) {
        return None;
    }
    for line in lines {
        at += line.len();
        let l = line.trim_end();
        if l == "---" {
            return Some(at);
        }
        let item = l.trim_start().starts_with("- ") || l.trim_start() == "-";
        if !(is_key_line(line) || item || l.is_empty() || line.starts_with([' ', '\t'])) {
            return None;
        }
    }
    None
}

/// `title: 错误码`, `date: 2020-01-01 10:00`, `categories:`.
fn is_key_line(line: &str) -> bool {
    let Some((key, _)) = line.split_once(':') else {
        return false;
    };
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

/// The `title` of front matter (YAML/Hexo `title: x`, TOML `title = "x"`).
fn front_matter_title(block: &str) -> Option<String> {
    block.lines().find_map(|l| {
        let rest = l.strip_prefix("title")?.trim_start();
        let value = rest.strip_prefix(':').or_else(|| rest.strip_prefix('='))?;
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value)
            .trim();
        (!value.is_empty()).then(|| value.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(text: &str) -> (String, Option<String>) {
        let p = prepare(text);
        assert_eq!(p.text.len(), text.len());
        assert_eq!(
            p.text.matches('\n').count(),
            text.matches('\n').count(),
            "line breaks kept"
        );
        (p.text.into_owned(), p.title)
    }

    #[test]
    fn front_matter_of_each_kind_is_blanked_and_gives_the_title() {
        for text in [
            "---\ntitle: 通用错误码\nslug: /x\n---\n\n| 错误码 | 说明 |\n",
            "+++\ntitle = \"通用错误码\"\nweight = 3\n+++\n| 错误码 | 说明 |\n",
            "title: 通用错误码\ndate: 2020-01-01 10:00:00\ncategories:\n- 错误码\n---\n| 错误码 | 说明 |\n",
            "---\ntitle: '通用错误码'\n...\n| 错误码 | 说明 |\n",
        ] {
            let (out, title) = prepared(text);
            assert_eq!(title.as_deref(), Some("通用错误码"), "{text}");
            let table = out.find('|').unwrap();
            assert!(out[..table].trim().is_empty(), "{out:?}");
        }
    }

    #[test]
    fn a_setext_heading_or_a_rule_is_no_front_matter() {
        for text in [
            "错误码\n---\n| a | b |\n",
            "# 错误码\n\ntitle: x\n---\n",
            "---\nno end\n",
        ] {
            let (out, title) = prepared(text);
            assert_eq!(out, text);
            assert_eq!(title, None);
        }
    }

    #[test]
    fn html_comments_are_blanked_with_their_tables() {
        let text = "<!---\nlicense\n-->\n| 错误码 | 说明 |\n<!-- | 1 | 隐藏 | -->\n| 2 | a <!-- b |\n<!-- open";
        let (out, _) = prepared(text);
        assert!(!out.contains("license") && !out.contains("隐藏") && !out.contains("open"));
        assert!(out.contains("| 错误码 | 说明 |"));
        // Inside a line, and unclosed: text.
        assert!(out.contains("| 2 | a <!-- b |"), "{out}");
    }

    #[test]
    fn tabs_in_table_lines_become_spaces() {
        let text = "| code\t| 说明\t\t|\n| :--\t| :--\t|\n\tcode block\n";
        let (out, _) = prepared(text);
        assert_eq!(out, "| code | 说明  |\n| :-- | :-- |\n\tcode block\n");
    }
}
