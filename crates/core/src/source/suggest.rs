//! Column choices under which a page that does not extract cleanly would:
//! what `errbook init` tells the user to pass when a page's headers alone
//! cannot say which column is the code or the message.

use std::collections::BTreeSet;
use std::path::Path;

use super::columns::{self, ColumnChoice};
use super::{extract, table_headers, ExtractOptions, Extraction};
use crate::diag::{Files, Level};
use crate::registry as checks;

/// A column choice that extracts the page without errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The columns to name.
    pub columns: ColumnChoice,
    /// How many codes the page then gives.
    pub codes: usize,
}

/// At most this many suggestions are made.
const MAX: usize = 3;

fn is(d: &crate::diag::Diagnostic, c: &checks::Check) -> bool {
    d.check == c
}

/// The tables an extraction skipped, by where they start.
fn skipped(ex: &Extraction) -> BTreeSet<usize> {
    ex.diagnostics
        .iter()
        .filter(|d| is(d, &checks::SKIPPED_TABLE))
        .filter_map(|d| d.location.as_ref().map(|l| l.span.start))
        .collect()
}

/// Other column choices that make `text` extract without errors, best
/// first (most codes). A column named like a message or hint (说明, 处理建议)
/// is never offered as the code column. A choice must read every table and
/// at least as many codes as the configured one, so that naming a column of
/// some side table (a parameter list) is not offered in place of the error
/// tables. Empty when
/// the page's errors are in its rows (duplicate or invalid codes), which no
/// column choice fixes.
pub fn columns_that_work(path: &Path, page: &[u8], opts: &ExtractOptions) -> Vec<Suggestion> {
    let run = |columns: &ColumnChoice| {
        let opts = ExtractOptions {
            locale: opts.locale.clone(),
            columns: columns.clone(),
        };
        extract(path, page, &mut Files::new(), &opts)
    };
    // Not UTF-8: every choice fails the same way.
    let Ok(text) = std::str::from_utf8(page) else {
        return Vec::new();
    };
    let base = run(&opts.columns);
    let base_skipped = skipped(&base);
    let fewest_codes = base.catalog.entries.len().max(1);
    let mut headers: Vec<String> = Vec::new();
    for h in table_headers(text).into_iter().flatten() {
        let h = h.trim().to_owned();
        if !h.is_empty() && !headers.contains(&h) {
            headers.push(h);
        }
    }
    let mut found: Vec<Suggestion> = Vec::new();
    let mut consider = |columns: ColumnChoice, ex: &Extraction| {
        if ex.has_errors()
            || !skipped(ex).is_subset(&base_skipped)
            || ex.catalog.entries.len() < fewest_codes
        {
            return;
        }
        let same =
            |s: &Suggestion| s.columns.code == columns.code && s.columns.message == columns.message;
        if !found.iter().any(same) {
            found.push(Suggestion {
                codes: ex.catalog.entries.len(),
                columns,
            });
        }
    };
    // The configured code column (or the header's choice) first, for its
    // message column only; then every other header as the code column.
    let mut candidates = vec![opts.columns.code.clone()];
    candidates.extend(
        headers
            .iter()
            .filter(|h| opts.columns.code.as_ref() != Some(*h) && !columns::names_text(h))
            .cloned()
            .map(Some),
    );
    for (i, code) in candidates.into_iter().enumerate() {
        let choice = ColumnChoice {
            code: code.clone(),
            ..opts.columns.clone()
        };
        let tried;
        let ex = if i == 0 {
            &base
        } else {
            tried = run(&choice);
            consider(choice.clone(), &tried);
            &tried
        };
        let only_message_unclear = ex.has_errors()
            && ex
                .diagnostics
                .iter()
                .filter(|d| d.level == Level::Error)
                .all(|d| is(d, &checks::AMBIGUOUS_COLUMN));
        if !only_message_unclear {
            continue;
        }
        for message in headers.iter().filter(|h| code.as_ref() != Some(*h)) {
            let choice = ColumnChoice {
                message: Some(message.clone()),
                ..choice.clone()
            };
            let ex = run(&choice);
            consider(choice, &ex);
        }
    }
    // Most codes first; among equals, the order of the page's columns.
    found.sort_by_key(|s| std::cmp::Reverse(s.codes));
    found.truncate(MAX);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggest(page: &str) -> Vec<(Option<String>, Option<String>, usize)> {
        columns_that_work(
            Path::new("t.md"),
            page.as_bytes(),
            &ExtractOptions::default(),
        )
        .into_iter()
        .map(|s| (s.columns.code, s.columns.message, s.codes))
        .collect()
    }

    #[test]
    fn a_code_column_the_header_does_not_name() {
        let page = "| 错误码 KEY | 值 | 描述 |\n|---|---|---|\n| EC_OK | 0 | 成功 |\n| EC_BAD | 1 | 失败 |\n";
        let s = suggest(page);
        assert_eq!(
            s,
            vec![
                (Some("错误码 KEY".into()), None, 2),
                (Some("值".into()), None, 2)
            ]
        );
    }

    #[test]
    fn an_unclear_message_column() {
        let page = "| 错误码 | 甲 | 乙 |\n|---|---|---|\n| 1 | 失败 | 重试 |\n";
        let s = suggest(page);
        assert!(s.contains(&(None, Some("甲".into()), 1)), "{s:?}");
        assert!(s.contains(&(None, Some("乙".into()), 1)), "{s:?}");
    }

    #[test]
    fn a_page_that_is_not_utf8_has_no_column_fix() {
        let page = b"| \xe9\x94\x99\xe8\xaf\xaf\xe7\xa0\x81 | x |\n|---|---|\n| 1 | \xff |\n";
        let s = columns_that_work(Path::new("t.md"), page, &ExtractOptions::default());
        assert_eq!(s, vec![]);
    }

    #[test]
    fn invalid_codes_have_no_column_fix() {
        let page = "| 错误码 | 说明 |\n|---|---|\n| 1 | 失败 |\n| 1 1 | 超时 |\n";
        assert_eq!(suggest(page), vec![]);
    }

    #[test]
    fn fewer_codes_than_the_header_gives_is_no_fix() {
        // `名称` reads the parameter table cleanly and skips the error table,
        // as many tables as the header's choice skips; but one code is
        // fewer than the two valid rows the error table has.
        let page = "| 名称 | 类型 | 描述 |\n|---|---|---|\n| Foo | x | 参数 |\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | 失败 |\n| 2 | 超时 |\n| 2 2 | 忙 |\n";
        assert_eq!(suggest(page), vec![]);
    }

    #[test]
    fn a_side_table_is_not_offered_for_the_error_table() {
        // Naming `名称` would read the parameter table and skip the error
        // table, which the headers already recognise.
        let page = "| 名称 | 描述 |\n|---|---|\n| Foo | 参数 |\n\n| 错误码 | 说明 |\n|---|---|\n| 1 | 失败 |\n| 1 1 | 超时 |\n";
        assert_eq!(suggest(page), vec![]);
    }
}
