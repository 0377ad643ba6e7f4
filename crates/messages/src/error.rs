//! The errors of lookups, parsing and formatting. None of them panics the
//! caller: unknown input is an error value.

/// A number that is not a code of the catalog.
///
/// ```
/// use errbook_messages::{ErrorCode, UnknownCode};
///
/// assert_eq!(ErrorCode::try_from(42), Err(UnknownCode(42)));
/// assert_eq!(UnknownCode(42).to_string(), "42 is not a code of the catalog");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[error("{0} is not a code of the catalog")]
pub struct UnknownCode(pub u32);

/// A string that is not a code of the catalog, as written in its table.
///
/// ```
/// use errbook_messages::ErrorCode;
///
/// let e = "E280006".parse::<ErrorCode>().unwrap_err();
/// assert_eq!(e.to_string(), "`E280006` is not a code of the catalog");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[error("`{text}` is not a code of the catalog")]
pub struct ParseCodeError {
    /// What was parsed.
    pub text: String,
}

/// A locale that is not a BCP 47 language tag.
///
/// ```
/// use errbook_messages::Locale;
///
/// let e = "not a tag".parse::<Locale>().unwrap_err();
/// assert_eq!(e.to_string(), "`not a tag` is not a BCP 47 language tag");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[error("`{tag}` is not a BCP 47 language tag")]
pub struct ParseLocaleError {
    /// What was parsed.
    pub tag: String,
}

/// Why [`lookup`](crate::lookup) found no message.
///
/// ```
/// use errbook_messages::{lookup, LookupError};
///
/// assert_eq!(lookup(42, "en"), Err(LookupError::UnknownCode(42)));
/// assert!(matches!(lookup(280006, "@@"), Err(LookupError::Locale(_))));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum LookupError {
    /// The number is not a code of the catalog.
    #[error("{0} is not a code of the catalog")]
    UnknownCode(u32),
    /// The locale is not a language tag.
    #[error(transparent)]
    Locale(#[from] ParseLocaleError),
}

/// Why a message that takes arguments could not be formatted.
///
/// ```
/// use errbook_messages::FormatError;
///
/// let e = FormatError::MissingArg { name: "user" };
/// assert_eq!(e.to_string(), "the message needs the argument `user`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// The message uses an argument that was not passed.
    #[error("the message needs the argument `{name}`")]
    MissingArg {
        /// The argument's name (without `$`).
        name: &'static str,
    },
    /// fluent-bundle reported another problem (for example, a function
    /// given an argument of the wrong kind).
    #[error("the message cannot be formatted: {0}")]
    Fluent(String),
}
