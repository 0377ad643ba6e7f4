//! The arguments of a message that takes them.

/// The value of a message's argument, for
/// [`ErrorCode::message_with`](crate::ErrorCode::message_with).
///
/// Arguments are passed as a slice of `(name, value)` pairs, so that no map
/// is built; values come from strings and numbers with `.into()`. Numbers
/// are formatted as Fluent formats them by default (as an `f64`: `3`, `2.5`)
/// and select plural variants (`[one]`, `[other]`) by the locale's rules.
///
/// ```
/// use errbook_messages::Arg;
///
/// let args: [(&str, Arg); 3] = [("name", "Ada".into()), ("count", 3.into()), ("ratio", 0.5.into())];
/// assert_eq!(args[1].1, Arg::Int(3));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Arg<'a> {
    /// A string, inserted as it is.
    Str(&'a str),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(s)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Str(s)
    }
}

macro_rules! from_int {
    ($($t:ty)*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Int(i64::from(n))
            }
        }
    )*};
}
from_int!(i8 i16 i32 i64 u8 u16 u32);

macro_rules! from_wide_int {
    ($($t:ty)*) => {$(
        impl From<$t> for Arg<'_> {
            /// Values beyond `i64` become a [`Arg::Float`], as Fluent turns
            /// every number into an `f64` anyway.
            fn from(n: $t) -> Self {
                i64::try_from(n).map_or(Arg::Float(n as f64), Arg::Int)
            }
        }
    )*};
}
from_wide_int!(u64 usize isize);

impl From<f64> for Arg<'_> {
    fn from(x: f64) -> Self {
        Arg::Float(x)
    }
}

impl From<f32> for Arg<'_> {
    fn from(x: f32) -> Self {
        Arg::Float(f64::from(x))
    }
}
