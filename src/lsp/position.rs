//! Positions as the client counts them: a line and a character offset in
//! UTF-8 bytes or UTF-16 code units, whichever was agreed at
//! initialisation, to and from byte offsets of a document's text.

use std::ops::Range;

/// How the client counts characters in a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 bytes (agreed when the client offers it).
    Utf8,
    /// UTF-16 code units (the protocol's default).
    Utf16,
}

impl Encoding {
    /// The encoding to use among those the client offers (`None`: the
    /// client said nothing, which means UTF-16): UTF-8 when offered, since
    /// errbook's spans are byte offsets.
    pub fn choose(offered: Option<&[lsp_types::PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&lsp_types::PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    /// The kind to tell the client.
    pub fn kind(self) -> lsp_types::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lsp_types::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp_types::PositionEncodingKind::UTF16,
        }
    }
}

/// Where each line of a text starts, to turn byte offsets into positions
/// and back.
#[derive(Clone, Debug)]
pub struct Lines {
    starts: Vec<usize>,
    encoding: Encoding,
}

impl Lines {
    /// The lines of `text`, ended as the protocol ends them: by `\n`,
    /// `\r\n` or a `\r` alone.
    pub fn new(text: &str, encoding: Encoding) -> Lines {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                .map(|i| i + 1),
        );
        Lines { starts, encoding }
    }

    /// Where line `line` (which starts at `start`) ends, before its line
    /// break.
    fn line_end(&self, text: &str, line: usize, start: usize) -> usize {
        let Some(&next) = self.starts.get(line + 1) else {
            return text.len();
        };
        let before = &text[start..next];
        let before = before.strip_suffix('\n').unwrap_or(before);
        let before = before.strip_suffix('\r').unwrap_or(before);
        start + before.len()
    }

    /// The position of byte offset `at` of `text` (clamped to the text, and
    /// back to the start of a character it falls inside).
    pub fn position(&self, text: &str, at: usize) -> lsp_types::Position {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= at) - 1;
        let start = self.starts[line];
        // A position inside a line's break is the end of the line.
        let before = &text[start..at.min(self.line_end(text, line, start))];
        let character = match self.encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
        };
        lsp_types::Position::new(line as u32, character as u32)
    }

    /// The range of the byte range `span` of `text`.
    pub fn range(&self, text: &str, span: Range<usize>) -> lsp_types::Range {
        lsp_types::Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    /// The byte offset of `p` in `text`: a character past the end of its
    /// line is the line's end (before its line break), a line past the last
    /// is the end of the text, and a position inside a character (half of a
    /// UTF-16 surrogate pair, a byte inside a UTF-8 sequence) is the start
    /// of that character.
    pub fn offset(&self, text: &str, p: lsp_types::Position) -> usize {
        let Some(&start) = self.starts.get(p.line as usize) else {
            return text.len();
        };
        let line = &text[start..self.line_end(text, p.line as usize, start)];
        let want = p.character as usize;
        let mut counted = 0;
        for (i, c) in line.char_indices() {
            let width = match self.encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if counted + width > want {
                return start + i;
            }
            counted += width;
        }
        start + line.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Position;

    #[test]
    fn cjk_and_astral_characters_count_as_the_client_counts_them() {
        // 错 is 3 bytes and 1 UTF-16 unit; 𠀀 is 4 bytes and 2 units.
        let text = "a = 错误\nb = 𠀀x\r\nc";
        let x = text.find('x').unwrap();
        let u16 = Lines::new(text, Encoding::Utf16);
        let u8 = Lines::new(text, Encoding::Utf8);
        assert_eq!(
            u16.position(text, text.find('误').unwrap()),
            Position::new(0, 5)
        );
        assert_eq!(
            u8.position(text, text.find('误').unwrap()),
            Position::new(0, 7)
        );
        assert_eq!(u16.position(text, x), Position::new(1, 6));
        assert_eq!(u8.position(text, x), Position::new(1, 8));
        // And back, for every character boundary of the text.
        for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
            for lines in [&u16, &u8] {
                let p = lines.position(text, at);
                let back = lines.offset(text, p);
                // The `\r` of a `\r\n` is the end of its line.
                let expected = if text[..at].ends_with('\r') {
                    at - 1
                } else {
                    at
                };
                assert_eq!(back, expected, "{at} -> {p:?}");
            }
        }
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line_as_clients_count_it() {
        let text = "a\rb\r\nc\nd\r";
        let lines = Lines::new(text, Encoding::Utf16);
        assert_eq!(lines.position(text, 2), Position::new(1, 0));
        assert_eq!(lines.position(text, 5), Position::new(2, 0));
        assert_eq!(lines.position(text, 7), Position::new(3, 0));
        assert_eq!(lines.position(text, text.len()), Position::new(4, 0));
        // Inside a line break: the end of its line.
        assert_eq!(lines.position(text, 1), Position::new(0, 1));
        assert_eq!(lines.position(text, 4), Position::new(1, 1));
        for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let back = lines.offset(text, lines.position(text, at));
            let expected = if text[..at].ends_with('\r') && text[at..].starts_with('\n') {
                at - 1
            } else {
                at
            };
            assert_eq!(back, expected, "{at}");
        }
        assert_eq!(lines.offset(text, Position::new(1, 9)), 3);
    }

    #[test]
    fn positions_out_of_range_are_clamped() {
        let text = "ab\n𠀀\n";
        let lines = Lines::new(text, Encoding::Utf16);
        // Past the end of a line: its end, before the line break.
        assert_eq!(lines.offset(text, Position::new(0, 99)), 2);
        // Inside a surrogate pair: the character's start.
        assert_eq!(lines.offset(text, Position::new(1, 1)), 3);
        // Past the last line: the end of the text.
        assert_eq!(lines.offset(text, Position::new(9, 0)), text.len());
        // A byte offset inside a character: its start.
        assert_eq!(lines.position(text, 4), Position::new(1, 0));
        assert_eq!(lines.position(text, 999), Position::new(2, 0));
    }
}
