//! BCP 47 language tags, as the locales' directories are named.

use std::str::FromStr;

use unic_langid::LanguageIdentifier;

/// The canonical form of a BCP 47 tag, or `None` when it does not parse.
///
/// Language subtags of 5–8 letters are well-formed BCP 47 but none is
/// registered, so a directory such as `english` is refused rather than
/// taken for a language.
pub fn canonical_tag(tag: &str) -> Option<String> {
    let id = LanguageIdentifier::from_str(tag).ok()?;
    let lang = id.language.as_str().len();
    (2..=3).contains(&lang).then(|| id.to_string())
}
