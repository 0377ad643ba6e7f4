//! Going between a message and its row of the source table, and the
//! symbols of a document (its messages, or the table's codes).

use std::ops::Range;
use std::path::{Path, PathBuf};

use errbook_core::catalog::Entry;
use errbook_core::ftl::{FtlFile, ItemKind};
use errbook_core::project::Project;

/// A place in a file, as a byte range of the text given for it.
pub struct Place {
    pub path: PathBuf,
    pub text: String,
    pub span: Range<usize>,
}

/// The table's entries read from `text` (the editor's text of the table
/// when it is open, else the disk's).
pub fn table_entries(project: &Project, text: &str) -> Vec<Entry> {
    let mut files = errbook_core::diag::Files::new();
    let opts = errbook_core::source::ExtractOptions {
        locale: project.config.source_locale.clone(),
        columns: project.config.columns.clone(),
    };
    errbook_core::source::extract(&project.config.source, text.as_bytes(), &mut files, &opts)
        .catalog
        .entries
}

/// The message whose id is at byte `at` of a catalog's text: its id.
pub fn id_at(text: &str, at: usize) -> Option<(String, Range<usize>)> {
    let file = FtlFile::parse(text.to_owned());
    let (_, m) = file
        .messages()
        .find(|(_, m)| m.id_span.start <= at && at <= m.id_span.end)?;
    Some((m.id().to_owned(), m.id_span.clone()))
}

/// From a message id of a locale's file to its row of the table: the
/// message cell.
pub fn to_row(
    project: &Project,
    text: &str,
    at: usize,
    text_of: &dyn Fn(&Path) -> Option<String>,
) -> Option<Place> {
    let (id, _) = id_at(text, at)?;
    let table = text_of(&project.config.source)?;
    let entries = table_entries(project, &table);
    let e = entries.iter().find(|e| e.message_id() == id)?;
    Some(Place {
        path: project.config.source.clone(),
        span: e.message_span.clone(),
        text: table,
    })
}

/// From a row of the table (the line at byte `at` of its text) to the
/// message's definition in every locale's catalog.
pub fn to_messages(
    project: &Project,
    table: &str,
    at: usize,
    text_of: &dyn Fn(&Path) -> Option<String>,
) -> Vec<Place> {
    let line = table[..at.min(table.len())].matches('\n').count() + 1;
    let entries = table_entries(project, table);
    let Some(e) = entries.iter().find(|e| e.line == line) else {
        return Vec::new();
    };
    let id = e.message_id();
    let mut out = Vec::new();
    // Only the catalogs the project reads (not a link outside it).
    for loc in project.locales.iter().filter(|l| l.catalog_file.is_some()) {
        let path = loc.dir.catalog();
        let Some(text) = text_of(&path) else {
            continue;
        };
        let file = FtlFile::parse(text);
        let found = file
            .messages()
            .find(|(i, m)| m.id() == id && !file.is_obsolete(*i))
            .map(|(_, m)| m.id_span.clone());
        if let Some(span) = found {
            out.push(Place {
                path,
                text: file.text.to_string(),
                span,
            });
        }
    }
    out
}

/// A symbol of a document: its name, a detail, the whole range and the
/// range to select.
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub range: Range<usize>,
    pub selection: Range<usize>,
}

/// The messages of a catalog's text, in file order.
pub fn ftl_symbols(text: &str) -> Vec<Symbol> {
    let file = FtlFile::parse(text.to_owned());
    file.items
        .iter()
        .filter_map(|item| match &item.kind {
            ItemKind::Message(m) => Some(Symbol {
                name: m.id().to_owned(),
                detail: m.value_text().map(str::to_owned),
                range: item.range.clone(),
                selection: m.id_span.clone(),
            }),
            _ => None,
        })
        .collect()
}

/// The codes of the table's text, each with its message.
pub fn table_symbols(project: &Project, text: &str) -> Vec<Symbol> {
    table_entries(project, text)
        .into_iter()
        .map(|e| Symbol {
            name: e.code.as_str().to_owned(),
            detail: Some(e.message.to_string()),
            range: e.code_span.start.min(e.message_span.start)..e.message_span.end,
            selection: e.code_span.clone(),
        })
        .collect()
}

/// An id to complete: the id, its source text, and the text to put in
/// place of what was typed (the source record above the id, as sync
/// writes it, and `id = `).
pub struct IdCompletion {
    pub id: String,
    pub source: String,
    pub insert: String,
}

/// The ids a translator may be typing at the start of a line of a
/// locale's file (`typed` is the line up to the cursor): the source
/// messages starting with it that the file does not define yet.
pub fn complete_id(project: &Project, text: &str, typed: &str) -> Vec<IdCompletion> {
    let valid = typed.chars().next().is_none_or(|c| c.is_ascii_alphabetic())
        && typed
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Vec::new();
    }
    let file = FtlFile::parse(text.to_owned());
    let defined: std::collections::HashSet<&str> = file
        .messages()
        .filter(|(i, _)| !file.is_obsolete(*i))
        .map(|(_, m)| m.id())
        .collect();
    project
        .messages
        .iter()
        .filter(|m| m.id.starts_with(typed) && !defined.contains(m.id.as_str()))
        .map(|m| {
            let mut insert = String::from("# ");
            insert.push_str(errbook_core::ftl::keys::SOURCE);
            insert.push_str(&errbook_core::ftl::escape::comment_value(&m.value));
            insert.push('\n');
            if let Some(h) = &m.hint {
                insert.push_str("# ");
                insert.push_str(errbook_core::ftl::keys::SOURCE_HINT);
                insert.push_str(&errbook_core::ftl::escape::comment_value(h));
                insert.push('\n');
            }
            insert.push_str(&m.id);
            insert.push_str(" = ");
            IdCompletion {
                id: m.id.clone(),
                source: m.value.to_string(),
                insert,
            }
        })
        .collect()
}
