//! Choosing a shipped locale for what a user asked for.
//!
//! The reference is fluent-langneg 0.13 with CLDR likely subtags (the
//! negotiation fluent-bundle apps use), and the answer is always the first
//! locale it returns, with the source locale as the default. Calling it
//! costs allocations and hundreds of nanoseconds, so most requests take a
//! shortcut that gives the same answer:
//!
//! fluent-langneg only matches a request to a locale of the same language.
//! When exactly one shipped locale has the request's language and its tag
//! names no script and no variant, that locale matches the request at the
//! latest in its last step (language alone, script and region as ranges), so
//! it is the answer for that request. A request whose language no locale has
//! matches nothing and is skipped. Only a language that several locales share
//! (`zh-CN` and `zh-Hant-TW`), or a locale whose tag names a script, sends
//! the rest of the request list to fluent-langneg. The tests compare both
//! ways on many requests.

use fluent_langneg::{negotiate_languages, NegotiationStrategy};
use unic_langid::LanguageIdentifier;

/// What negotiation knows about the shipped locales.
pub struct Shipped {
    /// Every locale's tag, by index.
    pub tags: &'static [&'static str],
    /// Each language, with the one locale that answers any request for it,
    /// or `None` when fluent-langneg must decide.
    pub languages: &'static [(&'static str, Option<u8>)],
    /// The index of the source locale, the answer when nothing matches.
    pub default: u8,
}

impl Shipped {
    /// The index of the locale for `requested`, in order of preference.
    ///
    /// `FLUENT_LANGNEG` is false when every language has its one locale
    /// (no `None` in `languages`): fluent-langneg is then never needed, and
    /// leaving it out keeps it and the CLDR tables out of the binary.
    pub fn negotiate<'a, const FLUENT_LANGNEG: bool, I>(&self, requested: I) -> u8
    where
        I: Iterator<Item = &'a LanguageIdentifier> + Clone,
    {
        let mut rest = requested;
        loop {
            let from_here = rest.clone();
            let Some(req) = rest.next() else {
                return self.default;
            };
            if req.language.is_empty() {
                // `und` matches nothing in fluent-langneg either.
                continue;
            }
            let lang = req.language.as_str();
            match self.languages.iter().find(|(l, _)| *l == lang) {
                None => continue,
                Some((_, Some(i))) => return *i,
                Some((_, None)) if FLUENT_LANGNEG => return self.fluent_langneg(from_here),
                // Not generated: the build sets FLUENT_LANGNEG when any
                // language is shared.
                Some((_, None)) => return self.default,
            }
        }
    }

    /// The answer of fluent-langneg itself.
    fn fluent_langneg<'a>(&self, requested: impl Iterator<Item = &'a LanguageIdentifier>) -> u8 {
        let requested: Vec<&LanguageIdentifier> = requested.collect();
        let available: Vec<LanguageIdentifier> = self
            .tags
            .iter()
            .map(|t| t.parse().expect("the build script checked the tag"))
            .collect();
        let default = &available[usize::from(self.default)];
        let chosen = negotiate_languages(
            &requested,
            &available,
            Some(default),
            NegotiationStrategy::Lookup,
        );
        chosen
            .first()
            .and_then(|c| available.iter().position(|a| a == *c))
            .and_then(|i| u8::try_from(i).ok())
            .unwrap_or(self.default)
    }

    /// The index of the locale for an HTTP `Accept-Language` header.
    pub fn accept_language<const FLUENT_LANGNEG: bool>(&self, header: &str) -> u8 {
        let mut items: [(Option<LanguageIdentifier>, u16); MAX_ACCEPTED] = Default::default();
        let len = parse_accept_language(header, &mut items);
        self.negotiate::<FLUENT_LANGNEG, _>(items[..len].iter().filter_map(|(id, _)| id.as_ref()))
    }
}

/// How many languages of an `Accept-Language` header are considered; the
/// rest are ignored. Browsers send a handful.
pub(crate) const MAX_ACCEPTED: usize = 16;

/// Parses an `Accept-Language` header (RFC 9110, 12.5.4) into `out`, sorted
/// by quality (highest first, ties in header order), and returns how many
/// languages it holds. Entries that do not parse, `*`, and languages with
/// `q=0` are left out; nothing here allocates unless a tag has variants.
pub(crate) fn parse_accept_language(
    header: &str,
    out: &mut [(Option<LanguageIdentifier>, u16); MAX_ACCEPTED],
) -> usize {
    let mut len = 0;
    for item in header.split(',') {
        if len == MAX_ACCEPTED {
            break;
        }
        let mut fields = item.split(';');
        let tag = fields.next().unwrap_or("").trim();
        if tag.is_empty() || tag == "*" {
            continue;
        }
        let mut quality = Some(1000);
        for param in fields {
            let Some((name, value)) = param.split_once('=') else {
                quality = None;
                break;
            };
            if name.trim().eq_ignore_ascii_case("q") {
                quality = parse_quality(value.trim());
            }
        }
        let Some(q) = quality.filter(|&q| q > 0) else {
            continue;
        };
        let Ok(id) = tag.parse::<LanguageIdentifier>() else {
            continue;
        };
        // Insertion keeps the list sorted; equal qualities stay in order.
        let mut at = len;
        while at > 0 && out[at - 1].1 < q {
            at -= 1;
        }
        out[at..=len].rotate_right(1);
        out[at] = (Some(id), q);
        len += 1;
    }
    len
}

/// A quality value in thousandths: `0`, `0.5`, `0.123`, `1`, `1.000`.
fn parse_quality(v: &str) -> Option<u16> {
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut thousandths = 0u16;
    for (i, b) in frac.bytes().enumerate() {
        thousandths += u16::from(b - b'0') * [100, 10, 1][i];
    }
    match int {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(header: &str) -> Vec<(String, u16)> {
        let mut items: [(Option<LanguageIdentifier>, u16); MAX_ACCEPTED] = Default::default();
        let len = parse_accept_language(header, &mut items);
        items[..len]
            .iter()
            .map(|(id, q)| (id.as_ref().unwrap().to_string(), *q))
            .collect()
    }

    #[test]
    fn accept_language_sorts_by_quality() {
        assert_eq!(
            parsed("ja;q=0.5, en-GB;q=0.9, fr, de;q=0.9"),
            [
                ("fr".to_owned(), 1000),
                ("en-GB".to_owned(), 900),
                ("de".to_owned(), 900),
                ("ja".to_owned(), 500)
            ]
        );
    }

    #[test]
    fn accept_language_skips_what_does_not_parse() {
        assert_eq!(parsed(""), []);
        assert_eq!(parsed(" , ,;q=1"), []);
        assert_eq!(parsed("*;q=0.1"), []);
        assert_eq!(parsed("en;q=0"), []);
        assert_eq!(parsed("en;q=2, en;q=0.5000, en;q=-1, en;q=x, en;x"), []);
        assert_eq!(
            parsed("@@, 12345678901, ja ; Q = 0.3"),
            [("ja".to_owned(), 300)]
        );
        assert_eq!(parsed("en;q=1.000;level=1"), [("en".to_owned(), 1000)]);
    }

    #[test]
    fn accept_language_keeps_the_first_sixteen() {
        let header = (0..100).map(|_| "ja").collect::<Vec<_>>().join(",");
        assert_eq!(parsed(&header).len(), MAX_ACCEPTED);
    }

    #[test]
    fn qualities() {
        assert_eq!(parse_quality("0"), Some(0));
        assert_eq!(parse_quality("0."), Some(0));
        assert_eq!(parse_quality("0.05"), Some(50));
        assert_eq!(parse_quality("1."), Some(1000));
        assert_eq!(parse_quality("1.001"), None);
        assert_eq!(parse_quality("0.1234"), None);
        assert_eq!(parse_quality(""), None);
        assert_eq!(parse_quality(".5"), None);
    }
}
