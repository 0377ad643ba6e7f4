//! The typed codes and the handles: conversions, traits, threads.

use std::collections::HashSet;

use errbook_messages::{Arg, FormatError, UnknownCode};
use shipped::{ErrorCode, Locale};

/// This repository's catalog, compiled by build.rs as an app compiles its own.
mod shipped {
    errbook_messages::include_catalog!("shipped");
}

/// The test catalog: arguments, selectors, terms, a Traditional Chinese locale.
mod fixture {
    errbook_messages::include_catalog!("fixture");
}

#[test]
fn codes_convert_both_ways() {
    let mut seen = HashSet::new();
    for &c in ErrorCode::ALL {
        assert!(seen.insert(c.as_u32()), "{c:?} twice");
        assert_eq!(ErrorCode::from_u32(c.as_u32()), Some(c));
        assert_eq!(ErrorCode::try_from(c.as_u32()), Ok(c));
        assert_eq!(u32::from(c), c.as_u32());
        assert_eq!(c.as_str().parse::<ErrorCode>(), Ok(c));
        assert_eq!(c.as_str(), c.as_u32().to_string());
        assert_eq!(format!("{c:?}"), format!("E{}", c.as_str()));
    }
    assert_eq!(ErrorCode::try_from(60001), Err(UnknownCode(60001)));
    for bad in [
        "", "E280006", " 280006", "280006 ", "+280006", "280006.0", "0x44766",
    ] {
        assert!(bad.parse::<ErrorCode>().is_err(), "{bad:?}");
    }
}

#[test]
fn display_is_the_source_message_and_codes_are_errors() {
    let e: Box<dyn std::error::Error + Send + Sync> = Box::new(ErrorCode::E280006);
    assert_eq!(e.to_string(), "坐席繁忙。");
    assert_eq!(ErrorCode::E280006.message_in(Locale::SOURCE), "坐席繁忙。");
}

#[test]
fn serde_uses_the_number() {
    assert_eq!(
        serde_json::to_string(&ErrorCode::E280006).unwrap(),
        "280006"
    );
    assert_eq!(
        serde_json::from_str::<ErrorCode>("280006").unwrap(),
        ErrorCode::E280006
    );
    let err = serde_json::from_str::<ErrorCode>("1").unwrap_err();
    assert!(
        err.to_string().contains("1 is not a code of the catalog"),
        "{err}"
    );
    assert!(serde_json::from_str::<ErrorCode>("\"280006\"").is_err());
}

#[test]
fn locales_describe_themselves() {
    assert_eq!(Locale::ALL.len(), 3);
    for &l in Locale::ALL {
        assert_eq!(Locale::exact(l.tag()), Some(l));
        assert_eq!(l.to_string(), l.tag());
        assert_eq!(l.langid().to_string(), l.tag());
        assert_eq!(l.tag().parse::<Locale>(), Ok(l));
    }
    assert_eq!(format!("{:?}", Locale::JA_JP), "Locale(\"ja-JP\")");
}

#[test]
fn handles_are_shared_across_threads_without_locks() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<ErrorCode>();
    assert_send_sync::<Locale>();
    let handles: Vec<_> = (0..8)
        .map(|t| {
            std::thread::spawn(move || {
                let l = Locale::ALL[t % Locale::ALL.len()];
                let mut total = 0;
                for _ in 0..1000 {
                    for &c in ErrorCode::ALL {
                        total += c.message_in(l).len();
                    }
                }
                total
            })
        })
        .collect();
    for h in handles {
        assert!(h.join().unwrap() > 0);
    }
}

#[test]
fn messages_with_arguments() {
    use crate::fixture::{ErrorCode, Locale};
    let en = Locale::EN_US;
    // A template: text and the argument, in one String.
    assert_eq!(
        ErrorCode::E1001
            .message_with(en, &[("name", "Ada".into())])
            .unwrap(),
        "User Ada does not exist."
    );
    // A term inlined at build time, with an argument.
    assert_eq!(
        ErrorCode::E2002
            .message_with(en, &[("id", 42.into())])
            .unwrap(),
        "Session 42 does not exist in Example Cloud."
    );
    // A selector, through fluent-bundle, with plural rules.
    assert_eq!(
        ErrorCode::E1002
            .message_with(en, &[("count", 1.into())])
            .unwrap(),
        "Too many requests: one request in the last minute."
    );
    assert_eq!(
        ErrorCode::E1002
            .message_with(en, &[("count", 3.into())])
            .unwrap(),
        "Too many requests: 3 requests in the last minute."
    );
    // No isolation marks around arguments.
    let text = ErrorCode::E1001
        .message_with(en, &[("name", "أحمد".into())])
        .unwrap();
    assert!(!text.contains(['\u{2068}', '\u{2069}']), "{text:?}");
    // A missing argument is an error, not `{$name}` in the output.
    assert_eq!(
        ErrorCode::E1001.message_with(en, &[]),
        Err(FormatError::MissingArg { name: "name" })
    );
    assert_eq!(
        ErrorCode::E1002.message_with(en, &[("name", Arg::Str("x"))]),
        Err(FormatError::MissingArg { name: "count" })
    );
    // Where the translation takes no argument, none is needed.
    assert_eq!(
        ErrorCode::E1001
            .message_with(Locale::ZH_HANT_TW, &[])
            .unwrap(),
        "使用者不存在。"
    );
    // Groups and hints follow the locale.
    assert_eq!(ErrorCode::E2001.group_in(en), Some("Session errors"));
    assert_eq!(ErrorCode::E2001.group(), Some("会话错误码"));
    assert_eq!(ErrorCode::E1001.hint_in(en), Some("Check the user name."));
    assert_eq!(ErrorCode::E1001.hint(), Some("请检查用户名。"));
    assert_eq!(ErrorCode::E2001.hint_in(en), None);
    assert_eq!(
        ErrorCode::E1003.hint_with(en, &[]),
        Some(Err(FormatError::MissingArg { name: "amount" }))
    );
}

#[test]
fn attributes_and_ranges_of_the_table() {
    use crate::fixture::{ErrorCode, Locale};
    // The table's other columns, by their headers as written.
    assert_eq!(ErrorCode::E3001.attribute("HTTP 状态码"), Some("502"));
    assert_eq!(ErrorCode::E3001.attributes(), &[("HTTP 状态码", "502")]);
    assert_eq!(ErrorCode::E1001.attributes(), &[]);
    assert_eq!(ErrorCode::E1001.attribute("HTTP 状态码"), None);
    // A number inside the range `3100 - 3199` gets the range's message in
    // the locale; the range is no code of its own.
    assert_eq!(Locale::EN_US.lookup(3150), Some("Internal gateway error."));
    assert_eq!(Locale::EN_US.lookup(3100), Some("Internal gateway error."));
    assert_eq!(Locale::ZH_HANT_TW.lookup(3199), Some("閘道內部錯誤。"));
    assert_eq!(Locale::ZH_CN.range_message(3120), Some("网关内部错误。"));
    assert_eq!(Locale::EN_US.lookup(3200), None);
    assert_eq!(Locale::EN_US.lookup(3099), None);
    assert_eq!(ErrorCode::from_u32(3150), None);
    // An exact code is its own message.
    assert_eq!(
        Locale::EN_US.lookup(3001),
        Some("The upstream service is unavailable.")
    );
}
