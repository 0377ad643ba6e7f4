//! The errors of lookups, parsing and formatting. None of them panics the
//! caller: unknown input is an error value.

/// A number that is not a code of the catalog (from `ErrorCode::try_from`).
///
/// ```
/// use errbook_messages::UnknownCode;
///
/// assert_eq!(UnknownCode(42).to_string(), "42 is not a code of the catalog");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[error("{0} is not a code of the catalog")]
pub struct UnknownCode(pub i64);

/// A string that is not a code of the catalog, as written in its table.
///
/// ```
/// use errbook_messages::ParseCodeError;
///
/// let e = ParseCodeError { text: "E280006".to_owned() };
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
/// use errbook_messages::ParseLocaleError;
///
/// let e = ParseLocaleError { tag: "not a tag".to_owned() };
/// assert_eq!(e.to_string(), "`not a tag` is not a BCP 47 language tag");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[error("`{tag}` is not a BCP 47 language tag")]
pub struct ParseLocaleError {
    /// What was parsed.
    pub tag: String,
}

/// Why a catalog's `lookup(code, locale)` found no message.
///
/// ```
/// use errbook_messages::LookupError;
///
/// let e = LookupError::UnknownCode("42".to_owned());
/// assert_eq!(e.to_string(), "`42` is not a code of the catalog");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum LookupError {
    /// The code (as the caller gave it) is not a code of the catalog.
    #[error("`{0}` is not a code of the catalog")]
    UnknownCode(String),
    /// The code's message takes arguments in that locale, which a lookup
    /// by code cannot pass: format it with `message_with` or its typed
    /// `…Args` struct.
    #[error("the message of `{0}` takes arguments")]
    NeedsArgs(String),
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
