//! Raw HTML `<table>`s in a Markdown page, which the Markdown parser sees
//! only as HTML blocks (and cuts at blank lines): read here from the file's
//! text, leniently, as a browser would show them.
//!
//! A table is its `<tr>` rows of `<th>`/`<td>` cells. The header is the
//! first row when it holds `<th>` cells, or when no row does (`<td>`
//! headers, as some pages write them). A cell's text is its content
//! without tags: `<br>`, `<p>`, `<div>` and `<li>` make line breaks,
//! character references are decoded, and each line is trimmed. Tables
//! inside fenced code are not read; a table inside a cell is read as that
//! cell's text.

use std::ops::Range;

/// A cell: its text and the byte range of its content.
pub type HtmlCell = (String, Range<usize>);

/// A row: its byte range and its cells.
pub type HtmlRow = (Range<usize>, Vec<HtmlCell>);

/// A row being read: where it starts, its cells, whether one is a `<th>`.
type OpenRow = (usize, Vec<HtmlCell>, bool);

/// One table: its byte range in the text, and the header and body rows,
/// each cell with its text and the byte range of its content.
#[derive(Debug)]
pub struct HtmlTable {
    /// From `<table` to the end of `</table>`.
    pub span: Range<usize>,
    /// The header row's cells.
    pub headers: Vec<HtmlCell>,
    /// The body rows: each row's range and cells.
    pub rows: Vec<HtmlRow>,
}

/// The tables of `text`, in order.
pub fn tables(text: &str) -> Vec<HtmlTable> {
    let lower = text.to_ascii_lowercase();
    let fenced = fenced_ranges(text);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<table") {
        let start = from + at;
        let end = table_end(&lower, start);
        from = end;
        if fenced.iter().any(|f| f.contains(&start)) || !is_tag_start(&lower, start, "table") {
            continue;
        }
        if let Some(t) = read_table(text, &lower, start..end) {
            out.push(t);
        }
    }
    out
}

/// True when `<name` at `at` is that tag (not `<tablefoo`).
fn is_tag_start(lower: &str, at: usize, name: &str) -> bool {
    lower[at + 1 + name.len()..]
        .chars()
        .next()
        .is_none_or(|c| c == '>' || c == '/' || c.is_whitespace())
}

/// Where the table that opens at `start` ends: after its `</table>`, its
/// nested tables counted, or at the end of the text.
fn table_end(lower: &str, start: usize) -> usize {
    let mut depth = 0usize;
    let mut at = start;
    while let Some(next) = lower[at..].find("table") {
        let i = at + next;
        let opens = i > 0 && lower.as_bytes()[i - 1] == b'<' && is_tag_start(lower, i - 1, "table");
        let closes = i > 1 && &lower.as_bytes()[i - 2..i] == b"</";
        if opens {
            depth += 1;
        } else if closes {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return lower[i..].find('>').map_or(lower.len(), |e| i + e + 1);
            }
        }
        at = i + 5;
    }
    lower.len()
}

/// The ranges of fenced code blocks (``` or ~~~ fences).
pub fn fenced_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let fence = if t.starts_with("```") {
            Some("```")
        } else if t.starts_with("~~~") {
            Some("~~~")
        } else {
            None
        };
        match (open, fence) {
            (None, Some(f)) => open = Some((at, f)),
            (Some((start, f)), Some(g)) if f == g => {
                out.push(start..at + line.len());
                open = None;
            }
            _ => {}
        }
        at += line.len();
    }
    if let Some((start, _)) = open {
        out.push(start..text.len());
    }
    out
}

fn read_table(text: &str, lower: &str, span: Range<usize>) -> Option<HtmlTable> {
    let body = span.start + lower[span.clone()].find('>')? + 1;
    let mut rows: Vec<(Range<usize>, Vec<HtmlCell>, bool)> = Vec::new();
    let mut at = body;
    let mut depth = 0usize;
    let mut row: Option<OpenRow> = None;
    let mut cell: Option<(usize, bool)> = None;
    // The `rowspan` and `colspan` of each cell read, by its content's start.
    let mut spans: std::collections::HashMap<usize, (usize, usize)> = Default::default();
    // Walk the tags of the table's own level (nested tables are cell text).
    while let Some(lt) = lower[at..span.end].find('<') {
        let tag_start = at + lt;
        let tag_end = lower[tag_start..span.end]
            .find('>')
            .map_or(span.end, |e| tag_start + e + 1);
        let tag = &lower[tag_start..tag_end];
        let name = tag_name(tag);
        let closing = tag.starts_with("</");
        at = tag_end;
        if name == "table" {
            if closing {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
            }
            continue;
        }
        if depth > 0 {
            continue;
        }
        // A cell's span is kept by where its content starts (the tag's
        // end) until the cell ends, then by its trimmed range's start, by
        // which `expand_spans` finds it.
        let end_cell =
            |row: &mut Option<OpenRow>,
             cell: &mut Option<(usize, bool)>,
             until: usize,
             spans: &mut std::collections::HashMap<usize, (usize, usize)>| {
                if let (Some((start, th)), Some((_, cells, any_th))) = (cell.take(), row.as_mut()) {
                    let range = super::trim_span(text, start..until);
                    if let Some(span) = spans.remove(&start) {
                        spans.insert(range.start, span);
                    }
                    cells.push((cell_text(&text[start..until]), range));
                    *any_th |= th;
                }
            };
        match (name.as_str(), closing) {
            ("tr", false) => {
                end_cell(&mut row, &mut cell, tag_start, &mut spans);
                if let Some((start, cells, th)) = row.take() {
                    rows.push((start..tag_start, cells, th));
                }
                row = Some((tag_start, Vec::new(), false));
            }
            ("tr", true) => {
                end_cell(&mut row, &mut cell, tag_start, &mut spans);
                if let Some((start, cells, th)) = row.take() {
                    rows.push((start..tag_end, cells, th));
                }
            }
            ("td" | "th", false) => {
                end_cell(&mut row, &mut cell, tag_start, &mut spans);
                if row.is_none() {
                    row = Some((tag_start, Vec::new(), false));
                }
                let (rowspan, colspan) = (span_attr(tag, "rowspan"), span_attr(tag, "colspan"));
                if rowspan > 1 || colspan > 1 {
                    spans.insert(tag_end, (rowspan, colspan));
                }
                cell = Some((tag_end, name == "th"));
            }
            ("td" | "th", true) => end_cell(&mut row, &mut cell, tag_start, &mut spans),
            _ => {}
        }
    }
    let end = span.end;
    if let Some((start, th)) = cell.take() {
        if let Some((_, cells, any_th)) = row.as_mut() {
            let range = super::trim_span(text, start..end);
            if let Some(span) = spans.remove(&start) {
                spans.insert(range.start, span);
            }
            cells.push((cell_text(&text[start..end]), range));
            *any_th |= th;
        }
    }
    if let Some((start, cells, th)) = row.take() {
        rows.push((start..end, cells, th));
    }
    rows.retain(|(_, cells, _)| !cells.is_empty());
    if rows.is_empty() {
        return None;
    }
    if !spans.is_empty() {
        expand_spans(&mut rows, &spans);
    }
    // The header: the first row, when it has `<th>` cells, or when no row
    // does and none of its cells is a code (`<td>错误码</td>` is a header,
    // `<td>1001</td>` a row). A table without one gets empty headers.
    let any_th = rows.iter().any(|r| r.2);
    let holds_code = rows[0].1.iter().any(|c| {
        crate::catalog::Code::parse(&super::columns::clean_code(&c.0))
            .is_ok_and(|code| !matches!(code.kind(), crate::catalog::CodeKind::Text))
    });
    let first_is_head = rows[0].2 || (!any_th && !holds_code);
    let width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
    let mut rows = rows.into_iter();
    let headers = if first_is_head {
        rows.next().map(|r| r.1).unwrap_or_default()
    } else {
        vec![(String::new(), span.start..span.start); width]
    };
    Some(HtmlTable {
        span,
        headers,
        rows: rows.map(|(r, cells, _)| (r, cells)).collect(),
    })
}

/// The number a `rowspan="3"` or `colspan=2` attribute of a (lowercase)
/// tag gives, 1 when absent or not a number, at most [`MAX_SPAN`].
fn span_attr(tag: &str, name: &str) -> usize {
    // The attribute itself: after whitespace (not `data-rowspan`,
    // `no-rowspan`).
    let at = tag
        .match_indices(name)
        .map(|(i, _)| i)
        .find(|&i| tag[..i].ends_with(|c: char| c.is_ascii_whitespace()));
    let Some(at) = at else { return 1 };
    let rest = tag[at + name.len()..].trim_start();
    let Some(rest) = rest.strip_prefix('=') else {
        return 1;
    };
    let digits: String = rest
        .trim_start()
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(char::is_ascii_digit)
        .take(6)
        .collect();
    digits.parse().map_or(1, |n: usize| n.clamp(1, MAX_SPAN))
}

/// The most rows or columns one cell may span (a hostile `rowspan` cannot
/// make a table of a million cells).
const MAX_SPAN: usize = 256;

/// Rows as a browser lays them out: a cell with `colspan="n"` fills `n`
/// columns, and one with `rowspan="n"` fills its column in the `n - 1`
/// rows below, so that each cell is under its header. The cells a span
/// fills repeat its text (the code of a code cell spanning three rows
/// belongs to each of them). A row that is one cell spanning every column
/// (a group's label) is no row of cells: it is dropped. No row is laid
/// wider than [`MAX_COLUMNS`].
fn expand_spans(
    rows: &mut Vec<(Range<usize>, Vec<HtmlCell>, bool)>,
    spans: &std::collections::HashMap<usize, (usize, usize)>,
) {
    let span_of = |cell: &HtmlCell| spans.get(&cell.1.start).copied().unwrap_or((1, 1));
    let width = rows
        .iter()
        .map(|r| r.1.iter().map(|c| span_of(c).1).sum::<usize>())
        .max()
        .unwrap_or(0)
        .min(MAX_COLUMNS);
    if width > 1 {
        rows.retain(|(_, cells, _)| !(cells.len() == 1 && span_of(&cells[0]).1 >= width));
    }
    // For each column, the cell that fills it from above and for how many
    // more rows.
    let mut above: Vec<Option<(HtmlCell, usize)>> = vec![None; width];
    for (_, cells, _) in rows.iter_mut() {
        let mut laid: Vec<HtmlCell> = Vec::with_capacity(cells.len());
        let mut given = std::mem::take(cells).into_iter().peekable();
        let mut column = 0;
        while column < width {
            if let Some((cell, left)) = &mut above[column] {
                laid.push(cell.clone());
                *left -= 1;
                if *left == 0 {
                    above[column] = None;
                }
                column += 1;
                continue;
            }
            let Some(cell) = given.next() else {
                // A short row: the columns a span above still fills are
                // filled, the others left out.
                if above[column..].iter().all(Option::is_none) {
                    break;
                }
                let at = laid.last().map_or(0, |c| c.1.end);
                laid.push((String::new(), at..at));
                column += 1;
                continue;
            };
            let (rowspan, colspan) = span_of(&cell);
            for _ in 0..colspan.min(width - column) {
                if rowspan > 1 {
                    above[column] = Some((cell.clone(), rowspan - 1));
                }
                laid.push(cell.clone());
                column += 1;
            }
        }
        *cells = laid;
    }
}

/// The most columns a table with spans is laid out to (a hostile
/// `colspan` cannot make a table of a million cells).
const MAX_COLUMNS: usize = 64;

/// The lowercase name of a tag (`<TD class=…>`, `</p>`, `<br/>` → `td`,
/// `p`, `br`).
pub fn tag_name(tag: &str) -> String {
    tag.trim_start()
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A cell's content as text: tags dropped (block tags and `<br>` as line
/// breaks), references decoded, lines trimmed, blank lines dropped.
pub fn cell_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tag_end = rest[lt..].find('>').map_or(rest.len(), |e| lt + e + 1);
        let name = tag_name(&rest[lt..tag_end]);
        if matches!(
            name.as_str(),
            "br" | "p" | "div" | "li" | "tr" | "ul" | "ol"
        ) {
            out.push('\n');
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    let decoded = decode_references(&out);
    let lines: Vec<String> = decoded
        .split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;` and numeric
/// references decoded; anything else left as written.
fn decode_references(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let name = &after[..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32)
                .filter(|c| !c.is_control() || *c == '\n' || *c == '\t'),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_with_th_headers_and_markup_in_cells() {
        let text = "x\n<table><thead><tr><th><p>错误码</p></th><th>说明</th></tr></thead>\n<tbody><tr><td><p><a name=\"a\"></a>DIS.4100</p>\n</td><td>参数&amp;格式<br>错误</td></tr>\n<tr><td>DIS.4101</td><td><div class=\"note\">说明：重试</div></td></tr></tbody></table>\ny";
        let t = tables(text);
        assert_eq!(t.len(), 1);
        let t = &t[0];
        let h: Vec<&str> = t.headers.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(h, ["错误码", "说明"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].1[0].0, "DIS.4100");
        assert_eq!(t.rows[0].1[1].0, "参数&格式\n错误");
        assert_eq!(t.rows[1].1[1].0, "说明：重试");
        // Spans point at the content in the text.
        let (_, span) = &t.rows[1].1[0];
        assert_eq!(&text[span.clone()], "DIS.4101");
        assert!(text[t.span.clone()].ends_with("</table>"));
    }

    #[test]
    fn td_headers_nested_tables_and_fenced_code() {
        let text = "```html\n<table><tr><td>不读</td></tr></table>\n```\n<TABLE>\n<tr><td>错误码ID</td><td>含义</td></tr>\n<tr><td>401</td><td>参数缺失<table><tr><td>内</td></tr></table></td></tr>\n<tr><td>500</td><td></td></tr>\n</TABLE>";
        let t = tables(text);
        assert_eq!(t.len(), 1, "{t:?}");
        let h: Vec<&str> = t[0].headers.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(h, ["错误码ID", "含义"]);
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(t[0].rows[0].1[1].0, "参数缺失\n内");
        assert_eq!(t[0].rows[1].1[1].0, "");
    }

    #[test]
    fn references_decode_and_unknown_ones_stay() {
        assert_eq!(
            decode_references("a&lt;b&gt;&#x4e2d;&#25991;&nbsp;&foo; & x"),
            "a<b>中文 &foo; & x"
        );
    }
}
