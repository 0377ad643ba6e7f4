#![doc = include_str!("../README.md")]

mod args;
mod catalog;
mod error;
mod format;
mod negotiate;

pub use args::Arg;
pub use error::{FormatError, LookupError, ParseCodeError, ParseLocaleError, UnknownCode};
/// A BCP 47 language identifier (from unic-langid, as fluent-bundle uses).
pub use unic_langid::LanguageIdentifier;

/// Includes a catalog that errbook-messages-build compiled into `OUT_DIR`:
/// `ErrorCode`, `Locale` and `lookup`, in the module where it is invoked.
///
/// The name is the one given to the builder
/// (`errbook_messages_build::Builder::compile("errors")` writes
/// `$OUT_DIR/errors.rs`). Give each catalog a module of its own:
///
/// ```
/// mod errors {
///     errbook_messages::include_catalog!("errors");
/// }
///
/// let code: errors::ErrorCode = "NoSuchBucket".parse().unwrap();
/// assert_eq!(code.attribute("HTTP 状态码"), Some("404"));
/// ```
#[macro_export]
macro_rules! include_catalog {
    ($name:literal) => {
        #[allow(unused_imports)]
        use $crate::__private as __errbook;
        ::std::include!(::std::concat!(::std::env!("OUT_DIR"), "/", $name, ".rs"));
    };
}

/// What generated code uses. Not part of the API: it changes with the
/// builder, whose version must match this crate's.
#[doc(hidden)]
pub mod __private {
    pub use crate::format::{Dynamic, FluentSource, Piece};
    pub use crate::negotiate::Shipped;
    pub use crate::{Arg, FormatError};
    #[cfg(feature = "serde")]
    pub use serde;

    pub use crate::{
        __catalog as catalog, __catalog_numbers as catalog_numbers,
        __catalog_texts as catalog_texts,
    };

    /// True when `a` and `b` are the same hexadecimal code (`0x1F`,
    /// `0X1f`), its digits in any case.
    pub fn same_hex(a: &str, b: &str) -> bool {
        let hex = |s: &str| s.len() > 2 && (s.starts_with("0x") || s.starts_with("0X"));
        hex(a) && hex(b) && a.eq_ignore_ascii_case(b)
    }

    /// The version of the generated code this crate reads; the builder
    /// writes the same constant, so a mismatch fails to compile with a
    /// clear name.
    pub const GENERATED_FORMAT_2: () = ();
}
