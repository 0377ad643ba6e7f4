//! Rendering: the catalog and its locales → reference pages.
//!
//! [`Site`] builds one serialisable [`Page`] per locale from a loaded
//! project (what each entry shows, in which language, with which status);
//! the renderers only see those models: [`markdown`] writes
//! `error-codes.md`, [`html`] fills the Tera templates, and the JSON export
//! is the page model's entries. Nothing here writes files: the result is a
//! list of [`Output`]s that the build command writes.

pub mod badge;
pub mod chrome;
pub mod html;
pub mod intl;
pub mod markdown;
pub mod status;
pub mod strings;

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentResource, FluentValue};
use serde::Serialize;

use crate::catalog::{group_message_id, CodeKind, MessageKind, SourceMessage};
use crate::ftl::{FtlFile, MessageEntry};
use crate::project::{Locale, Project};
use crate::standing::{state, State};
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

/// One error code on a page. Templates also see `search` ([`PageEntry::search`]).
///
/// It borrows what the project holds (codes, source texts, tags) and owns
/// only the translated texts: a locale's page model has an entry per code,
/// a hundred thousand of them in a large catalog.
#[derive(Clone, Debug)]
pub struct PageEntry<'p> {
    /// The code.
    pub code: &'p str,
    /// The variant, for a row that repeats a code with another message
    /// ([`crate::catalog::Entry::variant`]).
    pub variant: Option<&'p str>,
    /// The text shown.
    pub message: Cow<'p, str>,
    /// The hint shown, if any.
    pub hint: Option<Cow<'p, str>>,
    /// The source language, when `message` and `hint` are in it rather
    /// than the page's (an untranslated entry shows the source text).
    pub foreign: Option<&'p str>,
    /// The source language, when `hint` is in it rather than the page's
    /// (also when only the hint is untranslated).
    pub hint_foreign: Option<&'p str>,
    /// The translation status.
    pub status: Status,
    /// The current source text, shown beside a stale translation.
    pub source_message: Option<&'p str>,
    /// The group's name, as shown (one string for the group's entries).
    pub group: Arc<str>,
    /// For a range entry, the range's last code.
    pub range_end: Option<&'p str>,
    /// The entry's attributes (another column of its row, its alias), by
    /// their names in the source.
    pub attributes: &'p [crate::catalog::Attribute],
    /// The attribute names as shown on the page (one map per page), when
    /// the entry has attributes.
    pub attribute_labels: Option<Arc<AttributeLabels>>,
}

/// Attribute names as shown on a page, by their names in the source.
pub type AttributeLabels = HashMap<Arc<str>, String>;

impl PageEntry<'_> {
    /// The fragment (`60002`): the code, stable across builds; for a
    /// variant, the code, `-` and the variant (`0-2`).
    pub fn anchor(&self) -> Cow<'_, str> {
        match self.variant {
            None => Cow::Borrowed(self.code),
            Some(v) => Cow::Owned(format!("{}-{v}", self.code)),
        }
    }

    /// The language of `message` when it is not the page's.
    pub fn message_lang(&self) -> Option<&str> {
        self.foreign
    }

    /// The language of `hint` when it is not the page's.
    pub fn hint_lang(&self) -> Option<&str> {
        self.hint.as_ref().and(self.hint_foreign)
    }

    /// The text the filter matches: code, message, hint, source, and the
    /// attributes' values (an alias, an HTTP status), as written: the
    /// page's script folds case and width as the reader types (the query
    /// and the text alike), so the site need not.
    /// Made when it is written (in the page and the search index) rather
    /// than held: it is about a third of a locale's page model.
    pub fn search(&self) -> String {
        let mut out = String::with_capacity(
            self.code.len()
                + self.message.len()
                + self.hint.as_ref().map_or(0, |h| h.len())
                + self.source_message.map_or(0, str::len)
                + self
                    .attributes
                    .iter()
                    .map(|a| a.value.len() + 1)
                    .sum::<usize>()
                + 3,
        );
        let parts = [
            Some(self.code),
            Some(&*self.message),
            self.hint.as_deref(),
            self.source_message,
        ];
        let attributes = self.attributes.iter().map(|a| Some(&*a.value));
        for (i, p) in parts.into_iter().chain(attributes).flatten().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(p);
        }
        out
    }
}

impl Serialize for PageEntry<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("PageEntry", 10)?;
        s.serialize_field("code", &self.code)?;
        s.serialize_field("anchor", &self.anchor())?;
        s.serialize_field("message", &self.message)?;
        s.serialize_field("hint", &self.hint)?;
        s.serialize_field("message_lang", &self.message_lang())?;
        s.serialize_field("hint_lang", &self.hint_lang())?;
        s.serialize_field("status", &self.status)?;
        s.serialize_field("source_message", &self.source_message)?;
        s.serialize_field("group", &*self.group)?;
        s.serialize_field("range_end", &self.range_end)?;
        s.serialize_field(
            "attributes",
            &PageAttributes(self.attributes, self.attribute_labels.as_deref()),
        )?;
        s.serialize_field("search", &self.search())?;
        s.end()
    }
}

/// An entry's attributes for templates: a list of `{name, key, value}`,
/// `name` as shown on the page and `key` as in the source.
struct PageAttributes<'a>(&'a [crate::catalog::Attribute], Option<&'a AttributeLabels>);

impl Serialize for PageAttributes<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Attribute<'a> {
            name: &'a str,
            key: &'a str,
            value: &'a str,
        }
        serializer.collect_seq(self.0.iter().map(|a| {
            Attribute {
                name: self
                    .1
                    .and_then(|l| l.get(&a.name))
                    .map_or(&*a.name, String::as_str),
                key: &a.name,
                value: &a.value,
            }
        }))
    }
}

/// A group of entries.
#[derive(Clone, Debug, Serialize)]
pub struct PageGroup<'p> {
    /// Fragment of the group's heading (`g-60xxx`).
    pub anchor: String,
    /// The group's name, localized.
    pub name: String,
    /// Its entries, in source order.
    pub entries: Vec<PageEntry<'p>>,
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
pub struct Page<'p> {
    /// BCP 47 tag.
    pub lang: String,
    /// `"rtl"` for a language written right to left, else `"ltr"`.
    pub dir: &'static str,
    /// Where the site is published (`site-url`), for absolute canonical
    /// and alternate links.
    pub site_url: Option<String>,
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
    pub groups: Vec<PageGroup<'p>>,
    /// Every locale, for the switcher and `hreflang` alternates.
    pub locales: Vec<LocaleLink>,
    /// Plain UI strings, by id with `_` for `-`.
    pub strings: std::collections::HashMap<String, String>,
    /// The copy-link label with `{code}` in place of the code, for scripts.
    pub copy_link_to: String,
    /// This page's file name in the locale's directory (`index.html`).
    pub file: String,
    /// True when the locale is split into an index and parts (a large
    /// catalog): the filter then searches the locale's search index.
    pub paged: bool,
    /// On the index of a split locale: its parts.
    pub parts: Vec<PartLink>,
    /// On a part of a split locale: which one.
    pub part: Option<PartInfo>,
}

/// A link to a part of a split locale.
#[derive(Clone, Debug, Serialize)]
pub struct PartLink {
    /// The part's file name.
    pub href: String,
    /// Its group's name (with `(2/3)` when the group spans parts).
    pub name: String,
    /// Entries on it.
    pub count: usize,
    /// Its first code.
    pub first: String,
    /// Its last code.
    pub last: String,
}

/// Where a part sits among the parts of its locale.
#[derive(Clone, Debug, Serialize)]
pub struct PartInfo {
    /// Its group's name.
    pub name: String,
    /// 1-based number.
    pub number: usize,
    /// How many parts the locale has.
    pub count: usize,
    /// The part before.
    pub prev: Option<PartLink>,
    /// The part after.
    pub next: Option<PartLink>,
}

/// The model of a page for addresses the site does not have: the root's
/// (`404.html`, in the source locale, linking to every locale's reference)
/// or a locale's (`<tag>/404.html`, linking to its reference).
#[derive(Clone, Debug, Serialize)]
pub struct NotFound {
    /// The page's language.
    pub lang: String,
    /// Its direction, as [`Page::dir`].
    pub dir: &'static str,
    /// "Page not found", in that language.
    pub title: String,
    /// What the stylesheet's path starts with: `../`, nothing, or the
    /// published address when `site-url` is set (the page is served for
    /// addresses at any depth, where relative links would break).
    pub base: String,
    /// The references to go to.
    pub links: Vec<NotFoundLink>,
}

/// A link of a [`NotFound`] page.
#[derive(Clone, Debug, Serialize)]
pub struct NotFoundLink {
    /// The locale.
    pub tag: String,
    /// Where its reference is.
    pub href: String,
    /// "Go to the error code reference", in that locale's language.
    pub text: String,
    /// Its language is written right to left.
    pub rtl: bool,
}

/// The model of the root page.
#[derive(Clone, Debug, Serialize)]
pub struct RootPage {
    /// The source locale's tag (the page's language).
    pub lang: String,
    /// Its direction, as [`Page::dir`].
    pub dir: &'static str,
    /// As [`Page::site_url`].
    pub site_url: Option<String>,
    /// Title (source locale).
    pub title: String,
    /// Every locale.
    pub locales: Vec<LocaleLink>,
    /// Plain UI strings of the source locale.
    pub strings: std::collections::HashMap<String, String>,
    /// Tags, for the redirect script.
    pub tags: Vec<String>,
}

/// A locale's texts for the catalog's messages.
struct Texts<'a> {
    live: HashMap<&'a str, &'a MessageEntry>,
    /// The value and hint of each message that is more than text, as
    /// fluent-bundle formats them (`None`: absent, or an error).
    formatted: HashMap<&'a str, [Option<String>; 2]>,
}

/// How many messages that are more than text are formatted from one
/// bundle: a bundle holds their syntax trees, so a catalog of many is
/// formatted a bounded part at a time.
const BUNDLE_BATCH: usize = 4096;

impl<'a> Texts<'a> {
    fn new(tag: &str, ftl: Option<&'a FtlFile>) -> Texts<'a> {
        let all = ftl.map_or(0, |f| f.items.len());
        Texts::of(tag, ftl, all, |_| true)
    }

    /// The texts of the live messages whose id `wanted` accepts (about
    /// `capacity` of them).
    fn of(
        tag: &str,
        ftl: Option<&'a FtlFile>,
        capacity: usize,
        wanted: impl Fn(&str) -> bool,
    ) -> Texts<'a> {
        let mut live = HashMap::with_capacity_and_hasher(capacity, Default::default());
        if let Some(f) = ftl {
            for (i, m) in f.messages() {
                if !f.is_obsolete(i) && wanted(m.id()) {
                    live.entry(m.id()).or_insert(m);
                }
            }
        }
        // Messages that are more than text (terms, selectors) are formatted
        // by fluent-bundle; plain ones are used as they are.
        let needs_bundle =
            |m: &MessageEntry| m.value_text().is_none() || (m.has_hint && m.hint_text().is_none());
        let mut todo: Vec<&str> = live
            .values()
            .filter(|m| needs_bundle(m))
            .map(|m| m.id())
            .collect();
        // Not those fluent-bundle cannot format safely (errbook check
        // refuses them, EB0221): their text is left empty.
        if let Some(f) = ftl {
            let unsafe_ids = f.unformattable();
            todo.retain(|id| !unsafe_ids.contains(id));
        }
        // In file order, so that a batch takes neighbours (and the output
        // does not depend on the hash map's order).
        todo.sort_unstable_by_key(|id| live[id].id_span.start);
        let mut formatted = HashMap::with_capacity_and_hasher(todo.len(), Default::default());
        let lang = tag.parse::<unic_langid::LanguageIdentifier>().ok();
        if let (Some(f), Some(lang)) = (ftl, lang) {
            for batch in todo.chunks(BUNDLE_BATCH) {
                let res = FluentResource::try_new(bundle_text(f, &live, batch.to_vec()))
                    .unwrap_or_else(|(r, _)| r);
                let mut b = FluentBundle::new_concurrent(vec![lang.clone()]);
                b.set_use_isolating(false);
                let _ = b.add_resource(res);
                for &id in batch {
                    let texts = [None, Some("hint")].map(|attr| format(&b, id, attr));
                    formatted.insert(id, texts);
                }
            }
        }
        Texts { live, formatted }
    }

    fn format(&self, id: &str, attr: Option<&str>) -> Option<String> {
        let [value, hint] = self.formatted.get(id)?;
        match attr {
            None => value.clone(),
            Some(_) => hint.clone(),
        }
    }

    fn value(&self, m: &MessageEntry) -> Option<String> {
        m.value_text()
            .map(str::to_owned)
            .or_else(|| self.format(m.id(), None))
    }

    fn hint(&self, m: &MessageEntry) -> Option<String> {
        if !m.has_hint {
            return None;
        }
        m.hint_text()
            .map(str::to_owned)
            .or_else(|| self.format(m.id(), Some("hint")))
    }
}

/// Message `id`'s value, or its attribute `attr`, formatted by `b`; `None`
/// when it has none or formatting fails.
fn format(b: &FluentBundle<FluentResource>, id: &str, attr: Option<&str>) -> Option<String> {
    let msg = b.get_message(id)?;
    let pattern = match attr {
        Some(a) => msg.get_attribute(a)?.value(),
        None => msg.value()?,
    };
    let mut errors = Vec::new();
    let s = b.format_pattern(pattern, None, &mut errors);
    errors.is_empty().then(|| s.into_owned())
}

/// The part of `f` fluent-bundle needs to format the messages `formatted`
/// (ids of `live`): those messages, the messages they reference (and so on),
/// and every term, each entry's text as the file has it. A catalog whose
/// every message is plain but a few is not parsed whole a second time, nor
/// held as a syntax tree.
fn bundle_text(f: &FtlFile, live: &HashMap<&str, &MessageEntry>, formatted: Vec<&str>) -> String {
    use crate::ftl::ItemKind;
    let mut wanted: std::collections::HashSet<&str> = formatted.iter().copied().collect();
    let mut todo = formatted;
    while let Some(id) = todo.pop() {
        let referenced = live.get(id).map(|m| m.references());
        for r in referenced.into_iter().flatten() {
            let r = r.split('.').next().unwrap_or(r);
            if let Some((&key, _)) = live.get_key_value(r) {
                if wanted.insert(key) {
                    todo.push(key);
                }
            }
        }
    }
    let mut text = String::new();
    for (i, item) in f.items.iter().enumerate() {
        let take = match &item.kind {
            ItemKind::Term(_) => Some(item.range.clone()),
            // The definition the page shows (the first live one), without
            // its comment.
            ItemKind::Message(m)
                if !f.is_obsolete(i)
                    && wanted.contains(m.id())
                    && live.get(m.id()).is_some_and(|l| std::ptr::eq(*l, &**m)) =>
            {
                Some(m.body_start..m.body_start + m.body_len)
            }
            _ => None,
        };
        if let Some(range) = take {
            if let Some(entry) = f.text.get(range) {
                text.push_str(entry);
                if !entry.ends_with('\n') {
                    text.push('\n');
                }
            }
        }
    }
    text
}

/// The anchor of the group of a code its table puts under no heading: by
/// the code's range (`g-60xxx`), the part of a text code before its first
/// `.`, or `g-other`. (Keys can share an anchor: `other.x` and `plain`;
/// their codes share the group, each with its own name.)
fn derived_anchor(key: &Derived<'_>) -> String {
    match key {
        Derived::Range(..) => format!("g-{}", key.range()),
        Derived::Prefix(prefix) => format!("g-{prefix}"),
        Derived::Other => "g-other".to_owned(),
    }
}

/// The name of the group of a code under no heading, in the locale of `s`.
fn derived_name(key: &Derived<'_>, s: &Strings) -> String {
    match key {
        Derived::Range(..) => {
            let range = key.range();
            s.try_get(&format!("group-{range}"), &[])
                .unwrap_or_else(|| {
                    s.get(
                        "group-range",
                        &[("range", FluentValue::from(range.as_str()))],
                    )
                })
        }
        Derived::Prefix(prefix) => s.get("group-text", &[("prefix", FluentValue::from(*prefix))]),
        Derived::Other => s.get("group-other", &[]),
    }
}

/// What groups a code that its table does not put in a group.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Derived<'c> {
    /// A number's thousand (`n / 1000`), and whether it is -1 to -999
    /// (thousand 0, shown `-0xxx`): see [`Derived::range`].
    Range(i128, bool),
    /// A dotted text code's first part (`auth` of `auth.expired`).
    Prefix(&'c str),
    /// Any other code.
    Other,
}

impl Derived<'_> {
    /// A range as it is shown: `60xxx`, `-0xxx`.
    fn range(&self) -> String {
        match self {
            Derived::Range(thousand, true) => format!("-{thousand}xxx"),
            Derived::Range(thousand, false) => format!("{thousand}xxx"),
            _ => String::new(),
        }
    }
}

/// The key of a code under no heading; made for every such code, so it
/// allocates nothing.
fn derived_key(code: &crate::catalog::Code) -> Derived<'_> {
    match code.kind() {
        CodeKind::Number(n) => Derived::Range(n / 1000, n < 0 && n > -1000),
        CodeKind::Text if code.as_str().contains('.') => {
            Derived::Prefix(code.as_str().split('.').next().unwrap_or_default())
        }
        _ => Derived::Other,
    }
}

/// A locale's `site.ftl` text, as the project read it (no second read).
fn site_strings_text(loc: &Locale) -> Option<&str> {
    loc.others
        .iter()
        .find(|f| f.path.file_name().is_some_and(|n| n == SITE_FILE))
        .map(|f| f.ftl.text.as_str())
}

/// What the renderers read of a project (mdBook's `RenderContext` is the
/// model): the configuration, the catalog, its source messages and the
/// locales, and where each translation stands. Not the loaded project, its
/// caches or its checks.
#[derive(Clone, Copy)]
pub struct RenderContext<'p> {
    /// The configuration.
    pub config: &'p crate::config::Config,
    /// The catalog read from the source table.
    pub catalog: &'p crate::catalog::Catalog,
    /// The source locale's messages.
    pub messages: &'p [SourceMessage],
    /// The locales, in the order of their directories.
    pub locales: &'p [Locale],
    index: &'p crate::standing::SourceIndex,
}

impl<'p> RenderContext<'p> {
    /// What the renderers need of `project`.
    pub fn of(project: &'p Project) -> RenderContext<'p> {
        RenderContext {
            config: &project.config,
            catalog: &project.extraction.catalog,
            messages: &project.messages,
            locales: &project.locales,
            index: project.source_index(),
        }
    }

    /// Where a locale's translations stand (`None` for the source locale),
    /// from its parsed catalog file.
    pub fn standing<'a>(
        &self,
        loc: &Locale,
        catalog: Option<&'a FtlFile>,
    ) -> Option<crate::standing::Standing<'a>>
    where
        'p: 'a,
    {
        (!loc.is_source).then(|| crate::standing::standing(catalog, self.messages, self.index))
    }

    /// A locale's coverage (complete for the source locale).
    pub fn coverage(&self, loc: &Locale, catalog: Option<&FtlFile>) -> crate::standing::Coverage {
        match self.standing(loc, catalog) {
            Some(s) => s.coverage(),
            None => {
                let total = self.catalog.entries.len();
                crate::standing::Coverage {
                    total,
                    translated: total,
                    ..Default::default()
                }
            }
        }
    }
}

/// What every locale's pages share: UI strings and titles of all locales
/// (for the language switch and the root page), the source messages by id.
/// Built once; [`Site::locale`] then builds one locale's page at a time, so
/// a build holds one or two locales' catalogs in memory, not all of them.
pub struct Site<'p> {
    project: RenderContext<'p>,
    strings: Vec<Strings>,
    /// Each locale's name in its own language, from CLDR.
    names: Vec<Option<String>>,
    titles: Vec<String>,
    by_id: HashMap<&'p str, &'p SourceMessage>,
}

impl<'p> Site<'p> {
    /// `titles` holds each locale's translated title (`errbook-title`),
    /// in the order of `project.locales`, when it has one.
    pub fn new(project: RenderContext<'p>, titles: Vec<Option<String>>) -> Site<'p> {
        let source_tag = project.config.source_locale.as_str();
        let source_site = project
            .locales
            .iter()
            .find(|l| l.is_source)
            .and_then(site_strings_text);
        let strings: Vec<Strings> = project
            .locales
            .iter()
            .map(|l| {
                let own = site_strings_text(l);
                Strings::new(&l.dir.tag, own, source_site.map(|t| (source_tag, t)))
            })
            .collect();
        let by_id: HashMap<&str, &SourceMessage> = project
            .messages
            .iter()
            .map(|m| (m.id.as_str(), m))
            .collect();
        let source_title = by_id.get("errbook-title").map(|m| m.value.to_string());
        let titles = titles
            .into_iter()
            .zip(&strings)
            .map(|(t, s)| {
                t.or_else(|| source_title.clone())
                    .unwrap_or_else(|| s.get("site-title", &[]))
            })
            .collect();
        let tags: Vec<&str> = project.locales.iter().map(|l| l.dir.tag.as_str()).collect();
        Site {
            project,
            strings,
            names: intl::locale_names(&tags),
            titles,
            by_id,
        }
    }

    /// The title of a locale's pages, from its parsed catalog file: what
    /// [`Site::new`] wants for it.
    pub fn title_of(
        project: RenderContext<'_>,
        i: usize,
        catalog: Option<&FtlFile>,
    ) -> Option<String> {
        if project.locales[i].is_source {
            return None;
        }
        const TITLE: &str = "errbook-title";
        let src = project.messages.iter().find(|m| m.id == TITLE)?;
        let t = Texts::of(&project.locales[i].dir.tag, catalog, 1, |id| id == TITLE);
        translated_text(&t, TITLE, src)
    }

    /// Links to every locale's copy of `file` (a page's file name).
    fn links(&self, current: Option<usize>, file: &str) -> Vec<LocaleLink> {
        self.project
            .locales
            .iter()
            .enumerate()
            .map(|(i, l)| LocaleLink {
                tag: l.dir.tag.clone(),
                name: self.strings[i].language_name(&l.dir.tag, self.names[i].as_deref()),
                href: format!("../{}/{file}", l.dir.tag),
                root_href: format!("{}/index.html", l.dir.tag),
                title: self.titles[i].clone(),
                current: current == Some(i),
            })
            .collect()
    }

    /// The page model of locale `i` with every entry, from its parsed
    /// catalog file.
    pub fn locale(&self, i: usize, catalog: Option<&FtlFile>) -> Page<'p> {
        let project = self.project;
        let loc = &project.locales[i];
        let source_tag = project.config.source_locale.as_str();
        let s = &self.strings[i];
        let t = Texts::new(&loc.dir.tag, if loc.is_source { None } else { catalog });
        let meta = |id: &str| -> Option<String> {
            let src = self.by_id.get(id)?;
            if loc.is_source {
                return Some(src.value.to_string());
            }
            translated_text(&t, id, src).or_else(|| Some(src.value.to_string()))
        };
        // First each code's group, so that every group's entries are
        // allocated once at their final size: the page model holds an entry
        // per code, and vectors grown by doubling would hold up to twice
        // that (and a build has two locales in flight).
        let errors = || {
            project
                .messages
                .iter()
                .filter(|m| m.kind == MessageKind::Error)
        };
        let mut groups: Vec<PageGroup> = Vec::new();
        let mut counts: Vec<usize> = Vec::new();
        let mut names: Vec<Arc<str>> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::default();
        // Thousands of codes share a group: each is named once, and so is
        // each range or prefix that groups the codes without one (by the
        // range or prefix: two can share an anchor, not a name).
        let mut named: HashMap<&str, (u32, u32)> = HashMap::default();
        let mut derived: HashMap<Derived, (u32, u32)> = HashMap::default();
        let mut slots: Vec<(u32, u32)> = Vec::with_capacity(project.messages.len());
        for m in errors() {
            let code = m.code.as_ref().expect("error messages have codes");
            let mut slot = |anchor: String, name: String| {
                let gi = *index.entry(anchor.clone()).or_insert_with(|| {
                    groups.push(PageGroup {
                        anchor,
                        name: name.clone(),
                        entries: Vec::new(),
                    });
                    counts.push(0);
                    groups.len() - 1
                });
                names.push(name.into());
                // u32: a catalog has far fewer groups than 2^32 codes.
                (gi as u32, (names.len() - 1) as u32)
            };
            let (gi, ni) = match &m.group {
                Some(g) => match named.get(&**g) {
                    Some(&found) => found,
                    None => {
                        let anchor = format!(
                            "g-{}",
                            crate::catalog::group_id_suffix(g).trim_start_matches("group-")
                        );
                        let name = meta(&group_message_id(g)).unwrap_or_else(|| g.to_string());
                        let found = slot(anchor, name);
                        named.insert(&**g, found);
                        found
                    }
                },
                None => {
                    let key = derived_key(code);
                    match derived.get(&key) {
                        Some(&found) => found,
                        None => {
                            let found = slot(derived_anchor(&key), derived_name(&key, s));
                            derived.insert(key, found);
                            found
                        }
                    }
                }
            };
            counts[gi as usize] += 1;
            slots.push((gi, ni));
        }
        for (g, n) in groups.iter_mut().zip(counts) {
            g.entries.reserve_exact(n);
        }
        let mut has_status = false;
        // The catalog's entries, in the order of their messages.
        let entries = &project.catalog.entries;
        let mut labels: Option<Arc<AttributeLabels>> = None;
        for (k, (m, &(gi, ni))) in errors().zip(&slots).enumerate() {
            let code = m.code.as_ref().expect("error messages have codes");
            let source = || {
                (
                    Cow::Borrowed(&*m.value),
                    m.hint.as_deref().map(Cow::Borrowed),
                )
            };
            // Only the hint untranslated (a translation seeded from the
            // page's English column, a hint added to the source later): the
            // message is shown translated, the hint in the source language.
            let mut hint_only = false;
            let (status, (message, hint), source_message) = if loc.is_source {
                (Status::Source, source(), None)
            } else {
                let translated = |e| {
                    (
                        Cow::Owned(t.value(e).unwrap_or_default()),
                        t.hint(e).map(Cow::Owned),
                    )
                };
                match t.live.get(m.id.as_str()) {
                    Some(e) => match state(e, m) {
                        State::Current => (Status::Translated, translated(e), None),
                        State::Stale | State::Unrecorded => {
                            (Status::Stale, translated(e), Some(&*m.value))
                        }
                        State::Untranslated
                            if !e.meta().untranslated
                                && t.value(e).is_some_and(|v| !v.trim().is_empty()) =>
                        {
                            hint_only = true;
                            let (message, _) = translated(e);
                            (
                                Status::Untranslated,
                                (message, m.hint.as_deref().map(Cow::Borrowed)),
                                None,
                            )
                        }
                        State::Untranslated | State::Missing => {
                            (Status::Untranslated, source(), None)
                        }
                    },
                    None => (Status::Untranslated, source(), None),
                }
            };
            // A translation that formats to nothing shows the source text.
            let (status, message) = if message.trim().is_empty() {
                (Status::Untranslated, Cow::Borrowed(&*m.value))
            } else {
                (status, message)
            };
            let foreign = (status == Status::Untranslated && !hint_only).then_some(source_tag);
            let hint_foreign = (status == Status::Untranslated).then_some(source_tag);
            has_status |= matches!(status, Status::Untranslated | Status::Stale);
            // A variant's id is its code's, `-` and the variant (codes are
            // ASCII: the code's id is as long as the prefix and the code).
            let plain = crate::catalog::ERROR_ID_PREFIX.len() + code.as_str().len();
            let variant = m.id.get(plain + 1..).filter(|v| !v.is_empty());
            let entry = entries.get(k);
            debug_assert!(entry.is_none_or(|e| e.code.as_str() == code.as_str()));
            let attributes = entry.map_or(&[][..], |e| &e.attributes[..]);
            let attribute_labels = (!attributes.is_empty()).then(|| {
                labels
                    .get_or_insert_with(|| {
                        let mut map = AttributeLabels::default();
                        for name in &project.catalog.columns.attributes {
                            let label = meta(&crate::catalog::attribute_message_id(name))
                                .unwrap_or_else(|| name.clone());
                            map.insert(name.as_str().into(), label);
                        }
                        Arc::new(map)
                    })
                    .clone()
            });
            groups[gi as usize].entries.push(PageEntry {
                code: code.as_str(),
                variant,
                foreign,
                hint_foreign,
                message,
                hint,
                status,
                source_message,
                group: names[ni as usize].clone(),
                range_end: entry.and_then(|e| e.range_end.as_ref()).map(|c| c.as_str()),
                attributes,
                attribute_labels,
            });
        }
        let cov = project.coverage(loc, catalog);
        let percent = (cov.percent() * 10.0).round() / 10.0;
        let coverage = PageCoverage {
            translated: cov.translated,
            total: cov.total,
            percent,
            // The source locale's page is the source: it says nothing of
            // translation.
            text: if loc.is_source {
                String::new()
            } else {
                s.get(
                    "coverage",
                    &[
                        ("translated", FluentValue::from(cov.translated)),
                        ("total", FluentValue::from(cov.total)),
                        ("percent", FluentValue::from(percent)),
                    ],
                )
            },
        };
        let column_hint = project
            .catalog
            .columns
            .hint
            .as_ref()
            .map(|_| meta("errbook-column-hint").unwrap_or_default());
        Page {
            lang: loc.dir.tag.clone(),
            dir: chrome::direction(&loc.dir.tag),
            site_url: project.config.site_url.clone(),
            source_lang: source_tag.to_owned(),
            title: self.titles[i].clone(),
            intro: meta("errbook-intro"),
            column_code: meta("errbook-column-code").unwrap_or_default(),
            column_message: meta("errbook-column-message").unwrap_or_default(),
            has_hints: column_hint.is_some(),
            column_hint,
            has_status,
            coverage,
            groups,
            locales: self.links(Some(i), INDEX_FILE),
            strings: s.table(PLAIN_IDS),
            copy_link_to: s.get("copy-link-to", &[("code", FluentValue::from("{code}"))]),
            file: INDEX_FILE.to_owned(),
            paged: false,
            parts: Vec::new(),
            part: None,
        }
    }

    /// The page for addresses the site does not have: locale `i`'s, or
    /// the root's when `None`.
    pub fn not_found(&self, i: Option<usize>) -> NotFound {
        let project = self.project;
        let source = project
            .locales
            .iter()
            .position(|l| l.is_source)
            .unwrap_or(0);
        let at = i.unwrap_or(source);
        let tag = project.locales[at].dir.tag.clone();
        let site = project.config.site_url.as_deref();
        let base = match (site, i) {
            (Some(url), _) => format!("{url}/"),
            (None, Some(_)) => "../".to_owned(),
            (None, None) => String::new(),
        };
        let link = |j: usize| {
            let t = &project.locales[j].dir.tag;
            NotFoundLink {
                tag: t.clone(),
                href: format!("{base}{t}/{INDEX_FILE}"),
                text: self.strings[j].get("not-found-link", &[]),
                rtl: chrome::direction(t) == "rtl",
            }
        };
        NotFound {
            dir: chrome::direction(&tag),
            title: self.strings[at].get("not-found-title", &[]),
            links: match i {
                Some(j) => vec![link(j)],
                None => (0..project.locales.len()).map(link).collect(),
            },
            lang: tag,
            base,
        }
    }

    /// The root page.
    pub fn root(&self) -> RootPage {
        let project = self.project;
        let source_index = project
            .locales
            .iter()
            .position(|l| l.is_source)
            .unwrap_or(0);
        RootPage {
            lang: project.config.source_locale.clone(),
            dir: chrome::direction(&project.config.source_locale),
            site_url: project.config.site_url.clone(),
            title: self.titles[source_index].clone(),
            locales: self.links(None, INDEX_FILE),
            strings: self.strings[source_index].table(PLAIN_IDS),
            tags: project.locales.iter().map(|l| l.dir.tag.clone()).collect(),
        }
    }

    /// Splits a locale's page into an index and pages of at most
    /// `max_entries` entries each (one or more per group), when it has more
    /// than that; otherwise keeps it whole. With the split comes the
    /// locale's search index, which the filter loads when it is first used.
    ///
    /// The parts are made from the page as they are rendered
    /// ([`Paged::page`]): a locale is never held twice.
    pub fn paginate<'a>(&self, page: &'a Page<'p>, max_entries: usize) -> Paged<'a, 'p> {
        let total: usize = page.groups.iter().map(|g| g.entries.len()).sum();
        if total <= max_entries {
            return Paged {
                page,
                index: None,
                parts: Vec::new(),
            };
        }
        let i = self
            .project
            .locales
            .iter()
            .position(|l| l.dir.tag == page.lang)
            .unwrap_or(0);
        let max_entries = max_entries.max(1);
        // Every locale cuts the same source catalog, so a part's file name
        // (and the language switch between parts) is the same in each.
        let mut parts = Vec::new();
        let mut links = Vec::new();
        for (gi, g) in page.groups.iter().enumerate() {
            let n = g.entries.len().div_ceil(max_entries);
            for (k, chunk) in g.entries.chunks(max_entries).enumerate() {
                let file = part_file(&g.anchor, k);
                let name = if n > 1 {
                    format!("{} ({}/{n})", g.name, k + 1)
                } else {
                    g.name.clone()
                };
                let code = |e: Option<&PageEntry>| e.map(|e| e.code.to_owned()).unwrap_or_default();
                links.push(PartLink {
                    href: file.clone(),
                    name: name.clone(),
                    count: chunk.len(),
                    first: code(chunk.first()),
                    last: code(chunk.last()),
                });
                let start = k * max_entries;
                parts.push(PartOf {
                    locales: self.links(Some(i), &file),
                    file,
                    name,
                    group: gi,
                    entries: start..start + chunk.len(),
                    number: parts.len() + 1,
                });
            }
        }
        let mut index = page.without_groups();
        index.paged = true;
        index.parts = links;
        Paged {
            page,
            index: Some(index),
            parts,
        }
    }
}

impl<'p> Page<'p> {
    /// A copy of the page without its groups, for an index or a part.
    fn without_groups(&self) -> Page<'p> {
        // Every field named: a new one is copied too.
        let Page {
            lang,
            dir,
            site_url,
            source_lang,
            title,
            intro,
            column_code,
            column_message,
            column_hint,
            has_hints,
            has_status,
            coverage,
            groups: _,
            locales,
            strings,
            copy_link_to,
            file,
            paged,
            parts,
            part,
        } = self;
        Page {
            lang: lang.clone(),
            dir,
            site_url: site_url.clone(),
            source_lang: source_lang.clone(),
            title: title.clone(),
            intro: intro.clone(),
            column_code: column_code.clone(),
            column_message: column_message.clone(),
            column_hint: column_hint.clone(),
            has_hints: *has_hints,
            has_status: *has_status,
            coverage: coverage.clone(),
            groups: Vec::new(),
            locales: locales.clone(),
            strings: strings.clone(),
            copy_link_to: copy_link_to.clone(),
            file: file.clone(),
            paged: *paged,
            parts: parts.clone(),
            part: part.clone(),
        }
    }
}

/// A locale's pages after [`Site::paginate`]: the index (or the whole
/// page), then its parts, each made when it is asked for ([`Paged::page`]).
pub struct Paged<'a, 'p> {
    /// The whole page.
    page: &'a Page<'p>,
    /// The index, when the page is split.
    index: Option<Page<'p>>,
    parts: Vec<PartOf>,
}

/// A part of a split locale: where its entries are.
struct PartOf {
    file: String,
    name: String,
    /// The language switch to this part in each locale.
    locales: Vec<LocaleLink>,
    /// Its group, in the page's.
    group: usize,
    /// Its entries, in the group's.
    entries: std::ops::Range<usize>,
    /// 1-based.
    number: usize,
}

impl<'p> Paged<'_, 'p> {
    /// How many pages: the index and the parts.
    pub fn len(&self) -> usize {
        1 + self.parts.len()
    }

    /// Always false: there is at least the index.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The `n`th page: 0 is the index, or the whole page.
    pub fn page(&self, n: usize) -> Option<Cow<'_, Page<'p>>> {
        let Some(index) = &self.index else {
            return (n == 0).then_some(Cow::Borrowed(self.page));
        };
        if n == 0 {
            return Some(Cow::Borrowed(index));
        }
        let p = self.parts.get(n - 1)?;
        let links = &index.parts;
        let g = &self.page.groups[p.group];
        let mut page = index.without_groups();
        page.parts = Vec::new();
        page.locales = p.locales.clone();
        page.part = Some(PartInfo {
            name: p.name.clone(),
            number: p.number,
            count: self.parts.len(),
            prev: p.number.checked_sub(2).map(|k| links[k].clone()),
            next: links.get(p.number).cloned(),
        });
        page.file = p.file.clone();
        page.groups = vec![PageGroup {
            anchor: g.anchor.clone(),
            name: p.name.clone(),
            entries: g.entries[p.entries.clone()].to_vec(),
        }];
        Some(Cow::Owned(page))
    }

    /// Writes `search-index.js` when the locale is split (and returns
    /// false, writing nothing, when it is not).
    pub fn write_search_index(&self, w: &mut dyn std::io::Write) -> std::io::Result<bool> {
        if self.parts.is_empty() {
            return Ok(false);
        }
        w.write_all(b"window.errbookSearchIndex={\"pages\":")?;
        serde_json::to_writer(
            &mut *w,
            &self.parts.iter().map(|p| &p.file).collect::<Vec<_>>(),
        )?;
        w.write_all(b",\"entries\":[")?;
        let mut first = true;
        for (pi, p) in self.parts.iter().enumerate() {
            for e in &self.page.groups[p.group].entries[p.entries.clone()] {
                if !first {
                    w.write_all(b",")?;
                }
                first = false;
                let row = (e.code, pi, &*e.message, e.search());
                serde_json::to_writer(&mut *w, &row)?;
                w.write_all(b"\n")?;
            }
        }
        w.write_all(b"]};\n")?;
        Ok(true)
    }
}

/// The file of a locale's main page.
pub const INDEX_FILE: &str = "index.html";
/// The file of a split locale's search index.
pub const SEARCH_INDEX_FILE: &str = "search-index.js";

/// A translated text of a meta message (title, column names, group names)
/// when the locale has a usable one.
fn translated_text(t: &Texts<'_>, id: &str, src: &SourceMessage) -> Option<String> {
    let e = t.live.get(id)?;
    if matches!(
        state(e, src),
        State::Current | State::Stale | State::Unrecorded
    ) {
        t.value(e)
    } else {
        None
    }
}

/// Pages a locale is split into above this many entries: a page stays well
/// under 1 MB, and a small catalog keeps its single page.
pub const PAGE_ENTRIES: usize = 1000;

/// Where an entry is on a locale split into parts: its group's anchor and
/// the part (see [`part_file`]); `None` on an unsplit locale's page.
pub type Part<'a> = Option<(&'a str, usize)>;

impl<'p> Page<'p> {
    /// Each entry, with where [`Site::paginate`] with `max_entries` puts
    /// it: `None` on the locale's page, or the group's anchor and the part
    /// (see [`part_file`]) when the locale is split.
    pub fn entry_parts(
        &self,
        max_entries: usize,
    ) -> impl Iterator<Item = (&PageEntry<'p>, Part<'_>)> + '_ {
        let max_entries = max_entries.max(1);
        let total: usize = self.groups.iter().map(|g| g.entries.len()).sum();
        let paged = total > max_entries;
        self.groups.iter().flat_map(move |g| {
            g.entries
                .iter()
                .enumerate()
                .map(move |(k, e)| (e, paged.then(|| (g.anchor.as_str(), k / max_entries))))
        })
    }
}

/// The file of part `k` (from 0) of the group with this anchor, on a
/// locale split into pages (see [`Site::paginate`]).
pub fn part_file(anchor: &str, k: usize) -> String {
    if k == 0 {
        format!("{anchor}.html")
    } else {
        format!("{anchor}-{}.html", k + 1)
    }
}

/// The JSON export of a page: `<out>/<locale>/errors.json`. Each entry's
/// `url` is where [`Site::paginate`] with `max_entries` puts it: the
/// locale's page, or the part of its group's page when the locale is split.
///
/// The header fields are indented, one per line, and each entry is one
/// compact line: a change to a code is a one-line diff, and the file is
/// smaller than fully indented JSON. Entries are serialised in parallel,
/// and written to `out`
/// a batch at a time: a build streams each locale's file to the disk
/// rather than holding it.
pub fn write_json(
    page: &Page,
    max_entries: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    #[derive(Serialize)]
    struct Entry<'a> {
        code: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        variant: Option<&'a str>,
        message: &'a str,
        hint: Option<&'a str>,
        group: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        range_end: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        attributes: Option<JsonAttributes<'a>>,
        url: String,
        status: Status,
    }
    /// An entry's attributes: an object by the names as in the source
    /// (the keys a program looks up, whatever the page's language).
    struct JsonAttributes<'a>(&'a [crate::catalog::Attribute]);
    impl Serialize for JsonAttributes<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            crate::catalog::attributes_map(self.0, s)
        }
    }
    fn push(out: &mut Vec<u8>, value: &impl Serialize) {
        serde_json::to_writer(out, value).expect("serialising plain data");
    }
    let entries: Vec<(&PageEntry, Part<'_>)> = page.entry_parts(max_entries).collect();
    let line = |out: &mut Vec<u8>, (e, part): &(&PageEntry<'_>, Part<'_>)| {
        out.extend_from_slice(b"    ");
        push(
            out,
            &Entry {
                code: e.code,
                variant: e.variant,
                message: &e.message,
                hint: e.hint.as_deref(),
                group: &e.group,
                range_end: e.range_end,
                attributes: (!e.attributes.is_empty()).then_some(JsonAttributes(e.attributes)),
                url: match part {
                    Some((anchor, k)) => {
                        format!("{}#{}", part_file(anchor, *k), e.anchor())
                    }
                    None => format!("index.html#{}", e.anchor()),
                },
                status: e.status,
            },
        );
    };
    let mut head = Vec::with_capacity(1024 + page.title.len());
    head.extend_from_slice(b"{\n  \"locale\": ");
    push(&mut head, &page.lang);
    head.extend_from_slice(b",\n  \"source_locale\": ");
    push(&mut head, &page.source_lang);
    head.extend_from_slice(b",\n  \"title\": ");
    push(&mut head, &page.title);
    head.extend_from_slice(b",\n  \"translated\": ");
    push(&mut head, &page.coverage.translated);
    head.extend_from_slice(b",\n  \"total\": ");
    push(&mut head, &page.coverage.total);
    head.extend_from_slice(b",\n  \"entries\": [");
    if entries.is_empty() {
        head.extend_from_slice(b"]\n}\n");
        return out.write_all(&head);
    }
    head.push(b'\n');
    out.write_all(&head)?;
    // Lines are made in parallel a batch at a time, so only a batch of
    // them is held. Every line but the last ends with a comma.
    const CHUNK: usize = 4096;
    let batch = CHUNK * 2 * rayon::current_num_threads().max(1);
    let last = entries.len() - 1;
    for (b, entries) in entries.chunks(batch).enumerate() {
        let lines: Vec<Vec<u8>> = entries
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(c, chunk)| {
                let mut out = Vec::with_capacity(chunk.len() * 256);
                for (k, e) in chunk.iter().enumerate() {
                    line(&mut out, e);
                    if b * batch + c * CHUNK + k == last {
                        out.extend_from_slice(b"\n");
                    } else {
                        out.extend_from_slice(b",\n");
                    }
                }
                out
            })
            .collect();
        for l in &lines {
            out.write_all(l)?;
        }
    }
    out.write_all(b"  ]\n}\n")
}

/// The `sitemap.xml` of a site published at `site_url`: every page, each
/// with its copies in the other locales as alternates (and the root page as
/// `x-default`). `pages` are the site's HTML files, relative to its root
/// (`en-US/index.html`); `tags` its locales.
pub fn sitemap(site_url: &str, tags: &[String], pages: &[String]) -> String {
    fn xml(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&apos;")
    }
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let root = xml(&format!("{site_url}/"));
    out.push_str(&format!("  <url><loc>{root}</loc></url>\n"));
    // Each page of a locale, with the same file in every other locale.
    for page in pages {
        let Some((tag, file)) = page.split_once('/') else {
            continue;
        };
        if !tags.iter().any(|t| t == tag) {
            continue;
        }
        out.push_str(&format!(
            "  <url><loc>{}</loc>\n",
            xml(&format!("{site_url}/{page}"))
        ));
        for other in tags {
            let copy = format!("{other}/{file}");
            if pages.contains(&copy) {
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    xml(other),
                    xml(&format!("{site_url}/{copy}"))
                ));
            }
        }
        out.push_str(&format!(
            "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{root}\"/>\n  </url>\n"
        ));
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Messages with placeables are formatted from the part of the file
    /// they need: their references (transitively, attributes included), the
    /// terms, the first live definition; plain messages are used as they
    /// are, and the obsolete section is not read.
    #[test]
    fn placeables_are_formatted_from_the_entries_they_need() {
        let text = "-brand = Errbook\n\
                    plain = Just text\n\
                    uses-term = { -brand } failed\n    .hint = See { plain }\n\
                    # source: 源\n\
                    chain = { uses-term } / { other.hint }\n\
                    other = x\n    .hint = attr of { -brand }\n\
                    select = { \"a\" ->\n        [a] A\n       *[b] B\n    }\n\
                    uses-term = a second definition\n\n\
                    ## Obsolete\n\
                    gone = { -brand } old\n";
        let f = FtlFile::parse(text);
        let t = Texts::new("en-US", Some(&f));
        let get = |id: &str| t.value(t.live[id]);
        assert_eq!(get("plain").as_deref(), Some("Just text"));
        assert_eq!(get("uses-term").as_deref(), Some("Errbook failed"));
        assert_eq!(
            t.hint(t.live["uses-term"]).as_deref(),
            Some("See Just text")
        );
        assert_eq!(
            get("chain").as_deref(),
            Some("Errbook failed / attr of Errbook")
        );
        assert_eq!(get("select").as_deref(), Some("A"));
        assert!(!t.live.contains_key("gone"));
        // Only what is formatted is in the bundle's text.
        let live = t.live.clone();
        let formatted = vec!["chain"];
        let part = bundle_text(&f, &live, formatted);
        assert!(part.contains("-brand = Errbook") && part.contains("chain = "));
        assert!(!part.contains("# source"), "{part}");
        assert!(part.contains("other = x") && part.contains("uses-term = { -brand }"));
        // `plain` through the hint of `uses-term`, which `chain` references.
        assert!(part.contains("plain = Just text"));
        assert!(!part.contains("select = ") && !part.contains("gone"));
        assert!(!part.contains("a second definition"));
    }

    #[test]
    fn messages_formatted_in_batches_read_as_from_one_bundle() {
        // More messages that need fluent-bundle than one batch holds, each
        // `x` referencing an `m` of another batch.
        let n = BUNDLE_BATCH + BUNDLE_BATCH / 2;
        let mut text = String::from("-brand = Errbook\n");
        for i in 0..n {
            text.push_str(&format!(
                "m{i} = {{ -brand }} n{i}\n    .hint = h{{ -brand }}{i}\n"
            ));
        }
        for i in 0..n {
            text.push_str(&format!("x{i} = see {{ m{} }}\n", n - 1 - i));
        }
        let f = FtlFile::parse(text);
        let t = Texts::new("en-US", Some(&f));
        for i in (0..n).step_by(97).chain([n - 1]) {
            let x = t.value(t.live[format!("x{i}").as_str()]);
            assert_eq!(x, Some(format!("see Errbook n{}", n - 1 - i)));
            let m = t.live[format!("m{i}").as_str()];
            assert_eq!(t.hint(m), Some(format!("hErrbook{i}")));
        }
    }

    /// A page of `codes`, in groups of 7,000, every third with a hint.
    fn page_of<'p>(codes: &'p [String], group: &Arc<str>) -> Page<'p> {
        let entry = |(i, code): (usize, &'p String)| PageEntry {
            code,
            variant: None,
            message: Cow::Owned(format!("message \"{i}\"")),
            hint: (i % 3 == 0).then_some(Cow::Borrowed("a hint")),
            foreign: None,
            hint_foreign: None,
            status: Status::Translated,
            source_message: None,
            group: group.clone(),
            range_end: None,
            attributes: &[],
            attribute_labels: None,
        };
        let entries: Vec<PageEntry<'p>> = codes.iter().enumerate().map(entry).collect();
        let groups = entries
            .chunks(7000)
            .enumerate()
            .map(|(g, e)| PageGroup {
                anchor: format!("g-{g}"),
                name: group.to_string(),
                entries: e.to_vec(),
            })
            .collect();
        Page {
            lang: "de-DE".to_owned(),
            dir: "ltr",
            site_url: None,
            source_lang: "zh-CN".to_owned(),
            title: "Fehlercodes".to_owned(),
            intro: None,
            column_code: String::new(),
            column_message: String::new(),
            column_hint: None,
            has_hints: true,
            has_status: false,
            coverage: PageCoverage {
                translated: codes.len(),
                total: codes.len(),
                percent: 100.0,
                text: String::new(),
            },
            groups,
            locales: Vec::new(),
            strings: std::collections::HashMap::new(),
            copy_link_to: String::new(),
            file: INDEX_FILE.to_owned(),
            paged: false,
            parts: Vec::new(),
            part: None,
        }
    }

    #[test]
    fn the_json_export_is_one_line_per_entry_across_batches() {
        // More entries than one batch of lines (8,192 per thread), and
        // sizes around the batch's edges.
        let group: Arc<str> = "组".into();
        for n in [0, 1, 8191, 8192, 8193, 16_384, 16_385, 40_001] {
            let codes: Vec<String> = (0..n).map(|i| (100_000 + i).to_string()).collect();
            let page = page_of(&codes, &group);
            let mut out = Vec::new();
            write_json(&page, PAGE_ENTRIES, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            let json: serde_json::Value = serde_json::from_str(&text).unwrap();
            let entries = json["entries"].as_array().unwrap();
            assert_eq!(entries.len(), n, "{n} entries");
            assert_eq!(json["total"], n);
            for (i, e) in entries.iter().enumerate() {
                assert_eq!(e["code"], codes[i].as_str());
                assert_eq!(e["message"], format!("message \"{i}\""));
                assert_eq!(e["hint"].as_str(), (i % 3 == 0).then_some("a hint"));
            }
            // Each entry on a line of its own, the last without a comma.
            let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("    {")).collect();
            assert_eq!(lines.len(), n);
            for (i, l) in lines.iter().enumerate() {
                assert_eq!(l.ends_with(','), i + 1 < n, "line {i} of {n}");
            }
            assert!(text.ends_with("]\n}\n"));
            if n > PAGE_ENTRIES {
                // Split: each entry's page is its group's part.
                assert_eq!(
                    entries[PAGE_ENTRIES]["url"],
                    format!("g-0-2.html#{}", codes[PAGE_ENTRIES])
                );
            }
        }
    }
}
