//! Which column of a table header is the code, the message and the hint.
//!
//! Real pages name their columns in many ways (错误码, 错误代码, 返回码,
//! 状态码, `code` …) and often carry other columns beside them (an HTTP
//! status, an English description, "是否收费"). The header decides; the user
//! can name a column when it cannot.

pub use crate::catalog::{is_han, is_latin};

/// Header names that mark the code column, after [`normalise`].
const CODE_NAMES: &[&str] = &[
    "错误码",
    "错误代码",
    "返回码",
    "状态码",
    "告警码",
    "错误码值",
    "错误码取值",
    "错误编码",
    "code",
    "errorcode",
    "statuscode",
    "returncode",
    "retcode",
    "errcode",
    "エラーコード",
    "コード",
];

/// Header names of a column of numbers that is the value of the names
/// beside it (`错误码 | 取值`): the code, when the named column holds names.
/// (Not a status or a count: those are attributes.)
const VALUE_NAMES: &[&str] = &[
    "值",
    "取值",
    "数值",
    "码值",
    "错误码值",
    "十进制值",
    "枚举值",
    "value",
    "numericvalue",
    "code值",
];

/// Header names that mark the message column, best first. A column named
/// by the source language (`zh-CN`, `中文`) is the message.
const MESSAGE_NAMES: &[&str] = &[
    "zh-cn",
    "zh_cn",
    "zh-hans",
    "zh",
    "中文",
    "简体中文",
    "chinese",
    "错误码说明",
    "错误说明",
    "错误描述",
    "错误中文描述",
    "中文描述",
    "错误含义",
    "错误信息",
    "具体含义",
    "含义说明",
    "说明",
    "描述",
    "含义",
    "意义",
    "返回信息",
    "提示信息",
    "错误提示",
    "message",
    "description",
    "meaning",
    "errormessage",
    "説明",
    "エラーメッセージ",
    "内容",
];

/// Substrings that make a header a message column candidate when no name
/// matches exactly.
const MESSAGE_WORDS: &[&str] = &[
    "说明",
    "描述",
    "含义",
    "意义",
    "信息",
    "消息",
    "message",
    "description",
];

/// Header names and substrings that mark the hint column.
const HINT_NAMES: &[&str] = &[
    "处理建议",
    "处理措施",
    "解决方案",
    "解决方法",
    "解决办法",
    "处理方法",
    "处理方式",
    "操作建议",
    "排查建议",
    "建议方案",
    "建议",
    "suggestion",
    "solution",
    "action",
    "whattodo",
    "howtofix",
    "resolution",
    "対処方法",
    "対処法",
    "解決方法",
];
const HINT_WORDS: &[&str] = &[
    "建议", "措施", "解决", "处理", "suggest", "solution", "対処",
];

/// Words that rule a column out as the source-locale message.
const FOREIGN_WORDS: &[&str] = &["英文", "english", "en-us", "en_us", "en-gb"];

/// Normalises a header for matching: lowercase, no whitespace (NBSP
/// included), no parenthesised aside (`模块错误码（codeDesc）` →
/// `模块错误码`), no trailing colon.
pub fn normalise(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut depth = 0usize;
    for c in header.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            c if depth > 0 || c.is_whitespace() => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out.trim_end_matches([':', '：']).to_owned()
}

/// True when a header names a message or hint column (说明, 描述, 处理建议
/// …): text for people, never a code.
pub fn names_text(header: &str) -> bool {
    let n = normalise(header);
    MESSAGE_NAMES.contains(&n.as_str())
        || HINT_NAMES.contains(&n.as_str())
        || MESSAGE_WORDS
            .iter()
            .chain(HINT_WORDS)
            .any(|w| n.contains(w))
}

/// The roles of a table's columns (0-based indices).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Roles {
    /// The code column.
    pub code: usize,
    /// The message column.
    pub message: usize,
    /// The hint column, if any.
    pub hint: Option<usize>,
    /// A column with the message in English beside a message in another
    /// language (`英文描述`, or English sentences by content): never the
    /// source text, it seeds the en-US translation.
    pub english: Option<usize>,
    /// Every other column with a header (an HTTP status, a symbolic name, a
    /// class), in table order: kept as the entry's named attributes. A row
    /// number is none.
    pub attributes: Vec<usize>,
    /// Why the code and message columns were chosen, and the runners-up
    /// (`errbook extract --explain`).
    pub why: Box<Reasons>,
}

/// Why a table's columns were chosen, in words: what `errbook extract
/// --explain` says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reasons {
    /// Why the code column.
    pub code: String,
    /// The next column in line for the code, and why it lost.
    pub code_runner_up: Option<(usize, String)>,
    /// Why the message column.
    pub message: String,
    /// The next column in line for the message, and why it lost.
    pub message_runner_up: Option<(usize, String)>,
}

/// Columns the user named, by header text or 1-based index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnChoice {
    /// The code column.
    pub code: Option<String>,
    /// The message column.
    pub message: Option<String>,
    /// The hint column.
    pub hint: Option<String>,
    /// The tables to read, by their heading's text or 1-based number
    /// (`extract.tables`, `--table`); empty: every error table.
    pub tables: Vec<String>,
}

impl ColumnChoice {
    /// True when table `number` (1-based, in document order), under
    /// `heading`, is one to read.
    pub fn selects(&self, number: usize, heading: Option<&str>) -> bool {
        self.tables.is_empty() || self.tables.iter().any(|t| names_table(t, number, heading))
    }
}

/// True when `name` (a heading's text, or a 1-based number) names table
/// `number` under `heading`.
pub fn names_table(name: &str, number: usize, heading: Option<&str>) -> bool {
    let name = name.trim();
    match name.parse::<usize>() {
        Ok(n) => n == number,
        // The heading as written, with any spacing and case: `错误码（v2）`
        // is not `错误码（v1）`.
        Err(_) => heading.is_some_and(|h| {
            let squeeze = |t: &str| -> String {
                t.chars()
                    .filter(|c| !c.is_whitespace())
                    .flat_map(char::to_lowercase)
                    .collect()
            };
            h.trim() == name || squeeze(h) == squeeze(name)
        }),
    }
}

/// Why a table's columns could not be assigned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RolesError {
    /// No column is a code column: not an error table.
    NoCode,
    /// The code column is known but not the message column.
    NoMessage {
        /// The code column.
        code: usize,
    },
    /// Codes beside names, with no message in Chinese and no word of
    /// errors around: a lookup table, not an error table.
    NoMessageText {
        /// The column of codes.
        code: usize,
    },
}

fn find_named(headers: &[String], name: &str) -> Option<usize> {
    if let Ok(n) = name.trim().parse::<usize>() {
        return (n >= 1 && n <= headers.len()).then(|| n - 1);
    }
    let want = normalise(name);
    headers
        .iter()
        .position(|h| h.trim() == name.trim())
        .or_else(|| headers.iter().position(|h| normalise(h) == want))
}

/// True when `name` names one of `headers` (by text or 1-based index).
pub fn names_column(headers: &[String], name: &str) -> bool {
    find_named(headers, name).is_some()
}

/// Decides the roles of a table's columns from its header.
pub fn assign(headers: &[String], choice: &ColumnChoice) -> Result<Roles, RolesError> {
    let norm: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let code = match &choice.code {
        Some(name) => find_named(headers, name),
        None => norm.iter().position(|h| CODE_NAMES.contains(&h.as_str())),
    }
    .ok_or(RolesError::NoCode)?;
    let hint = hint_column(headers, &norm, code, choice);
    let message = match &choice.message {
        Some(name) => find_named(headers, name).filter(|&i| i != code),
        None => message_by_header(headers, &norm, code, hint),
    };
    let mut roles = roles(code, message, hint)?;
    // By header alone: an English column is one whose header says so.
    roles.english = english_column(headers, &norm, &[], &roles, 0);
    roles.attributes = attribute_columns(headers, &roles, &[]);
    let configured = |name: &Option<String>| {
        name.as_ref()
            .map(|n| format!("named by the configuration (`{n}`)"))
    };
    roles.why = Box::new(Reasons {
        code: configured(&choice.code).unwrap_or_else(|| "its header names the code".to_owned()),
        message: configured(&choice.message).unwrap_or_else(|| {
            message_reason(
                headers,
                roles.message,
                hint_column(headers, &norm, code, choice),
            )
        }),
        ..Reasons::default()
    });
    Ok(roles)
}

/// Why column `m` is the message when its script did not decide: its
/// header, its being the table's only other column, or its being the hint
/// column with no other text.
fn message_reason(headers: &[String], m: usize, hint: Option<usize>) -> String {
    if Some(m) == hint {
        "the hint column, as no other column holds a message".to_owned()
    } else if names_text(&headers[m]) {
        "its header names the message".to_owned()
    } else if headers.len() == 2 {
        "the table's only other column".to_owned()
    } else {
        "the column left beside the code".to_owned()
    }
}

/// The columns that are none of the roles, as attributes: those with a
/// header, except a row number.
fn attribute_columns(headers: &[String], roles: &Roles, shapes: &[Shape]) -> Vec<usize> {
    (0..headers.len())
        .filter(|&i| {
            i != roles.code
                && i != roles.message
                && Some(i) != roles.hint
                && Some(i) != roles.english
                // A column without a header is kept when it has text.
                && (!headers[i].trim().is_empty() || shapes.get(i).is_some_and(|s| s.filled > 0))
                && !shapes.get(i).is_some_and(|s| s.row_number)
        })
        .collect()
}

/// The names of a table's attribute columns (see [`Roles::attributes`]),
/// each once: the header as written, `#3` for a column without one, and a
/// header met twice (or named as the code's alias or note) gets ` 2`,
/// ` 3` …, so that no attribute hides another in errors.json.
pub fn attribute_names(headers: &[String], roles: &Roles) -> Vec<(usize, String)> {
    let mut taken: Vec<String> = vec![
        crate::catalog::ALIAS.to_owned(),
        crate::catalog::NOTE.to_owned(),
    ];
    let mut out = Vec::with_capacity(roles.attributes.len());
    for &i in &roles.attributes {
        let header = headers[i].trim();
        let base = if header.is_empty() {
            format!("#{}", i + 1)
        } else {
            header.to_owned()
        };
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base} {n}");
            n += 1;
        }
        taken.push(name.clone());
        out.push((i, name));
    }
    out
}

/// The hint column once the code column is known: the one the user named,
/// else the one whose header names a hint.
fn hint_column(
    headers: &[String],
    norm: &[String],
    code: usize,
    choice: &ColumnChoice,
) -> Option<usize> {
    match &choice.hint {
        Some(name) => find_named(headers, name).filter(|&i| i != code),
        None => best(norm, code, None, HINT_NAMES, HINT_WORDS),
    }
}

/// The message column by its header alone.
fn message_by_header(
    headers: &[String],
    norm: &[String],
    code: usize,
    hint: Option<usize>,
) -> Option<usize> {
    best(norm, code, hint, MESSAGE_NAMES, MESSAGE_WORDS)
        // A two-column table needs no name for its message column.
        // (`then`, not `then_some`: `1 - code` underflows past column 2.)
        .or_else(|| (headers.len() == 2).then(|| 1 - code))
        // "原因及建议方案" alone: the advice is the message.
        .or(hint)
}

/// The roles, once the columns are chosen.
fn roles(code: usize, message: Option<usize>, hint: Option<usize>) -> Result<Roles, RolesError> {
    let message = message.ok_or(RolesError::NoMessage { code })?;
    Ok(Roles {
        code,
        message,
        hint: hint.filter(|&h| h != message),
        english: None,
        attributes: Vec::new(),
        why: Box::default(),
    })
}

/// A code cell's text as a code would be written: without quotes around
/// it (`'INVALID_ENGINE'`, `“E1”`), a `code=` prefix (`code=10001`), or an
/// alias in parentheses after it (`0(0x0)`, `-50006(或15)`), and with
/// stray no-break spaces trimmed. Other text is returned as it is.
pub fn clean_code(text: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let CodeCell { code: t, .. } = code_cell(text);
    if t.len() == text.len() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(t.to_owned())
    }
}

/// False when [`clean_code`] cannot make a code of `text`: every code it
/// finds is ASCII and starts the cell, once blanks and the quotes around it
/// are set aside, so a cell that starts with another character (a message
/// in Chinese) holds none.
fn may_hold_code(text: &str) -> bool {
    let mut t = text;
    loop {
        let rest = t.trim_start().trim_start_matches(['\'', '"', '“', '‘']);
        if rest.len() == t.len() {
            return t.chars().next().is_none_or(|c| c.is_ascii());
        }
        t = rest;
    }
}

/// What a code cell holds besides its code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CodeCell<'a> {
    /// The code, as [`clean_code`] gives it.
    pub code: &'a str,
    /// The alias written in parentheses after it (`0x0` in `0(0x0)`, `15`
    /// in `-50006(或15)`).
    pub alias: Option<&'a str>,
    /// Words in parentheses after it that are no other name of the code
    /// (`deprecated` in `1001 (deprecated)`).
    pub note: Option<&'a str>,
    /// An English message written after it (`ME01002 appKey error`).
    pub english: Option<&'a str>,
}

/// A code cell's code, with its alias or English message, if any.
pub fn code_cell(text: &str) -> CodeCell<'_> {
    let mut t = text.trim_matches(|c: char| c.is_whitespace());
    for (open, close) in [('\'', '\''), ('"', '"'), ('“', '”'), ('‘', '’')] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            t = inner.trim();
        }
    }
    if let Some((key, value)) = t.split_once('=') {
        if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphabetic()) {
            t = value.trim();
        }
    }
    if let Some(open) = t.find(['(', '（']) {
        let (head, rest) = t.split_at(open);
        let closed = rest.ends_with([')', '）']);
        if closed && crate::catalog::Code::parse(head.trim()).is_ok() {
            let alias = rest[rest.chars().next().map_or(0, char::len_utf8)..]
                .trim_end_matches([')', '）'])
                .trim()
                .trim_start_matches("或")
                .trim_start_matches("or ")
                .trim();
            if let Ok(code) = crate::catalog::Code::parse(alias) {
                // A number, or a constant's name (`INVALID_PARAM`), is
                // another name of the code; words (`deprecated`, `v2`) are
                // a note on it.
                use crate::catalog::CodeKind;
                let constant = alias.contains(['_', ':'])
                    || (alias.bytes().any(|b| b.is_ascii_digit())
                        && alias.chars().all(|c| {
                            c.is_ascii_uppercase() || c.is_ascii_digit() || ".-".contains(c)
                        }));
                let is_alias = !matches!(code.kind(), CodeKind::Text) || constant;
                return CodeCell {
                    code: head.trim(),
                    alias: is_alias.then_some(alias),
                    note: (!is_alias).then_some(alias),
                    english: None,
                };
            }
        }
    }
    // A code with a digit, then English words: `ME01002 appKey error`,
    // `1001: Invalid token`. (Not words alone: `Request has expired`.)
    if let Some((head, rest)) = t.split_once(char::is_whitespace) {
        let head = head.trim_end_matches([':', '：']);
        let rest = rest.trim();
        // Words in parentheses are a note on the code, not its message.
        if let Some(inner) = rest
            .strip_prefix(['(', '（'])
            .and_then(|r| r.strip_suffix([')', '）']))
        {
            if crate::catalog::Code::parse(head).is_ok() && !inner.trim().is_empty() {
                return CodeCell {
                    code: head,
                    note: Some(inner.trim()),
                    ..CodeCell::default()
                };
            }
        }
        let rest = rest.trim_start_matches(['-', ':', '：', '—']).trim();
        if head.bytes().any(|b| b.is_ascii_digit())
            && crate::catalog::Code::parse(head).is_ok()
            && is_latin_text(rest)
        {
            return CodeCell {
                code: head,
                english: Some(rest),
                ..CodeCell::default()
            };
        }
    }
    CodeCell {
        code: t,
        ..CodeCell::default()
    }
}

/// What a column's cells look like.
#[derive(Clone, Debug, Default)]
struct Shape {
    /// Cells with text.
    filled: usize,
    /// Cells that read as one code.
    codes: usize,
    /// Of those, numbers (decimal or hex).
    numbers: usize,
    /// Of those, hex numbers (`0x1001`).
    hex: usize,
    /// Of those, codes with a digit (`ME01002`, not `Message`).
    with_digit: usize,
    /// True when no code repeats.
    unique: bool,
    /// How many different codes.
    distinct: usize,
    /// True when the cells are 1, 2, 3 … in order: a row number.
    row_number: bool,
    /// Cells with Chinese characters (Han).
    han: usize,
    /// Characters in all its cells.
    chars: usize,
    /// How many different texts (a category repeats; a message rarely).
    distinct_text: usize,
    /// Cells in a Latin script with no Han, kana or Hangul, that read as
    /// words (two or more, or one that is no code): English text.
    latin_text: usize,
}

impl Shape {
    fn of(rows: &[Vec<&str>], column: usize) -> Shape {
        use crate::catalog::{Code, CodeKind};
        let mut shape = Shape {
            unique: true,
            row_number: true,
            ..Shape::default()
        };
        let mut seen = rustc_hash::FxHashSet::default();
        let mut texts = rustc_hash::FxHashSet::default();
        for (i, row) in rows.iter().enumerate() {
            let text = row.get(column).map_or("", |t| t.trim());
            if is_blank(text) {
                shape.row_number = false;
                continue;
            }
            shape.filled += 1;
            texts.insert(text);
            shape.chars += text.chars().count();
            if text.chars().any(is_han) {
                shape.han += 1;
            } else if is_latin_text(text) {
                shape.latin_text += 1;
            }
            // A code is ASCII: most cells of a table (its texts) need not
            // be cleaned, nor parsed, to know they are none.
            let cleaned = may_hold_code(text).then(|| clean_code(text));
            let code = match &cleaned {
                Some(c) if c.is_ascii() => Code::parse(c),
                _ => Err(crate::catalog::CodeError::Empty),
            };
            match (code, cleaned) {
                (Ok(code), Some(cleaned)) => {
                    shape.codes += 1;
                    shape.with_digit +=
                        usize::from(code.as_str().bytes().any(|b| b.is_ascii_digit()));
                    match code.kind() {
                        CodeKind::Number(n) => {
                            shape.numbers += 1;
                            shape.row_number &= n == i as i128 + 1;
                        }
                        CodeKind::Hex(_) => {
                            shape.numbers += 1;
                            shape.hex += 1;
                            shape.row_number = false;
                        }
                        CodeKind::Text => shape.row_number = false,
                    }
                    shape.unique &= seen.insert(cleaned);
                }
                _ => shape.row_number = false,
            }
        }
        shape.row_number &= shape.filled > 1;
        shape.distinct = seen.len();
        shape.distinct_text = texts.len();
        shape
    }

    /// Most of its cells are codes.
    fn is_code_like(&self, rows: usize) -> bool {
        self.filled * 2 >= rows && self.filled > 0 && self.codes * 5 >= self.filled * 4
    }
}

/// Header words of columns that hold names, classes or parameters beside
/// the codes (an enum member, an error class, a constant): identifiers, but
/// never the code when the header does not name a code.
const ATTRIBUTE_WORDS: &[&str] = &[
    "类别", "类型", "分类", "名称", "名字", "参数", "字段", "属性", "枚举", "常量", "class",
    "type", "category", "name", "param", "field", "enum", "constant", "key", "示例", "默认",
    "example", "default", "日期", "时间", "版本", "date", "time", "version",
];

/// True when a header names a class, a name or a parameter (see
/// [`ATTRIBUTE_WORDS`]) and no code.
fn names_attribute(norm: &str) -> bool {
    !CODE_NAMES.contains(&norm) && ATTRIBUTE_WORDS.iter().any(|w| norm.contains(w))
}

/// True when `text` reads as words in a Latin script ("Invalid
/// parameter", "Timeout."), with no CJK character: not a code, a number or
/// a symbol.
pub fn is_latin_text(text: &str) -> bool {
    if !is_latin(text) {
        return false;
    }
    let words = text
        .split(|c: char| c.is_whitespace())
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count();
    words >= 2 || (words == 1 && crate::catalog::Code::parse(text.trim()).is_err())
}

/// True when a cell says nothing: empty, or a dash or slash in its place.
pub fn is_blank(text: &str) -> bool {
    let t = text.trim();
    matches!(t, "" | "-" | "—" | "--" | "/" | "无" | "暂无") || t.eq_ignore_ascii_case("n/a")
}

/// True when a code cell speaks of no code: Chinese words (`其他`,
/// `其余状态码`) or a placeholder (`...`, `—`), with no letter or digit of a
/// code. (Full-width digits, emoji or stray markup are no such thing: they
/// are a code written wrong.)
pub fn names_no_code(text: &str) -> bool {
    let t = text.trim();
    let placeholder = matches!(
        t,
        "..." | "…" | "……" | "—" | "——" | "-" | "--" | "/" | "*" | "略"
    );
    placeholder
        || (t.chars().any(is_han)
            && t.chars()
                .all(|c| is_han(c) || c.is_whitespace() || "，、。：:（）()".contains(c)))
}

/// True when a header suggests its column holds codes, though it is none of
/// [`CODE_NAMES`]: `code码值`, `错误码ID`, `业务错误码`, `error code(错误码)`.
fn suggests_code(norm: &str, raw: &str) -> bool {
    let raw = raw.to_lowercase();
    ["码", "code", "errno", "值", "value", "status", "状态"]
        .iter()
        .any(|w| norm.contains(w) || raw.contains(w))
}

/// Decides the roles of a table's columns from its header and its cells
/// (`rows`, each a row's cell texts), where the header alone cannot, or
/// would be wrong:
///
/// - the code column is one whose cells are codes. Among several, a column
///   whose values repeat (an HTTP status, a class) is not the key when
///   another is unique; a row number (1, 2, 3 …) is not a code; between a
///   number and a symbolic name, the number is the code. A column is taken
///   on its content alone only when its header suggests codes (`值`,
///   `code码值`) or `errors` says the page or table names errors, so that
///   a parameter table is not read as codes; a column headed as a
///   parameter or a name (`参数`) only when the table itself names errors
///   (its heading `错误编码`, or a header `错误描述`). A table whose code
///   column is neither named (错误码, code) nor under a page or heading
///   that names errors needs a message column in Chinese (or named as
///   one): a lookup table (`模块名称 | 模块代码标识`) is not an error table;
/// - the message column is the one in Chinese, by script, not only by
///   header: an English column beside it never becomes the source text.
///
/// Columns the user named are taken as named ([`assign`]).
pub fn assign_by_content(
    headers: &[String],
    rows: &[Vec<&str>],
    choice: &ColumnChoice,
    errors: ErrorsNamed,
) -> Result<Roles, RolesError> {
    if choice.code.is_some() || rows.is_empty() {
        return assign(headers, choice);
    }
    let errors_named = errors.page || errors.table;
    let norm: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let shapes: Vec<Shape> = (0..headers.len()).map(|c| Shape::of(rows, c)).collect();
    let named = norm.iter().position(|h| CODE_NAMES.contains(&h.as_str()));
    let is_http = |i: usize| headers[i].to_lowercase().contains("http");
    let candidates: Vec<usize> = (0..headers.len())
        .filter(|&i| {
            let shape = &shapes[i];
            if Some(i) == named {
                // The header names it: most cells a code will do.
                return shape.codes * 2 >= shape.filled.max(1);
            }
            // On content alone, a key: its values (nearly) all differ.
            shape.is_code_like(rows.len())
                && (shape.distinct * 10 >= shape.codes * 9 || suggests_code(&norm[i], &headers[i]))
                && !names_text(&headers[i])
                // A column headed as a parameter or name holds codes only
                // in a table that names errors, and when they have digits
                // (`ME01002`), unlike field names (`Code`, `RequestId`) or
                // classes (`database`).
                && (!names_attribute(&norm[i])
                    || (errors.table && named.is_none() && shape.with_digit * 10 >= shape.codes * 8))
                && (errors_named || suggests_code(&norm[i], &headers[i]) || named.is_some())
        })
        .collect();
    // A column the header names as the code but that holds symbolic names
    // (`错误码 | 取值`: `IV_ERR_NONE | 0`) yields to a column of numbers whose
    // header says value or code: the value is the code.
    let named_symbolic = named.is_some_and(|n| shapes[n].numbers * 2 < shapes[n].codes);
    let as_named = |i: usize| {
        Some(i) == named
            || (named_symbolic
                && shapes[i].numbers * 2 >= shapes[i].codes
                && VALUE_NAMES.contains(&norm[i].as_str()))
    };
    let key = |i: usize| {
        let s = &shapes[i];
        // Values that repeat (a class, an HTTP status): fewer than nine in
        // ten differ. A code documented twice (one code, two causes) still
        // leaves its column the key.
        let repeats = !s.unique && s.distinct * 10 < s.codes * 9;
        (
            // A value that repeats, or an HTTP status, is not the key;
            // of two that repeat, the one with more values.
            repeats || is_http(i),
            std::cmp::Reverse(if repeats { s.distinct } else { 0 }),
            // Then a column the header names as the code (whose 1, 2, 3 …
            // are codes, not row numbers).
            !as_named(i),
            s.row_number,
            // A number before a symbolic name, a decimal value before its
            // hex spelling, then the unique, then the leftmost.
            s.numbers * 2 < s.codes,
            s.hex * 2 > s.codes,
            !s.unique,
            i,
        )
    };
    let mut ranked = candidates.clone();
    ranked.sort_by_key(|&i| key(i));
    let code = ranked.first().copied();
    let mut why = Reasons::default();
    if let Some(&c) = ranked.first() {
        let s = &shapes[c];
        why.code = if Some(c) == named {
            "its header names the code".to_owned()
        } else {
            format!(
                "{} of its {} cells are codes, {} different",
                s.codes, s.filled, s.distinct
            )
        };
        if let Some(&r) = ranked.get(1) {
            let (a, b) = (&shapes[c], &shapes[r]);
            let (ka, kb) = (key(c), key(r));
            let lost = if kb.0 && !ka.0 {
                if is_http(r) {
                    "an HTTP status".to_owned()
                } else {
                    format!(
                        "its values repeat ({} different in {})",
                        b.distinct, b.codes
                    )
                }
            } else if kb.0 && ka.0 {
                format!(
                    "fewer different values ({} against {})",
                    b.distinct, a.distinct
                )
            } else if kb.2 && !ka.2 {
                "its header does not name the code".to_owned()
            } else if kb.3 {
                "a row number (1, 2, 3 …)".to_owned()
            } else if kb.4 && !ka.4 {
                "symbolic names beside numbers: the number is the code".to_owned()
            } else if kb.5 && !ka.5 {
                "hex spelling beside decimal values".to_owned()
            } else if kb.6 && !ka.6 {
                "a value repeats".to_owned()
            } else {
                "further right".to_owned()
            };
            why.code_runner_up = Some((r, lost));
        }
    }
    let Some(code) = code else {
        return assign(headers, choice);
    };
    let mut hint = hint_column(headers, &norm, code, choice);
    // Mostly in Chinese, rather than a few Chinese texts among English ones.
    let mostly_chinese = |i: usize| shapes[i].han * 2 > shapes[i].filled;
    let message = match &choice.message {
        Some(name) => find_named(headers, name).filter(|&i| i != code),
        None => {
            // The column in Chinese, by script. Of several, the one mostly
            // in Chinese, then the header's word (说明 over 分类), then the
            // longer texts (a message over a category); symbolic names
            // beside the code (an enum's member) are not messages.
            let score = |i: usize| {
                let rank = MESSAGE_NAMES
                    .iter()
                    .position(|n| *n == norm[i])
                    .map_or(0, |p| MESSAGE_NAMES.len() - p);
                (rank, shapes[i].chars / shapes[i].filled.max(1))
            };
            let alike = |a: usize, b: usize| {
                let (ra, la) = score(a);
                let (rb, lb) = score(b);
                ra == rb && la * 2 < lb * 3 && lb * 2 < la * 3
            };
            let mut chinese: Vec<usize> = (0..headers.len())
                .filter(|&i| i != code && Some(i) != hint)
                .filter(|&i| {
                    // Filled in most rows (not a remarks column), and
                    // mostly in Chinese.
                    let s = &shapes[i];
                    s.filled * 2 >= rows.len() && s.han * 10 >= s.filled * 3 && s.han > 0
                })
                .collect();
            // A header that names text (说明, 错误信息) before one that does
            // not (备注 is none of MESSAGE_WORDS), then the one mostly in
            // Chinese, then the header's rank and the texts' length.
            let texty = |i: usize| names_text(&headers[i]);
            // Filled in (nearly) every row, as a message is; an explanation
            // or a remark may be left empty.
            let full = |i: usize| shapes[i].filled * 20 >= rows.len() * 19;
            // Texts that differ from row to row, as messages do; a column
            // whose texts repeat is a category or an operation (发群消息).
            let varied = |i: usize| shapes[i].distinct_text * 10 >= shapes[i].filled * 6;
            chinese.sort_by_key(|&i| {
                std::cmp::Reverse((texty(i), mostly_chinese(i), varied(i), full(i), score(i)))
            });
            let by_header = || message_by_header(headers, &norm, code, hint);
            let chosen = match chinese.as_slice() {
                // Two columns alike in script and header: the header must
                // tell (or the user), not the order.
                [a, b, ..]
                    if texty(*a) == texty(*b)
                        && mostly_chinese(*a) == mostly_chinese(*b)
                        && full(*a) == full(*b)
                        && varied(*a) == varied(*b)
                        && alike(*a, *b) =>
                {
                    // (A header that names a column filled in a few rows
                    // tells nothing.)
                    by_header().filter(|i| chinese.contains(i))
                }
                [a, ..] => Some(*a),
                [] => by_header(),
            }
            .filter(|&i| i != code);
            // A short text beside a long one, both in Chinese, with no
            // hint column (`提示消息 | 具体含义`, `错误类型 | 描述`): the short
            // text is what the error says, the long one explains it; both
            // are translated, as message and hint.
            match (chosen, hint, &choice.hint) {
                (Some(m), None, None) if mostly_chinese(m) => {
                    let average = |i: usize| shapes[i].chars / shapes[i].filled.max(1);
                    let other = chinese.iter().copied().find(|&i| {
                        i != m && mostly_chinese(i) && shapes[i].filled * 10 >= shapes[m].filled * 9
                    });
                    match other {
                        Some(o) => {
                            let (short, long) = if average(m) <= average(o) {
                                (m, o)
                            } else {
                                (o, m)
                            };
                            let s = &shapes[short];
                            let distinct = s.distinct_text * 10 >= s.filled * 9;
                            // The short one's header must name a text or an
                            // error (提示消息, 错误类型), not a module or a
                            // name beside it (模块).
                            let h = norm[short].as_str();
                            let says_message = names_text(&headers[short])
                                || ["错误", "error", "提示", "消息"]
                                    .iter()
                                    .any(|w| h.contains(w));
                            if distinct && says_message && average(long) >= 2 * average(short) {
                                hint = Some(long);
                                Some(short)
                            } else {
                                Some(m)
                            }
                        }
                        None => Some(m),
                    }
                }
                _ => chosen,
            }
        }
    };
    let mut roles = roles(code, message, hint)?;
    let m = roles.message;
    why.message = match &choice.message {
        Some(name) => format!("named by the configuration (`{name}`)"),
        None if mostly_chinese(m) => format!(
            "in Chinese ({} of its {} cells)",
            shapes[m].han, shapes[m].filled
        ),
        None => message_reason(headers, m, hint_column(headers, &norm, code, choice)),
    };
    if roles.hint.is_some() && hint_column(headers, &norm, code, choice).is_none() {
        why.message
            .push_str("; a short text beside a longer one, which is the hint");
    }
    why.message_runner_up = (0..headers.len())
        .filter(|&i| i != code && i != m && Some(i) != roles.hint)
        .filter(|&i| shapes[i].han > 0 || names_text(&headers[i]))
        .max_by_key(|&i| (shapes[i].han, names_text(&headers[i])))
        .map(|i| {
            let s = &shapes[i];
            let lost = if s.han * 2 <= s.filled && s.han > 0 {
                format!("only {} of its {} cells are in Chinese", s.han, s.filled)
            } else if s.han == 0 {
                "not in Chinese".to_owned()
            } else {
                "its header ranks below, or its texts are shorter".to_owned()
            };
            (i, lost)
        });
    roles.why = Box::new(why);
    // Codes beside names, under no word of errors: an error table only
    // when its messages are text in Chinese, or so named.
    let m = roles.message;
    let message_named = MESSAGE_NAMES.contains(&norm[m].as_str()) || names_text(&headers[m]);
    if named.is_none() && !errors_named && !mostly_chinese(m) && !message_named {
        return Err(RolesError::NoMessageText { code });
    }
    roles.english = english_column(headers, &norm, &shapes, &roles, rows.len());
    roles.attributes = attribute_columns(headers, &roles, &shapes);
    Ok(roles)
}

/// The column with the message in English beside the source message:
/// one whose header names a message (`MESSAGE`, `description`, `英文描述`)
/// or says English (`English`), not a hint, a name or an HTTP status
/// (`英文名称`, `Solution`, `HTTP 状态描述` are none), and, when the cells
/// are known (`shapes`), whose cells are English text that differs from
/// row to row while the message column is in Chinese. Used on the header
/// alone ([`assign`]), the header must say English.
fn english_column(
    headers: &[String],
    norm: &[String],
    shapes: &[Shape],
    roles: &Roles,
    rows: usize,
) -> Option<usize> {
    let says_english = |i: usize| FOREIGN_WORDS.iter().any(|w| norm[i].contains(w));
    let names_message = |i: usize| {
        MESSAGE_NAMES.contains(&norm[i].as_str())
            || MESSAGE_WORDS.iter().any(|w| norm[i].contains(w))
    };
    let candidate = |i: usize| {
        i != roles.code
            && i != roles.message
            && Some(i) != roles.hint
            && !HINT_WORDS
                .iter()
                .chain(HINT_NAMES)
                .any(|w| norm[i].contains(w))
            && !names_attribute(&norm[i])
            && !headers[i].to_lowercase().contains("http")
            && (names_message(i) || (says_english(i) && norm[i].chars().count() <= 8))
    };
    if shapes.is_empty() {
        return (0..headers.len()).find(|&i| candidate(i) && says_english(i) && names_message(i));
    }
    let message = &shapes[roles.message];
    if message.han * 2 <= message.filled {
        // The message column is itself not in Chinese.
        return None;
    }
    // Mostly English (a page may leave a Chinese text in its English
    // column here and there), each row its own.
    // (A column the header calls English may be filled in a few rows.)
    let english = |i: usize| {
        let s = &shapes[i];
        (s.filled * 2 >= rows || says_english(i))
            && s.filled > 0
            && s.latin_text * 10 >= s.filled * 7
            && s.han * 5 <= s.filled
            && s.distinct_text * 10 >= s.filled * 9
    };
    let mut found: Vec<usize> = (0..headers.len())
        .filter(|&i| candidate(i) && english(i))
        .collect();
    // The header that says English first.
    found.sort_by_key(|&i| !says_english(i));
    found.first().copied()
}

/// Where a table stands, for [`assign_by_content`]: whether the page's
/// title or the table's heading names errors (`page`), and whether the
/// table itself does, by its heading or another column's header
/// (`table`).
#[derive(Clone, Copy, Debug, Default)]
pub struct ErrorsNamed {
    /// The page's title or the table's heading names errors.
    pub page: bool,
    /// The table's heading or one of its headers names errors.
    pub table: bool,
}

/// The best column for a role: an exact name first (in the list's order of
/// preference), then the first header that contains one of `words`.
fn best(
    norm: &[String],
    code: usize,
    exclude: Option<usize>,
    names: &[&str],
    words: &[&str],
) -> Option<usize> {
    let usable = |i: usize| {
        i != code && Some(i) != exclude && !FOREIGN_WORDS.iter().any(|w| norm[i].contains(w))
    };
    names
        .iter()
        .find_map(|name| (0..norm.len()).find(|&i| usable(i) && norm[i] == *name))
        .or_else(|| {
            (0..norm.len()).find(|&i| usable(i) && words.iter().any(|w| norm[i].contains(w)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_cell_passed_over_as_no_code_holds_none(
            text in proptest::collection::vec(
                proptest::sample::select(&[
                    " ", "\u{3000}", "'", "\"", "“", "”", "‘", "’", "(", ")", "（", "）",
                    "=", ":", "：", "或", "or ", "0x", "1", "7", "a", "E", "_", ".", "-",
                    "错误", "é", "\n",
                ][..]),
                0..10,
            ),
        ) {
            let text = text.concat();
            if !may_hold_code(&text) {
                let cleaned = clean_code(&text);
                proptest::prop_assert!(
                    !cleaned.is_ascii() || crate::catalog::Code::parse(&cleaned).is_err(),
                    "{text:?} holds the code {cleaned:?}"
                );
            }
        }
    }

    fn roles(h: &[&str]) -> Result<Roles, RolesError> {
        let h: Vec<String> = h.iter().map(|s| s.to_string()).collect();
        assign(&h, &ColumnChoice::default())
    }

    #[test]
    fn seed_header() {
        let r = roles(&["错误码", "错误码说明"]).unwrap();
        assert_eq!((r.code, r.message, r.hint, r.english), (0, 1, None, None));
        assert!(r.attributes.is_empty());
        assert_eq!(r.why.code, "its header names the code");
    }

    #[test]
    fn corpus_headers() {
        let r = roles(&["错误代码", "错误类型", "描述"]).unwrap();
        assert_eq!((r.code, r.message, r.hint), (0, 2, None));
        let r = roles(&["错误码", "说明", "处理措施"]).unwrap();
        assert_eq!((r.code, r.message, r.hint), (0, 1, Some(2)));
        let r = roles(&["错误码", "错误英文描述", "错误中文描述", "反馈接口"]).unwrap();
        assert_eq!((r.code, r.message), (0, 2));
        let r = roles(&["状态码", "状态消息", "含义"]).unwrap();
        assert_eq!((r.code, r.message), (0, 2));
        let r = roles(&["HTTP 状态码", "错误码", "描述"]).unwrap();
        assert_eq!((r.code, r.message), (1, 2));
        let r = roles(&["常量定义", "错误码", "错误描述"]).unwrap();
        assert_eq!((r.code, r.message), (1, 2));
        let r = roles(&["返回码", "返回信息", "处理措施", "是否收费"]).unwrap();
        assert_eq!((r.code, r.message, r.hint), (0, 1, Some(2)));
        assert_eq!(
            roles(&["节点名称（关键字）", "父节点", "描述", "类型"]),
            Err(RolesError::NoCode)
        );
        let r = roles(&["Error Code", "Description"]).unwrap();
        assert_eq!((r.code, r.message), (0, 1));
    }

    #[test]
    fn user_choice_by_name_or_index() {
        let h: Vec<String> = ["错误码", "模块错误码", "英文描述", "说明", "处理措施"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let c = ColumnChoice {
            code: Some("模块错误码".into()),
            ..Default::default()
        };
        let r = assign(&h, &c).unwrap();
        assert_eq!((r.code, r.message, r.hint), (1, 3, Some(4)));
        let c = ColumnChoice {
            code: Some("2".into()),
            ..Default::default()
        };
        assert_eq!(assign(&h, &c).unwrap().code, 1);
    }

    #[test]
    fn a_named_code_column_past_the_second_with_no_message_name() {
        // Used to underflow computing the two-column fallback eagerly.
        let h: Vec<String> = ["甲", "乙", "处理措施"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let c = ColumnChoice {
            code: Some("处理措施".into()),
            ..Default::default()
        };
        assert_eq!(assign(&h, &c), Err(RolesError::NoMessage { code: 2 }));
    }

    #[test]
    fn normalise_strips_asides() {
        assert_eq!(normalise(" 模块错误码（codeDesc）"), "模块错误码");
        assert_eq!(normalise("Error\u{a0}Code："), "errorcode");
    }
}
