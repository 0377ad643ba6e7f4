//! The project's term base (`glossary.toml`): each source term, its
//! approved translations per locale and the variants a locale forbids.

use std::ops::Range;
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use super::scan::find_words;

/// The default file name, at the project's root.
pub const FILE_NAME: &str = "glossary.toml";

/// A term base, ready to find its terms in source texts.
#[derive(Debug)]
pub struct Glossary {
    /// The file it was read from.
    pub path: PathBuf,
    terms: Vec<Term>,
    /// Finds every term's source forms, the longest where they overlap
    /// (客服管理员 rather than 客服 in it).
    finder: AhoCorasick,
    /// The term of each of the finder's patterns.
    pattern_term: Vec<usize>,
}

/// A term of the term base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Its forms in the source (the first is its name).
    pub source: Vec<String>,
    /// What it means, for translators.
    pub note: Option<String>,
    /// How each locale renders it, by the key written in the file (a tag).
    pub locales: Vec<(String, Rendering)>,
}

/// How one locale renders a term.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rendering {
    /// The approved translations, with their declared variants
    /// (`account`, `accounts`): one of them must be in the translation.
    #[serde(default, deserialize_with = "one_or_many")]
    pub approved: Vec<String>,
    /// Variants that must not be used for the term.
    #[serde(default, deserialize_with = "one_or_many")]
    pub forbidden: Vec<String>,
    /// A note for this locale's translators.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGlossary {
    #[serde(default)]
    term: Vec<RawTerm>,
}

#[derive(Deserialize)]
struct RawTerm {
    #[serde(deserialize_with = "one_or_many")]
    source: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(flatten)]
    locales: std::collections::BTreeMap<String, Rendering>,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    match OneOrMany::deserialize(d) {
        Ok(OneOrMany::One(s)) => Ok(vec![s]),
        Ok(OneOrMany::Many(v)) => Ok(v),
        Err(_) => Err(serde::de::Error::custom(
            "expected a text or a list of texts",
        )),
    }
}

/// Why a term base cannot be used: what and, when known, where (a byte
/// range of the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryError {
    /// What is wrong.
    pub message: String,
    /// Where in the file.
    pub span: Option<Range<usize>>,
}

impl Glossary {
    /// Reads a term base from its text.
    pub fn parse(text: &str, path: &Path) -> Result<Glossary, GlossaryError> {
        let raw: RawGlossary = toml::from_str(text).map_err(|e| GlossaryError {
            message: e.message().trim_end().to_owned(),
            span: e.span(),
        })?;
        let mut terms = Vec::with_capacity(raw.term.len());
        let mut patterns = Vec::new();
        let mut pattern_term = Vec::new();
        for (n, t) in raw.term.into_iter().enumerate() {
            let invalid = |message: String| GlossaryError {
                message: format!(
                    "term {} ({}): {message}",
                    n + 1,
                    t.source.first().map_or("", |s| s.as_str())
                ),
                span: find_term_span(text, n),
            };
            if t.source.is_empty() || t.source.iter().any(|s| s.trim().is_empty()) {
                return Err(invalid("`source` must name the term, not be empty".into()));
            }
            if let Some(n) = t.note.as_ref().filter(|n| n.chars().any(char::is_control)) {
                return Err(invalid(format!(
                    "the note `{}` holds a control character (a line break or tab included)",
                    n.escape_debug()
                )));
            }
            let mut locales = Vec::with_capacity(t.locales.len());
            for (tag, r) in t.locales {
                if crate::tag::canonical_tag(&tag).as_deref() != Some(tag.as_str()) {
                    return Err(invalid(format!(
                        "`{tag}` is neither a key of a term (source, note) nor a canonical BCP 47 tag"
                    )));
                }
                if r.approved
                    .iter()
                    .chain(&r.forbidden)
                    .any(|s| s.trim().is_empty())
                {
                    return Err(invalid(format!(
                        "{tag}: an approved or forbidden text is empty"
                    )));
                }
                if let Some(c) = r
                    .approved
                    .iter()
                    .chain(&r.forbidden)
                    .chain(&r.note)
                    .find(|s| s.chars().any(char::is_control))
                {
                    return Err(invalid(format!(
                        "{tag}: `{}` holds a control character (a line break or tab included)",
                        c.escape_debug()
                    )));
                }
                // Words match without regard to case.
                let same = |a: &String, b: &String| a.to_lowercase() == b.to_lowercase();
                if let Some(both) = r
                    .forbidden
                    .iter()
                    .find(|f| r.approved.iter().any(|a| same(a, f)))
                {
                    return Err(invalid(format!(
                        "{tag}: `{both}` is both approved and forbidden (texts match without regard to case)"
                    )));
                }
                locales.push((tag, r));
            }
            for s in &t.source {
                if let Some(p) = patterns.iter().position(|p| p == s) {
                    return Err(invalid(format!(
                        "`{s}` is also a source of term {} ({}); merge the two",
                        pattern_term[p] + 1,
                        terms
                            .get(pattern_term[p])
                            .map_or("", |t: &Term| t.source[0].as_str())
                    )));
                }
                patterns.push(s.clone());
                pattern_term.push(terms.len());
            }
            terms.push(Term {
                source: t.source,
                note: t.note,
                locales,
            });
        }
        let finder = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| GlossaryError {
                message: format!("the terms cannot be searched for: {e}"),
                span: None,
            })?;
        Ok(Glossary {
            path: path.to_path_buf(),
            terms,
            finder,
            pattern_term,
        })
    }

    /// The terms.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The terms in a source text, each once, in order of first
    /// occurrence: the longest where two overlap.
    pub fn terms_in<'s>(&'s self, source: &'s str) -> impl Iterator<Item = usize> + 's {
        let mut seen: Vec<usize> = Vec::new();
        self.finder.find_iter(source).filter_map(move |m| {
            let t = self.pattern_term[m.pattern().as_usize()];
            if seen.contains(&t) {
                None
            } else {
                seen.push(t);
                Some(t)
            }
        })
    }

    /// The places of the terms in a source text that a locale renders:
    /// the words inside them are the term base's to check.
    pub fn rendered_spans<'s>(
        &'s self,
        terms: &'s LocaleTerms,
        source: &'s str,
    ) -> impl Iterator<Item = Range<usize>> + 's {
        self.finder.find_iter(source).filter_map(move |m| {
            let t = self.pattern_term[m.pattern().as_usize()];
            self.rendering(terms, t).map(|_| m.range())
        })
    }

    /// The spellings the term base approves, in any locale, for the ASCII
    /// word at `span` of a source text: the words of the approved
    /// translations of the terms around it that are that word in another
    /// case (`SDKAppID` for the source's `SDKAPPID`, `PTT` for `ptt`).
    pub fn spellings<'s>(&'s self, source: &str, span: Range<usize>) -> Vec<&'s str> {
        let word = &source[span.clone()];
        let mut out: Vec<&str> = Vec::new();
        for m in self.finder.find_iter(source) {
            if m.start() > span.start || span.end > m.end() {
                continue;
            }
            let term = &self.terms[self.pattern_term[m.pattern().as_usize()]];
            let approved = term.locales.iter().flat_map(|(_, r)| &r.approved);
            for w in
                approved.flat_map(|a| a.split(|c: char| !c.is_ascii_alphanumeric() && c != '_'))
            {
                if w.eq_ignore_ascii_case(word) && !out.contains(&w) {
                    out.push(w);
                }
            }
        }
        out
    }

    /// For a locale, the rendering of each term (by index): the one of its
    /// tag, or else of a tag of its language (`en` or `en-GB` for `en-US`).
    pub fn for_locale(&self, tag: &str) -> LocaleTerms {
        let language = |t: &str| t.split('-').next().unwrap_or("").to_ascii_lowercase();
        let lang = language(tag);
        let pick = self
            .terms
            .iter()
            .map(|t| {
                t.locales
                    .iter()
                    .position(|(k, _)| k == tag)
                    .or_else(|| t.locales.iter().position(|(k, _)| *k == lang))
                    .or_else(|| t.locales.iter().position(|(k, _)| language(k) == lang))
            })
            .collect();
        LocaleTerms { pick }
    }

    /// A term's rendering in a locale.
    pub fn rendering<'g>(&'g self, terms: &LocaleTerms, term: usize) -> Option<&'g Rendering> {
        let i = (*terms.pick.get(term)?)?;
        Some(&self.terms[term].locales[i].1)
    }
}

/// Which rendering of each term a locale uses ([`Glossary::for_locale`]).
#[derive(Debug, Clone, Default)]
pub struct LocaleTerms {
    pick: Vec<Option<usize>>,
}

/// Where the `n`th `[[term]]` table starts, for a diagnostic.
fn find_term_span(text: &str, n: usize) -> Option<Range<usize>> {
    let mut at = 0;
    let mut count = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("[[term]]") {
            if count == n {
                let start = at + (line.len() - line.trim_start().len());
                return Some(start..start + "[[term]]".len());
            }
            count += 1;
        }
        at += line.len();
    }
    None
}

/// What the term base says about one translated text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermFinding<'g> {
    /// The source has the term; the translation has none of its approved
    /// translations.
    Missing {
        /// The term.
        term: &'g Term,
        /// Its approved translations.
        approved: &'g [String],
    },
    /// The translation uses a forbidden variant of a term of the source.
    Forbidden {
        /// The term.
        term: &'g Term,
        /// The variant.
        variant: &'g str,
        /// Where in the translation.
        span: Range<usize>,
        /// Its approved translations.
        approved: &'g [String],
    },
}

impl Glossary {
    /// Compares a translation with the terms of its source text, in a
    /// locale: an approved translation of each, no forbidden variant (a
    /// variant that is also an approved translation of another term of
    /// the source, or that lies inside an approved translation, is not
    /// forbidden there).
    pub fn check<'g>(
        &'g self,
        terms: &LocaleTerms,
        source: &str,
        target: &str,
        mut found: impl FnMut(TermFinding<'g>),
    ) {
        let present: Vec<(usize, &Rendering)> = self
            .terms_in(source)
            .filter_map(|t| Some((t, self.rendering(terms, t)?)))
            .collect();
        if present.is_empty() {
            return;
        }
        for &(t, r) in &present {
            if !r.approved.is_empty()
                && !r
                    .approved
                    .iter()
                    .any(|a| find_words(target, a, true, false).next().is_some())
            {
                found(TermFinding::Missing {
                    term: &self.terms[t],
                    approved: &r.approved,
                });
            }
        }
        let mut approved_spans: Option<Vec<Range<usize>>> = None;
        for &(t, r) in &present {
            for f in &r.forbidden {
                if present
                    .iter()
                    .any(|(_, o)| o.approved.iter().any(|a| a.eq_ignore_ascii_case(f)))
                {
                    continue;
                }
                for span in find_words(target, f, true, false) {
                    let approved = approved_spans.get_or_insert_with(|| {
                        present
                            .iter()
                            .flat_map(|(_, o)| &o.approved)
                            .flat_map(|a| find_words(target, a, true, false))
                            .collect()
                    });
                    if approved
                        .iter()
                        .any(|a| a.start <= span.start && span.end <= a.end)
                    {
                        continue;
                    }
                    found(TermFinding::Forbidden {
                        term: &self.terms[t],
                        variant: f,
                        span,
                        approved: &r.approved,
                    });
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"
[[term]]
source = "操作者"
note = "the API caller"
en-US = { approved = ["caller", "callers"], forbidden = ["operator", "operators"] }
ja-JP = { approved = "呼び出し元", forbidden = ["操作者"] }

[[term]]
source = "坐席"
en-US = { approved = "agent" }
ja-JP = { approved = "オペレーター" }

[[term]]
source = ["客服", "客服人员"]
en = { approved = "customer service" }

[[term]]
source = "客服管理员"
en-US = { approved = "customer service administrator" }

[[term]]
source = "参数"
ja-JP = { approved = "パラメーター", forbidden = "パラメータ" }
"#;

    fn base() -> Glossary {
        Glossary::parse(BASE, Path::new("glossary.toml")).unwrap()
    }

    fn findings(g: &Glossary, tag: &str, source: &str, target: &str) -> Vec<String> {
        let terms = g.for_locale(tag);
        let mut out = Vec::new();
        g.check(&terms, source, target, |f| {
            out.push(match f {
                TermFinding::Missing { term, .. } => format!("missing {}", term.source[0]),
                TermFinding::Forbidden { variant, span, .. } => {
                    format!("forbidden {variant} at {}", span.start)
                }
            })
        });
        out
    }

    #[test]
    fn approved_and_forbidden() {
        let g = base();
        assert!(findings(
            &g,
            "en-US",
            "操作者无权限。",
            "The caller has no permission."
        )
        .is_empty());
        assert!(findings(
            &g,
            "en-US",
            "操作者无权限。",
            "The Callers lack permission."
        )
        .is_empty());
        assert_eq!(
            findings(
                &g,
                "en-US",
                "操作者无权限。",
                "The operator has no permission."
            ),
            ["missing 操作者", "forbidden operator at 4"]
        );
        // A forbidden variant of one term that another term of the source approves.
        assert!(findings(
            &g,
            "ja-JP",
            "操作者不是坐席。",
            "呼び出し元はオペレーターではありません。"
        )
        .is_empty());
        // Inside an approved word: パラメータ in パラメーター is no finding.
        assert!(findings(
            &g,
            "ja-JP",
            "参数错误。",
            "パラメーターが正しくありません。"
        )
        .is_empty());
        assert_eq!(
            findings(&g, "ja-JP", "参数错误。", "パラメータが正しくありません。"),
            ["missing 参数", "forbidden パラメータ at 0"]
        );
        // The longest term where two overlap; a locale falls back to its language.
        assert!(findings(
            &g,
            "en-US",
            "客服管理员已停用。",
            "The customer service administrator is disabled."
        )
        .is_empty());
        assert_eq!(
            findings(&g, "en-GB", "客服人员忙。", "All agents are busy."),
            ["missing 客服"]
        );
        // No rule for the locale, no term in the source: nothing.
        assert!(findings(&g, "fr-FR", "操作者", "L'opérateur").is_empty());
        assert!(findings(&g, "en-US", "请重试。", "operator").is_empty());
    }

    #[test]
    fn invalid_files_say_where() {
        let bad = |t: &str| Glossary::parse(t, Path::new("g.toml")).unwrap_err();
        let e = bad("[[term]]\nsource = \"a\"\nenglish = { approved = \"b\" }\n");
        assert!(e.message.contains("`english`"), "{e:?}");
        assert_eq!(e.span, Some(0..8));
        let e = bad("[[term]]\nsource = \"a\"\nen-US = { approved = \"b\", forbiden = \"c\" }\n");
        assert!(e.message.contains("forbiden"), "{e:?}");
        let e = bad("[[term]]\nsource = \"\"\n");
        assert!(e.message.contains("source"), "{e:?}");
        let e = bad("[[term]]\nsource = \"a\"\nen-US = { approved = \"b\", forbidden = \"b\" }\n");
        assert!(e.message.contains("both"), "{e:?}");
        let e = bad("[[terms]]\nsource = \"a\"\n");
        assert!(e.span.is_some(), "{e:?}");
        let e = bad("[[term]]\nsource = 5\n");
        assert!(e.message.contains("a text or a list of texts"), "{e:?}");
        let e = bad("[[term]]\nsource = \"a\"\n\n[[term]]\nsource = [\"b\", \"a\"]\n");
        assert!(e.message.contains("also a source of term 1"), "{e:?}");
        assert_eq!(e.span, Some(23..31));
        let e = bad(
            "[[term]]\nsource = \"a\"\nen-US = { approved = \"Code\", forbidden = \"code\" }\n",
        );
        assert!(e.message.contains("both approved and forbidden"), "{e:?}");
        let e = bad("[[term]]\nsource = \"a\"\nen-US = { approved = \"a\\u0000b\" }\n");
        assert!(e.message.contains("control character"), "{e:?}");
    }
}
