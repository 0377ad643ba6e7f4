//! Hover on a message id of a locale's file: what a translator needs
//! beside the translation: the source text, the source text it was made
//! from (old and new when stale), its status, the terms of the term base
//! in it, and the same message in the other locales.

use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use errbook_core::ftl::{First, FtlFile, MessageEntry};
use errbook_core::project::{Locale, Project};
use errbook_core::standing::State;

/// The hover of the message whose id is at byte `at` of `text` (the file
/// at `path`, of locale `loc`): the id's span and the Markdown shown.
/// `text_of` gives another locale's catalog text (the editor's when it is
/// open, else the disk's).
pub fn hover(
    project: &Project,
    loc: &Locale,
    text: &str,
    at: usize,
    text_of: &dyn Fn(&Locale) -> Option<String>,
) -> Option<(Range<usize>, String)> {
    let file = FtlFile::parse(text.to_owned());
    let (i, e) = file
        .messages()
        .find(|(_, m)| m.id_span.start <= at && at <= m.id_span.end)?;
    let id = e.id();
    let mut md = format!("**`{id}`**");
    let source = project
        .source_index()
        .find(&project.messages, id)
        .map(|s| &project.messages[s]);
    let Some(src) = source else {
        md.push_str(" is not in the source table");
        if file.is_obsolete(i) {
            md.push_str(" (kept in the obsolete section)");
        }
        return Some((e.id_span.clone(), md));
    };
    if !loc.is_source {
        let status = match errbook_core::standing::state(e, src) {
            State::Current => "translated",
            State::Untranslated => "untranslated",
            State::Stale => "stale: the source text changed",
            State::Unrecorded => "no `# source:` record",
            State::Missing => "missing",
        };
        let _ = write!(md, " · {status}");
        if e.meta().review.is_some() {
            md.push_str(" · to review");
        }
    }
    let tag = &project.config.source_locale;
    let _ = write!(md, "\n\n**Source ({tag}):** {}", md_text(&src.value));
    if let Some(h) = &src.hint {
        let _ = write!(md, "\n\n**Hint:** {}", md_text(h));
    }
    if !loc.is_source {
        recorded(&mut md, e, src);
        terms(&mut md, project, &loc.dir.tag, &src.value);
        others(&mut md, project, loc, id, text_of);
    }
    Some((e.id_span.clone(), md))
}

/// The source text the translation was made from, when it is not the
/// current one.
fn recorded(md: &mut String, e: &MessageEntry, src: &errbook_core::catalog::SourceMessage) {
    let meta = e.meta();
    let was = meta.stale_was.or(meta.source.filter(|s| *s != &*src.value));
    if let Some(was) = was {
        let _ = write!(
            md,
            "\n\n**Translated from:** {}\n\n**Now:** {}",
            md_text(was),
            md_text(&src.value)
        );
    }
}

/// The terms of the term base in the source text, with the locale's
/// approved translations.
fn terms(md: &mut String, project: &Project, tag: &str, source: &str) {
    let Some(g) = &project.glossary else {
        return;
    };
    let for_locale = g.for_locale(tag);
    let mut lines = Vec::new();
    for t in g.terms_in(source) {
        let term = &g.terms()[t];
        let mut line = format!("- {}", md_text(&term.source[0]));
        if let Some(r) = g.rendering(&for_locale, t) {
            if !r.approved.is_empty() {
                let _ = write!(line, " → {}", md_text(&r.approved.join(", ")));
            }
            if !r.forbidden.is_empty() {
                let _ = write!(line, " (not {})", md_text(&r.forbidden.join(", ")));
            }
        }
        if let Some(n) = &term.note {
            let _ = write!(line, ": {}", md_text(n));
        }
        lines.push(line);
    }
    if !lines.is_empty() {
        let _ = write!(md, "\n\n**Terms:**\n{}", lines.join("\n"));
    }
}

/// The message in every other translated locale.
fn others(
    md: &mut String,
    project: &Project,
    loc: &Locale,
    id: &str,
    text_of: &dyn Fn(&Locale) -> Option<String>,
) {
    let mut lines = Vec::new();
    for other in project
        .locales
        .iter()
        .filter(|l| !l.is_source && l.dir.tag != loc.dir.tag)
    {
        let shown = match text_of(other).and_then(|t| value_in(t, id)) {
            Some(Some(v)) => md_text(&v),
            Some(None) => "(not translated)".to_owned(),
            None => "(missing)".to_owned(),
        };
        lines.push(format!("- {}: {}", other.dir.tag, shown));
    }
    if !lines.is_empty() {
        let _ = write!(md, "\n\n**Other locales:**\n{}", lines.join("\n"));
    }
}

/// The plain text of the first live definition of `id` in a catalog's
/// text: `None` when it has none, `Some(None)` when it is untranslated or
/// more than text.
fn value_in(text: String, id: &str) -> Option<Option<String>> {
    let text = Arc::new(text);
    match errbook_core::ftl::parse_first(Arc::clone(&text), id, true) {
        First::Absent => None,
        First::In(f) => value_of(&f, id),
        // The quick read could not tell: read the whole file.
        First::Unknown => value_of(&FtlFile::parse_shared(text), id),
    }
}

fn value_of(file: &FtlFile, id: &str) -> Option<Option<String>> {
    let (_, m) = file
        .messages()
        .find(|(i, m)| m.id() == id && !file.is_obsolete(*i))?;
    let meta = m.meta();
    Some(
        (!meta.untranslated)
            .then(|| m.value_text().map(str::to_owned))
            .flatten(),
    )
}

/// `s` as Markdown text: the punctuation Markdown reads as markup
/// escaped, so that a message shows as it is written.
fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
