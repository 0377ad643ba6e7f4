//! No plain path allocates: counted with a counting global allocator.
//!
//! The workspace forbids `unsafe`, which a `GlobalAlloc` needs, so the
//! counter is stats_alloc's. Its counts are global: this file holds a single
//! test so that no other test thread allocates meanwhile.

use std::alloc::System;
use std::hint::black_box;

use errbook_messages::LanguageIdentifier;
use shipped::{lookup, ErrorCode, Locale};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

/// This repository's catalog, compiled by build.rs as an app compiles its own.
mod shipped {
    errbook_messages::include_catalog!("shipped");
}

/// The test catalog: arguments, selectors, terms, a Traditional Chinese locale.
mod fixture {
    errbook_messages::include_catalog!("fixture");
}

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// A named run of lookups.
type Case<'a> = Box<dyn Fn() + 'a>;

/// How many allocations `f` makes.
fn allocations(f: impl FnOnce()) -> usize {
    let region = Region::new(GLOBAL);
    f();
    region.change().allocations
}

#[test]
fn plain_paths_do_not_allocate() {
    // Inputs are made before counting.
    let requests: Vec<LanguageIdentifier> = ["en-GB", "ja", "zh-SG", "zh-Hans-CN", "fr", "zh-TW"]
        .iter()
        .map(|t| t.parse().unwrap())
        .collect();
    let headers = [
        "ja;q=0.5, en-GB;q=0.9",
        "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5",
        "zh-SG,zh;q=0.9",
        ",,;;@@",
        "",
    ];
    let numbers: Vec<u32> = ErrorCode::ALL.iter().map(|c| c.as_u32()).collect();
    let strings: Vec<String> = numbers.iter().map(u32::to_string).collect();

    let cases: Vec<(&str, Case)> = vec![
        (
            "message_in, hint_in, group_in",
            Box::new(|| {
                for &l in Locale::ALL {
                    for &c in ErrorCode::ALL {
                        black_box(c.message_in(black_box(l)));
                        black_box(c.hint_in(l));
                        black_box(c.group_in(l));
                        black_box(c.args_in(l));
                    }
                }
            }),
        ),
        (
            "Locale::lookup by number",
            Box::new(|| {
                for &l in Locale::ALL {
                    for &n in &numbers {
                        black_box(black_box(l).lookup(black_box(n)));
                    }
                    black_box(l.lookup(7));
                }
            }),
        ),
        (
            "message_with on a plain message",
            Box::new(|| {
                for &l in Locale::ALL {
                    for &c in ErrorCode::ALL {
                        black_box(c.message_with(l, &[("unused", 1.into())]).unwrap());
                    }
                }
            }),
        ),
        (
            "message(&LanguageIdentifier), negotiating",
            Box::new(|| {
                for r in &requests {
                    for &c in ErrorCode::ALL {
                        black_box(c.message(black_box(r)));
                    }
                }
            }),
        ),
        (
            "Locale::negotiate and from_accept_language",
            Box::new(|| {
                black_box(Locale::negotiate(black_box(requests.as_slice())));
                for h in headers {
                    black_box(Locale::from_accept_language(black_box(h)));
                }
            }),
        ),
        (
            "lookup(u32, &str) and str::parse",
            Box::new(|| {
                for tag in ["en-GB", "ja", "zh-SG", "fr"] {
                    black_box(lookup(black_box(280006), black_box(tag)).unwrap());
                    black_box(tag.parse::<Locale>().unwrap());
                }
                for (n, s) in numbers.iter().zip(&strings) {
                    black_box(ErrorCode::from_u32(*n));
                    black_box(ErrorCode::try_from(*n).unwrap());
                    black_box(s.parse::<ErrorCode>().unwrap());
                }
                black_box(ErrorCode::try_from(1).unwrap_err());
            }),
        ),
        (
            "Display and tags",
            Box::new(|| {
                use std::fmt::Write;
                let mut sink = Sink;
                for &c in ErrorCode::ALL {
                    write!(sink, "{c}").unwrap();
                }
                for &l in Locale::ALL {
                    write!(sink, "{l}").unwrap();
                    black_box(l.tag());
                }
            }),
        ),
    ];
    for (name, case) in &cases {
        case(); // warm up: nothing is lazy on these paths, but make sure
        assert_eq!(allocations(case), 0, "{name}");
    }

    // The one path that must allocate: formatting a message with an
    // argument makes its String, and nothing else.
    use crate::fixture::{ErrorCode as Fx, Locale as FxLocale};
    let args = [("name", "Ada".into())];
    let n = allocations(|| {
        black_box(
            Fx::E1001
                .message_with(FxLocale::EN_US, black_box(&args))
                .unwrap(),
        );
    });
    assert_eq!(n, 1, "a template with one argument");
}

/// A `fmt::Write` that keeps nothing.
struct Sink;

impl std::fmt::Write for Sink {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        black_box(s);
        Ok(())
    }
}
