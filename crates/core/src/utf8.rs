//! Bytes read from a file, as text.
//!
//! A check of a large catalog reads every byte of its Fluent and Markdown,
//! and validating them as UTF-8 with the standard library was a visible
//! part of the check's CPU time on this mix of Chinese and ASCII. simdutf8
//! validates the same bytes several times faster, with the vector
//! instructions the CPU has (chosen at run time).

use std::string::FromUtf8Error;

/// [`String::from_utf8`], with the bytes validated by simdutf8: the same
/// result, the same error (with where the first bad byte is) for bytes
/// that are not UTF-8.
pub fn string(bytes: Vec<u8>) -> Result<String, FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        // The standard library says where the first bad byte is.
        return String::from_utf8(bytes);
    }
    // The one unsafe block of errbook (see `unsafe_code` in Cargo.toml).
    // SAFETY: `simdutf8::basic::from_utf8` has just accepted these exact
    // bytes, and it accepts exactly the UTF-8 that `std::str::from_utf8`
    // does (simdutf8 is tested and fuzzed against it, as the property test
    // below checks here too).
    #[allow(unsafe_code)]
    let text = unsafe { String::from_utf8_unchecked(bytes) };
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(bytes: Vec<u8>) {
        let ours = string(bytes.clone()).map_err(|e| e.utf8_error());
        let std = String::from_utf8(bytes).map_err(|e| e.utf8_error());
        assert_eq!(ours, std);
    }

    #[test]
    fn reads_as_the_standard_library() {
        same(Vec::new());
        same("错误码 = 签名内容为空。\n".repeat(100).into_bytes());
        // Truncated, overlong, surrogate and out-of-range sequences, in
        // and past the first 64 bytes (simdutf8 reads blocks of 64).
        for bad in [
            &[0xE9, 0x94][..],
            &[0xC0, 0x80],
            &[0xED, 0xA0, 0x80],
            &[0xF4, 0x90, 0x80, 0x80],
            &[0xFF],
        ] {
            for at in [0, 1, 63, 64, 65, 200] {
                let mut bytes = "a错".repeat(60).into_bytes();
                bytes.splice(at..at, bad.iter().copied());
                same(bytes);
            }
        }
    }

    proptest! {
        #[test]
        fn any_bytes_read_as_the_standard_library(
            text in "[a-z 错误码。\\n]{0,200}",
            cuts in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..3),
        ) {
            let mut bytes = text.into_bytes();
            for (at, byte) in cuts {
                if !bytes.is_empty() {
                    let at = at.index(bytes.len());
                    bytes[at] = byte;
                }
            }
            same(bytes);
        }
    }
}
