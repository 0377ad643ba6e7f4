//! Negotiation: the requests the issue names, Accept-Language headers (with
//! q-values, and malformed), the fallback to zh-CN, and a comparison with
//! fluent-langneg itself on many requests, for the shipped locales (one per
//! language: the shortcut) and the test catalog's (`zh-CN` beside
//! `zh-Hant-TW`: fluent-langneg decides).

use errbook_messages::{LanguageIdentifier, LookupError};
use fluent_langneg::{negotiate_languages, NegotiationStrategy};
use shipped::{lookup, ErrorCode, Locale};

/// This repository's catalog, compiled by build.rs as an app compiles its own.
mod shipped {
    errbook_messages::include_catalog!("shipped");
}

/// The test catalog: arguments, selectors, terms, a Traditional Chinese locale.
mod fixture {
    errbook_messages::include_catalog!("fixture");
}

fn id(tag: &str) -> LanguageIdentifier {
    tag.parse().unwrap()
}

#[test]
fn the_requests_of_the_issue() {
    for (request, expected) in [
        ("en", Locale::EN_US),
        ("en-GB", Locale::EN_US),
        ("en-US", Locale::EN_US),
        ("ja", Locale::JA_JP),
        ("ja-JP", Locale::JA_JP),
        ("zh-Hans-CN", Locale::ZH_CN),
        ("zh-Hans", Locale::ZH_CN),
        ("zh-SG", Locale::ZH_CN),
        ("zh", Locale::ZH_CN),
        // Traditional Chinese: nothing better is shipped, so the Simplified
        // source (which fluent-langneg also picks) rather than nothing.
        ("zh-TW", Locale::ZH_CN),
        ("zh-HK", Locale::ZH_CN),
        ("fr", Locale::ZH_CN),
    ] {
        assert_eq!(Locale::negotiate(&[id(request)]), expected, "{request}");
        assert_eq!(request.parse::<Locale>(), Ok(expected), "{request}");
        assert_eq!(Locale::from_accept_language(request), expected, "{request}");
    }
}

#[test]
fn simplified_and_traditional_chinese_are_told_apart() {
    use crate::fixture::Locale;
    for (request, expected) in [
        ("zh-SG", Locale::ZH_CN),
        ("zh-Hans", Locale::ZH_CN),
        ("zh-Hans-CN", Locale::ZH_CN),
        ("zh-CN", Locale::ZH_CN),
        ("zh", Locale::ZH_CN),
        ("zh-TW", Locale::ZH_HANT_TW),
        ("zh-HK", Locale::ZH_HANT_TW),
        ("zh-MO", Locale::ZH_HANT_TW),
        ("zh-Hant", Locale::ZH_HANT_TW),
        ("en-AU", Locale::EN_US),
    ] {
        assert_eq!(Locale::negotiate(&[id(request)]), expected, "{request}");
    }
    assert_eq!(
        Locale::from_accept_language("zh-HK,zh;q=0.9,en;q=0.8"),
        Locale::ZH_HANT_TW
    );
}

#[test]
fn accept_language_headers() {
    for (header, expected) in [
        // q-values, not order, decide.
        ("ja;q=0.5, en;q=0.9", Locale::EN_US),
        ("en;q=0.5, ja", Locale::JA_JP),
        (
            "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5",
            Locale::EN_US,
        ),
        ("de-DE,de;q=0.9,ja;q=0.8,en;q=0.7", Locale::JA_JP),
        ("zh-SG,zh;q=0.9,en;q=0.8", Locale::ZH_CN),
        ("en-GB;q=0.8, zh-Hans-CN;q=0.9", Locale::ZH_CN),
        // Refused languages and wildcards.
        ("en;q=0, ja;q=0.1", Locale::JA_JP),
        ("*", Locale::ZH_CN),
        // Malformed: the parts that parse count; nothing parses → source.
        ("", Locale::ZH_CN),
        ("   ", Locale::ZH_CN),
        (",,,;;;", Locale::ZH_CN),
        ("@@@, ja", Locale::JA_JP),
        ("en;q=abc, ja;q=0.2", Locale::JA_JP),
        ("en;q=1.5", Locale::ZH_CN),
        ("en;q", Locale::ZH_CN),
        ("q=0.5", Locale::ZH_CN),
        ("en-", Locale::ZH_CN),
        ("\u{0}\u{feff}日本語", Locale::ZH_CN),
        ("x-klingon, i-default", Locale::ZH_CN),
        ("EN-gb", Locale::EN_US),
    ] {
        assert_eq!(Locale::from_accept_language(header), expected, "{header:?}");
    }
}

#[test]
fn the_fallback_chain_ends_at_the_source_locale() {
    assert_eq!(Locale::SOURCE, Locale::ZH_CN);
    assert_eq!(Locale::default(), Locale::SOURCE);
    assert_eq!(Locale::negotiate::<LanguageIdentifier>(&[]), Locale::SOURCE);
    assert_eq!(Locale::negotiate(&[id("fr"), id("de")]), Locale::SOURCE);
    assert_eq!(Locale::negotiate(&[id("fr"), id("ja")]), Locale::JA_JP);
    // Every code has a message in every locale, whatever was asked.
    for &code in ErrorCode::ALL {
        for request in ["fr", "en-GB", "und", "zh-TW"] {
            assert!(!code.message(&id(request)).is_empty(), "{code:?} {request}");
        }
    }
    assert_eq!(lookup(280006, "fr"), Ok("坐席繁忙。"));
}

#[test]
fn unknown_codes_and_bad_locales_are_errors() {
    assert_eq!(
        lookup(280006, "ja"),
        Ok("すべてのオペレーターが対応中です。")
    );
    assert_eq!(lookup(280006, "en-GB"), Ok("All agents are busy."));
    assert_eq!(lookup(0, "en"), Err(LookupError::UnknownCode("0".into())));
    assert_eq!(
        lookup(u32::MAX, "en"),
        Err(LookupError::UnknownCode(u32::MAX.to_string()))
    );
    for bad in ["", "@@", "en--US", "ja;q=0.5", "-en", "日本語"] {
        assert!(
            matches!(lookup(280006, bad), Err(LookupError::Locale(_))),
            "{bad:?}"
        );
        assert!(bad.parse::<Locale>().is_err(), "{bad:?}");
    }
    assert_eq!(Locale::EN_US.lookup(1), None);
    assert_eq!(Locale::exact("fr-FR"), None);
    assert_eq!(Locale::exact("JA-jp"), Some(Locale::JA_JP));
}

#[test]
fn nothing_panics_on_any_input() {
    // A deterministic stream of nasty strings: every byte pattern the
    // parsers split on, repeated and mixed.
    let atoms = [
        "",
        "-",
        ";",
        ",",
        "=",
        "q",
        "q=",
        "0.",
        "1.0000",
        "*",
        "en",
        "zh-Hant",
        "ja-JP",
        " ",
        "\t",
        "é",
        "日本",
        "x-",
        "-u-",
        "123",
        "\u{10ffff}",
        "und",
        "root",
        "i-klingon",
        "zh-min-nan",
        "en-US-u-ca-gregory",
        "sl-rozaj-biske-1994",
    ];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..20_000 {
        let mut s = String::new();
        for _ in 0..(state % 7) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            s.push_str(atoms[(state % atoms.len() as u64) as usize]);
        }
        let _ = Locale::from_accept_language(&s);
        let _ = s.parse::<Locale>();
        let _ = lookup((state % 300_000) as u32, &s);
        let _ = s.parse::<ErrorCode>();
        let _ = crate::fixture::Locale::from_accept_language(&s);
    }
}

/// Tags to negotiate: the shipped ones, their relatives and strangers.
const TAGS: &[&str] = &[
    "en",
    "en-US",
    "en-GB",
    "en-AU",
    "en-Latn",
    "en-Latn-US",
    "en-Shaw",
    "en-US-posix",
    "ja",
    "ja-JP",
    "ja-Latn",
    "ja-Kana-JP",
    "zh",
    "zh-CN",
    "zh-SG",
    "zh-MY",
    "zh-TW",
    "zh-HK",
    "zh-MO",
    "zh-Hans",
    "zh-Hant",
    "zh-Hans-CN",
    "zh-Hant-TW",
    "zh-Hant-CN",
    "zh-Hans-TW",
    "zh-Latn",
    "fr",
    "fr-CA",
    "de-DE",
    "pt-BR",
    "es-419",
    "ar",
    "ko-KR",
    "und",
    "und-JP",
    "und-Hant",
    "yue",
    "yue-HK",
    "nan-TW",
    "sr-Latn",
    "mn-Mong",
];

/// fluent-langneg's first answer, or the default.
fn reference(requested: &[LanguageIdentifier], available: &[&str], default: &str) -> String {
    let available: Vec<LanguageIdentifier> = available.iter().map(|t| id(t)).collect();
    let default = id(default);
    let got = negotiate_languages(
        requested,
        &available,
        Some(&default),
        NegotiationStrategy::Filtering,
    );
    got[0].to_string()
}

macro_rules! same_as_fluent_langneg {
    ($name:ident, $($catalog:ident)::+) => {
        #[test]
        fn $name() {
            use $($catalog)::+::Locale;
            let available: Vec<&str> = Locale::ALL.iter().map(|l| l.tag()).collect();
            let source = Locale::SOURCE.tag();
            let mut compared = 0;
            for a in TAGS {
                let one = [id(a)];
                assert_eq!(
                    Locale::negotiate(&one).tag(),
                    reference(&one, &available, source),
                    "{a}"
                );
                for b in TAGS {
                    let two = [id(a), id(b)];
                    assert_eq!(
                        Locale::negotiate(&two).tag(),
                        reference(&two, &available, source),
                        "{a}, {b}"
                    );
                    let header = format!("{a};q=0.9, {b}");
                    let sorted = [id(b), id(a)];
                    assert_eq!(
                        Locale::from_accept_language(&header).tag(),
                        reference(&sorted, &available, source),
                        "{header}"
                    );
                    compared += 3;
                }
            }
            assert!(compared > 5000);
        }
    };
}

same_as_fluent_langneg!(shipped_locales_negotiate_as_fluent_langneg, crate::shipped);
same_as_fluent_langneg!(test_locales_negotiate_as_fluent_langneg, crate::fixture);
