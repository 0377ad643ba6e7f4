//! The site's own UI strings (`locales/<tag>/site.ftl`), looked up per
//! locale with a fallback chain: the locale, then the source locale, then the
//! built-in English strings.

use std::collections::HashMap;

// The concurrent bundle: a site's pages are rendered on several threads.
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

pub use crate::config::SITE_FILE;

/// Site strings of one locale.
pub struct Strings {
    bundles: Vec<FluentBundle<FluentResource>>,
    /// How many of `bundles` are in the locale's own language (its
    /// `site.ftl`, errbook's strings for its language).
    own: usize,
    /// How many of `bundles` are the project's own for the locale (its
    /// `site.ftl`): 0 or 1.
    project: usize,
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings")
            .field("bundles", &self.bundles.len())
            .finish()
    }
}

fn bundle(tag: &str, text: &str) -> Option<FluentBundle<FluentResource>> {
    let lang: LanguageIdentifier = tag.parse().ok()?;
    // A file with syntax errors still yields the entries that parsed; the
    // check reports the rest.
    // Nesting the parser cannot take, or an entry that cannot be formatted
    // safely (EB0221: too deep or too many placeables, with what it refers
    // to), is refused (`errbook check` says where), not used: the site is
    // formatted on an ordinary stack. The tree is dropped where it was
    // built, on a stack that holds it.
    if !crate::ftl::parser_can_take(text) {
        return None;
    }
    let body = crate::ftl::without_bom(text).to_owned();
    let res = crate::ftl::with_parser_stack(text.as_bytes(), || {
        let r = match FluentResource::try_new(body) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        let deep = crate::ftl::any_too_deep(r.entries());
        (!deep).then_some(r)
    })??;
    let mut b = FluentBundle::new_concurrent(vec![lang]);
    // Isolation marks would end up inside attributes and `<title>`.
    b.set_use_isolating(false);
    // Numbers as the language writes them (CLDR), not as Rust does.
    b.set_formatter(Some(super::intl::format_value));
    // Duplicate ids: the first wins, as the check reports.
    let _ = b.add_resource(res);
    Some(b)
}

impl Strings {
    /// Strings for `tag`: from its `site.ftl` text, then errbook's
    /// built-in strings for its language (see [`super::chrome::builtin`]),
    /// then the source locale's `site.ftl` (the project's own strings,
    /// such as group names, in the source language), then the built-in
    /// English strings.
    pub fn new(tag: &str, own: Option<&str>, source: Option<(&str, &str)>) -> Strings {
        let mut bundles = Vec::new();
        bundles.extend(own.and_then(|t| bundle(tag, t)));
        let project = bundles.len();
        if let Some((_, text)) = super::chrome::builtin(tag) {
            bundles.extend(bundle(tag, text));
        }
        let own = bundles.len();
        if let Some((stag, stext)) = source {
            bundles.extend(bundle(stag, stext));
        }
        bundles.extend(bundle("en-US", super::chrome::ENGLISH));
        Strings {
            bundles,
            own,
            project,
        }
    }

    /// The locale's name in its own language: the one its `site.ftl` gives,
    /// else `cldr` (its autonym from CLDR, see
    /// [`super::intl::locale_names`]), else errbook's strings for its
    /// language, else `tag` itself (never another language's name for
    /// itself, such as "English").
    pub fn language_name(&self, tag: &str, cldr: Option<&str>) -> String {
        let from = |bundles: &[FluentBundle<FluentResource>]| {
            bundles.iter().find_map(|b| {
                let pattern = b.get_message("language-name")?.value()?;
                let mut errors = Vec::new();
                let s = b.format_pattern(pattern, None, &mut errors);
                (errors.is_empty() && !s.trim().is_empty()).then(|| s.into_owned())
            })
        };
        from(&self.bundles[..self.project])
            .or_else(|| cldr.map(str::to_owned))
            .or_else(|| from(&self.bundles[self.project..self.own]))
            .unwrap_or_else(|| tag.to_owned())
    }

    /// Formats a string; `None` when no bundle has it.
    pub fn try_get(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> Option<String> {
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, v.clone());
        }
        for b in &self.bundles {
            if let Some(pattern) = b.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let s = b.format_pattern(pattern, Some(&fargs), &mut errors);
                if errors.is_empty() {
                    return Some(s.into_owned());
                }
            }
        }
        None
    }

    /// Formats a string, or returns its id when no bundle has it (the
    /// check reports missing strings, so this shows only in broken setups).
    pub fn get(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.try_get(id, args).unwrap_or_else(|| id.to_owned())
    }

    /// Every plain string (no arguments) by id, for templates.
    pub fn table(&self, ids: &[&str]) -> HashMap<String, String> {
        ids.iter()
            .map(|id| (id.replace('-', "_"), self.get(id, &[])))
            .collect()
    }
}

/// The ids of the site strings templates get as `strings.<id with _>`.
pub const PLAIN_IDS: &[&str] = &[
    "language-name",
    "site-title",
    "filter-label",
    "filter-placeholder",
    "filter-hint",
    "no-results",
    "did-you-mean",
    "copy-link",
    "copied",
    "jump-to-group",
    "languages",
    "status-untranslated",
    "status-stale",
    "status-column",
    "source-text",
    "skip-to-content",
    "choose-language",
    "redirecting",
];
