//! Code actions on a locale's file: edits the editor applies (the server
//! writes nothing): mark an entry reviewed, insert a missing message as
//! sync would, or bring the whole file up to date as `errbook sync` would.

use std::ops::Range;

use errbook_core::ftl::escape::comment_value;
use errbook_core::ftl::{keys, FtlFile};
use errbook_core::locale::generate;
use errbook_core::project::{Locale, Project};

/// One action: its title, its edits of the document (byte ranges of its
/// text and their replacements), and whether it is the fix to prefer.
pub struct Action {
    pub title: String,
    pub edits: Vec<(Range<usize>, String)>,
    pub preferred: bool,
    /// The code of the finding it fixes, if any.
    pub fixes: Option<&'static str>,
}

/// The actions for the entries of `text` that `range` touches, and for the
/// missing messages the client's findings `missing` name (their ids, with
/// the place to insert each).
pub fn actions(
    project: &Project,
    loc: &Locale,
    text: &str,
    range: Range<usize>,
    missing: &[(String, usize)],
) -> Vec<Action> {
    let mut out = Vec::new();
    if loc.is_source {
        return out;
    }
    let file = FtlFile::parse(text.to_owned());
    let index = project.source_index();
    let nl = file.newline;
    // A file whose layout errbook cannot tell (a lone carriage return) is
    // not edited by pieces, as sync does not edit it.
    let items = if file.layout_ok { &file.items[..] } else { &[] };
    for (i, item) in items.iter().enumerate() {
        let errbook_core::ftl::ItemKind::Message(m) = &item.kind else {
            continue;
        };
        if item.range.end < range.start || item.range.start > range.end || file.is_obsolete(i) {
            continue;
        }
        let Some(src) = index
            .find(&project.messages, m.id())
            .map(|s| &project.messages[s])
        else {
            continue;
        };
        let meta = m.meta();
        let marked = meta.untranslated
            || meta.untranslated_hint
            || meta.is_marked_stale()
            || meta.review.is_some();
        let recorded = meta.source == Some(&*src.value) && meta.source_hint == src.hint.as_deref();
        if !marked && recorded {
            continue;
        }
        let comment_end = text[..m.id_span.start].rfind('\n').map_or(0, |n| n + 1);
        let block = item.range.start.min(comment_end)..comment_end;
        let title = if meta.review.is_some() && !meta.untranslated && !meta.is_marked_stale() {
            format!("Accept the suggested translation of `{}`", m.id())
        } else {
            format!(
                "Mark `{}` reviewed (translated from the current source text)",
                m.id()
            )
        };
        out.push(Action {
            title,
            edits: vec![(block.clone(), reviewed(&text[block], src, nl))],
            preferred: true,
            fixes: None,
        });
    }
    let seed = generate::seeds_from_english(&loc.dir.tag);
    for (id, at) in missing {
        let Some(src) = index
            .find(&project.messages, id)
            .map(|s| &project.messages[s])
        else {
            continue;
        };
        let entry =
            errbook_core::locale::sync::convert_newlines(&generate::new_entry(src, seed, &[]), nl);
        let at = (*at).min(text.len());
        let before = if at == 0 || text[..at].ends_with(&format!("{nl}{nl}")) {
            ""
        } else {
            nl
        };
        out.push(Action {
            title: format!("Insert `{id}` with its source text, marked untranslated"),
            edits: vec![(at..at, format!("{before}{entry}"))],
            preferred: true,
            fixes: Some(errbook_core::registry::MISSING_MESSAGE.code),
        });
    }
    if let Ok((synced, changes)) = errbook_core::locale::sync::sync(&file, &project.messages) {
        if synced != text && !changes.is_empty() {
            out.push(Action {
                title: "Bring this file up to date with the source table (as `errbook sync` would)"
                    .to_owned(),
                edits: vec![(0..text.len(), synced)],
                preferred: false,
                fixes: None,
            });
        }
    }
    out
}

/// The comment block `block` of an entry with its marks removed and its
/// record of the source set to the current source text (and hint); the
/// translator's own lines stay as they are.
fn reviewed(block: &str, src: &errbook_core::catalog::SourceMessage, nl: &str) -> String {
    let record = |out: &mut String| {
        out.push_str("# ");
        out.push_str(keys::SOURCE);
        out.push_str(&comment_value(&src.value));
        out.push_str(nl);
        if let Some(h) = &src.hint {
            out.push_str("# ");
            out.push_str(keys::SOURCE_HINT);
            out.push_str(&comment_value(h));
            out.push_str(nl);
        }
    };
    let mut out = String::new();
    let mut recorded = false;
    for line in block.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        // As the comment is read: without the spaces that end a line.
        let key = body.strip_prefix("# ").unwrap_or("").trim_end();
        let mark = key == keys::UNTRANSLATED
            || key == keys::UNTRANSLATED_HINT
            || key.starts_with(keys::STALE_WAS)
            || key.starts_with(keys::STALE_HINT_WAS)
            || key.starts_with(keys::STALE)
            || key.starts_with(keys::REVIEW)
            || key.starts_with(keys::SOURCE_HINT);
        if key.starts_with(keys::SOURCE) && !key.starts_with(keys::SOURCE_HINT) {
            if !recorded {
                record(&mut out);
                recorded = true;
            }
        } else if !mark {
            out.push_str(line);
        }
    }
    if !recorded {
        record(&mut out);
    }
    out
}
