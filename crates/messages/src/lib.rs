#![doc = include_str!("../README.md")]

#[macro_use]
mod catalog;
mod args;
mod error;
mod format;
mod negotiate;

pub use args::Arg;
pub use error::{FormatError, LookupError, ParseCodeError, ParseLocaleError, UnknownCode};
/// A BCP 47 language identifier (from unic-langid, as fluent-bundle uses).
pub use unic_langid::LanguageIdentifier;

// The catalog of this repository: `ErrorCode`, `Locale`, `lookup` and the
// tables they read, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// The test catalog under `tests/fixtures/catalog` (messages with
/// arguments, selectors and terms; a Traditional Chinese locale), compiled
/// with the same code as the real one. For this crate's tests and
/// benchmarks only: not part of the API.
#[cfg(all(feature = "fixture", not(doctest)))]
#[doc(hidden)]
pub mod fixture {
    include!(concat!(env!("OUT_DIR"), "/fixture.rs"));
}
