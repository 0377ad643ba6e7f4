//! Messages that take arguments: the only ones formatted at run time.
//!
//! The build script sorts them in two kinds. A pattern of text, variables and
//! plain-text terms becomes a [`Piece`] template, formatted here by
//! concatenation into one `String`, exactly as fluent-bundle would format it
//! (the build checks that, and so does the differential test). Anything
//! else (selectors, functions, message references) goes through
//! fluent-bundle, with a bundle built from the kept Fluent source the first
//! time one of that locale's messages is formatted.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::resolver::errors::ReferenceKind;
use fluent_bundle::resolver::ResolverError;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};

use crate::{Arg, FormatError};

/// Part of a template.
// Built by generated code only, and a catalog may have no template.
#[allow(dead_code)]
#[derive(Debug)]
pub enum Piece {
    /// Text as it is.
    Text(&'static str),
    /// The value of the argument with this name.
    Arg(&'static str),
}

/// A message (or hint) that takes arguments.
#[derive(Debug)]
pub struct Dynamic {
    /// The message id.
    pub id: &'static str,
    /// The attribute, for a hint.
    pub attribute: Option<&'static str>,
    /// The arguments it uses, sorted.
    pub args: &'static [&'static str],
    /// The template, when the message is only text and arguments.
    pub template: Option<&'static [Piece]>,
    /// The Fluent source to format it from otherwise.
    pub fluent: Option<&'static FluentSource>,
}

/// The Fluent source kept for one locale, and its bundle once built.
pub struct FluentSource {
    tag: &'static str,
    ftl: &'static str,
    bundle: OnceLock<FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for FluentSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FluentSource")
            .field("tag", &self.tag)
            .finish_non_exhaustive()
    }
}

impl FluentSource {
    /// The source of locale `tag`.
    // Called by generated code only, and a catalog may need no source.
    #[allow(dead_code)]
    pub const fn new(tag: &'static str, ftl: &'static str) -> Self {
        FluentSource {
            tag,
            ftl,
            bundle: OnceLock::new(),
        }
    }

    /// The bundle, built on first use. The source was parsed and formatted
    /// by the build script, so neither step can fail here.
    fn bundle(&'static self) -> &'static FluentBundle<FluentResource> {
        self.bundle.get_or_init(|| {
            let langid = self.tag.parse().expect("the build script checked the tag");
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            bundle
                .add_builtins()
                .expect("a new bundle has no functions yet");
            let resource = FluentResource::try_new(self.ftl.to_owned())
                .unwrap_or_else(|(resource, _)| resource);
            let _ = bundle.add_resource(resource);
            bundle
        })
    }
}

impl Dynamic {
    /// Formats the message with `args`.
    #[inline]
    pub fn format(
        &'static self,
        args: &[(&str, Arg<'_>)],
    ) -> Result<Cow<'static, str>, FormatError> {
        match (self.template, self.fluent) {
            (Some(pieces), _) => format_template(pieces, args).map(Cow::Owned),
            (None, Some(source)) => self.format_fluent(source, args),
            (None, None) => unreachable!("the build script gives every message a way to format"),
        }
    }

    fn format_fluent(
        &'static self,
        source: &'static FluentSource,
        args: &[(&str, Arg<'_>)],
    ) -> Result<Cow<'static, str>, FormatError> {
        let bundle = source.bundle();
        let message = bundle
            .get_message(self.id)
            .expect("the build script kept the message");
        let pattern = match self.attribute {
            None => message.value(),
            Some(a) => message.get_attribute(a).map(|a| a.value()),
        }
        .expect("the build script kept the pattern");
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, fluent_value(*value));
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        match errors.into_iter().next() {
            None => Ok(text),
            Some(FluentError::ResolverError(ResolverError::Reference(
                ReferenceKind::Variable { id },
            ))) => Err(FormatError::MissingArg {
                name: self.args.iter().find(|a| **a == id).copied().unwrap_or("?"),
            }),
            Some(other) => Err(FormatError::Fluent(other.to_string())),
        }
    }
}

/// The value fluent-bundle makes of an argument.
fn fluent_value(a: Arg<'_>) -> FluentValue<'_> {
    match a {
        Arg::Str(s) => FluentValue::from(s),
        Arg::Int(n) => FluentValue::from(n),
        Arg::Float(x) => FluentValue::from(x),
    }
}

/// Formats a template. Numbers are written as fluent-bundle writes a number
/// with default options: as an `f64` with Rust's `Display` (`3`, `2.5`).
///
/// The first pass finds the arguments and sizes the `String`, so that a
/// template with string arguments allocates exactly once.
#[inline]
pub(crate) fn format_template(
    pieces: &[Piece],
    args: &[(&str, Arg<'_>)],
) -> Result<String, FormatError> {
    // The values of the first arguments, so that the second pass need not
    // search again; templates rarely have more.
    let mut found: [Option<Arg<'_>>; 4] = [None; 4];
    let mut len = 0;
    let mut k = 0;
    for p in pieces {
        len += match *p {
            Piece::Text(t) => t.len(),
            Piece::Arg(name) => {
                let value = find(args, name).ok_or(FormatError::MissingArg { name })?;
                if let Some(slot) = found.get_mut(k) {
                    *slot = Some(value);
                }
                k += 1;
                match value {
                    Arg::Str(s) => s.len(),
                    _ => 24,
                }
            }
        };
    }
    let mut out = String::with_capacity(len);
    let mut k = 0;
    for p in pieces {
        match *p {
            Piece::Text(t) => out.push_str(t),
            Piece::Arg(name) => {
                // Found in the first pass.
                let value = match found.get(k) {
                    Some(&Some(v)) => Some(v),
                    _ => find(args, name),
                };
                k += 1;
                match value {
                    Some(Arg::Str(s)) => out.push_str(s),
                    // Writing to a String cannot fail.
                    Some(Arg::Int(i)) => {
                        let _ = write!(out, "{}", i as f64);
                    }
                    Some(Arg::Float(x)) => {
                        let _ = write!(out, "{x}");
                    }
                    None => {}
                }
            }
        }
    }
    Ok(out)
}

/// The value of the argument `name`. Names are short: comparing them byte
/// by byte inline beats a call to `memcmp`.
#[inline]
fn find<'a>(args: &[(&str, Arg<'a>)], name: &str) -> Option<Arg<'a>> {
    let same = |a: &str| a.len() == name.len() && a.bytes().zip(name.bytes()).all(|(x, y)| x == y);
    args.iter().find(|(n, _)| same(n)).map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    //! The runtime half of formatting, on inline resources: the same
    //! pattern through a template and through fluent-bundle.

    use super::*;

    const FTL: &str = "-product = Example Cloud\n\
                       greet = Hello { $name }, welcome to { -product }.\n\
                       count = { $n ->\n    [one] one item\n   *[other] { $n } items\n}\n";

    static SOURCE: FluentSource = FluentSource::new("en-US", FTL);
    static GREET: Dynamic = Dynamic {
        id: "greet",
        attribute: None,
        args: &["name"],
        template: Some(&[
            Piece::Text("Hello "),
            Piece::Arg("name"),
            Piece::Text(", welcome to Example Cloud."),
        ]),
        fluent: None,
    };
    static GREET_VIA_FLUENT: Dynamic = Dynamic {
        id: "greet",
        attribute: None,
        args: &["name"],
        template: None,
        fluent: Some(&SOURCE),
    };
    static COUNT: Dynamic = Dynamic {
        id: "count",
        attribute: None,
        args: &["n"],
        template: None,
        fluent: Some(&SOURCE),
    };

    #[test]
    fn template_and_fluent_agree() {
        for name in [Arg::Str("Ada"), Arg::Int(3), Arg::Float(2.5), Arg::Int(-7)] {
            let args = [("name", name)];
            assert_eq!(
                GREET.format(&args).unwrap(),
                GREET_VIA_FLUENT.format(&args).unwrap(),
                "{name:?}"
            );
        }
        assert_eq!(
            GREET.format(&[("name", "Ada".into())]).unwrap(),
            "Hello Ada, welcome to Example Cloud."
        );
    }

    #[test]
    fn selectors_go_through_fluent() {
        assert_eq!(COUNT.format(&[("n", 1.into())]).unwrap(), "one item");
        assert_eq!(COUNT.format(&[("n", 5.into())]).unwrap(), "5 items");
    }

    #[test]
    fn a_missing_argument_is_an_error_on_both_paths() {
        let missing = Err(FormatError::MissingArg { name: "name" });
        assert_eq!(GREET.format(&[]), missing);
        assert_eq!(GREET_VIA_FLUENT.format(&[("other", "x".into())]), missing);
        assert_eq!(
            COUNT.format(&[]),
            Err(FormatError::MissingArg { name: "n" })
        );
    }
}
