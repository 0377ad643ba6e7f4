//! The public types of a catalog, declared by the build script's output.
//!
//! The generated file invokes [`catalog!`] with the codes and locales, then
//! defines the static tables the methods read (`MESSAGES`, `HINTS`, …).
//! Declaring the types through one macro keeps every method and its
//! documentation here, in reviewed source, and lets this crate's tests
//! compile a second, test catalog with the very same code.

/// Declares `ErrorCode`, `Locale` and `lookup` for one generated catalog.
macro_rules! catalog {
    (
        codes { $( #[doc = $doc:literal] $code:ident = $value:literal, )* }
        locales { $( #[doc = $ldoc:literal] $locale:ident = $index:literal, )* }
        source = $source:ident;
    ) => {
        /// An error code of the catalog: one variant per row of the source
        /// table, named `E` and the number.
        ///
        /// Every variant has a message in every shipped [`Locale`]: a
        /// translation, or the source text where a locale has none. The
        /// enum is `#[non_exhaustive]`: the table gains codes over time.
        ///
        /// ```
        /// use errbook_messages::{ErrorCode, Locale};
        ///
        /// let code = ErrorCode::E280006;
        /// assert_eq!(code.as_u32(), 280006);
        /// assert_eq!(code.message_in(Locale::EN_US), "All agents are busy.");
        /// assert_eq!(code.to_string(), "坐席繁忙。"); // Display: the source locale
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        #[repr(u16)]
        pub enum ErrorCode {
            $( #[doc = $doc] $code, )*
        }

        impl ErrorCode {
            /// Every code, in the order of the source table.
            ///
            /// ```
            /// use errbook_messages::ErrorCode;
            ///
            /// assert_eq!(ErrorCode::ALL[0], ErrorCode::E60002);
            /// assert!(ErrorCode::ALL.contains(&ErrorCode::E280006));
            /// ```
            pub const ALL: &'static [ErrorCode] = &[$( ErrorCode::$code, )*];

            /// The code with this number, if the catalog has it.
            ///
            /// ```
            /// use errbook_messages::ErrorCode;
            ///
            /// assert_eq!(ErrorCode::from_u32(280006), Some(ErrorCode::E280006));
            /// assert_eq!(ErrorCode::from_u32(1), None);
            /// ```
            #[inline]
            pub const fn from_u32(n: u32) -> Option<ErrorCode> {
                match n {
                    $( $value => Some(ErrorCode::$code), )*
                    _ => None,
                }
            }

            /// The code's number.
            ///
            /// ```
            /// use errbook_messages::ErrorCode;
            ///
            /// assert_eq!(ErrorCode::E60002.as_u32(), 60002);
            /// assert_eq!(u32::from(ErrorCode::E60002), 60002);
            /// ```
            #[inline]
            pub const fn as_u32(self) -> u32 {
                match self {
                    $( ErrorCode::$code => $value, )*
                }
            }

            /// The code as the source table writes it.
            ///
            /// ```
            /// use errbook_messages::ErrorCode;
            ///
            /// assert_eq!(ErrorCode::E60002.code(), "60002");
            /// ```
            #[inline]
            pub const fn code(self) -> &'static str {
                match self {
                    $( ErrorCode::$code => stringify!($value), )*
                }
            }

            /// Index into the tables.
            #[inline]
            const fn index(self) -> usize {
                self as usize
            }

            /// The message in `locale`: a table lookup, with no parsing,
            /// formatting, allocation or lock.
            ///
            /// A message that takes arguments (see
            /// [`args_in`](Self::args_in)) cannot be a `&'static str`: this
            /// returns its source-locale text, and
            /// [`message_with`](Self::message_with) formats it.
            ///
            /// ```
            /// use errbook_messages::{ErrorCode, Locale};
            ///
            /// let ja = Locale::from_accept_language("ja,en;q=0.8");
            /// assert_eq!(ErrorCode::E280006.message_in(ja), "すべてのオペレーターが対応中です。");
            /// ```
            #[inline]
            pub fn message_in(self, locale: Locale) -> &'static str {
                MESSAGES[locale.index()][self.index()]
            }

            /// The message in the shipped locale that best matches
            /// `langid`, negotiated on every call. When the locale is known
            /// in advance, [`Locale::negotiate`] once and
            /// [`message_in`](Self::message_in) is faster.
            ///
            /// ```
            /// use errbook_messages::{ErrorCode, LanguageIdentifier};
            ///
            /// let en_gb: LanguageIdentifier = "en-GB".parse().unwrap();
            /// assert_eq!(ErrorCode::E280006.message(&en_gb), "All agents are busy.");
            /// ```
            #[inline]
            pub fn message(self, langid: &$crate::LanguageIdentifier) -> &'static str {
                self.message_in(Locale::negotiate(&[langid]))
            }

            /// The message in `locale`, formatted with `args` when it takes
            /// arguments; a borrowed `&'static str` when it does not.
            ///
            /// Formatting follows Fluent (fluent-bundle 0.16) with Unicode
            /// isolation marks **off**: an argument's value is inserted as
            /// it is, without the U+2068/U+2069 marks fluent-bundle adds by
            /// default, since error messages go to logs, JSON and terminals
            /// more often than into bidirectional text. A message of text
            /// and arguments is formatted by concatenation; one with
            /// selectors or functions goes through fluent-bundle, whose
            /// bundle for the locale is built on first use. Arguments the
            /// message does not use are ignored.
            ///
            /// # Errors
            ///
            /// [`FormatError::MissingArg`](crate::FormatError::MissingArg)
            /// when the message uses an argument that is not in `args`
            /// (rather than showing `{$name}` to the user).
            ///
            /// ```
            /// use errbook_messages::{ErrorCode, Locale};
            ///
            /// // The shipped messages take no arguments: they are borrowed.
            /// let text = ErrorCode::E280006.message_with(Locale::JA_JP, &[]).unwrap();
            /// assert_eq!(text, ErrorCode::E280006.message_in(Locale::JA_JP));
            /// ```
            #[inline]
            pub fn message_with(
                self,
                locale: Locale,
                args: &[(&str, $crate::Arg<'_>)],
            ) -> Result<::std::borrow::Cow<'static, str>, $crate::FormatError> {
                match dynamic(locale.index(), self.index(), false) {
                    None => Ok(::std::borrow::Cow::Borrowed(self.message_in(locale))),
                    Some(d) => d.format(args),
                }
            }

            /// The names of the arguments the message takes in `locale`
            /// (without `$`, sorted); empty for a message that takes none.
            ///
            /// ```
            /// use errbook_messages::{ErrorCode, Locale};
            ///
            /// assert!(ErrorCode::E280006.args_in(Locale::EN_US).is_empty());
            /// ```
            pub fn args_in(self, locale: Locale) -> &'static [&'static str] {
                match dynamic(locale.index(), self.index(), false) {
                    None => &[],
                    Some(d) => d.args,
                }
            }

            /// The source locale's hint (处理建议), when the table has one for
            /// this code.
            ///
            /// ```
            /// use errbook_messages::ErrorCode;
            ///
            /// assert_eq!(ErrorCode::E280006.hint(), None); // the table has no hint column
            /// ```
            #[inline]
            pub fn hint(self) -> Option<&'static str> {
                self.hint_in(Locale::SOURCE)
            }

            /// The hint in `locale`, when the source has one for this code.
            /// Like [`message_in`](Self::message_in), a hint that takes
            /// arguments gives its source text here; see
            /// [`hint_with`](Self::hint_with).
            ///
            /// ```
            /// use errbook_messages::{ErrorCode, Locale};
            ///
            /// assert_eq!(ErrorCode::E280006.hint_in(Locale::EN_US), None);
            /// ```
            #[inline]
            pub fn hint_in(self, locale: Locale) -> Option<&'static str> {
                match hint_slot(self.index()) {
                    Some(slot) => Some(HINTS[locale.index()][slot]),
                    None => None,
                }
            }

            /// The hint in `locale`, formatted with `args` as
            /// [`message_with`](Self::message_with) formats messages;
            /// `None` when the source has no hint for this code.
            ///
            /// ```
            /// use errbook_messages::{ErrorCode, Locale};
            ///
            /// assert_eq!(ErrorCode::E280006.hint_with(Locale::EN_US, &[]), None);
            /// ```
            pub fn hint_with(
                self,
                locale: Locale,
                args: &[(&str, $crate::Arg<'_>)],
            ) -> Option<Result<::std::borrow::Cow<'static, str>, $crate::FormatError>> {
                let text = self.hint_in(locale)?;
                Some(match dynamic(locale.index(), self.index(), true) {
                    None => Ok(::std::borrow::Cow::Borrowed(text)),
                    Some(d) => d.format(args),
                })
            }

            /// The group of the code (the heading above its table) in the
            /// source locale, when the table has one.
            ///
            /// ```
            /// use errbook_messages::ErrorCode;
            ///
            /// assert_eq!(ErrorCode::E280006.group(), None); // one table, no headings
            /// ```
            #[inline]
            pub fn group(self) -> Option<&'static str> {
                self.group_in(Locale::SOURCE)
            }

            /// The name of the code's group in `locale`.
            ///
            /// ```
            /// use errbook_messages::{ErrorCode, Locale};
            ///
            /// assert_eq!(ErrorCode::E280006.group_in(Locale::JA_JP), None);
            /// ```
            #[inline]
            pub fn group_in(self, locale: Locale) -> Option<&'static str> {
                match group_slot(self.index()) {
                    Some(slot) => Some(GROUPS[locale.index()][slot]),
                    None => None,
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
            pub fn attribute(self, name: &str) -> Option<&'static str> {
                self.attributes()
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| *v)
            }
        }

        impl ::std::fmt::Display for ErrorCode {
            /// The message in the source locale.
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.message_in(Locale::SOURCE))
            }
        }

        impl ::std::error::Error for ErrorCode {}

        impl ::std::convert::TryFrom<u32> for ErrorCode {
            type Error = $crate::UnknownCode;

            /// See [`ErrorCode::from_u32`].
            fn try_from(n: u32) -> Result<ErrorCode, $crate::UnknownCode> {
                ErrorCode::from_u32(n).ok_or($crate::UnknownCode(n))
            }
        }

        impl ::std::convert::From<ErrorCode> for u32 {
            fn from(code: ErrorCode) -> u32 {
                code.as_u32()
            }
        }

        impl ::std::str::FromStr for ErrorCode {
            type Err = $crate::ParseCodeError;

            /// Parses a code as the source table writes it (`"280006"`).
            ///
            /// ```
            /// use errbook_messages::ErrorCode;
            ///
            /// assert_eq!("280006".parse(), Ok(ErrorCode::E280006));
            /// assert!("0280006".parse::<ErrorCode>().is_err());
            /// ```
            fn from_str(s: &str) -> Result<ErrorCode, $crate::ParseCodeError> {
                s.parse::<u32>()
                    .ok()
                    .and_then(ErrorCode::from_u32)
                    .filter(|c| c.code() == s)
                    .ok_or_else(|| $crate::ParseCodeError { text: s.to_owned() })
            }
        }

        #[cfg(feature = "serde")]
        impl ::serde::Serialize for ErrorCode {
            /// As the number.
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u32(self.as_u32())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for ErrorCode {
            /// From the number; a number that is not a code is an error.
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<ErrorCode, D::Error> {
                let n = <u32 as ::serde::Deserialize>::deserialize(d)?;
                ErrorCode::try_from(n).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }

        /// One of the shipped locales: a small `Copy` handle, obtained once
        /// by negotiation and passed to every lookup.
        ///
        /// Negotiation follows fluent-langneg (0.13, with CLDR likely
        /// subtags): `en-GB` gets `en-US`, `zh-SG` and `zh-Hans` get the
        /// Simplified `zh-CN`, and a request that matches nothing gets the
        /// source locale, which has every message.
        ///
        /// ```
        /// use errbook_messages::Locale;
        ///
        /// assert_eq!(Locale::from_accept_language("en-GB,en;q=0.9"), Locale::EN_US);
        /// assert_eq!("zh-SG".parse::<Locale>().unwrap(), Locale::ZH_CN);
        /// assert_eq!(Locale::from_accept_language("fr"), Locale::SOURCE);
        /// ```
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct Locale(u8);

        impl Locale {
            $(
                #[doc = $ldoc]
                pub const $locale: Locale = Locale($index);
            )*

            /// The source locale: every message is the source table's text.
            pub const SOURCE: Locale = Locale::$source;

            /// Every shipped locale, sorted by tag.
            ///
            /// ```
            /// use errbook_messages::Locale;
            ///
            /// let tags: Vec<&str> = Locale::ALL.iter().map(|l| l.tag()).collect();
            /// assert_eq!(tags, ["en-US", "ja-JP", "zh-CN"]);
            /// ```
            pub const ALL: &'static [Locale] = &[$( Locale::$locale, )*];

            #[inline]
            const fn index(self) -> usize {
                self.0 as usize
            }

            /// The locale's BCP 47 tag, as its directory is named.
            ///
            /// ```
            /// use errbook_messages::Locale;
            ///
            /// assert_eq!(Locale::JA_JP.tag(), "ja-JP");
            /// ```
            #[inline]
            pub fn tag(self) -> &'static str {
                TAGS[self.index()]
            }

            /// The locale's tag as a language identifier.
            ///
            /// ```
            /// use errbook_messages::{LanguageIdentifier, Locale};
            ///
            /// let ja: LanguageIdentifier = "ja-JP".parse().unwrap();
            /// assert_eq!(Locale::JA_JP.langid(), ja);
            /// ```
            pub fn langid(self) -> $crate::LanguageIdentifier {
                self.tag().parse().expect("the build script checked the tag")
            }

            /// The shipped locale exactly named `tag` (case aside), with no
            /// negotiation.
            ///
            /// ```
            /// use errbook_messages::Locale;
            ///
            /// assert_eq!(Locale::exact("en-us"), Some(Locale::EN_US));
            /// assert_eq!(Locale::exact("en"), None);
            /// ```
            pub fn exact(tag: &str) -> Option<Locale> {
                Locale::ALL
                    .iter()
                    .copied()
                    .find(|l| l.tag().eq_ignore_ascii_case(tag))
            }

            /// The shipped locale that best matches `requested` (most
            /// wanted first), or the source locale when none does.
            ///
            /// ```
            /// use errbook_messages::{LanguageIdentifier, Locale};
            ///
            /// let want: Vec<LanguageIdentifier> =
            ///     ["fr-FR", "ja"].iter().map(|t| t.parse().unwrap()).collect();
            /// assert_eq!(Locale::negotiate(&want), Locale::JA_JP);
            /// assert_eq!(Locale::negotiate::<LanguageIdentifier>(&[]), Locale::SOURCE);
            /// ```
            #[inline]
            pub fn negotiate<R: AsRef<$crate::LanguageIdentifier>>(requested: &[R]) -> Locale {
                Locale(SHIPPED.negotiate::<FLUENT_LANGNEG, _>(requested.iter().map(AsRef::as_ref)))
            }

            /// The shipped locale for an HTTP `Accept-Language` header.
            ///
            /// Languages are taken by quality (`q=`), highest first; entries
            /// that do not parse, `*`, and `q=0` are ignored, and so is
            /// everything after the sixteenth language. An empty or
            /// malformed header gives the source locale. Nothing is
            /// allocated unless a tag has variant subtags.
            ///
            /// ```
            /// use errbook_messages::Locale;
            ///
            /// assert_eq!(Locale::from_accept_language("ja;q=0.5, en;q=0.9"), Locale::EN_US);
            /// assert_eq!(Locale::from_accept_language("zh-Hans-CN, en"), Locale::ZH_CN);
            /// assert_eq!(Locale::from_accept_language(";;;, @@"), Locale::SOURCE);
            /// ```
            pub fn from_accept_language(header: &str) -> Locale {
                Locale(SHIPPED.accept_language::<FLUENT_LANGNEG>(header))
            }

            /// The message of the code with number `code` in this locale,
            /// for callers that hold only what came over the wire; `None`
            /// for a number that is not a code.
            ///
            /// ```
            /// use errbook_messages::Locale;
            ///
            /// assert_eq!(Locale::EN_US.lookup(280006), Some("All agents are busy."));
            /// assert_eq!(Locale::EN_US.lookup(7), None);
            /// ```
            ///
            /// A number that is no code of its own but falls in a range the
            /// table documents on one row (`120001 - 130000`) gets the
            /// range's message (of the first such row).
            #[inline]
            pub fn lookup(self, code: u32) -> Option<&'static str> {
                match ErrorCode::from_u32(code) {
                    Some(c) => Some(c.message_in(self)),
                    None => self.range_message(code),
                }
            }

            /// The message of the first range the table documents that
            /// holds `code`, in this locale.
            pub fn range_message(self, code: u32) -> Option<&'static str> {
                let mut i = 0;
                while i < RANGES.len() {
                    let (first, last) = RANGES[i];
                    if first <= code && code <= last {
                        return Some(RANGE_MESSAGES[self.index()][i]);
                    }
                    i += 1;
                }
                None
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
                write!(f, "Locale({:?})", self.tag())
            }
        }

        impl ::std::str::FromStr for Locale {
            type Err = $crate::ParseLocaleError;

            /// Parses one BCP 47 tag and negotiates it, as
            /// [`Locale::negotiate`] does.
            fn from_str(tag: &str) -> Result<Locale, $crate::ParseLocaleError> {
                let langid: $crate::LanguageIdentifier = tag
                    .parse()
                    .map_err(|_| $crate::ParseLocaleError { tag: tag.to_owned() })?;
                Ok(Locale::negotiate(&[langid]))
            }
        }

        static SHIPPED: $crate::negotiate::Shipped = $crate::negotiate::Shipped {
            tags: &TAGS,
            languages: &LANGUAGES,
            default: Locale::SOURCE.0,
        };

        /// The message of the code numbered `code` in the shipped locale
        /// that best matches the BCP 47 tag `locale`: the whole lookup for a
        /// caller that holds only a number and a string.
        ///
        /// # Errors
        ///
        /// [`LookupError::UnknownCode`](crate::LookupError::UnknownCode)
        /// for a number that is not a code,
        /// [`LookupError::Locale`](crate::LookupError::Locale) for a
        /// locale that is not a language tag. A tag that matches no shipped
        /// locale is not an error: it gets the source locale.
        ///
        /// ```
        /// use errbook_messages::lookup;
        ///
        /// assert_eq!(lookup(280006, "ja"), Ok("すべてのオペレーターが対応中です。"));
        /// assert_eq!(lookup(280006, "fr"), Ok("坐席繁忙。"));
        /// assert!(lookup(280006, "").is_err());
        /// ```
        pub fn lookup(code: u32, locale: &str) -> Result<&'static str, $crate::LookupError> {
            let locale: Locale = locale.parse()?;
            locale
                .lookup(code)
                .ok_or($crate::LookupError::UnknownCode(code))
        }
    };
}
