//! What the QA checks look for in a text: numbers, ASCII tokens, Han
//! characters, words matched whole, and punctuation. Every function works
//! on one message's text without allocating, and returns byte ranges of
//! that text.

use std::ops::Range;

/// A Han (CJK ideograph) character.
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// A kana character (hiragana, katakana, the long-vowel mark ー, half-width
/// katakana).
pub fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// A katakana character or the long-vowel mark.
fn is_katakana(c: char) -> bool {
    matches!(c as u32, 0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// A character of Chinese or Japanese text (Han, kana), between which
/// those languages write full-width punctuation.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_kana(c)
}

/// A letter or digit of a word that spaces delimit (Latin, Cyrillic,
/// Greek, …): not Han, kana or Hangul, which are written without spaces.
fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() || c == '_') && !is_cjk(c) && !matches!(c as u32, 0xAC00..=0xD7AF)
}

/// Where `needle` occurs in `hay` as a whole word: not inside a longer word
/// of spaced script (`account` is not in `accounts`), nor inside a longer
/// katakana word; Han text has no word boundaries, so a Han needle matches
/// anywhere. With `fold`, letters match without regard to case. With
/// `plural`, a word followed by `s` (URLs for URL) matches too.
pub fn find_word(hay: &str, needle: &str, fold: bool, plural: bool) -> Option<Range<usize>> {
    find_words(hay, needle, fold, plural).next()
}

/// Every non-overlapping match of [`find_word`], in order.
pub fn find_words<'h>(
    hay: &'h str,
    needle: &'h str,
    fold: bool,
    plural: bool,
) -> impl Iterator<Item = Range<usize>> + 'h {
    let first = needle.chars().next();
    let last = needle.chars().next_back();
    let mut from = 0;
    std::iter::from_fn(move || {
        let (first, last) = (first?, last?);
        while from < hay.len() {
            let start = from;
            let c = hay[start..].chars().next()?;
            from += c.len_utf8();
            if !same_char(c, first, fold) {
                continue;
            }
            let Some(mut end) = match_at(hay, start, needle, fold) else {
                continue;
            };
            if !boundary(hay[..start].chars().next_back(), first, false) {
                continue;
            }
            let mut after = hay[end..].chars().next();
            if plural && after == Some('s') && !boundary(after, last, true) {
                let next = hay[end + 1..].chars().next();
                if boundary(next, last, true) {
                    end += 1;
                    after = next;
                }
            }
            if !boundary(after, last, true) {
                continue;
            }
            from = end;
            return Some(start..end);
        }
        None
    })
}

/// The end of `needle` matched at `start` of `hay`.
fn match_at(hay: &str, start: usize, needle: &str, fold: bool) -> Option<usize> {
    let mut h = hay[start..].char_indices();
    for n in needle.chars() {
        let (_, c) = h.next()?;
        if !same_char(c, n, fold) {
            return None;
        }
    }
    Some(h.next().map_or(hay.len(), |(i, _)| start + i))
}

fn same_char(a: char, b: char, fold: bool) -> bool {
    a == b
        || (fold
            && if a.is_ascii() && b.is_ascii() {
                a.eq_ignore_ascii_case(&b)
            } else {
                a.to_lowercase().eq(b.to_lowercase())
            })
}

/// True when `neighbour`, on the side `after` or before, does not continue
/// a word whose edge there is `edge`. Katakana compounds are written
/// without a break (リクエストパラメーター), so only the long-vowel mark
/// after a katakana word continues it (パラメータ is not in パラメーター).
fn boundary(neighbour: Option<char>, edge: char, after: bool) -> bool {
    let Some(n) = neighbour else { return true };
    if is_word_char(edge) {
        !is_word_char(n)
    } else if is_katakana(edge) && after {
        !matches!(n, 'ー' | 'ｰ')
    } else {
        true
    }
}

/// A decimal digit, ASCII or full-width.
fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// A character that groups digits or separates decimals inside a number
/// (when a digit follows it).
fn in_number(c: char) -> bool {
    matches!(c, '.' | ',' | '\'' | '\u{a0}' | '\u{202f}' | '．' | '，')
}

/// The numbers of a text: runs of digits, with the group and decimal
/// separators between them (`1,000`, `1 000`, `1.5`), that are not part of
/// an ASCII token (`H5`, `base64`, `UTF-8`). Compare them with
/// [`same_number`], which ignores the separators: locales write them
/// differently.
pub fn numbers(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || loop {
        // The next ASCII digit, or the lead byte of a full-width one.
        let i = from
            + bytes
                .get(from..)?
                .iter()
                .position(|&b| b.is_ascii_digit() || b == 0xEF)?;
        let c = text[i..].chars().next()?;
        from = i + c.len_utf8();
        if digit(c).is_none() {
            continue;
        }
        let before = text[..i].chars().next_back();
        let in_token = before.is_some_and(|b| b.is_ascii_alphanumeric() || b == '_')
            || (before == Some('-') && text[..i - 1].ends_with(|b: char| b.is_ascii_alphabetic()));
        let mut end = from;
        loop {
            let mut rest = text[end..].chars();
            match rest.next() {
                Some(d) if digit(d).is_some() => end += d.len_utf8(),
                // A separator between digits.
                Some(d) if in_number(d) && rest.next().and_then(digit).is_some() => {
                    end += d.len_utf8()
                }
                _ => break,
            }
        }
        from = end;
        if !in_token {
            return Some(i..end);
        }
    })
}

/// True when two numbers have the same digits (`1,000` and `1 000`).
pub fn same_number(a: &str, b: &str) -> bool {
    a.chars().filter_map(digit).eq(b.chars().filter_map(digit))
}

/// The English words of the numbers from zero to ten, which a translation
/// may write for the digits.
const EN_NUMBERS: [&str; 11] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// True when `text` writes the number `n` in English words (up to ten).
pub fn has_number_in_words(text: &str, n: &str) -> bool {
    let value = n
        .chars()
        .filter_map(digit)
        .try_fold(0u32, |v, d| v.checked_mul(10)?.checked_add(u32::from(d)));
    match value {
        Some(v) if (v as usize) < EN_NUMBERS.len() => {
            find_word(text, EN_NUMBERS[v as usize], true, false).is_some()
        }
        _ => false,
    }
}

/// An ASCII token of a text: an identifier (`SDKAppID`, `qaid`,
/// `error_code`), an acronym (`HTTP`, `JSON`), a dotted or dashed name
/// (`UTF-8`, `v1.2`) or a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Where it is.
    pub span: Range<usize>,
    /// How a translation may write it.
    pub case: TokenCase,
}

/// How a translation may write a token ([`Token`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenCase {
    /// Capitals after its first letter, digits, `_`, `.`, `-`, a URL
    /// (`SDKAppID`, `HTTP`, `UTF-8`): exactly as it is.
    Exact,
    /// A word in lower case (`qaid`): an identifier, kept, though its
    /// first letter may be a capital at the start of a sentence.
    Lower,
    /// A word with only its first letter a capital (`App`, `Token`): a
    /// loanword as often as a name, which a translation may translate;
    /// kept, its first letter may be in lower case.
    Capital,
}

/// True when `written` is the token `source` as a translation may write
/// it: exactly, or with the case of its first letter changed when the
/// token is a word.
pub fn same_token(source: &Token, source_text: &str, written: &str) -> bool {
    let s = &source_text[source.span.clone()];
    s == written
        || (source.case != TokenCase::Exact
            && s.len() == written.len()
            && match (s.get(..1), written.get(..1), s.get(1..), written.get(1..)) {
                (Some(a), Some(b), Some(c), Some(d)) => a.eq_ignore_ascii_case(b) && c == d,
                _ => false,
            })
}

/// The ASCII tokens of a text, two characters or longer.
pub fn tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let b = bytes[i];
            let starts = b.is_ascii_alphabetic() && (i == 0 || !continues_token(bytes[i - 1]));
            if !starts {
                i += 1;
                continue;
            }
            let start = i;
            let rest = &text[start..];
            let end = if rest.starts_with("https://") || rest.starts_with("http://") {
                // A URL: up to a space, a character that is not ASCII, or
                // a closing bracket or quote; not its final punctuation.
                let len = rest
                    .find(|c: char| {
                        !c.is_ascii_graphic() || matches!(c, ')' | ']' | '>' | '"' | '\'')
                    })
                    .unwrap_or(rest.len());
                start
                    + rest[..len]
                        .trim_end_matches(['.', ',', ';', ':', '!', '?'])
                        .len()
            } else {
                let mut e = start;
                while e < bytes.len() {
                    let c = bytes[e];
                    let joins = matches!(c, b'.' | b'-' | b'/' | b':')
                        && bytes.get(e + 1).is_some_and(|n| n.is_ascii_alphanumeric());
                    if c.is_ascii_alphanumeric() || c == b'_' || joins {
                        e += 1;
                    } else {
                        break;
                    }
                }
                e
            };
            i = end.max(start + 1);
            let t = &text[start..end];
            if t.len() < 2 {
                continue;
            }
            let tail_upper = t[1..].bytes().any(|c| c.is_ascii_uppercase());
            let plain = t.bytes().all(|c| c.is_ascii_alphabetic());
            let case = if !plain || tail_upper {
                TokenCase::Exact
            } else if t.as_bytes()[0].is_ascii_uppercase() {
                TokenCase::Capital
            } else {
                TokenCase::Lower
            };
            return Some(Token {
                span: start..end,
                case,
            });
        }
        None
    })
}

fn continues_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The first run of Han characters in `text`.
pub fn han_run(text: &str) -> Option<Range<usize>> {
    if text.is_ascii() {
        return None;
    }
    let (start, _) = text.char_indices().find(|&(_, c)| is_han(c))?;
    let len = text[start..]
        .find(|c: char| !is_han(c))
        .unwrap_or(text.len() - start);
    Some(start..start + len)
}

/// True when the text ends a sentence: its last character (before closing
/// brackets and quotes) is sentence-final punctuation in any script.
pub fn ends_sentence(text: &str) -> bool {
    if text.ends_with('.') {
        return true;
    }
    let t = text
        .trim_end()
        .trim_end_matches([')', '）', '」', '』', '"', '\'', '”', '’', ']', '】']);
    t.ends_with([
        '.', '!', '?', '。', '！', '？', '…', ':', '：', ';', '；', '．',
    ])
}

/// A punctuation finding: where, what, how to fix it.
pub struct Punct {
    /// Where in the text.
    pub span: Range<usize>,
    /// What is wrong.
    pub what: &'static str,
    /// How to fix it.
    pub help: &'static str,
    /// The text to put in place of `span`, when one fixes it without
    /// making another finding.
    pub fix: Option<String>,
}

/// The half-width mark of a full-width one, as a language that spaces
/// its words writes it: followed by a space where a word follows, and in
/// French after a narrow no-break space where a word precedes it. None
/// after a space, which is a finding of its own.
fn half_width(c: char, before: Option<char>, next: Option<char>, style: Style) -> Option<String> {
    if before.is_some_and(char::is_whitespace) {
        return None;
    }
    let mark = match c {
        '，' | '、' => ',',
        '。' => '.',
        '：' => ':',
        '；' => ';',
        '！' => '!',
        _ => '?',
    };
    let thin = if style == Style::French
        && matches!(mark, ';' | ':' | '!' | '?')
        && before.is_some_and(char::is_alphanumeric)
    {
        "\u{202f}"
    } else {
        ""
    };
    let space = if next.is_some_and(char::is_alphanumeric) {
        " "
    } else {
        ""
    };
    Some(format!("{thin}{mark}{space}"))
}

/// The full-width mark of a half-width one, in Chinese or Japanese text.
fn full_width(c: char) -> char {
    match c {
        ',' => '，',
        '.' => '。',
        ':' => '：',
        ';' => '；',
        '!' => '！',
        _ => '？',
    }
}

/// The punctuation rules a locale follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Chinese and Japanese: full-width sentence punctuation (。、，：),
    /// never half-width between their characters.
    FullWidth,
    /// French: a narrow no-break space (or a no-break space) before
    /// `; : ! ?`.
    French,
    /// Languages written with spaces between words and no space before
    /// punctuation (English and most others).
    Spaced,
}

/// The bytes that can start a punctuation mark: `, . ; : ! ?` and the lead
/// bytes of the full-width ones.
static PUNCT: [bool; 256] = {
    let mut t = [false; 256];
    let marks = [b',', b'.', b';', b':', b'!', b'?', 0xE3, 0xEF];
    let mut i = 0;
    while i < marks.len() {
        t[marks[i] as usize] = true;
        i += 1;
    }
    t
};

/// The punctuation findings of a text in a locale of `style`.
pub fn punctuation(text: &str, style: Style, mut found: impl FnMut(Punct)) {
    let bytes = text.as_bytes();
    // Doubled spaces, in every language.
    let mut from = 0;
    while let Some(at) = memchr::memchr_iter(b' ', &bytes[from..])
        .map(|i| from + i)
        .find(|&i| bytes.get(i + 1) == Some(&b' '))
    {
        let end = at + bytes[at..].iter().take_while(|&&b| b == b' ').count();
        // Fluent keeps the spaces of a line's end only before a line feed,
        // where they are no doubled space.
        if bytes.get(end) != Some(&b'\n') {
            found(Punct {
                span: at..end,
                what: "a doubled space",
                help: "write one space",
                fix: Some(" ".into()),
            });
        }
        from = end;
    }
    // Only punctuation is looked at: the ASCII marks, and the lead bytes
    // of the full-width ones (。、 start with E3, ，：；！？ with EF).
    let mut from = 0;
    while let Some(k) = bytes[from..].iter().position(|&b| PUNCT[usize::from(b)]) {
        let i = from + k;
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        from = i + c.len_utf8();
        let next = text[from..].chars().next();
        let mut back = text[..i].chars().rev();
        let (before, before2) = (back.next(), back.next());
        let ends_clause = next.is_none_or(char::is_whitespace);
        if !matches!(c, ',' | '.' | ';' | ':' | '!' | '?') {
            if style != Style::FullWidth
                && matches!(c, '，' | '。' | '：' | '；' | '！' | '？' | '、')
            {
                found(Punct {
                    span: i..i + c.len_utf8(),
                    what: "full-width punctuation, which this language does not use",
                    help: "write the half-width mark (`,` `.` `:` `;` `!` `?`) with the spacing of the language",
                    fix: half_width(c, before, next, style),
                });
            }
            continue;
        }
        let span = i..i + 1;
        match style {
            Style::FullWidth => {
                // After Chinese or Japanese text, a half-width mark that
                // ends the text, or that stands between two of their
                // characters.
                let after_cjk = before.is_some_and(is_cjk);
                let before_cjk = || {
                    text[i + 1..]
                        .chars()
                        .find(|c| *c != ' ')
                        .is_some_and(is_cjk)
                };
                if after_cjk && (next.is_none() || before_cjk()) {
                    found(Punct {
                        span,
                        what: "half-width punctuation in Chinese or Japanese text",
                        help: "write the full-width mark (。、：；！？)",
                        fix: Some(full_width(c).to_string()),
                    });
                }
            }
            Style::French if matches!(c, ';' | ':' | '!' | '?') && ends_clause => {
                if before.is_some_and(char::is_alphanumeric) {
                    found(Punct {
                        span,
                        what: "no space before `; : ! ?` in French",
                        help: "put a narrow no-break space (U+202F) before it",
                        fix: Some(format!("\u{202f}{c}")),
                    });
                } else if before == Some(' ') {
                    found(Punct {
                        span: i - 1..i + 1,
                        what:
                            "an ordinary space before `; : ! ?` in French, where a line may break",
                        help: "use a narrow no-break space (U+202F) instead",
                        fix: Some(format!("\u{202f}{c}")),
                    });
                }
            }
            _ => {
                // A space before the mark, where the mark ends a clause (a
                // space before `.ftl` or `.hint` is no punctuation).
                if before == Some(' ') && ends_clause && before2.is_some_and(|p| !p.is_whitespace())
                {
                    found(Punct {
                        span: i - 1..i + 1,
                        what: "a space before punctuation",
                        help: "delete the space",
                        fix: Some(c.to_string()),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words<'a>(hay: &'a str, needle: &'a str, fold: bool) -> Vec<&'a str> {
        find_words(hay, needle, fold, false)
            .map(|r| &hay[r])
            .collect()
    }

    #[test]
    fn whole_words_in_each_script() {
        assert_eq!(words("Accounts and account", "account", false), ["account"]);
        assert_eq!(words("Accounts and account", "account", true), ["account"]);
        assert_eq!(
            find_word("the accounts", "account", false, true),
            Some(4..12)
        );
        assert_eq!(words("ÉTAT, état", "état", true), ["ÉTAT", "état"]);
        assert_eq!(
            words("パラメーターを確認", "パラメータ", false),
            Vec::<&str>::new()
        );
        assert_eq!(
            words("パラメータを確認", "パラメータ", false),
            ["パラメータ"]
        );
        // Han has no word boundaries.
        assert_eq!(words("客服管理员", "客服", false), ["客服"]);
        assert_eq!(words("", "x", false), Vec::<&str>::new());
        assert_eq!(find_word("x", "", false, false), None);
    }

    fn nums(t: &str) -> Vec<&str> {
        numbers(t).map(|r| &t[r]).collect()
    }

    #[test]
    fn numbers_not_tokens() {
        assert_eq!(nums("重试 3 次，最多 1,000 条"), ["3", "1,000"]);
        assert_eq!(nums("H5 与 base64、UTF-8 和 v1.2"), Vec::<&str>::new());
        assert_eq!(nums("超过 5MB；１０秒"), ["5", "１０"]);
        assert_eq!(nums("版本 2.5."), ["2.5"]);
        assert!(same_number("1,000", "1 000"));
        assert!(same_number("１０", "10"));
        assert!(!same_number("10", "100"));
        assert!(has_number_in_words("Try three times.", "3"));
        assert!(!has_number_in_words("Try 30 times.", "3"));
        assert!(!has_number_in_words("Try 3 times.", "11"));
    }

    fn toks(t: &str) -> Vec<(&str, bool)> {
        tokens(t)
            .map(|k| (&t[k.span], k.case == TokenCase::Exact))
            .collect()
    }

    #[test]
    fn tokens_and_their_case() {
        assert_eq!(
            toks("请检查 SDKAppID、qaid、App 和 HTTP 的 URL。"),
            [
                ("SDKAppID", true),
                ("qaid", false),
                ("App", false),
                ("HTTP", true),
                ("URL", true)
            ]
        );
        assert_eq!(
            toks("见 https://example.com/a?b=1。或 UTF-8, v1.2 与 error_code"),
            [
                ("https://example.com/a?b=1", true),
                ("UTF-8", true),
                ("v1.2", true),
                ("error_code", true)
            ]
        );
        assert_eq!(toks("a 与 é"), Vec::<(&str, bool)>::new());
    }

    fn punct(t: &str, style: Style) -> Vec<(&str, &'static str)> {
        let mut out = Vec::new();
        punctuation(t, style, |p| out.push((&t[p.span], p.what)));
        out
    }

    #[test]
    fn punctuation_per_style() {
        assert!(punct("パラメーターを確認してください。", Style::FullWidth).is_empty());
        assert_eq!(punct("確認してください.", Style::FullWidth).len(), 1);
        assert_eq!(punct("エラー,再試行", Style::FullWidth).len(), 1);
        assert_eq!(punct("エラー, 再試行", Style::FullWidth).len(), 1);
        // Between Latin text, half-width is right.
        assert!(punct("SDKAppID, qaid を確認", Style::FullWidth).is_empty());
        assert!(punct("Check the URL. Try again.", Style::Spaced).is_empty());
        assert_eq!(punct("Check the URL . Try  again", Style::Spaced).len(), 2);
        assert!(punct("Edit the .ftl file", Style::Spaced).is_empty());
        assert_eq!(punct("Erreur ：réessayez", Style::Spaced).len(), 1);
        assert!(punct("Erreur\u{202f}: réessayez\u{202f}!", Style::French).is_empty());
        assert_eq!(punct("Erreur : réessayez!", Style::French).len(), 2);
        // The colon of `://` ends no clause; the one after the URL does.
        assert_eq!(
            punct("Voir https://example.com: ok", Style::French),
            [(":", "no space before `; : ! ?` in French")]
        );
    }

    /// The text with the fix of its finding at `k` applied.
    fn fixed(t: &str, style: Style, k: usize) -> Option<String> {
        let mut all = Vec::new();
        punctuation(t, style, |p| all.push(p));
        let p = all.swap_remove(k);
        let fix = p.fix?;
        Some(format!("{}{fix}{}", &t[..p.span.start], &t[p.span.end..]))
    }

    #[test]
    fn punctuation_fixes() {
        let cases = [
            ("Try  again", Style::Spaced, "Try again"),
            ("Erreur，réessayez", Style::Spaced, "Erreur, réessayez"),
            ("Done。", Style::Spaced, "Done."),
            ("Check the URL .", Style::Spaced, "Check the URL."),
            ("確認してください.", Style::FullWidth, "確認してください。"),
            ("エラー,再試行", Style::FullWidth, "エラー，再試行"),
            (
                "Erreur：réessayez",
                Style::French,
                "Erreur\u{202f}: réessayez",
            ),
            ("réessayez!", Style::French, "réessayez\u{202f}!"),
            ("Erreur : ok", Style::French, "Erreur\u{202f}: ok"),
        ];
        for (text, style, want) in cases {
            assert_eq!(fixed(text, style, 0).as_deref(), Some(want), "{text}");
            assert!(
                punct(want, style).is_empty(),
                "{want}: {:?}",
                punct(want, style)
            );
        }
        // After a space, the half-width mark would be a finding of its own.
        assert_eq!(fixed("Erreur ：ok", Style::Spaced, 0), None);
    }

    proptest::proptest! {
        /// A fix removes its finding and makes no other: the text it
        /// gives has fewer findings of its kind and no more in all (a
        /// doubled space before a comma hid the space before it).
        #[test]
        fn a_fix_leaves_fewer_findings(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'é', '7', '字', 'ア', ' ', ' ', '\u{202f}', ',', '.', ':', ';', '!', '?',
                '，', '。', '：', '；', '！', '？', '、', '/',
            ]), 0..24),
            style in proptest::sample::select(vec![Style::FullWidth, Style::French, Style::Spaced]),
        ) {
            let t: String = chars.into_iter().collect();
            let before = punct(&t, style);
            for (k, (_, what)) in before.iter().enumerate() {
                if let Some(f) = fixed(&t, style, k) {
                    let after = punct(&f, style);
                    let kind = |l: &[(&str, &str)]| l.iter().filter(|p| p.1 == *what).count();
                    proptest::prop_assert!(
                        kind(&after) < kind(&before) && after.len() <= before.len(),
                        "{t:?} → {f:?} ({style:?}): {before:?} → {after:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn han_and_endings() {
        assert_eq!(han_run("Check the 参数 now"), Some(10..16));
        assert_eq!(han_run("パラメーター"), None);
        assert!(ends_sentence("Try again."));
        assert!(ends_sentence("再試行してください。"));
        assert!(ends_sentence("Call (see docs.)"));
        assert!(!ends_sentence("Try again"));
    }
}
