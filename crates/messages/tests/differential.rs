//! Every message of every shipped locale, formatted by fluent-bundle straight
//! from the `.ftl` files, must be the string the crate returns: messages,
//! hints and group names, for the shipped catalog and for the test catalog
//! (whose messages take arguments, go through selectors and use terms).

use std::path::{Path, PathBuf};

use errbook_messages::Arg;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// This repository's catalog, compiled by build.rs as an app compiles its own.
mod shipped {
    errbook_messages::include_catalog!("shipped");
}

/// The test catalog: arguments, selectors, terms, a Traditional Chinese locale.
mod fixture {
    errbook_messages::include_catalog!("fixture");
}

/// A bundle of one `errors.ftl`, set up as the crate documents: isolation
/// marks off, built-in functions on.
fn bundle(root: &Path, tag: &str) -> FluentBundle<FluentResource> {
    let path = root.join("locales").join(tag).join("errors.ftl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let resource = FluentResource::try_new(text).expect("the build checked the syntax");
    let langid: LanguageIdentifier = tag.parse().unwrap();
    let mut bundle = FluentBundle::new(vec![langid]);
    bundle.set_use_isolating(false);
    bundle.add_builtins().unwrap();
    bundle.add_resource(resource).unwrap();
    bundle
}

/// What fluent-bundle gives for `id` (or `id.attribute`) with `args`; the
/// errors it reported are part of the answer.
fn fluent(
    bundle: &FluentBundle<FluentResource>,
    id: &str,
    attribute: Option<&str>,
    args: Option<&FluentArgs>,
) -> Option<String> {
    let message = bundle.get_message(id)?;
    let pattern = match attribute {
        None => message.value()?,
        Some(a) => message.get_attribute(a)?.value(),
    };
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    assert!(errors.is_empty(), "{id}: {errors:?}");
    Some(text.into_owned())
}

fn shipped_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalog")
}

/// The argument sets a message with arguments is formatted with: strings,
/// and numbers that pick different plural variants.
fn arg_sets(names: &[&'static str]) -> Vec<Vec<(&'static str, Arg<'static>)>> {
    let values = [
        Arg::Str("Ada"),
        Arg::Str(""),
        Arg::Int(1),
        Arg::Int(5),
        Arg::Int(-3),
        Arg::Float(2.5),
        Arg::Float(1e21),
    ];
    values
        .iter()
        .map(|v| names.iter().map(|n| (*n, *v)).collect())
        .collect()
}

fn fluent_args(args: &[(&'static str, Arg<'static>)]) -> FluentArgs<'static> {
    let mut out = FluentArgs::new();
    for (name, value) in args {
        let v = match *value {
            Arg::Str(s) => FluentValue::from(s),
            Arg::Int(n) => FluentValue::from(n),
            Arg::Float(x) => FluentValue::from(x),
            _ => unreachable!("the test builds only these"),
        };
        out.set(*name, v);
    }
    out
}

/// The group message id of a source group name.
fn group_id(name: &str) -> String {
    errbook_core::catalog::group_message_id(name)
}

/// `message_in` of either kind of catalog (`&str` when no message takes
/// arguments, `Option<&str>` otherwise) as an `Option`.
trait Plain {
    fn plain(self) -> Option<&'static str>;
}

impl Plain for &'static str {
    fn plain(self) -> Option<&'static str> {
        Some(self)
    }
}

impl Plain for Option<&'static str> {
    fn plain(self) -> Option<&'static str> {
        self
    }
}

macro_rules! differential {
    ($name:ident, $($catalog:ident)::+ ; $root:expr) => {
        #[test]
        fn $name() {
            use $($catalog)::+::{ErrorCode, Locale};
            let root = $root;
            let source = bundle(&root, Locale::SOURCE.tag());
            let mut compared = 0;
            for &locale in Locale::ALL {
                let b = bundle(&root, locale.tag());
                for &code in ErrorCode::ALL {
                    let id = format!("error-{}", code.as_str());
                    let ctx = format!("{id} in {locale}");
                    let names = code.args_in(locale);
                    if names.is_empty() {
                        let expected = fluent(&b, &id, None, None).expect(&ctx);
                        assert_eq!(code.message_in(locale).plain(), Some(expected.as_str()), "{ctx}");
                        assert_eq!(code.message_with(locale, &[]).unwrap(), expected, "{ctx}");
                    } else {
                        for args in arg_sets(names) {
                            let expected =
                                fluent(&b, &id, None, Some(&fluent_args(&args))).expect(&ctx);
                            assert_eq!(
                                code.message_with(locale, &args).unwrap(),
                                expected,
                                "{ctx} with {args:?}"
                            );
                        }
                        // Without its arguments, a message cannot be had,
                        // in this locale or any other.
                        assert_eq!(code.message_in(locale).plain(), None, "{ctx}");
                    }
                    // Hints: present exactly when the source has one.
                    match fluent(&source, &id, Some("hint"), None) {
                        None => {
                            assert_eq!(code.hint_in(locale), None, "{ctx}");
                            assert_eq!(code.hint_with(locale, &[]), None, "{ctx}");
                        }
                        Some(_) => {
                            let hint = b.get_message(&id).unwrap();
                            let mut vars = Vec::new();
                            collect_vars(hint.get_attribute("hint").unwrap().value(), &mut vars);
                            if vars.is_empty() {
                                let expected = fluent(&b, &id, Some("hint"), None).expect(&ctx);
                                assert_eq!(code.hint_in(locale), Some(expected.as_str()), "{ctx}");
                            } else {
                                for args in arg_sets(&vars) {
                                    let expected = fluent(
                                        &b,
                                        &id,
                                        Some("hint"),
                                        Some(&fluent_args(&args)),
                                    )
                                    .expect(&ctx);
                                    assert_eq!(
                                        code.hint_with(locale, &args).unwrap().unwrap(),
                                        expected,
                                        "{ctx}.hint with {args:?}"
                                    );
                                }
                                assert_eq!(code.hint_in(locale), None, "{ctx}: not without its arguments");
                            }
                        }
                    }
                    // Group names.
                    match code.group() {
                        None => assert_eq!(code.group_in(locale), None),
                        Some(name) => {
                            let expected = fluent(&b, &group_id(name), None, None).expect(&ctx);
                            assert_eq!(code.group_in(locale), Some(expected.as_str()), "{ctx}");
                        }
                    }
                    compared += 1;
                }
            }
            assert_eq!(compared, ErrorCode::ALL.len() * Locale::ALL.len());
        }
    };
}

/// The variables a pattern uses directly (the test catalog's hints use no
/// selectors or references).
fn collect_vars(p: &fluent_syntax::ast::Pattern<&str>, out: &mut Vec<&'static str>) {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    for el in &p.elements {
        if let PatternElement::Placeable {
            expression: Expression::Inline(InlineExpression::VariableReference { id }),
        } = el
        {
            out.push(Box::leak(id.name.to_owned().into_boxed_str()));
        }
    }
}

differential!(shipped_catalog, crate::shipped; shipped_root());
differential!(test_catalog, crate::fixture; fixture_root());

#[test]
fn the_shipped_catalog_is_the_one_compiled_in() {
    use shipped::{ErrorCode, Locale};
    // 72 codes, 60002…290002, in three locales.
    assert_eq!(ErrorCode::ALL.len(), 72);
    assert_eq!(ErrorCode::ALL.first().map(|c| c.as_u32()), Some(60002));
    assert_eq!(ErrorCode::ALL.last().map(|c| c.as_u32()), Some(290002));
    let tags: Vec<&str> = Locale::ALL.iter().map(|l| l.tag()).collect();
    assert_eq!(tags, ["en-US", "ja-JP", "zh-CN"]);
}

#[test]
fn the_test_catalog_exercises_every_path() {
    use crate::fixture::{ErrorCode, Locale};
    // A template (text and a variable), a selector (fluent-bundle), a term
    // formatted at build time, a hint with an argument, a multi-line value.
    assert_eq!(ErrorCode::E1001.args_in(Locale::EN_US), ["name"]);
    assert_eq!(ErrorCode::E1002.args_in(Locale::EN_US), ["count"]);
    assert_eq!(
        ErrorCode::E1003.message_in(Locale::EN_US),
        Some("Your Example Cloud balance is too low.")
    );
    assert_eq!(
        ErrorCode::E1003
            .hint_with(Locale::EN_US, &[("amount", 10.into())])
            .unwrap()
            .unwrap(),
        "Top up at least 10 on your Example Cloud account, then try again."
    );
    // A message takes arguments per locale: en-US selects on `$count`,
    // zh-Hant-TW does not use it.
    assert_eq!(ErrorCode::E1002.message_in(Locale::EN_US), None);
    assert_eq!(
        ErrorCode::E1002.message_in(Locale::ZH_HANT_TW),
        Some("請求過於頻繁，\n請稍後再試。")
    );
    // The typed struct takes every argument of any locale.
    let args = crate::fixture::E1002Args { count: 2.into() };
    assert_eq!(
        args.message_in(Locale::ZH_HANT_TW).unwrap(),
        "請求過於頻繁，\n請稍後再試。"
    );
    assert_eq!(
        args.message_in(Locale::EN_US).unwrap(),
        ErrorCode::E1002
            .message_with(Locale::EN_US, &[("count", 2.into())])
            .unwrap()
    );
    assert_eq!(
        ErrorCode::E2003.message_in(Locale::EN_US),
        Some("Use the {name} format.")
    );
}
