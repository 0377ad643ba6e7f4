//! The catalog model: error codes, their source-locale messages and where they
//! came from. No I/O happens here; the source reader builds a [`Catalog`] and
//! every later stage (locales, checks, rendering) only reads it.

use std::cmp::Ordering;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

/// Prefix of the Fluent message id of every error code.
pub const ERROR_ID_PREFIX: &str = "error-";
/// Prefix of the Fluent message ids errbook derives from the page itself
/// (title, intro, column headers, group names).
pub const META_ID_PREFIX: &str = "errbook-";

/// An error code, as written in the code column.
///
/// Codes are either integers (`60002`, `-10001`), hexadecimal numbers
/// (`0x1A2B`) or identifier-like strings (`FailedOperation.AccountNotFound`,
/// `R:00008`). Anything else (spaces, several codes in one cell, ranges) is not
/// a code and is refused by the source reader.
///
/// A code is shared: cloning it (every source message holds its entry's
/// code) allocates nothing.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Code(Arc<str>);

/// What kind of code a [`Code`] is; decides how codes sort.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeKind {
    /// A decimal integer, possibly negative.
    Number(i128),
    /// A hexadecimal integer written `0x…`.
    Hex(u128),
    /// An identifier-like string.
    Text,
}

/// Why a cell's text is not a [`Code`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// The cell is empty.
    #[error("the code is empty")]
    Empty,
    /// The cell contains whitespace, so it is several words or several codes.
    #[error("a code cannot contain whitespace")]
    Whitespace,
    /// The cell holds more than one code, e.g. `400103/400104` or `4440（10100）`.
    #[error("the cell holds more than one code")]
    Several,
    /// The cell holds a range such as `120001 - 130000`.
    #[error("the cell holds a range of codes, not one code")]
    Range,
    /// Some character cannot appear in a code.
    #[error("`{0}` cannot appear in a code")]
    BadChar(char),
    /// The number does not fit in 128 bits.
    #[error("the number is too large")]
    TooLarge,
}

impl Code {
    /// Parses a code cell's text (already trimmed).
    pub fn parse(text: &str) -> Result<Code, CodeError> {
        if text.is_empty() {
            return Err(CodeError::Empty);
        }
        // Most codes are one word of ASCII letters, digits and `_ . : -`,
        // which can be neither a range nor several codes.
        let word = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-');
        // (`2001-2099` and `2001..2099` are such words, but ranges.)
        let range_like = || text.contains(['-', '.']) && Code::parse_range(text).is_some();
        if text.bytes().all(word) && !range_like() {
            return Code::parse_single(text);
        }
        Code::parse_general(text)
    }

    /// [`Code::parse`] without its shortcut.
    fn parse_general(text: &str) -> Result<Code, CodeError> {
        if Code::parse_range(text).is_some() {
            return Err(CodeError::Range);
        }
        if Code::parse_list(text).is_some()
            || (text.contains(['（', '(']) && several(text, &['（', '(', ')', '）']).is_some())
        {
            return Err(CodeError::Several);
        }
        if text.chars().any(char::is_whitespace) {
            return Err(CodeError::Whitespace);
        }
        Code::parse_single(text)
    }

    /// The first and last code of a range (`120001 - 130000`,
    /// `DIS.5000~DIS.5999`, `4000～4999`, `2001..2099`), when both ends
    /// are codes; also `2001-2099` with both ends of as many digits, the
    /// first below the last.
    pub fn parse_range(text: &str) -> Option<(Code, Code)> {
        let text = text.trim();
        let (a, b) = text
            .split_once(['~', '～', '—', '–'])
            .or_else(|| text.split_once(" - "))
            .or_else(|| text.split_once(".."))
            .or_else(|| {
                let (a, b) = text.split_once('-')?;
                let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
                (digits(a) && digits(b) && a.len() == b.len() && a < b).then_some((a, b))
            })?;
        Some((
            Code::parse_single(a.trim()).ok()?,
            Code::parse_single(b.trim()).ok()?,
        ))
    }

    /// The codes of a cell that lists several (`1001、1002`, `1001/1002`,
    /// `1001, 1002；1003`), when every part is one code.
    pub fn parse_list(text: &str) -> Option<Vec<Code>> {
        several(text, &['/', '、', ',', '，', ';', '；'])
    }

    fn parse_single(text: &str) -> Result<Code, CodeError> {
        if text.is_empty() {
            return Err(CodeError::Empty);
        }
        if text.chars().any(char::is_whitespace) {
            return Err(CodeError::Whitespace);
        }
        let digits = text.strip_prefix('-').unwrap_or(text);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            text.parse::<i128>().map_err(|_| CodeError::TooLarge)?;
            return Ok(Code(text.into()));
        }
        if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
            if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                u128::from_str_radix(hex, 16).map_err(|_| CodeError::TooLarge)?;
                return Ok(Code(text.into()));
            }
        }
        let mut chars = text.chars();
        let first = chars.next().ok_or(CodeError::Empty)?;
        if first.is_ascii_digit() && number_in_parts(text) {
            return Ok(Code(text.into()));
        }
        if first.is_ascii_digit() || first == '-' {
            // A number with something else in it: name the odd character.
            let bad = text
                .chars()
                .skip(1)
                .find(|c| !c.is_ascii_digit())
                .unwrap_or(first);
            return Err(CodeError::BadChar(bad));
        }
        if !(first.is_ascii_alphabetic() || first == '_') {
            return Err(CodeError::BadChar(first));
        }
        if let Some(bad) = chars.find(|&c| !(c.is_ascii_alphanumeric() || "_.:-".contains(c))) {
            return Err(CodeError::BadChar(bad));
        }
        Ok(Code(text.into()))
    }

    /// The code as written in the source.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The kind of code, with its numeric value when it has one.
    pub fn kind(&self) -> CodeKind {
        if let Ok(n) = self.0.parse::<i128>() {
            return CodeKind::Number(n);
        }
        if let Some(hex) = self
            .0
            .strip_prefix("0x")
            .or_else(|| self.0.strip_prefix("0X"))
        {
            if let Ok(n) = u128::from_str_radix(hex, 16) {
                return CodeKind::Hex(n);
            }
        }
        CodeKind::Text
    }

    /// The Fluent message id of this code.
    ///
    /// The rule (documented in `docs/locales.md`): `error-` followed by the
    /// code, where every character a Fluent identifier cannot hold (`.` and
    /// `:`) becomes `_`. `60002` → `error-60002`, `-10001` → `error--10001`,
    /// `FailedOperation.AccountNotFound` → `error-FailedOperation_AccountNotFound`.
    /// Two codes that map to the same id are refused by the source reader.
    pub fn message_id(&self) -> String {
        let mut id = String::with_capacity(ERROR_ID_PREFIX.len() + self.0.len());
        id.push_str(ERROR_ID_PREFIX);
        id.extend(self.0.chars().map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        }));
        id
    }
}

/// The parts of `text` between `separators` as codes, when there are two
/// or more and every one is a code.
fn several(text: &str, separators: &[char]) -> Option<Vec<Code>> {
    let parts: Vec<&str> = text
        .split(separators)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    parts.iter().map(|p| Code::parse_single(p).ok()).collect()
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl Ord for Code {
    /// Numbers (decimal or hex) by value first, then text codes in byte order.
    fn cmp(&self, other: &Self) -> Ordering {
        fn key(c: &Code) -> (u8, i128) {
            match c.kind() {
                CodeKind::Number(n) => (0, n),
                CodeKind::Hex(n) => (0, i128::try_from(n).unwrap_or(i128::MAX)),
                CodeKind::Text => (1, 0),
            }
        }
        key(self)
            .cmp(&key(other))
            .then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// One row of an error table.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    /// The error code.
    pub code: Code,
    /// The message: the cell's text, inline Markdown reduced to plain text,
    /// `<br>` as a line break, surrounding whitespace trimmed.
    pub message: Arc<str>,
    /// The hint (处理建议, 解决方案 …) when the table has such a column and the
    /// cell is not empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<Arc<str>>,
    /// The group: the heading (or bold label) above the table, if any (one
    /// string for all the entries of a group).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<Arc<str>>,
    /// Set on a row that repeats a code with another message: what tells it
    /// apart from the code's first row (the value of another column, or its
    /// place among the code's rows, `2`, `3` …). Its message id is the
    /// code's with `-` and this; the code's first row has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<Arc<str>>,
    /// For a row that documents a range of codes (`120001 - 130000`): the
    /// last code; `code` is the first, and `variant` is `to-` and the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range_end: Option<Code>,
    /// The row's other columns (an HTTP status, a symbolic name, a class)
    /// and the code's alias (`0x0` in `0(0x0)`), by name, in table order;
    /// empty cells left out. Serialised as an object.
    #[serde(
        skip_serializing_if = "<[Attribute]>::is_empty",
        serialize_with = "attributes_map"
    )]
    pub attributes: Box<[Attribute]>,
    /// The message in English, when the table has an English message
    /// column beside the source one (`英文描述`): it seeds the en-US
    /// translation, marked for review.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub english: Option<Arc<str>>,
    /// 1-based line of the row in the source file.
    pub line: usize,
    /// Byte range of the code cell's text in the source file.
    #[serde(skip)]
    pub code_span: Range<usize>,
    /// Byte range of the message cell's text in the source file.
    #[serde(skip)]
    pub message_span: Range<usize>,
}

/// A named value of an entry: another column of its row, or its alias.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    /// The column's header (one string for all the entries of a table),
    /// or [`ALIAS`].
    pub name: Arc<str>,
    /// The cell's text.
    pub value: Arc<str>,
}

/// The name of the attribute that holds a code's alias.
pub const ALIAS: &str = "alias";

/// The name of the attribute that holds words in parentheses after a code
/// (`deprecated` in `1001 (deprecated)`).
pub const NOTE: &str = "note";

/// Serialises attributes as an object, by name, in order.
pub fn attributes_map<S: serde::Serializer>(attrs: &[Attribute], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(attrs.iter().map(|a| (&*a.name, &*a.value)))
}

impl Entry {
    /// The value of the attribute `name`, if the entry has it.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| &*a.name == name)
            .map(|a| &*a.value)
    }

    /// The Fluent message id of this entry: its code's
    /// ([`Code::message_id`]), and for a variant `-` and the variant, with
    /// every character a Fluent identifier cannot hold as `_`
    /// (`error-301600-7`, `error-0-2`).
    pub fn message_id(&self) -> String {
        match &self.variant {
            None => self.code.message_id(),
            Some(v) => variant_id(&self.code, v),
        }
    }
}

/// The message id of the variant `variant` of `code` (see
/// [`Entry::message_id`]).
pub fn variant_id(code: &Code, variant: &str) -> String {
    let mut id = code.message_id();
    id.push('-');
    id.extend(variant.chars().map(|c| {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            c
        } else {
            '_'
        }
    }));
    id
}

/// The column headers of the catalog's (first) error table.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Columns {
    /// Header of the code column.
    pub code: String,
    /// Header of the message column.
    pub message: String,
    /// Header of the hint column, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Header of the English message column, when there is one beside
    /// the source one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub english: Option<String>,
    /// The names of the entries' attributes, in order of first appearance
    /// over all the tables.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<String>,
}

/// The error-code catalog read from the source document.
#[derive(Clone, Debug, Serialize)]
pub struct Catalog {
    /// The source locale (BCP 47), `zh-CN` unless configured otherwise.
    pub locale: String,
    /// The document's title (its first top-level heading).
    pub title: Option<String>,
    /// The paragraph that introduces the table(s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    /// Column headers.
    pub columns: Columns,
    /// The entries, in document order.
    pub entries: Vec<Entry>,
    /// Path of the source document, as given.
    #[serde(skip)]
    pub path: PathBuf,
}

/// What a source message stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageKind {
    /// The page title.
    Title,
    /// The introduction.
    Intro,
    /// A column header.
    Column,
    /// A group name.
    Group,
    /// An error code.
    Error,
}

/// One Fluent message the source locale defines: the unit that locales
/// translate, sync keeps in step and check compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceMessage {
    /// The Fluent message id.
    pub id: String,
    /// The source-locale text of the value (an error message's is its
    /// catalog entry's message, shared).
    pub value: Arc<str>,
    /// The source-locale text of the `.hint` attribute, if any.
    pub hint: Option<Arc<str>>,
    /// What the message stands for.
    pub kind: MessageKind,
    /// The code, for error messages.
    pub code: Option<Code>,
    /// The group, for error messages in a group.
    pub group: Option<Arc<str>>,
    /// The message in English from the page's English column, which seeds
    /// an English locale ([`Entry::english`]).
    pub english: Option<Arc<str>>,
    /// Byte range in the source document the text comes from (for diagnostics).
    pub span: Range<usize>,
}

impl SourceMessage {
    /// An error message with only an id and a text (no code, group, hint or
    /// place): what tests and fuzz targets build source messages from.
    pub fn plain(id: &str, value: &str) -> SourceMessage {
        SourceMessage {
            id: id.to_owned(),
            value: value.into(),
            hint: None,
            kind: MessageKind::Error,
            code: None,
            group: None,
            english: None,
            span: 0..0,
        }
    }
}

impl Catalog {
    /// The distinct groups, in order of first appearance.
    pub fn groups(&self) -> Vec<&str> {
        let mut seen = rustc_hash::FxHashSet::<&str>::default();
        let mut groups = Vec::new();
        let mut last = None;
        for e in &self.entries {
            // Entries of a group mostly follow one another.
            let g = e.group.as_deref();
            if g != last {
                last = g;
                if let Some(g) = g {
                    if seen.insert(g) {
                        groups.push(g);
                    }
                }
            }
        }
        groups
    }

    /// Every message the source locale defines, in file order: title,
    /// intro, column headers, group names, then one per entry.
    pub fn messages(&self) -> Vec<SourceMessage> {
        let groups = self.groups();
        // Five meta messages at most, one per group, one per entry: sized
        // once, since growing a list of a large catalog's would copy it.
        let mut out = Vec::with_capacity(5 + groups.len() + self.entries.len());
        let mut meta = |id: &str, value: Option<&str>, kind| {
            if let Some(v) = value {
                // A column header the page writes in English (`HTTP
                // CODE`) is its own English.
                let english =
                    if let Some(name) = id.strip_prefix("column-").and_then(attribute_english) {
                        Some(name.into())
                    } else {
                        (kind == MessageKind::Column && is_latin(v)).then(|| v.into())
                    };
                out.push(SourceMessage {
                    id: format!("{META_ID_PREFIX}{id}"),
                    value: v.into(),
                    hint: None,
                    kind,
                    code: None,
                    group: None,
                    english,
                    span: 0..0,
                });
            }
        };
        meta("title", self.title.as_deref(), MessageKind::Title);
        meta("intro", self.intro.as_deref(), MessageKind::Intro);
        meta("column-code", Some(&self.columns.code), MessageKind::Column);
        meta(
            "column-message",
            Some(&self.columns.message),
            MessageKind::Column,
        );
        meta(
            "column-hint",
            self.columns.hint.as_deref(),
            MessageKind::Column,
        );
        for name in &self.columns.attributes {
            let label = attribute_label(name, &self.locale);
            meta(
                &attribute_id_suffix(name),
                Some(&label),
                MessageKind::Column,
            );
        }
        for g in groups {
            meta(&group_id_suffix(g), Some(g), MessageKind::Group);
        }
        // The texts are shared with the entries; the id and code are made
        // for each of a hundred thousand entries: in parallel.
        use rayon::prelude::*;
        out.par_extend(
            self.entries
                .par_iter()
                .with_min_len(4096)
                .map(|e| SourceMessage {
                    id: e.message_id(),
                    value: e.message.clone(),
                    hint: e.hint.clone(),
                    kind: MessageKind::Error,
                    code: Some(e.code.clone()),
                    group: e.group.clone(),
                    english: e.english.clone(),
                    span: e.message_span.clone(),
                }),
        );
        out
    }
}

/// True when `text` is a number in parts: digits in two or more groups
/// joined by one kind of separator, `:` (`2:01`, `100:97`), `.`
/// (`0.089583`, `1.2.3`) or `_`, or two groups joined by `-` (`2-67`, a
/// carrier's code): a code, not a date (`2023-01-05`) nor a UUID.
fn number_in_parts(text: &str) -> bool {
    let Some(sep) = text.chars().find(|c| !c.is_ascii_digit()) else {
        return false;
    };
    if !":._-".contains(sep) {
        return false;
    }
    let parts: Vec<&str> = text.split(sep).collect();
    parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && (sep != '-' || parts.len() == 2)
}

/// The id suffix of a group's message: `group-` and eight hex digits of a
/// hash of the group's name (FNV-1a, stable across platforms and releases), so
/// that inserting a group does not renumber the others.
pub fn group_id_suffix(name: &str) -> String {
    format!("group-{:08x}", fnv1a32(name.as_bytes()))
}

/// The id suffix of an attribute column's header: `column-alias` for the
/// alias, else `column-` and eight hex digits of a hash of the header, as
/// for a group.
pub fn attribute_id_suffix(name: &str) -> String {
    if name == ALIAS || name == NOTE {
        format!("column-{name}")
    } else {
        format!("column-{:08x}", fnv1a32(name.as_bytes()))
    }
}

/// The Fluent message id of an attribute column's header.
pub fn attribute_message_id(name: &str) -> String {
    format!("{META_ID_PREFIX}{}", attribute_id_suffix(name))
}

/// The source-locale text of an attribute's name: the header as written,
/// or for the alias, the word in the source language.
fn attribute_label(name: &str, locale: &str) -> String {
    let words = match name {
        ALIAS => ["别名", "別名", "별칭", "Alias"],
        NOTE => ["备注", "備考", "비고", "Note"],
        _ => return name.to_owned(),
    };
    match language_of(locale) {
        "zh" => words[0],
        "ja" => words[1],
        "ko" => words[2],
        _ => words[3],
    }
    .to_owned()
}

/// The English name of a built-in attribute ([`ALIAS`], [`NOTE`]).
pub fn attribute_english(name: &str) -> Option<&'static str> {
    match name {
        ALIAS => Some("Alias"),
        NOTE => Some("Note"),
        _ => None,
    }
}

/// The language subtag of a BCP 47 tag (`zh` of `zh-Hant-TW`), lowercase
/// as tags are written.
pub fn language_of(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or("")
}

/// The Fluent message id of a group.
pub fn group_message_id(name: &str) -> String {
    format!("{META_ID_PREFIX}{}", group_id_suffix(name))
}

fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// True when `text` has letters and no Chinese, Japanese or Korean
/// character (`HTTP CODE`, `Status`).
pub fn is_latin(text: &str) -> bool {
    let cjk = |c: char| {
        is_han(c)
            || matches!(c, '\u{3040}'..='\u{30ff}' | '\u{ac00}'..='\u{d7af}' | '\u{1100}'..='\u{11ff}')
    };
    text.chars().any(char::is_alphabetic) && !text.chars().any(cjk)
}

/// A Chinese (Han) character.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ebef}')
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_shortcut_parses_as_the_general_rules(
            text in "[0-9a-fA-FxX_.:~～—– /、,，（(）)\\-]{0,10}"
        ) {
            proptest::prop_assert_eq!(Code::parse(&text), Code::parse_general(&text));
        }
    }

    #[test]
    fn codes_parse() {
        for ok in [
            "60002",
            "-10001",
            "0x1A",
            "FailedOperation.AccountNotFound",
            "R:00008",
            "AV_ERR_FAILED",
            "InvalidParameter.principal.Error",
        ] {
            assert_eq!(Code::parse(ok).unwrap().as_str(), ok);
        }
        assert_eq!(Code::parse(""), Err(CodeError::Empty));
        assert_eq!(Code::parse("400103/400104"), Err(CodeError::Several));
        assert_eq!(Code::parse("4440（10100）"), Err(CodeError::Several));
        assert_eq!(Code::parse("120001 - 130000"), Err(CodeError::Range));
        assert_eq!(
            Code::parse("Request has expired"),
            Err(CodeError::Whitespace)
        );
        assert_eq!(Code::parse("错误"), Err(CodeError::BadChar('错')));
        assert_eq!(Code::parse("650(660\\99"), Err(CodeError::BadChar('(')));
    }

    #[test]
    fn codes_sort_numbers_first() {
        let mut v: Vec<Code> = ["B", "100", "-5", "0x10", "A", "9"]
            .iter()
            .map(|c| Code::parse(c).unwrap())
            .collect();
        v.sort();
        let s: Vec<&str> = v.iter().map(Code::as_str).collect();
        assert_eq!(s, ["-5", "9", "0x10", "100", "A", "B"]);
    }

    #[test]
    fn message_ids() {
        let id = |c: &str| Code::parse(c).unwrap().message_id();
        assert_eq!(id("60002"), "error-60002");
        assert_eq!(id("-10001"), "error--10001");
        assert_eq!(
            id("FailedOperation.AccountNotFound"),
            "error-FailedOperation_AccountNotFound"
        );
        assert_eq!(id("R:00008"), "error-R_00008");
    }

    #[test]
    fn group_ids_are_stable() {
        assert_eq!(group_id_suffix("通用错误码"), group_id_suffix("通用错误码"));
        assert_ne!(group_id_suffix("a"), group_id_suffix("b"));
        assert_eq!(group_id_suffix(""), "group-811c9dc5");
    }
}
