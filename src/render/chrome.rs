//! The site's chrome: errbook's own strings for the reference site's
//! interface (the filter, the marks, the language switch), built in for 16
//! languages and chosen for each locale by language negotiation. A
//! project's `locales/<tag>/site.ftl` overrides them message by message;
//! the project's own site strings (its group names) stay the project's.

use std::collections::{HashMap, HashSet};

use fluent_langneg::{negotiate_languages, NegotiationStrategy};
use unic_langid::{CharacterDirection, LanguageIdentifier};

use crate::config::SITE_FILE;
use crate::diag::Diagnostic;
use crate::ftl::{FtlFile, MessageEntry};
use crate::project::{Loaded, Locale};
use crate::registry as checks;

/// The built-in strings, by BCP 47 tag: scripts for Chinese (so that
/// `zh-TW` and `zh-HK` get Traditional, `zh-CN` and `zh-SG` Simplified),
/// regions only where a language's written form differs.
pub const BUILTIN: &[(&str, &str)] = &[
    ("ar", include_str!("chrome/ar.ftl")),
    ("de", include_str!("chrome/de.ftl")),
    ("en", include_str!("chrome/en.ftl")),
    ("es", include_str!("chrome/es.ftl")),
    ("fr", include_str!("chrome/fr.ftl")),
    ("id", include_str!("chrome/id.ftl")),
    ("it", include_str!("chrome/it.ftl")),
    ("ja", include_str!("chrome/ja.ftl")),
    ("ko", include_str!("chrome/ko.ftl")),
    ("pt-BR", include_str!("chrome/pt-BR.ftl")),
    ("ru", include_str!("chrome/ru.ftl")),
    ("th", include_str!("chrome/th.ftl")),
    ("tr", include_str!("chrome/tr.ftl")),
    ("vi", include_str!("chrome/vi.ftl")),
    ("zh-Hans", include_str!("chrome/zh-Hans.ftl")),
    ("zh-Hant", include_str!("chrome/zh-Hant.ftl")),
];

/// The English strings, the last fallback of every locale.
pub const ENGLISH: &str = include_str!("chrome/en.ftl");

/// The built-in strings for the locale `tag` (its tag among [`BUILTIN`],
/// and the text), chosen as fluent-langneg (with CLDR likely subtags)
/// matches a request for `tag`: `zh-HK` gets `zh-Hant`, `pt-PT` gets
/// `pt-BR`, `en-GB` gets `en`. `None` when errbook has none for its
/// language, or `tag` is no language tag.
pub fn builtin(tag: &str) -> Option<(&'static str, &'static str)> {
    let requested: LanguageIdentifier = tag.parse().ok()?;
    let available: Vec<LanguageIdentifier> = BUILTIN
        .iter()
        .map(|(t, _)| t.parse().expect("the built-in tags are language tags"))
        .collect();
    let chosen = negotiate_languages(
        &[&requested],
        &available,
        None,
        NegotiationStrategy::Filtering,
    );
    let first = chosen.first()?;
    let i = available.iter().position(|a| a == *first)?;
    Some(BUILTIN[i])
}

/// The ids of the chrome's messages (those every built-in file has).
pub fn ids() -> impl Iterator<Item = &'static str> {
    ENGLISH.lines().filter_map(|l| {
        let (id, _) = l.split_once(" = ")?;
        (!id.starts_with('#') && !id.is_empty()).then_some(id)
    })
}

/// `"rtl"` for a locale written right to left (Arabic, Hebrew, Persian,
/// Urdu, or a right-to-left script), `"ltr"` otherwise.
pub fn direction(tag: &str) -> &'static str {
    match tag
        .parse::<LanguageIdentifier>()
        .map(|l| l.character_direction())
    {
        Ok(CharacterDirection::RTL) => "rtl",
        _ => "ltr",
    }
}

/// The findings about a translated locale's site strings: its `site.ftl`
/// compared with the source locale's and with the chrome (no unknown
/// string, the same variables, no empty one, every string of the
/// project's own), and what would show in another language.
/// `source_site` is the source locale's `site.ftl`, when it has one.
pub fn check(loc: &Locale, source_site: Option<&Loaded>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if loc.is_source {
        return out;
    }
    let tag = loc.dir.tag.as_str();
    let chrome: HashSet<&str> = ids().collect();
    // Parsed once, not once per locale.
    static PARSED: std::sync::OnceLock<FtlFile> = std::sync::OnceLock::new();
    let english = PARSED.get_or_init(|| FtlFile::parse(ENGLISH.to_owned()));
    let english: HashMap<&str, &MessageEntry> =
        english.messages().map(|(_, m)| (m.id(), m)).collect();
    let source: HashMap<&str, &MessageEntry> = source_site
        .map(|s| s.ftl.messages().map(|(_, m)| (m.id(), m)).collect())
        .unwrap_or_default();
    // The project's own site strings (its group names): those of the
    // source's site.ftl that are no chrome.
    let project: Vec<&str> = source_site
        .map(|s| {
            s.ftl
                .messages()
                .map(|(_, m)| m.id())
                .filter(|id| !chrome.contains(id))
                .collect()
        })
        .unwrap_or_default();
    let builtin = builtin(tag);
    let own = loc.others.iter().find(|f| is_site_file(&f.path));
    let Some(own) = own else {
        if builtin.is_none() {
            out.push(no_strings(loc, chrome.len()));
        }
        if !project.is_empty() {
            out.push(
                Diagnostic::new(
                    &checks::MISSING_FILE,
                    format!("locale {tag} has no {SITE_FILE}"),
                )
                .at_path(loc.dir.dir.join(SITE_FILE))
                .locale(tag)
                .note(format!(
                    "the source locale's {SITE_FILE} has {} string(s) of the project's own, such as `{}`, which show in the source language",
                    project.len(),
                    project[0]
                ))
                .help(format!("copy the source locale's {SITE_FILE} and translate it")),
            );
        }
        return out;
    };
    let (file, ftl) = (own.file, &own.ftl);
    let present = ftl.live();
    for (_, m) in ftl.messages() {
        let reference = source.get(m.id()).or_else(|| english.get(m.id()));
        let Some(reference) = reference else {
            out.push(
                Diagnostic::new(
                    &checks::EXTRA_MESSAGE,
                    format!("`{}` is not a site string", m.id()),
                )
                .at(file, m.id_span.clone())
                .locale(tag)
                .help("delete it, or fix its id (the source locale's site.ftl and errbook's built-in strings name them all)"),
            );
            continue;
        };
        for v in m.variables().symmetric_difference(reference.variables()) {
            let uses = m.variables().contains(v);
            out.push(
                Diagnostic::new(
                    &checks::VARIABLE_MISMATCH,
                    format!(
                        "`{}` {} the variable `${v}`, unlike the source",
                        m.id(),
                        if uses { "uses" } else { "lacks" }
                    ),
                )
                .at(file, m.id_span.clone())
                .locale(tag)
                .help("use the same variables as the source locale's site.ftl"),
            );
        }
        if m.empty_value {
            out.push(
                Diagnostic::new(&checks::EMPTY_VALUE, format!("`{}` has no text", m.id()))
                    .at(file, m.id_span.clone())
                    .locale(tag),
            );
        }
    }
    let end = ftl.text.len();
    for id in &project {
        if !present.contains_key(id) {
            out.push(
                Diagnostic::new(&checks::MISSING_MESSAGE, format!("no site string `{id}`"))
                    .at(file, end..end)
                    .locale(tag)
                    .help("add it with the translation of the source locale's site.ftl"),
            );
        }
    }
    if builtin.is_none() {
        let missing = chrome
            .iter()
            .filter(|id| !present.contains_key(*id))
            .count();
        if missing > 0 {
            out.push(no_strings(loc, missing));
        }
    }
    out
}

/// `path` names a `site.ftl`.
fn is_site_file(path: &std::path::Path) -> bool {
    path.file_name().is_some_and(|n| n == SITE_FILE)
}

/// A locale without `missing` of the chrome's strings, which errbook does
/// not have for its language.
fn no_strings(loc: &Locale, missing: usize) -> Diagnostic {
    let tag = loc.dir.tag.as_str();
    Diagnostic::new(
        &checks::SITE_STRINGS,
        format!(
            "errbook has no built-in site strings for {tag}, and its {SITE_FILE} lacks {missing} of them: the site's interface shows them in English"
        ),
    )
    .at_path(loc.dir.dir.join(SITE_FILE))
    .locale(tag)
    .help(format!(
        "add them to locales/{tag}/{SITE_FILE}, translated from the English ones (docs/translators.md lists them)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_finds_the_strings_of_its_language() {
        for (tag, want) in [
            ("zh-CN", "zh-Hans"),
            ("zh-SG", "zh-Hans"),
            ("zh", "zh-Hans"),
            ("zh-Hans", "zh-Hans"),
            ("zh-TW", "zh-Hant"),
            ("zh-HK", "zh-Hant"),
            ("zh-Hant-TW", "zh-Hant"),
            ("pt-PT", "pt-BR"),
            ("pt-BR", "pt-BR"),
            ("pt", "pt-BR"),
            ("en-US", "en"),
            ("en-GB", "en"),
            ("ja-JP", "ja"),
            ("ko-KR", "ko"),
            ("de-CH", "de"),
            ("fr-CA", "fr"),
            ("es-419", "es"),
            ("ar-EG", "ar"),
            ("ru-RU", "ru"),
            ("it-IT", "it"),
            ("vi-VN", "vi"),
            ("id-ID", "id"),
            ("th-TH", "th"),
            ("tr-TR", "tr"),
        ] {
            assert_eq!(builtin(tag).map(|b| b.0), Some(want), "{tag}");
        }
        for none in ["nl-NL", "he", "sv", "x-bad-", ""] {
            assert_eq!(builtin(none).map(|b| b.0), None, "{none}");
        }
    }

    #[test]
    fn every_built_in_file_has_every_message_with_its_variables() {
        let vars = |text: &str, id: &str| -> Vec<String> {
            let line = text
                .lines()
                .find(|l| l.starts_with(&format!("{id} = ")))
                .unwrap_or_else(|| panic!("no {id}"));
            let mut v: Vec<String> = line
                .split("{ $")
                .skip(1)
                .map(|s| s.split(' ').next().unwrap_or_default().to_owned())
                .collect();
            v.sort();
            v
        };
        let ids: Vec<&str> = ids().collect();
        assert_eq!(ids.len(), 25, "{ids:?}");
        for (tag, text) in BUILTIN {
            let res = fluent_bundle::FluentResource::try_new((*text).to_owned());
            assert!(res.is_ok(), "{tag}: {:?}", res.err().map(|e| e.1));
            let own: Vec<&str> = text
                .lines()
                .filter_map(|l| l.split_once(" = ").map(|(id, _)| id))
                .filter(|id| !id.starts_with('#'))
                .collect();
            assert_eq!(own, ids, "{tag}");
            for id in &ids {
                assert_eq!(vars(text, id), vars(ENGLISH, id), "{tag} {id}");
            }
        }
    }

    #[test]
    fn the_translators_guide_lists_the_english_strings() {
        let guide = include_str!("../../docs/translators.md");
        for line in ENGLISH.lines().filter(|l| !l.starts_with('#')) {
            let Some((id, text)) = line.split_once(" = ") else {
                continue;
            };
            let row = format!("| `{id}` | {} |", text.replace('|', "\\|"));
            assert!(guide.contains(&row), "docs/translators.md lacks {row}");
        }
    }

    #[test]
    fn right_to_left_locales_are_named_so() {
        for rtl in ["ar", "ar-EG", "he-IL", "fa", "ur-PK"] {
            assert_eq!(direction(rtl), "rtl", "{rtl}");
        }
        for ltr in ["en-US", "zh-CN", "ja", "tr", "bad tag"] {
            assert_eq!(direction(ltr), "ltr", "{ltr}");
        }
    }
}
