//! Rendering: the catalog and its locales → reference pages.
//!
//! [`site`] builds one serialisable [`Page`] per locale from a loaded
//! project (what each entry shows, in which language, with which status);
//! the renderers only see those models: [`markdown`] writes
//! `error-codes.md`, [`html`] fills the Tera templates, and the JSON export
//! is the page model's entries. Nothing here writes files: the result is a
//! list of [`Output`]s that the build command writes.

pub mod badge;
pub mod html;
pub mod markdown;
pub mod status;
pub mod strings;

use std::collections::HashMap;
use std::path::PathBuf;

use fluent_bundle::{FluentBundle, FluentResource, FluentValue};
use serde::Serialize;

use crate::catalog::{group_message_id, CodeKind, MessageKind, SourceMessage};
use crate::check::locale::{coverage, state, State};
use crate::locale::ftl::{FtlFile, MessageEntry};
use crate::project::{Locale, Project};
use strings::{Strings, PLAIN_IDS, SITE_FILE};

/// One file of the site, relative to the output directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the output directory, `/`-separated.
    pub path: PathBuf,
    /// Content.
    pub bytes: Vec<u8>,
}

/// Errors of rendering (a broken template).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template failed to parse or render.
    #[error("template {name}: {message}")]
    Template {
        /// The template's name.
        name: String,
        /// Tera's message.
        message: String,
    },
    /// A template override could not be read.
    #[error("cannot read template {path}: {reason}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// How an entry's text relates to the locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The page's locale is the source locale.
    Source,
    /// Translated from the current source text.
    Translated,
    /// Not translated: the source text is shown.
    Untranslated,
    /// Translated from an older source text: shown with a mark.
    Stale,
}

/// One error code on a page.
#[derive(Clone, Debug, Serialize)]
pub struct PageEntry {
    /// The code.
    pub code: String,
    /// The fragment (`60002`), stable across builds.
    pub anchor: String,
    /// The text shown.
    pub message: String,
    /// The hint shown, if any.
    pub hint: Option<String>,
    /// The language of `message` when it is not the page's (an
    /// untranslated entry shows the source text).
    pub message_lang: Option<String>,
    /// The language of `hint` when it is not the page's.
    pub hint_lang: Option<String>,
    /// The translation status.
    pub status: Status,
    /// The current source text, shown beside a stale translation.
    pub source_message: Option<String>,
    /// The group's name, as shown.
    pub group: String,
    /// Lowercased text the filter matches: code, message, hint, source.
    pub search: String,
}

/// A group of entries.
#[derive(Clone, Debug, Serialize)]
pub struct PageGroup {
    /// Fragment of the group's heading (`g-60xxx`).
    pub anchor: String,
    /// The group's name, localized.
    pub name: String,
    /// Its entries, in source order.
    pub entries: Vec<PageEntry>,
}

/// A link to a locale's page.
#[derive(Clone, Debug, Serialize)]
pub struct LocaleLink {
    /// BCP 47 tag.
    pub tag: String,
    /// The language's own name (its `language-name`).
    pub name: String,
    /// Relative link from a locale page.
    pub href: String,
    /// Relative link from the root page.
    pub root_href: String,
    /// The page's title in that locale.
    pub title: String,
    /// True on the page of that locale.
    pub current: bool,
}

/// Translation coverage of a page.
#[derive(Clone, Debug, Serialize)]
pub struct PageCoverage {
    /// Codes translated from the current source text.
    pub translated: usize,
    /// Codes in the catalog.
    pub total: usize,
    /// Percent, one decimal.
    pub percent: f64,
    /// The sentence stating it, localized.
    pub text: String,
}

/// The model of one locale's page.
#[derive(Clone, Debug, Serialize)]
pub struct Page {
    /// BCP 47 tag.
    pub lang: String,
    /// The source locale's tag.
    pub source_lang: String,
    /// Title.
    pub title: String,
    /// Introduction, if any.
    pub intro: Option<String>,
    /// Column headers.
    pub column_code: String,
    /// Column headers.
    pub column_message: String,
    /// Column headers (when the catalog has hints).
    pub column_hint: Option<String>,
    /// True when the catalog has hints.
    pub has_hints: bool,
    /// True when some entry is not translated or stale.
    pub has_status: bool,
    /// Coverage.
    pub coverage: PageCoverage,
    /// Groups in order.
    pub groups: Vec<PageGroup>,
    /// Every locale, for the switcher and `hreflang` alternates.
    pub locales: Vec<LocaleLink>,
    /// Plain UI strings, by id with `_` for `-`.
    pub strings: HashMap<String, String>,
    /// The copy-link label with `{code}` in place of the code, for scripts.
    pub copy_link_to: String,
}

/// The model of the root page.
#[derive(Clone, Debug, Serialize)]
pub struct RootPage {
    /// The source locale's tag (the page's language).
    pub lang: String,
    /// Title (source locale).
    pub title: String,
    /// Every locale.
    pub locales: Vec<LocaleLink>,
    /// Plain UI strings of the source locale.
    pub strings: HashMap<String, String>,
    /// Tags, for the redirect script.
    pub tags: Vec<String>,
}

/// A locale's texts for the catalog's messages.
struct Texts<'a> {
    live: HashMap<&'a str, &'a MessageEntry>,
    bundle: Option<FluentBundle<FluentResource>>,
}

impl<'a> Texts<'a> {
    fn new(tag: &str, ftl: Option<&'a FtlFile>) -> Texts<'a> {
        let mut live = HashMap::new();
        if let Some(f) = ftl {
            for (i, m) in f.messages() {
                if !f.is_obsolete(i) {
                    live.entry(m.id.as_str()).or_insert(m);
                }
            }
        }
        // Messages that are more than text (terms, selectors) are formatted
        // by fluent-bundle; plain ones are used as they are.
        let needs_bundle = live
            .values()
            .any(|m| m.value_text.is_none() || (m.has_hint && m.hint_text.is_none()));
        let bundle = ftl.filter(|_| needs_bundle).and_then(|f| {
            let lang = tag.parse().ok()?;
            let res = FluentResource::try_new(f.text.clone()).unwrap_or_else(|(r, _)| r);
            let mut b = FluentBundle::new(vec![lang]);
            b.set_use_isolating(false);
            let _ = b.add_resource(res);
            Some(b)
        });
        Texts { live, bundle }
    }

    fn format(&self, id: &str, attr: Option<&str>) -> Option<String> {
        let b = self.bundle.as_ref()?;
        let msg = b.get_message(id)?;
        let pattern = match attr {
            Some(a) => msg.get_attribute(a)?.value(),
            None => msg.value()?,
        };
        let mut errors = Vec::new();
        let s = b.format_pattern(pattern, None, &mut errors);
        errors.is_empty().then(|| s.into_owned())
    }

    fn value(&self, m: &MessageEntry) -> Option<String> {
        m.value_text.clone().or_else(|| self.format(&m.id, None))
    }

    fn hint(&self, m: &MessageEntry) -> Option<String> {
        if !m.has_hint {
            return None;
        }
        m.hint_text
            .clone()
            .or_else(|| self.format(&m.id, Some("hint")))
    }
}

/// The group of an entry without a heading: its code's range (`60xxx`), the
/// part of a text code before its first `.`, or "other".
fn derived_group(code: &crate::catalog::Code, s: &Strings) -> (String, String) {
    match code.kind() {
        CodeKind::Number(n) => {
            let range = format!("{}xxx", n / 1000);
            let range = if n < 0 && n > -1000 {
                format!("-{range}")
            } else {
                range
            };
            let name = s
                .try_get(&format!("group-{range}"), &[])
                .unwrap_or_else(|| {
                    s.get(
                        "group-range",
                        &[("range", FluentValue::from(range.as_str()))],
                    )
                });
            (format!("g-{range}"), name)
        }
        CodeKind::Text if code.as_str().contains('.') => {
            let prefix = code.as_str().split('.').next().unwrap_or_default();
            (
                format!("g-{prefix}"),
                s.get("group-text", &[("prefix", FluentValue::from(prefix))]),
            )
        }
        _ => ("g-other".to_owned(), s.get("group-other", &[])),
    }
}

/// A locale's `site.ftl` text, as the project read it (no second read).
fn site_strings_text(loc: &Locale) -> Option<&str> {
    loc.others
        .iter()
        .find(|f| f.path.file_name().is_some_and(|n| n == SITE_FILE))
        .map(|f| f.ftl.text.as_str())
}

/// Builds the page models of every locale and the root page.
pub fn site(project: &Project) -> (Vec<Page>, RootPage) {
    let source_tag = project.config.source_locale.as_str();
    let site_text = site_strings_text;
    let source_site = project
        .locales
        .iter()
        .find(|l| l.is_source)
        .and_then(site_text);
    let strings: Vec<Strings> = project
        .locales
        .iter()
        .map(|l| {
            let own = site_text(l);
            Strings::new(&l.dir.tag, own, source_site.map(|t| (source_tag, t)))
        })
        .collect();
    let by_id: HashMap<&str, &SourceMessage> = project
        .messages
        .iter()
        .map(|m| (m.id.as_str(), m))
        .collect();

    // Titles per locale, for the switcher.
    let texts: Vec<Texts<'_>> = project
        .locales
        .iter()
        .map(|l| {
            Texts::new(
                &l.dir.tag,
                if l.is_source {
                    None
                } else {
                    l.catalog.as_ref().map(|c| &c.ftl)
                },
            )
        })
        .collect();
    let meta = |i: usize, id: &str| -> Option<String> {
        let src = by_id.get(id)?;
        if project.locales[i].is_source {
            return Some(src.value.clone());
        }
        let t = &texts[i];
        match t.live.get(id) {
            Some(e)
                if matches!(
                    state(e, src),
                    State::Current | State::Stale | State::Unrecorded
                ) =>
            {
                t.value(e)
            }
            _ => None,
        }
        .or_else(|| Some(src.value.clone()))
    };
    let title_of =
        |i: usize| meta(i, "errbook-title").unwrap_or_else(|| strings[i].get("site-title", &[]));
    let links = |current: Option<usize>| -> Vec<LocaleLink> {
        project
            .locales
            .iter()
            .enumerate()
            .map(|(i, l)| LocaleLink {
                tag: l.dir.tag.clone(),
                name: strings[i].get("language-name", &[]),
                href: format!("../{}/index.html", l.dir.tag),
                root_href: format!("{}/index.html", l.dir.tag),
                title: title_of(i),
                current: current == Some(i),
            })
            .collect()
    };

    let mut pages = Vec::new();
    for (i, loc) in project.locales.iter().enumerate() {
        let s = &strings[i];
        let t = &texts[i];
        let mut groups: Vec<PageGroup> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut has_status = false;
        for m in project
            .messages
            .iter()
            .filter(|m| m.kind == MessageKind::Error)
        {
            let code = m.code.as_ref().expect("error messages have codes");
            let (anchor, name) = match &m.group {
                Some(g) => (
                    format!(
                        "g-{}",
                        crate::catalog::group_id_suffix(g).trim_start_matches("group-")
                    ),
                    meta(i, &group_message_id(g)).unwrap_or_else(|| g.clone()),
                ),
                None => derived_group(code, s),
            };
            let (status, message, hint, source_message) = if loc.is_source {
                (Status::Source, m.value.clone(), m.hint.clone(), None)
            } else {
                match t.live.get(m.id.as_str()) {
                    Some(e) => match state(e, m) {
                        State::Current => (
                            Status::Translated,
                            t.value(e).unwrap_or_default(),
                            t.hint(e),
                            None,
                        ),
                        State::Stale | State::Unrecorded => (
                            Status::Stale,
                            t.value(e).unwrap_or_default(),
                            t.hint(e),
                            Some(m.value.clone()),
                        ),
                        State::Untranslated | State::Missing => {
                            (Status::Untranslated, m.value.clone(), m.hint.clone(), None)
                        }
                    },
                    None => (Status::Untranslated, m.value.clone(), m.hint.clone(), None),
                }
            };
            // A translation that formats to nothing shows the source text.
            let (status, message) = if message.trim().is_empty() {
                (Status::Untranslated, m.value.clone())
            } else {
                (status, message)
            };
            let foreign = (status == Status::Untranslated).then(|| source_tag.to_owned());
            has_status |= matches!(status, Status::Untranslated | Status::Stale);
            let search = [
                Some(code.as_str()),
                Some(message.as_str()),
                hint.as_deref(),
                source_message.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
            let entry = PageEntry {
                code: code.as_str().to_owned(),
                anchor: code.as_str().to_owned(),
                hint_lang: hint.as_ref().and(foreign.clone()),
                message_lang: foreign,
                message,
                hint,
                status,
                source_message,
                group: name.clone(),
                search,
            };
            let gi = *index.entry(anchor.clone()).or_insert_with(|| {
                groups.push(PageGroup {
                    anchor,
                    name,
                    entries: Vec::new(),
                });
                groups.len() - 1
            });
            groups[gi].entries.push(entry);
        }
        let cov = if loc.is_source {
            let n = project.extraction.catalog.entries.len();
            crate::check::locale::Coverage {
                total: n,
                translated: n,
                ..Default::default()
            }
        } else {
            coverage(loc.catalog.as_ref().map(|c| &c.ftl), &project.messages)
        };
        let percent = (cov.percent() * 10.0).round() / 10.0;
        let coverage = PageCoverage {
            translated: cov.translated,
            total: cov.total,
            percent,
            text: s.get(
                "coverage",
                &[
                    ("translated", FluentValue::from(cov.translated)),
                    ("total", FluentValue::from(cov.total)),
                    ("percent", FluentValue::from(percent)),
                ],
            ),
        };
        let column_hint = project
            .extraction
            .catalog
            .columns
            .hint
            .as_ref()
            .map(|_| meta(i, "errbook-column-hint").unwrap_or_default());
        pages.push(Page {
            lang: loc.dir.tag.clone(),
            source_lang: source_tag.to_owned(),
            title: title_of(i),
            intro: meta(i, "errbook-intro"),
            column_code: meta(i, "errbook-column-code").unwrap_or_default(),
            column_message: meta(i, "errbook-column-message").unwrap_or_default(),
            has_hints: column_hint.is_some(),
            column_hint,
            has_status,
            coverage,
            groups,
            locales: links(Some(i)),
            strings: s.table(PLAIN_IDS),
            copy_link_to: s.get("copy-link-to", &[("code", FluentValue::from("{code}"))]),
        });
    }
    let source_index = project
        .locales
        .iter()
        .position(|l| l.is_source)
        .unwrap_or(0);
    let root = RootPage {
        lang: source_tag.to_owned(),
        title: title_of(source_index),
        locales: links(None),
        strings: strings[source_index].table(PLAIN_IDS),
        tags: project.locales.iter().map(|l| l.dir.tag.clone()).collect(),
    };
    (pages, root)
}

/// The JSON export of a page: `<out>/<locale>/errors.json`.
pub fn json(page: &Page) -> Vec<u8> {
    #[derive(Serialize)]
    struct Entry<'a> {
        code: &'a str,
        message: &'a str,
        hint: Option<&'a str>,
        group: &'a str,
        url: String,
        status: Status,
    }
    #[derive(Serialize)]
    struct Export<'a> {
        locale: &'a str,
        source_locale: &'a str,
        title: &'a str,
        translated: usize,
        total: usize,
        entries: Vec<Entry<'a>>,
    }
    let export = Export {
        locale: &page.lang,
        source_locale: &page.source_lang,
        title: &page.title,
        translated: page.coverage.translated,
        total: page.coverage.total,
        entries: page
            .groups
            .iter()
            .flat_map(|g| &g.entries)
            .map(|e| Entry {
                code: &e.code,
                message: &e.message,
                hint: e.hint.as_deref(),
                group: &e.group,
                url: format!("index.html#{}", e.anchor),
                status: e.status,
            })
            .collect(),
    };
    let mut out = serde_json::to_vec_pretty(&export).expect("serialising plain data");
    out.push(b'\n');
    out
}
