//! The public types of a catalog, declared by the code errbook-messages-build
//! generates into an app's `OUT_DIR`.
//!
//! The generated file invokes these macros with the codes and locales, then
//! defines the static tables the methods read (`MESSAGES`, `HINTS`, …) in
//! the same module. Declaring the types through macros keeps every method
//! and its documentation here, in reviewed source; the generated file holds
//! data only.
//!
//! The macros are expanded in the app's crate: every path into this crate
//! goes through `$crate`, every name of the generated tables is resolved in
//! the module that includes them, and no doc comment holds a code example
//! (it would become a doctest of the app, naming codes it may not have).
//! The examples are in this crate's README and tests.

/// Declares `ErrorCode` and `Locale` for one generated catalog.
#[doc(hidden)]
#[macro_export]
macro_rules! __catalog {
    (
        codes($repr:ident) { $( #[doc = $doc:literal] $code:ident = $text:literal, )* }
        locales { $( #[doc = $ldoc:literal] $locale:ident = $index:literal, )* }
        source = $source:ident;
        arguments = $arguments:ident;
    ) => {
        /// An error code of the catalog: one variant per code of the
        /// source table, named after the code (`E60002` for `60002`,
        /// `FailedOperationAccountNotFound` for
        /// `FailedOperation.AccountNotFound`).
        ///
        /// Every variant has a message in every shipped [`Locale`]. The
        /// enum is `#[non_exhaustive]`: the table gains codes over time.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        #[repr($repr)]
        pub enum ErrorCode {
            $( #[doc = $doc] $code, )*
        }

        #[allow(dead_code, clippy::all, clippy::pedantic)]
        impl ErrorCode {
            /// Every code, in the order of the source table.
            pub const ALL: &'static [ErrorCode] = &[$( ErrorCode::$code, )*];

            /// The code as the source table writes it (`"60002"`,
            /// `"0x1F"`, `"FailedOperation.AccountNotFound"`).
            #[inline]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( ErrorCode::$code => $text, )*
                }
            }

            /// The code written exactly as the source table writes it
            /// (hexadecimal digits in either case).
            pub fn from_text(text: &str) -> ::std::option::Option<ErrorCode> {
                match text {
                    $( $text => ::std::option::Option::Some(ErrorCode::$code), )*
                    _ => ErrorCode::ALL
                        .iter()
                        .copied()
                        .find(|c| $crate::__private::same_hex(c.as_str(), text)),
                }
            }

            /// Index into the tables.
            #[inline]
            const fn index(self) -> usize {
                self as usize
            }

            /// The message in the shipped locale that best matches
            /// `langid`, negotiated on every call. When the locale is
            /// known in advance, [`Locale::negotiate`] once and
            /// `message_in` is faster.
            #[inline]
            pub fn message(
                self,
                langid: &$crate::LanguageIdentifier,
            ) -> $crate::__catalog_text_type!($arguments) {
                self.message_in(Locale::negotiate(&[langid]))
            }

            /// The message in `locale`, formatted with `args` when it takes
            /// arguments; a borrowed `&'static str` when it does not.
            ///
            /// Formatting follows Fluent (fluent-bundle 0.16) with Unicode
            /// isolation marks **off**: an argument's value is inserted as
            /// it is. A message of text and arguments is formatted by
            /// concatenation; one with selectors or functions goes through
            /// fluent-bundle, whose bundle for the locale is built on first
            /// use. Arguments the message does not use are ignored.
            ///
            /// # Errors
            ///
            /// [`FormatError::MissingArg`]($crate::FormatError::MissingArg)
            /// when the message uses an argument that is not in `args`
            /// (rather than showing `{$name}` to the user).
            #[inline]
            pub fn message_with(
                self,
                locale: Locale,
                args: &[(&str, $crate::Arg<'_>)],
            ) -> ::std::result::Result<::std::borrow::Cow<'static, str>, $crate::FormatError> {
                match dynamic(locale.index(), self.index(), false) {
                    ::std::option::Option::None => ::std::result::Result::Ok(
                        ::std::borrow::Cow::Borrowed(MESSAGES[locale.index()][self.index()]),
                    ),
                    ::std::option::Option::Some(d) => d.format(args),
                }
            }

            /// The names of the arguments the message takes in `locale`
            /// (without `$`, sorted); empty for a message that takes none.
            pub fn args_in(self, locale: Locale) -> &'static [&'static str] {
                match dynamic(locale.index(), self.index(), false) {
                    ::std::option::Option::None => &[],
                    ::std::option::Option::Some(d) => d.args,
                }
            }

            /// The hint in `locale`, formatted with `args` as
            /// [`message_with`](Self::message_with) formats messages;
            /// `None` when the source has no hint for this code.
            pub fn hint_with(
                self,
                locale: Locale,
                args: &[(&str, $crate::Arg<'_>)],
            ) -> ::std::option::Option<
                ::std::result::Result<::std::borrow::Cow<'static, str>, $crate::FormatError>,
            > {
                let slot = hint_slot(self.index())?;
                ::std::option::Option::Some(match dynamic(locale.index(), self.index(), true) {
                    ::std::option::Option::None => ::std::result::Result::Ok(
                        ::std::borrow::Cow::Borrowed(HINTS[locale.index()][slot]),
                    ),
                    ::std::option::Option::Some(d) => d.format(args),
                })
            }

            /// The group of the code (the heading above its table) in the
            /// source locale, when the table has one.
            #[inline]
            pub fn group(self) -> ::std::option::Option<&'static str> {
                self.group_in(Locale::SOURCE)
            }

            /// The name of the code's group in `locale`.
            #[inline]
            pub fn group_in(self, locale: Locale) -> ::std::option::Option<&'static str> {
                match group_slot(self.index()) {
                    ::std::option::Option::Some(slot) => {
                        ::std::option::Option::Some(GROUPS[locale.index()][slot])
                    }
                    ::std::option::Option::None => ::std::option::Option::None,
                }
            }

            /// The code's attributes: the other columns of its row (an HTTP
            /// status, a symbolic name) and its alias, as `(name, value)`
            /// with the names as the table writes them, in table order.
            #[inline]
            pub fn attributes(self) -> &'static [(&'static str, &'static str)] {
                ATTRIBUTES[self.index()]
            }

            /// The value of the attribute `name` (a header of the table, or
            /// `alias`), when the code's row has one.
            pub fn attribute(self, name: &str) -> ::std::option::Option<&'static str> {
                self.attributes()
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| *v)
            }
        }

        $crate::__catalog_messages!($arguments);

        impl ::std::error::Error for ErrorCode {}

        impl ::std::str::FromStr for ErrorCode {
            type Err = $crate::ParseCodeError;

            /// Parses a code as the source table writes it; see
            /// [`ErrorCode::from_text`].
            fn from_str(s: &str) -> ::std::result::Result<ErrorCode, $crate::ParseCodeError> {
                ErrorCode::from_text(s).ok_or_else(|| $crate::ParseCodeError {
                    text: ::std::borrow::ToOwned::to_owned(s),
                })
            }
        }

        /// One of the shipped locales: a small `Copy` handle, obtained once
        /// by negotiation and passed to every lookup.
        ///
        /// Negotiation follows fluent-langneg (0.13, with CLDR likely
        /// subtags): `en-GB` gets `en-US`, `zh-SG` and `zh-Hans` get a
        /// Simplified `zh-CN`, and a request that matches nothing gets the
        /// source locale, which has every message.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct Locale(u8);

        #[allow(dead_code, clippy::all, clippy::pedantic)]
        impl Locale {
            $(
                #[doc = $ldoc]
                pub const $locale: Locale = Locale($index);
            )*

            /// The source locale: every message is the source table's text.
            pub const SOURCE: Locale = Locale::$source;

            /// Every shipped locale, sorted by tag.
            pub const ALL: &'static [Locale] = &[$( Locale::$locale, )*];

            #[inline]
            const fn index(self) -> usize {
                self.0 as usize
            }

            /// The locale's BCP 47 tag, as its directory is named.
            #[inline]
            pub fn tag(self) -> &'static str {
                TAGS[self.index()]
            }

            /// The locale's tag as a language identifier.
            pub fn langid(self) -> $crate::LanguageIdentifier {
                self.tag().parse().expect("the build script checked the tag")
            }

            /// The shipped locale exactly named `tag` (case aside), with no
            /// negotiation.
            pub fn exact(tag: &str) -> ::std::option::Option<Locale> {
                Locale::ALL
                    .iter()
                    .copied()
                    .find(|l| l.tag().eq_ignore_ascii_case(tag))
            }

            /// The shipped locale that best matches `requested` (most
            /// wanted first), or the source locale when none does.
            #[inline]
            pub fn negotiate<R: ::std::convert::AsRef<$crate::LanguageIdentifier>>(
                requested: &[R],
            ) -> Locale {
                Locale(SHIPPED.negotiate::<FLUENT_LANGNEG, _>(
                    requested.iter().map(::std::convert::AsRef::as_ref),
                ))
            }

            /// The shipped locale for an HTTP `Accept-Language` header.
            ///
            /// Languages are taken by quality (`q=`), highest first; entries
            /// that do not parse, `*`, and `q=0` are ignored, and so is
            /// everything after the sixteenth language. An empty or
            /// malformed header gives the source locale. Nothing is
            /// allocated unless a tag has variant subtags.
            pub fn from_accept_language(header: &str) -> Locale {
                Locale(SHIPPED.accept_language::<FLUENT_LANGNEG>(header))
            }
        }

        impl ::std::default::Default for Locale {
            /// The source locale.
            fn default() -> Locale {
                Locale::SOURCE
            }
        }

        impl ::std::fmt::Display for Locale {
            /// The tag.
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.tag())
            }
        }

        impl ::std::fmt::Debug for Locale {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::write!(f, "Locale({:?})", self.tag())
            }
        }

        impl ::std::str::FromStr for Locale {
            type Err = $crate::ParseLocaleError;

            /// Parses one BCP 47 tag and negotiates it, as
            /// [`Locale::negotiate`] does.
            fn from_str(tag: &str) -> ::std::result::Result<Locale, $crate::ParseLocaleError> {
                let langid: $crate::LanguageIdentifier =
                    tag.parse().map_err(|_| $crate::ParseLocaleError {
                        tag: ::std::borrow::ToOwned::to_owned(tag),
                    })?;
                ::std::result::Result::Ok(Locale::negotiate(&[langid]))
            }
        }

        static SHIPPED: $crate::__private::Shipped = $crate::__private::Shipped {
            tags: &TAGS,
            languages: &LANGUAGES,
            default: Locale::SOURCE.0,
        };
    };
}

/// The type `message_in` returns: `&'static str` in a catalog where no
/// message takes arguments, `Option<&'static str>` otherwise.
#[doc(hidden)]
#[macro_export]
macro_rules! __catalog_text_type {
    (none) => { &'static str };
    (some) => { ::std::option::Option<&'static str> };
}

/// `message_in`, `hint_in`, `hint` and `Display`, which differ when some
/// message takes arguments: such a message can then not be had without them.
#[doc(hidden)]
#[macro_export]
macro_rules! __catalog_messages {
    (none) => {
        #[allow(dead_code, clippy::all, clippy::pedantic)]
        impl ErrorCode {
            /// The message in `locale`: a table lookup, with no parsing,
            /// formatting, allocation or lock. (No message of this catalog
            /// takes arguments; when one does, this returns an `Option`.)
            #[inline]
            pub fn message_in(self, locale: Locale) -> &'static str {
                MESSAGES[locale.index()][self.index()]
            }

            /// The hint in `locale`, when the source has one for this code.
            #[inline]
            pub fn hint_in(self, locale: Locale) -> ::std::option::Option<&'static str> {
                match hint_slot(self.index()) {
                    ::std::option::Option::Some(slot) => {
                        ::std::option::Option::Some(HINTS[locale.index()][slot])
                    }
                    ::std::option::Option::None => ::std::option::Option::None,
                }
            }

            /// The source locale's hint, when the table has one for this
            /// code.
            #[inline]
            pub fn hint(self) -> ::std::option::Option<&'static str> {
                self.hint_in(Locale::SOURCE)
            }
        }

        impl ::std::fmt::Display for ErrorCode {
            /// The message in the source locale.
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.message_in(Locale::SOURCE))
            }
        }
    };
    (some) => {
        #[allow(dead_code, clippy::all, clippy::pedantic)]
        impl ErrorCode {
            /// The message in `locale`, when it takes no arguments there: a
            /// table lookup, with no parsing, formatting, allocation or
            /// lock.
            ///
            /// `None` for a message that takes arguments: it cannot be shown
            /// without them. Its typed `…Args` struct (or
            /// [`message_with`](Self::message_with)) formats it.
            #[inline]
            pub fn message_in(self, locale: Locale) -> ::std::option::Option<&'static str> {
                match dynamic(locale.index(), self.index(), false) {
                    ::std::option::Option::None => {
                        ::std::option::Option::Some(MESSAGES[locale.index()][self.index()])
                    }
                    ::std::option::Option::Some(_) => ::std::option::Option::None,
                }
            }

            /// The hint in `locale`, when the source has one for this code
            /// and it takes no arguments there (see
            /// [`hint_with`](Self::hint_with)).
            #[inline]
            pub fn hint_in(self, locale: Locale) -> ::std::option::Option<&'static str> {
                let slot = hint_slot(self.index())?;
                match dynamic(locale.index(), self.index(), true) {
                    ::std::option::Option::None => {
                        ::std::option::Option::Some(HINTS[locale.index()][slot])
                    }
                    ::std::option::Option::Some(_) => ::std::option::Option::None,
                }
            }

            /// The source locale's hint, as [`hint_in`](Self::hint_in).
            #[inline]
            pub fn hint(self) -> ::std::option::Option<&'static str> {
                self.hint_in(Locale::SOURCE)
            }
        }

        impl ::std::fmt::Display for ErrorCode {
            /// The message in the source locale; for a message that takes
            /// arguments, its Fluent pattern (`{ $name }` where a value
            /// goes).
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(MESSAGES[Locale::SOURCE.index()][self.index()])
            }
        }
    };
}

/// Conversions to and from numbers, and lookups by number, for a catalog
/// whose codes are all numbers of type `$n`.
#[doc(hidden)]
#[macro_export]
macro_rules! __catalog_numbers {
    (
        $n:ident, $from:ident, $as:ident, $arguments:ident;
        $( $code:ident = $value:literal, )*
    ) => {
        #[allow(dead_code, clippy::all, clippy::pedantic)]
        impl ErrorCode {
            /// The code with this number, if the catalog has it.
            #[inline]
            pub const fn $from(n: $n) -> ::std::option::Option<ErrorCode> {
                match n {
                    $( $value => ::std::option::Option::Some(ErrorCode::$code), )*
                    _ => ::std::option::Option::None,
                }
            }

            /// The code's number.
            #[inline]
            pub const fn $as(self) -> $n {
                match self {
                    $( ErrorCode::$code => $value, )*
                }
            }
        }

        impl ::std::convert::TryFrom<$n> for ErrorCode {
            type Error = $crate::UnknownCode;

            fn try_from(n: $n) -> ::std::result::Result<ErrorCode, $crate::UnknownCode> {
                ErrorCode::$from(n).ok_or($crate::UnknownCode(::std::convert::From::from(n)))
            }
        }

        impl ::std::convert::From<ErrorCode> for $n {
            fn from(code: ErrorCode) -> $n {
                code.$as()
            }
        }

        #[allow(dead_code, clippy::all, clippy::pedantic)]
        impl Locale {
            /// The message of the code numbered `code` in this locale, for
            /// callers that hold only what came over the wire; `None` for
            /// a number that is no code. A number that is no code of its
            /// own but falls in a range the table documents on one row
            /// (`120001 - 130000`) gets the range's message.
            #[inline]
            pub fn lookup(self, code: $n) -> ::std::option::Option<&'static str> {
                $crate::__catalog_lookup!($arguments, self, ErrorCode::$from(code), self.range_message(code))
            }

            /// The message of the first range the table documents that
            /// holds `code`, in this locale.
            pub fn range_message(self, code: $n) -> ::std::option::Option<&'static str> {
                let mut i = 0;
                while i < RANGES.len() {
                    let (first, last): ($n, $n) = RANGES[i];
                    if first <= code && code <= last {
                        return ::std::option::Option::Some(RANGE_MESSAGES[self.index()][i]);
                    }
                    i += 1;
                }
                ::std::option::Option::None
            }

            /// The ranges of codes the table documents on one row each
            /// (first and last code), in table order.
            pub fn ranges() -> &'static [($n, $n)] {
                &RANGES
            }
        }

        /// The message of the code numbered `code` in the shipped locale
        /// that best matches the BCP 47 tag `locale`: the whole lookup for
        /// a caller that holds only a number and a string. A tag that
        /// matches no shipped locale is not an error: it gets the source
        /// locale.
        ///
        /// # Errors
        ///
        /// [`LookupError::UnknownCode`]($crate::LookupError::UnknownCode)
        /// for a number that is not a code,
        /// [`LookupError::NeedsArgs`]($crate::LookupError::NeedsArgs) for
        /// a code whose message takes arguments in that locale,
        /// [`LookupError::Locale`]($crate::LookupError::Locale) for a
        /// locale that is not a language tag.
        #[allow(dead_code)]
        pub fn lookup(
            code: $n,
            locale: &str,
        ) -> ::std::result::Result<&'static str, $crate::LookupError> {
            let locale: Locale = locale.parse()?;
            match ErrorCode::$from(code) {
                ::std::option::Option::Some(c) => $crate::__catalog_found!($arguments, c, locale),
                ::std::option::Option::None => locale
                    .range_message(code)
                    .ok_or_else(|| $crate::LookupError::UnknownCode(::std::string::ToString::to_string(&code))),
            }
        }

        $crate::__serde_number!($n, $from, $as);
    };
}

/// Lookups by the code's text, for a catalog whose codes are not all
/// numbers.
#[doc(hidden)]
#[macro_export]
macro_rules! __catalog_texts {
    ($arguments:ident) => {
        #[allow(dead_code, clippy::all, clippy::pedantic)]
        impl Locale {
            /// The message of the code written `code` in this locale, for
            /// callers that hold only what came over the wire; `None` for
            /// a text that is no code.
            #[inline]
            pub fn lookup(self, code: &str) -> ::std::option::Option<&'static str> {
                $crate::__catalog_lookup!(
                    $arguments,
                    self,
                    ErrorCode::from_text(code),
                    ::std::option::Option::None
                )
            }
        }

        /// The message of the code written `code` in the shipped locale
        /// that best matches the BCP 47 tag `locale`. A tag that matches
        /// no shipped locale is not an error: it gets the source locale.
        ///
        /// # Errors
        ///
        /// [`LookupError::UnknownCode`]($crate::LookupError::UnknownCode)
        /// for a text that is not a code,
        /// [`LookupError::NeedsArgs`]($crate::LookupError::NeedsArgs) for
        /// a code whose message takes arguments in that locale,
        /// [`LookupError::Locale`]($crate::LookupError::Locale) for a
        /// locale that is not a language tag.
        #[allow(dead_code)]
        pub fn lookup(
            code: &str,
            locale: &str,
        ) -> ::std::result::Result<&'static str, $crate::LookupError> {
            let locale: Locale = locale.parse()?;
            match ErrorCode::from_text(code) {
                ::std::option::Option::Some(c) => $crate::__catalog_found!($arguments, c, locale),
                ::std::option::Option::None => ::std::result::Result::Err(
                    $crate::LookupError::UnknownCode(::std::borrow::ToOwned::to_owned(code)),
                ),
            }
        }

        $crate::__serde_text!();
    };
}

/// The body of `Locale::lookup`.
#[doc(hidden)]
#[macro_export]
macro_rules! __catalog_lookup {
    (none, $locale:expr, $code:expr, $range:expr) => {
        match $code {
            ::std::option::Option::Some(c) => ::std::option::Option::Some(c.message_in($locale)),
            ::std::option::Option::None => $range,
        }
    };
    (some, $locale:expr, $code:expr, $range:expr) => {
        match $code {
            ::std::option::Option::Some(c) => c.message_in($locale),
            ::std::option::Option::None => $range,
        }
    };
}

/// The free `lookup`'s answer for a code of the catalog.
#[doc(hidden)]
#[macro_export]
macro_rules! __catalog_found {
    (none, $code:expr, $locale:expr) => {
        ::std::result::Result::Ok($code.message_in($locale))
    };
    (some, $code:expr, $locale:expr) => {
        $code.message_in($locale).ok_or_else(|| {
            $crate::LookupError::NeedsArgs(::std::borrow::ToOwned::to_owned($code.as_str()))
        })
    };
}

/// (De)serialises a numeric catalog's codes as their numbers.
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_number {
    ($n:ident, $from:ident, $as:ident) => {
        impl $crate::__private::serde::Serialize for ErrorCode {
            /// As the number.
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::__private::serde::Serialize::serialize(&self.$as(), s)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for ErrorCode {
            /// From the number; a number that is not a code is an error.
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<ErrorCode, D::Error> {
                let n = <$n as $crate::__private::serde::Deserialize>::deserialize(d)?;
                <ErrorCode as ::std::convert::TryFrom<$n>>::try_from(n)
                    .map_err(<D::Error as $crate::__private::serde::de::Error>::custom)
            }
        }
    };
}

/// Without the `serde` feature: nothing.
#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_number {
    ($($t:tt)*) => {};
}

/// (De)serialises a text catalog's codes as they are written.
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_text {
    () => {
        impl $crate::__private::serde::Serialize for ErrorCode {
            /// As the code is written.
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for ErrorCode {
            /// From the code as written; a string that is not a code is an
            /// error.
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<ErrorCode, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as $crate::__private::serde::Deserialize>::deserialize(d)?;
                s.parse()
                    .map_err(<D::Error as $crate::__private::serde::de::Error>::custom)
            }
        }
    };
}

/// Without the `serde` feature: nothing.
#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_text {
    ($($t:tt)*) => {};
}
