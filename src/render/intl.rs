//! CLDR data for the site, through ICU4X: each locale's name in its own
//! language (its autonym) for the language switcher, and numbers formatted
//! as each language writes them ("100.000" and "87,5" in German).

use std::collections::HashMap;

use fluent_bundle::types::{FluentNumber, FluentNumberStyle};
use fluent_bundle::FluentValue;
use icu_decimal::input::Decimal;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_decimal::DecimalFormatter;
use icu_experimental::displaynames::{
    DisplayNamesOptions, LanguageDisplayNames, LocaleDisplayNamesFormatter, Style,
};
use icu_locale_core::{LanguageIdentifier as IcuId, Locale};
use unic_langid::LanguageIdentifier;

/// `text` with its first letter capitalised, as a language list shows names
/// (CLDR writes "español" and "français" in running text).
fn menu_case(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => text.to_owned(),
    }
}

/// The name of `what` in the language of `tag`, from CLDR, as it is.
fn raw_name(tag: &Locale, what: &Locale) -> Option<String> {
    let options = DisplayNamesOptions::default();
    let name = match LocaleDisplayNamesFormatter::try_new(tag.into(), options) {
        Ok(f) => {
            let name = f.of(what).into_owned();
            // A region in parentheses: its short name where CLDR has one
            // (香港 for 中國香港特別行政區), but a dialect's own name stays
            // ("American English", not "US English").
            let mut short = options;
            short.style = Some(Style::Short);
            match LocaleDisplayNamesFormatter::try_new(tag.into(), short) {
                Ok(s) if what.id.region.is_some() && name.contains(" (") => s.of(what).into_owned(),
                _ => name,
            }
        }
        // Some languages lack part of the data a whole locale name needs:
        // the language's name alone, when that is what is asked.
        Err(_) if what.id.script.is_none() && what.id.region.is_none() => {
            LanguageDisplayNames::try_new(tag.into(), options)
                .ok()?
                .of(what.id.language)?
                .to_owned()
        }
        Err(_) => return None,
    };
    // A name CLDR lacks comes back as the code itself.
    (name != what.to_string() && !name.is_empty()).then_some(name)
}

/// True when ICU4X composed the name from parts ("Deutsch (Lateinisch)"),
/// rather than CLDR having a name of its own for it ("简体中文").
fn composed(name: &str) -> bool {
    name.contains(" (")
}

/// A name as a list of languages shows it.
fn finish(tag: &Locale, name: String) -> String {
    // ICU4X joins a qualifier with " (…)"; CLDR's pattern for Chinese and
    // Japanese has full-width parentheses.
    let name = if matches!(tag.id.language.as_str(), "zh" | "ja" | "yue") {
        name.replace(" (", "（").replace(')', "）")
    } else {
        name
    };
    menu_case(&name)
}

/// A site's locales, each named in its own language, as a reader looks for
/// it in a list: the language alone when the site has one locale of it
/// ("Deutsch", "Nederlands"), with its script when that tells two apart
/// ("简体中文", "繁體中文"), with its region when that is needed ("English
/// (United States)" beside "English (United Kingdom)"). `None` for a tag
/// CLDR has no name for.
pub fn locale_names(tags: &[&str]) -> Vec<Option<String>> {
    let ids: Vec<Option<(LanguageIdentifier, LanguageIdentifier)>> = tags
        .iter()
        .map(|t| {
            let id: LanguageIdentifier = t.parse().ok()?;
            let mut max = id.clone();
            max.maximize();
            Some((id, max))
        })
        .collect();
    let mut per_language: HashMap<&str, Vec<Option<&str>>> = HashMap::new();
    for (_, max) in ids.iter().flatten() {
        per_language
            .entry(max.language.as_str())
            .or_default()
            .push(max.script.as_ref().map(|s| s.as_str()));
    }
    ids.iter()
        .map(|ids| {
            let (id, max) = ids.as_ref()?;
            let same = &per_language[max.language.as_str()];
            let script = max.script.as_ref().map(|s| s.as_str());
            let script_unique = same.iter().filter(|s| **s == script).count() == 1;
            let tag: Locale = id.to_string().parse().ok()?;
            let name = |what: String| -> Option<String> { raw_name(&tag, &what.parse().ok()?) };
            let with_script = || name(format!("{}-{}", max.language, script?));
            let name = if same.len() == 1 {
                // Alone: the script the tag names, or the one its region
                // implies when CLDR names that pair ("繁體中文" for zh-TW,
                // not "Deutsch (Lateinisch)"); else the language.
                match id.script {
                    Some(_) => with_script(),
                    None => with_script()
                        .filter(|n| !composed(n))
                        .or_else(|| name(id.language.to_string())),
                }
            } else if script_unique && same.iter().any(|s| *s != script) {
                with_script()
            } else {
                name(id.to_string())
            };
            Some(finish(&tag, name?))
        })
        .collect()
}

/// The number formatters of one language, cached by fluent-bundle's
/// memoizer (one per grouping choice).
pub struct Numbers(DecimalFormatter);

impl intl_memoizer::Memoizable for Numbers {
    /// Whether to group digits.
    type Args = (bool,);
    type Error = ();

    fn construct(lang: LanguageIdentifier, (grouping,): (bool,)) -> Result<Self, ()> {
        let id: IcuId = lang.to_string().parse().map_err(|_| ())?;
        let mut options = DecimalFormatterOptions::default();
        if !grouping {
            options.grouping_strategy = Some(GroupingStrategy::Never);
        }
        DecimalFormatter::try_new(Locale::from(id).into(), options)
            .map(Numbers)
            .map_err(|_| ())
    }
}

impl Numbers {
    /// A Fluent number as the language writes it; `None` for what this
    /// does not format (currencies, percent style, significant digits),
    /// which Fluent then writes itself.
    fn format(&self, n: &FluentNumber) -> Option<String> {
        let o = &n.options;
        if !n.value.is_finite()
            || o.style != FluentNumberStyle::Decimal
            || o.minimum_significant_digits.is_some()
            || o.maximum_significant_digits.is_some()
        {
            return None;
        }
        // Rust writes an f64 in its shortest exact form, never with an
        // exponent: a decimal string ICU reads.
        let mut d = Decimal::try_from_str(&n.value.to_string()).ok()?;
        if let Some(max) = o.maximum_fraction_digits {
            // As Intl.NumberFormat, which Fluent's NUMBER follows: half away
            // from zero (2.5 is 3).
            d.absolute.round_with_mode(
                -(i16::try_from(max).ok()?),
                fixed_decimal::UnsignedRoundingMode::HalfExpand,
            );
            d.absolute.trim_end();
        }
        if let Some(min) = o.minimum_fraction_digits {
            d.absolute.pad_end(-(i16::try_from(min).ok()?));
        }
        if let Some(min) = o.minimum_integer_digits {
            d.absolute.pad_start(i16::try_from(min).ok()?);
        }
        Some(self.0.format(&d).to_string())
    }
}

/// fluent-bundle's formatter hook: numbers in the bundle's language.
pub fn format_value(
    v: &FluentValue<'_>,
    memoizer: &intl_memoizer::concurrent::IntlLangMemoizer,
) -> Option<String> {
    let FluentValue::Number(n) = v else {
        return None;
    };
    memoizer
        .with_try_get::<Numbers, _, _>((n.options.use_grouping,), |f| f.format(n))
        .ok()
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(tags: &[&str]) -> Vec<String> {
        locale_names(tags)
            .into_iter()
            .zip(tags)
            .map(|(n, t)| n.unwrap_or_else(|| format!("none for {t}")))
            .collect()
    }

    #[test]
    fn each_locale_is_named_in_its_own_language() {
        assert_eq!(
            names(&["de-DE", "es-ES", "ko-KR", "ar", "nl-NL", "sv", "zh-TW", "fr-CA", "uk"]),
            [
                "Deutsch",
                "Español",
                "한국어",
                "العربية",
                "Nederlands",
                "Svenska",
                "繁體中文",
                "Français",
                "Українська"
            ]
        );
    }

    #[test]
    fn locales_of_one_language_are_told_apart() {
        assert_eq!(
            names(&["zh-CN", "zh-TW", "zh-HK", "en-US", "en-GB", "sr-Latn"]),
            [
                "简体中文",
                "中文（台灣）",
                "中文（香港）",
                "American English",
                "British English",
                "Srpski (latinica)"
            ]
        );
        assert_eq!(names(&["zh-Hant"]), ["繁體中文"]);
        assert_eq!(names(&["zh-CN"]), ["简体中文"]);
        assert_eq!(names(&["zh-SG", "en"]), ["简体中文", "English"]);
    }

    #[test]
    fn a_tag_without_data_has_no_name() {
        assert_eq!(locale_names(&["qaa", "not a tag"]), [None, None]);
    }

    fn number(tag: &str, n: FluentNumber) -> String {
        let m = intl_memoizer::concurrent::IntlLangMemoizer::new(tag.parse().unwrap());
        format_value(&FluentValue::Number(n), &m).unwrap()
    }

    #[test]
    fn numbers_are_written_as_each_language_writes_them() {
        let n = |v: f64| FluentNumber::new(v, Default::default());
        assert_eq!(number("de-DE", n(100000.0)), "100.000");
        assert_eq!(number("de-DE", n(87.5)), "87,5");
        assert_eq!(number("en-US", n(100000.0)), "100,000");
        assert_eq!(number("fr-FR", n(1234.5)), "1\u{202f}234,5");
        assert_eq!(number("ru", n(87.5)), "87,5");
        assert_eq!(number("ja-JP", n(100.0)), "100");
        assert_eq!(number("fa-IR", n(12.0)), "۱۲");
        // Spanish groups from five digits.
        assert_eq!(number("es-ES", n(1000.0)), "1000");
        let mut two = fluent_bundle::types::FluentNumberOptions {
            minimum_fraction_digits: Some(2),
            ..Default::default()
        };
        assert_eq!(number("de-DE", FluentNumber::new(5.0, two.clone())), "5,00");
        let round = fluent_bundle::types::FluentNumberOptions {
            maximum_fraction_digits: Some(0),
            ..Default::default()
        };
        assert_eq!(number("en-US", FluentNumber::new(2.5, round.clone())), "3");
        assert_eq!(number("en-US", FluentNumber::new(-0.5, round)), "-1");
        two.use_grouping = false;
        assert_eq!(number("de-DE", FluentNumber::new(12345.0, two)), "12345,00");
    }
}
